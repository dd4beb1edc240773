"""The phrases a run keeps (``_compose.Phrases``): the words made afresh, never another programme's.

People, organisers, kinds and places recur from session to session, so a run
(one export call, or one locale of a build) makes each phrase once. Their
words depend on the programme: the same person id can stand for someone with
another organisation elsewhere, the same kind id can be declared with another
label. These tests render such programmes one after another in one process
and in one build cache, and hold every block to the one composed without memo.
"""

from __future__ import annotations

import datetime as dt
import gc
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sessionfeed as sf
from sessionfeed import _compose
from sessionfeed._compose import CACHE_BUDGET, Phrases, SessionBlock, block_text, session_block
from sessionfeed.exporters import ical, text
from strategies import programmes


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
L = sf.LocalizedText
_BUDGET_KEY = _compose._BUDGET_KEY
SEED = Path(__file__).resolve().parents[1] / "examples" / "ser-access-to-remedy.toml"


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
    """One programme after another, with and without the phrases of a run: each its own words."""
    for programme, variant in ((ALPHA, "Alpha"), (BETA, "Beta"), (ALPHA, "Alpha")):
        phrases = Phrases(programme, "nl")
        for session in programme.sessions:
            words_of(variant, session_block(programme, session, "nl"))
            words_of(variant, session_block(programme, session, "nl", phrases=phrases))


def test_phrases_of_another_programme_or_locale_are_not_used():
    """Phrases handed in for another programme, or another locale, are passed by."""
    alpha_nl = Phrases(ALPHA, "nl")
    for session in ALPHA.sessions:
        session_block(ALPHA, session, "nl", phrases=alpha_nl)
    for session in BETA.sessions:
        words_of("Beta", session_block(BETA, session, "nl", phrases=alpha_nl))
    block = session_block(ALPHA, ALPHA.sessions[0], "en", phrases=alpha_nl)
    assert block.roles == (("Speaker", ("Ada Lovelace (Alpha Foundation, AL)",)),)
    assert block == fresh(ALPHA, ALPHA.sessions[0], "en")


def test_an_equal_programme_is_still_another_run():
    """Phrases belong to the programme object: an equal copy gets its own, with equal words."""
    copy = twin("Alpha")
    assert copy == ALPHA
    assert copy is not ALPHA
    phrases = Phrases(ALPHA, "nl")
    block = session_block(copy, copy.sessions[0], "nl", phrases=phrases)
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


def test_one_build_cache_serves_one_programme_at_a_time():
    """A cache that meets a second programme starts its phrases again.

    A build has one cache per locale and programme; should a cache meet
    another programme anyway, the phrases kept for the first are not used.
    """
    beta = twin("Beta", session_ids=("third", "fourth"))
    cache: dict[tuple[str, ...], object] = {}
    for session in ALPHA.sessions:
        words_of("Alpha", session_block(ALPHA, session, "nl", cache=cache))
    for session in beta.sessions:
        words_of("Beta", session_block(beta, session, "nl", cache=cache))
    assert "Stichting Beta (BE)" in text.build_text(beta, "nl", cache=cache)
    assert "Stichting Alpha" not in text.build_text(beta, "nl", cache=cache)


def test_build_cache_phrases_are_shared_and_counted():
    """In a build, the formats share one set of phrases per locale, paid from the cache's budget."""
    cache: dict[tuple[str, ...], object] = {}
    session_block(ALPHA, ALPHA.sessions[0], "nl", cache=cache)
    (nl,) = (value for value in cache.values() if isinstance(value, Phrases))
    session_block(ALPHA, ALPHA.sessions[1], "en", cache=cache)
    kept = [value for value in cache.values() if isinstance(value, Phrases)]
    assert len(kept) == 2
    assert nl in kept
    assert {phrases.locale for phrases in kept} == {"nl", "en"}
    left = cache[_BUDGET_KEY]
    assert isinstance(left, int)
    assert left < CACHE_BUDGET


def test_a_dropped_build_cache_is_freed_at_once():
    """The phrases hold no reference back to the cache: dropping a locale's cache frees it, no collector needed."""

    def count() -> int:
        return sum(isinstance(o, Phrases) for o in gc.get_objects())

    gc.collect()
    gc.disable()
    try:
        before = count()
        cache: dict[tuple[str, ...], object] = {}
        session_block(ALPHA, ALPHA.sessions[0], "nl", cache=cache)
        assert count() == before + 1
        del cache
        assert count() == before
    finally:
        gc.enable()


def test_no_budget_left_keeps_nothing_and_says_the_same():
    """With the build's budget spent, or the phrases' own, phrases are made each time: same words."""
    cache: dict[tuple[str, ...], object] = {_BUDGET_KEY: 0}
    for session in BETA.sessions:
        words_of("Beta", session_block(BETA, session, "nl", cache=cache))
    assert cache[_BUDGET_KEY] == 0
    assert not any(isinstance(key, tuple) and key[0] == "block" for key in cache)


def test_phrases_budget_bounds_a_run(monkeypatch: pytest.MonkeyPatch):
    """A run keeps phrases only while PHRASES_BUDGET lasts; beyond it, the words are the same."""
    monkeypatch.setattr(_compose, "PHRASES_BUDGET", 0)
    phrases = Phrases(BETA, "nl")
    for session in BETA.sessions:
        words_of("Beta", session_block(BETA, session, "nl", phrases=phrases))
        assert session_block(BETA, session, "nl", phrases=phrases) == fresh(BETA, session, "nl")


