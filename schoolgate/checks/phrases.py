"""Phrase lists for what general models miss: threats, self-harm, bullying
and insults, extendable by each school.

A phrase is plain words, matched whole and case-insensitively, with any run
of spaces or punctuation between words (so "k y s" also finds "k.y.s");
`*` stands for one to three words ("beat * up" finds "beat that kid up").
Schools pass their own phrases as data: a mapping from category to phrases,
added to these defaults.

Two categories hold the opposite: praise and everyday idiom that models
trained on tweets read as abuse ("killed it", "sick performance", "bloody
brilliant", "such a shame"). `neutralise` gives triage the comment with each
of them replaced by a plain gloss, so the models never score "sick" or
"killing" in that sense; a threat or insult in the same comment is kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from schoolgate.checks.base import TextFinding, fold

#: Categories that always need a person (the head or the DSL) to look.
SAFEGUARDING_CATEGORIES = frozenset({"threat", "self_harm", "bullying"})

DEFAULT_PHRASES: Mapping[str, tuple[str, ...]] = {
    "threat": (
        "kys",
        "k y s",
        "kill yourself",
        "kill your self",
        "kill urself",
        "kill ur self",
        "go die",
        "go and die",
        "hope you die",
        "hope * dies",
        "deserves to die",
        "should die",
        "i will kill",
        "i'll kill",
        "ill kill you",
        "gonna kill",
        "going to kill",
        "i know where you live",
        "i know where * lives",
        "watch your back",
        "beat * up",
        "smash * face in",
        "punch * in the face",
        "needs a slap",
        "needs a good slap",
        "deserves a slap",
        "should be shot",
        "should be hit",
        "shoot up the school",
        "bring a gun",
        "bring a knife",
        "stab you",
        "stab him",
        "stab her",
        "stab them",
        "burn * down",
        "bomb the school",
        "blow up the school",
        "you're dead meat",
        "you are so dead",
        "hang yourself",
        "die in a fire",
        "rot in hell",
        "burn in hell",
        "hope you rot",
        "hope * rots",
        "you'll regret this",
        "you will regret this",
        "you'll pay for this",
        "find out where you live",
        "find out where * lives",
        "coming for you",
        "knock you out",
        "kick your head in",
        "kick * head in",
    ),
    "self_harm": (
        "kill myself",
        "killing myself",
        "end my life",
        "end it all",
        "want to die",
        "wanna die",
        "wish i was dead",
        "wish i were dead",
        "better off dead",
        "self harm",
        "selfharm",
        "self harming",
        "cut myself",
        "cutting myself",
        "hurt myself",
        "hurting myself",
        "suicide",
        "suicidal",
        "no reason to live",
        "overdose",
        "take my own life",
        "kill himself",
        "kill herself",
        "hurting himself",
        "hurting herself",
        "harming himself",
        "harming herself",
        "cutting himself",
        "cutting herself",
        "don't want to live",
        "don't want to be alive",
        "don't want to be here anymore",
    ),
    "bullying": (
        "nobody likes you",
        "no one likes you",
        "everyone hates you",
        "everybody hates you",
        "you have no friends",
        "has no friends",
        "fat pig",
        "fat cow",
        "ugly cow",
        "go back to your country",
        "go back to where you came from",
        "retard",
        "retarded",
        "spastic",
        "spaz",
        "mong",
        # Slurs: abuse of a group is bullying whoever it is aimed at.
        "faggot",
        "faggots",
        "dyke",
        "tranny",
        "poof",
        "poofter",
        "paki",
        "pakis",
        "wog",
        "nigger",
        "niggers",
        "chink",
        "gyppo",
        "pikey",
        "kike",
    ),
    "insult": (
        "idiot",
        "idiots",
        "idiotic",
        "moron",
        "morons",
        "stupid",
        "dumb",
        "imbecile",
        "cretin",
        "scum",
        "scumbag",
        "pathetic",
        "disgusting",
        "vile",
        "pedo",
        "pedophile",
        "paedo",
        "paedophile",
        "sicko",
        "creep",
        "liar",
        "liars",
        "disgrace",
        "useless",
        "incompetent",
        "clown",
        "clowns",
        "trash",
        "garbage",
        "waste of space",
        "shut up",
        "hypocrite",
        "hypocrites",
        "coward",
        "traitor",
        "nazi",
        "nazis",
        "fascist",
        "snowflake",
        "libtard",
        "thug",
        "thugs",
        "bigot",
        "bigots",
        "lunatic",
        "nutjob",
        "nutcase",
        "psycho",
        "lowlife",
        "dregs",
        "filth",
        "filthy",
        "vermin",
        "parasite",
        "degenerate",
        "deranged",
        "brainwashed",
        "evil",
        "wastes of",
        "loser",
        "freak",
        "weirdo",
        # British insults that alt-profanity-check's (American) model barely knows.
        "tosser",
        "tossers",
        "pillock",
        "numpty",
        "muppet",
        "muppets",
        "prat",
        "plonker",
        "bellend",
        "knobhead",
        "dickhead",
        "dickheads",
        "arsehole",
        "arseholes",
        "twat",
        "twats",
        "wanker",
        "wankers",
        "slag",
        "slapper",
        "halfwit",
        "dimwit",
        "dumbass",
        "jackass",
        "douchebag",
        "is a joke",
        "are a joke",
        "you're a joke",
        "what a joke",
        "a bunch of clowns",
    ),
}

#: Harmless categories and the plain word `neutralise` puts in their place.
#: A school may add its own phrases to them like any other category.
GLOSSES: Mapping[str, str] = {
    "praise": "brilliant",
    "regret": "unfortunately",
    "illness": "unwell",
    "idiom": "very",
    "role": "principal",
}
#: Glossed categories too ordinary to report: "the head" is in half the comments.
UNREPORTED: frozenset[str] = frozenset({"role"})


def _listed(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(","))


# Praise idiom needs its context: "sick" before "performance", "bloody"
# before "brilliant", "insane" in a sentence that says "well done".
#: What a performance or an achievement is called ("sick moves", "mad skills").
PRAISE_NOUNS = _listed(
    "performance, performances, show, shows, assembly, assemblies, skills, skill, "
    "result, results, job, work, effort, efforts, goal, goals, game, match, concert, "
    "play, panto, pantomime, production, musical, singing, dancing, dance, display, "
    "routine, voice, voices, moves, time, photos, pics, pictures, event, fete, gig, "
    "night, evening, talent, art, artwork, drawing, drawings, costume, costumes, "
    "score, try, save, race, run, achievement, idea, lesson, lessons, song, songs, "
    "solo, acting, win, team"
)
#: Words of praise that "bloody", "damn", "dead" or "crazy" only make stronger.
POSITIVE_WORDS = _listed(
    "good, great, brilliant, amazing, fantastic, excellent, superb, lovely, wonderful, "
    "proud, talented, clever, impressive, funny, hilarious, beautiful, awesome, fab, "
    "fabulous, marvellous, nice, cool, smart, gorgeous, stunning, outstanding, "
    "incredible, happy, pleased, chuffed, grateful, helpful, kind, fun, fine, "
    "well done, well played"
)
#: Words that make a sentence praise, so "insane" or "sick" in it is too.
PRAISE_MARKERS = _listed(
    "well done, well played, congratulations, congrats, bravo, amazing, brilliant, "
    "fantastic, proud, superb, excellent, incredible, so good, love it, loved it, "
    "great job, great work"
)
_INTENSIFIERS = _listed("bloody, damn, damned, dead, crazy, insanely, mad, wicked")
_SLANG = _listed("sick, wicked, mad, insane, crazy, killer, unreal")
_DID_IT = _listed(
    "killing, killed, smashing, smashed, nailing, nailed, bossing, bossed, slaying, "
    "slayed, acing, aced, rocking, rocked, storming, stormed, owning, owned"
)
_LAUGHS = _listed("funny, hilarious, lol, lmao, haha, hahaha")
_GAP = r"[^a-z0-9]+"
_END = "(?![a-z0-9])"
_SENTENCE = r"[^.!?\n]{0,80}?"


def _any(phrases: Iterable[str]) -> str:
    return "(?:" + "|".join(_GAP.join(map(re.escape, p.split())) for p in phrases) + ")"


def _first(phrases: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({p.split()[0] for p in phrases}))


_KILLS_ME = rf"kill(?:ing|ed|s){_GAP}me{_END}"
_LAUGHTER = rf"(?:{_any(_LAUGHS)}{_END}|laugh|\U0001f602|\U0001f923)"
_AWAY = _any(_listed("over, into, against, across, at, with, up, off, down, out"))
_DIED = _listed("died, dying, dead, cried, crying")
_PRAISED = POSITIVE_WORDS + PRAISE_NOUNS
_SHAME = rf"(?:(?:real|great|crying|big){_GAP})?shame{_END}(?!{_GAP}on{_END})"
# Parents tell the school a child is ill: "off sick", "was sick in the
# night", "feeling sick", "a sickness bug", "lots of sick kids". Not "sick of
# this", "sick in the head" or "you make me sick", which stay as written.
_FELL_ILL = _listed(
    "was, were, been, being, feel, feels, feeling, felt, got, gets, getting, went, "
    "came, come, off, home, still"
)
_ILL_NOUNS = _listed(
    "bug, bugs, note, day, days, leave, bowl, bag, child, children, kid, kids, pupil, "
    "pupils, list, room, bay, tummy, stomach"
)
_NOT_ILL = rf"(?!{_GAP}(?:of|in{_GAP}the{_GAP}head|to{_GAP}death|and{_GAP}twisted){_END})"
_QUALIFIED = rf"(?:(?:really|very|quite|a{_GAP}bit|a{_GAP}little|so|too|home|off){_GAP})?"
# Mild swearing as an intensifier of a plain state ("bloody freezing on the
# touchline", "flipping exhausted"); before anything else ("bloody useless",
# "damn you") it stays as written.
_SWEAR_INTENSIFIERS = _listed(
    "bloody, damn, damned, flipping, flippin, freaking, frickin, effing, blooming"
)
_PLAIN_STATES = _listed(
    "freezing, cold, hot, boiling, roasting, baking, wet, soaked, soaking, drenched, "
    "muddy, windy, rainy, sunny, tired, knackered, exhausted, shattered, early, late, "
    "long, busy, hard, difficult, tough, brave, lucky, quick, fast, loud, noisy, "
    "emotional, nervous, excited, expensive, cheap, heavy, big, huge, tiny, full, "
    "packed, crowded, hungry, starving, sore, dark, slippery, icy, steep, close"
)
# "The head gave a lovely speech": at a school "head" is the head teacher,
# though a model trained on tweets reads it otherwise. Not "in the head",
# "on the head" or "head of hair", which stay as written.
_ROLES = (
    rf"(?:head{_GAP}teachers?|headteachers?|headmaster|headmistress|"
    rf"(?:deputy|assistant|executive|acting){_GAP}heads?|"
    rf"head{_GAP}of{_GAP}(?:year|school|department|key{_GAP}stage|ks\d|infants|juniors)){_END}"
)
_NOT_A_HEAD_TEACHER = (
    rf"(?!{_GAP}(?:of|in|off|over|on|up|down|first|lice|injury|injuries|butt\w*){_END})"
)
_THE_HEAD = (
    r"(?<!\bin )(?<!\bon )(?<!\bover )(?<!\boff )(?<!\bround )(?<!\bby )"
    rf"(?:the|our|new|acting|your|their){_GAP}(?P<word>heads?){_END}{_NOT_A_HEAD_TEACHER}"
)
#: How parents praise a performance in British idiom.
_SHOW_STOPPERS = (
    rf"st(?:ole|eal|eals|ealing){_GAP}the{_GAP}show{_END}",
    rf"br(?:ought|ing|ings|inging){_GAP}the{_GAP}house{_GAP}down{_END}",
    rf"bl(?:ew|ow|ows|owing){_GAP}the{_GAP}roof{_GAP}off{_END}",
    rf"(?:(?:was|were|is|what){_GAP})a{_GAP}(?:(?:real|right|total|proper){_GAP})?scream{_END}",
)
#: The built-in idioms: (first words, category, pattern). A pattern is tried
#: where one of its first words starts; its group `word`, or else the whole
#: match, is what `neutralise` replaces.
DEFAULT_IDIOMS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    # "bloody brilliant", "damn good job", "crazy good", "dead proud"
    (
        _INTENSIFIERS,
        "praise",
        rf"{_any(_INTENSIFIERS)}(?={_GAP}{_any(POSITIVE_WORDS)}{_END})",
    ),
    # "sick performance", "wicked assembly", "mad skills"
    (_SLANG, "praise", rf"{_any(_SLANG)}(?={_GAP}{_any(PRAISE_NOUNS)}{_END})"),
    # "that was insane, well done" and "well done, that was insane"
    (
        _SLANG,
        "praise",
        rf"{_any(_SLANG)}{_END}(?={_SENTENCE}\b{_any(PRAISE_MARKERS)}{_END})",
    ),
    (
        _first(PRAISE_MARKERS),
        "praise",
        rf"{_any(PRAISE_MARKERS)}{_SENTENCE}\b(?P<word>{_any(_SLANG)}){_END}",
    ),
    # "killed it on stage", "smashed it", but not "smashed it over his head"
    (_DID_IT, "praise", rf"{_any(_DID_IT)}{_GAP}it{_END}(?!{_GAP}{_AWAY}{_END})"),
    # "died laughing", and "killing me" where the sentence is about laughing
    (
        _DIED,
        "praise",
        rf"{_any(_DIED)}{_GAP}(?:(?:of|with|from){_GAP})?laugh(?:ing|ter){_END}",
    ),
    (("killing", "killed", "kills"), "praise", rf"{_KILLS_ME}(?={_SENTENCE}{_LAUGHTER})"),
    (_LAUGHS, "praise", rf"{_any(_LAUGHS)}{_END}{_SENTENCE}(?P<word>{_KILLS_ME})"),
    # "hell of a result"
    (("hell",), "praise", rf"hell{_GAP}of{_GAP}an?(?={_GAP}{_any(_PRAISED)}{_END})"),
    # "such a shame the fete was rained off", but not "shame on you" or "Shame."
    (("such", "what", "a"), "regret", rf"(?:(?:such|what){_GAP})?a{_GAP}{_SHAME}"),
    # "off sick", "was sick in the night", "feeling sick", "went home sick"
    (
        _FELL_ILL,
        "illness",
        rf"{_any(_FELL_ILL)}{_GAP}{_QUALIFIED}(?P<word>sick){_END}{_NOT_ILL}",
    ),
    # "the head teacher", "our head", "head of year 6"
    (("head", "headteacher", "headteachers", "headmaster", "headmistress"), "role", _ROLES),
    (("deputy", "assistant", "executive", "acting"), "role", _ROLES),
    (("the", "our", "new", "acting", "your", "their"), "role", _THE_HEAD),
    # "bloody freezing", "flipping exhausted"
    (
        _SWEAR_INTENSIFIERS,
        "idiom",
        rf"{_any(_SWEAR_INTENSIFIERS)}(?={_GAP}{_any(_PLAIN_STATES)}{_END})",
    ),
    # "a cracking speech" (not "cracking down"), "stole the show", "a scream"
    (("cracking",), "praise", rf"cracking(?={_GAP}[a-z])(?!{_GAP}down{_END})"),
    (("stole", "steal", "steals", "stealing"), "praise", _SHOW_STOPPERS[0]),
    (("brought", "bring", "brings", "bringing"), "praise", _SHOW_STOPPERS[1]),
    (("blew", "blow", "blows", "blowing"), "praise", _SHOW_STOPPERS[2]),
    (("was", "were", "is", "what"), "praise", _SHOW_STOPPERS[3]),
    # "a sickness bug", "sick kids", "a sick note"
    (("sickness",), "illness", rf"sickness{_END}"),
    (("sick",), "illness", rf"sick(?={_GAP}{_any(_ILL_NOUNS)}{_END})"),
)


# Masked swearing ("f***", "sh*t", "b*******") and the raised middle finger
# read as offensive to people even though no word model sees them.
_MASKED = re.compile(r"(?<![\w*])[a-z]{1,4}\*+[a-z]*(?![\w*])|\U0001f595+", re.IGNORECASE)
_WILDCARD = r"(?:[^a-z0-9]+[a-z0-9']+){1,3}"


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """One phrase found in a text."""

    category: str
    text: str
    span: tuple[int, int]

    def finding(self) -> TextFinding:
        """Return this hit as a plain `TextFinding`."""
        kind = "offensive" if self.category in SAFEGUARDING_CATEGORIES | {"insult"} else "other"
        reason = f"{_LABELS.get(self.category, self.category)}: \u201c{self.text}\u201d"
        return TextFinding(f"phrases.{self.category}", kind, reason, self.span)


_LABELS = {
    "threat": "Threatening language",
    "self_harm": "Talk of self-harm",
    "bullying": "Bullying language",
    "insult": "Insulting language",
    "praise": "Praise, not abuse",
    "regret": "Regret, not abuse",
    "illness": "Illness, not abuse",
    "idiom": "A figure of speech, not abuse",
    "role": "The head teacher, not abuse",
}


class PhraseList:
    """A compiled set of phrase categories, built once and reused.

    Each phrase's first word goes into one Aho-Corasick automaton; only where
    a first word occurs is that phrase's own pattern tried, so the cost grows
    with the text, not with the number of phrases.
    """

    def __init__(
        self,
        phrases: Mapping[str, Iterable[str]],
        *,
        idioms: Iterable[tuple[Iterable[str], str, str]] = (),
    ):
        starts: dict[str, list[tuple[str, re.Pattern[str]]]] = defaultdict(list)
        for category, words in phrases.items():
            for phrase in sorted(set(words), key=len, reverse=True):
                tokens = re.findall(r"[a-z0-9']+|\*", fold(phrase))
                if tokens and tokens[0] != "*":
                    pattern = re.compile(_phrase_pattern(tokens) + "(?![a-z0-9])")
                    for first in {tokens[0], tokens[0].replace("'", "")}:
                        starts[first].append((category, pattern))
        # After the phrases: where both start at one word, a phrase wins.
        for firsts, category, regex in idioms:
            compiled = re.compile(regex)
            for first in firsts:
                starts[first].append((category, compiled))
        self._categories = tuple(phrases)
        self._searchable = bool(starts)
        self._automaton = ahocorasick.Automaton()
        for first, entries in starts.items():
            self._automaton.add_word(first, (first, tuple(entries)))
        if starts:
            self._automaton.make_automaton()

    @property
    def categories(self) -> tuple[str, ...]:
        return self._categories

    def find(self, text: str) -> list[PhraseHit]:
        """Return every phrase in `text`, with masked swearing as `insult`.

        A phrase found inside a longer one of its category ("a shame" in
        "such a shame") is not returned again.
        """
        hits = {(hit.category, hit.span[0]): hit for hit in self._hits(text, fold(text))}
        found = list(hits.values())
        found += [PhraseHit("insult", m.group(), m.span()) for m in _MASKED.finditer(text)]
        found.sort(key=lambda h: h.span)
        return [hit for hit in found if not _inside_another(hit, found)]

    def _hits(self, text: str, folded: str) -> Iterator[PhraseHit]:
        if not self._searchable:
            return
        for end, (first, entries) in self._automaton.iter(folded):
            start = end - len(first) + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            for category, pattern in entries:
                match = pattern.match(folded, start)
                if match:
                    # An idiom's group `word` marks the words it is about.
                    begin, stop = match.span("word" if pattern.groupindex else 0)
                    yield PhraseHit(category, text[begin:stop], (begin, stop))
                    break


def _inside_another(hit: PhraseHit, found: list[PhraseHit]) -> bool:
    start, end = hit.span
    return any(
        other is not hit
        and other.category == hit.category
        and other.span[0] <= start
        and end <= other.span[1]
        for other in found
    )


def phrase_list(extra: Mapping[str, Iterable[str]] | None = None) -> PhraseList:
    """Return the default phrases and idioms plus a school's own `extra` phrases."""
    if not extra:
        return _default_list()
    merged = {category: list(words) for category, words in DEFAULT_PHRASES.items()}
    for category, words in extra.items():
        merged.setdefault(category, []).extend(words)
    return PhraseList(merged, idioms=DEFAULT_IDIOMS)


@lru_cache(maxsize=1)
def _default_list() -> PhraseList:
    return PhraseList(DEFAULT_PHRASES, idioms=DEFAULT_IDIOMS)


def neutralise(text: str, hits: Iterable[PhraseHit]) -> str:
    """Return `text` with each harmless hit (praise, regret, illness, idiom, role) glossed.

    A hit that overlaps a threat, insult or any other phrase stays as
    written: praise never hides abuse said in the same words.
    """
    found = sorted(hits, key=lambda h: h.span)
    kept = [h.span for h in found if h.category not in GLOSSES]
    parts: list[str] = []
    done = 0
    for hit in found:
        start, end = hit.span
        if hit.category not in GLOSSES or start < done:
            continue
        if any(start < k_end and k_start < end for k_start, k_end in kept):
            continue
        parts += [text[done:start], GLOSSES[hit.category]]
        done = end
    return "".join(parts) + text[done:] if parts else text


def _phrase_pattern(tokens: list[str]) -> str:
    parts: list[str] = []
    for word in tokens:
        if word == "*":
            parts.append(_WILDCARD)
            continue
        if parts:
            parts.append(_GAP)
        parts.append(re.escape(word).replace("'", "'?"))
    return "".join(parts)
