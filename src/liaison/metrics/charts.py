"""Chart descriptions for the self-assessment page: one horizontal bar chart per figure,
drawn as inline SVG (``metrics/_chart.html``: ``<title>``, ``<desc>``, no script, no style
attribute) with a table beside it that states the same numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from liaison.core import metrics as m

LABEL_WIDTH = 230
BAR_WIDTH = 330
VALUE_WIDTH = 110
ROW_HEIGHT = 26
BAR_HEIGHT = 16
COLOURS = {"": "#1565c0", "waiting": "#90a4ae", "required": "#1b5e20", "missing": "#b71c1c",
           "overall": "#0d47a1", "other": "#78909c"}


@dataclass(frozen=True)
class Row:
    label: str
    value: float | None
    text: str  # the value as shown (e.g. "42 %", "12 days", "—")
    kind: str = ""  # colour key: waiting, required, missing, overall, other
    cells: tuple[str, ...] = ()  # the table's other columns
    y: int = 0
    width: float = 0.0

    @property
    def colour(self) -> str:
        return COLOURS.get(self.kind, COLOURS[""])

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 3


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    desc: str
    columns: tuple[str, ...]  # table header: label, value, then the cells
    rows: list[Row] = field(default_factory=list)
    empty: str = ""
    note: str = ""

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH

    @property
    def height(self) -> int:
        return max(1, len(self.rows)) * ROW_HEIGHT + 8

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + 6


def build(id: str, title: str, columns, rows: list[Row], *, scale_max: float | None,
          empty: str, note: str = "") -> Chart:
    geometry = m.bars([(r.label, r.value) for r in rows], scale_max=scale_max,
                      width=BAR_WIDTH)
    placed = [Row(r.label, r.value, r.text, r.kind, r.cells, i * ROW_HEIGHT + 4, g.width)
              for i, (r, g) in enumerate(zip(rows, geometry, strict=True))]
    desc = pgettext("between two items of a list", "; ").join(
        _("%(label)s: %(value)s") % {"label": r.label, "value": r.text} for r in placed
    ) + "." if placed else empty
    return Chart(id, title, desc, tuple(columns), placed, empty, note)


def _num(value: float) -> str:
    """``value`` without trailing zeros, with the active language's decimal separator."""
    return f"{value:g}".replace(".", get_format("DECIMAL_SEPARATOR"))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{_num(m.as_percent(value))} %"


