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

It stays light (no pandas): a :class:`Segmenter` is built once per process and reused.

>>> seg = Segmenter.build({"三抓三促": "lexicon", "1+1+17": "lexicon"})
>>> [(text[s:e], why) for text in ["纵深推进“三抓三促”行动，1+1+170增长14.4%"]
...  for s, e, why in seg.spans(text)]
[('三抓三促', 'lexicon'), ('1+1+170', 'formula'), ('14.4%', 'number')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline import io

PLACEHOLDER = "\ue000"  # private-use character standing for one protected span

# characters dropped from the skeleton: they never cut a formulation
_IGNORABLE = (
    " \t\u3000\u00a0"  # spaces (not line breaks: a formulation never spans lines)
    "“”‘’\"'「」『』〝〞＂＇"  # quotation marks
    "·・‧•∙･\u2027"  # middle dots
)
# skeleton fold: full-width ASCII -> ASCII, ASCII upper -> lower, ignorables removed (None)
_FOLD_MAP = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_FOLD_MAP.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_FOLD_MAP.update({cp + 0xFEE0: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)})
_FOLD_MAP.update({ord(c): None for c in _IGNORABLE})
_FOLD_MAP[ord("﹢")] = "+"  # small plus sign
_FOLD = str.maketrans(_FOLD_MAP)  # for short strings (entries)
_WIDTH = str.maketrans({k: v for k, v in _FOLD_MAP.items() if v is not None})  # fold only, drop nothing
# the same fold as code-point tables, for whole documents (numpy gathers instead of a per-character loop)
_CP_FOLD = np.arange(0x110000, dtype=np.uint32)
_CP_DROP = np.zeros(0x110000, dtype=bool)
for _cp, _to in _FOLD_MAP.items():
    if _to is None:
        _CP_DROP[_cp] = True
    else:
        _CP_FOLD[_cp] = ord(_to)
# whitespace code points: a token starting with one is whitespace only and is dropped
_CP_SPACE = np.array([chr(cp).isspace() for cp in range(0x3001)] + [False] * (0x110000 - 0x3001))
_SPACES = " \t\u3000\u00a0"  # skipped when looking at the neighbours of a match

_ALNUM = re.compile(r"[0-9a-z]")  # skeleton character that continues a number or formula
_OPEN_QUOTES = "“‘\"'「『〝＂＇《"  # a quote before an all-digit entry
_CLOSE_QUOTES = "”’\"'」』〞＂＇》"  # a quote after it

_A = r"0-9A-Za-z０-９Ａ-Ｚａ-ｚ"  # digits and Latin letters, half- and full-width
_DECIMAL = r"(?:[.．]\ ?[0-9０-９]+)"  # decimal part; a stray space after the point is kept (86. 5%)
_MAGNITUDE = r"(?:(?:万亿|亿|万)元?)"  # magnitude, and 元 right after a magnitude (585亿元)
_PERCENT = r"[%％‰]"  # percent / permille sign
_NUMERIC = re.compile(
    rf"[{_A}](?<![{_A}._．+＋\-].)"  # first character, not inside a word, a longer number or a formula
    r"(?:"
    rf"(?P<formula>[{_A}]*(?:\ ?[+＋]\ ?[{_A}]+)+)"  # plus-formula: 1+1+17, 1+X+N, 2 + 4
    r"|(?<=[0-9０-９])(?P<number>"  # a number starts with a digit; plain integers are left to the engine
    rf"[0-9]{{0,2}}(?:,[0-9]{{3}})+{_DECIMAL}?{_MAGNITUDE}?{_PERCENT}?"  # thousands separators: 1,000万元
    rf"|[0-9０-９]*(?:{_DECIMAL}{_MAGNITUDE}?{_PERCENT}?|{_MAGNITUDE}{_PERCENT}?|{_PERCENT})"  # 14.4% 9.47万 585亿元
    r"|(?<=[０-９])[0-9０-９]*|[0-9]*[０-９][0-9０-９]*"  # full-width digits: ２０２４
    r"))"
    rf"(?![{_A}]|[.．+＋][{_A}])"  # not followed by more of a word, number or formula
)
_DIGIT = re.compile(r"[0-9０-９]")  # a formula needs one

