import logging

from django.db import OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

# PostgreSQL's codes for "try again later": a statement or lock timeout ended the query,
# or the server is shutting down or starting up.
TRY_AGAIN_CODES = {"57014", "55P03", "57P01", "57P03"}
# SQLite's answer when another writer held the database longer than the busy timeout.
SQLITE_LOCKED = "database is locked"
RETRY_AFTER_SECONDS = 30


def is_database_busy(exception: BaseException) -> bool:
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    return getattr(cause, "pgcode", None) in TRY_AGAIN_CODES or str(exception) == SQLITE_LOCKED


def try_again_page() -> HttpResponse:
    """The Dutch "try again" page in our layout. Like the 500 page it reads nothing from the
    database or the session: the database just failed this request."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        logger.warning("The database cut off %s %s: %s", request.method, request.path, exception)
        return try_again_page()
