from django.shortcuts import render


def forbidden(request, exception=None):
    """403 page that says why, in plain words."""
    reason = str(exception) if exception else ""
    return render(request, "403.html", {"reason": reason}, status=403)
