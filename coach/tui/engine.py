"""What the app asks of the domain, in one place: the scenario catalogue, the loaded
pipeline and coach, and the calls the screens make on them.

Nothing here imports Textual, and nothing here runs on the UI thread: the app calls
these functions from thread workers and posts the results back as messages. spaCy is
imported only inside :meth:`Engine.load`, so importing this module is cheap and the
first screen paints before the pipeline exists.

Detection and coaching are not meant to run twice at once (the coach caches what it
read of recent replies), so every call that analyses text holds :attr:`Engine.lock`;
only workers ever wait for it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from coach.analysis import Analyzer
    from coach.coaching import Coach, Feedback, Finding, ReplyContext, Scorecard
    from coach.config import Settings
    from coach.content.behaviours import BehaviourSet
    from coach.dialogue.facts import PracticeFacts
    from coach.dialogue.model import Scenario
    from coach.nlp.detection import Detection
    from coach.session import Session, TurnResult
    from coach.transcript import Transcript

DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}


class EndingLike(Protocol):
    """How a conversation ended, as played (``dialogue.model.Ending``) or as recorded
    (``transcript.RecordedEnding``)."""

    @property
    def outcome(self) -> str: ...
    @property
    def outcome_label(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def debrief(self) -> str: ...


# ---------------------------------------------------------------------------
# Scenarios


@dataclass(frozen=True)
class Catalogue:
    """The scenarios one can practise, easiest first, and what could not be read."""

    scenarios: tuple[Scenario, ...] = ()
    files: dict[str, Path] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def get(self, scenario_id: str) -> Scenario | None:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        return None


def load_catalogue(content: Sequence[Path] = ()) -> Catalogue:
    """Every scenario file (shipped, then ``--content`` directories); a file that does
    not load is reported in ``problems`` and left out."""
    from coach.dialogue.library import default_files, load_scenario_file
    from coach.errors import CoachError, ContentError, ContentErrors

    scenarios: list[Scenario] = []
    files: dict[str, Path] = {}
    problems: list[str] = []
    try:
        paths = default_files(content)
    except CoachError as exc:
        return Catalogue(problems=(exc.render(),))
    for file in paths:
        try:
            scenario = load_scenario_file(file)
        except (ContentError, ContentErrors) as exc:
            problems.append(exc.render().splitlines()[0])
            continue
        if scenario.id in files:
            continue
        scenarios.append(scenario)
        files[scenario.id] = file
    scenarios.sort(key=lambda s: (DIFFICULTY_ORDER.get(s.difficulty, 9), s.title.lower()))
    return Catalogue(tuple(scenarios), files, tuple(problems))


@dataclass(frozen=True)
class Recorded:
    """A transcript read back, with today's version of its scenario (if it still
    exists) and what did not match."""

    transcript: Transcript
    scenario: Scenario | None
    warnings: tuple[str, ...] = ()


def read_recorded(path: Path, content: Sequence[Path] = ()) -> Recorded:
    """Read a transcript and find its scenario; ``CoachError`` when unreadable."""
    from coach.transcript import match_scenario, read_transcript

    transcript = read_transcript(path)
    match = match_scenario(transcript, content)
    warnings = [str(w) for w in transcript.warnings] + [str(w) for w in match.warnings]
    return Recorded(transcript, match.scenario, tuple(warnings))


@dataclass(frozen=True)
class Scores:
    """Per scenario id: how the user's recorded sessions went (for the home list)."""

    last: dict[str, int] = field(default_factory=dict)
    best: dict[str, int] = field(default_factory=dict)
    sessions: dict[str, int] = field(default_factory=dict)
    trend: dict[str, str] = field(default_factory=dict)
    resumable: tuple[str, str, int, Path] | None = None
    """(scenario id, title, replies, file) of the newest session with no ending."""


