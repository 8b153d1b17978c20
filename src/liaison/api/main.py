"""The API object: authentication, error answers and routers. Mounted at ``/api/``
(OpenAPI at ``/api/openapi.json``, interactive docs at ``/api/docs``)."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from liaison.api.auth import SessionAuth, TokenAuth
from liaison.api.errors import ApiError, ninja_errors
from liaison.api.routers import audit, comments, consensus, consultations, exports, me, projects

DESCRIPTION = """\
The liaison API: the same data and the same permission rules as the pages.

**Authentication.** Scripts send `Authorization: Bearer <token>` (create a token at
`/api/tokens/` or with `liaison api token create --user NAME`); a token works in its
organization with its user's roles. The browser's session also works (unsafe methods need the
`X-CSRFToken` header).

**Errors** are `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`: 401 no or
bad credentials, 403 the role does not allow it, 404 not found (also another organization's
objects), 422 the input does not match the schema, 400 a rule refused it, 409 the object's
state refused it (closed consultation, frozen comment, stale `version`).
"""



class LiaisonAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """Short operation ids: the view function's name (``comment_create``)."""
        return operation.view_func.__name__


api = LiaisonAPI(title="liaison API", version="1", description=DESCRIPTION,
                 urls_namespace="api", auth=[TokenAuth(), SessionAuth()])

api.add_router("/me", me.router)
api.add_router("/projects", projects.router)
api.add_router("/consultations", consultations.router)
api.add_router("/consultations", comments.router)
api.add_router("/consultations", consensus.router)
api.add_router("/consultations", exports.router)
api.add_router("/audit", audit.router)


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return api.create_response(request, exc.body(), status=exc.status_code)


@api.exception_handler(SchemaError)
def schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    errors = ninja_errors(exc.errors)
    detail = "The request does not match the schema: " + "; ".join(
        f"{e['field']}: {e['message']}" for e in errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {
        "detail": "Authentication required: send Authorization: Bearer <token>, or sign in.",
        "errors": []}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="liaison"'
    return response
