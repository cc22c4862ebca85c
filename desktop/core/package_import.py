"""Turning a notebook's checkpoint into a model package (`segdesk import`).

The architecture and encoder are recognised from the checkpoint's keys and tensor shapes by
building candidate smp networks (never downloading anything) and keeping the one whose
state_dict matches exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.core import paths
from desktop.core.checkpoint import build_network, load_into, read_state_dict
from desktop.core.errors import ModelPackageError
from desktop.core.package import file_sha256, is_valid_name
from desktop.core.package_writer import write_package

ARCHITECTURES = (
    "Unet", "UnetPlusPlus", "FPN", "Linknet", "MAnet", "PAN", "PSPNet",
    "DeepLabV3", "DeepLabV3Plus", "UPerNet",
)  # fmt: skip
ENCODERS = (
    "resnet34", "resnet18", "resnet50", "resnet101", "resnet152", "resnext50_32x4d",
    "efficientnet-b0", "efficientnet-b1", "efficientnet-b2", "efficientnet-b3",
    "efficientnet-b4", "mobilenet_v2", "densenet121", "vgg16_bn", "vgg16",
)  # fmt: skip
REFERENCE_SAMPLE_COUNT = 3


def seed_transform(size: int = 256):
    """The seed notebook's validation transform, for checkpoints that come without one."""
    import albumentations as A
    from albumentations.pytorch import ToTensorV2

    return A.Compose([
        A.Resize(size, size),
        A.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
        ToTensorV2(),
    ])  # fmt: skip


def _shapes(state) -> dict[str, tuple[int, ...]]:
    return {key: tuple(value.shape) for key, value in state.items()}


def detect_encoder(state) -> str:
    """The encoder whose own state_dict matches the checkpoint's `encoder.*` tensors."""
    from segmentation_models_pytorch.encoders import get_encoder

    wanted = {
        k[len("encoder.") :]: s for k, s in _shapes(state).items() if k.startswith("encoder.")
    }
    if not wanted:
        raise ModelPackageError("the checkpoint has no 'encoder.*' weights (not an smp model?)")
    in_channels = next((s[1] for s in wanted.values() if len(s) == 4), 3)
    partial = []
    for name in ENCODERS:
        try:
            candidate = _shapes(
                get_encoder(name, in_channels=in_channels, depth=5, weights=None).state_dict()
            )
        except Exception:  # noqa: BLE001 - an encoder this smp version lacks
            continue
        if candidate == wanted:
            return name
        # Shallow decoders (e.g. PSPNet) keep only the first stages of the encoder.
        if all(candidate.get(k) == s for k, s in wanted.items()):
            partial.append((len(candidate), name))
    if partial:
        return min(partial)[1]
    raise ModelPackageError(f"the encoder is none of {', '.join(ENCODERS)}; pass --encoder")


def detect_architecture(state, encoder: str) -> str:
    wanted = _shapes(state)
    in_channels, classes = _io_channels(state)
    for architecture in ARCHITECTURES:
        try:
            network = build_network(architecture, encoder, in_channels, classes)
        except ModelPackageError:
            continue
        if _shapes(network.state_dict()) == wanted:
            return architecture
    raise ModelPackageError(
        f"no smp architecture ({', '.join(ARCHITECTURES)}) with encoder {encoder} and default "
        "decoder settings matches the checkpoint; pass --architecture"
    )


def _io_channels(state) -> tuple[int, int]:
    head = [v for k, v in state.items() if k.startswith("segmentation_head.") and v.ndim == 4]
    classes = int(head[-1].shape[0]) if head else 1
    first_conv = next(
        (v for k, v in state.items() if k.startswith("encoder.") and v.ndim == 4), None
    )
    return (int(first_conv.shape[1]) if first_conv is not None else 3), classes


def import_checkpoint(
    checkpoint: Path | str,
    name: str,
    architecture: str | None = None,
    encoder: str | None = None,
    *,
    models_dir: Path | None = None,
    reference_images: Sequence[Path] | None = None,
    threshold: float = 0.5,
    input_size: int = 256,
    overwrite: bool = False,
) -> Path:
    """Write `<models folder>/<name>/` from a checkpoint; returns the package folder."""
    checkpoint = Path(checkpoint)
    if not is_valid_name(name):
        raise ModelPackageError(f"Invalid model name '{name}': use letters, digits, '.', '_', '-'.")
    destination = (models_dir or paths.user_models_dir()) / name
    if destination.exists() and not overwrite:
        raise ModelPackageError(f"A model named '{name}' already exists at '{destination}'.")
    state = read_state_dict(checkpoint)
    try:
        encoder = encoder or detect_encoder(state)
        architecture = architecture or detect_architecture(state, encoder)
    except ModelPackageError as exc:
        raise ModelPackageError(f"Cannot recognise the model in '{checkpoint}': {exc}.") from exc
    in_channels, classes = _io_channels(state)
    if in_channels != 3 or classes != 1:
        raise ModelPackageError(
            f"'{checkpoint}' has {in_channels} input and {classes} output channels; SegDesk "
            "runs binary models on RGB images (3 in, 1 out)."
        )
    network = build_network(architecture, encoder, in_channels, classes)
    load_into(network, state, checkpoint)
    references = list(reference_images or _default_reference_images())
    if not references:
        raise ModelPackageError("No reference images: pass some, or install the bundled samples.")
    return write_package(
        destination,
        model=network.eval(),
        name=name,
        architecture=architecture,
        encoder=encoder,
        transform=seed_transform(input_size),
        reference_images=references,
        threshold=threshold,
        description=f"Imported from {checkpoint.name}.",
        source=f"{checkpoint.name} (sha256 {file_sha256(checkpoint)})",
        overwrite=overwrite,
    )


def _default_reference_images() -> list[Path]:
    from desktop.core.image_io import is_image_file

    folder = paths.samples_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_image_file(p))[:REFERENCE_SAMPLE_COUNT]


def remove_user_package(package, models_dir: Path | None = None) -> None:
    """Delete a user model package folder. Bundled packages, and folders outside the user
    models folder, are refused."""
    import shutil

    root = (models_dir or paths.user_models_dir()).resolve()
    folder = Path(package.folder).resolve()
    if package.bundled or folder.parent != root:
        raise ModelPackageError(
            f"'{package.name}' is not a user model in '{root}'; only imported models can be "
            "removed."
        )
    shutil.rmtree(folder)
