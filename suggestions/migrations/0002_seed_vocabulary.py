"""Seeds the terms of the ten recommendations from suggestions/data/vocabulary.json."""

import json
from pathlib import Path

from django.db import migrations

VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "vocabulary.json"


def seed(apps, schema_editor):
    term_model = apps.get_model("suggestions", "RecommendationTerm")
    terms = json.loads(VOCABULARY.read_text(encoding="utf-8"))["terms"]
    term_model.objects.bulk_create(
        [term_model(number=int(number), term=term) for number, words in terms.items() for term in words],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    apps.get_model("suggestions", "RecommendationTerm").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
