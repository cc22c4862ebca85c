"""The fine-tune's resumable state in `<models>/<NAME>.finetune/state/`: tensors in safetensors,
everything else in JSON, never pickle.

`state.json` is written last and names the files of its epoch, so a run killed at any moment
leaves either the previous epoch's complete state or the new one, never a mixture.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.atomic import write_bytes_atomic, write_text_atomic
from desktop.core.finetune.status import Status, phase

STATE_FOLDER = "state"
STATE_NAME = "state.json"


@dataclass
class TrainingState:
    fingerprint: str  # what the run is made of; another fingerprint starts afresh
    epoch: int = 0  # epochs finished
    seconds: float = 0.0  # training wall time, summed over resumes
    history: list[dict[str, Any]] = field(default_factory=list)
    best_epoch: int = 0
    best_score: list[float] | None = None  # (keep condition met, held-out Dice): larger is better
    base_scores: dict[str, Any] = field(default_factory=dict)  # epoch 0: the base model
    param_groups: list[dict[str, Any]] = field(default_factory=list)
    weights_file: str = ""
    optimizer_file: str = ""
    best_file: str = ""


def load_state(folder: Path, fingerprint: str) -> tuple[TrainingState | None, Status | None]:
    """(state, what to say): the saved state when it belongs to this fingerprint, else None and
    why it starts again (None to say when there was nothing saved)."""
    path = folder / STATE_FOLDER / STATE_NAME
    if not path.is_file():
        return None, None
    try:
        data = json.loads(path.read_text("utf-8"))
        state = TrainingState(**data)
    except (OSError, ValueError, TypeError) as exc:
        return None, _restarting(f"the saved state '{path}' cannot be read ({exc})")
    if state.fingerprint != fingerprint:
        return None, _restarting("the images, base model or settings differ from the stopped run's")
    missing = [
        name
        for name in (state.weights_file, state.optimizer_file, state.best_file)
        if name and not (folder / STATE_FOLDER / name).is_file()
    ]
    if missing:
        return None, _restarting(f"the saved state lacks {', '.join(missing)}")
    return state, phase(
        "resuming", f"resuming after epoch {state.epoch} (of the stopped run)", state.epoch
    )


def _restarting(reason: str) -> Status:
    return phase("restarting", f"{reason}: starting again from the base model", reason)


def save_state(
    folder: Path,
    state: TrainingState,
    weights: dict,
    optimizer: dict,
    best: dict | None,
) -> None:
    """Write this epoch's tensors under new names, then `state.json`, then drop older files."""
    from safetensors.torch import save

    where = folder / STATE_FOLDER
    where.mkdir(parents=True, exist_ok=True)
    tag = f"{state.epoch:04d}"
    state.weights_file = f"weights-{tag}.safetensors"
    state.optimizer_file = f"optimizer-{tag}.safetensors"
    write_bytes_atomic(where / state.weights_file, save(_contiguous(weights)))
    tensors, groups = flatten_optimizer(optimizer)
    write_bytes_atomic(where / state.optimizer_file, save(tensors))
    state.param_groups = groups
    if best is not None:
        state.best_file = f"best-{tag}.safetensors"
        write_bytes_atomic(where / state.best_file, save(_contiguous(best)))
    write_text_atomic(where / STATE_NAME, json.dumps(state.__dict__, indent=1) + "\n")
    keep = {STATE_NAME, state.weights_file, state.optimizer_file, state.best_file}
    for old in where.iterdir():
        if old.name not in keep and old.suffix == ".safetensors":
            old.unlink(missing_ok=True)


def read_tensors(folder: Path, name: str) -> dict:
    from safetensors.torch import load_file

    return load_file(str(folder / STATE_FOLDER / name), device="cpu")


def flatten_optimizer(optimizer_state: dict) -> tuple[dict, list[dict[str, Any]]]:
    """An optimizer's state_dict as flat tensors (`<param>.<key>`) plus its JSON param groups."""
    import torch

    tensors = {}
    for index, values in optimizer_state["state"].items():
        for key, value in values.items():
            tensor = value if isinstance(value, torch.Tensor) else torch.tensor(value)
            tensors[f"{index}.{key}"] = tensor.detach().cpu().contiguous().clone()
    return tensors, json.loads(json.dumps(optimizer_state["param_groups"]))


def unflatten_optimizer(tensors: dict, groups: list[dict[str, Any]]) -> dict:
    state: dict[int, dict] = {}
    for name, tensor in tensors.items():
        index, key = name.split(".", 1)
        state.setdefault(int(index), {})[key] = tensor
    return {"state": state, "param_groups": groups}


def _contiguous(state: dict) -> dict:
    return {key: value.detach().cpu().contiguous().clone() for key, value in state.items()}
