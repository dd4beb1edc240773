"""The pages of a built site, for its ``sitemap.xml`` (and ``robots.txt``, which names it).

Every page the ``html`` exporter writes, in every locale: the programme page,
the archive pages and the further pages of coming sessions, each
session's page (not one whose data gives its own ``links.page``: that page,
not ours, is the session's canonical URL), and the hub page of each value of
the programme's facets (a person's, a topic's, ..., with its further pages).
Each lists its versions in every locale and ``x-default`` (the default
locale's). ``lastmod`` comes from the
data, never the clock: a session's page from that session's revision (and the
programme's ``updated``), a hub page from the newest of its sessions', every
other page from the newest of all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sessionfeed.site import layout as _layout


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme
    from sessionfeed.model.revisions import Revisions
    from sessionfeed.site.sitemap import SitemapEntry


__all__ = ["SITEMAP_URLS", "crawler_files", "sitemap_entries"]

_EPOCH = dt.datetime(1970, 1, 2, tzinfo=dt.UTC)
#: The most pages one sitemap file lists (sitemaps.org allows 50,000): a larger site gets
#: ``sitemap.xml`` as the index of ``sitemap-1.xml``, ``sitemap-2.xml``, ...
SITEMAP_URLS = 2_000


def _newest(*moments: dt.datetime | None) -> dt.datetime | None:
    newest = max((m for m in moments if m is not None), default=None)
    # 1970 is what revisions fall back to when the data states no date at all: no date.
    return None if newest is None or newest < _EPOCH else newest


def _entries(programme: Programme, path: str, lastmod: dt.datetime | None) -> Iterator[SitemapEntry]:
    """The entry of the page at ``path`` (in each locale folder) in every locale."""
    from sessionfeed.site.sitemap import SitemapEntry

    urls = tuple((locale, _layout.page_url(programme, locale, path)) for locale in programme.locales)
    alternates: tuple[tuple[str, str], ...] = ()
    if len(urls) > 1:
        alternates = (*urls, ("x-default", _layout.page_url(programme, programme.default_locale, path)))
    for _locale, url in urls:
        yield SitemapEntry(url=url, lastmod=lastmod, alternates=alternates)


def sitemap_entries(programme: Programme, revisions: Revisions, now: dt.datetime) -> Iterator[SitemapEntry]:
    """Every page of the site as of ``now``, made as they are read."""
    from sessionfeed.exporters.html.timeline import timeline

    everything = _newest(revisions.latest(), programme.updated)
    yield from _entries(programme, "", everything)
    for page in timeline(programme, now).pages():
        yield from _entries(programme, page.path, everything)
    for session in programme.sessions:
        if session.links.page:
            continue
        revision = revisions.by_id.get(session.id)
        modified = _newest(revision.modified if revision is not None else None, programme.updated)
        yield from _entries(programme, _layout.session_page(session.id), modified)
    yield from _hub_entries(programme, revisions)


def _hub_entries(programme: Programme, revisions: Revisions) -> Iterator[SitemapEntry]:
    """Every hub page (and its further pages), dated by the newest revision of its sessions."""
    from sessionfeed.exporters.html.timeline import PAGE_SIZE
    from sessionfeed.model.facets import selections

    by_id = revisions.by_id
    for chosen in selections(programme, programme.facets):
        newest = max(
            (r.modified for s in chosen.sessions if (r := by_id.get(s.id)) is not None), default=None
        )
        modified = _newest(newest, programme.updated)
        count = max(1, -(-len(chosen.sessions) // PAGE_SIZE))
        for number in range(1, count + 1):
            yield from _entries(programme, _layout.hub_page(chosen.facet, chosen.id, number), modified)


def crawler_files(
    programme: Programme,
    revisions: Revisions,
    now: dt.datetime,
) -> Iterator[tuple[str, bytes, bool]]:
    """``sitemap.xml`` (and ``sitemap-N.xml`` for a large site), then ``robots.txt``: ``(name, bytes, done)``.

    ``robots.txt`` lets every crawler in and names the sitemap.

    Raises:
        ArgumentError: A page's URL is not one a sitemap can list.
    """
    from sessionfeed.site.sitemap import robots_txt, sitemap_files

    # At most SITEMAP_URLS pages to a file: the first file waits in memory until
    # it is known whether one is enough, and 50,000 URLs are some 30 MB.
    yield from sitemap_files(
        sitemap_entries(programme, revisions, now), programme.base_url, max_urls=SITEMAP_URLS
    )
    yield _layout.ROBOTS, robots_txt(f"{programme.base_url}{_layout.SITEMAP}"), True
