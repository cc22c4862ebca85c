"""The package a fine-tune writes (DESIGN §3, §12): everything but the weights and the
`training` block comes from the base package, unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from desktop import __version__
from desktop.core import paths
from desktop.core.finetune.request import FinetuneError


def write_finetuned_package(plan, model, dest: Path, training: dict, overwrite: bool) -> Path:
    """Write the fine-tuned weights as a package (atomically, `package_writer`): the base's
    architecture, inference transform, threshold and labels unchanged, golden cases made
    afresh from the base's own reference inputs, and the `training` block."""
    from desktop.core.package_writer import write_package

    description = (
        f"{plan.request.name}: {plan.base.name} fine-tuned on {len(plan.train)} reviewed images "
        f"from '{paths.absolute(plan.request.reviewed)}'"
        + ("" if plan.request.keep else " (forgetting of the base model's site not checked)")
        + f". {plan.base.description}"
    )
    return write_package(
        dest, model=model, name=plan.request.name, architecture=plan.base.architecture,
        encoder=plan.base.encoder, transform=_inference_transform(plan.base),
        reference_images=_reference_inputs(plan.base), threshold=plan.base.threshold,
        description=description, training=training, labels=plan.base.labels or ("foreground",),
        source=f"fine-tuned from {plan.base.name}", store_dtype=_stored_dtype(plan.base),
        overwrite=overwrite,
    )  # fmt: skip


def _inference_transform(base):
    import albumentations as A

    return A.from_dict(base.transform)  # unchanged: the base's inference transform


def _reference_inputs(base) -> list[Path]:
    """The base's own golden inputs (lossless PNGs), run afresh through the new weights."""
    index = base.reference_dir / "cases.json"
    try:
        cases = json.loads(index.read_text("utf-8"))["cases"]
        inputs = [base.reference_dir / case["input"] for case in cases]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FinetuneError(
            f"The base package's reference cases '{index}' cannot be read."
        ) from exc
    return inputs


def _stored_dtype(base) -> str:
    try:
        manifest = json.loads((base.folder / "model.json").read_text("utf-8"))
    except (OSError, ValueError):
        return "float32"
    return "float16" if manifest.get("stored_dtype") == "float16" else "float32"


def library_versions() -> dict[str, str]:
    import albumentations as A
    import segmentation_models_pytorch as smp
    import torch

    return {
        "segdesk": __version__, "torch": torch.__version__,
        "segmentation_models_pytorch": smp.__version__, "albumentations": A.__version__,
    }  # fmt: skip
