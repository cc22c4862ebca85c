"""The targets (issues 6 and 14) and whether a run met them."""

from __future__ import annotations

from typing import Any

TARGETS: dict[str, Any] = {
    "overhead_max": 1.10,
    "efficiency_min": 0.90,
    "window_max_s": 1.5,
    "memory_growth_max_mb": 50.0,
    "fast_speedup_min": 1.25,  # cpu-fast forward: eager ÷ OpenVINO fp32
    "fast_ppm_max": 0.0,
    "bf16_forward_max": {"Unet": 0.45, "UnetPlusPlus": 0.42},  # OpenVINO bf16 ÷ eager
    "bf16_vs_naive_min": {"Unet": 2.0, "UnetPlusPlus": 2.2},  # batch throughput, audit on
    "exact_vs_naive_min": 1.0,  # at every input size
}


def _per_architecture(key: str, architecture: str) -> float:
    table = TARGETS[key]
    return table.get(architecture, table["Unet"])


def judge(results: dict[str, Any]) -> list[dict[str, Any]]:
    verdicts: list[dict[str, Any]] = []

    def add(what: str, value, target: str, met: bool | None, note: str = "") -> None:
        verdicts.append({"what": what, "value": value, "target": target, "met": met, "note": note})

    for model in results["models"]:
        name, arch = model["name"], model["architecture"]
        forward = model["forward"]
        ratios = forward["forward_vs_eager"]
        if "OpenVINO fp32" in ratios:
            speedup = 1 / ratios["OpenVINO fp32"]
            add(f"{name}: cpu-fast forward speed-up over eager", round(speedup, 3),
                f"≥ {TARGETS['fast_speedup_min']:.2f}×", speedup >= TARGETS["fast_speedup_min"])
        if "OpenVINO bf16" in ratios:
            limit = _per_architecture("bf16_forward_max", arch)
            value = ratios["OpenVINO bf16"]
            add(f"{name}: cpu-bf16 forward time ÷ eager", round(value, 3), f"≤ {limit:.2f}×",
                value <= limit)
        for device, single in model.get("single_image", {}).items():
            add(f"{name}: single-image overhead, {device}", round(single["overhead"], 3),
                f"≤ {TARGETS['overhead_max']:.2f}×", single["overhead"] <= TARGETS["overhead_max"],
                f"largest image {single['overhead_largest']:.3f}×")
        batch = model.get("batch")
        if batch:
            mixed = batch["mixed"]
            eff = mixed["cpu"]["efficiency"]
            add(f"{name}: batch pipeline efficiency, cpu (exact)", round(eff, 3),
                f"≥ {TARGETS['efficiency_min']:.2f}", eff >= TARGETS["efficiency_min"])
            limit = _per_architecture("bf16_vs_naive_min", arch)
            for set_name in ("mixed", "large"):
                ratios = batch[set_name]["vs_naive"]
                if "cpu-bf16" in ratios:
                    add(f"{name}: batch cpu-bf16 ÷ naive, {batch[set_name]['label']}",
                        round(ratios["cpu-bf16"], 3), f"≥ {limit:.1f}×",
                        ratios["cpu-bf16"] >= limit, "default audit included")
                if "cpu-fast" in ratios:
                    add(f"{name}: batch cpu-fast ÷ naive, {batch[set_name]['label']}",
                        round(ratios["cpu-fast"], 3), "(no target)", None)
            exact = {batch[s]["label"]: batch[s]["vs_naive"]["cpu"] for s in ("mixed", "large")}
            exact.update(batch.get("sizes", {}).get("exact_vs_naive", {}))
            worst = min(exact, key=exact.get)
            add(f"{name}: batch cpu (exact) ÷ naive, worst input size", round(exact[worst], 3),
                f"≥ {TARGETS['exact_vs_naive_min']:.1f}× at every size",
                all(v >= TARGETS["exact_vs_naive_min"] for v in exact.values()),
                f"worst: {worst}; " + ", ".join(f"{k} {v:.2f}" for k, v in exact.items()))
        for set_name, stats in model.get("disagreement", {}).items():
            fast = stats.get("cpu-fast")
            if fast and fast.get("images"):
                add(f"{name}: cpu-fast mask disagreement, {set_name}, max",
                    round(fast["max_ppm"], 1), "0 ppm", fast["max_ppm"] <= TARGETS["fast_ppm_max"],
                    f"{fast['images']} images")
            bf16 = stats.get("cpu-bf16")
            if bf16 and bf16.get("images"):
                add(f"{name}: cpu-bf16 mask disagreement, {set_name}",
                    round(bf16["mean_ppm"], 1), "(reported: mean; no target)", None,
                    f"p95 {bf16['p95_ppm']:.0f}, max {bf16['max_ppm']:.0f} ppm over "
                    f"{bf16['images']} images")
    start = results.get("startup")
    if start is not None:
        if "window_s" in start:
            add("start-up: process start → main window painted", round(start["window_s"], 3),
                f"≤ {TARGETS['window_max_s']:.1f} s", start["window_s"] <= TARGETS["window_max_s"])
        else:
            add("start-up: process start → main window painted", None,
                f"≤ {TARGETS['window_max_s']:.1f} s", None, "skipped: " + start.get("skipped", "?"))
    paint = results.get("paint")
    if paint is not None:
        from benchmarks.paint_latency import TARGET_MEDIAN_MS

        for label, zoom in (paint.get("zooms") or {}).items():
            add(f"paint: mouse move → overlay repainted, median at {label}",
                round(zoom["median_ms"], 2), f"≤ {TARGET_MEDIAN_MS:.0f} ms",
                zoom["median_ms"] <= TARGET_MEDIAN_MS, f"p95 {zoom['p95_ms']:.1f} ms")
        if "skipped" in paint:
            add("paint: mouse move → overlay repainted", None, f"≤ {TARGET_MEDIAN_MS:.0f} ms",
                None, "skipped: " + paint["skipped"])
    memory = results.get("memory") or {}
    for device, record in memory.items():
        if isinstance(record, dict) and "growth_mb" in record:
            growth = record["growth_mb"]
            add(f"memory growth over {record['batch_images']} images, {device}", round(growth, 1),
                f"≤ {TARGETS['memory_growth_max_mb']:.0f} MB",
                growth <= TARGETS["memory_growth_max_mb"])
    return verdicts
