"""The Textual app, driven as a person would with Pilot: pick a scenario, type and
send replies, read the feedback, reach an ending and the scorecard, retry from a turn,
check a draft, flag a finding, browse the rules, resize.

The session's spaCy pipeline is injected (``CoachApp(analyzer=..., coach=...)``), so
it is built once for the whole test run; the apps run headless.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from pilot_support import settle
from textual.pilot import Pilot
from textual.widgets import OptionList, Select, TextArea

from coach.analysis import Analyzer
from coach.coaching import Coach
from coach.tui.app import CoachApp
from coach.tui.engine import Engine
from coach.tui.screens.checker import CheckerScreen
from coach.tui.screens.conversation import ConversationScreen
from coach.tui.screens.dialogs import FlagScreen, TurnPicker
from coach.tui.screens.help import HelpScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.reference import ReferenceScreen
from coach.tui.screens.scorecard import ScorecardScreen
from coach.tui.widgets.conversation.hint import HintLine
from coach.tui.widgets.conversation.log import ConversationLog, ManagerLine, UserReply
from coach.tui.widgets.conversation.reply_input import GETTING_READY, ReplyInput
from coach.tui.widgets.feedback.panel import BehaviourList, FeedbackPanel, FindingList

pytestmark = pytest.mark.asyncio

REPO = Path(__file__).resolve().parent.parent
SEED = 99
# remote-trial with seed 99: four replies reach the "think it over" ending.
STRONG = [
    "Working from home on Wednesdays would let me focus on the design reviews and get them "
    "back to the team faster.",
    "I'd answer messages within fifteen minutes and post a summary in the team channel every "
    "afternoon.",
    "Could we try it for a month and see how it goes?",
    "I really need an answer today, if possible.",
]
HEDGE = "Sorry to ask, but I was wondering if maybe I could work from home sometimes."


@pytest.fixture(scope="module")
def coach() -> Coach:
    return Coach.load()


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Flags (and anything else) go to a temporary data directory."""
    data = tmp_path / "data"
    monkeypatch.setenv("COACH_DATA_DIR", str(data))
    return data


def make_app(analyzer: Analyzer, coach: Coach, **options: object) -> CoachApp:
    return CoachApp(  # type: ignore[arg-type]
        analyzer=analyzer, coach=coach, seed=SEED, tune_memory=False, **options
    )


async def send(pilot: Pilot[None], text: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ConversationScreen)
    screen.query_one(ReplyInput).insert(text)
    await pilot.press("ctrl+s")
    await settle(pilot)


def finding_ids(screen: ConversationScreen | CheckerScreen) -> list[str]:
    return [f.rule_id for f in screen.query_one(FindingList).findings]


