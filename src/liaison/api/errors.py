"""Error bodies and how refusals become HTTP answers.

Every 4xx answer is ``{"detail": "...", "errors": [{"field": "...", "message": "..."}]}``:

* 401 no or bad credentials; 403 the role does not allow the action (or no stakeholder
  profile); 404 not found — including another organization's objects;
* 422 the request does not match the schema (ninja's validation), one entry per field;
* 400 a rule only the service can check (``ValidationError``), one entry per message, its
  field named when the service named it;
* 409 the object's state refuses the action (a closed consultation, a frozen comment after
  the deadline, a stale ``version``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Schema
from ninja.errors import HttpError

#: ValidationError codes that mean "not in this state / not now", answered 409.
CONFLICT_CODES = {"conflict", "not_accepted", "state", "transition", "blocked"}


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    detail: str
    errors: list[FieldError] = []


class ApiError(HttpError):
    """An HTTP refusal carrying field messages (and, for conflicts, extra data)."""

    def __init__(self, status: int, detail: str, errors: list[dict[str, str]] | None = None,
                 **extra: Any) -> None:
        super().__init__(status, detail)
        self.detail = detail
        self.errors = errors or []
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"detail": self.detail, "errors": self.errors, **self.extra}


def messages_of(exc: ValidationError) -> list[dict[str, str]]:
    """One ``{"field", "message"}`` per message (field "" when the service named none)."""
    if hasattr(exc, "error_dict"):
        return [{"field": "" if name == "__all__" else name, "message": message}
                for name, messages in exc.message_dict.items() for message in messages]
    return [{"field": "", "message": message} for message in exc.messages]


def codes_of(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors if e.code}
    return {e.code for e in exc.error_list if e.code}


def refusal(exc: ValidationError, *, plain_status: int = 400, **extra: Any) -> ApiError:
    """The API answer to a service's ``ValidationError``: 409 for a state refusal (see
    :data:`CONFLICT_CODES`), 400 for field messages, else ``plain_status``."""
    errors = messages_of(exc)
    if codes_of(exc) & CONFLICT_CODES:
        status = 409
    else:
        status = 400 if hasattr(exc, "error_dict") else plain_status
    detail = " ".join(e["message"] for e in errors) or "The request was refused."
    return ApiError(status, detail, errors, **extra)


@contextmanager
def refusals() -> Iterator[None]:
    """Turn a service's ``ValidationError`` into a 400/409 :class:`ApiError`."""
    try:
        yield
    except ValidationError as exc:
        raise refusal(exc) from exc


def ninja_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """ninja's validation errors as ``{"field", "message"}`` (field: ``body.comment``)."""
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part != "payload"]
        out.append({"field": ".".join(loc), "message": str(error.get("msg", "invalid"))})
    return out
