"""Dialogue trees: the scenario format, the engine that runs it, and the tools that keep
scenarios correct (validation, graphs, coverage playtests).

Nothing here prints, reads the terminal or imports a UI library: the session service
(``coach.session``) and the commands call in.
"""

from coach.dialogue.engine import ScenarioState, Step, start, step
from coach.dialogue.model import Ending, Line, Node, Scenario, Transition, parse_scenario

__all__ = [
    "Ending",
    "Line",
    "Node",
    "Scenario",
    "ScenarioState",
    "Step",
    "Transition",
    "parse_scenario",
    "start",
    "step",
]
