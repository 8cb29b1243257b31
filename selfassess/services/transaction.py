"""One helper for every write: a short transaction that commits or rolls back as a whole."""

from collections.abc import Iterator
from contextlib import contextmanager

from ..database import immediate_begin
from ..extensions import db


@contextmanager
def writing() -> Iterator[None]:
    """Run the block in one write transaction (BEGIN IMMEDIATE on SQLite) and commit it.

    Any read transaction the request already holds is ended first, so the write lock is taken before the
    first read of the block and the busy timeout can do its job.
    """
    if immediate_begin.get():  # already inside a write transaction: join it
        yield
        return
    db.session.commit()
    token = immediate_begin.set(True)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        immediate_begin.reset(token)
