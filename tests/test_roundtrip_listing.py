"""import listing (export text): our own programme.txt gives back the sessions, people, roles and organisations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sessionfeed as sf
from sessionfeed.importers import import_source, imported_toml


EXAMPLES = Path(__file__).parent.parent / "examples"
CASES = [
    (name, locale)
    for name in ("ser-access-to-remedy", "upcoming-demo")
    for locale in sf.load(EXAMPLES / f"{name}.toml").locales
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _roles(
    programme: sf.Programme, session: sf.Session, locale: str
) -> list[tuple[sf.Role, str, str | None]]:
    """Each participation as (role, name, organisation's name), in the session's order."""
    found = []
    for participation in session.participants:
        person = participation.person
        org = person.affiliation
        org_name = None if org is None else _squash(programme.text(org.name, locale).text)
        found.append((participation.role, _squash(person.name), org_name))
    return found


@pytest.mark.parametrize(("name", "locale"), CASES, ids=[f"{n}-{loc}" for n, loc in CASES])
def test_programme_txt_comes_back(tmp_path: Path, name: str, locale: str) -> None:
    original = sf.load(EXAMPLES / f"{name}.toml")
    source = tmp_path / "programme.txt"
    source.write_bytes(sf.get_exporter("text").export(original, locale=locale))
    imported = import_source("listing", source, locale=locale)
    written = tmp_path / "programme.toml"
    written.write_text(imported_toml(imported), encoding="utf-8")
    back = sf.load(written)  # the file the importer writes is a programme, as it is
    assert len(back.sessions) == len(original.sessions)
    for old, new in zip(original.sessions, back.sessions, strict=True):
        assert _squash(back.text(new.title, locale).text) == _squash(original.text(old.title, locale).text)
        if isinstance(old.when, sf.Month):
            assert new.when == old.when
        assert _roles(back, new, locale) == _roles(original, old, locale)
    used = {
        p.person.affiliation.id for s in original.sessions for p in s.participants if p.person.affiliation
    }
    names = {_squash(original.text(o.name, locale).text) for o in original.organisations if o.id in used}
    assert names <= {_squash(back.text(o.name, locale).text) for o in back.organisations}
    # The same person in several sessions is one person.
    assert len({p.person.name for s in back.sessions for p in s.participants}) == len(back.people)
