"""Monthly and quarterly reports (Điều 11.3, Điều 16) rendered from notebooks.

* :mod:`ioc.reports.content` - what a report says (:func:`~ioc.reports.content.build_report`):
  figures per domain from the plugins' tiles, comparisons, top incidents, agency compliance,
  the generated narrative and the provenance block.
* :mod:`ioc.reports.html` - the tables and blocks as HTML for the notebooks.
* :mod:`ioc.reports.render` - papermill → HTML (code hidden) → PDF with Chromium.
* :mod:`ioc.reports.schedule` - the first working day of the month: render and e-mail.
* :mod:`ioc.reports.cli` - ``ioc report render`` and ``ioc report schedule``.
"""
