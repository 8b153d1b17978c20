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
