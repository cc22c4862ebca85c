"""The one-time export of a package's float32 network to ONNX, which OpenVINO reads directly.

Cache: `paths.cache_dir()/onnx/<weights sha256>-opset<N>.onnx`, written atomically. The graph has
dynamic height and width, so one file serves any input size the package's transform produces.
"""

from __future__ import annotations

import os
import threading
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core import paths
from desktop.core.atomic import retry_while_in_use
from desktop.core.errors import DeviceError, first_line

if TYPE_CHECKING:
    import torch

    from desktop.core.package import ModelPackage

OPSET = 17
INPUT_NAME = "image"
OUTPUT_NAME = "logits"
CACHE_SUBDIR = "onnx"
_EXPORT_LOCK = threading.Lock()  # one export at a time in this process


def cache_path(package: ModelPackage) -> Path:
    return paths.cache_dir() / CACHE_SUBDIR / f"{package.sha256}-opset{OPSET}.onnx"


def export_onnx(network: torch.nn.Module, dest: Path) -> Path:
    """Export the float32 network to `dest` (single file, dynamic height/width), atomically.

    Uses the TorchScript-based exporter (`dynamo=False`): it needs neither onnxscript nor the
    `onnx` package, works offline and inside a frozen bundle; its deprecation warnings are
    silenced. Falls back to the dynamo exporter should a later torch drop it.
    """
    import torch

    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.{os.getpid()}.{threading.get_ident()}.part")
    was_training = network.training
    network = network.float().cpu().eval()
    dummy = torch.zeros(1, 3, 256, 256)
    kwargs: dict[str, Any] = {
        "input_names": [INPUT_NAME],
        "output_names": [OUTPUT_NAME],
        "opset_version": OPSET,
        "dynamic_axes": {
            INPUT_NAME: {2: "height", 3: "width"},
            OUTPUT_NAME: {2: "height", 3: "width"},
        },
    }
    try:
        with _EXPORT_LOCK, warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            try:
                torch.onnx.export(
                    network,
                    (dummy,),
                    str(partial),
                    dynamo=False,
                    do_constant_folding=True,
                    **kwargs,
                )
            except OSError:
                raise  # the disk (full, read-only): the other exporter would fail the same way
            except Exception as legacy_error:  # noqa: BLE001 - e.g. a torch without it
                partial.unlink(missing_ok=True)
                try:
                    torch.onnx.export(
                        network, (dummy,), str(partial), dynamo=True, external_data=False,
                        **kwargs,
                    )  # fmt: skip
                except Exception:  # noqa: BLE001 - the first exporter's reason is the one to say
                    raise legacy_error from None
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        try:
            retry_while_in_use(os.replace, partial, dest)
        except PermissionError:
            if not dest.is_file():
                raise
            # Windows: another SegDesk holds the cached graph open. It was exported from the
            # same weights with the same opset (both are in its name), so use that one.
            partial.unlink(missing_ok=True)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DeviceError(
            f"The fast CPU engine could not write its converted model to '{dest.parent}' "
            f"({exc.strerror or first_line(exc)}). Free some space there, or use the exact CPU "
            "device."
        ) from exc
    except Exception as exc:
        partial.unlink(missing_ok=True)
        raise DeviceError(
            f"The fast CPU engine could not convert the model to ONNX "
            f"({type(exc).__name__}: {first_line(exc)}). Use the exact CPU device."
        ) from exc
    finally:
        network.train(was_training)
    return dest
