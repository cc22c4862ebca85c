"""Write SegDesk's Windows icon (.ico, 16-256 px) from resources/icons/segdesk-*.png.

    python tools/windows/make_icon.py OUT.ico

Used by build.spec (the exes' icon) and tools/windows/build.sh (the installer's). The .ico is a
build product; the PNGs are the source.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def write_icon(out: Path) -> Path:
    images = [Image.open(ICONS / f"segdesk-{size}.png").convert("RGBA") for size in SIZES]
    out.parent.mkdir(parents=True, exist_ok=True)
    # Pillow writes each size from the image closest to it; hand it the largest and the rest.
    images[-1].save(out, format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    return out


if __name__ == "__main__":
    print(write_icon(Path(sys.argv[1])))
