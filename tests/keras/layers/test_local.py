"""Tests of keras.layers.local (LocallyConnected1D / 2D) against NumPy loops."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.layers.local import LocallyConnected1D
from keras.layers.local import LocallyConnected2D
from keras.utils.test_utils import layer_test


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


def _apply(layer, x):
    inp = Input(batch_shape=x.shape)
    out = layer(inp)
    return K.function([inp], [out])([x])[0], out


def _randomize(layer, rng):
    weights = [rng.randn(*w.shape).astype('float32')
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def _numpy_local1d(x, kernel, bias, k, s):
    batch, steps, channels = x.shape
    out_len, _, filters = kernel.shape
    y = np.zeros((batch, out_len, filters))
    for i in range(out_len):
        patch = x[:, i * s:i * s + k, :].reshape(batch, -1)  # step-major
        y[:, i, :] = patch.dot(kernel[i])
    if bias is not None:
        y += bias[None]
    return y


def _numpy_local2d(x, kernel, bias, k, s, data_format):
    if data_format == 'channels_first':
        batch, channels, rows, cols = x.shape
    else:
        batch, rows, cols, channels = x.shape
    out_r = (rows - k[0]) // s[0] + 1
    out_c = (cols - k[1]) // s[1] + 1
    filters = kernel.shape[2]
    y = np.zeros((batch, out_r, out_c, filters))
    for i in range(out_r):
        for j in range(out_c):
            rs = slice(i * s[0], i * s[0] + k[0])
            cs = slice(j * s[1], j * s[1] + k[1])
            if data_format == 'channels_first':
                patch = x[:, :, rs, cs]
            else:
                patch = x[:, rs, cs, :]
            y[:, i, j, :] = patch.reshape(batch, -1).dot(kernel[i * out_c + j])
    if data_format == 'channels_first':
        y = y.transpose(0, 3, 1, 2)
        if bias is not None:
            # Keras 2.2.4's layout: the (rows, cols, filters) bias is
            # reshaped (not transposed) to (filters, rows, cols).
            y += bias.reshape((1, filters, out_r, out_c))
    elif bias is not None:
        y += bias[None]
    return y


@pytest.mark.parametrize('strides', [1, 2])
def test_locally_connected_1d_matches_numpy(strides):
    rng = np.random.RandomState(0)
    x = rng.randn(3, 7, 2).astype('float32')
    layer = LocallyConnected1D(4, 3, strides=strides)
    y, out = _apply(layer, x)
    kernel, bias = _randomize(layer, rng)
    out_len = (7 - 3) // strides + 1
    assert kernel.shape == (out_len, 3 * 2, 4)
    assert bias.shape == (out_len, 4)
    y = K.function([layer.input], [out])([x])[0]
    expected = _numpy_local1d(x, kernel, bias, 3, strides)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5)
    assert K.int_shape(out) == (3, out_len, 4)
    assert layer.compute_output_shape((None, 7, 2)) == (None, out_len, 4)


def test_locally_connected_1d_no_bias_activation():
    rng = np.random.RandomState(1)
    x = rng.randn(2, 5, 3).astype('float32')
    layer = LocallyConnected1D(2, 2, use_bias=False, activation='relu')
    _, out = _apply(layer, x)
    assert len(layer.weights) == 1
    (kernel,) = _randomize(layer, rng)
    y = K.function([layer.input], [out])([x])[0]
    expected = np.maximum(_numpy_local1d(x, kernel, None, 2, 1), 0)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('strides', [(1, 1), (2, 1)])
def test_locally_connected_2d_matches_numpy(data_format, strides):
    rng = np.random.RandomState(2)
    if data_format == 'channels_first':
        x = rng.randn(2, 3, 6, 5).astype('float32')
    else:
        x = rng.randn(2, 6, 5, 3).astype('float32')
    layer = LocallyConnected2D(4, (3, 2), strides=strides,
                               data_format=data_format)
    _, out = _apply(layer, x)
    kernel, bias = _randomize(layer, rng)
    out_r = (6 - 3) // strides[0] + 1
    out_c = (5 - 2) // strides[1] + 1
    assert kernel.shape == (out_r * out_c, 3 * 2 * 3, 4)
    assert bias.shape == (out_r, out_c, 4)
    y = K.function([layer.input], [out])([x])[0]
    expected = _numpy_local2d(x, kernel, bias, (3, 2), strides, data_format)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5)
    if data_format == 'channels_first':
        shape = (2, 4, out_r, out_c)
    else:
        shape = (2, out_r, out_c, 4)
    assert K.int_shape(out) == shape
    assert layer.compute_output_shape(x.shape) == shape


def test_only_valid_padding():
    with pytest.raises(ValueError, match='only "valid"'):
        LocallyConnected1D(2, 3, padding='same')
    with pytest.raises(ValueError, match='only "valid"'):
        LocallyConnected2D(2, 3, padding='same')


def test_undefined_spatial_dims_error():
    with pytest.raises(ValueError, match='fully defined'):
        LocallyConnected2D(2, 2, data_format='channels_last')(
            Input((None, 4, 3)))


def test_config_round_trip_with_wb_multipliers():
    layer = LocallyConnected2D(3, (2, 2), strides=(1, 2), activation='tanh',
                               data_format='channels_first',
                               W_learning_rate_multiplier=0,
                               b_learning_rate_multiplier=2.5, name='lc')
    config = layer.get_config()
    assert config['W_learning_rate_multiplier'] == 0.0
    assert config['b_learning_rate_multiplier'] == 2.5
    assert config['kernel_size'] == (2, 2)
    assert config['strides'] == (1, 2)
    assert config['data_format'] == 'channels_first'
    clone = LocallyConnected2D.from_config(config)
    assert clone.get_config() == config
    assert clone.W_learning_rate_multiplier == 0.0
    assert clone.b_learning_rate_multiplier == 2.5
    clone(Input((2, 5, 5)))
    by_name = dict((w.name.split('/')[-1].split(':')[0], m)
                   for w, m in clone.multipliers.items())
    assert by_name == {'kernel': 0.0, 'bias': 2.5}


def test_config_without_multipliers():
    config = LocallyConnected1D(3, 2).get_config()
    assert config['W_learning_rate_multiplier'] is None
    assert config['b_learning_rate_multiplier'] is None
    assert 'learning_rate_multipliers' not in config


def test_disagreeing_multiplier_arguments():
    with pytest.raises(ValueError, match='disagrees'):
        LocallyConnected1D(3, 2, W_learning_rate_multiplier=1.0,
                           learning_rate_multipliers={'kernel': 2.0})
    with pytest.raises(ValueError):
        LocallyConnected1D(3, 2, b_learning_rate_multiplier=-1)


def test_legacy_keras1_arguments():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        layer = LocallyConnected2D(5, 3, 2, subsample=(2, 2),
                                   border_mode='valid', dim_ordering='tf',
                                   init='zeros', bias=False)
    assert any('Keras 2 API' in str(w.message) for w in caught)
    assert layer.filters == 5
    assert layer.kernel_size == (3, 2)
    assert layer.strides == (2, 2)
    assert layer.data_format == 'channels_last'
    assert layer.use_bias is False
    assert layer.kernel_initializer.__class__.__name__ == 'Zeros'
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        layer = LocallyConnected1D(nb_filter=4, filter_length=3,
                                   subsample_length=2)
    assert (layer.filters, layer.kernel_size, layer.strides) == (4, (3,), (2,))


def test_exported_by_keras_layers():
    assert layers.LocallyConnected1D is LocallyConnected1D
    assert layers.LocallyConnected2D is LocallyConnected2D


def test_layer_test_1d():
    layer_test(LocallyConnected1D,
               kwargs={'filters': 3, 'kernel_size': 3, 'strides': 2},
               input_shape=(2, 8, 4))


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_layer_test_2d(data_format):
    layer_test(LocallyConnected2D,
               kwargs={'filters': 3, 'kernel_size': (2, 3),
                       'data_format': data_format,
                       'W_learning_rate_multiplier': 0.5},
               input_shape=(2, 4, 5, 6))


def test_bias_multiplier_without_bias_and_number_spec_round_trip():
    with pytest.warns(UserWarning, match="'lc' .LocallyConnected1D. has no bias "
                                         "weight .use_bias=False., so its "
                                         "b_learning_rate_multiplier=3 is ignored"):
        layer = LocallyConnected1D(2, 2, use_bias=False, name='lc',
                                   b_learning_rate_multiplier=3)
    layer(Input((4, 3)))
    assert list(layer.multipliers.values()) == []
    layer = LocallyConnected1D(2, 2, learning_rate_multipliers=2)
    config = layer.get_config()
    assert config['learning_rate_multipliers'] == 2.0
    assert config['W_learning_rate_multiplier'] == 2.0
    clone = LocallyConnected1D.from_config(config)
    assert clone._learning_rate_multipliers == 2.0
    assert clone.get_config() == config
