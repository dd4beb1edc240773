"""The phrases a composition keeps (``words.phrases.Phrases``): the words made once, never another programme's.

People, organisers, kinds and places recur from session to session, so a
composition (one locale of a build, or one export call) makes each phrase
once. Their words depend on the programme: the same person id can stand for
someone with another organisation elsewhere, the same kind id can be declared
with another label. These tests render such programmes one after another in
one process and through one build context, and hold every block to the one
composed without memo.
"""

from __future__ import annotations

import datetime as dt
import gc
import zoneinfo

from hypothesis import given, settings, strategies as st

import sessionfeed as sf
from sessionfeed.exporters import text
from sessionfeed.exporters.base import Context
from sessionfeed.exporters.card import block_html
from sessionfeed.exporters.ical import exporter as ical
from sessionfeed.words import compose as _compose
from sessionfeed.words.compose import Composition, SessionBlock, block_text, session_block
from sessionfeed.words.phrases import Phrases
from strategies import programmes


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
L = sf.LocalizedText


def twin(variant: str, *, session_ids: tuple[str, ...] = ("first", "second")) -> sf.Programme:
    """A programme whose ids are those of every other variant, but not its words.

    The person ``ada``, the organisation ``org``, the kind ``hack`` and the tag
    ``topic`` are in every variant, each with the variant's own name or label.
    Two sessions share them, so that a phrase is made by the first and found by the second.
    """
    org = sf.Organisation(id="org", name=L({"nl": f"Stichting {variant}", "en": f"{variant} Foundation"}),
                          short_name=variant[:2].upper())  # fmt: skip
    ada = sf.Person(id="ada", name="Ada Lovelace", affiliation=org)
    kind = sf.Kind(id="hack", label=L({"nl": f"{variant.lower()}dag", "en": f"{variant.lower()} day"}))
    tag = sf.Tag(id="topic", label=L({"nl": f"onderwerp {variant}", "en": f"topic {variant}"}))
    sessions = [
        sf.Session(
            id=ident,
            kind="hack",
            language="en",
            title=L({"en": f"{variant} session {i}"}),
            when=sf.Timed(
                start=dt.datetime(2026, 3, 12 + i, 14, tzinfo=AMS),
                end=dt.datetime(2026, 3, 12 + i, 15, 30, tzinfo=AMS),
            ),
            location=sf.Location(venue=sf.Venue(name=f"{variant} Hall")),
            participants=[sf.Participation(person=ada, role="speaker")],
            tags=[tag],
        )
        for i, ident in enumerate(session_ids)
    ]
    return sf.Programme(
        id="twin",
        title=L({"nl": "Tweeling", "en": "Twin"}),
        base_url="https://example.org/twin/",
        locales=("nl", "en"),
        sessions=sessions,
        people=[ada],
        organisations=[org],
        organisers=[org],
        tags=[tag],
        kinds=[kind],
    )


ALPHA = twin("Alpha")
BETA = twin("Beta")


def fresh(programme: sf.Programme, session: sf.Session, locale: str) -> SessionBlock:
    """The block composed with phrases of its own: nothing kept from before."""
    return _compose._session_block(programme, session, locale, Phrases(programme, locale))


def words_of(variant: str, block: SessionBlock) -> None:
    """The block says the variant's words, in Dutch, and none of another variant."""
    assert block.roles == (("Spreker", (f"Ada Lovelace (Stichting {variant}, {variant[:2].upper()})",)),)
    assert block.organisers_text == f"Georganiseerd door Stichting {variant} ({variant[:2].upper()})"
    assert block.kind_phrase == f"{variant}dag in het Engels"
    assert block.location_text == f"{variant} Hall"
    assert block.topics == (f"onderwerp {variant}",)


def test_standalone_blocks_of_two_programmes_keep_their_own_words():
    """One programme after another, alone and through a composition: each its own words."""
    for programme, variant in ((ALPHA, "Alpha"), (BETA, "Beta"), (ALPHA, "Alpha")):
        composition = Composition(programme, "nl")
        for session in programme.sessions:
            words_of(variant, session_block(programme, session, "nl"))
            words_of(variant, composition.block(session))


def test_a_composition_of_another_programme_or_locale_is_not_used():
    """A context whose composition is of another programme, or another locale, makes a new one."""
    alpha_nl = Composition(ALPHA, "nl")
    for session in ALPHA.sessions:
        alpha_nl.block(session)
    revisions = sf.Revisions.from_data(BETA)
    beta = Context(locale="nl", revisions=revisions, composition=alpha_nl).compose(BETA)
    assert beta is not alpha_nl
    for session in BETA.sessions:
        words_of("Beta", beta.block(session))
    context = Context(locale="en", revisions=sf.Revisions.from_data(ALPHA), composition=alpha_nl)
    english = context.compose(ALPHA)
    assert english is not alpha_nl
    block = english.block(ALPHA.sessions[0])
    assert block.roles == (("Speaker", ("Ada Lovelace (Alpha Foundation, AL)",)),)
    assert block == fresh(ALPHA, ALPHA.sessions[0], "en")
    context = Context(locale="nl", revisions=sf.Revisions.from_data(ALPHA), composition=alpha_nl)
    assert context.compose(ALPHA) is alpha_nl


