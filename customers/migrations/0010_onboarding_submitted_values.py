from django.db import migrations, models


def keep_submitted_answers(apps, schema_editor):
    """Answers sent before this migration: what the customer was sent is what it sees."""
    Onboarding = apps.get_model("customers", "Onboarding")
    for onboarding in Onboarding.objects.exclude(status="draft").only("pk", "values"):
        onboarding.submitted_values = onboarding.values
        onboarding.save(update_fields=["submitted_values"])


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0009_question_kind_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="onboarding",
            name="submitted_values",
            field=models.JSONField(blank=True, default=dict, verbose_name="submitted answers"),
        ),
        migrations.RunPython(keep_submitted_answers, migrations.RunPython.noop),
    ]
