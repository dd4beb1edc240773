"""The model: a programme, its sessions, people and organisations, as frozen typed values.

``programme`` holds the classes; ``text`` the localised texts; ``checks`` the rule of each field;
``chars`` the character classes; ``ids`` the stable ids; ``revisions`` SEQUENCE and modification times.
"""
