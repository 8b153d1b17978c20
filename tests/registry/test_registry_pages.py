"""Registry pages: browse and edit, bad input rejected next to its field, roles enforced."""

import pytest
from django.urls import reverse

from liaison.audit.models import AuditEvent
from liaison.registry import services
from liaison.registry.models import InterestCategory, Relationship, Representative, Stakeholder
from tests.snapshots import row_counts


@pytest.fixture
def sc4(org, coordinator):
    return services.organization_create(actor=coordinator, liaison_org=org,
                                        name="Technical interoperability",
                                        acronym="ISO/TC 46/SC 4", kind="iso_committee")


@pytest.fixture
def formal(org, coordinator, sc4):
    return services.relationship_create(actor=coordinator, liaison_org=org, organization=sc4,
                                        formality="formal", iso_category="A")


def test_coordinator_records_a_liaison_with_principal_and_communication(client, coordinator,
                                                                       sc4):
    client.force_login(coordinator)
    response = client.post(reverse("registry:relationship_new", args=[sc4.pk]), {
        "organization": sc4.pk, "formality": "formal", "iso_category": "A",
        "established_on": "2003-04-01"})
    assert response.status_code == 302
    relationship = Relationship.objects.get(organization=sc4)
    client.post(reverse("registry:representative_new", args=[relationship.pk]), {
        "kind": "principal", "name": "Claire Dubois", "email": "claire@example.org",
        "term_start": "2025-01-01", "term_end": "2027-12-31"})
    client.post(reverse("registry:communication_new", args=[relationship.pk]), {
        "direction": "inward", "occurred_at": "2026-11-02T09:30", "subject": "Call for experts",
        "reference": "ISO/TC 46/SC 4 N 2201"})
    page = client.get(reverse("registry:organization", args=[sc4.pk])).content.decode()
    assert "ISO category A" in page
    assert "Claire Dubois" in page and "2025-01-01" in page
    assert "Call for experts" in page and "ISO/TC 46/SC 4 N 2201" in page
    # 09:30 in the organization's zone (Europe/Paris) is stored as 08:30 UTC.
    assert relationship.communications.get().occurred_at.hour == 8
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"relationship.create", "representative.appoint", "communication.log"} <= verbs


def test_term_that_ends_before_it_starts_is_rejected(client, coordinator, formal):
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(reverse("registry:representative_new", args=[formal.pk]), {
        "kind": "expert", "name": "Erik", "email": "erik@example.org",
        "term_start": "2026-01-01", "term_end": "2025-12-31"})
    assert response.status_code == 400
    assert "A term cannot end before it starts." in response.content.decode()
    assert not Representative.objects.exists()
    assert row_counts() == before


def test_formal_liaison_needs_its_iso_category(client, coordinator, sc4):
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(reverse("registry:relationship_new", args=[sc4.pk]), {
        "organization": sc4.pk, "formality": "formal", "iso_category": ""})
    assert response.status_code == 400
    assert "needs its ISO liaison category" in response.content.decode()
    assert row_counts() == before


def stakeholder_form(**overrides):
    data = {"kind": "person", "name": "Anna Schmidt", "email": "anna@example.org",
            "country": "DE", "categories": [InterestCategory.objects.get(code="academic").pk],
            "consent_to_contact": "on", "language": "en", "time_zone": "Europe/Berlin"}
    data.update(overrides)
    return data


def test_coordinator_adds_a_stakeholder_with_subscriptions(client, coordinator, sc4):
    client.force_login(coordinator)
    response = client.post(reverse("registry:stakeholder_new"),
                           stakeholder_form(committees=[sc4.pk], willing_to_participate="on"))
    assert response.status_code == 302
    anna = Stakeholder.objects.get(email="anna@example.org")
    assert anna.consent_to_contact and anna.consent_changed_at is not None
    assert [s.organization for s in anna.subscriptions.all()] == [sc4]
    listing = client.get(reverse("registry:stakeholders"), {"willing": "on"}).content.decode()
    assert "Anna Schmidt" in listing


@pytest.mark.parametrize(("overrides", "message"), [
    ({"email": "not-an-address"}, "Enter a valid email address."),
    ({"time_zone": "Mars/Olympus_Mons"}, "is not a known time zone"),
    ({"country": "Germany"}, "two-letter ISO 3166 code"),
    ({"categories": []}, "Choose at least one interest category."),
])
def test_bad_stakeholder_input_is_rejected(client, coordinator, overrides, message):
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(reverse("registry:stakeholder_new"), stakeholder_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert row_counts() == before


def test_duplicate_stakeholder_email_is_rejected(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("registry:stakeholder_new"), stakeholder_form())
    before = row_counts()
    response = client.post(reverse("registry:stakeholder_new"), stakeholder_form(name="Other"))
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert row_counts() == before


@pytest.mark.parametrize("role", ["stakeholder", "expert", "committee_member", "appeals_panel"])
def test_roles_without_the_right_get_403_and_nothing_changes(client_as, role, sc4):
    client = client_as(role)
    before = row_counts()
    response = client.post(reverse("registry:stakeholder_new"), stakeholder_form())
    assert response.status_code == 403
    response = client.post(reverse("registry:organization_edit", args=[sc4.pk]),
                           {"name": "Hijacked", "kind": "other"})
    assert response.status_code == 403
    assert row_counts() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, sc4):
    response = client.get(reverse("registry:organizations"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_organizations_records_are_not_found(client, make_user, other_org, sc4):
    outsider = make_user("coordinator", username="outsider", liaison_org=other_org)
    client.force_login(outsider)
    assert client.get(reverse("registry:organization", args=[sc4.pk])).status_code == 404
    assert "ISO/TC 46/SC 4" not in client.get(reverse("registry:organizations")).content.decode()
