"""The demo's claims, evidence and verdicts on the seed article, from public reference facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from claims.models import ClaimStatus, Stance

ARTICLE_FILE = "turkey-china-article.txt"
OUTLET = "Associated Press"
PUBLISHED_ON = date(2017, 8, 3)


@dataclass(frozen=True)
class DemoEvidence:
    url: str
    title: str
    publisher: str
    passage: str
    stance: Stance
    primary: bool = False
    reference: tuple[float, str, int] | None = None  # value, unit, year


@dataclass(frozen=True)
class DemoVerdict:
    rating: str
    conclusion: str
    explanation: str
    approved: bool = True


@dataclass(frozen=True)
class DemoClaim:
    quote: str
    restated: str
    claimant: str
    status: ClaimStatus
    tags: tuple[str, ...] = ()
    evidence: tuple[DemoEvidence, ...] = ()
    verdict: DemoVerdict | None = None
    not_checkable_reason: str | None = None
    comments: tuple[str, ...] = field(default=())


WIKI = "Wikipedia"
NBS = "National Bureau of Statistics of China"

CLAIMS: tuple[DemoClaim, ...] = (
    DemoClaim(
        quote="roughly 10 million Uighurs",
        restated="China has roughly 10 million Uighurs.",
        claimant=OUTLET,
        status=ClaimStatus.PUBLISHED,
        tags=("Uighurs", "population"),
        evidence=(
            DemoEvidence(
                url="https://www.stats.gov.cn/sj/pcsj/rkpc/6rp/indexch.htm",
                title="Tabulation on the 2010 Population Census of the People's Republic of China",
                publisher=NBS,
                passage="Uygur: 10,069,346 (population by nationality, 2010 census).",
                stance=Stance.SUPPORTS,
                primary=True,
                reference=(10_069_346, "Uighurs", 2010),
            ),
            DemoEvidence(
                url="https://www.stats.gov.cn/sj/pcsj/rkpc/7rp/indexch.htm",
                title="China Population Census Yearbook 2020",
                publisher=NBS,
                passage="Uygur: 11,774,538 (population by nationality, 2020 census).",
                stance=Stance.CONTEXT,
                primary=True,
                reference=(11_774_538, "Uighurs", 2020),
            ),
            DemoEvidence(
                url="https://en.wikipedia.org/wiki/Uyghurs",
                title="Uyghurs",
                publisher=WIKI,
                passage="Summarises the census counts of the Uyghur population of China.",
                stance=Stance.CONTEXT,
            ),
        ),
        verdict=DemoVerdict(
            rating="Mostly true",
            conclusion="China's 2010 census counted 10.07 million Uighurs; the 2020 census 11.77 million.",
            explanation=(
                "The figure matches the 2010 census, the latest full count when the article "
                "appeared in 2017: 10,069,346 Uighurs. The next census, in 2020, counted "
                "11,774,538, so the population was already growing past the figure the article "
                "gives. 'Roughly 10 million' was fair for the data then available but understates "
                "the population today."
            ),
        ),
    ),
    DemoClaim(
        quote="a land area comparable to Iran",
        restated="Xinjiang's land area is comparable to Iran's.",
        claimant=OUTLET,
        status=ClaimStatus.PUBLISHED,
        tags=("Xinjiang", "geography"),
        evidence=(
            DemoEvidence(
                url="https://en.wikipedia.org/wiki/Xinjiang",
                title="Xinjiang",
                publisher=WIKI,
                passage="Area: 1,664,897 km2, the largest province-level division of China.",
                stance=Stance.SUPPORTS,
                reference=(1_664_897, "km2", 2017),
            ),
            DemoEvidence(
                url="https://en.wikipedia.org/wiki/Iran",
                title="Iran",
                publisher=WIKI,
                passage="Area: 1,648,195 km2.",
                stance=Stance.SUPPORTS,
                reference=(1_648_195, "km2", 2017),
            ),
        ),
        verdict=DemoVerdict(
            rating="True",
            conclusion="Xinjiang covers about 1.66 million km², Iran about 1.65 million km².",
            explanation=(
                "Xinjiang's area is about 1,664,900 square kilometres and Iran's about 1,648,200: "
                "the two differ by about 1%. 'Comparable' is accurate."
            ),
        ),
    ),
    DemoClaim(
        quote="Hundreds have died in Xinjiang in violent clashes in recent years",
        restated="Hundreds have died in violent clashes in Xinjiang in recent years.",
        claimant=OUTLET,
        status=ClaimStatus.IN_REVIEW,
        tags=("Xinjiang",),
        evidence=(
            DemoEvidence(
                url="https://en.wikipedia.org/wiki/July_2009_%C3%9Cr%C3%BCmqi_riots",
                title="July 2009 Ürümqi riots",
                publisher=WIKI,
                passage="Official figures put the death toll of the July 2009 riots at 197.",
                stance=Stance.SUPPORTS,
                reference=(197, "deaths", 2009),
            ),
        ),
        verdict=DemoVerdict(
            rating="True",
            conclusion="The 2009 Urumqi riots alone killed 197 people by official count.",
            explanation=(
                "Official figures for the July 2009 riots in Urumqi give 197 dead, and further "
                "attacks and clashes in 2013 and 2014 killed dozens more each."
            ),
            approved=False,
        ),
    ),
    DemoClaim(
        quote="in 2009 accused Beijing of committing “genocide” toward Uighurs",
        restated="In 2009 Erdogan accused China of committing genocide against Uighurs.",
        claimant=OUTLET,
        status=ClaimStatus.PUBLISHED,
        tags=("Turkey", "Uighurs"),
        evidence=(
            DemoEvidence(
                url="https://en.wikipedia.org/wiki/July_2009_%C3%9Cr%C3%BCmqi_riots",
                title="July 2009 Ürümqi riots: international reaction",
                publisher=WIKI,
                passage="Turkish Prime Minister Recep Tayyip Erdoğan described the events as "
                '"a kind of genocide".',
                stance=Stance.SUPPORTS,
            ),
        ),
        verdict=DemoVerdict(
            rating="True",
            conclusion="In July 2009 Erdogan, then prime minister, called the Xinjiang killings a kind of genocide.",
            explanation=(
                "After the July 2009 riots in Urumqi, Recep Tayyip Erdogan, who was Turkey's prime "
                "minister at the time, said the events in Xinjiang were 'a kind of genocide'. "
                "China demanded that he retract the remark. The article calls him president, "
                "his office when it was written."
            ),
        ),
    ),
    DemoClaim(
        quote="The two governments clashed again in 2015 when Turkey offered asylum to Uighur "
        "refugees detained in Thailand whom China had demanded back.",
        restated="In 2015 Turkey offered asylum to Uighurs detained in Thailand.",
        claimant=OUTLET,
        status=ClaimStatus.RESEARCHING,
        tags=("Turkey", "Uighurs"),
        comments=(
            "Thailand sent 109 of the detainees to China in July 2015; check how many went to Turkey.",
        ),
    ),
    DemoClaim(
        quote="a security alliance comprised of Russia and several central Asian states",
        restated="The SCO is made up of Russia and several Central Asian states.",
        claimant=OUTLET,
        status=ClaimStatus.PUBLISHED,
        tags=("SCO",),
        evidence=(
            DemoEvidence(
                url="https://en.wikipedia.org/wiki/Shanghai_Cooperation_Organisation",
                title="Shanghai Cooperation Organisation",
                publisher=WIKI,
                passage="Founded in 2001 by China, Kazakhstan, Kyrgyzstan, Russia, Tajikistan "
                "and Uzbekistan; India and Pakistan joined as full members in 2017.",
                stance=Stance.REFUTES,
            ),
            DemoEvidence(
                url="https://eng.sectsco.org/",
                title="Shanghai Cooperation Organisation: official site",
                publisher="SCO Secretariat",
                passage="The SCO Secretariat is in Beijing.",
                stance=Stance.CONTEXT,
                primary=True,
            ),
        ),
        verdict=DemoVerdict(
            rating="Mostly false",
            conclusion="China itself founded the SCO, and India and Pakistan joined in June 2017.",
            explanation=(
                "The SCO was founded in Shanghai in 2001 by China, Russia, Kazakhstan, Kyrgyzstan, "
                "Tajikistan and Uzbekistan, and its secretariat is in Beijing. India and Pakistan "
                "became full members in June 2017, two months before the article. Describing it "
                "as Russia and Central Asian states leaves out its founding host, China, and its "
                "two newest members."
            ),
        ),
    ),
    DemoClaim(
        quote="would not allow any “anti-China activity inside Turkey or territory controlled by Turkey.”",
        restated="Cavusoglu pledged to allow no anti-China activity inside Turkey.",
        claimant="Mevlut Cavusoglu",
        status=ClaimStatus.NEW,
        tags=("Turkey",),
    ),
    DemoClaim(
        quote="Thousands of Uighurs have fled China in recent years to seek asylum in Turkey",
        restated="Thousands of Uighurs have fled China to seek asylum in Turkey.",
        claimant=OUTLET,
        status=ClaimStatus.RESEARCHING,
        tags=("Turkey", "Uighurs"),
    ),
    DemoClaim(
        quote="“deepening our collaboration on anti-terror and security is the most central part”",
        restated="Wang Yi said security cooperation is the core of China-Turkey ties.",
        claimant="Wang Yi",
        status=ClaimStatus.NOT_CHECKABLE,
        not_checkable_reason="A statement of priorities, not a fact that evidence can confirm or refute.",
    ),
)
