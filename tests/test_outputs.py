"""Nothing is lost: no file a run reads is ever written, a failed run writes nothing, devices
stay devices, and read-only files stay as they are.

The data-safety matrix runs every input kind of every command against every writing option
of that command, aimed at the input by the same path, through a symlink and through a hard
link: each run exits 2 and leaves every file exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from tests.formats import run_cli
from tests.helpers import ROOT, SAMPLES, account, doc, link, subject
from topology.errors import UsageError
from topology.outputs import Outputs

CHANGES = {"schema_version": 1, "changes": [{"op": "link", "source": "bloom-daily", "target": "bloom-shop"}]}
RULESET = {"name": "mine", "base": "seed", "parameters": {"max_accounts_per_admin": 3}}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """One file of each input kind, in a folder of their own."""
    bloom = json.loads((SAMPLES / "bloom.json").read_text(encoding="utf-8"))
    out = {"doc": tmp_path / "eco.json", "old": tmp_path / "old.json", "ruleset": tmp_path / "rs.json",
           "suppressions": tmp_path / "base.json", "changes": tmp_path / "c.changes.json"}
    out["doc"].write_text(json.dumps(bloom), encoding="utf-8")
    out["old"].write_text(json.dumps(bloom), encoding="utf-8")
    out["ruleset"].write_text(json.dumps(RULESET), encoding="utf-8")
    out["suppressions"].write_text('{"schema_version": 1, "suppressions": []}\n', encoding="utf-8")
    out["changes"].write_text(json.dumps(CHANGES), encoding="utf-8")
    return out


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every entry of a folder: its bytes (or link target) and its mode."""
    out = {}
    for p in sorted(folder.iterdir()):
        info = p.lstat()
        data = os.readlink(p).encode() if p.is_symlink() else p.read_bytes() if p.is_file() else b""
        out[p.name] = (data, info.st_mode)
    return out


#: (command and its inputs by kind, the writing options it has)
COMMANDS = {
    "validate": (["validate", "{doc}", "--baseline", "{old}", "--ruleset", "{ruleset}",
                  "--suppressions", "{suppressions}"], ["-o", "--write-suppressions"]),
    "render": (["render", "{doc}", "--ruleset", "{ruleset}", "--suppressions", "{suppressions}",
                "--format", "dot"], ["-o"]),
    "headroom": (["headroom", "{doc}", "--ruleset", "{ruleset}"], ["-o"]),
    "repair": (["repair", "{doc}", "--ruleset", "{ruleset}"], ["-o"]),
    "diff": (["diff", "{old}", "{doc}", "--ruleset", "{ruleset}"], ["-o"]),
    "plan": (["plan", "{doc}", "--changes", "{changes}", "--ruleset", "{ruleset}"], ["-o"]),
}
#: a suppressions file may be refreshed in place: that one pair is allowed, and tested below
ALLOWED = {("validate", "--write-suppressions", "suppressions")}
MATRIX = [(command, kind, option, via)
          for command, (args, options) in COMMANDS.items()
          for kind in ("doc", "old", "ruleset", "suppressions", "changes") if "{" + kind + "}" in args
          for option in options if (command, option, kind) not in ALLOWED
          for via in ("path", "symlink", "hardlink")]


@pytest.mark.parametrize(("command", "kind", "option", "via"), MATRIX)
def test_no_output_option_ever_writes_an_input(files, tmp_path, command, kind, option, via):
    target = files[kind]
    if via == "symlink":
        target = tmp_path / "alias.dot"
        target.symlink_to(files[kind])
    elif via == "hardlink":
        target = tmp_path / "alias.dot"
        os.link(files[kind], target)
    before = snapshot(tmp_path)
    args, _ = COMMANDS[command]
    argv = [a.format(**{k: str(v) for k, v in files.items()}) for a in args] + [option, str(target)]
    code, out, err = run_cli(argv)
    assert code == 2 and out == b"", err
    assert b"would overwrite the input" in err and b"Traceback" not in err
    assert snapshot(tmp_path) == before


