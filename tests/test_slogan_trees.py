"""The tree form of the slogan score model (pipeline/slogan_trees.py): stored as data that reads back the
same model, a malformed file refused with its name, the same scores in every run and worker."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import lexicons, slogan_scores as S, slogan_trees as T
from tests.conftest import ROOT

runner = CliRunner()


def _fitted(n_estimators: int = 12) -> T.TreeScoreModel:
    rng = np.random.default_rng(0)
    feats = S.MODEL_FEATURES
    X = rng.random((120, len(feats)))
    q, ln = feats.index("quoted"), feats.index("length")
    y = (X[:, q] + 0.5 * X[:, ln] + rng.normal(scale=0.3, size=120) > 0.8).astype(int)
    return T.TreeScoreModel(n_estimators=n_estimators, folds=3, features=feats).fit(
        X, y, groups=np.repeat(np.arange(6), 20), sample_weight=rng.integers(1, 4, size=120).astype(float))


def test_tree_model_reads_back_from_its_json_as_the_same_model():
    m = _fitted()
    data = json.loads(json.dumps(m.to_data(about="test")))
    assert data["form"] == "trees" and len(data["trees"]) == 12
    back = S.from_data(data)
    assert isinstance(back, T.TreeScoreModel)
    X = np.random.default_rng(1).random((50, len(S.MODEL_FEATURES)))
    assert np.array_equal(back.decision_function(X), m.decision_function(X))  # thresholds and leaves exact
    assert np.allclose(back.predict_proba(X), m.predict_proba(X), atol=1e-5)  # calibration kept to 6 places
    assert S.from_data(json.loads(json.dumps(back.to_data()))).predict_proba(X).tolist() == back.predict_proba(X).tolist()


def test_the_logistic_form_stays_readable_with_or_without_its_form():
    old = {"features": ["quoted"], "coef": [2.0], "intercept": -1.0, "calibration": [1.0, 0.0]}
    assert isinstance(S.from_data(old), S.ScoreModel) and isinstance(S.from_data({**old, "form": "logistic"}), S.ScoreModel)


def _broken(data: dict) -> list[tuple[str, dict]]:
    tree = data["trees"][0]
    loop = {**tree, "left": [0] + tree["left"][1:]}  # a node pointing back at itself
    return [
        ("unknown form", {**data, "form": "forest"}),
        ("string threshold", {**data, "trees": [{**tree, "threshold": ["0.5"] + tree["threshold"][1:]}] + data["trees"][1:]}),
        ("backward child", {**data, "trees": [loop] + data["trees"][1:]}),
        ("short list", {**data, "trees": [{**tree, "value": tree["value"][:-1]}]}),
        ("feature out of range", {**data, "features": data["features"][:1]}),
        ("no calibration", {k: v for k, v in data.items() if k != "calibration"}),
        ("code instead of data", {**data, "trees": "__import__('os').system('true')"}),
        ("logistic without coef", {"form": "logistic", "features": ["quoted"], "intercept": 0.0, "calibration": [1, 0]}),
    ]


@pytest.mark.parametrize("case", range(8))
def test_a_malformed_model_file_is_refused_with_its_name(tmp_path, case):
    what, data = _broken(_fitted(3).to_data())[case]
    folder = tmp_path / "lexicons"
    folder.mkdir()
    (folder / "slogan_scores.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError) as exc:
        lexicons.load(folder)
    assert str(folder / "slogan_scores.json") in str(exc.value), what
    assert "not a valid score model" in str(exc.value), what


def test_tree_scores_are_identical_across_runs_and_workers(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, p in enumerate(sorted((ROOT / "corpus").glob("*.txt"))[:6]):
        (corpus / p.name).write_bytes(p.read_bytes())
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "slogan_scores.json").write_text(json.dumps(_fitted().to_data()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the project's lexicons folder: its slogan_scores.json, the bundled files else
    scores = []
    for workers, out in (("1", "a"), ("2", "b"), ("2", "c")):
        r = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(tmp_path / out), "--workers", workers, "--quiet"])
        assert r.exit_code == 0, r.output
        cands = pd.read_parquet(tmp_path / out / "slogan_candidates.parquet")
        scores.append(cands.sort_values("slogan")[["slogan", "score"]].reset_index(drop=True))
    assert len(scores[0]) and scores[0]["score"].nunique() > 1  # the trees decide, not a constant
    for other in scores[1:]:
        pd.testing.assert_frame_equal(scores[0], other)


# the two ways of applying the trees (pipeline/slogan_trees.py: complete binary trees up to
# COMPLETE_DEPTH, the trees as they are beyond): the same decision values, and a deep custom
# model costs memory linear in its nodes (a reviewer's reproduction: a depth-20 chain took 50 MB
# and ~10 s when every tree was padded to a complete tree, depth 30 ran out of memory)

def _chain_model(depth: int) -> T.TreeScoreModel:
    f, thr, lo, hi, v = [], [], [], [], []
    for k in range(depth):  # node 2k: inner (x0 <= k -> leaf 2k+1 of value k, else on to 2k+2)
        i = 2 * k
        f += [0, -1]; thr += [float(k), 0.0]; lo += [i + 1, -1]; hi += [i + 2, -1]; v += [0.0, float(k)]
    f.append(-1); thr.append(0.0); lo.append(-1); hi.append(-1); v.append(99.0)
    tree = dict(zip(T.NODE_FIELDS, [f, thr, lo, hi, v]))
    return T.TreeScoreModel.from_data({"features": list(S.FEATURES), "init": 0.0, "calibration": [1.0, 0.0],
                                       "trees": [tree]})


def test_a_deep_thin_tree_costs_linear_memory():
    import tracemalloc

    model = _chain_model(20)
    X = np.zeros((3, len(S.FEATURES)))
    X[:, 0] = [0.5, 5.5, 100.0]
    tracemalloc.start()
    try:
        values = model.decision_function(X)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert values.tolist() == [1.0, 6.0, 99.0]
    assert peak < 5_000_000, f"{peak / 1e6:.1f} MB to score 3 rows with one 41-node tree"


def test_a_tree_deeper_than_python_s_recursion_limit_is_scored():
    model = _chain_model(1500)
    X = np.zeros((2, len(S.FEATURES)))
    X[:, 0] = [700.5, 1e9]
    assert model.decision_function(X).tolist() == [701.0, 99.0]


def _both_layouts(model: T.TreeScoreModel, X) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, np.float32).astype(np.float64)
    depth = max(T.tree_depth(t) for t in model.trees_)
    complete = model._complete_leaves(X, *model._complete(depth))
    flat = model._flat_leaves(X, *model._flat())
    return complete, flat


def test_complete_and_flat_trees_give_identical_leaves_with_nans_and_ties():
    model = _fitted(20)
    rng = np.random.default_rng(7)
    X = rng.random((500, len(model.features)))
    X[rng.random(X.shape) < 0.1] = np.nan  # a NaN goes right, in both
    thresholds = [t["threshold"][i] for t in model.trees_ for i in range(len(t["left"])) if t["left"][i] != -1]
    X[:50, :] = rng.choice(np.asarray(thresholds, np.float32), size=(50, X.shape[1]))  # values on a threshold
    complete, flat = _both_layouts(model, X)
    assert np.array_equal(complete, flat)
    assert model._layout()[0] == "complete"  # the bundled depth (3) is applied as complete trees


def test_the_bundled_model_scores_the_same_in_both_layouts():
    model = S.model_of(lexicons.load())
    if model is None or not isinstance(model, T.TreeScoreModel):
        pytest.skip("no bundled tree model")
    rng = np.random.default_rng(11)
    X = rng.random((300, len(model.features))) * rng.choice([1, 10, 100], size=(300, len(model.features)))
    X[rng.random(X.shape) < 0.05] = np.nan
    complete, flat = _both_layouts(model, X)
    assert np.array_equal(complete, flat)
