#!/usr/bin/env python3
"""Extract the messages of src/sessionfeed into the .pot and update every .po.

Usage (from the repository root, in the test environment: babel 2.17 or newer, which
marks {placeholder} messages python-brace-format)::

    python scripts/update-catalogs.py            # rewrite the .pot, merge it into each .po
    python scripts/update-catalogs.py --check    # exit 1 if the .pot is out of date
    python scripts/update-catalogs.py --init de  # start a catalog for a new locale

New and changed messages come out of the merge untranslated or fuzzy;
``tests/test_i18n.py`` fails until a translator has filled them in and
removed the fuzzy flags. No ``.mo`` files are written: the package compiles
the ``.po`` files in memory when it loads them (``sessionfeed.words.catalogs``).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po


ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "sessionfeed"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "sessionfeed"
POT = LOCALE_DIR / f"{DOMAIN}.pot"
COMMENT_TAGS = ("TRANSLATORS:",)
#: A fixed header: babel's default carries the current year, which would make
#: the template differ from one year to the next.
HEADER = """\
# {title} for sessionfeed.
# Copyright (C) The sessionfeed developers
# This file is distributed under the same license as the sessionfeed project.
#"""


def extract() -> Catalog:
    """Every message marked in the package's Python source and page templates, as a template."""
    catalog = Catalog(
        project="sessionfeed",
        version="0.1",
        msgid_bugs_address="https://github.com/sessionfeed/sessionfeed/issues",
        copyright_holder="The sessionfeed developers",
        charset="utf-8",
        fuzzy=False,
        header_comment=HEADER.format(title="Translations template"),
    )
    found = extract_from_dir(
        str(PACKAGE),
        # The templates' {{ _("...") }}, read as sessionfeed's environment reads them.
        method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
        options_map={"templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}},
        keywords=DEFAULT_KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        path = (PACKAGE / filename).relative_to(ROOT).as_posix()
        catalog.add(
            message,
            None,
            [(path, lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def render(catalog: Catalog) -> bytes:
    """The catalog as .po bytes, stable between runs (no dates, sorted)."""
    buffer = io.BytesIO()
    # No source references: the template changes only when a message does.
    write_po(buffer, catalog, width=100, sort_output=True, no_location=True)
    lines = [
        line
        for line in buffer.getvalue().split(b"\n")
        if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Generated-By:'))
    ]
    return b"\n".join(lines)


def po_path(locale: str) -> Path:
    """The .po file of a locale."""
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(template: Catalog, path: Path) -> bytes:
    """The .po at ``path`` merged with ``template``."""
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=path.parent.parent.name, domain=DOMAIN)
    catalog.update(template, update_header_comment=False)
    catalog.header_comment = HEADER.format(title=f"{catalog.locale_identifier} translations")
    catalog.fuzzy = False
    return render(catalog)


def init(template: Catalog, locale: str) -> None:
    """Start a catalog for ``locale`` (every message untranslated)."""
    path = po_path(locale)
    if path.exists():
        sys.exit(f"{path} exists already; run without --init to update it")
    catalog = Catalog(
        locale=locale,
        domain=DOMAIN,
        project="sessionfeed",
        fuzzy=False,
        header_comment=HEADER.format(title=f"{locale} translations"),
    )
    catalog.update(template)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(catalog))
    print(f"created {path.relative_to(ROOT)}")


def main() -> int:
    """Run the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the .pot is out of date")
    parser.add_argument("--init", metavar="LOCALE", help="start a catalog for LOCALE")
    args = parser.parse_args()
    template = extract()
    pot = render(template)
    if args.check:
        if not POT.exists() or POT.read_bytes() != pot:
            print(f"{POT.relative_to(ROOT)} is out of date: run scripts/update-catalogs.py")
            return 1
        return 0
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_bytes(pot)
    print(f"wrote {POT.relative_to(ROOT)} ({len(template)} messages)")
    if args.init:
        init(template, args.init)
    for path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        path.write_bytes(update(template, path))
        print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
