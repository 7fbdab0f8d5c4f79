"""Better wording built from the user's own words.

Two jobs:

- :func:`words_of` pulls the user's own words out of a reply's evidence: their
  schedule (from ``concrete-schedule``), their metric (``success-measure``), their
  business reason (``business-benefit``) and a length of time (``signal:duration``).
  Rule templates use them as placeholders, so a suggestion says "try Mondays and
  Wednesdays for six weeks", not a canned sentence.
- :func:`combined_rewrite` rebuilds the whole reply once, applying every miss: swap
  tables (hedges made direct, vague frequency made concrete), sentences dropped
  (threats) or moved to the front (the business case), and sentences added at fixed
  slots in the order the domain recommends: business case, the ask, the plan, the
  trial, the question about concerns, thanks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from coach.coaching.formats import SLOTS
from coach.coaching.signals import Sentence
from coach.nlp.detection import Evidence

# ---------------------------------------------------------------------------
# Swaps


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = phrase.strip().split()
    body = r"\s+".join(re.escape(w).replace("'", "['\u2019]") for w in words)
    left = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    right = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    return re.compile(left + body + right, re.IGNORECASE)


@dataclass(frozen=True)
class SwapHit:
    found: str
    replacement: str


def apply_swaps(text: str, swap: Mapping[str, str]) -> tuple[str, list[SwapHit]]:
    """Replace each swap phrase (longest first, case-insensitive, whole words)."""
    hits: list[SwapHit] = []
    for phrase in sorted(swap, key=lambda p: (-len(p), p)):
        pattern = _phrase_pattern(phrase)
        replacement = swap[phrase]

        def sub(match: re.Match[str], replacement: str = replacement) -> str:
            hits.append(SwapHit(match.group(0), replacement))
            return replacement

        text = pattern.sub(sub, text)
    return text, hits


_QUESTION_OPENERS = frozenset(
    [
        "can",
        "could",
        "would",
        "will",
        "do",
        "does",
        "did",
        "is",
        "are",
        "should",
        "may",
        "might",
        "shall",
        "what",
        "which",
        "who",
        "why",
        "how",
        "when",
        "where",
        "have",
        "has",
        "was",
        "were",
        "isn't",
        "aren't",
    ]
)
_LEADING_PUNCT = re.compile(r"^[\s,;:.!?\u2014\u2013-]+")
_DANGLING = re.compile(
    r"^(?:[\s,;:.!?—\u2013-]+|(?:but|and|so|anyway|though)\b[\s,]*)+", re.IGNORECASE
)


def tidy_sentence(text: str, swapped: bool = False) -> str:
    """Clean a sentence: spacing, dangling commas and conjunctions, a capital letter,
    end punctuation. After swaps (``swapped``), a sentence that no longer opens like a
    question ends with a full stop ("I was wondering if I could…?" became "I'd like
    to…")."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    text = re.sub(r"([,;:])\s*([.?!])", r"\2", text)
    text = (_DANGLING if swapped else _LEADING_PUNCT).sub("", text).strip()
    if not re.search(r"\w", text):
        return ""
    text = text[0].upper() + text[1:]
    first = re.split(r"[\s,]", text.lower(), maxsplit=1)[0]
    if swapped and text.endswith("?") and first not in _QUESTION_OPENERS:
        text = text[:-1].rstrip() + "."
    text = re.sub(r"[\s,;:\u2013\u2014-]+$", "", text)
    if not re.search(r"[.?!…\"”)\]]$", text):
        text += "."
    return text


# ---------------------------------------------------------------------------
# The user's own words


_WEEKDAY = (
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?\.?"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
)
_WEEKDAY_RUN = re.compile(
    rf"\b(?:{_WEEKDAY})(?:\s*(?:,|and|&|/|\+|or|,\s*and)\s*(?:{_WEEKDAY}))*\b", re.IGNORECASE
)
_NUMBERISH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|half|a day|a week|fortnight"
    r"|compressed|part-time|fully|mornings?|afternoons?|evenings?|hours?|days?)\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b(?:[01]?\d|2[0-3])(?::[0-5]\d)?(?:\s?[ap]m)?\b(?!\s*(?:%|days?|weeks?))")
