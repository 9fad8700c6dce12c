"""Test runs: fast password hashing, static files without a manifest."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key"  # noqa: S105 - used only by the test suite
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Background threads drawing after every write would race the test's own queries and rollbacks;
# the tests of the redrawing turn it on themselves.
CHARTS_REDRAW_AFTER_WRITE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Reports made by the tests are written under test-artifacts, never into a real media folder.
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than SQLite's shared in-memory database: there, a second writer fails
    # at once with "table is locked" instead of waiting its turn, so tests that submit
    # from two threads at once could not show how the application really behaves.
    # Named after the run's process, so that two runs side by side never share one.
    (BASE_DIR / "test-artifacts").mkdir(exist_ok=True)  # noqa: F405
    TEST_DATABASE = BASE_DIR / "test-artifacts" / f"test-db-{os.getpid()}.sqlite3"  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_DATABASE)}  # noqa: F405
    # Test data is thrown away, so waiting for the disk after each write buys nothing.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF"  # noqa: F405
