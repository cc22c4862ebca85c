"""Reading weights safely (DESIGN §3): tensors only, pickled code never runs, clear refusals."""

from __future__ import annotations

import builtins
import os
import pickle
import zipfile

import pytest
import torch
from safetensors.torch import save_file

from desktop.core.checkpoint import build_network, load_into, normalize_state_dict, read_state_dict
from desktop.core.errors import ModelPackageError

# ---------------------------------------------------------------------------------------------
# Hostile pickles: each would create the sentinel file if its code ran.
# ---------------------------------------------------------------------------------------------


class RunsShell:
    def __init__(self, sentinel):
        self.sentinel = str(sentinel)

    def __reduce__(self):
        return (os.system, (f"touch '{self.sentinel}'",))


class RunsPython:
    def __init__(self, sentinel):
        self.sentinel = str(sentinel)

    def __reduce__(self):
        return (builtins.exec, (f"open({self.sentinel!r}, 'w').write('pwned')",))


def _hostile_zip(path, sentinel):
    """The modern torch.save format, with a tensor next to the payload (looks like weights)."""
    torch.save({"encoder.conv1.weight": torch.zeros(2), "payload": RunsShell(sentinel)}, path)


def _hostile_wrapped(path, sentinel):
    torch.save({"state_dict": {"w": torch.ones(1)}, "epoch": RunsPython(sentinel)}, path)


def _hostile_legacy(path, sentinel):
    torch.save({"w": RunsShell(sentinel)}, path, _use_new_zipfile_serialization=False)


def _hostile_plain_pickle(path, sentinel):
    with open(path, "wb") as handle:
        pickle.dump({"w": RunsPython(sentinel)}, handle, protocol=4)


HOSTILE = {
    "zip-os-system": _hostile_zip,
    "zip-builtins-exec": _hostile_wrapped,
    "legacy-torch-format": _hostile_legacy,
    "plain-pickle": _hostile_plain_pickle,
}


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("suffix", [".pth", ".pt"])
def test_hostile_pickle_is_refused_and_never_runs(kind, suffix, tmp_path):
    sentinel = tmp_path / "SENTINEL"
    path = tmp_path / f"evil{suffix}"
    HOSTILE[kind](path, sentinel)
    assert not sentinel.exists()

    with pytest.raises(ModelPackageError) as caught:
        read_state_dict(path)

    assert not sentinel.exists(), "pickled code ran"
    message = str(caught.value)
    assert str(path) in message
    assert "Refused" in message and "could run code" in message
    assert "weights_only` set to `False`" not in message  # never advise the unsafe way round
    assert "Traceback" not in message


def test_sentinel_payload_really_works_when_unpickled_unsafely(tmp_path):
    """Proves the hostile files above are live: an unsafe load *would* create the sentinel."""
    sentinel = tmp_path / "SENTINEL"
    path = tmp_path / "evil.pkl"
    _hostile_plain_pickle(path, sentinel)
    with open(path, "rb") as handle:
        pickle.load(handle)  # noqa: S301 - deliberately unsafe, on our own test payload
    assert sentinel.read_text() == "pwned"


# ---------------------------------------------------------------------------------------------
# Damaged and non-weight files.
# ---------------------------------------------------------------------------------------------


def _good_pth(path):
    torch.save({"a.weight": torch.arange(4096, dtype=torch.float32)}, path)
    return path.read_bytes()


