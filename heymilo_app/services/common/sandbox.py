"""Run a function on untrusted input in a child process with memory, CPU and time limits.

Why a small pool of persistent workers rather than a process per call: a child must import
what it runs, and importing ``heymilo_app.services`` alone (SQLAlchemy, the models) takes about
1.2 s, far more than reading a resume. So each worker starts once, imports its modules, and
then serves calls one at a time over its pipes.

Why ``subprocess`` and not ``multiprocessing`` or ``ProcessPoolExecutor``: a worker is
``python -I -c ...`` started by ``subprocess`` (``fork``/``exec`` in C, safe from a threaded
server; no re-import of the server's ``__main__``, which both spawn and forkserver do), and
``ProcessPoolExecutor`` cannot stop a call once it runs. Here a call past its deadline kills its
worker, and a new one is started in its place.

Limits:
    * ``RLIMIT_AS`` (address space), set by the worker on itself before it reads any input: a
      parser that inflates a hostile file gets ``MemoryError`` instead of growing the server.
    * ``RLIMIT_CPU``, a soft limit raised before each call to the CPU time used so far plus the
      call's allowance: the kernel ends a spinning worker with SIGXCPU. No core files.
    * A wall-clock deadline per call, after which the parent kills the worker.
    * At most ``size`` calls at once per pool; a caller waits for a free worker for a bounded
      time, then gets ``Failed("busy")``, so a flood of uploads cannot start hundreds of
      processes.

Workers get an empty environment (no secrets in the process that reads hostile files) and the
parent's ``sys.path``; they run in a session of their own (a Ctrl-C meant for the server does not
reach them) and exit when the server's end of their pipe closes. A worker retires after
``tasks_per_worker`` calls, after any call that raised, and once it has used half its memory.

Arguments travel to a worker pickled (the parent is trusted); answers come back as JSON, never
pickled, since a worker that read a hostile file is not trusted to send objects.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import logging
import os
import pickle
import resource
import selectors
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

logger = logging.getLogger(__name__)

# Address space of a worker (the interpreter with the app's modules takes about 110 MB of it).
MEMORY_BYTES = 512 * 1024 * 1024
# CPU seconds a call may use, and wall-clock seconds it may take, before its worker is ended.
CPU_SECONDS = 15
TIMEOUT_SECONDS = 20.0
# How long a new worker may take to import its modules.
START_SECONDS = 60.0
# The largest answer a worker may send back.
MAX_ANSWER_BYTES = 32 * 1024 * 1024

_HEADER = struct.Struct(">Q")
_BOOTSTRAP = (
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "from heymilo_app.services.common.sandbox import _serve; _serve()"
)


class Failed(Exception):
    """A call did not return an answer.

    Args:
        reason: "timeout", "memory" (``MemoryError``), "error" (another exception),
            "crashed" (the worker died or sent nonsense) or "busy" (no worker came free).
        detail: What happened, for the log.
    """

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class Pool:
    """Up to ``size`` worker processes that run module-level functions with limits.

    Args:
        size: Most calls at once (and most processes).
        preload: Modules each worker imports before its first call.
        memory_bytes: Each worker's ``RLIMIT_AS``.
        tasks_per_worker: Calls after which a worker is replaced.
    """

    def __init__(
        self,
        *,
        size: int,
        preload: Iterable[str] = (),
        memory_bytes: int = MEMORY_BYTES,
        tasks_per_worker: int = 200,
    ):
        self._slots = threading.BoundedSemaphore(size)
        self._preload = tuple(preload)
        self._memory_bytes = memory_bytes
        self._tasks_per_worker = tasks_per_worker
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._workers: set[_Worker] = set()
        atexit.register(self.close)

    def run(
        self,
        function: Callable[..., Any],
        *args: Any,
        timeout: float = TIMEOUT_SECONDS,
        cpu_seconds: int = CPU_SECONDS,
        wait: float | None = None,
    ) -> Any:
        """Call ``function(*args)`` in a worker and return what it returned.

        Args:
            function: A module-level function; its arguments must pickle and its result must
                be JSON (dicts, lists, strings, numbers).
            *args: Its arguments.
            timeout: Wall-clock seconds the call may take.
            cpu_seconds: CPU seconds the call may use.
            wait: Seconds to wait for a free worker (``timeout`` when None).

        Returns:
            The function's result, as JSON decodes it.

        Raises:
            Failed: The call timed out, ran out of memory, raised, crashed its worker, or found
                no free worker in time.
        """
        module, name = function.__module__, function.__qualname__
        if "<" in name:
            raise ValueError(f"{name} is not a module-level function")
        if not self._slots.acquire(timeout=timeout if wait is None else wait):
            raise Failed("busy", "no worker came free")
        try:
            worker = self._take()
            try:
                answer = worker.call(module, name, args, timeout=timeout, cpu_seconds=cpu_seconds)
            except Failed:
                self._replace(worker)
                raise
            if answer.get("retire") or worker.calls >= self._tasks_per_worker:
                self._replace(worker)
            else:
                with self._lock:
                    self._idle.append(worker)
        finally:
            self._slots.release()
        if "error" in answer:
            error = str(answer["error"])
            raise Failed("memory" if error == "MemoryError" else "error", error)
        return answer.get("result")

    def close(self) -> None:
        """End every worker (at exit; the pool starts new ones if used again)."""
        with self._lock:
            workers, self._idle = list(self._workers), []
            self._workers.clear()
        for worker in workers:
            worker.kill()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.poll() is None:
                    return worker
                self._workers.discard(worker)
            worker = _Worker(self._preload, self._memory_bytes)
            self._workers.add(worker)
            return worker

    def _replace(self, worker: _Worker) -> None:
        """End a worker and start its successor now, so that it is warm for the next call."""
        worker.kill()
        successor = _Worker(self._preload, self._memory_bytes)
        with self._lock:
            self._workers.discard(worker)
            self._workers.add(successor)
            self._idle.append(successor)


class _Worker:
    """One worker process and its end of the pipes (unbuffered: read with deadlines)."""

    def __init__(self, preload: tuple[str, ...], memory_bytes: int):
        self.calls = 0
        self._ready = False
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-I",
                "-c",
                _BOOTSTRAP,
                json.dumps([entry for entry in sys.path if entry]),
                str(memory_bytes),
                *preload,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env={"LC_ALL": "C.UTF-8"},
            start_new_session=True,
        )

    def call(
        self, module: str, name: str, args: tuple, *, timeout: float, cpu_seconds: int
    ) -> dict:
        if not self._ready:
            if self._receive(time.monotonic() + START_SECONDS).get("ready") is not True:
                raise Failed("crashed", "the worker did not start")
            self._ready = True
        self.calls += 1
        request = pickle.dumps((module, name, args, cpu_seconds))
        try:
            self.process.stdin.write(_HEADER.pack(len(request)) + request)
        except OSError as error:
            raise Failed("crashed", repr(error)) from None
        return self._receive(time.monotonic() + timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                pipe.close()

    def _receive(self, deadline: float) -> dict:
        (size,) = _HEADER.unpack(self._read(_HEADER.size, deadline))
        if size > MAX_ANSWER_BYTES:
            raise Failed("crashed", f"an answer of {size} bytes")
        try:
            answer = json.loads(self._read(size, deadline))
        except ValueError as error:
            raise Failed("crashed", repr(error)) from None
        if not isinstance(answer, dict):
            raise Failed("crashed", "the answer is not an object")
        return answer

    def _read(self, size: int, deadline: float) -> bytes:
        fd = self.process.stdout.fileno()
        chunks: list[bytes] = []
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while size:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise Failed("timeout", "the worker was ended")
                chunk = os.read(fd, min(size, 1024 * 1024))
                if not chunk:
                    raise Failed("crashed", f"the worker exited ({self.process.wait()})")
                chunks.append(chunk)
                size -= len(chunk)
        return b"".join(chunks)


# ---------------------------------------------------------------- in the worker


def _serve() -> None:
    """A worker's life: limit itself, import, say it is ready, then answer calls until EOF."""
    memory_bytes, preload = int(sys.argv[2]), sys.argv[3:]
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        memory_bytes = min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    for module in preload:
        importlib.import_module(module)
    _answer(answers, {"ready": True})
    while True:
        header = requests.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        (size,) = _HEADER.unpack(header)
        module, name, args, cpu_seconds = pickle.loads(requests.read(size))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = int(usage.ru_utime + usage.ru_stime) + 1 + cpu_seconds
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        try:
            function = importlib.import_module(module)
            for part in name.split("."):
                function = getattr(function, part)
            answer: dict[str, Any] = {"result": function(*args)}
            payload = json.dumps(answer)
        except BaseException as error:  # the worker answers whatever happened, then retires
            answer = {"error": type(error).__name__, "retire": True}
        else:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
            if peak > memory_bytes // 2:
                answer["retire"] = True
                payload = json.dumps(answer)
        if answer.get("retire"):
            _answer(answers, json.dumps(answer) if "error" in answer else payload)
            return
        _answer(answers, payload)


def _answer(answers, payload: dict | str) -> None:
    data = (json.dumps(payload) if isinstance(payload, dict) else payload).encode()
    answers.write(_HEADER.pack(len(data)) + data)
    answers.flush()
