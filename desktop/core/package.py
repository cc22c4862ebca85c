"""Model packages (DESIGN §3): a folder with `model.json`, a weights file and `reference/`.

Reading a manifest is cheap and needs no torch, so pickers can list packages instantly; the
network and the transform are built only when a segmenter is created.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.errors import ModelPackageError

MANIFEST_NAME = "model.json"
FORMAT_VERSION = 1
SUPPORTED_LOADERS = ("opencv-rgb",)
SUPPORTED_ACTIVATIONS = ("sigmoid",)
WEIGHT_SUFFIXES = (".safetensors", ".pth", ".pt", ".bin")
_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class ModelPackage:
    """A validated manifest plus where it lives. Building the network is `model_builder`'s job."""

    folder: Path
    name: str
    architecture: str
    encoder: str
    in_channels: int
    classes: int
    transform: dict[str, Any]
    loader: str
    activation: str
    threshold: float
    weights: str
    sha256: str
    input_size: tuple[int, int] | None  # (height, width) the network sees, from the Resize step
    description: str = ""
    labels: tuple[str, ...] = ()
    training: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    bundled: bool = False

    @property
    def weights_path(self) -> Path:
        return self.folder / self.weights

    @property
    def reference_dir(self) -> Path:
        return self.folder / "reference"

    @property
    def summary(self) -> str:
        """One line for pickers: name, architecture, encoder and input size."""
        size = f"{self.input_size[1]}×{self.input_size[0]}" if self.input_size else "any size"
        return f"{self.name} — {self.architecture} · {self.encoder} · {size}"

    def transform_summary(self) -> str:
        steps = self.transform.get("transform", {}).get("transforms", [])
        names = [_short_class_name(step.get("__class_fullname__", "?")) for step in steps]
        return " → ".join(names) if names else "(none)"


def is_valid_name(name: str) -> bool:
    return bool(_NAME_PATTERN.match(name))


