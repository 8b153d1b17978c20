"""A worker that stops dead while sending (simulated by an exception no handler catches, raised
at the exact point a SIGKILL could land), then a restart once its lease has expired: every
notice reaches the real SMTP server, counted there by Message-ID — once, except the one message
in flight between the server's 250 and its receipt, which SMTP cannot make atomic.

The real SIGKILL of a real worker process is measured by ``benchmarks/bench_worker_kill.py``."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from liaison.audit.models import AuditEvent
from liaison.notices import delivery, services, tasks
from liaison.notices.audience import Criteria
from liaison.notices.mail import Composer
from liaison.notices.models import DeliveryAttempt, Notice
from liaison.notices.report import equal_access


class Killed(BaseException):
    """The worker process vanishing: no ``except Exception`` in the code catches it."""


def open_consultation(world, coordinator, django_capture_on_commit_callbacks):
    consultation = world.consultation()
    with django_capture_on_commit_callbacks():  # queued: the test runs the worker itself
        services.consultation_announce(actor=coordinator, consultation=consultation,
                                       criteria=Criteria(), subject="Comments wanted")
    return consultation


def email_ids() -> list[int]:
    return list(Notice.objects.filter(channel=Notice.Channel.EMAIL)
                .order_by("pk").values_list("pk", flat=True))


def kill_on_call(monkeypatch, owner, name: str, call: int) -> None:
    """Make the ``call``-th call of ``owner.name`` kill the worker."""
    original = getattr(owner, name)
    calls = Counter()

    def dying(*args, **kwargs):
        calls[name] += 1
        if calls[name] == call:
            raise Killed
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, dying)


def restart_after_the_lease() -> dict:
    """The dead worker's lease expires; the sweep of a new worker runs."""
    Notice.objects.filter(state=Notice.State.SENDING).update(
        claimed_at=timezone.now() - delivery.LEASE - dt.timedelta(seconds=1))
    return tasks.retry_due_notices.enqueue().return_value


def received(smtp_server) -> Counter:
    return Counter(m["Message-ID"] for m in smtp_server.messages)


def expected(ids: list[int]) -> set[str]:
    return {Notice.objects.get(pk=pk).message_id for pk in ids}


def test_killed_after_the_receipts_nothing_is_sent_again(
        world, coordinator, smtp_server, monkeypatch, django_capture_on_commit_callbacks):
    consultation = open_consultation(world, coordinator, django_capture_on_commit_callbacks)
    ids = email_ids()
    kill_on_call(monkeypatch, delivery._SentLog, "flush", 1)
    with pytest.raises(Killed):
        delivery.deliver(ids)
    monkeypatch.undo()
    assert len(smtp_server.messages) == 3
    stopped = Notice.objects.filter(pk__in=ids)
    assert {(n.state, n.sent_at is not None) for n in stopped} == {(Notice.State.SENDING, True)}

    result = restart_after_the_lease()

    assert result["recovered"] == 3 and result["claimed"] == 0
    assert not DeliveryAttempt.objects.filter(worker="interrupted").exists()
    assert received(smtp_server) == Counter({m: 1 for m in expected(ids)})  # none twice
    for notice in Notice.objects.filter(pk__in=ids):
        assert notice.state == Notice.State.SENT and notice.attempts == 1
        [attempt] = notice.attempt_log.all()
        assert attempt.ok and attempt.at == notice.sent_at  # told when the server accepted
    event = AuditEvent.objects.filter(verb="notice.sent").get()
    assert event.data["recovered"] is True
    assert sorted(n["notice"] for n in event.data["notices"]) == ids
    report = equal_access(consultation)
    assert (report.told, report.pending) == (4, 0)  # Gina is told in the app only


