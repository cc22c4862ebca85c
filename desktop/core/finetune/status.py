"""What a running fine-tune says: the phase it is in, or a note to keep in view (DESIGN §12).

`text` is the console's English line; `key` and `values` let an interface say the same in the
user's language (the app's progress window translates every key listed here, and keeps notes
in view for the whole run instead of letting the next phase replace them).
"""

from __future__ import annotations

from dataclasses import dataclass

# Passing phases: the next one replaces them.
PHASES = (
    "reading", "hashing", "distilling", "scoring_base", "base_scored", "training",
    "evaluating", "evaluating_keep", "writing", "resuming", "restarting",
)  # fmt: skip
# Notes: they qualify the result, so they stay in view.
NOTES = ("skipped", "no_keep", "weak_keep")


@dataclass(frozen=True)
class Status:
    key: str  # one of PHASES or NOTES
    text: str  # the console's line, English
    values: tuple = ()  # what an interface's own wording of `key` fills in, in order

    @property
    def is_note(self) -> bool:
        return self.key in NOTES

    def console(self) -> str:
        return f"note: {self.text}" if self.is_note else self.text


def phase(key: str, text: str, *values) -> Status:
    assert key in PHASES, key
    return Status(key, text, values)


def skipped(problem: str) -> Status:
    """A file of the reviewed folder or of --keep left out; `problem` names it and says why."""
    return Status("skipped", problem, (problem,))


def no_keep() -> Status:
    return Status(
        "no_keep",
        "without --keep, whether the new model forgets the site the base model was made for is "
        "not checked (the package records this).",
    )


def weak_keep(held_out: int, advised: int) -> Status:
    """Only `held_out` --keep images judge forgetting; `advised` is the hold-out that sufficed."""
    return Status(
        "weak_keep",
        f"forgetting was checked on only {held_out} held-out images of the base model's site: "
        "a check this small can miss a new model that marks lesion-free images of that site it "
        f"has not seen. Give --keep at least {2 * advised} labelled images of that site, "
        "lesion-free ones among them, or `evaluate` the new model on more of them.",
        (held_out, 2 * advised),
    )
