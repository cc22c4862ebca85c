"""Session-wide test setup: offline, headless, and the shared (small, untrained) model packages.

Runs before any test module imports SegDesk, albumentations or Qt:

- `QT_QPA_PLATFORM=offscreen` and `NO_ALBUMENTATIONS_UPDATE=1` are set in the environment (and
  so inherited by every subprocess the tests start); `OMP_NUM_THREADS` defaults to 1.
- Every network socket is blocked for the whole session (DESIGN §6): connecting anything but an
  AF_UNIX socket, `socket.create_connection` and `socket.getaddrinfo` raise `NetworkBlockedError`.
  Each attempt is also recorded, and a test during which code tried the network (even code that
  swallowed the error) fails. `offline_subprocess_env` gives subprocesses the same block.

Model fixtures build each network once per session with a fixed seed; nothing is downloaded
(`encoder_weights=None`). Heavy imports happen inside the fixtures, so Qt-only tests pay nothing.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["NO_ALBUMENTATIONS_UPDATE"] = "1"
# One intra-op thread: on the shared 2-core test machine, OpenMP threads spinning against other
# load make a forward pass several times slower. Results do not depend on it (a test verifies
# packages with more threads than they were written with). Override by setting it yourself.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import socket  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from helpers import (  # noqa: E402 - tests/helpers.py: what tests import
    BLOCKED_ATTEMPTS,
    SUBPROCESS_MARKER,
    NetworkBlockedError,
    seed_val_transform,
    synthetic_rgb,
    write_rgb,
    write_test_image,
)

# ---------------------------------------------------------------------------------------------
# Offline: block the network for the whole session.
# ---------------------------------------------------------------------------------------------


def _blocked(what: str):
    BLOCKED_ATTEMPTS.append(what)
    raise NetworkBlockedError(f"network access blocked in SegDesk's tests: {what}")


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_unix(sock: socket.socket) -> bool:
    return getattr(socket, "AF_UNIX", None) is not None and sock.family == socket.AF_UNIX


def _guarded_connect(self, address):
    if _is_unix(self):
        return _real_connect(self, address)
    return _blocked(f"socket.connect({address!r})")


def _guarded_connect_ex(self, address):
    if _is_unix(self):
        return _real_connect_ex(self, address)
    return _blocked(f"socket.connect_ex({address!r})")


def _guarded_create_connection(address, *args, **kwargs):
    return _blocked(f"socket.create_connection({address!r})")


def _guarded_getaddrinfo(host, *args, **kwargs):
    return _blocked(f"socket.getaddrinfo({host!r})")


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
socket.create_connection = _guarded_create_connection  # type: ignore[assignment]
socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]

# The same block for child processes (`python -m desktop ...`): a sitecustomize module found
# first on PYTHONPATH. Subprocesses report attempts on stderr with this marker.
_SITECUSTOMIZE = f'''
import socket, sys

def _blocked(what):
    sys.stderr.write("{SUBPROCESS_MARKER}: " + what + "\\n")
    raise RuntimeError("network access blocked in SegDesk's tests: " + what)

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex

def _unix(sock):
    return getattr(socket, "AF_UNIX", None) is not None and sock.family == socket.AF_UNIX

def _connect(self, address):
    return _real_connect(self, address) if _unix(self) else _blocked("connect %r" % (address,))

def _connect_ex(self, address):
    if _unix(self):
        return _real_connect_ex(self, address)
    return _blocked("connect_ex %r" % (address,))

socket.socket.connect = _connect
socket.socket.connect_ex = _connect_ex
socket.create_connection = lambda address, *a, **k: _blocked("create_connection %r" % (address,))
socket.getaddrinfo = lambda host, *a, **k: _blocked("getaddrinfo %r" % (host,))
'''


@pytest.fixture(autouse=True)
def _no_network_attempts():
    """Fail a test during which anything tried the network, even if the error was swallowed."""
    before = len(BLOCKED_ATTEMPTS)
    yield
    attempts = BLOCKED_ATTEMPTS[before:]
    del BLOCKED_ATTEMPTS[before:]
    assert not attempts, f"code under test tried to use the network: {attempts}"


@pytest.fixture(scope="session")
def offline_subprocess_env(tmp_path_factory) -> dict[str, str]:
    """Environment for `python -m desktop ...` subprocesses: offline, headless, isolated models."""
    site_dir = tmp_path_factory.mktemp("offline-site")
    (site_dir / "sitecustomize.py").write_text(_SITECUSTOMIZE, "utf-8")
    env = dict(os.environ)
    # The checkout under test comes first: the venv's editable install may point at another one.
    checkout = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(
        [str(site_dir), checkout, *filter(None, [env.get("PYTHONPATH")])]
    )
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["NO_ALBUMENTATIONS_UPDATE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    # Keep a subprocess off the user's real data folders.
    env["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))
    env["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    env["SEGDESK_MODELS"] = str(tmp_path_factory.mktemp("no-user-models"))
    return env


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory, monkeypatch):
    """In-process code never sees (or fills) the real user's models, data and cache folders.
    The folders are shared by the session, so e.g. the fast engine's ONNX cache is reused."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("SEGDESK_MODELS", str(base / "user-models"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))


@pytest.fixture(scope="session", autouse=True)
def _free_disk_after_a_green_session(request, tmp_path_factory):
    """A session writes ~2 GB of weights (packages, checkpoints, ONNX graphs), all rebuilt on
    every run; after a green session delete them from the kept temp folders. Kept on failure."""
    yield
    if request.session.testsfailed:
        return
    for path in tmp_path_factory.getbasetemp().rglob("*"):
        weights = path.suffix in (".safetensors", ".pth", ".pt", ".onnx")
        if weights and path.is_file() and not path.is_symlink() and path.stat().st_size > 1e6:
            path.unlink()


