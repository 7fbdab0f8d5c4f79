"""Finding, loading and checking scenario files: the shipped ``dialogues/`` and any
content directories the user adds (``--content DIR``)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coach.content.yamlsource import load_yaml
from coach.dialogue.model import Scenario, parse_scenario
from coach.dialogue.validate import Problem, check_scenario, duplicate_ids
from coach.errors import CoachError, ContentError, ContentErrors
from coach.paths import dialogues_dir, display_path

if TYPE_CHECKING:
    from coach.coaching import Coach


def content_dialogue_dirs(content: Iterable[Path]) -> list[Path]:
    """Where scenarios live in user content directories: ``DIR/dialogues/`` when it
    exists, else ``DIR`` itself."""
    found: list[Path] = []
    for directory in content:
        if not directory.is_dir():
            raise CoachError(f"content directory not found: {directory}")
        sub = directory / "dialogues"
        found.append(sub if sub.is_dir() else directory)
    return found


def scenario_files(paths: Sequence[Path]) -> list[Path]:
    """Files named by ``paths``; a directory stands for its ``*.yaml`` files."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        elif path.exists():
            files.append(path)
        else:
            raise CoachError(f"file not found: {path}")
    return files


def default_files(content: Iterable[Path] = ()) -> list[Path]:
    """The shipped scenarios, then those of each content directory."""
    return scenario_files([dialogues_dir(), *content_dialogue_dirs(content)])


def _display(file: Path) -> str:
    shipped = dialogues_dir().resolve()
    return display_path(file) if file.resolve().is_relative_to(shipped) else str(file)


def load_scenario_file(file: Path, display: Callable[[Path], str] = _display) -> Scenario:
    """Parse and compile one file; shape errors raise :class:`ContentError`."""
    return parse_scenario(load_yaml(file, display(file)))


def known_behaviours() -> set[str]:
    from coach.content.library import load_behaviours

    return set(load_behaviours().ids())


def known_rules(coach: Coach | None = None) -> set[str]:
    """Every coaching rule id (switched off or not): what ``finding`` conditions may name."""
    if coach is None:
        from coach.coaching import Coach

        coach = Coach.load()
    return {rule.id for rule in coach.all_rules}


@dataclass
class LibraryReport:
    scenarios: list[Scenario] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def check_files(
    files: Sequence[Path],
    behaviours: Collection[str],
    rules: Collection[str] | None,
) -> LibraryReport:
    """Load and check every file, collecting problems instead of stopping at the first."""
    report = LibraryReport()
    for file in files:
        try:
            scenario = load_scenario_file(file)
        except (ContentError, ContentErrors) as exc:
            report.problems.extend(Problem.from_errors(exc))
            continue
        report.scenarios.append(scenario)
        report.problems.extend(check_scenario(scenario, behaviours, rules))
    report.problems.extend(duplicate_ids(report.scenarios))
    report.problems.sort(key=Problem.sort_key)
    return report


def load_checked(
    file: Path, behaviours: Collection[str], rules: Collection[str] | None
) -> Scenario:
    """One scenario ready to play: any error (not warning) stops it loading."""
    scenario = load_scenario_file(file)
    errors = [p for p in check_scenario(scenario, behaviours, rules) if p.is_error]
    if errors:
        raise ContentErrors([ContentError(p.location, p.code, p.message) for p in errors])
    return scenario


def find_scenario_file(name: str, content: Iterable[Path] = ()) -> Path:
    """A scenario by id (shipped or in a content directory) or by path to its file."""
    given = Path(name)
    if given.suffix in (".yaml", ".yml") or given.is_file():
        if not given.is_file():
            raise CoachError(f"file not found: {name}")
        return given
    files = default_files(content)
    for file in files:
        if file.stem == name:
            return file
    for file in files:  # ids normally match file names; look inside when they do not
        try:
            if load_scenario_file(file).id == name:
                return file
        except (ContentError, ContentErrors):
            continue
    raise CoachError(f"unknown scenario {name!r}", hint="'coach scenarios' lists them")
