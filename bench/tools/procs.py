"""Process helpers for the benchmark harness: process trees, resident memory, peak sampling.

Memory is the resident set (VmRSS) summed over a process and all its descendants, because both
systems run helpers beside the main process (n8n's JavaScript task runner, Tessera's Node runner).
"""
from __future__ import annotations

import os
import signal
import threading
import time


def _parents() -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces or parentheses: fields start after the last ')'.
        fields = stat[stat.rfind(")") + 2:].split()
        parents[int(entry)] = int(fields[1])
    return parents


def tree(pid: int) -> list[int]:
    """The process and every descendant that is alive now."""
    parents = _parents()
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    result, stack = [], [pid]
    while stack:
        p = stack.pop()
        if p in parents or p == pid:
            result.append(p)
            stack.extend(children.get(p, []))
    return result


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    """Resident memory of the process tree now, in MiB."""
    return sum(_status_kb(p, "VmRSS") for p in tree(pid)) / 1024.0


class PeakRss:
    """Samples a process tree's resident memory until stopped; `peak_mb` is the largest sum seen.

    Sampling rather than VmHWM: a long-lived server's high-water mark would carry over from an
    earlier scenario, and summing per-process marks taken at different moments overstates the peak.
    """

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid = pid
        self.interval = interval
        self.peak_sum_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            total = sum(_status_kb(p, "VmRSS") for p in tree(self.pid))
            self.peak_sum_kb = max(self.peak_sum_kb, total)
            if self._stop.wait(self.interval):
                return

    @property
    def peak_mb(self) -> float:
        return self.peak_sum_kb / 1024.0


def stop_group(pid: int, timeout: float = 20.0, child=None) -> None:
    """SIGTERM to the process group led by `pid` (started in a new session), SIGKILL after `timeout`.

    `child` is the subprocess.Popen when the leader is our own child: it must be reaped, or its
    zombie keeps the group alive.
    """
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child is not None:
            child.poll()
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
