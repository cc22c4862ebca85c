"""The exit status every command returns (DESIGN §5); each command's --help lists its meaning."""

from __future__ import annotations

EXIT_OK, EXIT_SOME_FAILED, EXIT_CANNOT_RUN = 0, 1, 2
