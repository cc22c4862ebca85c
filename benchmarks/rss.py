"""Resident memory from /proc (psutil is not a dependency)."""

from __future__ import annotations


def status_kib(field: str, pid: str | int = "self") -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def rss_mb() -> float | None:
    kib = status_kib("VmRSS")
    return None if kib is None else kib / 1024.0


def peak_rss_mb() -> float | None:
    kib = status_kib("VmHWM")
    return None if kib is None else kib / 1024.0
