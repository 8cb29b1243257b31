"""Completing a year's self-assessment: the task list, the context, the sections, the data return and
check your answers. One blueprint, one module per page type."""

from flask import Blueprint

bp = Blueprint("assessment", __name__, url_prefix="/providers/<ukprn>/years")

from . import check, context, data_return, presenters, results, sections, task_list  # noqa: E402,F401,I001
