"""Protected spans and the segmentation engine behind the ``tokens`` table.

Before the segmenter sees a text, two kinds of spans are taken out of it and kept whole:

- **formulations** (lexicon entries and formulations discovered in the corpus), found by
  an Aho-Corasick automaton over a *skeleton* of the text: full-width ASCII folded to
  half-width (``＋`` → ``+``), ASCII lower-cased, and spaces, quotation marks and middle
  dots dropped. ``“链长”＋“链主”＋“链创”``, ``1 + 1 + 17`` and ``链长·链主·链创`` all
  match their entry; quotation marks *around* a match stay outside the token, those
  inside it stay inside. Leftmost match first, then the longest; an entry that starts
  or ends with a digit or letter never matches inside a longer number or formula
  (``1+1+170`` is not ``1+1+17``, ``1+5+N`` is not ``1+5``); an entry made of digits
  only (``1331``) counts only when quoted.
- **numbers** with a decimal part, a percent sign, a magnitude or full-width digits
  (``14.4%``, ``9.47万``, ``585亿元``, ``86. 5%``) and **plus-formulas** with a digit
  (``1+1+170``, ``1+X+N``), found by one regex.

Each span is replaced by one placeholder character, the engine (rjieba or jieba) cuts
the rest in one call, and the spans are spliced back with their original offsets. The
placeholder is not a Han character, so the engine cuts around it exactly as it would
cut the gaps one by one.

This module is what the worker processes import: it stays light (no pandas).

>>> seg = Segmenter.build({"三抓三促": "lexicon", "1+1+17": "lexicon"})
>>> [(text[s:e], why) for text in ["纵深推进“三抓三促”行动，1+1+170增长14.4%"]
...  for s, e, why in seg.spans(text)]
[('三抓三促', 'lexicon'), ('1+1+170', 'formula'), ('14.4%', 'number')]
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import numpy as np

PLACEHOLDER = "\ue000"  # private-use character standing for one protected span

# characters dropped from the skeleton: they never cut a formulation
_IGNORABLE = (
    " \t\u3000\u00a0"  # spaces (not line breaks: a formulation never spans lines)
    "“”‘’\"'「」『』〝〞＂＇"  # quotation marks
    "·・‧•∙･\u2027"  # middle dots
)
_IGNORABLE_RE = re.compile("[" + re.escape(_IGNORABLE) + "]")  # one ignorable character
# skeleton fold: full-width ASCII -> ASCII, ASCII upper -> lower, ignorables removed
_FOLD = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_FOLD.update({cp + 0xFEE0: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)})
_FOLD.update({ord(c): None for c in _IGNORABLE})
_FOLD[ord("﹢")] = "+"  # small plus sign
_WIDTH = str.maketrans({k: v for k, v in _FOLD.items() if v is not None})  # fold only, keep every character
_FOLD = str.maketrans(_FOLD)
_SPACES = " \t\u3000\u00a0"  # skipped when looking at the neighbours of a match

_ALNUM = re.compile(r"[0-9a-z]")  # skeleton character that continues a number or formula
_OPEN_QUOTES = "“‘\"'「『〝＂＇《"  # a quote before an all-digit entry
_CLOSE_QUOTES = "”’\"'」』〞＂＇》"  # a quote after it

_A = r"0-9A-Za-z０-９Ａ-Ｚａ-ｚ"  # digits and Latin letters, half- and full-width
_NUMERIC = re.compile(
    rf"(?<![{_A}._．+＋\-])"  # not inside a word, a longer number or a formula
    r"(?:"
    rf"(?P<formula>[{_A}]+(?:\ ?[+＋]\ ?[{_A}]+)+)"  # plus-formula: 1+1+17, 1+X+N, 2 + 4
    r"|(?P<number>"
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9０-９]+)"  # integer, optional thousands separators
    r"(?:[.．]\ ?[0-9０-９]+)?"  # decimal part; a stray space after the point is kept (86. 5%)
    r"(?:(?:万亿|亿|万)元?)?"  # magnitude, and 元 right after a magnitude (585亿元)
    r"[%％‰]?"  # percent / permille sign
    r"))"
    rf"(?![{_A}]|[.．+＋][{_A}])"  # not followed by more of a word, number or formula
)
_DIGIT = re.compile(r"[0-9０-９]")  # a formula needs one

# whitespace code points: a token starting with one is whitespace only and is dropped
_WS = np.array(sorted({cp for cp in range(0x3001) if chr(cp).isspace()}), dtype=np.uint32)

NUMERIC_POS = "m"  # POS tag of protected numbers and formulas (jieba: m = numeral)
SLOGAN_POS = "nz"  # POS tag of protected formulations (jieba: nz = other proper noun)


def cache_dir() -> Path:
    """Project-owned folder for jieba's dictionary cache (``.cache/jieba`` in the checkout,
    else ``$XDG_CACHE_HOME/policytext/jieba``)."""
    candidates = [Path(__file__).resolve().parent.parent / ".cache" / "jieba",
                  Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "policytext" / "jieba"]
    for path in candidates:
        try:
            path.mkdir(parents=True, exist_ok=True)
            if os.access(path, os.W_OK):
                return path
        except OSError:
            continue
    raise OSError("no writable cache folder for jieba's dictionary cache")


def skeleton(text: str) -> str:
    """The matching form of a text or an entry.

    >>> skeleton("“链长”＋“链主”＋“链创”")
    '链长+链主+链创'
    """
    return text.translate(_FOLD)


@dataclass(frozen=True)
class _Entry:
    entry: str
    origin: int  # index into Segmenter.origins (>= 1)
    length: int  # length of its skeleton
    alnum_start: bool
    alnum_end: bool
    digits_only: bool


class Segmenter:
    """One engine with its protected formulations; build it once per process.

    ``entries`` maps a formulation to its origin ('lexicon', 'discovered', ...); every
    entry is also added as a user word to the engine, so both engines see the same words.
    """

    def __init__(self, entries: dict[str, str], *, engine: str = "rjieba", hmm: bool = False,
                 stopwords: frozenset[str] = frozenset()):
        if engine not in ("rjieba", "jieba"):
            raise ValueError(f"unknown segmentation engine {engine!r}; use 'rjieba' or 'jieba'")
        self.engine, self.hmm, self.stopwords = engine, hmm, stopwords
        self.origins: list[str | None] = [None]
        self.entries: list[_Entry] = []
        self.automaton = ahocorasick.Automaton()
        for entry, origin in entries.items():
            if origin not in self.origins:
                self.origins.append(origin)
            sk = skeleton(entry)
            if not sk or sk in self.automaton:
                continue  # empty after folding, or a variant of an entry already in
            self.automaton.add_word(sk, len(self.entries))
            self.entries.append(_Entry(entry, self.origins.index(origin), len(sk),
                                       bool(_ALNUM.match(sk[0])), bool(_ALNUM.match(sk[-1])), sk.isdigit()))
        if self.entries:
            self.automaton.make_automaton()
        self._tag = self._build_engine([e.entry for e in self.entries])
        self.tags: dict[str, int] = {NUMERIC_POS: 0, SLOGAN_POS: 1}

    @classmethod
    def build(cls, entries: dict[str, str], **kwargs) -> "Segmenter":
        return cls(entries, **kwargs)

    # --- engines --------------------------------------------------------------------
    def _build_engine(self, words: list[str]):
        hmm = self.hmm
        if self.engine == "rjieba":
            import rjieba

            jb = rjieba.Jieba()
            for w in words:
                jb.add_word(w, None, None)
            return lambda text: jb.tag(text, hmm)
        import jieba
        import jieba.posseg

        tk = jieba.Tokenizer()  # private: jieba's global tokenizer is never touched
        tk.tmp_dir = str(cache_dir())
        tk.cache_file = "jieba.cache"
        for w in words:
            tk.add_word(w)
        self.tokenizer = tk
        pos = jieba.posseg.POSTokenizer(tk)
        return lambda text: [(p.word, p.flag) for p in pos.lcut(text, HMM=hmm)]

    # --- protected spans ------------------------------------------------------------
    def _formulation_spans(self, text: str) -> list[tuple[int, int, int]]:
        if not self.entries:
            return []
        sk = text.translate(_FOLD)
        if len(sk) == len(text):
            kept = None
        else:
            removed = [m.start() for m in _IGNORABLE_RE.finditer(text)]
            kept = np.delete(np.arange(len(text)), removed)
        found = []
        for end, idx in self.automaton.iter(sk):
            e = self.entries[idx]
            s = end - e.length + 1
            start, stop = (s, end + 1) if kept is None else (int(kept[s]), int(kept[end]) + 1)
            if self._rejected(text, start, stop, e) is None:
                found.append((start, -stop, idx))
        found.sort()
        out, last = [], 0
        for start, neg_stop, idx in found:  # leftmost first, then longest
            if start >= last:
                out.append((start, -neg_stop, self.entries[idx].origin))
                last = -neg_stop
        return out

    @staticmethod
    def _rejected(text: str, start: int, stop: int, e: _Entry) -> str | None:
        """Why a match is not taken (None: it is taken)."""
        before = text[max(0, start - 4):start].translate(_WIDTH).rstrip(_SPACES)
        after = text[stop:stop + 4].translate(_WIDTH).lstrip(_SPACES)
        if e.alnum_start and before and (_ALNUM.match(before[-1]) or
                                         (before[-1] in "+." and len(before) > 1 and _ALNUM.match(before[-2]))):
            return "inside a longer number or formula (before)"
        if e.alnum_end and after and (_ALNUM.match(after[0]) or
                                      (after[0] in "+." and len(after) > 1 and _ALNUM.match(after[1]))):
            return "inside a longer number or formula (after)"
        if e.digits_only and not (start > 0 and text[start - 1] in _OPEN_QUOTES
                                  and stop < len(text) and text[stop] in _CLOSE_QUOTES):
            return "digits-only entry not quoted"
        return None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Protected spans ``(start, end, why)``; why is the origin or 'number'/'formula'."""
        out = []
        for s, e, code in self._spans(text):
            if code > 0:
                out.append((s, e, self.origins[code]))
            else:
                out.append((s, e, "formula" if code == -1 else "number"))
        return out

    def _spans(self, text: str) -> list[tuple[int, int, int]]:
        """Formulation spans (code = origin index) and numeric spans (-1 formula, 0 number)."""
        forms = self._formulation_spans(text)
        nums = []
        for m in _NUMERIC.finditer(text):
            if m.group("formula") is not None:
                if _DIGIT.search(m.group()):
                    nums.append((m.start(), m.end(), -1))
            elif not (m.group().isascii() and m.group().isdigit()):  # plain integers: the engine keeps them
                nums.append((m.start(), m.end(), 0))
        if not forms:
            return nums
        if not nums:
            return forms
        out, i = [], 0
        for s, e, code in nums:  # formulations win over numbers they overlap
            while i < len(forms) and forms[i][1] <= s:
                out.append(forms[i])
                i += 1
            if i < len(forms) and forms[i][0] < e:
                continue
            out.append((s, e, code))
        out.extend(forms[i:])
        return out

    def explain(self, text: str) -> list[dict]:
        """Every candidate span with the decision taken on it and why (for a researcher)."""
        rows = []
        taken = {(s, e) for s, e, _ in self._spans(text)}
        if self.entries:
            sk = text.translate(_FOLD)
            removed = [m.start() for m in _IGNORABLE_RE.finditer(text)]
            kept = np.delete(np.arange(len(text)), removed)
            for end, idx in self.automaton.iter(sk):
                e = self.entries[idx]
                start, stop = int(kept[end - e.length + 1]), int(kept[end]) + 1
                why = self._rejected(text, start, stop, e)
                if why is None and (start, stop) not in taken:
                    why = "overlaps an earlier or longer protected span"
                rows.append({"start": start, "end": stop, "text": text[start:stop], "entry": e.entry,
                             "rule": self.origins[e.origin], "taken": why is None, "why": why or "matched"})
        for m in _NUMERIC.finditer(text):
            kind = "formula" if m.group("formula") is not None else "number"
            if kind == "formula" and not _DIGIT.search(m.group()):
                why = "formula without a digit: left to the engine"
            elif kind == "number" and m.group().isascii() and m.group().isdigit():
                why = "plain integer: the engine keeps it whole"
            elif (m.start(), m.end()) in taken:
                why = None
            else:
                why = "overlaps a protected formulation"
            rows.append({"start": m.start(), "end": m.end(), "text": m.group(), "entry": None,
                         "rule": kind, "taken": why is None, "why": why or "matched"})
        return sorted(rows, key=lambda r: (r["start"], -r["end"]))

    # --- one document ---------------------------------------------------------------
    def document(self, text: str, sent_starts: np.ndarray, sent_ids: np.ndarray) -> dict:
        """Compact tokens of one document: numpy columns and the UTF-8 bytes of the tokens."""
        spans = self._spans(text)
        if spans:
            parts, prev, q, ppos, plen, pcode = [], 0, 0, [], [], []
            for s, e, code in spans:
                parts.append(text[prev:s])
                q += s - prev
                ppos.append(q)
                plen.append(e - s)
                pcode.append(code)
                parts.append(PLACEHOLDER)
                q += 1
                prev = e
            parts.append(text[prev:])
            masked = "".join(parts)
        else:
            masked = text
        pairs = self._tag(masked) if masked else []
        n = len(pairs)
        words = [p[0] for p in pairs]
        lens = np.fromiter(map(len, words), dtype=np.int64, count=n)
        mstart = np.cumsum(lens) - lens
        start = mstart.copy()
        end = mstart + lens
        tags = self.tags
        pos = np.fromiter((tags.setdefault(p[1], len(tags)) for p in pairs), dtype=np.int16, count=n)
        stop = np.fromiter(map(self.stopwords.__contains__, words), dtype=bool, count=n)
        origin = np.zeros(n, dtype=np.int8)
        if spans:
            ppos_a = np.asarray(ppos, dtype=np.int64)
            plen_a = np.asarray(plen, dtype=np.int64)
            pcode_a = np.asarray(pcode, dtype=np.int64)
            k = np.searchsorted(mstart, ppos_a)  # the placeholder tokens
            if not (np.all(k < n) and np.all(mstart[np.minimum(k, n - 1)] == ppos_a) and np.all(lens[k] == 1)):
                raise RuntimeError("segmentation engine merged a placeholder with its neighbours")
            shift = np.concatenate(([0], np.cumsum(plen_a - 1)))
            start = mstart + shift[np.searchsorted(ppos_a, mstart, side="left")]
            end = start + lens
            end[k] = start[k] + plen_a
            origin[k] = np.maximum(pcode_a, 0)
            pos[k] = np.where(pcode_a > 0, tags[SLOGAN_POS], tags[NUMERIC_POS])
            stop[k] = False
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        keep = ~np.isin(cps[start], _WS) if n else np.zeros(0, dtype=bool)
        start, end, pos, stop, origin = start[keep], end[keep], pos[keep], stop[keep], origin[keep]
        # token strings as one UTF-8 buffer + offsets (no Python string per token)
        blen = 1 + (cps >= 0x80).astype(np.int64) + (cps >= 0x800) + (cps >= 0x10000)
        boff = np.concatenate(([0], np.cumsum(blen)))
        bs, be = boff[start], boff[end]
        raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
        mark = np.bincount(bs, minlength=len(raw) + 1) - np.bincount(be, minlength=len(raw) + 1)
        data = raw[np.cumsum(mark[:-1]) > 0].tobytes()
        offsets = np.concatenate(([0], np.cumsum(be - bs)))
        if len(sent_starts):
            sent = sent_ids[np.clip(np.searchsorted(sent_starts, start, side="right") - 1, 0, None)]
        else:
            sent = np.zeros(len(start), dtype=np.int32)
        return {"start": start.astype(np.int32), "end": end.astype(np.int32), "sentence": sent.astype(np.int32),
                "pos": pos, "tags": list(tags), "origin": origin, "stop": stop,
                "data": data, "offsets": offsets}


# --- worker processes -------------------------------------------------------------------
_WORKER: Segmenter | None = None


def init_worker(entries: dict[str, str], engine: str, hmm: bool, stopwords: frozenset[str]) -> None:
    """Process-pool initializer: each worker builds its segmenter once."""
    global _WORKER
    _WORKER = Segmenter(entries, engine=engine, hmm=hmm, stopwords=stopwords)


def work(task: tuple[str, np.ndarray, np.ndarray]) -> dict:
    """Segment one document in a worker (see :meth:`Segmenter.document`)."""
    return _WORKER.document(*task)
