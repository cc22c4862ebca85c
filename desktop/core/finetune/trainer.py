"""The training loop: epochs over the reviewed images (plus replayed images of the base model's
site), BatchNorm statistics frozen, the held-out score after every epoch, the best epoch kept,
the state saved after every epoch so a stopped or killed run resumes exactly.

Determinism: the sample order of epoch e comes from `default_rng([seed, e])` and each sample's
augmentation from its own seed (`augment.seed_for`), the learning rate from the step number,
and torch runs with deterministic algorithms; there are no loader workers. A resumed run
therefore computes what an uninterrupted one would, bit for bit, on the same device with the
same thread count.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop.core.finetune.augment import seed_for
from desktop.core.finetune.data import LoadedPair
from desktop.core.finetune.request import EpochReport
from desktop.core.finetune.state import (
    TrainingState,
    load_state,
    read_tensors,
    save_state,
    unflatten_optimizer,
)
from desktop.core.finetune.status import Status, phase

KEEP_TOLERANCE = 0.01  # the keep hold-out may lose at most this much mean Dice


@dataclass(frozen=True)
class Settings:
    epochs: int
    batch_size: int
    learning_rate: float
    seed: int
    device: str  # torch device: cpu, cuda:0, mps
    precision: str  # fp32 | bf16 (autocast)
    threshold: float
    freeze_batchnorm: bool = True
    warmup_epochs: float = 1.0
    final_lr_fraction: float = 0.05
    # The pretrained encoder moves slower than the decoder: its features serve both sites, and
    # the fewer of them the new site rewrites, the less the old one forgets. None: one rate.
    encoder_learning_rate: float | None = None


@dataclass(frozen=True)
class Evaluated:
    """Images through the package's inference transform, with the truth at model resolution."""

    inputs: object  # torch.Tensor (N, 3, H, W)
    truths: object  # torch.Tensor (N, 1, H, W) float 0/1


@dataclass
class TrainOutcome:
    state: TrainingState
    best_weights: dict | None  # None when no epoch has finished
    stopped: bool


def prepare_evaluated(pairs: list[LoadedPair], inference) -> Evaluated:
    import torch

    from desktop.core.evaluation.runner import model_resolution_truth

    inputs, truths = [], []
    for loaded in pairs:
        inputs.append(inference(image=loaded.image)["image"])
        truth = model_resolution_truth(inference, loaded.image, loaded.mask >= 128)
        truths.append(torch.from_numpy(truth.astype(np.float32))[None])
    return Evaluated(torch.stack(inputs), torch.stack(truths))


def distilled(model, pairs: list[LoadedPair], inference) -> list[LoadedPair]:
    """The pairs with the (base) model's own probabilities as their masks, at each image's size:
    replayed towards them, the new model is pulled back to what the base did on its own site,
    its soft edges and its empty frames included, not merely to the masks."""
    import cv2
    import torch

    model.eval()
    out = []
    with torch.no_grad():
        for loaded in pairs:
            x = inference(image=loaded.image)["image"][None]
            probability = torch.sigmoid(model(x).float())[0, 0].numpy()
            height, width = loaded.image.shape[:2]
            probability = cv2.resize(probability, (width, height), interpolation=cv2.INTER_LINEAR)
            soft = np.clip(np.rint(probability * 255.0), 0, 255).astype(np.uint8)
            out.append(LoadedPair(loaded.pair, loaded.image, soft, soft=True))
    return out


def loss_function():
    import segmentation_models_pytorch as smp
    import torch

    bce = torch.nn.BCEWithLogitsLoss()
    dice = smp.losses.DiceLoss(mode="binary", from_logits=True)

    def loss(logits, target):
        logits = logits.float()  # the loss in fp32 whatever the autocast
        return bce(logits, target) + dice(logits, target)

    return loss


def freeze_batchnorm_statistics(model) -> None:
    """BatchNorm layers use the base model's running statistics and do not update them: with a
    few dozen images of a new site they would otherwise drift to it and the model forget the
    site it was made for (measured in issue 19: site-A Dice 0.96 → 0.20). Their scale and
    shift still learn."""
    import torch

    for module in model.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            module.eval()


def learning_rate(
    step: int, total_steps: int, warmup_steps: int, settings: Settings, base: float | None = None
) -> float:
    """Linear warm-up, then cosine down to `final_lr_fraction` of the rate (`base`, or
    settings.learning_rate)."""
    base = settings.learning_rate if base is None else base
    warm = min(1.0, (step + 1) / max(1, warmup_steps))
    progress = min(1.0, step / max(1, total_steps - 1))
    floor = settings.final_lr_fraction * base
    return warm * (floor + 0.5 * (base - floor) * (1.0 + math.cos(math.pi * progress)))


