"""Directory search: two more trigram indexes (PostgreSQL only).

- On the vocabulary of name words: ``customers/search/tiers.py`` adds up how many
  names use the words containing a query (``word LIKE '%…%'``) to choose how
  to read the names it is found inside of;
- on the listed names after their first word: the names with a later word
  containing the query, without reading the (often many) whose first word
  contains it.

Created with SQL behind a vendor check, as in 0004; nothing happens on SQLite.
"""

from django.db import migrations

POSTGRES_INDEXES = {
    "customer_search_word_trgm": (
        "CREATE INDEX customer_search_word_trgm ON customers_customersearchword "
        "USING gin (word gin_trgm_ops)"
    ),
    # The expression is the one _LATER_WORDS filters on, character for character.
    "customer_later_words_trgm": (
        "CREATE INDEX customer_later_words_trgm ON customers_customer "
        "USING gin ((substr(search_name, strpos(search_name, ' ') + 1)) gin_trgm_ops) "
        "WHERE listed"
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in POSTGRES_INDEXES.values():
        schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in POSTGRES_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0020_invitations_from_a_file"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
