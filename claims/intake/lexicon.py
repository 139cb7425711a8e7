"""Word lists and a small gazetteer behind the check-worthiness features."""

from __future__ import annotations

from .normalize import word_set as _words

__all__ = [
    "ATTRIBUTION",
    "COMPARISON",
    "EVENT_VERBS",
    "GAZETTEER",
    "NON_NAME_CAPITALS",
    "OPINION",
    "PLEDGE",
    "PREDICTION",
    "SUPERLATIVES",
    "TITLES",
    "WEEKDAYS_MONTHS",
]


def _phrases(text: str) -> tuple[str, ...]:
    """Split a "|"-separated list of phrases, longest first so regexes prefer them."""
    return tuple(sorted((p.strip() for p in text.split("|")), key=len, reverse=True))


_PLACES = _words(
    """
    Afghanistan Albania Algeria Argentina Armenia Australia Austria Azerbaijan
    Bangladesh Belarus Belgium Bolivia Brazil Bulgaria Cambodia Canada Chile China
    Colombia Croatia Cuba Denmark Egypt Ethiopia Finland France Georgia Germany
    Ghana Greece Hungary India Indonesia Iran Iraq Ireland Israel Italy Japan
    Jordan Kazakhstan Kenya Kyrgyzstan Laos Lebanon Libya Malaysia Mexico Mongolia
    Morocco Myanmar Nepal Netherlands Nigeria Norway Pakistan Peru Philippines
    Poland Portugal Qatar Romania Russia Rwanda Serbia Singapore Somalia Spain
    Sudan Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Tunisia
    Turkey Turkmenistan Uganda Ukraine Uzbekistan Venezuela Vietnam Yemen Zambia
    Zimbabwe Africa Asia Europe America Anatolia Eurasia Xinjiang Tibet Beijing
    Shanghai Ankara Istanbul Moscow Bangkok Urumqi Kashgar Washington London Paris
    Berlin Brussels Tokyo Delhi Tehran Damascus Kabul Kyiv Geneva Hong Kong
    """
)
_ORGANISATIONS = _words(
    """
    NATO UN EU WHO IMF OPEC ASEAN SCO WTO UNESCO UNICEF Interpol Reuters
    Congress Parliament Senate Pentagon Kremlin Politburo Ministry Council
    Commission Organization Organisation Bank Agency University Institute
    Association Union Party Court Police Army
    """
)
# Category per gazetteer word; names not listed are labelled generically.
GAZETTEER: dict[str, str] = {
    **{w: "place" for w in _PLACES},
    **{w: "organisation" for w in _ORGANISATIONS},
}

TITLES = _words(
    """
    President Minister Premier Prime Chancellor Secretary Senator Governor Mayor
    General Gen. Dr. Dr Mr. Mr Mrs. Mrs Ms. Ms Prof. Professor Judge King Queen
    Prince Chairman Director Spokesman Spokeswoman Ambassador Commissioner
    """
)

# Capitalised words that start sentences or clauses without naming anyone.
NON_NAME_CAPITALS = _words(
    """
    The A An In On At For But And Or So Yet If When While After Before Since
    Until As It Its He She They We I You His Her Their Our This That These Those
    There Here Some Many Most Much More Such Still Now Then However Meanwhile
    Thus Also Even Only Both Each Every No Not Why What Who How Where Which
    Read Story Photo Related Officials Critics Police According Despite Although
    Though Under Over Across Among Between During Without With From By Of To
    Hundreds Thousands Millions Billions Dozens Scores Several Human
    """
)

WEEKDAYS_MONTHS = _words(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April June July August September October November December
    """
)

ATTRIBUTION = _phrases(
    "said|says|say|told reporters|told|according to|accused|accuses|announced|"
    "claimed|claims|denied|denies|confirmed|reported|estimated|estimates|alleged|"
    "charged|admitted|insisted|stated|acknowledged|testified|wrote|disclosed|"
    "revealed|showed|shows|found"
)
COMPARISON = _phrases(
    "comparable to|compared with|compared to|more than|less than|fewer than|"
    "larger than|bigger than|smaller than|greater than|higher than|lower than|"
    "twice|double|half of|as many as|equivalent to|similar to|the size of|"
    "up from|down from|rose|fell|increased|decreased|doubled|tripled"
)
SUPERLATIVES = _phrases(
    "largest|biggest|smallest|highest|lowest|the most|the least|the first|worst|"
    "best|fastest|oldest|youngest|record|deadliest|longest|richest|poorest"
)
EVENT_VERBS = _phrases(
    "died|killed|fled|detained|arrested|offered|clashed|backed|signed|voted|"
    "approved|passed|built|opened|closed|cut|raised|spent|paid|fined|sentenced|"
    "elected|won|lost|joined|founded|launched|banned|seized|deported|executed|"
    "injured|evacuated|destroyed|flooded|collapsed|resigned|fired|hired|invested|"
    "borrowed|exported|imported|produced|recorded|received|awarded|demanded|"
    "pressed|comprised of|consists of|made up of|composed of|home to|members|"
    "member of|population|budget|funding|costs|cost"
)
OPINION = _phrases(
    "should|must|ought to|believe|believes|think|thinks|feel|feels|hope|hopes|"
    "is seen as|are seen as|seems|seem|appears to|arguably|perhaps|may|might|"
    "could|in my view|it is clear|important|welcome|far too|"
    "deserve|deserves|unfortunately"
)
PREDICTION = _phrases(
    "will|is expected to|are expected to|is likely to|are likely to|forecast|"
    "going to|is set to|are set to|plans to|intends to"
)
PLEDGE = _phrases(
    "vowed|vows|vow|pledged|pledges|pledge|promised|promises|committed to|"
    "swore|sworn"
)
