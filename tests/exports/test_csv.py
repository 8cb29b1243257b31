"""The data return as CSV: every field and total, exact figures, last year's beside them, no formulas."""

import csv
import io

from selfassess.extensions import db
from selfassess.models import Assessment, Provider
from selfassess.services.demo_answers import DEMO_DATA_RETURN
from selfassess.services.exports import safe_cell
from tests.assessment_data import framework
from tests.conftest import sign_in


def _rows(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def _add_last_year(app, ukprn, data_return):
    with app.app_context():
        provider = db.session.query(Provider).filter_by(ukprn=ukprn).one()
        db.session.add(Assessment(provider_id=provider.id, year="2024-25", framework_id="2024-25",
                                  status="draft", profile={}, data_return=data_return))
        db.session.commit()


def test_one_row_per_field_and_total_with_exact_figures(app, filled):
    email, ukprn, year = filled
    client = sign_in(app.test_client(), email)
    response = client.get(f"/providers/{ukprn}/years/{year}/data-return.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="selfassess-{ukprn}-{year}-data-return.csv"'
    header, *rows = _rows(response)
    assert header[:4] == ["Key", "Group", "Label", "Type"]
    assert "exact" in header[4] and "not for publication" in header[4] and len(header) == 5
    fw = framework()
    assert [row[0] for row in rows] == [k for g in fw.data_groups for k in
                                        (*(f.key for f in g.fields), *(t.key for t in g.totals))]
    by_key = {row[0]: row for row in rows}
    figures = DEMO_DATA_RETURN[year]
    # Small counts are exact here (3, not "fewer than 5"): it is the provider's own download.
    small = "case_prevent_lead_involved_islamist"
    assert by_key[small][4] == str(figures[small])
    assert by_key["es_approved_no_conditions"][1:4] == [
        fw.data_groups[0].title, fw.data_field("es_approved_no_conditions").label, "number"]
    assert by_key["date_risk_assessment_reviewed"][3:] == ["date", figures["date_risk_assessment_reviewed"]]
    total = fw.data_totals()[0]
    assert by_key[total.key][3] == "derived total"
    assert by_key[total.key][4] == str(sum(figures.get(part, 0) for part in total.sum))


def test_last_years_figures_sit_beside_this_years(app, filled):
    email, ukprn, year = filled
    _add_last_year(app, ukprn, dict(DEMO_DATA_RETURN["2024-25"]))
    client = sign_in(app.test_client(), email)
    header, *rows = _rows(client.get(f"/providers/{ukprn}/years/{year}/data-return.csv"))
    assert header[5].startswith("2024-25 value (exact figure")
    by_key = {row[0]: row for row in rows}
    assert by_key["es_approved_no_conditions"][4:] == ["421", "388"]
    assert by_key["es_withdrawn_by_organiser"][4:] == ["12", ""]  # new this year: nothing last year


def test_the_publishable_csv_says_so_and_withholds_what_the_publishable_report_withholds(app, filled):
    email, ukprn, year = filled
    _add_last_year(app, ukprn, dict(DEMO_DATA_RETURN["2024-25"]))
    client = sign_in(app.test_client(), email)
    response = client.get(f"/providers/{ukprn}/years/{year}/data-return.csv?version=publishable")
    assert response.headers["Content-Disposition"].endswith('-data-return-publishable.csv"')
    header, *rows = _rows(response)
    assert "publishable" in header[4] and "withheld" in header[4] and "publishable" in header[5]
    by_key = {row[0]: row for row in rows}
    figures = DEMO_DATA_RETURN[year]
    assert figures["es_approved_conditions_prevent"] == 4
    assert by_key["es_approved_conditions_prevent"][4] == "withheld"
    assert by_key["es_approved_total"][4] == "withheld"  # 450 - 421 - 25 would give the 4 back
    assert by_key["es_approved_no_conditions"][4] == "421"
    fw = framework()
    for total in fw.data_totals():  # no total with exactly one withheld part printed beside it
        cells = [by_key[total.key][4], *(by_key[p][4] for p in total.sum if by_key[p][4] != "")]
        assert cells.count("withheld") != 1, total.key
    assert client.get(f"/providers/{ukprn}/years/{year}/data-return.csv?version=other").status_code == 404


def test_no_cell_can_run_as_a_formula(app, filled):
    email, ukprn, year = filled
    with app.app_context():  # a value planted past the validation, as a hostile file might try
        assessment = db.session.query(Assessment).one()
        assessment.data_return = {**assessment.data_return,
                                  "date_risk_assessment_reviewed": '=HYPERLINK("http://evil","x")'}
        db.session.commit()
    client = sign_in(app.test_client(), email)
    rows = _rows(client.get(f"/providers/{ukprn}/years/{year}/data-return.csv"))
    by_key = {row[0]: row for row in rows}
    assert by_key["date_risk_assessment_reviewed"][4] == '\'=HYPERLINK("http://evil","x")'
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_safe_cell_quotes_every_formula_start():
    assert safe_cell("=1+2") == "'=1+2"
    assert safe_cell("+44 20") == "'+44 20"
    assert safe_cell("-5") == "'-5"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell("12") == "12" and safe_cell(None) == "" and safe_cell("a=b") == "a=b"