_SHIFT = re.compile(r"^(start|finish)\w*\s+(?:at\s+)?(\S+)", re.IGNORECASE)
_NOT_SCHEDULE = re.compile(r"\b(?:try|trial|pilot|review|experiment|test)\b", re.IGNORECASE)
_LEAD_IN = frozenset(
    [
        "review",
        "reviewed",
        "reviewing",
        "track",
        "tracked",
        "tracking",
        "measure",
        "measured",
        "measuring",
        "compare",
        "compared",
        "check",
        "checked",
        "monitor",
        "assess",
        "evaluate",
        "judge",
        "judged",
        "look",
        "score",
        "it",
        "me",
        "us",
        "them",
        "against",
        "on",
        "by",
        "with",
        "using",
        "in",
        "via",
        "from",
        "at",
    ]
)
_PIECES = re.compile(r"\s*(?:[,;]|\band\b|\bthen\b)\s*", re.IGNORECASE)
_BASELINE = re.compile(r"^(?:the\s+)?(?:last|previous|current|before|now)\b", re.IGNORECASE)


_GAP = re.compile(r"^[\w'\u2019-]*(?:\s+[\w'\u2019-]+){0,2}\s*$|^\s*$")


def coalesce(text: str, evidence: Sequence[Evidence]) -> list[Evidence]:
    """Evidence spans joined when only a couple of words (no punctuation) separate
    them: “track”, “ticket”, “turnaround” become “track my ticket turnaround”."""
    out: list[Evidence] = []
    for e in sorted(evidence, key=lambda e: (e.start, e.end)):
        if out and e.start >= out[-1].end and _GAP.match(text[out[-1].end : e.start]):
            start = out[-1].start
            out[-1] = Evidence(start, e.end, text[start : e.end])
        elif out and e.start < out[-1].end:
            start = out[-1].start
            end = max(out[-1].end, e.end)
            out[-1] = Evidence(start, end, text[start:end])
        else:
            out.append(e)
    return out


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def schedule_words(text: str, evidence: Sequence[Evidence]) -> str | None:
    """The arrangement the reply names: a run of weekdays touching the evidence
    ("Mondays and Wednesdays"), else short evidence that looks like a schedule
    ("two days a week", "start at 7:30")."""
    for match in _WEEKDAY_RUN.finditer(text):
        if any(_overlaps(match.span(), (e.start, e.end)) for e in evidence):
            days = re.split(r"\s*(?:,\s*and|,|and|&|/|\+)\s*", match.group(0))
            days = [d for d in days if d]
            return _join(days)
    times = [t for e in evidence for t in _TIME.findall(e.text)]
    if len(times) >= 2:
        article = "an" if times[0].startswith(("8", "11", "18")) else "a"
        return f"{article} {times[0]} to {times[1]} day"
    for e in evidence:
        shift = _SHIFT.match(" ".join(e.text.split()))
        if shift:
            return f"{shift.group(1).lower()}ing at {shift.group(2)}"
    picked: list[str] = []
    for e in evidence:
        words = " ".join(e.text.split())
        if len(words.split()) > 8 or _NOT_SCHEDULE.search(words):
            continue
        if not _NUMBERISH.search(words):
            continue
        if words.lower() not in (p.lower() for p in picked):
            picked.append(words)
    return _join(picked[:2]) or None


def metric_words(evidence: Sequence[Evidence]) -> str | None:
    """What results are measured by ("the sprint goals", "my ticket turnaround"):
    the longest piece of the evidence once the measuring verbs ("track", "judge me
    on", "review it against") and baselines ("with last quarter") are taken out."""
    best: str | None = None
    for e in evidence:
        for piece in _PIECES.split(" ".join(e.text.split())):
            tokens = piece.strip(" ,.;:").split()
            while tokens and tokens[0].lower() in _LEAD_IN:
                tokens.pop(0)
            words = " ".join(tokens)
            if not tokens or len(tokens) > 8 or _BASELINE.match(words):
                continue
            if best is None or len(words) > len(best):
                best = words
    return best


def sentence_with(sentences: Sequence[Sentence], evidence: Sequence[Evidence]) -> str | None:
    """The first sentence holding any of the evidence, tidied."""
    for s in sentences:
        if any(_overlaps((s.start, s.end), (e.start, e.end)) for e in evidence):
            return tidy_sentence(s.text)
    return None


@dataclass(frozen=True)
class ReplyWords:
    """The user's own words, ready for placeholders (``None`` when not found)."""

    reason: str | None = None
    schedule: str | None = None
    metric: str | None = None
    duration: str | None = None

    def or_else(self, other: ReplyWords) -> ReplyWords:
        return ReplyWords(
            self.reason or other.reason,
            self.schedule or other.schedule,
            self.metric or other.metric,
            self.duration or other.duration,
        )


