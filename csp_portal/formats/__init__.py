"""One date format per language (``FORMAT_MODULE_PATH``): "7 December 2026", "7 décembre 2026".

Pages, emails and messages show dates with ``DATE_FORMAT`` (``|date``,
``date_format(value)``), and moments with ``DATETIME_FORMAT``.
"""
