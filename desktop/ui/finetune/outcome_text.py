"""The end of a fine-tune in words: the verdict and the held-out comparison (plain functions)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.ui.i18n import numbers


def verdict(outcome, name: str) -> str:
    """One sentence: written, not better, or stopped."""
    if outcome.stopped_early:
        return QCoreApplication.translate(
            "FinetuneOutcome",
            "Stopped. The best checkpoint so far is kept: start the same fine-tune again to "
            "resume it. No model was written.",
        )
    if outcome.written:
        return QCoreApplication.translate(
            "FinetuneOutcome",
            "'{0}' is better on the held-out images and was written to your models.",
        ).format(name)
    return QCoreApplication.translate(
        "FinetuneOutcome",
        "The fine-tuned model is not better than the base model on the held-out images, so "
        "nothing was written. The report shows the comparison.",
    )


def epochs_run(outcome) -> str:
    """How far training went: core's `epochs_run` and `best_epoch` (0 when it does not say)."""
    run, best = getattr(outcome, "epochs_run", 0), getattr(outcome, "best_epoch", 0)
    if outcome.stopped_early:
        return QCoreApplication.translate("FinetuneOutcome", "Stopped by Cancel.")
    if not run:
        return QCoreApplication.translate("FinetuneOutcome", "Finished.")
    if not best:
        return QCoreApplication.translate("FinetuneOutcome", "Trained for {0} epoch(s).").format(
            run
        )
    return QCoreApplication.translate(
        "FinetuneOutcome", "Trained for {0} epoch(s); the best held-out Dice came at epoch {1}."
    ).format(run, best)


def p_text(p_value: float | None) -> str:
    if p_value is None:
        return QCoreApplication.translate("FinetuneOutcome", "p not computed")
    if p_value < 0.0001:
        text = QCoreApplication.translate("FinetuneOutcome", "p < {0}")
        return text.format(numbers.fixed(0.0001, 4))
    return QCoreApplication.translate("FinetuneOutcome", "p = {0}").format(
        numbers.fixed(p_value, 4)
    )


def base_to_new(base: float, new: float) -> str:
    text = QCoreApplication.translate("FinetuneOutcome", "base {0} → new {1}")
    return text.format(numbers.fixed(base, 3), numbers.fixed(new, 3))


def comparison_rows(outcome) -> list[tuple[str, str]]:
    """(label, value) lines: held-out Dice base → new, the difference with its interval and p,
    and the original site's Dice when keep images were given."""
    low, high = outcome.interval
    difference = QCoreApplication.translate(
        "FinetuneOutcome", "{0} (95 % interval {1} to {2}), {3}"
    )
    rows = [
        (
            QCoreApplication.translate("FinetuneOutcome", "Held-out Dice"),
            base_to_new(outcome.base_dice, outcome.new_dice),
        ),
        (
            QCoreApplication.translate("FinetuneOutcome", "Difference"),
            difference.format(
                numbers.signed(outcome.difference, 3),
                numbers.signed(low, 3),
                numbers.signed(high, 3),
                p_text(outcome.p_value),
            ),
        ),
    ]
    if outcome.keep_base_dice is not None and outcome.keep_new_dice is not None:
        rows.append((
            QCoreApplication.translate("FinetuneOutcome", "Original site Dice"),
            base_to_new(outcome.keep_base_dice, outcome.keep_new_dice),
        ))  # fmt: skip
    else:
        rows.append((
            QCoreApplication.translate("FinetuneOutcome", "Original site"),
            QCoreApplication.translate(
                "FinetuneOutcome", "not checked (no keep images were given)"
            ),
        ))  # fmt: skip
    return rows
