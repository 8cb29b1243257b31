"""What an approver typed on the sign-off form when the step-up check (a fresh second factor) interrupted
the POST, kept so that nothing typed is lost: on the server, one file per draft under the instance folder
named by a random token that the session holds (the cookie carries no answer text and cannot outgrow its
4 KB), taken back once after the check, and pruned after an hour. The CSRF token is never kept: the page
issues a fresh one."""

import json
import logging
import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app, session
from werkzeug.datastructures import MultiDict

log = logging.getLogger(__name__)

SESSION_KEY = "signoff_draft"
MAX_AGE_SECONDS = 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _folder() -> Path:
    return Path(current_app.instance_path) / "step-up-drafts"


def _prune(folder: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for old in folder.glob("*.json"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass  # another worker pruned it first


def keep(ukprn: str, year: str, form: MultiDict) -> None:
    """Keep the fields submitted for this year's sign-off (a failed write loses the draft, not the page)."""
    fields = {key: form.getlist(key) for key in form if key != "csrf_token"}
    token = secrets.token_urlsafe(24)
    folder = _folder()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _prune(folder)
        temporary = folder / f"{token}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(fields, out)
        os.replace(temporary, folder / f"{token}.json")
    except OSError:
        log.exception("Could not keep the sign-off form while asking for a second factor")
        return
    session[SESSION_KEY] = {"token": token, "for": f"{ukprn}/{year}"}


def take(ukprn: str, year: str) -> MultiDict | None:
    """The fields kept for this year's sign-off page, once; None when there are none."""
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("for") != f"{ukprn}/{year}":
        return None
    session.pop(SESSION_KEY, None)
    token = kept.get("token")
    if not isinstance(token, str) or not TOKEN.match(token):
        return None
    path = _folder() / f"{token}.json"
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    finally:
        path.unlink(missing_ok=True)
    if not isinstance(fields, dict):
        return None
    return MultiDict([(key, value) for key, values in fields.items() if isinstance(values, list)
                      for value in values if isinstance(value, str)])
