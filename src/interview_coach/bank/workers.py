"""Run a function over jobs in worker processes, each job under a time and memory limit.

A job that runs past its time is stopped by killing its worker (a regex or a parser stuck on one pathological
line cannot be interrupted from inside), and a fresh worker takes the next job; one bad file never stalls the
rest. Results come back in job order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, cast

# A job's clock starts when its worker says it has begun: starting a worker on a loaded machine can take seconds,
# and that must not count against a file's time. A worker that never says so is given up on after this long.
STARTUP_GRACE = 60.0


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0  # wall-clock time per job
    memory_mb: int = 512  # address space a job may add to what its worker holds when it starts (0: no limit)

    @classmethod
    def from_env(cls) -> Limits:
        """COACH_FILE_TIMEOUT (seconds) and COACH_FILE_MEMORY_MB override the defaults."""
        seconds = _env_number("COACH_FILE_TIMEOUT", cls.seconds)
        memory = _env_number("COACH_FILE_MEMORY_MB", cls.memory_mb)
        return cls(seconds=max(0.1, seconds), memory_mb=max(0, int(memory)))

    def scaled(self, size_bytes: int, seconds_per_mb: float, memory_per_mb: int) -> Limits:
        """These limits for inputs up to 1 MB, growing with the input beyond: a big file of ordinary notes needs
        time and memory in proportion, a small pathological one is still stopped at the base limit."""
        extra_mb = max(0.0, size_bytes / 1_048_576 - 1)
        memory = self.memory_mb + int(extra_mb * memory_per_mb) if self.memory_mb else 0
        return Limits(self.seconds + extra_mb * seconds_per_mb, memory)


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Outcome:
    status: str  # ok | timeout | memory | error | crashed
    value: Any = None  # the function's result when ok, else a short description
    limits: Limits = Limits()  # the limits the job ran under


def bounded_map(
    func: Callable[..., Any], jobs: list[tuple[Any, ...]], workers: int, limits: list[Limits]
) -> Iterator[Outcome]:
    """func(*job) for every job (each under its own limits), in job order, at most `workers` at a time."""
    if not jobs:
        return
    pool = _Pool(func, min(workers, len(jobs)), limits)
    try:
        yield from pool.run(jobs)
    finally:
        pool.close()


class _Worker:
    def __init__(self, context: Any, func: Callable[..., Any]) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, func), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class _Pool:
    def __init__(self, func: Callable[..., Any], size: int, limits: list[Limits]) -> None:
        self.func, self.size, self.limits = func, size, limits
        self.context = multiprocessing.get_context(_start_method())
        self.idle: list[_Worker] = []
        self.busy: dict[Connection, tuple[_Worker, int, float]] = {}  # connection → worker, job index, deadline
        self.started = 0

    def run(self, jobs: list[tuple[Any, ...]]) -> Iterator[Outcome]:
        pending = deque(enumerate(jobs))
        done: dict[int, Outcome] = {}
        emitted = 0
        while emitted < len(jobs):
            self._dispatch(pending)
            self._collect(done)
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1

    def _dispatch(self, pending: deque[tuple[int, tuple[Any, ...]]]) -> None:
        while pending and (self.idle or self.started < self.size):
            worker = self.idle.pop() if self.idle else self._start()
            index, job = pending.popleft()
            worker.connection.send((job, self.limits[index].memory_mb))
            deadline = time.monotonic() + STARTUP_GRACE + self.limits[index].seconds
            self.busy[worker.connection] = (worker, index, deadline)

    def _start(self) -> _Worker:
        self.started += 1
        return _Worker(self.context, self.func)

    def _collect(self, done: dict[int, Outcome]) -> None:
        first_deadline = min(deadline for _, _, deadline in self.busy.values())
        ready = cast(list[Connection], wait(list(self.busy), timeout=max(0.0, first_deadline - time.monotonic())))
        for connection in ready:
            worker, index, _ = self.busy.pop(connection)
            try:
                status, value = connection.recv()
                if status == "started":  # the job's own time starts now
                    self.busy[connection] = (worker, index, time.monotonic() + self.limits[index].seconds)
                    continue
                self.idle.append(worker)
            except (EOFError, OSError):  # the worker died: killed by the kernel, or the parser crashed
                worker.stop()
                status, value = _death(worker.process.exitcode, self.limits[index])
                self.started -= 1
            done[index] = Outcome(str(status), value, self.limits[index])
        now = time.monotonic()
        for connection, (worker, index, deadline) in list(self.busy.items()):
            if now >= deadline:
                del self.busy[connection]
                worker.stop()  # the only way to stop C or Rust code stuck on one input
                self.started -= 1
                done[index] = Outcome("timeout", f"{self.limits[index].seconds:g} s", self.limits[index])

    def close(self) -> None:
        for worker in self.idle:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
        for worker in self.idle + [w for w, _, _ in self.busy.values()]:
            worker.process.join(timeout=1)
            worker.stop()
        self.idle.clear()
        self.busy.clear()


def _death(exitcode: int | None, limits: Limits) -> tuple[str, str]:
    """Why a worker died. Rust code aborts (SIGABRT) when an allocation fails under the memory limit, and the
    kernel's OOM killer sends SIGKILL: both mean the job needed too much memory."""
    if limits.memory_mb and exitcode in (-signal.SIGABRT, -signal.SIGKILL):
        return "memory", f"{limits.memory_mb} MB"
    return "crashed", f"worker exit code {exitcode}"


def _start_method() -> str:
    """fork is fast and safe while this process has one thread; with more (e.g. the embedding model's pool
    loaded in the same process) a forkserver avoids forking a lock another thread holds."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _threads() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _threads() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 2  # unknown: assume threads


def _serve(connection: Connection, func: Callable[..., Any]) -> None:
    """A worker's loop: one (job, memory limit) in, one (status, value) out, until told to stop (None)."""
    _quiet_stderr()  # a native crash's own message ("memory allocation … failed") would break the one-line report
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job, memory_mb = message
        _limit_memory(memory_mb)
        connection.send(("started", None))
        try:
            reply: tuple[str, Any] = ("ok", func(*job))
            connection.send(reply)
        except MemoryError:
            connection.send(("memory", f"{memory_mb} MB"))
        except Exception as exc:  # noqa: BLE001 (reported as this job's failure; the worker lives on)
            connection.send(("error", f"{type(exc).__name__}: {exc}"))


def _quiet_stderr() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _limit_memory(memory_mb: int) -> None:
    """Cap the worker's address space at what it holds now plus `memory_mb` (0: uncapped): a runaway parse gets
    MemoryError, or aborts in native code, instead of taking the machine's memory."""
    try:
        import resource

        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if memory_mb <= 0:
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
            return
        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * resource.getpagesize()
        limit = current + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    except (ImportError, OSError, ValueError):
        pass  # not Linux: the time limit still applies
