"""The stages of a run, in the order they run: one module each, declaring its :class:`~pipeline.runner.Stage`.

Slogans run before segment so that the formulations they discover are protected as single
tokens in the same run; indicators use slogan spans as exclusions. Adding a stage is one
module here and one line in :data:`STAGES`.
"""

from __future__ import annotations

from pipeline.stages import indicators, ingest, keywords, panel, places, segment, sentences, slogans, terms, topics

STAGES = [
    ingest.STAGE,
    sentences.STAGE,
    slogans.STAGE,
    segment.STAGE,
    places.STAGE,
    indicators.STAGE,
    panel.STAGE,
    terms.STAGE,
    keywords.STAGE,
    topics.STAGE,
]
