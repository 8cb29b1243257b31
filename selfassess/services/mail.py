"""Delivering one email: over SMTP (STARTTLS or implicit TLS), or to the console or a folder in development.

Settings (SELFASSESS_ environment variables or instance/config.py):
  MAIL_BACKEND    smtp | console | file   (default: smtp when MAIL_SERVER is set, console otherwise)
  MAIL_SERVER, MAIL_PORT (587), MAIL_USERNAME, MAIL_PASSWORD
  MAIL_TLS        starttls (default) | ssl | none   ("none" only for a relay on the same machine)
  MAIL_SENDER     the From address, like "Prevent self-assessment <noreply@example.ac.uk>"
  MAIL_FILE_DIR   where the file backend writes one .eml file per email (default instance/mail)
  MAIL_TIMEOUT    seconds to wait for the mail server (default 20)
"""

import smtplib
import ssl
import sys
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from .errors import ValidationFailed

DEFAULTS = {
    "MAIL_BACKEND": None,
    "MAIL_SERVER": "",
    "MAIL_PORT": 587,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_TLS": "starttls",
    "MAIL_SENDER": "Prevent self-assessment <noreply@localhost>",
    "MAIL_FILE_DIR": "",
    "MAIL_TIMEOUT": 20,
}


def setting(name: str):
    return current_app.config.get(name, DEFAULTS[name])


def backend() -> str:
    chosen = setting("MAIL_BACKEND") or ("smtp" if setting("MAIL_SERVER") else "console")
    if chosen not in {"smtp", "console", "file"}:
        raise ValidationFailed(f"SELFASSESS_MAIL_BACKEND must be smtp, console or file, not {chosen!r}")
    return chosen


def build(to_address: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    sender = setting("MAIL_SENDER")
    message["From"], message["To"], message["Subject"] = sender, to_address, subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or "localhost")
    message.set_content(body)
    return message


def deliver(to_address: str, subject: str, body: str) -> None:
    """Send one email now; raises on any failure (the outbox retries it)."""
    message = build(to_address, subject, body)
    chosen = backend()
    if chosen == "console":
        sys.stdout.write(f"{message.as_string()}\n{'-' * 72}\n")
    elif chosen == "file":
        folder = Path(setting("MAIL_FILE_DIR") or Path(current_app.instance_path) / "mail")
        folder.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("/", "_")
        (folder / f"{name}.eml").write_bytes(message.as_bytes())
    else:
        _smtp(message)


def _smtp(message: EmailMessage) -> None:
    host, port, timeout = setting("MAIL_SERVER"), int(setting("MAIL_PORT")), int(setting("MAIL_TIMEOUT"))
    tls = str(setting("MAIL_TLS")).lower()
    context = ssl.create_default_context()
    if tls == "ssl":
        connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
    with connection as smtp:
        if tls == "starttls":
            smtp.starttls(context=context)
        elif tls not in {"ssl", "none"}:
            raise ValidationFailed(f"SELFASSESS_MAIL_TLS must be starttls, ssl or none, not {tls!r}")
        if setting("MAIL_USERNAME"):
            smtp.login(str(setting("MAIL_USERNAME")), str(setting("MAIL_PASSWORD")))
        smtp.send_message(message)
