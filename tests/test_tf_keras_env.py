"""`import keras` makes TensorFlow's `tf.keras` resolve to `tf_keras` when
that package is installed (it sets `TF_USE_LEGACY_KERAS=1` unless the user
set it), in both import orders, so that libraries that use `tf.keras`
(Horovod's `horovod.tensorflow`) work next to this package. Each scenario
runs in a fresh interpreter.
"""
import importlib.util
import os
import subprocess
import sys
import textwrap

import pytest

HAS_TF_KERAS = importlib.util.find_spec('tf_keras') is not None
ORDERS = {
    'keras_first': 'import keras\nimport tensorflow as tf\n',
    'tensorflow_first': 'import tensorflow as tf\nimport keras\n',
}


def run_python(code, extra_path=None, **env_vars):
    env = dict(os.environ)
    env.pop('TF_USE_LEGACY_KERAS', None)
    env['TF_CPP_MIN_LOG_LEVEL'] = '3'
    env.update(env_vars)
    if extra_path:
        env['PYTHONPATH'] = os.pathsep.join([extra_path] + [
            p for p in [env.get('PYTHONPATH')] if p])
    # From the repository root: tests/keras would shadow the package.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.run([sys.executable, '-c', code], env=env, cwd=root,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout.strip().splitlines()[-1]


@pytest.fixture
def fake_tf_keras(tmp_path):
    """A directory holding an empty package named `tf_keras`."""
    package = tmp_path / 'tf_keras'
    package.mkdir()
    (package / '__init__.py').write_text(u'')
    return str(tmp_path)


@pytest.mark.parametrize('order', sorted(ORDERS))
def test_sets_legacy_keras_when_tf_keras_is_installed(order, fake_tf_keras):
    code = ORDERS[order] + 'import os\nprint(os.environ.get("TF_USE_LEGACY_KERAS"))\n'
    assert run_python(code, extra_path=fake_tf_keras) == '1'


@pytest.mark.parametrize('value', ['0', 'False', '1'])
def test_keeps_the_users_value(value, fake_tf_keras):
    code = 'import keras, os\nprint(os.environ.get("TF_USE_LEGACY_KERAS"))\n'
    assert run_python(code, extra_path=fake_tf_keras, TF_USE_LEGACY_KERAS=value) == value


@pytest.mark.skipif(HAS_TF_KERAS, reason='tf_keras is installed in this environment')
def test_changes_nothing_without_tf_keras():
    code = 'import keras, os\nprint(os.environ.get("TF_USE_LEGACY_KERAS"))\n'
    assert run_python(code) == 'None'


@pytest.mark.skipif(not HAS_TF_KERAS, reason='tf_keras is not installed in this environment '
                    '(it is in .venv-horovod: `python3 run.py distributed --test`)')
@pytest.mark.parametrize('order', sorted(ORDERS))
def test_tf_keras_resolves_to_tf_keras_and_keras_to_this_package(order):
    code = ORDERS[order] + textwrap.dedent('''
        import os
        assert keras.__version__.startswith('2.2.4'), keras.__version__
        assert tf.keras.__name__.startswith('tf_keras'), tf.keras.__name__
        assert tf.keras.layers.Dense is not keras.layers.Dense
        assert not tf.executing_eagerly()
        print('OK')
    ''')
    assert run_python(code) == 'OK'
