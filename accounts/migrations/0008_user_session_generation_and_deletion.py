from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_company_documents'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='deleted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='account deleted'),
        ),
        migrations.AddField(
            model_name='user',
            name='session_generation',
            field=models.PositiveIntegerField(default=0, verbose_name='session generation'),
        ),
    ]
