"""Tests of fit_generator / evaluate_generator / predict_generator with
Python generators and keras.utils.Sequence."""
import threading

import numpy as np
import pytest

from keras import callbacks
from keras import multipliers
from keras import optimizers
from keras.layers import Dense
from keras.models import Input
from keras.models import Model
from keras.utils.data_utils import Sequence

RNG = np.random.RandomState(0)
X = RNG.rand(30, 3).astype('float32')
Y = RNG.rand(30, 1).astype('float32')
KERNEL = np.array([[1.], [-1.], [0.5]], dtype='float32')


def make_model(lr=0.):
    inp = Input((3,))
    out = Dense(1, name='out')(inp)
    model = Model(inp, out)
    model.compile(optimizers.SGD(lr=lr), 'mse', metrics=['mae'])
    model.get_layer('out').set_weights([KERNEL, np.zeros(1, 'float32')])
    return model


def expected_loss(x=X, y=Y):
    return np.mean((x.dot(KERNEL) - y) ** 2)


class ArraySequence(Sequence):
    def __init__(self, batch_size=7, with_weights=False):
        self.batch_size = batch_size
        self.with_weights = with_weights
        self.epochs_ended = 0
        self.calls = []
        self.lock = threading.Lock()

    def __len__(self):
        return int(np.ceil(len(X) / float(self.batch_size)))

    def __getitem__(self, idx):
        with self.lock:
            self.calls.append(idx)
        s = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
        if self.with_weights:
            return X[s], Y[s], np.ones(len(X[s]), 'float32')
        return X[s], Y[s]

    def on_epoch_end(self):
        self.epochs_ended += 1


def looping_generator(batch_size=10):
    while True:
        for start in range(0, len(X), batch_size):
            yield X[start:start + batch_size], Y[start:start + batch_size]


@pytest.mark.parametrize('workers', [0, 1, 2])
def test_fit_generator_sequence_workers(workers):
    model = make_model()
    seq = ArraySequence()
    hist = model.fit_generator(seq, epochs=2, workers=workers,
                               use_multiprocessing=False, verbose=0)
    # lr=0: every epoch sees the same loss; batches of 7 (last of 2) are
    # weighted by their size, so the epoch loss is the loss over all samples.
    np.testing.assert_allclose(hist.history['loss'], [expected_loss()] * 2,
                               rtol=1e-5)
    assert hist.params['steps'] == 5
    assert sorted(seq.calls[:5]) == [0, 1, 2, 3, 4]


def test_fit_generator_python_generator_with_validation():
    model = make_model()
    hist = model.fit_generator(looping_generator(), steps_per_epoch=3, epochs=2,
                               validation_data=looping_generator(15),
                               validation_steps=2, verbose=0)
    np.testing.assert_allclose(hist.history['loss'], [expected_loss()] * 2,
                               rtol=1e-5)
    np.testing.assert_allclose(hist.history['val_loss'], [expected_loss()] * 2,
                               rtol=1e-5)
    assert set(hist.history) == {'loss', 'mean_absolute_error', 'val_loss',
                                 'val_mean_absolute_error'}


def test_fit_generator_validation_arrays_and_sequence():
    model = make_model()
    hist = model.fit_generator(ArraySequence(), epochs=1, verbose=0,
                               validation_data=(X[:10], Y[:10]))
    np.testing.assert_allclose(hist.history['val_loss'][0],
                               expected_loss(X[:10], Y[:10]), rtol=1e-5)
    hist = model.fit_generator(ArraySequence(with_weights=True), epochs=1,
                               verbose=0, workers=0,
                               validation_data=ArraySequence(10))
    np.testing.assert_allclose(hist.history['val_loss'][0], expected_loss(),
                               rtol=1e-5)


def test_fit_generator_trains_and_initial_epoch(capsys):
    model = make_model(lr=0.1)
    hist = model.fit_generator(looping_generator(), steps_per_epoch=3, epochs=3,
                               initial_epoch=1, verbose=2)
    assert hist.epoch == [1, 2]
    assert hist.history['loss'][1] < hist.history['loss'][0]
    assert 'Epoch 2/3' in capsys.readouterr().out


def test_fit_generator_multiplier_change_between_epochs():
    model = make_model(lr=0.1)
    kernels = []

    class Snapshot(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            kernels.append(model.get_layer('out').get_weights()[0])

    sched = multipliers.MultiplierScheduler({1: {'out': 0.}})
    model.fit_generator(looping_generator(), steps_per_epoch=3, epochs=2,
                        workers=0, verbose=0, callbacks=[sched, Snapshot()])
    assert not np.allclose(kernels[0], KERNEL)
    np.testing.assert_array_equal(kernels[1], kernels[0])


def test_evaluate_and_predict_generator():
    model = make_model()
    for workers in (0, 1):
        outs = model.evaluate_generator(ArraySequence(), workers=workers)
        pred = X.dot(KERNEL)
        np.testing.assert_allclose(outs, [expected_loss(),
                                          np.mean(np.abs(pred - Y))], rtol=1e-5)
        preds = model.predict_generator(ArraySequence(), workers=workers)
        np.testing.assert_allclose(preds, pred, rtol=1e-5)
    # A generator of inputs only.
    gen = (X[i:i + 10] for i in range(0, 30, 10))
    np.testing.assert_allclose(model.predict_generator(gen, steps=3),
                               X.dot(KERNEL), rtol=1e-5)
    outs = model.evaluate_generator(looping_generator(), steps=3)
    np.testing.assert_allclose(outs[0], expected_loss(), rtol=1e-5)


def test_generator_errors():
    model = make_model()
    with pytest.raises(ValueError, match='steps_per_epoch'):
        model.fit_generator(looping_generator(), verbose=0)
    with pytest.raises(ValueError, match='validation_steps'):
        model.fit_generator(looping_generator(), steps_per_epoch=1, verbose=0,
                            validation_data=looping_generator())
    with pytest.raises(ValueError, match='steps'):
        model.evaluate_generator(looping_generator())

    def bad():
        while True:
            yield X[:2]
    with pytest.raises(ValueError, match='Output of generator'):
        model.fit_generator(bad(), steps_per_epoch=1, verbose=0, workers=0)


def test_legacy_generator_arguments():
    model = make_model()
    with pytest.warns(UserWarning):
        hist = model.fit_generator(looping_generator(), samples_per_epoch=3,
                                   nb_epoch=2, verbose=0)
    assert hist.epoch == [0, 1]


def test_fit_generator_multiprocessing_smoke():
    model = make_model()
    hist = model.fit_generator(ArraySequence(), epochs=1, workers=2,
                               use_multiprocessing=True, verbose=0)
    np.testing.assert_allclose(hist.history['loss'], [expected_loss()],
                               rtol=1e-5)
