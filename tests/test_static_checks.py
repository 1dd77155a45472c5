"""The checks that stand in for TF 1.15 / Python 3.7 (which cannot be installed
here) and for the Keras 2.2.4 API surface, run as part of the suite."""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, 'tests', 'data')


def _run(cmd):
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True)
    return proc.returncode, proc.stdout


def test_tensorflow_api_exists_in_tf115_and_tf2():
    code, out = _run([sys.executable, os.path.join(DATA, 'tools', 'tf_api_check.py'),
                      '--tf2', '--api', os.path.join(DATA, 'tf115', 'api.json'),
                      '--tf2-data', os.path.join(DATA, 'tf115', 'tf2_21_compat_v1.json'),
                      'keras'])
    assert code == 0, out
    assert ' 0 problems' in out, out


def test_python37_syntax():
    vermin = shutil.which('vermin', path=os.path.dirname(sys.executable)) or shutil.which('vermin')
    if vermin is None:
        pytest.fail('vermin is not installed (it is in requirements-dev.txt)')
    code, out = _run([vermin, '-q', '-t=3.7-', '--violations', 'keras'])
    assert code == 0 and not out.strip(), out


def _python_files():
    for folder, _, files in os.walk(os.path.join(ROOT, 'keras')):
        for name in files:
            if name.endswith('.py'):
                yield os.path.join(folder, name)


def test_no_private_tensorflow_or_tf_keras_imports():
    """tf_api_check covers `tf.keras`/`tf.contrib` attribute uses; this covers
    import statements of private or Keras-backed TensorFlow modules."""
    import ast
    forbidden = ('tensorflow.python', 'tensorflow.core', 'tensorflow.keras',
                 'tensorflow.contrib', 'tensorflow_core', 'tf_keras',
                 'tensorflow.compat.v1.keras', 'tensorflow.compat.v2')
    bad = []
    for path in _python_files():
        with open(path) as f:
            tree = ast.parse(f.read(), path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or '']
            else:
                continue
            for name in names:
                if any(name == f or name.startswith(f + '.') for f in forbidden):
                    bad.append('%s:%d: import of %s' % (os.path.relpath(path, ROOT),
                                                        node.lineno, name))
    assert not bad, '\n'.join(bad)


def test_no_bare_except():
    bad = []
    for path in _python_files():
        with open(path) as f:
            for number, line in enumerate(f, 1):
                if line.strip().startswith('except:'):
                    bad.append('%s:%d' % (os.path.relpath(path, ROOT), number))
    assert not bad, bad
