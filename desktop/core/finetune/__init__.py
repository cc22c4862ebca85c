"""Fine-tuning a model from reviewed masks (DESIGN §12), without Qt.

    reviewed = scan_reviewed(REVIEWED, IMAGES)          # counts for a dialog; no torch
    outcome = run_finetune(FinetuneRequest(REVIEWED, IMAGES, base="demo-unet-resnet34",
                                           name="demo-unet-site-b"),
                           on_epoch=..., on_status=..., should_stop=...)

`on_status` receives `status.Status` values: a phase, or a note that qualifies the result
(`is_note`), each with the console's English text and a key + values an interface words itself.
`data` pairs the accepted rows of review.csv with their images and splits off a seeded
hold-out; `augment` makes the training transform from the base's; `trainer` runs the epochs
(BatchNorm statistics frozen, best epoch kept, state saved each epoch for a resume); `state`
stores that state (safetensors + JSON); `run` checks the request, trains, evaluates base and
new model on the hold-out with `core.evaluation` and writes the package only when it is not
worse. FinetuneError: the run cannot start (exit 2).
"""

from desktop.core.finetune.data import ReviewedSet, scan_reviewed
from desktop.core.finetune.request import (
    EpochReport,
    FinetuneError,
    FinetuneOutcome,
    FinetuneRequest,
)
from desktop.core.finetune.run import DEFAULT_EPOCHS, plan_finetune, run_finetune

__all__ = [
    "DEFAULT_EPOCHS",
    "EpochReport",
    "FinetuneError",
    "FinetuneOutcome",
    "FinetuneRequest",
    "ReviewedSet",
    "plan_finetune",
    "run_finetune",
    "scan_reviewed",
]
