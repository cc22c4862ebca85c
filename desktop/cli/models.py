"""`python -m desktop models`: the installed packages, with their recorded scores."""

from __future__ import annotations

import argparse

from desktop.cli.exit_codes import EXIT_OK, EXIT_SOME_FAILED


def add_arguments(models: argparse.ArgumentParser) -> None:
    """`models` takes no arguments."""


def run(args: argparse.Namespace) -> int:
    from desktop.core import paths
    from desktop.core.package import discover_packages

    listing = discover_packages()
    if not listing.packages and not listing.problems:
        print(
            f"No model packages in '{paths.bundled_models_dir()}' or '{paths.user_models_dir()}'."
        )
        return EXIT_SOME_FAILED
    for package in listing.packages:
        origin = "bundled" if package.bundled else "user"
        print(f"{package.summary}  [{origin}]")
        print(f"    threshold {package.threshold:g} · {package.transform_summary()}")
        metrics = metrics_line(package.training)
        if metrics:
            print(f"    {metrics}")
        print(f"    {package.folder}")
    for folder, problem in listing.problems:
        print(f"BROKEN {folder}: {problem}")
    return EXIT_OK


def metrics_line(training: dict) -> str:
    """`held-out Dice 0.912, IoU 0.845 · validation Dice …` from a manifest's `training`."""
    parts = []
    for label, key in (("held-out", "heldout"), ("validation", "validation")):
        metrics = training.get(key)
        if isinstance(metrics, dict) and "dice" in metrics:
            text = f"{label} Dice {metrics['dice']:.3f}"
            if "iou" in metrics:
                text += f", IoU {metrics['iou']:.3f}"
            parts.append(text)
    return " · ".join(parts)
