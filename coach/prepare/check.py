"""Taking the readiness check: answers saved as they are given, resumed after an
interruption, and compared with the last completed check.

The answers live in ``<data dir>/prepare/answers.json`` (directory ``0700``, file
``0600``)::

    {"format": 1,
     "in_progress": {"started": "...", "updated": "...", "answers": {question: option}},
     "checks": [{"finished": "...", "answers": {...}, "scores": {ingredient: 0-100}}]}

``in_progress`` holds a check being taken: it is saved (atomically) after every
answer, so a check that is interrupted resumes at the first question left. Each
finished check is appended to ``checks`` with its scores as they were then, so a
later change of the questionnaire does not rewrite the history. A file that cannot
be used is moved aside (``W300``) and the check starts afresh; saved answers that no
longer match the questionnaire are dropped (``W301``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.prepare.model import Question, Questionnaire
from coach.prepare.scoring import Readiness, score
from coach.prepare.storage import (
    DataWarning,
    private_subdir,
    read_record,
    set_aside_warning,
    timestamp,
    write_private_json,
)

FORMAT = 1
PREPARE_DIR = "prepare"
ANSWERS_FILE = "answers.json"


def answers_path(data_dir: Path) -> Path:
    return data_dir / PREPARE_DIR / ANSWERS_FILE


@dataclass(frozen=True)
class CompletedCheck:
    finished: str
    """UTC time, ISO 8601."""
    answers: Mapping[str, str]
    scores: Mapping[str, int | None]

    def to_json(self) -> dict[str, Any]:
        return {
            "finished": self.finished,
            "answers": dict(self.answers),
            "scores": dict(self.scores),
        }


@dataclass
class _Record:
    started: str | None = None
    updated: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    checks: list[CompletedCheck] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        in_progress = None
        if self.answers:
            in_progress = {
                "started": self.started,
                "updated": self.updated,
                "answers": dict(self.answers),
            }
        return {
            "format": FORMAT,
            "in_progress": in_progress,
            "checks": [c.to_json() for c in self.checks],
        }


def _string_map(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError("answers must map question ids to option ids")
    return dict(value)


def _scores(value: Any) -> dict[str, int | None]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and (v is None or (isinstance(v, int) and not isinstance(v, bool)))
        for k, v in value.items()
    ):
        raise ValueError("scores must map ingredient ids to numbers")
    return dict(value)


def _parse(data: Mapping[str, Any]) -> _Record:
    """The record in ``data``, or ``ValueError`` when its shape is wrong."""
    record = _Record()
    progress = data.get("in_progress")
    if progress is not None:
        if not isinstance(progress, dict):
            raise ValueError("'in_progress' must be an object")
        record.answers = _string_map(progress.get("answers", {}))
        started, updated = progress.get("started"), progress.get("updated")
        record.started = started if isinstance(started, str) else None
        record.updated = updated if isinstance(updated, str) else None
    checks = data.get("checks", [])
    if not isinstance(checks, list):
        raise ValueError("'checks' must be a list")
    for item in checks:
        if not isinstance(item, dict) or not isinstance(item.get("finished"), str):
            raise ValueError("every check needs its 'finished' time")
        record.checks.append(
            CompletedCheck(
                item["finished"], _string_map(item.get("answers", {})), _scores(item.get("scores"))
            )
        )
    return record


class ReadinessCheck:
    """One person's readiness check: the answers so far, the earlier checks, and the
    file they are kept in. Open it with :meth:`open`.

    Typical use (the CLI and the app)::

        check = ReadinessCheck.open(data_dir)        # resumes a check in progress
        for warning in check.warnings: ...           # e.g. a corrupt file set aside
        while (question := check.next_question()) is not None:
            default = check.default_for(question.id) # the answer to keep on Enter
            check.answer(question.id, option_id)     # saved at once
        result = check.finish()                      # a Readiness, compared with the last
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        path: Path | None,
        record: _Record | None = None,
        warnings: tuple[DataWarning, ...] = (),
    ) -> None:
        self.questionnaire = questionnaire
        self.path = path
        self._record = record or _Record()
        self.warnings = warnings
        self.resumed = bool(self._record.answers)
        """Whether answers of an interrupted check were found when it was opened."""

    @classmethod
    def open(
        cls,
        data_dir: Path,
        questionnaire: Questionnaire | None = None,
        *,
        save: bool = True,
    ) -> ReadinessCheck:
        """The check kept under ``data_dir`` (see :func:`coach.paths.data_dir`). With
        ``save=False`` the saved answers are read but nothing is ever written (and a
        bad file is left where it is)."""
        if questionnaire is None:
            from coach.prepare.model import load_questionnaire

            questionnaire = load_questionnaire()
        path = answers_path(data_dir)
        if not save:
            return cls(questionnaire, None, _peek(path), ())
        loaded = read_record(path, FORMAT, "a readiness answers file")
        warnings: list[DataWarning] = [loaded.warning] if loaded.warning else []
        record = _Record()
        if loaded.data is not None:
            try:
                record = _parse(loaded.data)
            except ValueError as exc:
                warnings.append(set_aside_warning(path, f"{exc}"))
        dropped = _drop_stale(questionnaire, record)
        if dropped:
            warnings.append(
                DataWarning(
                    "W301",
                    f"{dropped} saved answer(s) no longer match the questions and were left out",
                )
            )
        return cls(questionnaire, path, record, tuple(warnings))

    # -- what is known

    @property
    def answers(self) -> dict[str, str]:
        """The answers of the check in progress (question id -> option id)."""
        return dict(self._record.answers)

    @property
    def history(self) -> tuple[CompletedCheck, ...]:
        """Every finished check, oldest first."""
        return tuple(self._record.checks)

    @property
    def last(self) -> CompletedCheck | None:
        """The most recent finished check."""
        return self._record.checks[-1] if self._record.checks else None

    def pending(self) -> tuple[Question, ...]:
        """The questions not answered yet in this check, in order."""
        return tuple(q for q in self.questionnaire.questions if q.id not in self._record.answers)

    def next_question(self) -> Question | None:
        pending = self.pending()
        return pending[0] if pending else None

    def default_for(self, question_id: str) -> str | None:
        """The answer Enter keeps: this check's, else the last finished check's."""
        chosen = self._record.answers.get(question_id)
        if chosen is None and self.last is not None:
            chosen = self.last.answers.get(question_id)
        question = self.questionnaire.question(question_id)
        if chosen is None or question is None or question.option(chosen) is None:
            return None
        return chosen

    # -- answering

    def answer(self, question_id: str, option_id: str) -> None:
        """Record one answer and save at once (atomically)."""
        self._check(question_id, option_id)
        now = timestamp()
        if not self._record.answers:
            self._record.started = now
        self._record.answers[question_id] = option_id
        self._record.updated = now
        self._save()

    def restart(self) -> None:
        """Drop the answers of the check in progress (earlier checks are kept)."""
        self._record.answers.clear()
        self._record.started = self._record.updated = None
        self.resumed = False
        self._save()

    def current(self) -> Readiness:
        """The scores of the answers so far, compared with the last finished check."""
        return self._score(self._record.answers)

    def last_result(self) -> Readiness | None:
        """The last finished check, scored again and compared with the one before it:
        what a person sees when they come back to the check (``None`` before the
        first check is finished)."""
        checks = self._record.checks
        if not checks:
            return None
        last = checks[-1]
        if len(checks) == 1:
            return score(self.questionnaire, last.answers)
        before = checks[-2]
        return score(self.questionnaire, last.answers, before.scores, before.finished)

    def finish(self) -> Readiness:
        """Complete the check in progress: every question must be answered. It is
        added to the history and compared with the check before it."""
        missing = [q.id for q in self.pending()]
        if missing:
            raise CoachError(
                f"the check is not finished: {len(missing)} question(s) left "
                f"({', '.join(missing[:5])})"
            )
        return self._complete(dict(self._record.answers), clear_progress=True)

    def submit(self, answers: Mapping[str, str]) -> Readiness:
        """Complete a whole check at once (``--answers FILE``); a check in progress is
        left as it is. Every question must be answered."""
        for question_id, option_id in answers.items():
            self._check(question_id, option_id)
        missing = [q.id for q in self.questionnaire.questions if q.id not in answers]
        if missing:
            raise CoachError(
                f"no answer for {len(missing)} question(s): {', '.join(missing[:5])}"
                + (" …" if len(missing) > 5 else "")
            )
        return self._complete(dict(answers))

    # -- internals

    def _check(self, question_id: str, option_id: str) -> None:
        question = self.questionnaire.question(question_id)
        if question is None:
            raise CoachError(f"unknown question {question_id!r}")
        if question.option(option_id) is None:
            allowed = ", ".join(o.id for o in question.options)
            raise CoachError(
                f"question {question_id!r} has no option {option_id!r} (options: {allowed})"
            )

    def _score(self, answers: Mapping[str, str]) -> Readiness:
        last = self.last
        if last is None:
            return score(self.questionnaire, answers)
        return score(self.questionnaire, answers, last.scores, last.finished)

    def _complete(self, answers: dict[str, str], *, clear_progress: bool = False) -> Readiness:
        """Add a finished check. Saved first, then kept: when the file cannot be
        written (``CoachError``), nothing changes, not even the check in progress."""
        result = self._score(answers)
        record = _Record(
            started=None if clear_progress else self._record.started,
            updated=None if clear_progress else self._record.updated,
            answers={} if clear_progress else dict(self._record.answers),
            checks=[
                *self._record.checks,
                CompletedCheck(timestamp(), answers, result.score_map),
            ],
        )
        self._save(record)
        self._record = record
        return result

    def _save(self, record: _Record | None = None) -> None:
        if self.path is None:
            return
        private_subdir(self.path.parent.parent, PREPARE_DIR)
        write_private_json(self.path, (record or self._record).to_json())


def _peek(path: Path) -> _Record:
    """Read without changing anything (``save=False``): a bad file counts as none."""
    import json

    from coach.prepare.storage import format_problem

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _Record()
    if format_problem(data, FORMAT) is not None:
        return _Record()
    try:
        return _parse(data)
    except ValueError:
        return _Record()


def _drop_stale(questionnaire: Questionnaire, record: _Record) -> int:
    """Remove answers of the check in progress that name no question or option."""
    stale = [
        qid
        for qid, oid in record.answers.items()
        if (q := questionnaire.question(qid)) is None or q.option(oid) is None
    ]
    for qid in stale:
        del record.answers[qid]
    return len(stale)
