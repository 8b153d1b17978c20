"""A small reader of gettext .po files and the checks the i18n tests share.

Only what the tests need: each entry's msgid (and plural), its translations, its flags and
whether it is obsolete (``#~``). No third-party library: the catalogs are plain text.
"""

from __future__ import annotations

import ast
import gettext
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "liaison"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def untranslated(self) -> bool:
        return not self.msgstr or any(not s for s in self.msgstr.values())

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def __str__(self) -> str:
        return repr(self.msgid if not self.msgid_plural else (self.msgid, self.msgid_plural))


def read_po(path: Path) -> list[Entry]:
    """The entries of ``path`` (blocks separated by blank lines), the header excluded."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, key = Entry(), None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete, line = True, line[2:].lstrip()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
                continue
            if not line.strip() or line.startswith("#"):
                continue
            if not line.startswith('"'):
                key, _, line = line.partition(" ")
            value = ast.literal_eval(line)
            if key == "msgid":
                entry.msgid += value
            elif key == "msgid_plural":
                entry.msgid_plural += value
            elif key == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif key == "msgstr" or key.startswith("msgstr["):
                n = 0 if key == "msgstr" else int(key[7:-1])
                entry.msgstr[n] = entry.msgstr.get(n, "") + value
        if entry.msgid:
            entries.append(entry)
    return entries


def templates(root: Path = SRC) -> list[Path]:
    """Every page and e-mail template under ``root``."""
    return sorted(p for p in root.rglob("templates/**/*") if p.suffix in (".html", ".txt"))


def catalogs(root: Path = SRC) -> list[Path]:
    """Every French catalog under ``root`` (the project's and each app's)."""
    return sorted(p for p in root.rglob("locale/fr/LC_MESSAGES/django.po")
                  if "static" not in p.relative_to(root).parts)


def problems(path: Path) -> list[str]:
    """Untranslated and fuzzy entries of one catalog, one line each."""
    found = []
    for e in read_po(path):
        if e.obsolete:
            continue
        if e.untranslated:
            found.append(f"untranslated {e}")
        elif e.fuzzy:
            found.append(f"fuzzy {e}")
    return found


def require_gettext() -> str:
    """GNU gettext's msgfmt (Debian package ``gettext``): needed to extract and compile.
    Skipped where it is missing, except in CI (``CI`` set), where that is a failure."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt and shutil.which("xgettext") and shutil.which("msgmerge"):
        return msgfmt
    message = "GNU gettext is not installed (apt-get install gettext)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def compiled_catalog(msgfmt: str, po: Path, out: Path) -> dict:
    """What ``po`` compiles to, as Python's gettext reads it."""
    subprocess.run([msgfmt, "--check", "-o", str(out), str(po)], check=True,
                   capture_output=True)
    return read_mo(out)


def read_mo(path: Path) -> dict:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)
