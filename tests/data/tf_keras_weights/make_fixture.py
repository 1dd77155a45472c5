"""Writes the tf_keras weights fixture used by tests/keras/test_models_io.py.

Run with tf_keras installed (NOT in the project's virtualenv):

    python3 -m venv /tmp/tfk
    /tmp/tfk/bin/pip install tensorflow-cpu==2.21.0 tf_keras==2.21.0
    /tmp/tfk/bin/python tests/data/tf_keras_weights/make_fixture.py

It builds a small functional model (Conv2D, BatchNormalization, Dense and a
nested Sequential model), gives every weight (BatchNormalization moving
statistics included) a deterministic non-trivial value, saves the weights
with `model.save_weights('model_weights.h5')` (tf_keras's HDF5 layout:
nested weight groups, names like 'dense/kernel:0') and records the input
and the predictions in `expected.npz`.
"""
import os

import numpy as np
import tf_keras as keras

HERE = os.path.dirname(os.path.abspath(__file__))


def build():
    inputs = keras.Input(shape=(5, 5, 2), name='image')
    x = keras.layers.Conv2D(3, (3, 3), activation='relu', name='conv')(inputs)
    x = keras.layers.BatchNormalization(name='bn')(x)
    x = keras.layers.Flatten(name='flatten')(x)
    x = keras.layers.Dense(4, activation='tanh', name='dense')(x)
    inner = keras.Sequential([keras.layers.Dense(3, name='inner_dense')],
                             name='inner')
    x = inner(x)
    outputs = keras.layers.Dense(2, name='out')(x)
    return keras.Model(inputs, outputs, name='fixture')


def main():
    model = build()
    rng = np.random.RandomState(1234)
    values = []
    for w in model.weights:
        shape = tuple(w.shape)
        if 'moving_variance' in w.name:
            values.append(rng.uniform(0.5, 1.5, shape).astype('float32'))
        else:
            values.append(rng.uniform(-0.5, 0.5, shape).astype('float32'))
    model.set_weights(values)
    x = rng.uniform(-1, 1, (4, 5, 5, 2)).astype('float32')
    y = model.predict(x, verbose=0)
    model.save_weights(os.path.join(HERE, 'model_weights.h5'))
    np.savez(os.path.join(HERE, 'expected.npz'), x=x, y=y,
             **{'weight_%d' % i: v for i, v in enumerate(values)})
    print('tf_keras', keras.__version__, 'weights:',
          [w.name for w in model.weights])


if __name__ == '__main__':
    main()
