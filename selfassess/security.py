"""Security headers on every response, a per-request CSP nonce, HTTPS only in production (with trusted
proxies configured), and limits on request size."""

import secrets

from flask import Flask, g, render_template, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

# Endpoints that take a file: any export the service writes must fit (IMPORT_MAX_CONTENT_LENGTH).
UPLOAD_ENDPOINTS = frozenset({"exports.import_page"})


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


def _https_required_page():
    """A plain page, not a CSRF error: the Secure session cookie would never come back over HTTP."""
    https_url = "https://" + request.host + request.full_path.rstrip("?")
    return render_template("errors/https_required.html", https_url=https_url), 403


def init_app(app: Flask) -> None:
    app.config.setdefault("MAX_FORM_MEMORY_SIZE", 512 * 1024)  # one form field, or a whole urlencoded form
    app.request_class.max_form_parts = app.config["MAX_FORM_PARTS"]
    hops = app.config["TRUSTED_PROXY_HOPS"]
    if hops:
        # Only the last `hops` proxies' X-Forwarded-* headers are believed: the client address (for the
        # sign-in limits), the scheme (for HTTPS and Secure cookies) and the host.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)

    def _first():
        g.csp_nonce = secrets.token_urlsafe(16)
        if request.endpoint in UPLOAD_ENDPOINTS:
            request.max_content_length = app.config["IMPORT_MAX_CONTENT_LENGTH"]
            request.max_form_memory_size = app.config["IMPORT_MAX_CONTENT_LENGTH"]
        exempt = request.endpoint in ("static", "pages.healthz")  # load balancers probe over plain HTTP
        if app.config["REQUIRE_HTTPS"] and not request.is_secure and not exempt:
            return _https_required_page()
        return None

    # First of all, before CSRF protection reads the form: the size limit must be set before the body is
    # parsed, and a request over plain HTTP must get the HTTPS page rather than a CSRF error.
    app.before_request_funcs.setdefault(None, []).insert(0, _first)

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
