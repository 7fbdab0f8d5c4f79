"""Speed of the app: how soon the first screen is up, and how soon feedback follows a
sent reply.

a. Cold start: from process start to the home screen's first refresh. Each run
   starts a fresh ``python`` that does what the ``coach`` command does with no
   arguments (``coach.cli.main([])``) in a pseudo-terminal of 100x30; the home screen
   stamps the time with ``call_after_refresh`` (the app's ``first_paint`` hook) and the
   run ends. The time counts from just before the process is spawned, so interpreter
   start-up and every import are in it. Median of ``--runs`` runs (at least 10).
   For information, the same runs also stamp when the language model is ready.
b. Send to feedback: in one process, the app runs headless (100x30) with a loaded
   pipeline; every reply of the dev corpus is typed into the conversation screen and
   sent through the screen's own send action (what ctrl+s runs). The time from the
   send to the feedback panel's refresh is the screen's own ``last_latency`` stamp
   (also taken with ``call_after_refresh``). The conversation restarts whenever it
   ends. Sessions are recorded (to a temporary data directory), as in real use.
   Median and p95 over the corpus.
c. Opening a screen (for information): in the same kind of headless app, from the
   action that opens the readiness check or the proposal builder to the screen's
   first refresh after it is mounted (``call_after_refresh``), with the saved
   answers and facts read and the form built. Median of ``OPENS`` openings each.

Prints a summary and rewrites the TUI section of ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/tui_speed.py [--runs N] [--corpus-dir DIR] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

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

FIRST_PAINT_TARGET = 0.6
LATENCY_TARGET = 0.100
SIZE = (100, 30)
TIMEOUT = 60.0

# The child: the `coach` command with no arguments, with the app's first-paint hook
# and the model-ready moment stamped into a file (wall-clock seconds, one per line).
_CHILD = """\
import sys, time
stamp_file = sys.argv[1]
from coach.tui.app import CoachApp

first_paint = CoachApp.first_paint

def stamped(self):
    with open(stamp_file, "a") as out:
        out.write(f"paint {time.time()!r}\\n")
    first_paint(self)

    def ready():
        if self.engine is not None or self.engine_error:
            with open(stamp_file, "a") as out:
                out.write(f"ready {time.time()!r}\\n")
            self.exit()

    self.set_interval(0.005, ready)

