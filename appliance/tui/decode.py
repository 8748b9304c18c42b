"""Turning the API's JSON into the TUI's frozen response types, or saying which field is wrong.

The screens read attributes of typed objects (:mod:`appliance.tui.responses`), never JSON by
string key, so a renamed field fails type checking instead of a screen at run time. What makes
that safe is this one checked step between the wire and the types: :func:`decode` builds a
dataclass from decoded JSON, field by field, and raises :class:`ShapeError` naming the first
field that is missing or of the wrong kind (``items[0].received_at: expected a date and time
(ISO 8601), got 3``). That is what a TUI talking to an appliance of another version sees,
instead of a KeyError deep in a screen. Fields the TUI does not know are ignored, so an
appliance that only adds fields still works.

Supported field types are the ones the API serves: ``str``, ``int``, ``float``, ``bool``,
``date``, ``datetime``, nested dataclasses, ``list[...]``, ``dict[str, ...]``, ``X | None`` and
``object`` (any JSON value, for what has no fixed shape: a cohort answer's rows).
"""

from __future__ import annotations

import dataclasses
import json
import types
from datetime import date, datetime
from typing import Any, TypeVar, Union, cast, get_args, get_origin, get_type_hints

__all__ = ["ShapeError", "decode", "decode_list"]

T = TypeVar("T")


class ShapeError(ValueError):
    """The JSON does not have the shape of the type asked for; ``path`` names the field."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path or 'the response'}: {problem}")
        self.path = path
        self.problem = problem


def decode(value: object, target: type[T]) -> T:
    """``value`` (decoded JSON) as a ``target`` dataclass; :class:`ShapeError` if it is not."""
    if not dataclasses.is_dataclass(target):
        raise TypeError(f"decode builds dataclasses, not {target!r}")
    return cast(T, _convert(value, target, ""))


def decode_list(value: object, item: type[T]) -> list[T]:
    """``value`` (a decoded JSON array) as a list of ``item`` dataclasses."""
    if not isinstance(value, list):
        raise ShapeError("", f"expected a list, got {_shown(value)}")
    return [cast(T, _convert(v, item, f"[{i}]")) for i, v in enumerate(value)]


_FIELDS: dict[type[Any], tuple[tuple[str, Any, bool], ...]] = {}


def _fields(target: type[Any]) -> tuple[tuple[str, Any, bool], ...]:
    """(name, type, required) of each field, the string annotations resolved once."""
    if target not in _FIELDS:
        hints = get_type_hints(target)
        _FIELDS[target] = tuple(
            (
                f.name,
                hints[f.name],
                f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
            )
            for f in dataclasses.fields(target)
        )
    return _FIELDS[target]


def _convert(value: object, target: Any, path: str) -> object:
    origin = get_origin(target)
    if origin in (Union, types.UnionType):
        return _union(value, get_args(target), path)
    if origin is list:
        if not isinstance(value, list):
            raise ShapeError(path, f"expected a list, got {_shown(value)}")
        (item,) = get_args(target)
        return [_convert(v, item, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ShapeError(path, f"expected an object, got {_shown(value)}")
        _, item = get_args(target)
        return {str(k): _convert(v, item, f"{path}.{k}") for k, v in value.items()}
    if target is object:
        return value
    if dataclasses.is_dataclass(target):
        return _dataclass(value, cast(type[Any], target), path)
    return _scalar(value, target, path)


def _union(value: object, options: tuple[Any, ...], path: str) -> object:
    if value is None:
        if type(None) in options:
            return None
        raise ShapeError(path, f"expected {_described(options)}, got null")
    problems = []
    for option in (o for o in options if o is not type(None)):
        try:
            return _convert(value, option, path)
        except ShapeError as exc:
            problems.append(exc)
    if len(problems) == 1 and problems[0].path != path:  # deeper inside X: name that field
        raise problems[0]
    raise ShapeError(path, f"expected {_described(options)}, got {_shown(value)}")


def _dataclass(value: object, target: type[Any], path: str) -> object:
    if not isinstance(value, dict):
        raise ShapeError(path, f"expected an object ({target.__name__}), got {_shown(value)}")
    values = {}
    for name, hint, required in _fields(target):
        where = f"{path}.{name}" if path else name
        if name in value:
            values[name] = _convert(value[name], hint, where)
        elif required:
            raise ShapeError(where, f"missing (the API sent no {name!r} in {target.__name__})")
    return target(**values)


def _scalar(value: object, target: Any, path: str) -> object:
    if target is bool and isinstance(value, bool):
        return value
    if target is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if target is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if target is str and isinstance(value, str):
        return value
    if target is datetime and isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    elif target is date and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    if target not in _NAMES:
        raise TypeError(f"decode cannot build {target!r} (at {path or 'the top'})")
    raise ShapeError(path, f"expected {_NAMES[target]}, got {_shown(value)}")


_NAMES: dict[Any, str] = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    date: "a date (YYYY-MM-DD)",
    datetime: "a date and time (ISO 8601)",
    type(None): "null",
}


def _described(options: tuple[Any, ...]) -> str:
    names = []
    for option in options:
        if get_origin(option) is list:
            names.append("a list")
        elif get_origin(option) is dict:
            names.append("an object")
        elif dataclasses.is_dataclass(option):
            names.append(f"an object ({cast(type[Any], option).__name__})")
        else:
            names.append(_NAMES.get(option, repr(option)))
    return " or ".join(names)


def _shown(value: object) -> str:
    """The offending value as JSON, cut short: ``"abc"``, ``3``, ``null``, ``{...}``."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:39] + "\u2026"
