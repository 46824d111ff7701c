"""Is there a font that draws Chinese? Asked before drawing an image with Chinese words in it.

Graphviz draws SVG, PNG and PDF text through fontconfig: without a CJK font every Chinese
character becomes an empty box, silently. So before drawing ``--lang zh``, or a document
whose names hold CJK characters, ``warning`` asks fontconfig (``fc-list :lang=zh family``)
and returns a one-line warning with the install command when no font covers Chinese. When
``fc-list`` is missing or fails (macOS without fontconfig, Windows), nothing can be told and
nothing is said. DOT and Mermaid text need no font: they are not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: families that draw Chinese (shown in the warning; any family fontconfig lists for ``:lang=zh`` will do)
CJK_FAMILIES = ("Noto Sans CJK", "Noto Serif CJK", "Source Han Sans", "Source Han Serif", "WenQuanYi",
                "PingFang", "Microsoft YaHei", "Hiragino Sans GB", "AR PL UMing", "Droid Sans Fallback")
INSTALL = "Debian/Ubuntu: apt-get install fonts-noto-cjk; Fedora: dnf install google-noto-sans-cjk-fonts"

#: code point ranges of CJK ideographs, kana, hangul and CJK punctuation and full-width forms
_CJK = ((0x2E80, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
        (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))


def has_cjk(text: str) -> bool:
    """Whether a text holds a character only a CJK font draws.

    >>> has_cjk("鲜果 shop"), has_cjk("Bloom · café")
    (True, False)
    """
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in _CJK)


def installed(run: Callable[[list[str]], str] | None = None) -> list[str] | None:
    """The font families fontconfig says cover Chinese, sorted; None when it cannot be asked."""
    try:
        listing = (run or _fc_list)(["fc-list", ":lang=zh", "family"])
    except (OSError, ValueError):
        return None
    families = {name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip()}
    return sorted(families)


def _fc_list(argv: list[str]) -> str:
    import subprocess

    try:
        proc = subprocess.run(argv, capture_output=True, timeout=30, check=False)
    except subprocess.TimeoutExpired:
        raise OSError("fc-list timed out") from None
    if proc.returncode != 0:
        raise OSError(proc.returncode, "fc-list failed")
    return proc.stdout.decode("utf-8", "replace")


def needs_cjk(lang: str, texts: Iterable[str]) -> bool:
    """A Chinese picture, or one whose user text has CJK characters."""
    return lang == "zh" or any(has_cjk(t) for t in texts if t)


def warning(lang: str, texts: Iterable[str], families: list[str] | None | Callable[[], list[str] | None] = installed,
            ) -> str | None:
    """The warning to print before drawing an image, or None (no Chinese, a CJK font found, or no fontconfig).

    ``families`` is the list of CJK families (or a function giving it), so tests inject it.
    """
    if not needs_cjk(lang, texts):
        return None
    found = families() if callable(families) else families
    if found is None or found:
        return None
    return ("wxtopo: warning: no font with Chinese characters found (fc-list :lang=zh lists none); "
            f"the image will show boxes instead of them. Install one ({INSTALL}), "
            f"e.g. {', '.join(CJK_FAMILIES[:5])}, or draw --format dot or mmd")


def document_texts(eco) -> list[str]:
    """The user text an ecosystem puts into a picture: its name, subject and account names and ids."""
    texts = [eco.name or ""]
    texts += [s.name or s.id for s in eco.subjects] + [s.id for s in eco.subjects]
    texts += [a.name or a.id for a in eco.accounts] + [a.id for a in eco.accounts]
    return texts
