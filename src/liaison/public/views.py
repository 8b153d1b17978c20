from django.shortcuts import render

from liaison.public.selectors import public_projects


def home(request):
    """The public front page: what the organization works on."""
    return render(request, "public/home.html", {"projects": public_projects()})
