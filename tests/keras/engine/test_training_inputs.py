"""Bad arguments of fit/evaluate/predict and of the generator methods:
each raises a ValueError or TypeError that names the argument and says what
is accepted, before any training happens."""
import numpy as np
import pytest

from keras import backend as K
from keras import optimizers
from keras.layers import Dense
from keras.models import Input
from keras.models import Model
from keras.utils import Sequence


def compiled_model():
    inp = Input((3,), name='x')
    model = Model(inp, Dense(1, name='out')(inp))
    model.compile(optimizers.SGD(lr=0.1), 'mse')
    return model


def data(n=10):
    rng = np.random.RandomState(0)
    return (rng.rand(n, 3).astype('float32'),
            rng.rand(n, 1).astype('float32'))


class ArraySequence(Sequence):
    """``length`` batches of ``(x, y)``."""

    def __init__(self, length, x, y):
        self.length = length
        self.x = x
        self.y = y

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        return self.x, self.y


def finite_generator(batches, x, y):
    for _ in range(batches):
        yield x, y


def assert_untouched(model, weights):
    for before, after in zip(weights, model.get_weights()):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize('batch_size, error', [
    (0, ValueError), (-1, ValueError), (2.5, TypeError), ('8', TypeError),
    (True, TypeError)])
def test_bad_batch_size_names_the_argument(batch_size, error):
    model = compiled_model()
    x, y = data()
    weights = model.get_weights()
    pattern = (r'fit\(batch_size=\.\.\.\)` takes an integer >= 1 or None; '
               r'got')
    with pytest.raises(error, match=pattern):
        model.fit(x, y, batch_size=batch_size, verbose=0)
    with pytest.raises(error, match=r'evaluate\(batch_size'):
        model.evaluate(x, y, batch_size=batch_size, verbose=0)
    with pytest.raises(error, match=r'predict\(batch_size'):
        model.predict(x, batch_size=batch_size)
    assert_untouched(model, weights)


def test_integral_numpy_arguments_are_accepted():
    model = compiled_model()
    x, y = data()
    kernel, bias = model.get_weights()
    hist = model.fit(x, y, batch_size=np.int64(10), epochs=np.int32(2),
                     shuffle=False, verbose=0)
    assert len(hist.history['loss']) == 2
    # Two full-batch SGD steps on the mean squared error, in NumPy.
    for _ in range(2):
        err = x.dot(kernel) + bias - y
        kernel = kernel - 0.1 * 2 * x.T.dot(err) / len(x)
        bias = bias - 0.1 * 2 * err.mean(axis=0)
    np.testing.assert_allclose(model.get_weights()[0], kernel, rtol=1e-5)
    np.testing.assert_allclose(model.get_weights()[1], bias, rtol=1e-5)


@pytest.mark.parametrize('epochs, error', [
    (2.5, TypeError), (-1, ValueError), (None, TypeError)])
def test_bad_epochs_names_the_argument(epochs, error):
    model = compiled_model()
    x, y = data()
    with pytest.raises(error, match=r'fit\(epochs=\.\.\.\)` takes an integer '
                                    r'>= 0; got'):
        model.fit(x, y, epochs=epochs, verbose=0)
    seq = ArraySequence(2, x, y)
    with pytest.raises(error, match=r'fit_generator\(epochs='):
        model.fit_generator(seq, epochs=epochs, verbose=0)


def test_zero_epochs_trains_nothing():
    model = compiled_model()
    x, y = data()
    weights = model.get_weights()
    assert model.fit(x, y, epochs=0, verbose=0).history == {}
    assert_untouched(model, weights)


def test_bad_steps_name_the_argument():
    model = compiled_model()
    x, y = data()
    seq = ArraySequence(2, x, y)
    with pytest.raises(ValueError, match=r'fit_generator\(steps_per_epoch'):
        model.fit_generator(seq, steps_per_epoch=0, verbose=0)
    with pytest.raises(TypeError, match=r'evaluate_generator\(steps='):
        model.evaluate_generator(seq, steps=1.5)
    with pytest.raises(ValueError, match=r'predict_generator\(steps='):
        model.predict_generator(seq, steps=-2)


@pytest.mark.parametrize('split, error', [
    (1.0, ValueError), (1.5, ValueError), (-0.1, ValueError),
    ('0.2', TypeError)])
def test_validation_split_outside_0_1_names_the_argument(split, error):
    model = compiled_model()
    x, y = data()
    weights = model.get_weights()
    with pytest.raises(error, match=r'fit\(validation_split=\.\.\.\)` takes '
                                    r'a number in \[0, 1\)'):
        model.fit(x, y, validation_split=split, verbose=0)
    assert_untouched(model, weights)


def test_validation_split_leaving_no_training_sample():
    model = compiled_model()
    x, y = data(n=1)
    with pytest.raises(ValueError, match=r'validation_split=0\.5\)` leaves no '
                                         r'sample to train on out of 1'):
        model.fit(x, y, validation_split=0.5, verbose=0)


