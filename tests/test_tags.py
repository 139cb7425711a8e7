"""Tags are shared by name: two people adding the same new tag at once both get the one tag."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claims.extensions import db
from claims.models import Tag
from claims.services.claims import tags_by_name


def test_two_people_adding_the_same_new_tag_at_once(app):
    first, second = Session(db.engine), Session(db.engine)
    try:
        made = tags_by_name(first, ["brand new topic"])
        first.flush()  # the first save holds its new tag, not yet committed
        made_id = made[0].id
        found: dict[str, list[Tag]] = {}

        def other_save() -> None:
            found["tags"] = tags_by_name(second, ["brand new topic", "another"])
            second.commit()

        thread = threading.Thread(target=other_save)
        thread.start()
        # The second save now waits: on the new row (PostgreSQL) or on the write lock (SQLite).
        time.sleep(0.3)
        first.commit()
        thread.join(timeout=20)
        assert not thread.is_alive()
        assert [t.name for t in found["tags"]] == ["brand new topic", "another"]
        assert found["tags"][0].id == made_id
        assert second.execute(select(func.count()).select_from(Tag)).scalar_one() == 2
    finally:
        first.close()
        second.close()
