"""Every message the app's screens and widgets exchange, in one place.

Workers (threads) post results back with these; widgets post them upward to the
screen that owns the context. A widget never reaches into its parents: it says what
happened and the screen decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from coach.dialogue.model import Scenario
    from coach.session import Session, TurnResult
    from coach.transcript import History
    from coach.tui.engine import Catalogue, Checked, Engine, Recorded, Scores


# -- loading (app level)


@dataclass
class EngineReady(Message):
    """The pipeline and the coach are loaded."""

    engine: Engine


@dataclass
class EngineFailed(Message):
    """Loading the pipeline or the rules failed; ``error`` is one line for people."""

    error: str


@dataclass
class CatalogueLoaded(Message):
    catalogue: Catalogue


# -- practice


@dataclass
class ScenarioChosen(Message):
    """The user picked a scenario to practise."""

    scenario_id: str


@dataclass
class ReplyAnalysed(Message):
    """A sent reply came back from detection, coaching and the dialogue."""

    result: TurnResult
    sent_at: float
    """``time.perf_counter()`` when the user sent it (for the latency benchmark)."""


@dataclass
class ReplyFailed(Message):
    error: str


@dataclass
class HintReady(Message):
    """A live hint for the draft ``text`` (stale when the draft has changed since)."""

    text: str
    hint: str | None

    def can_replace(self, message: Message) -> bool:
        """A newer hint makes a pending older one pointless (fast typing)."""
        return isinstance(message, HintReady)


@dataclass
class TurnSelected(Message):
    """The user picked a reply in the conversation log (to see its feedback)."""

    turn: int


# -- feedback


@dataclass
class FlagRequested(Message):
    """The user says a finding or a behaviour call is wrong."""

    kind: str
    """``rule`` or ``behaviour``."""
    target: str
    expected: str
    title: str
    level: str | None = None
    message: str = ""


@dataclass
class RewriteRequested(Message):
    """The user wants the suggested rewrite in the input, to edit and resend."""

    text: str


@dataclass
class DraftChecked(Message):
    checked: Checked

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DraftChecked)


@dataclass
class DraftFailed(Message):
    error: str


@dataclass
class ScenarioLoaded(Message):
    scenario: Scenario


@dataclass
class ScenarioFailed(Message):
    error: str


@dataclass
class SessionReady(Message):
    """A session to play: new, continued from a turn, or resumed from a transcript."""

    session: Session
    pending: str | None = None
    """A reply that was recorded but never analysed: offered in the input."""


# -- recorded sessions


@dataclass
class ScoresLoaded(Message):
    """Last and best scores per scenario, from the recorded sessions."""

    scores: Scores


@dataclass
class HistoryLoaded(Message):
    history: History


@dataclass
class RecordedLoaded(Message):
    recorded: Recorded


@dataclass
class LoadFailed(Message):
    """Something could not be read (a transcript, the history): one line for people."""

    error: str
