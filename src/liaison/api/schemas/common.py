"""Building blocks shared by the schemas."""

from typing import Annotated

from ninja import Path
from pydantic import AfterValidator, Field

from liaison.api.context import MAX_ID

#: What the schema promises about every text: no NUL character (no database stores one).
NO_NUL = r"^[^\x00]*$"
#: … and about a required text: something other than white space too.
NOT_BLANK = r"^[^\x00]*\S[^\x00]*$"


def _storable(value: str) -> str:
    """Refuse what no database stores: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("the text is not valid Unicode") from exc
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("this text is required: it is empty or only white space")
    return value


def text(max_length: int | None = None, *, required: bool = False) -> object:
    """A text field: no NUL, valid Unicode, at most ``max_length`` characters; when
    ``required``, not blank. The rules are checked with plain messages and stated in the
    schema as a ``pattern``."""
    checks = [AfterValidator(_storable)] + ([AfterValidator(_not_blank)] if required else [])
    return Annotated[str, Field(max_length=max_length, min_length=1 if required else None,
                                json_schema_extra={"pattern": NOT_BLANK if required
                                                   else NO_NUL}), *checks]


#: An object id in a path.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
#: An object id in a body.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]
