"""`wxtopo render`: format from the suffix, atomic output, exit codes, no binary, layouts, languages."""

from __future__ import annotations

import json
import os
import shutil

import pytest

import topology
from tests.diagrams import ERROR, draw, need_dot, parse_dot, parse_mermaid, parse_svg, render_cli, svg_groups, svg_texts
from tests.helpers import SAMPLES
from topology.diagrams import FAN_IN, INSTALL_HINT, RenderError

BLOOM = SAMPLES / "bloom.json"
CAPS = SAMPLES / "broken" / "caps.json"


@pytest.fixture
def copy(tmp_path):
    """A private copy of a sample, so the test can check it is left untouched."""
    def make(sample=BLOOM):
        target = tmp_path / sample.name
        shutil.copyfile(sample, target)
        return target
    return make


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


# -- formats ------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["dot", "mmd", "DOT"])
def test_format_from_the_suffix(copy, tmp_path, suffix):
    doc = copy()
    out = tmp_path / f"map.{suffix}"
    result = render_cli(str(doc), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b"" and result.stderr == b""
    expected = draw(BLOOM, suffix.lower())
    assert out.read_bytes() == expected


def test_svg_from_the_suffix(copy, tmp_path):
    need_dot()
    out = tmp_path / "map.svg"
    result = render_cli(str(copy()), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    root = parse_svg(out.read_bytes())
    assert {g.get("id") for g in svg_groups(root, "node")} >= {"acct-li-na", "acct-bloom-shop", "legend"}


def test_format_option_overrides_the_suffix(copy, tmp_path):
    doc = copy()
    out = tmp_path / "map.svg"
    assert render_cli(str(doc), "-o", str(out), "--format", "dot").returncode == 0
    parse_dot(out.read_bytes())
    txt = tmp_path / "map.txt"
    assert render_cli(str(doc), "-o", str(txt), "-f", "mmd").returncode == 0
    parse_mermaid(txt.read_bytes())


@pytest.mark.parametrize("name", ["map.txt", "map", "map.jpeg"])
def test_unknown_suffix_exits_2(copy, tmp_path, name):
    doc = copy()
    result = render_cli(str(doc), "-o", str(tmp_path / name))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "--format" in err and "Traceback" not in err
    assert listing(tmp_path) == [doc.name]


def test_unknown_format_option_exits_2(copy, tmp_path):
    result = render_cli(str(copy()), "-o", str(tmp_path / "m.dot"), "--format", "gif")
    assert result.returncode == 2 and b"Traceback" not in result.stderr


# -- files --------------------------------------------------------------------------------
def test_output_is_written_atomically_and_the_input_untouched(copy, tmp_path):
    doc = copy(CAPS)
    before, mtime = doc.read_bytes(), doc.stat().st_mtime_ns
    out = tmp_path / "caps.mmd"
    out.write_text("old content\n", encoding="utf-8")
    result = render_cli(str(doc), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert out.read_bytes() == draw(CAPS, "mmd", fan_in=FAN_IN)  # the CLI collapses large fan-ins
    assert listing(tmp_path) == ["caps.json", "caps.mmd"]  # no temporary file left behind
    assert doc.read_bytes() == before and doc.stat().st_mtime_ns == mtime


def test_output_may_not_overwrite_the_input(copy):
    doc = copy()
    before = doc.read_bytes()
    result = render_cli(str(doc), "-o", str(doc), "--format", "dot")
    assert result.returncode == 2 and b"overwrite" in result.stderr
    assert doc.read_bytes() == before


def test_unwritable_output_exits_2(copy, tmp_path):
    result = render_cli(str(copy()), "-o", str(tmp_path / "missing" / "m.dot"))
    assert result.returncode == 2 and b"no such directory" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.parametrize("content", [b'{"schema_version": 1, "accounts": [', b'{"schema_version": 2}',
                                     b'{"schema_version": 1, "accounts": [{"id": "a", "type": "robot"}]}'])
def test_document_error_exits_2_without_traceback(tmp_path, content):
    doc = tmp_path / "bad.json"
    doc.write_bytes(content)
    result = render_cli(str(doc), "-o", str(tmp_path / "bad.dot"))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "bad.json" in err and "document error" in err and "Traceback" not in err
    assert listing(tmp_path) == ["bad.json"]


def test_missing_document_exits_2(tmp_path):
    result = render_cli(str(tmp_path / "nope.json"), "-o", str(tmp_path / "nope.dot"))
    assert result.returncode == 2 and b"Traceback" not in result.stderr


# -- without the Graphviz binary ----------------------------------------------------------
def no_dot_env(tmp_path) -> dict[str, str]:
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    return {"PATH": str(empty)}  # python is sys.executable, an absolute path


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_without_the_binary_drawing_images_exits_2_with_one_line(copy, tmp_path, fmt):
    doc = copy()
    out = tmp_path / f"map.{fmt}"
    result = render_cli(str(doc), "-o", str(out), env=no_dot_env(tmp_path))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert "apt-get install graphviz" in lines[0]
    assert not out.exists() and listing(tmp_path) == [doc.name, "empty-bin"]


@pytest.mark.parametrize("fmt", ["dot", "mmd"])
def test_without_the_binary_dot_and_mermaid_still_work(copy, tmp_path, fmt):
    out = tmp_path / f"map.{fmt}"
    result = render_cli(str(copy()), "-o", str(out), env=no_dot_env(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    assert out.read_bytes() == draw(BLOOM, fmt)


def test_without_the_binary_the_library_raises_render_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", no_dot_env(tmp_path)["PATH"])
    eco = topology.load(BLOOM)
    with pytest.raises(RenderError) as exc:
        topology.render(eco, None, format="svg")
    assert isinstance(exc.value, topology.UsageError) and str(exc.value) == INSTALL_HINT
    assert "\n" not in INSTALL_HINT and "apt-get install graphviz" in INSTALL_HINT


# -- options ------------------------------------------------------------------------------
def test_fdp_layout_draws_every_node_and_the_subject_clusters(copy, tmp_path):
    need_dot()
    out = tmp_path / "map.svg"
    result = render_cli(str(copy(CAPS)), "-o", str(out), "--layout", "fdp")
    assert result.returncode == 0, result.stderr.decode()
    svg = parse_svg(out.read_bytes())
    nodes = {g.get("id") for g in svg_groups(svg, "node")}
    assert "acct-xianguo-daojia" in nodes and "legend" in nodes
    assert {g.get("id") for g in svg_groups(svg, "cluster")} >= {"subject-xianguo", "subject-kuaipao"}


@pytest.mark.parametrize("layout", ["neato", "sfdp"])
def test_withdrawn_layouts_exit_2(copy, tmp_path, layout):
    out = tmp_path / "map.dot"
    result = render_cli(str(copy(CAPS)), "-o", str(out), "--layout", layout)
    assert result.returncode == 2 and "fdp" in result.stderr.decode() and not out.exists()
    with pytest.raises(topology.UsageError, match="withdrawn"):
        topology.render(topology.load(CAPS), None, format="dot", layout=layout)


def test_unknown_layout_exits_2(copy, tmp_path):
    result = render_cli(str(copy()), "-o", str(tmp_path / "m.dot"), "--layout", "circo")
    assert result.returncode == 2


def test_lang_zh_puts_chinese_labels_in_the_output(copy, tmp_path):
    out = tmp_path / "map.dot"
    result = render_cli(str(copy(CAPS)), "-o", str(out), "--lang", "zh")
    assert result.returncode == 0, result.stderr.decode()
    text = out.read_text(encoding="utf-8")
    for word in ("订阅号", "服务号", "小程序", "个人主账号", "图例", "无效", "企业"):
        assert word in text, word
    assert "subscription account" not in text and "invalid" not in text
    if shutil.which("dot") or os.environ.get("CI") == "true":
        need_dot()
        svg = tmp_path / "map.svg"
        assert render_cli(str(copy(CAPS)), "-o", str(svg), "--lang", "zh").returncode == 0
        texts = [t for g in svg_groups(parse_svg(svg.read_bytes()), "node") for t in svg_texts(g)]
        assert "订阅号" in texts and "小程序" in texts


def test_no_findings_draws_the_plain_map(copy, tmp_path):
    out = tmp_path / "map.dot"
    assert render_cli(str(copy(CAPS)), "-o", str(out), "--no-findings").returncode == 0
    text = out.read_text(encoding="utf-8")
    assert ERROR not in text and "finding-" not in text and "invalid" not in text
    with_findings = draw(CAPS).decode()
    assert ERROR in with_findings and "invalid (3 errors" in with_findings


def test_no_findings_and_only_findings_conflict(copy, tmp_path):
    result = render_cli(str(copy()), "-o", str(tmp_path / "m.dot"), "--no-findings", "--only-findings")
    assert result.returncode == 2 and b"--only-findings" in result.stderr


def test_validation_options_reach_the_findings(copy, tmp_path):
    doc = copy(CAPS)
    ignored = tmp_path / "ignored.dot"
    assert render_cli(str(doc), "-o", str(ignored), "--ignore", "WX101").returncode == 0
    nodes = parse_dot(ignored.read_bytes()).nodes
    assert "color" not in nodes["acct-xianguo-daojia"] and nodes["acct-xianguo-service"]["color"] == ERROR
    selected = tmp_path / "selected.dot"
    assert render_cli(str(doc), "-o", str(selected), "--select", "WX101").returncode == 0
    nodes = parse_dot(selected.read_bytes()).nodes
    assert nodes["acct-xianguo-daojia"]["color"] == ERROR and "color" not in nodes["acct-xianguo-service"]
    raised = tmp_path / "raised.dot"
    result = render_cli(str(doc), "-o", str(raised), "--set", "max_officials_per_mini_program=60", "--select", "WX101")
    assert result.returncode == 0, result.stderr.decode()
    assert "color" not in parse_dot(raised.read_bytes()).nodes["acct-xianguo-daojia"]
    bad = render_cli(str(doc), "-o", str(tmp_path / "bad.dot"), "--select", "WX999")
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr


def test_suppressed_findings_are_not_drawn(copy, tmp_path):
    doc = copy(CAPS)
    baseline = tmp_path / "baseline.json"
    officials = [f"xianguo-city-{i:02d}" for i in range(1, 51)] + ["xianguo-service"]  # WX101's related ids
    baseline.write_text(json.dumps({"schema_version": 1, "suppressions": [
        {"rule": "WX101", "account": "xianguo-daojia", "related": officials}]}), encoding="utf-8")
    out = tmp_path / "baselined.dot"
    result = render_cli(str(doc), "-o", str(out), "--suppressions", str(baseline))
    assert result.returncode == 0, result.stderr.decode()
    nodes = parse_dot(out.read_bytes()).nodes
    assert "color" not in nodes["acct-xianguo-daojia"] and nodes["acct-xianguo-service"]["color"] == ERROR
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = render_cli(str(doc), "-o", str(tmp_path / "x.dot"), "--suppressions", str(bad))
    assert result.returncode == 2 and b"malformed JSON" in result.stderr and b"Traceback" not in result.stderr


# -- determinism --------------------------------------------------------------------------
def test_same_document_same_bytes_in_process():
    for fmt in ("dot", "mmd"):
        for path in (BLOOM, CAPS):
            assert draw(path, fmt) == draw(path, fmt)


@pytest.mark.parametrize("fmt", ["dot", "mmd"])
def test_same_bytes_under_different_hash_seeds(tmp_path, fmt):
    outputs = []
    for seed in ("0", "4242"):
        out = tmp_path / f"caps.{seed}.{fmt}"
        result = render_cli(str(CAPS), "-o", str(out), env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr.decode()
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == draw(CAPS, fmt, fan_in=FAN_IN)
