"""The demo publishes version 1 and drafts version 2, once."""

from liaison.process import selectors
from liaison.process.demo import load_demo_process
from liaison.process.export import to_docx, to_pdf


def test_the_demo_publishes_version_1_and_drafts_version_2(org, coordinator):
    v1, v2 = load_demo_process(org, coordinator)
    assert (v1.number, v1.is_published, v2.number, v2.is_published) == (1, True, 2, False)
    assert selectors.rule_in_force(org) == v1
    assert "14 days" in v1.disputes_and_appeals and "21 days" in v2.disputes_and_appeals
    assert (v1.min_members, v2.min_members) == (3, 2)
    assert load_demo_process(org, coordinator) == [v1, v2]  # idempotent
    assert to_docx(v1).startswith(b"PK") and to_pdf(v2).startswith(b"%PDF")
