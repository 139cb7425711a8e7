"""Word lists and sentence templates for the generated archive: varied, plausible, deterministic."""

from __future__ import annotations

import random
from itertools import product

# The benchmark search term; only SEARCH_TEMPLATES use it, so its frequency is SEARCH_SHARE exactly
# in expectation (porter stemming makes "Uighur" match too, and no other word stems to it).
SEARCH_WORD = "Uighurs"
SEARCH_SHARE = 0.03

PLACES = (
    "Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bangladesh",
    "Belarus", "Belgium", "Bolivia", "Bosnia", "Brazil", "Bulgaria", "Cambodia", "Cameroon", "Canada",
    "Chile", "China", "Colombia", "Croatia", "Cuba", "Cyprus", "Denmark", "Ecuador", "Egypt", "Estonia",
    "Ethiopia", "Finland", "France", "Georgia", "Germany", "Ghana", "Greece", "Guatemala", "Hungary",
    "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan",
    "Jordan", "Kazakhstan", "Kenya", "Kosovo", "Kyrgyzstan", "Latvia", "Lebanon", "Libya", "Lithuania",
    "Malaysia", "Mali", "Mexico", "Moldova", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Nepal",
    "Netherlands", "Nigeria", "Norway", "Pakistan", "Panama", "Paraguay", "Peru", "Poland", "Portugal",
    "Qatar", "Romania", "Russia", "Rwanda", "Senegal", "Serbia", "Slovakia", "Slovenia", "Somalia",
    "Spain", "Sudan", "Sweden", "Switzerland", "Syria", "Tajikistan", "Tanzania", "Thailand", "Tunisia",
    "Turkey", "Uganda", "Ukraine", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam", "Yemen", "Zambia",
    "Zimbabwe", "Xinjiang", "Bavaria", "Catalonia", "Scotland", "Wales", "Quebec", "Ontario", "Texas",
    "California", "Florida", "Lagos", "Istanbul", "Ankara", "Mumbai", "Delhi", "Karachi", "Manila",
    "Jakarta", "Nairobi", "Lima", "Bogota", "Sao Paulo", "Lyon", "Milan", "Krakow", "Porto", "Seville",
)  # fmt: skip
REGIONS = ("Europe", "Africa", "Asia", "the region", "Latin America", "the world", "the Middle East")
FIRST_NAMES = (
    "Aylin", "Mehmet", "Anna", "Pieter", "Sofia", "Liang", "Fatima", "Omar", "Elena", "Jonas", "Priya",
    "Rahul", "Chloe", "Mateo", "Ines", "Kwame", "Amara", "Yusuf", "Hana", "Kenji", "Olga", "Ivan",
    "Marta", "Tomasz", "Lucia", "Diego", "Noor", "Ali", "Sara", "David", "Emma", "Lars", "Freya", "Nikos",
    "Eleni", "Bogdan", "Irina", "Tariq", "Leila", "Chen", "Mei", "Arjun", "Zanele", "Thabo", "Rosa",
    "Pablo", "Camille", "Hugo", "Nadia", "Samir", "Yara", "Goran", "Milena", "Stefan", "Ingrid", "Aziz",
    "Dilnoza", "Rustam", "Ayesha", "Bilal", "Grace", "Samuel", "Ruth", "Joseph", "Maria", "Paolo", "Eva",
    "Adam", "Julia", "Felix",
)  # fmt: skip
LAST_NAMES = (
    "Yilmaz", "Kaya", "de Vries", "Jansen", "Rossi", "Wang", "Haddad", "Novak", "Kowalski", "Garcia",
    "Fernandez", "Silva", "Mensah", "Okafor", "Sato", "Tanaka", "Petrov", "Ivanova", "Schmidt", "Weber",
    "Dubois", "Martin", "Lopez", "Costa", "Nielsen", "Larsen", "Papadopoulos", "Georgiou", "Horvat",
    "Popescu", "Nagy", "Kovacs", "Khan", "Ahmed", "Singh", "Sharma", "Nguyen", "Tran", "Kim", "Park",
    "Abdullah", "Rahimov", "Karimova", "Hughes", "Murphy", "Walsh", "Andersson", "Berg", "Moreau",
    "Ferrari", "Bianchi", "Santos", "Pereira", "Mwangi", "Otieno", "Dlamini", "Nkosi", "Cohen", "Levi",
    "Ozturk",
)  # fmt: skip
ORGS = (
    "Ministry of Health", "Ministry of Finance", "Ministry of Interior", "Central Bank", "National Police",
    "Statistics Office", "Chamber of Commerce", "Farmers' Union", "Teachers' Union", "City Council",
    "Opposition Party", "Ruling Party", "Employers' Federation", "Green Party", "Labour Party",
    "Pension Fund", "Army", "Electoral Commission", "Transport Authority", "Housing Agency",
)  # fmt: skip
OUTLETS = (
    "Daily Courier", "Morning Ledger", "Evening Standard Post", "National Herald", "The Tribune",
    "City Gazette", "Associated Wire", "Global Dispatch", "Weekly Observer", "Metro News", "Capital Times",
    "Harbour Chronicle", "Valley Record", "Northern Echo Press", "Southern Star", "Business Journal",
    "Public Radio News", "Channel Four Online", "Independent Monitor", "Free Voice", "The Sentinel",
    "Frontier Post", "Coastal Mail", "Union Bulletin", "Republic Today", "Continental Review",
    "Evening Bell", "Market Watchers", "Civic Reporter", "Open Newsroom", "The Beacon", "Plains Gazette",
    "River Times", "Lakeside Journal", "Mountain Voice", "Harvest News",
)  # fmt: skip
PUBLISHERS = (
    ("World Bank", "data.worldbank.org"), ("Eurostat", "ec.europa.eu"), ("OECD", "stats.oecd.org"),
    ("UN Population Division", "population.un.org"), ("IMF", "www.imf.org"), ("WHO", "www.who.int"),
    ("National Statistics Office", "stats.gov.example"), ("Central Bank", "centralbank.example"),
    ("Parliament records", "parliament.example"), ("Court records", "courts.example"),
    ("Our World in Data", "ourworldindata.org"), ("Wikipedia", "en.wikipedia.org"),
    ("Electoral Commission", "elections.example"), ("Census Bureau", "census.example"),
)  # fmt: skip
PEOPLE = ("residents", "migrants", "pensioners", "farmers", "nurses", "teachers", "students", "doctors",
          "workers", "children", "voters", "refugees", "tourists", "soldiers", "prisoners")  # fmt: skip
