"""Exports as ISO forms (binary) and the audit-trail verification."""

from __future__ import annotations

import pytest
from django.db import connection

from liaison.access.rules import ACTIONS
from liaison.audit.models import AuditEvent
from liaison.consultations import services
from liaison.core.isoform import read_form
from liaison.registry.models import Role

MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@pytest.fixture
def with_comments(consultation):
    services.comment_create(actor=None, consultation=consultation, author=None, submit=True,
                            clause="5.2.7", type="te", comment="Submitted one.")
    services.comment_create(actor=None, consultation=consultation, author=None,
                            comment="A draft, never exported.")
    return consultation


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("role", list(Role.values))
def test_comment_export_by_role(api_as, with_comments, role, fmt):
    response = api_as(role).get(f"/consultations/{with_comments.pk}/comments/export/{fmt}")
    if role not in ACTIONS["comments.export"]:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert response["Content-Type"] == MIME[fmt]
    assert response["Content-Disposition"].startswith("attachment; filename=")
    form = read_form(response.content, filename=f"x.{fmt}")
    assert [(r.id, r.comment) for r in form.rows] == [("TMI-001", "Submitted one.")]


def test_exports_of_another_organization_are_404(api_as, other_consultation):
    api = api_as(Role.COORDINATOR)
    for path in ("comments/export/docx", "position/export/xlsx"):
        assert api.get(f"/consultations/{other_consultation.pk}/{path}").status_code == 404


def test_an_unknown_format_is_422(api_as, consultation):
    response = api_as(Role.COORDINATOR).get(f"/consultations/{consultation.pk}/comments/"
                                            "export/pdf")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.fmt"


@pytest.mark.parametrize("role", list(Role.values))
def test_position_export_by_role(api_as, consultation, role):
    response = api_as(role).get(f"/consultations/{consultation.pk}/position/export/xlsx")
    assert response.status_code == (200 if role in ACTIONS["consensus.view"] else 403)
    if response.status_code == 200:
        assert response["Content-Type"] == MIME["xlsx"]
        assert read_form(response.content, filename="p.xlsx").rows == []


@pytest.mark.parametrize("role", list(Role.values))
def test_audit_verify_by_role(api_as, consultation, role):
    response = api_as(role).get("/audit/verify")
    if role not in ACTIONS["audit.view"]:
        assert response.status_code == 403
        return
    body = response.json()
    assert body["intact"] is True and body["broken"] is None
    assert body["count"] == AuditEvent.objects.count()
    assert body["head"] == AuditEvent.objects.order_by("-seq").first().hash


def test_audit_verify_reports_a_tampered_event(api_as, consultation):
    api = api_as(Role.APPEALS_PANEL)
    event = AuditEvent.objects.order_by("seq")[2]
    with connection.cursor() as cursor:  # behind the ORM, which refuses to alter events
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET summary = %s WHERE seq = %s",
                       ["forged", event.seq])
    body = api.get("/audit/verify").json()
    assert body["intact"] is False
    assert body["broken"].startswith(f"event {event.seq}:")
