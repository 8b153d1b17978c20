"""Demonstration consultation: DCMI's call for comments on ISO/DIS 15836-2.

:func:`load_demo_consultations` is called by ``liaison demo`` after the registry and projects
are loaded. It opens one consultation (deadline in three weeks) and records twelve realistic
comments from demo stakeholders, through the services (so every write is audited). The set is
built to exercise the analyses: two redundant pairs (the date and language usage notes), one
contradictory pair (literal values for dcterms:creator) and one draft visible only to its
author (Sofia Marquez, the ``stakeholder`` demo account).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from liaison.consultations import services
from liaison.consultations.models import Comment, Consultation
from liaison.projects.models import Project
from liaison.registry.models import Stakeholder

TITLE = "DCMI comments on ISO/DIS 15836-2"
REFERENCE = "ISO/DIS 15836-2"

#: (stakeholder name, line, clause, element, type, comment, proposed change, submitted)
COMMENTS: list[tuple[str, str, str, str, str, str, str, bool]] = [
    ("National Library of Finland", "412", "5.2.7", "Usage note", "te",
     "The usage note of dcterms:date recommends ISO 8601-1 only. Catalogues routinely record "
     "uncertain and approximate dates (\"circa 1850\", \"1920s\"), which ISO 8601-1 cannot "
     "express.",
     "Add to the usage note: \"For uncertain, approximate or open-ended dates, the Extended "
     "Date/Time Format of ISO 8601-2 (EDTF) is recommended.\"", True),
    ("Bibliothèque nationale de France", "414", "5.2.7", "Usage note", "te",
     "Approximate and uncertain dates cannot be encoded with the ISO 8601-1 profile given in "
     "the note on dcterms:date.",
     "Reference ISO 8601-2 (EDTF) in the usage note of dcterms:date.", True),
    ("OCLC", "530", "5.2.12", "Range", "te",
     "The range of dcterms:creator is dcterms:Agent, i.e. a non-literal value. Millions of "
     "existing records use a literal name, as ISO 15836-1 allows for dc:creator; the stricter "
     "range makes those records non-conformant.",
     "Relax the range of dcterms:creator to allow literal values, or add a note that a "
     "literal name remains acceptable for legacy data.", True),
    ("Europeana Foundation", "531", "5.2.12", "Range", "te",
     "Literal names as values of dcterms:creator cannot be linked to authority files (VIAF, "
     "ISNI, Wikidata) and defeat the purpose of Part 2.",
     "Keep the range dcterms:Agent, state that literal values shall not be used with "
     "dcterms:creator, and add an example whose value is an ISNI IRI.", True),
    ("Ex Libris", "88", "3.4", "", "ed",
     "The definition of \"resource\" cites RDF 1.0 Concepts although the text follows "
     "RDF 1.1.",
     "Cite RDF 1.1 Concepts and Abstract Syntax (W3C Recommendation, 2014).", True),
    ("University of Tsukuba", "702", "5.2.20", "Usage note", "te",
     "The usage note of dcterms:language recommends ISO 639-2 codes, but RDF language-tagged "
     "strings and most implementations use BCP 47 tags (\"en\", \"ja-Latn\").",
     "Recommend BCP 47 (IETF RFC 5646) language tags, consistent with rdf:langString.", True),
    ("Kent State University iSchool", "703", "5.2.20", "Usage note", "te",
     "Recommending three-letter ISO 639-2 codes for dcterms:language conflicts with the "
     "language tags of RDF literals.",
     "Replace the reference to ISO 639-2 by a reference to BCP 47.", True),
    ("Wikimedia Deutschland", "35", "1", "", "ge",
     "The scope mentions RDF only; it does not say whether the terms may be used in JSON-LD "
     "or other syntaxes that map to RDF.",
     "Add: \"The terms may be used in any syntax that can be mapped to RDF, such as "
     "JSON-LD 1.1.\"", True),
    ("EDItEUR", "1190", "5.3", "Table 2", "ed",
     "Table 2 lists dcterms:hasVersion before dcterms:isVersionOf, unlike the alphabetical "
     "order of clause 5.2.",
     "Order Table 2 alphabetically, as in clause 5.2.", True),
    ("Schema.org community", "1204", "5.3", "Table 3", "te",
     "dcterms:Agent has no stated relationship to schema:Person, schema:Organization or "
     "foaf:Agent, which implementers need for crosswalks.",
     "Add an informative annex mapping the DCMI classes to schema.org and FOAF classes.", True),
    ("National Library of Finland", "955", "5.2.31", "Definition", "ed",
     "\"Licence\" and \"license\" are both used in clause 5.2.31.",
     "Use one spelling throughout (ISO house style: \"licence\" for the noun).", True),
    ("Sofia Marquez", "948", "5.2.31", "Usage note", "te",
     "dcterms:rights and dcterms:license overlap; there is no guidance on when to use which.",
     "Add a note: use dcterms:license for the IRI of a licence document and dcterms:rights for "
     "other statements about rights.", False),
]


def open_by_announcing(actor, consultation: Consultation) -> Consultation:
    """Open the consultation the right way: announced to every matching stakeholder (or, in
    an organization without one yet, opened without notice, saying so)."""
    from liaison.notices import delivery
    from liaison.notices.audience import Criteria, audience
    from liaison.notices.services import consultation_announce

    criteria = Criteria()
    if audience(consultation.project, criteria).recipients:
        announcement = consultation_announce(
            actor=actor, consultation=consultation, criteria=criteria,
            subject=f"{consultation.title} ({consultation.project.reference})",
            message=consultation.instructions)
        # Delivered now, like the demo's project announcement: the report shows who was told.
        delivery.deliver(list(announcement.notices.filter(channel="email")
                              .values_list("pk", flat=True)), worker="demo")
        consultation.refresh_from_db()
        return consultation
    return services.consultation_open(
        actor=actor, consultation=consultation,
        without_notice_reason="Demo data: no stakeholder follows the project yet.")


def load_demo_consultations(org, actor) -> Consultation | None:
    """Create the open demo consultation on ISO/DIS 15836-2 with its comments (idempotent;
    None when the project is not in ``org``)."""
    project = Project.objects.filter(liaison_org=org, reference=REFERENCE).first()
    if project is None:
        return None
    existing = Consultation.objects.filter(liaison_org=org, project=project, title=TITLE).first()
    if existing is not None:
        return existing
    now = timezone.now()
    deadline = (now + dt.timedelta(weeks=3)).replace(hour=17, minute=0, second=0, microsecond=0)
    consultation = services.consultation_create(
        actor=actor, liaison_org=org, project=project, title=TITLE,
        document=project.documents.first(), ballot=project.ballots.first(),
        instructions="Please comment on the DIS text in ISO's comment form: one row per "
                     "point, with the clause and line it concerns. Our position goes to "
                     "ISO/TC 46/SC 4 before the ballot closes.",
        opens_at=now - dt.timedelta(days=2), deadline=deadline,
        late_policy=Consultation.LatePolicy.FLAG)
    consultation = open_by_announcing(actor, consultation)
    stakeholders = {s.name: s for s in Stakeholder.objects.filter(liaison_org=org)}
    for name, line, clause, element, kind, text, change, submit in COMMENTS:
        author = stakeholders.get(name)
        if author is None:
            continue
        by_user = author.user is not None
        services.comment_create(
            actor=author.user if by_user else actor, consultation=consultation, author=author,
            submit=submit, channel=Comment.Channel.WEB if by_user else Comment.Channel.EMAIL,
            line=line, clause=clause, element=element, type=kind, comment=text,
            proposed_change=change)
    return consultation
