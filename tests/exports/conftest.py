import pytest

from tests.assessment_data import YEAR
from tests.exports.helpers import fill_year


@pytest.fixture
def editor_email(factory, provider_ukprn):
    return factory.user("editor", provider_ukprn)


@pytest.fixture
def filled(app, editor_email, provider_ukprn):
    """The provider's 2025-26 draft, filled in every part; returns (editor email, ukprn, year)."""
    with app.app_context():
        fill_year(editor_email, provider_ukprn)
    return editor_email, provider_ukprn, YEAR
