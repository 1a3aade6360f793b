"""Reading input files safely, and writing output files all or nothing, with the modes the user's umask asks for.

:func:`read_regular_file` reads a regular file only (never a FIFO, a device or a folder, which
could block or never end), and no more than a limit.

Every file is first written in full to a temporary file beside its target,
created with mode 0666 less the umask (as ``open()`` would create the target
itself, so 0644 under the usual umask 022, not the 0600 of
``tempfile.mkstemp``) and flushed to disk; only when every file is written
are they renamed into place, each with an atomic rename. On any error the
temporary files are removed and no target changes.

Examples
--------
>>> import os, stat, tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as temporary:
...     folder = Path(temporary)
...     [p.name for p in write_files({folder / "a.txt": "alpha", folder / "b.txt": b"beta"})]
...     (folder / "a.txt").read_text()
...     stat.S_IMODE((folder / "a.txt").stat().st_mode) == 0o666 & ~current_umask()
['a.txt', 'b.txt']
'alpha'
True
"""

import os
import secrets
import stat
from pathlib import Path

from ..errors import DataFileError, FileTooLarge, OutputError

__all__ = ["write_files", "write_into", "current_umask", "read_regular_file"]


def read_regular_file(path, shown, limit, error=DataFileError):
    """Return the bytes of ``path``; refuse anything but a regular file of at most ``limit`` bytes.

    The file is looked at before it is opened, opened without blocking (in case it was swapped for
    a FIFO meanwhile) and looked at again once open. A refusal is ``error(shown, message)``, or
    :class:`~spacegraph.errors.FileTooLarge` for a file over the limit.

    Examples
    --------
    >>> import tempfile
    >>> scratch = tempfile.TemporaryDirectory()  # removed at the end: the errors below are shown at the top level
    >>> folder = Path(scratch.name)
    >>> (folder / "a.ttl").write_bytes(b"12345")
    5
    >>> read_regular_file(folder / "a.ttl", "a.ttl", 10)
    b'12345'
    >>> read_regular_file(folder, "folder", 10)
    Traceback (most recent call last):
    ...
    spacegraph.errors.DataFileError: folder: is a folder, not a regular file; only regular files are read
    >>> read_regular_file(folder / "a.ttl", "a.ttl", 4)
    Traceback (most recent call last):
    ...
    spacegraph.errors.FileTooLarge: a.ttl: is 5 bytes, more than the 4 read
    >>> scratch.cleanup()
    """
    try:
        status = os.stat(path)  # follows a symbolic link to what it names
    except FileNotFoundError:
        raise error(shown, "no such file") from None
    except OSError as failure:
        raise error(shown, failure.strerror or str(failure)) from None
    if not stat.S_ISREG(status.st_mode):
        kinds = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                 (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device")]
        kind = next((name for test, name in kinds if test(status.st_mode)), "something else")
        raise error(shown, f"is {kind}, not a regular file; only regular files are read")
    if status.st_size > limit:
        raise FileTooLarge(shown, f"is {status.st_size:,} bytes, more than the {limit:,} read")
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise error(shown, "was replaced by something other than a regular file while being read")
            # no more than the file holds: read(limit + 1) would ask for a buffer of the whole limit (1 GiB) at once
            data = handle.read(min(limit, status.st_size) + 1)
            if len(data) > status.st_size:  # it grew since the stat: read on, up to the limit
                data += handle.read(limit + 1 - len(data))
    except OSError as failure:
        raise error(shown, failure.strerror or str(failure)) from None
    if len(data) > limit:  # it grew while being read
        raise FileTooLarge(shown, f"is more than the {limit:,} bytes read")
    return data


def current_umask():
    """Return the process's umask (read from ``/proc`` where it can be, so no thread sees it change)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _stage(target, data):
    """Write ``data`` to a new temporary file beside ``target``; return its path."""
    for _ in range(100):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        except FileExistsError:
            continue
        try:
            with os.fdopen(handle, "wb") as out:
                if callable(data):
                    data(out)
                else:
                    out.write(data)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            os.unlink(temporary)
            raise
        return temporary
    raise FileExistsError(f"no free temporary name beside {target}")


def write_files(contents):
    """Write ``{path: text, bytes or writer}`` so that either every file is written in full or none changes.

    Text is written as UTF-8. A writer is a function that writes the file's content into the
    binary file it is given, as it makes it: a large output never has to be held whole in
    memory. Returns the paths, in the order given.

    Raises
    ------
    OutputError
        When a file cannot be written (a missing folder, a folder in the way,
        no permission, a full disk); it names the file.
    """
    staged = []
    current = None
    try:
        for path, data in contents.items():
            current = Path(path)
            staged.append((_stage(current, data.encode("utf-8") if isinstance(data, str) else data), current))
        for temporary, target in staged:
            current = target
            os.replace(temporary, target)
    except BaseException as error:  # a writer's own failure too: nothing is left half-written
        for temporary, _ in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {current}: {error.strerror or error}") from None
        raise
    return [Path(path) for path in contents]


def write_into(folder, contents):
    """Write ``{file name: text, bytes or writer}`` into ``folder``, created if missing, as :func:`write_files` does.

    Raises
    ------
    OutputError
        When ``folder`` or a file in it cannot be written; nothing in ``folder`` changes.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot write to {folder}: {error.strerror or error}") from None
    return write_files({folder / name: data for name, data in contents.items()})
