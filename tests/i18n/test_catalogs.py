"""The French catalogs are complete and current: no marked string stays English.

* every entry of every catalog under src/liaison is translated and none is fuzzy;
* every catalog has its compiled ``django.mo`` beside it, and that file says exactly what the
  ``.po`` says (a ``.po`` edited without recompiling fails here);
* extracting the marked strings again (Django's ``makemessages``, in a copy of the source)
  finds nothing that the catalogs do not already translate: a new ``{% translate %}`` or
  ``gettext`` string without its French fails here, naming the string.
"""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command

from tests.i18n.po import SRC, catalogs, compiled_catalog, problems, read_mo, require_gettext

APPS_WITH_OWN_CATALOG = ["accounts", "api", "appeals", "audit", "committees", "consensus",
                         "consultations", "involvement", "metrics", "notices", "process",
                         "projects", "public", "registry", "security"]


def test_the_project_and_every_app_have_a_french_catalog():
    found = {p.relative_to(SRC).parts[0] for p in catalogs()}
    assert found >= {"locale", *APPS_WITH_OWN_CATALOG}


@pytest.mark.parametrize("po", catalogs(), ids=lambda p: str(p.relative_to(SRC).parts[0]))
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    found = problems(po)
    assert not found, f"{po.relative_to(SRC)}:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("po", catalogs(), ids=lambda p: str(p.relative_to(SRC).parts[0]))
def test_the_compiled_catalog_matches_its_source(po, tmp_path):
    msgfmt = require_gettext()
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(SRC)} is missing: run `make messages`"
    assert read_mo(mo) == compiled_catalog(msgfmt, po, tmp_path / "django.mo"), (
        f"{mo.relative_to(SRC)} is older than its .po: run `make messages`")


def test_every_marked_string_is_in_a_catalog_and_translated(tmp_path, settings, monkeypatch):
    """What ``make messages`` would extract today, merged into a copy of the catalogs."""
    require_gettext()
    copy = tmp_path / "liaison"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns(
        "static", "__pycache__", "*.pyc", "*.mo", "var"))
    settings.LOCALE_PATHS = []  # the copy's own locale directories, not the real ones
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], verbosity=0, no_obsolete=True,
                 add_location="file")
    missing = {str(po.relative_to(copy)): found
               for po in catalogs(copy) if (found := problems(po))}
    assert not missing, "marked strings without their French (run `make messages`, then " \
        "translate them):\n" + "\n".join(
            f"{po}:\n  " + "\n  ".join(found) for po, found in missing.items())
