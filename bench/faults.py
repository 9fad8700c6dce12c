"""The fault drill behind `make fault-drill`: the production stack under a short load of reads
and writes, while its cache and its database fail, and a backup taken while people save.

It starts everything it needs itself and removes it afterwards: a PostgreSQL instance (initdb
in a temporary folder, on a free port), a Redis server (free port), and gunicorn with the
production settings on a free loopback port; the machine's shared servers are never touched.
Four readers open the dashboards and charts; four writers save: two members cast ballots, two
advisors save linking grids. Every save carries a number from which its whole content follows,
so that after each fault the database shows whether an acknowledged save was lost or a save
was kept only in part. Faults, in turn: Redis killed, Redis frozen, PostgreSQL restarted, and a
backup taken under writes and restored into an empty database. Bounded: about two minutes.

Per fault it reports requests, errors, recovery time (from the fault to the first success
after the last error), acknowledged writes lost (must be 0), partial writes (must be 0) and
whether the backup restored (must be yes); the exit status is 1 when any of those fails."""

import contextlib
import glob
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "faults.json"
PYTHON = sys.executable
PHASE_SECONDS = 8
READERS = 4
PICKS = 3
NUMBERS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up within {seconds} s")
        time.sleep(0.1)


class Postgres:
    """An instance of our own: initdb in a temporary folder, its own port and socket folder."""

    def __init__(self, folder: Path):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
        if not found:
            raise RuntimeError("PostgreSQL's programs are not installed (apt-get install postgresql)")
        self.bin = Path(found[-1]).parent
        self.folder = folder / "postgres"
        self.folder.mkdir()
        self.port = free_port()
        # PostgreSQL refuses to run as root: then the folder is the postgres user's.
        self.user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.user:
            shutil.chown(self.folder, "postgres")
        self.run("initdb", "-D", str(self.folder / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.pg_ctl("start")

    def run(self, program: str, *args: str) -> None:
        subprocess.run([*self.user, str(self.bin / program), *args], check=True, capture_output=True)  # noqa: S603

    def pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.run(
            "pg_ctl",
            action,
            "-D",
            str(self.folder / "data"),
            "-w",
            "-m",
            "fast",
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
        )

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create(self, name: str) -> None:
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop")


class Redis:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.answers, seconds=10, what="redis-server")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.send_signal(sig)
            self.process.wait(timeout=10)


# The drill's people and data, made by `manage.py shell` in the drill's database.
SETUP = """
import json
from django.contrib.auth.models import Group, User
from django.utils import timezone
from datetime import timedelta
from accounts import roles
from prioritisation.models import Round
from workagenda.models import OperationalGoal

password = "{password}"
def person(name, role):
    user = User.objects.create_user(name, password=password)
    user.groups.add(Group.objects.get(name=role))
    return user

voters = [person(f"lid{{n}}", roles.PROGRAMME_TEAM) for n in range(2)]
advisors = [person(f"adviseur{{n}}", roles.POLICY_ADVISOR) for n in range(2)]
readers = [person(f"manager{{n}}", roles.MANAGER) for n in range({readers})]
round = Round.objects.create(name="Oefenronde", opens_at=timezone.now() - timedelta(days=1),
                             closes_at=timezone.now() + timedelta(days=1))
round.participants.set(voters)
goals = []
for goal in OperationalGoal.objects.select_related("group__theme").order_by("pk"):
    if goal.group.theme_id not in [theme for _, theme in goals]:
        goals.append((goal.pk, goal.group.theme_id))
    if len(goals) == len(advisors):
        break
print(json.dumps({{"round": round.pk, "voters": [u.username for u in voters],
                  "advisors": [[u.username, goal, theme] for u, (goal, theme) in zip(advisors, goals)],
                  "readers": [u.username for u in readers]}}))
"""


def picks(save: int) -> list[int]:
    """The recommendations that save number `save` chooses: all of them follow from the number."""
    return sorted((save + offset) % NUMBERS + 1 for offset in range(PICKS))


def grid_cells(save: int) -> list[int]:
    return sorted({save % NUMBERS + 1, (save + 4) % NUMBERS + 1})


class Browser:
    """One person's HTTP connection to gunicorn, through the TLS-terminating proxy's header."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> tuple[int, str]:
        """One request on a connection of its own: a kept-alive connection that gunicorn closed
        meanwhile would count as an error no person sees (browsers send such a request again)."""
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Origin": origin,
            "Referer": origin + path,
            "Connection": "close",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode([*form, ("csrfmiddlewaretoken", self.cookies.get("csrftoken", ""))])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    def log_in(self, username: str, password: str) -> None:
        self.request("GET", "/inloggen/")
        status, _ = self.request("POST", "/inloggen/", [("username", username), ("password", password)])
        if status != 302:
            raise RuntimeError(f"{username} could not log in ({status})")


@dataclass
class Tally:
    """What happened during one phase: each request's time and outcome."""

    started: float = field(default_factory=time.monotonic)
    outcomes: list[tuple[float, bool]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    failed: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ok: bool, what: str, began: float) -> None:
        with self.lock:
            self.outcomes.append((time.monotonic(), ok))
            self.seconds.append(time.monotonic() - began)
            if not ok:
                self.failed[what] += 1

    def summary(self, fault_at: float) -> dict:
        errors = [at for at, ok in self.outcomes if not ok]
        recovery = 0.0
        if errors:
            after = [at for at, ok in self.outcomes if ok and at > errors[-1]]
            recovery = round(max(0.0, (after[0] if after else time.monotonic()) - fault_at), 1)
        return {
            "requests": len(self.outcomes),
            "errors": len(errors),
            "recovery_seconds": recovery,
            "median_seconds": round(statistics.median(self.seconds), 2) if self.seconds else None,
            "slowest_seconds": round(max(self.seconds), 2) if self.seconds else None,
            "failed": dict(self.failed.most_common(5)),
        }


@dataclass
class Writer:
    """A member casting ballots or an advisor saving a grid, save after save."""

    browser: Browser
    username: str
    kind: str  # "ballot" or "grid"
    target: dict
    acknowledged: int = 0
    attempted: int = 0

    def save(self) -> int:
        number = self.attempted + 1
        self.attempted = number
        if self.kind == "ballot":
            path = f"/rondes/{self.target['round']}/stembiljet/"
            chosen = [str(n) for n in picks(number)]
            form = [("importance", n) for n in chosen] + [("urgency", n) for n in chosen]
            status, _ = self.browser.request("POST", path, [*form, ("comment", f"{self.username} {number}")])
        else:
            path = f"/werkagenda/koppelen/{self.target['theme']}/"
            status, page = self.browser.request("GET", path)
            if status != 200:
                return status
            goal = self.target["goal"]
            loaded = re.search(r'name="loaded" value="([^"]*)"', page).group(1).split()
            mine = [cell for cell in loaded if cell.startswith(f"{goal}-")]
            form = [("goals", str(goal)), ("loaded", " ".join(mine))]
            form += [("link", f"{goal}-{n}") for n in grid_cells(number)]
            status, _ = self.browser.request("POST", path, form)
        if status == 302:
            self.acknowledged = number
        return status


READ_PATHS = [
    "/",
    "/verankering/",
    "/verankering/grafiek/dekking.png",
    "/verankering/regios/",
    "/monitoring/",
    "/monitoring/overzicht.svg",
    "/rondes/vergelijken/",
    "/gezond/",
]


def load(stop: threading.Event, tally: Tally, readers: list[Browser], writers: list[Writer]) -> list[threading.Thread]:
    def read(browser: Browser, offset: int):
        index = offset
        while not stop.is_set():
            path = READ_PATHS[index % len(READ_PATHS)]
            began = time.monotonic()
            try:
                status, _ = browser.request("GET", path)
                tally.add(status < 500, f"{status} {path}", began)
            except (OSError, http.client.HTTPException) as error:
                tally.add(False, f"{type(error).__name__} {path}", began)
                time.sleep(0.2)
            index += 1

    def write(writer: Writer):
        while not stop.is_set():
            began = time.monotonic()
            try:
                status = writer.save()
                tally.add(status == 302, f"{status} {writer.kind} save", began)
            except (OSError, http.client.HTTPException) as error:
                tally.add(False, f"{type(error).__name__} {writer.kind} save", began)
                time.sleep(0.2)
            time.sleep(0.05)

    threads = [threading.Thread(target=read, args=(b, n)) for n, b in enumerate(readers)]
    threads += [threading.Thread(target=write, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    return threads


def saved_state(url: str, target: dict) -> tuple[dict, dict]:
    """Each ballot's comment and entries, and each drill goal's linked recommendations."""
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(
            """SELECT b.comment, e.criterion, r.number FROM prioritisation_ballot b
               JOIN prioritisation_ballotentry e ON e.ballot_id = b.id
               JOIN recommendations_recommendation r ON r.id = e.recommendation_id WHERE b.round_id = %s""",
            [target["round"]],
        )
        ballots: dict = {}
        for comment, criterion, number in cursor.fetchall():
            ballots.setdefault(comment, {}).setdefault(criterion, []).append(number)
        goals = [goal for _, goal, _ in target["advisors"]]
        cursor.execute(
            """SELECT l.goal_id, r.number FROM workagenda_goallink l
               JOIN recommendations_recommendation r ON r.id = l.recommendation_id WHERE l.goal_id = ANY(%s)""",
            [goals],
        )
        grids: dict = {goal: [] for goal in goals}
        for goal, number in cursor.fetchall():
            grids[goal].append(number)
    return ballots, {goal: sorted(numbers) for goal, numbers in grids.items()}


def ballot_whole(comment: str, entries: dict) -> bool:
    """Whether the ballot's choices are those of the save its comment names."""
    chosen = picks(int(comment.rsplit(" ", 1)[1]))
    return sorted(entries.get("importance", [])) == chosen == sorted(entries.get("urgency", []))


def check_writes(url: str, target: dict, writers: list[Writer]) -> dict:
    """Lost: a writer's saved state is older than its last acknowledged save (a later save
    that committed without its answer arriving is fine). Partial: a state no single save wrote."""
    ballots, grids = saved_state(url, target)
    lost = partial = 0
    for comment, entries in ballots.items():
        number = int(comment.rsplit(" ", 1)[1])
        if sorted(entries.get("importance", [])) != picks(number) or sorted(entries.get("urgency", [])) != picks(
            number
        ):
            partial += 1
    for writer in writers:
        if writer.kind == "ballot":
            mine = [int(c.rsplit(" ", 1)[1]) for c in ballots if c.startswith(writer.username + " ")]
            if writer.acknowledged and (not mine or mine[0] < writer.acknowledged):
                lost += 1
        else:
            cells = grids[writer.target["goal"]]
            possible = {tuple(grid_cells(n)) for n in range(writer.acknowledged, writer.attempted + 1)}
            if not any(tuple(grid_cells(n)) == tuple(cells) for n in range(NUMBERS)):
                partial += 1
            elif writer.acknowledged and tuple(cells) not in possible:
                lost += 1
    return {"acknowledged_writes_lost": lost, "partial_writes": partial}


class Drill:
    def __init__(self, folder: Path):
        self.folder = folder
        self.password = secrets.token_urlsafe(16)
        self.postgres = self.redis = self.gunicorn = None

    def start_servers(self) -> None:
        self.postgres = Postgres(self.folder)
        self.postgres.create("drill")
        self.redis = Redis(self.folder)
        self.port = free_port()
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.production",
            "DATABASE_URL": self.postgres.url("drill"),
            "REDIS_URL": f"redis://127.0.0.1:{self.redis.port}/0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "4",
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *args: str, **env: str) -> str:
        print(f"[{time.strftime('%H:%M:%S')}] manage.py {args[0]}", file=sys.stderr)
        finished = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env={**self.environment, **env},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if finished.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{finished.stderr[-2000:]}")
        return finished.stdout

    def prepare(self) -> dict:
        self.manage("migrate", "--noinput")
        self.manage("load_seed")
        self.manage("collectstatic", "--noinput", "--verbosity", "0", STATIC_ROOT=str(self.folder / "static"))
        script = SETUP.format(password=self.password, readers=READERS)
        target = json.loads(self.manage("shell", "-c", script).strip().splitlines()[-1])
        self.log = (self.folder / "gunicorn.log").open("w")
        self.gunicorn = subprocess.Popen(  # noqa: S603
            [str(Path(PYTHON).parent / "gunicorn"), "gezondemarke.wsgi", "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        wait_for(lambda: self.answers("/gezond/"), seconds=60, what="gunicorn")
        return target

    def answers(self, path: str) -> bool:
        try:
            return Browser(self.port).request("GET", path)[0] == 200
        except OSError:
            return False

    def health(self) -> str:
        try:
            status, body = Browser(self.port).request("GET", "/gezond/")
        except (OSError, http.client.HTTPException) as error:
            return type(error).__name__
        return f"{status} {body}"

    def people(self, target: dict) -> tuple[list[Browser], list[Writer]]:
        readers, writers = [], []
        for name in target["readers"]:
            readers.append(Browser(self.port))
            readers[-1].log_in(name, self.password)
        for name in target["voters"]:
            writers.append(Writer(Browser(self.port), name, "ballot", {"round": target["round"]}))
        for name, goal, theme in target["advisors"]:
            writers.append(Writer(Browser(self.port), name, "grid", {"goal": goal, "theme": theme}))
        for writer in writers:
            writer.browser.log_in(writer.username, self.password)
        return readers, writers

    def phase(self, name: str, target: dict, readers, writers, fault) -> dict:
        """Load for PHASE_SECONDS with the fault injected after one second; then check the saves."""
        print(f"[{time.strftime('%H:%M:%S')}] fault: {name}", file=sys.stderr)
        stop, tally = threading.Event(), Tally()
        threads = load(stop, tally, readers, writers)
        time.sleep(1)
        fault_at = time.monotonic()
        extra = fault() or {}
        time.sleep(max(0.0, 2 - (time.monotonic() - fault_at)))
        extra["health_after_fault"] = self.health()
        time.sleep(max(0.0, PHASE_SECONDS - (time.monotonic() - fault_at)))
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        result = {"fault": name, **tally.summary(fault_at), **check_writes(self.postgres.url("drill"), target, writers)}
        return {**result, **extra}

    def backup_and_restore(self, target: dict) -> dict:
        backups = self.folder / "backups"
        started = time.monotonic()
        try:
            written = self.manage("backup_database", "--directory", str(backups))
        except RuntimeError as error:  # the backup's own check refused the file
            print(error, file=sys.stderr)
            return {"backup_restorable": "no (the backup failed)"}
        seconds = round(time.monotonic() - started, 1)
        path = next(backups.glob("gezondemarke-*.json.gz"))
        self.postgres.create("restored")
        restored = {"DATABASE_URL": self.postgres.url("restored")}
        try:
            self.manage("migrate", "--noinput", **restored)
            self.manage("restore_backup", str(path), **restored)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return {"backup_seconds": seconds, "backup_restorable": "no"}
        ballots, grids = saved_state(self.postgres.url("restored"), target)
        whole = all(ballot_whole(comment, entries) for comment, entries in ballots.items())
        whole = whole and all(tuple(c) in {tuple(grid_cells(n)) for n in range(NUMBERS)} for c in grids.values())
        return {
            "backup_seconds": seconds,
            "backup_checked": "checked" in written,
            "backup_restorable": "yes" if whole else "no (restored, but a ballot or grid is not whole)",
        }

    def restart_postgres(self) -> dict:
        started = time.monotonic()
        self.postgres.pg_ctl("restart")
        return {"restart_seconds": round(time.monotonic() - started, 1)}

    def run(self) -> list[dict]:
        self.start_servers()
        target = self.prepare()
        readers, writers = self.people(target)
        results = [self.phase("none (baseline)", target, readers, writers, lambda: None)]

        def kill_redis():
            self.redis.stop(signal.SIGKILL)

        results.append(self.phase("Redis killed", target, readers, writers, kill_redis))
        self.redis.start()

        def freeze_redis():
            self.redis.process.send_signal(signal.SIGSTOP)

        results.append(self.phase("Redis frozen", target, readers, writers, freeze_redis))
        self.redis.process.send_signal(signal.SIGCONT)
        results.append(self.phase("PostgreSQL restarted", target, readers, writers, self.restart_postgres))
        results.append(
            self.phase("backup under writes", target, readers, writers, lambda: self.backup_and_restore(target))
        )
        return results

    def close(self) -> None:
        if self.gunicorn and self.gunicorn.poll() is None:
            os.killpg(self.gunicorn.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.gunicorn.wait(timeout=30)
            self.log.close()
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()


def failures(results: list[dict]) -> list[str]:
    found = []
    for result in results:
        if result["acknowledged_writes_lost"] or result["partial_writes"]:
            found.append(f"{result['fault']}: writes lost or partial")
        if result.get("backup_restorable", "yes") != "yes":
            found.append(f"{result['fault']}: the backup did not restore")
        if result["fault"].startswith(("Redis", "none")) and result["errors"]:
            found.append(f"{result['fault']}: {result['errors']} errors, where the cache may fail unnoticed")
    return found


def report(results: list[dict]) -> str:
    lines = [
        "| Fault | Requests | Errors | Recovery (s) | Median / slowest (s) | Acknowledged writes lost "
        "| Partial writes | Backup restorable | /gezond/ 2 s after the fault |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['fault']} | {r['requests']} | {r['errors']} | {r['recovery_seconds']} "
            f"| {r['median_seconds']} / {r['slowest_seconds']} | {r['acknowledged_writes_lost']} "
            f"| {r['partial_writes']} | {r.get('backup_restorable', '–')} | `{r['health_after_fault']}` |"
        )
    return "\n".join(lines)


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="gezondemarke-faults-"))
    os.chmod(folder, 0o755)  # noqa: S103 - PostgreSQL runs as its own user inside it
    # Stopped from outside (a CI timeout), the servers are still stopped and removed.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    drill = Drill(folder)
    started = time.monotonic()
    try:
        results = drill.run()
    finally:
        drill.close()
        shutil.rmtree(folder, ignore_errors=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))
    print(f"\nThe drill took {time.monotonic() - started:.0f} s; figures in {RESULTS.relative_to(ROOT)}.")
    problems = failures(results)
    for problem in problems:
        print("FAILED:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
