from django.db import migrations

# Managers make the report for the governance meeting; administrators (superusers) may anyway.
GRANTED_TO = ["Manager"]
CODENAME = "make_reports"
NAME = "Can make the report for the governance meeting"


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the group needs it now.
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="accounts", model="capability"
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTED_TO):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(content_type__app_label="accounts", codename=CODENAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_capability"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="capability",
            options={
                "default_permissions": (),
                "managed": False,
                "permissions": [
                    ("vote", "Can vote in prioritisation rounds"),
                    ("edit_agendas", "Can maintain agendas and link goals to recommendations"),
                    ("read_dashboards", "Can read the dashboards and export"),
                    ("make_reports", "Can make the report for the governance meeting"),
                ],
                "verbose_name": "capability",
                "verbose_name_plural": "capabilities",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
