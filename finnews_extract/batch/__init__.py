"""Batch runs over dumps: every input article becomes exactly one output record.

- ``sources``: files and folders of Markdown, JSONL(.gz), Parquet, or stdin, to items
  (``markdown``: one article from a file with YAML front matter).
- ``runner``: the process pool of warm Extractors, time limits, numbered part files, resume.
- ``sinks``: the parts joined into JSONL, or flattened into Parquet and CSV rows.
- ``article_warnings``: coded warnings caught per article into its record, counted per code.
- ``single``: reading the one article of ``show``/``explain``; ``scan``: a ``scan`` record.

Above ``api`` in the pipeline; the CLI and :mod:`finnews_extract.dask` use it.
"""
