"""Security tests see every page that exists in development, the outbox page included."""

import pytest


@pytest.fixture(autouse=True)
def _outbox_on(settings, tmp_path):
    """`make run`'s outbox page exists only with a catcher's Maildir: give it an empty one."""
    settings.LIAISON_OUTBOX_DIR = str(tmp_path / "outbox")
