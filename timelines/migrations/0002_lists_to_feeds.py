# Lists moved to the feeds app (issue 15: the feeds, their rows and the fan-out in one app).
# State only: the tables keep their names (feeds.List has db_table "timelines_list").
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('timelines', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ListAccount'),
                migrations.DeleteModel(name='List'),
            ],
        ),
    ]
