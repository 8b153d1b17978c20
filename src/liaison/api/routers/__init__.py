"""One router per area; each checks the action, reads through the app's selectors and writes
through its services."""