SECTORS = ("health", "education", "defence", "roads", "housing", "pensions", "police", "railways",
           "energy", "water", "research", "culture", "agriculture", "welfare")  # fmt: skip
COMMODITIES = ("wheat", "rice", "steel", "coal", "oil", "gas", "cotton", "coffee", "sugar", "copper")
TRENDS = ("doubled", "halved", "tripled", "risen sharply", "fallen sharply", "stayed flat")
MEASURES = ("inflation rate", "birth rate", "tax burden", "debt ratio", "literacy rate", "murder rate",
            "minimum wage", "youth unemployment", "population density", "forest cover")  # fmt: skip
THINGS = ("internet access", "a university degree", "health insurance", "a car", "savings",
          "a second job", "a pension", "clean drinking water")  # fmt: skip
TOPICS = (
    "population", "economy", "unemployment", "health", "education", "crime", "migration", "elections",
    "budget", "taxes", "energy", "climate", "housing", "trade", "agriculture", "defence", "pensions",
    "wages", "inflation", "transport", "environment", "religion", "minorities", "geography", "history",
)  # fmt: skip

# (restated, quote, topic): the restated claim is the standalone sentence; the quote is how the
# claimant put it in the article, so both share the numbers that a fact-checker would check.
TEMPLATES = (
    ("{place} has {n} million {people}.", "{n} million {people} live in {place}", "population"),
    ("Unemployment in {place} fell to {pct}% in {year}.", "unemployment fell to {pct} percent in {year}", "unemployment"),
    ("{place} spent ${n} billion on {sector} in {year}.", "we spent {n} billion dollars on {sector}", "budget"),
    ("Crime in {place} has {trend} since {year}.", "crime has {trend} since {year}", "crime"),
    ("{place} is larger than {place2}.", "{place} is bigger than {place2}", "geography"),
    ("{pct}% of {people} in {place} have {thing}.", "{pct} percent of {people} have {thing}", "health"),
    ("The {org} cut {sector} funding by {pct}% in {year}.", "the {org} cut funding for {sector} by {pct} percent", "budget"),
    ("{place} produces {n} million tonnes of {commodity} a year.", "we produce {n} million tonnes of {commodity} every year", "agriculture"),
    ("Life expectancy in {place} rose to {age} years by {year}.", "life expectancy reached {age} years", "health"),
    ("{place} has the highest {measure} in {region}.", "we have the highest {measure} in {region}", "economy"),
    ("Average wages in {place} grew {pct}% between {year} and {year2}.", "wages grew by {pct} percent between {year} and {year2}", "wages"),
    ("{place} imports {pct}% of its {commodity}.", "{pct} percent of our {commodity} is imported", "trade"),
    ("{place} built {n} thousand new homes in {year}.", "{n} thousand homes were built in {year}", "housing"),
    ("The {org} employs {n} thousand people.", "the {org} employs {n} thousand people", "economy"),
    ("Emissions in {place} have fallen by {pct}% since {year}.", "emissions are down {pct} percent since {year}", "climate"),
    ("Inflation in {place} reached {pct}% in {year}.", "inflation hit {pct} percent in {year}", "inflation"),
    ("{place} received {n} thousand asylum applications in {year}.", "{n} thousand people asked for asylum in {year}", "migration"),
    ("Turnout in the {year} election in {place} was {pct}%.", "turnout was only {pct} percent", "elections"),
    ("{place} has more {people} than {place2}.", "there are more {people} here than in {place2}", "population"),
    ("The {measure} in {place} is the lowest since {year}.", "the {measure} is the lowest since {year}", "economy"),
    ("{pct}% of the budget of {place} goes to {sector}.", "{pct} percent of the budget goes to {sector}", "budget"),
    ("{place} exported {n} billion dollars of {commodity} in {year}.", "{commodity} exports were worth {n} billion dollars", "trade"),
)  # fmt: skip
SEARCH_TEMPLATES = (
    ("{place} has roughly {n} million Uighurs.", "roughly {n} million Uighurs", "minorities"),
    ("{pct}% of Uighurs in {place} live in cities.", "{pct} percent of Uighurs live in cities", "minorities"),
    ("{n} thousand Uighurs left {place} in {year}.", "{n} thousand Uighurs left in {year}", "minorities"),
)  # fmt: skip
LEADS = ("{who} said that", "According to {who},", "{who} told reporters that", "In a speech, {who} claimed that",
         "{who} wrote on social media that", "Speaking on television, {who} said")  # fmt: skip