def test_validation_split_holds_out_the_last_samples():
    model = compiled_model()
    x, y = data(n=10)
    hist = model.fit(x, y, validation_split=0.3, epochs=1, batch_size=10,
                     shuffle=False, verbose=0)
    assert hist.params['samples'] == 7
    # Validation runs after the epoch's update, on the last 3 samples.
    kernel, bias = model.get_weights()
    expected = np.mean((x[7:].dot(kernel) + bias - y[7:]) ** 2)
    np.testing.assert_allclose(hist.history['val_loss'], [expected], rtol=1e-5)


def test_zero_samples_name_the_argument():
    model = compiled_model()
    x, y = data()
    with pytest.raises(ValueError, match=r'`fit` received 0 samples in `x`'):
        model.fit(x[:0], y[:0], verbose=0)
    with pytest.raises(ValueError, match=r'`evaluate` received 0 samples in '
                                         r'`x`'):
        model.evaluate(x[:0], y[:0], verbose=0)
    with pytest.raises(ValueError, match=r'`predict` received 0 samples in '
                                         r'`x`'):
        model.predict(x[:0])
    with pytest.raises(ValueError, match=r'0 samples in `validation_data`'):
        model.fit(x, y, validation_data=(x[:0], y[:0]), verbose=0)


def test_fit_without_x_names_x():
    model = compiled_model()
    x, y = data()
    with pytest.raises(ValueError, match=r"No input data for \['x'\]: `x` is "
                                         r"None"):
        model.fit(None, y, verbose=0)
    with pytest.raises(ValueError, match=r"No input data for \['x'\]"):
        model.evaluate(None, y, verbose=0)
    with pytest.raises(ValueError, match=r"No input data for \['x'\]"):
        model.train_on_batch(None, y)


def test_fit_without_y_names_y():
    model = compiled_model()
    x, _ = data()
    with pytest.raises(ValueError, match=r"`fit` needs target data for the "
                                         r"outputs \['out'\], but `y` is None"):
        model.fit(x, verbose=0)
    with pytest.raises(ValueError, match=r'`evaluate` needs target data'):
        model.evaluate(x, verbose=0)
    with pytest.raises(ValueError, match=r'`train_on_batch` needs target'):
        model.train_on_batch(x, None)
    with pytest.raises(ValueError, match=r'`test_on_batch` needs target'):
        model.test_on_batch(x, None)


def test_empty_sequence_names_the_argument_in_every_generator_method():
    model = compiled_model()
    x, y = data()
    empty = ArraySequence(0, x, y)
    weights = model.get_weights()
    message = r'received an empty Sequence as `%s` \(its `__len__` is 0\)'
    with pytest.raises(ValueError, match=r'`fit_generator` ' +
                       message % 'generator'):
        model.fit_generator(empty, verbose=0)
    # A given steps_per_epoch does not hide it (cycling over an empty
    # Sequence would never end).
    with pytest.raises(ValueError, match=message % 'generator'):
        model.fit_generator(empty, steps_per_epoch=2, verbose=0, workers=0)
    with pytest.raises(ValueError, match=message % 'validation_data'):
        model.fit_generator(ArraySequence(2, x, y), validation_data=empty,
                            verbose=0)
    with pytest.raises(ValueError, match=r'`evaluate_generator` ' +
                       message % 'generator'):
        model.evaluate_generator(empty)
    with pytest.raises(ValueError, match=r'`predict_generator` ' +
                       message % 'generator'):
        model.predict_generator(empty)
    assert_untouched(model, weights)


@pytest.mark.parametrize('workers', [0, 1])
def test_generator_exhausted_before_steps_names_steps(workers):
    model = compiled_model()
    x, y = data()
    with pytest.raises(ValueError, match=r'`fit_generator`: the generator '
                                         r'stopped in epoch 2 after 1 batches, '
                                         r'before the 2 batches that '
                                         r'`steps_per_epoch` asks for'):
        model.fit_generator(finite_generator(3, x, y), steps_per_epoch=2,
                            epochs=2, verbose=0, workers=workers)
    with pytest.raises(ValueError, match=r'stopped after 2 batches, before the '
                                         r'3 batches that `validation_steps`'):
        model.fit_generator(finite_generator(10, x, y), steps_per_epoch=1,
                            validation_data=finite_generator(2, x, y),
                            validation_steps=3, verbose=0, workers=workers)
    with pytest.raises(ValueError, match=r'`evaluate_generator`: the generator '
                                         r'stopped after 1 batches, before the '
                                         r'4 batches that `steps` asks for'):
        model.evaluate_generator(finite_generator(1, x, y), steps=4,
                                 workers=workers)
    with pytest.raises(ValueError, match=r'`predict_generator`: the generator '
                                         r'stopped after 0 batches'):
        model.predict_generator(finite_generator(0, x, y), steps=1,
                                workers=workers)


def test_finite_generator_long_enough_gives_numpy_values():
    model = compiled_model()
    x, y = data()
    kernel, bias = model.get_weights()
    expected = np.mean((x.dot(kernel) + bias - y) ** 2)
    loss = model.evaluate_generator(finite_generator(2, x, y), steps=2)
    np.testing.assert_allclose(loss, expected, rtol=1e-5)
    K.clear_session()
