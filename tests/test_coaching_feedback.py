"""Feedback on single replies: ranking, filters, suggestions built from the user's own
words, the combined rewrite, topics, signals and email mode."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.analysis import Analyzer
from coach.coaching import Coach, Feedback, Finding, ReplyContext
from coach.coaching.email import email_body
from coach.coaching.placeholders import TemplateError, parse_template, render_template
from coach.coaching.rewrite import apply_swaps, tidy_sentence
from coach.nlp.detection import Evidence

PACKAGE = Path(__file__).resolve().parent.parent / "coach" / "coaching"
WEAK = "sorry, I was just wondering if maybe I could work from home sometimes"


@pytest.fixture(scope="module")
def coach() -> Coach:
    return Coach.load()


@pytest.fixture(scope="module")
def feedback_for(analyzer: Analyzer, coach: Coach):  # type: ignore[no-untyped-def]
    def run(text: str, **context: object) -> Feedback:
        earlier = tuple(analyzer.detect(t) for t in context.pop("earlier", ()))  # type: ignore[union-attr]
        ctx = ReplyContext(earlier=earlier, **context)  # type: ignore[arg-type]
        return coach.feedback(analyzer.detect(text), ctx)

    return run


def suggestion_of(feedback: Feedback, rule_id: str) -> str:
    found = [f for f in feedback.findings if f.rule_id == rule_id]
    assert found, f"{rule_id} did not fire: {[f.rule_id for f in feedback.findings]}"
    assert found[0].suggestion
    return found[0].suggestion


# ---------------------------------------------------------------------------
# The "done when": a weak reply after pushback


def test_weak_reply_after_pushback_gets_ranked_specific_feedback(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(WEAK, situation="pushback-office")
    top = feedback.top()
    assert [f.rule_id for f in top] == ["ask-concerns", "no-hedging", "name-a-schedule"]
    assert all(f.level == "warning" for f in top)
    hedging = top[1]
    assert "“sorry”" in hedging.message and "“just wondering if maybe”" in hedging.message
    assert [(e.start, e.end) for e in hedging.evidence] == [(0, 5), (13, 36)]
    assert "“sometimes”" in top[2].message
    assert "“I'd like to work from home on [two set days] a week.”" in (top[2].suggestion or "")
    rewrite = feedback.suggestion
    assert rewrite is not None
    assert rewrite.startswith("I'd like to work from home on [two set days] a week.")
    assert "What worries you most about it?" in rewrite
    assert "sorry" not in rewrite.lower() and "maybe" not in rewrite.lower()
    assert "sometimes" not in rewrite
    assert len(feedback.findings) > 3  # everything is there on request


# ---------------------------------------------------------------------------
# Ranking and filters (no pipeline)


def finding(rule_id: str, level: str) -> Finding:
    return Finding(rule_id, rule_id.title(), level, "message", "why", None, ())


def test_top_select_and_worst() -> None:
    feedback = Feedback(
        (
            finding("b", "blocker"),
            finding("w1", "warning"),
            finding("w2", "warning"),
            finding("t", "tip"),
            finding("p1", "praise"),
            finding("p2", "praise"),
        ),
        "rewrite",
    )
    assert [f.rule_id for f in feedback.top()] == ["b", "w1", "w2"]
    assert [f.rule_id for f in feedback.top(10)] == ["b", "w1", "w2", "t", "p1", "p2"]
    assert [f.rule_id for f in feedback.top(10, min_level="warning")] == [
        "b",
        "w1",
        "w2",
        "p1",
        "p2",
    ]
    assert [f.rule_id for f in feedback.top(10, min_level="blocker", praise=False)] == ["b"]
    assert [f.rule_id for f in feedback.top(10, min_level="praise")] == [
        "b",
        "w1",
        "w2",
        "t",
        "p1",
        "p2",
    ]
    assert feedback.top(0) == ()
    assert feedback.worst() == "blocker"
    assert [f.rule_id for f in feedback.misses] == ["b", "w1", "w2", "t"]
    assert Feedback((finding("p", "praise"),)).worst() is None


def test_real_feedback_is_ranked(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(
        "Either I get remote Fridays or I'm handing in my notice. I need an answer today. "
        "Thanks for listening.",
        situation="pushback-office",
    )
    levels = [f.level for f in feedback.findings]
    order = {"blocker": 0, "warning": 1, "tip": 2, "praise": 3}
    assert levels == sorted(levels, key=order.__getitem__)
    assert feedback.findings[0].rule_id == "no-ultimatum"
    assert "dont-push-for-answer" in [f.rule_id for f in feedback.findings]
    assert feedback.findings[-1].level == "praise"


def test_disabled_rules_do_not_fire(analyzer: Analyzer) -> None:
    coach = Coach.load(disabled=["no-hedging", "ask-concerns"])
    feedback = coach.feedback(analyzer.detect(WEAK), ReplyContext(situation="pushback-office"))
    fired = [f.rule_id for f in feedback.findings]
    assert "no-hedging" not in fired and "ask-concerns" not in fired
    assert fired[0] == "name-a-schedule"
    assert feedback.suggestion and "sorry" in feedback.suggestion.lower()  # no hedging fix


def test_a_strong_reply_gets_praise_and_no_rewrite(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(
        "Working from home on Tuesdays and Thursdays would let me clear the review queue a "
        "day sooner. Priya and Tom on the data team already work from home on Mondays. "
        "Last quarter I shipped all three releases ahead of schedule. "
        "I'd post an update in the team channel every afternoon. "
        "Could we try it for six weeks and then review it against the sprint goals? "
        "What would worry you about it?",
        situation="opening-pitch",
    )
    assert feedback.misses == ()
    assert feedback.suggestion is None
    praised = {f.rule_id for f in feedback.findings}
    assert {"praise-leads-with-business", "praise-trial", "praise-asks-concerns"} <= praised


# ---------------------------------------------------------------------------
# Suggestions built from the reply's own words


def test_trial_suggestion_uses_the_days_and_the_metric(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(
        "I'd like to work from home on Mondays and Wednesdays. We could track my ticket "
        "turnaround and compare it with last quarter.",
        situation="opening-pitch",
    )
    trial = suggestion_of(feedback, "propose-a-trial")
    assert "try Mondays and Wednesdays for [six weeks]" in trial
    assert "against my ticket turnaround" in trial
    assert feedback.suggestion and "Could we try Mondays and Wednesdays" in feedback.suggestion


def test_trial_suggestion_uses_words_from_an_earlier_reply(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(
        "I understand, but I really think it would work.",
        situation="pushback-office",
        earlier=["I'd like two days a week at home, and you can judge me on the sprint goals."],
    )
    trial = suggestion_of(feedback, "propose-a-trial")
    assert "try two days a week for [six weeks]" in trial
    assert "against the sprint goals" in trial


def test_shifted_hours_become_a_trial_of_those_hours(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(
        "I'd like to start at 7:30 and finish at 3:30 so the Sydney team gets answers "
        "before they log off.",
        situation="flex-hours",
    )
    assert "try a 7:30 to 3:30 day for [six weeks]" in suggestion_of(feedback, "propose-a-trial")


def test_buried_business_case_is_quoted_and_moved_first(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(
        "Can I work from home on Fridays? I'd get the reports out a day sooner.",
        situation="opening-pitch",
    )
    lead = next(f for f in feedback.findings if f.rule_id == "lead-with-business")
    assert "“get the reports out a day sooner”" in lead.message
    assert lead.suggestion == "Move it to the front: “I'd get the reports out a day sooner.”"
    assert feedback.suggestion and feedback.suggestion.startswith(
        "I'd get the reports out a day sooner. "
    )
    assert "Can I work from home on Fridays?" in feedback.suggestion


def test_hedged_ask_is_made_direct_in_the_users_words(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(
        "Sorry to bother you, but could I maybe work from home on Tuesdays?",
        situation="opening-pitch",
    )
    hedging = suggestion_of(feedback, "no-hedging")
    assert "“Sorry to bother you” → (leave it out)" in hedging
    assert "“could I maybe” → “could I”" in hedging
    assert hedging.endswith("“Could I work from home on Tuesdays?”")
    assert feedback.suggestion and "Could I work from home on Tuesdays?" in feedback.suggestion
    assert "try Tuesdays for [six weeks]" in suggestion_of(feedback, "propose-a-trial")


def test_vague_schedule_is_made_concrete_in_the_users_sentence(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(
        "Could I work from home sometimes to focus on the audits? I'd finish them a week sooner.",
        situation="opening-pitch",
    )
    schedule = suggestion_of(feedback, "name-a-schedule")
    assert schedule == (
        "Name the days: “Could I work from home on [two set days] a week to focus on the audits?”"
    )


def test_threat_is_dropped_from_the_rewrite(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(
        "Could we try Fridays at home for six weeks? If that's a no, I'll start looking "
        "for something else.",
        situation="opening-pitch",
    )
    assert feedback.findings[0].rule_id == "no-ultimatum"
    rewrite = feedback.suggestion or ""
    assert "looking for something else" not in rewrite
    assert "Could we try Fridays at home for six weeks?" in rewrite
    assert "This matters a lot to me" in rewrite


def test_security_concern_is_named_from_the_managers_words(feedback_for) -> None:  # type: ignore[no-untyped-def]
    feedback = feedback_for(
        "Everyone handles data from home these days.",
        manager_said="You handle client financial data. I'm not comfortable with that "
        "leaving the building.",
    )
    first = feedback.findings[0]
    assert first.rule_id == "address-security"
    assert "data security" in first.message and "“financial data”" in first.message
    fired = {f.rule_id for f in feedback.findings}
    # an answer to a concern is not an opening: no opening advice
    assert not fired & {"give-business-reason", "show-track-record", "name-a-schedule"}


# ---------------------------------------------------------------------------
# Topics and signals


@pytest.mark.parametrize(
    ("line", "topic"),
    [
        ("What happens if your laptop gets hacked at home?", "security"),
        ("Our clients expect to see us face to face.", "clients"),
        ("How will I know what you're working on if I can't see you?", "visibility"),
        ("If I say yes to you, everyone on the team will want the same.", "fairness"),
        ("Leadership wants people back at their desks five days a week.", "policy"),
        ("We'd really prefer to have everyone in the office.", None),
        ("", None),
    ],
)
def test_detect_topic(coach: Coach, analyzer: Analyzer, line: str, topic: str | None) -> None:
    assert coach.detect_topic(analyzer, line) == topic
    assert coach.detect_topic(analyzer.nlp, line) == topic
    assert coach.detect_topic(None, line) == topic


def test_signals_carry_evidence(coach: Coach) -> None:
    text = "Thanks for this. I need an answer today, sometimes I work from home."
    signals = coach.signals(text)
    for sid, words in (("thanks", "Thanks"), ("push-for-answer", "an answer today")):
        assert [text[e.start : e.end] for e in signals[sid]] == [words]
    assert signals["offers-time"] == ()


# ---------------------------------------------------------------------------
# Email mode


EMAIL = """Hi Sam,

