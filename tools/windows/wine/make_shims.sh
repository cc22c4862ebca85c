#!/usr/bin/env bash
# Wine-only shims for the Windows test harness (NEVER shipped: nothing here goes into the bundle
# or the installer). Wine 8.0 lacks a few Windows functions that the app's libraries call:
#   ucrtbase.dll  C99 complex functions are stubs -> `import numpy` aborts on crealf. A proxy
#                 ucrtbase.dll implements them (ucrt_complex.c) and forwards every other export
#                 to ucrtwine.dll, an unmodified copy of Wine's own ucrtbase.dll. Loaded with
#                 WINEDLLOVERRIDES=ucrtbase=n,b from beside the exe.
#   icuuc.dll     missing (Qt6Core imports ucnv_* from Windows 10's system ICU): a stub that
#                 says "no converter", so Qt uses its built-in codecs. Goes into system32.
#   bcryptprimitives.dll!ProcessPrng  missing (Rust >= 1.78 std: safetensors). Goes into system32.
#   amx_permission.so  a Linux LD_PRELOAD library for Wine's processes: asks the kernel for the
#                 AMX tile state that Windows grants unasked (else OpenVINO's bf16 kernels die
#                 with SIGILL on a CPU with AMX).
#
#   tools/windows/wine/make_shims.sh OUT     -> OUT/{ucrtbase,ucrtwine,icuuc,bcryptprimitives}.dll
#                                               OUT/amx_permission.so
# Needs Debian's gcc-mingw-w64-x86-64-posix and binutils-mingw-w64-x86-64, and Wine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make_shims.sh OUT}
mkdir -p "$out"
cc=x86_64-w64-mingw32-gcc
wine_ucrt=
for candidate in /usr/lib/x86_64-linux-gnu/wine/x86_64-windows /usr/lib/wine/x86_64-windows; do
    [[ -f $candidate/ucrtbase.dll ]] && wine_ucrt=$candidate/ucrtbase.dll && break
done
[[ -n $wine_ucrt ]] || { echo "make_shims: Wine's ucrtbase.dll not found (apt-get install wine64)" >&2; exit 1; }
cp "$wine_ucrt" "$out/ucrtwine.dll"
# Export table of Wine's ucrtbase: forward each name, except those ucrt_complex.c implements.
python3 - "$out/ucrtwine.dll" "$here/ucrt_complex.c" "$out/ucrtbase.def" <<'PY'
import re, subprocess, sys
dll, source, deffile = sys.argv[1:]
dump = subprocess.run(["x86_64-w64-mingw32-objdump", "-p", dll], capture_output=True, text=True,
                      check=True).stdout
table = dump.split("[Ordinal/Name Pointer] Table", 1)[1].split("\n\n", 1)[0]
names = re.findall(r"\[\s*\d+\]\s+(\S+)", table)
src = open(source).read()
implemented = set(re.findall(r"\bs_(\w+)\s*\(", src))
for base in re.findall(r"C2[CR]\((\w+)\)", src):
    implemented |= {base, base + "f", base + "l"}
with open(deffile, "w") as f:
    f.write("LIBRARY ucrtbase.dll\nEXPORTS\n")
    for n in names:
        f.write(f"    {n}=s_{n}\n" if n in implemented else f"    {n}=ucrtwine.{n}\n")
print(f"make_shims: ucrtbase proxy: {len(names)} exports, {len(implemented & set(names))} implemented")
PY
$cc -O2 -shared -o "$out/ucrtbase.dll" "$here/ucrt_complex.c" "$out/ucrtbase.def" -static-libgcc
$cc -O2 -shared -o "$out/icuuc.dll" "$here/icuuc_stub.c" -static-libgcc
$cc -O2 -shared -o "$out/bcryptprimitives.dll" "$here/bcryptprimitives_stub.c" \
    "$here/bcryptprimitives.def" -lbcrypt -static-libgcc
gcc -O2 -shared -fPIC -o "$out/amx_permission.so" "$here/amx_permission.c"
