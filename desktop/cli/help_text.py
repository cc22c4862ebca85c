"""Help texts for the command line: the program name, per-command descriptions and epilogs.

Each command's `--help` ends with its defaults, one example and the exit codes. A new command
adds one `CommandHelp` to `COMMAND_HELP`; `parser.build_parser` takes everything from here.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from dataclasses import dataclass


def program_name(argv0: str | None = None, frozen: bool | None = None) -> str:
    """How the user started SegDesk, for usage lines: `python -m desktop`, `segdesk` or the
    frozen executable's name (`SegDesk`)."""
    frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    argv0 = (sys.argv[0] if sys.argv else "") if argv0 is None else argv0
    if frozen:
        return os.path.splitext(os.path.basename(sys.executable))[0] or "SegDesk"
    name = os.path.basename(argv0)
    if name in ("__main__.py", "-m", "-c", "") or name.endswith(".py"):
        return "python -m desktop"
    return os.path.splitext(name)[0]


EXIT_CODES = """\
exit status:
  0  everything done
  1  some inputs failed (listed in the report) or the run was cancelled
  2  nothing could run (bad arguments, unusable model, unwritable output folder)"""


@dataclass(frozen=True)
class CommandHelp:
    summary: str  # one line, shown in the top-level command list
    description: str  # the first paragraph of the command's own --help
    example: str  # one command line, without the program name
    notes: str = ""  # defaults and facts worth knowing, shown before the example
    exit_codes: str = EXIT_CODES

    def epilog(self, prog: str) -> str:
        parts = [self.notes] if self.notes else []
        parts.append(f"example:\n  {prog} {self.example}")
        parts.append(self.exit_codes)
        return "\n\n".join(parts)


