"""Lay out images and masks as a finished review writes them (DESIGN §8): OUT/<stem>_mask.png
and OUT/review.csv. Used by the fine-tune tests and to make demo data by hand:

    python tests/core/finetune/reviewed_layout.py MASKS OUT [--edited-every N]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

FIELDS = "file,state,edited,pixels_added,pixels_removed,foreground_pixels,accepted_at"


def write_review(
    masks: dict[str, Path],
    out: Path,
    *,
    states: dict[str, str] | None = None,
    edited_every: int = 3,
) -> Path:
    """`masks`: review file name (relative to IMAGES) → a 0/255 mask file. Every file gets a
    row (state from `states`, default accepted); accepted ones get `<stem>_mask.png`."""
    out.mkdir(parents=True, exist_ok=True)
    lines = [FIELDS]
    for index, (file, mask) in enumerate(sorted(masks.items())):
        state = (states or {}).get(file, "accepted")
        edited = "true" if edited_every and index % edited_every == 0 else "false"
        if state == "accepted":
            target = out / Path(file).parent / f"{Path(file).stem}_mask.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(mask, target)
        lines.append(f"{file},{state},{edited},0,0,0,2026-12-05T20:00:00+00:00")
    (out / "review.csv").write_text("\n".join(lines) + "\n", "utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("masks", type=Path, help="folder of <stem>.png masks")
    parser.add_argument("out", type=Path)
    parser.add_argument("--image-ext", default=".jpg")
    parser.add_argument("--edited-every", type=int, default=3)
    args = parser.parse_args()
    masks = {f"{m.stem}{args.image_ext}": m for m in sorted(args.masks.glob("*.png"))}
    write_review(masks, args.out, edited_every=args.edited_every)


if __name__ == "__main__":
    main()
