"""A claim's holder is judged dead only when it is a process of this machine that no longer
runs: gone, a zombie, or its pid reused by a later process. Anything else waits for the lease.
``liaison notices status`` tells an operator which process holds what is being sent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.core.management import call_command

from liaison.notices import services
from liaison.notices.audience import Criteria
from liaison.notices.models import Notice
from liaison.notices.processes import _stat, identity, is_dead, machine

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="process identities come from /proc")


def sleeper() -> subprocess.Popen:
    return subprocess.Popen(["sleep", "30"])


def test_this_process_and_a_running_one_are_alive():
    child = sleeper()
    try:
        assert not is_dead(identity())
        assert not is_dead(identity(child.pid))
    finally:
        child.kill()
        child.wait()


def test_a_killed_process_is_dead_once_reaped_and_already_as_a_zombie():
    child = sleeper()
    holder = identity(child.pid)
    child.send_signal(signal.SIGKILL)
    for _ in range(200):  # the kernel makes it a zombie until we reap it
        found = _stat(child.pid)
        if found and found[0] == "Z":
            break
        time.sleep(0.01)
    assert is_dead(holder)
    child.wait()
    assert is_dead(holder)


def test_a_pid_reused_by_a_later_process_is_dead():
    pid, start = identity().split("@")[0].split(".")
    assert is_dead(f"{pid}.{int(start) - 1}@{machine()}")


@pytest.mark.parametrize("holder", [
    f"{os.getpid() + 10**6}.1@other-host.0123abcd",  # another machine: the lease decides
    "bench-3",  # a --worker-id chosen by hand
    "",
    f"notanumber.1@{machine()}",
    f"{os.getpid() + 10**6}.@{machine()}",  # no start time known (no /proc when stamped)
])
def test_what_is_not_one_of_our_processes_is_never_judged_dead(holder):
    assert not is_dead(holder)


def test_an_identity_fits_the_columns_that_store_it():
    assert len(identity()) <= 64


@pytest.mark.django_db
def test_notices_status_names_the_holder_of_notices_being_sent_and_whether_it_is_dead(
        world, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # queued, not sent
        services.consultation_announce(actor=coordinator, consultation=world.consultation(),
                                       criteria=Criteria(), subject="Comments wanted")
    child = sleeper()
    dead = identity(child.pid)
    child.kill()
    child.wait()
    first, *rest = Notice.objects.filter(channel=Notice.Channel.EMAIL).order_by("pk")
    Notice.objects.filter(pk=first.pk).update(state=Notice.State.SENDING, claimed_by=dead)
    Notice.objects.filter(pk=rest[0].pk).update(state=Notice.State.SENDING,
                                                claimed_by=identity())
    out = StringIO()
    call_command("notices", "status", stdout=out)
    lines = out.getvalue().splitlines()
    assert "sending: 2" in lines
    assert f"  held by {dead}: 1 (dead: taken again by the next worker that starts, or by " \
           "the sweep)" in lines
    assert f"  held by {identity()}: 1 (running, or on another machine (lease))" in lines
