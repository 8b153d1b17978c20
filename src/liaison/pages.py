"""The one page pattern every create/edit view follows.

GET renders the form; POST validates it and, when valid, calls the service. A
``ValidationError`` the service raises (a rule only the service can check, such as a
duplicate within the organization) is shown next to its field, and nothing is stored: the
service's transaction rolled back. Invalid input answers 400 so scripts can tell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    title: str,
    success_url: Callable[[Any], str] | str,
    success_message: str | Callable[[Any], str] = "",
    cancel_url: str = "",
    template: str = "form.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = save(form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                if success_message:
                    messages.success(request, success_message(result)
                                     if callable(success_message) else success_message)
                return redirect(success_url(result) if callable(success_url) else success_url)
        status = 400
    return render(request, template, {"form": form, "title": title, "cancel_url": cancel_url,
                                      **(context or {})}, status=status)


def attach_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on ``form``: each field's errors beside it, the rest (and a
    plain message) above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
