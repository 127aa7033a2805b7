"""Stage 3, composition: candidates of every dimension become fact drafts.

- ``reader``: ``compose``, the sentence-by-sentence reader that chains figures, finds the
  governing trigger, and makes metric, extreme and streak drafts.
- ``base``: the pieces every reader step shares (``Draft``, clause and sentence indexes).
- ``subjects``: which subject a chain of figures belongs to.
- ``lists``: ranking lists, names in one place and their figures in another, paired in order.
- ``periods``: which time expression governs a figure.
- ``tables``: the plain-text table reader.

Imports run one way: text → dimensions → link → compose → api.
"""
