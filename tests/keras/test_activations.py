"""Activation functions against NumPy re-derivations."""
import warnings

import numpy as np
import pytest

import tensorflow.compat.v1 as tf

from keras import activations
from keras import backend as K
from keras.engine.base_layer import Layer


def _apply(fn, x, **kwargs):
    return K.eval(fn(K.constant(x), **kwargs))


def _np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


X = np.array([[-3.0, -1.2, -0.1, 0.0, 0.3, 1.7, 4.0]], dtype='float32')


def test_softmax_2d_and_3d_axes():
    x = np.random.RandomState(0).randn(4, 5).astype('float32')
    np.testing.assert_allclose(_apply(activations.softmax, x),
                               _np_softmax(x), rtol=1e-5)
    np.testing.assert_allclose(_apply(activations.softmax, x, axis=0),
                               _np_softmax(x, axis=0), rtol=1e-5)
    x3 = np.random.RandomState(1).randn(2, 3, 4).astype('float32')
    for axis in (-1, 1, 0):
        np.testing.assert_allclose(
            _apply(activations.softmax, x3, axis=axis),
            _np_softmax(x3, axis=axis), rtol=1e-5)


def test_softmax_large_values_do_not_overflow():
    x = np.array([[1000., 1001., 1002.]] * 2, dtype='float32')[None]
    np.testing.assert_allclose(_apply(activations.softmax, x)[0],
                               _np_softmax(x[0].astype('float64')),
                               rtol=1e-5)


def test_softmax_1d_raises():
    with pytest.raises(ValueError, match='1D'):
        activations.softmax(K.constant([1., 2., 3.]))


def test_relu_variants():
    np.testing.assert_allclose(_apply(activations.relu, X),
                               np.maximum(X, 0))
    np.testing.assert_allclose(_apply(activations.relu, X, alpha=0.1),
                               np.where(X > 0, X, 0.1 * X), rtol=1e-6)
    np.testing.assert_allclose(_apply(activations.relu, X, max_value=1.5),
                               np.clip(X, 0, 1.5))
    expected = np.where(X > 0.5, X, 0.0)
    np.testing.assert_allclose(_apply(activations.relu, X, threshold=0.5),
                               expected)
    expected = np.where(X > 0.5, np.minimum(X, 2.0), 0.1 * (X - 0.5))
    np.testing.assert_allclose(
        _apply(activations.relu, X, alpha=0.1, max_value=2.0, threshold=0.5),
        expected, rtol=1e-5, atol=1e-6)


def test_elementwise_activations():
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    cases = [
        (activations.elu, np.where(X > 0, X, np.exp(X) - 1)),
        (activations.selu, scale * np.where(X > 0, X, alpha * (np.exp(X) - 1))),
        (activations.softplus, np.log1p(np.exp(X))),
        (activations.softsign, X / (1 + np.abs(X))),
        (activations.tanh, np.tanh(X)),
        (activations.sigmoid, 1 / (1 + np.exp(-X))),
        (activations.hard_sigmoid, np.clip(0.2 * X + 0.5, 0, 1)),
        (activations.exponential, np.exp(X)),
        (activations.linear, X),
    ]
    for fn, expected in cases:
        np.testing.assert_allclose(_apply(fn, X), expected, rtol=1e-5,
                                   atol=1e-6, err_msg=fn.__name__)
    np.testing.assert_allclose(_apply(activations.elu, X, alpha=0.5),
                               np.where(X > 0, X, 0.5 * (np.exp(X) - 1)),
                               rtol=1e-5, atol=1e-6)


def test_get_serialize_deserialize():
    for name in ('softmax', 'elu', 'selu', 'softplus', 'softsign', 'relu',
                 'tanh', 'sigmoid', 'hard_sigmoid', 'exponential', 'linear'):
        fn = activations.get(name)
        assert fn is getattr(activations, name)
        assert activations.serialize(fn) == name
        assert activations.deserialize(name) is fn
    assert activations.get(None) is activations.linear
    assert activations.get(np.tanh) is np.tanh
    with pytest.raises(ValueError, match='Unknown activation function: nope'):
        activations.get('nope')
    with pytest.raises(ValueError):
        activations.get(3)


def test_deserialize_custom_objects():
    def my_act(x):
        return 2 * x
    assert activations.deserialize('my_act',
                                   custom_objects={'my_act': my_act}) is my_act


def test_get_layer_warns():
    class MyActivationLayer(Layer):
        pass
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter('always')
        assert activations.get(MyActivationLayer) is MyActivationLayer
    assert any('MyActivationLayer' in str(w.message) for w in record)


def test_softmax_unknown_rank():
    x = K.placeholder(shape=None)
    y = activations.softmax(x)
    data = np.random.RandomState(2).randn(2, 3, 4).astype('float32')
    np.testing.assert_allclose(K.function([x], [y])([data])[0],
                               _np_softmax(data), rtol=1e-5)


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def test_selu_is_keras_224_bit_for_bit():
    # Keras 2.2.4: scale * K.elu(x, alpha), K.elu being
    # where(x > 0, elu(x), alpha * elu(x)); the same float32 ops in the same
    # order give the same bits.
    x_val = np.linspace(-12., 12., 4001).astype('float32')
    x = K.placeholder(shape=x_val.shape)
    res = tf.nn.elu(x)
    reference = SELU_SCALE * tf.where(x > 0, res, SELU_ALPHA * res)
    got, want = K.function([x], [activations.selu(x), reference])([x_val])
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got.view('int32'), want.view('int32'))
    # And the formula, against NumPy (float64).
    x64 = x_val.astype('float64')
    expected = SELU_SCALE * np.where(x64 > 0, x64,
                                     SELU_ALPHA * np.expm1(x64))
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)