def load_scores(data_dir: Path) -> Scores:
    from coach.transcript import load_history

    history = load_history(data_dir)
    scores = Scores()
    for progress in history.scenarios:
        sid = progress.scenario_id
        scores.sessions[sid] = len(progress.sessions)
        if progress.last is not None:
            scores.last[sid] = progress.last
        if progress.best is not None:
            scores.best[sid] = progress.best
        scores.trend[sid] = progress.trend
    open_one = history.resumable()
    if open_one is None:
        return scores
    resumable = (open_one.scenario_id, open_one.scenario_title, open_one.replies, open_one.path)
    return Scores(scores.last, scores.best, scores.sessions, scores.trend, resumable)


def load_scenario(file: Path) -> Scenario:
    from coach.dialogue.library import load_scenario_file

    return load_scenario_file(file)


# ---------------------------------------------------------------------------
# Checking a draft (the checker screen: what `coach check` shows)


@dataclass(frozen=True)
class Draft:
    text: str
    situation: str | None = None
    manager_said: str | None = None
    email: bool = False


@dataclass(frozen=True)
class Checked:
    """A checked draft: the same parts ``coach check`` prints."""

    draft: Draft
    detection: Detection
    """Detection over the draft, offsets in the draft's own text."""
    feedback: Feedback
    findings: tuple[Finding, ...]
    """The findings shown (the settings' ``min_level`` applied), most important first."""
    topic: str | None
    context: tuple[str, ...]
    """Lines saying which moment the draft was judged for."""
    ignored: tuple[tuple[int, int], ...] = ()
    """Spans left out in email mode (quotes, signature, greeting)."""

    @property
    def situation(self) -> str | None:
        return self.draft.situation


# ---------------------------------------------------------------------------
# The engine


