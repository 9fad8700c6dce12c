from django.db import migrations, models


def forget_the_single_version(apps, schema_editor):
    # The one version of all data makes way for one per area; the rows are made again on the
    # next write, and charts cached under the old token are simply drawn again.
    apps.get_model("charts", "DataVersion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("charts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forget_the_single_version, migrations.RunPython.noop),
        migrations.AddField(
            model_name="dataversion",
            name="area",
            field=models.CharField(
                choices=[("links", "links and goals"), ("rounds", "rounds and ballots"), ("monitoring", "monitoring")],
                max_length=20,
                unique=True,
                verbose_name="data area",
                default="links",
            ),
            preserve_default=False,
        ),
    ]
