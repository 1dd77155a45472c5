"""Atomic writes of whole files, for `save`, `save_weights` and
`ModelCheckpoint` (everything that writes a model or weights file to a
path goes through `write_atomically`).

What a save does to the file system, and why:

- The new content is written to a hidden temporary file next to the target
  (`.<name>.<pid>-<token>.tmp`), flushed to disk and renamed over the
  target: a crash or a `kill -9` during the save leaves the previous file
  intact.
- It respects the file as Keras 2.2.4 (which wrote in place) did: a target
  the user could not open for writing (e.g. mode 0444) is refused with a
  `PermissionError` naming the user's path, not replaced; a symlink is
  written through (the file it points to is replaced, atomically, in its
  own folder; the link stays); the new file gets the permission bits (and
  owner and group) of the file it replaces, or `0666 & ~umask` when there
  was none.
- When a rename cannot keep the file what it was (the folder is not
  writable but the file is, the file has other hard links, or its owner or
  group could not be given to a new file), the complete new content is
  built in a private temporary folder and then copied into the file in
  place, as 2.2.4 wrote it.
- Errors name the path the user gave, never the hidden temporary file.
- Stale temporary files of the same target left by dead writers are
  removed at the start of a save. A writer is known to be dead when the pid
  in the temporary file's name is not a live process AND no save to that
  folder is in progress anywhere: every writer holds a shared `flock` on
  the folder from before it creates its temporary file until the file is
  renamed or removed, and the cleanup runs only under an exclusive,
  non-blocking `flock` (released by the kernel when a writer dies, works
  across processes, containers and, where the file system supports it,
  hosts). Where neither can be checked (no `fcntl`, no lock support),
  nothing is removed.

Only the standard library is imported here.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import binascii
import errno
import hashlib
import os
import re
import shutil
import stat
import tempfile

try:
    import fcntl
except ImportError:  # pragma: no cover (Windows)
    fcntl = None

# The part of a temporary file's name after `.<target name>.`.
_TEMP_TAIL = re.compile(r'^(\d+)-[0-9a-f]{12}\.tmp$')
# Keep temporary names under the usual 255-byte limit of a file name.
_MAX_NAME = 200


def _temp_prefix(target):
    """`.<target name>.`: the start of the name of every temporary file of
    `target` (a long name is shortened and made unique by a hash)."""
    name = os.path.basename(target)
    if len(name.encode('utf8', 'surrogateescape')) > _MAX_NAME:
        digest = hashlib.sha1(name.encode('utf8', 'surrogateescape'))
        name = name[:64] + '~' + digest.hexdigest()[:16]
    return '.%s.' % name


def _with_path(error, user_path, detail=None):
    """An exception of the same class as `error` (an `OSError`) that names
    `user_path` instead of whatever path the system call had."""
    message = error.strerror or str(error)
    if detail:
        message = '%s (%s)' % (message, detail)
    return type(error)(error.errno, message, user_path)


def _process_alive(pid):
    """False only when no process `pid` exists on this machine."""
    if pid == os.getpid() or os.name == 'nt' or pid <= 0:
        # On Windows `os.kill(pid, 0)` would terminate the process.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


class _FolderLock(object):
    """The shared `flock` a writer holds on the target's folder while its
    temporary file exists (see the module docstring)."""

    def __init__(self, directory):
        self.fd = None
        if fcntl is None:
            return
        try:
            self.fd = os.open(directory, os.O_RDONLY)
        except OSError:
            # An unreadable folder cannot be locked: saving still works,
            # only the stale-file cleanup is skipped.
            self.fd = None

    def try_exclusive(self):
        """True when no other writer holds the folder (then this one holds
        it exclusively until `share`)."""
        if self.fd is None:
            return False
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def share(self):
        """Holds the folder shared (converting an exclusive hold)."""
        if self.fd is None:
            return
        try:
            fcntl.flock(self.fd, fcntl.LOCK_SH)
        except OSError as e:
            if e.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EBADF,
                               errno.EINVAL):
                raise
            # No lock support here: other writers cannot lock either, so
            # they never clean up (see `try_exclusive`).

    def release(self):
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None


def remove_stale_temporaries(target):
    """Removes the temporary files of `target` whose writer's pid is not a
    live process. Call it only while holding the target's folder
    exclusively (`_FolderLock.try_exclusive`): then no writer is active.

    # Arguments
        target: the real path of the file being saved.

    # Returns
        The names of the files removed.
    """
    directory = os.path.dirname(target)
    prefix = _temp_prefix(target)
    removed = []
    for name in os.listdir(directory):
        if not name.startswith(prefix):
            continue
        match = _TEMP_TAIL.match(name[len(prefix):])
        if match is None or _process_alive(int(match.group(1))):
            continue
        try:
            os.remove(os.path.join(directory, name))
        except FileNotFoundError:
            continue  # removed by someone else meanwhile
        except PermissionError:
            break  # a read-only folder: the save itself decides what to do
        removed.append(name)
    return removed


def _create_temp(target):
    """Creates a new empty temporary file next to `target`, private to its
    owner while it is written.

    # Returns
        `(path, mode)`: `mode` is `0666 & ~umask`, the mode creating the
        target itself would have given (read from the new file, so that
        the process's umask is never changed, not even for an instant).
    """
    directory = os.path.dirname(target)
    prefix = _temp_prefix(target)
    while True:
        token = binascii.hexlify(os.urandom(6)).decode('ascii')
        path = os.path.join(directory, '%s%d-%s.tmp'
                            % (prefix, os.getpid(), token))
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            mode = stat.S_IMODE(os.fstat(fd).st_mode)
        finally:
            os.close(fd)
        os.chmod(path, 0o600)
        return path, mode


def _resolve(user_path):
    """`(target, stat or None)`: the file a save to `user_path` writes
    (symlinks followed) and its current state.

    # Raises
        IsADirectoryError / OSError: naming `user_path`, for a folder, a
            symlink loop or another kind of non-regular file.
        PermissionError: naming `user_path`, when the existing file could
            not be opened for writing (2.2.4 wrote in place, so it failed).
    """
    target = os.path.realpath(user_path)
    if os.path.islink(target):
        raise OSError(errno.ELOOP, 'Cannot save: too many levels of symbolic '
                      'links', user_path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target, None
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, 'Cannot save: the path is a '
                                'folder, not a file', user_path)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, 'Cannot save: the path exists and is not '
                      'a regular file', user_path)
    try:
        os.close(os.open(target, os.O_WRONLY))
    except OSError as e:
        raise _with_path(e, user_path, 'the file is not writable (mode %s): '
                         'it is not replaced; change its permissions or save '
                         'elsewhere' % oct(stat.S_IMODE(info.st_mode)))
    return target, info


def _rename_keeps_identity(info):
    """Whether a new file renamed over the one described by `info` can keep
    its owner and group, and no other hard link to it is left behind."""
    if info.st_nlink != 1:
        return False
    if not hasattr(os, 'geteuid'):
        return True
    euid = os.geteuid()
    if euid == 0:
        return True
    return info.st_uid == euid and (info.st_gid == os.getegid() or
                                    info.st_gid in os.getgroups())


def _write_in_place(target, write):
    """Writes the complete file in a private temporary folder, then copies
    it into `target` (an existing, writable file) in place."""
    folder = tempfile.mkdtemp(prefix='keras-save-')
    try:
        staged = os.path.join(folder, 'staged')
        write(staged)
        with open(staged, 'rb') as source, open(target, 'r+b') as dest:
            shutil.copyfileobj(source, dest)
            dest.truncate()
            dest.flush()
            os.fsync(dest.fileno())
    finally:
        shutil.rmtree(folder)


def write_atomically(filepath, write):
    """Writes a whole file at `filepath` through `write(path)`, atomically
    and respecting the existing file (see the module docstring).

    # Arguments
        filepath: the path the user gave (str or path-like); a symlink is
            written through.
        write: function writing a complete file at the path it is given.

    # Raises
        PermissionError: naming `filepath`, when the existing file is not
            writable, or the folder does not allow creating the file.
        OSError: naming `filepath`, for a folder, a missing folder or
            another kind of file at `filepath`.
        Whatever `write` raises (the previous file is then unchanged).
    """
    user_path = os.fspath(filepath)
    target, info = _resolve(user_path)
    if info is not None and not _rename_keeps_identity(info):
        _write_in_place(target, write)
        return
    directory = os.path.dirname(target)
    lock = _FolderLock(directory)
    try:
        if lock.try_exclusive():
            remove_stale_temporaries(target)
        lock.share()
        try:
            tmp_path, mode = _create_temp(target)
        except OSError as e:
            if info is not None and e.errno in (errno.EACCES, errno.EPERM,
                                                errno.EROFS):
                # The folder is read-only but the file is writable.
                _write_in_place(target, write)
                return
            raise _with_path(e, user_path, 'cannot create a file in folder '
                             '%r' % os.path.dirname(os.path.abspath(user_path)))
        try:
            write(tmp_path)
            with open(tmp_path, 'rb+') as handle:
                os.fsync(handle.fileno())
            if info is not None:
                current = os.stat(tmp_path)
                if (current.st_uid, current.st_gid) != (info.st_uid,
                                                        info.st_gid):
                    os.chown(tmp_path, info.st_uid, info.st_gid)
                mode = stat.S_IMODE(info.st_mode)
            os.chmod(tmp_path, mode)
            os.replace(tmp_path, target)
        finally:
            if os.path.lexists(tmp_path):
                os.remove(tmp_path)
    finally:
        lock.release()