class Engine:
    """The pipeline and the coach, loaded once, and every analysis the app runs."""

    def __init__(self, analyzer: Analyzer, coach: Coach, settings: Settings | None = None) -> None:
        from coach.config import Settings

        self.analyzer = analyzer
        self.coach = coach
        self.settings = settings or Settings()
        self.lock = threading.Lock()
        self.praise = True
        """Whether praise is shown (``--no-praise`` turns it off)."""
        coach.attach_pipeline(analyzer.nlp)

    @classmethod
    def load(cls, settings: Settings) -> Engine:
        """Slow (about a second): spaCy, the model and the rules. Call it in a worker."""
        from coach.analysis import Analyzer
        from coach.coaching import Coach

        coach = Coach.load(disabled=settings.disable)
        analyzer = Analyzer.load(settings.model)
        return cls(analyzer, coach, settings)

    @property
    def behaviours(self) -> BehaviourSet:
        return self.analyzer.behaviours

    @property
    def pipeline(self) -> dict[str, str]:
        return dict(self.analyzer.pipeline)

    def content_file(self, kind: str, target: str) -> str | None:
        """The file that holds a rule or a behaviour (for flags)."""
        if kind == "rule":
            rule = self.coach.rule(target)
            return rule.path if rule is not None else None
        behaviour = self.behaviours.by_id.get(target)
        return behaviour.document.path if behaviour is not None else None

    def warnings(self) -> list[str]:
        return [w.render() for w in self.coach.warnings]

    def shown(self, feedback: Feedback) -> tuple[Finding, ...]:
        """The findings to show: every one, less the misses under ``min_level`` (and
        the praise, when :attr:`praise` is off)."""
        return feedback.select(self.settings.min_level, praise=self.praise)

    # -- practice

    def prepare(self, scenario: Scenario) -> Scenario:
        """The scenario checked against these rules and behaviours (as ``coach practice``
        does); ``ContentErrors`` when it cannot be played."""
        from coach.dialogue.validate import check_scenario
        from coach.errors import ContentError, ContentErrors

        rules = {rule.id for rule in self.coach.all_rules}
        problems = check_scenario(scenario, set(self.behaviours.ids()), rules)
        errors = [p for p in problems if p.is_error]
        if errors:
            raise ContentErrors([ContentError(p.location, p.code, p.message) for p in errors])
        return scenario

    def start(
        self,
        scenario: Scenario,
        seed: int | None = None,
        *,
        record_to: Path | None = None,
        facts: PracticeFacts | None = None,
    ) -> Session:
        """A new conversation; recorded in a transcript under ``record_to`` (the data
        directory) when given; with the ``facts`` prepared by ``coach proposal``.
        Recording writes a file: call it in a worker."""
        if record_to is None:
            from coach.session import Session

            return Session.start(scenario, self.analyzer, self.coach, seed=seed, facts=facts)
        from coach.transcript import start_recorded_session

        return start_recorded_session(
            scenario, self.analyzer, self.coach, seed, data_dir=record_to, facts=facts
        )

    def restart(self, session: Session, turn: int, *, record_to: Path | None = None) -> Session:
        """The conversation again from the state after reply ``turn``; a recorded
        session goes on in a new transcript linked to the first."""
        from coach.transcript import recording_path, restart_recorded

        if record_to is not None and recording_path(session) is not None:
            return restart_recorded(session, turn, data_dir=record_to)
        return session.restart_from(turn)

    @staticmethod
    def stop(session: Session) -> None:
        """The user left before an ending (the transcript notes it)."""
        session.stop()

    # -- recorded sessions

    def resume(self, transcript: Transcript, scenario: Scenario) -> tuple[Session, str | None]:
        """Continue an unfinished transcript in the same file; also the reply that was
        sent but never analysed, if any (send it first)."""
        from coach.transcript import resume_transcript

        resumed = resume_transcript(transcript, scenario, self.analyzer, self.coach)
        return resumed.session, resumed.pending

    def retry_recorded(
        self,
        transcript: Transcript,
        turn: int,
        scenario: Scenario,
        *,
        record_to: Path | None = None,
    ) -> Session:
        """A new session from the state after reply ``turn`` of a transcript."""
        from coach.transcript import retry_transcript

        return retry_transcript(
            transcript,
            turn,
            scenario,
            self.analyzer,
            self.coach,
            data_dir=record_to,
            record=record_to is not None,
        )

    def reply(self, session: Session, text: str) -> TurnResult:
        """One turn: detection, coaching, the manager's answer."""
        with self.lock:
            return session.reply(text)

    def scorecard(self, session: Session) -> Scorecard | None:
        with self.lock:
            return session.scorecard()

    def context_of(self, session: Session) -> ReplyContext:
        """The moment the next reply of ``session`` is made in (what coaching sees)."""
        from coach.coaching import ReplyContext

        node = session.node
        # The words the user prepared beforehand, when the session has them (as the
        # session itself passes them to coaching).
        facts = getattr(session, "facts", None)
        extra: dict[str, Any] = {"prepared": facts.words()} if facts is not None else {}
        return ReplyContext(
            situation=node.situation,
            topic=node.topic,
            manager_said=session.manager_line,
            earlier=tuple(t.detection for t in session.turns),
            **extra,
        )

    def preview(self, session: Session, text: str) -> tuple[Detection, Feedback]:
        """What a reply would get now, without sending it (for the live hints)."""
        with self.lock:
            context = self.context_of(session)
            detection = self.analyzer.detect(text)
            return detection, self.coach.feedback(detection, context)

    # -- checking a draft

    def check(self, draft: Draft) -> Checked:
        """What ``coach check`` does with a text: email mode, the topic of the manager's
        line, the feedback and the findings shown."""
        from coach.coaching import ReplyContext
        from coach.commands.check import describe_context, judged_text

        judged, ignored = judged_text(draft.text, draft.email, "the draft")
        said = draft.manager_said or None
        with self.lock:
            detection = self.analyzer.detect(judged)
            topic = self.coach.detect_topic(self.analyzer, said) if said else None
            context = ReplyContext(situation=draft.situation, topic=topic, manager_said=said)
            feedback = self.coach.feedback(detection, context)
        if judged is not draft.text:
            detection = replace(detection, text=draft.text)
        lines = describe_context(self.coach, draft.situation, topic, said, draft.email)
        return Checked(
            draft=draft,
            detection=detection,
            feedback=feedback,
            findings=self.shown(feedback),
            topic=topic,
            context=tuple(lines),
            ignored=tuple(ignored),
        )
