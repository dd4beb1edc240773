"""Find an object by its ``module:attribute`` path, importing its module only then.

The built-in exporters and importers are named this way, so that ``import
sessionfeed`` loads none of them and an installation without one of their
modules (a trimmed package) simply lacks that format.
"""

from __future__ import annotations

import importlib


__all__ = ["find"]


def find(path: str) -> object | None:
    """The object at ``path`` (``"package.module:name"``); ``None`` when the module is not installed.

    An error inside the module, a missing module it imports included, is raised as it is.
    """
    module_name, _, attribute = path.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name:
            return None  # not part of this installation
        raise
    found: object = getattr(module, attribute)
    return found
