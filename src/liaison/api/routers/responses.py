"""The error answers each kind of operation documents (all bodies are :class:`Error`)."""

from liaison.api.errors import Error

READ = {401: Error, 403: Error, 422: Error}
READ_ONE = {**READ, 404: Error}
WRITE = {**READ_ONE, 400: Error, 409: Error}
