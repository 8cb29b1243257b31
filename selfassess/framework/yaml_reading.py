"""Reading a framework file's YAML strictly: duplicate keys are problems, and `yes`/`no` stay strings.

PyYAML's SafeLoader follows YAML 1.1, where `yes`, `no`, `on` and `off` are booleans and a repeated key
silently overwrites the first. Both would quietly corrupt a question bank (`equals: yes` would compare
against True, and a second `weight:` would win unnoticed), so this loader only treats true/false as
booleans and records every duplicate key with its line number instead of keeping the last value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

_BOOL_TAG = "tag:yaml.org,2002:bool"


class StrictYamlLoader(yaml.SafeLoader):
    """SafeLoader that collects duplicate mapping keys in `duplicate_keys` and reads yes/no as strings."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[int, str]] = []  # (line number, message)

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)  # resolve `<<` merges first, as SafeLoader does
        first_lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                if key in first_lines:
                    self.duplicate_keys.append(
                        (line, f"duplicate key '{key}' (first given on line {first_lines[key]})")
                    )
                else:
                    first_lines[key] = line
            except TypeError:
                pass  # an unhashable key: the base class reports it as a construction error
        return super().construct_mapping(node, deep=deep)


# Rebuild the implicit resolvers without YAML 1.1's yes/no/on/off booleans (a class-level table).
StrictYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictYamlLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_yaml(path: Path) -> tuple[Any, list[tuple[str, str]]]:
    """The file's data and its reading problems as (path-in-file, message) pairs; data is None on failure."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [("(file)", "file not found")]
    except (OSError, UnicodeDecodeError) as error:
        return None, [("(file)", f"could not be read: {error}")]
    loader = StrictYamlLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        detail = " ".join(part for part in (error.context, error.problem) if part)
        return None, [(where, f"malformed YAML: {detail}")]
    except yaml.YAMLError as error:
        return None, [("(file)", f"malformed YAML: {error}")]
    finally:
        loader.dispose()
    return data, [(f"line {line}", message) for line, message in loader.duplicate_keys]
