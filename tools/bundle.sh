#!/usr/bin/env bash
# Build the one-folder bundle from build.spec (see docs/building.md).
#
#   tools/bundle.sh            dist/SegDesk/      from the project venv (.venv: CUDA torch, ~4.5 GB)
#   tools/bundle.sh --cpu      dist/cpu/SegDesk/  from build/cpu-venv (CPU-only torch, ~1.2 GB);
#                              the venv is created on first use (torch==2.13.0+cpu must be
#                              installable: on this kind of machine it lies in pip's find-links)
#   tools/bundle.sh --clean    either of the above, without PyInstaller's cache in build/
#
# Incremental by default (reuses build/). No network is needed except to create build/cpu-venv.
# Env: PYTHON (interpreter to build with; default .venv/bin/python), SEGDESK_WEIGHTS_DIR,
#      SEGDESK_NO_FAST, SEGDESK_KEEP_TRITON, SEGDESK_ALLOW_NO_MODELS (see build.spec).
# Version pins come from pyproject.toml only (tools/requirements_from_pyproject.py); the CPU
# venv is brought up to date whenever they change.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_ALBUMENTATIONS_UPDATE=1

cpu=0
extra=()
for arg in "$@"; do
    case "$arg" in
        --cpu) cpu=1 ;;
        --clean) extra+=(--clean) ;;
        *) echo "usage: tools/bundle.sh [--cpu] [--clean]" >&2; exit 2 ;;
    esac
done

if [[ $cpu == 1 ]]; then
    venv=build/cpu-venv
    requirements=build/cpu-requirements.txt
    mkdir -p build
    # Everything but torch/torchvision from pyproject.toml (its exclusions included), plus the
    # fast engines and PyInstaller; torch is the CPU-only build.
    python3 tools/requirements_from_pyproject.py --extra fast --extra dev:pyinstaller \
        --without torch --without torchvision > "$requirements.new"
    if [[ ! -x $venv/bin/python ]]; then
        echo "creating $venv (CPU-only torch) ..."
        python3 -m venv "$venv"
    fi
    if ! cmp -s "$requirements.new" "$requirements" || [[ ! -f $venv/.segdesk-installed ]]; then
        # torchvision 0.28 requires torch==2.13.0, which the +cpu build satisfies; PyPI's
        # torchvision is a CUDA build whose ops cannot load beside it: build.spec handles that.
        "$venv/bin/pip" install --quiet "torch==2.13.0+cpu" "torchvision==0.28.*" \
            -r "$requirements.new"
        mv "$requirements.new" "$requirements"
        touch "$venv/.segdesk-installed"
    fi
    rm -f "$requirements.new"
    PYTHON="$venv/bin/python"
    distpath=dist/cpu
    workpath=build/cpu
else
    PYTHON="${PYTHON:-.venv/bin/python}"
    distpath=dist
    workpath=build/pyinstaller
fi

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN "${extra[@]}" \
    --distpath "$distpath" --workpath "$workpath" build.spec
end=$(date +%s)
out="$distpath/SegDesk"
echo "bundle: $out  $(du -sh "$out" | cut -f1)  built in $((end - start)) s"
echo "largest components:"
du -sh "$out/_internal"/* | sort -h | tail -5
