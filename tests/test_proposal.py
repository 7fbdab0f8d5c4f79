"""The proposal builder: facts, templates, the draft and its review, HTML export,
the saved facts, and ``coach proposal``."""

from __future__ import annotations

import datetime as dt
import io
import json
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.analysis import Analyzer
from coach.cli import main
from coach.coaching import Coach
from coach.config import DEFAULT_MODEL
from coach.content.yamlsource import parse_yaml
from coach.errors import CoachError, ContentError
from coach.proposal import (
    FACTS,
    PLACEHOLDERS,
    Concern,
    ProposalFacts,
    build_draft,
    checked_text,
    choose_template,
    duration_days,
    facts_path,
    fill_template,
    load_facts,
    load_field_guide,
    load_practice_facts,
    parse_facts,
    parse_template,
    practice_facts,
    review_draft,
    save_facts,
    shipped_template_names,
    to_html,
    user_template_path,
)
from coach.proposal.guide import parse_guide

DAY = dt.date(2025, 3, 3)

COMPLETE = """\
name: Alex Morgan
manager: Dana Reyes
role: Data analyst in the finance reporting team
schedule: Tuesdays and Thursdays at home
gains:
  - The forecasting model would ship faster with fewer interruptions
  - I would close the month-end reports a day sooner
reachability: a short update in the team channel every morning, a weekly video
  check-in with you, and replies within an hour
measures: the month-end reports delivered on the agreed day, and the forecast backlog
trial_length: eight weeks
review: a check-in after four weeks and a review at the end
concerns:
  - concern: Client data at home
    answer: I would only use the encrypted company laptop on the VPN, never public Wi-Fi
  - concern: The juniors lose time with me
    answer: I will be in the office on Mondays, Wednesdays and Fridays for pairing
"""

INCOMPLETE = """\
role: Data analyst
schedule: Fridays at home
gains: I could concentrate better
concerns:
  - concern: What about client data
"""


def facts_of(text: str) -> ProposalFacts:
    return parse_facts(parse_yaml(text, "facts.yaml"))


@pytest.fixture(scope="module")
def coach(analyzer: Analyzer) -> Coach:
    loaded = Coach.load()
    loaded.attach_pipeline(analyzer.nlp)
    return loaded


# ---------------------------------------------------------------------------
# Facts


def test_facts_are_read_strictly_and_tidied() -> None:
    facts = facts_of(COMPLETE)
    assert facts.reachability.startswith("a short update in the team channel every morning, a")
    assert "  " not in facts.reachability
    assert facts.gains[0] == "The forecasting model would ship faster with fewer interruptions"
    assert facts.concerns[0] == Concern(
        "Client data at home",
        "I would only use the encrypted company laptop on the VPN, never public Wi-Fi",
    )
    assert facts.missing() == ()
    assert facts.trial_days == 56
    incomplete = facts_of(INCOMPLETE)
    assert incomplete.gains == ("I could concentrate better",)
    assert incomplete.missing() == ("reachability", "measures", "trial_length", "review")
    assert ProposalFacts.from_json(facts.to_json()) == facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("role: x\nshedule: Fridays\n", "facts.yaml:2:1: E010: unknown field 'shedule'"),
        ("gains: 3\n", "facts.yaml:1:1: E012: gains"),
        (
            "concerns:\n  - {concern: x, topic: weather}\n",
            "facts.yaml:2:18: E012: concerns.0.topic",
        ),
        (
            "concerns:\n  - {answer: x}\n",
            "facts.yaml:2:5: E011: missing field 'concerns.0.concern'",
        ),
        ("", "facts.yaml:1:1: E012: the facts file is empty"),
        ("- a list\n", "facts.yaml:1:1: E012: expected a mapping"),
    ],
)
def test_bad_facts_are_content_errors(text: str, expected: str) -> None:
    with pytest.raises(ContentError) as caught:
        facts_of(text)
    assert caught.value.render().startswith(expected)


