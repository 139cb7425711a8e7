"""ClaimReview import edge cases from the trust review: each test reproduces one way the import misled."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from claims.models import Claim, Comment, Verdict
from claims.services.imports.claimreview_import import import_claimreview_texts
from claims.services.imports.claimreview_parse import (
    ClaimReviewFormatError,
    decode_file,
    read_reviews,
    reviews_in_text,
)
from claims.services.imports.rating_map import RatingMapper, all_mappings

FIXTURES = Path(__file__).parent / "fixtures"
CASES = FIXTURES / "claimreview-cases"
SAMPLES = FIXTURES / "claimreview-samples"


def _review(**fields: object) -> dict[str, object]:
    """A minimal valid ClaimReview node, with `fields` replacing or adding keys."""
    node: dict[str, object] = {
        "@type": "ClaimReview",
        "url": "https://checker.example/check/1",
        "claimReviewed": "A claim",
        "author": {"@type": "Organization", "name": "Checker"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "datePublished": "2021-03-04",
    }
    node.update(fields)
    return node


def _count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        (["Mzwandile Masina", "mayor of Ekurhuleni"], "Mzwandile Masina, mayor of Ekurhuleni"),
        ({"@type": "Person", "name": ["Mzwandile Masina", "mayor of Ekurhuleni"]}, "Mzwandile Masina, mayor of Ekurhuleni"),
        ({"@type": "Person", "name": "Mzwandile Masina", "jobTitle": "mayor of Ekurhuleni"}, "Mzwandile Masina, mayor of Ekurhuleni"),
        ([{"@type": "Person", "name": "Ann Lee"}, {"@type": "Organization", "name": "City Council"}], "Ann Lee, City Council"),
        ({"@type": "Person", "givenName": "Ann", "familyName": "Lee"}, "Ann Lee"),
        ({"@type": "Person", "image": "https://img.example/x.png"}, None),
    ],
)  # fmt: skip
def test_a_claimant_given_as_a_list_or_objects_becomes_one_readable_name(session, author, expected):
    node = _review(itemReviewed={"@type": "Claim", "author": author})
    [review] = reviews_in_text(json.dumps(node))
    assert review.claimant == expected
    import_claimreview_texts(session, [("claimant.json", json.dumps(node))])
    claimant = session.execute(select(Claim.claimant)).scalar_one()
    assert claimant == (expected or "Unattributed")
    assert "[" not in claimant and "{" not in claimant


def test_the_api_claimant_list_is_joined_too():
    record = json.loads((SAMPLES / "factcheck-tools-claim.json").read_text(encoding="utf-8"))
    record["claimant"] = ["Mzwandile Masina", "mayor of Ekurhuleni"]
    assert reviews_in_text(json.dumps(record))[0].claimant == "Mzwandile Masina, mayor of Ekurhuleni"


def test_boom_the_publisher_rates_and_the_person_who_wrote_it_is_kept(session):
    [review] = reviews_in_text((CASES / "boom-person-author.html").read_text(encoding="utf-8"))
    assert review.publisher == "BOOM"
    assert review.reviewer == "Nivedita Niranjankumar, Editor"
    assert review.claimant == "Facebook Page - NoConversion"
    tally = import_claimreview_texts(
        session, [("boom-person-author.html", (CASES / "boom-person-author.html").read_bytes())]
    )
    assert (tally.created, tally.failed) == (1, 0), tally.messages
    verdict = session.execute(select(Verdict)).scalar_one()
    assert verdict.external_publisher == "BOOM" and verdict.rating_level.label == "False"
    note = session.execute(select(Comment.body)).scalar_one()
    assert note == (
        "Imported from ClaimReview markup in boom-person-author.html: rated by BOOM, "
        "written by Nivedita Niranjankumar, Editor, published 2019-04-10T06:39:05+00:00."
    )


def test_an_organisation_author_rates_and_a_lone_person_is_no_publisher(session):
    [org] = reviews_in_text(json.dumps(_review()))
    assert (org.publisher, org.reviewer) == ("Checker", None)
    outlet = {"@type": "Person", "name": "Ann Lee", "worksFor": {"@type": "Organization", "name": "Checker"}}
    [staff] = reviews_in_text(json.dumps(_review(author=outlet)))
    assert (staff.publisher, staff.reviewer) == ("Checker", "Ann Lee")
    alone = json.dumps(_review(author={"@type": "Person", "name": "Ann Lee"}))
    tally = import_claimreview_texts(session, [("alone.json", alone)])
    assert tally.failed == 1 and tally.messages == [
        "alone.json: https://checker.example/check/1: no publisher (it names only its writer, Ann Lee)"
    ]


def test_no_review_date_means_no_publication_date(client, session):
    record = json.loads((SAMPLES / "factcheck-tools-claim.json").read_text(encoding="utf-8"))
    del record["claimReview"][0]["reviewDate"]
    tally = import_claimreview_texts(session, [("undated.json", json.dumps(record))])
    session.commit()
    assert tally.created == 1
    verdict = session.execute(select(Verdict)).scalar_one()
    # Still listed (storage time orders the list), but never dated with the import time.
    assert verdict.published_at is None and verdict.listed_at is not None
    note = session.execute(select(Comment.body)).scalar_one()
    assert note.endswith("rated by vishvasnews.com, no publication date given.")


def test_an_impossible_rating_range_is_refused_with_the_reason(session):
    tally = import_claimreview_texts(
        session, [("afp-impossible-range.json", (CASES / "afp-impossible-range.json").read_bytes())]
    )
    assert (tally.created, tally.failed) == (0, 1)
    assert tally.messages == [
        "afp-impossible-range.json: https://factcheck.afp.com/cdc-does-not-add-flu-and-pneumonia-deaths-covid-19-toll: "
        "impossible rating range: bestRating 1 is not above worstRating 5"
    ]
    assert _count(session, Verdict) == 0


@pytest.mark.parametrize(
    ("rating", "reason"),
    [
        ({"ratingValue": 3, "bestRating": 3, "worstRating": 3}, "bestRating 3 is not above worstRating 3"),
        ({"ratingValue": "7", "bestRating": "5", "worstRating": "1"}, "ratingValue 7 is above bestRating 5"),
        ({"ratingValue": 0, "bestRating": 5, "worstRating": 1}, "ratingValue 0 is below worstRating 1"),
        ({"ratingValue": "1", "bestRating": "", "alternateName": "False"}, None),
        ({"ratingValue": "2", "bestRating": "5", "worstRating": "1", "alternateName": "Mostly false"}, None),
    ],
)
def test_rating_ranges(rating, reason):
    [review] = reviews_in_text(json.dumps(_review(reviewRating={"@type": "Rating", **rating})))
    assert (reason in review.problem) if reason else review.problem is None


def test_a_jsonld_block_cut_short_by_script_is_reported_with_the_position():
    with pytest.raises(ClaimReviewFormatError) as caught:
        reviews_in_text((CASES / "afp-script-cut-short.html").read_text(encoding="utf-8"))
    message = str(caught.value)
    assert message.startswith("JSON-LD block 1 is not valid JSON: Unterminated string starting at: line ")
    assert "column" in message and "(char " in message and "</script>" in message
    assert "no JSON-LD block" not in message


def test_a_broken_block_beside_a_good_one_is_reported_and_the_good_one_read(session):
    good = json.dumps(_review())
    page = (
        f'<script type="application/ld+json">{good}</script>'
        '<script type="application/ld+json">{"@type": "BreadcrumbList",</script>'
    )
    found = read_reviews(page)
    assert len(found.reviews) == 1 and found.problems[0].startswith("JSON-LD block 2 is not valid JSON: ")
    tally = import_claimreview_texts(session, [("page.html", page)])
    assert (tally.created, tally.failed) == (1, 1) and tally.messages[0].startswith(
        "page.html: JSON-LD block 2"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "utf-8-sig", "utf-8"])
def test_files_are_decoded_by_their_byte_order_mark(encoding):
    text = (SAMPLES / "factcheck-tools-claim.json").read_text(encoding="utf-8")
    assert decode_file(text.encode(encoding)) == text
    assert read_reviews(text.encode(encoding)).reviews[0].publisher == "vishvasnews.com"


def test_a_utf16_file_imports(session):
    data = (CASES / "factcheck-tools-claim-utf16.json").read_bytes()
    assert data.startswith(b"\xff\xfe")
    tally = import_claimreview_texts(session, [("factcheck-tools-claim-utf16.json", data)])
    assert (tally.created, tally.failed) == (1, 0), tally.messages
    assert session.execute(select(Claim.claimant)).scalar_one() == "FB User-Harshit Pandey"


def test_bytes_that_are_not_text_name_the_file_and_the_reason(session):
    tally = import_claimreview_texts(
        session, [("latin1.json", '{"claimReviewed": "café"}'.encode("latin-1"))]
    )
    assert tally.messages == [
        "latin1.json: not readable as UTF-8 text: invalid continuation byte at byte offset 22"
    ]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Incorrect", "False"), ("Falso", "False"), ("FALSA", "False"), ("Faux", "False"),
        ("Fausse.", "False"), ("Mostly false", "Mostly false"), ("Mayormente falso", "Mostly false"),
        ("Plutôt faux", "Mostly false"), ("Parcialmente falso", "Mixed"), ("Partly false", "Mixed"),
        ("Verdad a medias", "Mixed"), ("Vrai", "True"), ("Verdadeiro", "True"), ("Verdadero", "True"),
        ("Engañoso", None), ("Enganoso", None), ("Trompeur", None), ("Misleading", None),
    ],
)  # fmt: skip
def test_common_english_spanish_portuguese_and_french_ratings_have_defaults(session, text, label):
    level = RatingMapper(session).level_for(text)
    assert (level.label if level else None) == label
    defaults = {key for key, _label, source in all_mappings(session) if source == "default"}
    # Unmapped on purpose, not forgotten: listed as "kept as their text".
    assert text.casefold().rstrip(".") in defaults


def _cases_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    shutil.copytree(CASES, folder)
    return folder


def test_the_cli_exits_non_zero_and_names_each_failed_file(runner, session, tmp_path):
    result = runner.invoke(args=["import", "claimreview", str(_cases_folder(tmp_path))])
    assert result.exit_code == 1, result.output
    assert "2 created, 0 skipped, 2 failed." in result.output
    assert "afp-impossible-range.json: https://factcheck.afp.com/" in result.stderr
    assert "impossible rating range" in result.stderr
    assert (
        "afp-script-cut-short.html: JSON-LD block 1 is not valid JSON: Unterminated string" in result.stderr
    )
    # What could be read is kept: a bad file is counted, never fatal.
    assert _count(session, Verdict) == 2
    one = runner.invoke(args=["import", "claimreview", str(CASES / "boom-person-author.html")])
    assert one.exit_code == 0 and "0 created, 1 skipped, 0 failed." in one.output


def test_the_cli_exits_non_zero_when_every_file_failed(runner, session, tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><body>No markup</body></html>", encoding="utf-8")
    result = runner.invoke(args=["import", "claimreview", str(tmp_path)])
    assert result.exit_code == 1
    assert "0 created, 0 skipped, 2 failed." in result.output
    assert (
        "broken.json: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2"
        in result.stderr
    )
    assert "empty.html: no JSON, and no JSON-LD block in the page" in result.stderr


def test_a_dry_run_reports_and_writes_nothing(runner, session, tmp_path):
    result = runner.invoke(args=["import", "claimreview", "--dry-run", str(_cases_folder(tmp_path))])
    assert result.exit_code == 1
    assert "2 would be created, 0 would be skipped, 2 failed." in result.output
    assert (
        "boom-person-author.html: would create https://www.boomlive.in/video-claiming-hindu-kids-are-being-"
        "taught-namaz-in-karnataka-is-misleading/, rated by BOOM: 'False' -> False"
    ) in result.output
    assert "impossible rating range" in result.stderr
    assert _count(session, Claim) == _count(session, Verdict) == _count(session, Comment) == 0
    clean = runner.invoke(args=["import", "claimreview", "--dry-run", str(SAMPLES)])
    assert clean.exit_code == 0 and "19 would be created, 0 would be skipped, 0 failed." in clean.output
    assert _count(session, Claim) == 0
    runner.invoke(args=["import", "claimreview", str(SAMPLES / "afp-factcheck-page.html")])
    again = runner.invoke(
        args=["import", "claimreview", "--dry-run", str(SAMPLES / "afp-factcheck-page.html")]
    )
    assert (
        "0 would be created, 1 would be skipped, 0 failed." in again.output and "would skip" in again.output
    )
