"""The proposal builder of the app, driven with Pilot: the facts in a form, the draft
and its feedback beside it, the facts saved for practice, export to a file.

The session's spaCy pipeline is injected, as in tests/test_tui.py; each test is one
app run, so the file stays quick.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from pilot_support import settle
from textual.pilot import Pilot
from textual.widgets import Input, Markdown, TextArea
from textual.widgets._markdown import MarkdownBlock

from coach.analysis import Analyzer
from coach.coaching import Coach
from coach.proposal import (
    Concern,
    ProposalFacts,
    facts_path,
    load_practice_facts,
    save_facts,
)
from coach.tui.app import CoachApp
from coach.tui.screens.conversation import ConversationScreen
from coach.tui.screens.dialogs import ConfirmScreen, ExportScreen, FlagScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.proposal import REVIEW_DELAY, ProposalScreen
from coach.tui.widgets.feedback.panel import FeedbackPanel, FindingList

pytestmark = pytest.mark.asyncio

SIZE = (100, 30)
FILLED = {
    "role": "Data analyst in the finance reporting team",
    "schedule": "Tuesdays and Thursdays at home",
    "reachability": "a short update in the team channel every morning",
    "review": "a check-in after four weeks and a review at the end",
}


@pytest.fixture(scope="module")
def coach() -> Coach:
    return Coach.load()


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The facts (and any export) go to temporary directories."""
    data = tmp_path / "data"
    monkeypatch.setenv("COACH_DATA_DIR", str(data))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return data


def make_app(analyzer: Analyzer, coach: Coach) -> CoachApp:
    return CoachApp(analyzer=analyzer, coach=coach, tune_memory=False)


async def open_proposal(pilot: Pilot[None]) -> ProposalScreen:
    await settle(pilot)
    pilot.app.action_proposal()  # type: ignore[attr-defined]
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProposalScreen)
    return screen


