"""Dialogue trees: the scenario format, the engine that runs it, and the tools that keep
scenarios correct (validation, graphs, coverage playtests).

Nothing here prints, reads the terminal or imports a UI library: the session service
(``coach.session``) and the commands call in.
"""

from coach.dialogue.engine import ScenarioState, Step, start, step
from coach.dialogue.facts import (
    FACT_VARIABLES,
    PracticeFacts,
    expects_variable,
    initial_variables,
    start_with_facts,
)
from coach.dialogue.model import Ending, Line, Node, Scenario, Transition, parse_scenario

__all__ = [
    "FACT_VARIABLES",
    "Ending",
    "Line",
    "Node",
    "PracticeFacts",
    "Scenario",
    "ScenarioState",
    "Step",
    "Transition",
    "expects_variable",
    "initial_variables",
    "parse_scenario",
    "start",
    "start_with_facts",
    "step",
]
