from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0008_restricted_profile_sharing"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="question",
            name="question_kind_valid",
        ),
        migrations.AlterField(
            model_name="question",
            name="kind",
            field=models.CharField(
                choices=[
                    ("short_text", "Short text"),
                    ("long_text", "Long text"),
                    ("email", "Email address"),
                    ("phone", "Phone number"),
                    ("number", "Number"),
                    ("date", "Date"),
                    ("yes_no", "Yes / no"),
                    ("single_choice", "Single choice"),
                    ("multiple_choice", "Multiple choice"),
                    ("country", "Country"),
                    ("file", "File"),
                ],
                default="short_text",
                max_length=20,
                verbose_name="type of answer",
            ),
        ),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "short_text",
                            "long_text",
                            "email",
                            "phone",
                            "number",
                            "date",
                            "yes_no",
                            "single_choice",
                            "multiple_choice",
                            "country",
                            "file",
                        ],
                    )
                ),
                name="question_kind_valid",
            ),
        ),
    ]
