"""``/api/audit/verify``: recompute the audit trail's hash chain."""

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from liaison.api.context import require
from liaison.api.routers.responses import READ
from liaison.audit.selectors import verify_chain

router = Router(tags=["audit"])


class VerifyOut(Schema):
    intact: bool = Field(description="every event matches its hash and its predecessor")
    count: int = Field(description="events verified", examples=[1234])
    head: str = Field(description="SHA-256 of the last event: keep it apart from the "
                                  "database", examples=["9f2c…"])
    broken: str | None = Field(description="the first break, when not intact",
                               examples=["event 17: stored hash does not match its content"])


@router.get("/verify", response={200: VerifyOut, **READ}, summary="Verify the audit trail")
def audit_verify(request: HttpRequest):
    """Recompute every event's hash, as ``liaison audit verify`` does (``audit.view``)."""
    require(request, "audit.view")
    result = verify_chain()
    return {"intact": result.intact, "count": result.count, "head": result.head,
            "broken": str(result.broken) if result.broken else None}
