"""SegDesk's benchmark suite (issues 6 and 14). One command:

    python -m benchmarks                 # full run (~25 min on 2 idle cores)
    python -m benchmarks --quick         # smoke run (~3 min)
    python -m benchmarks --json          # the same, as one JSON document on stdout
    python -m benchmarks --model DIR     # a given package (repeatable); default: the bundled
                                         # demo models, or an untrained stand-in of the same size

This module only orders the sections and prints them; each measured thing has its own module:
`machine` (CPU kind, other load), `roofline` (matmul GFLOP/s), `forward` (1), `single` (2),
`batch` (3), `disagreement` (4), `resources` (5 memory, 6 start-up), `paint_latency` (7,
correction brush on a 4000×3000 image), `verdicts` (targets).
Every figure is a ratio against a baseline measured in the same run, interleaved where it can
be; the share of CPU time other processes used is printed for every section.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmarks import (
    batch,
    data,
    disagreement,
    forward,
    machine,
    paint_latency,
    resources,
    roofline,
    single,
    verdicts,
)

BUNDLED = (("demo-unet-resnet34", "Unet"), ("demo-unetplusplus-resnet34", "UnetPlusPlus"))
LARGE_SIZE = (1280, 1024)
DEVICE_NAMES = {"cpu": "cpu (exact)", "cpu-fast": "cpu-fast (OpenVINO fp32)",
                "cpu-bf16": "cpu-bf16 (OpenVINO bf16, approximate)"}  # fmt: skip


@dataclass(frozen=True)
class Plan:
    quick: bool
    batch_images: int
    large_images: int
    size_images: int  # per input size, exact vs naive
    batch_reps: int
    size_reps: int  # rounds per input size: the exact-vs-naive margin is a few per cent
    forward_rounds: int
    forward_reps: int
    e2e_rounds: int
    heldout_frames: int
    unlike_images: int
    memory_warmup: int
    memory_images: int
    startup_runs: int
    startup_timeout: float

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(True, 24, 8, 6, 1, 1, 2, 2, 1, 12, 8, 8, 40, 1, 60.0)
        return cls(False, 96, 36, 18, 2, 3, 5, 4, 3, 200, 60, 20, 300, 3, 90.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    parser.add_argument("--model", action="append", help="package name or folder (repeatable)")
    parser.add_argument("--images", type=int, help="mixed batch size (default 96, quick 24)")
    parser.add_argument("--memory-images", type=int, help="images in the memory batch")
    parser.add_argument("--heldout", type=int, help="held-out frames for disagreement (200)")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["startup", "memory", "batch", "sizes", "channels_last", "onnxruntime",
                 "autocast", "disagreement", "roofline", "paint"],
        help="leave a section out (repeatable)",
    )  # fmt: skip
    parser.add_argument("--save", type=Path, metavar="FILE", help="also write the JSON here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    plan = Plan.make(args.quick)
    if args.images:
        plan = dataclasses.replace(plan, batch_images=max(args.images, 1))
    if args.memory_images:
        plan = dataclasses.replace(plan, memory_images=max(args.memory_images, 1))
    if args.heldout:
        plan = dataclasses.replace(plan, heldout_frames=max(args.heldout, 1))
    say = _Say(to_stderr=args.json)

    results: dict[str, Any] = {
        "mode": "quick" if plan.quick else "full",
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine.describe(),
        "targets": verdicts.TARGETS,
        "models": [],
    }
    say.header(results)
    tmp = Path(tempfile.mkdtemp(prefix="segdesk-bench-"))
    try:
        with _private_cache(tmp / "cache"):
            inputs = _write_inputs(plan, tmp, args.skip, say)
            if "roofline" not in args.skip:
                say.progress("hardware limit: 2048² matmul fp32 / bf16 …")
                others = machine.Others()
                results["roofline"] = roofline.measure()
                results["roofline"]["other_load"] = others.fraction()
            packages = _resolve_models(args.model, plan, tmp, say)
            for package, origin in packages:
                results["models"].append(
                    _bench_model(package, origin, inputs, plan, tmp, args.skip, say)
                )
                if args.save:  # a partial document survives an interrupted run
                    args.save.write_text(json.dumps(results, indent=2, default=str) + "\n")
            if "memory" not in args.skip and packages:
                first = packages[0][0]
                results["memory"] = resources.memory(first, inputs["mixed"], plan, tmp, say)
            if "startup" not in args.skip:
                results["startup"] = resources.startup_times(plan, tmp, packages, say)
            if "paint" not in args.skip:
                say.progress("(7) paint latency: brush strokes on a 4000×3000 image …")
                results["paint"] = paint_latency.run_in_subprocess()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["ended"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    results["verdicts"] = verdicts.judge(results)
    results["machine"]["load_after"] = machine.busy_fraction()
    if args.save:
        args.save.write_text(json.dumps(results, indent=2, default=str) + "\n", "utf-8")
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    else:
        say.summary(results)
    missed = [v for v in results["verdicts"] if v["met"] is False]
    return 1 if args.strict and missed else 0


def _write_inputs(plan: Plan, tmp: Path, skip, say) -> dict[str, Any]:
    say.progress(f"writing {plan.batch_images} mixed JPEG frames and "
                 f"{plan.large_images} at {LARGE_SIZE[0]}×{LARGE_SIZE[1]} …")  # fmt: skip
    inputs: dict[str, Any] = {"mixed": data.write_frames(tmp / "mixed", plan.batch_images)}
    inputs["large"] = data.write_frames(tmp / "large", plan.large_images, sizes=(LARGE_SIZE,))
    if "sizes" not in skip and "batch" not in skip:
        inputs["sizes"] = {
            f"{w}×{h}": data.write_frames(tmp / f"size-{w}x{h}", plan.size_images, sizes=((w, h),))
            for w, h in data.SIZES
        }
    if "disagreement" not in skip:
        say.progress(f"rendering {plan.heldout_frames} held-out synthetic frames and "
                     f"{plan.unlike_images} unlike images …")  # fmt: skip
        inputs["heldout"] = disagreement.write_set(
            tmp / "heldout", disagreement.heldout_frames(plan.heldout_frames)
        )
        inputs["unlike"] = disagreement.write_set(
            tmp / "unlike", disagreement.unlike_images(plan.unlike_images)
        )
    return inputs


def _resolve_models(requested, plan: Plan, tmp: Path, say) -> list[tuple[Any, str]]:
    from desktop.core.errors import ModelPackageError
    from desktop.core.package import find_package

    if requested:
        return [(find_package(name), "given") for name in requested]
    chosen = []
    for name, architecture in BUNDLED[:1] if plan.quick else BUNDLED:
        try:
            chosen.append((find_package(name), "bundled"))
        except ModelPackageError:
            say.progress(f"{name} is not bundled yet: writing an untrained {architecture} stand-in")
            folder = data.untrained_package(tmp / "models" / name, architecture)
            chosen.append((find_package(str(folder)), "untrained stand-in"))
    return chosen


def _fast_segmenter(package, device: str, info: dict[str, Any]):
    """The `cpu-fast`/`cpu-bf16` Segmenter, created twice: first compile, then from the cache."""
    from desktop.core.errors import SegDeskError
    from desktop.core.segmenter import Segmenter

    try:
        start = time.perf_counter()
        segmenter = Segmenter(package, device)
        info["first_creation_s"] = time.perf_counter() - start
        if segmenter.device.id != device:
            info["refused"] = segmenter.fallback_reason
            return None
        verification = segmenter._engine.verification
        start = time.perf_counter()
        segmenter = Segmenter(package, device)  # compiled model and pass from the cache
        info["cached_creation_s"] = time.perf_counter() - start
        engine = segmenter._engine
        info.update(
            reference_ppm=verification.mismatched_ppm,
            reference_max_probability_difference=verification.max_probability_difference,
            reference_cases=verification.cases,
            threads=engine.threads,
            precision=engine.actual_precision,
            cached_from=engine.compiled_from,
        )
        return segmenter
    except SegDeskError as exc:
        info["refused"] = str(exc)
        return None


def _bench_model(package, origin, inputs, plan: Plan, tmp: Path, skip, say) -> dict[str, Any]:
    from desktop.core.fast.cpu import native_bf16
    from desktop.core.image_io import load_rgb
    from desktop.core.segmenter import Segmenter

    say.progress(f"[{package.name}] loading the engines (exact, cpu-fast, cpu-bf16) …")
    out: dict[str, Any] = {
        "name": package.name, "origin": origin, "architecture": package.architecture,
        "encoder": package.encoder, "input_size": package.input_size,
    }  # fmt: skip
    exact = Segmenter(package, "cpu")
    out["engines"] = {"cpu-fast": {}, "cpu-bf16": {}}
    fast = _fast_segmenter(package, "cpu-fast", out["engines"]["cpu-fast"])
    bf16 = None
    if native_bf16():
        bf16 = _fast_segmenter(package, "cpu-bf16", out["engines"]["cpu-bf16"])
    else:
        out["engines"]["cpu-bf16"]["refused"] = "no native bf16 on this CPU (not offered)"

    x = exact._transform(image=load_rgb(inputs["mixed"][0]))["image"].unsqueeze(0).contiguous()
    out["gflop_per_image"] = roofline.network_gflop(exact._engine._network, x)
    funcs = forward.engines(exact, fast, bf16, x, skip, tmp)
    say.progress(f"[{package.name}] (1) bare forward, {len(funcs)} engines interleaved …")
    out["forward"] = forward.measure(
        funcs, out["gflop_per_image"], plan.forward_rounds, plan.forward_reps
    )

    say.progress(f"[{package.name}] (2) single image end to end …")
    sizes = single.one_per_size(inputs["mixed"])
    devices = {"cpu": (exact, funcs[forward.EAGER])}
    if fast is not None:
        devices["cpu-fast"] = (fast, funcs[forward.OV_FP32])
    if bf16 is not None:
        devices["cpu-bf16"] = (bf16, funcs[forward.OV_BF16])
    others = machine.Others()
    out["single_image"] = {
        device: single.measure(segmenter, bare, sizes, plan.e2e_rounds)
        for device, (segmenter, bare) in devices.items()
    }
    out["single_image_other_load"] = others.fraction()

    if "batch" not in skip:
        runners = batch.contenders(exact, fast, bf16, lambda folder: sorted(folder.glob("*.jpg")))
        bare = {"naive": funcs[forward.EAGER], **{d: b for d, (_, b) in devices.items()}}
        out["batch"] = {}
        for key, label in (("mixed", "640×480…1280×1024"), ("large", "1280×1024 only")):
            folder = inputs[key][0].parent
            out["batch"][key] = batch.measure_set(
                runners, bare, folder, len(inputs[key]), plan.batch_reps, tmp / "out", say,
                f"{key} set",
            )  # fmt: skip
            out["batch"][key]["label"] = label
        if "sizes" in inputs:
            sets = {label: (ps[0].parent, len(ps)) for label, ps in inputs["sizes"].items()}
            out["batch"]["sizes"] = batch.per_size(
                runners, bare, sets, plan.size_reps, tmp / "out", say
            )
    if "heldout" in inputs:
        engines = {d: s for d, s in (("cpu-fast", fast), ("cpu-bf16", bf16)) if s is not None}
        out["disagreement"] = {}
        for key in ("heldout", "unlike"):
            say.progress(f"[{package.name}] (4) disagreement vs exact, {key} "
                         f"({len(inputs[key])} images) …")  # fmt: skip
            out["disagreement"][key] = disagreement.measure(exact, engines, inputs[key])
    return out


@contextlib.contextmanager
def _private_cache(folder: Path):
    """Keep the benchmark's exports and compiled models out of the user's cache."""
    from desktop.core import paths

    original = paths.cache_dir
    paths.cache_dir = lambda: folder / "SegDesk"
    try:
        yield
    finally:
        paths.cache_dir = original


class _Say:
    def __init__(self, to_stderr: bool) -> None:
        self.stream = sys.stderr if to_stderr else sys.stdout

    def progress(self, text: str) -> None:
        print(f"  … {text}" if not text.startswith(" ") else text, file=sys.stderr, flush=True)

    def header(self, results: dict[str, Any]) -> None:
        m = results["machine"]
        lines = [
            f"SegDesk benchmarks — {results['mode']} run, {results['started']}",
            f"machine: {m['cpu']} — {m['physical_cores']} physical / {m['logical_cpus']} logical "
            f"cores; CPU kind: {m['cpu_kind']}",
            f"software: python {m['python']}, torch {m['torch']} ({m['torch_threads']} threads), "
            f"openvino {m['openvino']}, onnxruntime {m['onnxruntime']}, opencv {m['opencv']}",
            f"other load at start: {100 * m['load_before']:.0f}% of the CPUs busy"
            + (f"; background jobs: {m['background']}" if m["background"] else ""),
        ]
        if m["load_before"] > 0.15 or m["background"]:
            lines.append(
                "WARNING: the machine is busy — absolute figures are inflated; ratios are "
                "measured side by side but still less reliable."
            )
        print("\n".join(lines), file=self.stream, flush=True)

    def summary(self, results: dict[str, Any]) -> None:
        w = self.stream.write
        roof = results.get("roofline")
        if roof:
            gf = roof["gflops"]
            w(f"\n(0) hardware limit: {roof['matmul_size']}² matmul, torch, all cores: fp32 "
              f"{gf['fp32']:.0f} GFLOP/s" + (f", bf16 {gf['bf16']:.0f} GFLOP/s" if "bf16" in gf
                                             else ", bf16 not native")
              + f" (others {100 * roof['other_load']:.0f}% CPU)\n")  # fmt: skip
        for model in results["models"]:
            self._model(model, roof)
        self._resources(results)
        w("\nTargets\n")
        for v in results["verdicts"]:
            mark = {True: "MET   ", False: "MISSED", None: "  –   "}[v["met"]]
            value = "n/a" if v["value"] is None else v["value"]
            note = f"  ({v['note']})" if v["note"] else ""
            w(f"  {mark} {v['what']}: {value}  target {v['target']}{note}\n")
        met = sum(v["met"] is True for v in results["verdicts"])
        judged = sum(v["met"] is not None for v in results["verdicts"])
        w(f"{met} of {judged} targets met; other load at end: "
          f"{100 * results['machine']['load_after']:.0f}% of the CPUs busy\n")  # fmt: skip
        self.stream.flush()

    def _model(self, model: dict[str, Any], roof) -> None:
        w = self.stream.write
        size = model["input_size"]
        w(f"\n== {model['name']} ({model['architecture']} · {model['encoder']} · "
          f"{f'{size[1]}×{size[0]}' if size else 'any size'}) [{model['origin']}], "
          f"{model['gflop_per_image']:.1f} GFLOP per image\n")  # fmt: skip
        f = model["forward"]
        w("(1) bare forward, 1×3×256×256          median ms  best ms  ÷ eager†  GFLOP/s† "
          f"of peak   (others {100 * f['other_load']:.0f}% CPU)\n")  # fmt: skip
        for name, ms in f["forward_ms"].items():
            precision = forward.PRECISION_OF.get(name, "fp32")
            peak = (roof or {}).get("gflops", {}).get(precision)
            share = f"{100 * f['gflops'][name] / peak:5.0f} %" if peak else "    –  "
            device = forward.DEVICE_OF.get(name)
            w(f"    {name:<28} {ms:8.1f} {f['forward_best_ms'][name]:8.1f} "
              f"{f['forward_vs_eager'][name]:7.2f}× {f['gflops'][name]:8.0f}  {share} {precision}"
              + (f"  [{device}]" if device else "") + "\n")  # fmt: skip
        w("    † from the best of the interleaved samples (median ratios are in the JSON)\n")
        for device, info in model["engines"].items():
            if "refused" in info:
                w(f"    {device}: not measured — {info['refused']}\n")
            else:
                w(f"    {device}: runs {info['precision']}, first creation "
                  f"{info['first_creation_s']:.2f} s (export/compile + {info['reference_cases']} "
                  f"reference cases: {info['reference_ppm']:.1f} ppm), from cache "
                  f"{info['cached_creation_s']:.2f} s, {info['threads']} threads\n")  # fmt: skip
        w("(2) single image via Segmenter ÷ bare forward "
          f"(others {100 * model['single_image_other_load']:.0f}% CPU)\n")  # fmt: skip
        for device, s in model["single_image"].items():
            p = s["parts_ms"]
            w(f"    {device:<9} e2e {statistics.fmean(s['e2e_ms'].values()):6.1f} ms vs forward "
              f"{s['bare_forward_ms']:6.1f} ms → {s['overhead']:.3f}× (largest "
              f"{s['overhead_largest']:.3f}×) [decode {p['decode']:.1f}, transform "
              f"{p['transform']:.1f}, forward {p['forward']:.1f}, resize {p['resize']:.1f}, "
              f"threshold {p['threshold']:.1f} ms]\n")  # fmt: skip
        b = model.get("batch")
        if b:
            for key in ("mixed", "large"):
                r = b[key]
                w(f"(3) batch, {r['images']} JPEGs {r['label']}, masks written, best of "
                  f"{r['rounds']} rounds\n")  # fmt: skip
                for name in ("naive", "cpu", "cpu-fast", "cpu-bf16"):
                    if name in r:
                        e = r[name]
                        label = "naive one-at-a-time script" if name == "naive" else (
                            "BatchRun " + DEVICE_NAMES[name])
                        w(f"    {label:<46} {e['images_per_s']:6.2f} img/s {e['ms_per_image']:6.1f}"
                          f" ms/img  eff {e['efficiency']:.2f} (others "
                          f"{100 * e['other_load']:.0f}% CPU)\n")  # fmt: skip
                w("    ÷ naive: " + ", ".join(f"{k} {v:.2f}×" for k, v in r["vs_naive"].items())
                  + "\n")
            sizes = b.get("sizes")
            if sizes:
                w(f"    exact ÷ naive by input size (best of {sizes['rounds']} rounds; exact batch "
                  f"runs {sizes['layout']}): " + ", ".join(
                    f"{k} {v:.2f}×" for k, v in sizes["exact_vs_naive"].items()) + "\n")
        d = model.get("disagreement")
        if d:
            w("(4) mask disagreement with the exact engine, ppm at model resolution\n")
            for key, stats in d.items():
                for device in ("cpu-fast", "cpu-bf16"):
                    s = stats.get(device)
                    if s and s.get("images"):
                        w(f"    {key:<8} {device:<9} n={s['images']:<4} mean {s['mean_ppm']:8.1f}"
                          f"  median {s['median_ppm']:7.1f}  p95 {s['p95_ppm']:8.1f}  max "
                          f"{s['max_ppm']:8.1f}  ({s['zero']} with 0, {s['above_100']} > 100, "
                          f"{s['above_1000']} > 1000; others "
                          f"{100 * stats['other_load']:.0f}% CPU)\n")  # fmt: skip

    def _resources(self, results: dict[str, Any]) -> None:
        w = self.stream.write
        start = results.get("startup")
        if start is not None:
            w("\n(6) start-up of python -m desktop (offscreen)\n")
            if "window_s" in start:
                model_text = (f"{start['model_ready_s']:.2f} s" if "model_ready_s" in start
                              else start.get("note", "not measured"))  # fmt: skip
                w(f"    main window painted {start['window_s']:.2f} s, model ready {model_text} "
                  f"(median of {len(start['runs'])})\n")  # fmt: skip
            else:
                w(f"    skipped: {start['skipped']}\n")
        paint = results.get("paint")
        if paint is not None:
            w("\n(7) paint latency: mouse move → overlay repainted (offscreen Qt)\n")
            if "skipped" in paint:
                w(f"    skipped: {paint['skipped']}\n")
            else:
                w("\n".join(paint_latency.format_lines(paint)) + "\n")
        memory = results.get("memory")
        if memory:
            w(f"\n(5) resident memory, {memory['model']}, fresh process per device\n")
            for device, r in memory.items():
                if not isinstance(r, dict):
                    continue
                if "error" in r:
                    w(f"    {device:<9} failed: {r['error']}\n")
                    continue
                limit = verdicts.TARGETS["memory_growth_max_mb"]
                verdict = "met" if r["growth_mb"] <= limit else "NOT met"
                w(f"    {device:<9} loaded {r['rss_loaded_mb']:.0f} MB, after warm-up "
                  f"({r['warmup_images']}) {r['rss_warm_mb']:.0f} MB, after {r['batch_images']} "
                  f"images {r['rss_after_mb']:.0f} MB → growth {r['growth_mb']:+.1f} MB "
                  f"(≤ {limit:.0f} MB: {verdict}); peak {r['peak_mb']:.0f} MB\n")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
