"""ClaimReview import: every sample file, rating mappings, no duplicates, never shown as ours."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from claims.models import Claim, ClaimStatus, RatingMapping, Role, Verdict, VerdictState
from claims.services.imports.claimreview_import import import_claimreview_texts
from claims.services.imports.claimreview_parse import reviews_in_text
from claims.services.verdicts import approve_verdict
from tests.factories import make_user

SAMPLES = Path(__file__).parent / "fixtures" / "claimreview-samples"

# file -> (review URL, publisher, their rating text (start), claim text (start), our label or None)
EXPECTED = {
    "afp-factcheck-page.html": (
        "https://factcheck.afp.com/cdc-does-not-add-flu-and-pneumonia-deaths-covid-19-toll",
        "AFP Fact Check",
        "False",
        "The US Centers for Disease Control and Prevention lied",
        "False",
    ),
    "comprova-factcheck-page.html": (
        "https://projetocomprova.com.br/publicações/video-mostra-imagens-de-imovel-de-luxo-no-ceara-como-sendo-residencia-alugada-por-lula-em-sao-paulo/",
        "Comprova",
        "FALSO: As imagens foram retiradas",
        "Vídeo mostra casa que Lula está alugando",
        None,
    ),
    "datacommons-feed-item.json": (
        "https://www.presseportal.de/pm/133833/4381130",
        "Deutsche Presse-Agentur",
        "Reker hat diesen Satz nie gesagt.",
        "Im Netz sorgt ein angebliches Zitat",
        None,
    ),
    "factcheck-tools-claim.json": (
        "https://www.vishvasnews.com/urdu/society/viral-video-of-doctor-beating-patient-is-of-jaipur-sms-hospital-not-from-kanpur-hallet-hospital/",
        "vishvasnews.com",
        "False",
        "کانپور کے ہیلٹ اسپتال",
        "False",
    ),
    "newtral-claimreview-list.json": (
        "https://www.newtral.es/pobreza-trabajo-cataluna-factcheck/20221008/",
        "Newtral",
        "Falso",
        "“Tenemos un 18% de gente que trabaja",
        "False",
    ),
}


def test_every_sample_file_is_covered():
    assert {p.name for p in SAMPLES.iterdir() if p.suffix in (".json", ".html")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_imports(session, name):
    url, publisher, rating, claim_text, label = EXPECTED[name]
    tally = import_claimreview_texts(session, [(name, (SAMPLES / name).read_text(encoding="utf-8"))])
    session.commit()
    assert tally.failed == 0 and tally.created >= 1, tally.messages
    verdict = session.execute(select(Verdict).where(Verdict.external_url == url)).scalar_one()
    assert verdict.external_publisher == publisher
    assert verdict.external_rating.startswith(rating)
    assert verdict.claim.restated.startswith(claim_text)
    assert (verdict.rating_level.label if verdict.rating_level else None) == label
    # Imported, not published: a second editor approves what readers are told.
    assert verdict.state is VerdictState.SUBMITTED and verdict.is_external
    assert verdict.claim.status is ClaimStatus.IN_REVIEW
    assert verdict.claim.article is None and verdict.author is None and verdict.approver is None
    assert len(verdict.claim.restated) <= 300


def test_sample_details():
    afp = reviews_in_text((SAMPLES / "afp-factcheck-page.html").read_text(encoding="utf-8"))[0]
    assert afp.review_date is not None and afp.review_date.isoformat() == "2020-06-24T00:03:00+00:00"
    assert afp.appearance_url.startswith("https://www.facebook.com/photo.php?fbid=1334206990098622")
    api = reviews_in_text((SAMPLES / "factcheck-tools-claim.json").read_text(encoding="utf-8"))[0]
    assert (api.claimant, api.language, str(api.claim_date)) == ("FB User-Harshit Pandey", "ur", "2019-06-20")
    feed = reviews_in_text((SAMPLES / "datacommons-feed-item.json").read_text(encoding="utf-8"))[0]
    assert feed.claimant == "Irmin Suhl" and feed.appearance_url.startswith(
        "https://www.facebook.com/photo.php"
    )
    newtral = reviews_in_text((SAMPLES / "newtral-claimreview-list.json").read_text(encoding="utf-8"))
    assert len(newtral) == 15 and {r.rating_text for r in newtral} == {"Falso", "Engañoso"}
    assert newtral[0].claimant == "Jéssica Albiach, Presidenta de En Comú Podem en el Parlament de Catalunya"


def test_folder_import_twice_creates_no_duplicates(runner, session):
    first = runner.invoke(args=["import", "claimreview", str(SAMPLES)])
    assert first.exit_code == 0, first.output
    assert "19 created, 0 skipped, 0 failed" in first.output
    again = runner.invoke(args=["import", "claimreview", str(SAMPLES)])
    assert "0 created, 19 skipped, 0 failed" in again.output
    assert session.execute(select(func.count()).select_from(Claim)).scalar_one() == 19


def test_rating_mapping_cli(runner, session):
    listed = runner.invoke(args=["import", "mappings"])
    assert "mostly false\tMostly false\tdefault" in listed.output
    assert "misleading\t(kept as their text)" in listed.output
    assert (
        "falso\tFalse\tdefault" in listed.output
        and "engañoso\t(kept as their text)\tdefault" in listed.output
    )
    result = runner.invoke(args=["import", "map-rating", "Falso", ""])
    assert result.exit_code == 0, result.output
    assert (
        session.execute(
            select(RatingMapping.level_label).where(RatingMapping.external_rating == "falso")
        ).scalar_one()
        is None
    )
    assert runner.invoke(args=["import", "map-rating", "Engañoso", "Nonsense"]).exit_code != 0
    assert runner.invoke(args=["import", "map-rating", "Engañoso", "Mostly false"]).exit_code == 0
    runner.invoke(args=["import", "claimreview", str(SAMPLES / "newtral-claimreview-list.json")])
    verdicts = session.execute(select(Verdict)).scalars().all()
    mapped = {v.external_rating: (v.rating_level.label if v.rating_level else None) for v in verdicts}
    # An edited row overrides the defaults both ways: Falso now keeps their words.
    assert mapped == {"Falso": None, "Engañoso": "Mostly false"}


def test_bad_input_is_counted_not_fatal(session):
    texts = [
        ("broken.json", "{not json"),
        ("empty.html", "<html><body>No markup</body></html>"),
        ("nourl.json", '{"@type": "ClaimReview", "claimReviewed": "x", "author": {"name": "P"}}'),
        ("js.json", '{"@type": "ClaimReview", "url": "javascript:alert(1)", "claimReviewed": "x"}'),
    ]
    tally = import_claimreview_texts(session, texts)
    assert (tally.created, tally.failed) == (0, 4)
    assert any("broken.json" in m for m in tally.messages)


def test_imported_verdicts_are_shown_as_theirs(client, session):
    import_claimreview_texts(
        session, [("afp", (SAMPLES / "afp-factcheck-page.html").read_text(encoding="utf-8"))]
    )
    session.commit()
    assert "AFP Fact Check" not in client.get("/").get_data(as_text=True)
    verdict = session.execute(select(Verdict)).scalar_one()
    approve_verdict(session, verdict, make_user(session, Role.EDITOR))
    session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Rated by AFP Fact Check" in page
    csv_text = client.get("/export/claims.csv").get_data(as_text=True)
    assert "AFP Fact Check" in csv_text and "factcheck.afp.com/cdc-does-not-add" in csv_text


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000 + "]" * 5000,
        '{"a": ' * 5000 + "1" + "}" * 5000,
        '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>",
    ],
)
def test_deeply_nested_json_is_refused_by_its_depth(session, text):
    from claims.services.imports.claimreview_parse import MAX_NESTING, ClaimReviewFormatError

    with pytest.raises(ClaimReviewFormatError, match=f"nested more than {MAX_NESTING} levels"):
        reviews_in_text(text)
    tally = import_claimreview_texts(session, [("deep.json", text)])
    assert tally.failed == 1 and f"more than {MAX_NESTING} levels" in tally.messages[0]
    # Brackets inside strings are text, not nesting; nesting up to the limit is read.
    assert reviews_in_text('["' + "[" * 5000 + '"]') == []
    assert reviews_in_text("[" * MAX_NESTING + "]" * MAX_NESTING) == []
