"""Guards of the slogan score model (review of slog18): a model file is checked on read — its feature names
against the code's, its numbers finite even when they are huge integers — and refused naming the file; the
stage's thresholds are the ones the trainer chose for the model it ships (``chosen`` in the JSON)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline import lexicons, slogans
from pipeline.config import LEXICON_ADD_MIN_SCORE, SegmentConfig, SloganConfig
from pipeline.lexicons import Lexicon

BUNDLED_MODEL = Path(lexicons.__file__).resolve().parent.parent / "lexicons" / "slogan_scores.json"


def _scores(*texts: str) -> dict[str, float]:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "source": [f"d{i}.txt" for i in range(len(texts))],
                         "date": ["2024-01-01"] * len(texts), "text": list(texts)})
    _, cands, _ = slogans.slogan_tables(docs, None, lexicon=Lexicon(),
                                        config=SloganConfig(min_score=0.0, min_score_named=0.0))
    return dict(zip(cands["slogan"], cands["score"]))


def _write(tmp_path: Path, data=None, raw: str | None = None) -> Path:
    folder = tmp_path / "lexicons"
    folder.mkdir()
    (folder / "slogan_scores.json").write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
    return folder


def _refused(folder: Path) -> str:
    with pytest.raises(ValueError) as exc:
        lexicons.load(folder)
    assert str(folder / "slogan_scores.json") in str(exc.value)
    assert "not a valid score model" in str(exc.value)
    return str(exc.value)


# --- feature names: checked against the code's FEATURES on read, both forms ---

def test_an_unknown_feature_name_is_refused_on_read_naming_the_file(tmp_path):
    # a renamed or misspelt feature loaded before, and `policytext run` died later in slogan_scores.score
    # ("tuple.index(x): x not in tuple", no file named)
    data = json.loads(BUNDLED_MODEL.read_text(encoding="utf-8"))
    data["features"][5] = "quotes"
    assert "quotes" in _refused(_write(tmp_path, data))


def test_an_unknown_feature_name_of_a_logistic_file_is_refused_on_read(tmp_path):
    folder = _write(tmp_path, {"form": "logistic", "features": ["no_such_feature"], "coef": [1.0], "intercept": 0.0,
                               "calibration": [1.0, 0.0]})
    assert "no_such_feature" in _refused(folder)


@pytest.mark.parametrize("form", ["trees", "logistic"])
def test_a_feature_named_twice_or_no_feature_at_all_is_refused_on_read(tmp_path, form):
    data = json.loads(BUNDLED_MODEL.read_text(encoding="utf-8"))
    if form == "logistic":
        data = {"form": "logistic", "features": list(data["features"]), "coef": [0.0] * len(data["features"]),
                "intercept": 0.0, "calibration": [1.0, 0.0]}
    twice = dict(data, features=[data["features"][0]] + data["features"][1:-1] + [data["features"][0]])
    for name, bad in (("twice", twice), ("empty", dict(data, features=[])), ("none", dict(data, features=None))):
        (tmp_path / name).mkdir()
        message = _refused(_write(tmp_path / name, bad))
        if name == "twice":
            assert data["features"][0] in message


# --- numbers: a huge integer is no finite number (OverflowError caught), the file named ---

@pytest.mark.parametrize("field", ["init", "threshold", "calibration"])
def test_a_huge_integer_is_refused_as_a_malformed_file_naming_it(tmp_path, field):
    data = json.loads(BUNDLED_MODEL.read_text(encoding="utf-8"))
    if field == "init":
        data["init"] = 10 ** 400
    elif field == "threshold":
        data["trees"][0]["threshold"][0] = 10 ** 400
    else:
        data["calibration"][0] = -(10 ** 400)
    _refused(_write(tmp_path, data))


def test_a_huge_integer_in_a_logistic_file_is_refused_naming_it(tmp_path):
    folder = _write(tmp_path, {"form": "logistic", "features": ["quoted"], "coef": [10 ** 400], "intercept": 0.0,
                               "calibration": [1.0, 0.0]})
    _refused(folder)


# --- thresholds: the trainer's chosen ones for the model shipped ---

def test_the_default_thresholds_are_the_ones_the_trainer_chose_for_the_bundled_model():
    """``slogans.min_score``, ``min_score_named``, ``segment.min_candidate_score`` and ``lexicon add``'s
    ``--min-score`` are the thresholds bench/train_slogan_scores.py chose (out of document) for the model
    it wrote: a model retrained without its thresholds moved along fails here."""
    chosen = json.loads(BUNDLED_MODEL.read_text(encoding="utf-8"))["chosen"]
    assert SloganConfig().min_score == chosen["min_score"]
    assert SloganConfig().min_score_named == chosen["min_score_named"]
    assert SegmentConfig().min_candidate_score == chosen["min_candidate_score"]
    assert LEXICON_ADD_MIN_SCORE == chosen["lexicon_add_min_score"]


def test_lexicon_add_from_candidates_defaults_to_the_chosen_min_score():
    import inspect

    from cli import lexicon_add

    assert inspect.signature(lexicon_add).parameters["min_score"].default.default == LEXICON_ADD_MIN_SCORE


@pytest.mark.xfail(strict=True, reason="KNOWN MISS: a company's brand in quotation marks (三全食品, 0.863) scores over "
                   "the chosen lexicon add default 0.82 (the trainer's, not set by hand): no feature tells a brand from a "
                   "formulation of four characters")
def test_a_food_brand_does_not_pass_the_lexicon_add_default():
    # main 0.863 (default 0.87), slog18 0.877; with problem_before dropped 0.863, over the chosen 0.83 (0.82 since the priors round is held out too):
    # `lexicon add --from-candidates` would write the brand 三全食品 into slogans.txt
    s = _scores("支持“三全食品”等企业做大做强。", "支持“三全食品”等企业做大做强。")["三全食品"]
    assert s < LEXICON_ADD_MIN_SCORE
