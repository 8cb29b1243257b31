"""A real SMTP server for tests (aiosmtpd on a free local port) that keeps what it receives."""

import email
import email.policy
import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Inbox:
    """The messages the server accepted, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if str(m["To"]).strip() == address]

    @staticmethod
    def subject(message) -> str:
        return " ".join(str(message["Subject"]).split())  # a long subject arrives folded

    @staticmethod
    def body(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server():
    """Yield (inbox, port) while a real SMTP server listens on 127.0.0.1:port."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def smtp_settings(port: int) -> dict:
    """The app's settings for the test server (plain SMTP: the test server has no certificate)."""
    return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_TLS": "none",
            "MAIL_SENDER": "Prevent self-assessment <noreply@selfassess.test>", "BASE_URL": "https://selfassess.test"}
