"""The readiness check: the questionnaire as content, scoring, the chart, answers
kept across interruptions and retakes, and ``coach prepare``."""

from __future__ import annotations

import io
import json
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.cli import main
from coach.content.yamlsource import parse_yaml
from coach.errors import CoachError, ContentError
from coach.prepare import (
    CODES,
    Questionnaire,
    ReadinessCheck,
    answers_path,
    bar,
    load_questionnaire,
    parse_questionnaire,
    read_answers_file,
    score,
)
from coach.proposal.guide import CODES as PROPOSAL_CODES

REPO = Path(__file__).resolve().parent.parent

SMALL = """\
title: A small check
intro: Written by the tests.
ingredients:
  - id: alpha
    title: Alpha
    summary: The first ingredient.
    next_steps: [Do the alpha thing., Then the other alpha thing.]
  - id: beta
    title: Beta ingredient
    summary: The second ingredient.
    next_steps: [Do the beta thing.]
questions:
  - id: a1
    ingredient: alpha
    weight: 3
    text: First alpha question?
    options:
      - {id: yes, text: Yes, points: 100, advice: Keep it up.}
      - {id: no, text: No, points: 0, advice: Fix alpha first.}
  - id: a2
    ingredient: alpha
    text: Second alpha question?
    options:
      - {id: all, text: All of it, points: 100, advice: Good.}
      - {id: some, text: Some of it, points: 50, advice: Work on it.}
  - id: b1
    ingredient: beta
    text: The beta question?
    options:
      - {id: high, text: High, points: 80, advice: Nearly there.}
      - {id: low, text: Low, points: 20, advice: Start with beta.}
"""


def small() -> Questionnaire:
    return parse_questionnaire(parse_yaml(SMALL, "small.yaml"))


def content_error(text: str) -> str:
    with pytest.raises(ContentError) as caught:
        parse_questionnaire(parse_yaml(text, "q.yaml"))
    return caught.value.render()


# ---------------------------------------------------------------------------
# The questionnaire as content


def test_the_shipped_questionnaire_covers_the_four_ingredients_and_timing() -> None:
    q = load_questionnaire()
    assert [i.id for i in q.ingredients] == [
        "remote-ability",
        "champion",
        "brand-capital",
        "their-gain",
        "timing",
    ]
    assert q.path == "rules/readiness.yaml"
    for ingredient in q.ingredients:
        assert q.questions_of(ingredient.id), ingredient.id
        assert len(ingredient.next_steps) >= 3, ingredient.id
    for question in q.questions:
        assert len(question.options) >= 3, question.id
        assert all(o.advice for o in question.options)
        assert max(o.points for o in question.options) == 100, question.id
    steps = " ".join(s.lower() for i in q.ingredients for s in i.next_steps)
    assert "collect three delivered results with dates" in steps
    assert "find the colleague in a similar role who already works remotely" in steps


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    weight: 3\n",
            "    weight: 3\n    wieght: 2\n",
            "q.yaml:16:5: E010: unknown field 'questions.0.wieght'",
        ),
        (
            "    ingredient: beta\n",
            "    ingredient: gamma\n",
            "q.yaml:27:5: E300: unknown ingredient 'gamma' (declared: alpha, beta)",
        ),
        ("  - id: a2\n", "  - id: a1\n", "q.yaml:20:5: E301: duplicate question id 'a1'"),
        (
            "{id: all,",
            "{id: some,",
            "q.yaml:25:10: E301: duplicate option id 'some' in question 'a2'",
        ),
        (
            "points: 50",
            "points: 150",
            "q.yaml:25:38: E012: questions.1.options.1.points: Input should be less",
        ),
        (
            "  - id: a1\n",
            "  - id: A-1\n",
            "q.yaml:13:5: E012: question id 'A-1': ids are lowercase",
        ),
        (
            "    ingredient: beta\n",
            "    ingredient: alpha\n",
            "q.yaml:8:5: E302: ingredient 'beta' has no questions",
        ),
    ],
)
def test_strict_loading_reports_file_line_col(old: str, new: str, expected: str) -> None:
    assert SMALL.count(old) == 1
    assert content_error(SMALL.replace(old, new)).startswith(expected)


def test_every_code_is_documented_in_errors_md() -> None:
    text = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    section = text.split("## Readiness and proposals", 1)[1].split("\n## ", 1)[0]
    documented = dict(re.findall(r"^\| ([EW]\d{3}) \| ([a-z-]+) \|", section, re.MULTILINE))
    codes = {**CODES, **PROPOSAL_CODES}
    assert documented == {code: name for code, (name, _) in codes.items()}


