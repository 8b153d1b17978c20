"""Stakeholder self-service and invitations: thin views over forms, services, selectors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.access.decorators import requires
from liaison.accounts import selectors, services, tokens
from liaison.accounts.forms import AcceptInvitationForm, InvitationForm, ProfileForm
from liaison.accounts.session import remember_time_zone
from liaison.pages import form_page

BACKEND = "liaison.security.backends.UsernameBackend"


def _data(request):
    return request.POST if request.method == "POST" else None


def _link(request: HttpRequest, token: str) -> str:
    path = reverse("public:join", args=[token])
    base = getattr(settings, "LIAISON_BASE_URL", "")
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)


@requires("accounts.invite")
def invite(request):
    """Issue an invitation link for a stakeholder without an account (shown, and e-mailed
    on request)."""
    initial = {"stakeholder": request.GET.get("stakeholder")} if request.GET else None
    form = InvitationForm(_data(request), initial=initial, liaison_org=request.liaison_org)
    issued = {}

    def save(data):
        token = services.invitation_issue(actor=request.user, stakeholder=data["stakeholder"],
                                          email=data["email"])
        issued.update(link=_link(request, token), stakeholder=data["stakeholder"],
                      emailed=data["email"], days=tokens.max_age() // 86400)
        return token

    response = form_page(request, form, save=save, title=_("Invite a stakeholder"),
                         success_url=reverse("accounts:invite"),
                         cancel_url=reverse("registry:stakeholders"))
    if issued:
        return render(request, "accounts/invitation_issued.html", issued)
    return response


def invitation_accept(request, token: str):
    """Create one's account from an invitation link (no sign-in needed: the signed token is
    the credential). A forged, expired or used link answers 404/410 and changes nothing."""
    try:
        stakeholder = tokens.read_token(token)
    except tokens.InvalidInvitation as exc:
        return render(request, "accounts/invitation_invalid.html", {"reason": exc.message},
                      status=exc.status)
    form = AcceptInvitationForm(_data(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user, stakeholder = services.invitation_accept(
                    token=token, username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"])
            except tokens.InvalidInvitation as exc:  # used by someone else meanwhile
                return render(request, "accounts/invitation_invalid.html",
                              {"reason": exc.message}, status=exc.status)
            except ValidationError as exc:
                form.add_error(None, exc)
                return render(request, "accounts/invitation_accept.html",
                              {"form": form, "stakeholder": stakeholder}, status=400)
            login(request, user, backend=BACKEND)
            remember_time_zone(request, stakeholder)
            messages.success(request, _("Welcome, %(name)s: your account is ready. Choose what "
                                        "you follow below.") % {"name": stakeholder.name})
            return redirect("accounts:profile")
        status = 400
    return render(request, "accounts/invitation_accept.html",
                  {"form": form, "stakeholder": stakeholder}, status=status)


def _no_profile(request) -> HttpResponse:
    return render(request, "accounts/no_profile.html", status=404)


@requires("accounts.self")
def profile(request):
    """My subscriptions, consent to be contacted, time zone and language."""
    me = selectors.own_profile(request.user, request.liaison_org)
    if me is None:
        return _no_profile(request)

    saved_language: list[str] = []

    def save(data):
        saved = services.profile_update(actor=request.user, stakeholder=me, **data)
        remember_time_zone(request, saved, explicit=True)
        saved_language.append(saved.language)
        return saved

    response = form_page(
        request, ProfileForm(_data(request), initial=ProfileForm.initial_for(me),
                             stakeholder=me),
        save=save, title=_("My profile"), success_url=reverse("accounts:profile"),
        success_message=_("Your profile is saved."), template="accounts/profile.html",
        context={"me": me},
    )
    if saved_language:
        _follow_in_this_browser(response, saved_language[0])
    return response


def _follow_in_this_browser(response: HttpResponse, language: str) -> None:
    """The language saved in the profile also becomes this browser's (the switcher's cookie),
    so it holds after signing out; "Browser's language" removes the cookie, else an earlier
    pick from the switcher would keep overriding the browser."""
    if language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                            max_age=settings.LANGUAGE_COOKIE_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH,
                            domain=settings.LANGUAGE_COOKIE_DOMAIN,
                            secure=settings.LANGUAGE_COOKIE_SECURE,
                            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME,
                               path=settings.LANGUAGE_COOKIE_PATH,
                               domain=settings.LANGUAGE_COOKIE_DOMAIN,
                               samesite=settings.LANGUAGE_COOKIE_SAMESITE)


@requires("accounts.self")
def my_consultations(request):
    """Open consultations on projects I follow or am engaged with, in my time zone."""
    me = selectors.own_profile(request.user, request.liaison_org)
    if me is None:
        return _no_profile(request)
    consultations = list(selectors.relevant_consultations(me))
    return render(request, "accounts/consultations.html", {
        "me": me, "consultations": consultations,
        "responded": selectors.responded_ids(me, consultations),
    })
