"""Enrolment keys the new account by its canonical name (issue 19, item 5): a name that
folds to an existing account's (case, a fullwidth look-alike) is refused, nothing stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liaison.accounts import services
from liaison.registry.models import Role
from tests.involvement.conftest import changes_nothing


@pytest.fixture
def taken(make_user):
    return make_user(Role.EXPERT, username="iris")


@pytest.mark.parametrize("name", ["\uff49ris", "IRIS"])
def test_enrolment_refuses_a_look_alike_of_an_existing_name(client, coordinator, invitee,
                                                            taken, name):
    token = services.invitation_issue(actor=coordinator, stakeholder=invitee)
    with changes_nothing(), pytest.raises(ValidationError):
        services.invitation_accept(token=token, username=name,
                                   password="a-Long-pass-phrase-42")
    with changes_nothing():
        response = client.post(reverse("public:join", args=[token]),
                               {"username": name, "password1": "a-Long-pass-phrase-42",
                                "password2": "a-Long-pass-phrase-42"})
    assert response.status_code == 400
    assert "already exists" in response.content.decode() or "is taken" in \
        response.content.decode()
    invitee.refresh_from_db()
    assert invitee.user_id is None
