"""The versions of the data that charts and dashboards show, one per data area: read before
serving a cached chart or dashboard part, changed once by every transaction that writes.

A data area is what a group of charts shows: links and goals (anchoring), rounds and ballots
(prioritisation) and monitoring. A write changes only the versions of the areas it touches,
so saving a link redraws the anchoring charts and leaves every round chart cached.

Every save and delete of the project's own models marks its areas as changed through Django's
model signals, so writes from services, the admin, imports and management commands are all
seen. Bulk writes send no signals: code that writes in bulk calls data_changed() itself.
The versions change once per transaction, after it commits: a grid save of twelve cells is one
new version, the version rows are never locked by a long transaction, and a chart drawn under
the new version can only have been drawn from the committed new data."""

import hashlib
import json
import uuid
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone, translation

from charts import redraw
from charts.models import DataVersion

LINKS = DataVersion.Area.LINKS
ROUNDS = DataVersion.Area.ROUNDS
MONITORING = DataVersion.Area.MONITORING
ALL_AREAS = tuple(DataVersion.Area)

# The apps whose data ends up in charts, and the areas they show up in. Django's own (sessions,
# auth, admin log) and the version rows themselves are left out, so logging in or browsing never
# invalidates a chart. Recommendations are named in the anchoring and the round charts; regions,
# agendas, themes and goals in the anchoring and the monitoring charts.
WATCHED_APPS = {
    "recommendations": (LINKS, ROUNDS),
    "regioplan": (LINKS, MONITORING),
    "workagenda": (LINKS, MONITORING),
    "prioritisation": (ROUNDS,),
    "monitoring": (MONITORING,),
}
# Models whose data shows up in fewer areas than the rest of their app: no monitoring chart or
# table shows which recommendations a goal is linked to.
WATCHED_MODELS = {
    "workagenda.GoalLink": (LINKS,),
}
_REQUEST_ATTRIBUTE = "_data_versions"
# Query parameters that say which version or size of a chart is asked for, not what it shows.
VERSION_PARAMETER = "v"
WIDTH_PARAMETER = "breedte"
UNSHOWN_PARAMETERS = (VERSION_PARAMETER, WIDTH_PARAMETER)


def _all_versions() -> dict[str, str]:
    return {area: str(token) for area, token in DataVersion.objects.values_list("area", "token")}


def _versions(request: HttpRequest | None) -> dict[str, str]:
    """All areas' versions in one query, read once per request: a page and the chart links in it
    name the same versions."""
    if request is None:
        return _all_versions()
    if not hasattr(request, _REQUEST_ATTRIBUTE):
        setattr(request, _REQUEST_ATTRIBUTE, _all_versions())
    return getattr(request, _REQUEST_ATTRIBUTE)


def data_version(*areas: str, request: HttpRequest | None = None) -> str:
    """A short token naming the current version of the given areas together (of all areas
    when none are named)."""
    shown = _versions(request)
    tokens = [f"{area}={shown.get(area, 'none')}" for area in sorted(areas or ALL_AREAS)]
    return hashlib.sha256(";".join(tokens).encode()).hexdigest()[:16]


def shown_data_key(request: HttpRequest, *areas: str, params: Mapping[str, Any] | None = None) -> str:
    """A digest of everything a chart or a dashboard part at this URL shows: the URL and its
    query (which round, filters and page; not the version it names), the language, the day and
    the version of the data areas it shows.

    params, when given, stand for the query: the parameters after checking, so that queries
    spelt differently but showing the same share one key."""
    if params is None:
        query = sorted((name, values) for name, values in request.GET.lists() if name not in UNSHOWN_PARAMETERS)
    else:
        query = sorted((name, str(value)) for name, value in params.items() if value)
    shown = {
        "path": request.path,
        "query": query,
        "language": translation.get_language(),
        # Some charts read the date (deadlines passed, the path to a target year).
        "day": timezone.localdate().isoformat(),
        "data": data_version(*areas, request=request),
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


class _PendingChange:
    """The areas a transaction changed; called once, when the transaction commits."""

    def __init__(self, transaction) -> None:
        self.transaction = transaction
        self.areas: set[str] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        _new_versions(self.areas)
        redraw.redraw_after_commit(self.areas)


def _new_versions(areas) -> None:
    token = uuid.uuid4()
    if DataVersion.objects.filter(area__in=areas).update(token=token) < len(areas):
        DataVersion.objects.bulk_create([DataVersion(area=area, token=token) for area in areas], ignore_conflicts=True)


def _application_transaction():
    """The transaction the application opened: its outermost atomic block with that block's
    savepoint, or None when it writes in autocommit. A test case wraps each test in blocks of
    its own that are never committed: those are not the application's transaction, and each
    block the application opens inside them is a transaction of its own (its own savepoint:
    one atomic() decorator is one block object for every call)."""
    for index, block in enumerate(connection.atomic_blocks):
        if not getattr(block, "_from_testcase", False):
            # Every block but the outermost has an entry in savepoint_ids, in the same order.
            return block, connection.savepoint_ids[index - 1] if index else None
    return None


def data_changed(*areas: str) -> None:
    """Give the areas (all areas when none are named) a new version when the current transaction
    commits, or at once outside one; every chart drawn before is no longer served.

    One change per transaction: a write joins the change already waiting for this transaction's
    commit. If the part of the transaction that scheduled it is rolled back, Django drops the
    waiting change with it, and the next write schedules a new one."""
    areas = areas or ALL_AREAS
    current = _application_transaction()
    if current is None:
        _new_versions(set(areas))
        redraw.redraw_after_commit(areas)
        return
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _PendingChange) and callback.transaction == current and not callback.done:
            callback.areas.update(areas)
            return
    pending = _PendingChange(current)
    pending.areas.update(areas)
    transaction.on_commit(pending)


def _on_write(sender, **kwargs) -> None:
    data_changed(*WATCHED_MODELS.get(sender._meta.label, WATCHED_APPS[sender._meta.app_label]))


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
