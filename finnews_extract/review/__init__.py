"""Looking at results: a person's view of an article and a score against gold.

- ``show``: an article with its fact spans highlighted, on a terminal or as an HTML page.
- ``explain``: every candidate of every dimension, and the facts made from them.
- ``evaluate``: records scored against hand-annotated gold (``finnews-extract eval``).

Above ``api`` in the pipeline; the CLI uses it.
"""
