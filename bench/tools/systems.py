"""The two systems under test, behind one small interface: start a server with the benchmark
workflows active, stop it, and run the 5,000-item workflow once from the command line."""
from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import procs

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
N8N_DIR = BENCH / "peer" / "n8n"


class RunFailed(Exception):
    """A command the harness needs did not succeed; the message says which and where the log is."""


def _free_port() -> int:
    """A port nothing listens on now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except urllib.error.HTTPError as e:
            if e.code < 500:
                return
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            raise RunFailed(f"{url}: the server exited with code {proc.returncode} before answering")
        time.sleep(0.2)
    raise RunFailed(f"{url} did not answer within {timeout:.0f} s")


def http_get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def _count_rows(db: Path | None, table: str) -> int | None:
    """Rows in a table of a live SQLite database (WAL allows a reader beside the server); None if unreadable."""
    if db is None or not db.exists():
        return None
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except sqlite3.Error:
        return None


def execution_span_ms(run: dict) -> float:
    """First node start to last node end, from n8n-shaped run data (both systems print it)."""
    run_data = _find_run_data(run)
    if not run_data:
        raise RunFailed("no runData in the run output")
    starts, ends = [], []
    for runs in run_data.values():
        for r in runs:
            starts.append(float(r["startTime"]))
            ends.append(float(r["startTime"]) + float(r.get("executionTime", 0)))
    return max(ends) - min(starts)


def _find_run_data(value):
    if isinstance(value, dict):
        if isinstance(value.get("runData"), dict):
            return value["runData"]
        for v in value.values():
            found = _find_run_data(v)
            if found:
                return found
    return None


def _parse_json_output(text: str) -> dict:
    """The run data JSON, skipping log lines a CLI prints before or after it."""
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        start = text.find("{", pos)
        if start == -1:
            raise RunFailed("the command printed no JSON run data")
        if start == 0 or text[start - 1] == "\n":
            try:
                value, _ = decoder.raw_decode(text, start)
                if isinstance(value, dict):
                    return value
            except json.JSONDecodeError:
                pass
        pos = start + 1


def timed_cli(cmd: list[str], env: dict, log: Path) -> tuple[float, float, str]:
    """Runs a command to completion; returns (wall ms, peak tree RSS MiB, stdout)."""
    out_path = log.with_suffix(".out")
    with open(out_path, "wb") as out, open(log, "ab") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        with procs.PeakRss(p.pid, interval=0.02) as peak:
            code = p.wait()
        wall = (time.perf_counter() - t0) * 1000
    text = out_path.read_text(encoding="utf-8", errors="replace")
    if code != 0:
        raise RunFailed(f"{' '.join(cmd)} exited with {code}; see {log} and {out_path}")
    return wall, peak.peak_mb, text


class N8n:
    name = "n8n"

    def __init__(self, work: Path, port: int):
        self.work = work
        self.port = port
        self.state = work / "n8n-server"
        self.pid: int | None = None

    def version(self) -> str:
        return os.environ.get("N8N_VERSION", "2.8.4")

    def install(self) -> None:
        subprocess.run([str(N8N_DIR / "install.sh")], check=True, stdout=subprocess.DEVNULL)

    def start(self, saving: str, workflows: list[Path], import_workflows: bool) -> int:
        cmd = [str(N8N_DIR / "start.sh"), "--port", str(self.port), "--state", str(self.state), "--saving", saving]
        if import_workflows:
            cmd += [str(w) for w in workflows]
        env = dict(os.environ, N8N_RUNNERS_BROKER_PORT=str(_free_port()))
        r = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if r.returncode != 0:
            raise RunFailed(f"n8n start failed: {r.stderr.strip()}")
        self.pid = int(r.stdout.strip().splitlines()[-1])
        return self.pid

    def stop(self) -> None:
        subprocess.run([str(N8N_DIR / "stop.sh"), "--state", str(self.state)], check=False)
        self.pid = None

    def saved_executions(self) -> int | None:
        return _count_rows(self.state / ".n8n" / "database.sqlite", "execution_entity")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def prepare_items(self, workflow: Path) -> None:
        state = self.work / "n8n-cli"
        log = self.work / "n8n-cli-import.log"
        with open(log, "ab") as f:
            r = subprocess.run([str(N8N_DIR / "run.sh"), "--state", str(state), "--", "import:workflow", f"--input={workflow}"],
                               stdout=f, stderr=f)
        if r.returncode != 0:
            raise RunFailed(f"n8n import:workflow {workflow} failed; see {log}")

    def run_items(self, workflow: Path) -> dict:
        wf_id = json.loads(workflow.read_text())["id"]
        env = dict(os.environ, N8N_LOG_LEVEL="info", N8N_RUNNERS_BROKER_PORT=str(_free_port()))
        cmd = [str(N8N_DIR / "run.sh"), "--state", str(self.work / "n8n-cli"), "--saving", "off", "--",
               "execute", f"--id={wf_id}", "--rawOutput"]
        wall, peak, out = timed_cli(cmd, env, self.work / "n8n-items.log")
        return {"wall_ms": wall, "rss_mb": peak, "span_ms": execution_span_ms(_parse_json_output(out))}


class Tessera:
    name = "tessera"

    def __init__(self, work: Path, port: int):
        self.work = work
        self.port = port
        self.proc: subprocess.Popen | None = None
        self.data_dir: Path | None = None

    def version(self) -> str:
        r = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
        return r.stdout.strip() or "unknown"

    def install(self) -> None:
        # The wrapper builds the CLI in Release on first use; `--help` forces that outside any timing.
        subprocess.run([str(ROOT / "tessera"), "--help"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    def can_serve(self) -> bool:
        """True once this build has `tessera serve` with webhooks (the server landed in stages)."""
        r = subprocess.run([str(ROOT / "tessera"), "serve", "--help"], cwd=ROOT, capture_output=True, text=True)
        if r.returncode != 0 or "--port" not in r.stdout:
            return False
        # The webhook scenarios need the Webhook and Respond to Webhook nodes registered.
        probe = subprocess.run([str(ROOT / "tessera"), "validate", str(BENCH / "workflows" / "webhook-set.json")],
                               cwd=ROOT, capture_output=True, text=True)
        return probe.returncode == 0

    def _env(self, saving: str) -> dict:
        env = dict(os.environ)
        env["TESSERA_DATA_DIR"] = str(self.data_dir)
        # The same variables (and values) n8n gets from bench/peer/n8n/env.sh.
        value = "all" if saving == "on" else "none"
        env.update({
            "EXECUTIONS_DATA_SAVE_ON_SUCCESS": value,
            "EXECUTIONS_DATA_SAVE_ON_ERROR": value,
            "EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS": "true" if saving == "on" else "false",
            "EXECUTIONS_DATA_SAVE_ON_PROGRESS": "false",
            "GENERIC_TIMEZONE": "UTC",
        })
        return env

    def start(self, saving: str, workflows: list[Path], import_workflows: bool) -> int:
        # A fresh data folder for every start: importing takes about a second.
        self.data_dir = self.work / f"tessera-data-{saving}"
        shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir.mkdir(parents=True)
        env = self._env(saving)
        imported = self._import_with_cli(workflows, env)
        help_text = subprocess.run([str(ROOT / "tessera"), "serve", "--help"], cwd=ROOT, capture_output=True, text=True).stdout
        cmd = [str(ROOT / "tessera"), "serve", "--port", str(self.port)]
        if "--no-examples" in help_text:
            cmd.append("--no-examples")
        log = open(self.work / "tessera-server.log", "ab")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        wait_http(self.url("/healthz"), 120, self.proc)
        if not imported:
            self._import_and_activate(workflows)
        return self.proc.pid

    def _import_with_cli(self, workflows: list[Path], env: dict) -> bool:
        """`tessera import` of copies marked active (the server starts the triggers of active workflows when it
        starts). False when this build has no import command; the REST API is used then."""
        probe = subprocess.run([str(ROOT / "tessera"), "import", "--help"], cwd=ROOT, capture_output=True, text=True)
        if probe.returncode != 0:
            return False
        folder = self.work / "tessera-import"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for wf in workflows:
            doc = json.loads(wf.read_text())
            doc["active"] = True
            (folder / wf.name).write_text(json.dumps(doc))
        with open(self.work / "tessera-import.log", "ab") as out:
            r = subprocess.run([str(ROOT / "tessera"), "import", str(folder)], cwd=ROOT, env=env, stdout=out, stderr=out)
        if r.returncode != 0:
            raise RunFailed(f"tessera import {folder} failed; see {self.work / 'tessera-import.log'}")
        return True

    def saved_executions(self) -> int | None:
        return _count_rows(self.data_dir / "tessera.db" if self.data_dir else None, "executions")

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def _api(self, method: str, path: str, body=None, cookie: str | None = None) -> tuple[int, object, dict]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url("/api/v1" + path), data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if cookie:
            req.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                raw, status, headers = r.read(), r.status, r.headers
        except urllib.error.HTTPError as e:
            raw, status, headers = e.read(), e.code, e.headers
        try:
            value = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            value = raw.decode("utf-8", "replace")
        if status >= 400:
            raise RunFailed(f"Tessera {method} /api/v1{path} → {status}: {str(value)[:400]}")
        return status, value, headers

    def _import_and_activate(self, workflows: list[Path]) -> None:
        # First start: create the owner (signs in), import the n8n JSON, activate each workflow.
        _, _, headers = self._api("POST", "/auth/setup",
                                  {"email": "bench@example.com", "name": "Bench", "password": "bench-password-1"})
        cookie = "; ".join(c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") or [])
        docs = [json.loads(w.read_text()) for w in workflows]
        _, imported, _ = self._api("POST", "/workflows/import", docs, cookie)
        if isinstance(imported, dict):
            imported = imported.get("items") or [imported]
        for wf in imported:
            self._api("POST", f"/workflows/{wf['id']}/activate", None, cookie)

    def stop(self) -> None:
        if self.proc is not None:
            procs.stop_group(self.proc.pid, child=self.proc)
            self.proc.wait()
            self.proc = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def prepare_items(self, workflow: Path) -> None:
        pass

    def run_items(self, workflow: Path) -> dict:
        cmd = [str(ROOT / "tessera"), "run", "--json", str(workflow)]
        # `tessera run` records executions by default: give it a scratch store and n8n's saving-off settings.
        data_dir = self.data_dir
        self.data_dir = self.work / "tessera-cli-data"
        try:
            env = self._env("off")
        finally:
            self.data_dir = data_dir
        wall, peak, out = timed_cli(cmd, env, self.work / "tessera-items.log")
        return {"wall_ms": wall, "rss_mb": peak, "span_ms": execution_span_ms(_parse_json_output(out))}
