# The agenda items' table takes workagenda's name, and their content type (which the
# roles' permissions and the admin log refer to) moves along.

from django.db import migrations


def content_type_move(apps, schema_editor, *, source, target):
    content_type = apps.get_model('contenttypes', 'ContentType')
    content_type.objects.using(schema_editor.connection.alias).filter(app_label=source, model='agendaitem').update(
        app_label=target
    )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('regioplan', '0003_agendaitem_to_workagenda'),
        ('workagenda', '0005_agendaitem_from_regioplan'),
    ]

    operations = [
        migrations.AlterModelTable(name='agendaitem', table=None),
        migrations.RunPython(
            lambda apps, editor: content_type_move(apps, editor, source='regioplan', target='workagenda'),
            lambda apps, editor: content_type_move(apps, editor, source='workagenda', target='regioplan'),
        ),
    ]
