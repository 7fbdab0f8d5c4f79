"""Replaying a transcript: the conversation as recorded, and re-scored with today's
rules and pipeline.

- :func:`match_scenario` finds the recorded scenario today and says whether it is
  still there and unchanged (the content hash in the header); replay works either
  way, since everything shown comes from the file;
- :func:`replay_text` is the plain replay (``coach replay FILE --plain``);
- :func:`rescore` runs detection and coaching again on every recorded reply and
  returns plain data: findings added and removed per turn, the score then and now,
  and where today's dialogue tree would branch differently; :func:`rescore_text`
  prints it.

No Rich or Textual here: the app's replay screen calls the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import CoachError
from coach.transcript.format import scenario_hash
from coach.transcript.reader import RecordedTurn, Transcript, TranscriptWarning

if TYPE_CHECKING:
    from coach.coaching import Coach, Feedback, Finding, Scorecard
    from coach.dialogue.engine import ScenarioState
    from coach.dialogue.model import Scenario
    from coach.nlp.detection import Detection
    from coach.session import Detector

SYMBOLS = {"praise": "✓", "tip": "!", "warning": "!", "blocker": "✗"}

SAME = "same"
CHANGED = "changed"
MISSING = "missing"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class ScenarioMatch:
    """The recorded scenario as it is today."""

    status: str
    """``same``, ``changed`` (hash differs), ``missing`` (gone or broken) or ``unknown``
    (no hash recorded, or the scenario is built in code)."""
    scenario: Scenario | None = None
    file: Path | None = None
    warnings: tuple[TranscriptWarning, ...] = ()


def match_scenario(
    transcript: Transcript,
    content: Iterable[Path] = (),
    then: str = "showing the conversation as recorded",
) -> ScenarioMatch:
    """Find the transcript's scenario among today's (shipped and ``content``). The
    warnings end with ``then``: what the caller does about it."""
    from coach.dialogue.library import find_scenario_file, load_scenario_file

    sid = transcript.scenario_id
    name = str(transcript.path)

    def warn(message: str) -> TranscriptWarning:
        return TranscriptWarning(name, 1, message)

    try:
        file = find_scenario_file(sid, content)
        scenario = load_scenario_file(file)
    except CoachError:
        return ScenarioMatch(
            MISSING,
            warnings=(warn(f"scenario {sid!r} no longer exists (or no longer loads); {then}"),),
        )
    recorded = transcript.header.scenario_sha256
    today = scenario_hash(scenario)
    if recorded is None or today is None:
        return ScenarioMatch(UNKNOWN, scenario, file)
    if recorded != today:
        return ScenarioMatch(
            CHANGED,
            scenario,
            file,
            (
                warn(
                    f"scenario {sid!r} has changed since this session was recorded "
                    f"(its content hash differs); {then}"
                ),
            ),
        )
    return ScenarioMatch(SAME, scenario, file)


# ---------------------------------------------------------------------------
# Plain text


def feedback_lines(
    feedback: Feedback,
    *,
    min_level: str | None = None,
    praise: bool = True,
    everything: bool = False,
) -> list[str]:
    """Feedback as ``practice --plain`` prints it: the findings that pass the filters
    (the three most important unless ``everything``), then the suggested rewrite."""
    chosen = feedback.select(min_level, praise)
    shown = chosen if everything else chosen[:3]
    hidden = len(chosen) - len(shown)
    if not shown:
        return ["  Feedback: nothing to add."]
    lines = ["  Feedback:"]
    lines += [f"    {SYMBOLS.get(f.level, '·')} {f.title}: {f.message}" for f in shown]
    if hidden > 0:
        lines.append(f"    (+{hidden} more with --all)")
    if feedback.suggestion:
        lines.append("  " + block("Try: ", feedback.suggestion))
    return lines


def block(head: str, text: str) -> str:
    """``head`` before the first line of ``text``, the others indented under it."""
    pad = " " * len(head)
    lines = text.splitlines() or [""]
    return "\n".join([head + lines[0], *(pad + line for line in lines[1:])])


def describe_header(transcript: Transcript) -> list[str]:
    header = transcript.header
    started = header.started_at
    when = started.strftime("%Y-%m-%d %H:%M UTC") if started else header.started
    pipeline = " ".join(
        v for v in (header.pipeline.get("name"), header.pipeline.get("version")) if v
    )
    details = [f"recorded {when}", f"seed {header.seed}"]
    if pipeline:
        details.append(pipeline)
    if header.app_version:
        details.append(f"coach {header.app_version}")
    lines = [f"== {header.scenario_title} ==", f"Session {transcript.id}: " + ", ".join(details)]
    if header.origin is not None:
        lines.append(f"Retried from reply {header.origin.turn} of {header.origin.transcript}")
    for resumed in transcript.resumptions:
        lines.append(
            f"Resumed after reply {resumed.turn}" + (f" ({resumed.time})" if resumed.time else "")
        )
    return lines


def replay_text(
    transcript: Transcript,
    *,
    min_level: str | None = None,
    praise: bool = True,
    everything: bool = False,
    feedback: bool = True,
) -> str:
    """The recorded conversation as plain text: the manager's lines, the replies, the
    feedback as it was given, the ending and the scorecard."""
    out = describe_header(transcript)
    out += conversation_lines(
        transcript,
        feedback=feedback,
        min_level=min_level,
        praise=praise,
        everything=everything,
    )
    out.append("")
    out += closing_lines(transcript)
    card = transcript.scorecard
    if card is not None:
        out += ["", card.render_plain().rstrip("\n")]
    return "\n".join(out) + "\n"


def conversation_lines(
    transcript: Transcript,
    *,
    upto: int | None = None,
    feedback: bool = True,
    min_level: str | None = None,
    praise: bool = True,
    everything: bool = False,
) -> list[str]:
    """The opening line, then each reply (up to reply ``upto``) with its feedback and
    the manager's answer, each block after a blank line."""
    name = transcript.manager_name
    out: list[str] = []
    if transcript.opening is not None:
        out += ["", block(f"{name}: ", transcript.opening)]
    for turn in transcript.turns:
        if upto is not None and turn.turn > upto:
            break
        out += ["", block("You: ", turn.text)]
        if turn.analysed:
            fb = turn.feedback
            if feedback and fb is not None:
                out += feedback_lines(fb, min_level=min_level, praise=praise, everything=everything)
        elif feedback:
            out.append("  (not analysed: the session stopped while this reply was analysed)")
        if turn.manager_line is not None:
            out += ["", block(f"{name}: ", turn.manager_line)]
    return out