def read_package(folder: Path | str, *, bundled: bool = False) -> ModelPackage:
    """Read and validate `folder/model.json`; every problem is reported with the field's name."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST_NAME
    if not folder.is_dir():
        raise ModelPackageError(f"Model package '{folder}' does not exist or is not a folder.")
    if not manifest_path.is_file():
        raise ModelPackageError(f"'{folder}' is not a SegDesk model package: no {MANIFEST_NAME}.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelPackageError(f"'{manifest_path}' is not valid JSON: {exc}") from exc
    if not isinstance(manifest, dict):
        raise ModelPackageError(f"'{manifest_path}' must hold a JSON object.")
    return _package_from_manifest(folder, manifest, bundled=bundled)


def _package_from_manifest(folder: Path, m: dict[str, Any], *, bundled: bool) -> ModelPackage:
    where = folder / MANIFEST_NAME
    problems: list[str] = []

    def need(key: str, kind: type | tuple[type, ...], check=None, hint: str = "") -> Any:
        if key not in m:
            problems.append(f"'{key}' is missing")
            return None
        value = m[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            problems.append(f"'{key}' has the wrong type ({type(value).__name__})")
            return None
        if check is not None and not check(value):
            problems.append(f"'{key}' = {value!r} is invalid{': ' + hint if hint else ''}")
            return None
        return value

    version = need(
        "format", int, lambda v: v == FORMAT_VERSION, f"this SegDesk reads format {FORMAT_VERSION}"
    )
    name = need("name", str, is_valid_name, "letters, digits, '.', '_' or '-', at most 64")
    architecture = need("architecture", str, lambda v: v.isidentifier())
    encoder = need("encoder", str, lambda v: bool(v.strip()))
    in_channels = need("in_channels", int, lambda v: v == 3, "SegDesk models take RGB input (3)")
    classes = need("classes", int, lambda v: v == 1, "SegDesk runs binary models (1 class)")
    transform = need(
        "transform",
        dict,
        lambda v: isinstance(v.get("transform"), dict),
        "expected albumentations.to_dict() output",
    )
    loader = need("loader", str, lambda v: v in SUPPORTED_LOADERS, f"one of {SUPPORTED_LOADERS}")
    activation = need(
        "activation", str, lambda v: v in SUPPORTED_ACTIVATIONS, f"one of {SUPPORTED_ACTIVATIONS}"
    )
    threshold = need("threshold", (int, float), lambda v: 0.0 <= v <= 1.0, "between 0 and 1")
    weights = need(
        "weights",
        str,
        _is_plain_weights_name,
        f"a file name in the package ending in {', '.join(WEIGHT_SUFFIXES)}",
    )
    sha256 = need(
        "sha256", str, lambda v: bool(re.fullmatch(r"[0-9a-f]{64}", v)), "64 lowercase hex digits"
    )
    if problems:
        raise ModelPackageError(f"Invalid manifest '{where}': " + "; ".join(problems) + ".")
    assert version is not None
    weights_path = folder / weights
    if not weights_path.is_file():
        raise ModelPackageError(f"Model package '{folder}': weights file '{weights}' is missing.")
    labels = m.get("labels") or ()
    training = m.get("training") or {}
    return ModelPackage(
        folder=folder,
        name=name,
        architecture=architecture,
        encoder=encoder,
        in_channels=in_channels,
        classes=classes,
        transform=transform,
        loader=loader,
        activation=activation,
        threshold=float(threshold),
        weights=weights,
        sha256=sha256,
        input_size=resize_size(transform),
        description=str(m.get("description", "")),
        labels=tuple(str(label) for label in labels) if isinstance(labels, list) else (),
        training=training if isinstance(training, dict) else {},
        source=str(m.get("source", "")),
        bundled=bundled,
    )


def _is_plain_weights_name(value: str) -> bool:
    # A bare file name inside the package: no folders, no '..', nothing absolute.
    return Path(value).name == value and value.lower().endswith(WEIGHT_SUFFIXES)


def resize_size(transform: dict[str, Any]) -> tuple[int, int] | None:
    """(height, width) of the first Resize step of a serialized albumentations pipeline."""
    for step in transform.get("transform", {}).get("transforms", []):
        if _short_class_name(step.get("__class_fullname__", "")) == "Resize":
            try:
                return int(step["height"]), int(step["width"])
            except (KeyError, TypeError, ValueError):
                return None
    return None


def _short_class_name(full_name: str) -> str:
    return full_name.rsplit(".", 1)[-1]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_weights_sha256(package: ModelPackage) -> None:
    actual = file_sha256(package.weights_path)
    if actual != package.sha256:
        raise ModelPackageError(
            f"Model package '{package.folder}': weights file '{package.weights}' is damaged or "
            f"was replaced (sha256 {actual[:12]}… does not match the manifest's "
            f"{package.sha256[:12]}…)."
        )


@dataclass(frozen=True)
class PackageListing:
    packages: tuple[ModelPackage, ...]
    problems: tuple[tuple[Path, str], ...]  # folders that look like packages but are broken


def model_roots() -> list[tuple[Path, bool]]:
    """Where packages are looked for, in order, with whether that place is the bundled one."""
    return [(paths.user_models_dir(), False), (paths.bundled_models_dir(), True)]


def discover_packages() -> PackageListing:
    """Every installed package: bundled first (the default model is the first bundled), then the
    user's. A user package with a bundled package's name shadows nothing: both are listed."""
    found: list[ModelPackage] = []
    problems: list[tuple[Path, str]] = []
    for root, bundled in reversed(model_roots()):
        if not root.is_dir():
            continue
        for folder in sorted(
            p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
        ):
            if not (folder / MANIFEST_NAME).exists():
                continue
            try:
                found.append(read_package(folder, bundled=bundled))
            except ModelPackageError as exc:
                problems.append((folder, str(exc)))
    return PackageListing(tuple(found), tuple(problems))


def find_package(name_or_folder: str | Path | None) -> ModelPackage:
    """Resolve `--model`: a package folder, or a name in the user models folder or `weights/`.
    None means the first bundled model."""
    if name_or_folder is None:
        listing = discover_packages()
        bundled = [p for p in listing.packages if p.bundled]
        if not bundled:
            raise ModelPackageError(
                f"No bundled model package found in '{paths.bundled_models_dir()}'."
            )
        return bundled[0]
    candidate = Path(name_or_folder).expanduser()
    if candidate.is_dir() and (candidate / MANIFEST_NAME).exists():
        return read_package(candidate)
    # A path (not a bare package name, which is looked up below) that is no package:
    if candidate.is_dir() and not is_valid_name(str(name_or_folder)):
        raise ModelPackageError(
            f"'{candidate}' is a folder but not a SegDesk model package (it has no "
            f"{MANIFEST_NAME}); a training checkpoint becomes one with the 'import' command."
        )
    if candidate.is_file() and not is_valid_name(str(name_or_folder)):
        raise ModelPackageError(
            f"'{candidate}' is a file; --model takes a model package (a folder with "
            f"{MANIFEST_NAME}) or its name. A training checkpoint becomes a package with the "
            "'import' command."
        )
    name = str(name_or_folder)
    for root, bundled in model_roots():
        folder = root / name
        if is_valid_name(name) and (folder / MANIFEST_NAME).exists():
            return read_package(folder, bundled=bundled)
    searched = ", ".join(f"'{root}'" for root, _ in model_roots())
    raise ModelPackageError(
        f"No model package named '{name}' (looked for a folder of that name, and in {searched}); "
        "the 'models' command lists the installed ones."
    )