def words_of(
    text: str,
    sentences: Sequence[Sentence],
    evidence: Mapping[str, Sequence[Evidence]],
) -> ReplyWords:
    """Pull the reply's own words out of its evidence (behaviours and ``signal:`` ids)."""
    durations = evidence.get("signal:duration", ())
    return ReplyWords(
        reason=sentence_with(sentences, evidence.get("business-benefit", ())),
        schedule=schedule_words(text, evidence.get("concrete-schedule", ())),
        metric=metric_words(coalesce(text, evidence.get("success-measure", ()))),
        duration=" ".join(durations[0].text.split()) if durations else None,
    )


# ---------------------------------------------------------------------------
# The combined rewrite


@dataclass(frozen=True)
class Edit:
    """What one miss does to the whole reply."""

    evidence: tuple[Evidence, ...]
    swap: Mapping[str, str]
    drop: bool = False
    move_first: bool = False
    add: str | None = None  # already rendered
    at: str = "close"


_GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|dear|morning|good (?:morning|afternoon|evening)|thanks|thank you|"
    r"many thanks)\b",
    re.IGNORECASE,
)
_THANKS = re.compile(r"\b(?:thanks|thank you|appreciate|grateful|cheers)\b", re.IGNORECASE)


def _touches(sentence: Sentence, evidence: Iterable[Evidence]) -> bool:
    return any(_overlaps((sentence.start, sentence.end), (e.start, e.end)) for e in evidence)


def swapped_sentences(
    sentences: Sequence[Sentence], evidence: Sequence[Evidence], swap: Mapping[str, str]
) -> str | None:
    """The sentences holding ``evidence``, rewritten with ``swap`` (for ``{swapped}``)."""
    out = []
    for s in sentences:
        if _touches(s, evidence):
            text, hits = apply_swaps(s.text, swap)
            tidy = tidy_sentence(text, swapped=bool(hits))
            if tidy:
                out.append(tidy)
    return " ".join(out) or None


def combined_rewrite(
    sentences: Sequence[Sentence], edits: Sequence[Edit], last: Sequence[Evidence] = ()
) -> str | None:
    """The whole reply rewritten with every edit, or ``None`` when nothing changes.

    Trailing sentences that touch ``last`` (the reply's own closing questions: what
    worries you, what would need to change, take your time) stay at the end, after
    the added plan and trial, before any thanks."""
    if not edits or not sentences:
        return None
    kept: list[tuple[Sentence, str]] = []
    moved: list[str] = []
    for s in sentences:
        if any(e.drop and _touches(s, e.evidence) for e in edits):
            continue
        touching = {
            p: r for e in edits if e.swap and _touches(s, e.evidence) for p, r in e.swap.items()
        }
        text, hits = apply_swaps(s.text, touching) if touching else (s.text, [])
        tidy = tidy_sentence(text, swapped=bool(hits))
        if not tidy:
            continue
        if any(e.move_first and _touches(s, e.evidence) for e in edits):
            moved.append(tidy)
        else:
            kept.append((s, tidy))
    opening: list[str] = []
    while kept and _GREETING.match(kept[0][1]) and len(kept[0][1].split()) <= 10:
        opening.append(kept.pop(0)[1])
    closing: list[str] = []
    while kept and _THANKS.search(kept[-1][1]) and len(kept[-1][1].split()) <= 12:
        closing.insert(0, kept.pop()[1])
    questions: list[str] = []
    while kept and _touches(kept[-1][0], last):
        questions.insert(0, kept.pop()[1])
    slots: dict[str, list[str]] = {slot: [] for slot in SLOTS}
    seen: set[str] = set()
    for edit in edits:
        if edit.add and edit.add not in seen:
            seen.add(edit.add)
            slots[edit.at].append(edit.add)
    parts = (
        opening
        + moved
        + slots["open"]
        + [t for _, t in kept]
        + slots["plan"]
        + slots["trial"]
        + slots["concerns"]
        + questions
        + closing
        + slots["close"]
    )
    rewrite = " ".join(p for p in parts if p)
    original = " ".join(tidy_sentence(s.text) for s in sentences)
    if not rewrite or rewrite == original:
        return None
    return rewrite
