#!/usr/bin/env python3
"""One entry point for the two README commands.

    python3 run.py demo     # set up .venv (idempotent), then run the fine-tuning demo
    python3 run.py test     # set up .venv (idempotent), then run the test suite

Set-up creates a virtualenv in ``.venv`` (or ``$KERAS_FORK_VENV``), installs
TensorFlow (``tensorflow==1.15.5`` on Python <= 3.7, ``tensorflow-cpu==2.21.0``
on newer Python), the development requirements, and this fork of Keras in
editable mode.  A stamp file records what was installed, so a second run only
checks the stamp and starts at once.
"""
from __future__ import print_function

import hashlib
import os
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


def check_call(cmd):
    print('+ ' + ' '.join(cmd), flush=True)
    subprocess.check_call(cmd, cwd=ROOT)


def setup():
    python = venv_python()
    stamp = os.path.join(VENV, '.keras-fork-setup')
    want = fingerprint()
    if os.path.exists(python) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == want:
                return python
    if not os.path.exists(python):
        check_call([sys.executable, '-m', 'venv', VENV])
    pip = [python, '-m', 'pip', '--disable-pip-version-check']
    check_call(pip + ['install', '-q', '--upgrade', 'pip'])
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


def main(argv):
    if not argv or argv[0] not in ('demo', 'test', 'setup'):
        print(__doc__)
        return 2
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
