"""Stage ``indicators``: the numbers of each document with value, unit and metric; the
file's slogan spans (from the slogans stage) are exclusions."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import indicators, partcache, schemas
from pipeline.runner import Item, Plan, Runner, Stage, Task, key_of, rows_of_task_files, table_fingerprints, task_lexicon


@dataclass(frozen=True)
class IndicatorSpec:
    slogan_fp: dict  # source -> fingerprint of its slogans rows (part of the file's key)
    slogans_key: str | None  # the slogans table's part of this run

    def for_sources(self, sources: list[str]) -> "IndicatorSpec":
        return IndicatorSpec({s: self.slogan_fp[s] for s in sources if s in self.slogan_fp}, self.slogans_key)


def spec(r: Runner, plan: Plan) -> IndicatorSpec:
    return IndicatorSpec(table_fingerprints(r, "slogans", "slogans"), r.corpus_keys.get("slogans"))


def file_key(item: Item, task: Task) -> str:
    slogans_fp = task.spec.slogan_fp.get(item.source, "")  # the file's slogan spans are exclusions
    return key_of(task.base, item.key("ingest"), slogans_fp)


def file_work(item: Item, task: Task, store: partcache.PartStore) -> str:
    key = file_key(item, task)
    if not store.has("indicators", key):
        # only the columns indicators() reads (the documents' lists and the sentences' text
        # cost more to decode than the rest)
        docs = store.read("documents", item.key("ingest"), columns=["doc_id", "source", "title", "date", "text"])
        sents = store.read("sentences", item.key("sentences"), columns=["doc_id", "sentence", "start"])
        # (the slogans' spans only: their strings cost more to decode than the rest)
        slogans = rows_of_task_files(task, store, "slogans", task.spec.slogans_key,
                                     columns=("doc_id", "start", "end")).get(item.source)
        slogans = schemas.empty("slogans") if slogans is None else slogans
        store.write("indicators", key, indicators.indicators_table(docs, sents, config=task.config.indicators,
                                                                   slogans=slogans, lexicon=task_lexicon(task)))
    return key


STAGE = Stage("indicators", writes=("indicators",), needs=("ingest", "sentences", "slogans"), config="indicators",
              resources=("units.txt", "gazetteer.txt", "metrics.txt", "numeral_idioms.txt", "tagger_words.txt", "tag_fixes.txt"), file_work=file_work, file_key=file_key, spec=spec)
