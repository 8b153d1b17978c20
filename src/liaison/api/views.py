"""The token page (``/api/tokens/``): a signed-in user lists, creates and revokes their own
API tokens in the organization they work in. A new token's secret is shown once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.access.decorators import requires
from liaison.api import selectors, services
from liaison.api.forms import RevokeForm, TokenForm
from liaison.api.models import ApiToken


@requires("api.tokens")
def tokens(request):
    """List your tokens; POST creates one and shows its secret once (never stored)."""
    form = TokenForm(request.POST if request.method == "POST" else None)
    secret, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, secret = services.api_token_create(
                    actor=request.user, user=request.user, liaison_org=request.liaison_org,
                    name=form.cleaned_data["name"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                form = TokenForm()
        if secret is None:
            status = 400
    return render(request, "api/tokens.html", {
        "form": form, "secret": secret,
        "tokens": selectors.tokens_of(request.user, request.liaison_org),
    }, status=status)


@require_POST
@requires("api.tokens")
def token_revoke(request):
    """Revoke one of your tokens (another user's, or another organization's, is a 404)."""
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return render(request, "api/tokens.html", {
            "form": TokenForm(), "revoke_errors": form.errors,
            "tokens": selectors.tokens_of(request.user, request.liaison_org)}, status=400)
    try:
        token = selectors.token_of(request.user, request.liaison_org,
                                   form.cleaned_data["token"])
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
