#!/usr/bin/env bash
# Build the one-folder bundle dist/SegDesk/ from build.spec (see docs/building.md).
#   tools/bundle.sh            incremental: reuses build/ (PyInstaller's cache)
#   tools/bundle.sh --clean    from scratch
# Env: PYTHON (default .venv/bin/python), SEGDESK_WEIGHTS_DIR, SEGDESK_BUNDLE_ONNX,
#      SEGDESK_KEEP_TRITON, SEGDESK_ALLOW_NO_MODELS (all documented in build.spec).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
export NO_ALBUMENTATIONS_UPDATE=1
extra=()
if [[ "${1:-}" == "--clean" ]]; then extra+=(--clean); shift; fi
start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN "${extra[@]}" \
    --distpath "${SEGDESK_DISTPATH:-dist}" --workpath "${SEGDESK_WORKPATH:-build}" "$@" build.spec
end=$(date +%s)
out="${SEGDESK_DISTPATH:-dist}/SegDesk"
echo "bundle: $out  $(du -sh "$out" | cut -f1)  built in $((end - start)) s"
echo "largest components:"
du -sh "$out/_internal"/* | sort -h | tail -5
