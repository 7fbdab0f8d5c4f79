"""Accuracy benchmark: score ``coach check --jsonl`` on the dev and check corpora.

Runs the installed ``coach`` (``python -m coach check --jsonl``, with the interpreter
running this script) over ``dev.jsonl`` and ``check.jsonl`` from the shared corpus,
scores each with the official ``tools/score.py`` (run as a subprocess, so the numbers
are exactly the official ones), prints both tables and rewrites the accuracy section
of ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/accuracy.py [--corpus-dir DIR] [--model NAME] [--errors]

Tuning happens on ``dev.jsonl`` only; ``check.jsonl`` is the held-out check set.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from _results import (
    REPO_ROOT,
    git_revision,
    now_utc,
    relative,
    require_file,
    resolve_corpus_dir,
    update_section,
)

DEV_MACRO_TARGET = 0.90
DEV_BEHAVIOUR_TARGET = 0.80
CHECK_MACRO_TARGET = 0.85

_ROW = re.compile(r"^(?P<b>\S+)\s+(?P<pos>\d+)\s+(?P<p>[\d.]+)\s+(?P<r>[\d.]+)\s+(?P<f>[\d.]+)$")
_MACRO = re.compile(r"^macro-F1 (?P<f>[\d.]+) \(n=(?P<n>\d+)\)$")
_MISSING = re.compile(r"^missing predictions: (?P<m>\d+)$")


@dataclass
class Row:
    behaviour: str
    positives: int
    precision: str
    recall: str
    f1: str  # kept as printed by score.py (two decimals) so the table matches it exactly


@dataclass
class Score:
    split: str
    rows: list[Row] = field(default_factory=list)
    macro: str = ""
    n: int = 0
    missing: int = 0
    raw: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Split:
    name: str
    macro_target: float
    behaviour_target: float | None


SPLITS = (
    Split("dev", DEV_MACRO_TARGET, DEV_BEHAVIOUR_TARGET),
    Split("check", CHECK_MACRO_TARGET, None),
)


def run_coach(corpus: Path, out: Path, model: str | None) -> dict[str, str]:
    """Run ``coach check --jsonl`` into ``out``; return the pipeline it reported."""
    cmd = [sys.executable, "-m", "coach", "check", "--jsonl", str(corpus)]
    if model:
        cmd[3:3] = ["--model", model]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as sink:
        proc = subprocess.run(
            cmd, cwd=REPO_ROOT, stdout=sink, stderr=subprocess.PIPE, text=True, check=False
        )
    if proc.returncode != 0:
        detail = proc.stderr.strip().splitlines()
        raise SystemExit(
            f"error: {' '.join(cmd)} exited with {proc.returncode}: "
            f"{detail[-1] if detail else '(no message)'}"
        )
    with out.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                pipeline = json.loads(line).get("pipeline", {})
                return {k: str(v) for k, v in pipeline.items()}
    raise SystemExit(f"error: coach wrote no predictions for {corpus}")


def run_score(score_py: Path, corpus: Path, preds: Path, split: str, with_errors: bool) -> Score:
    cmd = [sys.executable, str(score_py), str(corpus), str(preds)]
    if with_errors:
        cmd.append("--errors")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"error: score.py failed ({proc.returncode}): {proc.stderr.strip()}")
    score = Score(split, raw=proc.stdout)
    for line in proc.stdout.splitlines():
        if line.startswith("    "):  # --errors lines under a behaviour's row
            score.errors.append(f"{score.rows[-1].behaviour}: {line.strip()}")
        elif m := _ROW.match(line):
            score.rows.append(Row(m["b"], int(m["pos"]), m["p"], m["r"], m["f"]))
        elif m := _MACRO.match(line):
            score.macro, score.n = m["f"], int(m["n"])
        elif m := _MISSING.match(line):
            score.missing = int(m["m"])
    if not score.rows or not score.macro:
        raise SystemExit(f"error: could not read score.py's table:\n{proc.stdout}")
    return score


def _mark(value: float, target: float) -> str:
    return "PASS" if value >= target else "MISS"


def markdown_table(score: Score, split: Split) -> str:
    per = split.behaviour_target
    head = "| behaviour | positives | P | R | F1 |"
    rule = "|---|---:|---:|---:|---:|"
    if per is not None:
        head += f" target F1 ≥ {per:.2f} |"
        rule += "---|"
    lines = [head, rule]
    for row in score.rows:
        line = f"| {row.behaviour} | {row.positives} | {row.precision} | {row.recall} | {row.f1} |"
        if per is not None:
            line += f" {_mark(float(row.f1), per)} |"
        lines.append(line)
    macro = float(score.macro)
    summary = (
        f"**macro-F1 {score.macro}** (n={score.n}) — target ≥ {split.macro_target:.2f}: "
        f"**{_mark(macro, split.macro_target)}**"
    )
    if per is not None:
        below = [r.behaviour for r in score.rows if float(r.f1) < per]
        summary += f"; every behaviour ≥ {per:.2f}: " + (
            "**PASS**" if not below else f"**MISS** ({', '.join(below)})"
        )
    if score.missing:
        summary += f"; **{score.missing} predictions missing**"
    return "\n".join([*lines, "", summary])


def section(
    scores: dict[str, Score], pipeline: dict[str, str], command: str, corpus_dir: Path
) -> str:
    split_by_name = {s.name: s for s in SPLITS}
    parts = [
        "## Accuracy",
        "",
        f"- Date: {now_utc()}; coach checkout {git_revision()}",
        f"- spaCy pipeline: `{pipeline.get('name', '?')}` {pipeline.get('version', '?')} "
        "(as reported in the `pipeline` field of `coach check --jsonl`)",
        f"- Corpus: `{relative(corpus_dir)}/dev.jsonl` (development set: all tuning happens "
        f"here) and `{relative(corpus_dir)}/check.jsonl` (held-out check set)",
        "- Scored by the official `../shared/tools/score.py` (its table, unchanged); "
        "`personal-only` is derived by score.py from personal-reason and business-benefit",
        f"- Reproduce: `make bench` (accuracy and speed) or `{command}`",
        "",
    ]
    for name, title in (("dev", "Dev corpus"), ("check", "Check set")):
        score = scores[name]
        parts += [f"### {title} (`{name}.jsonl`)", "", markdown_table(score, split_by_name[name])]
        parts.append("")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus-dir", help="folder with dev.jsonl and check.jsonl (default ../shared/corpus)"
    )
    parser.add_argument(
        "--score-script", help="the official scorer (default: <corpus-dir>/../tools/score.py)"
    )
    parser.add_argument("--model", help="spaCy pipeline to pass to coach (default: coach's)")
    parser.add_argument(
        "--errors", action="store_true", help="list misclassified dev ids (stdout only)"
    )
    parser.add_argument(
        "--predictions-dir",
        help="keep coach's predictions there (default: a temporary folder, removed after; "
        "predictions echo the corpus texts, so keep them out of the repository)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave RESULTS.md unchanged"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coach-accuracy-") as tmp:
        out_dir = Path(args.predictions_dir) if args.predictions_dir else Path(tmp)
        return _run(args, out_dir)


def _run(args: argparse.Namespace, out_dir: Path) -> int:
    corpus_dir = resolve_corpus_dir(args.corpus_dir)
    score_py = require_file(
        Path(args.score_script) if args.score_script else corpus_dir.parent / "tools" / "score.py",
        "score.py (pass --score-script)",
    )
    scores: dict[str, Score] = {}
    pipeline: dict[str, str] = {}
    for split in SPLITS:
        corpus = require_file(corpus_dir / f"{split.name}.jsonl", f"{split.name} corpus")
        preds = out_dir / f"{split.name}.predictions.jsonl"
        print(f"running coach check --jsonl {relative(corpus)} ...", file=sys.stderr)
        pipeline = run_coach(corpus, preds, args.model)
        score = run_score(score_py, corpus, preds, split.name, args.errors and split.name == "dev")
        scores[split.name] = score
        print(f"\n== {split.name}.jsonl ==")
        print(score.raw.rstrip())
        verdict = _mark(float(score.macro), split.macro_target)
        print(f"target macro-F1 >= {split.macro_target:.2f}: {verdict}")
        if split.behaviour_target is not None:
            below = [r.behaviour for r in score.rows if float(r.f1) < split.behaviour_target]
            print(
                f"target every behaviour F1 >= {split.behaviour_target:.2f}: "
                + ("PASS" if not below else f"MISS ({', '.join(below)})")
            )

    command = ".venv/bin/python benchmarks/accuracy.py"
    if args.corpus_dir:
        command += f" --corpus-dir {args.corpus_dir}"
    if args.model:
        command += f" --model {args.model}"
    if not args.no_write:
        update_section("accuracy", section(scores, pipeline, command, corpus_dir))
        print(f"\nwrote the accuracy section of {relative(REPO_ROOT / 'benchmarks/RESULTS.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
