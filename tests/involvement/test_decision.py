"""Involvement decisions cite the survey's aggregate; a new one supersedes, history is kept;
only coordinators decide."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liaison.involvement import selectors, services
from liaison.involvement.models import InvolvementDecision
from liaison.registry.models import Role
from tests.involvement.conftest import changes_nothing
from tests.involvement.test_survey import answer


def test_decision_stores_the_aggregate_it_rests_on(client, coordinator, survey, project, person):
    _, ada = person("ada", "industry")
    _, bo = person("bo", "academic")
    answer(survey, ada, "yes", "high", True)
    answer(survey, bo, "undecided", "low", False)
    client.force_login(coordinator)
    response = client.post(reverse("involvement:decide", args=[project.pk]),
                           {"consultation": survey.pk, "level": "participate",
                            "rationale": "Industry supports it and Ada will join the WG."})
    assert response.status_code == 302
    decision = InvolvementDecision.objects.get()
    assert decision.consultation == survey and decision.level == "participate"
    assert decision.aggregate["overall"]["answers"] == 2
    assert decision.aggregate["overall"]["support"] == {"yes": 1, "no": 0, "undecided": 1}
    assert decision.aggregate["willing"][0]["name"] == "Ada"
    assert decision.aggregate["consultation"]["id"] == survey.pk
    assert decision.decided_by.username == "coordinator" and decision.decided_at
    # Later answers do not rewrite what the decision rested on.
    _, cy = person("cy")
    answer(survey, cy, "no", "none", False)
    decision.refresh_from_db()
    assert decision.aggregate["overall"]["answers"] == 2
    page = client.get(reverse("involvement:project", args=[project.pk])).content.decode()
    assert 'data-testid="cited-aggregate"' in page and "participate" in page


def test_a_new_decision_supersedes_and_the_history_is_kept(survey, project, coordinator, person):
    _, ada = person("ada", "industry")
    answer(survey, ada, "yes", "high", True)
    first = services.decision_record(actor=coordinator, project=project, consultation=survey,
                                     level="observe", rationale="Wait and see.")
    second = services.decision_record(actor=coordinator, project=project, consultation=survey,
                                      level="comment", rationale="Support grew.")
    assert selectors.current_decision(project) == second
    assert second.supersedes == first
    assert list(selectors.decisions(project)) == [second, first]
    first.refresh_from_db()
    assert not first.is_current and second.is_current


def test_rationale_is_required(client, coordinator, survey, project):
    client.force_login(coordinator)
    with changes_nothing():
        response = client.post(reverse("involvement:decide", args=[project.pk]),
                               {"consultation": survey.pk, "level": "lead", "rationale": " "})
    assert response.status_code == 400


def test_a_survey_of_another_project_cannot_be_cited(org, coordinator, survey, project):
    from django.core.exceptions import ValidationError

    from liaison.projects import services as projects

    other = projects.project_create(actor=coordinator, liaison_org=org,
                                    reference="ISO/NP 24999", title="Other", stage_code="10.99")
    with changes_nothing(), pytest.raises(ValidationError):
        services.decision_record(actor=coordinator, project=other, consultation=survey,
                                 level="lead", rationale="Wrong survey.")


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.EXPERT, Role.COMMITTEE_MEMBER,
                                  Role.APPEALS_PANEL])
def test_only_coordinators_decide(client_as, survey, project, role):
    client = client_as(role)
    with changes_nothing():
        response = client.post(reverse("involvement:decide", args=[project.pk]),
                               {"consultation": survey.pk, "level": "lead",
                                "rationale": "Not mine to decide."})
    assert response.status_code == 403


def test_stakeholders_do_not_see_the_results(client_as, survey):
    client = client_as(Role.STAKEHOLDER)
    assert client.get(reverse("involvement:results", args=[survey.pk])).status_code == 403


def test_another_organizations_survey_is_not_found(client, other_org, make_user, survey):
    user = make_user(Role.COORDINATOR, username="outsider", liaison_org=other_org)
    client.force_login(user)
    assert client.get(reverse("involvement:results", args=[survey.pk])).status_code == 404
    assert client.get(reverse("involvement:survey", args=[survey.pk])).status_code in (403, 404)


def test_willing_list_on_the_project_page(client_as, survey, project, person):
    _, ada = person("ada", "industry")
    _, bo = person("bo")
    answer(survey, ada, "yes", "high", True)
    answer(survey, bo, "yes", "high", False)
    client = client_as(Role.EXPERT)
    html = client.get(reverse("involvement:project", args=[project.pk])).content.decode()
    willing = html.split('data-testid="willing-list"')[1].split("</ul>")[0]
    assert "Ada" in willing and "ada@example.org" in willing and "Bo" not in willing
