from django.conf import settings

from liaison.access.rules import ACTIONS, can


def access(request):
    """``perms_liaison.<action with _ for .>`` booleans and the current organization."""
    org = getattr(request, "liaison_org", None)
    user = getattr(request, "user", None)
    allowed = {}
    if user is not None and user.is_authenticated:
        allowed = {name.replace(".", "_"): can(user, name, org) for name in ACTIONS}
    return {"liaison_org": org, "allowed": allowed,
            "outbox_on": bool(settings.LIAISON_OUTBOX_DIR) and allowed.get("outbox_read", False)}
