"""Tests of keras/utils/test_utils.py: `get_test_data`, `keras_test`, and
that `layer_test` passes good layers and catches broken ones."""
import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.base_layer import Layer
from keras.utils import test_utils
from keras.utils.generic_utils import custom_object_scope
from keras.utils.test_utils import get_test_data
from keras.utils.test_utils import keras_test
from keras.utils.test_utils import layer_test


def test_get_test_data_classification():
    np.random.seed(0)
    (x_train, y_train), (x_test, y_test) = get_test_data(
        num_train=300, num_test=100, input_shape=(4, 3), num_classes=3)
    assert x_train.shape == (300, 4, 3) and x_test.shape == (100, 4, 3)
    assert y_train.shape == (300,) and y_test.shape == (100,)
    assert x_train.dtype == np.float32
    assert set(np.unique(np.concatenate([y_train, y_test]))) == {0, 1, 2}
    # Samples of class c are centred on c with standard deviation 0.7.
    x = np.concatenate([x_train, x_test])
    y = np.concatenate([y_train, y_test])
    for c in range(3):
        values = x[y == c]
        assert abs(values.mean() - c) < 0.1
        assert abs(values.std() - 0.7) < 0.1


def test_get_test_data_regression():
    np.random.seed(1)
    (x_train, y_train), (x_test, y_test) = get_test_data(
        num_train=200, num_test=50, input_shape=(5,), output_shape=(2, 3),
        classification=False)
    assert x_train.shape == (200, 5) and y_train.shape == (200, 2, 3)
    assert x_test.shape == (50, 5) and y_test.shape == (50, 2, 3)
    assert y_train.dtype == np.float32
    # Inputs and targets share a per-sample centre in [0, 1).
    x_mean = np.concatenate([x_train, x_test]).mean(axis=1)
    y_mean = np.concatenate([y_train, y_test]).reshape((250, -1)).mean(axis=1)
    assert np.corrcoef(x_mean, y_mean)[0, 1] > 0.1


def test_keras_test_clears_the_session():
    graphs = []

    @keras_test
    def build_something(value):
        graphs.append(K.get_session().graph)
        K.variable(value)
        return value * 2

    assert build_something.__name__ == 'build_something'
    assert build_something(3) == 6
    first_graph = graphs[-1]
    assert K.get_session().graph is not first_graph

    @keras_test
    def failing():
        graphs.append(K.get_session().graph)
        raise RuntimeError('boom')

    with pytest.raises(RuntimeError, match='boom'):
        failing()
    assert K.get_session().graph is not graphs[-1]


def test_layer_test_returns_output_and_checks_expected_output():
    x = np.arange(6, dtype='float32').reshape((2, 3))
    out = layer_test(layers.Lambda, kwargs={'function': lambda t: t * 2},
                     input_data=x, expected_output=2 * x)
    np.testing.assert_allclose(out, 2 * x)
    with pytest.raises(AssertionError):
        layer_test(layers.Lambda, kwargs={'function': lambda t: t * 2},
                   input_data=x, expected_output=3 * x)


def test_layer_test_fixed_batch_size_and_dtypes():
    out = layer_test(layers.Dense, kwargs={'units': 2}, input_shape=(3, 4),
                     fixed_batch_size=True)
    assert out.shape == (3, 2)
    out = layer_test(layers.Lambda,
                     kwargs={'function': lambda t: K.cast(t, 'int32'),
                             'output_shape': (4,)},
                     input_shape=(3, 4), expected_output_dtype='int32')
    assert out.dtype == np.int32
    with pytest.raises(AssertionError, match='dtype'):
        layer_test(layers.Lambda, kwargs={'function': lambda t: t},
                   input_shape=(3, 4), expected_output_dtype='int32')


class WrongShape(Layer):
    """Claims an output shape it does not produce."""

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1] + 1)


class NoConfig(Layer):
    """Needs an argument its config does not store."""

    def __init__(self, factor, **kwargs):
        super(NoConfig, self).__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor


class NaNGradient(Layer):
    """Trains to NaN: its weight gets a NaN gradient."""

    def build(self, input_shape):
        self.w = self.add_weight(name='w', shape=(1,), initializer='ones')
        self.built = True

    def call(self, inputs):
        return inputs * K.sqrt(self.w - 1.)


class BadMask(Layer):
    """Returns a mask that does not fit its output."""

    def __init__(self, **kwargs):
        super(BadMask, self).__init__(**kwargs)
        self.supports_masking = True

    def compute_mask(self, inputs, mask=None):
        return K.ones_like(inputs[:, :1, 0], dtype='bool')


def test_layer_test_catches_broken_layers():
    custom = {'WrongShape': WrongShape, 'NoConfig': NoConfig,
              'NaNGradient': NaNGradient, 'BadMask': BadMask}
    with custom_object_scope(custom):
        with pytest.raises(AssertionError, match='infers output shape'):
            layer_test(WrongShape, input_shape=(2, 3))
        with pytest.raises(TypeError):
            layer_test(NoConfig, kwargs={'factor': 2.}, input_shape=(2, 3))
        with pytest.raises(AssertionError, match='non-finite'):
            layer_test(NaNGradient, input_shape=(2, 3))
        with pytest.raises(AssertionError, match='mask'):
            layer_test(BadMask, input_shape=(2, 3, 4))
        # Without the defects, the same kind of layers pass.
        layer_test(layers.Lambda, kwargs={'function': lambda t: t * 2.},
                   input_shape=(2, 3))


def test_layer_test_trains_the_layer(monkeypatch):
    calls = []
    original = test_utils._train_one_step

    def spy(model, input_data, actual_output, layer):
        calls.append(layer.name)
        return original(model, input_data, actual_output, layer)

    monkeypatch.setattr(test_utils, '_train_one_step', spy)
    layer_test(layers.Dense, kwargs={'units': 2, 'name': 'spied'},
               input_shape=(3, 4))
    assert calls == ['spied']


def test_module_exports():
    from keras.engine.training import Model
    from keras.engine.input_layer import Input
    assert test_utils.Model is Model
    assert test_utils.Input is Input
