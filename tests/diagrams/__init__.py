"""Tests of topology.diagrams, and the small readers they check its output with.

The readers are deliberately strict: ``parse_dot`` accepts only the statement shapes the
renderer emits (one statement per line), ``parse_mermaid`` only the lines ``to_mermaid``
writes, so a name that smuggled in a statement, an edge or a directive fails to parse.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import topology
from tests.helpers import ROOT, ecosystem_files

GOLDEN = Path(__file__).resolve().parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
ERROR, WARNING = "#4A0000", "#2E1F00"
#: the DOT nodes that are no account: the legend and the findings table
FIXED = frozenset({"legend", "findings-table"})


# -- the Graphviz binary ------------------------------------------------------------------
def need_dot() -> str:
    """The path of Graphviz's `dot`, or skip (fail under CI=true, where it must be installed)."""
    path = shutil.which("dot")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the Graphviz binary `dot` is missing under CI=true (apt-get install graphviz)")
        pytest.skip("the Graphviz binary `dot` is not installed")
    return path


def dot_to_svg(source: bytes | str, *args: str) -> bytes:
    """Run `dot -Tsvg` on a DOT source; assert it exits 0 and return the SVG."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    proc = subprocess.run([need_dot(), "-Tsvg", *args], input=data, capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return proc.stdout


# -- drawing ------------------------------------------------------------------------------
def draw(document: Any, format: str = "dot", *, findings: bool = True, lang: str = "en", **options: Any) -> bytes:
    """Draw a document (dict or path) as `wxtopo render` does: validated unless findings=False."""
    eco = topology.load(document)
    report = topology.validate(eco, lang=lang) if findings else None
    return topology.render(eco, report, format=format, lang=lang, **options)


def render_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m topology render ARGS` with an optional environment (PATH, PYTHONHASHSEED)."""
    base = {**os.environ, "NO_COLOR": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "topology", "render", *args], capture_output=True, check=False,
                          cwd=cwd or ROOT, timeout=120, env={**base, **(env or {})})


def sample_documents() -> list[Path]:
    """samples/*.json and the broken documents (with their baselines)."""
    return ecosystem_files()


def decode_safe_id(value: str, prefix: str = "acct") -> str:
    """Invert ``safe_id``: ``acct-a.22.b`` → ``a"b`` (independently of the code under test)."""
    assert value.startswith(prefix + "-"), value
    body = value[len(prefix) + 1:]
    assert re.fullmatch(r"(?:[^\W]|-|\.[0-9a-f]+\.)*", body), f"not a safe id: {value!r}"
    return re.sub(r"\.([0-9a-f]+)\.", lambda m: chr(int(m.group(1), 16)), body)


def one_line(value: str) -> str:
    return " ".join(value.split())


# -- DOT ----------------------------------------------------------------------------------
_ID = r'"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*'
_KEY = re.compile(r"\s*([A-Za-z_]+)=")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_BARE = re.compile(r"[^\s\]\"]+")


def _unquote(token: str) -> str:
    return token[1:-1].replace('\\"', '"') if token.startswith('"') else token


class Html(str):
    """An HTML-like DOT value (``label=<...>``), as opposed to a quoted string."""


def dot_attrs(text: str) -> dict[str, str]:
    """``a=1 b="x y" label=<<B>..</B>>`` → {a: 1, b: x y, label: Html(<<B>..</B>>)} (values still DOT-escaped)."""
    out: dict[str, str] = {}
    i = 0
    while i < len(text):
        m = _KEY.match(text, i)
        assert m, f"not an attribute list: {text[i:]!r}"
        key, i = m.group(1), m.end()
        assert key not in out, f"attribute {key} given twice: {text!r}"
        if text[i] == '"':
            m = _QUOTED.match(text, i)
            assert m, f"unterminated string: {text[i:]!r}"
            out[key], i = m.group(1), m.end()
        elif text[i] == "<":
            depth, j = 0, i
            while True:
                depth += {"<": 1, ">": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
            out[key], i = Html(text[i:j]), j
        else:
            m = _BARE.match(text, i)
            out[key], i = m.group(0), m.end()
        while i < len(text) and text[i] == " ":
            i += 1
    return out


def dot_string(value: str) -> str:
    """What Graphviz shows for a DOT string value: ``\\"`` → ``"``, ``\\\\`` → ``\\``, ``&amp;`` → ``&``."""
    out = re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), value)
    return out.replace("&amp;", "&")


