"""The peer: a folder processed the way the seed's web back-end does it, one step after another.

    cv2.imread → BGR→RGB → val_transform → model(x) → sigmoid → cv2.resize back → > 0.5
    → cv2.imwrite

Same network (torch eager, float32, default threads) and the same albumentations transform as
SegDesk's exact engine, so the comparison isolates SegDesk's pipeline and engine choices.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def naive_folder(
    network, transform, files: list[Path], out_dir: Path, threshold: float = 0.5
) -> int:
    import torch

    out_dir.mkdir(parents=True, exist_ok=True)
    network.eval()
    done = 0
    for path in files:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        height, width = image.shape[:2]
        x = transform(image=image)["image"].unsqueeze(0)
        with torch.no_grad():
            probability = torch.sigmoid(network(x))[0, 0].numpy()
        probability = cv2.resize(probability, (width, height), interpolation=cv2.INTER_LINEAR)
        mask = (probability > threshold).astype(np.uint8) * 255
        cv2.imwrite(str(out_dir / f"{path.stem}_mask.png"), mask)
        done += 1
    return done
