#!/usr/bin/env python3
"""One entry point for the README commands.

    python3 run.py demo     # set up .venv (idempotent), then run the fine-tuning demo
    python3 run.py test     # set up .venv (idempotent), then run the test suite
    python3 run.py setup    # only set up .venv
    python3 run.py distributed [--np N] [args...]
                            # set up .venv-horovod (idempotent), then run the
                            # Horovod fine-tuning example with 2 (N) processes
    python3 run.py distributed --test [pytest args...]
                            # ... or the distributed tests (tests/distributed)
    python3 run.py distributed --setup   # only set up .venv-horovod

Set-up creates a virtualenv in ``.venv`` (or ``$KERAS_FORK_VENV``), installs
TensorFlow (``tensorflow==1.15.5`` on Python <= 3.7, ``tensorflow-cpu==2.21.0``
on newer Python), the development requirements, and this fork of Keras in
editable mode.  A stamp file records what was installed, so a second run only
checks the stamp and starts at once.

`distributed` uses a second virtualenv, ``.venv-horovod`` (or
``$KERAS_FORK_HOROVOD_VENV``), with the versions Horovod builds against:
``tensorflow-cpu==2.16.2``, ``tf_keras==2.16.0`` (so that ``tf.keras`` never
resolves to this package), Horovod 0.28.1 built from source with gloo (needs
cmake and a C++17 compiler; several minutes on 2 cores), the development
requirements and this fork (editable).  It has its own stamp file.
"""
from __future__ import print_function

import hashlib
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.environ.get('KERAS_FORK_VENV', os.path.join(ROOT, '.venv'))
REQUIREMENTS = os.path.join(ROOT, 'requirements-dev.txt')


def tensorflow_requirement(version_info):
    if tuple(version_info[:2]) <= (3, 7):
        return 'tensorflow==1.15.5'
    return 'tensorflow-cpu==2.21.0'


def venv_python():
    if os.name == 'nt':
        return os.path.join(VENV, 'Scripts', 'python.exe')
    return os.path.join(VENV, 'bin', 'python')


def fingerprint():
    digest = hashlib.sha256()
    for name in ('requirements-dev.txt', 'setup.py', 'run.py'):
        with open(os.path.join(ROOT, name), 'rb') as f:
            digest.update(f.read())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def check_call(cmd, env=None):
    print('+ ' + ' '.join(cmd), flush=True)
    subprocess.check_call(cmd, cwd=ROOT, env=env)


def up_to_date(python, stamp, want):
    """True when the venv of `python` exists and its `stamp` file records `want`."""
    if os.path.exists(python) and os.path.exists(stamp):
        with open(stamp) as f:
            return f.read().strip() == want
    return False


def new_venv(venv, python):
    """Creates the venv when missing and upgrades its pip; returns pip's command."""
    if not os.path.exists(python):
        check_call([sys.executable, '-m', 'venv', venv])
    pip = [python, '-m', 'pip', '--disable-pip-version-check']
    check_call(pip + ['install', '-q', '--upgrade', 'pip'])
    return pip


def setup():
    python = venv_python()
    stamp = os.path.join(VENV, '.keras-fork-setup')
    want = fingerprint()
    if up_to_date(python, stamp, want):
        return python
    pip = new_venv(VENV, python)
    # TensorFlow 2.16+ pulls in Keras 3; the fork is installed after it and
    # replaces that `keras` distribution (pip reports the conflict; see README).
    check_call(pip + ['install', '-q', tensorflow_requirement(sys.version_info),
                      '-r', REQUIREMENTS])
    check_call(pip + ['install', '-q', '--no-deps', '-e', ROOT])
    check_call([python, '-c', 'import keras, tensorflow; '
                'assert keras.__file__.startswith(%r), keras.__file__; '
                'print("keras", keras.__version__, "on tensorflow", tensorflow.__version__)'
                % os.path.join(ROOT, 'keras')])
    with open(stamp, 'w') as f:
        f.write(want)
    return python


# --- the Horovod environment (`run.py distributed`) -------------------------

HOROVOD_VENV = os.environ.get('KERAS_FORK_HOROVOD_VENV',
                              os.path.join(ROOT, '.venv-horovod'))
# Horovod 0.28.1 (its last release) builds against TensorFlow 2.16 but not
# 2.21 (TF's headers include highwayhash headers the 2.21 wheel does not
# ship); tf_keras makes `tf.keras` resolve to Keras 2 of TensorFlow, never to
# this package (see keras/__init__.py and docs/distributed.md).
HOROVOD_TF_PACKAGES = ['tensorflow-cpu==2.16.2', 'tf_keras==2.16.0']
# Horovod's setup.py imports these at build time (no build isolation).
HOROVOD_BUILD_PACKAGES = ['setuptools', 'wheel', 'packaging', 'cloudpickle',
                          'psutil', 'pyyaml']
HOROVOD_PACKAGE = 'horovod==0.28.1'
HOROVOD_BUILD_ENV = {
    'HOROVOD_WITH_TENSORFLOW': '1',
    'HOROVOD_WITH_GLOO': '1',
    'HOROVOD_WITHOUT_MPI': '1',
    'HOROVOD_WITHOUT_PYTORCH': '1',
    'HOROVOD_WITHOUT_MXNET': '1',
}
# TensorFlow 2.16 publishes wheels for these Python versions only.
HOROVOD_PYTHONS = ((3, 9), (3, 10), (3, 11), (3, 12))
HOROVOD_EXAMPLE = os.path.join(ROOT, 'examples', 'horovod_finetune.py')
HOROVOD_TESTS = os.path.join(ROOT, 'tests', 'distributed')


