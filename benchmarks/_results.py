"""Shared helpers for the benchmark scripts: paths, machine facts and RESULTS.md sections.

``benchmarks/RESULTS.md`` holds one section per script, delimited by HTML comment
markers (``<!-- accuracy:start -->`` … ``<!-- accuracy:end -->``). Each script rewrites
its own section and leaves everything else in the file untouched, so the two can be
run independently and in any order.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
RESULTS_FILE = BENCH_DIR / "RESULTS.md"
DEFAULT_CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus"

_HEADER = """\
# Benchmark results

Measured by the scripts in `benchmarks/`; reproduce everything with `make bench`
(or run one script: `.venv/bin/python benchmarks/accuracy.py`,
`.venv/bin/python benchmarks/speed.py`). Each script rewrites only its own section
below, between its HTML comment markers; text outside the markers is kept.
"""


def start_marker(name: str) -> str:
    return f"<!-- {name}:start -->"


def end_marker(name: str) -> str:
    return f"<!-- {name}:end -->"


def update_section(name: str, body: str, path: Path = RESULTS_FILE) -> None:
    """Replace the ``name`` section of ``path`` with ``body`` (create file/section if needed)."""
    start, end = start_marker(name), end_marker(name)
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else _HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def resolve_corpus_dir(given: str | None) -> Path:
    """The corpus directory, or exit with a one-line explanation."""
    corpus = Path(given).expanduser() if given else DEFAULT_CORPUS_DIR
    if not corpus.is_dir():
        how = "given with --corpus-dir" if given else "expected next to the repository"
        raise SystemExit(
            f"error: corpus directory not found: {corpus} ({how}; "
            "pass --corpus-dir DIR pointing at the folder with dev.jsonl and check.jsonl)"
        )
    return corpus


def require_file(path: Path, what: str) -> Path:
    if not path.is_file():
        raise SystemExit(f"error: {what} not found: {path}")
    return path


def now_utc() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def git_revision() -> str:
    """Short commit of the checkout, flagged when the working tree has changes."""
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "coach", "rules"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{rev} (with uncommitted changes in coach/ or rules/)" if dirty else rev


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def python_version() -> str:
    return f"{platform.python_implementation()} {sys.version.split()[0]}"


def relative(path: Path) -> str:
    """``path`` relative to the repository root when possible, for reproducible commands."""
    try:
        return os.path.relpath(path, REPO_ROOT)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
