"""Delivery: a mail server that is down loses nothing, and nothing is ever sent twice —
counted at the server. One test runs the real django-tasks-db worker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from liaison.notices import delivery, services, tasks
from liaison.notices.audience import Criteria
from liaison.notices.models import DeliveryAttempt, Notice


def announce(world, coordinator):
    return services.announcement_send(
        actor=coordinator, project=world.project, criteria=Criteria(),
        subject="Announcement", documents=world.documents,
        deadline=timezone.now() + dt.timedelta(days=20))


def email_notices():
    return Notice.objects.filter(channel=Notice.Channel.EMAIL).order_by("pk")


def test_server_down_keeps_notices_then_each_goes_out_once(
        world, coordinator, smtp_server, django_capture_on_commit_callbacks, capsys):
    smtp_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        announce(world, coordinator)
    for notice in email_notices():
        assert notice.state == Notice.State.FAILED
        assert "Connection refused" in notice.last_error or "ConnectionRefused" in (
            notice.last_error)
        assert notice.next_attempt_at > timezone.now()  # will be retried later
        assert notice.attempts == 1
    assert DeliveryAttempt.objects.filter(ok=False).count() == 3

    # The periodic sweep respects the back-off: too early, nothing is tried.
    tasks.retry_due_notices.enqueue()
    assert DeliveryAttempt.objects.count() == 3

    smtp_server.up()
    call_command("notices", "retry")
    assert sorted(smtp_server.recipients) == sorted(world.emails("Alice", "Bob", "Carol"))
    call_command("notices", "retry")
    tasks.retry_due_notices.enqueue()
    delivery.deliver([n.pk for n in email_notices()], force=True)
    assert len(smtp_server.messages) == 3  # nothing twice
    for notice in email_notices():
        assert (notice.state, notice.attempts, notice.last_error) == (Notice.State.SENT, 2, "")
        assert [a.ok for a in notice.attempt_log.all()] == [False, True]
    assert "3 sent, 0 failed" in capsys.readouterr().out


def test_sweep_retries_when_the_back_off_has_passed(world, coordinator, smtp_server,
                                                   django_capture_on_commit_callbacks):
    smtp_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        announce(world, coordinator)
    smtp_server.up()
    email_notices().update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    result = tasks.retry_due_notices.enqueue()
    assert result.return_value == {"claimed": 3, "sent": 3, "failed": 0, "recovered": 0}
    assert len(smtp_server.messages) == 3


def test_a_claimed_notice_cannot_be_claimed_again(world, coordinator, smtp_server,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # queued, not yet delivered
        announce(world, coordinator)
    ids = [n.pk for n in email_notices()]
    now = timezone.now()
    first = delivery.claim(ids, now=now)
    second = delivery.claim(ids, now=now, force=True)
    assert len(first) == 3 and second == []
    # A second worker given the same batch sends nothing.
    assert delivery.deliver(ids).claimed == 0
    assert smtp_server.messages == []


def test_a_stale_claim_is_taken_again_after_the_lease(world, coordinator, smtp_server,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        announce(world, coordinator)
    ids = [n.pk for n in email_notices()]
    delivery.claim(ids, now=timezone.now() - delivery.LEASE - dt.timedelta(minutes=1))
    assert delivery.deliver(ids).sent == 3  # the worker holding them died
    assert len(smtp_server.messages) == 3


def test_a_refused_address_fails_for_good_and_the_rest_still_go(
        world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    bob = world.s["Bob"]
    type(bob).objects.filter(pk=bob.pk).update(email="bob@exa mple.org")  # invalid address
    with django_capture_on_commit_callbacks(execute=True):
        announce(world, coordinator)
    assert sorted(smtp_server.recipients) == sorted(world.emails("Alice", "Carol"))
    notice = Notice.objects.get(stakeholder=bob, channel=Notice.Channel.EMAIL)
    assert notice.state == Notice.State.FAILED and notice.next_attempt_at is None


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_delivers_after_commit(org, coordinator, smtp_server, settings):
    from django_tasks_db.models import DBTaskResult

    from tests.notices.conftest import World

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    world = World(org, coordinator)
    announce(world, coordinator)  # commits: the delivery task is now in the queue
    assert smtp_server.messages == []
    assert DBTaskResult.objects.filter(status="READY").exists()
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload",
                 "--interval", "0", verbosity=0)
    assert sorted(smtp_server.recipients) == sorted(world.emails("Alice", "Bob", "Carol"))
    assert set(email_notices().values_list("state", flat=True)) == {Notice.State.SENT}
    # The safety sweep waits for the lease to expire; it is scheduled, not run.
    sweep = DBTaskResult.objects.get(task_path=tasks.retry_due_notices.module_path)
    assert sweep.status == "READY" and sweep.run_after > timezone.now()


def test_a_fault_of_ours_releases_the_claims(world, coordinator, smtp_server, monkeypatch,
                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        announce(world, coordinator)
    monkeypatch.setattr(delivery.Composer, "message", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        delivery.deliver([n.pk for n in email_notices()])
    for notice in email_notices():
        assert notice.state == Notice.State.FAILED and notice.next_attempt_at is not None
        assert "ZeroDivisionError" in notice.last_error
    monkeypatch.undo()
    assert delivery.deliver([n.pk for n in email_notices()], force=True).sent == 3
    assert len(smtp_server.messages) == 3


def test_copied_messages_are_what_django_would_build(settings):
    """The per-recipient copies (built once, copied) equal Django's own message, byte for
    byte, apart from the multipart boundary."""
    import email.policy
    import re

    from django.core.mail import EmailMultiAlternatives

    from liaison.notices.mail import NoticeEmail

    def build(cls, to, **kwargs):
        message = cls(subject="Consultation ouverte — ISO/DIS 15836-2", body="Délai : 3 mars",
                      to=[to], headers={"Message-ID": f"<n-{to}@x>"}, **kwargs)
        message.attach_alternative("<p>Délai : 3 mars</p>", "text/html")
        return message.message(policy=email.policy.SMTP).as_bytes()

    prototypes: dict = {}
    build(NoticeEmail, "first@example.org", prototypes=prototypes, key=(1,))
    copied = build(NoticeEmail, "second@example.org", prototypes=prototypes, key=(1,))
    reference = build(EmailMultiAlternatives, "second@example.org")

    def normal(raw: bytes) -> tuple[list[bytes], bytes]:
        raw = re.sub(rb"=+\d+=+", b"BOUNDARY", re.sub(rb"Date: [^\r]*\r\n", b"", raw))
        head, body = raw.split(b"\r\n\r\n", 1)
        return sorted(head.split(b"\r\n")), body

    assert normal(copied) == normal(reference)


@pytest.mark.parametrize("pipelining", [True, False])
def test_every_message_arrives_whole_with_or_without_pipelining(
        pipelining, world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.pipelining = pipelining
    with django_capture_on_commit_callbacks(execute=True):
        announce(world, coordinator)
    by_id = {m["Message-ID"]: m for m in smtp_server.messages}
    assert len(smtp_server.messages) == 3
    for notice in email_notices():
        message = by_id[notice.message_id]
        assert message["To"] == notice.address
        assert message["Subject"] == "Announcement"
        text = message.get_body(("plain",)).get_content()
        assert "ISO/DIS 15836-2" in text and "N 1234" in text
        assert notice.state == Notice.State.SENT


def test_refusals_in_the_middle_of_a_pipelined_batch_touch_only_their_notice(
        world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.refuse_rcpt = {"alice@example.org"}  # 550 to RCPT TO
    smtp_server.refuse_data = {"bob@example.org"}  # 554 after the content
    with django_capture_on_commit_callbacks(execute=True):
        announce(world, coordinator)
    assert smtp_server.recipients == ["carol@example.org"]
    states = {n.address: (n.state, n.next_attempt_at, n.last_error) for n in email_notices()}
    assert states["carol@example.org"] == (Notice.State.SENT, None, "")
    for address, code in (("alice@example.org", "550"), ("bob@example.org", "554")):
        state, retry_at, error = states[address]
        assert state == Notice.State.FAILED and retry_at is None  # permanent: not retried
        assert code in error


def test_a_recipients_copy_is_the_bytes_django_would_send(world, coordinator,
                                                          django_capture_on_commit_callbacks):
    import email.policy
    import re

    from django.core.mail import EmailMultiAlternatives

    from liaison.notices.mail import Composer

    with django_capture_on_commit_callbacks():
        announce(world, coordinator)
    first, second, _third = delivery.claim([n.pk for n in email_notices()], now=timezone.now())
    composer = Composer()
    composer.raw(first)  # builds the prototype
    copied = composer.raw(second)
    own = composer.message(second)
    django = EmailMultiAlternatives.message(own, policy=email.policy.SMTP).as_bytes()

    def normal(raw: bytes) -> tuple[list[bytes], bytes]:
        raw = re.sub(rb"=+\d+=+", b"BOUNDARY", re.sub(rb"Date: [^\r]*\r\n", b"", raw))
        head, body = raw.split(b"\r\n\r\n", 1)
        return sorted(head.split(b"\r\n")), body

    assert normal(copied) == normal(django)


def test_plain_addresses_skip_parsing_but_give_what_django_gives(settings):
    from django.core.mail import mailers

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": 25}}}
    mailer = mailers.default
    for address in ("a@b.org", "a.b+c@x-y.example.org", "A_b%c@d.e.f", "a.@b.org",
                    ".a@b.org", "a..b@c.org", "a@b", "ü@例え.jp", "a b@c.org"):
        try:
            django = mailer.prep_address(address)
        except ValueError:
            django = ValueError
        try:
            ours = delivery._envelope_address(mailer, address)
        except ValueError:
            ours = ValueError
        assert ours == django, address
