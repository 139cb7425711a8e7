"""The readers' blueprint object, shared by the public view modules."""

from flask import Blueprint

bp = Blueprint("public", __name__)