CoachApp.first_paint = stamped
from coach.cli import main
sys.exit(main([]))
"""


def _drain(fd: int, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def cold_start_once(env: dict[str, str]) -> tuple[float, float | None]:
    """(seconds to the first paint, seconds to the model being ready)."""
    with tempfile.TemporaryDirectory() as tmp:
        stamp = Path(tmp) / "stamp"
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        stop = threading.Event()
        reader = threading.Thread(target=_drain, args=(master, stop), daemon=True)
        reader.start()
        started = time.time()
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(stamp)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=tmp,
            start_new_session=True,
        )
        os.close(slave)
        try:
            child.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise SystemExit("error: the app did not start and stop within a minute") from None
        finally:
            stop.set()
            os.close(master)
        stamps: dict[str, float] = {}
        if stamp.exists():
            for line in stamp.read_text().splitlines():
                name, value = line.split()
                stamps[name] = float(value)
        if "paint" not in stamps:
            raise SystemExit(f"error: no first-paint stamp (exit code {child.returncode})")
        ready = stamps.get("ready")
        return stamps["paint"] - started, (ready - started) if ready else None


def cold_start(runs: int) -> tuple[list[float], list[float]]:
    env = dict(os.environ)
    data = tempfile.mkdtemp(prefix="coach-bench-")
    env.update(COACH_DATA_DIR=data, TERM=env.get("TERM", "xterm-256color") or "xterm-256color")
    env.pop("TEXTUAL", None)
    paints: list[float] = []
    readies: list[float] = []
    try:
        cold_start_once(env)  # warm the file cache; not counted
        for _ in range(runs):
            paint, ready = cold_start_once(env)
            paints.append(paint)
            if ready is not None:
                readies.append(ready)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return paints, readies


async def _latencies(texts: list[str], data_dir: Path) -> list[float]:
    from textual.widgets import TextArea

    from coach.analysis import Analyzer
    from coach.coaching import Coach
    from coach.config import DEFAULT_MODEL
    from coach.tui.app import CoachApp
    from coach.tui.screens.conversation import ConversationScreen

    app = CoachApp(
        analyzer=Analyzer.load(DEFAULT_MODEL),
        coach=Coach.load(),
        scenario="remote-trial",
        seed=1,
        data_dir=data_dir,  # recorded, as in real use, but not among your own sessions
    )
    found: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        reply = screen.query_one("#reply", TextArea)
        for text in texts:
            session = screen.session
            assert session is not None
            if session.finished or session.turns_left <= 1:
                engine = app.engine
                assert engine is not None
                screen.session = engine.restart(session, 0, record_to=app.record_dir)
                screen._redraw()
                await pilot.pause()
            reply.load_text(text)
            await pilot.pause()
            screen.last_latency = None
            screen.action_send()
            deadline = time.perf_counter() + 10
            while screen.last_latency is None and time.perf_counter() < deadline:
                await asyncio.sleep(0.001)
            if screen.last_latency is None:
                raise SystemExit("error: no feedback within 10 s")
            found.append(screen.last_latency)
    return found


OPENS = 10


async def _screen_opens(data_dir: Path) -> dict[str, list[float]]:
    """How long the readiness check and the proposal builder take to open."""
    from coach.analysis import Analyzer
    from coach.coaching import Coach
    from coach.config import DEFAULT_MODEL
    from coach.tui.app import CoachApp

    app = CoachApp(analyzer=Analyzer.load(DEFAULT_MODEL), coach=Coach.load(), data_dir=data_dir)
    found: dict[str, list[float]] = {"readiness": [], "proposal": []}
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        opens = {"readiness": app.action_readiness, "proposal": app.action_proposal}
        for _ in range(OPENS):
            for name, action in opens.items():
                painted = asyncio.Event()
                start = time.perf_counter()
                action()
                screen = app.screen
                while not screen.is_mounted:
                    await asyncio.sleep(0.0005)
                screen.call_after_refresh(painted.set)
                await painted.wait()
                found[name].append(time.perf_counter() - start)
                await app.workers.wait_for_complete()
                await pilot.pause()
                app.go_home()
                await pilot.pause()
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[index]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12, help="cold starts to time (at least 10)")
    parser.add_argument("--corpus-dir", help="folder with dev.jsonl (default ../shared/corpus)")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args()
    runs = max(args.runs, 10)
    corpus = require_file(resolve_corpus_dir(args.corpus_dir) / "dev.jsonl", "dev corpus")
    texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines() if line]

    print(f"a. cold start to the first paint, {runs} runs…", file=sys.stderr)
    paints, readies = cold_start(runs)
    print(f"b. send to feedback over {len(texts)} replies…", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as data:
        latencies = asyncio.run(_latencies(texts, Path(data)))
    print(f"c. opening the readiness and proposal screens, {OPENS} times each…", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as data:
        opens = asyncio.run(_screen_opens(Path(data)))

    paint = statistics.median(paints)
    ready = statistics.median(readies) if readies else None
    median_latency = statistics.median(latencies)
    p95 = percentile(latencies, 0.95)
    verdict = {True: "PASS", False: "MISS"}
    rows = [
        (
            "a. process start to the home screen's first paint, median",
            ms(paint),
            f"< {ms(FIRST_PAINT_TARGET)}",
            verdict[paint < FIRST_PAINT_TARGET],
        ),
        ("a. first paint, fastest / slowest", f"{ms(min(paints))} / {ms(max(paints))}", "", ""),
        (
            "a. process start to the language model ready, median (info)",
            ms(ready) if ready is not None else "n/a",
            "",
            "info",
        ),
        ("b. send to feedback shown, median", ms(median_latency), "", ""),
        (
            "b. send to feedback shown, p95",
            ms(p95),
            f"< {ms(LATENCY_TARGET)}",
            verdict[p95 < LATENCY_TARGET],
        ),
        ("b. send to feedback shown, max", ms(max(latencies)), "", ""),
        (
            "c. open the readiness check to its first paint, median (info)",
            ms(statistics.median(opens["readiness"])),
            "",
            "info",
        ),
        (
            "c. open the proposal builder to its first paint, median (info)",
            ms(statistics.median(opens["proposal"])),
            "",
            "info",
        ),
    ]
    for name, value, target, result in rows:
        print(f"{name:<62} {value:>14} {target:>9} {result}")

    import textual

    table = ["| metric | value | target | result |", "|---|---:|---:|---|"]
    table += [f"| {name} | {value} | {target} | {result} |" for name, value, target, result in rows]
    command = ".venv/bin/python benchmarks/tui_speed.py"
    body = "\n".join(
        [
            "## TUI",
            "",
            f"- Date: {now_utc()}; coach checkout {git_revision()}",
            f"- Machine: {usable_cpus()} CPUs usable ({cpu_model()}); "
            f"load average at start {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
            f"{python_version()}; Textual {textual.__version__}",
            f"- Texts: the {len(texts)} replies of `{relative(corpus)}`; "
            f"cold start: {runs} runs (after one warm-up run), terminal {SIZE[0]}x{SIZE[1]}",
            f"- Reproduce: `{command}`",
            "",
            *table,
            "",
            "How it is measured: (a) a fresh `python` runs `coach.cli.main([])` (what `coach` "
            "with no arguments runs) in a pseudo-terminal; the home screen's first refresh is "
            "stamped with `call_after_refresh` (the app's `first_paint` hook), counted from just "
            "before the process is spawned, so interpreter start-up and imports are included. "
            "spaCy is not imported before that paint: the model loads in a thread worker "
            "afterwards. (b) In one process the app runs headless with the pipeline loaded; each "
            "reply is put in the conversation screen's input and sent with the screen's send "
            "action (what ctrl+s runs): detection, coaching and the dialogue run in a thread "
            "worker and the result comes back as a message; the time is stamped with "
            "`call_after_refresh` once the feedback panel is updated. Sessions are recorded "
            "(transcripts to a temporary data directory, each reply fsynced before its "
            "analysis), as in real use; the conversation restarts whenever it ends. (c) In "
            "the same kind of app, the readiness check and the proposal builder are opened "
            f"{OPENS} times each from home; the time runs from the action that opens the screen "
            "to its first refresh once mounted (saved answers and facts read, form built). "
            "There is no target for (c): it is here to watch.",
        ]
    )
    if not args.no_write:
        update_section("tui", body)
        print(f"wrote the TUI section of {relative(REPO_ROOT / 'benchmarks' / 'RESULTS.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
