"""Optimistic locking of a task (the context, a section, the data return) for one save.

A page carries the task version it was loaded at; a save whose version is stale is refused with the other
person's work attached, so nothing is overwritten silently. The version check and the increment happen in
the same write transaction (BEGIN IMMEDIATE on SQLite, a row lock on PostgreSQL).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import Assessment, TaskState, User, row_id, utcnow
from .errors import Conflict


@dataclass(eq=False)
class StaleEdit(Conflict):
    """Someone saved this task after the page was loaded."""

    task_key: str
    current_version: int
    updated_by: str | None
    updated_at: datetime | None

    def __post_init__(self):
        super().__init__(f"{self.updated_by or 'Someone'} saved this page after you opened it.")


def claim(assessment: Assessment, task_key: str, seen_version: int | None, user: User) -> TaskState:
    """The task's state row, locked for this transaction and moved to the next version."""
    query = select(TaskState).where(TaskState.assessment_id == assessment.id, TaskState.task_key == task_key)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    state = db.session.scalar(query)
    current = state.version if state is not None else 0
    if seen_version is not None and seen_version != current:
        raise StaleEdit(task_key, current, state.updated_by.name if state and state.updated_by else None,
                        state.updated_at if state else None)
    if state is None:  # a task added to the framework after the year started
        state = TaskState(assessment_id=assessment.id, task_key=task_key, status="not_started", version=0)
        db.session.add(state)
    state.version = current + 1
    state.updated_by_id = row_id(user)  # no SELECT of the user (and no early flush) inside the lock
    state.updated_at = utcnow()
    return state


def version_of(assessment: Assessment, task_key: str) -> int:
    version = db.session.scalar(select(TaskState.version).where(
        TaskState.assessment_id == assessment.id, TaskState.task_key == task_key))
    return version or 0
