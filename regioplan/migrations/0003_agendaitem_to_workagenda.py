# The yearly agenda items now belong to workagenda (its 0005); the table stays in place.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('regioplan', '0002_agendaitem'),
        ('workagenda', '0005_agendaitem_from_regioplan'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AgendaItem')],
        ),
    ]
