"""The score of a slogan candidate: a calibrated probability that it is a formulation under
the contract (``../shared/ANNOTATION.md``, Slogans), from features, by a learned model.

Features (:data:`FEATURES`, one vector per candidate over the corpus): the rules that found
it, its kind, how often it is quoted, its recurrence in a document and in the corpus, whether
the text explains it, its standing in the mined archive (``formulations_mined.tsv``: regions,
share of documents that quote it, the national documents and the regions writing it, the share of its
archive occurrences that are whole words, the phrase model's score of it), its length, word boundaries from jieba's dictionary (an
occurrence that cuts a dictionary word, 强省会 in 增强省会; the formulation itself a plain
word) and the part of speech before it (a verb from the dictionary: 推进, 落实 …).

The model is logistic regression (scikit-learn) on the annotated dev documents
(:data:`MODEL_FEATURES`: not the features of a document's own recurrence), then Platt scaling on
its decision values predicted out of document (folds grouped by document), so that a score of
0.9 means about nine in ten such candidates are formulations on documents it has not seen. It
is stored as data, ``lexicons/slogan_scores.json`` (feature names, coefficients, intercept,
calibration, how it was trained), never pickled; ``python bench/train_slogan_scores.py``
retrains it. Nothing is fitted at run time.

>>> m = ScoreModel.from_data({"features": ["quoted"], "coef": [2.0], "intercept": -1.0, "calibration": [1.0, 0.0]})
>>> round(float(m.predict_proba([[1.0]])[0]), 3)
0.731
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from pipeline import slogan_rules as R

# rule groups: the rules that found a candidate, as one-hot features
RULE_GROUPS = {
    "plus_formula": "rule_plus", "numeral_pattern": "rule_pattern", "numeral_quoted": "rule_numeral_quoted",
    "quoted_part": "rule_numeral_quoted", "quoted_series": "rule_series", "merge_one": "rule_numeral_quoted",
    "verb_numeral": "rule_numeral_quoted", "digits_name": "rule_digits", "digits_programme": "rule_digits",
    "digit_pattern": "rule_numeral_quoted", "numeral_code": "rule_numeral_quoted", "magnitude_campaign": "rule_numeral_quoted",
    "quoted_series_word": "rule_series", "quoted_series_item": "rule_series", "pattern_with_far_head": "rule_named_kind", "plan": "rule_plan",
    "numeral_campaign": "rule_set", "recurring_set": "rule_set", "series_count": "rule_series",
    "named_kind": "rule_named_kind", "plus_words": "rule_plus_words", "quoted": "rule_quoted",
    "mined": "rule_mined", "mined_without_commas": "rule_mined", "recurrence": "rule_recurrence", "named_series": "rule_named_series",
    "quoted_name_with_head": "rule_named_kind", "service_circle": "rule_named_kind",
    # weak quotations (slogans.WEAK_REJECTIONS): a word of the language, or a numeral that counts nothing
    "weak_ordinary_word": "rule_weak_word", "weak_word_with_numeral": "rule_weak_word",
    "weak_ordinary_word_start": "rule_weak_word",
    "weak_magnitude_not_count": "rule_weak_number", "weak_numerals_only": "rule_weak_number",
}
FEATURES = (
    "rule_plus", "rule_pattern", "rule_numeral_quoted", "rule_series", "rule_digits", "rule_plan", "rule_set",
    "rule_named_kind", "rule_plus_words", "rule_quoted", "rule_mined", "rule_recurrence", "rule_named_series",
    "kind_numbered", "kind_named", "kind_plan",
    "quoted", "log_count", "several_docs", "defined",
    "mined", "mined_log_regions", "mined_quoted_share",
    "length", "short_named", "has_digit",
    "dict_word", "dict_abbreviation", "cuts_word", "verb_before",
    "numeral_components", "place_or_brand_tail", "ordinal_or_sentence",
    "has_verb", "title_or_award", "digit_plus_formula",
    "compression", "word_compound", "big_set", "mined_head", "mined_quoted_word", "mined_national",
    "rule_weak_word", "rule_weak_number", "outcome_label", "country_campaign",
    "mined_whole_share", "mined_written_regions", "listed_before", "digit_code", "mined_phrase_score",
    "set_phrase", "grid_shape", "thing_after",
)
# features that only repeat a document's own recurrence (how often the candidate is written per
# document, in more than one document of the run, found again unquoted by the recurrence rule): a
# document repeats its own phrases, formulations or not, so they do not tell a formulation on a
# document the model has not seen (leaving them out: grouped-CV log loss 0.328 -> 0.314, precision at
# >= 0.9 kept, bench/train_slogan_scores.py). Computed, shown to no model.
DOCUMENT_RECURRENCE = ("log_count", "several_docs", "rule_recurrence")
# the features the model is trained on
MODEL_FEATURES = tuple(f for f in FEATURES if f not in DOCUMENT_RECURRENCE)
# national documents writing a mined formulation, beyond which more add nothing (mined_national)
NATIONAL_CAP = 20
# regions writing a mined formulation, quoted or not, beyond which more add nothing (mined_written_regions)
WRITTEN_REGIONS_CAP = 300
# a word that counts as a word of the language in a formulation's shape (jieba frequency):
# 海绵 + 城市 is a compound of two words, 专精 (frequency 3) is not one
COMMON_WORD = 20
# an ad-hoc count of categories: 四大战略, 两大基地, 十大产业链 (the contract keeps only standing sets)
BIG_SET = re.compile(r"^[两三四五六七八九十百千]+大")
# last characters of place, project, brand and category names (兰白两区 … 两弹城, 九曲黄河灯阵, 三类户)
PLACE_TAIL = frozenset("城园港阵户村镇站馆号区岸厂")
# an outcome, not a name: a count and a change alone (双下降, 三增, 双提高: both figures fell, rose);
# a formulation of this shape (双减) has its own evidence in the mined archive
OUTCOME_LABEL = re.compile(r"^[一二两三四五六七八九十双]{1,2}(?:下降|提高|提升|增长|减少|增加|上升|回升|翻番|增|降|减|升|提)$")
# a national campaign named as a kind of the country: two characters and 中国 (美丽中国, 平安中国,
# 健康中国, 数字中国, 法治中国), mostly written unquoted because every reader knows it
COUNTRY_CAMPAIGN = re.compile(r"^[\u4e00-\u9fff]{2}中国$")
# an identifier, not a name: bare digits that read as a year (“2008”工程) or of five and more (a
# telephone or service line, “12345”: strategy names of digits have three or four, “5155”, “1376”)
DIGIT_CODE = re.compile(r"^(?:(?:19|20)[0-9]{2}|[0-9]{5,})$")
# the bodies of a network or landscape description rather than a name (三环十射, 六横八纵, 一湖九河: the
# roads of a grid by direction and shape, the rivers and lakes of a place): every numeral counts one of these
GRID_BODIES = frozenset("横纵环射河湖江沟渠")
# what follows a name of a thing, not of a campaign (the contract's award, event, market and title names):
# an award or title (“五个一”工程奖, “全国文明城市”称号), a meeting or forum (“读懂中国”国际会议), a listing
# of a company on a market (“新三板”挂牌, 上市); read right after the occurrence, its closing quotation mark and a
# campaign word (slogan_rules.SUFFIXES) aside, as a word (:func:`thing_word`). 板块 is no listing: in
# regional plans it is an area or sector of a layout (“一核两翼”板块)
THING_AFTER = re.compile(r"(?:工程|计划)?(?:奖项|奖|大奖|勋章|称号|荣誉称号)|(?:国际)?(?:会议|论坛|峰会|博览会|交易会|展览会|年会)"
                         r"|(?:挂牌|上市|牌照)")  # matched at a position (re's match), so no ^
# the last characters of the words THING_AFTER matches (a word of it ends in one of them)
THING_LAST = frozenset("奖项章号议坛会牌市照")
# a word of jieba's dictionary this frequent that starts with a thing's word is another word (奖惩, 奖励,
# 会议室): the thing's word must be the whole word there
THING_WORD_FREQ = 50
# the head of a phrase a thing's word only modifies: a campaign, plan or policy (奖补政策, 上市培育计划:
# a subsidy policy, a listing campaign, not an award or a listing), read in the words right after it
MODIFIED_HEADS = R.NAMED_AFTER + ("政策", "办法", "制度", "措施", "方案", "资金", "专项")
# how far after a thing's word such a head may start (one word of two characters in between at most)
MODIFIED_HEAD_WITHIN = 2
# an ordinal or a sentence in quotation marks: 第一棒, 一步跨千年, 一方水土难养一方人
ORDINAL_OR_SENTENCE = re.compile(r"^第|[不难之跨的了]")
# a title, award or honour (全国文明城市, 全国脱贫攻坚楷模, 中国投资热点城市, 文华大奖): a named
# thing that starts with the level that grants it or ends with what is granted
TITLE_OR_AWARD = re.compile(r"^(?:全国|中国|国家)|(?:奖|楷模|先进|示范|赛事|城市|集体|称号)$")


@lru_cache(maxsize=None)
def _words() -> dict:
    return R.jieba_words()


def occurrence(text: str, start: int, end: int) -> tuple[bool, bool, bool, bool, bool]:
    """``(quoted, cuts a dictionary word, a verb right before, a count of the items listed right
    before, a thing's head right after)`` for one occurrence in ``text`` (the fourth:
    :func:`~pipeline.slogan_rules.sums_up_list`; the last: :data:`THING_AFTER`)."""
    w = _words()
    quoted = text[start:start + 1] in R.OPENING or (start > 0 and text[start - 1] in R.OPENING) or _inside_quotes(text, start, end)
    cut = not quoted and R.cuts_word(text, start)
    if end < len(text) and text[end - 1] not in R.CLOSING and text[end] not in R.CLOSING:
        cut = cut or R.cuts_word(text, end)
    b = start - (1 if start and text[start - 1] in R.OPENING else 0)
    verb = w.get(text[max(0, b - 2):b], (0, ""))[1] in ("v", "vn", "vd")
    # a count of the items its clause lists right before it (科教兴鲁、经济国际化、城市化和可持续发展四大战略;
    # 石化、机械……电力等十大传统产业): an ad-hoc count of the sentence, which the contract excludes, not the
    # name of a standing set (实施“六大行动”, no list before it). The stage rejects such quoted and N大
    # counts itself; the mined and recurring ones, and lists ending in 等, reach the model
    thing = thing_after(text, end) or thing_at_end(text, start, end)
    return quoted, cut, verb, R.sums_up_list(text, b, text[start:end], etc=True), thing


def thing_after(text: str, end: int) -> bool:
    """The word right after an occurrence ending at ``end`` names an award, a title, a meeting or a
    market listing (:data:`THING_AFTER`, read as a word: :func:`thing_word`): the occurrence names that
    thing, no campaign.

    >>> thing_after("获“五个一”工程奖", 5), thing_after("在“新三板”挂牌", 5), thing_after("实施“五个一”工程", 6)
    (True, True, False)
    >>> thing_after("完善“三融三促”奖惩办法", 7), thing_after("实施“8+10”上市培育计划", 7)
    (False, False)
    """
    e = end + (1 if text[end:end + 1] in R.CLOSING else 0)
    e += len(R.suffix_at(text, e))
    return thing_word(text, e) > e


def thing_word(text: str, i: int) -> int:
    """The end of the thing's word (:data:`THING_AFTER`) starting at ``i`` of ``text``, or -1: a whole word
    (no word of jieba's dictionary of :data:`THING_WORD_FREQ` or more starts there longer than it: 奖惩, 奖励
    are no 奖) that heads its phrase (no campaign, plan or policy head, :data:`MODIFIED_HEADS`, follows
    within :data:`MODIFIED_HEAD_WITHIN` characters: 奖补政策, 上市培育计划).

    >>> thing_word("工程奖。", 0), thing_word("奖励机制", 0), thing_word("奖补政策", 0), thing_word("板块", 0)
    (3, -1, -1, -1)
    """
    m = THING_AFTER.match(text, i, i + 6)
    if not m:
        return -1
    j, w = m.end(), _words()
    if any(w.get(text[i:k], (0, ""))[0] >= THING_WORD_FREQ
           for k in range(j + 1, min(len(text), j + 2) + 1)):
        return -1
    rest = text[j:j + MODIFIED_HEAD_WITHIN + 4]
    if any(rest.startswith(h, k) for k in range(MODIFIED_HEAD_WITHIN + 1) for h in MODIFIED_HEADS
           if not R.CLAUSE_END.search(rest[:k])):
        return -1
    return j


def thing_at_end(text: str, start: int, end: int) -> bool:
    """The occurrence ``text[start:end]`` itself ends in a thing's word (:func:`thing_word`) after a
    body of its own: the mined row 五个一工程奖 (written “五个一工程”奖, the quotation marks do not cut
    it) names the award, the word is part of the hit.

    A word counted by a numeral right before it is an item of a numbered set, not the name's head
    (四节一论坛: four festivals and one forum).

    >>> thing_at_end("获得“五个一工程”奖。", 3, 10), thing_at_end("实施“五个一”工程", 3, 6), thing_at_end("办好四节一论坛", 2, 7)
    (True, False, False)
    """
    if text[end - 1:end] not in THING_LAST:
        return False  # no thing's word ends there (most occurrences): no position to try
    for k in range(start + 1, end):
        if thing_word(text, k) == end and not R.cuts_word(text, k) and not R.NUMERAL_OR_DIGIT.match(text[k - 1]):
            return True
    return False


def _inside_quotes(text: str, start: int, end: int) -> bool:
    """An item of a quoted series (“一库通查、一码通办、一端通管”): quotation marks open before it
    and close after it within the clause."""
    before, after = text[max(0, start - 30):start], text[end:end + 30]
    o = max(before.rfind(c) for c in R.OPENING)
    c = max(before.rfind(c) for c in R.CLOSING)
    return o > c and any(ch in after for ch in R.CLOSING)


def features(slogan: str, kind: str, stats: dict, mined, defined: bool, formulation: dict | None = None) -> list[float]:
    """The feature vector (:data:`FEATURES`) of a candidate; ``stats``: its corpus counts
    (``count``, ``n_docs``, ``rules``, ``quoted``, ``cut``, ``verb``, ``listed``, ``thing``), ``mined``: its
    :class:`~pipeline.formulations.MinedEntry` or None; ``formulation``: its
    :func:`formulation_features` when known (a run keeps them between runs), else computed."""
    f = dict.fromkeys(FEATURES, 0.0)
    for r in stats["rules"]:
        if r in RULE_GROUPS:
            f[RULE_GROUPS[r]] = 1.0
    f["kind_" + kind] = 1.0
    n = max(1, stats["count"])
    f["quoted"] = stats.get("quoted", 0) / n
    f["log_count"] = math.log1p(stats["count"] / max(1, stats["n_docs"]))  # per document: the same on 4 reports or 4,000
    f["several_docs"] = float(stats["n_docs"] > 1)
    f["defined"] = float(defined)
    if mined is not None:
        f["mined"] = 1.0
        f["mined_log_regions"] = math.log1p(mined.n_regions)
        f["mined_quoted_share"] = mined.quoted_share
    f.update(_formulation_features(slogan, kind) if formulation is None else formulation)  # the same for every occurrence of it
    f["cuts_word"] = stats.get("cut", 0) / n
    f["verb_before"] = stats.get("verb", 0) / n
    f["listed_before"] = stats.get("listed", 0) / n  # share of its occurrences counting a list right before them
    f["thing_after"] = stats.get("thing", 0) / n  # share of its occurrences naming an award, meeting or listing after them
    if mined is not None:
        f["mined_head"] = float(mined.evidence == "head")
        f["mined_quoted_word"] = float(mined.evidence == "quoted word")
        # written in the State Council's reports: a national formulation, which the contract
        # counts quoted or not (扫黑除恶, 美丽中国 are written in 6-7 of them, mostly unquoted)
        f["mined_national"] = math.log1p(min(mined.n_national, NATIONAL_CAP)) / math.log1p(NATIONAL_CAP)
        # how often the archive writes it as a whole word (a fragment of longer words cuts them: 强省会 in
        # 增强省会) and in how many regions, quoted or not (a phrase of the language is written everywhere)
        f["mined_whole_share"] = mined.whole_share
        f["mined_written_regions"] = math.log1p(min(mined.n_written_regions, WRITTEN_REGIONS_CAP)) / math.log1p(WRITTEN_REGIONS_CAP)
        # the phrase model's score (formulations.phrase_scores): the phrase as a named formulation, from its
        # national use, naming use, quoting and standing in the language across the archive
        f["mined_phrase_score"] = mined.phrase_score
        if mined.evidence == R.NATIONAL_SET_PHRASE:
            # the idiom rule's exception: a fixed phrase the State Council's reports write as a formulation
            # (一国两制, evidence from the archive, formulations.SET_PHRASE_NATIONAL_DOCS) is no saying of the language
            f["set_phrase"] = 0.0
    return [f[k] for k in FEATURES]


def formulation_features(slogan: str, kind: str) -> dict:
    """The features of :func:`features` that depend on the formulation and its kind alone, by
    name (a copy: the caller may keep it).

    >>> f = formulation_features("放管服", "named")
    >>> f["length"], f["compression"], f["dict_word"]
    (0.25, 1.0, 0.0)
    """
    return dict(_formulation_features(slogan, kind))


@lru_cache(maxsize=65536)
def _formulation_features(slogan: str, kind: str) -> dict:
    """The features of :func:`features` that depend on the formulation and its kind alone
    (its length, words, numerals, patterns), computed once per formulation: :func:`features`
    runs once per distinct occurrence (the stage's priors) and per candidate (its scores)."""
    f = {}
    f["length"] = min(len(slogan), 12) / 12
    f["short_named"] = float(kind == "named" and len(slogan) <= 3)
    f["has_digit"] = float(any(c.isdigit() for c in slogan))
    entry = _words().get(slogan)
    f["dict_word"] = float(entry is not None and entry[0] >= 3 and entry[1] not in ("nz", "j"))
    f["dict_abbreviation"] = float(entry is not None and entry[1] in ("nz", "j"))
    comps = R.numeral_components(slogan) if kind == "numbered" else []
    f["numeral_components"] = min(len(comps), 4) / 4  # 一总五分, 三优三安两提升: a structure of counts
    f["place_or_brand_tail"] = float(slogan[-1:] in PLACE_TAIL)
    f["ordinal_or_sentence"] = float(bool(ORDINAL_OR_SENTENCE.search(slogan)))
    f["has_verb"] = float(has_verb(slogan))
    f["title_or_award"] = float(kind == "named" and bool(TITLE_OR_AWARD.search(slogan)))
    # 1+1+17, 2+5+N: digits joined by + carry the structure, quoted or not (has_digit alone
    # also fires on hotlines and bare numbers)
    f["digit_plus_formula"] = float("+" in slogan and any(c.isdigit() for c in slogan))
    words = shape(slogan)
    # a compression of several words into single characters (放管服, 专精特新, 谋跑争促, 扫黑除恶)
    # against a compound of two words of the language (海绵城市, 智慧城市, 美丽乡村)
    f["compression"] = sum(len(x) == 1 for x in words) / max(1, len(slogan))
    f["word_compound"] = float(kind == "named" and len(words) == 2 and all(len(x) >= 2 for x in words))
    f["big_set"] = float(bool(BIG_SET.match(slogan)))
    f["outcome_label"] = float(bool(OUTCOME_LABEL.match(slogan)))
    f["country_campaign"] = float(kind == "named" and bool(COUNTRY_CAMPAIGN.match(slogan)))
    f["digit_code"] = float(bool(DIGIT_CODE.match(slogan)))
    # a set phrase of the language as jieba's dictionary tags it: an idiom (i) or a common fixed phrase
    # (l of frequency 20 and more, as slogan_rules.is_idiom: 稳中求进, 重中之重, 好日子, 化学反应; the
    # rare ones are formulations: 五位一体, 一岗双责, 两步走): a saying of the language, seldom a name
    f["set_phrase"] = float(R.set_phrase(entry))
    f["grid_shape"] = float(kind == "numbered" and len(comps) >= 2 and all(len(b) == 1 and b in GRID_BODIES for _, b in comps))
    return f


@lru_cache(maxsize=65536)
def shape(s: str) -> tuple[str, ...]:
    """The words of ``s`` by forward maximum matching on jieba's common words (frequency at
    least :data:`COMMON_WORD`); characters that start no such word stand alone.

    >>> shape("海绵城市"), shape("专精特新")
    (('海绵', '城市'), ('专', '精', '特', '新'))
    """
    w, i, out = _words(), 0, []
    while i < len(s):
        k = next((k for k in range(min(6, len(s) - i), 1, -1) if w.get(s[i:i + k], (0, ""))[0] >= COMMON_WORD), 1)
        out.append(s[i:i + k])
        i += k
    return tuple(out)


@lru_cache(maxsize=65536)
def has_verb(s: str) -> bool:
    """A verb among the words of ``s`` cut by forward maximum matching on jieba's dictionary: a
    campaign or mechanism names an action (谋跑争促, 交房即交证, 区港联动), a brand, place or
    title mostly does not (赣服通, 全国文明城市).

    >>> has_verb("区港联动"), has_verb("全国文明城市")
    (True, False)
    """
    w, i = _words(), 0
    while i < len(s):
        k = next((k for k in range(min(6, len(s) - i), 1, -1) if w.get(s[i:i + k], (0, ""))[0] >= 3), 1)
        if w.get(s[i:i + k], (0, ""))[1].startswith("v"):
            return True
        i += k
    return False


class ScoreModel:
    """Logistic regression + Platt scaling, fitted with scikit-learn, applied with numpy.

    ``fit(X, y, groups=, sample_weight=)`` learns ``coef_``, ``intercept_`` and ``calibration_``
    (a, b: p = sigmoid(a·z + b) on the regression's decision value z). The calibration is fitted
    on decision values predicted out of document: folds grouped by ``groups`` (the document of
    each row, :class:`~sklearn.model_selection.GroupKFold`), so that a document's own candidates
    and recurrences are never on both sides of a fold; what the score then means holds on
    documents the model has never seen. ``oof_decision_`` keeps those out-of-document values.

    >>> X = [[0.0], [1.0], [0.0], [1.0], [1.0], [0.0]] * 2
    >>> m = ScoreModel(C=1.0, folds=3).fit(X, [0, 1, 0, 1, 1, 0] * 2, groups=[0, 0, 1, 1, 2, 2] * 2)
    >>> bool(m.predict_proba([[1.0]])[0] > 0.5 > m.predict_proba([[0.0]])[0])
    True
    """

    def __init__(self, C: float = 1.0, folds: int = 5, random_state: int = 0, features: tuple[str, ...] = FEATURES):
        self.C = C
        self.folds = folds
        self.random_state = random_state
        self.features = tuple(features)

    def fit(self, X, y, *, groups=None, sample_weight=None, calibration_weight=None) -> "ScoreModel":
        from sklearn.linear_model import LogisticRegression

        X, y, w = np.asarray(X, float), np.asarray(y, int), _weights(y, sample_weight)
        self.oof_decision_, self.calibration_ = out_of_document(
            lambda: LogisticRegression(C=self.C, max_iter=3000), X, y, w, groups, self.folds, calibration_weight)
        lr = LogisticRegression(C=self.C, max_iter=3000).fit(X, y, sample_weight=w)
        self.coef_ = lr.coef_[0].astype(float)
        self.intercept_ = float(lr.intercept_[0])
        return self

    def oof_proba(self) -> np.ndarray:
        """Out-of-document probabilities of the training rows (what thresholds are chosen on)."""
        a, b = self.calibration_
        return 1 / (1 + np.exp(-(a * self.oof_decision_ + b)))

    def predict_proba(self, X) -> np.ndarray:
        X = np.asarray(X, float).reshape(-1, len(self.coef_))
        z = X @ self.coef_ + self.intercept_
        a, b = self.calibration_
        return 1 / (1 + np.exp(-(a * z + b)))

    def to_data(self, **about) -> dict:
        return {**about, "form": "logistic", "features": list(self.features), "coef": [round(float(c), 6) for c in self.coef_],
                "intercept": round(self.intercept_, 6), "calibration": [round(x, 6) for x in self.calibration_]}

    @classmethod
    def from_data(cls, data: dict) -> "ScoreModel":
        check_logistic(data)
        m = cls(features=tuple(data["features"]))
        m.coef_ = np.asarray(data["coef"], float)
        m.intercept_ = float(data["intercept"])
        m.calibration_ = tuple(float(x) for x in data["calibration"])
        return m


def _weights(y, sample_weight) -> np.ndarray:
    return np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)


