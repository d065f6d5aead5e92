from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0007_customer_audit_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="relationship",
            name="restricted_profile_shared",
            field=models.BooleanField(
                default=False,
                help_text="The supplier shares its restricted profile and documents with this customer.",
                verbose_name="restricted profile shared",
            ),
        ),
        migrations.AddConstraint(
            model_name="relationship",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("restricted_profile_shared", False),
                    ("state__in", ["accepted", "connected", "invited", "onboarding", "requested"]),
                    _connector="OR",
                ),
                name="relationship_shared_only_while_open",
            ),
        ),
    ]
