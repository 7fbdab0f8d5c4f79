"""The scenarios to practise: difficulty and title, easiest first."""

from __future__ import annotations

from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coach.tui.engine import Catalogue, Scores
from coach.tui.messages import ScenarioChosen
from coach.tui.render import scenario_row


class ScenarioList(OptionList):
    """Enter (or a click) starts the highlighted scenario."""

    def show(self, catalogue: Catalogue, scores: Scores | None = None) -> None:
        highlighted = self.highlighted
        self.clear_options()
        options: list[Option | None] = []
        for scenario in catalogue.scenarios:
            if options:
                options.append(None)  # a divider between scenarios
            options.append(Option(scenario_row(scenario, scores), id=scenario.id))
        self.add_options(options)
        if catalogue.scenarios:
            self.highlighted = min(highlighted or 0, len(catalogue.scenarios) - 1)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(ScenarioChosen(event.option.id))
