"""The login blueprint object, shared by the auth view modules."""

import logging

from flask import Blueprint, g
from flask.sansio.blueprints import BlueprintSetupState

bp = Blueprint("auth", __name__)

# Login events are security records: keep them at INFO even when the root logger is quieter.
auth_log = logging.getLogger("claims.auth")


@bp.record_once
def _setup_logging(state: BlueprintSetupState) -> None:
    _ = state.app.logger  # attaches Flask's stderr handler to the "claims" logger
    if auth_log.level == logging.NOTSET:
        auth_log.setLevel(logging.INFO)


@bp.record_once
def _forget_user_after_each_request(state: BlueprintSetupState) -> None:
    # Flask-Login caches the user on g; when one app context spans several requests (tests, or
    # a script using the test client) g outlives the request and the next one would inherit it.
    @state.app.teardown_request
    def _forget_user(_error: BaseException | None) -> None:
        g.pop("_login_user", None)
