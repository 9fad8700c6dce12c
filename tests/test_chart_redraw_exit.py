"""A process that saved something (a command such as load_seed, or a worker shutting down)
finishes redrawing the charts before it exits. Killed halfway, matplotlib's drawing code
aborts the whole process ("terminate called without an active exception") and the command
that wrote fails although its write committed."""

import subprocess
import sys
import textwrap

from django.conf import settings

EXITING_WRITER = textwrap.dedent(
    """
    import os, pathlib, sys, time
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "gezondemarke.settings.test"
    django.setup()
    from django.conf import settings
    from charts import redraw

    settings.CHARTS_REDRAW_AFTER_WRITE = True
    marker = pathlib.Path(sys.argv[1])

    def slow_redraw():
        time.sleep(redraw.WRITER_WAITS_SECONDS + 1)  # longer than the writer waits
        marker.write_text("drawn")

    redraw.register("links", slow_redraw)
    redraw.redraw_after_commit(["links"])
    """
)


def test_a_process_exits_only_after_its_charts_are_redrawn(tmp_path):
    marker = tmp_path / "drawn"
    finished = subprocess.run(
        [sys.executable, "-c", EXITING_WRITER, str(marker)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 0, finished.stderr
    assert marker.read_text() == "drawn"
