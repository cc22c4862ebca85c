"""The fast CPU engines: `cpu-fast` (fp32) and `cpu-bf16` (bf16, approximate), both OpenVINO.

Why OpenVINO, and only it: measured on the 2-core reference machines (benchmarks/README.md) it
runs the bundled Unet/UnetPlusPlus-resnet34 in fp32 as fast as ONNX Runtime or a little faster
(0.72–0.80× torch eager), and it is the fastest bf16 path measured (0.35–0.40× eager with
`INFERENCE_PRECISION_HINT=bf16`, vs 0.66× for torch autocast). One runtime serves both devices,
and the bundle ships only its CPU plugin.

Both are approximations of the exact engine, never chosen silently, and must prove themselves:
the first time one is created for a package (and precision) it re-runs the package's golden
reference cases and REFUSES to run (DeviceError) when more than `APPROXIMATE_TOLERANCE_PPM` mask
pixels per million differ. A pass is remembered next to the compiled model. fp32 flips no pixel
on anything measured so far; bf16 flips some, depending on the image — which is why batches also
audit the user's own images against the exact engine (`fast.audit`).

The sigmoid is not part of the graph: the logits go through `torch.sigmoid`, exactly as in the
notebook (`torch.sigmoid(model(x))`).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from desktop.core.atomic import write_text_atomic
from desktop.core.errors import DeviceError, ModelPackageError, first_line
from desktop.core.fast import cache, cpu
from desktop.core.fast.onnx_export import cache_path as onnx_cache_path
from desktop.core.fast.onnx_export import export_onnx

if TYPE_CHECKING:
    import torch

    from desktop.core.package import ModelPackage

PRECISIONS = {"fp32": "f32", "bf16": "bf16"}  # ours → OpenVINO's INFERENCE_PRECISION_HINT


@dataclass(frozen=True)
class Verification:
    """The fast engine's agreement with the package's reference masks on this machine."""

    mismatched_ppm: float
    max_probability_difference: float
    cases: int
    cached: bool  # True when read from the pass record instead of re-run now


def runtime_version() -> str:
    import openvino

    return f"openvino {openvino.__version__}"


def cache_key(package: ModelPackage, precision: str) -> cache.CacheKey:
    return cache.CacheKey(package.sha256, runtime_version(), precision, cpu.capability())


def _config(precision: str, threads: int) -> dict[str, Any]:
    return {
        "INFERENCE_PRECISION_HINT": PRECISIONS[precision],
        "PERFORMANCE_HINT": "LATENCY",
        "INFERENCE_NUM_THREADS": threads,
        "ENABLE_CPU_PINNING": pin_threads(threads),
    }


def _streams_config(precision: str, streams: int, threads: int) -> dict[str, Any]:
    """`streams` images inferred side by side on `threads` threads in all (a batch)."""
    return {
        "INFERENCE_PRECISION_HINT": PRECISIONS[precision],
        "PERFORMANCE_HINT": "THROUGHPUT",
        "NUM_STREAMS": streams,
        "INFERENCE_NUM_THREADS": threads,
        "ENABLE_CPU_PINNING": pin_threads(threads),
    }


def pin_threads(threads: int) -> bool:
    """Whether OpenVINO may pin its `threads` to cores: only when they are all the cores this
    process may use. OpenVINO pins from the first usable core on, knowing nothing of other
    processes, so two parts of a split batch on one node with fewer threads each (`--threads
    1` twice on 2 cores, two one-CPU Slurm tasks without cpusets) had their inferring threads
    pinned to the same core for every inference, and each ran at half speed: 39 ms per image
    instead of 18–20 (cpu-bf16, 2 cores; the two parts' whole run 1.3× as long as one
    two-thread part, both using 1.4 of the 2 cores).
    Unpinned, the kernel spreads them; one process with every core is unaffected either way.
    Intel documents the same trap and remedy (support article 000058227, "OpenVINO inference
    time increases when running multiple processes": unbind the threads)."""
    return threads >= cpu.physical_cores()


class FastEngine:
    """Maps a transformed image tensor (3, h, w) to the sigmoid probability (h, w), float32."""

    def __init__(
        self, compiled, precision: str, threads: int, compiled_from: str, core=None, key=None
    ) -> None:
        self.precision = precision
        self.threads = threads
        self.compiled_from = compiled_from  # "cache" | "onnx": how this start got its model
        self.device = "cpu-bf16" if precision == "bf16" else "cpu-fast"
        self._compiled = compiled
        self._request = compiled.create_infer_request()
        self._core, self._key = core, key  # to compile the batch (streams) model from the cache
        self._streams_models: dict[tuple[int, int], Any] = {}  # (streams, threads) → compiled
        self._streams_lock = threading.Lock()
        self._here = threading.local()  # a stream worker's own infer request
        self.verification: Verification | None = None
        self.actual_precision = _ours(compiled.get_property("INFERENCE_PRECISION_HINT"))

    # -- inference --------------------------------------------------------------------------

    def logits(self, batch: np.ndarray) -> np.ndarray:
        """Raw network output (n, 1, h, w) for a float32 (n, 3, h, w) batch."""
        # A worker of `stream_workers` has a request of its own; elsewhere the latency model's.
        request = getattr(self._here, "request", None) or self._request
        request.infer({0: batch})
        return request.get_output_tensor(0).data.copy()

    @contextlib.contextmanager
    def stream_workers(
        self, shares: tuple[int, ...]
    ) -> Iterator[tuple[ThreadPoolExecutor, Future]]:
        """A pool of `len(shares)` threads on which `probability` runs images side by side, each
        on its own OpenVINO stream, `sum(shares)` threads in all (thread_budget's layout), and a
        future done when the pool can take images: the model compiled for that layout is made
        on a thread of its own the first time (~0.3 s), while the caller runs its first images
        on the single-image model. Leaving waits for it, so no thread outlives the pool.

        Why: the single-image (latency) model runs one image on every thread, which wait for
        each other after every layer, so a decode or encode thread pre-empting one of them idles
        the rest — as torch's OpenMP threads did (thread_budget). One thread per stream has no
        such barrier, and the same kernels give the same bits whatever the layout
        (tests/core/test_fast_pipeline.py compares them)."""
        ready: Future = Future()
        making = threading.Thread(
            target=self._make_streams_model, args=(len(shares), sum(shares), ready),
            name="segdesk-openvino-compile", daemon=True,
        )  # fmt: skip
        making.start()

        def start_worker() -> None:
            self._here.request = ready.result().create_infer_request()

        try:
            with ThreadPoolExecutor(
                len(shares), "segdesk-openvino", initializer=start_worker
            ) as pool:
                yield pool, ready
        finally:
            making.join()

    def has_streams(self, shares: tuple[int, ...]) -> bool:
        """Whether the model for this layout is made already (a batch then costs nothing more)."""
        with self._streams_lock:
            return (len(shares), sum(shares)) in self._streams_models

    def _make_streams_model(self, streams: int, threads: int, ready: Future) -> None:
        try:
            ready.set_result(self._streams_model(streams, threads))
        except BaseException as exc:  # the batch goes on with the single-image model
            ready.set_exception(exc)

    def _streams_model(self, streams: int, threads: int):
        """The model compiled for `streams` side by side; made once per layout and kept (a GUI
        runs many batches). From the cache blob when there is one (~0.3 s), else re-imported
        from this engine's own compiled model."""
        with self._streams_lock:
            compiled = self._streams_models.get((streams, threads))
            if compiled is not None:
                return compiled
            import openvino as ov

            core = self._core or ov.Core()
            config = _streams_config(self.precision, streams, threads)
            blob = cache.read_blob(self._key) if self._key is not None else None
            try:
                compiled = core.import_model(io.BytesIO(blob), "CPU", config) if blob else None
            except Exception:  # noqa: BLE001 - replaced since this engine was made: use its own
                compiled = None
            if compiled is None:
                own = self._compiled.export_model().getvalue()
                compiled = core.import_model(io.BytesIO(own), "CPU", config)
            self._streams_models[(streams, threads)] = compiled
            return compiled

    def probability(self, image: torch.Tensor) -> np.ndarray:
        import torch

        array = image.detach().cpu().numpy() if isinstance(image, torch.Tensor) else image
        batch = np.ascontiguousarray(array, dtype=np.float32)[None]
        logits = torch.from_numpy(self.logits(batch))
        return sigmoid(logits)[0, 0].numpy()

    # -- creation ---------------------------------------------------------------------------

    @classmethod
    def for_package(
        cls,
        package: ModelPackage,
        network: torch.nn.Module | None,
        precision: str = "fp32",
        *,
        verify: bool = True,
        threads: int | None = None,
    ) -> FastEngine:
        """The engine for `package`: the compiled model from the cache, else compiled from the
        ONNX export of `network` (exported on first use) and stored. Proven against the
        package's reference cases; raises DeviceError if it disagrees or cannot run."""
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {sorted(PRECISIONS)}")
        if precision == "bf16" and not cpu.native_bf16():
            raise DeviceError(bf16_refusal())
        try:
            import openvino as ov
        except ImportError as exc:
            raise DeviceError(
                "The fast CPU engines need OpenVINO, which is not installed. Use the exact CPU "
                "device."
            ) from exc
        threads = threads or cpu.physical_cores()
        config = _config(precision, threads)
        key = cache_key(package, precision)
        core = ov.Core()
        compiled, source = None, "cache"
        blob = cache.read_blob(key)
        if blob is not None:
            try:
                compiled = core.import_model(io.BytesIO(blob), "CPU", config)
            except Exception:  # noqa: BLE001 - a damaged or stale cache file is rebuilt
                cache.forget(key)
                compiled = None
        if compiled is None:
            source = "onnx"
            compiled = cls._compile(core, package, network, config)
            with contextlib.suppress(Exception):  # exporting is an optimisation only
                cache.write_blob(key, compiled.export_model().getvalue())
        engine = cls(compiled, precision, threads, source, core, key)
        if verify:
            engine.verification = engine._verify(package, key)
        return engine

    @staticmethod
    def _compile(core, package: ModelPackage, network, config: dict[str, Any]):
        path = onnx_cache_path(package)
        model = None
        if path.is_file():
            try:
                model = core.read_model(str(path))
            except Exception:  # noqa: BLE001 - a damaged export is redone
                model = None
        if model is None:
            if network is None:
                from desktop.core.model_loader import load_network

                network = load_network(package)
            export_onnx(network, path)
            try:
                model = core.read_model(str(path))
            except Exception as exc:  # noqa: BLE001
                path.unlink(missing_ok=True)
                raise DeviceError(
                    f"The fast CPU engine cannot read the exported model '{path}' "
                    f"({type(exc).__name__}: {first_line(exc)}). Use the exact CPU device."
                ) from exc
        try:
            return core.compile_model(model, "CPU", config)
        except Exception as exc:  # noqa: BLE001
            raise DeviceError(
                f"The fast CPU engine cannot compile model '{package.name}' "
                f"({type(exc).__name__}: {first_line(exc)}). Use the exact CPU device."
            ) from exc

    def _verify(self, package: ModelPackage, key: cache.CacheKey) -> Verification:
        from desktop.core.verify import APPROXIMATE_TOLERANCE_PPM

        pass_key = {**key.as_dict(), **self._reference_key(package)}
        record_path = cache.record_path(key)
        record = _read_json(record_path)
        if record and record.get("key") == pass_key and record.get("passed") is True:
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
                f"The {self.label} engine does not reproduce model '{package.name}' closely "
                f"enough: {ppm:.1f} mismatched mask pixels per million on its {count} "
                f"reference cases (tolerance {APPROXIMATE_TOLERANCE_PPM:g}; largest probability "
                f"difference {max_diff:.2e}). It will not be used for this model; choose the "
                "exact CPU device."
            )
        record = {
            "key": pass_key,
            "passed": True,
            "mismatched_ppm": ppm,
            "max_probability_difference": max_diff,
            "cases": count,
            "model": package.name,
            "verified": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        # An unwritable cache only means the check runs again next time.
        with contextlib.suppress(OSError):
            text = json.dumps(record, indent=2) + "\n"
            write_text_atomic(record_path, text, keep_if_in_use=False)
        return Verification(ppm, max_diff, count, cached=False)

    @property
    def label(self) -> str:
        return "CPU bf16 (approximate)" if self.precision == "bf16" else "fast CPU (fp32)"

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
                f"The {self.label} engine cannot be checked against model '{package.name}', so "
                f"it is not used: {exc}"
            ) from exc
        total = sum(case.total_pixels for case in cases)
        ppm = 1e6 * sum(case.mismatched_pixels for case in cases) / max(1, total)
        max_diff = max((case.max_probability_difference for case in cases), default=0.0)
        return ppm, max_diff, len(cases)

    @staticmethod
    def _reference_key(package: ModelPackage) -> dict[str, Any]:
        try:
            cases_digest = hashlib.sha256(
                (package.reference_dir / "cases.json").read_bytes()
            ).hexdigest()
        except OSError:
            cases_digest = ""
        return {"threshold": package.threshold, "cases": cases_digest}


def _ours(hint) -> str:
    """OpenVINO's element type (`f32`, `bf16`) as SegDesk names it (`fp32`, `bf16`): what the
    compiled model really computes in, read back from it."""
    name = hint.get_type_name() if hasattr(hint, "get_type_name") else str(hint)
    return {value: key for key, value in PRECISIONS.items()}.get(name, name)


def bf16_refusal() -> str:
    return (
        f"Device cpu-bf16 needs a CPU that computes bf16 natively (AVX-512 BF16 or AMX); this "
        f"CPU ({cpu.cpu_name()}) has neither, and emulated bf16 would be about 100× slower. "
        "Use cpu-fast (fp32, exact to the pixel on everything measured) or cpu."
    )


_SIGMOID_CHUNK = 16384  # elements: below ATen's parallel grain size (32768), a multiple of 64


def sigmoid(logits: torch.Tensor) -> torch.Tensor:
    """`torch.sigmoid(logits)`, bit for bit, without waking torch's OpenMP pool.

    A 256×256 map is above ATen's grain size, so a plain call runs on torch's worker threads,
    which then spin for a while and steal the cores the runtime's next run needs. The same
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


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
