"""Serving the site from memory.

``app`` (the WSGI application and ``sessionfeed serve``) and
``http`` (entity tags, conditional requests, the access log's escaping).
"""
