"""The semantic encoder: weights refused unless they are all-MiniLM-L6-v2's file, and, with the
real weights, the similarities sentence-transformers documents for that model."""

import json
import struct
import zipfile

import numpy as np
import pytest

from liaison.core import semantic


def _safetensors(tensors: dict[str, np.ndarray]) -> bytes:
    header, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        raw = array.astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + b"".join(blobs)


def test_safetensors_are_read_as_float32_arrays():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    out = semantic.read_safetensors(_safetensors({"a": a, "b": np.ones(4)}))
    assert np.array_equal(out["a"], a) and out["b"].tolist() == [1.0] * 4


def test_weights_with_another_hash_are_refused(tmp_path):
    bad = tmp_path / "model.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("model.safetensors", _safetensors({"a": np.zeros(2)}))
        zf.writestr("tokenizer.json", "{}")
    with pytest.raises(semantic.ModelUnavailable, match="expected 53aa5117"):
        semantic.load(str(bad))


needs_model = pytest.mark.skipif(not semantic.available(), reason="weights not installed")


@needs_model
def test_minilm_gives_the_documented_similarities():
    encoder = semantic.load()
    x = encoder.embed([
        "The new movie is awesome", "The new movie is so great",
        "A man is eating food.", "A man is eating a piece of bread.",
    ])
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    # sentence-transformers' documentation: 0.8939 and 0.7553 for all-MiniLM-L6-v2
    assert x[0] @ x[1] == pytest.approx(0.8939, abs=2e-3)
    assert x[2] @ x[3] == pytest.approx(0.7553, abs=2e-3)


@needs_model
def test_a_comment_is_closer_to_its_restatement_than_to_another_point():
    comment = ("According to the current state of the standard draft, the class template "
               "basic_regex is neither MoveConstructible nor MoveAssignable. It should be, "
               "because typical regex state machines are expensive to copy.")
    done = []
    x = semantic.load().embed(
        [comment, "basic_regex should be moveable",
         "Missing requirements for smart-pointer safety API"],
        progress=lambda n, total: done.append((n, total)))
    assert x[0] @ x[1] > x[0] @ x[2] + 0.2
    assert done[-1] == (3, 3)
