"""Safe YAML loading that remembers where every value came from.

Content errors must point at ``file:line:col``. PyYAML's node graph carries marks, so
the file is composed once with the safe loader, converted to plain Python data, and
every mapping key and sequence item gets its location recorded under its path
(``("cues", "trial", "patterns", 0)``). Nothing is executed: only the safe loader's
tags are accepted, and duplicate keys are an error instead of a silent overwrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coach.errors import ContentError, SourceLocation

try:  # libyaml is much faster; it is present in the usual PyYAML wheels.
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loading with YAML 1.2 scalars: only ``true``/``false`` are booleans, only
    plain decimal digits are integers, and dates stay strings.

    Under YAML 1.1 rules ``on``, ``off``, ``yes`` and ``no`` turn into booleans,
    ``1:1`` or ``10:30`` into base-60 integers and ``010`` into octal, which silently
    breaks word lists in patterns (``{LOWER: on}``) and times in dialogue lines.
    """


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    value = str(loader.construct_scalar(node))
    if value.startswith(("0x", "0o")):
        return int(value[2:], 16 if value[1] == "x" else 8)
    return int(value, 10)


_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _INT, _TIMESTAMP)]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_constructor(_INT, _construct_int)
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Plain data plus the location of each value, keyed by its path in the data."""

    path: str
    data: Any
    marks: dict[PathKey, SourceLocation] = field(default_factory=dict)

    def locate(self, key: PathKey) -> SourceLocation:
        """The location of ``key``, or of its nearest located ancestor."""
        for end in range(len(key), -1, -1):
            found = self.marks.get(tuple(key[:end]))
            if found is not None:
                return found
        return SourceLocation(self.path, 1, 1)


def _location(path: str, node: yaml.Node) -> SourceLocation:
    mark = node.start_mark
    return SourceLocation(path, mark.line + 1, mark.column + 1)


# Aliases let a small file stand for a huge tree ("billion laughs"); content files
# are small, so a tree that expands past this many values is refused.
MAX_VALUES = 100_000


def _collect_marks(
    path: str,
    node: yaml.Node,
    key: PathKey,
    marks: dict[PathKey, SourceLocation],
    budget: list[int],
) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise ContentError(
            _location(path, node),
            "E004",
            f"the document expands to more than {MAX_VALUES:,} values (check its aliases)",
        )
    marks.setdefault(key, _location(path, node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if name in seen:
                raise ContentError(_location(path, key_node), "E002", f"duplicate key {name!r}")
            seen.add(name)
            marks[(*key, name)] = _location(path, key_node)
            _collect_marks(path, value_node, (*key, name), marks, budget)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            marks[(*key, index)] = _location(path, item)
            _collect_marks(path, item, (*key, index), marks, budget)


def parse_yaml(text: str, path: str) -> YamlDocument:
    """Parse one YAML document safely; syntax errors become ``E001`` content errors."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError(
            SourceLocation(path, line, col), "E001", f"YAML syntax: {problem}"
        ) from None
    except (yaml.YAMLError, ValueError) as exc:
        raise ContentError(SourceLocation(path, 1, 1), "E001", f"YAML syntax: {exc}") from None
    finally:
        loader.dispose()
    marks: dict[PathKey, SourceLocation] = {}
    if node is not None:
        _collect_marks(path, node, (), marks, [MAX_VALUES])
    return YamlDocument(path=path, data=data, marks=marks)


def load_yaml(file: Path, display: str | None = None) -> YamlDocument:
    """Read and parse a YAML file; unreadable files are content errors too.

    Inside :func:`coach.content.cache.cached_parsing`, an unchanged file comes from
    the cache (without source marks: callers retry without the cache when content
    from it turns out to be invalid, so errors still carry their location)."""
    from coach.content.cache import MISSING, active_cache

    shown = display or str(file)
    cache = active_cache()
    if cache is not None:
        data = cache.get(file)
        if data is not MISSING:
            return YamlDocument(shown, data)
        document = _load_yaml(file, shown)
        cache.put(file, document.data)
        return document
    return _load_yaml(file, shown)


def _load_yaml(file: Path, shown: str) -> YamlDocument:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(SourceLocation(shown, 1, 1), "E003", "not valid UTF-8") from None
    except OSError as exc:
        raise ContentError(SourceLocation(shown, 1, 1), "E003", exc.strerror or str(exc)) from None
    return parse_yaml(text, shown)
