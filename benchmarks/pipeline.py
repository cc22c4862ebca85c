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


def _measure(kind: str, model: str, data: Path) -> dict:
    import numpy as np

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

    if kind == "naive":
        from benchmarks.naive import naive_folder
        from desktop.core.model_loader import build_transform, load_network

        network, transform = load_network(package), build_transform(package)
        files = sorted((data / f"in{SMALL}").glob("*.jpg"))
        naive_folder(network, transform, files[:2], data / f"naive-{os.getpid()}")
        start = time.perf_counter()
        naive_folder(network, transform, files, data / f"naive-{os.getpid()}", package.threshold)
        seconds = time.perf_counter() - start
        shutil.rmtree(data / f"naive-{os.getpid()}", ignore_errors=True)
        return {"ms_per_image": 1000 * seconds / len(files)}
    device, _, what = kind.partition(":")
    segmenter = Segmenter(package, device)
    batch(segmenter, 4, 0.0)  # warm-up: pools, transforms, a batch's compiled model
    if what == "steady":
        engine = segmenter._engine  # (older trees have no `engine` property)
        x = np.zeros((3, 256, 256), np.float32)
        bare = []
        for _ in range(12):
            start = time.perf_counter()
            engine.probability(x)
            bare.append(time.perf_counter() - start)
        low = batch(segmenter, STEADY_LOW, 0.0)
        high = batch(segmenter, STEADY_HIGH, 0.0)
        bare_ms = 1000 * sorted(bare)[len(bare) // 2]
        steady_ms = 1000 * (high - low) / (STEADY_HIGH - STEADY_LOW)
        return {"bare_forward_ms": bare_ms, "steady_ms_per_image": steady_ms,
                "efficiency": bare_ms / steady_ms}  # fmt: skip
    # the audit: a 24-image batch without, then with the default audit (exact engine cold)
    without = batch(segmenter, SMALL, 0.0)
    with_audit = batch(segmenter, SMALL, 0.02)
    return {"ms_per_image_audit": 1000 * with_audit / SMALL,
            "ms_per_image_no_audit": 1000 * without / SMALL,
            "audit_fixed_cost_s": with_audit - without}  # fmt: skip


# -- the interleaved comparison -----------------------------------------------------------------


def _run(tree: Path, kind: str, model: str, data: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "NO_ALBUMENTATIONS_UPDATE": "1"}
    code = (
        "import json, sys; from benchmarks.pipeline import _measure; from pathlib import Path; "
        f"print(json.dumps(_measure({kind!r}, {model!r}, Path({str(data)!r}))))"
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
        kinds = ["naive"]
        if "steady" in sections:
            kinds += ["cpu-fast:steady", "cpu-bf16:steady"]
        if "audit" in sections:
            kinds += ["cpu-bf16:audit"]
        best: dict[tuple[str, str], dict] = {}
        for rep in range(args.rounds):
            for kind in kinds:
                names = ["new", "old"] if rep % 2 == 0 else ["old", "new"]
                for name in names if kind != "naive" else ["new"]:
                    got = _run(trees[name], kind, args.model, tmp)
                    print(f"  round {rep + 1} {name:3} {kind:16} {_short(got)}", flush=True)
                    key = (name, kind)
                    best[key] = min(best.get(key, got), got, key=_cost)
        print(f"load after: {Path('/proc/loadavg').read_text().strip()}")
        naive_ms = best[("new", "naive")]["ms_per_image"]
        print(f"\nnaive script: {naive_ms:.1f} ms/image")
        for kind in kinds[1:]:
            for name in ("old", "new"):
                got = best[(name, kind)]
                if kind.endswith("steady"):
                    ms = got["steady_ms_per_image"]
                    print(f"{kind:16} {name}: steady {ms:.1f} ms/image, bare forward "
                          f"{got['bare_forward_ms']:.1f} ms, efficiency {got['efficiency']:.2f}, "
                          f"{naive_ms / ms:.2f}× naive")  # fmt: skip
                else:
                    ms = got["ms_per_image_audit"]
                    print(f"{kind:16} {name}: {SMALL} images with the default audit "
                          f"{ms:.1f} ms/image = {naive_ms / ms:.2f}× naive; audit fixed cost "
                          f"{got['audit_fixed_cost_s']:.2f} s")  # fmt: skip
            old, new = best[("old", kind)], best[("new", kind)]
            print(f"{kind:16} new ÷ old time: {_cost(new) / _cost(old):.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _cost(result: dict) -> float:
    for key in ("steady_ms_per_image", "ms_per_image_audit", "ms_per_image"):
        if key in result:
            return result[key]
    raise KeyError(result)


def _short(result: dict) -> str:
    return ", ".join(f"{key} {value:.3g}" for key, value in result.items())


if __name__ == "__main__":
    sys.exit(main())
