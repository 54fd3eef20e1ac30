"""One result type for every ``--explain``: what was decided about each span or line, and
which rule decided.

Every stage's ``explain`` returns an :class:`Explanation`, so a caller prints, tests or
tabulates them alike (``str(e)``, ``e.frame()``).

>>> e = Explanation("indicators", "增长5%", (Step("5%", "indicator", "percent", 2, 4, fields=(("unit", "%"),)),))
>>> e.frame()[["text", "decision", "rule", "unit"]].values.tolist()
[['5%', 'indicator', 'percent', '%']]
>>> e.steps[0].field("unit")
'%'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Step:
    """One decision about one span (or line) of the input."""

    text: str  # the span or line decided on
    decision: str  # what was decided (indicator / excluded, kept / split, keep / drop, ...)
    rule: str  # the name of the rule that decided
    start: int | None = None  # offsets in the input, where they apply
    end: int | None = None
    why: str = ""  # the reason in words, where the rule's name is not enough
    fields: tuple[tuple[str, object], ...] = ()  # what the stage took from the span (value, unit, metric …)

    def field(self, name: str, default=None):
        return dict(self.fields).get(name, default)


@dataclass(frozen=True)
class Explanation:
    """Every decision a stage made about one input, in order."""

    stage: str
    subject: str  # the text or file explained
    steps: tuple[Step, ...]
    notes: tuple[str, ...] = ()  # about the input as a whole (its encoding, its document count …)

    def field_names(self) -> list[str]:
        names: list[str] = []
        for s in self.steps:
            names += [k for k, _ in s.fields if k not in names]
        return names

    def frame(self) -> pd.DataFrame:
        """One row per step: text, decision, rule, start, end, why, then the stage's fields."""
        extra = self.field_names()
        rows = [{"text": s.text, "decision": s.decision, "rule": s.rule, "start": s.start, "end": s.end,
                 "why": s.why, **{k: s.field(k) for k in extra}} for s in self.steps]
        return pd.DataFrame(rows, columns=["text", "decision", "rule", "start", "end", "why", *extra])

    def __str__(self) -> str:
        lines = [f"# {self.stage} --explain: {self.subject}"] + [f"# {n}" for n in self.notes]
        for s in self.steps:
            where = "" if s.start is None else f"[{s.start}:{s.end}] "
            extra = " ".join(f"{k}={v}" for k, v in s.fields if v not in (None, ""))
            lines.append(f"{where}{s.text}\t{s.decision}\t{s.rule}" + (f"\t{s.why}" if s.why else "")
                         + (f"\t{extra}" if extra else ""))
        return "\n".join(lines)
