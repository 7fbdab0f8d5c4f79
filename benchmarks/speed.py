"""Speed benchmark: coach's detection against the bare spaCy pipeline it is built on.

Measures, with the same trained pipeline on both sides:

a. per-reply latency over the dev corpus in one process: ``Analyzer.detect(text)``
   against bare ``nlp(text)`` (``spacy.load(model, exclude=["ner"])``, since coach
   excludes NER; the full pipeline with NER is shown for context), interleaved;
b. batch throughput: ``Analyzer.detect_many(texts)`` against ``nlp.pipe(texts)`` in
   process, and the whole ``coach check --jsonl dev.jsonl`` command against a bare
   ``nlp.pipe`` script (model load included), for information;
c. cold start: ``coach check --format json SHORTFILE`` against
   ``python -c "import spacy; spacy.load(MODEL)"``, medians of interleaved runs;
d. peak memory (max RSS of each child process, from ``os.wait4``).

Prints a summary and rewrites the speed section of ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/speed.py [--runs N] [--model NAME] [--corpus-dir DIR]
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _results import (
    REPO_ROOT,
    cpu_model,
    git_revision,
    now_utc,
    python_version,
    relative,
    require_file,
    resolve_corpus_dir,
    update_section,
    usable_cpus,
)

LATENCY_TARGET = 1.3
THROUGHPUT_TARGET = 1.3
COLD_START_TARGET = 1.2
SHORT_TEXT = "Could we try working from home on Fridays for six weeks and then review it?\n"

# A bare spaCy batch run over a JSON lines file, the counterpart of `coach check --jsonl`.
_BARE_PIPE = """\
import json, sys
import spacy
nlp = spacy.load(sys.argv[1], exclude=["ner"])
with open(sys.argv[2], encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f if line.strip()]
for doc in nlp.pipe(texts):
    pass
"""

# coach's command timed from inside the process: wall time minus this is interpreter
# start-up and tear-down (freeing every object and module at exit).
_INSIDE_COACH = """\
import sys, time
t = time.perf_counter()
from coach.cli import main
main(sys.argv[1:])
sys.stdout.flush()
print(time.perf_counter() - t, file=sys.stderr)
"""
_INSIDE_BARE = """\
import sys, time
t = time.perf_counter()
import spacy
spacy.load(sys.argv[1])
print(time.perf_counter() - t, file=sys.stderr)
"""
# cProfile rows shown besides coach's own functions.
_SPACY_ROWS = {"load": "spacy.load", "blank": "spacy.blank", "<module>": "import spacy"}


# ---------------------------------------------------------------------------
# Helpers


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile, q in [0, 100]."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "MISS"


@dataclass
class RunResult:
    wall: float
    cpu: float  # user + system CPU seconds of the child
    max_rss_kib: int


def run_measured(cmd: Sequence[str], stdout: Any = subprocess.DEVNULL) -> RunResult:
    """Run ``cmd`` to completion; wall time and the child's own peak RSS (``wait4``)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=REPO_ROOT, stdout=stdout, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            lines = err.read().decode(errors="replace").strip().splitlines()
            raise SystemExit(
                f"error: {' '.join(cmd)} exited with {proc.returncode}: "
                f"{lines[-1] if lines else '(no message)'}"
            )
    rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return RunResult(wall, usage.ru_utime + usage.ru_stime, int(rss))


