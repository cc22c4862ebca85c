"""Core's fine-tune statuses (`desktop.core.finetune.status`) in the user's language.

Core words its phases and notes in English for the console; here each key has the app's own
translated wording, filled with the status's values. A key this module does not know (a core
newer than its interface) falls back to core's English rather than to nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.ui.i18n import numbers

MAX_LISTED = 4  # files named one by one in a window; the rest are counted


def listed(heading: str, items: list[str]) -> str:
    """`heading`, then the first MAX_LISTED items as bullets and "… and N more." for the rest:
    readable in the window itself, not only on hover."""
    shown = items[:MAX_LISTED]
    lines = [heading] + [f"• {item}" for item in shown]
    if len(items) > len(shown):
        more = QCoreApplication.translate("FinetuneStatus", "… and {0} more.")
        lines.append(more.format(len(items) - len(shown)))
    return "\n".join(lines)


def translated(update) -> str:
    """One sentence for `update` (core Status)."""
    wording = WORDINGS.get(update.key)
    return update.text if wording is None else wording(*update.values)


def _base_scored(dice: float, keep_dice: float | None) -> str:
    if keep_dice is None:
        return QCoreApplication.translate(
            "FinetuneStatus", "Base model: held-out Dice {0}."
        ).format(numbers.fixed(dice, 3))
    return QCoreApplication.translate(
        "FinetuneStatus",
        "Base model: held-out Dice {0}; on the original site's held-out images {1}.",
    ).format(numbers.fixed(dice, 3), numbers.fixed(keep_dice, 3))


def _training(train: int, replayed: int, held_out: int, keep_held_out: int, epochs: int) -> str:
    if not replayed:
        return QCoreApplication.translate(
            "FinetuneStatus", "Training on {0} reviewed images for {1} epochs; {2} are held out."
        ).format(train, epochs, held_out)
    return QCoreApplication.translate(
        "FinetuneStatus",
        "Training on {0} reviewed images and {1} of the original site for {2} epochs; {3} and "
        "{4} are held out.",
    ).format(train, replayed, epochs, held_out, keep_held_out)


WORDINGS = {
    "reading": lambda: QCoreApplication.translate("FinetuneStatus", "Reading the images…"),
    "hashing": lambda: QCoreApplication.translate("FinetuneStatus", "Hashing the inputs…"),
    "distilling": lambda: QCoreApplication.translate(
        "FinetuneStatus", "Computing the base model's own masks for the replayed images…"
    ),
    "scoring_base": lambda: QCoreApplication.translate(
        "FinetuneStatus", "Scoring the base model on the held-out images…"
    ),
    "base_scored": _base_scored,
    "training": _training,
    "evaluating": lambda: QCoreApplication.translate(
        "FinetuneStatus", "Evaluating the base and the new model on the held-out images…"
    ),
    "evaluating_keep": lambda: QCoreApplication.translate(
        "FinetuneStatus",
        "Evaluating the base and the new model on the original site's held-out images…",
    ),
    "writing": lambda folder: QCoreApplication.translate(
        "FinetuneStatus", "Writing the model package '{0}'…"
    ).format(folder),
    "resuming": lambda epoch: QCoreApplication.translate(
        "FinetuneStatus", "Resuming after epoch {0} of the stopped run."
    ).format(epoch),
    "restarting": lambda reason: QCoreApplication.translate(
        "FinetuneStatus", "Starting again from the base model: {0}."
    ).format(reason),
    "skipped": lambda problem: QCoreApplication.translate("FinetuneStatus", "Left out: {0}").format(
        problem
    ),
    "no_keep": lambda: QCoreApplication.translate(
        "FinetuneStatus",
        "No images of the original site were given, so whether the new model forgets the site "
        "the base model was made for is not checked. The new package records this.",
    ),
    "weak_keep": lambda held_out, advised: QCoreApplication.translate(
        "FinetuneStatus",
        "Forgetting is checked on only {0} held-out images of the original site. A check this "
        "small can miss a new model that marks lesion-free images of that site it has not "
        "seen: give at least {1} labelled images of that site, lesion-free ones among them, or "
        "evaluate the new model on more of them.",
    ).format(held_out, advised),
}