FILLERS = (
    "The remarks came during a heated debate in {place}.",
    "Critics in {place} disputed the figures within hours.",
    "The {org} declined to comment on the numbers.",
    "Officials have published new data on {sector} every year since {year}.",
    "Analysts say the trend in {place} mirrors that in {place2}.",
    "The debate over {sector} has dominated the campaign.",
    "Several {people} interviewed for this article described a different picture.",
    "The government is expected to present its {sector} plan next month.",
    "Figures from {year} suggest a more complicated story.",
    "Opposition politicians in {place} called the claim misleading.",
    "The statement was shared thousands of times online.",
    "Independent researchers have questioned the methodology.",
)  # fmt: skip
CONCLUSIONS = (
    "Official data put the figure at {n2}, not {n}.",
    "The claim matches the latest official statistics for {year}.",
    "The number is roughly right but leaves out {people} counted elsewhere.",
    "The figure refers to {year2}, not {year}, and has since changed.",
    "No official source supports the figure; estimates range widely.",
    "The trend is real, but the size of the change is exaggerated.",
    "Two sources disagree; the claim picks the higher figure.",
)  # fmt: skip
EXPLANATIONS = (
    "We compared the claim with {publisher} figures for {year}.",
    "The {org} confirmed the methodology by email.",
    "Earlier estimates from {year2} gave a lower number.",
    "The claimant did not reply to a request for the source.",
    "Data for {place2} use a different definition, so comparisons are difficult.",
    "The figure changes depending on whether {people} are included.",
    "Experts we spoke to said the comparison is misleading without context.",
    "The original report is available on the publisher's website.",
)  # fmt: skip
NOT_CHECKABLE_REASONS = (
    "A statement of opinion, not a fact that evidence can confirm or refute.",
    "A prediction about the future.",
    "No data exist that could settle it.",
    "Too vague to check: no time, place or amount is given.",
)  # fmt: skip
COMMENTS = ("Can we get the primary source for this?", "Please check the year of the figure.",
            "The claimant's office sent a spreadsheet; attached to the evidence.",
            "Rating looks harsh given the context.", "Ready for review.")  # fmt: skip
