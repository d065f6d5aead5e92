import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_supplier_member_deactivation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TeamInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='email address')),
                ('full_name', models.CharField(blank=True, max_length=150, verbose_name='name')),
                ('token_hash', models.CharField(editable=False, max_length=64, unique=True, verbose_name='link token hash')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('accepted', 'Accepted'), ('revoked', 'Withdrawn')], default='pending', max_length=16, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent')),
                ('send_count', models.PositiveSmallIntegerField(default=1, verbose_name='times sent')),
                ('expires_at', models.DateTimeField(verbose_name='expires')),
                ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn')),
                ('role', models.CharField(choices=[('admin', 'Admin'), ('member', 'Member')], default='member', max_length=16, verbose_name='role')),
                ('can_manage_connections', models.BooleanField(default=False, verbose_name='may manage customer connections')),
                ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='accepted by')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='invited by')),
                ('supplier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team_invitations', to='accounts.supplier', verbose_name='supplier')),
            ],
            options={
                'verbose_name': 'invitation to join',
                'verbose_name_plural': 'invitations to join',
                'ordering': ['-sent_at', '-pk'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('supplier', 'email'), name='team_invitation_one_pending_per_email'), models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'accepted', 'revoked'])), name='team_invitation_status_valid')],
            },
        ),
    ]
