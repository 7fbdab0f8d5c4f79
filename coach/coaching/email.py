"""Email mode: judge only what the writer wrote in a pasted email.

Quoted earlier messages (``>`` lines, an "On … wrote:" header and everything after
it, Outlook's "-----Original Message-----" or "From: … Sent: …" block), the
signature (a ``--`` line and what follows, or a closing such as "Best," or "Kind
regards," with the name lines after it) and the greeting line ("Hi Sam,") are
ignored.

Ignored characters are replaced by spaces (line breaks kept), so the text keeps its
length and every evidence offset still points into the original. A closing that
thanks ("Thanks,", "Many thanks,") is kept: it is the writer thanking the manager;
only the name lines after it are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTE_LINE = re.compile(r"^[ \t]*>")
_WROTE = re.compile(r"^[ \t]*On\b.*\bwrote:[ \t]*$", re.IGNORECASE)
_WROTE_START = re.compile(r"^[ \t]*On\b[^\n]{0,200}$", re.IGNORECASE)
_WROTE_END = re.compile(r"^[^\n]{0,200}\bwrote:[ \t]*$", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:Original|Forwarded) Message[ \t]*-{2,}|_{10,})[ \t]*$",
    re.IGNORECASE,
)
_FROM_HEADER = re.compile(r"^[ \t]*From:[ \t]+\S", re.IGNORECASE)
_HEADER = re.compile(r"^[ \t]*(?:Sent|Date|To|Subject|Cc):[ \t]", re.IGNORECASE)
_SIG_DASHES = re.compile(r"^-- ?$")
_CLOSING = re.compile(
    r"^[ \t]*(?P<words>best|best regards|best wishes|kind regards|warm regards|regards|"
    r"all the best|cheers|sincerely|yours sincerely|yours|many thanks|thanks|thank you|"
    r"thanks again|thanks so much|with thanks|speak soon|talk soon)[ \t]*[,.!]?[ \t]*$",
    re.IGNORECASE,
)
_THANKING = re.compile(r"thank", re.IGNORECASE)
_GREETING = re.compile(
    r"^[ \t]*(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening)|"
    r"morning|afternoon)\b(?:[ \t]+[\w.'\u2019-]+){0,4}?[ \t]*(?:[,:!]|$)",
    re.IGNORECASE,
)
_MAX_SIGNATURE_LINES = 6


@dataclass(frozen=True)
class EmailBody:
    """The email with ignored regions blanked out, and those regions."""

    text: str
    ignored: tuple[tuple[int, int], ...]

    @property
    def kept(self) -> str:
        return " ".join(self.text.split())


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def _quote_cut(text: str, lines: list[tuple[int, int]]) -> int | None:
    """The line where the quoted earlier message starts, if any."""
    for i, (a, b) in enumerate(lines):
        line = text[a:b]
        if _WROTE.match(line) or _ORIGINAL.match(line):
            return i
        if _WROTE_START.match(line) and i + 1 < len(lines):
            nxt = text[lines[i + 1][0] : lines[i + 1][1]]
            if _WROTE_END.match(nxt) and not _WROTE_END.match(line):
                return i
        if _FROM_HEADER.match(line) and i + 1 < len(lines):
            nxt = text[lines[i + 1][0] : lines[i + 1][1]]
            if _HEADER.match(nxt):
                return i
    return None


def email_body(text: str) -> EmailBody:
    """Blank out quotes, signature and greeting; offsets stay those of ``text``."""
    lines = _lines(text)
    ignored: list[tuple[int, int]] = []
    cut = _quote_cut(text, lines)
    end_line = len(lines) if cut is None else cut
    if cut is not None:
        ignored.append((lines[cut][0], len(text)))
    for a, b in lines[:end_line]:
        if _QUOTE_LINE.match(text[a:b]):
            ignored.append((a, b))
    # Signature: a "-- " line, or a closing followed by a few short lines.
    content = [
        i
        for i in range(end_line)
        if text[lines[i][0] : lines[i][1]].strip()
        and not _QUOTE_LINE.match(text[lines[i][0] : lines[i][1]])
    ]
    for i in content:
        a, b = lines[i]
        line = text[a:b]
        if _SIG_DASHES.match(line):
            ignored.append((a, lines[end_line - 1][1] if end_line else b))
            break
        if _CLOSING.match(line):
            after = [j for j in content if j > i]
            if len(after) <= _MAX_SIGNATURE_LINES and all(
                len(text[lines[j][0] : lines[j][1]].strip()) <= 60 for j in after
            ):
                start = b if _THANKING.search(line) else a
                stop = lines[after[-1]][1] if after else b
                if stop > start:
                    ignored.append((start, stop))
                break
    # Greeting: the start of the first line with content.
    if content:
        a, b = lines[content[0]]
        found = _GREETING.match(text[a:b])
        if found:
            ignored.append((a, a + found.end()))
    merged = _merge(ignored)
    chars = list(text)
    for a, b in merged:
        for k in range(a, b):
            if chars[k] not in "\r\n":
                chars[k] = " "
    return EmailBody("".join(chars), tuple(merged))


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]
