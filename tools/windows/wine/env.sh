# Sourced by tools/windows/*.sh: running Windows programs under Wine (Debian's wine 8.0).
# Everything Wine-specific lives here and in this folder; none of it ships.

export WINEARCH=win64 WINEDEBUG=${WINEDEBUG:--all}
# ucrtbase=n,b: the harness's proxy ucrtbase.dll beside the exe wins over Wine's (make_shims.sh).
# KMP_AFFINITY=disabled: torch's libiomp5md aborts in Wine's GetNumaNodeProcessorMaskEx.
export WINEDLLOVERRIDES="ucrtbase=n,b;mscoree,mshtml=" KMP_AFFINITY=disabled

# The same file as Wine sees it: Wine maps / to drive Z:.
winpath() { local p; p=$(realpath -m "$1"); echo "Z:${p//\//\\}"; }

# Run a Windows program. Wine 8 + CPython 3.12 die at start ("init_sys_streams: Invalid handle")
# when stdout/stderr are regular files, so output always goes through a pipe.
wine_run() {
    wine "$@" </dev/null 2>&1 | cat
    return "${PIPESTATUS[0]}"
}

# A Wine prefix that reports Windows 10, with the system32 shims (icuuc, bcryptprimitives).
prepare_prefix() {  # prepare_prefix PREFIX SHIMS_DIR
    local prefix=$1 shims=$2
    export WINEPREFIX=$prefix
    if [[ ! -f $prefix/.segdesk-ready ]]; then
        mkdir -p "$prefix"
        xvfb-run -a wine wineboot -i </dev/null >/dev/null 2>&1 || true
        wine winecfg -v win10 </dev/null >/dev/null 2>&1
        wineserver -w
        touch "$prefix/.segdesk-ready"
    fi
    cp "$shims/icuuc.dll" "$shims/bcryptprimitives.dll" "$prefix/drive_c/windows/system32/"
}

# Put the proxy ucrtbase.dll (and Wine's own copy it forwards to) beside the exes of FOLDER.
add_ucrt_proxy() { cp "$1/ucrtbase.dll" "$1/ucrtwine.dll" "$2/"; }  # add_ucrt_proxy SHIMS FOLDER
