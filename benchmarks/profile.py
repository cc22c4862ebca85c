"""Where the time goes, for a target the suite reports as missed (pyinstrument, main thread):

    python -m benchmarks.profile batch  --device cpu-fast [--model DIR] [--images 60]
    python -m benchmarks.profile naive  [--model DIR] [--images 60]
    python -m benchmarks.profile single --device cpu [--model DIR]

Without --model it profiles an untrained stand-in of the first bundled model's architecture.
The decode/encode threads of BatchRun are not sampled (pyinstrument follows one thread); their
CPU time is printed separately from /proc.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    parser.add_argument("what", choices=["batch", "naive", "single"])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--model")
    parser.add_argument("--images", type=int, default=60)
    parser.add_argument("--depth", type=int, default=14, help="call-tree depth shown")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="segdesk-profile-"))
    try:
        return _profile(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _profile(args: argparse.Namespace, tmp: Path) -> int:
    from pyinstrument import Profiler

    from benchmarks import data
    from benchmarks.naive import naive_folder
    from benchmarks.run import _private_cache
    from desktop.core.batch import BatchOptions, BatchRun
    from desktop.core.image_io import load_rgb
    from desktop.core.package import find_package
    from desktop.core.segmenter import Segmenter

    with _private_cache(tmp / "cache"):
        if args.model:
            package = find_package(args.model)
        else:
            package = find_package(str(data.untrained_package(tmp / "model")))
        frames = data.write_frames(tmp / "frames", args.images)
        segmenter = Segmenter(package, "cpu" if args.what == "naive" else args.device)
        segmenter.predict(load_rgb(frames[0]))  # warm-up outside the profile
        sampler = _ThreadSampler()
        profiler = Profiler(interval=0.001)
        start = time.perf_counter()
        profiler.start()
        if args.what == "batch":
            for _ in BatchRun(segmenter, BatchOptions(frames[0].parent, tmp / "out")):
                pass
        elif args.what == "naive":
            engine = segmenter._engine
            naive_folder(engine._network, segmenter._transform, frames, tmp / "out")
        else:
            for path in frames:
                segmenter.predict(load_rgb(path)).mask  # noqa: B018
        profiler.stop()
        seconds = time.perf_counter() - start
        per_thread = sampler.stop()
    print(
        f"{args.what} on {segmenter.device.id}: {len(frames)} images in {seconds:.2f} s "
        f"({1000 * seconds / len(frames):.1f} ms/image)"
    )
    print(
        profiler.output_text(
            unicode=True, color=False, show_all=False, flat=False, max_depth=args.depth
        )
        if _supports_depth()
        else profiler.output_text(unicode=True, color=False)
    )
    print("CPU seconds per thread during the run (from /proc):")
    for name, used in sorted(per_thread.items(), key=lambda kv: -kv[1]):
        if used > 0.01:
            print(f"  {name:<24} {used:7.2f} s  ({1000 * used / len(frames):.1f} ms/image)")
    return 0


def _supports_depth() -> bool:
    import inspect

    from pyinstrument import Profiler

    return "max_depth" in inspect.signature(Profiler.output_text).parameters


class _ThreadSampler:
    """CPU seconds per thread over the run, sampled every 50 ms (BatchRun's pool threads end
    with the run): Python threads by name (pool threads summed per pool), native threads (ONNX
    Runtime's or OpenMP's pools) together."""

    def __init__(self) -> None:
        import threading

        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._names: dict[int, str] = {}
        self._stop = threading.Event()
        self._ticks = os.sysconf("SC_CLK_TCK")
        self._sample(first=True)
        self._thread = threading.Thread(target=self._loop, name="sampler", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def _sample(self, first: bool = False) -> None:
        import re
        import threading

        python_names = {t.native_id: re.sub(r"_\d+$", "", t.name) for t in threading.enumerate()}
        for task in Path("/proc/self/task").iterdir():
            try:
                tid = int(task.name)
                fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
                cpu = (int(fields[11]) + int(fields[12])) / self._ticks
                if tid in python_names:
                    self._names[tid] = python_names[tid]
                elif tid not in self._names:
                    comm = (task / "comm").read_text().strip()
                    self._names[tid] = f"native threads ({comm})"
            except (OSError, IndexError, ValueError):
                continue
            if first:
                self._first[tid] = cpu
            self._last[tid] = cpu

    def stop(self) -> dict[str, float]:
        self._sample()
        self._stop.set()
        self._thread.join()
        totals: dict[str, float] = {}
        for tid, cpu in self._last.items():
            name = self._names.get(tid, "?")
            if name == "sampler":
                continue
            totals[name] = totals.get(name, 0.0) + cpu - self._first.get(tid, 0.0)
        return totals


if __name__ == "__main__":
    sys.exit(main())