def test_the_suppressions_file_may_be_refreshed_in_place(files):
    code, _, err = run_cli(["validate", str(files["doc"]), "--suppressions", str(files["suppressions"]),
                            "--write-suppressions", str(files["suppressions"])])
    assert code == 0, err
    entries = json.loads(files["suppressions"].read_text(encoding="utf-8"))["suppressions"]
    assert {e["rule"] for e in entries} == {"WX205"}


def test_two_outputs_on_one_file_are_refused(files, tmp_path):
    out = tmp_path / "x.json"
    code, _, err = run_cli(["validate", str(files["doc"]), "-o", str(out), "--write-suppressions", str(out)])
    assert code == 2 and b"both write to" in err and not out.exists()


@pytest.mark.parametrize("args", [
    ["repair", "{doc}", "-o", "-"],
    ["diff", "{old}", "{doc}", "-o", "-"],
])
def test_an_output_that_would_share_standard_output_with_the_report_is_refused(files, args):
    code, out, err = run_cli([a.format(**{k: str(v) for k, v in files.items()}) for a in args])
    assert code == 2 and out == b"" and b"standard output" in err


# -- a failed run writes nothing -----------------------------------------------------------------------
def test_a_run_that_fails_does_not_rewrite_the_suppressions_file(files, tmp_path):
    before = files["suppressions"].read_bytes()
    code, out, err = run_cli(["validate", str(files["doc"]), "--write-suppressions", str(files["suppressions"]),
                              "-o", str(tmp_path / "no" / "such" / "dir" / "x.json")])
    assert code == 2 and out == b"" and b"no such directory" in err
    assert files["suppressions"].read_bytes() == before


def test_an_unreadable_document_writes_no_suppressions_file(files, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    before = files["suppressions"].read_bytes()
    code, _, err = run_cli(["validate", str(files["doc"]), str(bad), "--write-suppressions", str(files["suppressions"])])
    assert code == 2 and b"not written" in err
    assert files["suppressions"].read_bytes() == before


def test_commit_writes_all_outputs_or_none(tmp_path):
    out = Outputs()
    first, second = tmp_path / "first.json", tmp_path / "gone" / "second.json"
    second.parent.mkdir()
    out.claim(str(first))
    out.claim(str(second), "--write-suppressions")
    out.write(str(first), "report")
    out.write(str(second), "baseline", "--write-suppressions")
    second.parent.rmdir()  # the folder goes away after the checks, before the writing
    with pytest.raises(UsageError, match="cannot write"):
        out.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # neither file, no temporary file left


def test_a_failed_render_leaves_the_old_drawing(files, tmp_path):
    old = tmp_path / "eco.dot"
    old.write_text("old drawing", encoding="utf-8")
    code, _, _ = run_cli(["render", str(files["doc"]), "-o", str(old), "--suppressions", str(tmp_path / "none.json")])
    assert code == 2 and old.read_text(encoding="utf-8") == "old drawing"


# -- what -o accepts -------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["validate", "{doc}", "--format", "json", "-o", "-"],
    ["render", "{doc}", "--format", "dot", "-o", "-"],
    ["headroom", "{doc}", "--format", "json", "-o", "-"],
    ["plan", "{doc}", "--changes", "{changes}", "--format", "json", "-o", "-"],
])
def test_dash_means_standard_output_for_every_command(files, tmp_path, argv):
    code, out, err = run_cli([a.format(**{k: str(v) for k, v in files.items()}) for a in argv])
    assert code in (0, 1), err
    assert out.strip() and not (ROOT / "-").exists() and not (tmp_path / "-").exists()
    if "json" in argv:
        json.loads(out)
    else:
        assert out.startswith(b"digraph")