def closing_lines(transcript: Transcript) -> list[str]:
    ending = transcript.ending
    if ending is not None:
        return [
            f"Outcome: {ending.outcome_label}. {ending.title}.",
            f"Debrief: {ending.debrief}",
        ]
    if transcript.stops and transcript.stops[-1].turn == len(transcript.turns):
        return ["Stopped before an ending ('coach resume' continues it)."]
    return ["The session was interrupted before an ending ('coach resume' continues it)."]


# ---------------------------------------------------------------------------
# Re-scoring


@dataclass(frozen=True)
class FindingRef:
    rule: str
    title: str
    level: str


@dataclass(frozen=True)
class TurnRescore:
    turn: int
    text: str
    analysed_then: bool
    then: tuple[str, ...]
    """Rule ids of the findings recorded then, most important first."""
    now: tuple[str, ...]
    added: tuple[FindingRef, ...]
    removed: tuple[FindingRef, ...]
    behaviours_added: tuple[str, ...]
    behaviours_removed: tuple[str, ...]
    feedback: Feedback
    """Today's feedback on the reply."""
    detection: Detection
    went_then: str | None
    """Where the conversation went after this reply (a node or an ending id)."""
    goes_now: str | None
    """Where today's scenario would go, from the recorded state before the reply."""
    branch_note: str | None = None
    """Why the branch could not be compared, when it could not."""

    @property
    def findings_changed(self) -> bool:
        return bool(self.added or self.removed)

    @property
    def branches_differently(self) -> bool:
        return (
            self.went_then is not None
            and self.goes_now is not None
            and (self.went_then != self.goes_now)
        )


