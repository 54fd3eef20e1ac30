"""Stage ``panel``: the headline statistics of work reports (issuer × year × metric ×
measure × status), from ``documents`` and ``indicators`` (:func:`pipeline.panel.panel`)."""

from __future__ import annotations

from pipeline import panel
from pipeline.runner import Plan, Runner, Stage, Task

DOC_COLUMNS = ["doc_id", "source", "title", "date", "issuer", "issuer_code"]


def compute(r: Runner, plan: Plan, pool, proto: Task) -> dict:
    docs = r.read("documents", plan.keys["ingest"], columns=DOC_COLUMNS)
    inds = r.read("indicators", plan.keys["indicators"])
    return {"panel": panel.panel(docs, inds, lexicon=r.lexicon())}


STAGE = Stage("panel", writes=("panel",), needs=("ingest", "indicators"), config="indicators",
              resources=("metrics.txt",), compute=compute)
