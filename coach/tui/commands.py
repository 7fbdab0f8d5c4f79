"""The command palette (ctrl+p): every scenario, every screen, and the actions of the
screen it was opened over (a screen lists them in ``palette_commands``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from coach.tui.app import CoachApp

Command = tuple[str, Callable[[], object], str]
"""(name shown in the palette, what it runs, one line of help)."""


@runtime_checkable
class HasCommands(Protocol):
    """A screen with commands of its own in the palette."""

    def palette_commands(self) -> list[Command]: ...


class CoachCommands(Provider):
    """coach's commands: practise a scenario, open a screen, act on this screen."""

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def commands(self) -> list[Command]:
        app = self.coach_app
        found: list[Command] = []
        if isinstance(self.screen, HasCommands):
            found += self.screen.palette_commands()
        found += [
            ("Home: choose a scenario", app.action_home, "Back to the list of scenarios"),
            (
                "Readiness check: am I ready to ask?",
                app.action_readiness,
                "Where you stand on the four ingredients and your timing, and what to do first",
            ),
            (
                "Write the proposal",
                app.action_proposal,
                "A one-page written proposal from your facts, with feedback, to send or print",
            ),
            (
                "Check a draft",
                app.action_checker,
                "Paste an email or proposal and get the same feedback as 'coach check'",
            ),
            (
                "Rules and behaviours",
                app.action_rules,
                "Browse the coaching rules and the behaviours, with why and examples",
            ),
            (
                "Past sessions",
                app.action_history,
                "Your recorded sessions and progress; replay, resume or delete one",
            ),
            ("Help: keys", app.action_help, "Every key of this screen"),
            ("Theme: dark or light", app.action_toggle_theme, "Switch the colour theme"),
        ]
        if app.catalogue is not None:
            for scenario in app.catalogue.scenarios:
                found.append(
                    (
                        f"Practise: {scenario.title}",
                        partial(app.open_practice, scenario),
                        f"{scenario.difficulty}, with {scenario.manager.name} "
                        f"({scenario.manager.role})",
                    )
                )
        return found

    async def discover(self) -> Hits:
        for name, run, help_text in self.commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
