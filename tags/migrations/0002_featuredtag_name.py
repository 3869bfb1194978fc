from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tags', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='featuredtag',
            name='name',
            field=models.CharField(blank=True, default='', help_text='The name as the owner typed it.', max_length=255),
        ),
    ]
