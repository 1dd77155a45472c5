"""Atomic file writes for `save` and `save_weights`: the new content is
written to a temporary file in the target's folder, flushed to disk and
renamed over the target, so an interrupted save leaves the previous file
intact.

Only the standard library is imported here.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import os
import shutil
import tempfile


def write_atomically(filepath, write):
    """Calls `write(temporary_path)` then renames the temporary file to
    `filepath` (after flushing it to disk); the temporary file is removed if
    `write` fails, and `filepath` is never left half-written.

    # Arguments
        filepath: the final path.
        write: function writing a complete file at the path it is given.
    """
    directory = os.path.dirname(os.path.abspath(filepath))
    fd, tmp_path = tempfile.mkstemp(
        prefix='.%s.' % os.path.basename(filepath), suffix='.tmp',
        dir=directory)
    os.close(fd)
    try:
        write(tmp_path)
        with open(tmp_path, 'rb+') as fh:
            os.fsync(fh.fileno())
        if os.path.exists(filepath):
            try:
                shutil.copymode(filepath, tmp_path)
            except OSError:
                pass  # Keep mkstemp's mode (0600) rather than fail the save.
        else:
            os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, filepath)
    finally:
        if os.path.exists(tmp_path):
            os.remove(tmp_path)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
