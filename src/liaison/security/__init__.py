"""Sign-in hardening: rate limiting, password reset, an optional TOTP second factor."""
