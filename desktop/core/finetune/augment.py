"""The training transform: the base package's own inference pipeline with augmentations put in
just before its `Normalize` (after the resize, on uint8 pixels), so every training image is
prepared exactly as at inference apart from the random flips, small rotations and scales and
colour jitter. It is stored in the new package as `training.transform` (`A.to_dict`)."""

from __future__ import annotations

from typing import Any

_PIXEL_STEPS = ("Normalize", "ToTensorV2", "ToFloat")


def augmentations() -> list:
    """Flips, quarter turns, rotations, scales and shifts, colour jitter and a little blur: what
    a second scope, another light or another stain changes, and nothing that changes what a
    lesion is. Measured against the milder set before (±15°, scale 0.9–1.1, lighter jitter, no
    quarter turns or blur) on the README example, one run each: site B 0.894 → 0.899, site A
    0.960 → 0.962 (benchmarks/finetune.py)."""
    import albumentations as A
    import cv2

    return [
        A.HorizontalFlip(p=0.5),
        A.VerticalFlip(p=0.5),
        A.RandomRotate90(p=0.5),
        A.Affine(
            scale=(0.75, 1.33),
            translate_percent=(-0.1, 0.1),
            rotate=(-30, 30),
            border_mode=cv2.BORDER_REFLECT_101,
            p=0.8,
        ),
        A.ColorJitter(brightness=0.25, contrast=0.25, saturation=0.2, hue=0.04, p=0.8),
        A.GaussianBlur(blur_limit=(3, 5), p=0.2),
    ]


def training_transform(inference: dict[str, Any]):
    """The base's inference transform (an `A.to_dict` dict) with `augmentations()` inserted
    before its first pixel-value step."""
    import albumentations as A

    base = A.from_dict(inference)
    steps = list(base.transforms)
    names = [type(step).__name__ for step in steps]
    at = next((i for i, name in enumerate(names) if name in _PIXEL_STEPS), len(steps))
    return A.Compose(steps[:at] + augmentations() + steps[at:])


def seed_for(seed: int, epoch: int, index: int) -> int:
    """The augmentation seed of one sample in one epoch: a resumed run draws the same ones."""
    return (seed * 1_000_003 + epoch) * 1_000_033 + index
