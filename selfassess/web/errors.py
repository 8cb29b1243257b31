"""Error pages in the service's layout, and domain errors turned into HTTP answers."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from ..services.errors import Forbidden, Locked, NotFound

MESSAGES = {
    400: ("There is a problem with your request", "Go back and try again."),
    403: ("You do not have permission to do this", "Ask your Prevent lead or an administrator for access."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Page not found", "This page cannot be reached that way."),
    413: ("What you sent is too large", "Shorten your answers and try again."),
    429: ("Too many requests", "Wait a few minutes and try again."),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you saved has been lost."),
}


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def render_error(code: int, detail: str | None = None):
    title, advice = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, advice=detail or advice), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error):
        return render_error(400, "The page you submitted had expired or was not sent by this service. "
                                 "Go back, reload the page and try again.")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code in MESSAGES:
            custom = error.description if error.description != type(error).description else None
            return render_error(error.code, custom)
        return error

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(_error):
        limit = request.max_content_length or app.config["MAX_CONTENT_LENGTH"]
        what = f"up to {_size(limit)} at a time"
        if request.content_length and request.content_length <= limit and request.max_form_memory_size:
            what = f"up to {_size(request.max_form_memory_size)} in one box"  # one field over its own limit
        return render_error(413, f"This service accepts {what}. Nothing you sent has been saved. Go back, "
                                 "shorten your answers (or choose a smaller file) and try again.")

    @app.errorhandler(NotFound)
    def _not_found(_error):
        return render_error(404)

    @app.errorhandler(Forbidden)
    def _forbidden(error):
        return render_error(403, str(error))

    @app.errorhandler(Locked)
    def _locked(error):
        return render_error(403, str(error))

    @app.errorhandler(InternalServerError)
    def _internal(_error):
        return render_error(500)
