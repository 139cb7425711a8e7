"""Public responses are cached until the next publication, and never for or from a signed-in person."""

from __future__ import annotations

import pytest
import redis
from sqlalchemy import select

from claims import create_app
from claims.extensions import db
from claims.models import SiteState
from claims.services.publication import public_version
from tests.factories import make_claim
from tests.publishing import publish


def test_a_page_is_rendered_once_per_publication(client, session):
    claim = make_claim(session, restated="First verdict on the census.")
    publish(session, claim)
    session.commit()
    first = client.get("/claims")
    claim.claimant = "Changed behind the ORM's back"  # not committed: readers keep the cached page
    again = client.get("/claims")
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    session.rollback()

    later = make_claim(session, restated="Second verdict on the land area.")
    publish(session, later)
    session.commit()
    fresh = client.get("/claims")
    assert (
        b"Second verdict on the land area." in fresh.data and fresh.headers["ETag"] != first.headers["ETag"]
    )


def test_every_public_change_moves_the_counter_and_internal_work_does_not(session, users):
    from claims.models import Role
    from claims.services.claims import add_comment

    claim = make_claim(session)
    session.commit()
    before = public_version(session)
    add_comment(session, claim, users[Role.REVIEWER], "internal note")
    session.commit()
    assert public_version(session) == before, "a comment is never public"
    publish(session, claim)
    session.commit()
    assert public_version(session) == before + 1, "one commit, one bump"
    session.rollback()
    assert session.scalar(select(SiteState.public_version)) == before + 1


def test_cached_responses_carry_no_cookie_and_staff_never_share_them(client, auth, session, users):
    from claims.models import Role

    publish(session, make_claim(session))
    session.commit()
    anonymous = client.get("/")
    assert "Set-Cookie" not in anonymous.headers and "Cookie" in anonymous.headers["Vary"]

    staff = users[Role.EDITOR]
    staff_client = client.application.test_client()
    auth.login(staff, client=staff_client)
    page = staff_client.get("/").get_data(as_text=True)
    assert 'name="csrf_token"' in page, "staff see their own page (with its logout form), not the cached one"
    assert 'name="csrf_token"' not in client.get("/").get_data(as_text=True), "and nobody gets theirs"


def test_a_conditional_get_of_a_cached_page_is_a_304(client, session):
    publish(session, make_claim(session))
    session.commit()
    etag = client.get("/feed.atom").headers["ETag"]
    cached = client.get("/feed.atom", headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.data == b""


def _redis_or_skip(url: str) -> None:
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not running at {url}: start redis-server to test the shared cache")


def test_with_redis_a_publication_on_one_server_is_seen_at_once_on_another(app_config, tmp_path, session):
    url = "redis://127.0.0.1:6379/15"
    _redis_or_skip(url)
    redis.Redis.from_url(url).flushdb()
    config = {**app_config, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url}
    one, two = create_app(config), create_app(config)
    with one.app_context():
        publish(db.session, make_claim(db.session, restated="Published through server one."))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    with two.app_context():
        assert b"Published through server one." in two.test_client().get("/claims").data
        db.session.remove()
        db.engine.dispose()
    keys = redis.Redis.from_url(url).keys("claims:public:*")
    assert keys, "the page was stored in Redis, where every server finds it"
    redis.Redis.from_url(url).flushdb()


def test_the_counter_is_read_again_after_its_connection_is_lost(client, session):
    """A database restart closes the held connection; the next reader opens a new one, no 500."""
    from claims.public.caching import _counter

    publish(session, make_claim(session))
    session.commit()
    assert client.get("/claims").status_code == 200
    held = [conn for (engine_id, _), conn in _counter._held.items() if engine_id == id(db.engine)]
    assert held, "the counter is read on a connection of its own"
    for conn in held:
        conn.connection.driver_connection.close()
    assert client.get("/claims").status_code == 200
