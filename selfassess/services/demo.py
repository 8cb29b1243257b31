"""Demo data for local use: two providers, one user per role and an administrator.

The passwords are for local demonstration only; they are printed by `make run` and listed in the README.
Loading is idempotent: anything already present is left as it is.
"""

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import Provider, User
from . import accounts, providers


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    password: str
    ukprn: str | None
    role: str | None
    is_admin: bool = False


DEMO_PROVIDERS = (("Demo University", "10099999"), ("Example College", "10099998"))
DEMO_USERS = (
    DemoUser("editor@demo.ac.uk", "Priya Editor (Prevent lead)", "demo-editor-pass", "10099999", "editor"),
    DemoUser("approver@demo.ac.uk", "Alex Approver (Chair of Council)", "demo-approver-pass", "10099999",
             "approver"),
    DemoUser("viewer@demo.ac.uk", "Val Viewer (Governor)", "demo-viewer-pass", "10099999", "viewer"),
    DemoUser("editor@example-college.ac.uk", "Ezra Editor (Example College)", "demo-college-pass",
             "10099998", "editor"),
    DemoUser("admin@selfassess.test", "Ada Administrator", "demo-admin-pass!", None, None, True),
)


def load_demo() -> list[str]:
    """Create whatever demo data is missing; returns a line per thing created."""
    created = []
    for name, ukprn in DEMO_PROVIDERS:
        if db.session.scalar(select(Provider.id).where(Provider.ukprn == ukprn)) is None:
            providers.create_provider(name, ukprn)
            created.append(f"provider {name} ({ukprn})")
    for demo in DEMO_USERS:
        if db.session.scalar(select(User.id).where(User.email == demo.email)) is None:
            accounts.create_user(demo.email, demo.name, demo.password, is_admin=demo.is_admin,
                                 provider_ukprn=demo.ukprn, role=demo.role)
            created.append(f"user {demo.email}")
    return created


def sign_in_lines() -> list[str]:
    lines = []
    for demo in DEMO_USERS:
        what = "administrator" if demo.is_admin else f"{demo.role} at UKPRN {demo.ukprn}"
        lines.append(f"  {demo.email:<32} {demo.password:<20} {what}")
    return lines
