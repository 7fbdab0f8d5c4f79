"""Random and hostile text never breaks detection, and evidence always lies in the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coach.analysis import Analyzer
from coach.errors import CoachError
from coach.nlp.detection import Detection

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE_CHARS = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
    "\ufeff",  # byte order mark
    "\u00a0",  # no-break space
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\u0000",
    "\u0007",
    "\u001b",
    "\u007f",
    "\x85",
    "\r",
    "\n",
    "\t",
    "\v",
    "\f",
    "\ud7ff",
    "\U0001f600",  # 😀
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # family (ZWJ sequence)
    "\U0001f1ec\U0001f1e7",  # flag
    "\u0301",  # combining acute accent
    "\u05d0\u05d1\u05d2",  # Hebrew
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # Arabic
    "\u4e2d\u6587",  # CJK
    "\u2019",
    "\u2018",
    "“",
    "”",
    "[",
    "]",
    "?",
    "!",
    ".",
    "...",
    "-",
    "—",
    "'",
    '"',
    "(",
    ")",
    ":",
    ";",
    ",",
    "/",
    "@",
    "#",
    "*",
    "%",
]

WORDS = [
    "I",
    "I'd",
    "not",
    "never",
    "no",
    "without",
    "trial",
    "pilot",
    "home",
    "Fridays",
    "commute",
    "kids",
    "could",
    "we",
    "six",
    "weeks",
    "review",
    "concerns",
    "sorry",
    "maybe",
    "or",
    "else",
    "productivity",
    "Slack",
    "every",
    "morning",
    "9",
    "to",
    "5",
    "10:30",
    "13%",
    "Hi",
    "Subject:",
    "thanks",
    "?",
]

hostile_text = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE_CHARS),
        st.sampled_from(WORDS),
        st.text(max_size=12),
        st.just(" "),
    ),
    max_size=60,
).map(" ".join)

long_token = st.builds(
    lambda ch, n, pre, post: pre + ch * n + post,
    st.sampled_from(["a", "x", "?", ".", "-", "😀", "\u200d", "[", "9"]),
    st.integers(min_value=1000, max_value=5000),
    st.sampled_from(["", "I'd like a ", "Could we try "]),
    st.sampled_from(["", " for six weeks?", " trial."]),
)

many_newlines = st.builds(
    lambda lines, sep: sep.join(lines),
    st.lists(st.sampled_from(["", " ", "Hi", "Could we try it for six weeks?", "-"]), max_size=200),
    st.sampled_from(["\n", "\r\n", "\n\n", "\r", "\u2028"]),
)

PUNCTUATION = "?!.,;:-—'\"()[]{}…\u2019“”*/\\|"
lone_punctuation = st.text(alphabet=list(PUNCTUATION), min_size=1, max_size=50)


def check(detection: Detection, text: str, ids: list[str]) -> None:
    assert detection.text == text
    assert list(detection.behaviours) == ids
    for bid, result in detection.behaviours.items():
        assert result.present == bool(result.evidence), bid
        for e in result.evidence:
            assert 0 <= e.start < e.end <= len(text), (bid, e)
            assert text[e.start : e.end] == e.text, (bid, e)


@SETTINGS
@given(text=st.text())
@example(text="")
@example(text="\x00\x01\x02")
@example(text="\u202eI'd like a trial\u202c")
@example(text="a" * 5000)
def test_any_text(analyzer: Analyzer, text: str) -> None:
    check(analyzer.detect(text), text, analyzer.behaviours.ids())


@SETTINGS
@given(text=hostile_text)
@example(text="I\u200d'd like a \u200btrial for six\u00a0weeks?")
@example(text="Hi Sam,\n\n\n\n\n?\n[two] days\n“trial”")
def test_hostile_text(analyzer: Analyzer, text: str) -> None:
    check(analyzer.detect(text), text, analyzer.behaviours.ids())


@SETTINGS
@given(text=st.one_of(long_token, many_newlines, lone_punctuation))
def test_long_tokens_newlines_and_punctuation(analyzer: Analyzer, text: str) -> None:
    check(analyzer.detect(text), text, analyzer.behaviours.ids())


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(hostile_text, min_size=1, max_size=8))
def test_batch_matches_single(analyzer: Analyzer, texts: list[str]) -> None:
    ids = analyzer.behaviours.ids()
    batch = list(analyzer.detect_many(texts))
    assert len(batch) == len(texts)
    for text, detection in zip(texts, batch, strict=True):
        check(detection, text, ids)
        assert detection == analyzer.detect(text)


@pytest.mark.parametrize(
    "text",
    ["\ud800", "I'd like a trial \udcff for six weeks?", "a\udfff\ud83d"],
    ids=["alone", "in-a-sentence", "pair-reversed"],
)
def test_lone_surrogates(analyzer: Analyzer, text: str) -> None:
    """A Python str can hold lone surrogates (JSON escapes, surrogateescape'd stdin).
    Detection must either handle them or refuse them with a clean CoachError."""
    try:
        detection = analyzer.detect(text)
    except CoachError:
        return
    check(detection, text, analyzer.behaviours.ids())
