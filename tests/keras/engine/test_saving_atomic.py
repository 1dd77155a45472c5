"""Tests for keras.engine.saving_atomic, the atomic writer behind `save`,
`save_weights` and `ModelCheckpoint`: permission bits, symlinks, hard
links, errors naming the user's path, write-protected files and read-only
folders (run without root's override capabilities), and the removal of
stale temporary files of dead writers (never of live ones)."""
import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap

import numpy as np
import pytest

h5py = pytest.importorskip('h5py')

from keras.engine import saving_atomic  # noqa: E402
from keras.engine.saving_atomic import write_atomically  # noqa: E402

try:
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

ATOMIC_SOURCE = os.path.abspath(saving_atomic.__file__)

# Loads saving_atomic (standard library only) without importing keras, so
# that helper processes start fast.
LOAD_ATOMIC = textwrap.dedent('''
    import importlib.util
    spec = importlib.util.spec_from_file_location('saving_atomic', %r)
    atomic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(atomic)
    ''') % ATOMIC_SOURCE

STALLED_WRITER = LOAD_ATOMIC + textwrap.dedent('''
    import sys, time
    def write(path):
        with open(path, 'wb') as f:
            f.write(b'partial')
        sys.stdout.write('WRITING\\n')
        sys.stdout.flush()
        time.sleep(600)
    atomic.write_atomically(sys.argv[1], write)
    ''')


def _writer(content):
    def write(path):
        with open(path, 'wb') as f:
            f.write(content)
    return write


def _read(path):
    with open(path, 'rb') as f:
        return f.read()


def _temporaries(folder):
    return sorted(n for n in os.listdir(str(folder)) if n.endswith('.tmp'))


def _dead_pid():
    proc = subprocess.Popen([sys.executable, '-c', 'pass'])
    proc.wait()
    return proc.pid


def _fake_temporary(folder, target_name, pid):
    name = '.%s.%d-0123456789ab.tmp' % (target_name, pid)
    with open(os.path.join(str(folder), name), 'wb') as f:
        f.write(b'left behind')
    return name


# --------------------------------------------------------------------------
# Modes, symlinks, hard links, errors
# --------------------------------------------------------------------------

def test_new_file_gets_umask_mode_and_existing_file_keeps_its_bits(tmp_path):
    path = str(tmp_path / 'm.h5')
    old_mask = os.umask(0o027)
    try:
        write_atomically(path, _writer(b'one'))
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    os.chmod(path, 0o604)
    inode = os.stat(path).st_ino
    write_atomically(path, _writer(b'two'))
    assert _read(path) == b'two'
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o604
    assert os.stat(path).st_ino != inode  # replaced by rename, not in place
    assert os.listdir(str(tmp_path)) == ['m.h5']


def test_symlink_is_written_through_atomically(tmp_path):
    real_dir = tmp_path / 'real'
    real_dir.mkdir()
    target = str(real_dir / 'model.h5')
    write_atomically(target, _writer(b'old'))
    os.chmod(target, 0o640)
    link = str(tmp_path / 'link.h5')
    os.symlink(os.path.join('real', 'model.h5'), link)  # relative link
    write_atomically(link, _writer(b'new'))
    assert os.path.islink(link)
    assert os.readlink(link) == os.path.join('real', 'model.h5')
    assert _read(target) == b'new'
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert _temporaries(tmp_path) == [] and _temporaries(real_dir) == []
    # A dangling link: the file it names is created.
    dangling = str(tmp_path / 'dangling.h5')
    os.symlink(str(real_dir / 'created.h5'), dangling)
    write_atomically(dangling, _writer(b'created'))
    assert os.path.islink(dangling)
    assert _read(str(real_dir / 'created.h5')) == b'created'


def test_symlink_loop_folder_and_missing_folder_errors_name_the_users_path(
        tmp_path):
    loop = str(tmp_path / 'loop.h5')
    os.symlink(loop, loop)
    with pytest.raises(OSError) as e:
        write_atomically(loop, _writer(b'x'))
    assert e.value.errno == errno.ELOOP and e.value.filename == loop
    folder = str(tmp_path / 'folder.h5')
    os.mkdir(folder)
    with pytest.raises(IsADirectoryError) as e:
        write_atomically(folder, _writer(b'x'))
    assert e.value.filename == folder
    missing = str(tmp_path / 'no' / 'such' / 'm.h5')
    with pytest.raises(FileNotFoundError) as e:
        write_atomically(missing, _writer(b'x'))
    assert e.value.filename == missing
    assert 'cannot create a file in folder' in str(e.value)
    assert _temporaries(tmp_path) == []


