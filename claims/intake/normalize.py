"""Text folding, number normalisation and tokenisation shared by the intake modules."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "NUMBER_PATTERN",
    "SCALES",
    "claim_tokens",
    "fold",
    "format_number",
    "normalize_claim",
    "parse_number",
    "token_pairs",
    "word_set",
]

def word_set(text: str) -> frozenset[str]:
    """Split a whitespace-separated word list into a frozen set."""
    return frozenset(text.split())


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mn": 1e6, "bn": 1e9,
}
_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_WORDS_NUMBER = (
    rf"(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}|hundred|thousand|million|billion))*"
    rf"|a\s+(?=(?:hundred|thousand|million|billion|trillion)\b)"
)
_DIGITS_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# A number in digits or words, optionally followed by a scale word.
NUMBER_PATTERN = (
    rf"(?:(?<![\w.,])(?:{_DIGITS_NUMBER})(?![\w])|\b(?:{_WORDS_NUMBER})\b)"
    r"(?:\s*(?:hundred\s+)?(?:thousand|million|billion|trillion|mn|bn)\b)?"
)
_NUMBER_RE = re.compile(NUMBER_PATTERN, re.IGNORECASE)

# Spellings that transliteration folding alone does not unify.
_VARIANTS = {
    "uyghur": "uighur", "uigur": "uighur", "uygur": "uighur", "weiwuer": "uighur",
    "urumchi": "urumqi", "wulumuqi": "urumqi", "sinkiang": "xinjiang",
    "peking": "beijing", "kiev": "kyiv", "qaddafi": "gaddafi", "kadafi": "gaddafi",
    "gadhafi": "gaddafi", "mohammed": "muhammad", "mohammad": "muhammad",
    "bombay": "mumbai", "tayyip": "tayyip", "erdogan": "erdogan",
    "organisation": "organization", "organisations": "organizations",
    "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "km2": "km2", "metres": "m", "meters": "m", "defence": "defense",
    "centre": "center", "labour": "labor", "programme": "program",
    "percent": "percent", "pct": "percent", "%": "percent",
    # A few news synonyms that paraphrases swap freely.
    "pledg": "vow", "promis": "vow", "vowed": "vow", "kill": "die", "died": "die",
    "dead": "die", "drop": "fall", "dropp": "fall", "declin": "fall", "fell": "fall",
    "rose": "rise", "risen": "rise", "ris": "rise", "increas": "rise", "climb": "rise",
}
# Size comparisons read the same whichever idiom is used.
_COMPARABLE_RE = re.compile(
    r"\b(?:comparable to|similar to|(?:roughly |about )?the size of|equivalent to)\b"
)
_HEDGES = (
    "roughly|about|around|approximately|some|an estimated|estimated|nearly|"
    "almost|close to|more than|over|at least|less than|fewer than|under|up to"
)
_HEDGE_CANON = {
    "more than": "over", "over": "over", "at least": "over", "less than": "under",
    "fewer than": "under", "under": "under", "up to": "under",
}
# Vague amounts become number-like tokens so "hundreds" and "thousands" disagree.
_VAGUE_RE = re.compile(
    r"\b(?:tens|hundreds)\s+of\s+(?:thousands|millions)|\b(?:dozens|scores|hundreds|"
    r"thousands|millions|billions)\b"
)
_HEDGE_RE = re.compile(rf"\b({_HEDGES})\s+(?={NUMBER_PATTERN})", re.IGNORECASE)

STOP_WORDS = word_set(
    """
    a about above after again against all also am an and any are as at be been
    being but by can could did do does doing during each few for from further
    had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our
    out over own same she so some such than that the their them then there these
    they this those through to too under until up very was we were what when
    where which while who whom why with would you your said says say told
    according recent years year since its s t
    """
)


def fold(text: str) -> str:
    """Strip accents, unify quotes and dashes, and case-fold."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for src, dst in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'),
                     ("—", " - "), ("–", " - "), ("²", "2"), ("€", " euro "),
                     ("$", " dollar "), ("£", " pound ")):
        stripped = stripped.replace(src, dst)
    return stripped.casefold()


def _words_value(words: list[str]) -> float | None:
    """Turn a list of number words ("two", "hundred", "fifty") into a value."""
    total = 0.0
    current = 0.0
    seen = False
    for word in words:
        if word in ("and", "a"):
            current = current or (1.0 if word == "a" else 0.0)
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in SCALES:
            total += (current or 1.0) * SCALES[word]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """Parse "10,000,000", "3.5", "ten million" or "1.6 million" to a float."""
    words = re.split(r"[\s-]+", fold(text).strip())
    if not words or not words[0]:
        return None
    head = words[0].replace(",", "")
    if re.fullmatch(r"\d*\.?\d+", head):
        value = float(head)
        for word in words[1:]:
            if word == "hundred":
                value *= 100
            elif word in SCALES:
                value *= SCALES[word]
            else:
                return None
        return value
    return _words_value(words)


def format_number(value: float) -> str:
    """Format a value as a canonical token: integral values without decimals."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def _stem(word: str) -> str:
    """Strip common English inflections so "clashes", "clashed" and "clash" meet."""
    if len(word) <= 4 or word[0].isdigit():
        return word
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("shes", "ches", "xes", "sses")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif word.endswith("ing") and len(word) > 6 and word[-4] not in "jqpx":
        # Pinyin names such as Beijing or Jinping keep their ending.
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 5:
        word = word[:-2]
    # Dropping a final "e" lets "accuse", "accused" and "accuses" agree.
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def token_pairs(text: str) -> list[tuple[str, str]]:
    """Return (surface form, normalised token) pairs; numbers become "#<value>" tokens."""
    folded = fold(text).replace("%", " percent ")
    folded = _HEDGE_RE.sub(
        lambda m: f" ~{_HEDGE_CANON.get(m.group(1).lower(), 'about')} ", folded
    )
    folded = _COMPARABLE_RE.sub(" ~comparable ", folded)
    folded = _VAGUE_RE.sub(lambda m: " #" + "-".join(m.group(0).split()) + " ", folded)
    surfaces: dict[str, str] = {}

    def number_token(match: re.Match[str]) -> str:
        value = parse_number(match.group(0))
        if value is None:
            return match.group(0)
        token = f"#{format_number(value)}"
        surfaces.setdefault(token, " ".join(match.group(0).split()))
        return f" {token} "

    folded = _NUMBER_RE.sub(number_token, folded)
    pairs: list[tuple[str, str]] = []
    for raw in re.findall(r"~\w+|#[\w.-]*\w|[a-z0-9]+", folded):
        if raw.startswith(("#", "~")):
            pairs.append((surfaces.get(raw, raw), raw))
            continue
        word = _VARIANTS.get(raw, raw)
        if word in STOP_WORDS:
            continue
        stem = _stem(word)
        pairs.append((raw, _VARIANTS.get(stem, stem)))
    return pairs


def claim_tokens(text: str) -> list[str]:
    """Normalise a claim into content tokens; numbers become "#<value>" tokens."""
    return [token for _, token in token_pairs(text)]


def normalize_claim(text: str) -> str:
    """Return a canonical string for a claim: folded, numbers unified, stop words dropped."""
    return " ".join(claim_tokens(text))
