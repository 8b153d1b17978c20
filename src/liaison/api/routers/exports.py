"""Downloads as ISO comment forms (.docx, the ISO template; .xlsx): a consultation's
submitted comments (``comments.export``) and its consensus position (``consensus.view``)."""

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Path, Router

from liaison.api.context import consultation, require
from liaison.api.routers.responses import READ_ONE
from liaison.api.schemas.common import PathId
from liaison.consensus import export as position_export
from liaison.consensus import selectors as consensus_selectors
from liaison.consultations import forms_io

router = Router(tags=["exports"])

Format = Annotated[Literal["docx", "xlsx"], Path(description="docx or xlsx")]


def _binary(description: str) -> dict:
    """OpenAPI for a 200 answer that is a .docx or .xlsx file."""
    return {"responses": {200: {
        "description": description,
        "content": {mime: {"schema": {"type": "string", "format": "binary"}}
                    for _, mime in forms_io.EXPORT_FORMATS.values()},
        "headers": {"Content-Disposition": {
            "description": "attachment; filename=…", "schema": {"type": "string"}}},
    }}}


def _file(data: bytes, mime: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/{consultation_id}/comments/export/{fmt}", response=READ_ONE,
            summary="Submitted comments as an ISO form",
            openapi_extra=_binary("The ISO comment form (.docx) or the .xlsx sheet."))
def comments_export(request: HttpRequest, consultation_id: PathId, fmt: Format):
    """Every submitted comment, in number order, in the ISO template (.docx: A4 landscape)
    or as .xlsx (``comments.export``: coordinators)."""
    require(request, "comments.export")
    c = consultation(request, consultation_id)
    return _file(forms_io.export_bytes(c, fmt), forms_io.EXPORT_FORMATS[fmt][1],
                 forms_io.export_filename(c, fmt))


@router.get("/{consultation_id}/position/export/{fmt}", response=READ_ONE,
            summary="The consensus position as an ISO form",
            openapi_extra=_binary("The consensus comments as an ISO form."))
def position_export_file(request: HttpRequest, consultation_id: PathId, fmt: Format):
    """The submitted file itself once the position is submitted; before that, the current
    draft consensus comments (``consensus.view``)."""
    require(request, "consensus.view")
    c = consultation(request, consultation_id)
    submission = consensus_selectors.latest_submission(c)
    if submission is not None:
        data = bytes(getattr(submission, fmt))
    else:
        data = position_export.position_files(c, consensus_selectors.drafts_of(c))[fmt][0]
    return _file(data, position_export.FORMATS[fmt][1], position_export.filename(c, fmt))
