"""Security headers on every response, a per-request CSP nonce, and limits on request size."""

import secrets

from flask import Flask, g, request
from flask_login import current_user


def _content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",  # only the GOV.UK js-enabled line is inline, by nonce
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def init_app(app: Flask) -> None:
    app.config.setdefault("MAX_FORM_MEMORY_SIZE", 500_000)
    app.request_class.max_form_parts = app.config["MAX_FORM_PARTS"]

    @app.before_request
    def _nonce():
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers["Content-Security-Policy"] = _content_security_policy(getattr(g, "csp_nonce", "none"))
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.is_secure:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if current_user and getattr(current_user, "is_authenticated", False):
            headers["Cache-Control"] = "no-store"
        return response