# ---------------------------------------------------------------------------
# Scoring and the chart


def test_scores_are_weighted_means_per_ingredient() -> None:
    result = score(small(), {"a1": "yes", "a2": "some", "b1": "low"})
    assert result.score_map == {"alpha": 88, "beta": 20}  # (3*100 + 50) / 4 = 87.5
    assert result.complete
    assert result.weakest is not None and result.weakest.id == "beta"
    assert result.next_steps == ("Do the beta thing.",)
    assert [a.option.advice for a in result.advice("beta")] == ["Start with beta."]


def test_an_unanswered_ingredient_has_no_score_and_is_not_the_weakest() -> None:
    result = score(small(), {"b1": "high"})
    assert result.score_map == {"alpha": None, "beta": 80}
    assert not result.complete
    assert result.weakest is not None and result.weakest.id == "beta"


def test_a_tie_goes_to_the_ingredient_listed_first() -> None:
    result = score(small(), {"a1": "no", "a2": "all", "b1": "low"})  # alpha 25, beta 20
    assert result.weakest is not None and result.weakest.id == "beta"
    tie = score(small(), {"a1": "no", "a2": "some", "b1": "low"})  # 12.5 -> 13 vs 20
    assert tie.weakest is not None and tie.weakest.id == "alpha"
    even = parse_questionnaire(parse_yaml(SMALL.replace("points: 20", "points: 13"), "q"))
    same = score(even, {"a1": "no", "a2": "some", "b1": "low"})
    assert same.score_map == {"alpha": 13, "beta": 13}
    assert same.weakest is not None and same.weakest.id == "alpha"


def test_no_weakest_when_everything_is_at_100() -> None:
    perfect = parse_questionnaire(parse_yaml(SMALL.replace("points: 80", "points: 100"), "q"))
    result = score(perfect, {"a1": "yes", "a2": "all", "b1": "high"})
    assert result.weakest is None and result.next_steps == ()


def test_unknown_answers_are_ignored_by_scoring() -> None:
    result = score(small(), {"a1": "maybe", "zz": "yes", "b1": "high"})
    assert result.answers == {"b1": "high"}
    assert result.score_map == {"alpha": None, "beta": 80}


def test_bars_use_eighths_of_a_cell() -> None:
    assert bar(0, 10) == "░" * 10
    assert bar(100, 10) == "█" * 10
    assert bar(50, 10) == "█████░░░░░"
    assert bar(88, 20) == "█" * 17 + "▋" + "░░"  # 140.8 eighths -> 141 = 17 cells + 5/8
    assert bar(None, 4) == "░░░░"
    assert all(len(bar(v, 20)) == 20 for v in range(101))


def test_the_chart_snapshot() -> None:
    result = score(small(), {"a1": "yes", "a2": "some", "b1": "low"})
    assert result.chart() == (
        "Alpha            █████████████████▋░░   88\nBeta ingredient  ████░░░░░░░░░░░░░░░░   20"
    )


def test_the_chart_snapshot_with_the_change_since_last_time() -> None:
    result = score(
        small(), {"a1": "yes", "a2": "some"}, previous={"alpha": 88}, compared_with="then"
    )
    assert result.chart(10) == (
        "Alpha            ████████▊░   88   ±0\nBeta ingredient  ░░░░░░░░░░    –"  # noqa: RUF001 (a dash)
    )
    moved = score(small(), {"a1": "no", "a2": "all", "b1": "high"}, {"alpha": 88, "beta": None})
    assert moved.chart(10).splitlines() == [
        "Alpha            ██▌░░░░░░░   25  -63",
        "Beta ingredient  ████████░░   80  new",
    ]


def test_the_shipped_chart_snapshot() -> None:
    q = load_questionnaire()
    answers = {question.id: question.options[1].id for question in q.questions}
    assert score(q, answers).chart() == (
        "Remote-ability          ███████████████▍░░░░   77\n"
        "A champion              ████████████░░░░░░░░   60\n"
        "Brand capital           ████████████▎░░░░░░░   61\n"
        "What's in it for them   ██████████▋░░░░░░░░░   53\n"
        "Timing and preparation  ███████████▎░░░░░░░░   56"
    )


# ---------------------------------------------------------------------------
# Keeping the answers


