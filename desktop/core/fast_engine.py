"""The fast CPU engine (device `cpu-fast`): the package's own network, exported to ONNX once and
run by ONNX Runtime.

Why ONNX Runtime: measured on the 2-core reference machine (see `benchmarks/README.md`), it runs
the bundled Unet/UnetPlusPlus-resnet34 at 256×256 in 0.76–0.81× the time of torch eager
(BatchNorm folded into the convolutions, blocked NCHWc kernels); channels_last gains 7–10 % and
a frozen TorchScript graph ~12 %.

It is an approximation of the exact engine (summation order differs, ~1e-4 on the logits), so it
is never chosen silently and it must prove itself: the first time it is created for a package it
re-runs the package's golden reference cases and REFUSES to run (DeviceError) when more than
`APPROXIMATE_TOLERANCE_PPM` mask pixels per million differ from the training pipeline's masks.
A pass is remembered next to the cached graph (keyed by weights sha256, ONNX Runtime version and
the graph file), so later starts cost only the session creation (~0.15 s).

The sigmoid is not part of the graph: the logits go through `torch.sigmoid`, exactly as in the
notebook (`torch.sigmoid(model(x))`), so the probability path after the network is identical.

Cache: `paths.cache_dir()/onnx/<weights sha256>-opset<N>.onnx` (written atomically; a file that
ONNX Runtime cannot load is rebuilt). The graph has dynamic height and width, so one file serves
any input size the package's transform produces.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from desktop.core import paths
from desktop.core.atomic import write_text_atomic
from desktop.core.devices import FAST_CPU
from desktop.core.errors import DeviceError, ModelPackageError, first_line

if TYPE_CHECKING:
    import torch

    from desktop.core.package import ModelPackage

OPSET = 17
INPUT_NAME = "image"
OUTPUT_NAME = "logits"
CACHE_SUBDIR = "onnx"
_EXPORT_LOCK = threading.Lock()  # one export at a time in this process


def physical_cores() -> int:
    """Physical cores this process may use (hyper-threads share one core's FMA units, so ONNX
    Runtime and torch run best with one thread per physical core)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    cores: int | None = None
    try:
        import psutil  # optional

        cores = psutil.cpu_count(logical=False)
    except Exception:  # noqa: BLE001 - psutil is optional
        cores = None
    cores = cores or _linux_physical_cores() or os.cpu_count() or 1
    return max(1, min(cores, usable))


def _linux_physical_cores() -> int | None:
    try:
        text = Path("/proc/cpuinfo").read_text("utf-8", errors="replace")
    except OSError:
        return None
    pairs, physical_id = set(), "0"
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "physical id":
            physical_id = value.strip()
        elif key == "core id":
            pairs.add((physical_id, value.strip()))
    return len(pairs) or None


def cache_folder() -> Path:
    return paths.cache_dir() / CACHE_SUBDIR


def cache_path(package: ModelPackage) -> Path:
    return cache_folder() / f"{package.sha256}-opset{OPSET}.onnx"


def _pass_record_path(model_path: Path) -> Path:
    return model_path.with_suffix(".verified.json")


@dataclass(frozen=True)
class Verification:
    """The fast engine's agreement with the package's reference masks on this machine."""

    mismatched_ppm: float
    max_probability_difference: float
    cases: int
    cached: bool  # True when read from the pass record instead of re-run now


