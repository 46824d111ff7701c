"""Chinese without a CJK font draws boxes: `render` says so before drawing an image (topology/diagrams/fonts.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.diagrams import need_dot, render_cli
from tests.helpers import ROOT
from topology.diagrams import fonts

MOTHER_BABY = ROOT / "samples" / "mother-baby.json"  # Chinese names
BLOOM = ROOT / "samples" / "bloom.json"  # no CJK character


def test_has_cjk():
    assert fonts.has_cjk("鲜果到家") and fonts.has_cjk("ｆｕｌｌ") and fonts.has_cjk("한글")
    assert not fonts.has_cjk("Bloom Baby · café — Ñ")


def test_warning_only_when_chinese_is_drawn_and_no_font_covers_it():
    assert fonts.warning("en", ["Bloom"], families=[]) is None  # nothing Chinese to draw
    text = fonts.warning("zh", ["Bloom"], families=[])
    assert text is not None and "apt-get install fonts-noto-cjk" in text and "\n" not in text
    assert fonts.warning("en", ["鲜果"], families=[]) is not None  # a Chinese name in an English picture
    assert fonts.warning("zh", [], families=["Noto Sans CJK SC"]) is None
    assert fonts.warning("zh", [], families=None) is None  # fontconfig cannot be asked: nothing to tell
    assert fonts.warning("zh", [], families=lambda: []) is not None  # a function giving the list


def test_installed_reads_fc_list_and_survives_its_absence():
    def listing(argv):
        assert argv == ["fc-list", ":lang=zh", "family"]
        return "Noto Sans CJK SC,Noto Sans CJK SC Regular\nWenQuanYi Zen Hei\n\nNoto Sans CJK SC\n"

    assert fonts.installed(listing) == ["Noto Sans CJK SC", "Noto Sans CJK SC Regular", "WenQuanYi Zen Hei"]

    def missing(argv):
        raise FileNotFoundError(2, "No such file or directory", argv[0])

    assert fonts.installed(missing) is None
    assert fonts.installed(lambda argv: "") == []


def _bin(tmp_path: Path, fc_list: str | None) -> dict[str, str]:
    """A PATH with `dot` and, unless None, a fake `fc-list` printing ``fc_list``."""
    need_dot()
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "dot").symlink_to(shutil.which("dot"))
    if fc_list is not None:
        script = folder / "fc-list"
        script.write_text(f"#!/bin/sh\nprintf '%s' '{fc_list}'\n", encoding="utf-8")
        script.chmod(0o755)
    return {"PATH": str(folder)}


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for fc-list")
@pytest.mark.parametrize("fc_list, document, lang, fmt, warned", [
    ("", MOTHER_BABY, "zh", "svg", True),
    ("", MOTHER_BABY, "en", "png", True),  # Chinese names
    ("", BLOOM, "zh", "svg", True),  # Chinese words
    ("", BLOOM, "en", "svg", False),
    ("", MOTHER_BABY, "zh", "dot", False),  # text needs no font
    ("", MOTHER_BABY, "zh", "mmd", False),
    ("Noto Sans CJK SC\n", MOTHER_BABY, "zh", "svg", False),
    (None, MOTHER_BABY, "zh", "svg", False),  # no fc-list at all: no crash, nothing to tell
])
def test_cli_warns_on_stderr_and_still_draws(tmp_path, fc_list, document, lang, fmt, warned):
    out = tmp_path / f"map.{fmt}"
    result = render_cli(str(document), "-o", str(out), "--lang", lang, env=_bin(tmp_path, fc_list))
    assert result.returncode == 0, result.stderr.decode()
    err = result.stderr.decode()
    assert ("apt-get install fonts-noto-cjk" in err) == warned, err
    assert "Traceback" not in err and out.stat().st_size > 0


def test_setup_installs_a_cjk_font_with_graphviz():
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "fonts-noto-cjk" in setup and "graphviz" in setup
