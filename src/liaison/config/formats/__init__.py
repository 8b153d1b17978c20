"""Date formats per language (``FORMAT_MODULE_PATH``), used through the named formats:
``{{ when|date:"DATETIME_FORMAT" }}`` and the like, never a hard-coded pattern.

- ``DATE_FORMAT``: a day in words (14 March 2031 / 14 mars 2031);
- ``DATETIME_FORMAT``: a moment in words with the viewer's zone (14 March 2031, 17:00 CET /
  14 mars 2031 à 17:00 CET);
- ``SHORT_DATE_FORMAT``: a day in tables (2031-03-14 / 14/03/2031);
- ``SHORT_DATETIME_FORMAT``: a moment in tables, with the zone (2031-03-14 17:00 CET /
  14/03/2031 17:00 CET).

English keeps ISO 8601 numbers in tables, as ISO committees write them; times are 24-hour in
both languages. Machine-facing values (``datetime`` attributes, CSV, feeds, the UTC reference
in e-mail) stay ISO 8601 and are not localized.
"""