DFA_MAX_ENTRIES = 5_000  # above this many protected formulations the automaton is an NFA (memory)
ARROW_TAGGING_MIN_TOKENS = 20_000  # from this many tokens in one call, tags go through Arrow's hash
NUMERIC_POS = "m"  # POS tag of protected numbers and formulas (jieba: m = numeral)
SLOGAN_POS = "nz"  # POS tag of protected formulations (jieba: nz = other proper noun)


def cache_dir() -> Path:
    """Project-owned folder for jieba's dictionary cache (``.cache/jieba`` in the checkout,
    else ``$XDG_CACHE_HOME/policytext/jieba``: :func:`pipeline.io.cache_folder`)."""
    return io.cache_folder("jieba")


def skeleton(text: str) -> str:
    """The matching form of a text or an entry.

    >>> skeleton("“链长”＋“链主”＋“链创”")
    '链长+链主+链创'
    """
    return text.translate(_FOLD)


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _text_skeleton(cps: np.ndarray) -> tuple[str, np.ndarray | None]:
    """Skeleton of a document and, when characters were dropped, the original index of each
    skeleton character."""
    folded = _CP_FOLD[cps]
    drop = _CP_DROP[cps]
    kept = None
    if drop.any():
        kept = np.flatnonzero(~drop)
        folded = folded[kept]
    return folded.astype("<u4").tobytes().decode("utf-32-le"), kept


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
        self.tags: list[str] = [NUMERIC_POS, SLOGAN_POS]  # POS tags seen, indexed by code
        self._tag_index = {t: i for i, t in enumerate(self.tags)}
        self._word_codes: dict[str, int] = {}  # word -> tag code << 1 | is_stopword
        self.origins = self.origins_of(entries)
        self.entries: list[_Entry] = []
        patterns: dict[str, int] = {}  # skeleton -> index into entries
        for entry, origin in entries.items():
            sk = skeleton(entry)
            if not sk or sk in patterns:
                continue  # empty after folding, or a variant of an entry already in
            patterns[sk] = len(self.entries)
            self.entries.append(_Entry(entry, self.origins.index(origin), len(sk),
                                       bool(_ALNUM.match(sk[0])), bool(_ALNUM.match(sk[-1])), sk.isdigit()))
        # every (overlapping) match, in code points; a DFA (~3x pyahocorasick's speed on reports)
        # for a lexicon-sized set; for the tens of thousands of formulations a large corpus
        # reveals, a contiguous NFA (a DFA of 27,000 entries takes 200 MB in every worker, the NFA 3 MB)
        impl = ahocorasick_rs.Implementation.DFA if len(patterns) <= DFA_MAX_ENTRIES \
            else ahocorasick_rs.Implementation.ContiguousNFA
        self.automaton = ahocorasick_rs.AhoCorasick(list(patterns), implementation=impl) if patterns else None
        self._memo: tuple | None = None  # the last text matched: (text, matches, kept indices)
        self._build_engine([e.entry for e in self.entries])

    @staticmethod
    def origins_of(entries: dict[str, str]) -> list[str | None]:
        """The origin codes of a segmenter built from ``entries``: None (an engine word), then
        each origin in the order of its first entry (a parent knows them without building it)."""
        return [None, *dict.fromkeys(entries.values())]

    @classmethod
    def build(cls, entries: dict[str, str], **kwargs) -> "Segmenter":
        return cls(entries, **kwargs)

    # --- engines --------------------------------------------------------------------
    def _build_engine(self, words: list[str]) -> None:
        if self.engine == "rjieba":
            from pipeline.jieba_engine import new_tokenizer  # here, not at import: a run segmenting no file never loads it

            self.rjieba = jb = new_tokenizer()
            for w in words:
                jb.add_word(w, None, None)
            return
        import jieba
        import jieba.posseg

        tk = jieba.Tokenizer()  # private: jieba's global tokenizer is never touched
        tk.tmp_dir = str(cache_dir())
        tk.cache_file = "jieba.cache"
        for w in words:
            tk.add_word(w)
        self.tokenizer = tk
        self.posseg = jieba.posseg.POSTokenizer(tk)

    def cut(self, text: str) -> list[str]:
        """The engine's words (rjieba ``cut``; jieba: ``POSTokenizer.lcut``, the words it tags)."""
        if self.engine == "rjieba":
            return self.rjieba.cut(text, self.hmm)
        return [p.word for p in self.posseg.lcut(text, HMM=self.hmm)]

    def tag_words(self, words: list[str]) -> list[str]:
        """POS tags of distinct rjieba words: exactly ``rjieba.tag``'s, which looks each word up
        in the dictionary (context-free) and guesses x / m / eng for unknown words."""
        jb, out = self.rjieba, []
        for w in words:
            tagged = jb.tag(w, self.hmm)
            if len(tagged) == 1:
                out.append(tagged[0][1])
            elif jb.has_word(w):  # the word alone cuts differently: look its tag up
                out.append(_dictionary_tag(w))
            else:
                n_alnum = sum(c.isascii() and c.isalnum() for c in w)
                n_digit = sum(c.isascii() and c.isdigit() for c in w)
                out.append("x" if not n_alnum else "m" if n_alnum == n_digit else "eng")
        return out

    # --- protected spans ------------------------------------------------------------
    def _formulation_spans(self, text: str, cps: np.ndarray) -> list[tuple[int, int, int]]:
        if not self.entries:
            return []
        found = []
        for idx, start, stop in self._matches(text, cps):
            if self._rejected(text, start, stop, self.entries[idx]) is None:
                found.append((start, -stop, idx))
        found.sort()
        out, last = [], 0
        for start, neg_stop, idx in found:  # leftmost first, then longest
            if start >= last:
                out.append((start, -neg_stop, self.entries[idx].origin))
                last = -neg_stop
        return out

    def _skeleton_matches(self, text: str, cps: np.ndarray | None = None) -> tuple[list, np.ndarray | None]:
        """Every match in the text's skeleton, and the original index of each skeleton
        character (None: nothing dropped); the last text's are remembered, so the cut that
        follows :meth:`occurring` on the same text neither folds nor matches it again."""
        memo = self._memo
        if memo is not None and memo[0] == text:
            return memo[1], memo[2]
        sk, kept = _text_skeleton(_codepoints(text) if cps is None else cps)
        found = self.automaton.find_matches_as_indexes(sk, overlapping=True)
        self._memo = (text, found, kept)
        return found, kept

    def _matches(self, text: str, cps: np.ndarray | None = None) -> list[tuple[int, int, int]]:
        """Every match: (entry index, start, stop) in the original text."""
        found, kept = self._skeleton_matches(text, cps)
        if kept is None or not found:
            return found
        idx, s, e = np.array(found, dtype=np.int64).T
        return list(zip(idx.tolist(), kept[s].tolist(), (kept[e - 1] + 1).tolist()))

    def occurring(self, text: str) -> set[str]:
        """The entries whose matching form occurs in ``text`` (every match, taken or not):
        what can make this text's tokens depend on an entry. The matches are remembered for
        the segmentation of the same text that usually follows."""
        if not self.entries:
            return set()
        found, _ = self._skeleton_matches(text)
        return {self.entries[i].entry for i in {m[0] for m in found}}

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

    def _spans(self, text: str, cps: np.ndarray | None = None) -> list[tuple[int, int, int]]:
        """Formulation spans (code = origin index) and numeric spans (-1 formula, 0 number)."""
        forms = self._formulation_spans(text, _codepoints(text) if cps is None else cps)
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
            for idx, start, stop in self._matches(text):
                e = self.entries[idx]
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

    # --- documents ------------------------------------------------------------------
    def mask(self, text: str, cps: np.ndarray | None = None) -> tuple[str, tuple | None]:
        """The text the engine sees: each protected span replaced by :data:`PLACEHOLDER`, and
        the spans' (placeholder positions, lengths, codes), None when nothing is protected."""
        spans = self._spans(text, cps)
        if not spans:
            return text, None
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
        return "".join(parts), (ppos, plen, pcode)

    def _cut_document(self, text: str) -> tuple:
        """One document: token offsets, protected codes and tag codes of all tokens,
        whitespace ones included (they cover the text without a gap)."""
        cps = _codepoints(text)
        masked, spans = self.mask(text, cps)
        codes = None  # rjieba: tags and stopword flags by the caller (see segment_documents)
        if self.engine == "rjieba":
            words = self.rjieba.cut(masked, self.hmm) if masked else []
        else:
            pairs = self.posseg.lcut(masked, HMM=self.hmm) if masked else []
            words = [p.word for p in pairs]
            codes = np.fromiter(((self._tag_code(p.flag) << 1) | (p.word in self.stopwords) for p in pairs),
                                dtype=np.int32, count=len(pairs))
        n = len(words)
        lens = np.fromiter(map(len, words), dtype=np.int32, count=n)
        end = np.cumsum(lens, dtype=np.int32)
        if (end[-1] if n else 0) != len(masked):
            raise RuntimeError("segmentation engine lost or added characters")
        start = end - lens
        prot = np.zeros(n, dtype=np.int8)
        if spans:
            ppos, plen, pcode = (np.asarray(a, dtype=np.int64) for a in spans)
            k = np.searchsorted(start, ppos)  # the placeholder tokens
            if not (np.all(k < n) and np.all(start[np.minimum(k, n - 1)] == ppos) and np.all(lens[k] == 1)):
                raise RuntimeError("segmentation engine merged a placeholder with its neighbours")
            lens[k] = plen  # a placeholder token stands for its whole span
            end = np.cumsum(lens, dtype=np.int32)
            start = end - lens
            prot[k] = np.where(pcode > 0, pcode, -1)  # origin code, or -1 for a number or formula
        return cps, start, end, prot, codes, words

    def segment_documents(self, tasks) -> "Part":
        """The tokens of several documents (``(text, sentence starts, sentence ids)`` each) as
        compact arrays; POS tags and stopword flags looked up once per distinct token.

        The token strings are cut out of the documents' UTF-8 bytes (no Python string per
        token); whitespace-only tokens are dropped. rjieba's words get their tags and
        stopword flags by a dictionary lookup per word (few tokens: a call per document or
        file in the run) or, for many tokens, through Arrow's hash of the token column and a
        lookup per distinct word (~3x faster per token, ~0.3 ms more per call).
        """
        counts, sents, starts, ends, prots, tcodes, blens, datas, engine = [], [], [], [], [], [], [], [], []
        for text, sent_starts, sent_ids in tasks:
            cps, start, end, prot, codes, words = self._cut_document(text)
            raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
            # byte offset of each character (UTF-8 lead bytes), and of the end
            boff = np.flatnonzero(np.append((raw & 0xC0) != 0x80, True))
            keep = ~_CP_SPACE[cps[start]] if len(start) else np.zeros(0, dtype=bool)  # whitespace tokens dropped
            blen = boff[end] - boff[start]
            if keep.all():
                datas.append(raw)
            else:
                datas.append(raw[np.repeat(keep, blen)])
                start, end, prot, blen = start[keep], end[keep], prot[keep], blen[keep]
                if codes is not None:
                    codes = codes[keep]
            if len(sent_starts):
                sent = sent_ids[np.clip(np.searchsorted(sent_starts, start, side="right") - 1, 0, None)]
            else:
                sent = np.zeros(len(start), dtype=np.int32)
            counts.append(len(start))
            sents.append(sent)
            starts.append(start)
            ends.append(end)
            prots.append(prot)
            blens.append(blen)
            tcodes.append(codes)
            if codes is not None or engine is None:
                continue
            engine.append((words, None if keep.all() else keep))  # the words, while few
            if sum(counts) >= ARROW_TAGGING_MIN_TOKENS:
                engine = None  # many tokens: tagged through Arrow's hash
        prot = _concat(prots, np.int8)
        offsets = np.zeros(len(prot) + 1, dtype=np.int64)
        np.cumsum(_concat(blens, np.int64), out=offsets[1:])
        data = np.concatenate(datas) if datas else np.zeros(0, dtype=np.uint8)
        if self.engine != "rjieba":
            codes = _concat(tcodes, np.int32)
        elif engine is not None:
            codes = _concat([self.token_codes(w) if k is None else self.token_codes(w)[k] for w, k in engine],
                            np.int32)
        else:
            token = pa.LargeStringArray.from_buffers(len(prot), pa.py_buffer(offsets), pa.py_buffer(data))
            codes = self._distinct_codes(token, prot)
        codes = self.protected_codes(codes, prot)
        return Part(np.asarray(counts, dtype=np.int64), _concat(sents, np.int32), _concat(starts, np.int32),
                    _concat(ends, np.int32), prot, (codes >> 1).astype(np.int16), (codes & 1).astype(bool),
                    list(self.tags), offsets, data)

    def _distinct_codes(self, token: pa.Array, prot: np.ndarray) -> np.ndarray:
        """Per token, tag code << 1 | is_stopword of rjieba's words: Arrow hashes the tokens,
        Python looks up each distinct engine word once."""
        encoded = pc.dictionary_encode(token)
        indices = encoded.indices.to_numpy()
        used = np.flatnonzero(np.bincount(indices[prot == 0], minlength=len(encoded.dictionary)))
        by_word = np.zeros(len(encoded.dictionary), dtype=np.int32)
        by_word[used] = self.token_codes(encoded.dictionary.take(pa.array(used)).to_pylist())
        return by_word[indices]

    def protected_codes(self, codes: np.ndarray, prot: np.ndarray) -> np.ndarray:
        """Codes with protected formulations tagged nz and protected numbers m, never stopwords."""
        return np.where(prot > 0, self._tag_index[SLOGAN_POS] << 1,
                        np.where(prot < 0, self._tag_index[NUMERIC_POS] << 1, codes)).astype(np.int32)

    def _tag_code(self, tag: str) -> int:
        code = self._tag_index.get(tag)
        if code is None:
            code = self._tag_index[tag] = len(self.tags)
            self.tags.append(tag)
        return code

    def token_codes(self, words: list[str]) -> np.ndarray:
        """Per engine word, tag code << 1 | is_stopword: a dictionary lookup per word; words
        not seen before in this process are tagged once (see :meth:`tag_words`)."""
        cache = self._word_codes
        codes = np.fromiter(map(cache.get, words, repeat(-1)), dtype=np.int32, count=len(words))
        missing = np.flatnonzero(codes < 0)
        if len(missing):
            new = list(dict.fromkeys(words[i] for i in missing.tolist()))
            for w, t in zip(new, self.tag_words(new)):
                cache[w] = (self._tag_code(t) << 1) | (w in self.stopwords)
            codes[missing] = [cache[words[i]] for i in missing.tolist()]
        return codes

def _concat(arrays: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype=dtype)


class Part(NamedTuple):
    """The tokens of consecutive documents, as a worker returns them (compact, picklable).

    ``prot``: origin code of a protected formulation (> 0), -1 for a protected number or
    formula, 0 for an engine word; ``tag``: index into ``tags`` (the segmenter's POS tags);
    the token strings are ``data[offsets[i]:offsets[i + 1]]`` (UTF-8).
    """

    counts: np.ndarray  # tokens per document
    sentence: np.ndarray
    start: np.ndarray
    end: np.ndarray
    prot: np.ndarray
    tag: np.ndarray
    stopword: np.ndarray
    tags: list[str]
    offsets: np.ndarray
    data: np.ndarray  # uint8


def _dictionary_tag(word: str) -> str:
    """The POS tag of ``word`` in jieba's main dictionary (the one rjieba embeds), ``x`` when it has none."""
    from pipeline import lexicons

    return lexicons.jieba_dictionary().get(word, (0, ""))[1] or "x"