def test_killed_between_the_servers_250_and_the_receipt_one_message_goes_twice(
        world, coordinator, smtp_server, monkeypatch, django_capture_on_commit_callbacks):
    open_consultation(world, coordinator, django_capture_on_commit_callbacks)
    ids = email_ids()
    kill_on_call(monkeypatch, delivery._SentLog, "add", 2)  # the 2nd message was accepted
    with pytest.raises(Killed):
        delivery.deliver(ids)
    monkeypatch.undo()
    first, in_flight, last = (Notice.objects.get(pk=pk) for pk in ids)
    # The third message's envelope was already pipelined (354, waiting for its content):
    # the connection dropped mid-message, and the server kept nothing of it.
    assert received(smtp_server) == Counter({first.message_id: 1, in_flight.message_id: 1})
    assert first.sent_at is not None and in_flight.sent_at is None

    result = restart_after_the_lease()

    assert (result["recovered"], result["sent"]) == (1, 2)
    assert received(smtp_server) == Counter(
        {first.message_id: 1, in_flight.message_id: 2, last.message_id: 1})
    assert set(Notice.objects.filter(pk__in=ids).values_list("state", flat=True)) == {
        Notice.State.SENT}
    # The one that may have gone twice is named in its delivery log.
    [interrupted] = DeliveryAttempt.objects.filter(worker="interrupted")
    assert interrupted.notice_id == in_flight.pk and not interrupted.ok
    assert "may have accepted it" in interrupted.error
    assert [a.ok for a in in_flight.attempt_log.all()] == [False, True]


@pytest.mark.parametrize("point", ["composing", "sending"])
def test_killed_before_the_server_accepted_anything_every_notice_goes_once(
        point, world, coordinator, smtp_server, monkeypatch,
        django_capture_on_commit_callbacks):
    open_consultation(world, coordinator, django_capture_on_commit_callbacks)
    ids = email_ids()
    if point == "composing":
        kill_on_call(monkeypatch, Composer, "raw", 2)
    else:
        kill_on_call(monkeypatch, delivery.Pipeline, "send", 1)
    with pytest.raises(Killed):
        delivery.deliver(ids)
    monkeypatch.undo()
    assert smtp_server.messages == []
    # Within the lease, nobody else takes the dead worker's claims.
    assert delivery.deliver(ids).claimed == 0

    result = restart_after_the_lease()

    assert (result["recovered"], result["sent"]) == (0, 3)
    assert received(smtp_server) == Counter({m: 1 for m in expected(ids)})
    assert DeliveryAttempt.objects.filter(ok=True).count() == 3


def test_a_worker_whose_claim_was_taken_over_stops_sending(
        world, coordinator, smtp_server, monkeypatch, django_capture_on_commit_callbacks):
    """A worker judged dead (its lease ran out while it was stalled) finds, at its next
    receipt, that another worker holds its claim: it sends nothing more."""
    open_consultation(world, coordinator, django_capture_on_commit_callbacks)
    ids = email_ids()
    original = delivery._SentLog.add
    calls = Counter()

    def stalled_then_taken_over(self, notice):
        calls["add"] += 1
        if calls["add"] == 2:  # the 2nd message was accepted; meanwhile the lease ran out
            Notice.objects.filter(state=Notice.State.SENDING).update(
                claimed_at=timezone.now() - delivery.LEASE - dt.timedelta(seconds=1))
            assert len(delivery.claim(ids, now=timezone.now())) == 2  # another worker's
        return original(self, notice)

    monkeypatch.setattr(delivery._SentLog, "add", stalled_then_taken_over)
    outcome = delivery.deliver(ids)
    monkeypatch.undo()
    first, in_flight, last = (Notice.objects.get(pk=pk) for pk in ids)
    assert outcome.error == delivery.TAKEN_OVER and outcome.sent == 1
    assert received(smtp_server) == Counter({first.message_id: 1, in_flight.message_id: 1})

    restart_after_the_lease()  # the other worker's turn

    assert received(smtp_server) == Counter(
        {first.message_id: 1, in_flight.message_id: 2, last.message_id: 1})
    assert set(Notice.objects.filter(pk__in=ids).values_list("state", flat=True)) == {
        Notice.State.SENT}


@pytest.mark.parametrize("heartbeat_s, renewed", [(0, True), (30, False)])
def test_a_sending_worker_renews_its_claim_every_heartbeat(
        heartbeat_s, renewed, world, coordinator, smtp_server, monkeypatch,
        django_capture_on_commit_callbacks):
    """So that only a worker silent for a whole lease is judged dead."""
    open_consultation(world, coordinator, django_capture_on_commit_callbacks)
    ids = email_ids()
    monkeypatch.setattr(delivery, "HEARTBEAT", dt.timedelta(seconds=heartbeat_s))
    original = delivery._SentLog.add
    seen: list[dt.datetime] = []

    def watching(self, notice):
        seen.append(Notice.objects.get(pk=ids[-1]).claimed_at)  # the last one, still waiting
        return original(self, notice)

    monkeypatch.setattr(delivery._SentLog, "add", watching)
    assert delivery.deliver(ids).sent == 3
    assert (seen[-1] > seen[0]) is renewed