def _date(value) -> str:
    """A date in the active language's short form (2026-03-01 in English, 01/03/2026 in French)."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def lead_time_chart(lead_times: list[m.LeadTime]) -> Chart:
    rows = [Row(t.label, t.days,
                (_("%(n)s days") % {"n": t.days}) + (_(" so far") if t.waiting else ""),
                "waiting" if t.waiting else "",
                (_date(t.approved_on), _date(t.first_notice_on)))
            for t in lead_times]
    done = [t.days for t in lead_times if not t.waiting]
    med = m.median(done)
    note = (_("Median: %(d)s days over %(n)s announced projects.") % {"d": _num(med),
                                                                       "n": len(done)}
            if med is not None else _("No project has been announced yet."))
    return build("lead-time", _("Days from ISO approval to the first notice, by project"),
                 (_("Project"), _("Days"), _("Approved"), _("First notice")), rows,
                 scale_max=None, empty=_("No project has an ISO approval date."), note=note)


def response_trend_chart(rates, names) -> Chart:
    rows = [Row(f"{_date(r.consultation.opens_at)} {r.consultation.title}",
                m.as_percent(r.overall.share), _pct(r.overall.share), "overall",
                (f"{r.overall.responded} / {r.overall.told}",
                 _("told") if r.basis == "told" else _("engaged (not announced here)")))
           for r in rates]
    return build("response-trend", _("Response rate per consultation, over time"),
                 (_("Consultation"), _("Response rate"), _("Responded / audience"),
                  _("Audience")), rows, scale_max=100,
                 empty=_("No consultation has been opened yet."))


def response_chart(rates, names) -> Chart:
    c = rates.consultation
    rows = [Row(_("overall"), m.as_percent(rates.overall.share), _pct(rates.overall.share),
                "overall", (f"{rates.overall.responded} / {rates.overall.told}",))]
    rows += [Row(names.get(r.category, r.category), m.as_percent(r.share), _pct(r.share), "",
                 (f"{r.responded} / {r.told}",)) for r in rates.categories]
    return build(f"response-{c.pk}",
                 _("Response rate by interest category: %(c)s") % {"c": c.title},
                 (_("Interest category"), _("Response rate"), _("Responded / audience")), rows,
                 scale_max=100, empty=_("Nobody was told of this consultation."),
                 note=(_("Audience: stakeholders told by the announcement.")
                       if rates.basis == "told" else
                       _("Not announced here: the audience is the project's engaged "
                         "stakeholders and whoever responded.")))


def balance_chart(item, names) -> Chart:
    b = item.balance
    rows = []
    for g in b.groups:
        kind = ("missing" if g.participants == 0 else "required") if g.required else "other"
        rows.append(Row(names.get(g.category, g.category), g.participants,
                        str(g.participants) + (_(" (required)") if g.required else ""),
                        kind, (_("yes") if g.required else _("no"),
                               _pct(g.share_of_participants))))
    note = (_("%(c)s of %(n)s required groups have participants (%(p)s); %(t)s participants "
              "in all.") % {"c": b.required_covered, "n": b.required,
                            "p": _pct(b.coverage), "t": b.participants})
    return build(f"balance-{item.project.pk}",
                 _("Participants by interest category against the groups required: %(p)s")
                 % {"p": item.project.reference},
                 (_("Interest category"), _("Participants"), _("Required"),
                  _("Share of participants")), rows, scale_max=None,
                 empty=_("The project requires no group and has no participant yet."),
                 note=note)


def disposition_chart(items) -> Chart:
    rows = [Row(f"{_date(c.opens_at)} {c.title}", m.as_percent(p.share), _pct(p.share), "",
                (f"{p.part} / {p.whole}",)) for c, p in items]
    return build("dispositions", _("Share of comments with a disposition, per consultation"),
                 (_("Consultation"), _("Dispositioned"), _("Comments with a disposition")),
                 rows, scale_max=100, empty=_("No consultation has submitted comments yet."))


def consensus_chart(items) -> Chart:
    rows = [Row(f"{_date(c.opens_at)} {c.title}", m.as_percent(p.share), _pct(p.share),
                "required" if overall else "",
                (f"{p.part} / {p.whole}", _("yes") if overall else _("not yet")))
            for c, p, overall in items]
    return build("consensus", _("Share of drafts with consensus, per consultation"),
                 (_("Consultation"), _("Drafts with consensus"), _("Drafts"),
                  _("Whole position has consensus")), rows, scale_max=100,
                 empty=_("No draft consensus comment has been written yet."))


RESULT_LABELS = {"upheld": gettext_lazy("upheld"), "partly_upheld": gettext_lazy("partly upheld"),
                 "dismissed": gettext_lazy("dismissed"), "filed": gettext_lazy("filed (pending)"),
                 "admissible": gettext_lazy("admissible (pending)"),
                 "under_review": gettext_lazy("under review"),
                 "inadmissible": gettext_lazy("inadmissible"), "decided": gettext_lazy("decided"),
                 "closed": gettext_lazy("closed")}


def appeal_charts(figures: m.AppealFigures | None) -> list[Chart]:
    if figures is None:
        return [build("appeals", _("Appeals and their outcomes"), (_("Result"), _("Appeals")),
                      [], scale_max=None, empty=_("The appeals app is not installed."))]
    outcome_rows = [Row(str(RESULT_LABELS.get(k, k)), v, str(v),
                        "missing" if k in ("upheld", "partly_upheld") else "")
                    for k, v in figures.by_result.items()]
    quarter_rows = [Row(q, v, str(v)) for q, v in figures.by_quarter.items()]
    note = (_("%(n)s appeals; upheld or partly upheld: %(s)s of those decided.")
            % {"n": figures.total, "s": _pct(figures.upheld_share)})
    return [build("appeals", _("Appeals by outcome"), (_("Result"), _("Appeals")),
                  outcome_rows, scale_max=None, empty=_("No appeal has been filed."),
                  note=note),
            build("appeals-quarter", _("Appeals filed per quarter"),
                  (_("Quarter"), _("Appeals")), quarter_rows, scale_max=None,
                  empty=_("No appeal has been filed."))]
