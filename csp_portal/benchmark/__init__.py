"""`make bench`: every page a user opens, served by gunicorn as deployed, measured with wrk.

``settings`` and ``urls`` are the benchmark's own (they add the ceiling page,
which production never serves); ``world`` seeds the rows and the sessions;
``pages`` lists what is measured; ``load`` runs gunicorn and wrk; ``report``
writes the table. ``manage.py bench`` (csp_portal/management/commands/bench.py)
puts them together.
"""
