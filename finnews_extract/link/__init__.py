"""Stage 2, linking: which names in an article are one security, and with which code.

- ``linker``: ``Linker`` compares names in a canonical form, exactly and then by rapidfuzz.
- ``securities``: ``SecuritiesTable``, the built-in and user tables of funds and stocks
  (public as :mod:`finnews_extract.securities`).

Imports run one way: text → dimensions → link → compose → api.
"""
