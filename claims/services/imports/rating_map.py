"""The editable mapping from other fact-checkers' rating texts to our scale's labels."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.models import RatingLevel, RatingMapping
from claims.services.ratings import active_scale, level_by_label

# Used when the table has no row for a text; a row (even one without a label) overrides these.
# None means "do not map": the publisher's own words are kept instead of a guess. Texts are keyed
# as normalise() writes them. The common English, Spanish, Portuguese and French words; "partly
# false" is a claim partly accurate and partly not, our Mixed. Misleading and missing context
# judge framing, not truth, so no level of ours says the same.
DEFAULT_MAPPINGS: dict[str, str | None] = {
    # English
    "false": "False",
    "incorrect": "False",
    "wrong": "False",
    "fake": "False",
    "pants on fire": "False",
    "mostly false": "Mostly false",
    "partly false": "Mixed",
    "partially false": "Mixed",
    "half true": "Mixed",
    "mixed": "Mixed",
    "mixture": "Mixed",
    "mostly true": "Mostly true",
    "true": "True",
    "correct": "True",
    "accurate": "True",
    "unproven": "Unverifiable",
    "unverifiable": "Unverifiable",
    "misleading": None,
    "missing context": None,
    "satire": None,
    # Spanish
    "falso": "False",
    "falsa": "False",
    "incorrecto": "False",
    "incorrecta": "False",
    "mayormente falso": "Mostly false",
    "mayormente falsa": "Mostly false",
    "parcialmente falso": "Mixed",
    "parcialmente falsa": "Mixed",
    "verdad a medias": "Mixed",
    "mayormente verdadero": "Mostly true",
    "mayormente verdadera": "Mostly true",
    "verdadero": "True",
    "verdadera": "True",
    "cierto": "True",
    "cierta": "True",
    "correcto": "True",
    "inverificable": "Unverifiable",
    "no verificable": "Unverifiable",
    "engañoso": None,
    "engañosa": None,
    "sin contexto": None,
    "sátira": None,
    # Portuguese (falso, falsa, parcialmente falso and sátira are spelt as in Spanish)
    "incorreto": "False",
    "verdadeiro": "True",
    "verdadeira": "True",
    "correto": "True",
    "insustentável": "Unverifiable",
    "enganoso": None,
    "enganosa": None,
    "fora de contexto": None,
    # French
    "faux": "False",
    "fausse": "False",
    "plutôt faux": "Mostly false",
    "partiellement faux": "Mixed",
    "plutôt vrai": "Mostly true",
    "vrai": "True",
    "vraie": "True",
    "exact": "True",
    "invérifiable": "Unverifiable",
    "trompeur": None,
    "trompeuse": None,
    "manque de contexte": None,
}


def normalise(text: str) -> str:
    """Return the key a rating text is stored under: case-folded, spaces collapsed, end dots dropped."""
    return " ".join(text.split()).casefold().rstrip(".!").strip()[:200]


def all_mappings(session: Session) -> list[tuple[str, str | None, str]]:
    """Return (rating text, our label or None, "default" or "edited"), sorted by text."""
    merged: dict[str, tuple[str | None, str]] = {
        key: (label, "default") for key, label in DEFAULT_MAPPINGS.items()
    }
    for row in session.execute(select(RatingMapping)).scalars():
        merged[row.external_rating] = (row.level_label, "edited")
    return [(key, label, source) for key, (label, source) in sorted(merged.items())]


def set_mapping(session: Session, external: str, label: str | None) -> RatingMapping:
    """Map an external rating text to one of our labels, or (label None) to "keep their text".

    :raises LookupError: the label is not on the active scale.
    :raises ValueError: an empty rating text.
    """
    key = normalise(external)
    if not key:
        raise ValueError("the rating text is empty")
    if label:
        label = level_by_label(session, label).label
    row = session.execute(
        select(RatingMapping).where(RatingMapping.external_rating == key)
    ).scalar_one_or_none()
    if row is None:
        row = RatingMapping(external_rating=key)
        session.add(row)
    row.level_label = label or None
    session.flush()
    return row


class RatingMapper:
    """Resolve rating texts to levels of the active scale, reading the table once per import."""

    def __init__(self, session: Session) -> None:
        self._labels = {key: label for key, label, _source in all_mappings(session)}
        scale = active_scale(session)
        self._levels: dict[str, RatingLevel] = {lv.label: lv for lv in scale.levels} if scale else {}

    def level_for(self, rating_text: str | None) -> RatingLevel | None:
        """Return our level for their text, or None when there is no explicit mapping."""
        if not rating_text:
            return None
        label = self._labels.get(normalise(rating_text))
        return self._levels.get(label) if label else None
