"""A start-up cache of parsed content files.

Parsing the YAML rules is a large part of a cold start (``coach check`` must start
about as fast as loading spaCy itself). Once a set of files has loaded and compiled
cleanly, their parsed data is kept in one JSON file in the user cache directory,
keyed by each file's size and modification time and by the versions of coach, spaCy
and Python. An unchanged file is then read from the cache; any change, a version
bump or an unreadable cache simply means parsing again. The cache holds plain JSON
data (never pickles), and content loaded from it is validated like any other.

``COACH_CACHE_DIR`` moves the cache; ``COACH_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from coach import __version__

_MISSING = object()


def _environment_key() -> str:
    from spacy.about import __version__ as spacy_version

    return f"coach {__version__}; spacy {spacy_version}; python {sys.version_info[:3]}"


def default_cache_file() -> Path | None:
    if os.environ.get("COACH_NO_CACHE"):
        return None
    base = os.environ.get("COACH_CACHE_DIR")
    if not base:
        from platformdirs import user_cache_dir

        base = user_cache_dir("coach", appauthor=False)
    return Path(base) / "content-cache.json"


def _stamp(file: Path) -> list[int] | None:
    try:
        info = file.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


class ContentCache:
    """Parsed data of content files that loaded and compiled cleanly before."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.key = _environment_key()
        self.files: dict[str, dict[str, Any]] = {}
        self.patterns_checked = False
        self.dirty = False
        if path is None:
            return
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(stored, dict) and stored.get("key") == self.key:
            files = stored.get("files")
            self.files = files if isinstance(files, dict) else {}
            self.patterns_checked = stored.get("patterns_checked") is True

    def get(self, file: Path) -> Any:
        """The cached data of ``file``, or ``MISSING`` when it changed or is unknown."""
        entry = self.files.get(str(file.resolve()))
        if entry is None or entry.get("stamp") != _stamp(file):
            return _MISSING
        return entry.get("data", _MISSING)

    def put(self, file: Path, data: Any) -> None:
        stamp = _stamp(file)
        if stamp is None:
            return
        self.files[str(file.resolve())] = {"stamp": stamp, "data": data}
        self.patterns_checked = False
        self.dirty = True

    def mark_patterns_checked(self) -> None:
        if not self.patterns_checked:
            self.patterns_checked = True
            self.dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is simply not kept."""
        if self.path is None or not self.dirty:
            return
        payload = {"key": self.key, "patterns_checked": self.patterns_checked, "files": self.files}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(payload, out, ensure_ascii=False)
            os.replace(temp, self.path)
        except OSError:
            return
        self.dirty = False


MISSING = _MISSING

_ACTIVE: ContextVar[ContentCache | None] = ContextVar("coach_content_cache", default=None)


@contextmanager
def cached_parsing(cache: ContentCache | None) -> Iterator[None]:
    """Within the block, :func:`coach.content.yamlsource.load_yaml` reads unchanged
    files from ``cache`` and records the ones it parses."""
    token = _ACTIVE.set(cache)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active_cache() -> ContentCache | None:
    return _ACTIVE.get()


@lru_cache(maxsize=1)
def shared_cache() -> ContentCache:
    """The process's one cache object, so every loader adds to the same file."""
    return ContentCache(default_cache_file())
