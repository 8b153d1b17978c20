"""Every URL pattern of the project, found by walking the resolver, and a way to build a
concrete URL for each, so the permission tests grow as pages are added."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
SAMPLES = ("1", "auth", "x")  # tried in order for a keyword a factory does not provide


@dataclass(frozen=True)
class Route:
    name: str | None  # with namespaces, e.g. "projects:detail"
    route: str  # the pattern text from the root, e.g. "projects/<int:pk>/edit/"
    callback: object = field(compare=False)
    kwargs: tuple[str, ...] = ()

    @property
    def action(self) -> str | None:
        """The action ``@requires`` guards this view with, if any."""
        return getattr(self.callback, "required_action", None)

    @property
    def pk_prefix(self) -> str | None:
        """The fixed text before ``<int:pk>``: what kind of object the pk names."""
        match = re.search(r"<(?:int:)?pk>", self.route)
        return self.route[:match.start()] if match else None

    def __str__(self) -> str:
        return self.name or self.route


def _names(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return [m["name"] for m in _CONVERTER.finditer(str(pattern))]
    return list(pattern.regex.groupindex)


def routes(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "",
           kwargs: tuple[str, ...] = ()) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        names = (*kwargs, *_names(entry.pattern))
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, text, ns, names)
        elif isinstance(entry, URLPattern):
            yield Route(name=f"{namespace}{entry.name}" if entry.name else None, route=text,
                        callback=entry.callback, kwargs=names)


def guarded_routes() -> list[Route]:
    return sorted((r for r in routes() if r.action), key=lambda r: r.route)


def build_url(route: Route, known: dict[str, str] | None = None) -> str | None:
    """A URL for ``route``: keywords from ``known`` first, else the first sample values that
    reverse; ``None`` when the pattern has no name or nothing reverses."""
    if route.name is None:
        return None
    known = known or {}
    choices = [[known[k]] if k in known else SAMPLES for k in route.kwargs]
    for values in itertools.product(*choices):
        try:
            return reverse(route.name, kwargs=dict(zip(route.kwargs, values, strict=True)))
        except NoReverseMatch:
            continue
    return None