def out_of_document(make, X: np.ndarray, y: np.ndarray, w: np.ndarray, groups, folds: int, calibration_weight=None):
    """``(decision values predicted out of document, Platt calibration (a, b))``: ``make()`` (an
    unfitted scikit-learn classifier) fitted on all folds but one, grouped by ``groups`` (each row's
    document, or its gold: a batch; None: each row alone), predicts the held-out fold; the calibration is
    fitted on those values, each row weighing ``calibration_weight`` (default ``w``: e.g. only the
    occurrences a table shows, when the classifier learns from all)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    groups = np.arange(len(y)) if groups is None else np.asarray(groups)
    oof = np.zeros(len(y))
    for train, test in GroupKFold(min(folds, len(set(groups.tolist())))).split(X, y, groups):
        oof[test] = make().fit(X[train], y[train], sample_weight=w[train]).decision_function(X[test])
    cw = w if calibration_weight is None else np.asarray(calibration_weight, float)
    keep = cw > 0
    platt = LogisticRegression(C=1e6, max_iter=3000).fit(oof[keep].reshape(-1, 1), y[keep], sample_weight=cw[keep])
    return oof, (float(platt.coef_[0, 0]), float(platt.intercept_[0]))


def finite(x) -> bool:
    """A JSON number (not a boolean) that is finite as a float: an integer too large for a float is not."""
    if not isinstance(x, (int, float)) or isinstance(x, bool):
        return False
    try:
        return math.isfinite(x)
    except OverflowError:  # an int beyond the float range (10 ** 400)
        return False


def check_feature_names(feats, known: tuple[str, ...] | None = None) -> None:
    """Raise ValueError unless ``feats`` (a model file's ``features``) is a non-empty list of distinct
    names, each one of ``known`` when given (:func:`from_data`: :data:`FEATURES`, so a name the code does
    not compute is refused on read, not when the first candidate is scored)."""
    if not isinstance(feats, list) or not feats or not all(isinstance(f, str) for f in feats):
        raise ValueError("'features' must be a non-empty list of feature names")
    unknown = [f for f in feats if known is not None and f not in known]
    if unknown:
        raise ValueError(f"'features' names features this version does not compute: {', '.join(unknown)}")
    twice = sorted({f for f in feats if feats.count(f) > 1})
    if twice:
        raise ValueError(f"'features' names a feature more than once: {', '.join(twice)}")


def check_logistic(data) -> None:
    """Raise ValueError saying what is wrong when ``data`` is no valid logistic model."""
    ok = finite
    if not isinstance(data, dict):
        raise ValueError("a score model is a JSON object")
    feats, coef, cal = data.get("features"), data.get("coef"), data.get("calibration")
    check_feature_names(feats)
    if not isinstance(coef, list) or len(coef) != len(feats) or not all(ok(c) for c in coef):
        raise ValueError(f"'coef' must be {len(feats)} finite numbers, one per feature")
    if not ok(data.get("intercept")):
        raise ValueError("'intercept' must be a finite number")
    if not isinstance(cal, list) or len(cal) != 2 or not all(ok(x) for x in cal):
        raise ValueError("'calibration' must be two finite numbers [a, b]")


# the forms of score model slogan_scores.json may declare ("form"; none: logistic)
FORMS = ("logistic", "trees")


def from_data(data: dict):
    """The score model ``data`` declares (``"form"``: ``logistic``, the default, or ``trees``,
    :mod:`pipeline.slogan_trees`), its shapes, types and feature names (each one of :data:`FEATURES`,
    once) checked: ValueError when malformed."""
    from pipeline import slogan_trees

    form = data.get("form", "logistic") if isinstance(data, dict) else None
    if isinstance(data, dict):
        check_feature_names(data.get("features"), FEATURES)
    if form == slogan_trees.FORM:
        return slogan_trees.TreeScoreModel.from_data(data)
    if form != "logistic":
        raise ValueError(f"'form' must be one of {', '.join(FORMS)}, not {form!r}")
    return ScoreModel.from_data(data)


def new_model(form: str, features: tuple[str, ...], C: float = 1.0):
    """An unfitted score model of ``form`` (:data:`FORMS`) on ``features`` (the trainer's and the
    out-of-document bench's)."""
    from pipeline import slogan_trees

    if form == slogan_trees.FORM:
        return slogan_trees.TreeScoreModel(features=features)
    return ScoreModel(C=C, features=features)


def read_model(path):
    """``slogan_scores.json`` at ``path`` as data, checked (:func:`from_data`); None when absent.
    A malformed file raises ValueError naming it."""
    from pipeline import io

    data = io.read_json(path)
    if data is not None:
        try:
            from_data(data)
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            raise ValueError(f"{path}: not a valid score model: {exc}") from None
    return data


def model_of(lexicon) -> ScoreModel | None:
    """The score model of a lexicon (its folder's ``slogan_scores.json``, else the bundled one)."""
    data = lexicon.score_model if lexicon is not None else None
    if data is None:
        from pipeline import lexicons

        data = lexicons.bundled().score_model
    if data is None:
        return None
    return _model(id(data), data)


_CACHE: dict = {}


def _model(key, data) -> ScoreModel:
    m = _CACHE.get(key)
    if m is None or m[0] is not data:
        m = _CACHE[key] = (data, from_data(data))
    return m[1]


def score(model: ScoreModel | None, vectors: list[list[float]]) -> list[float]:
    """Probabilities of the candidates (rounded to 3 places; 0.5 for all without a model)."""
    if not vectors:
        return []
    if model is None:
        return [0.5] * len(vectors)
    names = list(model.features)
    idx = [FEATURES.index(n) for n in names]  # a model trained on a subset of the features
    X = np.asarray(vectors, float)[:, idx]
    return [round(float(p), 3) for p in model.predict_proba(X)]
