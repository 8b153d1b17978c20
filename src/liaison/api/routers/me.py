"""``/api/me``: who the request is authenticated as, where, and what it may do."""

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from liaison.access.rules import ACTIONS, can, roles_of
from liaison.api.context import org_of
from liaison.api.routers.responses import READ

router = Router(tags=["me"])


class MeOut(Schema):
    username: str = Field(examples=["alice"])
    organization: str | None = Field(examples=["tmi"], description="slug")
    roles: list[str] = Field(examples=[["stakeholder"]])
    actions: list[str] = Field(examples=[["consultations.view", "comments.write"]])
    token: str | None = Field(description="the token's name, when authenticated by one",
                              examples=["nightly export"])


@router.get("", response={200: MeOut, **READ}, summary="Who you are")
def me(request: HttpRequest):
    """Your user, organization, roles and the actions they allow."""
    org = org_of(request)
    token = getattr(request, "api_token", None)
    return {"username": request.user.get_username(),
            "organization": org.slug if org else None,
            "roles": sorted(roles_of(request.user, org)),
            "actions": sorted(a for a in ACTIONS if can(request.user, a, org)),
            "token": token.name if token else None}
