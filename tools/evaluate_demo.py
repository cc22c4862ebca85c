"""Held-out quality of a demo model, measured through SegDesk's own batch command.

    python tools/evaluate_demo.py --model demo-unet-resnet34 [--count 200] [--write-manifest]

Renders a held-out synthetic set (seed HELDOUT_SEED, never used in training),
runs ``python -m desktop batch`` on it exactly as a user would, and scores the
exported masks — at each image's original resolution — against the exact
ground truth. Dice/IoU are reported as the mean over images (an image whose
truth and prediction are both empty scores 1) and pooled over all pixels.

``--write-manifest`` records the numbers in the package's ``model.json`` under
``training.heldout``; the weights and reference cases are not touched.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

from synthetic_data import HELDOUT_SEED, generate  # noqa: E402

WEIGHTS = REPO / "weights"


@dataclass(frozen=True)
class Scores:
    dice: float  # mean over images; empty truth and empty prediction scores 1
    iou: float
    global_dice: float  # pooled over all pixels of all images
    global_iou: float


def score_masks(predictions: list[np.ndarray], truths: list[np.ndarray]) -> Scores:
    """Binary Dice and IoU, per image (then averaged) and pooled."""
    dices, ious = [], []
    inter_sum = pred_sum = true_sum = 0
    for pred, true in zip(predictions, truths, strict=True):
        pred, true = pred.astype(bool), true.astype(bool)
        inter = int(np.logical_and(pred, true).sum())
        p, t = int(pred.sum()), int(true.sum())
        union = p + t - inter
        dices.append(1.0 if p + t == 0 else 2.0 * inter / (p + t))
        ious.append(1.0 if union == 0 else inter / union)
        inter_sum, pred_sum, true_sum = inter_sum + inter, pred_sum + p, true_sum + t
    return Scores(
        dice=float(np.mean(dices)) if dices else float("nan"),
        iou=float(np.mean(ious)) if ious else float("nan"),
        global_dice=2.0 * inter_sum / max(1, pred_sum + true_sum),
        global_iou=inter_sum / max(1, pred_sum + true_sum - inter_sum),
    )


def package_folder(model: str) -> Path:
    """A folder path as given, else the bundled package of that name.

    The batch command is given the folder, never the bare name, so a user
    package with the same name cannot be evaluated by mistake.
    """
    path = Path(model)
    if path.is_dir():
        return path.resolve()
    bundled = WEIGHTS / model
    if not (bundled / "model.json").is_file():
        raise SystemExit(f"no model package '{model}' (looked for a folder and in {WEIGHTS})")
    return bundled


def run_batch(images: Path, out: Path, package: Path, device: str) -> float:
    """Run SegDesk's batch command; returns its wall-clock seconds."""
    env = dict(os.environ, NO_ALBUMENTATIONS_UPDATE="1")
    command = [
        sys.executable, "-m", "desktop", "batch", str(images), str(out),
        "--model", str(package), "--device", device,
    ]  # fmt: skip
    started = time.monotonic()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        # 1 means some inputs failed: those are counted as failures below, not hidden.
        print(result.stderr.strip(), file=sys.stderr)
        if result.returncode != 1:
            raise SystemExit(f"batch command failed with exit status {result.returncode}")
    return seconds


def collect(heldout: Path, out: Path) -> tuple[list[np.ndarray], list[np.ndarray], list[str]]:
    """Exported masks and ground truth, paired by report row; failed rows are listed."""
    predictions, truths, failed = [], [], []
    with open(out / "report.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            stem = Path(row["file"]).stem
            if row["status"] != "ok":
                failed.append(f"{row['file']}: {row['status']} {row['error']}")
                continue
            pred = cv2.imread(str(out / f"{stem}_mask.png"), cv2.IMREAD_UNCHANGED)
            true = cv2.imread(str(heldout / "masks" / f"{stem}.png"), cv2.IMREAD_UNCHANGED)
            if pred is None or pred.shape != true.shape:
                failed.append(f"{row['file']}: exported mask missing or of the wrong size")
                continue
            predictions.append(pred > 127)
            truths.append(true > 127)
    return predictions, truths, failed


def write_manifest(package: Path, heldout: dict) -> None:
    """Store the metrics in ``training.heldout``: write a temporary file, then rename."""
    manifest_path = package / "model.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest.setdefault("training", {})["heldout"] = heldout
    tmp = manifest_path.with_name(".model.json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, manifest_path)


def evaluate(package: Path, count: int, seed: int, device: str, keep: Path | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="segdesk-heldout-") as scratch:
        root = keep or Path(scratch)
        heldout, out = root / "heldout", root / "out"
        generate(heldout, count, seed)
        seconds = run_batch(heldout / "images", out, package, device)
        predictions, truths, failed = collect(heldout, out)
    overall = score_masks(predictions, truths)
    pairs = list(zip(predictions, truths, strict=True))
    lesion_pairs = [(p, t) for p, t in pairs if t.any()]
    lesion_scores = (
        score_masks([p for p, _ in lesion_pairs], [t for _, t in lesion_pairs])
        if lesion_pairs
        else None
    )
    empty_with_false_positives = sum(1 for p, t in pairs if not t.any() and p.any())
    return {
        "seed": seed,
        "frames": count,
        "scored": len(predictions),
        "failed": failed,
        "resolution": "original image size (SegDesk batch export)",
        "command": "python -m desktop batch HELDOUT/images OUT "
        f"--model {package.name} --device {device}",
        **{k: round(v, 4) for k, v in asdict(overall).items()},
        "dice_frames_with_lesions": round(lesion_scores.dice, 4) if lesion_scores else None,
        "empty_frames": sum(1 for t in truths if not t.any()),
        "empty_frames_with_false_positives": empty_with_false_positives,
        "batch_seconds": round(seconds, 1),
        "evaluated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Held-out Dice/IoU of a demo model via `batch`.")
    parser.add_argument("--model", default="demo-unet-resnet34", help="package name or folder")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=HELDOUT_SEED)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--target", type=float, default=0.90, help="mean Dice to report against")
    parser.add_argument("--keep", type=Path, help="keep the held-out set and outputs here")
    parser.add_argument("--write-manifest", action="store_true", help="store in model.json")
    args = parser.parse_args(argv)

    package = package_folder(args.model)
    result = evaluate(package, args.count, args.seed, args.device, args.keep)
    print(json.dumps(result, indent=2))
    verdict = "meets" if result["dice"] >= args.target else "misses"
    print(
        f"{package.name}: mean Dice {result['dice']:.4f} {verdict} the target {args.target:.2f} "
        f"({result['dice'] - args.target:+.4f}); mean IoU {result['iou']:.4f}; "
        f"global Dice {result['global_dice']:.4f}, IoU {result['global_iou']:.4f}"
    )
    if args.write_manifest:
        write_manifest(package, result)
        print(f"wrote training.heldout to {package / 'model.json'}")
    return 0 if not result["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
