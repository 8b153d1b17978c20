"""How the database-free commands report bad input: one line on stderr, exit status 2."""

from __future__ import annotations

import sys


def fail(message: str) -> int:
    """Print ``message`` as one line (at most 500 characters) on stderr; return 2."""
    line = "; ".join(part.strip() for part in message.splitlines() if part.strip()) or "error"
    line = line.replace(":;", ":")
    print(line[:500], file=sys.stderr)
    return 2
