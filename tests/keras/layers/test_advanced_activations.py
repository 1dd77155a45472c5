"""Tests of keras.layers.advanced_activations against NumPy."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras.engine.input_layer import Input
from keras.layers import advanced_activations as aa
from keras.utils.test_utils import layer_test


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


X = np.array([[-3.0, -1.0, -0.25, 0.0, 0.3, 0.7, 1.0, 2.5, 7.0]],
             dtype='float32')


def _run(layer, x):
    inp = Input(batch_shape=x.shape)
    out = layer(inp)
    return K.function([inp], [out])([x])[0]


@pytest.mark.parametrize('alpha', [0.3, 0.0, 1.5])
def test_leaky_relu(alpha):
    y = _run(aa.LeakyReLU(alpha=alpha), X)
    np.testing.assert_allclose(y, np.where(X > 0, X, alpha * X), rtol=1e-6)


@pytest.mark.parametrize('alpha', [1.0, 0.5])
def test_elu(alpha):
    y = _run(aa.ELU(alpha=alpha), X)
    np.testing.assert_allclose(y, np.where(X > 0, X, alpha * (np.exp(X) - 1)),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('theta', [1.0, 0.5, 0.0])
def test_thresholded_relu(theta):
    y = _run(aa.ThresholdedReLU(theta=theta), X)
    np.testing.assert_allclose(y, np.where(X > theta, X, 0.0), rtol=1e-6)


@pytest.mark.parametrize('axis', [-1, 1])
def test_softmax(axis):
    x = np.random.RandomState(0).randn(2, 3, 4).astype('float32')
    y = _run(aa.Softmax(axis=axis), x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    np.testing.assert_allclose(y, e / e.sum(axis=axis, keepdims=True),
                               rtol=1e-5)


@pytest.mark.parametrize('max_value,slope,threshold', [
    (None, 0.0, 0.0), (6.0, 0.0, 0.0), (2.0, 0.1, 0.5), (None, 0.2, -1.0),
    (1.0, 0.0, 0.5), (2.0, 0.3, -1.0)])
def test_relu(max_value, slope, threshold):
    y = _run(aa.ReLU(max_value=max_value, negative_slope=slope,
                     threshold=threshold), X)
    # Keras 2.2.4's formula: x above the threshold (0 at it), clipped to
    # [0, max_value], minus the leak below the threshold.
    expected = np.where(X > threshold, X, 0.0)
    if max_value is not None:
        expected = np.clip(expected, 0.0, max_value)
    expected = expected - slope * np.maximum(threshold - X, 0.0)
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-7)


def test_relu_rejects_negative_arguments():
    with pytest.raises(ValueError, match='max_value'):
        aa.ReLU(max_value=-1.0)
    with pytest.raises(ValueError, match='negative_slope'):
        aa.ReLU(negative_slope=-0.1)


def test_prelu_matches_numpy():
    rng = np.random.RandomState(1)
    x = rng.randn(4, 3, 5).astype('float32')
    layer = aa.PReLU()
    inp = Input(batch_shape=x.shape)
    out = layer(inp)
    assert K.int_shape(layer.alpha) == (3, 5)
    alpha = rng.rand(3, 5).astype('float32')
    layer.set_weights([alpha])
    y = K.function([inp], [out])([x])[0]
    np.testing.assert_allclose(y, np.where(x > 0, x, alpha[None] * x),
                               rtol=1e-6)


def test_prelu_shared_axes():
    rng = np.random.RandomState(2)
    x = rng.randn(2, 4, 5, 3).astype('float32')
    layer = aa.PReLU(shared_axes=[1, 2], alpha_initializer='ones')
    inp = Input(shape=(None, None, 3))
    out = layer(inp)
    assert K.int_shape(layer.alpha) == (1, 1, 3)
    np.testing.assert_allclose(layer.get_weights()[0], np.ones((1, 1, 3)))
    alpha = np.array([[[0.1, 0.2, 0.3]]], dtype='float32')
    layer.set_weights([alpha])
    y = K.function([inp], [out])([x])[0]
    np.testing.assert_allclose(y, np.where(x > 0, x, alpha[None] * x),
                               rtol=1e-6)
    # A single int is a single shared axis.
    assert aa.PReLU(shared_axes=1).shared_axes == [1]


def test_prelu_bad_shared_axis():
    with pytest.raises(ValueError, match='shared_axes'):
        aa.PReLU(shared_axes=[0])(Input((3, 4)))


def test_prelu_legacy_init_argument():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        layer = aa.PReLU(init='ones')
    assert any('Keras 2 API' in str(w.message) for w in caught)
    assert layer.alpha_initializer.__class__.__name__ == 'Ones'


def test_configs_round_trip():
    for layer in [aa.LeakyReLU(0.2), aa.ELU(0.7), aa.ThresholdedReLU(0.4),
                  aa.Softmax(axis=1), aa.ReLU(3.0, 0.1, 0.2),
                  aa.PReLU(shared_axes=[1], alpha_initializer='ones',
                           learning_rate_multipliers={'alpha': 0})]:
        config = layer.get_config()
        clone = type(layer).from_config(config)
        assert clone.get_config() == config
    assert aa.ReLU(3.0, 0.1, 0.2).get_config()['max_value'] == 3.0
    assert aa.ReLU().get_config()['max_value'] is None
    assert aa.LeakyReLU(0.2).get_config()['alpha'] == pytest.approx(0.2)


@pytest.mark.parametrize('cls,kwargs', [
    (aa.LeakyReLU, {'alpha': 0.2}),
    (aa.ELU, {'alpha': 0.5}),
    (aa.ThresholdedReLU, {'theta': 0.5}),
    (aa.Softmax, {'axis': 1}),
    (aa.ReLU, {'max_value': 5.0, 'negative_slope': 0.1, 'threshold': 1.0}),
    (aa.PReLU, {}),
    (aa.PReLU, {'shared_axes': 1, 'learning_rate_multipliers': 0.5}),
])
def test_layer_test(cls, kwargs):
    layer_test(cls, kwargs=kwargs, input_shape=(2, 3, 4))


def _op_types(layer, name_prefix):
    inp = Input(batch_shape=X.shape)
    out = layer(inp)
    graph = K.get_session().graph
    types = [op.type for op in graph.get_operations()
             if op.name.startswith(name_prefix + '/') and op.type != 'Const']
    return types, K.function([inp], [out])([X])[0]


@pytest.mark.parametrize('kwargs,kernel', [
    ({}, 'Relu'),
    ({'max_value': 6}, 'Relu6'),
    ({'negative_slope': 0.25}, 'LeakyRelu'),
])
def test_relu_layer_builds_one_tensorflow_kernel(kwargs, kernel):
    # As Keras 2.2.4: TensorFlow's own relu / relu6 / leaky_relu op.
    types, y = _op_types(aa.ReLU(name='act', **kwargs), 'act')
    assert types == [kernel]
    slope = np.float32(kwargs.get('negative_slope', 0.))
    expected = np.where(X > 0, X, X * slope)
    if 'max_value' in kwargs:
        expected = np.minimum(expected, 6.)
    np.testing.assert_array_equal(y, expected)


def test_leaky_relu_layer_builds_leaky_relu_kernel():
    types, y = _op_types(aa.LeakyReLU(alpha=0.3, name='leak'), 'leak')
    assert types == ['LeakyRelu']
    np.testing.assert_array_equal(y, np.where(X > 0, X, X * np.float32(0.3)))