def test_calendar_bytes_equal_those_without_phrases(monkeypatch: pytest.MonkeyPatch):
    """The calendar of a programme whose people recur is the same with no phrase kept."""
    programme = sf.Programme.from_toml(SEED)
    kept = ical.calendar_bytes(programme, "nl")
    monkeypatch.setattr(_compose, "PHRASES_BUDGET", 0)
    assert ical.calendar_bytes(programme, "nl") == kept


#: Whole programmes are slow to generate: a third of the profile's examples.
FEWER = settings(max_examples=max(10, settings.default.max_examples // 3))


@FEWER
@given(programme=programmes(max_sessions=4), locale=st.sampled_from(["nl", "en"]))
def test_kept_phrases_say_what_fresh_ones_say(programme: sf.Programme, locale: str):
    """Every block of a run, and its text, is the block made with nothing kept."""
    phrases = Phrases(programme, locale)
    cache: dict[tuple[str, ...], object] = {}
    for session in programme.sessions:
        expected = fresh(programme, session, locale)
        assert session_block(programme, session, locale, phrases=phrases) == expected
        assert session_block(programme, session, locale, cache=cache) == expected
        assert block_text(session_block(programme, session, locale, cache=cache)) == block_text(expected)


@given(text=st.text(max_size=200))
def test_a_remembered_text_comes_back_the_same_at_the_smaller_size(text: str):
    """Any text (emoji, CJK, a lone surrogate) is kept in UTF-8 when that saves a quarter, else as itself."""
    import sys

    cache: dict[tuple[str, ...], object] = {}
    made = []

    def make() -> str:
        made.append(text)
        return text

    assert _compose.remember(cache, ("text", "s", "nl"), make) == text
    assert _compose.remember(cache, ("text", "s", "nl"), make) == text
    assert len(made) == 1, "the second call did not use what was kept"
    encoded = text.encode("utf-8", "surrogatepass")
    spent = CACHE_BUDGET - cache[_BUDGET_KEY]
    size, utf8 = sys.getsizeof(text), sys.getsizeof(encoded)
    assert spent in (size, utf8)
    assert spent <= size, "kept at more than the text itself"
    if utf8 * 4 < size * 3:
        assert spent == utf8, "a quarter or more would be saved in UTF-8"


def test_an_emoji_text_is_kept_at_a_third_of_its_size():
    """Python keeps a text with an emoji at four bytes a character; the cache keeps its UTF-8."""
    import sys

    text = "Een gesprek over herstel 🙂 " * 40
    cache: dict[tuple[str, ...], object] = {}
    _compose.remember(cache, ("html", "s", "nl"), lambda: text)
    spent = CACHE_BUDGET - cache[_BUDGET_KEY]
    assert spent * 3 < sys.getsizeof(text)


def test_the_blocks_have_room_before_the_texts(monkeypatch: pytest.MonkeyPatch):
    """A budget with room for every block but not their texts keeps every block and no text."""
    programme = twin("Alpha", session_ids=tuple(f"s{i}" for i in range(15)))
    monkeypatch.setattr(
        _compose, "CACHE_BUDGET", _compose.PHRASES_BUDGET + len(programme.sessions) * _compose._BLOCK_SHARE,
    )
    cache: dict[tuple[str, ...], object] = {}
    for session in programme.sessions:
        block = session_block(programme, session, "nl", cache=cache)
        assert block_text(block, cache=cache) == block_text(fresh(programme, session, "nl"))
    assert all(("block", session.id, "nl") in cache for session in programme.sessions)
    assert not any(key[0] == "text" for key in cache)


@pytest.mark.parametrize("keep_phrases", [True, False], ids=["phrases kept", "phrases made each time"])
def test_a_block_is_counted_at_about_what_it_takes(keep_phrases: bool):
    """The budget counts a block at 0.8 to 1.25 times what keeping it takes, as tracemalloc measures it.

    Its phrases are counted with the block only once the run keeps no more of them.
    """
    import tracemalloc

    programme = sf.Programme.from_toml(SEED)
    phrases = Phrases(programme, "nl", budget=None if keep_phrases else 0)
    sessions = list(programme.sessions) * 40
    for session in programme.sessions:  # the phrases, kept before counting
        session_block(programme, session, "nl", phrases=phrases)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        blocks = [session_block(programme, session, "nl", phrases=phrases) for session in sessions]
        taken = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    counted = sum(_compose._block_size(block, phrases) for block in blocks)
    assert 0.8 * taken <= counted <= 1.25 * taken


@FEWER
@given(programme=programmes(max_sessions=3), locale=st.sampled_from(["nl", "en"]))
def test_a_block_with_clean_texts_writes_clean_text_and_html(programme: sf.Programme, locale: str):
    """What is written of a block is made of its texts: where they are clean, so is the text and the HTML.

    The feeds rely on it to check a session without writing its text.
    """
    from sessionfeed._chars import is_clean

    for session in programme.sessions:
        block = session_block(programme, session, locale)
        if is_clean(block.texts()):
            assert is_clean(block_text(block))
            assert is_clean(_compose.block_html(block))
