"""`python -m desktop import` (DESIGN §3): a notebook's checkpoint becomes a model package."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.arguments import threshold
from desktop.cli.exit_codes import EXIT_OK


def add_arguments(import_: argparse.ArgumentParser) -> None:
    import_.add_argument(
        "checkpoint", type=Path, metavar="CHECKPOINT",
        help="the notebook's weights file (.pth, .pt or .safetensors)",
    )  # fmt: skip
    import_.add_argument(
        "--name", required=True,
        help="name of the new package: letters, digits, '.', '_' or '-' (required)",
    )  # fmt: skip
    import_.add_argument(
        "--architecture", metavar="A", help="smp architecture (default: recognised)"
    )
    import_.add_argument("--encoder", metavar="E", help="encoder name (default: recognised)")
    import_.add_argument(
        "--threshold", type=threshold, default=0.5, metavar="T",
        help="the model's threshold: mask = probability > T",
    )  # fmt: skip
    import_.add_argument(
        "--input-size", type=int, default=256, metavar="N",
        help="the side the images are resized to, as in training",
    )  # fmt: skip
    import_.add_argument(
        "--reference",
        type=Path,
        action="append",
        metavar="IMAGE",
        help="reference image for the self-test (repeatable; default: samples)",
    )
    import_.add_argument(
        "--overwrite", action="store_true", help="replace a user model of the same name"
    )


def run(args: argparse.Namespace) -> int:
    from desktop.core.package import read_package
    from desktop.core.package_import import import_checkpoint

    folder = import_checkpoint(
        args.checkpoint, args.name, args.architecture, args.encoder,
        reference_images=args.reference, threshold=args.threshold,
        input_size=args.input_size, overwrite=args.overwrite,
    )  # fmt: skip
    package = read_package(folder)
    print(f"Imported {package.summary}")
    print(f"    {folder}")
    return EXIT_OK
