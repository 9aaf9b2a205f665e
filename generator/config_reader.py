"""Reading TOML tables into the settings' dataclasses: an unknown key, a wrong type or a value out
of range fails with the file, the line and what would be right."""

import difflib
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import MISSING, fields
from typing import Any

from .errors import ConfigError


class TableReader:
    """Turns TOML tables into frozen dataclasses (config.py's schema), checking names, types and
    each field's range and format, and naming the line of every mistake."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.lines = text.splitlines()

    def line_of(self, needle: str) -> int | None:
        pattern = re.compile(rf"^\s*(?:\[+\s*)?{re.escape(needle)}\b|{re.escape(needle)}")
        for number, line in enumerate(self.lines, 1):
            if pattern.search(line):
                return number
        return None

    def build(self, cls: type, data: Any, where: str, skip: Iterable[str] = ()) -> Any:
        if not isinstance(data, dict):
            raise ConfigError(f"[{where}] must be a table", self.file, self.line_of(where))
        known = {f.name: f for f in fields(cls) if f.name not in skip}
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for key, value in data.items():
            name = f"{where}.{key}" if where else key
            if key not in known:
                raise ConfigError(self._unknown(key, name, list(known)), self.file,
                                  self.line_of(key))
            values[key] = self._convert(hints[key], value, name)
            self._check(known[key], values[key], name)
        for f in known.values():
            if f.default is MISSING and f.default_factory is MISSING and f.name not in values:
                raise ConfigError(f"`{where}.{f.name}` is required", self.file)
        return cls(**values)

    def _check(self, setting: Any, value: Any, name: str) -> None:
        """The setting's range and format, so a wrong value fails here, naming key and line."""
        low, high, check = (setting.metadata.get(k) for k in ("minimum", "maximum", "check"))
        problem = None
        if low is not None and value < low or high is not None and value > high:
            bounds = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
            problem = f"must be {bounds}"
        elif check is not None:
            problem = check(value)
        if problem:
            raise ConfigError(f"`{name}` = {value!r} {problem}", self.file,
                              self.line_of_value(setting.name, value))

    def line_of_value(self, key: str, value: Any) -> int | None:
        """The line setting `key` to `value` (also inside an inline table), else `key`'s line."""
        pattern = re.compile(rf"(?:^|[\s{{,]){re.escape(key)}\s*=")
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        for number, line in enumerate(self.lines, 1):
            if pattern.search(line) and shown in line:
                return number
        return self.line_of(key)

    def _unknown(self, key: str, name: str, valid: list[str]) -> str:
        close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`?" if close else f"valid keys: {', '.join(sorted(valid))}"
        return f"unknown key `{name}`; {hint}"

    def _convert(self, hint: Any, value: Any, name: str) -> Any:
        origin = typing.get_origin(hint)
        if origin is dict:
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise ConfigError(f"`{name}` must be a table of strings", self.file,
                                  self.line_of(name.split(".")[-1]))
            return dict(value)
        if origin is tuple:
            item = typing.get_args(hint)[0]
            if not isinstance(value, list):
                raise ConfigError(f"`{name}` must be a list", self.file,
                                  self.line_of(name.split(".")[-1]))
            return tuple(self._convert(item, v, name) for v in value)
        if isinstance(hint, type) and hasattr(hint, "__dataclass_fields__"):
            return self.build(hint, value, name)
        expected = (int, float) if hint is float else hint
        if hint is types.NoneType or not isinstance(value, expected) or (
            hint in (int, float) and isinstance(value, bool)
        ):
            kind = getattr(hint, "__name__", str(hint))
            raise ConfigError(f"`{name}` must be {_article(kind)} {kind}, not {value!r}",
                              self.file, self.line_of(name.split(".")[-1]))
        return float(value) if hint is float else value


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"
