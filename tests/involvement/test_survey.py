"""Answering an interest survey, its aggregate, the deadline and late-input rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liaison.involvement import selectors, services
from liaison.involvement.models import SurveyResponse
from liaison.notices.selectors import responded_stakeholder_ids
from liaison.projects.models import Engagement
from tests.consultations.helpers import pass_deadline
from tests.involvement.conftest import changes_nothing


def answer(survey, stakeholder, support, interest, willing, comment=""):
    return services.survey_answer(actor=stakeholder.user, consultation=survey,
                                  stakeholder=stakeholder, support=support, interest=interest,
                                  willing=willing, comment=comment)


def test_a_stakeholder_answers_on_the_page_reached_from_the_email_link(client, survey, person):
    user, me = person("ada", "industry")
    url = reverse("involvement:survey", args=[survey.pk])
    assert client.get(url)["Location"].startswith("/accounts/login/")  # sign-in required
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200 and "Interest in ISO/NP 24100" in page.content.decode()
    response = client.post(url, {"support": "yes", "interest": "high", "willing": "on",
                                 "comment": "We maintain a vocabulary in this area."})
    assert response.status_code == 302
    saved = SurveyResponse.objects.get(consultation=survey, stakeholder=me)
    assert (saved.support, saved.interest, saved.willing) == ("yes", "high", True)
    assert not saved.is_late
    engagement = Engagement.objects.get(project=survey.project, stakeholder=me)
    assert engagement.level == Engagement.Level.PARTICIPATING
    assert 'data-testid="answered"' in client.get(url).content.decode()


def test_an_answer_can_be_changed_until_the_deadline_and_stays_one(client, survey, person):
    user, me = person("bo", "academic")
    client.force_login(user)
    url = reverse("involvement:survey", args=[survey.pk])
    client.post(url, {"support": "undecided", "interest": "low"})
    client.post(url, {"support": "yes", "interest": "medium"})
    assert SurveyResponse.objects.filter(consultation=survey, stakeholder=me).count() == 1
    assert SurveyResponse.objects.get(stakeholder=me).support == "yes"
    assert Engagement.objects.get(stakeholder=me).level == Engagement.Level.INTERESTED


def test_invalid_answer_is_refused_with_400_and_nothing_stored(client, survey, person):
    user, _ = person("cy")
    client.force_login(user)
    with changes_nothing():
        response = client.post(reverse("involvement:survey", args=[survey.pk]),
                               {"support": "perhaps", "interest": "high"})
    assert response.status_code == 400


def test_after_the_deadline_an_answer_is_frozen(client, survey, person):
    user, me = person("di", "government")
    answer(survey, me, "yes", "high", False)
    pass_deadline(survey)
    client.force_login(user)
    url = reverse("involvement:survey", args=[survey.pk])
    assert "your answer is frozen" in client.get(url).content.decode()
    with changes_nothing():
        response = client.post(url, {"support": "no", "interest": "none"})
    assert response.status_code == 400
    assert "frozen" in response.content.decode()
    assert SurveyResponse.objects.get(stakeholder=me).support == "yes"


def test_late_first_answer_is_refused_under_the_refuse_policy(survey, person):
    _, me = person("ed")
    pass_deadline(survey, late_policy="refuse")
    with changes_nothing(), pytest.raises(ValidationError, match="late answers are not"):
        answer(survey, me, "yes", "low", False)


def test_late_first_answer_is_flagged_under_the_flag_policy(survey, person):
    _, me = person("flo")
    pass_deadline(survey, late_policy="flag")
    assert answer(survey, me, "no", "low", False).is_late


def test_answering_someone_with_no_interest_only_marks_them_informed(survey, person):
    _, me = person("gus")
    answer(survey, me, "no", "none", False)
    assert Engagement.objects.get(stakeholder=me).level == Engagement.Level.INFORMED


def test_aggregate_matches_hand_computed_figures(survey, person):
    _, ada = person("ada", "industry")
    _, bo = person("bo", "industry", "academic")
    _, cy = person("cy", "academic")
    _, di = person("di")
    answer(survey, ada, "yes", "high", True)
    answer(survey, bo, "yes", "medium", False)
    answer(survey, cy, "no", "low", False)
    answer(survey, di, "undecided", "none", True)
    result = selectors.survey_aggregate(survey)
    assert result["overall"]["answers"] == 4
    assert result["overall"]["support"] == {"yes": 2, "no": 1, "undecided": 1}
    assert result["overall"]["willing_share"] == 0.5
    rows = {r["code"]: r for r in result["categories"]}
    assert rows["industry"]["answers"] == 2 and rows["industry"]["support_share"]["yes"] == 1.0
    assert rows["academic"]["support"] == {"yes": 1, "no": 1, "undecided": 0}
    assert rows["government"]["answers"] == 0
    assert rows[""]["answers"] == 1
    assert [w["name"] for w in result["willing"]] == ["Ada", "Di"]
    assert selectors.respondent_ids(survey) == {ada.pk, bo.pk, cy.pk, di.pk}
    assert responded_stakeholder_ids(survey) >= {ada.pk, bo.pk, cy.pk, di.pk}


def test_results_page_shows_chart_table_and_willing_list(client, coordinator, survey, person):
    _, ada = person("ada", "industry")
    _, bo = person("bo", "academic")
    answer(survey, ada, "yes", "high", True)
    answer(survey, bo, "no", "low", False)
    client.force_login(coordinator)
    page = client.get(reverse("involvement:results", args=[survey.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="support-chart"' in html and "<svg" in html and 'role="img"' in html
    assert 'data-category="industry"' in html and "2 answers" in html
    willing = html.split('data-testid="willing-list"')[1].split("</ul>")[0]
    assert "Ada" in willing and "Bo" not in willing


def test_a_comments_consultation_is_not_a_survey(client, org, coordinator, project, person):
    import datetime as dt

    from django.utils import timezone

    from liaison.consultations import services as consultations

    call = consultations.consultation_create(
        actor=coordinator, liaison_org=org, project=project, title="Comments",
        deadline=timezone.now() + dt.timedelta(days=3))
    user, me = person("hal")
    client.force_login(user)
    response = client.get(reverse("involvement:survey", args=[call.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:detail", args=[call.pk])
    with pytest.raises(ValidationError):
        answer(call, me, "yes", "low", False)
