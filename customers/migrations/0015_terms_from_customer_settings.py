"""Each customer's current terms (``Customer.terms_text``, ``terms_version``) become a
``CustomerTerms`` version with the same number.

The text of earlier versions was never kept, so only the current version
exists. The language of the text is not recorded anywhere: it is taken as
French for customers in a French-speaking country (France, Belgium,
Luxembourg, Monaco, as the connection request emails already assume), else
English. A customer that wrote no terms gets no version. Reversible: the
latest version goes back into the customer's fields (in its French text for
the same customers, else its English one), and the versions are deleted.
"""

from django.db import migrations

FRENCH_SPEAKING_COUNTRIES = {"FR", "BE", "LU", "MC"}


def terms_to_versions(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    CustomerTerms = apps.get_model("customers", "CustomerTerms")
    versions = []
    for customer in Customer.objects.exclude(terms_text="").iterator():
        if not customer.terms_text.strip():
            continue
        language = "fr" if customer.country in FRENCH_SPEAKING_COUNTRIES else "en"
        versions.append(
            CustomerTerms(
                customer_id=customer.pk,
                version=customer.terms_version,
                published_at=customer.created_at,
                **{f"text_{language}": customer.terms_text.strip()},
            )
        )
    CustomerTerms.objects.bulk_create(versions, batch_size=1000)


def versions_to_terms(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    CustomerTerms = apps.get_model("customers", "CustomerTerms")
    latest = {}
    for terms in CustomerTerms.objects.order_by("customer_id", "version").iterator():
        latest[terms.customer_id] = terms
    for customer in Customer.objects.filter(pk__in=list(latest)).iterator():
        terms = latest[customer.pk]
        french = customer.country in FRENCH_SPEAKING_COUNTRIES
        first, second = (terms.text_fr, terms.text_en) if french else (terms.text_en, terms.text_fr)
        customer.terms_text = first or second
        customer.terms_version = terms.version
        customer.save(update_fields=["terms_text", "terms_version"])
    CustomerTerms.objects.all().delete()  # the table was empty before this migration


class Migration(migrations.Migration):
    dependencies = [("customers", "0014_customer_terms")]

    operations = [migrations.RunPython(terms_to_versions, versions_to_terms)]
