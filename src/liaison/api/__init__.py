"""The REST API (django-ninja, OpenAPI at ``/api/docs``) and its tokens. See docs/api.md."""
