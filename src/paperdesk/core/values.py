"""Frozen value objects without :mod:`dataclasses`, for the classes on the paths that must start
at once (``paperdesk list``, the one-row commands): importing dataclasses imports :mod:`inspect`,
and every ``@dataclass`` writes and compiles its methods when its module loads.

A subclass names its fields in ``__slots__`` (any order: its ``__init__`` takes them by name) and
sets them with ``object.__setattr__`` in ``__init__``; it gets what ``@dataclass(frozen=True)``
gives: ``==`` and ``hash`` over the fields (``_compared``: the ones that count, all by default),
a repr, no assignment after ``__init__``, copying and pickling, and :meth:`replace`. A slot named
in ``_derived`` caches something the fields give (set lazily): it is not compared (leave it out of
``_compared``), copied, pickled nor carried by :meth:`replace`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any, Self


class FrozenValue:
    __slots__: tuple[str, ...] = ()
    _compared: tuple[str, ...] = ()  # () means all of __slots__
    _derived: tuple[str, ...] = ()  # slots that cache what the fields give: never passed on

    def _fields(self) -> list[str]:
        return [name for name in self.__slots__ if name not in self._derived]

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._compared or self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}"
                          for name in self._compared or self.__slots__)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a frozen "
                             f"{type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a frozen {type(self).__name__}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), {name: getattr(self, name) for name in self._fields()}))

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` (as :func:`dataclasses.replace`)."""
        values = {name: getattr(self, name) for name in self._fields()}
        values.update(changes)
        return type(self)(**values)


def _rebuild(cls: type[FrozenValue], values: dict[str, Any]) -> FrozenValue:
    """A pickled or copied value made again through its ``__init__``."""
    return cls(**values)
