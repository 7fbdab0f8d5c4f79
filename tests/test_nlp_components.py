"""The contracts of coach's own spaCy components and of the Detection result."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from coach.analysis import Analyzer
from coach.content.behaviours import BehaviourSet
from coach.nlp.components import CUES_KEY, is_question_sentence
from coach.nlp.detection import Detection, detect_behaviours, normalise

SPEC_IDS = {
    "business-benefit",
    "leads-with-business",
    "personal-reason",
    "trial-proposal",
    "concern-question",
    "communication-plan",
    "success-measure",
    "concrete-schedule",
    "evidence",
    "flexibility-offer",
    "track-record",
    "hedging",
    "ultimatum",
    "personal-only",
}


@pytest.fixture(scope="module")
def nlp(analyzer: Analyzer) -> Language:
    return analyzer.nlp


def parse(nlp: Language, text: str) -> Doc:
    return nlp(normalise(text).text)


def negated_words(doc: Doc) -> set[str]:
    return {t.lower_ for t in doc if t._.coach_negated}


def token(doc: Doc, word: str) -> object:
    matches = [t for t in doc if t.lower_ == word]
    assert matches, f"{word!r} not in {doc.text!r}"
    return matches[0]


def is_negated(doc: Doc, word: str) -> bool:
    return bool(token(doc, word)._.coach_negated)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# The pipeline itself


def test_pipeline_has_coach_components_in_order(nlp: Language) -> None:
    names = nlp.pipe_names
    coach = [n for n in names if n.startswith("coach_")]
    assert coach == [
        "coach_line_breaks",
        "coach_negation",
        "coach_sentences",
        "coach_cues",
        "coach_behaviours",
    ]
    # The line-break sentencizer must run before the parser, which then respects it.
    assert names.index("coach_line_breaks") < names.index("parser")
    assert names.index("coach_negation") > names.index("parser")


def test_cue_spans_go_to_doc_spans(nlp: Language) -> None:
    doc = parse(nlp, "Could we run it as a six-week pilot and review it after a month?")
    assert CUES_KEY in doc.spans
    assert all(isinstance(s, Span) and s.label_ for s in doc.spans[CUES_KEY])
    assert doc._.coach_behaviours is not None
    assert doc._.coach_behaviours["trial-proposal"]


# ---------------------------------------------------------------------------
# Negation


def test_negated_verb_marks_its_object(nlp: Language) -> None:
    doc = parse(nlp, "I'm not proposing a trial.")
    assert is_negated(doc, "trial")
    assert is_negated(doc, "proposing")


def test_plain_statement_is_not_negated(nlp: Language) -> None:
    doc = parse(nlp, "I'd like a trial.")
    assert negated_words(doc) == set()


def test_never_marks_what_follows(nlp: Language) -> None:
    doc = parse(nlp, "It was never about my kids.")
    assert is_negated(doc, "kids")


@pytest.mark.parametrize(
    ("text", "negated", "free"),
    [
        # conj: a second clause joined by "and" / "but" keeps its own polarity
        ("I don't drive and I'd like a trial.", "drive", "trial"),
        ("I'm not asking for much, but I'd like a trial.", "much", "trial"),
        # advcl: a "because" clause hanging off the negated verb is not negated
        ("I don't want to commute, because the trial would help my kids.", "commute", "kids"),
    ],
    ids=["conj-and", "conj-but", "advcl-because"],
)
def test_negation_does_not_leak_into_other_clauses(
    nlp: Language, text: str, negated: str, free: str
) -> None:
    doc = parse(nlp, text)
    assert is_negated(doc, negated)
    assert not is_negated(doc, free), f"negation leaked into {free!r}: {negated_words(doc)}"


def test_negated_belief_verb_reaches_its_clause(nlp: Language) -> None:
    doc = parse(nlp, "I don't think we need a trial.")
    assert is_negated(doc, "trial")


def test_without_negates_its_object(nlp: Language) -> None:
    doc = parse(nlp, "Without the commute I'd be online at 8.")
    assert is_negated(doc, "commute")
    assert not is_negated(doc, "online")


def test_negation_is_per_document(nlp: Language) -> None:
    """The extension is set per doc; a negated doc must not leave marks on the next one."""
    parse(nlp, "I'm not proposing a trial.")
    doc = parse(nlp, "I'm proposing a trial.")
    assert not is_negated(doc, "trial")


def test_negated_trial_is_not_a_trial_proposal(analyzer: Analyzer) -> None:
    assert not analyzer.detect("I'm not proposing a trial.").behaviours["trial-proposal"].present
    assert (
        analyzer.detect("Could we run it as a six-week pilot?").behaviours["trial-proposal"].present
    )


# ---------------------------------------------------------------------------
# Questions


def sentence_flags(nlp: Language, text: str) -> list[tuple[str, bool]]:
    doc = parse(nlp, text)
    starts: set[int] = doc._.coach_question_starts
    flags = []
    for sent in doc.sents:
        assert is_question_sentence(sent) == (sent.start in starts)
        assert sent._.coach_is_question == (sent.start in starts)
        flags.append((sent.text.strip(), sent.start in starts))
    return flags


@pytest.mark.parametrize(
    "text",
    [
        "Could we try it for six weeks?",
        "How about Fridays?",
        "What would worry you about this?",
        # chat questions without the mark
        "can i wfh on fridays",
        "do you have any concerns",
        "would that work for you",
        "what would worry you about this",
        "Is that ok",
    ],
)
def test_questions_are_marked(nlp: Language, text: str) -> None:
    assert sentence_flags(nlp, text) == [(text, True)]


@pytest.mark.parametrize(
    "text",
    [
        "I can work from home on Fridays.",
        "I work from home on Fridays",
        "We could review it after a month.",
        "What worries me is the commute.",
        "I'd like two days at home a week.",
    ],
)
def test_statements_are_not_questions(nlp: Language, text: str) -> None:
    assert sentence_flags(nlp, text) == [(text, False)]


def test_questions_are_marked_per_sentence(nlp: Language) -> None:
    flags = sentence_flags(nlp, "I'd like Fridays at home. Would that work for you? I think so.")
    assert flags == [
        ("I'd like Fridays at home.", False),
        ("Would that work for you?", True),
        ("I think so.", False),
    ]


def test_question_starts_is_always_a_set(nlp: Language) -> None:
    doc = parse(nlp, "")
    assert doc._.coach_question_starts == set()
    assert doc._.coach_first_substantive is None


# ---------------------------------------------------------------------------
# The first substantive sentence


def first_substantive(nlp: Language, text: str) -> str | None:
    doc = parse(nlp, text)
    first: Span | None = doc._.coach_first_substantive
    return None if first is None else first.text.strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hi Sam,\nThanks for making time today.\nI'd like to work from home on Fridays.",
            "I'd like to work from home on Fridays.",
        ),
        (
            "Hi Sam, thanks for making time today. I'd like to work from home on Fridays.",
            "I'd like to work from home on Fridays.",
        ),
        (
            "Subject: Remote work proposal\nI'd like to work from home on Fridays.",
            "I'd like to work from home on Fridays.",
        ),
        (
            "I understand. The backlog would clear faster if I worked from home.",
            "The backlog would clear faster if I worked from home.",
        ),
        (
            "Hi Sam,\n\nThanks for making time today.\n\nSubject: hybrid\n\n"
            "I understand.\nMy commute is long.",
            "My commute is long.",
        ),
        ("Got a minute? I want Fridays at home.", "I want Fridays at home."),
        ("My commute is long. I understand.", "My commute is long."),
    ],
    ids=[
        "greeting-lines",
        "greeting-inline",
        "subject-line",
        "i-understand",
        "all",
        "got-a-minute",
        "first-is-content",
    ],
)
def test_first_substantive_sentence(nlp: Language, text: str, expected: str) -> None:
    assert first_substantive(nlp, text) == expected


@pytest.mark.parametrize("text", ["Thanks.", "Hello!", "Hi Sam,\n\nThanks for making time today."])
def test_no_substantive_sentence(nlp: Language, text: str) -> None:
    assert first_substantive(nlp, text) is None


def test_leads_with_business_looks_past_the_greeting(analyzer: Analyzer) -> None:
    text = (
        "Hi Ana, thanks for the time.\n"
        "Working from home on Tuesdays would let me clear the review queue a day sooner."
    )
    detection = analyzer.detect(text)
    assert detection.behaviours["leads-with-business"].present
    personal_first = "Hi Tom,\nMy commute is awful. Remote work would also boost my output."
    assert not analyzer.detect(personal_first).behaviours["leads-with-business"].present


# ---------------------------------------------------------------------------
# Line breaks


@pytest.mark.parametrize(
    "text",
    [
        "Hi Sam\nI would like to work from home on Fridays\nthe team would gain a quiet day",
        "Proposal\n- two days at home a week\n- daily check-ins on Slack\n- review after a month",
        "Dear Sam,\r\nI'd like Fridays at home.\r\n\r\nBest, Kim",
    ],
    ids=["plain", "bullets", "crlf"],
)
def test_line_breaks_start_sentences(nlp: Language, text: str) -> None:
    doc = parse(nlp, text)
    starts = {s.start for s in doc.sents}
    for i, tok in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if ("\n" in tok.text or "\n" in tok.whitespace_) and not nxt.is_space:
            assert nxt.i in starts, f"{nxt.text!r} after a line break does not start a sentence"


def test_sentence_never_spans_a_line_break(nlp: Language) -> None:
    doc = parse(nlp, "Subject: Remote Fridays\nHi Sam\nI'd like to work from home on Fridays.")
    for sent in doc.sents:
        assert "\n" not in sent.text.strip(), sent.text


# ---------------------------------------------------------------------------
# Evidence offsets


def assert_evidence_inside(detection: Detection) -> None:
    text = detection.text
    for bid, result in detection.behaviours.items():
        assert result.present == bool(result.evidence), bid
        previous_end = -1
        for e in result.evidence:
            assert 0 <= e.start < e.end <= len(text), (bid, e)
            assert text[e.start : e.end] == e.text, (bid, e)
            # merged: sorted, neither overlapping nor touching
            assert e.start > previous_end, f"{bid}: evidence not merged: {result.evidence}"
            previous_end = e.end


QUOTE_SWAPS = {"\u2019": "'", "\u2018": "'", "“": '"', "”": '"', "\u2032": "'"}


def test_normalise_maps_offsets_back_to_the_original() -> None:
    text = (
        "I\u2019d say “yes” to [two] days, wouldn\u2019t you? "
        "[Manager name] \u2018Maybe\u2019 5\u2032"
    )
    normal = normalise(text)
    assert normal.original == text
    assert "\u2019" not in normal.text and "“" not in normal.text
    previous = -1
    for i, char in enumerate(normal.text):
        start, end = normal.to_original(i, i + 1)
        assert end == start + 1
        assert start > previous  # order is kept
        previous = start
        assert QUOTE_SWAPS.get(text[start], text[start]) == char
    # a span maps to the original span, placeholder brackets included
    i = normal.text.index("two days")
    start, end = normal.to_original(i, i + len("two days"))
    assert text[start:end] == "two] days"
    i = normal.text.index("Manager name")
    start, end = normal.to_original(i, i + len("Manager name"))
    assert text[start:end] == "Manager name"


def test_normalise_without_placeholders_keeps_offsets() -> None:
    text = "I\u2019d like a “trial”."
    normal = normalise(text)
    assert len(normal.text) == len(text)
    assert normal.to_original(4, 9) == (4, 9)


CURLY = (
    "Hi [Manager name],\n\n"
    "I\u2019m writing to propose working from home on [Tuesdays and Thursdays]. "
    "I\u2019d post a “daily update” in Slack every morning. "
    "Could we run it as a [six]-week pilot and review it after a month?"
)


def test_evidence_offsets_point_into_the_original_text(analyzer: Analyzer) -> None:
    detection = analyzer.detect(CURLY)
    assert detection.text == CURLY
    assert_evidence_inside(detection)
    trial = detection.behaviours["trial-proposal"]
    assert trial.present
    assert any("pilot" in e.text for e in trial.evidence)
    # the original characters come back, placeholders and curly quotes included
    everything = "".join(e.text for r in detection.behaviours.values() for e in r.evidence)
    assert "“" in everything or "[" in everything


def test_curly_and_straight_quotes_give_the_same_offsets(analyzer: Analyzer) -> None:
    straight = CURLY.translate(str.maketrans("\u2019“”", '\'""'))
    curly_result = analyzer.detect(CURLY)
    straight_result = analyzer.detect(straight)
    for bid in curly_result.behaviours:
        a = curly_result.behaviours[bid]
        b = straight_result.behaviours[bid]
        assert a.present == b.present, bid
        assert [(e.start, e.end) for e in a.evidence] == [(e.start, e.end) for e in b.evidence]


def test_evidence_spans_are_merged(analyzer: Analyzer) -> None:
    text = (
        "I'd post a short update in the team channel every afternoon and keep my "
        "calendar open from 10 to 4, with a weekly check-in on Mondays."
    )
    detection = analyzer.detect(text)
    assert_evidence_inside(detection)


def test_detect_and_detect_many_agree(analyzer: Analyzer) -> None:
    texts = [
        CURLY,
        "I'd like a trial.",
        "",
        "Sorry to bother you, but could I maybe work from home?",
    ]
    assert list(analyzer.detect_many(texts)) == [analyzer.detect(t) for t in texts]
    assert detect_behaviours(analyzer.nlp, CURLY) == analyzer.detect(CURLY)


# ---------------------------------------------------------------------------
# The Detection result


def test_every_behaviour_is_reported_in_display_order(
    analyzer: Analyzer, behaviours: BehaviourSet
) -> None:
    detection = analyzer.detect("Could I work from home on Fridays?")
    assert list(detection.behaviours) == behaviours.ids()
    assert set(behaviours.ids()) == SPEC_IDS
    assert behaviours.ids()[-1] == "personal-only"
    assert sorted(detection.present() + detection.absent()) == sorted(SPEC_IDS)


def test_empty_text_reports_everything_absent(analyzer: Analyzer) -> None:
    detection = analyzer.detect("")
    assert set(detection.behaviours) == SPEC_IDS
    assert detection.present() == []


def _derived_cases(behaviours: BehaviourSet) -> Iterable[str]:
    yield "My commute is two hours a day and it's wearing me out."
    yield "My commute is long, but I'd clear the backlog faster at home."
    yield "Working from home on Mondays would give me uninterrupted time for the reports."
    yield "I'd like two days at home a week."
    for b in behaviours.behaviours:
        yield from b.spec.examples.present
        yield from b.spec.examples.absent


def test_personal_only_is_derived(analyzer: Analyzer, behaviours: BehaviourSet) -> None:
    texts = list(_derived_cases(behaviours))
    seen_true = seen_false = False
    for detection in analyzer.detect_many(texts):
        r = detection.behaviours
        expected = r["personal-reason"].present and not r["business-benefit"].present
        assert r["personal-only"].present == expected, detection.text
        if expected:
            assert r["personal-only"].evidence == r["personal-reason"].evidence
            seen_true = True
        else:
            assert r["personal-only"].evidence == ()
            seen_false = True
    assert seen_true and seen_false
