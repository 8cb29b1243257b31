"""The annual report: a plain context (context.py), HTML to PDF in a limited child process (render.py) and
a PDF cache keyed by everything that goes into it (cache.py). Services call these; see docs/report.md."""
