"""Writing a model package from training code — the function a notebook calls.

    from desktop.core.package_writer import write_package
    write_package("my-model", model=model, name="my-model", architecture="Unet",
                  encoder="resnet34", transform=val_transform,
                  reference_images=["val/0001.jpg", "val/0002.jpg"])

The golden `reference/` cases are computed here with the training-side pipeline itself — the
notebook's `cv2.imread` + BGR→RGB, the given albumentations object, the given network,
`torch.sigmoid(...) > threshold` — from the weights exactly as stored, so that SegDesk's
self-test compares its own pipeline against the notebook's, not against itself.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from desktop import __version__
from desktop.core.atomic import DEFAULT_FILE_MODE, retry_while_in_use
from desktop.core.checkpoint import load_into
from desktop.core.errors import ModelPackageError
from desktop.core.image_io import write_png
from desktop.core.package import (
    FORMAT_VERSION,
    MANIFEST_NAME,
    file_sha256,
    is_valid_name,
    read_package,
)

WEIGHTS_NAME = "model.safetensors"
REFERENCE_INDEX = "cases.json"
_STORE_DTYPES = ("float32", "float16")


def write_package(
    dest: Path | str,
    *,
    model,
    name: str,
    architecture: str,
    encoder: str,
    transform,
    reference_images: Sequence[Path | str | np.ndarray],
    threshold: float = 0.5,
    description: str = "",
    training: dict[str, Any] | None = None,
    labels: Sequence[str] = ("foreground",),
    source: str = "",
    store_dtype: str = "float32",
    overwrite: bool = False,
) -> Path:
    """Write a complete package folder at `dest` and return it.

    `store_dtype="float16"` halves the file; the network still runs in float32 and the reference
    cases are computed from the stored (rounded) weights, so the self-test stays bit-exact.
    The folder appears atomically: a failure leaves nothing half written.
    """
    import albumentations as A
    import torch
    from safetensors.torch import save_file

    dest = Path(dest)
    if not is_valid_name(name):
        raise ModelPackageError(f"Invalid model name '{name}': use letters, digits, '.', '_', '-'.")
    if store_dtype not in _STORE_DTYPES:
        raise ModelPackageError(f"store_dtype must be one of {_STORE_DTYPES}, not {store_dtype!r}")
    if dest.exists() and not overwrite:
        raise ModelPackageError(f"'{dest}' already exists (pass overwrite=True to replace it).")
    if not reference_images:
        raise ModelPackageError("At least one reference image is needed for the self-test.")
    if not isinstance(transform, A.Compose):
        raise ModelPackageError("transform must be the albumentations Compose used for validation.")

    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a package is meant to be shared and read
    try:
        stored = _stored_state(
            model.state_dict(), torch.float16 if store_dtype == "float16" else None
        )
        save_file(stored, str(staging / WEIGHTS_NAME), metadata={"format": "pt"})
        reference_model = copy.deepcopy(model).cpu().float()
        load_into(reference_model, stored, staging / WEIGHTS_NAME)
        cases = _write_reference_cases(
            staging / "reference", reference_model.eval(), transform, reference_images, threshold
        )
        manifest = {
            "format": FORMAT_VERSION,
            "name": name,
            "architecture": architecture,
            "encoder": encoder,
            "in_channels": 3,
            "classes": 1,
            "loader": "opencv-rgb",
            "transform": A.to_dict(transform),
            "activation": "sigmoid",
            "threshold": float(threshold),
            "weights": WEIGHTS_NAME,
            "sha256": file_sha256(staging / WEIGHTS_NAME),
            "stored_dtype": store_dtype,
            "description": description,
            "labels": list(labels),
            "source": source,
            "training": training or {},
            "reference_cases": len(cases),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "created_by": f"SegDesk {__version__} package writer",
        }
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        read_package(staging)  # what we wrote must be what we read
        for written in staging.rglob("*"):
            written.chmod(0o755 if written.is_dir() else DEFAULT_FILE_MODE)
        _move_into_place(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return dest


def _stored_state(state: dict, dtype) -> dict:
    """Contiguous CPU copies (safetensors needs them), floating tensors cast to `dtype`."""
    stored = {}
    for key, value in state.items():
        value = value.detach().cpu()
        if dtype is not None and value.is_floating_point():
            value = value.to(dtype)
        stored[key] = value.contiguous().clone()
    return stored


def _write_reference_cases(folder, model, transform, images, threshold) -> list[dict]:
    import torch

    folder.mkdir()
    cases = []
    for index, source in enumerate(images, start=1):
        rgb = _notebook_load(source)
        stem = f"case-{index:02d}"
        with torch.no_grad():
            x = transform(image=rgb)["image"].unsqueeze(0)
            probability = torch.sigmoid(model(x))[0, 0].numpy().astype(np.float32)
        mask = probability > threshold
        # The input is stored losslessly as decoded, so every machine re-decodes the same pixels.
        write_png(folder / f"{stem}.png", rgb)
        np.save(folder / f"{stem}.prob.npy", probability)
        write_png(folder / f"{stem}.mask.png", mask.astype(np.uint8) * 255)
        cases.append(
            {
                "input": f"{stem}.png",
                "probability": f"{stem}.prob.npy",
                "mask": f"{stem}.mask.png",
                "source": source.name
                if isinstance(source, Path)
                else str(source)
                if not isinstance(source, np.ndarray)
                else "array",
                "height": int(rgb.shape[0]),
                "width": int(rgb.shape[1]),
            }
        )
    (folder / REFERENCE_INDEX).write_text(json.dumps({"cases": cases}, indent=2) + "\n", "utf-8")
    return cases


def _notebook_load(source: Path | str | np.ndarray) -> np.ndarray:
    """The seed notebook's loader: cv2.imread then BGR→RGB. The file's bytes are decoded with
    cv2.imdecode, the same decoder (EXIF orientation included), because cv2.imread cannot open
    a path with non-ASCII characters on Windows (C:\\Users\\Dévi\\...)."""
    if isinstance(source, np.ndarray):
        if source.dtype != np.uint8 or source.ndim != 3 or source.shape[2] != 3:
            raise ModelPackageError("Reference arrays must be RGB uint8 (H, W, 3).")
        return np.ascontiguousarray(source)
    try:
        data = np.fromfile(Path(source), dtype=np.uint8)
    except OSError as exc:
        raise ModelPackageError(
            f"Reference image '{source}' cannot be read ({exc.strerror or exc})."
        ) from exc
    bgr = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if bgr is None:
        raise ModelPackageError(f"Reference image '{source}' cannot be read by cv2.imread.")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def _move_into_place(staging: Path, dest: Path) -> None:
    """Rename the finished package to `dest`, retiring an old one. Windows refuses to rename a
    folder while a file in it is open (an antivirus scanner reading the new weights): each
    rename is retried, and if the new package cannot take its place the old one is put back."""
    if not dest.exists():
        retry_while_in_use(staging.rename, dest)
        return
    retired = dest.with_name(f".{dest.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if retired.exists():  # a file of an earlier one still open: leave it, use another name
        retired = dest.with_name(f".{dest.name}.old-{uuid.uuid4().hex[:8]}")
    retry_while_in_use(dest.rename, retired)
    try:
        retry_while_in_use(staging.rename, dest)
    except BaseException:
        retired.rename(dest)
        raise
    shutil.rmtree(retired, ignore_errors=True)
