"""The fast engines' batch pipeline and the audit's fixed cost, this code against an earlier
revision, interleaved (issue 20, "Throughput on the node itself").

    python -m benchmarks.pipeline                      # this tree vs HEAD
    python -m benchmarks.pipeline --against REV        # vs another revision
    python -m benchmarks.pipeline --rounds 3 --model demo-unet-resnet34

Each measurement runs in a fresh process (so the audit's exact engine, torch's and OpenVINO's
pools start cold, as in a real `desktop batch`), alternately on this tree and on `REV`
(extracted with `git archive` into a temporary folder; the repository is not touched), and the
best round of each counts. Rows, per code version:

- steady state of `cpu-fast` and `cpu-bf16` (no audit): the time of 80 images minus that of 40,
  per image; efficiency = the engine's bare single-image forward ÷ that; × naive script;
- the ceiling beside it: the network alone on the streams plus the CPU time of the serial work
  (decode, transform, resize back and threshold, mask written) shared over the cores — the
  fastest any pipeline could go on this machine, and the efficiency that allows;
- a 24-image `cpu-bf16` batch with the default audit, timed from `BatchRun` to its summary on a
  fresh segmenter (the exact engine not built yet), × naive;
- the audit's fixed cost: that batch minus the same batch with `--audit 0`.

The machine is shared: the CPU kind and /proc/loadavg before and after are printed, and every
figure is a ratio to a baseline measured in the same minute.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL, STEADY_LOW, STEADY_HIGH = 24, 40, 80


# -- one measurement, in its own process --------------------------------------------------------


def _exact_cost(model: str) -> dict:
    """CPU seconds of this thread to build the audit's exact engine in a fresh process that has
    torch already (as a fast batch has), both ways: from its cached trace (exact_cache.py; made
    here first if the cache has none) and eagerly (importing segmentation_models_pytorch with
    timm and torchvision, building the network), each with its first forward on one thread. The
    fast engine keeps every core busy meanwhile, so on `cores` cores the audit's fixed cost
    cannot be below this ÷ cores, whatever thread or process does it."""
    import sys

    import torch

    from desktop.core.engines import TorchEngine
    from desktop.core.exact_cache import cache_path, exact_network
    from desktop.core.model_loader import load_network
    from desktop.core.package import find_package

    package = find_package(model)
    torch.set_num_threads(1)
    x = torch.zeros(3, 256, 256)
    if not cache_path(package).is_file():  # a first batch on this machine makes it
        subprocess.run([sys.executable, "-c", "from desktop.core.exact_cache import "
                        f"exact_network as e; from desktop.core.package import find_package "
                        f"as f; e(f({model!r}))"], check=True)  # fmt: skip
    cold = "segmentation_models_pytorch" not in sys.modules
    start = time.thread_time()
    traced = TorchEngine(exact_network(package), "cpu")
    loaded = time.thread_time()
    traced.probability(x)
    traced_done = time.thread_time()
    import segmentation_models_pytorch  # noqa: F401

    imported = time.thread_time()
    engine = TorchEngine(load_network(package), "cpu")
    built = time.thread_time()
    engine.probability(x)
    done = time.thread_time()
    return {"trace_load_s": loaded - start, "trace_first_forward_s": traced_done - loaded,
            "trace_total_s": traced_done - start, "import_s": imported - traced_done,
            "build_s": built - imported, "first_forward_s": done - built,
            "total_s": done - traced_done, "cold": cold}  # fmt: skip


def _measure(kind: str, model: str, data: Path, rounds: int = 1) -> dict:
    from desktop.core.batch import BatchOptions, BatchRun
    from desktop.core.package import find_package
    from desktop.core.segmenter import Segmenter

    package = find_package(model)

    def batch(segmenter, count: int, audit: float) -> float:
        out = data / f"out-{os.getpid()}"
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        results = list(BatchRun(segmenter, BatchOptions(data / f"in{count}", out, audit=audit)))
        seconds = time.perf_counter() - start
        shutil.rmtree(out, ignore_errors=True)
        if sum(r.status == "ok" for r in results) != count:
            raise RuntimeError(f"{kind}: {count} images, not all ok")
        return seconds

    device, _, what = kind.partition(":")
    if what == "exact_cost":
        return _exact_cost(model)
    segmenter = Segmenter(package, device)
    if what == "steady":
        return _steady(segmenter, package, batch, data, rounds)
    batch(segmenter, 4, 0.0)  # warm-up: pools, transforms, a batch's compiled model
    # the audit: a 24-image batch without, then with the default audit (exact engine cold)
    without = batch(segmenter, SMALL, 0.0)
    with_audit = batch(segmenter, SMALL, 0.02)
    return {"ms_per_image_audit": 1000 * with_audit / SMALL,
            "ms_per_image_no_audit": 1000 * without / SMALL,
            "audit_fixed_cost_s": with_audit - without}  # fmt: skip


class OneAtATime:
    """The segmenter without its engine: `BatchRun` runs it as before issue 20, one image at a
    time on the calling thread, on the single-image (latency) model."""

    def __init__(self, segmenter) -> None:
        self._segmenter = segmenter

    def __getattr__(self, name):
        if name == "engine":
            raise AttributeError(name)
        return getattr(self._segmenter, name)


def _steady(segmenter, package, batch, data: Path, rounds: int) -> dict:
    """In one process, interleaved: the bare forward on a real frame, the naive script, and the
    80-minus-40 steady state of the batch on streams and one image at a time (the code path
    before issue 20, unchanged for `--audit 0`); the best of `rounds` each."""
    from benchmarks.naive import naive_folder
    from desktop.core.image_io import load_rgb
    from desktop.core.model_loader import build_transform, load_network

    network, transform = load_network(package), build_transform(package)
    files = sorted((data / f"in{SMALL}").glob("*.jpg"))
    x = segmenter._transform(image=load_rgb(files[0]))["image"]
    engine = segmenter.engine
    modes = {"streams": segmenter, "one_at_a_time": OneAtATime(segmenter)}
    if hasattr(engine, "has_streams"):  # made, as after a first long batch (STREAMS_MIN_IMAGES)
        from desktop.core.thread_budget import image_parallel_layout

        with engine.stream_workers(image_parallel_layout(engine.threads)) as (_, ready):
            ready.result()
    for runner in modes.values():
        batch(runner, 4, 0.0)  # warm-up: pools, transforms
    naive_dir = data / f"naive-{os.getpid()}"
    naive_folder(network, transform, files[:2], naive_dir)
    times: dict[str, list[float]] = {}

    def timed(name: str, seconds: float) -> None:
        times.setdefault(name, []).append(seconds)

    for rep in range(rounds):
        for _ in range(5):
            start = time.perf_counter()
            engine.probability(x)
            timed("bare", time.perf_counter() - start)
        start = time.perf_counter()
        naive_folder(network, transform, files, naive_dir, package.threshold)
        timed("naive", (time.perf_counter() - start) / len(files))
        order = list(modes) if rep % 2 == 0 else list(reversed(modes))
        for count in (STEADY_LOW, STEADY_HIGH):
            for name in order:
                timed(f"{name}-{count}", batch(modes[name], count, 0.0))
        timed("streams_bare", _streams_bare(engine, x))
    shutil.rmtree(naive_dir, ignore_errors=True)
    bare_ms, naive_ms = 1000 * min(times["bare"]), 1000 * min(times["naive"])
    result = {"bare_forward_ms": bare_ms, "naive_ms_per_image": naive_ms}
    if "streams_bare" in times and times["streams_bare"][0] is not None:
        result["ceiling"] = _ceiling(
            bare_ms, 1000 * min(times["streams_bare"]), _serial_work(segmenter, files, data),
            engine.threads)  # fmt: skip
    for name in modes:
        low, high = min(times[f"{name}-{STEADY_LOW}"]), min(times[f"{name}-{STEADY_HIGH}"])
        steady = 1000 * (high - low) / (STEADY_HIGH - STEADY_LOW)
        result[name] = {"steady_ms_per_image": steady, "efficiency": bare_ms / steady,
                        "vs_naive": naive_ms / steady,
                        "ms_per_image_40": 1000 * low / STEADY_LOW}  # fmt: skip
    return result


def _streams_bare(engine, x) -> float | None:
    """Seconds per image of the network alone on the batch's streams (one infer request per
    stream, every stream busy, nothing else running): the least a batch's images can cost in
    inference. None for an engine without streams."""
    from desktop.core.thread_budget import image_parallel_layout

    if not hasattr(engine, "has_streams"):
        return None
    shares = image_parallel_layout(engine.threads)
    count = 40  # per stream
    with engine.stream_workers(shares) as (pool, ready):
        ready.result()
        list(pool.map(engine.probability, [x] * 2 * len(shares)))  # warm every request
        start = time.perf_counter()
        list(pool.map(engine.probability, [x] * count * len(shares)))
        return (time.perf_counter() - start) / (count * len(shares))


def _serial_work(segmenter, files: list[Path], data: Path) -> dict:
    """CPU milliseconds per image of the work a batch does beside the network, on one thread
    with OpenCV single-threaded as the batch runs it: decode, the package's transform, the
    probability resized back, thresholded, counted and its components, the mask PNG written
    (atomically) and the input checks. Thread CPU time, so what other threads do is not in it."""
    from desktop.core.export import write_outputs
    from desktop.core.image_io import load_rgb
    from desktop.core.input_checks import input_warnings
    from desktop.core.prediction import Prediction
    from desktop.core.thread_budget import opencv_single_threaded

    out = data / f"serial-{os.getpid()}"
    spent = {"decode": 0.0, "transform": 0.0, "resize_threshold_count": 0.0, "write": 0.0}
    probability = None
    with opencv_single_threaded():
        for path in files * 2:
            start = time.thread_time()
            image = load_rgb(path)
            decoded = time.thread_time()
            x = segmenter._transform(image=image)["image"]
            transformed = time.thread_time()
            if probability is None:  # a real map, so components and PNG cost what they do
                probability = segmenter.engine.probability(x)
            resizing = time.thread_time()
            prediction = Prediction.from_model_probability(
                probability, image.shape[:2], threshold=segmenter.threshold, device="cpu"
            )
            _ = prediction.foreground_pixels, prediction.components
            counted = time.thread_time()
            write_outputs(out / path.stem, image, prediction, {"mask"})
            input_warnings(image, segmenter.package)
            written = time.thread_time()
            steps = (decoded - start, transformed - decoded, counted - resizing, written - counted)
            for key, seconds in zip(spent, steps, strict=True):
                spent[key] += seconds
    shutil.rmtree(out, ignore_errors=True)
    return {key: 1000 * seconds / (2 * len(files)) for key, seconds in spent.items()}


def _ceiling(bare_ms: float, streams_ms: float, serial: dict, cores: int) -> dict:
    """The best any pipeline can do on `cores` cores: the streams' inference plus the serial
    work, every core busy all the time: `streams_ms + serial / cores` per image; efficiency
    at most `bare_ms` over that. When the forward is short next to the decode (AMX), this
    bound is below issue 20's 0.85 whatever the pipeline does."""
    serial_ms = sum(serial.values())
    floor = streams_ms + serial_ms / cores
    return {"streams_bare_ms": streams_ms, "serial_core_ms": serial_ms, "serial": serial,
            "floor_ms_per_image": floor, "efficiency_at_most": bare_ms / floor}  # fmt: skip


