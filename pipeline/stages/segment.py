"""Stage ``segment``: each document's tokens, formulations kept whole (those of the lexicon
and those the slogans stage discovered in this corpus)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import partcache, segment, slogans
from pipeline.runner import Item, Plan, Runner, Shared, Stage, Task, key_of, share, shared_kind, task_lexicon

PROTECT = shared_kind("protect", dict)


@dataclass(frozen=True)
class SegmentSpec:
    protect: Shared  # {formulation: origin} discovered in this corpus, kept whole
    protect_fp: str


def spec(r: Runner, plan: Plan) -> SegmentSpec:
    protect = discovered_to_protect(r)
    return SegmentSpec(share(r.store, PROTECT, protect), key_of(sorted(protect.items())))


def discovered_to_protect(r: Runner) -> dict[str, str]:
    """Formulations discovered in this corpus that the segmenter keeps whole (issue 10)."""
    cfg = r.config.segment
    if not cfg.protect_discovered or "slogans" not in r.corpus_keys:
        return {}
    cands = r.store.read("slogan_candidates", r.corpus_keys["slogans"])
    return slogans.to_protect(cands, r.lexicon(), cfg.min_candidate_score)


def _memo(item: Item, task: Task) -> str:
    """Name under which the segment key of this file, for this discovered map, is remembered."""
    return key_of("segment-memo", task.base, item.key("ingest"), task.spec.protect_fp)


def file_key(item: Item, task: Task) -> str | None:
    """The key depends on the text (the discovered formulations present): remembered by the worker."""
    return partcache.PartStore(task.config.out).memo_get(_memo(item, task))


def file_work(item: Item, task: Task, store: partcache.PartStore) -> str:
    cfg = task.config
    docs = store.read("documents", item.key("ingest"), columns=["doc_id", "text"])
    protect = task.spec.protect.get()
    lex = task_lexicon(task)
    # the whole map, not just the present ones: the segmenter is built once per worker
    # (absent formulations never match, so the tokens are the same); the key holds the
    # present ones only, so a change elsewhere in the map does not re-segment this file
    seg = segment.segmenter(lex, cfg.segment, protect)
    present = sorted({w for text in docs["text"] for w in seg.occurring(text)}.intersection(protect))
    key = key_of(task.base, item.key("ingest"), [(w, protect[w]) for w in present])
    if not store.has("tokens", key):
        sents = store.read("sentences", item.key("sentences"), columns=["doc_id", "sentence", "start"])
        store.write("tokens", key, segment.tokens_table(docs, sents, lexicon=lex, config=cfg.segment,
                                                        protect=protect))  # in this worker: the run parallelises over files
    store.memo_put(_memo(item, task), key)
    return key


STAGE = Stage("segment", writes=("tokens",), needs=("ingest", "sentences", "slogans"), config="segment",
              resources=("slogans.txt", "stopwords_domain.txt"), file_work=file_work, file_key=file_key, spec=spec)
