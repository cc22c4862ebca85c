"""The evaluation summary's plain sentences, in the UI language.

core (desktop/core/evaluation/summary.py) writes them in English into summary.json and the
command line's output, which stay English; the results window builds the same sentences from
the same numbers here, through tr(), with the UI's number format. In English the text is
identical to core's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core.evaluation.summary import MATCH_TOLERANCE
from desktop.ui.i18n import numbers


def record_name(name: str) -> str:
    """A package's recorded-score name ("validation", "heldout") in the UI language."""
    names = {
        "validation": QCoreApplication.translate("EvaluationSummary", "validation"),
        "heldout": QCoreApplication.translate("EvaluationSummary", "heldout"),
    }
    return names.get(name, name)


def paired_sentence(pair: dict[str, Any]) -> str:
    a, b, n = pair.get("a", ""), pair.get("b", ""), pair.get("n", 0)
    mean, interval, p_value = (
        pair.get("mean_dice_difference"),
        pair.get("ci95"),
        pair.get("wilcoxon_p"),
    )
    if not n or mean is None or interval is None:
        return QCoreApplication.translate(
            "EvaluationSummary", "{0} vs {1}: no image was scored by both."
        ).format(a, b)
    if p_value is None:
        p_text = QCoreApplication.translate("EvaluationSummary", "p not defined (no difference)")
    else:
        p_text = QCoreApplication.translate("EvaluationSummary", "Wilcoxon p = {0}").format(
            numbers.general(p_value, 3)
        )
    text = QCoreApplication.translate(
        "EvaluationSummary",
        "{0} − {1}: mean Dice difference {2} over {3} images (95 % CI {4} to {5}, {6}). ",
    ).format(
        a, b, numbers.signed(mean, 4), numbers.integer(n), numbers.signed(interval[0], 4),
        numbers.signed(interval[1], 4), p_text,
    )  # fmt: skip
    if interval[0] > 0 or interval[1] < 0:
        better = a if mean > 0 else b
        return text + QCoreApplication.translate(
            "EvaluationSummary", "{0} scores higher on these images."
        ).format(better)
    return text + QCoreApplication.translate(
        "EvaluationSummary", "No clear difference on these images."
    )


def comparison_sentence(name: str, entry: dict[str, Any], comparison: dict[str, Any]) -> str:
    n = entry["n"]
    if comparison.get("measured") == "dice_model_res":
        where = QCoreApplication.translate("EvaluationSummary", "at model resolution")
    else:
        where = QCoreApplication.translate("EvaluationSummary", "at image size")
    low, high = comparison["ci95"]
    count = comparison.get("recorded_frames")
    values = dict(
        name=name, recorded=record_name(comparison["recorded"]),
        recorded_dice=numbers.fixed(comparison["recorded_dice"], 4),
        count=numbers.integer(count) if count else "",
        measured=numbers.fixed(comparison["measured_dice"], 4), where=where,
        n=numbers.integer(n), low=numbers.fixed(low, 4), high=numbers.fixed(high, 4),
        difference=numbers.signed(comparison["difference"], 4),
    )  # fmt: skip
    if count:
        text = QCoreApplication.translate(
            "EvaluationSummary",
            "{name}: recorded {recorded} Dice {recorded_dice} on {count} images; measured here "
            "{measured} {where} on {n} images (95 % CI {low}–{high}), difference {difference}. ",
        ).format(**values)
    else:
        text = QCoreApplication.translate(
            "EvaluationSummary",
            "{name}: recorded {recorded} Dice {recorded_dice}; measured here {measured} {where} "
            "on {n} images (95 % CI {low}–{high}), difference {difference}. ",
        ).format(**values)
    if abs(comparison["difference"]) < MATCH_TOLERANCE:
        return text + QCoreApplication.translate(
            "EvaluationSummary",
            "Reproduced: the measured mean matches the recorded value to {0} (a match this close "
            "is expected only on the very images it was recorded on).",
        ).format(numbers.scientific(abs(comparison["difference"]), 1))
    if comparison.get("recorded_inside_ci"):
        return text + QCoreApplication.translate(
            "EvaluationSummary",
            "Reproduced within sampling error: the recorded value lies inside the interval "
            "(only the very images it was recorded on can reproduce it exactly).",
        )
    text += QCoreApplication.translate(
        "EvaluationSummary",
        "Not reproduced within the sampling error of these images: the recorded value lies "
        "outside the interval. Either these images differ from the ones it was recorded on "
        "(another source, another mix of easy, hard or empty images, another labelling), or the "
        "deployed pipeline differs from training (`verify` checks the pipeline).",
    )
    empty = entry["empty_ground_truth"]["images"]
    recorded_empty = comparison.get("recorded_empty_frames")
    if isinstance(recorded_empty, int) and count:
        text += QCoreApplication.translate(
            "EvaluationSummary",
            " Empty images (no foreground: Dice 1 or 0, nothing between): {0} of {1} here ({2}%), "
            "{3} of {4} in the recorded set ({5}%).",
        ).format(
            numbers.integer(empty), numbers.integer(n), numbers.fixed(100 * empty / n, 0),
            numbers.integer(recorded_empty), numbers.integer(count),
            numbers.fixed(100 * recorded_empty / count, 0),
        )  # fmt: skip
    return text


def verdict_text(entry: dict[str, Any]) -> str:
    """core's `verdict` for one model entry of summary.json, sentence by sentence."""
    name, n = entry.get("name", ""), entry.get("n", 0)
    if not n:
        return QCoreApplication.translate(
            "EvaluationSummary", "{0}: no image could be scored, so nothing can be compared."
        ).format(name)
    sentences = [comparison_sentence(name, entry, c) for c in entry.get("comparison", [])]
    if not sentences:
        sentences.append(
            QCoreApplication.translate(
                "EvaluationSummary",
                "{0}: mean Dice {1} on {2} images; the package records no validation Dice to "
                "compare with.",
            ).format(name, numbers.fixed(entry["mean"]["dice"], 4), numbers.integer(n))
        )
    empty = entry.get("empty_ground_truth") or {}
    if empty.get("images"):
        text = QCoreApplication.translate(
            "EvaluationSummary",
            "{0} of the {1} images have no ground-truth foreground; {2} of them got foreground "
            "predicted",
        ).format(
            numbers.integer(empty["images"]), numbers.integer(n),
            numbers.integer(empty.get("with_false_positive", 0)),
        )  # fmt: skip
        if empty.get("with_false_positive"):
            text += QCoreApplication.translate(
                "EvaluationSummary", " (Dice 0 each, {0} off the mean)"
            ).format(numbers.fixed(empty["with_false_positive"] / n, 3))
        with_fg = entry.get("mean_dice_with_foreground")
        if with_fg is not None:
            text += QCoreApplication.translate(
                "EvaluationSummary", "; mean Dice over the images with foreground: {0}"
            ).format(numbers.fixed(with_fg, 4))
        sentences.append(text + ".")
    return " ".join(sentences)
