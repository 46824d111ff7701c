"""Where a command's results go, so that no run ever loses a file.

A run names its inputs (the documents, a previous document, a ruleset file, a suppressions file, a
changes file) and its outputs (``-o``, ``--write-suppressions``). Before any work:

- an output may not be an input (by resolved path and by inode: a hard link or a symlink
  is the same file), nor another output; ``""`` is not a name and ``-`` is standard output;
- an output must be writable: its folder exists, the file is not a directory, and a file
  that exists is one this user may write (a read-only file in a world-writable folder could
  otherwise be replaced by renaming over it).

After the work, :meth:`Outputs.commit` writes everything or nothing: each regular file is
written to a temporary file beside it (named ``.wxtopo-XXXXXXXX.tmp``, short enough for any
legal name) and renamed into place only when every temporary file has been written; a
symlink is followed, so the link stays a link. Devices, pipes and sockets (``/dev/null``,
``/dev/stdout``, a FIFO) are written in place, never renamed over. Standard output comes
last. Text is written as UTF-8 whatever the locale, with control characters shown escaped
(:func:`topology.sanitize.terminal_text`).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable

from .errors import UsageError
from .sanitize import display_path, escape, terminal_text

STDOUT = "-"


class _Pending:
    """One file to write: where, what, for which option."""

    __slots__ = ("data", "option", "path")

    def __init__(self, path: str, data: bytes | Iterable[bytes], option: str):
        self.path, self.data, self.option = path, data, option

    def chunks(self) -> Iterable[bytes]:
        return (self.data,) if isinstance(self.data, bytes) else self.data


class Outputs:
    """The inputs a run reads and the outputs it will write (see the module docstring).

    A plain class, as :class:`topology.errors.Problem`: ``wxtopo rules`` writes through this
    module and must not pay for importing dataclasses at start-up.
    """

    def __init__(self) -> None:
        self.inputs: list[str] = []
        self._identities: list[tuple[str, tuple[int, int]]] = []  # (name, (dev, inode))
        self._claimed: list[tuple[str, str, tuple[int, int] | None]] = []  # (key, option, inode)
        self._pending: list[_Pending] = []
        self._stdout: list[bytes] = []
        self._stderr: list[bytes] = []
        self._notes: list[str] = []

    def read(self, *paths: str | None) -> None:
        """Record inputs (None is skipped). '-' is standard input: read once, and, when it is a
        file (``< doc.json``), that file is an input like any other."""
        given = [p for p in paths if p is not None]
        if "" in given:
            raise UsageError("an input needs a file name ('-' for standard input)")
        if sum(p == STDOUT for p in given + self.inputs) > 1:
            raise UsageError("standard input ('-') can be read only once: give the other inputs as files")
        for p in given:
            identity = _identity(p) if p != STDOUT else _fd_identity(0)
            if identity is not None:
                self._identities.append((p, identity))
        self.inputs += given

    def claim(self, path: str | None, option: str = "-o", *, may_replace: tuple[str, ...] = ()) -> str | None:
        """Check that ``path`` may be written by ``option`` and reserve it; ``may_replace``
        lists inputs this output may rewrite (a suppressions file refreshed in place).
        Returns the path, or None when no output was asked for."""
        if path is None:
            return None
        if path == "":
            raise UsageError(f"{option} needs a file name ('-' for standard output)")
        shown = escape(display_path(path))
        identity = None
        if path == STDOUT or _stream_of(path) == 1:
            key = STDOUT
        else:
            _check_writable(path, option)
            identity = _identity(path)
            given = self._input_at(path, identity, skip=may_replace)
            if given is not None:
                what = "standard input" if given == STDOUT else escape(display_path(given))
                raise UsageError(f"{option} {shown} would overwrite the input {what}")
            key = os.path.realpath(path)
        for other_key, other_option, other_identity in self._claimed:
            if key == other_key or (identity is not None and identity == other_identity):
                where = "standard output" if key == STDOUT else shown
                raise UsageError(f"{option} and {other_option} both write to {where}")
        self._claimed.append((key, option, identity))
        return path

    def claim_report(self, path: str | None) -> None:
        """Reserve where the report goes: ``-o PATH``, else standard output."""
        self.claim("-" if path is None else path, "the report" if path is None else "-o")

    def is_input(self, path: str) -> bool:
        """Whether ``path`` is one of the run's inputs (a file named from outside, such as
        ``GITHUB_STEP_SUMMARY``, may not be)."""
        return self._input_at(path, _identity(path)) is not None

    def _input_at(self, path: str, identity: tuple[int, int] | None, skip: tuple[str, ...] = ()) -> str | None:
        """The input (as given; '-' for the file behind standard input) that ``path`` names, by
        inode or by resolved path."""
        for given, other in self._identities:
            if given not in skip and identity is not None and identity == other:
                return given
        for given in self.inputs:
            if given not in skip and given != STDOUT and same_file(path, given):
                return given
        return None

    def write(self, path: str | None, data: str | bytes, option: str = "-o", *, colour: bool = False) -> None:
        """Queue ``data`` for ``path`` (None or '-': standard output); nothing is written
        before :meth:`commit`. Text keeps wxtopo's own colour codes only with ``colour``."""
        raw = data if isinstance(data, bytes) else safe_text(data, colour=colour)
        stream = None if path is None or path == STDOUT else _stream_of(path)
        if path is None or path == STDOUT or stream == 1:
            self._stdout.append(raw)
        elif stream == 2:
            self._stderr.append(raw)
        else:
            self._pending.append(_Pending(path, raw, option))

    def stream(self, path: str | None, chunks: Iterable[bytes], option: str = "-o") -> None:
        """Queue an output produced piece by piece (a report too big to hold: ``--format jsonl``).

        A file is still written to a temporary file and renamed into place at :meth:`commit`, so a
        run that fails half-way leaves it as it was; standard output gets each piece as it comes.
        Pieces are bytes the caller has made safe (:func:`safe_text`).
        """
        stream = None if path is None or path == STDOUT else _stream_of(path)
        if path is None or path == STDOUT or stream == 1:
            self._stdout.append(chunks)  # type: ignore[arg-type]
        else:
            self._pending.append(_Pending(path, chunks, option))

    def note(self, text: str) -> None:
        """A line for standard error once everything is written ("wrote …")."""
        self._notes.append(text)

    def commit(self) -> None:
        """Write every queued output, all or none (see the module docstring): regular files are
        staged first, then devices, pipes and standard output are written, and only when all of
        that worked are the staged files renamed into place."""
        staged: list[tuple[str, str]] = []  # (temporary file, final path)
        item = None
        try:
            in_place: list[_Pending] = []
            for item in self._pending:
                if _is_special(item.path):
                    in_place.append(item)
                else:
                    target = os.path.realpath(item.path)
                    staged.append((_stage(target, item), target))
            for item in in_place:
                with open(item.path, "wb") as fh:  # the path as given: /dev/stderr, a FIFO
                    for chunk in item.chunks():
                        fh.write(chunk)
            item = None
            if self._stderr:
                sys.stderr.flush()
                sys.stderr.buffer.write(b"".join(self._stderr))
                sys.stderr.flush()
            for data in self._stdout:
                for chunk in ((data,) if isinstance(data, bytes) else data):
                    write_stdout(chunk)
            for tmp, target in staged:
                os.replace(tmp, target)
            staged = []
        except OSError as exc:
            where = escape(display_path(item.path)) if item is not None else "the output"
            raise UsageError(f"cannot write {where}: {exc.strerror or exc}") from None
        finally:
            for tmp, _ in staged:
                _unlink(tmp)
        self._pending, self._stdout, self._stderr = [], [], []
        for text in self._notes:
            to_stderr(text)
        self._notes = []


