"""`import keras` and `import tensorflow` work in either order.

TensorFlow 2.x imports the top-level `keras` package while it is itself
being imported; the backend must then still switch TensorFlow to graph mode
and be usable. Each scenario runs in a fresh interpreter.
"""
import os
import subprocess
import sys
import textwrap

import pytest

# Builds a tiny graph (placeholder, variable, K.function with an update) and
# checks the values, then that TensorFlow is in graph mode.
_CHECK = textwrap.dedent('''
    import numpy as np
    import tensorflow as tf
    from keras import backend as K
    x = K.placeholder(shape=(None, 2))
    v = K.variable(np.array([[1.], [2.]]))
    f = K.function([x], [K.dot(x, v)], updates=[(v, v * 2.)])
    first = f([np.array([[1., 1.]])])[0]
    second = f([np.array([[1., 1.]])])[0]
    assert first.tolist() == [[3.]], first
    assert second.tolist() == [[6.]], second
    assert not tf.executing_eagerly()
    assert K.backend() == 'tensorflow'
    print('IMPORT-ORDER-OK')
''')

_SCENARIOS = {
    'keras_first': 'import keras\nimport tensorflow\n',
    'tensorflow_first': 'import tensorflow\nimport keras\n',
    # Simulates a keras/__init__.py that imports the backend: the backend
    # is then imported from inside `import tensorflow` (TF 2.x imports
    # `keras.src.optimizers` near the end of its own initialisation).
    'backend_inside_tensorflow_import': textwrap.dedent('''
        import importlib
        import sys

        class _Hook(object):
            seen = False

            def find_spec(self, name, path=None, target=None):
                if name == 'keras.src':
                    _Hook.seen = True
                    importlib.import_module('keras.backend')
                return None

        sys.meta_path.insert(0, _Hook())
        import tensorflow
        if tensorflow.__version__.startswith('2'):
            assert _Hook.seen, 'tensorflow did not import keras'
            assert 'keras.backend' in sys.modules
    '''),
}


@pytest.mark.parametrize('scenario', sorted(_SCENARIOS))
def test_import_order(scenario, tmp_path):
    env = dict(os.environ)
    env['TF_CPP_MIN_LOG_LEVEL'] = '2'
    env['KERAS_HOME'] = str(tmp_path)
    env.pop('KERAS_BACKEND', None)
    # Set by `import keras` in this process when tf_keras is installed; with
    # it, TensorFlow imports tf_keras instead of `keras` during its import.
    env.pop('TF_USE_LEGACY_KERAS', None)
    code = _SCENARIOS[scenario] + _CHECK
    proc = subprocess.run([sys.executable, '-c', code], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert 'IMPORT-ORDER-OK' in proc.stdout
