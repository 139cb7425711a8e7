"""The login blueprint object, shared by the auth view modules."""

import logging

from flask import Blueprint
from flask.sansio.blueprints import BlueprintSetupState

bp = Blueprint("auth", __name__)

# Login events are security records: keep them at INFO even when the root logger is quieter.
auth_log = logging.getLogger("claims.auth")


@bp.record_once
def _setup_logging(state: BlueprintSetupState) -> None:
    _ = state.app.logger  # attaches Flask's stderr handler to the "claims" logger
    if auth_log.level == logging.NOTSET:
        auth_log.setLevel(logging.INFO)
