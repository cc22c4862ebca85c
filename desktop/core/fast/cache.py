"""Compiled models on disk, so a second start has the fast engine ready in ~0.1 s.

A compiled model is valid only for the same weights, the same runtime version, the same
precision and the same CPU instruction sets: all four are in its key. Files live in the user
cache folder (`paths.cache_dir()/openvino/`), are written atomically, and a file that fails to
load is deleted and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop.core import paths
from desktop.core.atomic import write_bytes_atomic

CACHE_SUBDIR = "openvino"


@dataclass(frozen=True)
class CacheKey:
    weights_sha256: str
    runtime: str  # e.g. "openvino 2026.4.1-…"
    precision: str  # "fp32" | "bf16"
    cpu: str  # fast.cpu.capability()

    @property
    def digest(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def folder() -> Path:
    return paths.cache_dir() / CACHE_SUBDIR


def blob_path(key: CacheKey) -> Path:
    return folder() / f"{key.weights_sha256[:16]}-{key.precision}-{key.digest}.blob"


def record_path(key: CacheKey) -> Path:
    """The reference-case check passed for this compiled model (see engine.Verification)."""
    return blob_path(key).with_suffix(".verified.json")


def read_blob(key: CacheKey) -> bytes | None:
    try:
        return blob_path(key).read_bytes()
    except OSError:
        return None


def write_blob(key: CacheKey, data: bytes) -> Path | None:
    """Store atomically; an unwritable cache (or a file another SegDesk holds open) only means
    compiling again next time."""
    path = blob_path(key)
    try:
        write_bytes_atomic(path, data, keep_if_in_use=False)
    except OSError:
        return None
    return path


def forget(key: CacheKey) -> None:
    blob_path(key).unlink(missing_ok=True)
    record_path(key).unlink(missing_ok=True)