def test_hard_linked_file_is_updated_in_place(tmp_path):
    path = str(tmp_path / 'm.h5')
    write_atomically(path, _writer(b'old content'))
    other = str(tmp_path / 'other_name.h5')
    os.link(path, other)
    inode = os.stat(path).st_ino
    write_atomically(path, _writer(b'new'))
    assert _read(path) == b'new' and _read(other) == b'new'
    assert os.stat(path).st_ino == inode
    assert sorted(os.listdir(str(tmp_path))) == ['m.h5', 'other_name.h5']


def test_failed_write_leaves_previous_file_and_no_temporary(tmp_path):
    path = str(tmp_path / 'm.h5')
    write_atomically(path, _writer(b'good'))

    def failing(tmp):
        with open(tmp, 'wb') as f:
            f.write(b'half')
        raise RuntimeError('serialization failed')

    with pytest.raises(RuntimeError, match='serialization failed'):
        write_atomically(path, failing)
    assert _read(path) == b'good'
    assert os.listdir(str(tmp_path)) == ['m.h5']


# --------------------------------------------------------------------------
# Stale temporary files: removed for dead writers, kept for live ones
# --------------------------------------------------------------------------

def _start_stalled_writer(path):
    proc = subprocess.Popen([sys.executable, '-c', STALLED_WRITER, path],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = proc.stdout.readline()
    if line.strip() != b'WRITING':
        proc.kill()
        proc.wait()
        raise AssertionError(proc.stderr.read().decode()[-2000:])
    return proc


def test_stale_temporary_of_killed_writer_is_removed_by_next_save(tmp_path):
    path = str(tmp_path / 'm.h5')
    write_atomically(path, _writer(b'v1'))
    proc = _start_stalled_writer(path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stale = _temporaries(tmp_path)
    assert len(stale) == 1 and stale[0].startswith('.m.h5.%d-' % proc.pid)
    assert _read(path) == b'v1'
    write_atomically(path, _writer(b'v2'))
    assert _read(path) == b'v2'
    assert os.listdir(str(tmp_path)) == ['m.h5']


def test_live_writers_temporary_is_never_removed(tmp_path):
    path = str(tmp_path / 'm.h5')
    write_atomically(path, _writer(b'v1'))
    proc = _start_stalled_writer(path)
    try:
        live = _temporaries(tmp_path)
        assert len(live) == 1 and '.%d-' % proc.pid in live[0]
        write_atomically(path, _writer(b'v2'))  # a concurrent save
        assert _read(path) == b'v2'
        assert _temporaries(tmp_path) == live
        assert _read(str(tmp_path / live[0])) == b'partial'
    finally:
        proc.kill()
        proc.wait()
    write_atomically(path, _writer(b'v3'))
    assert os.listdir(str(tmp_path)) == ['m.h5']


@pytest.mark.skipif(fcntl is None, reason='no fcntl (flock) on this platform')
def test_temporary_is_kept_while_another_writer_holds_the_folder(tmp_path):
    """A writer whose pid this machine cannot see (another container or
    host) is still protected by the folder lock it holds."""
    path = str(tmp_path / 'm.h5')
    write_atomically(path, _writer(b'v1'))
    stale = _fake_temporary(tmp_path, 'm.h5', _dead_pid())
    other_writer = os.open(str(tmp_path), os.O_RDONLY)
    try:
        fcntl.flock(other_writer, fcntl.LOCK_SH)
        write_atomically(path, _writer(b'v2'))
        assert _temporaries(tmp_path) == [stale]
    finally:
        os.close(other_writer)
    write_atomically(path, _writer(b'v3'))
    assert _temporaries(tmp_path) == []
    assert _read(path) == b'v3'


def test_temporary_of_a_live_pid_or_another_target_is_kept(tmp_path):
    path = str(tmp_path / 'm.h5')
    sleeper = subprocess.Popen([sys.executable, '-c',
                                'import time; time.sleep(600)'])
    try:
        live = _fake_temporary(tmp_path, 'm.h5', sleeper.pid)
        other_target = _fake_temporary(tmp_path, 'n.h5', _dead_pid())
        not_ours = '.m.h5.backup.tmp'
        open(str(tmp_path / not_ours), 'wb').close()
        write_atomically(path, _writer(b'v1'))
        assert _temporaries(tmp_path) == sorted([live, other_target, not_ours])
    finally:
        sleeper.kill()
        sleeper.wait()
    write_atomically(path, _writer(b'v2'))
    assert _temporaries(tmp_path) == sorted([other_target, not_ours])


# --------------------------------------------------------------------------
# Write-protected files and read-only folders, without root's overrides
# --------------------------------------------------------------------------

UNPRIVILEGED_SAVES = textwrap.dedent('''
    import json, os, sys
    import numpy as np
    folder = sys.argv[1]
    protected = os.path.join(folder, 'protected.h5')
    results = {}
    try:
        open(protected, 'r+b').close()
        results['dropped'] = False
    except PermissionError:
        results['dropped'] = True
    if not results['dropped']:
        print(json.dumps(results))
        sys.exit(0)
    from keras.callbacks import ModelCheckpoint
    from keras.layers import Dense
    from keras.models import Sequential
    model = Sequential([Dense(2, input_shape=(3,))])
    model.compile('sgd', 'mse')

    def attempt(name, save):
        try:
            save()
            results[name] = 'saved'
        except OSError as e:
            results[name] = [type(e).__name__, e.filename, str(e)]

    def checkpoint(path, weights_only):
        return lambda: model.fit(
            np.zeros((2, 3)), np.zeros((2, 2)), epochs=1, verbose=0,
            callbacks=[ModelCheckpoint(path, save_weights_only=weights_only)])

    attempt('save', lambda: model.save(protected))
    attempt('save_weights', lambda: model.save_weights(protected))
    attempt('checkpoint', checkpoint(protected, False))
    attempt('checkpoint_weights', checkpoint(protected, True))
    read_only = os.path.join(folder, 'read_only')
    attempt('new_in_read_only', lambda: model.save(
        os.path.join(read_only, 'new.h5')))
    attempt('new_weights_in_read_only', lambda: model.save_weights(
        os.path.join(read_only, 'new_weights.h5')))
    model.set_weights([np.full(w.shape, 0.5, 'float32')
                       for w in model.get_weights()])
    attempt('existing_in_read_only', lambda: model.save(
        os.path.join(read_only, 'existing.h5')))
    print(json.dumps(results))
    ''')


def _run_without_override(script, *args):
    """Runs `script` in a fresh Python without the capabilities that let
    root write any file (the suite runs as root here); skips when that is
    not possible."""
    command = [sys.executable, '-c', script] + [str(a) for a in args]
    if hasattr(os, 'geteuid') and os.geteuid() == 0:
        setpriv = shutil.which('setpriv')
        if setpriv is None:
            pytest.skip('running as root and setpriv is missing: cannot drop '
                        'CAP_DAC_OVERRIDE to test permission refusals')
        command = [setpriv, '--inh-caps=-all',
                   '--bounding-set=-dac_override,-dac_read_search',
                   '--'] + command
    proc = subprocess.run(command, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)
    if proc.returncode != 0 and b'setpriv' in proc.stderr:
        pytest.skip('setpriv could not drop capabilities here: %s'
                    % proc.stderr.decode()[-300:])
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    results = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    if not results['dropped']:
        pytest.skip('the file-permission override could not be dropped')
    return results


def test_write_protected_file_and_read_only_folder_are_refused(tmp_path):
    from keras.models import load_model
    folder = str(tmp_path)
    protected = os.path.join(folder, 'protected.h5')
    with open(protected, 'wb') as f:
        f.write(b'data the user protected')
    os.chmod(protected, 0o444)
    read_only = os.path.join(folder, 'read_only')
    os.mkdir(read_only)
    existing = os.path.join(read_only, 'existing.h5')
    with open(existing, 'wb') as f:
        f.write(b'an older model')
    os.chmod(existing, 0o644)
    # A dead writer's leftover cannot be removed from a read-only folder:
    # it must not stop the save.
    stale = _fake_temporary(read_only, 'existing.h5', _dead_pid())
    os.chmod(read_only, 0o555)
    try:
        results = _run_without_override(UNPRIVILEGED_SAVES, folder)
    finally:
        os.chmod(read_only, 0o755)
    # 0444 file in a writable folder: refused by all four, naming the
    # user's path, the data kept (2.2.4 refused too).
    for name in ('save', 'save_weights', 'checkpoint', 'checkpoint_weights'):
        kind, filename, message = results[name]
        assert kind == 'PermissionError' and filename == protected, results
        assert 'not writable' in message and '0o444' in message
    assert _read(protected) == b'data the user protected'
    # New file in a read-only folder: the error names the user's path, not
    # the hidden temporary file.
    for name, base in (('new_in_read_only', 'new.h5'),
                       ('new_weights_in_read_only', 'new_weights.h5')):
        kind, filename, message = results[name]
        assert kind == 'PermissionError', results
        assert filename == os.path.join(read_only, base)
        assert '.tmp' not in message
    # A writable file in a read-only folder is saved (in place, as 2.2.4).
    assert results['existing_in_read_only'] == 'saved'
    assert sorted(os.listdir(read_only)) == [stale, 'existing.h5']
    loaded = load_model(existing)
    for w in loaded.get_weights():
        np.testing.assert_array_equal(w, np.full(w.shape, 0.5))
    assert sorted(os.listdir(folder)) == ['protected.h5', 'read_only']
