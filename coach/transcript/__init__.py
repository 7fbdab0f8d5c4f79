"""Transcripts: every practice session recorded as it happens, crash-safe, and read
back for replay, re-scoring, export and progress over time.

A transcript is a JSON Lines file ``<data dir>/transcripts/<UTC time>-<scenario>.jsonl``
(``docs/transcripts.md`` describes every event). The API, for the app and the
commands (all plain data; nothing here imports Rich or Textual, and listing or
reading transcripts does not import spaCy)::

    from coach.transcript import (
        start_recorded_session, restart_recorded, recording_path,
        read_transcript, find_transcript, load_history, match_scenario, rescore,
        resume_transcript, retry_transcript, export, delete_session, purge,
    )

    # Recording (TUI and --plain): a Session whose every event goes to a new file
    session = start_recorded_session(scenario, analyzer, coach, seed=None, data_dir=None)
    recording_path(session)                      # Path of the transcript
    session.reply(text)                          # reply written + fsynced, then analysed
    session.stop()                               # the user left before an ending
    retry = restart_recorded(session, turn=2)    # retry from a turn: a new linked file

    # Reading
    transcript = read_transcript(path)           # Transcript; TranscriptError if unusable
    transcript.warnings                          # torn/corrupt lines skipped, FILE:LINE
    for turn in transcript.turns:                # RecordedTurn
        turn.text, turn.manager_said, turn.manager_line, turn.feedback, turn.detection
    transcript.ending, transcript.scorecard, transcript.score
    find_transcript("last", data_dir)            # 'last', a path, or a session id

    # Replay and re-scoring
    match = match_scenario(transcript)           # .status same|changed|missing|unknown
    result = rescore(transcript, analyzer, coach, match.scenario, match.status)
    result.turns[i].added / .removed / .went_then / .goes_now; result.score_then / now

    # Resume and retry from a recorded file
    resumed = resume_transcript(transcript, scenario, analyzer, coach)
    resumed.session, resumed.pending             # send pending first when not None
    session = retry_transcript(transcript, 2, scenario, analyzer, coach, data_dir=None)

    # History, export, privacy
    history = load_history(data_dir)             # .sessions .scenarios .advice .trend
    export(transcript, "html")                   # "md" | "html" | "json" -> str
    delete_session(session_id, data_dir); purge(data_dir)

``data_dir`` is :func:`coach.paths.data_dir` (``--data-dir``, ``COACH_DATA_DIR``, else
the platform's user data directory).
"""

from coach.transcript.export import FORMATS, export, export_html, export_json, export_markdown
from coach.transcript.format import FORMAT, VERSION, transcripts_dir
from coach.transcript.history import (
    AdviceProgress,
    History,
    ScenarioProgress,
    SessionSummary,
    load_history,
    scenario_scores,
    sparkline,
)
from coach.transcript.reader import (
    Header,
    RecordedEnding,
    RecordedTurn,
    Transcript,
    TranscriptError,
    TranscriptWarning,
    read_transcript,
)
from coach.transcript.replay import (
    Rescore,
    ScenarioMatch,
    TurnRescore,
    match_scenario,
    replay_text,
    rescore,
    rescore_text,
)
from coach.transcript.resume import Resumed, restore_session, resume_transcript, retry_transcript
from coach.transcript.store import (
    PurgePlan,
    delete_session,
    find_transcript,
    last_transcript,
    purge,
    purge_plan,
    transcript_files,
)
from coach.transcript.writer import (
    Origin,
    TranscriptRecorder,
    TranscriptWriteError,
    TranscriptWriter,
    recording_path,
    restart_recorded,
    start_recorded_session,
)

__all__ = [
    "FORMAT",
    "FORMATS",
    "VERSION",
    "AdviceProgress",
    "Header",
    "History",
    "Origin",
    "PurgePlan",
    "RecordedEnding",
    "RecordedTurn",
    "Rescore",
    "Resumed",
    "ScenarioMatch",
    "ScenarioProgress",
    "SessionSummary",
    "Transcript",
    "TranscriptError",
    "TranscriptRecorder",
    "TranscriptWarning",
    "TranscriptWriteError",
    "TranscriptWriter",
    "TurnRescore",
    "delete_session",
    "export",
    "export_html",
    "export_json",
    "export_markdown",
    "find_transcript",
    "last_transcript",
    "load_history",
    "match_scenario",
    "purge",
    "purge_plan",
    "read_transcript",
    "recording_path",
    "replay_text",
    "rescore",
    "rescore_text",
    "restart_recorded",
    "restore_session",
    "resume_transcript",
    "retry_transcript",
    "scenario_scores",
    "sparkline",
    "start_recorded_session",
    "transcript_files",
    "transcripts_dir",
]
