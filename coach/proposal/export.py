"""Writing a proposal to a file, for ``coach proposal --out`` and the app's export:
the format follows the file name, and the file is replaced atomically (a temporary
file beside it, synced, then renamed), so a reader never sees half a proposal and an
interrupted export leaves the old file as it was. A replaced file keeps its
permissions; a new one gets the usual ones (the umask applies): a proposal is meant
to be sent."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from coach.errors import CoachError
from coach.proposal.draft import Draft

HTML_SUFFIXES = frozenset({".html", ".htm"})


def document_for(draft: Draft, path: Path) -> tuple[str, str]:
    """The file's content for ``path`` (a page for ``.html``/``.htm``, else the
    Markdown) and what it is, for people."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return draft.html(), "a web page"
    return draft.markdown, "Markdown"


def write_document(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8), atomically; ``CoachError`` with the
    reason when it cannot be written."""
    if path.is_dir():
        raise CoachError(f"{path} is a folder, not a file")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise CoachError(f"cannot write {path}: {exc.strerror or exc}") from None
