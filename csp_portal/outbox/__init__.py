"""The outbox: every email is a row before it is sent, by a background task.

The bottom layer of the project (``docs/architecture.md``): it imports no app.
``emails`` writes rows, ``tasks`` sends them after commit through
``delivery``, ``backends`` keeps local mail as ``.eml`` files.
"""