async def open_conversation(pilot: Pilot[None]) -> ConversationScreen:
    """From home: the second scenario (remote-trial, easy) with Enter."""
    await settle(pilot)
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    scenarios = home.query_one("#scenarios", OptionList)
    assert scenarios.get_option_at_index(scenarios.highlighted or 0).id == "compressed-week"
    await pilot.press("down", "enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ConversationScreen)
    assert screen.session is not None and screen.session.scenario.id == "remote-trial"
    return screen


# ---------------------------------------------------------------------------
# Home


async def test_home_lists_every_scenario_easiest_first(analyzer: Analyzer, coach: Coach) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.catalogue is not None
        scenarios = app.catalogue.scenarios
        assert len(scenarios) == 9
        difficulties = [s.difficulty for s in scenarios]
        assert difficulties == sorted(difficulties, key=["easy", "medium", "hard"].index)
        listed = app.screen.query_one("#scenarios", OptionList)
        assert listed.option_count == 9
        details = str(app.screen.query_one("#details").render())
        assert scenarios[0].title in details and scenarios[0].manager.name in details
        await pilot.press("down")
        assert scenarios[1].title in str(app.screen.query_one("#details").render())


# ---------------------------------------------------------------------------
# The conversation


async def test_a_reply_gets_feedback_and_the_manager_answers(
    analyzer: Analyzer, coach: Coach
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conversation(pilot)
        log = screen.query_one(ConversationLog)
        assert len(log.query(ManagerLine)) == 1
        await send(pilot, HEDGE)
        assert len(log.query(UserReply)) == 1 and len(log.query(ManagerLine)) == 2
        findings = finding_ids(screen)
        assert "no-hedging" in findings and "propose-a-trial" in findings
        panel = screen.query_one(FeedbackPanel)
        assert panel.border_title == "Feedback on reply 1"
        assert not panel.has_class("-empty")
        rendered = str(screen.query_one(FindingList).get_option_at_index(0).prompt)
        assert rendered[0] in "✗!✓"
        behaviours = screen.query_one(BehaviourList)
        assert behaviours.rows[0][0] == "hedging" and behaviours.rows[0][2] is True
        assert panel.suggestion
        assert screen.query_one(ReplyInput).text == ""
        assert screen.last_latency is not None and screen.last_latency < 2


async def test_enter_adds_a_line_and_only_the_send_key_sends(
    analyzer: Analyzer, coach: Coach
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conversation(pilot)
        await pilot.press("H", "i", "enter", "t", "h", "e", "r", "e")
        await settle(pilot)
        reply = screen.query_one(ReplyInput)
        assert reply.text == "Hi\nthere"
        assert screen.session is not None and screen.session.turns == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(screen.session.turns) == 1 and screen.session.turns[0].text == "Hi\nthere"


async def test_the_rewrite_can_be_pulled_into_the_input(analyzer: Analyzer, coach: Coach) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conversation(pilot)
        await send(pilot, HEDGE)
        suggestion = screen.query_one(FeedbackPanel).suggestion
        assert suggestion
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.query_one(ReplyInput).text == suggestion
        assert screen.query_one(ReplyInput).has_focus


async def test_live_hints_come_after_a_pause_and_can_be_switched_off(
    analyzer: Analyzer, coach: Coach
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conversation(pilot)
        hint = screen.query_one(HintLine)
        screen.query_one(ReplyInput).insert(HEDGE)
        await pilot.pause(0.6)
        await settle(pilot)
        assert "sounds apologetic" in str(hint.render())
        await pilot.press("ctrl+l")
        assert "live hints off" in str(hint.render())
        screen.query_one(ReplyInput).insert(" Really.")
        await pilot.pause(0.6)
        await settle(pilot)
        assert "live hints off" in str(hint.render())


async def test_a_whole_scenario_to_the_scorecard_then_retry_from_a_turn(
    analyzer: Analyzer, coach: Coach
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conversation(pilot)
        for reply in STRONG:
            await send(pilot, reply)
        session = screen.session
        assert session is not None and session.finished
        assert session.ending is not None and session.ending.id == "think-it-over"
        assert "dont-push-for-answer" in finding_ids(screen)
        assert not screen.query_one(ReplyInput).display
        await pilot.press("ctrl+s")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, ScorecardScreen)
        assert card.card is not None and card.card.total == session.scorecard().total  # type: ignore[union-attr]
        outcome = str(card.query_one("#outcome").render())
        assert "Deferred" in outcome and "think about it" in outcome
        assert len(card.query("#improvements .marked")) == len(card.card.improvements)
        assert card.query("#rubric .marked.group")
        # Redo from reply 3: replies 1 and 2 are kept, with the same manager lines.
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TurnPicker)
        await pilot.press("up", "enter")
        await settle(pilot)
        retry = app.screen
        assert isinstance(retry, ConversationScreen) and retry is not screen
        assert retry.session is not None and len(retry.session.turns) == 2
        assert retry.session.manager_line == session.turns[1].manager_line
        assert len(retry.query_one(ConversationLog).query(UserReply)) == 2
        assert len(app.screen_stack) == 2  # home, then the conversation
        await send(pilot, STRONG[2])
        assert retry.session.turns[2].manager_line == session.turns[2].manager_line


async def test_try_again_starts_afresh(analyzer: Analyzer, coach: Coach) -> None:
    app = make_app(analyzer, coach, scenario="remote-trial")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await send(pilot, STRONG[0])
        screen.action_scorecard()  # stop early: the scorecard of the replies so far
        await settle(pilot)
        assert isinstance(app.screen, ScorecardScreen)
        assert "Stopped before an ending" in str(app.screen.query_one("#outcome").render())
        await pilot.press("r")
        await settle(pilot)
        fresh = app.screen
        assert isinstance(fresh, ConversationScreen) and fresh.session is not None
        assert fresh.session.turns == []


async def test_taking_back_the_last_reply(analyzer: Analyzer, coach: Coach) -> None:
    app = make_app(analyzer, coach, scenario="remote-trial")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await send(pilot, STRONG[0])
        await send(pilot, STRONG[1])
        screen.action_take_back()
        await settle(pilot)
        assert screen.session is not None and len(screen.session.turns) == 1
        assert len(screen.query_one(ConversationLog).query(UserReply)) == 1
        assert screen.query_one(FeedbackPanel).border_title == "Feedback on reply 1"


async def test_leaving_a_conversation_asks_first(analyzer: Analyzer, coach: Coach) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_conversation(pilot)
        await send(pilot, STRONG[0])
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # "Stay"
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_input_says_it_is_getting_ready_until_the_model_is_loaded(
    analyzer: Analyzer, coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CoachApp, "load_engine", lambda self: None)
    app = CoachApp(scenario="remote-trial", seed=SEED)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        reply = screen.query_one(ReplyInput)
        assert reply.placeholder == GETTING_READY and screen.session is None
        await pilot.press("H", "i", "ctrl+s")  # typing works; sending waits
        await pilot.pause()
        assert reply.text == "Hi"
        app.engine = Engine(analyzer, coach)
        await settle(pilot)
        assert screen.session is not None and reply.placeholder != GETTING_READY
        assert reply.text == "Hi"


# ---------------------------------------------------------------------------
# Flags


async def test_flagging_a_finding_saves_it_with_its_context(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conversation(pilot)
        await send(pilot, STRONG[0])
        await send(pilot, HEDGE)
        first = screen.query_one(FindingList).findings[0]
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, FlagScreen)
        await pilot.press(*"it was polite", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
    path = private_data / "flags" / "flags.jsonl"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    (flag,) = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert flag["kind"] == "rule" and flag["target"] == first.rule_id
    assert flag["expected"] == "silent" and flag["comment"] == "it was polite"
    assert flag["text"] == HEDGE and flag["turn"] == 2 and flag["scenario"] == "remote-trial"
    assert flag["earlier"] == [STRONG[0]]
    assert flag["manager_said"] == screen.session.turns[0].manager_line  # type: ignore[union-attr]
    assert flag["file"] == f"rules/coaching/{first.rule_id}.yaml"


async def test_flagging_a_behaviour_and_cancelling(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    app = make_app(analyzer, coach, scenario="remote-trial")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await send(pilot, HEDGE)
        behaviours = screen.query_one(BehaviourList)
        behaviours.focus()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FlagScreen)
        await pilot.press("escape")  # cancel: nothing saved
        await pilot.pause()
        assert not (private_data / "flags").exists()
        behaviours.focus()
        await pilot.press("f", "enter")
        await settle(pilot)
    (flag,) = [
        json.loads(line)
        for line in (private_data / "flags" / "flags.jsonl").read_text("utf-8").splitlines()
    ]
    assert flag["kind"] == "behaviour" and flag["target"] == "hedging"
    assert flag["expected"] == "absent" and flag.get("comment", "") == ""


# ---------------------------------------------------------------------------
# The checker


async def test_the_checker_gives_the_feedback_of_coach_check(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    from coach.coaching import ReplyContext

    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CheckerScreen)
        screen.query_one("#situation", Select).value = "pushback-office"
        screen.query_one("#draft", TextArea).insert(HEDGE)
        await pilot.press("ctrl+s")
        await settle(pilot)
        expected = coach.feedback(analyzer.detect(HEDGE), ReplyContext(situation="pushback-office"))
        assert finding_ids(screen) == [f.rule_id for f in expected.findings]
        panel = screen.query_one(FeedbackPanel)
        assert panel.suggestion == expected.suggestion
        assert "Situation: pushback-office" in str(panel.query_one("#feedback-context").render())
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.query_one("#draft", TextArea).text == expected.suggestion
        await pilot.press("ctrl+f", "enter")
        await settle(pilot)
    (flag,) = [
        json.loads(line)
        for line in (private_data / "flags" / "flags.jsonl").read_text("utf-8").splitlines()
    ]
    assert flag["source"] == "check" and flag["situation"] == "pushback-office"


async def test_the_checker_reads_the_topic_from_what_the_manager_said(
    analyzer: Analyzer, coach: Coach
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_checker()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CheckerScreen)
        await pilot.click("#manager-said")
        await pilot.press(*"What about client data?")
        screen.query_one("#draft", TextArea).insert("I'd still like to work from home.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.checked is not None and screen.checked.topic == "security"


# ---------------------------------------------------------------------------
# Reference, help, palette, themes, sizes


async def test_the_rules_reference_browses_and_filters(analyzer: Analyzer, coach: Coach) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReferenceScreen)
        rules = screen.query_one("#rule-list", OptionList)
        assert rules.option_count == len(coach.all_rules)
        assert "Why it matters" in str(screen.query_one("#rule-details").render())
        await pilot.press("slash", *"trial")
        await pilot.pause()
        assert 0 < rules.option_count < len(coach.all_rules)
        behaviours = screen.query_one("#behaviour-list", OptionList)
        assert behaviours.get_option_at_index(0).id == "trial-proposal"
        details = str(screen.query_one("#behaviour-details").render())
        assert "Examples that show it" in details


async def test_help_lists_the_keys_of_the_screen(analyzer: Analyzer, coach: Coach) -> None:
    app = make_app(analyzer, coach, scenario="remote-trial")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = {row[1] for row in help_screen.rows}
        assert {"Send", "Rewrite", "Flag", "Hints", "Home"} <= keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)


async def test_every_binding_has_an_id_and_a_tooltip() -> None:
    from coach.tui.screens import (
        checker,
        conversation,
        dialogs,
        home,
        proposal,
        readiness,
        reference,
        scorecard,
    )
    from coach.tui.widgets.feedback import panel

    classes = [
        CoachApp,
        home.HomeScreen,
        conversation.ConversationScreen,
        scorecard.ScorecardScreen,
        checker.CheckerScreen,
        reference.ReferenceScreen,
        panel.FindingList,
        panel.BehaviourList,
        dialogs.FlagScreen,
        dialogs.ExportScreen,
        readiness.ReadinessScreen,
        proposal.ProposalScreen,
    ]
    for cls in classes:
        for binding in cls.BINDINGS:
            assert not isinstance(binding, tuple)
            assert binding.id, f"{cls.__name__}: {binding.key} has no id"  # type: ignore[union-attr]
            if binding.show:  # type: ignore[union-attr]
                assert binding.tooltip, f"{cls.__name__}: {binding.key} has no tooltip"  # type: ignore[union-attr]


async def test_the_command_palette_offers_scenarios_and_screen_actions(
    analyzer: Analyzer, coach: Coach
) -> None:
    from coach.tui.commands import CoachCommands

    app = make_app(analyzer, coach, scenario="remote-trial")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        provider = CoachCommands(app.screen)
        names = [name for name, _, _ in provider.commands()]
        assert "Conversation: take back the last reply" in names
        assert "Practise: First pitch to a cautious but fair manager" in names
        hits = [hit async for hit in provider.search("check")]
        assert any("Check a draft" in str(hit.prompt) for hit in hits)


async def test_the_theme_switches_between_dark_and_light(analyzer: Analyzer, coach: Coach) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.current_theme.dark
        await pilot.press("ctrl+t")
        assert not app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark


async def test_resizing_keeps_every_part_on_screen(analyzer: Analyzer, coach: Coach) -> None:
    app = make_app(analyzer, coach, scenario="remote-trial")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await send(pilot, HEDGE)
        for size in [(80, 24), (140, 45), (60, 20), (100, 30)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert screen.has_class("-narrow") == (size[0] < 100)
            for part in ("#log", "#reply", "#feedback", "#status"):
                region = screen.query_one(part).region
                assert region.width > 0 and region.height > 0, (size, part)
                assert region.right <= size[0] and region.bottom <= size[1], (size, part)


# ---------------------------------------------------------------------------
# Recorded sessions: home scores, history, replay, resume


def transcripts(data: Path) -> list[Path]:
    return sorted((data / "transcripts").glob("*.jsonl"))


def events(path: Path) -> list[str]:
    return [json.loads(line)["event"] for line in path.read_text("utf-8").splitlines()]


async def test_sessions_are_recorded_and_scored_on_home(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_conversation(pilot)
        for reply in STRONG:
            await send(pilot, reply)
        (path,) = transcripts(private_data)
        kinds = events(path)
        assert kinds[0] == "header" and kinds.count("reply") == 4 and kinds[-1] == "ending"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        await pilot.press("ctrl+s")  # the scorecard
        await settle(pilot)
        await pilot.press("h")  # home: the score is in the list
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.scores is not None and "remote-trial" in app.scores.last
        row = str(app.screen.query_one("#scenarios", OptionList).get_option_at_index(1).prompt)
        assert f"last {app.scores.last['remote-trial']}" in row


async def test_leaving_early_is_noted_and_the_session_can_be_resumed(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_conversation(pilot)
        await send(pilot, STRONG[0])
        await send(pilot, STRONG[1])
        await pilot.press("escape", "y")  # leave, and yes
        await settle(pilot)
        (path,) = transcripts(private_data)
        assert events(path)[-1] == "stopped"
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#resume").display
        home.action_resume()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen) and screen.session is not None
        assert [t.text for t in screen.session.turns] == STRONG[:2]
        await send(pilot, STRONG[2])
        assert transcripts(private_data) == [path]  # the same file goes on
        assert events(path).count("reply") == 3 and "resumed" in events(path)


async def test_history_replay_and_retry_from_a_recorded_turn(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    from coach.tui.screens.history import HistoryScreen
    from coach.tui.screens.replay import ReplayScreen

    app = make_app(analyzer, coach, scenario="remote-trial")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for reply in STRONG:
            await send(pilot, reply)
        first = app.screen
        assert isinstance(first, ConversationScreen) and first.session is not None
        recorded_lines = [t.manager_line for t in first.session.turns]
        app.go_home()
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen) and history.history is not None
        assert len(history.history.sessions) == 1
        assert history.history.sessions[0].outcome == "deferred"
        await pilot.press("enter")
        await settle(pilot)
        replay = app.screen
        assert isinstance(replay, ReplayScreen)
        assert replay.position == 1
        panel = replay.query_one(FeedbackPanel)
        assert panel.border_title == "Feedback on reply 1, as given"
        recorded = [f.rule_id for f in replay.query_one(FindingList).findings]
        assert recorded == [f.rule_id for f in first.session.turns[0].feedback.findings]  # type: ignore[union-attr]
        await pilot.press("right", "right")
        await pilot.pause()
        assert replay.position == 3
        assert len(replay.query_one(ConversationLog).query(UserReply)) == 3
        await pilot.press("left")
        await pilot.pause()
        assert replay.position == 2
        # A wrong call in a recorded session is flagged with that turn's context.
        flagged = replay.query_one(FindingList).findings[0]
        replay.query_one(FindingList).focus()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FlagScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is replay
        (flag,) = [
            json.loads(line)
            for line in (private_data / "flags" / "flags.jsonl").read_text("utf-8").splitlines()
        ]
        assert flag["source"] == "replay" and flag["target"] == flagged.rule_id
        assert flag["text"] == STRONG[1] and flag["turn"] == 2 and flag["earlier"] == STRONG[:1]
        assert flag["scenario"] == "remote-trial" and flag["pipeline"]
        await pilot.press("s")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, ScorecardScreen) and card.card is not None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("t")  # redo reply 2, keeping reply 1
        await settle(pilot)
        retry = app.screen
        assert isinstance(retry, ConversationScreen) and retry.session is not None
        assert [t.text for t in retry.session.turns] == STRONG[:1]
        await send(pilot, STRONG[1])
        assert retry.session.turns[1].manager_line == recorded_lines[1]
    assert len(transcripts(private_data)) == 2  # the retry is a new, linked transcript


async def test_deleting_a_session_from_the_history(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    from coach.tui.screens.history import HistoryScreen

    app = make_app(analyzer, coach, scenario="remote-trial")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await send(pilot, STRONG[0])
        app.go_home()
        await settle(pilot)
        assert len(transcripts(private_data)) == 1
        app.open_history()
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("d", "y")
        await settle(pilot)
        assert transcripts(private_data) == []
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.history is not None and history.history.sessions == ()


async def test_the_mouse_works_too(analyzer: Analyzer, coach: Coach) -> None:
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.click("#practise")  # the button on home, for the highlighted scenario
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await send(pilot, STRONG[0])
        await send(pilot, STRONG[1])
        assert screen.query_one(FeedbackPanel).border_title == "Feedback on reply 2"
        first = screen.query_one(ConversationLog).query(UserReply).first()
        first.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(first)  # an earlier reply: its feedback comes back
        await pilot.pause()
        assert screen.query_one(FeedbackPanel).border_title == "Feedback on reply 1 (earlier)"


async def test_a_new_conversation_uses_the_prepared_facts(
    analyzer: Analyzer, coach: Coach, private_data: Path
) -> None:
    from coach.dialogue.facts import PracticeFacts
    from coach.proposal.facts import Concern, ProposalFacts
    from coach.proposal.store import save_facts

    save_facts(
        private_data,
        ProposalFacts(
            schedule="Wednesdays and Fridays at home",
            concerns=(Concern(concern="Is it fair on the others?", answer="A team rota."),),
        ),
    )
    app = make_app(analyzer, coach)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conversation(pilot)
        assert screen.session is not None
        facts = screen.session.facts
        assert isinstance(facts, PracticeFacts)
        assert facts.schedule == "Wednesdays and Fridays at home"
