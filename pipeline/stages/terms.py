"""Stage ``terms``: the tokens of each file that keywords and topic models count, judged once per
file (:func:`pipeline.topic_corpus.term_rows`: slogans whole; stopwords, generic report words,
single characters and numbers out), kept in the part cache only (table ``terms``, never written to
the output folder). The keywords' counts and TextRank and the topic stage's units are built from
it, so neither reads the tokens again; a changed corpus judges only its changed files."""

from __future__ import annotations

from pipeline import partcache, topic_corpus
from pipeline.runner import Item, Stage, Task, key_of

TOKEN_COLUMNS = ["doc_id", "sentence", "position", "start", "token", "is_slogan", "is_stopword"]
# the options of the topics section a file's terms depend on (keywords and topics read the same terms)
OPTIONS = ("extra_stopwords", "generic_stopwords")


def file_key(item: Item, task: Task) -> str:
    return key_of(task.base, item.key("ingest"), item.key("segment"))


def file_work(item: Item, task: Task, store: partcache.PartStore) -> str:
    key = file_key(item, task)
    if not store.has("terms", key):
        cfg = task.config.topics
        docs = store.read("documents", item.key("ingest"), columns=["doc_id", "text"])
        toks = store.read("tokens", item.key("segment"), columns=TOKEN_COLUMNS)
        store.write("terms", key, topic_corpus.term_rows(docs, toks, extra_stopwords=cfg.extra_stopwords,
                                                         generic=cfg.generic_stopwords))
    return key


STAGE = Stage("terms", writes=("terms",), needs=("ingest", "segment"), config="topics", config_fields=OPTIONS,
              file_work=file_work, file_key=file_key)