def interleave(
    variants: dict[str, Sequence[str]], runs: int, label: str
) -> dict[str, list[RunResult]]:
    """Run every variant ``runs`` times, A/B/C… rotated each round; one untimed warm-up."""
    names = list(variants)
    for name in names:  # warm the page cache and the bytecode cache
        run_measured(variants[name])
    results: dict[str, list[RunResult]] = {name: [] for name in names}
    for r in range(runs):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            results[name].append(run_measured(variants[name]))
        print(f"  {label}: round {r + 1}/{runs}", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    return results


def median_wall(results: list[RunResult]) -> float:
    return statistics.median(r.wall for r in results)


def median_cpu(results: list[RunResult]) -> float:
    return statistics.median(r.cpu for r in results)


def max_rss_mib(results: list[RunResult]) -> float:
    return statistics.median(r.max_rss_kib for r in results) / 1024


def load_texts(corpus: Path) -> list[str]:
    with corpus.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


# ---------------------------------------------------------------------------
# a. latency


@dataclass
class Latency:
    per_text: dict[str, list[float]] = field(default_factory=dict)  # wall s, median per text
    per_text_cpu: dict[str, list[float]] = field(default_factory=dict)  # CPU s, same

    def median(self, name: str) -> float:
        return statistics.median(self.per_text[name])

    def p95(self, name: str) -> float:
        return percentile(self.per_text[name], 95)

    def total(self, name: str) -> float:
        return sum(self.per_text[name])

    def median_cpu(self, name: str) -> float:
        return statistics.median(self.per_text_cpu[name])


def measure_latency(
    variants: dict[str, Callable[[str], object]], texts: list[str], repeats: int
) -> Latency:
    """Each text ``repeats`` times per variant, variants alternating text by text."""
    names = list(variants)
    for text in texts[: min(len(texts), 30)]:  # warm-up
        for name in names:
            variants[name](text)
    wall: dict[str, list[list[float]]] = {n: [[] for _ in texts] for n in names}
    cpu: dict[str, list[list[float]]] = {n: [[] for _ in texts] for n in names}
    gc.collect()
    for r in range(repeats):
        order = names[r % len(names) :] + names[: r % len(names)]
        for i, text in enumerate(texts):
            for name in order:
                fn = variants[name]
                start, start_cpu = time.perf_counter(), time.process_time()
                fn(text)
                cpu[name][i].append(time.process_time() - start_cpu)
                wall[name][i].append(time.perf_counter() - start)
    return Latency(
        {n: [statistics.median(s) for s in wall[n]] for n in names},
        {n: [statistics.median(s) for s in cpu[n]] for n in names},
    )


def component_breakdown(nlp: Any, texts: list[str]) -> dict[str, float]:
    """Mean seconds per reply spent in each pipe (tokenizer included), run pipe by pipe."""
    totals: dict[str, float] = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for _ in range(2):
        for text in texts:
            start = time.perf_counter()
            doc = nlp.make_doc(text)
            totals["tokenizer"] += time.perf_counter() - start
            for name, proc in nlp.pipeline:
                start = time.perf_counter()
                doc = proc(doc)
                totals[name] += time.perf_counter() - start
    return {name: value / (2 * len(texts)) for name, value in totals.items()}


# ---------------------------------------------------------------------------
# b. throughput (in process)


def measure_throughput(
    variants: dict[str, Callable[[list[str]], object]], texts: list[str], rounds: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall and CPU seconds for one pass over ``texts``, variants alternating."""
    names = list(variants)
    for name in names:
        variants[name](texts[:64])
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            variants[name](texts)
            cpu[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start)
    return (
        {n: statistics.median(t) for n, t in wall.items()},
        {n: statistics.median(t) for n, t in cpu.items()},
    )


# ---------------------------------------------------------------------------
# Report


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main(argv: list[str] | None = None) -> int:
    from coach.config import DEFAULT_MODEL

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline (both sides)")
    parser.add_argument(
        "--runs",
        type=int,
        default=10,
        help="interleaved cold-start runs (default 10; the issue asks for at least 10)",
    )
    parser.add_argument(
        "--repeats", type=int, default=5, help="latency repeats per text (default 5)"
    )
    parser.add_argument(
        "--batch-rounds", type=int, default=5, help="in-process throughput rounds (default 5)"
    )
    parser.add_argument(
        "--command-runs", type=int, default=3, help="whole --jsonl command runs (default 3)"
    )
    parser.add_argument("--corpus-dir", help="folder with dev.jsonl (default ../shared/corpus)")
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="run child processes with the environment unchanged (by default they get a "
        "bytecode cache in a temporary folder, as a normal install has)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave RESULTS.md unchanged"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.repeats < 1 or args.batch_rounds < 1 or args.command_runs < 1:
        parser.error("counts must be at least 1")
    saved = dict(os.environ)
    try:
        with tempfile.TemporaryDirectory(prefix="coach-speed-pyc-") as pycache:
            bytecode = "as the environment has it" if args.as_is else use_bytecode_cache(pycache)
            return _run(args, bytecode)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def use_bytecode_cache(folder: str) -> str:
    """Give child processes a bytecode cache outside the repository.

    With ``PYTHONDONTWRITEBYTECODE`` set (as in some sandboxes and CI images), an
    editable install recompiles every coach module on each start while spaCy's
    modules come precompiled from their wheels, which is not what a user's install
    does. ``PYTHONPYCACHEPREFIX`` keeps the cache out of the source tree; the untimed
    warm-up runs fill it, for coach and spaCy alike.
    """
    was = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = folder
    note = "PYTHONDONTWRITEBYTECODE unset for them" if was is not None else "nothing else changed"
    return f"a fresh bytecode cache (`PYTHONPYCACHEPREFIX`, filled by the warm-up); {note}"


def _run(args: argparse.Namespace, bytecode: str) -> int:
    from coach.config import DEFAULT_MODEL

    corpus_dir = resolve_corpus_dir(args.corpus_dir)
    dev = require_file(corpus_dir / "dev.jsonl", "dev corpus")
    texts = load_texts(dev)
    model = args.model
    py = sys.executable
    load_avg = os.getloadavg()

    # Child processes first, while this process is still small: the peak RSS that
    # wait4 reports for a child counts from the parent's size at fork.

    # b. whole commands (and d. memory) ----------------------------------------
    print(f"b. whole commands: {args.command_runs} runs each ...", file=sys.stderr)
    commands = interleave(
        {
            "coach": [py, "-m", "coach", "check", "--model", model, "--jsonl", str(dev)],
            "bare": [py, "-c", _BARE_PIPE, model, str(dev)],
        },
        args.command_runs,
        "whole command",
    )

    # c. cold start ------------------------------------------------------------
    print(f"c. cold start: {args.runs} interleaved runs ...", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        short = Path(tmp) / "reply.txt"
        short.write_text(SHORT_TEXT, encoding="utf-8")
        coach_args = ["check", "--model", model, "--format", "json", str(short)]
        cold = interleave(
            {
                "coach": [py, "-m", "coach", *coach_args],
                "bare": [py, "-c", f"import spacy; spacy.load({model!r})"],
                "bare-no-ner": [py, "-c", f"import spacy; spacy.load({model!r}, exclude=['ner'])"],
                "import-spacy": [py, "-c", "import spacy"],
            },
            args.runs,
            "cold start",
        )
        diagnostics = cold_start_diagnostics(py, model, coach_args, min(args.runs, 6))
    cold_ratio = median_wall(cold["coach"]) / median_wall(cold["bare"])

    import spacy

    from coach.analysis import Analyzer

    print(f"loading {model} (coach, bare without NER, bare with NER) ...", file=sys.stderr)
    analyzer = Analyzer.load(model)
    bare = spacy.load(model, exclude=["ner"])
    bare_ner = spacy.load(model)
    pipeline = analyzer.pipeline

    # a. latency -----------------------------------------------------------
    print(f"a. latency: {len(texts)} texts x {args.repeats} repeats ...", file=sys.stderr)
    latency = measure_latency(
        {"coach": analyzer.detect, "bare": bare, "bare+ner": bare_ner}, texts, args.repeats
    )
    latency_ratio = latency.median("coach") / latency.median("bare")
    breakdown = component_breakdown(analyzer.nlp, texts)

    # b. throughput in process ----------------------------------------------
    print(f"b. throughput: {args.batch_rounds} rounds ...", file=sys.stderr)

    def coach_batch(batch: list[str]) -> object:
        return sum(1 for _ in analyzer.detect_many(batch))

    def bare_batch(batch: list[str]) -> object:
        return sum(1 for _ in bare.pipe(batch))

    batch, batch_cpu = measure_throughput(
        {"coach": coach_batch, "bare": bare_batch}, texts, args.batch_rounds
    )
    throughput_ratio = batch["coach"] / batch["bare"]

    # report -------------------------------------------------------------------
    command = ".venv/bin/python benchmarks/speed.py"
    if args.model != DEFAULT_MODEL:
        command += f" --model {args.model}"
    if args.runs != 10:
        command += f" --runs {args.runs}"
    if args.corpus_dir:
        command += f" --corpus-dir {args.corpus_dir}"
    if args.as_is:
        command += " --as-is"
    facts = {
        "date": now_utc(),
        "revision": git_revision(),
        "cpus": usable_cpus(),
        "cpu": cpu_model(),
        "load": load_avg,
        "python": python_version(),
        "spacy": importlib.metadata.version("spacy"),
        "pipeline": pipeline,
        "n_texts": len(texts),
        "bytecode": bytecode,
        "bare_batch_size": bare.batch_size,
        "dev": relative(dev),
        "command": command,
        "args": args,
    }
    body = render(
        facts,
        latency,
        latency_ratio,
        breakdown,
        batch,
        batch_cpu,
        throughput_ratio,
        commands,
        cold,
        cold_ratio,
        diagnostics,
    )
    print(body)
    if not args.no_write:
        update_section("speed", body)
        print(f"\nwrote the speed section of {relative(REPO_ROOT / 'benchmarks/RESULTS.md')}")
    return 0


def _is_spacy_init(file: str) -> bool:
    path = Path(file)
    return path.name == "__init__.py" and path.parent.name == "spacy"


@dataclass
class ColdDiagnostics:
    """Where a cold start goes: in-process time against wall time, and a profile."""

    inside: dict[str, float] = field(default_factory=dict)  # median seconds in process
    wall: dict[str, float] = field(default_factory=dict)  # median wall seconds, same runs
    profile: list[tuple[str, int, float]] = field(default_factory=list)  # name, calls, cum s
    profile_total: float = 0.0
    problem: str = ""


def _timed_inside(cmd: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    wall = time.perf_counter() - start
    lines = proc.stderr.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(lines[-1] if lines else f"exit code {proc.returncode}")
    return float(lines[-1]), wall


def cold_start_diagnostics(
    py: str, model: str, coach_args: list[str], runs: int
) -> ColdDiagnostics:
    """Best effort: a failure is reported in the results, not raised."""
    diag = ColdDiagnostics()
    variants = {
        "coach": [py, "-c", _INSIDE_COACH, *coach_args],
        "bare": [py, "-c", _INSIDE_BARE, model],
    }
    try:
        samples: dict[str, list[tuple[float, float]]] = {n: [] for n in variants}
        for r in range(runs):
            for name in list(variants)[:: 1 if r % 2 else -1]:
                samples[name].append(_timed_inside(variants[name]))
        for name, pairs in samples.items():
            diag.inside[name] = statistics.median(x for x, _ in pairs)
            diag.wall[name] = statistics.median(w for _, w in pairs)
    except RuntimeError as exc:
        diag.problem = f"in-process timing failed: {exc}"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "check.prof"
        proc = subprocess.run(
            [py, "-m", "cProfile", "-o", str(out), "-m", "coach", *coach_args],
            cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if proc.returncode != 0 or not out.exists():
            last = proc.stderr.strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
            diag.problem += f" profile failed: {last[0]}"
            return diag
        stats = pstats.Stats(str(out))
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    diag.profile_total = float(stats.total_tt)  # type: ignore[attr-defined]
    coach_dir = str(REPO_ROOT / "coach") + os.sep
    rows: list[tuple[str, int, float]] = []
    for (file, line, func), (_, calls, _, cumulative, _) in raw.items():
        if file.startswith(coach_dir) and func != "<module>":
            rows.append((f"`{relative(Path(file))}:{line}` {func}", calls, cumulative))
        elif _is_spacy_init(file) and func in _SPACY_ROWS:
            rows.append((f"*{_SPACY_ROWS[func]}*", calls, cumulative))
    # Drop the entry points that merely wrap the whole command.
    rows = [r for r in rows if r[2] < 0.9 * diag.profile_total]
    diag.profile = sorted(rows, key=lambda r: r[2], reverse=True)[:15]
    return diag


def render(
    facts: dict[str, Any],
    latency: Latency,
    latency_ratio: float,
    breakdown: dict[str, float],
    batch: dict[str, float],
    batch_cpu: dict[str, float],
    throughput_ratio: float,
    commands: dict[str, list[RunResult]],
    cold: dict[str, list[RunResult]],
    cold_ratio: float,
    diagnostics: ColdDiagnostics,
) -> str:
    args = facts["args"]
    n = facts["n_texts"]
    pipeline = facts["pipeline"]
    load = ", ".join(f"{x:.2f}" for x in facts["load"])
    lines = [
        "## Speed",
        "",
        f"- Date: {facts['date']}; coach checkout {facts['revision']}",
        f"- Machine: {facts['cpus']} CPUs usable ({facts['cpu']}); load average at start "
        f"{load}; {facts['python']}; spaCy {facts['spacy']}",
        f"- Pipeline: `{pipeline.get('name')}` {pipeline.get('version')} on both sides. coach "
        "loads it with `exclude=['ner']` (it does not use entities), so \"bare\" below is "
        "`spacy.load(model, exclude=['ner'])` unless it says \"with NER\"",
        f"- Texts: the {n} replies of `{facts['dev']}`",
        f"- Child processes (b, c, d) run with {facts['bytecode']}",
        f"- Reproduce: `make bench` (accuracy and speed) or `{facts['command']}`",
        "",
        "| metric | coach | bare spaCy | ratio | target | result | ratio (CPU time) |",
        "|---|---:|---:|---:|---:|---|---:|",
        f"| a. per-reply latency, median | {_ms(latency.median('coach'))} | "
        f"{_ms(latency.median('bare'))} | {latency_ratio:.2f} | ≤ {LATENCY_TARGET} | "
        f"{verdict(latency_ratio, LATENCY_TARGET)} | "
        f"{latency.median_cpu('coach') / latency.median_cpu('bare'):.2f} |",
        f"| a. per-reply latency, p95 | {_ms(latency.p95('coach'))} | "
        f"{_ms(latency.p95('bare'))} | {latency.p95('coach') / latency.p95('bare'):.2f} | | | |",
        f"| b. batch throughput in process (`detect_many` vs `nlp.pipe`) | "
        f"{n / batch['coach']:.0f} texts/s | {n / batch['bare']:.0f} texts/s | "
        f"{throughput_ratio:.2f} (time) | ≤ {THROUGHPUT_TARGET} | "
        f"{verdict(throughput_ratio, THROUGHPUT_TARGET)} | "
        f"{batch_cpu['coach'] / batch_cpu['bare']:.2f} |",
        f"| b. whole command over dev, model load included (info) | "
        f"{median_wall(commands['coach']):.2f} s | {median_wall(commands['bare']):.2f} s | "
        f"{median_wall(commands['coach']) / median_wall(commands['bare']):.2f} | | info | "
        f"{median_cpu(commands['coach']) / median_cpu(commands['bare']):.2f} |",
        f"| c. cold start, `check --format json` on a short file vs `spacy.load` | "
        f"{median_wall(cold['coach']):.2f} s | {median_wall(cold['bare']):.2f} s | "
        f"{cold_ratio:.2f} | ≤ {COLD_START_TARGET} | {verdict(cold_ratio, COLD_START_TARGET)} | "
        f"{median_cpu(cold['coach']) / median_cpu(cold['bare']):.2f} |",
        f"| d. peak memory (max RSS), `check --jsonl dev` vs bare `nlp.pipe` script | "
        f"{max_rss_mib(commands['coach']):.0f} MiB | {max_rss_mib(commands['bare']):.0f} MiB | "
        f"{max_rss_mib(commands['coach']) / max_rss_mib(commands['bare']):.2f} | | info | |",
        f"| d. peak memory (max RSS), cold start vs bare `spacy.load` (with NER) | "
        f"{max_rss_mib(cold['coach']):.0f} MiB | {max_rss_mib(cold['bare']):.0f} MiB | "
        f"{max_rss_mib(cold['coach']) / max_rss_mib(cold['bare']):.2f} | | info | |",
        "",
        "How it is measured:",
        "",
        f"- a. One process. After a warm-up, every text is run {args.repeats} times through "
        "`Analyzer.detect(text)` (normalisation and the `Detection` result included), bare "
        "`nlp(text)` and bare `nlp(text)` with NER, the three alternating text by text (the "
        "order rotates each round); the median of each text's runs is that text's latency, "
        "and median/p95 are taken over the texts.",
        f"- b. `list(analyzer.detect_many(texts))` against `list(nlp.pipe(texts))` (spaCy's "
        f"default batch size, {facts['bare_batch_size']} for this pipeline; coach picks its "
        f"own), alternating, median of {args.batch_rounds} passes. The whole "
        f"command row is `coach check --jsonl dev.jsonl` against a script that loads the "
        f"model and runs `nlp.pipe` over the same file, median of {args.command_runs} "
        "interleaved runs.",
        f"- c. Median wall time of {args.runs} interleaved runs (rotating order, one "
        "untimed warm-up each) of `python -m coach check --format json SHORT.txt` (content "
        'loading and JSON output included) against `python -c "import spacy; '
        "spacy.load(MODEL)\"` as the issue defines it, both with the venv's Python.",
        "- d. Peak resident memory of each child process (`os.wait4` rusage, measured "
        "before this script loads any pipeline itself), median over the runs above. The "
        "batch scripts' peaks depend on their `nlp.pipe` batch sizes.",
        "- Targets are judged on wall time, as defined in the issue. The last column is the "
        "same ratio on CPU time (`time.process_time` in process; user + system time of the "
        "child processes), which other work on a shared machine disturbs much less: when "
        "the two ratios disagree, the machine was busy during the run.",
        "",
        "Context (information only):",
        "",
        "| measurement | median | p95 / note |",
        "|---|---:|---:|",
        f"| a. bare `nlp(text)` with NER | {_ms(latency.median('bare+ner'))} | "
        f"{_ms(latency.p95('bare+ner'))} |",
        f"| a. coach latency / bare with NER | "
        f"{latency.median('coach') / latency.median('bare+ner'):.2f} | |",
        f"| a. total over all texts: coach / bare | "
        f"{latency.total('coach') / latency.total('bare'):.2f} | |",
        f"| c. `spacy.load(MODEL, exclude=['ner'])` cold | "
        f"{median_wall(cold['bare-no-ner']):.2f} s "
        f"| coach / this: {median_wall(cold['coach']) / median_wall(cold['bare-no-ner']):.2f} |",
        f"| c. `import spacy` alone | {median_wall(cold['import-spacy']):.2f} s | |",
        "",
    ]
    total = sum(breakdown.values())
    lines += [
        "Where a reply's time goes in coach's pipeline (pipe by pipe, mean per reply):",
        "",
        "| component | mean per reply | share |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {name} | {_ms(value)} | {value / total:.0%} |" for name, value in breakdown.items()
    ]
    coach_own = sum(v for k, v in breakdown.items() if k.startswith("coach_"))
    lines += [
        f"| *all `coach_*` components* | {_ms(coach_own)} | {coach_own / total:.0%} |",
        "",
    ]
    lines += render_cold_diagnostics(diagnostics)
    return "\n".join(lines)


def render_cold_diagnostics(diag: ColdDiagnostics) -> list[str]:
    lines = ["Cold start, where the time goes:", ""]
    if diag.problem:
        lines += [f"- {diag.problem.strip()}", ""]
    if diag.inside:
        lines += [
            "| process | wall | inside the process | start-up + tear-down |",
            "|---|---:|---:|---:|",
        ]
        for name, label in (
            ("coach", "`coach check` (via `coach.cli.main`)"),
            ("bare", "bare `spacy.load`"),
        ):
            wall, inside = diag.wall[name], diag.inside[name]
            lines.append(f"| {label} | {wall:.2f} s | {inside:.2f} s | {wall - inside:.2f} s |")
        lines.append("")
    if diag.profile:
        lines += [
            f"`coach check` under cProfile ({diag.profile_total:.2f} s in all, inflated by the "
            "profiler; coach's functions and spaCy's entry points by cumulative time, "
            "module imports not listed separately):",
            "",
            "| function | calls | cumulative | share |",
            "|---|---:|---:|---:|",
        ]
        lines += [
            f"| {name} | {calls} | {cum:.3f} s | {cum / diag.profile_total:.0%} |"
            for name, calls, cum in diag.profile
        ]
        lines.append("")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
