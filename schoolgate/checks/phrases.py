"""Phrase lists for what general models miss: threats, self-harm, bullying
and insults, extendable by each school.

A phrase is plain words, matched whole and case-insensitively, with any run
of spaces or punctuation between words (so "k y s" also finds "k.y.s");
`*` stands for one to three words ("beat * up" finds "beat that kid up").
Schools pass their own phrases as data: a mapping from category to phrases,
added to these defaults.

Other categories hold the opposite (see `idioms`): praise and everyday
idiom that models trained on tweets read as abuse ("killed it", "sick
performance", "off sick", "the head"). `neutralise` gives triage the comment
with each of them replaced by a plain gloss, so the models never score "sick"
or "killing" in that sense; a threat or insult in the same comment is kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from schoolgate.checks.base import TextFinding, fold
from schoolgate.checks.idioms import DEFAULT_IDIOMS, GAP, GLOSS_LABELS, GLOSSES

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
    # Praise that means the opposite: the comment is held for a person,
    # never offered for approval as praise.
    "sarcasm": (
        "yeah right",
        "yeah yeah",
        "thanks for nothing",
        "cheers for nothing",
        "well done for nothing",
        "surprise surprise",
        "what a surprise",
        "slow clap",
        "eye roll",
        "rolls eyes",
        "rolling my eyes",
    ),
}


# Masked swearing ("f***", "sh*t", "b*******") and the raised middle finger
# read as offensive to people even though no word model sees them.
_MASKED = re.compile(r"(?<![\w*])[a-z]{1,4}\*+[a-z]*(?![\w*])|\U0001f595+", re.IGNORECASE)
_WILDCARD = r"(?:[^a-z0-9]+[a-z0-9']+){1,3}"
# Marks of sarcasm no word list sees: the eye-roll, unamused and facepalm
# emoji, a closing "/s", and a closing "NOT" ("Well done, school. NOT!",
# "Lovely... not", "Lovely. Not.").
_SARCASM_MARKS = re.compile(
    r"[\U0001f644\U0001f612\U0001f926]|(?<!\w)/s\W*$|(?<!\w)NOT\W*$|(?:\.\.\.|\u2026)\s*not\W*$"
    r"|(?<=[.!,])\s*(?i:not)[.!]*\s*$"
)


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
    "sarcasm": "Sounds sarcastic, so not praise",
    **GLOSS_LABELS,
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
        """Return every phrase in `text`, with masked swearing as `insult`
        and sarcastic emoji and endings as `sarcasm`.

        A phrase found inside a longer one of its category ("a shame" in
        "such a shame") is not returned again.
        """
        hits = {(hit.category, hit.span[0]): hit for hit in self._hits(text, fold(text))}
        found = list(hits.values())
        found += [PhraseHit("insult", m.group(), m.span()) for m in _MASKED.finditer(text)]
        marks = _SARCASM_MARKS.finditer(text)
        found += [PhraseHit("sarcasm", m.group().strip(), m.span()) for m in marks]
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
            parts.append(GAP)
        parts.append(re.escape(word).replace("'", "'?"))
    return "".join(parts)
