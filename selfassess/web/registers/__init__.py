"""The registers kept through the year: a year's events, concerns, training and incidents, the provider's
evidence register, CSV import and export, data-return overrides and the year's dashboard.

Views parse the form, call one service and redirect; services/registers owns every query and write."""

from flask import Blueprint

bp = Blueprint("registers", __name__)

from . import entries, imports, year  # noqa: E402,F401,I001
