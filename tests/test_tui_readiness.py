"""The readiness check in the app, driven with Pilot as a person would: answer by
number, leave and come back, go back a question, finish, read the chart, retake.

The answers live in a temporary data directory; the expected scores come from the
domain's own scoring of the same answers, so the screen is checked against what
``coach prepare`` would say.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pilot_support import settle
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, OptionList, Static

from coach.analysis import Analyzer
from coach.coaching import Coach
from coach.prepare import answers_path, load_questionnaire, score
from coach.tui.app import CoachApp
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.readiness import ReadinessScreen

pytestmark = pytest.mark.asyncio

# One answer per question, by number (1 is the best answer of every question).
KEYS = ["2", "2", "2", "1", "2", "1", "2", "2", "2", "2", "3", "2", "3", "3"]


@pytest.fixture(scope="module")
def coach() -> Coach:
    return Coach.load()


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("COACH_DATA_DIR", str(folder))
    return folder


def make_app(analyzer: Analyzer, coach: Coach) -> tuple[CoachApp, list[str]]:
    """The app, and the notifications it shows (as text)."""
    app = CoachApp(analyzer=analyzer, coach=coach, tune_memory=False)
    shown: list[str] = []
    original = app.notify

    def notify(message: str, **options: Any) -> None:
        shown.append(message)
        original(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    return app, shown


async def open_check(pilot: Pilot[None]) -> ReadinessScreen:
    """From home, with the key the footer shows."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("g")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReadinessScreen)
    return screen


