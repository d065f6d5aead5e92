from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0010_onboarding_submitted_values'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='customermember',
            options={'verbose_name': 'colleague', 'verbose_name_plural': 'colleagues'},
        ),
        migrations.AddField(
            model_name='customermember',
            name='role',
            field=models.CharField(choices=[('admin', 'Admin'), ('reviewer', 'Reviewer')], default='admin', max_length=16, verbose_name='role'),
        ),
        migrations.AddConstraint(
            model_name='customermember',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['admin', 'reviewer'])), name='customer_member_role_valid'),
        ),
    ]
