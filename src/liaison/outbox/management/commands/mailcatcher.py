"""``liaison mailcatcher``: a local SMTP server that keeps every message for the outbox page.

Started by ``make run`` on a free loopback port; every message sent by the app, the worker and
the demo lands in ``--maildir`` (default ``var/outbox``) and shows at ``/dev/outbox/``.
"""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from liaison.outbox import catcher


class Command(BaseCommand):
    help = "Catch the app's e-mail on a local SMTP port and keep it for the outbox page."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8025)
        parser.add_argument("--maildir", default=settings.LIAISON_OUTBOX_DIR
                            or str(settings.BASE_DIR / "var" / "outbox"))

    def handle(self, *args, host, port, maildir, **options):
        if settings.PRODUCTION:
            raise CommandError("the mail catcher is for development; production sends mail "
                               "through EMAIL_HOST")
        try:
            controller = catcher.start(host=host, port=port, path=maildir)
        except (OSError, RuntimeError) as exc:
            raise CommandError(f"cannot listen on {host}:{port}: {exc}") from exc
        self.stdout.write(f"Catching e-mail on {host}:{port}; kept in {maildir}", ending="\n")
        self.stdout.flush()
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        stop.wait()
        controller.stop()
