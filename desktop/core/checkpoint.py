"""Reading weights safely, in the shapes notebooks write, and building the smp network.

Pickled code is never executed: `.pth` files go through `torch.load(weights_only=True)`, which
refuses anything but tensors and plain containers, and safetensors cannot hold code at all.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import ModelPackageError, first_line

if TYPE_CHECKING:
    import torch

# Wrappers notebooks and trainers put around a state_dict, and prefixes added by
# DataParallel / Lightning / torch.compile.
_WRAPPER_KEYS = ("model_state_dict", "state_dict", "model", "net", "weights")
_PREFIXES = ("module.", "model.", "_orig_mod.", "net.")


def read_state_dict(path: Path) -> dict[str, torch.Tensor]:
    """A flat {name: tensor} dict from a safetensors or .pth/.pt file, unwrapped and unprefixed."""
    import torch

    path = Path(path)
    if not path.is_file():
        raise ModelPackageError(f"Checkpoint '{path}' does not exist.")
    if path.stat().st_size == 0:
        raise ModelPackageError(f"Checkpoint '{path}' is empty (0 bytes).")
    if path.suffix.lower() == ".safetensors":
        raw = _read_safetensors(path)
    else:
        try:
            raw = torch.load(path, map_location="cpu", weights_only=True)
        except pickle.UnpicklingError as exc:
            if not _is_pickle_container(path):  # random bytes also fail as "unpickling"
                raise ModelPackageError(
                    f"Cannot read checkpoint '{path}': not a PyTorch or safetensors weights file."
                ) from exc
            raise ModelPackageError(
                f"Refused to load '{path}': it contains pickled Python objects other than "
                "tensors, which could run code. Save the model with "
                "torch.save(model.state_dict(), ...) or safetensors. "
                f"(detail: {_unpickling_detail(exc)})"
            ) from exc
        except Exception as exc:  # noqa: BLE001 - torch raises KeyError, RuntimeError, EOFError, ...
            raise ModelPackageError(
                f"Cannot read checkpoint '{path}': it is not a PyTorch or safetensors weights "
                "file, or it is incomplete (cut short while copying or downloading)."
            ) from exc
    return normalize_state_dict(raw, path)


def _is_pickle_container(path: Path) -> bool:
    """A torch.save zip archive, or a raw pickle (protocol 2+, as torch.save writes)."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    return head.startswith(b"PK\x03\x04") or head[:1] == b"\x80"


def _unpickling_detail(exc: BaseException) -> str:
    """The line saying what was refused (torch's first line only advises weights_only=False)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    useful = [line for line in lines if "GLOBAL" in line or "Unsupported" in line]
    return (useful or lines or [type(exc).__name__])[0][:300]


def _read_safetensors(path: Path) -> dict[str, Any]:
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    try:
        return load_file(str(path), device="cpu")
    except (SafetensorError, OSError, ValueError) as exc:
        raise ModelPackageError(
            f"Cannot read safetensors file '{path}': it is damaged or incomplete, or not a "
            "safetensors file."
        ) from exc


def normalize_state_dict(raw: Any, path: Path) -> dict[str, torch.Tensor]:
    import torch

    state = raw
    for _ in range(3):  # e.g. {"checkpoint": {"state_dict": {...}}} is rare; a few levels suffice
        if isinstance(state, Mapping) and not _is_tensor_dict(state):
            inner = next(
                (state[k] for k in _WRAPPER_KEYS if isinstance(state.get(k), Mapping)), None
            )
            if inner is None:
                break
            state = inner
    if not isinstance(state, Mapping) or not state:
        raise ModelPackageError(
            f"'{path}' holds no model weights (expected a state_dict, or a dict with "
            "'model_state_dict' / 'state_dict')."
        )
    tensors = {str(k): v for k, v in state.items() if isinstance(v, torch.Tensor)}
    if len(tensors) != len(state):
        others = [str(k) for k, v in state.items() if not isinstance(v, torch.Tensor)][:5]
        raise ModelPackageError(
            f"'{path}' is not a plain state_dict: entries {others} are not tensors."
        )
    return _strip_common_prefixes(tensors)


def _is_tensor_dict(mapping: Mapping) -> bool:
    import torch

    return bool(mapping) and all(isinstance(v, torch.Tensor) for v in mapping.values())


def _strip_common_prefixes(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if all(key.startswith(prefix) for key in state):
                state = {key[len(prefix) :]: value for key, value in state.items()}
                changed = True
    return state


def build_network(architecture: str, encoder: str, in_channels: int = 3, classes: int = 1):
    """The smp network by name, never downloading anything (`encoder_weights=None`)."""
    import segmentation_models_pytorch as smp

    model_class = getattr(smp, architecture, None)
    if model_class is None or not isinstance(model_class, type):
        raise ModelPackageError(
            f"Unknown architecture '{architecture}' (segmentation_models_pytorch has e.g. "
            "Unet, UnetPlusPlus, FPN, Linknet, PSPNet, PAN, DeepLabV3, DeepLabV3Plus, MAnet)."
        )
    try:
        return model_class(
            encoder_name=encoder,
            encoder_weights=None,
            in_channels=in_channels,
            classes=classes,
            activation=None,
        )
    except (KeyError, ValueError, TypeError, RuntimeError) as exc:
        raise ModelPackageError(
            f"Cannot build {architecture} with encoder '{encoder}': {first_line(exc)}"
        ) from exc


def load_into(network, state: dict[str, torch.Tensor], source: Path) -> None:
    """`load_state_dict(strict=True)` with a readable summary instead of a traceback."""
    import torch

    expected = network.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    wrong_shape = [
        f"{key} {tuple(state[key].shape)} vs {tuple(expected[key].shape)}"
        for key in sorted(set(state) & set(expected))
        if state[key].shape != expected[key].shape
    ]
    if missing or unexpected or wrong_shape:
        parts = []
        if missing:
            parts.append(f"{len(missing)} missing (e.g. {', '.join(missing[:3])})")
        if unexpected:
            parts.append(f"{len(unexpected)} unexpected (e.g. {', '.join(unexpected[:3])})")
        if wrong_shape:
            parts.append(f"{len(wrong_shape)} of the wrong shape (e.g. {wrong_shape[0]})")
        raise ModelPackageError(
            f"The weights in '{source}' do not fit this architecture: " + "; ".join(parts) + "."
        )
    # Stored half-precision weights are widened here; the network always runs in float32.
    widened = {
        key: value.to(expected[key].dtype) if value.is_floating_point() else value
        for key, value in state.items()
    }
    with torch.no_grad():
        network.load_state_dict(widened, strict=True)