async def review_now(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def click(pilot: Pilot[None], selector: str) -> None:
    """Scroll the form to a part (as a person would), then click it."""
    pilot.app.screen.query_one(selector).scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    await pilot.click(selector)


def finding_ids(screen: ProposalScreen) -> list[str]:
    return [f.rule_id for f in screen.query_one(FindingList).findings]


def shown_draft(screen: ProposalScreen) -> str:
    """The draft as the Draft tab shows it (the rendered blocks, not the source)."""
    markdown = screen.query_one("#proposal-draft", Markdown)
    return "\n".join(str(block.render()) for block in markdown.query(MarkdownBlock))


def notifications(app: CoachApp) -> list[str]:
    return [n.message for n in app._notifications]


def saved_facts(data: Path) -> dict[str, object]:
    record = json.loads(facts_path(data).read_text("utf-8"))
    facts = record["facts"]
    assert isinstance(facts, dict)
    return facts


# ---------------------------------------------------------------------------


async def test_an_empty_form_shows_what_is_missing_and_writes_nothing(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(pilot)
        ids = finding_ids(screen)
        assert {"proposal-no-measures", "proposal-no-trial-length", "proposal-no-gains"} <= set(ids)
        assert "proposal-no-name" not in ids  # optional facts are not findings
        panel = screen.query_one(FeedbackPanel)
        assert not panel.has_class("-empty") and panel.border_title == "Feedback on the draft"
        assert screen.review is not None
        markdown = screen.query_one("#proposal-draft", Markdown)
        assert markdown.source == screen.review.draft.markdown
        assert "[how results will be measured]" in shown_draft(screen)
        # A gap is not a coaching rule: flagging it explains instead of asking.
        screen.query_one(FindingList).focus()
        await pilot.press("f")
        await pilot.pause()
        assert not isinstance(app.screen, FlagScreen)
        assert any("fact is still empty" in n for n in notifications(app))
        # While the language model loads, the panel says so; then the review comes.
        engine = app.engine
        app.engine = None
        await pilot.pause()
        assert "Getting ready" in str(panel.query_one("#feedback-empty").render())
        assert panel.has_class("-empty")
        app.engine = engine
        await settle(pilot)
        assert not panel.has_class("-empty") and "proposal-no-measures" in finding_ids(screen)
        await pilot.press("escape")
        await settle(pilot)
    assert not facts_path(private_data).exists()


async def test_filled_facts_clear_the_gaps_are_saved_and_practised(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(pilot)
        # Typed as a person would: the review comes after a pause in typing.
        await click(pilot, "#fact-measures")
        await pilot.press(*"the backlog")
        await pilot.pause(REVIEW_DELAY + 0.2)
        await settle(pilot)
        assert "proposal-no-measures" not in finding_ids(screen)
        assert "We can judge it on the backlog." in shown_draft(screen)
        for name, value in FILLED.items():
            screen.query_one(f"#fact-{name}", Input).value = value
        screen.query_one("#fact-trial_length", Input).value = "eight weeks"
        screen.query_one(
            "#fact-gains", TextArea
        ).text = "The forecasting model would ship faster\n\n  I would close the reports sooner  \n"
        concern = screen.query(".concern").first(Input)
        concern.value = "Client data at home"
        await review_now(pilot)
        ids = finding_ids(screen)
        assert "proposal-no-trial-length" not in ids and "proposal-no-gains" not in ids
        assert "proposal-unanswered-concern" in ids
        assert "We try it for eight weeks" in shown_draft(screen)
        assert len(screen.query(".concern")) == 2  # a new empty row once the last is used
        screen.query(".answer").first(Input).value = "the encrypted company laptop on the VPN"
        await review_now(pilot)
        assert not [i for i in finding_ids(screen) if i.startswith("proposal-")]
        assert screen.query_one("#proposal-form").border_subtitle == "saved"

        facts = saved_facts(private_data)
        assert facts["measures"] == "the backlog"
        assert facts["gains"] == [
            "The forecasting model would ship faster",
            "I would close the reports sooner",
        ]
        assert facts["concerns"] == [
            {
                "concern": "Client data at home",
                "answer": "the encrypted company laptop on the VPN",
                "topic": "security",
            }
        ]
        assert stat.S_IMODE(facts_path(private_data).stat().st_mode) == 0o600

        # A coaching finding can be flagged as wrong, as in the checker.
        coaching = screen.query_one(FindingList).current()
        assert coaching is not None and not coaching.rule_id.startswith("proposal-")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, FlagScreen)
        await pilot.press("enter")
        await settle(pilot)
        flags = (private_data / "flags" / "flags.jsonl").read_text("utf-8").splitlines()
        (flag,) = [json.loads(line) for line in flags]
        assert flag["target"] == coaching.rule_id and flag["source"] == "check"
        assert flag["situation"] == "opening-pitch" and "Client data at home" in flag["text"]

        await click(pilot, "#proposal-practise")
        await settle(pilot)
        conversation = app.screen
        assert isinstance(conversation, ConversationScreen)
        assert conversation.session is not None and conversation.session.facts is not None
        assert "security" in conversation.session.facts.expected_topics


async def test_saved_facts_fill_the_form_and_are_kept_as_they_are(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    save_facts(
        private_data,
        ProposalFacts(
            role="Analyst",
            gains=("Faster forecasts", "Reports a day sooner"),
            measures="reports on the agreed day",
            concerns=(
                # A topic given by hand (a facts file) is kept while the words stay.
                Concern("The others in the team", "A rota", "fairness"),
            ),
        ),
    )
    before = facts_path(private_data).read_bytes()
    app = make_app(analyzer, coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(pilot)
        assert screen.query_one("#fact-role", Input).value == "Analyst"
        gains = screen.query_one("#fact-gains", TextArea).text
        assert gains == "Faster forecasts\nReports a day sooner"
        assert screen.query(".concern").first(Input).value == "The others in the team"
        assert screen.query(".answer").first(Input).value == "A rota"
        assert "proposal-no-measures" not in finding_ids(screen)
        assert screen.query_one("#proposal-form").border_subtitle == "saved"
        await pilot.press("escape")
        await settle(pilot)
        assert facts_path(private_data).read_bytes() == before  # nothing changed, nothing written

        # A change made just before leaving (no pause for a review) is kept too, at
        # once, without waiting for the pipeline (a review may hold it).
        screen = await open_proposal(pilot)
        screen.query_one("#fact-trial_length", Input).value = "six weeks"
        screen.query(".concern").last(Input).value = "What about client data?"
        await pilot.pause()
        engine = app.engine
        assert engine is not None
        with engine.lock:
            await pilot.press("escape")
            await pilot.pause()
            facts = saved_facts(private_data)
        assert isinstance(app.screen, HomeScreen)
        # Reopened at once: the form shows what was just saved, and keeps it.
        screen = await open_proposal(pilot)
        assert screen.query_one("#fact-trial_length", Input).value == "six weeks"
        await pilot.press("ctrl+q")
    assert facts["trial_length"] == "six weeks" and facts["role"] == "Analyst"
    # The hand-given topic is kept while its words stay; the new concern has its
    # topic if a review read it in time, else practice detects it.
    first, second = facts["concerns"]
    assert first == {"concern": "The others in the team", "answer": "A rota", "topic": "fairness"}
    assert second["concern"] == "What about client data?"
    assert second["topic"] in (None, "security")
    again = saved_facts(private_data)  # the reopened screen's review may add the topic
    assert {**again, "concerns": None} == {**facts, "concerns": None}
    assert [c["concern"] for c in again["concerns"]] == [c["concern"] for c in facts["concerns"]]
    practice, _ = load_practice_facts(private_data, lambda text: coach.detect_topic(analyzer, text))
    assert practice is not None
    assert practice.expected_topics == frozenset({"fairness", "security"})


async def test_typing_then_quitting_at_once_keeps_the_facts(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(pilot)
        screen.query_one("#fact-role", Input).focus()
        await pilot.press(*"Analyst")
        await pilot.press("ctrl+q")  # before any pause: no review has saved them
    assert saved_facts(private_data)["role"] == "Analyst"


async def test_a_review_that_comes_back_late_does_not_stick(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    """A review of facts A arrives after the form moved on to B and back to A: the
    feedback shows A's review (it is current again), not an older one."""
    app = make_app(analyzer, coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(pilot)
        role = screen.query_one("#fact-role", Input)
        measures = screen.query_one("#fact-measures", Input)
        engine = app.engine
        assert engine is not None
        with engine.lock:  # the review of A waits for the pipeline
            measures.value = "tickets closed per week"
            await pilot.press("ctrl+s")
            role.value = "Analyst"  # B, before A's review is back
            await pilot.pause()
        await settle(pilot)  # A's review arrives while the form says B: not shown
        role.value = ""  # back to A, before B's review is due
        await pilot.pause(REVIEW_DELAY + 0.2)
        await settle(pilot)
        assert screen.review is not None
        assert screen.review.draft.facts.measures == "tickets closed per week"
        assert "proposal-no-measures" not in finding_ids(screen)
        assert "proposal-no-role" in finding_ids(screen)


async def test_export_writes_markdown_and_html_and_asks_before_replacing(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    work = Path.cwd()
    app = make_app(analyzer, coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(pilot)
        screen.query_one("#fact-schedule", Input).value = "Wednesdays <at home> & Fridays"
        await review_now(pilot)
        assert screen.review is not None
        markdown = screen.review.draft.markdown

        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")  # the default name: proposal.md here
        await pilot.pause()
        assert (work / "proposal.md").read_text("utf-8") == markdown

        screen.export_to("proposal.html")  # what the dialog does with a name
        await pilot.pause()
        page = (work / "proposal.html").read_text("utf-8")
        assert page.lstrip().lower().startswith("<!doctype html")
        assert "Wednesdays &lt;at home&gt; &amp; Fridays" in page

        (work / "proposal.md").write_text("my own notes\n", "utf-8")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert (work / "proposal.md").read_text("utf-8") == "my own notes\n"
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert (work / "proposal.md").read_text("utf-8") == markdown

        (work / "folder").mkdir()
        screen.export_to("folder")
        screen.export_to("missing/proposal.md")
        await pilot.pause()
        assert pilot.app.screen is screen
        said = notifications(app)
        assert any("is a folder" in n for n in said) and any("cannot write" in n for n in said)
    assert sorted(p.name for p in work.iterdir()) == ["folder", "proposal.html", "proposal.md"]


async def test_a_broken_template_is_an_error_line_not_a_crash(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    template = private_data / "templates" / "proposal.md"
    template.parent.mkdir(parents=True)
    template.write_text("# Proposal\n\nI ask for {unknown}.\n", "utf-8")
    facts_path(private_data).parent.mkdir(parents=True)
    facts_path(private_data).write_text("not JSON", "utf-8")  # set aside, with a warning
    app = make_app(analyzer, coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(pilot)
        panel = screen.query_one(FeedbackPanel)
        assert panel.has_class("-empty")
        error = str(panel.query_one("#feedback-empty").render())
        assert "E310" in error and "unknown placeholder {unknown}" in error
        assert "\n" not in error.strip()
        said = notifications(app)
        assert any("E310" in n for n in said) and any("W300" in n for n in said)
        screen.query_one("#fact-role", Input).value = "Analyst"
        await review_now(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen is screen and screen.review is None

        template.write_text("# Proposal\n\nI work as {role}.\n", "utf-8")
        await review_now(pilot)  # read again: it is fixed now
        assert screen.review is not None
        assert screen.review.draft.markdown == "# Proposal\n\nI work as Analyst.\n"
        context = str(panel.query_one("#feedback-context").render())
        assert "your template" in context
        await pilot.press("escape")
        await settle(pilot)
    assert saved_facts(private_data)["role"] == "Analyst"
    assert [p.name for p in facts_path(private_data).parent.glob("facts.json.broken-*")]


async def test_every_key_has_an_id_and_a_tooltip() -> None:
    for cls in (ProposalScreen, ExportScreen):
        for binding in cls.BINDINGS:
            assert not isinstance(binding, tuple)
            assert binding.id and binding.tooltip, (cls.__name__, binding.key)
    assert "practice sessions use them" in ProposalScreen.HELP


async def test_export_names_that_cannot_be_files_are_said_not_crashed(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(pilot)
        for name in ("~no-such-user-here/proposal.md", "x" * 300 + ".md"):
            screen.export_to(name)
            await pilot.pause()
        said = notifications(app)
        assert any(m.startswith("~no-such-user-here/proposal.md: ") for m in said)
        assert any(m.startswith("xxxxxxxx") and "too long" in m for m in said)
        assert list(Path.cwd().iterdir()) == []
        assert app.screen is screen  # still running, nothing written


async def test_an_answer_without_its_concern_is_pointed_out(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    from coach.tui.widgets.proposal.form import ConcernRow

    app = make_app(analyzer, coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(pilot)
        row = screen.query(ConcernRow).first()
        row.answer_input.value = "A rota for the office days"
        await pilot.pause()
        assert row.has_class("-orphan")
        assert "Which concern does this answer?" in row.concern_input.placeholder
        assert screen.form_facts().concerns == ()  # left out while it has no concern
        row.concern_input.value = "The others in the team"
        await pilot.pause()
        assert not row.has_class("-orphan")
        (concern,) = screen.form_facts().concerns
        assert concern.answer == "A rota for the office days"
