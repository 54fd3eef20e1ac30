"""The tree form of the slogan candidates' score model (``"form": "trees"`` in ``slogan_scores.json``):
gradient-boosted regression trees of small depth (scikit-learn's GradientBoostingClassifier, fixed
``random_state``) on the same features as the logistic form, then Platt scaling on their decision values
predicted out of document (folds grouped by document), as :class:`pipeline.slogan_scores.ScoreModel`.

Stored as data, never pickled: the baseline log-odds (``init``), the calibration, and for each tree its
nodes as parallel lists (``feature``: the index of the feature a node splits on into the model's
``features``, -1 at a leaf; ``threshold``: a row goes left when its value, as float32 the way scikit-learn
reads it, is at most this; ``left``/``right``: the children's node indices, -1 at a leaf, always after the
node; ``value``: a leaf's contribution, learning rate included). :func:`check` validates a file's shapes and
types before anything is applied (nothing in the file runs as code); applying the trees is numpy alone, so
scores are identical in every run and worker.

>>> m = TreeScoreModel.from_data({"form": "trees", "features": ["quoted"], "init": -1.0, "calibration": [1.0, 0.0],
...     "trees": [{"feature": [0, -1, -1], "threshold": [0.5, 0.0, 0.0], "left": [1, -1, -1], "right": [2, -1, -1],
...                "value": [0.0, -1.0, 2.0]}]})
>>> [round(float(p), 3) for p in m.predict_proba([[0.0], [1.0]])]
[0.119, 0.731]
"""

from __future__ import annotations

import numpy as np

FORM = "trees"
# what the trainer fits (bench/train_slogan_scores.py --form trees): 150 trees of depth 3, the setting the
# scratch harness of round 11 measured (grouped-CV log loss 0.337 -> 0.303 against the logistic form)
N_ESTIMATORS = 150
MAX_DEPTH = 3
LEARNING_RATE = 0.1
NODE_FIELDS = ("feature", "threshold", "left", "right", "value")
# the deepest trees applied as complete binary trees (TreeScoreModel._complete: 2**(depth+1)-1 nodes a
# tree); deeper ones (a custom model's) as they are (TreeScoreModel._flat), the same decision values
COMPLETE_DEPTH = 8


def _number(x) -> bool:
    from pipeline.slogan_scores import finite

    return finite(x)


