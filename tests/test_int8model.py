"""The int8-matmul build of the real bundled model: built once into the data dir, close to the float vectors,
rebuilt when the cached file is damaged, and the float model when the build cannot happen."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interview_coach.search import embed as embed_module
from interview_coach.search import int8model

TEXTS = [
    "Retrieval-augmented generation fetches passages from a document store and adds them to the prompt.",
    "L1 regularization adds the absolute value of the weights to the loss and pushes many weights to zero.",
    "What is RAG?",
    "Kafka partitions a topic so consumers in a group read in parallel.",
]


@pytest.fixture
def int8_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COACH_MODEL_CACHE", str(tmp_path / "models"))
    monkeypatch.setenv("COACH_EMBED_MODEL", "int8")
    return tmp_path


def test_the_int8_build_is_cached_and_its_vectors_match_the_float_model(int8_home: Path) -> None:
    files = embed_module.locate_model()
    assert files.model.parent == int8_home / "models" and files.model_id.startswith("all-MiniLM-L6-v2-int8mm")
    built = files.model.stat().st_mtime_ns
    assert embed_module.locate_model().model.stat().st_mtime_ns == built  # the second call reuses it
    int8 = embed_module.MiniLMEmbedder(files).embed(TEXTS)
    packaged = embed_module.locate_packaged_model()
    assert packaged.model_id != files.model_id  # a bank indexed with one is re-embedded by the other
    floats = embed_module.MiniLMEmbedder(packaged).embed(TEXTS)
    cosines = (int8 * floats).sum(axis=1)
    assert cosines.min() > 0.97 and not np.allclose(int8, floats)


def test_a_damaged_cached_model_is_rebuilt(int8_home: Path) -> None:
    files = embed_module.locate_model()
    files.model.write_bytes(b"not a model")
    again = embed_module.locate_model()
    assert again.model == files.model and again.model.stat().st_size > 1_000_000
    assert embed_module.MiniLMEmbedder(again).embed(TEXTS[:1]).shape == (1, 384)


def test_the_float_model_when_the_build_fails(int8_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_: bytes) -> bytes:
        raise ImportError("No module named 'onnx'")

    monkeypatch.setattr(int8model, "build_int8_model", fail)
    assert embed_module.locate_model() == embed_module.locate_packaged_model()


def test_a_graph_without_stored_int8_weights_is_refused() -> None:
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])],
        "plain",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
    )
    with pytest.raises(ValueError, match="no int8 weight"):
        int8model.build_int8_model(helper.make_model(graph).SerializeToString())
    assert onnx.__version__


def test_the_default_fused_build_gives_the_packaged_models_vectors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_MODEL_CACHE", str(tmp_path / "models"))
    monkeypatch.delenv("COACH_EMBED_MODEL", raising=False)
    files = embed_module.locate_model()
    packaged = embed_module.locate_packaged_model()
    assert files.model.parent == tmp_path / "models" and files.model_id == packaged.model_id
    fused = embed_module.MiniLMEmbedder(files).embed(TEXTS)
    floats = embed_module.MiniLMEmbedder(packaged).embed(TEXTS)
    assert np.abs(fused - floats).max() < 1e-5
