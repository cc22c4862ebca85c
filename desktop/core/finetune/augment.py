"""The training transform: the base package's own inference pipeline with augmentations put in
just before its `Normalize` (after the resize, on uint8 pixels), so every training image is
prepared exactly as at inference apart from the random flips, small rotations and scales and
colour jitter. It is stored in the new package as `training.transform` (`A.to_dict`)."""

from __future__ import annotations

from typing import Any

_PIXEL_STEPS = ("Normalize", "ToTensorV2", "ToFloat")


def augmentations() -> list:
    """Flips, small rotations/scales/shifts and colour jitter: what a second scope, another
    light or another stain changes, and nothing that changes what a lesion is."""
    import albumentations as A
    import cv2

    return [
        A.HorizontalFlip(p=0.5),
        A.VerticalFlip(p=0.5),
        A.Affine(
            scale=(0.9, 1.1),
            translate_percent=(-0.05, 0.05),
            rotate=(-15, 15),
            border_mode=cv2.BORDER_REFLECT_101,
            p=0.5,
        ),
        A.ColorJitter(brightness=0.2, contrast=0.2, saturation=0.15, hue=0.03, p=0.7),
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