def test_each_answer_is_saved_at_once_privately(tmp_path: Path) -> None:
    check = ReadinessCheck.open(tmp_path / "data", small())
    check.answer("a1", "yes")
    path = answers_path(tmp_path / "data")
    assert json.loads(path.read_text())["in_progress"]["answers"] == {"a1": "yes"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["answers.json"]  # no temporary left


def test_an_interrupted_check_resumes_where_it_stopped(tmp_path: Path) -> None:
    first = ReadinessCheck.open(tmp_path, small())
    assert not first.resumed
    first.answer("a1", "no")
    first.answer("a2", "all")
    del first  # the program is killed here
    again = ReadinessCheck.open(tmp_path, small())
    assert again.resumed and again.warnings == ()
    assert again.answers == {"a1": "no", "a2": "all"}
    question = again.next_question()
    assert question is not None and question.id == "b1"
    assert again.default_for("a1") == "no"
    again.answer("b1", "high")
    result = again.finish()
    assert result.score_map == {"alpha": 25, "beta": 80}
    assert ReadinessCheck.open(tmp_path, small()).answers == {}


def test_a_retake_is_compared_with_the_last_check(tmp_path: Path) -> None:
    check = ReadinessCheck.open(tmp_path, small())
    first = check.submit({"a1": "no", "a2": "some", "b1": "low"})
    assert first.compared_with is None
    retake = ReadinessCheck.open(tmp_path, small())
    assert retake.default_for("b1") == "low"  # Enter keeps last time's answer
    result = retake.submit({"a1": "yes", "a2": "some", "b1": "low"})
    assert result.compared_with == retake.history[0].finished
    alpha = result.score_of("alpha")
    assert alpha is not None and alpha.previous == 13 and alpha.change == 75
    assert len(ReadinessCheck.open(tmp_path, small()).history) == 2


def test_the_last_result_is_compared_with_the_check_before_it(tmp_path: Path) -> None:
    check = ReadinessCheck.open(tmp_path, small())
    assert check.last_result() is None
    check.submit({"a1": "no", "a2": "some", "b1": "low"})
    first = ReadinessCheck.open(tmp_path, small()).last_result()
    assert first is not None and first.compared_with is None
    assert first.score_map == {"alpha": 13, "beta": 20}
    assert first.weakest is not None and first.weakest.id == "alpha"
    check.submit({"a1": "yes", "a2": "some", "b1": "low"})
    again = ReadinessCheck.open(tmp_path, small())
    last = again.last_result()
    assert last is not None and last.compared_with == again.history[0].finished
    alpha = last.score_of("alpha")
    assert alpha is not None and (alpha.score, alpha.previous) == (88, 13)
    assert last.weakest is not None and last.weakest.id == "beta"


def test_a_check_that_cannot_be_saved_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.prepare import check as check_module

    check = ReadinessCheck.open(tmp_path, small())
    for question, option in (("a1", "no"), ("a2", "all"), ("b1", "high")):
        check.answer(question, option)

    def refuse(path: Path, data: object) -> None:
        raise CoachError(f"cannot save {path}: No space left on device")

    monkeypatch.setattr(check_module, "write_private_json", refuse)
    with pytest.raises(CoachError, match="No space left"):
        check.finish()
    assert check.answers == {"a1": "no", "a2": "all", "b1": "high"}  # still in progress
    assert check.history == ()
    assert check.current().score_map == {"alpha": 25, "beta": 80}
    monkeypatch.undo()
    assert check.finish().score_map == {"alpha": 25, "beta": 80}
    assert len(ReadinessCheck.open(tmp_path, small()).history) == 1


def test_submit_checks_every_answer_and_leaves_a_check_in_progress(tmp_path: Path) -> None:
    check = ReadinessCheck.open(tmp_path, small())
    check.answer("a1", "yes")
    with pytest.raises(CoachError, match="no answer for 1 question"):
        check.submit({"a1": "yes", "a2": "all"})
    with pytest.raises(CoachError, match="has no option 'maybe'"):
        check.submit({"a1": "maybe"})
    check.submit({"a1": "no", "a2": "all", "b1": "high"})
    assert ReadinessCheck.open(tmp_path, small()).answers == {"a1": "yes"}


def test_finish_refuses_an_unfinished_check(tmp_path: Path) -> None:
    check = ReadinessCheck.open(tmp_path, small())
    check.answer("a1", "yes")
    with pytest.raises(CoachError, match="2 question"):
        check.finish()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"format": 1, "in_progress": {"answ', "not valid JSON"),
        ('{"a1": "yes"}', "older format"),
        ('{"format": 0, "answers": {"a1": "yes"}}', "older format (0)"),
        ('{"format": 7}', "newer version of coach"),
        ("[1, 2]", "does not hold a JSON object"),
        ('{"format": 1, "checks": [{"answers": {}}]}', "'finished' time"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_a_bad_answers_file_is_kept_aside_with_a_warning(
    tmp_path: Path, content: str | bytes, reason: str
) -> None:
    path = answers_path(tmp_path)
    path.parent.mkdir(parents=True)
    raw = content.encode() if isinstance(content, str) else content
    path.write_bytes(raw)
    check = ReadinessCheck.open(tmp_path, small())
    [warning] = check.warnings
    assert warning.code == "W300" and reason in warning.message
    assert warning.render().startswith("coach: warning: W300: ")
    kept = [p for p in path.parent.iterdir() if p.name.startswith("answers.json.broken-")]
    assert len(kept) == 1 and kept[0].read_bytes() == raw
    assert kept[0].name in warning.message
    assert check.answers == {} and check.history == ()
    check.answer("a1", "yes")  # a fresh start
    assert json.loads(path.read_text())["format"] == 1


def test_setting_aside_never_overwrites_an_earlier_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from coach.prepare import storage

    monkeypatch.setattr(storage, "utc_now", lambda: dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC))
    path = answers_path(tmp_path)
    path.parent.mkdir(parents=True)
    for text in ("first", "second", "third"):
        path.write_text(text)
        ReadinessCheck.open(tmp_path, small())
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == [
        "answers.json.broken-20250301T093000Z",
        "answers.json.broken-20250301T093000Z-2",
        "answers.json.broken-20250301T093000Z-3",
    ]
    assert (path.parent / names[0]).read_text() == "first"


def test_answers_to_questions_that_no_longer_exist_are_dropped(tmp_path: Path) -> None:
    check = ReadinessCheck.open(tmp_path, small())
    check.answer("a1", "yes")
    check.answer("b1", "low")
    changed = SMALL.replace("{id: low,", "{id: lowest,")
    again = ReadinessCheck.open(tmp_path, parse_questionnaire(parse_yaml(changed, "q")))
    assert [w.code for w in again.warnings] == ["W301"]
    assert again.answers == {"a1": "yes"}


def test_no_save_reads_but_never_writes(tmp_path: Path) -> None:
    ReadinessCheck.open(tmp_path, small()).submit({"a1": "no", "a2": "some", "b1": "low"})
    before = answers_path(tmp_path).read_bytes()
    check = ReadinessCheck.open(tmp_path, small(), save=False)
    check.answer("a1", "yes")
    result = check.submit({"a1": "yes", "a2": "some", "b1": "low"})
    assert result.compared_with is not None
    assert answers_path(tmp_path).read_bytes() == before
    assert check.path is None


def test_an_answers_file_is_checked_with_locations(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text('{"a1": "yes", "b1": "low"}')
    assert read_answers_file(good, small()) == {"a1": "yes", "b1": "low"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("a1: yes\na22: low\n")
    with pytest.raises(ContentError) as caught:
        read_answers_file(bad, small())
    assert caught.value.render() == f"{bad}:2:1: E320: unknown question 'a22' (did you mean 'a2'?)"
    bad.write_text("a1: yes\nb1: lo\n")
    with pytest.raises(ContentError) as caught:
        read_answers_file(bad, small())
    assert caught.value.render() == (
        f"{bad}:2:1: E321: question 'b1' has no option 'lo' (did you mean 'low'?) "
        "(options: high, low)"
    )


# ---------------------------------------------------------------------------
# coach prepare

Run = Callable[..., tuple[int, str, str]]
FULL = {
    "work-away": "most",
    "precedent": "heard",
    "clients": "some-grouped",
    "data": "no",
    "champion": "manager-only",
    "manager": "task-focused",
    "results": "one-two",
    "trusted": "own-tasks",
    "home-days": "once",
    "gain": "general",
    "pressure": "maybe",
    "moment": "steady",
    "policy": "fits",
    "written-plan": "partly",
}


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("COACH_MODEL", "COACH_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    data = tmp_path / "data"
    monkeypatch.setenv("COACH_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    return data


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run_main(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run_main


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    file = tmp_path / "answers.yaml"
    file.write_text("".join(f"{k}: {v}\n" for k, v in FULL.items()), encoding="utf-8")
    return file


def terminal(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", FakeTerminal(text))


def test_prepare_with_an_answers_file(run: Run, answers_file: Path, environment: Path) -> None:
    code, out, err = run("prepare", "--answers", str(answers_file))
    assert code == 0 and err == ""
    assert "A champion              ███████▍░░░░░░░░░░░░   37\n" in out
    assert "Weakest: A champion (37/100)" in out
    assert "1. Name two people with influence" in out
    assert "Your answers on a champion" in out
    assert answers_path(environment).exists()
    code, out, _ = run("prepare", "--answers", str(answers_file), "--format", "json")
    data = json.loads(out)
    assert data["weakest"]["id"] == "champion"
    assert data["compared_with"] is not None
    assert [i["change"] for i in data["ingredients"]] == [0, 0, 0, 0, 0]
    assert data["chart"].splitlines()[1].endswith("37   ±0")
    assert data["saved"] == str(answers_path(environment))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("work-away: most\nbogus: yes\n", ":2:1: E320: unknown question 'bogus'"),
        ("work-away: mostly\n", ":1:1: E321: question 'work-away' has no option 'mostly'"),
        ("work-away: most\n", "coach: error: no answer for 13 question(s): precedent, clients"),
        ("- just\n- a list\n", ":1:1: E012: expected a mapping"),
        ("work-away: [most\n", ":1:"),
    ],
)
def test_prepare_refuses_bad_answers_in_one_line(
    run: Run, tmp_path: Path, content: str, message: str
) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(content, encoding="utf-8")
    code, out, err = run("prepare", "--answers", str(file))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "Traceback" not in err


def test_prepare_without_answers_or_a_terminal_is_bad_usage(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = run("prepare")
    assert code == 2 and out == ""
    assert err.startswith("coach: error: no answers given") and "--answers FILE" in err
    code, _, err = run("prepare", "--answers", str(tmp_path / "missing.yaml"))
    assert code == 2 and err == f"coach: error: file not found: {tmp_path / 'missing.yaml'}\n"


def test_prepare_lists_the_question_ids(run: Run) -> None:
    code, out, _ = run("prepare", "--questions")
    assert code == 0
    assert out.splitlines()[0].startswith("work-away  (remote-ability)  How much of your work")
    assert "    most: Most of it; a few things need me in person" in out
    code, out, _ = run("prepare", "--questions", "--format", "json")
    assert json.loads(out)[0]["options"][0] == {"id": "nearly-all", "text": "Nearly all of it"}


def test_prepare_in_a_terminal_stops_and_carries_on(
    run: Run, monkeypatch: pytest.MonkeyPatch, environment: Path
) -> None:
    terminal(monkeypatch, "2\n9\n3\n")  # two answers (9 is refused), then the input ends
    code, out, err = run("prepare")
    assert code == 130 and out == ""
    assert "Please type a number from 1 to 4." in err
    assert "Your 2 answer(s) are saved" in err
    saved = json.loads(answers_path(environment).read_text())["in_progress"]["answers"]
    assert saved == {"work-away": "most", "precedent": "nobody"}

    terminal(monkeypatch, "b\n\n" + "1\n" * 12)  # back to question 2, Enter keeps it
    code, out, err = run("prepare")
    assert code == 0, err
    assert "Carrying on where you stopped: 2 of 14 answered." in err
    assert "question 2 of 14" in err and "(your answer)" in err
    assert "Remote-ability          ███████████████▎░░░░   76" in out
    assert "Weakest: Remote-ability (76/100)" in out


def test_prepare_retake_keeps_answers_on_enter(
    run: Run, monkeypatch: pytest.MonkeyPatch, answers_file: Path
) -> None:
    run("prepare", "--answers", str(answers_file))
    terminal(monkeypatch, "\n" * 14)
    code, out, err = run("prepare")
    assert code == 0, err
    assert "Enter keeps your answer from last time." in err
    assert "Compared with your last check" in out
    assert out.count("±0") == 5


def test_prepare_restart_drops_a_check_in_progress(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal(monkeypatch, "1\nq\n")
    assert run("prepare")[0] == 130
    terminal(monkeypatch, "q\n")
    code, _, err = run("prepare", "--restart")
    assert code == 130 and "Carrying on" not in err and "Stopped." in err


@pytest.mark.parametrize(
    "module",
    sorted(
        [*(REPO / "coach" / "prepare").glob("*.py"), *(REPO / "coach" / "proposal").glob("*.py")]
    ),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_the_domain_never_imports_a_ui_library(module: Path) -> None:
    import ast

    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"rich", "textual"}


def test_importing_the_packages_loads_neither_spacy_nor_a_ui() -> None:
    import subprocess

    code = (
        "import sys, coach.prepare, coach.proposal, coach.dialogue.facts\n"
        "print(sorted(m for m in ('spacy', 'rich', 'textual') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