def text(screen: ReadinessScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def view(screen: ReadinessScreen) -> str | None:
    return screen.query_one(ContentSwitcher).current


def saved(data: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(answers_path(data).read_text(encoding="utf-8"))
    return loaded


def chosen_answers(keys: list[str]) -> dict[str, str]:
    questions = load_questionnaire().questions
    return {q.id: q.options[int(k) - 1].id for q, k in zip(questions, keys, strict=True)}


async def test_the_check_asks_in_order_and_saves_every_answer_at_once(
    analyzer: Analyzer, coach: Coach, data: Path
) -> None:
    app, _ = make_app(analyzer, coach)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        questions = load_questionnaire().questions
        assert view(screen) == "quiz"
        assert "Question 1 of 14" in text(screen, "#quiz-progress")
        assert "Remote-ability" in text(screen, "#quiz-progress")
        assert questions[0].text.split()[0] in text(screen, "#quiz-question")
        assert screen.query_one("#quiz-intro").display  # the intro, before any answer
        assert not saved_exists(data)
        await pilot.press("2")
        await settle(pilot)
        assert saved(data)["in_progress"]["answers"] == {questions[0].id: "most"}
        assert "Question 2 of 14" in text(screen, "#quiz-progress")
        assert not screen.query_one("#quiz-intro").display
        advice = text(screen, "#quiz-advice")
        assert questions[0].options[1].text in advice and "✓" in advice
        # The scores so far: only remote-ability has one yet.
        so_far = text(screen, "#quiz-chart")
        assert "Remote-ability" in so_far and " 75" in so_far
        # Arrows and Enter work as well as numbers.
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert saved(data)["in_progress"]["answers"][questions[1].id] == "nobody"
        # A number the question does not have does nothing.
        await pilot.press("9")
        await settle(pilot)
        assert "Question 3 of 14" in text(screen, "#quiz-progress")


def saved_exists(data: Path) -> bool:
    return answers_path(data).exists()


async def test_leaving_and_coming_back_carries_on_and_back_changes_an_answer(
    analyzer: Analyzer, coach: Coach, data: Path
) -> None:
    app, notes = make_app(analyzer, coach)
    questions = load_questionnaire().questions
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await pilot.press("1", "2", "3")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("carries on where you stopped" in n for n in notes)
        line = str(app.screen.query_one("#home-prepare", Static).render())
        assert "Readiness check: 3 of 14 answered" in line
        screen = await open_check(pilot)
        assert "Question 4 of 14" in text(screen, "#quiz-progress")
        assert any("3 of 14 answered" in n for n in notes)
        # Back one question: the answer given is highlighted and marked.
        await pilot.press("b")
        await settle(pilot)
        assert "Question 3 of 14" in text(screen, "#quiz-progress")
        options = screen.query_one("#quiz-options", OptionList)
        assert options.highlighted == 2
        assert "your answer" in str(options.get_option_at_index(2).prompt)
        # Enter keeps it; a number changes it; either way the next question follows.
        await pilot.press("enter")
        await settle(pilot)
        assert "Question 4 of 14" in text(screen, "#quiz-progress")
        await pilot.press("b", "b", "1")
        await settle(pilot)
        answers = saved(data)["in_progress"]["answers"]
        assert answers == {
            questions[0].id: questions[0].options[0].id,
            questions[1].id: questions[1].options[0].id,  # changed from 2 to 1
            questions[2].id: questions[2].options[2].id,
        }
        # The question after the one changed follows, its answer highlighted.
        assert "Question 3 of 14" in text(screen, "#quiz-progress")
        options = screen.query_one("#quiz-options", OptionList)
        assert options.highlighted == 2
        assert "your answer" in str(options.get_option_at_index(2).prompt)
        assert "Question 2: " in text(screen, "#quiz-advice")  # the advice names its question
        await pilot.press("b", "b", "b")
        await settle(pilot)
        assert "Question 1 of 14" in text(screen, "#quiz-progress")
        assert not screen.check_action("previous", ())  # nothing before the first


async def test_the_result_shows_the_chart_the_weakest_and_what_to_do(
    analyzer: Analyzer, coach: Coach, data: Path
) -> None:
    app, _ = make_app(analyzer, coach)
    questionnaire = load_questionnaire()
    expected = score(questionnaire, chosen_answers(KEYS))
    assert expected.weakest is not None
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await pilot.press(*KEYS)
        await settle(pilot)
        assert view(screen) == "result"
        chart = text(screen, "#result-chart")
        for ingredient in expected.scores:
            line = next(row for row in chart.splitlines() if row.startswith(ingredient.title))
            assert line.rstrip().endswith(f" {ingredient.score}")
        # The same bars as the terminal's chart.
        assert [row.rstrip() for row in chart.splitlines()] == expected.chart().splitlines()
        report = text(screen, "#result-report")
        assert f"Weakest: {expected.weakest.title} ({expected.weakest.score}/100)" in report
        for step in expected.next_steps:
            assert " ".join(step.split())[:40] in " ".join(report.split())
        assert "Just now" in text(screen, "#result-title")
        record = saved(data)
        assert record["in_progress"] is None
        assert record["checks"][0]["answers"] == chosen_answers(KEYS)
        assert record["checks"][0]["scores"] == expected.score_map


async def test_coming_back_shows_the_last_result_and_a_retake_compares(
    analyzer: Analyzer, coach: Coach, data: Path
) -> None:
    app, _ = make_app(analyzer, coach)
    async with app.run_test(size=(80, 24)) as pilot:
        home_line = str(app.screen.query_one("#home-prepare", Static).render())
        assert "Before you ask" in home_line  # no check yet: an invitation
        screen = await open_check(pilot)
        await pilot.press(*KEYS)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        weakest = score(load_questionnaire(), chosen_answers(KEYS)).weakest
        assert weakest is not None
        home_line = str(app.screen.query_one("#home-prepare", Static).render())
        assert f"Readiness: weakest {weakest.title} ({weakest.score}/100)" in home_line
        screen = await open_check(pilot)
        assert view(screen) == "result"
        assert "Your last check" in text(screen, "#result-title")
        await pilot.press("r")
        await settle(pilot)
        assert view(screen) == "quiz"
        options = screen.query_one("#quiz-options", OptionList)
        assert options.highlighted == 1  # last time's answer, so Enter keeps it
        assert "last time" in str(options.get_option_at_index(1).prompt)
        # Keep every answer but the first, which improves.
        await pilot.press("1", *["enter"] * 13)
        await settle(pilot)
        assert view(screen) == "result"
        assert "Compared with your last check" in text(screen, "#result-title")
        chart = text(screen, "#result-chart").splitlines()
        remote = next(row for row in chart if row.startswith("Remote-ability"))
        champion = next(row for row in chart if row.startswith("A champion"))
        questionnaire = load_questionnaire()
        before = score(questionnaire, chosen_answers(KEYS)).score_of("remote-ability")
        after = score(questionnaire, chosen_answers(["1", *KEYS[1:]])).score_of("remote-ability")
        assert before is not None and after is not None and before.score and after.score
        gain = after.score - before.score
        assert gain > 0 and remote.rstrip().endswith(f"{after.score}  +{gain}")
        assert champion.rstrip().endswith("±0")
        assert len(saved(data)["checks"]) == 2


async def test_a_broken_answers_file_is_set_aside_with_a_warning(
    analyzer: Analyzer, coach: Coach, data: Path
) -> None:
    path = answers_path(data)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    app, notes = make_app(analyzer, coach)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        assert view(screen) == "quiz" and "Question 1 of 14" in text(screen, "#quiz-progress")
        assert any("W300" in n for n in notes)
        kept = [p for p in path.parent.iterdir() if p.name.startswith("answers.json.broken-")]
        assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{not json"
        await pilot.press("1")
        await settle(pilot)
        assert len(saved(data)["in_progress"]["answers"]) == 1


async def test_a_check_with_every_answer_but_not_finished_shows_its_result(
    analyzer: Analyzer, coach: Coach, data: Path
) -> None:
    """Killed between the last answer and the result: coming back finishes it."""
    from coach.prepare import ReadinessCheck

    check = ReadinessCheck.open(data)
    for question_id, option_id in chosen_answers(KEYS).items():
        check.answer(question_id, option_id)
    app, _ = make_app(analyzer, coach)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        assert view(screen) == "result"
        assert saved(data)["in_progress"] is None and len(saved(data)["checks"]) == 1


async def test_start_again_drops_the_answers_in_progress(
    analyzer: Analyzer, coach: Coach, data: Path
) -> None:
    app, _ = make_app(analyzer, coach)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await pilot.press("1", "2")
        await settle(pilot)
        names = [name for name, _run, _help in screen.palette_commands()]
        assert names == ["Readiness: start again"]
        screen.palette_commands()[0][1]()
        await settle(pilot)
        assert "Question 1 of 14" in text(screen, "#quiz-progress")
        assert saved(data)["in_progress"] is None
        assert not screen.query_one("#quiz-chart").display  # nothing answered: no chart


async def test_a_result_that_cannot_be_saved_is_shown_and_says_so(
    analyzer: Analyzer, coach: Coach, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.errors import CoachError
    from coach.prepare import check as check_module

    app, notes = make_app(analyzer, coach)
    expected = score(load_questionnaire(), chosen_answers(KEYS))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        await pilot.press(*KEYS[:-1])
        await settle(pilot)

        def refuse(path: Path, data: object) -> None:
            raise CoachError(f"cannot save {path}: No space left on device")

        monkeypatch.setattr(check_module, "write_private_json", refuse)
        await pilot.press(KEYS[-1])
        await settle(pilot)
        assert view(screen) == "result"
        assert "Not saved" in text(screen, "#result-title")
        assert any("No space left" in n for n in notes)
        # The result is the real one, not an empty chart.
        rows = text(screen, "#result-chart").splitlines()
        assert [row.rstrip() for row in rows] == expected.chart().splitlines()
        assert expected.weakest is not None
        assert f"Weakest: {expected.weakest.title}" in text(screen, "#result-report")
    # The answers given before the disk filled up are still there, in progress.
    assert len(saved(data)["in_progress"]["answers"]) == len(KEYS) - 1


async def test_a_check_that_cannot_be_opened_says_why_in_one_line(
    analyzer: Analyzer, coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.errors import CoachError
    from coach.prepare import ReadinessCheck

    def broken(cls: type[ReadinessCheck], data_dir: Path) -> ReadinessCheck:
        raise CoachError("rules/readiness.yaml:3:1: E010: unknown key 'titel'")

    monkeypatch.setattr(ReadinessCheck, "open", classmethod(broken))
    app, notes = make_app(analyzer, coach)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(pilot)
        shown = text(screen, "#quiz-progress")
        assert "E010" in shown and "\n" not in shown.strip()
        assert any("E010" in n for n in notes)
        assert not screen.query_one("#quiz-options").display  # no empty parts
        assert not screen.query_one("#quiz-chart-title").display
        await pilot.press("1", "b")  # nothing to answer: nothing happens
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
