"""The site folder.

``layout`` (where each file goes and its URL), ``build`` (render every locale and
swap the folder in atomically) and ``writer`` (files written through descriptors).
"""
