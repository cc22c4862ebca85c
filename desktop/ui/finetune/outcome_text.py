"""The end of a fine-tune in words: the verdict and the held-out comparison (plain functions)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.ui.i18n import numbers

CONTEXT = "FinetuneOutcome"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def verdict(outcome, name: str) -> str:
    """One sentence: written, not better, or stopped."""
    if outcome.stopped_early:
        return _tr(
            "Stopped. The best checkpoint so far is kept: start the same fine-tune again to "
            "resume it. No model was written."
        )
    if outcome.written:
        return _tr(
            "'{0}' is better on the held-out images and was written to your models."
        ).format(name)
    return _tr(
        "The fine-tuned model is not better than the base model on the held-out images, so "
        "nothing was written. The report shows the comparison."
    )


def p_text(p_value: float | None) -> str:
    if p_value is None:
        return _tr("p not computed")
    if p_value < 0.0001:
        return _tr("p < {0}").format(numbers.fixed(0.0001, 4))
    return _tr("p = {0}").format(numbers.fixed(p_value, 4))


def comparison_rows(outcome) -> list[tuple[str, str]]:
    """(label, value) lines: held-out Dice base → new, the difference with its interval and p,
    and the original site's Dice when keep images were given."""
    rows = [
        (_tr("Held-out Dice"), _tr("base {0} → new {1}").format(
            numbers.fixed(outcome.base_dice, 3), numbers.fixed(outcome.new_dice, 3))),
        (_tr("Difference"), _tr("{0} (95 % interval {1} to {2}), {3}").format(
            numbers.signed(outcome.difference, 3), numbers.signed(outcome.interval[0], 3),
            numbers.signed(outcome.interval[1], 3), p_text(outcome.p_value))),
    ]  # fmt: skip
    if outcome.keep_base_dice is not None and outcome.keep_new_dice is not None:
        rows.append((_tr("Original site Dice"), _tr("base {0} → new {1}").format(
            numbers.fixed(outcome.keep_base_dice, 3), numbers.fixed(outcome.keep_new_dice, 3))))
    else:
        rows.append((_tr("Original site"), _tr("not checked (no keep images were given)")))
    return rows