def test_known_topics_follow_the_concern_words_not_their_spacing_or_case() -> None:
    saved = ProposalFacts(concerns=(Concern("Client data at home", "VPN", "security"),))
    reviewed = ProposalFacts(concerns=(Concern("The others in the team", "", "fairness"),))
    form = ProposalFacts(
        concerns=(
            Concern("client  data at HOME", "VPN"),
            Concern("The others in the team", "A rota"),
            Concern("Something new", ""),
            Concern("Client data at home", "", "clients"),  # a topic given stays
        )
    )
    topics = [c.topic for c in form.with_known_topics(None, saved, reviewed).concerns]
    assert topics == ["security", "fairness", None, "clients"]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("eight weeks", 56),
        ("a 90-day trial", 90),
        ("Three months", 90),
        ("6 weeks, then review", 42),
        ("a fortnight", 14),
        ("until the summer", None),
        ("", None),
    ],
)
def test_duration_days(text: str, days: int | None) -> None:
    assert duration_days(text) == days


# ---------------------------------------------------------------------------
# The field guide


def test_the_shipped_guide_covers_every_fact(coach: Coach) -> None:
    guide = load_field_guide()
    assert [f.name for f in guide.ordered()] == list(FACTS)
    rules = {r.id for r in coach.all_rules}
    for fact in guide.ordered():
        assert fact.label and fact.prompt
        if fact.missing is not None:
            assert set(fact.missing.covers) <= rules, fact.name
    assert guide.fields["measures"].missing is not None
    assert guide.fields["measures"].missing.title == "No success measure yet"


GUIDE = """\
fields:
{entries}
unanswered_concern: {{title: T, level: tip, message: "M {{concern}}", why: W}}
"""


