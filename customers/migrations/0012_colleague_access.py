import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0010_team_invitation'),
        ('customers', '0011_customer_member_roles'),
    ]

    operations = [
        migrations.CreateModel(
            name='ColleagueAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'verbose_name': 'customers a colleague may act for',
                'verbose_name_plural': 'customers colleagues may act for',
            },
        ),
        migrations.AddField(
            model_name='colleagueaccess',
            name='customers',
            field=models.ManyToManyField(blank=True, related_name='+', to='customers.customer', verbose_name='customers'),
        ),
        migrations.AddField(
            model_name='colleagueaccess',
            name='invitation',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='customer_access', to='accounts.teaminvitation', verbose_name='invitation to join'),
        ),
        migrations.AddField(
            model_name='colleagueaccess',
            name='membership',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='customer_access', to='accounts.suppliermember', verbose_name='colleague'),
        ),
        migrations.AddConstraint(
            model_name='colleagueaccess',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('invitation__isnull', True), ('membership__isnull', False)), models.Q(('invitation__isnull', False), ('membership__isnull', True)), _connector='OR'), name='colleague_access_one_holder'),
        ),
    ]