# ---------------------------------------------------------------------------------------------
# Shared images and models (built once per session).
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def photos(tmp_path) -> Path:
    """An input folder for batch and CLI tests: PNG, JPEG (portrait) and BMP (tiny) images,
    files that are not images, and a subfolder only a recursive run reads."""
    folder = tmp_path / "photos"
    write_test_image(folder / "a.png", 48, 64, 1)
    write_test_image(folder / "b.jpg", 80, 30, 2)  # portrait
    write_test_image(folder / "c.bmp", 7, 9, 3)  # tiny
    (folder / "notes.txt").write_text("not an image")
    (folder / "README").write_text("no extension")
    (folder / "data.csv").write_text("a,b\n")
    write_test_image(folder / "sub" / "d.png", 20, 40, 4)  # only in recursive runs
    return folder


# name: (height, width, seed). Non-square, portrait, tiny, exactly the model size, JPEG and PNG.
SAMPLE_SPECS = {
    "landscape.png": (64, 96, 1),
    "portrait.jpg": (90, 48, 2),
    "tiny.png": (3, 5, 3),
    "square256.png": (256, 256, 4),
    "wide.jpg": (40, 150, 5),
    "odd.bmp": (37, 53, 6),
}


@pytest.fixture(scope="session")
def sample_images(tmp_path_factory) -> dict[str, Path]:
    import cv2

    folder = tmp_path_factory.mktemp("samples")
    jpeg = [cv2.IMWRITE_JPEG_QUALITY, 95]
    return {
        name: write_rgb(
            folder / name, synthetic_rgb(h, w, seed), jpeg if name.endswith(".jpg") else None
        )
        for name, (h, w, seed) in SAMPLE_SPECS.items()
    }


def build_network(architecture: str, encoder: str, seed: int, calibration_images=()):
    """An untrained smp network with a fixed seed, in eval mode.

    Untrained networks saturate (every probability 0 or 1). The segmentation head is rescaled
    so that, on the calibration images, logits have a spread of about 3 around 0: the
    probabilities straddle 0.5 and a consistency comparison means something.
    """
    import segmentation_models_pytorch as smp
    import torch

    torch.manual_seed(seed)
    network = getattr(smp, architecture)(
        encoder_name=encoder, encoder_weights=None, in_channels=3, classes=1, activation=None
    ).eval()
    if calibration_images:
        transform = seed_val_transform()
        batch = torch.stack([transform(image=image)["image"] for image in calibration_images])
        head = network.segmentation_head[0]
        with torch.no_grad():
            logits = network(batch)
            centre, scale = logits.median(), 3.0 / float(logits.std())
            head.weight.mul_(scale)
            head.bias.copy_(scale * (head.bias - centre))
    return network


@pytest.fixture(scope="session")
def make_network():
    """`make_network(architecture, encoder, seed, calibration_images=())` → untrained smp net."""
    return build_network


@dataclass(frozen=True)
class BuiltModel:
    network: object  # the torch module (float32, eval, CPU)
    architecture: str
    encoder: str
    checkpoint: Path  # the notebook's `torch.save(model.state_dict(), ...)`
    package_dir: Path  # written with desktop.core.package_writer.write_package


def _build_model(tmp_path_factory, sample_images, name, architecture, encoder, seed) -> BuiltModel:
    import torch

    from desktop.core.image_io import load_rgb
    from desktop.core.package_writer import write_package

    calibration = [load_rgb(path) for path in sample_images.values()]
    network = build_network(architecture, encoder, seed, calibration)
    folder = tmp_path_factory.mktemp(f"model-{name}")
    checkpoint = folder / f"{name}.pth"
    torch.save(network.state_dict(), checkpoint)
    package_dir = write_package(
        folder / "packages" / name,
        model=network,
        name=name,
        architecture=architecture,
        encoder=encoder,
        transform=seed_val_transform(),
        reference_images=[sample_images["landscape.png"], sample_images["portrait.jpg"]],
    )
    return BuiltModel(network, architecture, encoder, checkpoint, package_dir)


@pytest.fixture(scope="session")
def unet34(tmp_path_factory, sample_images) -> BuiltModel:
    return _build_model(tmp_path_factory, sample_images, "unet34", "Unet", "resnet34", 34)


@pytest.fixture(scope="session")
def unetpp34(tmp_path_factory, sample_images) -> BuiltModel:
    return _build_model(
        tmp_path_factory, sample_images, "unetpp34", "UnetPlusPlus", "resnet34", 134
    )


@pytest.fixture(scope="session")
def unet18(tmp_path_factory, sample_images) -> BuiltModel:
    """The small model most tests use (batch, export, import, CLI)."""
    return _build_model(tmp_path_factory, sample_images, "unet18", "Unet", "resnet18", 18)


@pytest.fixture(scope="session")
def unet18_segmenter(unet18):
    from desktop.core.package import read_package
    from desktop.core.segmenter import Segmenter

    return Segmenter(read_package(unet18.package_dir), "cpu")


def pytest_report_header(config):
    platform = os.environ["QT_QPA_PLATFORM"]
    return f"SegDesk tests: network blocked, QT_QPA_PLATFORM={platform}, OMP_NUM_THREADS=" + (
        os.environ.get("OMP_NUM_THREADS", "?")
    )
