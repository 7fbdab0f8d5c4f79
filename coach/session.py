"""The practice session: the one application service the CLI, the TUI and replay call.

A session ties the three layers together for one conversation:

    reply text -> detection (what the reply does)
               -> coaching  (feedback in context: situation, topic, earlier replies)
               -> dialogue  (the manager's next line, variables, ending)

It holds no UI and prints nothing; every turn comes back as a :class:`TurnResult`.
Replaying a conversation is the same session fed the same replies with the same seed.

Recording is an observer: give :meth:`Session.start` (or :meth:`Session.restart_from`)
a :class:`SessionRecorder` and it hears of the start, of every reply *before* it is
analysed, of every finished turn and of a stop before the ending.
``coach.transcript.TranscriptRecorder`` writes them to a crash-safe transcript, and
``coach.transcript.start_recorded_session`` wires it up in one call.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from coach.dialogue import engine
from coach.dialogue.engine import ScenarioState
from coach.dialogue.facts import PracticeFacts, initial_variables
from coach.dialogue.model import Ending, Node, Scenario
from coach.nlp.detection import Detection

if TYPE_CHECKING:
    from coach.coaching import Coach, Feedback, ReplyContext, Scorecard


class Detector(Protocol):
    """What a session needs from detection (``coach.analysis.Analyzer`` is one)."""

    def detect(self, text: str) -> Detection: ...


class SessionRecorder(Protocol):
    """Hears what happens in a session, in order, as it happens.

    ``reply_sent`` comes before the reply is analysed, so a recorder that writes it
    down keeps the reply even if analysis never finishes. A recorder may raise
    (``CoachError``) when it cannot record; the session then stops where it was.
    """

    def session_started(self, session: Session) -> None:
        """The session exists: its opening line, or the turns it continues from."""
        ...

    def reply_sent(self, session: Session, text: str) -> None:
        """The user sent ``text`` as reply ``session.state.turn + 1``; not analysed yet."""
        ...

    def turn_finished(self, session: Session, result: TurnResult) -> None:
        """The reply was analysed and answered (``result`` is ``session.turns[-1]``)."""
        ...

    def session_stopped(self, session: Session) -> None:
        """The user left before an ending (see :meth:`Session.stop`)."""
        ...


def new_seed() -> int:
    """A fresh seed for line variants; recorded so the conversation can be replayed."""
    return secrets.randbelow(2**31)


@dataclass(frozen=True)
class TurnResult:
    """One reply and everything it caused."""

    turn: int
    """1 for the first reply."""
    node: str
    """The node whose line the reply answered."""
    situation: str
    topic: str | None
    manager_said: str
    """The manager's line the reply answered."""
    detection: Detection
    feedback: Feedback | None
    manager_line: str
    """What the manager says next (the closing line when an ending was reached)."""
    ending: Ending | None
    state: ScenarioState
    """The dialogue state after this reply."""
    fired: frozenset[str] = frozenset()
    """Every coaching rule that fired, switched off or not: what the dialogue saw."""

    @property
    def text(self) -> str:
        return self.detection.text

    @property
    def behaviours(self) -> list[str]:
        return self.detection.present()

    @property
    def findings(self) -> tuple[str, ...]:
        """Ids of the coaching rules that fired, most important first."""
        return tuple(f.rule_id for f in self.feedback.findings) if self.feedback else ()

    def reply_context(self, earlier: Sequence[Detection]) -> ReplyContext:
        from coach.coaching import ReplyContext

        return ReplyContext(
            situation=self.situation,
            topic=self.topic,
            manager_said=self.manager_said,
            earlier=tuple(earlier),
        )