def _index(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def check(data) -> None:
    """Raise ValueError saying what is wrong when ``data`` is no valid tree model (shapes, types, node
    links that only point forward, feature indices inside ``features``, which are distinct names of
    :data:`pipeline.slogan_scores.FEATURES`)."""
    from pipeline.slogan_scores import check_feature_names

    if not isinstance(data, dict):
        raise ValueError("a tree model is a JSON object")
    feats = data.get("features")
    check_feature_names(feats)
    if not _number(data.get("init")):
        raise ValueError("'init' must be a finite number")
    cal = data.get("calibration")
    if not isinstance(cal, list) or len(cal) != 2 or not all(_number(x) for x in cal):
        raise ValueError("'calibration' must be two finite numbers [a, b]")
    trees = data.get("trees")
    if not isinstance(trees, list) or not trees:
        raise ValueError("'trees' must be a non-empty list")
    for t, tree in enumerate(trees):
        if not isinstance(tree, dict) or set(tree) != set(NODE_FIELDS):
            raise ValueError(f"tree {t}: must hold exactly {', '.join(NODE_FIELDS)}")
        cols = [tree[k] for k in NODE_FIELDS]
        if not all(isinstance(c, list) for c in cols) or len({len(c) for c in cols}) != 1 or not cols[0]:
            raise ValueError(f"tree {t}: {', '.join(NODE_FIELDS)} must be lists of one non-zero length")
        n = len(cols[0])
        for i, (f, thr, lo, hi, v) in enumerate(zip(*cols)):
            if not (_index(f) and _index(lo) and _index(hi) and _number(thr) and _number(v)):
                raise ValueError(f"tree {t} node {i}: feature/left/right must be integers, threshold/value finite numbers")
            leaf = lo == -1
            if leaf != (hi == -1) or leaf != (f == -1):
                raise ValueError(f"tree {t} node {i}: a leaf has feature, left and right -1, an inner node none")
            if not leaf and not (0 <= f < len(feats) and i < lo < n and i < hi < n):
                raise ValueError(f"tree {t} node {i}: feature index or child out of range (children come after their node)")


class TreeScoreModel:
    """Gradient-boosted trees + Platt scaling, fitted with scikit-learn, applied with numpy (module
    docstring). ``fit(X, y, groups=, sample_weight=)`` as :class:`pipeline.slogan_scores.ScoreModel`'s:
    ``oof_decision_`` keeps the decision values predicted out of document the calibration is fitted on.

    >>> X = [[0.0], [1.0], [0.0], [1.0], [1.0], [0.0]] * 2
    >>> m = TreeScoreModel(n_estimators=5, folds=3).fit(X, [0, 1, 0, 1, 1, 0] * 2, groups=[0, 0, 1, 1, 2, 2] * 2)
    >>> bool(m.predict_proba([[1.0]])[0] > 0.5 > m.predict_proba([[0.0]])[0])
    True
    """

    form = FORM

    def __init__(self, n_estimators: int = N_ESTIMATORS, max_depth: int = MAX_DEPTH, learning_rate: float = LEARNING_RATE,
                 folds: int = 5, random_state: int = 0, features: tuple[str, ...] = ()):
        self.n_estimators = n_estimators
        self.max_depth = max_depth
        self.learning_rate = learning_rate
        self.folds = folds
        self.random_state = random_state
        self.features = tuple(features)

    def _booster(self):
        from sklearn.ensemble import GradientBoostingClassifier

        return GradientBoostingClassifier(n_estimators=self.n_estimators, max_depth=self.max_depth,
                                          learning_rate=self.learning_rate, random_state=self.random_state)

    def fit(self, X, y, *, groups=None, sample_weight=None, calibration_weight=None) -> "TreeScoreModel":
        from pipeline.slogan_scores import out_of_document

        X, y = np.asarray(X, float), np.asarray(y, int)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        self.oof_decision_, self.calibration_ = out_of_document(self._booster, X, y, w, groups, self.folds, calibration_weight)
        gb = self._booster().fit(X, y, sample_weight=w)
        self.trees_ = [export_tree(est.tree_, self.learning_rate) for est in gb.estimators_[:, 0]]
        self.init_ = 0.0
        self.init_ = float(gb.decision_function(X[:1])[0] - self.decision_function(X[:1])[0])
        if not np.allclose(self.decision_function(X), gb.decision_function(X), atol=1e-9):
            raise AssertionError("exported trees do not reproduce the booster's decision values")
        return self

    def decision_function(self, X) -> np.ndarray:
        # scikit-learn's trees compare float32 values with float64 thresholds: the same here
        X = np.asarray(X, np.float32).astype(np.float64).reshape(-1, len(self.features) or np.shape(X)[-1])
        layout = self._layout()
        leaves = self._complete_leaves(X, *layout[1:]) if layout[0] == "complete" else self._flat_leaves(X, *layout[1:])
        # the leaves' values added tree by tree, in the trees' order (cumsum adds in sequence: the sums of a loop)
        z = np.column_stack([np.full(len(X), self.init_), leaves])
        return np.cumsum(z, axis=1)[:, -1]

    @staticmethod
    def _complete_leaves(X, feature, threshold, value, depth) -> np.ndarray:
        """Each row's leaf value in each tree (rows x trees), the trees complete (:meth:`_complete`):
        a node's children are 2i+1 and 2i+2, so a level is one comparison, no lookup of children
        and no test for leaves."""
        n_trees, width = feature.shape
        rows = np.arange(len(X), dtype=np.int64)[:, None] * X.shape[1]
        offset = np.arange(n_trees, dtype=np.int64) * width
        flat_x, flat_f, flat_t = X.ravel(), feature.ravel(), threshold.ravel()
        node = np.zeros((len(X), n_trees), dtype=np.int64)
        for _ in range(depth):
            at = node + offset
            node = 2 * node + 2 - (flat_x[rows + flat_f[at]] <= flat_t[at])  # left when at most the threshold (NaN: right)
        return value.ravel()[node + offset]

    @staticmethod
    def _flat_leaves(X, feature, threshold, left, right, value, starts) -> np.ndarray:
        """:meth:`_complete_leaves` for trees as they are (:meth:`_flat`): a node as its index into
        the trees' concatenated arrays, its children looked up, a level until every row is at a leaf."""
        node = np.broadcast_to(starts, (len(X), len(starts))).copy()
        flat_x = X.ravel()
        base = np.arange(len(X), dtype=np.int64)[:, None] * X.shape[1]
        while True:
            lo = left[node]
            inner = lo >= 0
            if not inner.any():
                break
            go_left = flat_x[base + feature[node]] <= threshold[node]
            node = np.where(inner, np.where(go_left, lo, right[node]), node)
        return value[node]

    def _layout(self):
        """The trees as arrays, built once per list of trees: ``("complete", ...)`` (:meth:`_complete`)
        when the deepest tree is at most :data:`COMPLETE_DEPTH` deep, else ``("flat", ...)``
        (:meth:`_flat`; a complete tree has 2**(depth+1)-1 nodes: a deep custom model's would not
        fit in memory). The decision values are the same either way."""
        if getattr(self, "_layout_cache", None) is None or self._layout_cache[0] is not self.trees_:
            depth = max((tree_depth(t) for t in self.trees_), default=0)
            layout = ("complete", *self._complete(depth)) if depth <= COMPLETE_DEPTH else ("flat", *self._flat())
            self._layout_cache = (self.trees_, layout)
        return self._layout_cache[1]

    def _complete(self, depth: int):
        """The trees as complete binary trees of ``depth`` (the deepest one's), as arrays of one row
        per tree (node i's children at 2i+1 and 2i+2): a leaf above the last level becomes an inner
        node whose subtree's leaves all hold its value (feature 0, threshold +inf: its rows go left,
        and either way reach its value). ``(feature, threshold, value, depth)``."""
        width = 2 ** (depth + 1) - 1
        feature = np.zeros((len(self.trees_), width), dtype=np.int64)
        threshold = np.full((len(self.trees_), width), np.inf)
        value = np.zeros((len(self.trees_), width))
        for k, t in enumerate(self.trees_):
            stack = [(0, 0, 0)]  # (node in the tree, place in the complete tree, level)
            while stack:
                i, j, level = stack.pop()
                if t["left"][i] != -1:
                    feature[k, j], threshold[k, j] = t["feature"][i], t["threshold"][i]
                    stack += [(t["left"][i], 2 * j + 1, level + 1), (t["right"][i], 2 * j + 2, level + 1)]
                elif level < depth:  # a leaf above the last level: the same leaf on both sides
                    stack += [(i, 2 * j + 1, level + 1), (i, 2 * j + 2, level + 1)]
                else:
                    value[k, j] = t["value"][i]
        return feature, threshold, value, depth

    def _flat(self):
        """The trees' arrays concatenated, children as indices into them (a leaf's -1 kept; a
        leaf's feature 0, read and never used), and each tree's root: ``(feature, threshold, left,
        right, value, starts)``. Linear in the trees' nodes whatever their depth."""
        sizes = [len(t["left"]) for t in self.trees_]
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if sizes else np.zeros(0, np.int64)

        def joined(field, dtype):
            return np.concatenate([np.asarray(t[field], dtype) for t in self.trees_]) if sizes else np.zeros(0, dtype)

        offset = np.repeat(starts, sizes)
        left, right = joined("left", np.int64), joined("right", np.int64)
        return (np.maximum(joined("feature", np.int64), 0), joined("threshold", np.float64),
                np.where(left >= 0, left + offset, -1), np.where(right >= 0, right + offset, -1),
                joined("value", np.float64), starts)

    def oof_proba(self) -> np.ndarray:
        a, b = self.calibration_
        return 1 / (1 + np.exp(-(a * self.oof_decision_ + b)))

    def predict_proba(self, X) -> np.ndarray:
        a, b = self.calibration_
        return 1 / (1 + np.exp(-(a * self.decision_function(X) + b)))

    def to_data(self, **about) -> dict:
        return {**about, "form": FORM, "features": list(self.features),
                "n_estimators": self.n_estimators, "max_depth": self.max_depth, "learning_rate": self.learning_rate,
                "init": self.init_, "calibration": [round(x, 6) for x in self.calibration_], "trees": self.trees_}

    @classmethod
    def from_data(cls, data: dict) -> "TreeScoreModel":
        check(data)
        m = cls(features=tuple(data["features"]))
        m.init_ = float(data["init"])
        m.calibration_ = tuple(float(x) for x in data["calibration"])
        m.trees_ = data["trees"]
        return m


def tree_depth(tree: dict) -> int:
    """The number of comparisons on a tree's longest path (0: a single leaf), without recursion.

    >>> tree_depth({"left": [1, -1, -1], "right": [2, -1, -1]})
    1
    """
    deepest, stack = 0, [(0, 0)]
    while stack:
        i, level = stack.pop()
        if tree["left"][i] == -1:
            deepest = max(deepest, level)
        else:
            stack += [(tree["left"][i], level + 1), (tree["right"][i], level + 1)]
    return deepest


def export_tree(tree, learning_rate: float) -> dict:
    """One fitted scikit-learn regression tree (``estimator.tree_``) as the data of the module docstring:
    thresholds exact (a float's JSON text reads back the same float), leaf values times the learning rate."""
    left = tree.children_left.tolist()
    leaf = [c == -1 for c in left]
    return {"feature": [-1 if lf else int(f) for f, lf in zip(tree.feature, leaf)],
            "threshold": [0.0 if lf else float(t) for t, lf in zip(tree.threshold, leaf)],
            "left": [int(c) for c in left], "right": [int(c) for c in tree.children_right],
            "value": [float(v) * learning_rate if lf else 0.0 for v, lf in zip(tree.value[:, 0, 0], leaf)]}
