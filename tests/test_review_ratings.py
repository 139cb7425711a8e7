"""Rating scale editing for admins: add, rename, reorder, retire; a level in use cannot be deleted,
and a level readers saw on a verdict is versioned rather than rewritten."""

from __future__ import annotations

from sqlalchemy import select

from claims.models import ClaimStatus, RatingLevel, Role, Verdict
from claims.services.claims import move_claim
from claims.services.ratings import active_scale, level_by_label
from claims.services.verdicts import approve_verdict, needs_correction
from tests.factories import make_claim, make_user
from tests.publishing import publish, submit
from tests.review_support import field_error

NEW = {
    "label": "Misleading",
    "definition": "Accurate figures, false impression.",
    "value": "2",
    "colour": "#AA3300",
}


def _labels(session):
    session.expire_all()
    return [lv.label for lv in active_scale(session).levels]


def test_only_admins_edit_the_scale(client, auth, session):
    auth.as_role(Role.EDITOR)
    assert client.get("/review/ratings/").status_code == 403
    assert client.post("/review/ratings/", data=NEW).status_code == 403
    assert "Misleading" not in _labels(session)


def test_add_rename_and_reorder_levels(client, auth, session):
    auth.as_role(Role.ADMIN)
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


def test_level_form_errors(client, auth, session):
    auth.as_role(Role.ADMIN)
    response = client.post("/review/ratings/", data={**NEW, "label": "False", "colour": "red", "value": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "#rrggbb" in field_error(page, "colour") and "between" in field_error(page, "value")
    response = client.post("/review/ratings/", data={**NEW, "label": "false"})
    assert "already has this label" in field_error(response.get_data(as_text=True), "label")
    response = client.post("/review/ratings/", data={**NEW, "label": "x" * 61})
    assert "60" in field_error(response.get_data(as_text=True), "label")


def test_stale_level_edit_is_a_conflict(client, auth, session):
    auth.as_role(Role.ADMIN)
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


def test_a_level_in_use_cannot_be_deleted_only_retired(client, auth, session):
    auth.as_role(Role.ADMIN)
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


def _edit(client, level, **changes):
    page = client.get(f"/review/ratings/levels/{level.id}/edit").get_data(as_text=True)
    fingerprint = page.split('name="fingerprint" type="hidden" value="')[1].split('"')[0]
    form = {"label": level.label, "definition": level.definition, "value": str(level.value), "colour": level.colour}
    return client.post(f"/review/ratings/levels/{level.id}/edit", data={**form, **changes, "fingerprint": fingerprint})


def test_editing_a_level_nobody_was_told_changes_it_in_place(client, auth, session):
    auth.as_role(Role.ADMIN)
    used = level_by_label(session, "True")
    session.add(Verdict(claim=make_claim(session), rating_level=used, conclusion="x"))  # a draft
    session.commit()
    assert _edit(client, used, label="Accurate", value="4").status_code == 302
    session.expire_all()
    level = session.get(RatingLevel, used.id)
    assert (level.label, level.value) == ("Accurate", 4)
    # At most the one version readers never saw, changed with it (a fresh database has none yet).
    assert [(v.number, v.label, v.value) for v in level.versions] in ([], [(1, "Accurate", 4)])


def test_editing_a_level_readers_saw_adds_a_version_published_verdicts_keep(client, auth, session):
    admin = auth.as_role(Role.ADMIN)
    used = level_by_label(session, "True")
    claim = make_claim(session, restated="The census counted everyone.")
    publish(session, claim, "True", "Right.")
    session.commit()
    old_definition = used.definition
    response = _edit(client, used, label="Accurate", value="4", definition="Nothing significant missing.")
    assert response.status_code == 302
    session.expire_all()
    level = session.get(RatingLevel, used.id)
    assert [(v.number, v.label, v.value) for v in level.versions] == [(1, "True", 5), (2, "Accurate", 4)]

    auth.logout()
    page = client.get(f"/claims/{claim.id}", follow_redirects=True).get_data(as_text=True)
    assert ">True</span>" in page and old_definition in page and "Accurate" not in page
    assert '"ratingValue": 5' in page
    api = client.get(f"/api/v1/claims/{claim.id}").get_json()["verdict"]
    assert (api["rating"], api["rating_value"]) == ("True", 5)
    scale = client.get("/ratings").get_data(as_text=True)
    assert "Accurate" in scale and "Nothing significant missing." in scale
    assert "Earlier versions" in scale and old_definition in scale
    # Counts and the rating filter follow the level, whichever version a verdict was published with.
    listed = client.get(f"/api/v1/claims?rating={used.id}").get_json()["data"]
    assert [c["id"] for c in listed] == [claim.id]
    assert "Accurate</a></th><td>1</td>" in client.get("/").get_data(as_text=True)

    # Moving the verdict to the new version is a change readers must be told about.
    move_claim(session, claim, ClaimStatus.RESEARCHING, admin)
    verdict = submit(session, claim, make_user(session), "Accurate", "Right.")
    assert needs_correction(verdict)
    approve_verdict(session, verdict, make_user(session, Role.EDITOR), "Our scale now says Accurate.")
    session.commit()
    page = client.get(f"/claims/{claim.id}", follow_redirects=True).get_data(as_text=True)
    assert ">Accurate</span>" in page and "rating changed from True to Accurate" in page
