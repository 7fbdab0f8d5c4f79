"""``coach check``: what does this reply, email or proposal do, and how could it be
said better?"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, replace
from typing import IO, TYPE_CHECKING, Any

from coach.cli import add_common_options, load_settings_for, positive_int
from coach.errors import EXIT_FOUND, EXIT_OK, CoachError
from coach.vocabulary import LEVELS, SITUATIONS, TOPICS

if TYPE_CHECKING:
    from coach.analysis import Analyzer
    from coach.coaching import Coach, Feedback, Finding
    from coach.content.behaviours import BehaviourSet
    from coach.nlp.detection import Detection

MISS_CHOICES = tuple(level for level in LEVELS if level != "praise")


def register(sub: Any) -> None:
    check = sub.add_parser(
        "check",
        help="check a reply, email or proposal: feedback and a suggested rewrite",
        description="Check what a text does (leads with the business case? proposes "
        "a trial? hedges?), get ranked feedback for the moment it is said in, and a "
        "rewrite of the whole reply. Exit 0, or 1 with --fail-on when a finding at "
        "that level is found.",
    )
    add_common_options(check)
    check.add_argument("file", nargs="?", metavar="FILE", help="text file, or - for stdin")
    check.add_argument("--format", choices=("human", "json"), default="human", help="output format")
    check.add_argument(
        "--jsonl",
        metavar="IN",
        help="batch mode: read JSON lines with 'id' and 'text' (optionally 'situation', "
        "'manager_said', 'topic'; '-' for stdin), write one JSON result per line",
    )
    check.add_argument(
        "--max-chars",
        type=positive_int,
        metavar="N",
        help="refuse texts longer than N characters (default 20000)",
    )
    where = check.add_argument_group("the moment the reply is made in")
    where.add_argument(
        "--situation",
        choices=SITUATIONS,
        metavar="SITUATION",
        help=f"where in the conversation the reply is made: {', '.join(SITUATIONS)}",
    )
    said = where.add_mutually_exclusive_group()
    said.add_argument(
        "--manager-said",
        metavar="TEXT",
        help="the manager's line the reply answers; the topic is detected from it",
    )
    said.add_argument(
        "--topic",
        choices=TOPICS,
        metavar="TOPIC",
        help=f"the topic the manager raised: {', '.join(TOPICS)}",
    )
    check.add_argument(
        "--email",
        action="store_true",
        help="judge a pasted email: ignore quoted earlier messages, the signature and the greeting",
    )
    shown = check.add_argument_group("which feedback")
    shown.add_argument(
        "--all", action="store_true", help="show every finding, not only the three most important"
    )
    shown.add_argument(
        "--min-level",
        choices=LEVELS,
        help="hide misses below this level (config: min_level)",
    )
    shown.add_argument("--no-praise", action="store_true", help="hide praise")
    shown.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="ID",
        help="switch a coaching rule off (repeatable; config: disable)",
    )
    shown.add_argument(
        "--fail-on",
        choices=MISS_CHOICES,
        metavar="LEVEL",
        help="exit 1 when a finding at or above LEVEL (tip, warning, blocker) is found",
    )
    check.set_defaults(handler=run)


@dataclass(frozen=True)
class Options:
    """What to show and when to fail, from flags and the config file."""

    min_level: str | None
    praise: bool
    everything: bool
    fail_on: str | None

    def selected(self, feedback: Feedback) -> tuple[Finding, ...]:
        return feedback.select(self.min_level, self.praise)

    def failed(self, findings: tuple[Finding, ...]) -> bool:
        from coach.coaching import at_or_above

        return self.fail_on is not None and any(
            at_or_above(f.level, self.fail_on) for f in findings if not f.is_praise
        )


def load_coach(settings: Any, flags: list[str], behaviours: BehaviourSet | None = None) -> Coach:
    """The coach with the config's and the flags' disabled rules; warnings to stderr."""
    from coach.coaching import Coach

    disabled = (*settings.disable, *flags)
    if behaviours is None:
        coach = Coach.load(disabled=disabled)
    else:
        coach = Coach.load(disabled=disabled, behaviours=behaviours)
    for warning in coach.warnings:
        print(warning.render(), file=sys.stderr)
    return coach


def run(args: argparse.Namespace) -> int:
    from coach.textinput import check_text, read_text_argument

    settings = load_settings_for(args)
    options = Options(
        min_level=args.min_level or settings.min_level,
        praise=not args.no_praise,
        everything=args.all,
        fail_on=args.fail_on,
    )
    if args.jsonl is not None:
        if args.file is not None:
            raise CoachError("give either FILE or --jsonl, not both")
        return run_jsonl(args, settings, options, sys.stdout)
    text, source = read_text_argument(args.file)
    check_text(text, source, settings.max_chars)
    judged, ignored = judged_text(text, args.email, source)
    from coach.analysis import Analyzer
    from coach.coaching import ReplyContext
    from coach.content.library import load_behaviours

    behaviours = load_behaviours()
    coach = load_coach(settings, args.disable, behaviours)
    analyzer = Analyzer.load(settings.model, behaviours=behaviours)
    coach.attach_pipeline(analyzer.nlp)
    detection = analyzer.detect(judged)
    topic = args.topic or detect_topic(coach, analyzer, args.manager_said)
    context = ReplyContext(situation=args.situation, topic=topic, manager_said=args.manager_said)
    feedback = coach.feedback(detection, context)
    selected = options.selected(feedback)
    shown = detection if judged is text else replace(detection, text=text)
    if args.format == "json":
        from coach.report import coached_reply

        result = coached_reply(
            shown, analyzer.pipeline, feedback, selected, situation=args.situation
        )
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        from coach.console import render_check

        render_check(
            shown,
            feedback,
            selected if options.everything else selected[:3],
            len(selected),
            analyzer.behaviours,
            source,
            context=describe_context(coach, args.situation, topic, args.manager_said, args.email),
            ignored=ignored,
        )
    return EXIT_FOUND if options.failed(selected) else EXIT_OK


def judged_text(text: str, email: bool, source: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text to judge: in email mode quotes, signature and greeting blanked out."""
    if not email:
        return text, ()
    from coach.coaching.email import email_body

    body = email_body(text)
    if not body.text.strip():
        raise CoachError(
            f"{source}: nothing is left to check once quotes, the signature and the "
            "greeting are set aside",
            hint="check it without --email",
        )
    return body.text, body.ignored


