# Lists moved here from the timelines app (issue 15). State only: the tables made by
# timelines' 0001_initial are kept, with their names, indexes and constraints.
import django.db.models.deletion
import django.utils.timezone
import fedi.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('feeds', '0001_initial'),
        ('timelines', '0002_lists_to_feeds'),
        ('accounts', '0004_dismissedsuggestion'),
        ('relationships', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='List',
                    fields=[
                        ('id', fedi.models.SnowflakeIdField(serialize=False)),
                        ('title', models.CharField(max_length=256)),
                        ('replies_policy', models.CharField(choices=[('followed', 'Followed'), ('list', 'List'), ('none', 'None')], default='list', max_length=16)),
                        ('exclusive', models.BooleanField(default=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='owned_lists', to='accounts.account')),
                    ],
                    options={
                        'db_table': 'timelines_list',
                        'indexes': [models.Index(fields=['account', 'id'], name='list_account_id')],
                    },
                ),
                migrations.CreateModel(
                    name='ListAccount',
                    fields=[
                        ('id', fedi.models.SnowflakeIdField(serialize=False)),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.account')),
                        ('follow', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='relationships.follow')),
                        ('follow_request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='relationships.followrequest')),
                        ('list', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='list_accounts', to='feeds.list')),
                    ],
                    options={
                        'db_table': 'timelines_listaccount',
                        'indexes': [models.Index(fields=['account', 'list'], name='list_account_member')],
                        'constraints': [models.UniqueConstraint(fields=('list', 'account'), name='list_account_unique')],
                    },
                ),
            ],
        ),
    ]