def test_an_equal_programme_is_still_another_run():
    """A composition belongs to the programme object: an equal copy gets its own, with equal words."""
    copy = twin("Alpha")
    assert copy == ALPHA
    assert copy is not ALPHA
    alpha = Composition(ALPHA, "nl")
    composition = Context(locale="nl", revisions=sf.Revisions.from_data(copy), composition=alpha).compose(copy)
    assert composition is not alpha
    block = composition.block(copy.sessions[0])
    assert block == fresh(copy, copy.sessions[0], "nl")
    assert block.session is copy.sessions[0]


def test_calendars_of_two_programmes_one_after_another():
    """calendar.ics keeps phrases for one call: the next programme's calendar has its own words."""
    alpha = ical.calendar_bytes(ALPHA, "nl").decode()
    beta = ical.calendar_bytes(BETA, "nl").decode()
    assert "Stichting Alpha" in alpha
    assert "Stichting Beta" not in alpha
    assert "Stichting Beta" in beta
    assert "Stichting Alpha" not in beta
    assert "Betadag in het Engels" in beta
    assert "onderwerp Beta" in beta
    assert ical.calendar_bytes(ALPHA, "nl").decode() == alpha


def test_one_build_context_serves_one_programme_at_a_time():
    """Exporters handed a context composed for another programme write their own programme's words."""
    beta = twin("Beta", session_ids=("third", "fourth"))
    alpha = Composition(ALPHA, "nl")
    for session in ALPHA.sessions:
        words_of("Alpha", alpha.block(session))
    context = Context(locale="nl", revisions=sf.Revisions.from_data(beta), composition=alpha)
    written = text.TextExporter().render(beta, context).files[0].content.decode()
    assert "Stichting Beta (BE)" in written
    assert "Stichting Alpha" not in written
    assert written == text.build_text(beta, "nl")


def test_the_sessions_of_a_composition_share_its_phrases():
    """Two sessions with the same speaker, place, kind and topic get the very same phrases, made once."""
    composition = Composition(ALPHA, "nl")
    first, second = (composition.block(session) for session in ALPHA.sessions)
    assert first.roles[0][1][0] is second.roles[0][1][0]
    assert first.kind_phrase is second.kind_phrase
    assert first.location_text is second.location_text
    assert first.organisers_text is second.organisers_text
    assert first.topics[0] is second.topics[0]
    assert composition.block(ALPHA.sessions[0]) is first, "a session's words are made once"
    assert set(composition.blocks) == {"first", "second"}


def test_a_dropped_composition_is_freed_at_once():
    """Nothing refers back to a composition: dropping a locale's frees its words, no collector needed."""

    def count() -> int:
        return sum(isinstance(o, Phrases | SessionBlock) for o in gc.get_objects())

    gc.collect()
    gc.disable()
    try:
        before = count()
        composition = Composition(ALPHA, "nl")
        composition.block(ALPHA.sessions[0])
        assert count() == before + 2
        del composition
        assert count() == before
    finally:
        gc.enable()


#: Whole programmes are slow to generate: a third of the profile's examples.
FEWER = settings(max_examples=max(10, settings.default.max_examples // 3))


@FEWER
@given(programme=programmes(max_sessions=4), locale=st.sampled_from(["nl", "en"]))
def test_kept_phrases_say_what_fresh_ones_say(programme: sf.Programme, locale: str):
    """Every block of a composition, and its text, is the block made with nothing kept."""
    composition = Composition(programme, locale)
    for session in programme.sessions:
        expected = fresh(programme, session, locale)
        assert composition.block(session) == expected
        assert session_block(programme, session, locale) == expected
        assert block_text(composition.block(session)) == block_text(expected)


@FEWER
@given(programme=programmes(max_sessions=3), locale=st.sampled_from(["nl", "en"]))
def test_a_block_with_clean_texts_writes_clean_text_and_html(programme: sf.Programme, locale: str):
    """What is written of a block is made of its texts: where they are clean, so is the text and the HTML.

    The feeds rely on it to check a session without writing its text.
    """
    from sessionfeed.model.chars import is_clean

    for session in programme.sessions:
        block = session_block(programme, session, locale)
        if is_clean(block.texts()):
            assert is_clean(block_text(block))
            assert is_clean(block_html(block))
