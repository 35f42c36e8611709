"""Content the policies refuse on a school's channels, whoever wrote it:
extremist, sexual, personal selling, party-political campaigning, a member
of staff's employment or health matter, accusations against a named person
or organisation, and shutting a group of people out.

Each category is a few cue patterns read one sentence at a time. A cue that
is only a problem about someone (a "suspension" needs a member of staff, an
accusation needs a name) says what else the sentence must hold; a cue that
is harmless in teaching or a school event ("how extremists recruit online",
the RSE evening, a mock election, the PTA cake sale) says which frames
excuse it. A school adds its own phrases per category; those count wherever
they appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from schoolgate.checks.base import Span, TextFinding, fold
from schoolgate.checks.phrases import PhraseList
from schoolgate.checks.tone import sentences

#: The categories, in the order a finding list shows them.
CONTENT_KINDS = (
    "extremist",
    "sexual",
    "commercial",
    "political",
    "staff_matter",
    "defamatory",
    "discriminatory",
)

REASONS = {
    "extremist": "Supports or calls people to an extremist or terrorist cause",
    "sexual": "Sexual or adult content",
    "commercial": "Promotes someone's own business or sale",
    "political": "Campaigns for a party or candidate",
    "staff_matter": "A member of staff's employment or health matter",
    "defamatory": "An accusation against a named person or organisation",
    "discriminatory": "Shuts out a group of people",
}

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


# --- Extremism -------------------------------------------------------------
_GROUPS = _words(
    r"isis",
    r"isil",
    r"daesh",
    r"islamic\s+state",
    r"al[\s-]?qa['\u2019]?e?da",
    r"al[\s-]?shabaab",
    r"boko\s+haram",
    r"(?:the\s+)?taliban",
    r"hamas",
    r"hezbollah",
    r"national\s+action",
    r"combat\s*18",
    r"atomwaffen",
    r"blood\s*(?:&|and)\s*honou?r",
    r"sonnenkrieg",
    r"the\s+caliphate",
    r"(?:the\s+)?(?:real\s+)?ira\b",
    r"ku\s+klux\s+klan",
    r"the\s+klan",
    r"kkk",
)
_CALL = _words(
    r"join",
    r"support",
    r"back",
    r"donate\s+to",
    r"fight\s+(?:for|with)",
    r"stand\s+with",
    r"glory\s+to",
    r"long\s+live",
    r"hail",
    r"sign\s+up\s+(?:to|with|for)",
    r"enlist\s+(?:in|with)",
    r"pledge\s+(?:allegiance|loyalty)\s+to",
)
_HATED = _words(
    r"infidels",
    r"kuffar",
    r"kafirs",
    r"unbelievers",
    r"jews",
    r"muslims",
    r"christians",
    r"immigrants",
    r"foreigners",
    r"blacks",
    r"whites",
    r"gays",
    r"the\s+west",
    r"traitors",
)
_TEACHING = re.compile(
    r"\b(?:lessons?|pshe|learn(?:t|ed|ing|s)?|taught|teach(?:ing|es)?|workshops?|assembly"
    r"|spot(?:ting)?|recogni[sz]\w*|warning\s+signs|prevent|radicali[sz]\w*|history"
    r"|historians?|ww\s?(?:2|ii|1|i)|world\s+war|holocaust|remembrance|how\s+(?:groups|extremists"
    r"|recruiters|terrorists)|discuss\w*|debate\w*|online\s+safety|e-?safety|propaganda"
    r"|report(?:ing)?\s+it)\b",
    _I,
)

# --- Sexual content ---------------------------------------------------------
_RSE = re.compile(
    r"\b(?:rse|sex\s+education|relationships\s+(?:and\s+(?:sex|health)\s+)?education"
    r"|online\s+safety|e-?safety|safeguarding|keep(?:ing)?\s+(?:children|pupils|your\s+child"
    r"|them)\s+safe|what\s+to\s+do\s+if|report(?:ing)?|illegal|the\s+law|workshop|nspcc|ceop"
    r"|parents['\u2019]?\s+(?:evening|session|information)|information\s+evening|talk\s+for)\b",
    _I,
)

# --- Personal selling ---------------------------------------------------------
_KIN = r"(?:my|my\s+(?:wife|husband|partner|sister|brother|mum|dad|friend)['\u2019]s)"
_SCHOOL_SELLING = re.compile(
    r"\b(?:pta|pfa|friends\s+of|cake\s+sale|bake\s+sale|(?:summer|christmas|spring|school)\s+fair"
    r"|raffle|tombola|sponsor\w*|thank(?:s|\s+you)\s+(?:to|for)|donat\w+|fundrais\w+|charity"
    r"|school\s+shop|uniform\s+(?:shop|sale)|pre-?loved|second[-\s]hand\s+uniform)\b",
    _I,
)

# --- Party politics -----------------------------------------------------------
_PARTIES = _words(
    r"(?:the\s+)?labour(?:\s+party)?",
    r"(?:the\s+)?conservatives?(?:\s+party)?",
    r"(?:the\s+)?tor(?:y|ies)",
    r"(?:the\s+)?lib\s*dems?",
    r"(?:the\s+)?liberal\s+democrats?",
    r"reform(?:\s+uk)?",
    r"(?:the\s+)?green\s+party",
    r"(?:the\s+)?snp",
    r"plaid(?:\s+cymru)?",
    r"ukip",
    r"(?:the\s+)?dup",
    r"sinn\s+f[e\u00e9]in",
)
_OFFICE = r"(?:councillor|cllr\.?|candidate|mp|mayor)"
_SCHOOL_VOTE = re.compile(
    r"\b(?:mock\s+election|school\s+council|pupil\s+parliament|youth\s+parliament|house\s+captains?"
    r"|class\s+reps?|eco[-\s]council|parliament\s+week|debat\w+|lessons?|learn\w*|polling"
    r"\s+station|hustings|head\s+(?:boy|girl)|sports\s+captains?)\b",
    _I,
)

# --- A member of staff's employment or health ----------------------------------
_STAFF_PERSON = re.compile(
    r"(?-i:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][\w'\u2019-]+)"
    r"|\b(?:teacher|teaching\s+assistant|(?-i:TA)|head\s*teacher|headmaster|headmistress|head"
    r"|deputy|principal|colleague|member\s+of\s+(?:our\s+)?staff|staff\s+member|caretaker"
    r"|senco|receptionist|bursar|business\s+manager|lunchtime\s+supervisor)\b",
    _I,
)

# --- Accusations ---------------------------------------------------------------
_NAMED = re.compile(
    r"(?-i:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor)\.?\s+[A-Z][\w'\u2019-]+)"
    r"|(?-i:\b[A-Z][a-z]+(?:\s+(?:&\s+)?[A-Z][\w'\u2019]+)+)"
    r"|\b(?:ltd|limited|plc|llp)\b"
    r"|\bthe\s+(?:council|local\s+authority|trust|company|contractors?|builders?|caterers?"
    r"|landlord|owners?|managers?|coach\s+company|bus\s+company|club|shop)\b"
    r"|(?-i:\b(?!(?:This|That|It|He|She|They|There|What|Who|Which|Everything|Nothing|Everyone"
    r"|Someone|The|Our|Your|Their|His|Her|We|You|I)\b)[A-Z][a-z]{2,}\s+(?:is|was|are|were)\b)",
    _I,
)
_FICTION = re.compile(
    r"\b(?:story|stories|play|book|novel|fairy\s*tale|character|pantomime|panto|robin\s+hood"
    r"|wolf|villain|history|phishing|fake\s+(?:email|text|message)|scam\s+(?:emails?|texts?|calls?)"
    r"|never\s+ask|beware|be\s+aware|watch\s+out\s+for)\b",
    _I,
)

# --- Shutting a group out --------------------------------------------------------
_GROUP = _words(
    r"muslims?",
    r"jews",
    r"jewish\s+(?:children|pupils|families|people)",
    r"christians",
    r"hindus",
    r"sikhs",
    r"catholics",
    r"atheists",
    r"gypsies",
    r"gipsies",
    r"travell?ers",
    r"roma",
    r"immigrants",
    r"foreigners",
    r"refugees",
    r"asylum\s+seekers",
    r"eastern\s+europeans",
    r"poles",
    r"romanians",
    r"(?:polish|romanian|lithuanian|pakistani|bangladeshi|indian|african|caribbean|chinese"
    r"|irish|somali|syrian|afghan|ukrainian|muslim|hindu|sikh|catholic)"
    r"\s+(?:children|pupils|families|people|parents|kids)",
    r"black\s+(?:children|pupils|families|people|parents)",
    r"blacks",
    r"asians",
    r"gays",
    r"gay\s+(?:couples|parents|people|families)",
    r"lesbians",
    r"trans\s+(?:children|pupils|people|parents)",
    r"same[-\s]sex\s+(?:couples|parents|families)",
    r"disabled\s+(?:children|pupils|people|parents|families)",
    r"the\s+disabled",
    r"wheelchair\s+users",
    r"children\s+with\s+(?:send|sen|disabilities|additional\s+needs|autism|special\s+needs)",
    r"pupils\s+with\s+(?:send|sen|disabilities|additional\s+needs|autism|special\s+needs)",
    r"(?:send|sen)\s+(?:children|pupils)",
    r"autistic\s+(?:children|pupils)",
    r"single\s+(?:mums|mothers|dads|parents)",
    r"non[-\s]english\s+speakers",
    r"eal\s+(?:children|pupils|families)",
)
_INCLUSIVE = re.compile(
    r"\b(?:we\s+welcome|inclusive|accessible|step[-\s]free|we\s+can\s+arrange|reasonable"
    r"\s+adjustments|support\s+for|celebrat\w+|learn\w*|history|lessons?|assembly|festival|eid"
    r"|diwali|hanukkah|black\s+history\s+month|pride\s+month|refugee\s+week|raised|collect\w*)\b",
    _I,
)


def _cue(kind: str, pattern: str, *, needs: re.Pattern[str] | None = None,
         unless: re.Pattern[str] | None = None) -> _Cue:  # fmt: skip
    return _Cue(kind, re.compile(r"\b" + pattern + r"(?![\w'])", _I), needs, unless)


_CUES: tuple[_Cue, ...] = (
    # Extremism: a call to an extremist group or war, or its slogans.
    _cue("extremist", rf"{_CALL}\s+(?:\w+\s+){{0,2}}?{_GROUPS}", unless=_TEACHING),
    _cue(
        "extremist",
        r"(?:join|wage|fight|start|bring\s+on|prepare\s+for|take\s+part\s+in)\s+"
        r"(?:the\s+|a\s+|our\s+)?(?:jihad|holy\s+war|race\s+war|armed\s+struggle|caliphate)",
        unless=_TEACHING,
    ),
    _cue(
        "extremist",
        rf"(?:death\s+to\s+(?:the\s+|all\s+)?|kill\s+(?:all\s+)?(?:the\s+)?|exterminate\s+(?:the\s+)?"
        rf"|wipe\s+out\s+(?:the\s+)?|rise\s+up\s+against\s+(?:the\s+)?){_HATED}",
        unless=_TEACHING,
    ),
    _cue(
        "extremist",
        r"(?:white\s+power|(?:the\s+|a\s+)?race\s+war|sieg\s+heil|heil\s+hitler|14\s*words|1488|white\s+genocide"
        r"|great\s+replacement|martyrdom\s+operations?|take\s+up\s+arms|become\s+(?:a\s+)?martyrs?"
        r"|die\s+as\s+(?:a\s+)?martyrs?|(?:travel|go)\s+to\s+(?:syria|iraq)\s+(?:to|and)\s+"
        r"(?:fight|join))",
        unless=_TEACHING,
    ),
    # Sexual content.
    _cue(
        "sexual",
        r"(?:porn\w*|xxx|onlyfans|only\s+fans|(?:send|sending|share)\s+(?:me\s+)?nudes"
        r"|nude\s+(?:pics|photos|videos|selfies|models?)|naked\s+(?:pics|photos|videos|girls"
        r"|women|men|chat)|adult\s+(?:videos?|films?|movies?|content|sites?|entertainment|chat"
        r"|webcams?|toys?|dating)|sex\s+(?:chat|cams?|videos?|tapes?|toys?|dating|shop)"
        r"|sexy\s+(?:singles|girls|ladies|pics|photos|videos|time)|hot\s+singles"
        r"|escort\s+(?:service|agency|girls)|escorts\s+(?:in|near)|cam\s*girls?|webcam\s+girls"
        r"|erotic\w*|strip\s*(?:club|tease|pers?)|lap\s+danc\w+|x-rated|explicit\s+(?:videos?"
        r"|photos?|content|pics|material)|horny|milfs?|fetish\w*|hook\s*-?\s*ups?\s+(?:tonight"
        r"|near|in\s+your))",
        unless=_RSE,
    ),
    # Personal selling: codes, "my shop", orders by message.
    _cue(
        "commercial",
        r"(?:discount|promo(?:tional)?|voucher|coupon|referral|affiliate)\s+(?:codes?|links?)",
    ),
    _cue(
        "commercial",
        r"(?:use|enter|quote)\s+(?:the\s+)?code\s+(?-i:[A-Z][A-Z0-9]{2,}|[A-Z0-9]*\d[A-Z0-9]*)",
    ),
    _cue(
        "commercial",
        rf"{_KIN}\s+(?:own\s+|new\s+|little\s+)*(?:shop|business|company|store|salon|boutique"
        r"|bakery|etsy(?:\s+shop)?|online\s+shop|small\s+business|side\s+hustle|brand|stall)",
        unless=_SCHOOL_SELLING,
    ),
    _cue(
        "commercial",
        r"(?:follow|like|check\s+out|visit|shop\s+at|order\s+from)\s+my\s+(?:instagram|facebook"
        r"|tiktok|etsy|shop|page|store|website|business)",
    ),
    _cue(
        "commercial",
        r"(?:(?:dm|message|pm|inbox|text|whatsapp)\s+me\s+(?:to|for)\s+(?:order|prices?|bookings?"
        r"|details)|now\s+taking\s+(?:orders|bookings)|order\s+from\s+me|buy\s+from\s+me"
        r"|book\s+(?:in\s+)?with\s+me|i\s+(?:sell|am\s+selling|make\s+and\s+sell)"
        r"|i['\u2019]m\s+selling)",
        unless=_SCHOOL_SELLING,
    ),
    _cue(
        "commercial",
        r"(?:\d{1,2}\s*%|half\s+price|\u00a3\d+)\s+off\s+(?:all|everything|your\s+first|any"
        r"|when\s+you)",
        unless=_SCHOOL_SELLING,
    ),
    # Party politics: asking for votes or support for a party or candidate.
    _cue("political", rf"(?:vote|voting)\s+(?:for\s+)?{_PARTIES}", unless=_SCHOOL_VOTE),
    _cue(
        "political",
        rf"(?:vote|voting)\s+(?:for\s+)?(?:(?:your|our|the|local)\s+)*{_OFFICE}",
        unless=_SCHOOL_VOTE,
    ),
    _cue(
        "political",
        r"(?:vote|voting)\s+for\s+(?-i:[A-Z][a-z]+\s+[A-Z][\w'\u2019-]+)\s+(?:as|on|in|at"
        r"|for|to)\b",
        unless=_SCHOOL_VOTE,
    ),
    _cue(
        "political",
        rf"(?:re-?elect|support|back|campaign(?:ing)?\s+for|get\s+behind|join|stand\s+with)\s+"
        rf"(?:the\s+|our\s+|your\s+|local\s+)*(?:{_PARTIES}|{_OFFICE}s?\b)",
        unless=_SCHOOL_VOTE,
    ),
    _cue(
        "political",
        r"deserves?\s+your\s+(?:vote|support)",
        needs=re.compile(rf"\b(?:{_PARTIES}|{_OFFICE}s?|election)\b", _I),
        unless=_SCHOOL_VOTE,
    ),
    _cue(
        "political",
        rf"(?:don['\u2019]?t|do\s+not|never)\s+vote\s+(?:for\s+)?(?:{_PARTIES}|{_OFFICE}|\w+)",
        unless=_SCHOOL_VOTE,
    ),
    _cue(
        "political",
        r"(?:this|the)\s+(?:government|tories|tory\s+government|labour\s+government|council)"
        r"\s+(?:is|are|has|have)\s+(?:ruining|destroying|failing|betrayed|useless|a\s+disgrace"
        r"|corrupt|out)",
        unless=_SCHOOL_VOTE,
    ),
    # A member of staff's employment or health matter.
    _cue(
        "staff_matter",
        r"(?:disciplinary\s+(?:hearing|action|investigation|process|procedure|meeting|panel"
        r"|proceedings)|gross\s+misconduct|capability\s+(?:procedure|process|hearing|meeting"
        r"|plan)|grievance\s+(?:against|hearing|procedure|process|meeting)|raised\s+a\s+grievance"
        r"|suspended\s+pending|suspension\s+pending|signed\s+off\s+(?:sick|work|with)"
        r"|long[-\s]term\s+sick(?:ness)?|sickness\s+absence|off\s+(?:work\s+)?with\s+(?:stress"
        r"|depression|anxiety)|nervous\s+breakdown|employment\s+tribunal|(?:dismissed|sacked)"
        r"\s+for|(?:has|have)\s+been\s+(?:dismissed|sacked|fired|let\s+go))",
    ),
    _cue(
        "staff_matter",
        r"(?:suspended|suspension|off\s+sick|sick\s+leave|on\s+sick|unwell|in\s+hospital"
        r"|(?:has|had|having|recovering\s+from)\s+(?:an?\s+)?(?:operation|surgery)"
        r"|under\s+investigation|being\s+investigated|misconduct|(?:final|written)\s+warning"
        r"|pending\s+(?:an?\s+)?(?:investigation|hearing))",
        needs=_STAFF_PERSON,
    ),
    # Accusations against a named person or organisation.
    _cue(
        "defamatory",
        r"(?:is|are|was|were)\s+(?:a\s+|an\s+|just\s+a\s+|nothing\s+but\s+a\s+|totally\s+"
        r"|completely\s+|utterly\s+)?(?:fraud(?:ster)?s?|thie(?:f|ves)|liars?|crooks?|criminals?"
        r"|corrupt|crooked|dishonest|scam(?:mers?)?|con\s+(?:artists?|men)|cowboys|cheats?"
        r"|paedo(?:phile)?s?|pedo(?:phile)?s?|predators?|abusers?|drug\s+dealers?|racists?)",
        needs=_NAMED,
        unless=_FICTION,
    ),
    _cue(
        "defamatory",
        r"(?:stole|steals|stealing\s+from|embezzl\w+|defraud\w+|fiddl(?:ed|es|ing)\s+the\s+"
        r"(?:books|accounts|money)|ripp?(?:ed|ing|s)?\s+(?:people|parents|us|families|everyone)"
        r"\s+off|pocketed\s+the|took\s+bribes|cooked\s+the\s+books|scammed|swindled"
        r"|abused\s+(?:children|pupils|kids))",
        needs=_NAMED,
        unless=_FICTION,
    ),
    # Shutting a group out.
    _cue(
        "discriminatory",
        rf"no\s+{_GROUP}(?:\s+(?:allowed|welcome|please|need\s+apply|wanted|here))?",
        unless=_INCLUSIVE,
    ),
    _cue(
        "discriminatory",
        rf"{_GROUP}\s+(?:are\s+|is\s+)?(?:not|never|no\s+longer)\s+(?:welcome|allowed|invited"
        r"|permitted|accepted|admitted|eligible)",
        unless=_INCLUSIVE,
    ),
    _cue(
        "discriminatory",
        rf"{_GROUP}\s+(?:need\s+not|needn['\u2019]t|should\s+not|shouldn['\u2019]t)\s+"
        r"(?:apply|come|attend|bother)",
        unless=_INCLUSIVE,
    ),
    _cue(
        "discriminatory",
        rf"(?:not\s+(?:suitable|open|available)\s+(?:for|to)|closed\s+to|excludes?|excluding"
        rf"|except(?:\s+for)?|apart\s+from|barring)\s+{_GROUP}",
        unless=_INCLUSIVE,
    ),
    _cue(
        "discriminatory",
        r"(?:(?:open\s+)?only\s+(?:to|for)|(?:strictly|exclusively|just)\s+for)\s+(?:white"
        r"|british[-\s]born|english[-\s]born|native\s+english|christian|english[-\s]speaking"
        r"|able[-\s]bodied)",
    ),
    _cue(
        "discriminatory",
        r"(?:for\s+)?(?:white|christian|british[-\s]born|english[-\s]born|native\s+english"
        r"(?:\s+speakers?)?|able[-\s]bodied)(?:\s+(?:british|english))?(?:\s+(?:families|children"
        r"|pupils|people|parents|boys|girls))?\s+only",
    ),
)


# Every cue of a category holds at least one of that category's word
# beginnings. Most comments and posts hold none, and one pass of an automaton
# costs far less than trying thirty patterns, so triage keeps its pace.
_ANCHORS = {
    "extremist": """
        isis isil daesh islamic qa'ida qaeda qaida shabaab boko taliban hamas hezbollah national
        combat atomwaffen blood sonnenkrieg caliphate ira klan kkk jihad holy race armed infidel
        kuffar kafir unbeliever death exterminate wipe sieg heil 14 1488 genocide replacement
        martyr arms syria iraq white kill rise death
    """,
    "sexual": """
        porn xxx onlyfans only nude naked adult sex escort cam webcam erotic strip lap x-rated
        explicit horny milf fetish hook hot sexy
    """,
    "commercial": """
        discount promo voucher coupon referral affiliate code shop business company store salon
        boutique bakery etsy hustle brand stall instagram facebook tiktok website dm message pm
        inbox whatsapp taking buy book selling sell i'm im order % half
    """,
    "political": """
        vote voting elect re-elect reelect labour conservative tory tories lib liberal reform
        green snp plaid ukip dup sinn councillor cllr candidate mp mayor government deserve
        support back campaign join stand
    """,
    "staff_matter": """
        disciplinary misconduct capability grievance raised suspend signed sick stress depress
        anxiety breakdown tribunal dismiss sacked fired let unwell hospital operation surgery
        investigat warning pending long-term long sickness off under being final written has
        had having recovering
    """,
    "defamatory": """
        fraud thie liar crook criminal corrupt dishonest scam con cowboy cheat paedo pedo predator
        abuser drug racist stole steal embezzl defraud fiddl rip pocketed bribe took cooked swindl
        abused
    """,
    "discriminatory": """
        muslim jew christian hindu sikh catholic atheist gyps gips travel roma immigrant foreigner
        refugee asylum european poles polish romanian lithuanian pakistani bangladeshi indian
        african caribbean chinese irish somali syrian afghan ukrainian black asian gay lesbian
        trans same-sex disabled wheelchair children pupils send sen autis single non-english eal
        white british english able-bodied native
    """,
}


def _anchor_automaton() -> ahocorasick.Automaton:
    kinds_of: dict[str, set[str]] = {}
    for kind, words in _ANCHORS.items():
        for word in words.split():
            kinds_of.setdefault(word, set()).add(kind)
    automaton = ahocorasick.Automaton()
    for word, kinds in kinds_of.items():
        automaton.add_word(word, (len(word), frozenset(kinds)))
    automaton.make_automaton()
    return automaton


_ANCHOR_SEARCH = _anchor_automaton()


def _kinds_to_try(folded: str) -> set[str]:
    """Return the categories whose word beginnings `folded` holds."""
    kinds: set[str] = set()
    for end, (length, found) in _ANCHOR_SEARCH.iter(folded):
        start = end - length + 1
        if start == 0 or not folded[start - 1].isalnum():
            kinds |= found
    return kinds


def find_content(
    text: str, extra: PhraseList | Mapping[str, Iterable[str]] | None = None
) -> list[TextFinding]:
    """Return a finding per sentence of `text` that falls in a refused category.

    `extra` holds the school's own phrases by category (`commercial`: ...);
    each one found is a finding of its category wherever it stands.
    """
    found: dict[tuple[str, Span], TextFinding] = {}
    kinds = _kinds_to_try(fold(text))
    cues = [cue for cue in _CUES if cue.kind in kinds]
    spans = list(sentences(text)) if cues else []
    for cue in cues:
        for match in cue.pattern.finditer(text):
            start, end = _sentence_of(spans, match.start(), len(text))
            sentence = text[start:end]
            if cue.needs is not None and not cue.needs.search(sentence):
                continue
            if cue.unless is not None and cue.unless.search(sentence):
                continue
            found.setdefault((cue.kind, (start, end)), _finding(cue.kind, match[0], (start, end)))
    for hit in _extra_hits(text, extra):
        found.setdefault((hit.kind, hit.span or (0, 0)), hit)
    return sorted(found.values(), key=lambda f: (f.span or (0, 0), CONTENT_KINDS.index(f.kind)))


def _sentence_of(spans: list[Span], index: int, length: int) -> Span:
    return next(((s, e) for s, e in spans if s <= index < e), (0, length))


def _finding(kind: str, quoted: str, span: Span) -> TextFinding:
    reason = f"{REASONS[kind]} (\u201c{quoted.strip()}\u201d)"
    return TextFinding(f"content.{kind}", kind, reason, span)


def _extra_hits(
    text: str, extra: PhraseList | Mapping[str, Iterable[str]] | None
) -> Iterator[TextFinding]:
    if not extra:
        return
    phrases = extra if isinstance(extra, PhraseList) else school_phrase_list(_frozen(extra))
    for hit in phrases.find(text):
        if hit.category in REASONS:
            quoted = f"\u201c{hit.text}\u201d"
            reason = f"{REASONS[hit.category]} ({quoted}, one of the school's own phrases)"
            yield TextFinding(f"content.{hit.category}", hit.category, reason, hit.span)


def _frozen(extra: Mapping[str, Iterable[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((k, tuple(v)) for k, v in extra.items() if k in REASONS))


@lru_cache(maxsize=64)
def school_phrase_list(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> PhraseList:
    """Return a school's own content phrases compiled once (category, phrases)."""
    return PhraseList(dict(extra))


def parse_school_phrases(entries: Iterable[str]) -> dict[str, list[str]]:
    """Return "category: phrase" entries (the policy page's form) by category.

    An entry without a known category is skipped here; the policy page's
    parameter check refuses it when it is saved, naming the categories.
    """
    out: dict[str, list[str]] = {}
    for entry in entries:
        category, sep, phrase = entry.partition(":")
        category = category.strip().lower().replace(" ", "_")
        if sep and category in REASONS and phrase.strip():
            out.setdefault(category, []).append(phrase.strip())
    return out