@dataclass(frozen=True)
class Rescore:
    transcript: Transcript
    turns: tuple[TurnRescore, ...]
    score_then: int | None
    score_now: int | None
    scorecard_now: Scorecard | None
    pipeline_then: Mapping[str, str]
    pipeline_now: Mapping[str, str]
    scenario_status: str
    notes: tuple[str, ...] = ()

    @property
    def first_divergence(self) -> int | None:
        """The first reply after which today's dialogue would go elsewhere."""
        return next((t.turn for t in self.turns if t.branches_differently), None)

    @property
    def changed(self) -> bool:
        return (
            any(t.findings_changed for t in self.turns)
            or self.first_divergence is not None
            or self.score_then != self.score_now
        )


def _where(state: Mapping[str, object] | None) -> str | None:
    if state is None:
        return None
    ending = state.get("ending")
    return str(ending) if ending else str(state.get("node"))


def rescore(
    transcript: Transcript,
    analyzer: Detector,
    coach: Coach,
    scenario: Scenario | None = None,
    scenario_status: str = UNKNOWN,
) -> Rescore:
    """Detection and coaching again, with today's ``analyzer`` and ``coach``, on every
    recorded reply in its recorded context (situation, topic, the manager's line, the
    earlier replies). With today's ``scenario``, each reply is also run through
    today's dialogue tree from the recorded state before it."""
    from coach.coaching import ReplyContext
    from coach.session import coach_reply
    from coach.transcript.writer import pipeline_of

    detections: list[Detection] = []
    turns: list[TurnRescore] = []
    contexts: list[tuple[Detection, ReplyContext]] = []
    notes: list[str] = []
    previous: RecordedTurn | None = None
    for turn in transcript.turns:
        detection = analyzer.detect(turn.text)
        context = ReplyContext(
            situation=turn.situation,
            topic=turn.topic,
            manager_said=turn.manager_said,
            earlier=tuple(detections),
        )
        feedback, fired = coach_reply(coach, detection, context)
        detections.append(detection)
        contexts.append((detection, context))
        then_findings = {str(f["rule"]): f for f in turn.findings_json}
        now_findings = {f.rule_id: f for f in feedback.findings}
        then_present = set(turn.behaviours)
        now_present = set(detection.present())
        went_then = _where(turn.state)
        goes_now, note = _branch(transcript, scenario, previous, turn, detection, fired)
        turns.append(
            TurnRescore(
                turn=turn.turn,
                text=turn.text,
                analysed_then=turn.analysed,
                then=tuple(then_findings),
                now=tuple(now_findings),
                added=tuple(
                    _ref_now(f) for rule, f in now_findings.items() if rule not in then_findings
                )
                if turn.analysed
                else (),
                removed=tuple(
                    FindingRef(rule, str(f.get("title", rule)), str(f.get("level", "")))
                    for rule, f in then_findings.items()
                    if rule not in now_findings
                ),
                behaviours_added=tuple(sorted(now_present - then_present)) if turn.analysed else (),
                behaviours_removed=tuple(sorted(then_present - now_present)),
                feedback=feedback,
                detection=detection,
                went_then=went_then,
                goes_now=goes_now,
                branch_note=note,
            )
        )
        previous = turn
    if scenario is None and transcript.turns:
        notes.append(
            f"scenario {transcript.scenario_id!r} is not available today: branches not compared"
        )
    card = coach.scorecard(contexts) if contexts else None
    return Rescore(
        transcript=transcript,
        turns=tuple(turns),
        score_then=transcript.score,
        score_now=card.total if card is not None else None,
        scorecard_now=card,
        pipeline_then=transcript.header.pipeline,
        pipeline_now=pipeline_of(analyzer),
        scenario_status=scenario_status,
        notes=tuple(notes),
    )


