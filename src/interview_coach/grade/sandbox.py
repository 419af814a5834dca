"""Run a reference function and a candidate's function on the same generated inputs — never in this process.

The pair runs in a child `python -I` (isolated: no user site, no PYTHON* variables, no script directory) in an
empty temporary directory, with resource limits (CPU seconds, address space, no file writes) and an audit hook
that refuses file opens, sockets, subprocesses and exec once the harness has imported its modules. The parent
kills the child at the wall-clock limit, counted from when the harness says it has started (so a busy machine's
slow interpreter start is not the candidate's time). Inputs are generated from a fixed seed, in the first shape of
arguments the reference accepts (vectors, matrices, 0/1 labels, probabilities, small integers), so the check is
repeatable.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

TIME_LIMIT_S = 2.0  # wall clock for the candidate's code, counted once the harness has started
STARTUP_LIMIT_S = 30.0  # interpreter and numpy start-up, which a busy machine can stretch well past 2 s
MEMORY_LIMIT = 1 << 30  # bytes of address space
INPUTS = 20

_HARNESS = r"""
import json, sys, resource, math, random, copy
cpu, memory = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
import collections, heapq, itertools, functools, statistics, bisect, re, typing, dataclasses
try:
    import numpy as np
except Exception:
    np = None
sys.stdout.write("ready\n")  # the clock starts now: interpreter and numpy start-up are not the candidate's time
sys.stdout.flush()
job = json.loads(sys.stdin.read())
BLOCKED = ("open", "socket.", "subprocess.", "os.system", "os.exec", "os.spawn", "os.fork", "os.posix_spawn",
           "os.remove", "os.rename", "os.mkdir", "os.rmdir", "shutil.", "urllib.", "http.", "ctypes.", "os.kill",
           "os.chdir", "os.listdir", "os.scandir", "builtins.input")
def hook(event, args):
    new_import = event == "import" and args[0] not in sys.modules and args[0].split(".")[0] not in ALLOWED
    if event.startswith(BLOCKED) or new_import:
        raise PermissionError(f"not allowed while grading: {event}")
ALLOWED = set(sys.modules) | {"numpy", "math", "collections", "heapq", "itertools", "functools", "typing"}
sys.addaudithook(hook)

def load(source):
    space = {"__name__": "candidate"}
    exec(compile(source, "<code>", "exec"), space)
    return space

def make(kind, rng, n, d):
    if kind == "vec":
        return [round(rng.uniform(-5, 5), 3) for _ in range(n)]
    if kind == "mat":
        return [[round(rng.uniform(-5, 5), 3) for _ in range(d)] for _ in range(n)]
    if kind == "mat_k":
        return [[round(rng.uniform(-5, 5), 3) for _ in range(d)] for _ in range(2)]
    if kind == "labels":
        return [rng.randint(0, 1) for _ in range(n)]
    if kind == "probs":
        return [round(rng.uniform(0.01, 0.99), 3) for _ in range(n)]
    if kind == "ints":
        return [rng.randint(-9, 9) for _ in range(n)]
    if kind == "k":
        return rng.randint(1, 3)
    if kind == "float":
        return round(rng.uniform(0.01, 1), 3)
    return rng.randint(1, 4)

SHAPES = {
    1: [["vec"], ["mat"], ["ints"], ["labels"], ["k"]],
    2: [["labels", "labels"], ["ints", "k"], ["mat", "mat_k"], ["labels", "probs"], ["labels", "vec"],
        ["vec", "labels"], ["probs", "labels"],
        ["vec", "vec"], ["vec", "k"], ["mat", "k"], ["vec", "float"]],
    3: [["vec", "vec", "vec"], ["vec", "vec", "float"], ["mat", "mat_k", "k"], ["labels", "labels", "k"]],
    4: [["vec", "vec", "vec", "float"], ["vec", "vec", "float", "float"]],
}

def inputs(shape, seed):
    rng = random.Random(seed)
    n, d = rng.randint(3, 7), rng.randint(2, 3)
    return [make(kind, rng, n, d) for kind in shape]

def as_array(args):
    return [np.asarray(a, dtype=float) if np is not None and isinstance(a, list) else a for a in args]

def plain(value):
    if np is not None and isinstance(value, np.ndarray):
        return value.tolist()
    if np is not None and isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    return value

