import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_user_session_generation_and_deletion'),
    ]

    operations = [
        migrations.AddField(
            model_name='suppliermember',
            name='deactivated_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='deactivated'),
        ),
        migrations.AddField(
            model_name='suppliermember',
            name='deactivated_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deactivated by'),
        ),
    ]
