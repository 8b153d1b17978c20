"""``liaison worker``: django-tasks-db's worker, under its process identity, recovering first.

Its worker id is its process identity (``liaison.notices.processes.identity``) unless
``--worker-id`` names it, so what it claims can be recovered as soon as it dies. Before it
takes tasks it closes what dead workers of this machine left
(``liaison.notices.tasks.recover_dead_workers``): a worker restarted after a kill sends the
notices its predecessor had claimed at once, instead of after the lease.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from liaison.notices.processes import identity
from liaison.notices.tasks import recover_dead_workers


class Command(DatabaseWorker):
    help = "Run the background-task worker (notices, reminders, analyses)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=identity())

    def handle(self, *args, **options) -> None:
        closed, claims = recover_dead_workers()
        if closed or claims:
            self.stdout.write(f"Recovered after dead workers: {closed} task(s) marked failed, "
                              f"{claims} notice claim(s) to send again now.")
        super().handle(*args, **options)
