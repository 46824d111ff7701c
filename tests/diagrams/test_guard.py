"""The size guard on every view, `--max-accounts`, the Graphviz timeout, `-o -`, and the rank
direction chosen from the picture's shape (or forced with `--rankdir`)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

import topology
from tests.diagrams import need_dot, parse_dot, render_cli
from tests.helpers import ROOT, account, doc, link, subject
from topology.diagrams import RenderError
from topology.diagrams.model import MAX_ACCOUNTS, PACK_PARTS, picture

HINTS = ("--group-by subject", "--focus", "--only-findings", "--max-accounts")


def star(n: int) -> dict:
    """One mini-program linked from n subscription accounts, each also administered by its own
    personal account (so nothing collapses); over 50 officials, WX101 names them all."""
    accounts = [account("mp", "mini_program", subject="s")]
    links = []
    for i in range(n):
        accounts += [account(f"o{i:04d}", "subscription", subject="s"), account(f"p{i:04d}", "personal")]
        links += [link("mini_program", f"o{i:04d}", "mp"), link("admin", f"p{i:04d}", f"o{i:04d}")]
    return doc(as_of="2026-11-25", subjects=[subject("s")], accounts=accounts, links=links)


@pytest.fixture(scope="module")
def big():
    """1,601 accounts of which the focus view of `mp` keeps 801 and --depth 2 keeps all."""
    return topology.load(star(800))


@pytest.mark.parametrize("view", [{}, {"focus": "mp", "depth": 2}, {"only_findings": True}])
def test_the_guard_applies_to_every_view(big, view):
    report = topology.validate(big)
    with pytest.raises(topology.UsageError) as exc:
        topology.render(big, report, format="dot", max_accounts=700, **view)
    msg = str(exc.value)
    assert "limit 700" in msg and "--max-accounts" in msg and "--group-by subject" in msg
    assert ("--only-findings" in msg) != bool(view.get("only_findings")) and ("--focus" in msg) != ("focus" in view)


def test_focus_is_counted_by_what_it_keeps(big):
    with pytest.raises(topology.UsageError, match="801 accounts"):
        topology.render(big, None, format="dot", focus="mp", depth=1, max_accounts=800)
    assert b"digraph" in topology.render(big, None, format="dot", focus="mp", depth=1, max_accounts=801)


def test_max_accounts_raises_the_limit(big):
    with pytest.raises(topology.UsageError, match=f"1601 accounts .*limit {MAX_ACCOUNTS}"):
        picture(big)
    assert len(picture(big, max_accounts=1601, fan_in=None).nodes) == 1601
    with pytest.raises(topology.ArgumentValueError if hasattr(topology, "ArgumentValueError") else ValueError):
        topology.render(big, None, format="dot", max_accounts=0)


def test_grouped_views_count_subjects():
    d = doc(subjects=[subject(f"s{i}") for i in range(5)],
            accounts=[account(f"a{i}", "service", subject=f"s{i}") for i in range(5)])
    eco = topology.load(d)
    with pytest.raises(topology.UsageError, match="5 subjects"):
        topology.render(eco, None, format="dot", group_by="subject", max_accounts=4)
    assert topology.render(eco, None, format="dot", group_by="subject", max_accounts=5)


def test_cli_refuses_with_the_count_and_the_ways_out(tmp_path):
    path = tmp_path / "star.json"
    path.write_text(json.dumps(star(60)), encoding="utf-8")
    out = tmp_path / "star.dot"
    result = render_cli(str(path), "-o", str(out), "--max-accounts", "1")
    err = result.stderr.decode()
    assert result.returncode == 2 and "121 accounts are too many" in err and all(h in err for h in HINTS)
    assert "Traceback" not in err and not out.exists()
    assert render_cli(str(path), "-o", str(out), "--max-accounts", "121").returncode == 0 and out.exists()
    bad = render_cli(str(path), "-o", str(out), "--max-accounts", "0")
    assert bad.returncode == 2 and "--max-accounts" in bad.stderr.decode()


# -- the Graphviz timeout ---------------------------------------------------------------------
def test_a_timeout_stops_graphviz_with_a_hint(big):
    need_dot()
    with pytest.raises(RenderError) as exc:  # no layout of 1,601 nodes takes a millisecond
        topology.render(big, None, format="svg", max_accounts=2000, timeout=0.001)
    msg = str(exc.value)
    assert "was stopped" in msg and "--group-by subject" in msg and "--focus" in msg and "--timeout" in msg


def test_cli_timeout_exits_2_and_writes_nothing(tmp_path):
    need_dot()
    path = tmp_path / "star.json"
    path.write_text(json.dumps(star(300)), encoding="utf-8")
    out = tmp_path / "star.svg"
    result = render_cli(str(path), "-o", str(out), "--timeout", "0.001")
    err = result.stderr.decode()
    assert result.returncode == 2 and "--timeout" in err and "--group-by subject" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["star.json"]


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan"])
def test_cli_timeout_must_be_positive(tmp_path, value):
    result = render_cli(str(ROOT / "samples" / "bloom.json"), "-o", str(tmp_path / "b.dot"), "--timeout", value)
    assert result.returncode == 2 and "--timeout" in result.stderr.decode()


def test_library_timeout_must_be_positive():
    eco = topology.load(ROOT / "samples" / "bloom.json")
    for bad in (0, -1.5):
        with pytest.raises(ValueError):
            topology.render(eco, None, format="dot", timeout=bad)
    with pytest.raises(TypeError):
        topology.render(eco, None, format="dot", timeout="5")


# -- -o - -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt, head", [("dot", b"digraph ecosystem {"), ("mmd", b"---\ntitle:")])
def test_dash_writes_text_to_stdout(tmp_path, fmt, head):
    result = render_cli(str(ROOT / "samples" / "bloom.json"), "-o", "-", "--format", fmt)
    assert result.returncode == 0 and result.stdout.startswith(head) and result.stderr == b""
    eco = topology.load(ROOT / "samples" / "bloom.json")
    assert result.stdout == topology.render(eco, topology.validate(eco), format=fmt)
    assert list(tmp_path.iterdir()) == []


def test_dash_writes_svg_to_a_pipe():
    need_dot()
    result = render_cli(str(ROOT / "samples" / "bloom.json"), "-o", "-", "--format", "svg", "--group-by", "subject")
    assert result.returncode == 0 and b"<svg" in result.stdout


def _on_a_terminal(*args: str) -> tuple[int, bytes]:
    """Run `wxtopo render ARGS` with standard output on a pseudo-terminal; (exit code, what it printed)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "topology", "render", *args], stdout=follower,
                          stderr=subprocess.PIPE, cwd=ROOT, timeout=120, env=env, check=False)
    os.close(follower)
    os.set_blocking(leader, False)
    try:
        shown = os.read(leader, 1 << 16)
    except (BlockingIOError, OSError):
        shown = b""
    os.close(leader)
    return proc.returncode, shown + proc.stderr


