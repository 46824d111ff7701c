"""Where a command's results go, so that no run ever loses a file.

A run names its inputs (the documents, a baseline, a ruleset file, a suppressions file, a
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
import tempfile
from dataclasses import dataclass, field

from .errors import UsageError
from .sanitize import display_path, escape, terminal_text

STDOUT = "-"


@dataclass
class _Pending:
    path: str
    data: bytes
    option: str


@dataclass
class Outputs:
    """The inputs a run reads and the outputs it will write (see the module docstring)."""

    inputs: list[str] = field(default_factory=list)
    _claimed: dict[str, str] = field(default_factory=dict)  # resolved path or "-" → option
    _pending: list[_Pending] = field(default_factory=list)
    _stdout: list[bytes] = field(default_factory=list)
    _notes: list[str] = field(default_factory=list)

    def read(self, *paths: str | None) -> None:
        """Record inputs (None and '-' are skipped); '-' twice is refused."""
        given = [p for p in paths if p is not None]
        if sum(p == STDOUT for p in given + self.inputs) > 1:
            raise UsageError("standard input ('-') can be read only once: give the other inputs as files")
        self.inputs += given

    def claim(self, path: str | None, option: str = "-o", *, may_replace: tuple[str, ...] = ()) -> str | None:
        """Check that ``path`` may be written by ``option`` and reserve it; ``may_replace``
        lists inputs this output may rewrite (a suppressions file refreshed in place).
        Returns the path, or None when no output was asked for."""
        if path is None:
            return None
        if path == "":
            raise UsageError(f"{option} needs a file name ('-' for standard output)")
        if path == STDOUT:
            key = STDOUT
        else:
            _check_writable(path, option)
            for given in self.inputs:
                if given != STDOUT and given not in may_replace and same_file(path, given):
                    raise UsageError(f"{option} {escape(display_path(path))} would overwrite the input "
                                     f"{escape(display_path(given))}")
            key = os.path.realpath(path)
        if key in self._claimed:
            where = "standard output" if key == STDOUT else escape(display_path(path))
            raise UsageError(f"{option} and {self._claimed[key]} both write to {where}")
        self._claimed[key] = option
        return path

    def write(self, path: str | None, data: str | bytes, option: str = "-o", *, colour: bool = False) -> None:
        """Queue ``data`` for ``path`` (None or '-': standard output); nothing is written
        before :meth:`commit`. Text keeps wxtopo's own colour codes only with ``colour``."""
        raw = data if isinstance(data, bytes) else safe_text(data, colour=colour)
        if path is None or path == STDOUT:
            self._stdout.append(raw)
        else:
            self._pending.append(_Pending(path, raw, option))

    def note(self, text: str) -> None:
        """A line for standard error once everything is written ("wrote …")."""
        self._notes.append(text)

    def commit(self) -> None:
        """Write every queued output, all or none (see the module docstring)."""
        staged: list[tuple[str, str]] = []  # (temporary file, final path)
        in_place: list[_Pending] = []
        try:
            for item in self._pending:
                target = os.path.realpath(item.path)
                if _is_special(target):
                    in_place.append(item)
                else:
                    staged.append((_stage(target, item), target))
            for tmp, target in staged:
                os.replace(tmp, target)
            staged = []
        except OSError as exc:
            raise UsageError(f"cannot write {escape(display_path(item.path))}: {exc.strerror or exc}") from None
        finally:
            for tmp, _ in staged:
                _unlink(tmp)
        for item in in_place:
            try:
                with open(item.path, "wb") as fh:
                    fh.write(item.data)
            except OSError as exc:
                raise UsageError(f"cannot write {escape(display_path(item.path))}: {exc.strerror or exc}") from None
        self._pending = []
        for text in self._notes:
            sys.stderr.write(terminal_text(text) + "\n")
        sys.stderr.flush()
        self._notes = []
        if self._stdout:
            write_stdout(b"".join(self._stdout))
            self._stdout = []


def safe_text(text: str, *, colour: bool = False) -> bytes:
    """Output text as written: control characters escaped (wxtopo's own colours kept when
    ``colour``), UTF-8."""
    return terminal_text(text, colour=colour).encode("utf-8", "replace")


def write_stdout(data: bytes) -> None:
    """Bytes to standard output, whatever encoding the locale or PYTHONIOENCODING names."""
    stream = sys.stdout
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # a text-only stream (a test's capture)
        stream.write(data.decode("utf-8", "replace"))
        stream.flush()


def utf8_streams() -> None:
    """Make standard output and error write UTF-8 (``→``, Chinese, U+FFFD) even where the locale
    says cp1252 or ASCII; what still cannot be encoded (a lone surrogate) is replaced."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
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


def _check_writable(path: str, option: str) -> None:
    shown = escape(display_path(path))
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UsageError(f"{option} {shown}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{option} {shown} is a directory")
    if info is not None and not stat.S_ISREG(info.st_mode):
        if not os.access(target, os.W_OK):
            raise UsageError(f"{option} {shown}: permission denied")
        return  # a device, pipe or socket: written in place
    if not os.path.isdir(folder):
        raise UsageError(f"{option} {shown}: no such directory {escape(display_path(folder))}")
    if info is not None and not os.access(target, os.W_OK):
        raise UsageError(f"{option} {shown}: the file is read-only for this user; not replacing it")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {shown}: cannot create files in {escape(display_path(folder))}")


def _is_special(target: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(target).st_mode)
    except FileNotFoundError:
        return False


def _stage(target: str, item: _Pending) -> str:
    """Write ``item`` to a temporary file beside ``target``, with the permissions a plain
    ``open()`` would give (or the replaced file's), synced to disk."""
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
            fh.write(item.data)
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
