"""The findings of ``sessionfeed check``: every rule's code and severity, and a finding's line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal, TypeAlias

import attrs


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme
    from sessionfeed.model.text import LocalizedText


__all__ = ["RULES", "Finding", "Rule", "Severity", "finding", "missing_locales"]

Severity: TypeAlias = Literal["warning", "info"]


@attrs.frozen(kw_only=True)
class Rule:
    """One kind of finding.

    Attributes:
        code: The stable code, e.g. ``SF101``; never reused for something else.
        severity: ``warning`` or ``info``.
        summary: What it is about, in a few words.
    """

    code: str
    severity: Severity
    summary: str


#: Every rule, by code. Codes group by area: 1xx dates, 2xx places, 3xx status,
#: 4xx texts, 5xx people and organisations, 6xx images and prices, 7xx recordings,
#: 8xx subscriptions.
RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(code="SF101", severity="warning", summary="only the month is known"),
        Rule(code="SF102", severity="warning", summary="no date"),
        Rule(code="SF201", severity="warning", summary="no location"),
        Rule(code="SF202", severity="warning", summary="online without a join URL"),
        Rule(code="SF203", severity="warning", summary="venue without an address"),
        Rule(code="SF204", severity="warning", summary="moved online, but no online location"),
        Rule(code="SF301", severity="warning", summary="reads as cancelled or postponed, but is scheduled"),
        Rule(code="SF302", severity="warning", summary="rescheduled to the same start"),
        Rule(code="SF401", severity="info", summary="no description"),
        Rule(code="SF402", severity="warning", summary="title or description missing in a locale"),
        Rule(code="SF403", severity="info", summary="name or label missing in a locale"),
        Rule(code="SF404", severity="warning", summary="title is only the kind of session"),
        Rule(code="SF405", severity="warning", summary="URL in a title"),
        Rule(code="SF406", severity="info", summary="title in the session's language only"),
        Rule(code="SF501", severity="warning", summary="person without an organisation"),
        Rule(code="SF502", severity="info", summary="no organiser"),
        Rule(code="SF503", severity="info", summary="organiser without a URL"),
        Rule(code="SF504", severity="info", summary="nobody takes part"),
        Rule(code="SF601", severity="info", summary="no image"),
        Rule(code="SF602", severity="info", summary="not stated whether sessions are free"),
        Rule(code="SF701", severity="warning", summary="recording without a thumbnail"),
        Rule(code="SF702", severity="warning", summary="recording without a publication date"),
        Rule(code="SF703", severity="info", summary="recording without a media file or player URL"),
        Rule(code="SF801", severity="warning", summary="a calendar passes 1 MB"),
    )
}


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a programme's outputs will lack.

    ``str(finding)`` is one line in the shape compilers use, so that editors
    and CI annotators can jump to it and ``grep`` can pick codes::

        FILE:LINE: SEVERITY CODE PATH: MESSAGE

    Attributes:
        code: The rule's code, e.g. ``SF101``.
        severity: ``warning`` or ``info``.
        path: The field path in the programme file, e.g. ``sessions[3].when``.
        message: What is missing, what it costs, and what to add.
        file: The programme file, when known.
        line: The 1-based line of ``path`` (or of the nearest enclosing field), when known.
    """

    code: str
    severity: Severity
    path: str
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.severity} {self.code} {self.path}: {self.message}"


def finding(code: str, path: str, message: str) -> Finding:
    """A finding of the rule ``code``, with that rule's severity."""
    return Finding(code=code, severity=RULES[code].severity, path=path, message=message)


def missing_locales(
    programme: Programme,
    path: str,
    value: LocalizedText,
    code: str,
) -> Iterator[Finding]:
    """One finding per programme locale that ``value`` has no text for."""
    for locale in programme.locales:
        if locale not in value:
            shown = programme.text(value, locale).lang
            yield finding(
                code,
                f"{path}.{locale}",
                f"no '{locale}' text: the '{locale}' outputs show the '{shown}' text instead "
                f"(add {path.rsplit('.', 1)[-1]}.{locale})",
            )
