"""Rating scale editing for admins: add, rename, reorder, retire; a level in use cannot be deleted."""

from __future__ import annotations

from sqlalchemy import select

from claims.models import RatingLevel, Role, Verdict
from claims.services.ratings import active_scale, level_by_label
from tests.factories import make_claim
from tests.review_support import field_error, staff

NEW = {
    "label": "Misleading",
    "definition": "Accurate figures, false impression.",
    "value": "2",
    "colour": "#AA3300",
}


def _labels(session):
    session.expire_all()
    return [lv.label for lv in active_scale(session).levels]


def test_only_admins_edit_the_scale(client, session):
    staff(session, client, Role.EDITOR)
    assert client.get("/review/ratings/").status_code == 403
    assert client.post("/review/ratings/", data=NEW).status_code == 403
    assert "Misleading" not in _labels(session)


def test_add_rename_and_reorder_levels(client, session):
    staff(session, client, Role.ADMIN)
    assert client.post("/review/ratings/", data=NEW).status_code == 302
    assert _labels(session)[-1] == "Misleading"
    level = level_by_label(session, "Misleading")
    assert level.colour == "#aa3300"
    client.post(f"/review/ratings/levels/{level.id}/up")
    assert _labels(session)[-2:] == ["Misleading", "Unverifiable"]
    client.post(
        f"/review/ratings/levels/{level_by_label(session, 'False').id}/up"
    )  # already first: no change
    assert _labels(session)[0] == "False"
    page = client.get(f"/review/ratings/levels/{level.id}/edit").get_data(as_text=True)
    fingerprint = page.split('name="fingerprint" type="hidden" value="')[1].split('"')[0]
    data = {**NEW, "label": "Misleading (renamed)", "fingerprint": fingerprint}
    assert client.post(f"/review/ratings/levels/{level.id}/edit", data=data).status_code == 302
    assert "Misleading (renamed)" in _labels(session)


def test_level_form_errors(client, session):
    staff(session, client, Role.ADMIN)
    response = client.post("/review/ratings/", data={**NEW, "label": "False", "colour": "red", "value": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "#rrggbb" in field_error(page, "colour") and "between" in field_error(page, "value")
    response = client.post("/review/ratings/", data={**NEW, "label": "false"})
    assert "already has this label" in field_error(response.get_data(as_text=True), "label")
    response = client.post("/review/ratings/", data={**NEW, "label": "x" * 61})
    assert "60" in field_error(response.get_data(as_text=True), "label")


def test_stale_level_edit_is_a_conflict(client, session):
    staff(session, client, Role.ADMIN)
    level = level_by_label(session, "Mixed")
    page = client.get(f"/review/ratings/levels/{level.id}/edit").get_data(as_text=True)
    fingerprint = page.split('name="fingerprint" type="hidden" value="')[1].split('"')[0]
    level.definition = "Changed meanwhile."
    session.commit()
    response = client.post(
        f"/review/ratings/levels/{level.id}/edit",
        data={**NEW, "label": "Half true", "fingerprint": fingerprint},
    )
    assert response.status_code == 409 and "Changed meanwhile." in response.get_data(as_text=True)
    assert level_by_label(session, "Mixed").definition == "Changed meanwhile."


def test_a_level_in_use_cannot_be_deleted_only_retired(client, session):
    staff(session, client, Role.ADMIN)
    used = level_by_label(session, "True")
    session.add(Verdict(claim=make_claim(session), rating_level=used, conclusion="x"))
    unused = level_by_label(session, "Mixed")
    session.commit()
    response = client.post(f"/review/ratings/levels/{used.id}/delete", follow_redirects=True)
    assert "cannot be deleted; retire it instead" in response.get_data(as_text=True)
    assert session.get(RatingLevel, used.id) is not None
    client.post(f"/review/ratings/levels/{used.id}/retire")
    session.expire_all()
    assert session.get(RatingLevel, used.id).retired
    client.post(f"/review/ratings/levels/{unused.id}/delete")
    session.expire_all()
    assert session.execute(select(RatingLevel).where(RatingLevel.label == "Mixed")).first() is None


def test_the_value_of_a_level_in_use_cannot_change_but_its_name_can(client, session):
    staff(session, client, Role.ADMIN)
    used = level_by_label(session, "True")
    session.add(Verdict(claim=make_claim(session), rating_level=used, conclusion="x"))
    session.commit()
    page = client.get(f"/review/ratings/levels/{used.id}/edit").get_data(as_text=True)
    fingerprint = page.split('name="fingerprint" type="hidden" value="')[1].split('"')[0]
    form = {"label": "True", "definition": used.definition, "value": "4", "colour": used.colour}
    response = client.post(f"/review/ratings/levels/{used.id}/edit", data={**form, "fingerprint": fingerprint})
    assert response.status_code == 400
    assert "value cannot change" in field_error(response.get_data(as_text=True), "value")
    renamed = {**form, "value": "5", "label": "Accurate", "fingerprint": fingerprint}
    assert client.post(f"/review/ratings/levels/{used.id}/edit", data=renamed).status_code == 302
    session.expire_all()
    assert (session.get(RatingLevel, used.id).label, session.get(RatingLevel, used.id).value) == ("Accurate", 5)