def autocast(settings: Settings):
    import torch

    if settings.precision == "bf16":
        return torch.autocast(device_type=settings.device.split(":")[0], dtype=torch.bfloat16)
    return contextlib.nullcontext()


def score(model, data: Evaluated | None, settings: Settings, loss_fn) -> tuple[float, float]:
    """(mean loss, mean per-image Dice at model resolution) with the deployment's rule,
    sigmoid > threshold; computed in fp32."""
    import torch

    if data is None or len(data.inputs) == 0:
        return math.nan, math.nan
    model.eval()
    losses, dices = [], []
    with torch.no_grad():
        for start in range(0, len(data.inputs), 8):
            x = data.inputs[start : start + 8].to(settings.device)
            x = x.contiguous(memory_format=torch.channels_last)
            truth = data.truths[start : start + 8].to(settings.device)
            logits = model(x).float()
            for i in range(len(x)):
                losses.append(float(loss_fn(logits[i : i + 1], truth[i : i + 1])))
                predicted = torch.sigmoid(logits[i]) > settings.threshold
                expected = truth[i] > 0.5
                both = int((predicted & expected).sum())
                total = int(predicted.sum()) + int(expected.sum())
                dices.append(1.0 if total == 0 else 2.0 * both / total)
    return float(np.mean(losses)), float(np.mean(dices))


def train(
    model,
    train_set: list[LoadedPair],
    replay_set: list[LoadedPair],
    holdout: Evaluated,
    keep_holdout: Evaluated | None,
    transform,
    settings: Settings,
    folder,
    fingerprint: str,
    on_epoch: Callable[[EpochReport], None],
    on_status: Callable[[Status], None],
    should_stop: Callable[[], bool],
) -> TrainOutcome:
    import torch

    loss_fn = loss_function()
    model.to(settings.device).to(memory_format=torch.channels_last)
    groups = parameter_groups(model, settings)
    optimizer = torch.optim.Adam([{"params": params} for params, _ in groups])
    group_rates = [rate for _, rate in groups]
    state, note = load_state(folder, fingerprint)
    best_weights = None
    if state is None:
        state = TrainingState(fingerprint)
        on_status(phase("scoring_base", "scoring the base model on the held-out images…"))
        base_loss, base_dice = score(model, holdout, settings, loss_fn)
        _, base_keep = score(model, keep_holdout, settings, loss_fn)
        state.base_scores = {
            "holdout_loss": base_loss,
            "holdout_dice": base_dice,
            "keep_dice": None if keep_holdout is None else base_keep,
        }
        on_status(phase(
            "base_scored",
            f"base model: held-out Dice {base_dice:.4f} at model resolution"
            + ("" if keep_holdout is None else f", keep hold-out Dice {base_keep:.4f}"),
            base_dice, None if keep_holdout is None else base_keep,
        ))  # fmt: skip
    else:
        model.load_state_dict(read_tensors(folder, state.weights_file))
        optimizer.load_state_dict(
            unflatten_optimizer(read_tensors(folder, state.optimizer_file), state.param_groups)
        )
        if state.best_file:
            best_weights = read_tensors(folder, state.best_file)
    if note is not None:
        on_status(note)

    per_epoch = samples_per_epoch(train_set, replay_set)
    steps_per_epoch = math.ceil(per_epoch / settings.batch_size)
    if not settings.freeze_batchnorm and per_epoch > settings.batch_size:
        # BatchNorm learning statistics from a last batch of one or two images would be
        # noise (and one image cannot be normalised at the network's 1×1 bottom at all):
        # the short remainder, a different one each epoch, waits for the next epoch.
        steps_per_epoch = per_epoch // settings.batch_size
    total_steps = steps_per_epoch * settings.epochs
    warmup = round(settings.warmup_epochs * steps_per_epoch)
    base_keep = state.base_scores.get("keep_dice")
    stopped = False
    with _deterministic():
        while state.epoch < settings.epochs:
            epoch = state.epoch  # 0-based epoch about to run
            started = time.perf_counter()
            samples = _epoch_samples(train_set, replay_set, settings.seed, epoch)
            model.train()
            if settings.freeze_batchnorm:
                freeze_batchnorm_statistics(model)
            losses = []
            for batch_index in range(steps_per_epoch):
                if should_stop():
                    stopped = True
                    break
                chunk = samples[batch_index * settings.batch_size :][: settings.batch_size]
                x, y = _batch(chunk, transform, settings.seed, epoch, batch_index, settings)
                step = epoch * steps_per_epoch + batch_index
                for group, rate in zip(optimizer.param_groups, group_rates, strict=True):
                    group["lr"] = learning_rate(step, total_steps, warmup, settings, rate)
                optimizer.zero_grad(set_to_none=True)
                with autocast(settings):
                    logits = model(x)
                loss = loss_fn(logits, y)
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            if stopped:
                break
            holdout_loss, holdout_dice = score(model, holdout, settings, loss_fn)
            _, keep_dice = score(model, keep_holdout, settings, loss_fn)
            keep_ok = keep_holdout is None or keep_dice >= base_keep - KEEP_TOLERANCE
            current = [float(keep_ok), holdout_dice]
            improved = state.best_score is None or current > state.best_score
            if improved:
                state.best_score, state.best_epoch = current, epoch + 1
                best_weights = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
            seconds = time.perf_counter() - started
            state.seconds += seconds
            state.epoch = epoch + 1
            state.history.append({
                "epoch": state.epoch,
                "train_loss": float(np.mean(losses)),
                "holdout_loss": holdout_loss,
                "holdout_dice": holdout_dice,
                "keep_dice": None if keep_holdout is None else keep_dice,
                "seconds": round(seconds, 3),
            })  # fmt: skip
            save_state(
                folder, state, model.state_dict(), optimizer.state_dict(),
                best_weights if improved else None,
            )  # fmt: skip
            pace = state.seconds / state.epoch
            on_epoch(
                EpochReport(
                    epoch=state.epoch, epochs=settings.epochs, train_loss=float(np.mean(losses)),
                    holdout_loss=holdout_loss, holdout_dice=holdout_dice,
                    best_dice=state.best_score[1],
                    keep_dice=None if keep_holdout is None else keep_dice, seconds=seconds,
                    eta_seconds=pace * (settings.epochs - state.epoch),
                )  # fmt: skip
            )
            if should_stop() and state.epoch < settings.epochs:
                stopped = True
                break
    return TrainOutcome(state, best_weights, stopped)