def horovod_fingerprint():
    digest = hashlib.sha256()
    for name in ('requirements-dev.txt', 'setup.py'):
        with open(os.path.join(ROOT, name), 'rb') as f:
            digest.update(f.read())
    spec = (HOROVOD_TF_PACKAGES, HOROVOD_BUILD_PACKAGES, HOROVOD_PACKAGE,
            sorted(HOROVOD_BUILD_ENV.items()), sys.version)
    digest.update(repr(spec).encode())
    return digest.hexdigest()


def horovod_bin(name):
    return os.path.join(HOROVOD_VENV, 'bin', name)


def check_horovod_prerequisites():
    """Fails early, with what to do, when the Horovod build cannot work."""
    if tuple(sys.version_info[:2]) not in HOROVOD_PYTHONS:
        sys.exit('run.py distributed: TensorFlow 2.16 (the version Horovod 0.28.1 builds '
                 'against) needs Python %s; this is Python %d.%d. Run run.py with one of '
                 'those Python versions.' % (
                     ', '.join('%d.%d' % v for v in HOROVOD_PYTHONS),
                     sys.version_info[0], sys.version_info[1]))
    if os.name == 'nt':
        sys.exit('run.py distributed: Horovod does not build on Windows.')
    compiler = os.environ.get('CXX') or shutil.which('g++') or shutil.which('c++')
    if not compiler:
        sys.exit('run.py distributed: building Horovod needs a C++17 compiler (g++ >= 8 or '
                 'clang); none was found on PATH (e.g. `apt-get install g++`).')


def setup_distributed():
    """Creates or updates .venv-horovod; returns its Python.

    Idempotent: a stamp file records what was installed, and a second run
    with the same pins and requirements returns at once.
    """
    python = horovod_bin('python')
    stamp = os.path.join(HOROVOD_VENV, '.keras-fork-horovod-setup')
    want = horovod_fingerprint()
    if up_to_date(python, stamp, want):
        return python
    check_horovod_prerequisites()
    pip = new_venv(HOROVOD_VENV, python)
    check_call(pip + ['install', '-q'] + HOROVOD_TF_PACKAGES + HOROVOD_BUILD_PACKAGES
               + ['-r', REQUIREMENTS])
    env = dict(os.environ)
    env.update(HOROVOD_BUILD_ENV)
    # Horovod passes -j8 to make unless MAKEFLAGS is set: use the cores there are.
    env.setdefault('MAKEFLAGS', '-j%d' % (os.cpu_count() or 1))
    env['PATH'] = os.path.dirname(python) + os.pathsep + env.get('PATH', '')
    if not shutil.which('cmake', path=env['PATH']):
        check_call(pip + ['install', '-q', 'cmake'])
    # Built from source (no wheel exists); pip caches the built wheel, so a
    # fresh venv on the same machine does not compile again.
    check_call(pip + ['install', '--no-build-isolation', HOROVOD_PACKAGE], env=env)
    # Last: TensorFlow's dependency on Keras 3 installed `keras`; this
    # replaces it (pip reports the conflict, as for .venv).
    check_call(pip + ['install', '-q', '--no-deps', '-e', ROOT])
    check_call([horovod_bin('horovodrun'), '--check-build'])
    check_call([python, '-c', HOROVOD_ENV_CHECK % os.path.join(ROOT, 'keras')])
    with open(stamp, 'w') as f:
        f.write(want)
    return python


# Run in the new environment: this package is the only `keras`, `tf.keras` is
# tf_keras, and horovod.keras wraps our optimizers.
HOROVOD_ENV_CHECK = """
import keras, tensorflow as tf, tf_keras, horovod, horovod.keras as hvd
assert keras.__file__.startswith(%r), keras.__file__
assert tf.keras.__name__.startswith('tf_keras'), tf.keras.__name__
assert hvd.gloo_built(), 'Horovod was built without gloo'
print('keras', keras.__version__, 'on tensorflow', tf.__version__,
      '| tf.keras is', tf.keras.__name__, tf_keras.__version__,
      '| horovod', horovod.__version__)
"""


def horovodrun(np_, command):
    """The `horovodrun` command line for `np_` processes on this machine.

    Gloo (no MPI); all traffic stays on the loopback interface.
    """
    return [horovod_bin('horovodrun'), '-np', str(np_), '-H', 'localhost:%d' % np_,
            '--gloo', '--network-interfaces', 'lo'] + command


def distributed(argv):
    """`run.py distributed [--setup | --test | --np N] [args...]`."""
    python = setup_distributed()
    if argv[:1] == ['--setup']:
        return 0
    env = dict(os.environ)
    env.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
    if argv[:1] == ['--test']:
        cmd = [python, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-rs',
               HOROVOD_TESTS] + argv[1:]
    else:
        processes = 2
        if argv[:1] == ['--np']:
            if len(argv) < 2 or not argv[1].isdigit() or int(argv[1]) < 1:
                sys.exit('run.py distributed: --np takes the number of processes '
                         '(an integer >= 1), got %r.' % (argv[1:2] or [None])[0])
            processes, argv = int(argv[1]), argv[2:]
        cmd = horovodrun(processes, [python, HOROVOD_EXAMPLE] + argv)
    print('+ ' + ' '.join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT, env=env)


def main(argv):
    if not argv or argv[0] not in ('demo', 'test', 'setup', 'distributed'):
        print(__doc__)
        return 2
    if argv[0] == 'distributed':
        return distributed(argv[1:])
    python = setup()
    if argv[0] == 'setup':
        return 0
    if argv[0] == 'demo':
        cmd = [python, os.path.join(ROOT, 'examples', 'finetune_digits.py')] + argv[1:]
    else:
        cmd = [python, '-m', 'pytest', '-q', '-p', 'no:cacheprovider',
               os.path.join(ROOT, 'tests')] + argv[1:]
    print('+ ' + ' '.join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
