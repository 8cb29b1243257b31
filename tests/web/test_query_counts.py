"""No page issues more than a small fixed number of SQL statements, whatever the number of questions."""

from contextlib import contextmanager

from sqlalchemy import event

from selfassess.extensions import db
from tests.assessment_data import YEAR, framework, section_form, start_with_context

LIMIT = 12


@contextmanager
def counting(app):
    with app.app_context():
        engine = db.engine
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_assessment_pages_use_a_small_fixed_number_of_queries(app, editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    for section in fw.sections[:3]:
        editor_client.post(
            f"/providers/{provider_ukprn}/years/{YEAR}/sections/{section.key}",
            data=section_form(fw, section.key, profile, version=0),
        )
    base = f"/providers/{provider_ukprn}/years/{YEAR}/"
    pages = [base, base + "context", base + "check-answers"] + [
        base + f"sections/{s.key}" for s in fw.sections
    ]
    counts = {}
    for path in pages:
        with counting(app) as statements:
            assert editor_client.get(path).status_code == 200, path
        counts[path] = len(statements)
    assert max(counts.values()) <= LIMIT, counts
    section_counts = {n for p, n in counts.items() if "/sections/" in p}
    assert len(section_counts) == 1, f"section pages differ in queries with their size: {counts}"
