# The yearly agenda items move from regioplan to workagenda, where their agenda, theme and
# goal live. Only Django's picture of the models changes here: the table keeps its rows.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('regioplan', '0002_agendaitem'),
        ('workagenda', '0004_historicalagenda_historicaltheme'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AgendaItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                        ('position', models.PositiveSmallIntegerField(default=1, verbose_name='position')),
                        ('text', models.TextField(verbose_name='text')),
                        ('agenda', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='workagenda.agenda', verbose_name='agenda')),
                        ('operational_goal', models.ForeignKey(blank=True, help_text='Optional: the operational goal this action point works on.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='agenda_items', to='workagenda.operationalgoal', verbose_name='operational goal')),
                        ('theme', models.ForeignKey(blank=True, help_text='Leave empty for an activity across all coalitions.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='agenda_items', to='workagenda.theme', verbose_name='theme or coalition')),
                    ],
                    options={
                        'verbose_name': 'agenda item',
                        'verbose_name_plural': 'agenda items',
                        'ordering': ['agenda', 'year', 'theme__number', 'position'],
                        'db_table': 'regioplan_agendaitem',
                        'constraints': [models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='agenda_item_text_not_empty'), models.CheckConstraint(condition=models.Q(('year__range', (2000, 2100))), name='agenda_item_year_valid')],
                    },
                ),
            ],
        ),
    ]