def parameter_groups(model, settings: Settings) -> list[tuple[list, float]]:
    """[(parameters, base rate)]: the encoder's at `encoder_learning_rate`, the rest (decoder,
    head) at `learning_rate`; one group when the rates are the same or there is no encoder."""
    encoder = getattr(model, "encoder", None)
    rate = settings.learning_rate
    encoder_rate = settings.encoder_learning_rate
    if encoder is None or encoder_rate is None or encoder_rate == rate:
        return [(list(model.parameters()), rate)]
    inside = {id(p) for p in encoder.parameters()}
    return [
        ([p for p in model.parameters() if id(p) in inside], encoder_rate),
        ([p for p in model.parameters() if id(p) not in inside], rate),
    ]


def samples_per_epoch(train_set, replay_set) -> int:
    return len(train_set) * (2 if replay_set else 1)


def _epoch_samples(train_set, replay_set, seed: int, epoch: int) -> list[LoadedPair]:
    """Every training image once, shuffled; with replay, each followed by a replayed image, so
    every batch is half new site, half old (1:1 whatever the two sets' sizes: the replayed
    images are drawn afresh each epoch, each of them as evenly often as the counts allow). The
    same list for the same seed and epoch."""
    rng = np.random.default_rng([seed, epoch])
    order = [train_set[int(i)] for i in rng.permutation(len(train_set))]
    if not replay_set:
        return order
    rounds = math.ceil(len(order) / len(replay_set))
    drawn = np.concatenate([rng.permutation(len(replay_set)) for _ in range(rounds)])
    samples = []
    for new, old in zip(order, drawn[: len(order)], strict=True):
        samples += [new, replay_set[int(old)]]
    return samples


def _batch(chunk, transform, seed: int, epoch: int, batch_index: int, settings: Settings):
    import torch

    images, targets = [], []
    for offset, loaded in enumerate(chunk):
        transform.set_random_seed(seed_for(seed, epoch, batch_index * 1000 + offset))
        out = transform(image=loaded.image, mask=loaded.mask)
        images.append(out["image"])
        mask = out["mask"]
        mask = mask if isinstance(mask, torch.Tensor) else torch.from_numpy(np.asarray(mask))
        target = mask.float() / 255.0 if loaded.soft else (mask > 127).float()
        targets.append(target.reshape(1, *mask.shape[-2:]))
    x = torch.stack(images).to(settings.device).contiguous(memory_format=torch.channels_last)
    return x, torch.stack(targets).to(settings.device)


@contextlib.contextmanager
def _deterministic():
    """Deterministic algorithms while training; the process's setting is put back after."""
    import torch

    previous = torch.are_deterministic_algorithms_enabled()
    previous_warn = torch.is_deterministic_algorithms_warn_only_enabled()
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(previous, warn_only=previous_warn)
