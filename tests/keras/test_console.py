"""A user's console shows only what the user caused: a tiny `fit`, and the
busier paths of training, print no TensorFlow warning, deprecation notice or
graph-mutation report (each run in a fresh interpreter)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import os
import re
import subprocess
import sys
import textwrap

import pytest


NOISE = re.compile(r'WARNING:tensorflow|deprecat|Instructions for updating|'
                   r'was changed by setting attribute|was changed by|'
                   r'not supported in the long term', re.IGNORECASE)

PROBE = textwrap.dedent('''
    import numpy as np, keras
    m = keras.models.Sequential([keras.layers.Dense(4, input_shape=(3,), W_learning_rate_multiplier=0.5), keras.layers.Dense(1)])
    m.compile(keras.optimizers.Adam(), 'mse'); m.fit(np.zeros((8, 3)), np.zeros((8, 1)), epochs=2, verbose=0)
''')

# The paths that used to add control inputs to ops a session already ran:
# evaluating before fitting, rebuilding the train function after new
# multipliers, predicting after fitting, every optimizer, BatchNormalization.
BUSY = textwrap.dedent('''
    import numpy as np, keras
    from keras import layers, optimizers
    x = np.random.RandomState(0).rand(16, 3).astype('float32')
    y = np.ones((16, 1), 'float32')
    for make in (lambda: optimizers.SGD(momentum=0.9, nesterov=True), optimizers.RMSprop,
                 optimizers.Adagrad, optimizers.Adadelta,
                 lambda: optimizers.Adam(amsgrad=True), optimizers.Adamax, optimizers.Nadam):
        keras.backend.clear_session()
        opt = make()
        m = keras.models.Sequential([
            layers.Dense(4, input_shape=(3,), name='a', kernel_constraint='max_norm'),
            layers.BatchNormalization(name='bn'), layers.Dense(1, name='b')])
        m.compile(opt, 'mse', metrics=['mae'])
        m.evaluate(x, y, verbose=0)
        m.fit(x, y, epochs=2, batch_size=8, verbose=0, validation_split=0.25)
        m.set_learning_rate_multipliers({'a': 0.5, 'b': 0})
        m.fit(x, y, epochs=1, batch_size=8, verbose=0)
        m.predict(x)
        m.train_on_batch(x, y)
    print('PROBE-DONE')
''')


@pytest.mark.parametrize('script', [PROBE, BUSY], ids=['probe', 'busy'])
def test_fit_prints_no_tensorflow_warnings(script):
    env = dict(os.environ)
    env.pop('TF_CPP_MIN_LOG_LEVEL', None)  # show TensorFlow's C++ warnings too
    proc = subprocess.run([sys.executable, '-c', script], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300)
    assert proc.returncode == 0, proc.stdout
    noise = [line for line in proc.stdout.splitlines() if NOISE.search(line)]
    assert noise == []
    if script is BUSY:
        assert 'PROBE-DONE' in proc.stdout
