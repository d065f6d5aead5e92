"""Each request points to the terms version it accepted, when that version's text is kept.

Only each customer's current version was kept (``customers`` migration 0015):
requests that accepted an earlier version keep their number alone.
Reversible: the links are dropped again.
"""

from django.db import migrations


def link_terms(apps, schema_editor):
    ConnectionRequest = apps.get_model("connections", "ConnectionRequest")
    CustomerTerms = apps.get_model("customers", "CustomerTerms")
    for terms in CustomerTerms.objects.iterator():
        language = "en" if terms.text_en.strip() else "fr"
        ConnectionRequest.objects.filter(
            customer_id=terms.customer_id, terms_version=terms.version, terms__isnull=True
        ).update(terms=terms, terms_language=language)


def unlink_terms(apps, schema_editor):
    ConnectionRequest = apps.get_model("connections", "ConnectionRequest")
    ConnectionRequest.objects.update(terms=None, terms_language="")


class Migration(migrations.Migration):
    dependencies = [
        ("connections", "0002_connection_request_terms"),
        ("customers", "0015_terms_from_customer_settings"),
    ]

    operations = [migrations.RunPython(link_terms, unlink_terms)]