@pytest.mark.parametrize("command", ["validate", "render", "headroom", "plan", "repair", "diff"])
def test_an_empty_output_name_is_a_usage_error(files, command):
    argv = {"validate": ["validate", "{doc}"], "render": ["render", "{doc}", "--format", "dot"],
            "headroom": ["headroom", "{doc}"], "plan": ["plan", "{doc}", "--changes", "{changes}"],
            "repair": ["repair", "{doc}"], "diff": ["diff", "{old}", "{doc}"]}[command]
    code, out, err = run_cli([a.format(**{k: str(v) for k, v in files.items()}) for a in argv] + ["-o", ""])
    assert code == 2 and b"needs a file name" in err and out == b""


def test_a_legal_250_character_output_name_is_written(files, tmp_path):
    target = tmp_path / ("r" * 245 + ".json")
    code, _, err = run_cli(["validate", str(files["doc"]), "--format", "json", "-o", str(target)])
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["valid"] is True
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_symlinked_output_stays_a_symlink_and_its_target_is_replaced(files, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    alias = tmp_path / "alias.txt"
    alias.symlink_to(real)
    code, _, _ = run_cli(["validate", str(files["doc"]), "-o", str(alias)])
    assert code == 0
    assert alias.is_symlink() and "valid" in real.read_text(encoding="utf-8")


def test_the_replaced_file_keeps_its_mode(files, tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert run_cli(["validate", str(files["doc"]), "-o", str(target)])[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


# -- devices and pipes are written in place, never renamed over ---------------------------------------
def test_a_fifo_is_written_in_place(files, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, err = run_cli(["validate", str(files["doc"]), "--format", "json", "-o", str(fifo)])
    reader.join(timeout=30)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(received[0])["valid"] is True


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
@pytest.mark.parametrize("via", ["device", "symlink to it"])
def test_a_character_device_stays_a_device(files, tmp_path, via):
    """``-o /dev/null`` as root once renamed a regular file over /dev/null: tested on a node of
    our own (the same device: major 1, minor 3), so a regression cannot break the machine."""
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    target = node
    if via == "symlink to it":
        target = tmp_path / "to-null"
        target.symlink_to(node)
    code, _, err = run_cli(["validate", str(files["doc"]), "-o", str(target)])
    assert code == 0, err
    assert stat.S_ISCHR(node.lstat().st_mode) and os.major(node.lstat().st_rdev) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".wxtopo")] == []


# -- a file the user cannot write is not replaced ----------------------------------------------------
def test_a_read_only_file_is_not_replaced(files):
    """In a world-writable folder, renaming over a read-only file works even for a user who may
    not write it: wxtopo checks the file itself. Where the tests run as root, the run is made by
    another user (a forked child that drops to nobody)."""
    folder = Path(tempfile.mkdtemp(prefix="wxtopo-shared-"))
    try:
        folder.chmod(0o777)
        target = folder / "report.txt"
        target.write_text("keep me", encoding="utf-8")
        target.chmod(0o444)
        eco = folder / "eco.json"
        shutil.copy(files["doc"], eco)
        eco.chmod(0o644)
        code, err = _run_as_other_user(["validate", str(eco), "-o", str(target)])
        assert code == 2, err
        assert "read-only" in err
        assert target.read_text(encoding="utf-8") == "keep me"
        assert sorted(p.name for p in folder.iterdir()) == ["eco.json", "report.txt"]
    finally:
        shutil.rmtree(folder)


def _run_as_other_user(argv: list[str]) -> tuple[int, str]:
    """``wxtopo ARGV`` in a forked child, as user nobody when this process is root: (exit, stderr)."""
    import contextlib
    import io

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            os.close(read_end)
            from topology import cli

            if os.geteuid() == 0:
                # nobody cannot read this Python's library: import everything the run needs first
                warm = os.path.join(tempfile.gettempdir(), f"wxtopo-warm-{os.getpid()}.txt")
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    cli.main([*argv[:-2], "-o", warm])
                os.unlink(warm)
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                code = cli.main(argv)
            os.write(write_end, err.getvalue().encode("utf-8"))
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        err = fh.read().decode("utf-8")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), err


# -- refreshing a baseline keeps what the run could not re-check --------------------------------------
def _two_rule_doc() -> dict:
    return doc(subjects=[subject("me", "individual")],
               accounts=[account("care", "service", subject="me"), account("p", "personal", subject="me",
                                                                           real_name_verified=False)],
               links=[link("admin", "p", "care")])


def test_a_refresh_under_select_keeps_the_entries_of_rules_that_did_not_run(tmp_path):
    eco = tmp_path / "eco.json"
    eco.write_text(json.dumps(_two_rule_doc()), encoding="utf-8")
    base = tmp_path / "base.json"
    assert run_cli(["validate", str(eco), "--write-suppressions", str(base)])[0] == 0
    everything = json.loads(base.read_text(encoding="utf-8"))["suppressions"]
    assert {e["rule"] for e in everything} == {"WX201", "WX204", "WX302"}
    code, _, err = run_cli(["validate", str(eco), "--select", "WX201", "--suppressions", str(base),
                            "--write-suppressions", str(base)])
    assert code == 0, err
    assert json.loads(base.read_text(encoding="utf-8"))["suppressions"] == everything


def test_a_refresh_from_one_document_keeps_the_other_documents_entries(tmp_path):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    one.write_text(json.dumps(_two_rule_doc()), encoding="utf-8")
    two.write_text(json.dumps(_two_rule_doc()), encoding="utf-8")
    base = tmp_path / "base.json"
    assert run_cli(["validate", str(one), str(two), "--write-suppressions", str(base)])[0] == 0
    both = json.loads(base.read_text(encoding="utf-8"))["suppressions"]
    assert {e["document"] for e in both} == {str(one), str(two)}
    fixed = _two_rule_doc()
    fixed["accounts"][1]["real_name_verified"] = True  # WX204 and WX302 are fixed in one.json
    one.write_text(json.dumps(fixed), encoding="utf-8")
    assert run_cli(["validate", str(one), "--suppressions", str(base), "--write-suppressions", str(base)])[0] == 0
    after = json.loads(base.read_text(encoding="utf-8"))["suppressions"]
    assert [e for e in after if e["document"] == str(two)] == [e for e in both if e["document"] == str(two)]
    assert {e["rule"] for e in after if e["document"] == str(one)} == {"WX201"}


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_written_document_keeps_its_data_as_it_was(tmp_path, suffix):
    """Reports are made safe to print; a document written by repair -o is data, kept exactly."""
    caps = json.loads((SAMPLES / "broken" / "caps.json").read_text(encoding="utf-8"))
    caps["accounts"][0]["name"] = "rtl \u202egnp.exe \x7f tab\there"
    source = tmp_path / "caps.json"
    source.write_text(json.dumps(caps), encoding="utf-8")
    target = tmp_path / f"repaired{suffix}"
    code, _, err = run_cli(["repair", str(source), "-o", str(target)])
    assert code == 0, err
    import topology

    assert topology.load(target).accounts[0].name == caps["accounts"][0]["name"]


# -- standard input, standard output and what they are redirected to ---------------------------------
def _wxtopo(*args: str, stdin=None, stdout=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "topology", *args], stdin=stdin, stdout=stdout or subprocess.PIPE,
                          stderr=subprocess.PIPE, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})})


