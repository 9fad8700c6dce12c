"""The apps stay in layers that import only downward, and the README shows them as they are."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

from gezondemarke.architecture import architecture_mermaid, architecture_read

README = Path(settings.BASE_DIR) / "README.md"


def test_every_import_between_apps_points_down():
    architecture = architecture_read()
    assert architecture.imports, "the graph found no imports at all"
    assert architecture.upward_imports() == []


def test_every_app_of_the_project_has_a_layer():
    architecture = architecture_read()
    layered = {app for layer in architecture.layers for app in layer}
    own_apps = {config.name for config in apps.get_app_configs() if Path(config.path).parent == settings.BASE_DIR}
    assert own_apps - layered == set()


def test_the_readme_shows_the_dependencies_as_the_code_has_them():
    shown = re.search(r"```mermaid\n(flowchart TB\n.*?)\n```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert shown, "the README has no dependency diagram"
    assert shown.group(1) == architecture_mermaid(architecture_read()), (
        "The README's diagram is out of date: paste the output of `python manage.py architecture`."
    )