RETURN_NOTES = ("The conclusion needs the year of the data.", "Add the primary source before approval.")
CORRECTION_NOTES = ("An earlier version used outdated figures; the rating changed as a result.",
                    "We corrected the year of the census data.", "Updated after new official statistics.")  # fmt: skip
WITHDRAWN_REASONS = ("The source was retracted.", "Duplicate of another piece of evidence.", "Link is dead.")
EXTERNAL_RATINGS = ("False", "Mostly False", "Misleading", "Half True", "Mostly True", "True", "Pants on Fire",
                    "Falso", "Engañoso", "Faux", "Missing context")  # fmt: skip
EXTERNAL_PUBLISHERS = (("PolitiFact", "www.politifact.com"), ("Full Fact", "fullfact.org"),
                       ("Maldita", "maldita.es"), ("AFP Factuel", "factuel.afp.com"),
                       ("Teyit", "teyit.org"), ("Africa Check", "africacheck.org"))  # fmt: skip
# Weights of the default scale's labels in published verdicts; other labels weigh 10.
LEVEL_WEIGHTS = {
    "False": 25,
    "Mostly false": 20,
    "Mixed": 18,
    "Mostly true": 15,
    "True": 12,
    "Unverifiable": 10,
}
UNITS = ("people", "percent", "tonnes", "dollars", "square kilometres", "years", "homes")
TAG_COUNT = 200


def claimants(count: int = 3000) -> tuple[str, ...]:
    """Return a fixed list of person and organisation names, most frequent first."""
    people = [f"{first} {last}" for first, last in product(FIRST_NAMES, LAST_NAMES)]
    random.Random(7).shuffle(people)
    return tuple(ORGS[:10]) + tuple(people[: count - 10])


def tag_names() -> tuple[str, ...]:
    """Return TAG_COUNT distinct tag names: topics first (the popular ones), then places."""
    names = list(dict.fromkeys((*TOPICS, SEARCH_WORD, *PLACES)))
    names += [f"{topic} in {place}" for topic, place in product(TOPICS[:6], PLACES)]
    return tuple(names[:TAG_COUNT])


def slug(text: str) -> str:
    """Return a URL path segment for a headline."""
    return "-".join("".join(ch for ch in word if ch.isalnum()) for word in text.lower().split()[:8])
