import sys

from django.contrib.auth.decorators import login_not_required
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.exceptions import BadRequest
from django.db import DatabaseError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404
from django.views import defaults

from gezondemarke.cache import OptionalRedisCache

# PostgreSQL's codes for "try again later": a statement or lock timeout ended the query,
# or the server is shutting down or starting up.
TRY_AGAIN_CODES = {"57014", "55P03", "57P01", "57P03"}
# SQLite's answer when another writer held the database longer than the busy timeout.
SQLITE_LOCKED = "database is locked"
RETRY_AFTER_SECONDS = 30


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "down"
    return "up"


def _cache_state() -> str:
    """Redis "up" or "down" (the monitor can do without it), or "local": each process's own memory."""
    shared = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(shared, OptionalRedisCache):
        return "local"
    return "up" if shared.ping() else "down"


@login_not_required
def health(request):
    """For load balancers and uptime checks: which parts answer. Only a database outage is an
    outage (503): without its cache the monitor serves everything, only slower."""
    state = {"database": _database_state(), "cache": _cache_state()}
    return JsonResponse(state, status=200 if state["database"] == "up" else 503)


def bad_request(request, exception):
    # Django's own SuspiciousOperation texts are English and meant for the log: show
    # only the messages our views raise with BadRequest.
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"exception": message}, status=400)


def permission_denied(request, exception):
    message = str(exception) if exception.args else ""
    return render(request, "403.html", {"exception": message}, status=403)


def page_not_found(request, exception):
    # An unknown address carries the resolver's internals; a missing object our Dutch message.
    shown = isinstance(exception, Http404) and not isinstance(exception, Resolver404) and exception.args
    message = str(exception.args[0]) if shown else ""
    return render(request, "404.html", {"exception": message}, status=404)


def is_database_busy(exception: BaseException | None) -> bool:
    """Whether the database cut the request off or could not be reached for a moment."""
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if hasattr(cause, "sqlstate"):  # PostgreSQL; a lost or refused connection has no code
        return cause.sqlstate is None or cause.sqlstate in TRY_AGAIN_CODES
    return str(exception) == SQLITE_LOCKED


def server_error(request):
    """The Dutch "try again" page (503) when the database was busy or away, else the error page
    (500). Either reads nothing from the database or the session: the request just failed."""
    if is_database_busy(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