Sorry to bother you, I was just wondering if maybe I could work from home on Fridays.
Working from home would let me clear the backlog faster.

Thanks,
Alex Smith
Senior Analyst | Remote Team

On Mon, 3 Mar 2025 at 10:02, Sam Lee <sam@example.com> wrote:
> Could you send me a proposal? I need an answer today.
> Sam
"""


def test_email_body_blanks_quotes_signature_and_greeting() -> None:
    body = email_body(EMAIL)
    assert len(body.text) == len(EMAIL)
    assert body.text.count("\n") == EMAIL.count("\n")
    kept = body.kept
    assert kept.startswith("Sorry to bother you")
    assert kept.endswith("clear the backlog faster. Thanks,")
    for gone in ("Hi Sam", "Alex Smith", "Remote Team", "wrote:", "I need an answer today"):
        assert gone not in body.text
    for start, end in body.ignored:
        assert body.text[start:end].strip() == ""


@pytest.mark.parametrize(
    ("email", "kept", "gone"),
    [
        ("Hello,\n\nCould we try Fridays at home?\n\nBest,\nJo\n", "Could we try", "Jo"),
        ("Could we try Fridays?\n-- \nJo Bloggs\nRemote Ltd\n", "Fridays", "Remote Ltd"),
        ("Could we try Fridays?\n\n> Leadership wants everyone in.\n", "Fridays", "Leadership"),
        (
            "Could we try Fridays?\n\nFrom: Sam Lee\nSent: Monday\nSubject: remote\n\nNo.\n",
            "Fridays",
            "Sam Lee",
        ),
        (
            "Could we try Fridays?\n\nOn Mon, 3 Mar 2025, Sam Lee <sam@example.com>\n"
            "wrote:\n> No.\n",
            "Fridays",
            "Sam Lee",
        ),
        ("Morning meetings are hard for me.\nCould we talk?\n", "Morning meetings", "(nothing)"),
    ],
    ids=["closing", "dashes", "quote-lines", "outlook", "wrapped-wrote", "not-a-greeting"],
)
def test_email_body_cases(email: str, kept: str, gone: str) -> None:
    body = email_body(email)
    assert len(body.text) == len(email)
    assert kept in body.text
    assert gone not in body.text


def test_email_mode_keeps_offsets_into_the_original(analyzer: Analyzer, coach: Coach) -> None:
    body = email_body(EMAIL)
    detection = analyzer.detect(body.text)
    feedback = coach.feedback(detection, ReplyContext())
    hedging = next(f for f in feedback.findings if f.rule_id == "no-hedging")
    assert hedging.evidence
    for e in hedging.evidence:
        assert EMAIL[e.start : e.end] == e.text
    assert "dont-push-for-answer" not in {f.rule_id for f in feedback.findings}
    assert detection.behaviours["business-benefit"].present
    assert "thank-the-manager" not in {f.rule_id for f in feedback.findings}
    assert "praise-thanks" in {f.rule_id for f in feedback.findings}


# ---------------------------------------------------------------------------
# Templates and tidying (no pipeline)


def test_placeholders_and_fallbacks() -> None:
    template = "Could we try {schedule|it} for {duration|[six weeks]}? {quote}"
    assert render_template(template, {"schedule": "Fridays"}) == (
        "Could we try Fridays for [six weeks]?"
    )
    assert render_template(template, {}) == "Could we try it for [six weeks]?"
    with pytest.raises(TemplateError, match="unknown placeholder"):
        parse_template("{schedul}")
    with pytest.raises(TemplateError, match="unbalanced brace"):
        parse_template("{schedule")


def test_conditions_in_words() -> None:
    from coach.coaching.docs import describe
    from coach.conditions import parse_condition

    condition = parse_condition(
        {
            "all": [
                {"behavior": "trial-proposal"},
                {"not": {"ever": "signal:duration"}},
                {"any": [{"situation": "after-no"}, {"situation": "trial-review"}]},
                {
                    "any": [
                        {"topic": "cost"},
                        {"all": [{"turn": {"eq": 1}}, {"not": {"topic": "cost"}}]},
                    ]
                },
            ]
        }
    )
    assert describe(condition) == [
        "- this reply shows `trial-proposal`",
        "- no earlier reply showed the signal `duration`",
        "- the situation is one of `after-no`, `trial-review`",
        "- any of:",
        "  - the manager raised `cost`",
        "  - all of:",
        "    - the reply is number 1 in the conversation",
        "    - the manager did not raise `cost`",
    ]


def test_swaps_and_tidying() -> None:
    text, hits = apply_swaps(
        "Sorry, I was just wondering if maybe I could work from home?",
        {"sorry": "", "I was just wondering if maybe I could": "I'd like to", "maybe": ""},
    )
    assert [h.found for h in hits] == ["I was just wondering if maybe I could", "Sorry"]
    assert tidy_sentence(text, swapped=True) == "I'd like to work from home."
    assert tidy_sentence("so please can I keep doing it?") == "So please can I keep doing it?"
    assert tidy_sentence("Thanks,") == "Thanks."
    assert tidy_sentence(" , ") == ""
    curly = "I\u2019m maybe here"
    assert apply_swaps(curly, {"maybe": ""})[0] == "I\u2019m  here"


def test_evidence_dataclass_is_the_detection_one() -> None:
    f = finding("x", "tip")
    assert isinstance(Evidence(0, 1, "a"), Evidence) and f.evidence == ()


# ---------------------------------------------------------------------------
# Any text, any context: feedback never breaks and points into the text

PIECES = [
    "sorry",
    "I was just wondering if maybe",
    "work from home",
    "sometimes",
    "on Fridays",
    "for six weeks",
    "[two] days",
    "I'll start looking elsewhere.",
    "Thanks!",
    "\u2019",
    "\u201c",
    "?",
    "\n",
    "\n> quoted\n",
    "-- \n",
    " ",
    "\u200b",
    "\U0001f600",
    "{quote}",
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    parts=st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=12),
    situation=st.none() | st.sampled_from(["pushback-office", "after-no", "trial-review"]),
    email=st.booleans(),
)
def test_any_text(
    analyzer: Analyzer, coach: Coach, parts: list[str], situation: str | None, email: bool
) -> None:
    text = " ".join(parts)
    judged = email_body(text).text if email else text
    assert len(judged) == len(text)
    feedback = coach.feedback(analyzer.detect(judged), ReplyContext(situation=situation))
    for f in feedback.findings:
        for e in f.evidence:
            assert 0 <= e.start < e.end <= len(text)
            assert text[e.start : e.end] == e.text
        assert f.message.strip()
    assert feedback.suggestion is None or feedback.suggestion.strip()
    if not feedback.misses:
        assert feedback.suggestion is None


# ---------------------------------------------------------------------------
# Architecture: the domain package does not know the UI


def test_coaching_never_imports_rich_or_textual() -> None:
    for file in PACKAGE.glob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("rich", "textual", "coach.console", "coach.cli")), (
                    f"{file.name} imports {name}"
                )
