"""Slogans: the words of jieba's dictionary and of the unit table that the quotation rules
(:mod:`pipeline.slogan_rules`) read: a word's frequency and tag, the longest words of a phrase,
whether a word starts a longer one, measure words and units."""

from __future__ import annotations

from functools import lru_cache

from pipeline import memory


@lru_cache(maxsize=1)
def jieba_words() -> dict[str, tuple[int, str]]:
    """jieba's bundled dictionary: word -> (frequency, tag) (see :func:`pipeline.lexicons.jieba_dictionary`)."""
    from pipeline import lexicons

    return lexicons.jieba_dictionary()


# a phrase cuts a word of jieba's dictionary at an edge when the two characters across it form a word
# of at least this frequency (增强|省会: 强省会 written inside another phrase)
CUT_WORD_FREQ = 50


def starts_longer_word(text: str, i: int, word: str) -> bool:
    """``word``, written at ``i`` of ``text``, starts a longer word of jieba's dictionary of
    :data:`CUT_WORD_FREQ` or more (战略性 strategic, 工程师 engineer): it is no word of its own there.

    >>> starts_longer_word("战略性重组", 0, "战略"), starts_longer_word("战略部署", 0, "战略")
    (True, False)
    """
    w = jieba_words()
    return any(w.get(text[i:i + k], (0, ""))[0] >= CUT_WORD_FREQ for k in range(len(word) + 1, min(len(word) + 4, len(text) - i + 1)))


def dictionary_words(text: str, *, min_freq: int = 0, longest: int = 6) -> list[tuple[str, str]]:
    """``text`` cut into the longest words of jieba's dictionary from the left (forward maximum
    matching: words of ``min_freq`` or more, at most ``longest`` characters), ``(word, tag)``; a
    character no such word starts with is a word of its own (its dictionary tag, else ``x``).

    >>> dictionary_words("对待扶贫")
    [('对待', 'v'), ('扶贫', 'v')]
    """
    w, out, i = jieba_words(), [], 0
    while i < len(text):
        k = next((k for k in range(min(longest, len(text) - i), 1, -1) if w.get(text[i:i + k], (-1, ""))[0] >= min_freq), 1)
        out.append((text[i:i + k], w.get(text[i:i + k], (0, "x"))[1]))
        i += k
    return out


def cuts_word(text: str, i: int) -> bool:
    """The two characters across index ``i`` of ``text`` are a dictionary word of
    :data:`CUT_WORD_FREQ` or more: a phrase starting or ending at ``i`` cuts it.

    >>> cuts_word("增强省会功能", 1), cuts_word("实施强省会行动", 2)
    (True, False)
    """
    return 0 < i < len(text) and jieba_words().get(text[i - 1:i + 1], (0, ""))[0] >= CUT_WORD_FREQ


def is_measure(word: str) -> bool:
    """A measure word or unit: a surface of the bundled ``units.txt`` (:func:`unit_kinds`) or a word
    jieba's dictionary tags as a measure word (q)."""
    return word in unit_kinds() or jieba_words().get(word, (0, ""))[1] == "q"


@lru_cache(maxsize=1)
def unit_kinds() -> dict[str, str]:
    """surface -> kind of the bundled unit table (``lexicons/units.txt``: count, money, quantity …)."""
    from pipeline import lexicons

    return {u.surface: u.kind for u in lexicons.bundled().units}


memory.on_stage_change(jieba_words.cache_clear)
