"""Directory search: the vocabulary of customer names, and PostgreSQL's search indexes.

The indexes are PostgreSQL-only (pg_trgm, the "C" collation), so they are
created here with SQL behind a vendor check rather than declared on the
models; on SQLite this migration only creates the vocabulary table. What each
index serves is explained in ``customers/search.py``.
"""

from collections import Counter

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

POSTGRES_INDEXES = {
    # Substring and word-prefix matches: LIKE '%…%' on the normalised name.
    "customer_search_name_trgm": (
        "CREATE INDEX customer_search_name_trgm ON customers_customer "
        "USING gin (search_name gin_trgm_ops)"
    ),
    # Listed names in byte order: names starting with the query (a range scan),
    # and every tier's ORDER BY search_name, id without sorting the matches.
    "customer_listed_search_name_c": (
        "CREATE INDEX customer_listed_search_name_c ON customers_customer "
        '(search_name COLLATE "C", id) WHERE listed'
    ),
    # Typo correction: the words starting with …, and how many names use
    # them, read from the index alone.
    "customer_search_word_c": (
        "CREATE INDEX customer_search_word_c ON customers_customersearchword "
        '(word COLLATE "C") INCLUDE (names)'
    ),
}


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in POSTGRES_INDEXES.values():
        schema_editor.execute(sql)


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in POSTGRES_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def fill_vocabulary(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    CustomerSearchWord = apps.get_model("customers", "CustomerSearchWord")
    names = Counter()
    for search_name in Customer.objects.values_list("search_name", flat=True).iterator():
        names.update(set(search_name.split()))
    CustomerSearchWord.objects.bulk_create(
        [CustomerSearchWord(word=word, names=count) for word, count in sorted(names.items())],
        batch_size=5000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0003_invitations'),
    ]

    operations = [
        migrations.CreateModel(
            name='CustomerSearchWord',
            fields=[
                ('word', models.CharField(max_length=200, primary_key=True, serialize=False, verbose_name='word')),
                ('names', models.PositiveIntegerField(default=0, verbose_name='names using it')),
            ],
            options={
                'verbose_name': 'search word',
                'verbose_name_plural': 'search words',
            },
        ),
        migrations.RunPython(fill_vocabulary, migrations.RunPython.noop),
        TrigramExtension(),
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes),
    ]
