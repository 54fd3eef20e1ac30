"""The CJK font every chart uses: Noto Sans SC, installed with the project.

The font file comes from the PyPI package ``pylopdf-fonts-zh-cn`` (a data-only wheel that
ships ``NotoSansSC-Regular.otf`` from the official notofonts/noto-cjk release, SIL Open
Font License): ``pip install -e .`` installs it, so charts never depend on the fonts a
machine happens to have, and Chinese labels never render as boxes.

:func:`register` adds the file to matplotlib's font manager (once); :func:`rc` gives the
settings charts draw with (the CJK family first, DejaVu Sans as per-glyph fallback for
symbols); :func:`use_cjk` applies them globally for a notebook's own plots;
:func:`subset_data_uri` cuts the font to the characters of a page, for the report's HTML
text (a reader's machine may have no Chinese font at all).

>>> register()
'Noto Sans SC'
>>> missing_glyphs("甘肃广元 2025年 增长71.5%")
''
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from pathlib import Path

FALLBACK = "DejaVu Sans"  # matplotlib's own font: Latin symbols the CJK font lacks


class FontError(RuntimeError):
    """The CJK font is not installed or cannot be read."""


def font_path() -> Path:
    """Path of the CJK font file (Noto Sans SC, OpenType).

    >>> font_path().name
    'NotoSansSC-Regular.otf'
    """
    try:
        import pylopdf_fonts_zh_cn
    except ImportError as exc:  # pragma: no cover - the package is a hard dependency
        raise FontError("the CJK font package is missing: pip install pylopdf-fonts-zh-cn "
                        "(or reinstall policytext: pip install -e .)") from exc
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    if not path.is_file():  # pragma: no cover - a broken install
        raise FontError(f"CJK font file {path} not found; reinstall pylopdf-fonts-zh-cn")
    return path


@lru_cache(maxsize=1)
def register() -> str:
    """Add the CJK font to matplotlib's font manager (once) and return its family name."""
    from matplotlib import font_manager

    path = font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def rc() -> dict:
    """Matplotlib settings for charts: CJK font, text as paths in SVG, reproducible files.

    >>> rc()["font.family"]
    ['Noto Sans SC', 'DejaVu Sans']
    """
    family = register()
    return {
        "font.family": [family, FALLBACK],  # CJK first; per-glyph fallback for rare symbols
        "axes.unicode_minus": True,  # the CJK font has U+2212
        "text.parse_math": False,  # a '$' in a title is text, not mathtext
        "svg.fonttype": "path",  # SVG shows the glyphs without the font installed
        "svg.hashsalt": "policytext",  # same input → byte-identical SVG
        "figure.dpi": 100,
        "savefig.dpi": 300,
        "savefig.bbox": "tight",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.labelsize": 9,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "legend.fontsize": 8,
        "legend.frameon": False,
    }


def use_cjk() -> str:
    """Apply :func:`rc` to matplotlib globally (for a notebook's own plots); returns the family."""
    import matplotlib

    matplotlib.rcParams.update(rc())
    return register()


@lru_cache(maxsize=1)
def _charmap() -> frozenset[int]:
    from matplotlib import ft2font

    return frozenset(ft2font.FT2Font(str(font_path())).get_charmap())


def missing_glyphs(text: str) -> str:
    """Characters of ``text`` the CJK font has no glyph for (each once, in order).

    >>> missing_glyphs("甘南 ཀ")  # Tibetan script is not in the font
    'ཀ'
    """
    cmap = _charmap()
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and ord(ch) not in cmap:
            seen.setdefault(ch, None)
    return "".join(seen)


def _woff2_available() -> bool:
    try:
        import brotli  # noqa: F401  (fontTools needs it to write WOFF2)
    except ImportError:
        return False
    return True


def subset_bytes(text: str, *, flavor: str | None = None) -> bytes:
    """The CJK font cut to the characters of ``text`` (OpenType/CFF; ``flavor='woff2'``
    compresses it, which needs brotli). Same text → same bytes (no timestamp is written).

    >>> from fontTools.ttLib import TTFont
    >>> sorted(chr(c) for c in TTFont(io.BytesIO(subset_bytes("甘肃 甘"))).getBestCmap())
    [' ', '甘', '肃']
    """
    from fontTools import subset

    options = subset.Options()
    options.flavor = flavor
    options.name_IDs = ["*"]  # keep the copyright and SIL OFL licence records with the glyphs
    options.name_languages = ["*"]
    options.layout_features = ["*"]  # vertical forms, proportional punctuation, …
    options.notdef_outline = True
    options.recalc_timestamp = False  # the report is byte-identical from run to run
    font = subset.load_font(str(font_path()), options)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        buf = io.BytesIO()
        subset.save_font(font, buf, options)
    finally:
        font.close()
    return buf.getvalue()


def subset_data_uri(text: str) -> str:
    """A ``data:`` URI of the CJK font cut to the characters of ``text``, for a CSS
    ``@font-face`` ``src: url(...)``: WOFF2 when brotli is installed, else the plain
    OpenType file (about a third larger; both are a few hundred KB for a report, not 8 MB).

    >>> uri = subset_data_uri("甘肃")
    >>> uri.split(";")[0] in ("data:font/otf", "data:font/woff2"), len(uri) < 20_000
    (True, True)
    """
    flavor = "woff2" if _woff2_available() else None
    data = subset_bytes(text, flavor=flavor)
    return f"data:font/{flavor or 'otf'};base64,{base64.b64encode(data).decode('ascii')}"


def css_format(data_uri: str) -> str:
    """The CSS ``format()`` hint for a URI of :func:`subset_data_uri`.

    >>> css_format("data:font/otf;base64,AAAA")
    'opentype'
    """
    return "woff2" if data_uri.startswith("data:font/woff2") else "opentype"
