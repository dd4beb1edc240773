"""Facets: which sessions a tag, a person, an organisation, a language and a kind select; the file's keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from tests.strategies import programmes

import sessionfeed as sf
from sessionfeed.io.toml import load_toml_text
from sessionfeed.model.facets import facet_values


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HEAD = 'id = "p"\ntitle = "P"\nbase_url = "https://example.org/"\nlocales = ["en"]\n'


def _ancestors(org: sf.Organisation | None) -> list[str]:
    found: list[str] = []
    while org is not None and org.id not in found:
        found.append(org.id)
        org = org.parent
    return found


def _expected(programme: sf.Programme, facet: sf.Facet) -> dict[str, list[str]]:
    """The sessions of each value of ``facet``, worked out from the model by its plain definition."""
    expected: dict[str, list[str]] = {}
    for session in programme.sessions:
        if facet is sf.Facet.TAGS:
            values = {tag.id for tag in session.tags}
        elif facet is sf.Facet.PEOPLE:
            values = {p.person.id for p in session.participants}
        elif facet is sf.Facet.LANGUAGES:
            values = {session.language}
        elif facet is sf.Facet.KINDS:
            values = {session.kind}
        else:
            values = {org.id for org in session.organisers} | {org.id for org in session.supporters}
            for p in session.participants:
                values |= set(_ancestors(p.person.affiliation))
        for value in values:
            expected.setdefault(value, []).append(session.id)
    return expected


@given(programmes(max_sessions=6))
def test_each_selection_holds_exactly_the_sessions_its_facet_selects(programme: sf.Programme) -> None:
    found: dict[tuple[sf.Facet, str], list[str]] = {}
    for selection in sf.selections(programme):
        assert selection.sessions, "a value no session has gets no selection"
        found[selection.facet, selection.id] = [s.id for s in selection.sessions]
    for facet in sf.Facet:
        expected = _expected(programme, facet)
        assert {value for f, value in found if f is facet} == set(expected)
        for value, session_ids in expected.items():
            assert found[facet, value] == session_ids  # the programme's order, each once


@given(programmes(max_sessions=6))
def test_facet_values_name_each_value_once(programme: sf.Programme) -> None:
    for session in programme.sessions:
        for facet in sf.Facet:
            values = facet_values(session, facet)
            assert len(values) == len(set(values))


def test_a_person_of_a_child_organisation_brings_the_session_to_its_parents() -> None:
    programme = load_toml_text(
        HEAD
        + """
[organisations.giz]
name = "GIZ"
[organisations.igs]
name = "IGS"
parent = "giz"
[organisations.ohchr]
name = "OHCHR"
[people.ana]
name = "Ana"
affiliation = "igs"

[[sessions]]
id = "one"
kind = "webinar"
title = "One"
language = "en"
speakers = ["ana"]
supporters = ["ohchr"]

[[sessions]]
id = "two"
kind = "interview"
title = "Two"
language = "nl"
"""
    )
    found = {(s.facet, s.id): [x.id for x in s.sessions] for s in sf.selections(programme)}
    assert found[sf.Facet.ORGANISATIONS, "igs"] == ["one"]
    assert found[sf.Facet.ORGANISATIONS, "giz"] == ["one"]
    assert found[sf.Facet.ORGANISATIONS, "ohchr"] == ["one"]
    assert found[sf.Facet.PEOPLE, "ana"] == ["one"]
    assert found[sf.Facet.LANGUAGES, "nl"] == ["two"]
    assert found[sf.Facet.KINDS, "interview"] == ["two"]
    assert (sf.Facet.TAGS, "x") not in found



@pytest.mark.parametrize("example", ["upcoming-demo.toml", "ser-access-to-remedy.toml"])
def test_a_facet_may_be_named(example: str) -> None:
    """``selections(p, ["tags"])`` is ``selections(p, [Facet.TAGS])``: a facet's name selects what it names."""
    programme = sf.load(EXAMPLES / example)
    for facet in sf.Facet:
        named = list(sf.selections(programme, [str(facet)]))
        assert named == list(sf.selections(programme, [facet]))
        assert {selection.facet for selection in named} == {facet}


def test_a_name_that_is_no_facet_is_an_argument_error() -> None:
    programme = load_toml_text(HEAD)
    with pytest.raises(sf.ArgumentError, match=r"^'topics' is not a facet: choose from 'tags', 'people', "):
        list(sf.selections(programme, ["topics"]))  # type: ignore[list-item]
