"""The exports blueprint object, shared by its view modules."""

from flask import Blueprint

bp = Blueprint("export", __name__, url_prefix="/export")