@pytest.mark.parametrize("argv", [
    ["validate", "-", "-o", "{doc}"], ["repair", "-", "-o", "{doc}"], ["validate", "-", "--write-suppressions", "{doc}"],
    ["render", "-", "--format", "dot", "-o", "{doc}"], ["validate", "-", "-o", "/proc/self/fd/0"],
])
def test_a_document_read_through_standard_input_is_an_input_too(files, argv):
    before = files["doc"].read_bytes()
    with open(files["doc"], "rb") as stdin:
        result = _wxtopo(*[a.format(doc=files["doc"]) for a in argv], stdin=stdin)
    assert result.returncode == 2 and b"would overwrite the input standard input" in result.stderr, result.stderr
    assert files["doc"].read_bytes() == before


def test_the_step_summary_is_not_appended_to_an_input(files):
    before = files["doc"].read_bytes()
    result = _wxtopo("validate", str(files["doc"]), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(files["doc"])})
    assert result.returncode == 0 and b"is an input of this run" in result.stderr
    assert files["doc"].read_bytes() == before


def test_dev_stdout_as_output_is_standard_output_even_on_a_pipe(files):
    result = _wxtopo("validate", str(files["doc"]), "--format", "json", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["valid"] is True


def test_dev_stdout_appended_to_a_log_keeps_the_log(files, tmp_path):
    log = tmp_path / "log.txt"
    log.write_text("earlier\n", encoding="utf-8")
    with open(log, "ab") as fh:
        result = _wxtopo("validate", str(files["doc"]), "-o", "/dev/stdout", stdout=fh)
    assert result.returncode == 0, result.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier\n") and "valid" in text


@pytest.mark.parametrize("how", ["closed", "full"])
def test_standard_output_that_cannot_be_written_is_exit_2_without_traceback(files, tmp_path, how):
    if how == "full":
        if not os.path.exists("/dev/full"):
            pytest.skip("no /dev/full here")
        with open("/dev/full", "wb") as full:
            result = _wxtopo("validate", str(files["doc"]), stdout=full)
    else:
        result = subprocess.run([sys.executable, "-c", "import os, sys; os.close(1); sys.path.insert(0, sys.argv[1]);"
                                 "from topology.cli import main; sys.exit(main(sys.argv[2:]))", str(ROOT),
                                 "validate", str(files["doc"])], stderr=subprocess.PIPE, timeout=120, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    assert b"Traceback" not in result.stderr and b"standard output" in result.stderr


@pytest.mark.parametrize("closed", ["<&-", "2>&-", ">&-"])
def test_closed_standard_streams_keep_the_exit_codes(closed):
    """A stream closed by the shell (``<&-``): exit 2, JSON on standard output where it is open."""
    argv = {"<&-": "validate - --format json", "2>&-": "validate nope.json", ">&-": "validate samples/bloom.json"}[closed]
    result = subprocess.run(["sh", "-c", f'exec "$0" -m topology {argv} {closed}', sys.executable], capture_output=True,
                            timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2, result.stderr
    assert b"Traceback" not in result.stderr
    if closed == "<&-":
        assert "standard input" in json.loads(result.stdout)["errors"][0]["message"]


def test_a_failing_in_place_output_leaves_the_files_unwritten(files, tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    before = files["suppressions"].read_bytes()
    report = tmp_path / "report.txt"
    code, _, err = run_cli(["validate", str(files["doc"]), "-o", "/dev/full", "--write-suppressions",
                            str(files["suppressions"])])
    assert code == 2 and b"No space left" in err
    assert files["suppressions"].read_bytes() == before
    code, _, err = run_cli(["validate", str(files["doc"]), "-o", str(report), "--write-suppressions", "/dev/full"])
    assert code == 2 and not report.exists()


def test_a_socket_is_refused_before_any_work(files, tmp_path):
    import socket

    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        code, _, err = run_cli(["validate", str(files["doc"]), "-o", str(path)])
    assert code == 2 and b"is a socket" in err


def test_a_hard_link_is_one_file_for_two_outputs(files, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("x", encoding="utf-8")
    os.link(a, tmp_path / "a-hard.txt")
    code, _, err = run_cli(["validate", str(files["doc"]), "-o", str(a), "--write-suppressions",
                            str(tmp_path / "a-hard.txt")])
    assert code == 2 and b"both write to" in err and a.read_text(encoding="utf-8") == "x"