# -- the interleaved comparison -----------------------------------------------------------------


def _run(tree: Path, kind: str, model: str, data: Path, rounds: int = 1) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "NO_ALBUMENTATIONS_UPDATE": "1"}
    code = (
        "import json, sys; from benchmarks.pipeline import _measure; from pathlib import Path; "
        f"print(json.dumps(_measure({kind!r}, {model!r}, Path({str(data)!r}), {rounds})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tree, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} in {tree} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _extract(revision: str, dest: Path) -> Path:
    dest.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", revision, "desktop", "benchmarks"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    # The old tree gets this measuring module (its own may not have it) and the same weights.
    shutil.copyfile(Path(__file__), dest / "benchmarks" / "pipeline.py")
    (dest / "weights").symlink_to(ROOT / "weights")
    return dest


def _cpu_kind() -> str:
    from benchmarks.machine import describe

    machine = describe()
    return (
        f"{machine['cpu']} ({machine['cpu_kind']}), {machine['physical_cores']} physical cores, "
        f"native bf16: {machine['native_bf16'] or 'no'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.pipeline", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--against", default="HEAD", help="revision to compare with (HEAD)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--model", default="demo-unet-resnet34")
    parser.add_argument("--only", action="append", choices=["steady", "audit"], help="a section")
    args = parser.parse_args(argv)
    sections = args.only or ["steady", "audit"]
    from benchmarks.data import copy_frames, write_frames

    tmp = Path(tempfile.mkdtemp(prefix="segdesk-pipeline-"))
    try:
        trees = {"new": ROOT, "old": _extract(args.against, tmp / "old")}
        sources = write_frames(tmp / "frames", 18)
        for count in (4, SMALL, STEADY_LOW, STEADY_HIGH):
            copy_frames(sources, tmp / f"in{count}", count)
        print(f"CPU: {_cpu_kind()}; comparing this tree with {args.against}")
        print(f"load before: {Path('/proc/loadavg').read_text().strip()}")
        naive: list[float] = []
        if "steady" in sections:
            for device in ("cpu-fast", "cpu-bf16"):
                got = _run(ROOT, f"{device}:steady", args.model, tmp, args.rounds)
                naive.append(got["naive_ms_per_image"])
                print(f"{device} steady state (80 minus 40 images, no audit), best of "
                      f"{args.rounds} interleaved rounds; bare forward "
                      f"{got['bare_forward_ms']:.1f} ms, naive {got['naive_ms_per_image']:.1f} "
                      "ms/image:")  # fmt: skip
                for mode in ("one_at_a_time", "streams"):
                    row = got[mode]
                    print(f"  {mode:14} {row['steady_ms_per_image']:6.1f} ms/image, efficiency "
                          f"{row['efficiency']:.2f}, {row['vs_naive']:.2f}× naive "
                          f"(40 images: {row['ms_per_image_40']:.1f} ms/image)")  # fmt: skip
                ratio = got["one_at_a_time"]["steady_ms_per_image"] / got["streams"][
                    "steady_ms_per_image"]  # fmt: skip
                print(f"  streams vs one at a time: {ratio:.2f}× the throughput", flush=True)
                if "ceiling" in got:
                    print(_ceiling_line(got["ceiling"], got["streams"]), flush=True)
        if "audit" in sections:
            best: dict[str, dict] = {}
            for rep in range(args.rounds):
                for name in ["new", "old"] if rep % 2 == 0 else ["old", "new"]:
                    got = _run(trees[name], "cpu-bf16:audit", args.model, tmp)
                    print(f"  round {rep + 1} {name:3} cpu-bf16 audit: {_short(got)}", flush=True)
                    if name not in best or got["ms_per_image_audit"] < best[name][
                        "ms_per_image_audit"]:  # fmt: skip
                        best[name] = got
            costs = [_run(ROOT, "cpu:exact_cost", args.model, tmp) for _ in range(args.rounds)]
            cores = os.cpu_count() or 1
            trace = min(costs, key=lambda c: c["trace_total_s"])
            eager = min(costs, key=lambda c: c["total_s"])
            print(f"the exact engine in a fresh process that has torch, CPU-s of one thread (best "
                  f"of {args.rounds}): from its cached trace {trace['trace_total_s']:.2f} (load "
                  f"{trace['trace_load_s']:.2f}, first forward "
                  f"{trace['trace_first_forward_s']:.2f}); built eagerly {eager['total_s']:.2f} "
                  f"(import smp, timm, torchvision {eager['import_s']:.2f}, network "
                  f"{eager['build_s']:.2f}, first forward {eager['first_forward_s']:.2f}). Beside "
                  f"a fast batch that keeps the {cores} cores busy the audit's fixed cost is at "
                  f"least {trace['trace_total_s'] / cores:.2f} s of wall time "
                  f"({eager['total_s'] / cores:.2f} s eagerly)", flush=True)  # fmt: skip
            naive_ms = min(naive) if naive else None
            for name in ("old", "new"):
                got = best[name]
                versus = f" = {naive_ms / got['ms_per_image_audit']:.2f}× naive" if naive else ""
                print(f"cpu-bf16 {name}: {SMALL} images with the default audit (fresh process, "
                      f"exact engine cold) {got['ms_per_image_audit']:.1f} ms/image{versus}; "
                      f"audit fixed cost {got['audit_fixed_cost_s']:.2f} s")  # fmt: skip
        print(f"load after: {Path('/proc/loadavg').read_text().strip()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _ceiling_line(ceiling: dict, streams: dict) -> str:
    serial = ceiling["serial"]
    parts = ", ".join(f"{key.replace('_', ' ')} {ms:.1f}" for key, ms in serial.items())
    return (
        f"  ceiling: the network alone on the streams {ceiling['streams_bare_ms']:.1f} "
        f"ms/image; beside it {ceiling['serial_core_ms']:.1f} CPU-ms/image of serial work "
        f"({parts}); "
        f"so no pipeline beats {ceiling['floor_ms_per_image']:.1f} ms/image here, efficiency "
        f"≤ {ceiling['efficiency_at_most']:.2f}; streams reach "
        f"{ceiling['floor_ms_per_image'] / streams['steady_ms_per_image']:.2f} of that"
    )


def _short(result: dict) -> str:
    return ", ".join(f"{key} {value:.3g}" for key, value in result.items())


if __name__ == "__main__":
    sys.exit(main())
