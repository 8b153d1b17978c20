"""Typed request and response bodies of the API (pydantic, via django-ninja)."""
