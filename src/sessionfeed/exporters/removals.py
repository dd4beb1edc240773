"""The characters a format removes from texts, counted for the build summary.

Programme texts come from people and copy-paste, and bring control characters
and noncharacters with them. Each format removes those it cannot carry (the
table in ``docs/promises.md`` says which), and the build summary says so for
each file, with the code points and where they were, so that the user can
fix the data instead of wondering where a character went:

    note: removed 2 characters that HTML does not allow (U+0000, U+001B) from 1 session (kick-off)

A :class:`Removals` is filled while a file is written (or while its plan is
made) and read by ``Rendering.later_notes`` (or put in ``Rendering.notes``).
The pages, the plain text, the JSON-LD and the feeds remove the same
characters, those :func:`sessionfeed.model.chars.without_unsafe` removes;
:func:`clean` removes them and says which it removed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sessionfeed.model.chars import is_clean, lf_line_ends, unsafe, without_unsafe


__all__ = ["Removals", "clean", "removed_from"]

#: How many ids a note names before it says how many more there are.
_SHOWN = 5


def removed_from(text: str) -> list[str]:
    """The characters :func:`clean` removes from ``text``, in order (none for most texts, found fast)."""
    return [] if is_clean(text) else unsafe(text)


def clean(text: str) -> str:
    """``text`` with every line end as LF and without the characters the markup and text formats cannot carry.

    Those are the C0 controls other than TAB and LF, DEL, the C1 controls, lone
    surrogates and the noncharacters (:func:`sessionfeed.model.chars.without_unsafe`).
    """
    return without_unsafe(lf_line_ends(text))[0]


def _ids(kind: str, plural: str, ids: Iterable[str]) -> str:
    found = list(ids)
    shown = ", ".join(found[:_SHOWN]) + (f", … ({len(found) - _SHOWN} more)" if len(found) > _SHOWN else "")
    return f"{len(found)} {kind if len(found) == 1 else plural} ({shown})"


class Removals:
    """What was removed from the texts of one file, and from where.

    Attributes:
        reason: Why, as the end of "removed 2 characters that …": e.g.
            ``"HTML does not allow"``.
    """

    __slots__ = ("_characters", "_count", "_entities", "_programme", "_sessions", "reason")

    def __init__(self, reason: str) -> None:
        """Start counting for a file whose format removes characters because ``reason``."""
        self.reason = reason
        self._characters: set[str] = set()
        self._sessions: dict[str, None] = {}
        self._entities: dict[str, None] = {}
        self.clear()

    def clear(self) -> None:
        """Forget everything: a file is counted afresh each time it is written."""
        self._count = 0
        self._characters.clear()
        self._programme = False
        self._sessions.clear()
        self._entities.clear()

    @property
    def count(self) -> int:
        """How many characters were removed."""
        return self._count

    def add(
        self,
        characters: Iterable[str],
        *,
        count: int | None = None,
        session: str | None = None,
        entity: str | None = None,
    ) -> None:
        """Record the characters removed from one text.

        Args:
            characters: The characters removed (each as often as it was removed,
                unless ``count`` says how many there were).
            count: How many were removed, when ``characters`` lists each kind once.
            session: The id of the session the text belongs to.
            entity: The id of the person or organisation it belongs to (when not a session's).
                With neither, the text is the programme's own (title, introduction, contact).
        """
        found = list(characters)
        number = len(found) if count is None else count
        if not number:
            return
        self._count += number
        self._characters.update(found)
        if session is not None:
            self._sessions[session] = None
        elif entity is not None:
            self._entities[entity] = None
        else:
            self._programme = True

    def note(self) -> str | None:
        """The build summary's note, or ``None`` when nothing was removed."""
        if not self._count:
            return None
        where: list[str] = []
        if self._programme:
            where.append("the programme's title, introduction or contact")
        if self._sessions:
            where.append(_ids("session", "sessions", self._sessions))
        if self._entities:
            where.append(_ids("person or organisation", "people or organisations", self._entities))
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in sorted(self._characters))
        noun = "character" if self._count == 1 else "characters"
        return f"removed {self._count} {noun} that {self.reason} ({codes}) from {' and '.join(where)}"

    def notes(self) -> list[str]:
        """:meth:`note` as a list of no or one note, for ``Rendering.later_notes``."""
        note = self.note()
        return [note] if note is not None else []
