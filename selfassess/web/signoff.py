"""Placeholder blueprint; its routes are being built."""

from flask import Blueprint

bp = Blueprint("signoff", __name__)