def guide_text(skip: str = "", extra: str = "", message: str = "M {concern}") -> str:
    lines = []
    for name in FACTS:
        if name == skip:
            continue
        if name in ("name", "manager"):
            lines.append(f"  {name}: {{label: L, prompt: P}}")
        else:
            lines.append(
                f"  {name}: {{label: L, prompt: P, stand_in: '[s]', "
                "missing: {title: T, level: tip, message: M, why: W}}"
            )
    lines += [extra] if extra else []
    text = GUIDE.format(entries="\n".join(lines))
    return text.replace("M {concern}", message)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            guide_text(extra="  mood: {label: L, prompt: P}"),
            "g.yaml:12:3: E311: unknown fact 'mood'",
        ),
        (guide_text(skip="review"), "g.yaml:1:1: E312: the fact 'review' has no entry"),
        (
            guide_text().replace(
                "  role: {label: L, prompt: P, stand_in: '[s]', ", "  role: {label: L, prompt: P, "
            ),
            "g.yaml:4:3: E312: the fact 'role' needs a 'stand_in'",
        ),
        (guide_text(message="M {topic}"), "g.yaml:12:44: E310: the only placeholder here"),
    ],
)
def test_guide_errors(text: str, expected: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_guide(parse_yaml(text, "g.yaml"))
    assert caught.value.render().startswith(expected)


def test_empty_facts_become_findings_in_the_order_they_are_asked() -> None:
    guide = load_field_guide()
    assert guide.gaps(facts_of(COMPLETE)) == ()
    gaps = guide.gaps(facts_of(INCOMPLETE))
    assert [g.rule_id for g in gaps] == [
        "proposal-no-reachability",
        "proposal-no-measures",
        "proposal-no-trial-length",
        "proposal-no-review",
        "proposal-unanswered-concern",
    ]
    assert gaps[1].title == "No success measure yet" and gaps[1].level == "warning"
    assert gaps[4].message.endswith("“What about client data”")
    nothing = [g.rule_id for g in guide.gaps(ProposalFacts())]
    assert nothing[:2] == ["proposal-no-role", "proposal-no-schedule"]
    assert "proposal-no-concerns" in nothing and "proposal-no-name" not in nothing


# ---------------------------------------------------------------------------
# Templates


def test_the_shipped_templates_use_only_known_placeholders() -> None:
    assert set(shipped_template_names()) >= {"proposal", "email"}
    assert set(FACTS) < set(PLACEHOLDERS)
    for name in shipped_template_names():
        template = choose_template(None, name)
        assert template.names <= set(PLACEHOLDERS)
        assert {"schedule", "gains", "measures", "trial_length"} <= template.names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Hi\n\nDear {boss},\n", "t.md:3:6: E310: unknown placeholder {boss} (known: name,"),
        ("a {role\n", "t.md:1:3: E310: unbalanced brace"),
        ("ok}\n", "t.md:1:3: E310: unbalanced brace"),
    ],
)
def test_template_errors_have_locations(text: str, expected: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_template(text, "t.md")
    assert caught.value.render().startswith(expected)


def test_filling_a_template() -> None:
    template = parse_template(
        "{{literal}} for {manager}\n"
        "Role: {role}\n"
        "{gains}\n"
        "  {concerns}\n"
        "{measures}\n"
        "Try it for {trial_length} and judge it on {measures}; gains: {gains}.\n"
        "\n\n\n"
        "{name}\n",
        "t.md",
    )
    guide = load_field_guide()
    facts = ProposalFacts(
        role="analyst",
        gains=("faster reports.", "fewer errors"),
        measures="the error rate.",
        concerns=(Concern("data", "VPN only"), Concern("clients")),
    )
    assert fill_template(template, facts, guide, DAY) == (
        "Role: analyst\n"  # the line with the empty optional {manager} is left out
        "- Faster reports.\n"
        "- Fewer errors.\n"
        "  - **data**: VPN only.\n"
        "  - **clients**: [your answer]\n"
        "The error rate.\n"
        "Try it for [how long] and judge it on the error rate; "
        "gains: faster reports; fewer errors.\n"
    )
    named = fill_template(template, facts.with_values(name="Alex", manager="Dana"), guide, DAY)
    assert named.startswith("{literal} for Dana\n")
    assert named.endswith("\n\nAlex\n")  # a signature is not made into a sentence


def test_the_complete_draft_snapshot() -> None:
    draft = build_draft(facts_of(COMPLETE), today=DAY)
    assert draft.template == "rules/proposal/proposal.md"
    assert draft.markdown == (
        "# Proposal: Tuesdays and Thursdays at home, as a trial\n"
        "\n"
        "*Data analyst in the finance reporting team · 3 March 2025*\n"
        "\n"
        "*For Dana Reyes, from Alex Morgan*\n"
        "\n"
        "## What the team gains\n"
        "\n"
        "- The forecasting model would ship faster with fewer interruptions.\n"
        "- I would close the month-end reports a day sooner.\n"
        "\n"
        "## The arrangement\n"
        "\n"
        "The arrangement I propose: Tuesdays and Thursdays at home.\n"
        "\n"
        "## Staying reachable\n"
        "\n"
        "A short update in the team channel every morning, a weekly video check-in with you, "
        "and replies within an hour.\n"
        "\n"
        "## How we will know it works\n"
        "\n"
        "We can judge it on the month-end reports delivered on the agreed day, and the "
        "forecast backlog.\n"
        "\n"
        "## The trial\n"
        "\n"
        "We try it for eight weeks, then decide together. We review it: a check-in after four "
        "weeks and a review at the end. If it is not working, we go back to the way things are "
        "now.\n"
        "\n"
        "## Concerns you may have\n"
        "\n"
        "- **Client data at home**: I would only use the encrypted company laptop on the VPN, "
        "never public Wi-Fi.\n"
        "- **The juniors lose time with me**: I will be in the office on Mondays, Wednesdays "
        "and Fridays for pairing.\n"
        "\n"
        "## Next step\n"
        "\n"
        "I would value your view, and there is no rush for an answer: could we look at it "
        "together at our next one-to-one?\n"
        "\n"
        "Thank you for considering it.\n"
        "\n"
        "Alex Morgan\n"
    )
    assert draft.gaps == ()


def test_the_checked_text_leaves_out_headings_bylines_and_gaps() -> None:
    text = (
        "# Title\n\n*byline*\n\nHi Dana,\n\nHere is the idea:\n\n[what the team gains]\n\n"
        "We try it for [how long]. It is **reversible**\n\n- a point\n- [your answer]\n---\n"
    )
    assert checked_text(text, ["[what the team gains]", "[how long]", "[your answer]"]) == (
        "Hi Dana,\nIt is reversible.\na point.\n"
    )
    assert checked_text(text).startswith("Hi Dana,\nHere is the idea:\n[what the team gains]")


# ---------------------------------------------------------------------------
# The review: the same detection and coaching as coach check


def test_a_complete_proposal_earns_praise_and_no_gaps(analyzer: Analyzer, coach: Coach) -> None:
    review = review_draft(build_draft(facts_of(COMPLETE), today=DAY), analyzer, coach)
    ids = [f.rule_id for f in review.findings]
    assert not [i for i in ids if i.startswith("proposal-")]
    assert {"praise-leads-with-business", "praise-trial", "praise-reachability"} <= set(ids)
    assert {"praise-measures", "praise-leaves-time"} <= set(ids)
    assert not [f for f in review.findings if f.level in ("warning", "blocker")]
    present = set(review.detection.present())
    assert {"business-benefit", "trial-proposal", "communication-plan", "success-measure"} <= (
        present
    )


def test_an_incomplete_proposal_lists_the_gaps_with_the_coaching(
    analyzer: Analyzer, coach: Coach
) -> None:
    draft = build_draft(facts_of(INCOMPLETE), today=DAY)
    assert "We can judge it on [how results will be measured]." in draft.markdown
    assert "[how results will be measured]" not in draft.checked_text
    review = review_draft(draft, analyzer, coach)
    ids = [f.rule_id for f in review.findings]
    assert ids[:4] == [
        "proposal-no-reachability",
        "proposal-no-measures",
        "proposal-no-trial-length",
        "proposal-unanswered-concern",
    ]
    assert ids.index("proposal-no-review") < ids.index("show-track-record")  # tips after
    # The coaching rules that say what a gap says are left out; the stand-ins earn nothing.
    assert not {"say-how-measured", "say-how-reachable", "propose-a-trial"} & set(ids)
    assert not {"praise-measures", "praise-reachability", "praise-trial"} & set(ids)
    assert "praise-leads-with-business" in ids
    misses = review.select(min_level="warning", praise=False)
    assert all(f.rule_id.startswith("proposal-") for f in misses)
    data = review.to_json()
    assert data["missing"] == ["reachability", "measures", "trial_length", "review"]
    assert data["findings"][0]["source"] == "facts"
    assert {f["source"] for f in data["findings"]} == {"facts", "coaching"}
    assert data["check"]["situation"] == "opening-pitch"
    assert data["check"]["text"] == draft.checked_text


# ---------------------------------------------------------------------------
# Export


def test_html_is_self_contained_and_escaped() -> None:
    facts = ProposalFacts(
        role='Analyst <script>alert("x")</script>',
        schedule="Fridays & Mondays",
        gains=("**Bold** results <img src=x onerror=alert(1)>",),
        concerns=(Concern("Data", "a <b>VPN</b>"),),
    )
    page = build_draft(facts, today=DAY).html()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<title>Proposal: Fridays &amp; Mondays, as a trial</title>" in page
    assert "<li><strong>Bold</strong> results" in page
    assert "<li><strong>Data</strong>: A &lt;b&gt;VPN&lt;/b&gt;.</li>" in page
    assert (
        "<style>" in page and "http" not in page and " src=" not in page.replace("&lt;img src=", "")
    )


def test_html_blocks() -> None:
    html = to_html("# T\n\nOne\ntwo *em*\n\n1. a\n2. b\n- c\n\n---\n`x<y`\n", "My title")
    assert "<title>My title</title>" in html
    assert "<h1>T</h1>\n<p>One two <em>em</em></p>\n<ol>\n  <li>a</li>\n  <li>b</li>\n</ol>" in html
    assert "<ul>\n  <li>c</li>\n</ul>\n<hr>\n<p><code>x&lt;y</code></p>" in html


# ---------------------------------------------------------------------------
# Choosing the template


def test_a_user_template_overrides_the_shipped_one(tmp_path: Path) -> None:
    assert choose_template(tmp_path, None).path == "rules/proposal/proposal.md"
    mine = user_template_path(tmp_path)
    mine.parent.mkdir(parents=True)
    mine.write_text("# My own: {schedule}\n\n{gains}\n", encoding="utf-8")
    assert choose_template(tmp_path, None).path == str(mine)
    draft = build_draft(facts_of(COMPLETE), choose_template(tmp_path, None), today=DAY)
    assert draft.markdown.startswith("# My own: Tuesdays and Thursdays at home\n\n- The")
    other = tmp_path / "other.md"
    other.write_text("{role}\n", encoding="utf-8")
    assert choose_template(tmp_path, str(other)).path == str(other)
    assert choose_template(tmp_path, "email").path == "rules/proposal/email.md"
    with pytest.raises(CoachError, match="template not found: nope"):
        choose_template(tmp_path, "nope")


# ---------------------------------------------------------------------------
# The saved facts, and practice


def test_facts_are_saved_privately_and_read_back(tmp_path: Path) -> None:
    facts = facts_of(COMPLETE)
    path = save_facts(tmp_path / "data", facts)
    assert path == facts_path(tmp_path / "data")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    saved = load_facts(tmp_path / "data")
    assert saved.facts == facts and saved.saved is not None and saved.warnings == ()
    assert load_facts(tmp_path / "elsewhere").facts is None


@pytest.mark.parametrize(
    "content", ["{not json", '{"format": 1, "facts": {"role": 3}}', '{"role": "x"}']
)
def test_bad_saved_facts_are_kept_aside(tmp_path: Path, content: str) -> None:
    path = facts_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(content)
    saved = load_facts(tmp_path)
    assert saved.facts is None
    [warning] = saved.warnings
    assert warning.code == "W300"
    [kept] = [p for p in path.parent.iterdir() if ".broken-" in p.name]
    assert kept.read_text() == content and not path.exists()


def test_practice_facts_from_proposal_facts(coach: Coach, tmp_path: Path) -> None:
    facts = facts_of(COMPLETE)
    assert facts.expected_topics == frozenset()  # not detected yet
    practice = practice_facts(facts, lambda text: coach.detect_topic(None, text))
    assert practice.expected_topics == {"security", "junior-role"}
    assert practice.variables() == {"expects-junior-role": 1, "expects-security": 1}
    assert practice.words() == {
        "schedule": "Tuesdays and Thursdays at home",
        "metric": "the month-end reports delivered on the agreed day, and the forecast backlog",
        "duration": "eight weeks",
        "reason": "The forecasting model would ship faster with fewer interruptions.",
    }
    save_facts(tmp_path, facts.with_topics(lambda text: coach.detect_topic(None, text)))
    loaded, warnings = load_practice_facts(tmp_path)
    assert loaded == practice and warnings == ()
    assert load_practice_facts(tmp_path / "none") == (None, ())


# ---------------------------------------------------------------------------
# coach proposal

Run = Callable[..., tuple[int, str, str]]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("COACH_MODEL", "COACH_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    data = tmp_path / "data"
    monkeypatch.setenv("COACH_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    return data


@pytest.fixture
def run(
    analyzer: Analyzer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
) -> Run:
    real_load = Analyzer.load.__func__  # type: ignore[attr-defined]

    def load(cls: type[Analyzer], model: str, rules: Path | None = None) -> Analyzer:
        if model == DEFAULT_MODEL and rules is None:
            return analyzer
        result: Analyzer = real_load(cls, model, rules)
        return result

    monkeypatch.setattr(Analyzer, "load", classmethod(load))

    def run_main(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run_main


@pytest.fixture
def complete_file(tmp_path: Path) -> Path:
    file = tmp_path / "facts.yaml"
    file.write_text(COMPLETE, encoding="utf-8")
    return file


@pytest.fixture
def incomplete_file(tmp_path: Path) -> Path:
    file = tmp_path / "incomplete.json"
    file.write_text(json.dumps(facts_of(INCOMPLETE).to_json()), encoding="utf-8")
    return file


def test_proposal_writes_the_draft_to_stdout_and_the_feedback_to_stderr(
    run: Run, complete_file: Path, data_dir: Path
) -> None:
    code, out, err = run("proposal", "--facts", str(complete_file))
    assert code == 0, err
    assert out.startswith("# Proposal: Tuesdays and Thursdays at home, as a trial\n")
    assert "Feedback on the draft" not in out
    assert "Feedback on the draft (" in err and "✓ praise  Offers a time-boxed trial" in err
    assert f"Saved the facts to {facts_path(data_dir)} for next time." in err
    saved = json.loads(facts_path(data_dir).read_text())["facts"]
    assert [c["topic"] for c in saved["concerns"]] == ["security", "junior-role"]


def test_proposal_to_a_file_as_html_with_the_feedback_on_stdout(
    run: Run, incomplete_file: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "proposal.html"
    code, out, err = run("proposal", "--facts", str(incomplete_file), "--out", str(out_file))
    assert code == 0, err
    page = out_file.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>Proposal: Fridays at home" in page
    assert out.startswith("\nFeedback on the draft (")
    assert "! warning No success measure yet [proposal-no-measures]" in out
    assert f"Wrote the draft to {out_file}." in err


def test_proposal_as_json(run: Run, incomplete_file: Path, tmp_path: Path) -> None:
    code, out, err = run("proposal", "--facts", str(incomplete_file), "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["markdown"].startswith("# Proposal: Fridays at home")
    assert data["findings"][0]["rule"] == "proposal-no-reachability"
    assert data["facts"]["concerns"][0]["topic"] == "security"
    assert data["saved"].endswith("facts.json")
    target = tmp_path / "p.json"
    code, out, _ = run("proposal", "--facts", str(incomplete_file), "--out", str(target))
    assert code == 0 and json.loads(target.read_text())["format"] == 1


def test_proposal_fail_on_and_no_save(
    run: Run, incomplete_file: Path, complete_file: Path, data_dir: Path
) -> None:
    code, _, _ = run("proposal", "--facts", str(incomplete_file), "--fail-on", "warning")
    assert code == 1
    code, _, _ = run("proposal", "--facts", str(complete_file), "--fail-on", "warning")
    assert code == 0
    facts_path(data_dir).unlink()
    code, _, err = run("proposal", "--facts", str(complete_file), "--no-save", "--no-praise")
    assert code == 0 and not facts_path(data_dir).exists()
    assert "praise" not in err and "Saved the facts" not in err


def test_proposal_with_a_template(run: Run, complete_file: Path, tmp_path: Path) -> None:
    code, out, _ = run("proposal", "--facts", str(complete_file), "--template", "email")
    assert code == 0 and out.startswith("Subject: A proposal for the team\n\nHi Dana Reyes,\n")
    template = tmp_path / "mine.md"
    template.write_text("Mine: {schedule} from {date}\n", encoding="utf-8")
    code, out, _ = run("proposal", "--facts", str(complete_file), "--template", str(template))
    assert code == 0 and out.startswith("Mine: Tuesdays and Thursdays at home from ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--facts", "{tmp}/missing.yaml"], "coach: error: file not found: {tmp}/missing.yaml"),
        (["--facts", "{tmp}/bad.yaml"], "{tmp}/bad.yaml:2:1: E010: unknown field 'schedual'"),
        (["--facts", "{tmp}/ok.yaml", "--template", "{tmp}/t.md"], "{tmp}/t.md:1:8: E310:"),
        (["--facts", "{tmp}/ok.yaml", "--template", "nope"], "coach: error: template not found"),
        (["--facts", "{tmp}/ok.yaml", "--format", "pdf"], "coach: error: argument --format"),
        (
            ["--facts", "{tmp}/ok.yaml", "--max-chars", "10"],
            "coach: error: the draft: the text has",
        ),
    ],
)
def test_proposal_refuses_bad_input_in_one_line(
    run: Run, tmp_path: Path, argv: list[str], message: str
) -> None:
    (tmp_path / "bad.yaml").write_text("role: x\nschedual: y\n", encoding="utf-8")
    (tmp_path / "ok.yaml").write_text("role: x\n", encoding="utf-8")
    (tmp_path / "t.md").write_text("Hello, {nme}\n", encoding="utf-8")
    code, out, err = run("proposal", *[a.format(tmp=tmp_path) for a in argv])
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(message.format(tmp=tmp_path)) and "Traceback" not in err


def test_proposal_needs_facts_or_a_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = run("proposal")
    assert code == 2 and out == ""
    assert err.startswith("coach: error: no facts given") and "--facts FILE" in err


ANSWERS = [
    "Alex",  # name
    "",  # manager: left empty
    "Analyst",  # role
    "Fridays at home",  # schedule
    "The forecasting model would ship faster",  # gains
    "",
    "a daily update",  # reachability
    "-",  # measures: cleared
    "six weeks",  # trial length
    "a review at the end",  # review
    "Client data",  # concerns
    "VPN only",
    "",
]


def test_proposal_asks_in_a_terminal_and_keeps_answers_next_time(
    run: Run, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeTerminal("\n".join(ANSWERS) + "\n"))
    code, out, err = run("proposal")
    assert code == 0, err
    assert "Your role: What is your role, and in which team?" in err
    assert "The arrangement I propose: Fridays at home." in out
    assert "We can judge it on [how results will be measured]." in out
    saved = load_facts(data_dir).facts
    assert saved is not None
    assert saved.gains == ("The forecasting model would ship faster",)
    assert saved.concerns == (Concern("Client data", "VPN only", "security"),)
    # Next time Enter keeps every answer (one Enter per fact, lists included).
    monkeypatch.setattr(sys, "stdin", FakeTerminal("\n" * len(FACTS)))
    code, again, err = run("proposal")
    assert code == 0, err
    assert "Enter keeps: Analyst" in err and "Enter keeps your 1 concern(s)" in err
    assert again == out
    # The input ending midway saves nothing.
    monkeypatch.setattr(sys, "stdin", FakeTerminal("Bob\n"))
    code, _, _ = run("proposal")
    assert code == 130
    assert load_facts(data_dir).facts == saved


def test_the_guide_documents_every_placeholder_fact_and_file() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "prepare.md").read_text("utf-8")
    for name in PLACEHOLDERS:
        assert f"| `{{{name}}}` |" in doc, name
    for fact in FACTS:
        assert f"| `{fact}` |" in doc, fact
    for path in ("prepare/answers.json", "proposal/facts.json", "templates/proposal.md"):
        assert f"`{path}`" in doc, path


def test_a_bad_saved_facts_file_is_set_aside_not_overwritten(
    run: Run, complete_file: Path, data_dir: Path
) -> None:
    path = facts_path(data_dir)
    path.parent.mkdir(parents=True)
    path.write_text("{broken", encoding="utf-8")
    code, _, err = run("proposal", "--facts", str(complete_file))
    assert code == 0
    assert err.startswith(f"coach: warning: W300: {path} could not be used (it is not valid JSON")
    [kept] = [p for p in path.parent.iterdir() if ".broken-" in p.name]
    assert kept.read_text(encoding="utf-8") == "{broken"
    assert load_facts(data_dir).facts == facts_of(COMPLETE).with_topics(
        {"Client data at home": "security", "The juniors lose time with me": "junior-role"}.get
    )