def detect_topic(coach: Coach, analyzer: Analyzer, manager_said: str | None) -> str | None:
    if not manager_said:
        return None
    return coach.detect_topic(analyzer, manager_said)


def describe_context(
    coach: Coach, situation: str | None, topic: str | None, manager_said: str | None, email: bool
) -> list[str]:
    lines = []
    if situation:
        lines.append(f"Situation: {situation}")
    if manager_said:
        found = f"topic {topic} ({coach.topic_title(topic)})" if topic else "no topic recognised"
        lines.append(f"The manager said: “{' '.join(manager_said.split())}” ({found})")
    elif topic:
        lines.append(f"Topic the manager raised: {topic} ({coach.topic_title(topic)})")
    if email:
        lines.append("Email mode: quotes, signature and greeting are ignored (dimmed)")
    return lines


# ---------------------------------------------------------------------------
# Batch mode


def _optional_choice(
    record: dict[str, Any], key: str, allowed: tuple[str, ...], where: str
) -> None:
    value = record.get(key)
    if value is not None and value not in allowed:
        raise CoachError(f"{where}: '{key}' must be one of {', '.join(allowed)}, not {value!r}")


def read_jsonl(path: str, max_chars: int) -> list[dict[str, Any]]:
    """Read and validate every input line first, so bad input stops before any work."""
    from coach.textinput import decode_text, read_file_bytes

    if path == "-":
        raw = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        raw = read_file_bytes(path, "a JSON lines file")
        name = path
    records: list[dict[str, Any]] = []
    for number, line in enumerate(decode_text(raw, name).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CoachError(f"{where}: invalid JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise CoachError(f"{where}: expected a JSON object with 'id' and 'text'")
        text = record.get("text")
        if not isinstance(text, str):
            raise CoachError(f"{where}: 'text' must be a string")
        if any("\ud800" <= ch <= "\udfff" for ch in text):
            raise CoachError(f"{where}: 'text' contains an invalid character (a lone surrogate)")
        if "id" not in record:
            raise CoachError(f"{where}: missing 'id'")
        if len(text) > max_chars:
            raise CoachError(
                f"{where}: the text has {len(text):,} characters; the limit is {max_chars:,}",
                hint="raise the limit with --max-chars",
            )
        _optional_choice(record, "situation", SITUATIONS, where)
        _optional_choice(record, "topic", TOPICS, where)
        said = record.get("manager_said")
        if said is not None and not isinstance(said, str):
            raise CoachError(f"{where}: 'manager_said' must be a string or null")
        records.append(record)
    return records


def run_jsonl(args: argparse.Namespace, settings: Any, options: Options, out: IO[str]) -> int:
    from coach.analysis import Analyzer
    from coach.coaching import ReplyContext
    from coach.report import coached_reply

    records = read_jsonl(args.jsonl, settings.max_chars)
    judged = [
        judged_text(r["text"], args.email, f"{args.jsonl}: id {r['id']!r}")[0] for r in records
    ]
    from coach.content.library import load_behaviours

    behaviours = load_behaviours()
    coach = load_coach(settings, args.disable, behaviours)
    analyzer = Analyzer.load(settings.model, behaviours=behaviours)
    coach.attach_pipeline(analyzer.nlp)
    failed = False
    detections: list[Detection] = list(analyzer.detect_many(judged))
    for record, judged_as, detection in zip(records, judged, detections, strict=True):
        said = record.get("manager_said")
        topic = record.get("topic") or detect_topic(coach, analyzer, said)
        context = ReplyContext(situation=record.get("situation"), topic=topic, manager_said=said)
        feedback = coach.feedback(detection, context)
        selected = options.selected(feedback)
        failed = failed or options.failed(selected)
        shown = (
            detection if judged_as is record["text"] else replace(detection, text=record["text"])
        )
        result = coached_reply(
            shown,
            analyzer.pipeline,
            feedback,
            selected,
            reply_id=record["id"],
            situation=record.get("situation"),
        )
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return EXIT_FOUND if failed else EXIT_OK
