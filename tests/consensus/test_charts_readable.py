"""The verdict chart is readable (issue 14 item 8): every category name whole, the values in
a column of their own inside the picture, and the draft page's per-category "Support /
opposition" column filled."""

from __future__ import annotations

import re

import pytest

from liaison.consensus import charts, services
from liaison.core.consensus import Tally

pytestmark = pytest.mark.django_db

LONG = "Societal and other stakeholders, including consumer organizations"


def test_a_long_name_is_wrapped_whole_and_the_values_fit():
    chart = charts.category_bars([("overall", Tally(support=1, oppose=1), False),
                                  (LONG, Tally(support=2), True)], theta=1 / 3)
    overall, long = chart.bars
    assert " ".join(long.lines) == LONG and len(long.lines) > 1
    assert long.y - overall.y >= charts.ROW_HEIGHT
    assert chart.height >= long.y + len(long.lines) * charts.LINE_HEIGHT
    # "100% / 100%" at 11 px is under 70 px: it ends inside the picture
    assert chart.value_x + 70 <= chart.width and chart.value_x > chart.middle + charts.BAR_HALF


def test_the_pages_show_full_names_and_the_category_shares(world, coordinator, client,
                                                           make_stakeholder):
    draft = services.draft_create(actor=coordinator, consultation=world["consultation"],
                                  comments=world["comments"][:2])
    eve = make_stakeholder("eve", "academic")
    for actor, value in ((world["ana"][0], 1), (world["ben"][0], -1), (world["cy"][0], 1),
                         (eve[0], 1)):
        services.position_state(actor=actor, draft=draft, value=value)
    client.force_login(coordinator)
    verdict = client.get(f"/consensus/{draft.consultation_id}/verdict/").content.decode()
    svg = verdict[verdict.index("<svg"):verdict.index("</svg>")]
    shown = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg))
    assert "Academic and research bodies" in shown and "Industry and commerce" in shown
    assert "…" not in svg

    page = client.get(f"/consensus/{draft.consultation_id}/drafts/{draft.pk}/").content.decode()
    shares = re.findall(r'data-testid="category-shares">([^<]*)<', page)
    assert sorted(s.strip() for s in shares) == ["100% / 0%", "100% / 0%", "50% / 50%"]


@pytest.mark.django_db(transaction=True)  # committed positions: the evaluation keeps its memo
def test_the_opinion_groups_load_apart_and_the_sections_follow_each_change(
        world, coordinator, client):
    """After a position change the verdict page does not wait for the opinion groups: it
    links them (htmx loads them at once; without JavaScript the link opens them), and a
    draft's section shows the new figures while the others are reused."""
    consultation = world["consultation"]
    d1 = services.draft_create(actor=coordinator, consultation=consultation,
                               comments=world["comments"][:2])
    d2 = services.draft_create(actor=coordinator, consultation=consultation,
                               comments=world["comments"][2:3])
    services.position_state(actor=world["ana"][0], draft=d1, value=1)
    client.force_login(coordinator)
    verdict = f"/consensus/{consultation.pk}/verdict/"
    html = client.get(verdict).content.decode()
    assert 'data-testid="opinions-link"' in html and 'hx-get="' in html
    page = client.get(f"/consensus/{consultation.pk}/verdict/opinions/")
    assert page.status_code == 200 and "<h1" not in page.content.decode().split("<main")[0]
    assert "Opinion groups are looked for once" in page.content.decode()
    part = client.get(f"/consensus/{consultation.pk}/verdict/opinions/", HTTP_HX_REQUEST="true")
    assert part.content.decode().startswith('<section aria-labelledby="map-title"')
    html = client.get(verdict).content.decode()
    assert 'data-testid="opinions-link"' not in html  # known now: shown in place

    services.position_state(actor=world["ben"][0], draft=d1, value=-1)
    html = client.get(verdict).content.decode()
    first = html[html.index(f'id="v-{d1.pk}"'):html.index(f'id="v-{d2.pk}"')]
    assert "50% / 50%" in first  # the changed draft's section is new
    assert 'data-testid="opinions-link"' in html
