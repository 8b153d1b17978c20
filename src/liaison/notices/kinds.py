"""What an announcement kind may plug into the delivery pipeline, as data.

The project, consultation and reminder notices are written from the ``notices/email/notice``
templates with the subject the coordinator typed. A kind listed in :data:`WRITERS` writes its
own message instead, in the recipient's language and time zone (the composer renders it under
both): ``writer(announcement) -> (subject, plain text, HTML or "")``. A kind listed in
:data:`ON_SENT` / :data:`ON_FAILED` is also told, inside the transaction that records the
outcome, when the mail server accepted its notices (``hook(announcement, notices)``) or when
they failed for good (``hook(announcement, notices, error)``): e.g. an invitation records
``invitation.emailed`` / ``invitation.mail_failed``.

Apps register their kinds in ``AppConfig.ready`` (the notices app depends on none of them).
"""

from __future__ import annotations

from collections.abc import Callable

Writer = Callable[[object], tuple[str, str, str]]

WRITERS: dict[str, Writer] = {}
ON_SENT: dict[str, Callable[[object, list], None]] = {}
ON_FAILED: dict[str, Callable[[object, list, str], None]] = {}
