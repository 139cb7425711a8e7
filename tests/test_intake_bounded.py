"""The staff pages that list similar claims do no work that grows with the archive.

The claim workspace and the article page look a claim's terms up in the full-text index and rank
a bounded shortlist (`claims.services.intake_matching`). As in `test_public_bounded.py`, a small
archive is built, both pages are requested and their statements and rows read counted; then nine
times as many claims sharing the same words are added and both pages must run the same statements
and read as many rows. The budgets are shrunk so the small archive already fills every one; the
repeated claim must still be found on the larger archive.
"""

from __future__ import annotations

import re

import pytest

from claims.models import Role
from claims.services import intake_matching
from claims.services.intake_matching import MatchBudget
from tests.factories import make_article, make_claim
from tests.test_public_bounded import _analyse, _grew, _Meter

EARLIER = "Roughly 10 million Uighurs live in Xinjiang"
LATER_BODY = "Officials said on Monday that about 10 million Uyghurs live in Xinjiang. It rained."
LATER_QUOTE = "about 10 million Uyghurs live in Xinjiang"


def _filler(session, n: int, prefix: str) -> None:
    """Claims on the same subject as the repeated one, sharing its common words but not its claim."""
    articles = [
        make_article(session, headline=f"{prefix} {a}", body=f"{prefix} {a} reports on Uighurs in Xinjiang.")
        for a in range(max(1, n // 4))
    ]
    for i in range(n):
        article = articles[i % len(articles)]
        make_claim(
            session,
            article,
            quote="Uighurs in Xinjiang",
            restated=f"{prefix} claim {i}: Uighurs in Xinjiang number roughly {i + 20} million people",
        )
    session.commit()


def match_ids(client, claim_id: int) -> list[int]:
    """The earlier claims the workspace lists, in order."""
    html = client.get(f"/review/claims/{claim_id}").get_data(as_text=True)
    return [int(i) for i in re.findall(r'<li class="match" data-claim-id="(\d+)"', html)]


def similar_ids(client, article_id: int, words: str) -> list[int]:
    """The similar claims the article page lists under the suggestion containing `words`."""
    html = client.get(f"/review/articles/{article_id}").get_data(as_text=True)
    suggestion = next(s for s in html.split('<li class="suggestion"')[1:] if words in s)
    return [int(i) for i in re.findall(r'class="similar-claim" data-claim-id="(\d+)"', suggestion)]


@pytest.fixture
def small_budgets(monkeypatch):
    for name in intake_matching.BUDGETS:
        monkeypatch.setitem(intake_matching.BUDGETS, name, MatchBudget(terms=4, paired=3, rows_per_term=3, shortlist=4, sample=4))


def test_the_claim_workspace_and_article_page_read_the_same_rows_on_a_ten_times_larger_archive(
    client, auth, session, users, small_budgets
):
    auth.login(users[Role.REVIEWER])
    _filler(session, 6, "early")
    earlier_article = make_article(session, body=f"The minister said: {EARLIER.lower()}.")
    earlier = make_claim(session, earlier_article, quote=EARLIER.lower(), restated=EARLIER + ".")
    _filler(session, 6, "recent")
    later_article = make_article(session, body=LATER_BODY)
    later = make_claim(session, later_article, quote=LATER_QUOTE, restated="About 10 million Uyghurs live in Xinjiang.")
    session.commit()
    earlier_id, later_id, article_id = earlier.id, later.id, later_article.id
    _analyse(session)
    urls = [f"/review/claims/{later_id}", f"/review/articles/{article_id}"]
    meter = _Meter()
    small = {url: meter.measure(client, url) for url in urls}
    assert match_ids(client, later_id)[0] == earlier_id

    _filler(session, 108, "older")
    _analyse(session)
    large = {url: meter.measure(client, url) for url in urls}

    grown = {url: (small[url], large[url]) for url in urls if _grew(small[url], large[url])}
    assert grown == {}, "(statements, rows read) small -> large:\n" + "\n".join(f"{u}: {v}" for u, v in grown.items())
    assert match_ids(client, later_id)[0] == earlier_id
    assert earlier_id in similar_ids(client, article_id, "10 million Uyghurs")


def test_a_large_archive_ranks_only_the_shortlist_and_counts_the_sample_once(
    client, auth, session, users, small_budgets, monkeypatch
):
    """Ranking the sample's claims too, and counting its frequencies on every view, made the
    workspace the slowest staff page while an import kept the processors busy."""
    auth.login(users[Role.REVIEWER])
    earlier_article = make_article(session, body=f"The minister said: {EARLIER.lower()}.")
    earlier = make_claim(session, earlier_article, quote=EARLIER.lower(), restated=EARLIER + ".")
    _filler(session, 60, "older")
    later_article = make_article(session, body=LATER_BODY)
    later = make_claim(session, later_article, quote=LATER_QUOTE, restated="About 10 million Uyghurs live in Xinjiang.")
    session.commit()
    ranked_sizes: list[int] = []
    counted: list[int] = []

    class CountingIndex(intake_matching.ClaimIndex):
        def __init__(self, candidates, frequencies=None):
            super().__init__(candidates, frequencies)
            ranked_sizes.append(len(self._keys))

    real_count = intake_matching.Frequencies.of_texts.__func__

    def counting(cls, texts):
        counted.append(len(texts))
        return real_count(cls, texts)

    monkeypatch.setattr(intake_matching, "ClaimIndex", CountingIndex)
    monkeypatch.setattr(intake_matching.Frequencies, "of_texts", classmethod(counting))
    intake_matching._sample_frequencies.cache_clear()

    assert match_ids(client, later.id)[0] == earlier.id
    assert match_ids(client, later.id)[0] == earlier.id
    budget = intake_matching.BUDGETS["claim"]
    assert ranked_sizes and max(ranked_sizes) <= budget.shortlist
    # Some sampled ids may be gone (deleted claims), so the count is at most, not exactly, the sample.
    assert len(counted) == 1 and counted[0] <= 2 * budget.sample