COMMAND_HELP: dict[str, CommandHelp] = {
    "batch": CommandHelp(
        summary="segment every image in a folder and write masks plus a report",
        description="Segment every image in folder IN and write the masks, report.csv and "
        "run.json into folder OUT. Your input files are never changed.",
        example="batch scans/ results/ --save mask,overlay --threshold 0.4",
        notes="defaults: the first bundled model, device auto, only IN itself (no subfolders), "
        "masks only, the model's own threshold.\nA re-run into the same OUT resumes: images "
        "already done with the same model, device (engine and precision) and threshold are not "
        "redone (--overwrite redoes them); those made with other settings are segmented again. "
        "Ctrl+C finishes the current image, then stops and writes the report.",
    ),
    "merge": CommandHelp(
        summary="combine the reports of a batch run in parts into report.csv and run.json",
        description="Combine the parts of a batch split with --num-parts/--part-id (e.g. the "
        "tasks of a Slurm job array) that ran into OUT: their report.part-K-of-N.csv and "
        "run.part-K-of-N.json become one report.csv and run.json, as one run would have "
        "written them. The last part to finish does this by itself.",
        example="merge results/",
        notes="a part that has not finished (killed, cancelled, still running) is named: run it "
        "again (it resumes), then merge.",
        exit_codes="exit status:\n  0  merged, every input done\n  1  merged; some inputs "
        "failed (listed in the report)\n  2  nothing merged (a part has not finished, or OUT "
        "holds no split batch)",
    ),
    "verify": CommandHelp(
        summary="self-test model packages against their reference outputs",
        description="Re-run each package's reference cases on the chosen device and compare "
        "with the outputs the training pipeline produced. PASS proves that SegDesk reproduces "
        "the model's reference outputs; it says nothing about how accurate the model is.",
        example="verify --model demo-unet-resnet34 --device cpu",
        notes="defaults: every installed package, device auto.",
        exit_codes="exit status:\n  0  every package passed\n  1  a package failed or is "
        "broken\n  2  nothing could run (no packages, bad arguments)",
    ),
    "models": CommandHelp(
        summary="list the installed model packages",
        description="List the installed model packages (bundled and user), with threshold, "
        "transform, recorded metrics and folder, and any broken package.",
        example="models",
        notes="user models live in the platform's user data folder, or in $SEGDESK_MODELS.",
        exit_codes="exit status:\n  0  listed\n  1  no model package installed\n"
        "  2  the models folder cannot be read",
    ),
    "import": CommandHelp(
        summary="make a model package from a training notebook's checkpoint",
        description="Make a SegDesk model package from a checkpoint saved by a training "
        "notebook (a state_dict in .pth/.pt or .safetensors; pickled code is never run). "
        "Architecture and encoder are recognised from the weights unless given.",
        example="import best_model.pth --name polyp-unet-r34",
        notes="defaults: threshold 0.5, input size 256, the bundled sample images as "
        "self-test references. The package is written to the user models folder.",
        exit_codes="exit status:\n  0  imported\n  2  the checkpoint or name cannot be used",
    ),
    "evaluate": CommandHelp(
        summary="score models against ground-truth masks (metrics.csv, summary.json, "
        "report.html)",
        description="Pair IMAGES/<rel>/x.<ext> with MASKS/<rel>/x<S>.<image ext>, run every "
        "image through every model once and compare with the ground truth (foreground = grey "
        ">= 128), at the image's own size and at model resolution as a training notebook "
        "validates. Writes OUT/metrics.csv, OUT/summary.json and OUT/report.html.",
        example="evaluate resources/validation/images resources/validation/masks out "
        "--model demo-unet-resnet34 --model demo-unetplusplus-resnet34",
        notes="defaults: the first bundled model, device auto, mask suffix: the first of '', "
        "_mask, _seg, _gt that exists.",
        exit_codes="exit status:\n  0  every image scored\n  1  some images failed (listed in "
        "metrics.csv) or the run was cancelled\n  2  nothing could run",
    ),
    "review": CommandHelp(
        summary="open the app in review mode: correct and accept a folder's masks",
        description="Open the desktop app on folder IN in review mode (DESIGN §8): each image "
        "is segmented on arrival (or starts from a mask already in OUT), you correct it with "
        "the brush (B) and eraser (E) and accept it with Enter, which writes "
        "OUT/<rel>/<stem>_mask.png, its provenance record and a row of OUT/review.csv. "
        "Re-opening the same IN and OUT resumes where you stopped.",
        example="review photos/ reviewed/ --model demo-unet-resnet34",
        notes="defaults: the app's chosen model and device, the model's own threshold.",
        exit_codes="exit status:\n  0  the app closed normally\n  2  IN, OUT or the model "
        "cannot be used",
    ),
    "finetune": CommandHelp(
        summary="train a new model from a review's accepted masks, proven on held-out images",
        description="Fine-tune the base model on the masks accepted in a review (REVIEWED/"
        "review.csv + <stem>_mask.png, edited or not) paired with their images in IMAGES, "
        "starting from the base package's weights every time. A seeded share of the accepted "
        "images never trains; base and new model are evaluated on it (metrics.csv, "
        "summary.json, report.html in <models>/NEW.finetune/) and the new package is written "
        "only if it is not worse: the 95 % interval of the paired Dice difference must not "
        "reach below -0.01, and with --keep the new model must stay within 0.01 Dice of the "
        "base on the held-out images of the base model's own site.",
        example="finetune resources/site-b/reviewed resources/site-b/images "
        "--base demo-unet-resnet34 --name demo-unet-site-b "
        "--keep resources/site-a/images resources/site-a/masks",
        notes="defaults: 30 epochs, batch 8, hold-out 0.2 (at least 3 images), seed 0, device "
        "auto (bf16 on a CPU that computes it natively, else fp32). BatchNorm statistics stay "
        "the base model's unless --keep images are replayed beside the new ones. Ctrl+C "
        "stops after the current step keeping the best epoch so far; "
        "running the same command again resumes. The same inputs, seed, device and thread "
        "count give bit-identical weights. The package goes to the user models folder "
        "($SEGDESK_MODELS when set).",
        exit_codes="exit status:\n  0  the new model package was written\n  1  not written: "
        "not better on the held-out images (the report says why), or stopped with Ctrl+C\n"
        "  2  nothing could run (a missing review.csv, too few images, a bad model name, ...)",
    ),
}

TOP_DESCRIPTION = (
    "SegDesk: offline segmentation workstation. Without a command it opens the desktop app, "
    "showing IMAGE if one is given."
)


def top_epilog(prog: str) -> str:
    return (
        f"examples:\n  {prog}                      open the desktop app\n"
        f"  {prog} scan.jpg             open the app showing scan.jpg\n"
        f"  {prog} batch IN OUT         segment a folder without the app\n"
        f"  {prog} COMMAND --help       help for one command\n\n{EXIT_CODES}"
    )


def top_usage(prog: str, commands: list[str]) -> str:
    return f"{prog} [-h] [--version] [IMAGE] | {prog} {{{','.join(commands)}}} ..."


class HelpFormatter(argparse.HelpFormatter):
    """Wraps each line of a description or epilog on its own (keeping line breaks and
    indentation) and shows each option's default in its help."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = []
        previous = ""
        for line in text.splitlines():
            stripped = line.lstrip()
            lead = indent + line[: len(line) - len(stripped)]
            if previous == "example:":  # a command line to copy: never split it
                lines.append(lead + stripped)
            else:
                lines.append(
                    textwrap.fill(stripped, width, initial_indent=lead, subsequent_indent=lead,
                                  break_on_hyphens=False)  # fmt: skip
                    if stripped
                    else ""
                )
            previous = stripped
        return "\n".join(lines)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if (
            "%(default)" not in text
            and action.default not in (None, False, argparse.SUPPRESS)
            and action.option_strings != []
            and "default" not in text
        ):
            text += " (default: %(default)s)"
        return text