def _make(kind, tmp_path):
    if kind == "missing":
        return tmp_path / "missing.pth", "does not exist"
    if kind == "empty":
        (tmp_path / "empty.pth").write_bytes(b"")
        return tmp_path / "empty.pth", "empty"
    if kind == "truncated-pth":
        data = _good_pth(tmp_path / "good.pth")
        (tmp_path / "cut.pth").write_bytes(data[: len(data) // 2])
        return tmp_path / "cut.pth", "Cannot read checkpoint"
    if kind == "garbage-pth":
        (tmp_path / "garbage.pth").write_bytes(bytes(range(7, 256)) * 40)
        return tmp_path / "garbage.pth", "Cannot read checkpoint"
    if kind == "text-pth":
        (tmp_path / "notes.pth").write_text("hello, these are not weights\n")
        return tmp_path / "notes.pth", "Cannot read checkpoint"
    if kind == "zip-but-not-torch":
        with zipfile.ZipFile(tmp_path / "archive.pth", "w") as archive:
            archive.writestr("readme.txt", "hi")
        return tmp_path / "archive.pth", "Cannot read checkpoint"
    if kind == "truncated-safetensors":
        save_file({"a": torch.zeros(1000)}, str(tmp_path / "good.safetensors"))
        data = (tmp_path / "good.safetensors").read_bytes()
        (tmp_path / "cut.safetensors").write_bytes(data[: len(data) - 100])
        return tmp_path / "cut.safetensors", "safetensors"
    if kind == "garbage-safetensors":
        (tmp_path / "garbage.safetensors").write_bytes(bytes(range(256)) * 8)
        return tmp_path / "garbage.safetensors", "safetensors"
    if kind == "empty-dict":
        torch.save({}, tmp_path / "nothing.pth")
        return tmp_path / "nothing.pth", "no model weights"
    if kind == "non-tensor-entries":
        torch.save({"a": torch.zeros(1), "epoch": 3, "note": "x"}, tmp_path / "mixed.pth")
        return tmp_path / "mixed.pth", "not a plain state_dict"
    raise AssertionError(kind)


BAD = [
    "missing", "empty", "truncated-pth", "garbage-pth", "text-pth", "zip-but-not-torch",
    "truncated-safetensors", "garbage-safetensors", "empty-dict", "non-tensor-entries",
]  # fmt: skip


@pytest.mark.parametrize("kind", BAD)
def test_unusable_files_give_a_clear_error(kind, tmp_path):
    path, reason = _make(kind, tmp_path)
    with pytest.raises(ModelPackageError) as caught:
        read_state_dict(path)
    message = str(caught.value)
    assert str(path) in message, message
    assert reason in message, message
    assert "Refused" not in message, "a damaged file is not a hostile one"
    assert len(message) < 600, message


# ---------------------------------------------------------------------------------------------
# Accepted shapes.
# ---------------------------------------------------------------------------------------------

STATE = {
    "encoder.conv1.weight": torch.arange(12, dtype=torch.float32).reshape(3, 4),
    "encoder.bn1.num_batches_tracked": torch.tensor(7),
    "segmentation_head.0.bias": torch.tensor([0.25]),
}


def _same(a, b):
    return a.keys() == b.keys() and all(
        torch.equal(a[k], b[k]) and a[k].dtype == b[k].dtype for k in a
    )


@pytest.mark.parametrize(
    "wrapped",
    [
        STATE,
        {"model_state_dict": STATE, "epoch": 12, "optimizer_state_dict": {"state": {}}},
        {"state_dict": STATE, "best_dice": 0.81},
        {f"module.{k}": v for k, v in STATE.items()},
        {f"model.{k}": v for k, v in STATE.items()},
        {"state_dict": {f"model.{k}": v for k, v in STATE.items()}},  # Lightning
        {f"module._orig_mod.{k}": v for k, v in STATE.items()},  # DataParallel + torch.compile
    ],
    ids=["bare", "model_state_dict", "state_dict", "module.", "model.", "lightning", "compiled"],
)
def test_notebook_checkpoint_shapes_are_unwrapped(wrapped, tmp_path):
    path = tmp_path / "ckpt.pth"
    torch.save(wrapped, path)
    assert _same(read_state_dict(path), STATE)


def test_safetensors_are_accepted(tmp_path):
    path = tmp_path / "weights.safetensors"
    save_file(STATE, str(path))
    assert _same(read_state_dict(path), STATE)


def test_prefix_is_only_stripped_when_every_key_has_it(tmp_path):
    state = {"model.a": torch.zeros(1), "encoder.b": torch.zeros(1)}
    assert set(normalize_state_dict(state, tmp_path)) == {"model.a", "encoder.b"}


# ---------------------------------------------------------------------------------------------
# Strict loading with a readable summary.
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def resnet18_unet():
    return build_network("Unet", "resnet18")


def test_load_into_summarises_missing_unexpected_and_wrong_shape(resnet18_unet, tmp_path):
    state = dict(resnet18_unet.state_dict())
    missing_key = "encoder.layer4.1.bn2.running_var"
    del state[missing_key]
    state["decoder.extra.weight"] = torch.zeros(3)
    state["segmentation_head.0.weight"] = torch.zeros(2, 16, 3, 3)
    source = tmp_path / "weights.pth"
    with pytest.raises(ModelPackageError) as caught:
        load_into(resnet18_unet, state, source)
    message = str(caught.value)
    assert str(source) in message
    assert "1 missing" in message and missing_key in message
    assert "1 unexpected" in message and "decoder.extra.weight" in message
    assert "1 of the wrong shape" in message and "segmentation_head.0.weight" in message
    assert "Traceback" not in message and len(message) < 1000


def test_load_into_widens_float16_and_is_strict_otherwise(resnet18_unet, tmp_path):
    state = {
        k: v.half() if v.is_floating_point() else v for k, v in resnet18_unet.state_dict().items()
    }
    target = build_network("Unet", "resnet18")
    load_into(target, state, tmp_path / "half.safetensors")
    for key, value in target.state_dict().items():
        assert value.dtype == resnet18_unet.state_dict()[key].dtype
        assert torch.equal(value, state[key].to(value.dtype))


def test_build_network_never_downloads_and_names_bad_input():
    with pytest.raises(ModelPackageError, match="Unknown architecture 'NoSuchNet'"):
        build_network("NoSuchNet", "resnet34")
    with pytest.raises(ModelPackageError, match="encoder 'resnet-nope'"):
        build_network("Unet", "resnet-nope")
