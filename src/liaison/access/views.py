from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from liaison.access.language import save_language, supported


def forbidden(request, exception=None):
    """403 page that says why, in plain words."""
    reason = str(exception) if exception else ""
    return render(request, "403.html", {"reason": reason}, status=403)


@require_POST
def set_language(request):
    """The footer's language switcher: a language that is not offered is a 400 and changes
    nothing; otherwise a signed-in user's choice is saved on their stakeholder records (so it
    follows them to other browsers and to their e-mail) and, as for everyone, in the language
    cookie (Django's ``set_language``, which also redirects back to ``next``)."""
    code = request.POST.get("language", "")
    if not supported(code):
        return HttpResponseBadRequest(
            _("Unknown language “%(code)s”: choose English or French.") % {"code": code[:20]},
            content_type="text/plain; charset=utf-8")
    if request.user.is_authenticated:
        save_language(request.user, code)
    return django_set_language(request)
