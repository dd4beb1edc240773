"""The templates of the pages: a site's own folder in front of the built-in ones.

Every HTML output (the locale pages, the language choice at the site root, the
session cards that the pages, the feeds' content and :func:`sessionfeed.embed`
write) is rendered by a Jinja2 template. The built-in ones ship in the package
(``sessionfeed/templates/``); :class:`Templates` puts a site's folder in front
of them, so that a file there replaces the built-in of the same name, while
``{% extends "sessionfeed/base.html" %}`` (the prefix :data:`PREFIX`) still
reaches the built-in one.

The environment escapes every text (autoescaping on, and a ``finalize`` that
writes each text through :func:`~sessionfeed.words.escaping.escape_html`, the
one escaping of every page, which also drops what HTML does not allow), makes
an undefined variable an error, and compiles each template once per
:class:`Templates`, which a build makes once. An error in a template becomes a
:class:`~sessionfeed.exceptions.TemplateError` whose message is
``TEMPLATE_FILE:LINE: message`` (see :func:`template_error`).

docs/templates.md lists the templates, their variables and the filters.
"""

from __future__ import annotations

import functools
import hashlib
import os
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any, NoReturn

import jinja2
import jinja2.compiler
from markupsafe import Markup

from sessionfeed.exceptions import TemplateError
from sessionfeed.model.chars import lf_line_ends
from sessionfeed.words.compose import sentence
from sessionfeed.words.escaping import escape_html, text_paragraphs


__all__ = [
    "BUILTIN_FOLDER",
    "PREFIX",
    "STYLESHEET",
    "Templates",
    "builtin_templates",
    "template_error",
]

#: The built-in templates and stylesheet, shipped in the package.
BUILTIN_FOLDER = Path(__file__).resolve().parent.parent / "templates"
#: The name under which the built-in templates stay reachable when a site's
#: folder has a file of the same name: ``sessionfeed/base.html``.
PREFIX = "sessionfeed"
#: The stylesheet's name in a templates folder and in the site's root.
STYLESHEET = "style.css"
#: How many hexadecimal digits of the stylesheet's SHA-256 its URL carries.
_VERSION_DIGITS = 10
#: The package's own source, told apart from a template's frames and from the
#: code a template calls that is not sessionfeed's (see :func:`_from_template`).
_PACKAGE = str(Path(__file__).resolve().parent.parent)
#: This module, whose writing of a value (:func:`_write`) is the template's own doing.
_THIS_FILE = str(Path(__file__).resolve())


