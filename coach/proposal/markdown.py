"""The little Markdown a proposal uses: read as plain sentences for coaching, and
written as a self-contained HTML page.

Supported: ``#`` headings, paragraphs, ``-``/``*`` and ``1.`` lists, ``---`` rules,
``**bold**``, ``*italic*``/``_italic_`` and ``code``. Anything else (links, tables,
raw HTML) is shown as the text it is: every character from the draft is escaped, so
nothing a user types can become markup or script in the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_EMPHASISED_LINE = re.compile(r"^(?:\*(?!\*)(.+)\*|_(.+)_)$")
_MARKERS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`")
_ENDS_WORD = re.compile(r"[\w\])”’\"']$")  # noqa: RUF001 (closing quotes)


# ---------------------------------------------------------------------------
# Plain text for coaching


def checked_text(markdown: str, stand_ins: Iterable[str] = ()) -> str:
    """The sentences of a draft as coaching reads them: one paragraph or list item
    per line, emphasis markers removed. Left out: headings, rules, lines in italics
    only (the byline), every sentence holding a stand-in for an empty fact (the
    template's words around a gap earn nothing), and a line ending in a colon whose
    whole next block was such a gap."""
    blocks: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(" ".join(paragraph))
            paragraph.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if _HEADING.match(line) or _RULE.match(line) or _EMPHASISED_LINE.match(line):
            flush()
            continue
        item = _BULLET.match(line) or _NUMBERED.match(line)
        if item:
            flush()
            blocks.append(item.group(1))
            continue
        paragraph.append(line)
    flush()
    gaps = [s for s in stand_ins if s]
    kept = [_without_gaps(block, gaps) for block in blocks]
    lines = []
    for i, block in enumerate(kept):
        if block.endswith(":") and i + 1 < len(kept) and not kept[i + 1] and blocks[i + 1]:
            continue
        sentence = _sentence(block)
        if sentence:
            lines.append(sentence)
    return "\n".join(lines) + "\n"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _without_gaps(block: str, stand_ins: Sequence[str]) -> str:
    if not stand_ins:
        return block
    sentences = _SENTENCE_END.split(block)
    return " ".join(s for s in sentences if not any(gap in s for gap in stand_ins))


def _sentence(text: str) -> str:
    text = " ".join(_MARKERS.sub("", text).split())
    if text and _ENDS_WORD.search(text) and not text.endswith(("'", '"')):
        text += "."
    return text


# ---------------------------------------------------------------------------
# HTML


_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_CODE = re.compile(r"`([^`]+)`")


def inline_html(text: str) -> str:
    """Escape, then turn the emphasis markers into tags."""
    escaped = html.escape(text, quote=True)
    codes: list[str] = []

    def keep_code(match: re.Match[str]) -> str:
        codes.append(f"<code>{match.group(1)}</code>")
        return f"\x00{len(codes) - 1}\x00"

    escaped = _CODE.sub(keep_code, escaped)
    escaped = _STRONG.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", escaped)
    escaped = _EM.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", escaped)
    return re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], escaped)


def body_html(markdown: str) -> str:
    """The draft's blocks as HTML elements, one per line."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    kind = ""

    def flush_paragraph() -> None:
        if paragraph:
            out.append(f"<p>{inline_html(' '.join(paragraph))}</p>")
            paragraph.clear()

    def flush_list() -> None:
        nonlocal kind
        if items:
            out.append(f"<{kind}>")
            out.extend(f"  <li>{inline_html(item)}</li>" for item in items)
            out.append(f"</{kind}>")
            items.clear()
        kind = ""

    for raw in markdown.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        bullet = _BULLET.match(raw)
        numbered = _NUMBERED.match(raw)
        if not line:
            flush_paragraph()
            flush_list()
        elif heading:
            flush_paragraph()
            flush_list()
            level = len(heading.group(1))
            out.append(f"<h{level}>{inline_html(heading.group(2))}</h{level}>")
        elif _RULE.match(line):
            flush_paragraph()
            flush_list()
            out.append("<hr>")
        elif bullet or numbered:
            flush_paragraph()
            wanted = "ul" if bullet else "ol"
            if kind and kind != wanted:
                flush_list()
            kind = wanted
            items.append((bullet or numbered).group(1))  # type: ignore[union-attr]
        elif items:  # a continuation line of the last item
            items[-1] += " " + line
        else:
            paragraph.append(line)
    flush_paragraph()
    flush_list()
    return "\n".join(out)


STYLE = """\
:root { color-scheme: light; }
body { margin: 0; background: #f4f4f1; color: #1d1d1b;
  font: 11pt/1.5 Georgia, "Times New Roman", serif; }
main { max-width: 42rem; margin: 2rem auto; padding: 2.5rem 3rem; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .75rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .35rem; color: #2f4f4f; }
h3, h4, h5, h6 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
p, ul, ol { margin: 0 0 .7rem; }
ul, ol { padding-left: 1.4rem; }
li { margin-bottom: .25rem; }
em { color: #555; }
hr { border: 0; border-top: 1px solid #ccc; margin: 1.2rem 0; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
@media print {
  body { background: #fff; }
  main { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  @page { margin: 2cm; }
}
"""


def document_title(markdown: str) -> str:
    for line in markdown.splitlines():
        heading = _HEADING.match(line.strip())
        if heading:
            return " ".join(_MARKERS.sub("", heading.group(2)).split())
    return "Proposal"


def to_html(markdown: str, title: str | None = None) -> str:
    """A complete, self-contained HTML page (inline CSS, no scripts, no external
    files) for the draft, ready to send or print."""
    shown = html.escape(title or document_title(markdown), quote=True)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{shown}</title>\n"
        f"<style>\n{STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"{body_html(markdown)}\n"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )
