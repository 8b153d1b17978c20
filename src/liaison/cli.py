"""The ``liaison`` command: Django's management commands plus database-free tools.

``liaison migrate``, ``liaison demo``, ``liaison runserver``, ``liaison audit verify`` … go to
Django. ``liaison analyze-comments``, ``liaison analyze-positions`` and ``liaison isoform
convert`` need no database and run without setting Django up. ``liaison worker`` starts the
background-task worker.
"""

from __future__ import annotations

import importlib
import os
import sys

# name -> (module, number of leading words that form the command name)
STANDALONE = {
    "analyze-comments": ("liaison.commands.analyze_comments", 1),
    "analyze-positions": ("liaison.commands.analyze_positions", 1),
    ("isoform", "convert"): ("liaison.commands.isoform_convert", 2),
}


def _standalone(argv: list[str]) -> tuple[str, int] | None:
    if argv and argv[0] in STANDALONE:
        return STANDALONE[argv[0]]
    if len(argv) >= 2 and (argv[0], argv[1]) in STANDALONE:
        return STANDALONE[(argv[0], argv[1])]
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    found = _standalone(argv)
    if found:
        module, words = found
        return int(importlib.import_module(module).main(argv[words:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["liaison", *argv])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