def test_binary_to_a_terminal_is_refused_text_is_written():
    code, shown = _on_a_terminal("samples/bloom.json", "-o", "-", "--format", "png")
    assert code == 2 and b"terminal" in shown and b"\x89PNG" not in shown
    code, shown = _on_a_terminal("samples/bloom.json", "-o", "-", "--format", "dot")
    assert code == 0 and b"digraph ecosystem" in shown


# -- rank direction --------------------------------------------------------------------------
def test_a_deep_chain_runs_left_to_right_a_wide_fan_top_to_bottom():
    chain = doc(subjects=[subject("s")],
                accounts=[account("p", "personal", subject="s"), account("o", "subscription", subject="s"),
                          account("m", "mini_program", subject="s")],
                links=[link("admin", "p", "o"), link("mini_program", "o", "m")])
    assert parse_dot(topology.render(topology.load(chain), None, format="dot")).graph["rankdir"] in ("LR", "TB")
    assert picture(topology.load(chain)).rankdir == "TB"  # 3 ranks of 1: a column, not a line across
    fan = doc(subjects=[subject("s")],
              accounts=[account("m", "mini_program", subject="s"),
                        *(account(f"o{i}", "subscription", subject="s") for i in range(8))],
              links=[link("mini_program", f"o{i}", "m") for i in range(8)])
    assert picture(topology.load(fan)).rankdir == "LR"  # 8 side by side would be a strip across: stack them


def test_rankdir_forced():
    eco = topology.load(ROOT / "samples" / "bloom.json")
    for forced in ("LR", "TB"):
        assert parse_dot(topology.render(eco, None, format="dot", rankdir=forced)).graph["rankdir"] == forced
    with pytest.raises(topology.UsageError):
        topology.render(eco, None, format="dot", rankdir="RL")
    result = render_cli(str(ROOT / "samples" / "bloom.json"), "-o", "-", "-f", "dot", "--rankdir", "LR")
    assert result.returncode == 0 and b"rankdir=LR" in result.stdout


def test_many_separate_parts_are_packed_in_rows():
    d = doc(subjects=[subject(f"s{i:02d}") for i in range(PACK_PARTS)],
            accounts=[a for i in range(PACK_PARTS) for a in (account(f"o{i:02d}", "subscription", subject=f"s{i:02d}"),
                                                             account(f"m{i:02d}", "mini_program", subject=f"s{i:02d}"))],
            links=[link("mini_program", f"o{i:02d}", f"m{i:02d}") for i in range(PACK_PARTS)])
    graph = parse_dot(topology.render(topology.load(d), None, format="dot")).graph
    assert graph["pack"] == "true" and graph["rankdir"] == "TB"
    d["links"] = d["links"][:1]  # o00 → m00 only: fewer parts linked, but still many parts
    fewer = doc(subjects=d["subjects"][:2], accounts=d["accounts"][:4], links=d["links"])
    assert "pack" not in parse_dot(topology.render(topology.load(fewer), None, format="dot")).graph