def same(a, b):
    a, b = plain(a), plain(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9) or (a != a and b != b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b

def call(fn, args, arrays):
    args = copy.deepcopy(args)
    return fn(*(as_array(args) if arrays else args))

out = {}
try:
    ref = load(job["reference"])[job["ref_name"]]
except BaseException as e:
    print(json.dumps({"error": "reference", "detail": repr(e)})); sys.exit(0)
try:
    cand = load(job["answer"])[job["answer_name"]]
except BaseException as e:
    print(json.dumps({"error": "answer", "detail": f"{type(e).__name__}: {e}"})); sys.exit(0)
accepted = []
for shape in SHAPES.get(job["arity"], []):
    for arrays in (False, True):
        try:
            results = [call(ref, inputs(shape, s), arrays) for s in range(3)]
        except BaseException:
            continue
        if all(r is not None for r in results):
            accepted.append((shape, arrays))
if not accepted:
    print(json.dumps({"error": "no_inputs"})); sys.exit(0)
hint = job.get("hint") or []
accepted.sort(key=lambda sa: sa[0] != hint)  # the kind of input the reference's argument names suggest comes first
both = []
for shape, arrays in accepted:  # the first kind of input both sides accept
    try:
        call(cand, inputs(shape, 0), arrays)
    except BaseException:
        continue
    both.append((shape, arrays))
    break
both = both or accepted[:1]
matched = 0
for seed in range(job["count"]):
    shape, arrays = both[seed % len(both)]
    args = inputs(shape, seed)
    try:
        expected = call(ref, args, arrays)
    except BaseException:
        continue
    try:
        got = call(cand, args, arrays)
    except MemoryError:
        print(json.dumps({"error": "memory"})); sys.exit(0)
    except BaseException as e:
        got, failed = f"{type(e).__name__}: {e}", True
    else:
        failed = not same(expected, got)
        got = repr(plain(got))
    if failed:
        report = {"matched": matched, "total": job["count"], "first": repr(args)[:200], "got": got[:200]}
        print(json.dumps(report | {"expected": repr(plain(expected))[:200]})); sys.exit(0)
    matched += 1
print(json.dumps({"matched": matched, "total": job["count"]}))
"""


@dataclass
class Outcome:
    matched: int | None  # None: the reference could not be run on any generated input
    total: int
    message: str


def compare_functions(
    reference: str, ref_name: str, answer: str, answer_name: str, arity: int, hint: list[str] | None = None
) -> Outcome:
    job: dict[str, object] = {"reference": reference, "ref_name": ref_name, "answer": answer}
    job |= {"answer_name": answer_name, "arity": arity, "count": INPUTS, "hint": hint or []}
    with tempfile.TemporaryDirectory(prefix="coach-run-") as cwd:
        child = subprocess.Popen(
            [sys.executable, "-I", "-c", _HARNESS, str(int(TIME_LIMIT_S) + 1), str(MEMORY_LIMIT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
            cwd=cwd,
            env={"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
        )
        try:
            if not _ready(child):
                _stop(child)
                return Outcome(None, INPUTS, "")  # the checker itself could not start: structure alone decides
            out, err = child.communicate(json.dumps(job).encode(), timeout=TIME_LIMIT_S)
        except subprocess.TimeoutExpired:
            _stop(child)
            return Outcome(0, INPUTS, f"your code did not finish in {TIME_LIMIT_S:g} s")
    proc = subprocess.CompletedProcess(
        child.args, child.returncode, out.decode(errors="replace"), err.decode(errors="replace")
    )
    return _outcome(proc, answer_name)


def _ready(child: subprocess.Popen[bytes]) -> bool:
    """Wait (up to STARTUP_LIMIT_S) for the harness to say it has started; False if it died or never did."""
    assert child.stdout is not None
    line = b""
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + STARTUP_LIMIT_S
        while not line.endswith(b"\n"):
            if not selector.select(max(0.0, deadline - time.monotonic())):
                return False
            chunk = os.read(child.stdout.fileno(), 64)
            if not chunk:
                return False
            line += chunk
    return line == b"ready\n"


def _stop(child: subprocess.Popen[bytes]) -> None:
    child.kill()
    child.communicate()


def _outcome(proc: subprocess.CompletedProcess[str], name: str) -> Outcome:
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        if proc.returncode in (-9, -24, 137, 152):  # SIGKILL / SIGXCPU: the CPU limit
            return Outcome(0, INPUTS, f"your code did not finish in {TIME_LIMIT_S:g} s")
        if "MemoryError" in proc.stderr:
            return Outcome(0, INPUTS, f"your code used more than {MEMORY_LIMIT >> 20} MB of memory")
        return Outcome(0, INPUTS, "your code stopped the checker (it exited before returning)")
    data = json.loads(lines[-1])
    error = data.get("error")
    if error in ("reference", "no_inputs"):
        return Outcome(None, INPUTS, "")
    if error == "answer":
        return Outcome(0, INPUTS, f"your code failed to load: {data.get('detail', '')[:160]}")
    if error == "memory":
        return Outcome(0, INPUTS, f"your code used more than {MEMORY_LIMIT >> 20} MB of memory")
    matched, total = int(data["matched"]), int(data["total"])
    if matched == total:
        return Outcome(matched, total, f"{name}() matches the reference on {matched}/{total} generated inputs")
    return Outcome(
        matched,
        total,
        f"{name}() differs from the reference on {name}(*{data['first']}): got {data['got']}, "
        f"expected {data['expected']} ({matched}/{total} matched before it)",
    )