@dataclass
class Dot:
    graph: dict[str, str] = field(default_factory=dict)
    clusters: dict[str, dict[str, str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)  # cluster → its node names
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    groups: dict[str, dict[str, str]] = field(default_factory=dict)  # a subgraph that is no cluster (rank=sink)


def parse_dot(source: bytes | str) -> Dot:
    """Read the DOT the renderer writes. Every line must be one of its statement shapes."""
    text = source.decode("utf-8") if isinstance(source, bytes) else source
    lines = text.split("\n")
    assert lines[0] == "digraph ecosystem {" and lines[-2:] == ["}", ""], text[:200]
    out, cluster = Dot(), None
    for line in lines[1:-2]:
        if m := re.fullmatch(r"\t(graph|node|edge) \[(.*)\]", line):
            if m.group(1) == "graph":
                out.graph = dot_attrs(m.group(2))
        elif m := re.fullmatch(rf"\tsubgraph ({_ID}) \{{", line):
            assert cluster is None, "nested subgraph"
            cluster = _unquote(m.group(1))
            if cluster.startswith("cluster"):
                out.members[cluster] = []
        elif line == "\t}":
            assert cluster is not None
            cluster = None
        elif cluster is not None and (m := re.fullmatch(r"\t\t([a-z]+=.*)", line)):
            (out.clusters if cluster.startswith("cluster") else out.groups)[cluster] = dot_attrs(m.group(1))
        elif m := re.fullmatch(rf"\t+({_ID}) -> ({_ID}) \[(.*)\]", line):
            out.edges.append((_unquote(m.group(1)), _unquote(m.group(2)), dot_attrs(m.group(3))))
        elif m := re.fullmatch(rf"(\t+)({_ID}) \[(.*)\]", line):
            name = _unquote(m.group(2))
            assert name not in out.nodes, f"node {name} defined twice"
            out.nodes[name] = dot_attrs(m.group(3))
            if cluster is not None and cluster.startswith("cluster"):
                out.members[cluster].append(name)
        else:
            raise AssertionError(f"unexpected DOT line: {line!r}")
    assert cluster is None, "unclosed subgraph"
    return out


# -- SVG ----------------------------------------------------------------------------------
def parse_svg(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == SVG + "svg"
    return root


def svg_groups(root: ET.Element, cls: str) -> list[ET.Element]:
    """The <g> elements whose class list contains ``cls`` ("node", "edge", "cluster")."""
    return [g for g in root.iter(SVG + "g") if cls in (g.get("class") or "").split()]


def svg_tooltip(group: ET.Element) -> str | None:
    for el in group.iter():
        if el.get(XLINK_TITLE) is not None:
            return el.get(XLINK_TITLE)
    return None


def svg_texts(group: ET.Element) -> list[str]:
    return [t.text or "" for t in group.iter(SVG + "text")]


def assert_inert_svg(root: ET.Element) -> None:
    """No script element, no event-handler attribute, no foreignObject anywhere."""
    for el in root.iter():
        local = el.tag.rsplit("}", 1)[-1].lower()
        assert local not in ("script", "foreignobject", "iframe"), el.tag
        for name in el.attrib:
            assert not name.rsplit("}", 1)[-1].lower().startswith("on"), (el.tag, name)


# -- Mermaid ------------------------------------------------------------------------------
_MID = r"[A-Za-z0-9_]+"
_LABEL = r'(?:[^"<>%`&#\n]|#\d+;)*'  # user text: entities for everything that is syntax
_ARROW = r"==>|-\.->|-->|---o"
MERMAID_LINE = {
    "node": re.compile(rf'( {{2}}| {{4}})({_MID})(\(\[|\[\[|\{{\{{|\[/|\[)"({_LABEL})<br/>({_LABEL})(?:<br/>#91;(\d+)#93;)?"'
                       rf"(\]\)|\]\]|\}}\}}|/\]|\]):::(type_[a-z_]+)"),
    "legend": re.compile(rf'    (legend_[a-z_]+)(\(\[|\[\[|\{{\{{|\[/|\[)"({_LABEL})"(\]\)|\]\]|\}}\}}|/\]|\]):::([a-z_]+)'),
    "findings": re.compile(rf'  findings_table\["({_LABEL}(?:<br/>{_LABEL})*)"\]:::findings_table'),
    "edge": re.compile(rf'  ({_MID}) ({_ARROW})\|"({_LABEL})"\| ({_MID})'),
    "subgraph": re.compile(rf'  subgraph ({_MID})\["({_LABEL})"\]'),
    "end": re.compile(r"  end"),
    "status": re.compile(rf'  status\["({_LABEL})"\]:::status'),
    "linkStyle": re.compile(r"  linkStyle (\d+) stroke:(#[0-9A-F]{6}),stroke-width:(\d)px(?:,stroke-dasharray:\d \d)?"),
    "classDef": re.compile(r"  classDef ([a-z_]+) [a-z-]+:[#0-9A-Za-z]+(?:,[a-z-]+:[#0-9A-Za-z ]+)*"),
    "class": re.compile(rf"  class ({_MID}(?:,{_MID})*) "
                        r"(finding_error|finding_warning|finding_new_error|diff_added|diff_removed|diff_changed)"),
}


@dataclass
class Mermaid:
    title: str = ""
    subgraphs: dict[str, str] = field(default_factory=dict)  # id → label
    #: id → (label, kind label, class, subgraph id or None)
    nodes: dict[str, tuple[str, str, str, str | None]] = field(default_factory=dict)
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (source, arrow, label, target)
    link_styles: dict[int, str] = field(default_factory=dict)
    class_defs: list[str] = field(default_factory=list)
    classes: dict[str, list[str]] = field(default_factory=dict)  # finding or diff class → node ids
    status: str | None = None
    badges: dict[str, int] = field(default_factory=dict)  # node id → its badge number
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # (id, label, class) in the legend subgraph
    findings: list[str] | None = None  # the findings node's lines (title first)


def parse_mermaid(source: bytes | str) -> Mermaid:
    """Read the flowchart the renderer writes; any other line shape is an injection."""
    text = source.decode("utf-8") if isinstance(source, bytes) else source
    lines = text.split("\n")
    assert lines[-1] == "", "no final newline"
    assert lines[0] == "---" and lines[2] == "---" and lines[3] in ("flowchart LR", "flowchart TB"), lines[:4]
    m = re.fullmatch(rf'title: "({_LABEL})"', lines[1])
    assert m, f"bad title line {lines[1]!r}"
    out, current = Mermaid(title=m.group(1)), None
    for line in lines[4:-1]:
        for kind, pattern in MERMAID_LINE.items():
            m = pattern.fullmatch(line)
            if m:
                break
        else:
            raise AssertionError(f"unexpected Mermaid line: {line!r}")
        if kind == "node":
            indent, nid, _, label, kind_label, number, _, cls = m.groups()
            assert (indent == "    ") == (current is not None) and current != "legend", line
            assert nid not in out.nodes, f"node {nid} defined twice"
            out.nodes[nid] = (label, kind_label, cls, current)
            if number is not None:
                out.badges[nid] = int(number)
        elif kind == "legend":
            assert current == "legend", line
            out.legend.append((m.group(1), m.group(3), m.group(5)))
        elif kind == "findings":
            assert out.findings is None, "two findings tables"
            out.findings = m.group(1).split("<br/>")
        elif kind == "edge":
            out.edges.append((m.group(1), m.group(2), m.group(3), m.group(4)))
        elif kind == "subgraph":
            assert current is None, "nested subgraph"
            current = m.group(1)
            if current != "legend":
                out.subgraphs[current] = m.group(2)
        elif kind == "end":
            assert current is not None, "end without subgraph"
            current = None
        elif kind == "status":
            out.status = m.group(1)
        elif kind == "linkStyle":
            out.link_styles[int(m.group(1))] = m.group(2)
        elif kind == "classDef":
            out.class_defs.append(m.group(1))
        elif kind == "class":
            out.classes[m.group(2)] = m.group(1).split(",")
    assert current is None, "unclosed subgraph"
    return out


def mermaid_text(label: str) -> str:
    """A Mermaid label as shown: entity codes ``#34;`` back to characters."""
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label)


# -- shared documents ---------------------------------------------------------------------
#: golden file → (sample, language); scripts/update_golden.py writes them (a test keeps both lists equal)
GOLDENS = {
    "bloom.dot": ("samples/bloom.json", "en"),
    "bloom.mmd": ("samples/bloom.json", "en"),
    "caps.dot": ("samples/broken/caps.json", "en"),
    "caps.mmd": ("samples/broken/caps.json", "en"),
    "mother-baby.zh.dot": ("samples/mother-baby.json", "zh"),
    "mother-baby.zh.mmd": ("samples/mother-baby.json", "zh"),
}

#: diff golden file → (OLD, NEW, language): what `wxtopo diff OLD NEW -o NAME` draws (same script, same folder)
DIFF_GOLDENS = {
    "diff.dot": ("samples/diff/before.json", "samples/diff/after.json", "en"),
    "diff.mmd": ("samples/diff/before.json", "samples/diff/after.json", "en"),
}


UPDATE = "run `python scripts/update_golden.py`, then read the diff before committing it"


def golden(name: str) -> bytes:
    """What the renderer draws today for a golden file."""
    document, lang = GOLDENS[name]
    return draw(ROOT / document, name.rsplit(".", 1)[1], lang=lang)


def diff_golden(name: str) -> bytes:
    """What `wxtopo diff` draws today for a diff golden file."""
    old, new, lang = DIFF_GOLDENS[name]
    from topology.diagrams.diff import render_diff

    return render_diff(topology.diff(ROOT / old, ROOT / new, lang=lang), name.rsplit(".", 1)[1])


def findings_doc() -> dict:
    """One finding of each kind the renderer treats differently.

    solo: WX201 error; x: WX303 warning only; care and mp: WX205 info only; /links/1: WX003
    warning (a repeated link); /links/4: WX001 error (target `ghost` undefined); p, news: none.
    """
    from tests.helpers import account, doc, link, subject

    return doc(
        name="Findings", as_of="2026-11-25",
        subjects=[subject("s"), subject("me", "individual")],
        accounts=[account("p", "personal", subject="me", phone_bound=True, wechat_pay_bound=True),
                  account("x", "auxiliary", primary="p"),
                  account("news", "subscription", subject="s"),
                  account("care", "service", subject="s"),
                  account("solo", "service", subject="me"),
                  account("mp", "mini_program", subject="s")],
        links=[link("mini_program", "news", "mp"), link("mini_program", "news", "mp"), link("admin", "p", "news"),
               link("admin", "p", "solo"), link("mini_program", "news", "ghost")],
    )


def finding_messages(document: dict) -> dict[str, list[str]]:
    """Pointer-keyed "RULE: message" of the error and warning findings (account or /links/N)."""
    out: dict[str, list[str]] = {}
    for f in topology.validate(topology.load(document)).findings:
        if f.severity in ("error", "warning"):
            parts = f.pointer.split("/")
            key = f"/links/{parts[2]}" if parts[1] == "links" else f.account
            out.setdefault(key, []).append(f"{f.rule}: {f.message}")
    return out
