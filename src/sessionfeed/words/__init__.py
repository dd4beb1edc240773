"""The words of every output.

``catalogs`` (gettext, per locale), ``vocabulary`` (the catalog's
and CLDR's words, dates and names) and ``compose`` (one session in words, shared by every format).
"""
