"""Harmless words that models trained on tweets read as abuse, and their glosses.

Praise idiom ("killed it", "sick performance", "bloody brilliant"), regret
("such a shame"), illness ("off sick"), mild swearing about the weather
("bloody freezing") and the school's own words ("the head") are found in
context by `PhraseList`, like any phrase; `neutralise` then gives the models
the comment with each replaced by its plain gloss. Each idiom is a regular
expression tried only where one of its first words occurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: Harmless categories and the plain word `neutralise` puts in their place.
#: A school may add its own phrases to them like any other category.
GLOSSES: Mapping[str, str] = {
    "praise": "brilliant",
    "regret": "unfortunately",
    "illness": "unwell",
    "idiom": "very",
    "role": "principal",
}
#: How a finding of each harmless category is worded.
GLOSS_LABELS: Mapping[str, str] = {
    "praise": "Praise, not abuse",
    "regret": "Regret, not abuse",
    "illness": "Illness, not abuse",
    "idiom": "A figure of speech, not abuse",
    "role": "The head teacher, not abuse",
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
#: Any run of spaces or punctuation between two words.
GAP = r"[^a-z0-9]+"
_GAP = GAP
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
