"""import ics (export ical): every dated session comes back with its times, status, title, description and place."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

import sessionfeed as sf
from sessionfeed.exporters import ical
from sessionfeed.exporters.ical.event import event_status, timed_zone as _timed_zone
from sessionfeed.importers import ics
from strategies import programmes


EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))
#: What the calendar removes from texts (control characters but TAB and LF), and its line ends.
REMOVED = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str) -> str:
    """A text as the calendar writes it: without the controls it cannot carry, its line ends LF.

    Its ends are trimmed of white space (NEL and the like too), as the calendar's composed texts are.
    """
    return REMOVED.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_every_programme_comes_back(programme: sf.Programme) -> None:
    _check(programme, programme.default_locale)


def test_the_examples_come_back() -> None:
    for path in EXAMPLES:
        programme = sf.load(path)
        for locale in programme.locales:
            _check(programme, locale)


def _check(programme: sf.Programme, locale: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calendar.ics"
        path.write_bytes(ical.calendar_bytes(programme, locale))
        imported = ics.read(path, locale=locale)
    back = sf.from_dict(imported.data)
    dated = [s for s in programme.sessions if isinstance(s.when, sf.Timed | sf.AllDay)]
    assert len(back.sessions) == len(dated)
    for original, session in zip(dated, back.sessions, strict=True):
        if isinstance(original.when, sf.Timed):
            assert isinstance(session.when, sf.Timed)
            # The same instants (compared in UTC: Python never equates a time in a repeated hour across zones).
            assert session.when.start.astimezone(dt.UTC) == original.when.start.astimezone(dt.UTC)
            assert session.when.end.astimezone(dt.UTC) == original.when.end.astimezone(dt.UTC)
            # In their zone, unless the calendar wrote them in UTC (a UTC zone, or an hour the clocks repeat or skip).
            assert session.when.timezone == (_timed_zone(original.when) or "UTC")
        else:
            assert session.when == original.when
        assert event_status(session.status) == event_status(original.status)
        title = _clean(programme.text(original.title, locale).text)
        assert title in session.title[locale]
        if original.description is not None:
            assert session.description is not None
            assert _clean(programme.text(original.description, locale).text) in session.description[locale]
        location = original.location
        if location is None:
            assert session.location is None or original.status is sf.Status.MOVED_ONLINE
            continue
        venue_name = _clean(location.venue.name) if location.venue is not None else ""
        if location.online is None and not venue_name:
            continue  # a venue whose name is only characters the calendar cannot carry
        assert session.location is not None
        online = location.online
        if online is not None and online.url and original.status is not sf.Status.CANCELLED:
            assert session.location.online is not None
            assert session.location.online.url == online.url
        if venue_name and original.status is not sf.Status.MOVED_ONLINE:
            assert session.location.venue is not None
            assert venue_name in session.location.venue.name
        elif online is not None:
            assert session.location.online is not None
