"""Files and directories: what a walk reads, what it skips and why.

A walk reads the regular files under its root and never follows a symbolic link: a link that
leaves the root could expose any file the user can read (an unpacked archive can carry one), and
a link that stays inside it points at a file the walk reads at its own place anyway. Links,
loops, FIFOs, sockets and devices are reported, never skipped silently. A path named directly
is the user's choice: its links are followed, and what it is not (a loop, a broken link, a FIFO)
is said plainly.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from loaders.sources.base import Problem

# The most a file may hold; screening-list exports are the largest inputs.
MAX_READ_BYTES = 500_000_000
# Opening a FIFO for reading blocks until a writer comes; O_NONBLOCK returns at once, so the
# fstat below can refuse it. It has no effect on regular files.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)


def special_kind(mode: int) -> str | None:
    """What a file that is neither a regular file nor a directory is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "not a regular file"


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the links lead back to each other)"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return exc.strerror or str(exc)


def inspect(path: Path, name: str) -> Literal["file", "directory"] | Problem:
    """A path named on the command line: a file or directory to read, or why it cannot be."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ENOENT and path.is_symlink():
            return Problem(name, "", f"broken symbolic link to {os.readlink(path)}")
        return Problem(name, "", _os_reason(exc))
    if stat.S_ISDIR(mode):
        return "directory"
    kind = special_kind(mode)
    if kind:
        return Problem(name, "", f"{kind}, not a regular file: refused (to read a pipe, give '-' and pipe it in)")
    return "file"


def read_file(path: Path, name: str, follow_links: bool = True) -> bytes | Problem:
    """The file's bytes, or why not; what is opened is checked again (it may have changed since
    the walk saw it), and only regular files are read."""
    flags = _OPEN_FLAGS if follow_links else _OPEN_FLAGS | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return Problem(name, "", f"cannot read: {_os_reason(exc)}")
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        kind = special_kind(info.st_mode)
        if kind:
            return Problem(name, "", f"{kind}, not a regular file: not read")
        if info.st_size > MAX_READ_BYTES:
            return Problem(
                name, "", f"file is {info.st_size:,} bytes, over the {MAX_READ_BYTES:,} limit"
            )
        try:
            return handle.read(MAX_READ_BYTES + 1)
        except OSError as exc:
            return Problem(name, "", f"cannot read: {_os_reason(exc)}")


def matches(relative: str, patterns: Iterable[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _entries(directory: Path) -> list[os.DirEntry[str]] | Problem:
    try:
        with os.scandir(directory) as found:
            return sorted(found, key=lambda entry: entry.name)
    except OSError as exc:
        return Problem(str(directory), "", f"cannot read directory: {_os_reason(exc)}")


def _link_problem(link: Path, root: Path) -> Problem:
    """Why a symbolic link met in a walk is not followed."""
    try:
        link.stat()
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return Problem(str(link), "", f"broken symbolic link to {os.readlink(link)}: skipped")
        return Problem(str(link), "", f"{_os_reason(exc)}: skipped")
    target = link.resolve()
    if not target.is_relative_to(root):
        return Problem(
            str(link), "", f"symbolic link to {target}, outside {root}: not followed"
        )
    return Problem(
        str(link),
        "",
        f"symbolic link to {target.relative_to(root).as_posix() or '.'} inside the walked "
        "directory: not followed (the walk reads its target at its own place)",
        fatal=False,
    )


def _links_to_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:  # a loop or a broken link
        return False


def walk(root: Path, include: Iterable[str], exclude: Iterable[str]) -> Iterator[Path | Problem]:
    """Regular files under `root` in sorted order (hidden ones skipped, globs on the relative
    path), and a Problem for each link, loop or special file that the walk passes by."""
    include, exclude = list(include), list(exclude)
    real_root = root.resolve()
    # Depth first with an explicit stack: directory trees can nest deeper than Python recurses.
    stack: list[Iterator[os.DirEntry[str]]] = []
    opened = _entries(root)
    if isinstance(opened, Problem):
        yield opened
        return
    stack.append(iter(opened))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        relative = path.relative_to(root).as_posix()
        selected = matches(relative, include) and not matches(relative, exclude)
        if entry.is_dir(follow_symlinks=False):
            opened = _entries(path)
            if isinstance(opened, Problem):
                yield opened
            else:
                stack.append(iter(opened))
        elif entry.is_symlink():
            # A link to anything but a file (a directory, a loop, nothing) may stand for files
            # the globs would select, so it is reported whatever its name.
            if selected or not (_links_to_file(path) or matches(relative, exclude)):
                yield _link_problem(path, real_root)
        elif not selected:
            continue
        elif entry.is_file(follow_symlinks=False):
            yield path
        else:
            kind = special_kind(entry.stat(follow_symlinks=False).st_mode)
            yield Problem(str(path), "", f"{kind}, not a regular file: skipped")
