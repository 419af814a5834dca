"""Code graded as code: the program's structure and operations, and — when both sides define a function that takes
the same arguments — both run on generated inputs in a sandboxed subprocess (grade/sandbox.py), outputs compared.

Structure is read with `ast`: identifiers are dropped (a candidate's names are their own), what remains is the
operations and their shape — `beta * v - lr * g` and `self.mu * self.v - self.lr * grad` are the same
`Sub(Mult, Mult)`, while `+` in its place is a different one. Code is never executed in this process.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass

from interview_coach.grade.sandbox import compare_functions

STRUCTURE_NONE, STRUCTURE_FULL = 0.3, 1.0  # structural recall → 0 … 1


@dataclass
class CodeCheck:
    score: float  # 0–1
    structure: float  # share of the reference's operations the answer's code has, 0–1
    runs_ok: bool | None  # None: not run (no function with the same arguments); False: differs, fails or hangs
    summary: str  # "matches the reference on 20/20 inputs", "differs from the reference on f([1, 2]) …", …
    function: str = ""


def check_code(reference_blocks: list[str], answer_blocks: list[str]) -> CodeCheck:
    reference, answer = "\n\n".join(reference_blocks), "\n\n".join(answer_blocks)
    ref_tree, answer_tree = _parse(reference), _parse(answer)
    if answer_tree is None:
        return CodeCheck(0.2, 0.0, False, "your code is not valid Python (it does not parse)")
    structure = _structure(ref_tree, answer_tree) if ref_tree is not None else 0.0
    structural = min(1.0, max(0.0, (structure - STRUCTURE_NONE) / (STRUCTURE_FULL - STRUCTURE_NONE)))
    pair = _matching_functions(ref_tree, answer_tree) if ref_tree is not None else None
    if pair is None or ref_tree is None:
        return CodeCheck(round(structural, 3), round(structure, 3), None, _unmatched(ref_tree))
    hint = _input_kinds(next(f for f in _functions(ref_tree) if f.name == pair[0]))
    outcome = compare_functions(reference, pair[0], answer, pair[1], pair[2], hint)
    if outcome.matched is None:  # the reference itself could not be run on the generated inputs
        return CodeCheck(round(structural, 3), round(structure, 3), None, "", pair[1])
    if outcome.matched == outcome.total and outcome.total:
        return CodeCheck(1.0, round(structure, 3), True, outcome.message, pair[1])
    return CodeCheck(round(min(0.35, 0.5 * structural), 3), round(structure, 3), False, outcome.message, pair[1])


def _unmatched(ref_tree: ast.Module | None) -> str:
    """Why the code was not run: the reference's function has no counterpart in the answer to call."""
    functions = _functions(ref_tree) if ref_tree is not None else []
    if not functions:
        return ""
    shown = ", ".join(f"{f.name}({', '.join(a.arg for a in f.args.args)})" for f in functions[:2])
    return f"no function like {shown} in your code to run against the notes: compared by structure only"


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _operations(tree: ast.AST) -> Counter[str]:
    """The program's operations without its names: node shapes, operators, called functions and methods."""
    found: Counter[str] = Counter()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Expr)) and not isinstance(node, ast.Expr):
            continue
        if isinstance(node, ast.BinOp):
            found[f"{type(node.op).__name__}({_shape(node.left)},{_shape(node.right)})"] += 1
            found[type(node.op).__name__] += 1
        elif isinstance(node, ast.AugAssign):
            found[f"Aug{type(node.op).__name__}"] += 1
            found[type(node.op).__name__] += 1
        elif isinstance(node, ast.Compare):
            found["Compare:" + ",".join(type(op).__name__ for op in node.ops)] += 1
        elif isinstance(node, ast.UnaryOp):
            found[f"Unary{type(node.op).__name__}"] += 1
        elif isinstance(node, ast.Call):
            found[f"call:{_callee(node.func)}"] += 1
        elif isinstance(node, (ast.For, ast.While, ast.comprehension)):
            found["loop"] += 1
        elif isinstance(node, (ast.If, ast.IfExp)):
            found["branch"] += 1
        elif isinstance(node, ast.Return):
            found["return"] += 1
        elif isinstance(node, ast.Subscript):
            found["index"] += 1
    return found


def _shape(node: ast.AST) -> str:
    if isinstance(node, ast.BinOp):
        return type(node.op).__name__
    if isinstance(node, ast.Call):
        return "call:" + _callee(node.func)
    if isinstance(node, ast.Constant):
        return "const"
    return "value"


def _callee(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return "call"


def _structure(reference: ast.AST, answer: ast.AST) -> float:
    """Share of the reference's operations (by count) that the answer also performs."""
    mine, theirs = _operations(reference), _operations(answer)
    total = sum(mine.values())
    return sum(min(n, theirs[k]) for k, n in mine.items()) / total if total else 0.0


_KIND_OF_NAME = [
    ("labels", ("y", "y_true", "y_pred", "labels", "targets", "target", "truth", "pred", "preds", "predictions")),
    ("probs", ("p", "probs", "probabilities", "prob", "y_prob", "p_hat")),
    ("mat_k", ("centroids", "centers", "centres", "c", "means")),
    ("mat", ("points", "data", "samples", "features", "matrix")),
    ("k", ("k", "n", "window", "size", "width", "steps", "count")),
    ("float", ("lr", "learning_rate", "alpha", "beta", "mu", "momentum", "eps", "epsilon", "rate")),
]


def _input_kinds(node: ast.FunctionDef) -> list[str]:
    """The kind of value each required argument's name suggests ("y_true" → 0/1 labels, "k" → a small integer,
    "X" → a matrix, anything else → a vector of floats)."""
    args = [a.arg for a in node.args.posonlyargs + node.args.args if a.arg not in ("self", "cls")]
    required = args[: len(args) - len(node.args.defaults)] if node.args.defaults else args
    kinds = []
    for name in required:
        low = name.lower()
        kind = "mat" if name in ("X", "A", "M") else next((k for k, names in _KIND_OF_NAME if low in names), "vec")
        kinds.append(kind)
    return kinds


def _signature(node: ast.FunctionDef) -> int:
    """The number of arguments a caller must pass."""
    args = node.args
    positional = [a for a in args.posonlyargs + args.args if a.arg not in ("self", "cls")]
    return len(positional) - len(args.defaults)


def _functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [n for n in tree.body if isinstance(n, ast.FunctionDef)]


def _matching_functions(reference: ast.Module, answer: ast.Module) -> tuple[str, str, int] | None:
    """(reference function, answer function, arity) defined at top level and called with the same arguments:
    the same name first, else the only pair with the same required arity."""
    refs, answers = _functions(reference), _functions(answer)
    for ref in refs:
        for ans in answers:
            if ref.name == ans.name and _signature(ref) == _signature(ans):
                return ref.name, ans.name, _signature(ref)
    pairs = [(r, a) for r in refs for a in answers if _signature(r) == _signature(a) and _signature(r) > 0]
    if len(refs) == 1 and len(answers) == 1 and pairs:
        return pairs[0][0].name, pairs[0][1].name, _signature(pairs[0][0])
    return None
