"""The version of the data that charts and dashboards show: read before serving a cached chart
or dashboard part, changed by every write.

Every save and delete of the project's own models changes it through Django's model
signals, so writes from services, the admin, imports and management commands are all
seen. Bulk writes send no signals: code that writes in bulk calls data_changed() itself.
A write changes the token inside its own transaction, so a chart cached under the new
token can only have been drawn from the committed new data."""

import hashlib
import json
import uuid
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone, translation

from charts.models import DataVersion

# The apps whose data ends up in charts; Django's own (sessions, auth, admin log) and the
# version row itself are left out, so logging in or browsing never invalidates a chart.
WATCHED_APPS = ("recommendations", "regioplan", "workagenda", "prioritisation", "monitoring")


def data_version() -> str:
    token = DataVersion.objects.values_list("token", flat=True).first()
    return str(token) if token else "none"


def shown_data_key(request: HttpRequest, *, params: Mapping[str, Any] | None = None) -> str:
    """A digest of everything a chart or a dashboard part at this URL shows: the URL and its
    query (which round, filters and page), the language, the day and the data version.

    params, when given, stand for the query: the parameters after checking, so that queries
    spelt differently but showing the same share one key."""
    query = sorted(request.GET.lists()) if params is None else sorted((k, str(v)) for k, v in params.items() if v)
    shown = {
        "path": request.path,
        "query": query,
        "language": translation.get_language(),
        # Some charts read the date (deadlines passed, the path to a target year).
        "day": timezone.localdate().isoformat(),
        "data": data_version(),
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def data_changed() -> None:
    """Give the data a new version; every chart drawn before is no longer served."""
    if not DataVersion.objects.update(token=uuid.uuid4()):
        DataVersion.objects.create()


def _on_write(sender, **kwargs) -> None:
    data_changed()


def _watched_models():
    for model in apps.get_models():
        # The audit trail's historical models change with the models they record.
        if model._meta.app_label in WATCHED_APPS and not hasattr(model, "instance_type"):
            yield model


def watch_project_models() -> None:
    # weak=False: the receiver is a module function, kept alive anyway.
    for model in _watched_models():
        label = model._meta.label
        post_save.connect(_on_write, sender=model, weak=False, dispatch_uid=f"charts-save-{label}")
        post_delete.connect(_on_write, sender=model, weak=False, dispatch_uid=f"charts-delete-{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_write, sender=through, weak=False, dispatch_uid=f"charts-m2m-{through._meta.label}")