def to_stderr(text: str) -> None:
    """One message on standard error, control characters shown escaped."""
    sys.stderr.write(terminal_text(text.rstrip("\n")) + "\n")
    sys.stderr.flush()


def safe_text(text: str, *, colour: bool = False) -> bytes:
    """Output text as written: control characters escaped (wxtopo's own colours kept when
    ``colour``), UTF-8."""
    return terminal_text(text, colour=colour).encode("utf-8", "replace")


def write_stdout(data: bytes) -> None:
    """Bytes to standard output, whatever encoding the locale or PYTHONIOENCODING names.

    A closed or full standard output is a usage error (exit 2), never a traceback; what could
    not be written is dropped, so that the interpreter's own flush at exit cannot fail again.
    """
    stream = sys.stdout
    if stream is None:
        raise UsageError("cannot write the report: standard output is closed")
    try:
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:  # a text-only stream (a test's capture)
            stream.write(data.decode("utf-8", "replace"))
            stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _drop_stdout()
        raise UsageError(f"cannot write standard output: {exc.strerror or exc}") from None


def _drop_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no descriptor to replace
        pass


def same_file(a: str, b: str) -> bool:
    """Whether two paths name one file: the same resolved path, or the same inode."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _fd_identity(fd: int) -> tuple[int, int] | None:
    """The file behind a standard stream, when it is a regular file (``< doc.json``, ``> out``)."""
    try:
        info = os.fstat(fd)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def _stream_of(path: str) -> int | None:
    """1 when ``path`` names this process's standard output (``/dev/stdout``, or the very file
    it is redirected to), 2 for standard error, else None: written through the stream, so a
    pipe works and a ``>>`` log keeps what it held."""
    if path in ("/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"):
        return 1
    if path in ("/dev/stderr", "/proc/self/fd/2", "/dev/fd/2"):
        return 2
    identity = _identity(path)
    for fd in (1, 2):
        if identity is not None and identity == _fd_identity(fd):
            return fd
    return None


def _check_writable(path: str, option: str) -> None:
    shown = escape(display_path(path))
    try:
        info = os.stat(path)  # follows symlinks: /dev/stderr, a link to a device
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UsageError(f"{option} {shown}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{option} {shown} is a directory")
    if info is not None and stat.S_ISSOCK(info.st_mode):
        raise UsageError(f"{option} {shown} is a socket: give a file, a pipe or '-'")
    if info is not None and not stat.S_ISREG(info.st_mode):
        if not os.access(path, os.W_OK):
            raise UsageError(f"{option} {shown}: permission denied")
        return  # a device or a pipe: written in place
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"{option} {shown}: no such directory {escape(display_path(folder))}")
    if info is not None and not os.access(target, os.W_OK):
        raise UsageError(f"{option} {shown}: the file is read-only for this user; not replacing it")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {shown}: cannot create files in {escape(display_path(folder))}")


def _is_special(path: str) -> bool:
    """A device, a pipe: anything but a regular file (or nothing yet), by the path as given."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return False


def _stage(target: str, item: _Pending) -> str:
    """Write ``item`` to a temporary file beside ``target``, with the permissions a plain
    ``open()`` would give (or the replaced file's), synced to disk."""
    import tempfile  # here: `wxtopo rules` writes to standard output only

    folder = os.path.dirname(target) or "."
    fd, tmp = tempfile.mkstemp(prefix=".wxtopo-", suffix=".tmp", dir=folder)
    try:
        try:
            mode = os.stat(target).st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            for chunk in item.chunks():
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
