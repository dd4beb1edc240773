"""The documentation works: its Python runs, its programme files load, its links resolve, every built-in is documented.

Conventions for writers of docs (README.md and every ``docs/**/*.md``):

* Every fenced ``python`` block runs, on its own, in a fresh namespace, with
  the repository root as the working folder. Put ``<!-- skip -->`` on the
  line before a block that is not meant to run (a fragment, a server).
* A ``toml`` block after ``<!-- programme -->`` must be a valid programme.
* A ``toml`` block after ``<!-- programme: errors -->`` must be invalid, and the
  next fenced block must list exactly its problems, one
  ``programme.toml:LINE: path: message`` a line.
* Links to files of the repository must point at files that exist, and links
  to headings (``#anchor``) at headings that exist.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

import pytest

import sessionfeed as sf
from sessionfeed.exporters import registry as _registry
from sessionfeed.io.toml import load_toml_text


ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)[^`]*$")
_MARK = re.compile(r"^\s*<!--\s*(?P<mark>[^>]*?)\s*-->\s*$")


class Block(NamedTuple):
    page: Path
    line: int  # of the opening fence, 1-based
    language: str
    code: str
    mark: str  # the HTML comment on the line before, if any

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, with the comment before each."""
    lines = page.read_text(encoding="utf-8").split("\n")
    out: list[Block] = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence = match["indent"], match["fence"]
        before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        mark = _MARK.match(before)
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not (lines[j].strip().startswith(fence[0] * len(fence)) and not lines[j].strip().strip(fence[0])):
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j].lstrip())
            j += 1
        out.append(Block(page, i + 1, match["info"].lower(), "\n".join(body) + "\n", mark["mark"] if mark else ""))
        i = j + 1
    return out


ALL_BLOCKS = [b for page in PAGES for b in blocks(page)]
PYTHON = [b for b in ALL_BLOCKS if b.language in {"python", "py"}]
PROGRAMMES = [b for b in ALL_BLOCKS if b.language == "toml" and b.mark.startswith("programme")]


def test_the_docs_have_code_to_test() -> None:
    """The block finder finds the blocks these tests promise to run (a check of the finder)."""
    assert any(b.page.name == "README.md" for b in PYTHON)
    assert any(b.page.name == "writing-an-exporter.md" for b in PYTHON)
    assert any(b.mark == "programme: errors" for b in PROGRAMMES)


@pytest.mark.parametrize("block", PYTHON, ids=[b.id for b in PYTHON])
def test_python_blocks_run(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each Python block runs in a fresh namespace from the repository root (``<!-- skip -->`` skips one)."""
    if block.mark == "skip":
        pytest.skip("marked <!-- skip -->")
    monkeypatch.chdir(ROOT)
    code = compile(block.code, block.id, "exec")
    with contextlib.redirect_stdout(io.StringIO()):
        exec(code, {"__name__": "__docs__"})


@pytest.mark.parametrize("block", PROGRAMMES, ids=[b.id for b in PROGRAMMES])
def test_programme_blocks(block: Block) -> None:
    """A ``<!-- programme -->`` block loads; a ``<!-- programme: errors -->`` block gives the errors shown after it."""
    if block.mark == "programme":
        programme = load_toml_text(block.code, filename="programme.toml")
        assert programme.sessions or programme.title
        return
    assert block.mark == "programme: errors", f"unknown mark {block.mark!r}"
    following = [b for b in blocks(block.page) if b.line > block.line]
    assert following, f"{block.id}: no block with the expected errors after it"
    with pytest.raises(sf.ProgrammeError) as caught:
        load_toml_text(block.code, filename="programme.toml")
    assert [str(p) for p in caught.value.problems] == following[0].code.strip().split("\n")


def test_every_builtin_exporter_is_documented() -> None:
    """The index's table of outputs has every built-in: its name and its file."""
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    every_page = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    for name in _registry._BUILTINS:
        assert f"| `{name}` |" in index, f"docs/index.md does not list the exporter {name!r}"
        if name in sf.exporter_names():
            assert f"`{sf.get_exporter(name).filename}`" in index
            assert f"`{name}`" in every_page


# ---------------------------------------------------------------------- links

_LINK = re.compile(r"(?<!\!)\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|\*|_(?=\w)|(?<=\w)_", "", heading.strip()).lower()
    text = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LN")
    return text.replace(" ", "-")


def prose(page: Path) -> list[tuple[int, str]]:
    """The lines of a page outside fenced code blocks, with their numbers."""
    out: list[tuple[int, str]] = []
    fence = ""
    for number, line in enumerate(page.read_text(encoding="utf-8").split("\n"), 1):
        match = _FENCE.match(line)
        if fence:
            if line.strip() and not line.strip().strip(fence[0]) and len(line.strip()) >= len(fence):
                fence = ""
        elif match:
            fence = match["fence"]
        else:
            out.append((number, line))
    return out


def anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    out: set[str] = set()
    for _, line in prose(page):
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            slug = _slug(heading[1])
            out.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
            seen[slug] = seen.get(slug, 0) + 1
    return out


def _links(page: Path) -> list[tuple[int, str]]:
    found = []
    for number, line in prose(page):
        text = re.sub(r"`[^`]*`", "", line)  # code spans are examples, not links
        found.extend((number, m["target"]) for m in _LINK.finditer(text))
    return found


LINKS = [(page, line, target) for page in PAGES for line, target in _links(page) if not re.match(r"[a-z][a-z0-9+.-]*:", target)]


@pytest.mark.parametrize(("page", "line", "target"), LINKS, ids=[f"{p.relative_to(ROOT).as_posix()}:{n}:{t}" for p, n, t in LINKS])
def test_links_resolve(page: Path, line: int, target: str) -> None:
    """Relative links point at files of the repository, and anchors at headings."""
    path, _, anchor = target.partition("#")
    destination = (page.parent / path).resolve() if path else page
    assert destination.exists(), f"{page.name}:{line}: {target} does not exist"
    if anchor and destination.suffix == ".md":
        assert anchor in anchors(destination), f"{page.name}:{line}: no heading #{anchor} in {destination.name}"


def test_slugs_follow_github() -> None:
    """The anchor rules used above (a check of the helper)."""
    assert _slug("`BaseExporter`: several files and a report") == "baseexporter-several-files-and-a-report"
    assert _slug("Registering it: the entry point") == "registering-it-the-entry-point"
    assert _slug("The same file as a dict or JSON") == "the-same-file-as-a-dict-or-json"
    assert _slug("1. Install") == "1-install"
    assert _slug("`when`") == "when"
    assert _slug("Ids: never from titles, URLs or the build") == "ids-never-from-titles-urls-or-the-build"