def _ref_now(finding: Finding) -> FindingRef:
    return FindingRef(finding.rule_id, finding.title, finding.level)


def _branch(
    transcript: Transcript,
    scenario: Scenario | None,
    previous: RecordedTurn | None,
    turn: RecordedTurn,
    detection: Detection,
    fired: frozenset[str],
) -> tuple[str | None, str | None]:
    """Where today's scenario goes after this reply, from the recorded state before it."""
    if scenario is None:
        return None, None
    from coach.dialogue import engine

    before: ScenarioState | None
    if turn.turn == 1:
        before = transcript.start_state or engine.start(scenario, transcript.header.seed).state
    elif previous is not None and previous.turn == turn.turn - 1:
        before = previous.scenario_state
    else:
        before = None
    if before is None:
        return None, "the state before this reply was not recorded"
    if before.finished:
        return None, "the recorded conversation had already ended"
    if before.node not in scenario.nodes:
        return None, f"node {before.node!r} is no longer in the scenario"
    try:
        step = engine.step(scenario, before, detection.present(), fired)
    except Exception as exc:  # a changed scenario may not fit the recorded state
        return None, f"today's scenario cannot continue from the recorded state ({exc})"
    return (step.state.ending or step.state.node), None


def _pipeline_name(p: Mapping[str, str]) -> str:
    return " ".join(v for v in (p.get("name"), p.get("version")) if v)


def rescore_text(result: Rescore) -> str:
    def pipeline(p: Mapping[str, str]) -> str:
        return _pipeline_name(p) or "unknown"

    lines = [
        f"Re-scored with today's rules and pipeline ({pipeline(result.pipeline_now)}; "
        f"recorded with {pipeline(result.pipeline_then)})."
    ]
    for turn in result.turns:
        lines.append("")
        lines.append(f"Reply {turn.turn}: {_short(turn.text)}")
        if not turn.analysed_then:
            lines.append("  not analysed then; today:")
            lines += [
                f"    {SYMBOLS.get(f.level, '·')} {f.title} [{f.rule_id}]"
                for f in turn.feedback.findings
            ]
        elif not turn.findings_changed:
            lines.append("  findings: no change")
        for ref in turn.added:
            lines.append(f"  + {ref.title} [{ref.rule}] ({ref.level}): new today")
        for ref in turn.removed:
            lines.append(f"  - {ref.title} [{ref.rule}] ({ref.level}): no longer given")
        changes = [f"+{b}" for b in turn.behaviours_added] + [
            f"-{b}" for b in turn.behaviours_removed
        ]
        if changes:
            lines.append(f"  behaviours detected: {' '.join(changes)}")
        if turn.branches_differently:
            lines.append(
                f"  branch: then the conversation went to {turn.went_then}; "
                f"today it would go to {turn.goes_now}"
            )
        elif turn.branch_note:
            lines.append(f"  branch: not compared ({turn.branch_note})")
    lines.append("")
    then = "not recorded" if result.score_then is None else str(result.score_then)
    now = "n/a" if result.score_now is None else str(result.score_now)
    delta = ""
    if result.score_then is not None and result.score_now is not None:
        diff = result.score_now - result.score_then
        delta = f" ({diff:+d})" if diff else " (no change)"
    lines.append(f"Score: then {then}, now {now}{delta}")
    first = result.first_divergence
    if first is not None:
        lines.append(f"Today's dialogue tree would branch differently after reply {first}.")
    elif result.transcript.turns and not result.notes:
        lines.append("Today's dialogue tree would take the same branches.")
    lines += [f"Note: {note}" for note in result.notes]
    return "\n".join(lines) + "\n"


def _short(text: str, width: int = 72) -> str:
    flat = " ".join(text.split())
    return f"“{flat}”" if len(flat) <= width else f"“{flat[: width - 1]}…”"
