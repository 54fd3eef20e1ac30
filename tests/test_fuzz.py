"""Property-based tests: any text gives no exception, offsets inside the text, and bounded
time on adversarial inputs (no catastrophic regex backtracking) for the cleaner and every
extractor."""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import indicators, ingest, lexicons, segment, sentences, slogans
from pipeline.config import IndicatorConfig, SegmentConfig

# characters that matter to the rules: numerals, magnitudes, units, operators, quotes,
# punctuation, width variants, invisible characters, line breaks
ALPHABET = list("0123456789.%％+＋-～至到万亿千百十一二三四五六七八九两双个家人元吨亩年月日第期条项次"
                "增长下降提高比同超近约多余以上下左右“”‘’「」『』《》（）()、，。；：:！？ \n\t\u3000·—"
                "甘肃广元推进产业链党建行动工程机制抓促强新盘活批") + ["\u200b", "\u202e", "\ufeff", "\x00", "１", "＋"]
TEXT = st.text(alphabet=st.sampled_from(ALPHABET), max_size=300)
FUZZ = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

LEX = lexicons.load()


@contextmanager
def within(seconds: int):
    """Fail (not hang) when the block takes pathologically long: catastrophic backtracking."""
    def boom(*_):
        raise TimeoutError(f"took more than {seconds} s")
    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _doc(text: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["s.txt"], "text": [text]})
    return docs, sentences.sentences(docs)


@FUZZ
@given(TEXT)
def test_cleaner_never_fails_and_leaves_no_nul(text):
    result = ingest.process_text(text, "fuzz.txt")
    for article in result.articles:
        assert all("\x00" not in p for p in article.paras)


@FUZZ
@given(TEXT)
def test_sentences_cover_the_text_with_valid_offsets(text):
    for start, s in sentences.split(text):
        assert text[start:start + len(s)] == s


@FUZZ
@given(TEXT)
def test_indicator_offsets_inside_the_text(text):
    for c in indicators.extract(text, keep_all=True):
        assert 0 <= c.start <= c.end <= len(text)
        if c.decision == "indicator":
            assert c.value is not None


@FUZZ
@given(TEXT)
def test_slogan_offsets_inside_the_text(text):
    for hit in slogans.discover(text):
        assert 0 <= hit.start < hit.end <= len(text)
        assert hit.slogan


@FUZZ
@given(TEXT)
def test_token_offsets_round_trip(text):
    docs, sents = _doc(text)
    toks = segment.tokens(docs, sents, lexicon=LEX, config=SegmentConfig())
    for tok, s, e in zip(toks["token"], toks["start"], toks["end"]):
        assert text[s:e] == tok


ADVERSARIAL = {
    "digits": "1" * 100_000,
    "digits_dots": "1." * 50_000,
    "wan": "万" * 50_000,
    "wan_digits": "9万" * 30_000,
    "plus": "+" * 50_000,
    "plus_digits": "1+" * 30_000,
    "quotes": "“" * 30_000 + "”" * 30_000,
    "nested_quotes": "“三抓" * 20_000,
    "numerals": "三抓三促" * 20_000,
    "percent_list": "增长1.1%、" * 20_000,
    "spaces": "1 " * 50_000,
    "chinese_numerals": "一二三四五六七八九十百千万亿" * 5_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_inputs_finish(name):
    text = ADVERSARIAL[name]
    with within(60):
        indicators.extract(text)
        slogans.discover(text)
        ingest.process_text(text, "adversarial.txt")
        docs, sents = _doc(text)
        segment.tokens(docs, sents, lexicon=LEX, config=SegmentConfig())