class OnnxEngine:
    """Maps a transformed image tensor (3, h, w) to the sigmoid probability (h, w), float32."""

    device = FAST_CPU

    def __init__(self, model_path: Path, threads: int | None = None, spinning: bool = False):
        import onnxruntime as ort

        self.model_path = Path(model_path)
        self.threads = threads or physical_cores()
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Busy-waiting worker threads steal the cores the batch's decode/encode threads need
        # between runs: measured, spinning made one forward ~3 % faster but a batch slower
        # (efficiency 0.87 vs 0.93, benchmarks/README.md).
        options.add_session_config_entry(
            "session.intra_op.allow_spinning", "1" if spinning else "0"
        )
        options.log_severity_level = 3  # errors only
        self._session = ort.InferenceSession(
            str(self.model_path), options, providers=["CPUExecutionProvider"]
        )
        self.verification: Verification | None = None

    # -- inference --------------------------------------------------------------------------

    def logits(self, batch: np.ndarray) -> np.ndarray:
        """Raw network output (n, 1, h, w) for a float32 (n, 3, h, w) batch."""
        return self._session.run([OUTPUT_NAME], {INPUT_NAME: batch})[0]

    def probability(self, image: torch.Tensor) -> np.ndarray:
        import torch

        array = image.detach().cpu().numpy() if isinstance(image, torch.Tensor) else image
        batch = np.ascontiguousarray(array, dtype=np.float32)[None]
        logits = torch.from_numpy(self.logits(batch))
        return sigmoid(logits)[0, 0].numpy()

    # -- creation ---------------------------------------------------------------------------

    @classmethod
    def for_package(
        cls, package: ModelPackage, network: torch.nn.Module, *, verify: bool = True
    ) -> OnnxEngine:
        """The engine for `package`, exporting `network` (its float32 network) on first use and
        proving it against the package's reference cases; raises DeviceError if it disagrees."""
        path = cache_path(package)
        engine = None
        if path.is_file():
            try:
                engine = cls(path)
            except Exception:  # noqa: BLE001 - a damaged cache file is simply rebuilt
                engine = None
        if engine is None:
            export_onnx(network, path)
            try:
                engine = cls(path)
            except Exception as exc:  # noqa: BLE001
                path.unlink(missing_ok=True)
                raise DeviceError(
                    f"The fast CPU engine cannot load the exported model '{path}' "
                    f"({type(exc).__name__}: {first_line(exc)}). Use the exact CPU device."
                ) from exc
        if verify:
            engine.verification = engine._verify(package)
        return engine

    def _verify(self, package: ModelPackage) -> Verification:
        from desktop.core.verify import APPROXIMATE_TOLERANCE_PPM

        key = self._pass_key(package)
        record_path = _pass_record_path(self.model_path)
        record = _read_json(record_path)
        if record and record.get("key") == key and record.get("passed") is True:
            return Verification(
                float(record.get("mismatched_ppm", 0.0)),
                float(record.get("max_probability_difference", 0.0)),
                int(record.get("cases", 0)),
                cached=True,
            )
        ppm, max_diff, count = self._run_reference_cases(package)
        if ppm > APPROXIMATE_TOLERANCE_PPM:
            record_path.unlink(missing_ok=True)
            raise DeviceError(
                f"The fast CPU engine (ONNX Runtime) does not reproduce model '{package.name}' "
                f"closely enough: {ppm:.1f} mismatched mask pixels per million on its "
                f"{count} reference cases (tolerance {APPROXIMATE_TOLERANCE_PPM:g}; largest "
                f"probability difference {max_diff:.2e}). It will not be used for this model; "
                "choose the exact CPU device."
            )
        record = {
            "key": key,
            "passed": True,
            "mismatched_ppm": ppm,
            "max_probability_difference": max_diff,
            "cases": count,
            "model": package.name,
            "verified": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        # An unwritable cache only means the check runs again next time.
        with contextlib.suppress(OSError):
            write_text_atomic(record_path, json.dumps(record, indent=2) + "\n")
        return Verification(ppm, max_diff, count, cached=False)

    def _run_reference_cases(self, package: ModelPackage) -> tuple[float, float, int]:
        from desktop.core.model_loader import build_transform
        from desktop.core.verify import load_reference_cases, run_case

        transform = build_transform(package)
        try:
            cases = [
                run_case(lambda rgb: self.probability(transform(image=rgb)["image"]), package, case)
                for case in load_reference_cases(package)
            ]
        except ModelPackageError as exc:
            raise DeviceError(
                f"The fast CPU engine cannot be checked against model '{package.name}', so it "
                f"is not used: {exc}"
            ) from exc
        total = sum(case.total_pixels for case in cases)
        ppm = 1e6 * sum(case.mismatched_pixels for case in cases) / max(1, total)
        max_diff = max((case.max_probability_difference for case in cases), default=0.0)
        return ppm, max_diff, len(cases)

    def _pass_key(self, package: ModelPackage) -> dict[str, Any]:
        import onnxruntime as ort

        stat = self.model_path.stat()
        try:
            cases_digest = hashlib.sha256(
                (package.reference_dir / "cases.json").read_bytes()
            ).hexdigest()
        except OSError:
            cases_digest = ""
        return {
            "sha256": package.sha256,
            "onnxruntime": ort.__version__,
            "opset": OPSET,
            "machine": platform.machine(),
            "threshold": package.threshold,
            "graph_size": stat.st_size,
            "graph_mtime_ns": stat.st_mtime_ns,
            "cases": cases_digest,
        }


_SIGMOID_CHUNK = 16384  # elements: below ATen's parallel grain size (32768), a multiple of 64


def sigmoid(logits: torch.Tensor) -> torch.Tensor:
    """`torch.sigmoid(logits)`, bit for bit, without waking torch's OpenMP pool.

    A 256×256 map is above ATen's grain size, so a plain call runs on torch's worker threads,
    which then spin for a while and steal the cores ONNX Runtime's next run needs. The same
    vectorised kernel on contiguous chunks (multiples of the vector width) gives identical
    values on the calling thread alone (tests/core/test_fast_engine.py compares them).
    """
    import torch

    logits = logits.contiguous()
    if logits.numel() <= _SIGMOID_CHUNK:
        return torch.sigmoid(logits)
    out = torch.empty_like(logits)
    flat_in, flat_out = logits.view(-1), out.view(-1)
    for start in range(0, flat_in.numel(), _SIGMOID_CHUNK):
        stop = start + _SIGMOID_CHUNK
        torch.sigmoid(flat_in[start:stop], out=flat_out[start:stop])
    return out


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
            except Exception:  # noqa: BLE001 - e.g. a torch without the legacy exporter
                partial.unlink(missing_ok=True)
                torch.onnx.export(
                    network, (dummy,), str(partial), dynamo=True, external_data=False, **kwargs
                )
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, dest)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        raise DeviceError(
            f"The fast CPU engine could not convert the model to ONNX "
            f"({type(exc).__name__}: {first_line(exc)}). Use the exact CPU device."
        ) from exc
    finally:
        network.train(was_training)
    return dest


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
