"""Backup and restore with pg_dump/pg_restore, as docs/operations.md tells an operator to."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from liaison.audit.models import AuditEvent
from liaison.registry import services
from liaison.registry.models import Stakeholder

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="backup and restore are PostgreSQL procedures"),
]


def url_for(database: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{database}"


def test_backup_then_restore_into_a_new_database_keeps_everything(org, coordinator, tmp_path):
    for i in range(5):
        services.stakeholder_create(actor=coordinator, liaison_org=org, name=f"S{i}",
                                    email=f"s{i}@example.org")
    stakeholders, events = Stakeholder.objects.count(), AuditEvent.objects.count()
    dump = tmp_path / "liaison.dump"
    source = url_for(connection.settings_dict["NAME"])
    subprocess.run([REPO / "scripts" / "backup-postgres", dump], check=True,
                   env={**os.environ, "DATABASE_URL": source})

    target_name = connection.settings_dict["NAME"] + "_restored"
    admin_url = url_for("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        admin.execute(f'CREATE DATABASE "{target_name}"')
    try:
        subprocess.run([REPO / "scripts" / "restore-postgres", dump], check=True,
                       env={**os.environ, "DATABASE_URL": url_for(target_name)})
        with psycopg.connect(url_for(target_name)) as restored:
            assert restored.execute("SELECT count(*) FROM registry_stakeholder").fetchone()[0] \
                == stakeholders
            assert restored.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] \
                == events
        verify = subprocess.run(
            [REPO / ".venv" / "bin" / "liaison", "audit", "verify"], capture_output=True,
            text=True, env={**os.environ, "DATABASE_URL": url_for(target_name)})
        assert verify.returncode == 0, verify.stderr
        assert f"{events} events" in verify.stdout
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
