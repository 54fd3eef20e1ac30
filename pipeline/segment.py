"""Segmentation (table ``tokens``): private jieba tokenizer, lexicon entries protected.

Placeholder implementation of the interface; the segmentation issue replaces the engine.
"""

from __future__ import annotations

import pandas as pd

from pipeline import schemas
from pipeline.config import SegmentConfig
from pipeline.lexicons import Lexicon


def _tokenizer(lexicon: Lexicon):
    import jieba

    tk = jieba.Tokenizer()
    for entry in lexicon.slogans:
        tk.add_word(entry, freq=None)
    return tk


def tokens(documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon,
           config: SegmentConfig = SegmentConfig(), protect=None) -> pd.DataFrame:
    """One row per token of every sentence; ``text[start:end] == token``."""
    tk = _tokenizer(lexicon)
    rows = []
    for doc, grp in sentences.groupby("doc_id", sort=False):
        pos = 0
        for sent, start, text in zip(grp["sentence"], grp["start"], grp["text"]):
            for word, s, e in tk.tokenize(text, HMM=config.hmm):
                if not word.strip():
                    continue
                rows.append((doc, sent, pos, word, None, start + s, start + e,
                             word in lexicon.slogans, "lexicon" if word in lexicon.slogans else None,
                             word in lexicon.stopwords))
                pos += 1
    if not rows:
        return schemas.empty("tokens")
    df = pd.DataFrame(rows, columns=schemas.columns("tokens"))
    return df.astype({"sentence": "int32", "position": "int32", "start": "int32", "end": "int32"})