@dataclass
class Session:
    """One conversation with one scenario. Create it with :meth:`start`."""

    scenario: Scenario
    detector: Detector
    coach: Coach | None
    opening: engine.Step
    turns: list[TurnResult] = field(default_factory=list)
    recorder: SessionRecorder | None = field(default=None, compare=False, repr=False)
    # What the user prepared with ``coach proposal``: the concerns they expect set the
    # scenario's ``expects-<topic>`` variables, their words feed the suggestions.
    facts: PracticeFacts | None = field(default=None, compare=False)
    _announced: str | None = field(default=None, init=False, compare=False, repr=False)

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        analyzer: Detector,
        coach: Coach | None = None,
        seed: int | None = None,
        *,
        recorder: SessionRecorder | None = None,
        facts: PracticeFacts | None = None,
    ) -> Session:
        """A new conversation; ``coach=None`` plays without feedback (no findings).
        With a ``recorder``, everything that happens is reported to it; with prepared
        ``facts``, the manager may raise the concerns the user expected."""
        chosen = new_seed() if seed is None else seed
        opening = engine.start(scenario, chosen, initial_variables(scenario, facts))
        session = cls(scenario, analyzer, coach, opening, facts=facts)
        if recorder is not None:
            session.attach(recorder)
        return session

    def attach(self, recorder: SessionRecorder) -> None:
        """Report this session to ``recorder`` from now on (it hears ``session_started``
        at once). Used by :meth:`start`, :meth:`restart_from` and resuming."""
        self.recorder = recorder
        recorder.session_started(self)

    # -- where the conversation is

    @property
    def seed(self) -> int:
        return self.opening.state.seed

    @property
    def opening_line(self) -> str:
        return self.opening.line

    @property
    def state(self) -> ScenarioState:
        return self.turns[-1].state if self.turns else self.opening.state

    @property
    def manager_line(self) -> str:
        """The line that awaits a reply (or the closing line once it has ended)."""
        return self.turns[-1].manager_line if self.turns else self.opening.line

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.state.node]

    @property
    def ending(self) -> Ending | None:
        return self.turns[-1].ending if self.turns else None

    @property
    def finished(self) -> bool:
        return self.state.finished

    @property
    def turns_left(self) -> int:
        return max(0, self.scenario.max_turns - self.state.turn)

    # -- playing

    def reply(self, text: str) -> TurnResult:
        """Detect what the reply does, coach it, and move the conversation on. A
        recorder hears of the reply before detection starts."""
        if self.finished:
            raise engine.ConversationOver("the conversation has already ended")
        self._announce(text)
        return self.answer(self.detector.detect(text))

    def _announce(self, text: str) -> None:
        if self.recorder is not None and self._announced != text:
            self.recorder.reply_sent(self, text)
        self._announced = text

    def answer(self, detection: Detection) -> TurnResult:
        """Like :meth:`reply`, for a reply already run through detection. A recorder
        hears of the reply only now, after detection: use :meth:`reply` when recording
        matters (it writes the reply before analysing it)."""
        if self.finished:
            raise engine.ConversationOver("the conversation has already ended")
        self._announce(detection.text)
        node = self.node
        said = self.manager_line
        feedback, fired = self._coach(detection, node, said)
        step = engine.step(self.scenario, self.state, detection.present(), fired)
        result = TurnResult(
            turn=step.state.turn,
            node=node.id,
            situation=node.situation,
            topic=node.topic,
            manager_said=said,
            detection=detection,
            feedback=feedback,
            manager_line=step.line,
            ending=step.ending,
            state=step.state,
            fired=fired,
        )
        self.turns.append(result)
        self._announced = None
        if self.recorder is not None:
            self.recorder.turn_finished(self, result)
        return result

    def stop(self) -> None:
        """The user leaves before an ending (``/quit``, closing the screen). Nothing
        changes in the conversation; a recorder notes it (a stopped session can still
        be resumed). Does nothing once the conversation has ended."""
        if self.recorder is not None and not self.finished:
            self.recorder.session_stopped(self)

    def _coach(
        self, detection: Detection, node: Node, said: str
    ) -> tuple[Feedback | None, frozenset[str]]:
        if self.coach is None:
            return None, frozenset()
        from coach.coaching import ReplyContext

        context = ReplyContext(
            situation=node.situation,
            topic=node.topic,
            manager_said=said,
            earlier=tuple(t.detection for t in self.turns),
            prepared=self.facts.words() if self.facts else {},
        )
        return coach_reply(self.coach, detection, context)

    # -- afterwards

    def replies(self) -> list[tuple[Detection, ReplyContext]]:
        """Every reply with the context it was made in, as coaching scores them."""
        return [
            (t.detection, t.reply_context([e.detection for e in self.turns[:i]]))
            for i, t in enumerate(self.turns)
        ]

    def scorecard(self) -> Scorecard | None:
        """The rubric for the conversation so far (None without a coach or replies)."""
        if self.coach is None or not self.turns:
            return None
        return self.coach.scorecard(self.replies())

    def restart_from(self, turn: int, *, recorder: SessionRecorder | None = None) -> Session:
        """A new session that continues from the state after reply ``turn`` (0: from the
        start), with the same seed; this session is left as it is (and its recorder
        is not carried over: pass a new ``recorder`` to record the new session)."""
        if not 0 <= turn <= len(self.turns):
            raise ValueError(f"turn {turn} is out of range (0 to {len(self.turns)})")
        session = Session(
            self.scenario,
            self.detector,
            self.coach,
            self.opening,
            list(self.turns[:turn]),
            facts=self.facts,
        )
        if recorder is not None:
            session.attach(recorder)
        return session


def coach_reply(
    coach: Coach, detection: Detection, context: ReplyContext
) -> tuple[Feedback, frozenset[str]]:
    """Feedback for the user, and the rules the dialogue may branch on. The latter
    come from every rule, switched off or not: hiding a piece of advice must not
    change how the manager reacts. (Re-scoring a transcript uses this too.)"""
    state = coach.state(detection, context)
    fired = frozenset(r.id for r in coach.all_rules if coach.fires(r, state))
    return coach.feedback(detection, context), fired