def _finalize(value: Any) -> Any:
    """Write a text as every page writes texts; markup (a rendered part) as it is.

    Autoescaping then leaves the result alone: it is markup already, or a
    text in which :func:`escape_html` found nothing to escape.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        escaped = escape_html(value)
        return value if escaped is value else Markup(escaped)  # noqa: S704 (escaped just above)
    return value


def _write(value: Any) -> str:
    """A value as a template writes it with ``{{ … }}``: :func:`_finalize` then autoescaping, in one call.

    What ``escape(finalize(value))`` gives, without making a ``Markup`` of
    every text: a page writes some thirty texts per session.
    """
    if value.__class__ is str:
        return escape_html(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    return escape_html(str(value))


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, writing each ``{{ … }}`` of autoescaped output through :func:`_write`.

    Only the speed changes: where autoescaping may be switched while rendering
    (``{% autoescape %}``), or with a Jinja whose generator differs, the output
    is Jinja's own ``escape(finalize(value))``, which is the same text.
    """

    def _direct(self, frame: Any) -> bool:
        return bool(frame.eval_ctx.autoescape) and not frame.eval_ctx.volatile

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._direct(frame):
            self.write("environment.write_text(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._direct(frame):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class _Environment(jinja2.Environment):
    """The environment of sessionfeed's templates (see :class:`_CodeGenerator`).

    Its templates are compiled once and never reloaded (``auto_reload`` off), so
    a template that another includes is looked up in a plain dict: Jinja's own
    look-up merges the globals anew each time, and a card includes its parts
    once per session.
    """

    code_generator_class = _CodeGenerator
    write_text = staticmethod(_write)

    def get_template(
        self,
        name: str | jinja2.Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        if globals is not None or not isinstance(name, str):
            return super().get_template(name, parent, globals)
        known: dict[tuple[str, str | None], jinja2.Template] = self.__dict__.setdefault("_known", {})
        found = known.get((name, parent))
        if found is None:
            found = known[name, parent] = super().get_template(name, parent)
        return found


def _lines(text: str) -> tuple[str, ...]:
    return tuple(lf_line_ends(text).split("\n"))


#: The filters every template has besides Jinja's (docs/templates.md lists them).
FILTERS: Mapping[str, Callable[..., Any]] = types.MappingProxyType(
    {
        "sentence": sentence,
        "paragraphs": text_paragraphs,
        "lines": _lines,
    },
)


def _shown(path: str) -> str:
    """A template's file as the message shows it: a built-in by its name under :data:`PREFIX`."""
    try:
        inside = Path(path).resolve().relative_to(BUILTIN_FOLDER)
    except (ValueError, OSError):
        return path
    return f"{PREFIX}/{inside.as_posix()}"


def _template_files(error: BaseException) -> Iterator[tuple[str, int, bool]]:
    """Each frame of the error's traceback: ``(file, line, is a template's)``, outermost first.

    Jinja rewrites the traceback of an error in a template so that its frames
    carry the template's file name and line, which is how they are told apart.
    """
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        filename = code.co_filename
        is_template = filename.endswith((".html", ".css", ".xml", ".txt", ".jinja", ".j2")) or (
            tb.tb_frame.f_globals.get("__jinja_template__") is not None
        )
        yield filename, tb.tb_lineno, is_template
        tb = tb.tb_next


def _from_template(error: BaseException) -> tuple[str, int] | None:
    """The template file and line an error was raised in, or ``None`` when it was not a template's.

    An error is a template's when its innermost template frame is followed only
    by code that is not sessionfeed's (an operator, a method of a value, this
    module's writing of a value): an error of sessionfeed's own code called
    from a template is sessionfeed's. An undefined variable is always the
    template's.
    """
    found: tuple[str, int] | None = None
    ours_after = False
    for filename, line, is_template in _template_files(error):
        if is_template:
            found, ours_after = (filename, line), False
        elif found is not None and filename.startswith(_PACKAGE) and filename != _THIS_FILE:
            ours_after = True
    if isinstance(error, jinja2.UndefinedError):
        return found
    return None if ours_after else found


def template_error(error: BaseException) -> TemplateError | None:
    """The :class:`~sessionfeed.exceptions.TemplateError` an error in a template stands for.

    ``None`` when the error is not a template's (it is then raised as it is).
    A syntax error names its own file and line; any other error the line of
    the innermost template frame of its traceback.
    """
    if isinstance(error, TemplateError):
        return error
    if isinstance(error, jinja2.TemplateSyntaxError):
        file = error.filename or error.name
        return TemplateError(
            f"template syntax error: {error.message}",
            file=_shown(file) if file else None,
            line=error.lineno,
        )
    where = _from_template(error)
    if isinstance(error, jinja2.TemplateNotFound):
        names = str(error.name)
        if isinstance(error, jinja2.TemplatesNotFound):
            names = ", ".join(str(t) for t in error.templates)
        detail = f"template not found: {names}"
    elif isinstance(error, jinja2.UndefinedError):
        detail = f"undefined variable: {error.message}"
    elif isinstance(error, jinja2.TemplateError):
        detail = f"template error: {error.message}"
    elif where is not None:
        detail = f"error while rendering: {type(error).__name__}: {error}"
    else:
        return None
    if where is None:
        return TemplateError(detail)
    return TemplateError(detail, file=_shown(where[0]), line=where[1])


def _raise_for_template(error: Exception) -> NoReturn:
    """Raise the :class:`~sessionfeed.exceptions.TemplateError` that ``error`` stands for, else ``error``."""
    found = template_error(error)
    if found is None:
        raise error
    raise found from None


def _check_folder(folder: str | os.PathLike[str]) -> Path:
    path = Path(folder)
    if not path.is_dir():
        problem = "does not exist" if not path.exists() else "is not a folder"
        message = f"the templates folder {problem}; give a folder of templates (docs/templates.md)"
        raise TemplateError(message, file=os.fspath(folder))
    return path


class Templates:
    """The templates of one build, each compiled the first time it is used.

    Args:
        folder: A site's own templates, put in front of the built-in ones; ``None``
            for the built-in ones alone.

    Raises:
        TemplateError: ``folder`` is not a folder.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = None if folder is None else _check_folder(folder)
        builtin = jinja2.FileSystemLoader(BUILTIN_FOLDER)
        loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({PREFIX: builtin})]
        if self.folder is not None:
            loaders.append(jinja2.FileSystemLoader(os.fspath(self.folder)))
        loaders.append(builtin)
        self.environment = _Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Compiled once per build: no file is looked at again while it renders.
            auto_reload=False,
            cache_size=-1,
        )
        self.environment.filters.update(FILTERS)
        self._globals: dict[str, Any] = dict(self.environment.globals)
        # Looked up by name without the environment's cache and its checks: a page asks per session.
        self._compiled: dict[str, jinja2.Template] = {}

    def __repr__(self) -> str:
        return f"<Templates {os.fspath(self.folder) if self.folder else 'built-in'}>"

    def get(self, name: str) -> jinja2.Template:
        """The template ``name``, the site's own when it has one, compiled once.

        Raises:
            TemplateError: It is missing, or it (or one it extends) has a syntax error.
        """
        compiled = self._compiled.get(name)
        if compiled is not None:
            return compiled
        try:
            compiled = self._compiled[name] = self.environment.get_template(name)
        except jinja2.TemplateNotFound as error:
            raise TemplateError(f"template not found: {error.name}") from None
        except Exception as error:
            _raise_for_template(error)
        return compiled

    def generate(self, name: str, context: Mapping[str, Any]) -> Iterator[str]:
        """The template ``name`` rendered with ``context``, a piece at a time as it is read.

        Raises:
            TemplateError: The template has an error (raised as the pieces are read).
        """
        template = self.get(name)
        return self._guarded(template.generate(context))

    def render(self, name: str, context: Mapping[str, Any]) -> Markup:
        """The template ``name`` rendered with ``context``, whole (a part: a card, a fragment).

        Raises:
            TemplateError: The template has an error.
        """
        return Markup(self.render_text(name, context))  # noqa: S704 (an autoescaped template's output)

    def render_text(self, name: str, context: Mapping[str, Any]) -> str:
        """:meth:`render` as a plain ``str`` (for a caller that writes it as it is).

        Raises:
            TemplateError: The template has an error.
        """
        template = self.get(name)
        # What Template.render does, without merging the globals into every
        # context anew (a page renders a card per session): they are merged
        # here with a plain dict, and the context shares it.
        variables = {**self._globals, **context}
        try:
            try:
                pieces = template.root_render_func(template.new_context(variables, shared=True))
                return "".join(pieces)
            except Exception:  # re-raised with the template's lines, just below
                self.environment.handle_exception()
        except Exception as error:
            _raise_for_template(error)

    @staticmethod
    def _guarded(pieces: Iterable[str]) -> Iterator[str]:
        try:
            yield from pieces
        except Exception as error:
            _raise_for_template(error)

    @functools.cached_property
    def stylesheet(self) -> bytes:
        """The site's stylesheet: ``style.css`` of the site's folder, else the built-in one."""
        own = None if self.folder is None else self.folder / STYLESHEET
        path = own if own is not None and own.is_file() else BUILTIN_FOLDER / STYLESHEET
        try:
            return path.read_bytes()
        except OSError as error:
            message = f"cannot read the stylesheet: {error.strerror or error}"
            raise TemplateError(message, file=str(path)) from None

    @functools.cached_property
    def stylesheet_version(self) -> str:
        """The start of the stylesheet's SHA-256: its URL changes when it does, so caches refresh."""
        return hashlib.sha256(self.stylesheet).hexdigest()[:_VERSION_DIGITS]

    def stylesheet_url(self, to_root: str) -> str:
        """The stylesheet's URL from a page ``to_root`` below the root (``""`` or ``"../"``)."""
        return f"{to_root}{STYLESHEET}?v={self.stylesheet_version}"


@functools.cache
def builtin_templates() -> Templates:
    """The built-in templates alone, made once per process (they do not change while it runs)."""
    return Templates()
