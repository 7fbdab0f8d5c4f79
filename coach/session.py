"""The practice session: the one application service the CLI, the TUI and replay call.

A session ties the three layers together for one conversation:

    reply text -> detection (what the reply does)
               -> coaching  (feedback in context: situation, topic, earlier replies)
               -> dialogue  (the manager's next line, variables, ending)

It holds no UI and prints nothing; every turn comes back as a :class:`TurnResult`.
Replaying a conversation is the same session fed the same replies with the same seed.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from coach.dialogue import engine
from coach.dialogue.engine import ScenarioState
from coach.dialogue.model import Ending, Node, Scenario
from coach.nlp.detection import Detection

if TYPE_CHECKING:
    from coach.coaching import Coach, Feedback, ReplyContext, Scorecard


class Detector(Protocol):
    """What a session needs from detection (``coach.analysis.Analyzer`` is one)."""

    def detect(self, text: str) -> Detection: ...


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

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        analyzer: Detector,
        coach: Coach | None = None,
        seed: int | None = None,
    ) -> Session:
        """A new conversation; ``coach=None`` plays without feedback (no findings)."""
        chosen = new_seed() if seed is None else seed
        return cls(scenario, analyzer, coach, engine.start(scenario, chosen))

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
        """Detect what the reply does, coach it, and move the conversation on."""
        return self.answer(self.detector.detect(text))

    def answer(self, detection: Detection) -> TurnResult:
        """Like :meth:`reply`, for a reply already run through detection."""
        if self.finished:
            raise engine.ConversationOver("the conversation has already ended")
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
        return result

    def _coach(
        self, detection: Detection, node: Node, said: str
    ) -> tuple[Feedback | None, frozenset[str]]:
        """Feedback for the user, and the rules the dialogue may branch on. The latter
        come from every rule, switched off or not: hiding a piece of advice must not
        change how the manager reacts."""
        if self.coach is None:
            return None, frozenset()
        from coach.coaching import ReplyContext

        context = ReplyContext(
            situation=node.situation,
            topic=node.topic,
            manager_said=said,
            earlier=tuple(t.detection for t in self.turns),
        )
        state = self.coach.state(detection, context)
        fired = frozenset(r.id for r in self.coach.all_rules if self.coach.fires(r, state))
        return self.coach.feedback(detection, context), fired

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

    def restart_from(self, turn: int) -> Session:
        """A new session that continues from the state after reply ``turn`` (0: from the
        start), with the same seed; this session is left as it is."""
        if not 0 <= turn <= len(self.turns):
            raise ValueError(f"turn {turn} is out of range (0 to {len(self.turns)})")
        return Session(
            self.scenario, self.detector, self.coach, self.opening, list(self.turns[:turn])
        )
