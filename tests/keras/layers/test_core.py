"""Tests of keras/layers/core.py: NumPy re-derivations of each layer's
output, shapes, masks, configs, and `layer_test` end to end."""
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.utils.test_utils import layer_test


def run(layer, x, training=False):
    """Output of `layer` on the array `x` (learning phase `training`)."""
    inp = Input(batch_shape=x.shape, dtype=x.dtype.name)
    out = layer(inp)
    f = K.function([inp, K.learning_phase()], [out])
    return f([x, 1 if training else 0])[0]


# ---------------------------------------------------------------------------
# Dense
# ---------------------------------------------------------------------------

def test_dense_math_2d_and_3d():
    rng = np.random.RandomState(0)
    x = rng.randn(4, 5).astype('float32')
    layer = layers.Dense(3, activation='relu')
    y = run(layer, x)
    W, b = K.batch_get_value([layer.kernel, layer.bias])
    b = b + rng.randn(3).astype('float32')
    K.set_value(layer.bias, b)
    f = K.function([layer.input], [layer.output])
    assert_allclose(f([x])[0], np.maximum(x.dot(W) + b, 0), rtol=1e-5, atol=1e-6)
    assert y.shape == (4, 3)

    x3 = rng.randn(2, 6, 5).astype('float32')
    layer = layers.Dense(4, use_bias=False)
    y3 = run(layer, x3)
    W = K.get_value(layer.kernel)
    assert layer.bias is None
    assert len(layer.trainable_weights) == 1
    assert_allclose(y3, np.einsum('btd,du->btu', x3, W), rtol=1e-5, atol=1e-6)


def test_dense_layer_test_and_config():
    layer_test(layers.Dense, kwargs={'units': 3}, input_shape=(3, 2))
    layer_test(layers.Dense, kwargs={'units': 3}, input_shape=(3, 4, 2))
    layer_test(layers.Dense, kwargs={'units': 3}, input_shape=(None, None, 2))
    layer_test(layers.Dense, kwargs={'units': 3, 'activation': 'tanh',
                                     'kernel_regularizer': 'l2',
                                     'bias_regularizer': 'l1',
                                     'activity_regularizer': 'l2',
                                     'kernel_constraint': 'max_norm',
                                     'bias_constraint': 'non_neg'},
               input_shape=(3, 2))
    config = layers.Dense(7, activation='relu', use_bias=False).get_config()
    assert config['units'] == 7
    assert config['activation'] == 'relu'
    assert config['use_bias'] is False
    assert config['W_learning_rate_multiplier'] is None
    assert config['b_learning_rate_multiplier'] is None


def test_dense_regularizer_losses():
    layer = layers.Dense(2, kernel_regularizer='l2', activity_regularizer='l1')
    x = Input(shape=(3,))
    layer(x)
    assert len(layer.losses) == 2


def test_dense_input_dim_and_legacy_names():
    layer = layers.Dense(3, input_dim=4)
    assert layer.batch_input_shape == (None, 4)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter('always')
        legacy = layers.Dense(output_dim=5, init='zeros')
    assert legacy.units == 5
    assert type(legacy.kernel_initializer).__name__ == 'Zeros'


def test_dense_needs_known_last_dim():
    layer = layers.Dense(2)
    with pytest.raises(ValueError, match=layer.name):
        layer.build((None, None))


# ---------------------------------------------------------------------------
# Activation, Dropout
# ---------------------------------------------------------------------------

def test_activation():
    x = np.array([[-2., -0.5, 0., 1.5]], dtype='float32')
    assert_allclose(run(layers.Activation('relu'), x), np.maximum(x, 0))
    assert_allclose(run(layers.Activation('tanh'), x), np.tanh(x), rtol=1e-5)
    assert_allclose(run(layers.Activation(lambda t: t * 3), x), 3 * x)
    layer_test(layers.Activation, kwargs={'activation': 'relu'},
               input_shape=(3, 2))
    assert layers.Activation('sigmoid').get_config()['activation'] == 'sigmoid'


def test_dropout_test_phase_is_identity_and_train_phase_scales():
    x = np.ones((50, 40), dtype='float32')
    assert_allclose(run(layers.Dropout(0.5), x), x)
    K.clear_session()
    y = run(layers.Dropout(0.25, seed=1), x, training=True)
    kept = y != 0
    assert_allclose(y[kept], 1 / 0.75, rtol=1e-6)
    assert 0.6 < kept.mean() < 0.9


def test_dropout_noise_shape():
    x = np.ones((6, 10, 8), dtype='float32')
    y = run(layers.Dropout(0.5, noise_shape=(None, 1, 8)), x, training=True)
    # The same features are dropped at every timestep.
    for t in range(1, 10):
        assert_allclose(y[:, t], y[:, 0])
    assert (y == 0).any() and (y != 0).any()


def test_dropout_rate_zero_and_one_bound():
    x = np.random.random((3, 4)).astype('float32')
    assert_allclose(run(layers.Dropout(0.), x, training=True), x)
    assert layers.Dropout(1.7).rate == 1.
    assert layers.Dropout(-3).rate == 0.


def test_dropout_layer_test():
    layer_test(layers.Dropout, kwargs={'rate': 0.5}, input_shape=(3, 2))
    layer_test(layers.Dropout, kwargs={'rate': 0.5, 'noise_shape': [3, 1]},
               input_shape=(3, 2))
    config = layers.Dropout(0.3, noise_shape=(None, 1), seed=4).get_config()
    assert (config['rate'], config['noise_shape'], config['seed']) == \
        (0.3, (None, 1), 4)


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_spatial_dropout_drops_whole_channels(data_format):
    x = np.ones((4, 6, 5, 7, 8), dtype='float32')
    cases = [(layers.SpatialDropout1D(0.5), x[:, :, 0, 0, :], [1]),
             (layers.SpatialDropout2D(0.5, data_format=data_format),
              x[:, :, :, 0, :], None),
             (layers.SpatialDropout3D(0.5, data_format=data_format), x, None)]
    for layer, data, axes in cases:
        y = run(layer, data, training=True)
        assert_allclose(run(layer, data), data)  # identity at test time
        if axes is None:
            ndim = data.ndim
            axes = (list(range(2, ndim)) if data_format == 'channels_first'
                    else list(range(1, ndim - 1)))
        reduced_max = y.max(axis=tuple(axes))
        reduced_min = y.min(axis=tuple(axes))
        # Each (sample, channel) is either all kept (x2) or all dropped.
        assert_allclose(reduced_max, reduced_min)
        assert set(np.unique(reduced_max)) <= {0., 2.}
        assert (reduced_max == 0).any() and (reduced_max == 2).any()
        K.clear_session()


def test_spatial_dropout_layer_test():
    layer_test(layers.SpatialDropout1D, kwargs={'rate': 0.5},
               input_shape=(2, 3, 4))
    for data_format in ['channels_last', 'channels_first']:
        layer_test(layers.SpatialDropout2D,
                   kwargs={'rate': 0.5, 'data_format': data_format},
                   input_shape=(2, 3, 4, 5))
        layer_test(layers.SpatialDropout3D,
                   kwargs={'rate': 0.5, 'data_format': data_format},
                   input_shape=(2, 3, 4, 4, 5))


# ---------------------------------------------------------------------------
# Flatten, Reshape, Permute, RepeatVector
# ---------------------------------------------------------------------------

def test_flatten_both_formats():
    x = np.arange(2 * 3 * 4 * 5, dtype='float32').reshape((2, 3, 4, 5))
    assert_allclose(run(layers.Flatten(), x), x.reshape((2, -1)))
    # channels_first: channels are moved last before flattening.
    y = run(layers.Flatten(data_format='channels_first'), x)
    assert_allclose(y, np.transpose(x, (0, 2, 3, 1)).reshape((2, -1)))
    layer_test(layers.Flatten, kwargs={}, input_shape=(3, 2, 4))
    layer_test(layers.Flatten, kwargs={'data_format': 'channels_first'},
               input_shape=(3, 2, 4))
    assert layers.Flatten(data_format='channels_first').get_config()[
        'data_format'] == 'channels_first'


def test_flatten_undefined_shape_error():
    layer = layers.Flatten()
    with pytest.raises(ValueError, match='not fully defined'):
        layer(Input(shape=(None, 3)))


def test_reshape():
    x = np.arange(2 * 12, dtype='float32').reshape((2, 3, 4))
    assert_allclose(run(layers.Reshape((6, 2)), x), x.reshape((2, 6, 2)))
    layer = layers.Reshape((-1, 3))
    assert_allclose(run(layer, x), x.reshape((2, 4, 3)))
    assert layer.compute_output_shape((None, 3, 4)) == (None, 4, 3)
    assert layer.compute_output_shape((None, None, 4)) == (None, None, 3)
    layer_test(layers.Reshape, kwargs={'target_shape': (8, 1)},
               input_shape=(3, 2, 4))
    layer_test(layers.Reshape, kwargs={'target_shape': (-1, 1)},
               input_shape=(3, 2, 4))
    layer_test(layers.Reshape, kwargs={'target_shape': (1, -1)},
               input_shape=(3, 2, 4))
    layer_test(layers.Reshape, kwargs={'target_shape': (-1, 1)},
               input_shape=(None, None, 4))


def test_reshape_errors():
    with pytest.raises(ValueError, match='one unknown dimension'):
        layers.Reshape((-1, -1))
    with pytest.raises(ValueError, match='cannot reshape'):
        layers.Reshape((5, 2)).compute_output_shape((None, 3, 4))
    with pytest.raises(ValueError, match='cannot reshape'):
        layers.Reshape((5, -1)).compute_output_shape((None, 3, 4))


def test_permute():
    x = np.random.random((2, 3, 4, 5)).astype('float32')
    assert_allclose(run(layers.Permute((3, 1, 2)), x),
                    np.transpose(x, (0, 3, 1, 2)))
    assert layers.Permute((2, 1)).compute_output_shape((None, 3, 4)) == \
        (None, 4, 3)
    layer_test(layers.Permute, kwargs={'dims': (2, 1)}, input_shape=(3, 2, 4))
    with pytest.raises(ValueError, match='permutation'):
        layers.Permute((0, 1))
    with pytest.raises(ValueError, match='permutation'):
        layers.Permute((1, 1))


def test_repeat_vector():
    x = np.random.random((2, 3)).astype('float32')
    y = run(layers.RepeatVector(4), x)
    assert y.shape == (2, 4, 3)
    for i in range(4):
        assert_allclose(y[:, i], x)
    layer_test(layers.RepeatVector, kwargs={'n': 3}, input_shape=(3, 2))


# ---------------------------------------------------------------------------
# Lambda
# ---------------------------------------------------------------------------

def _double_plus(x, offset=0.):
    return 2 * x + offset


def _half_shape(input_shape):
    return (input_shape[0], input_shape[1] // 2)


def test_lambda_math_and_shapes():
    x = np.random.random((3, 4)).astype('float32')
    assert_allclose(run(layers.Lambda(lambda t: t + 1), x), x + 1)
    layer = layers.Lambda(_double_plus, arguments={'offset': 3.})
    assert_allclose(run(layer, x), 2 * x + 3, rtol=1e-6)
    # output_shape as a tuple (batch axis excluded) and as a function.
    layer = layers.Lambda(lambda t: t[:, :2], output_shape=(2,))
    assert layer.compute_output_shape((None, 4)) == (None, 2)
    assert_allclose(run(layer, x), x[:, :2])
    layer = layers.Lambda(lambda t: t[:, :2], output_shape=_half_shape)
    assert layer.compute_output_shape((7, 4)) == (7, 2)
    # Inferred output shape, also for a list of inputs.
    layer = layers.Lambda(lambda t: K.concatenate([t, t], axis=-1))
    assert layer.compute_output_shape((None, 4)) == (None, 8)
    a, b = Input(shape=(4,)), Input(shape=(4,))
    out = layers.Lambda(lambda ts: ts[0] * ts[1])([a, b])
    assert out._keras_shape == (None, 4)
    f = K.function([a, b], [out])
    assert_allclose(f([x, x + 1])[0], x * (x + 1), rtol=1e-6)
    with pytest.raises(TypeError, match='output_shape'):
        layers.Lambda(lambda t: t, output_shape=3)


def test_lambda_layer_test():
    layer_test(layers.Lambda, kwargs={'function': lambda x: x + 1},
               input_shape=(3, 2))
    layer_test(layers.Lambda,
               kwargs={'function': _double_plus, 'arguments': {'offset': 1.}},
               input_shape=(3, 2))
    layer_test(layers.Lambda,
               kwargs={'function': lambda x: x[:, :1],
                       'output_shape': lambda s: (s[0], 1)},
               input_shape=(3, 2))
    layer_test(layers.Lambda,
               kwargs={'function': lambda x: x[:, :1], 'output_shape': (1,)},
               input_shape=(3, 2))


def test_lambda_mask():
    x = np.array([[[1., 2.], [0., 0.], [3., 4.]]], dtype='float32')
    inp = Input(shape=(3, 2))
    masked = layers.Masking()(inp)
    seen = []

    def fn(t, mask=None):
        seen.append(mask)
        return t * 2

    lam = layers.Lambda(fn, mask=lambda t, m: m)
    out = lam(masked)
    # The function received the mask on the real call (it is also run on a
    # placeholder, without mask, to infer the output shape, as in 2.2.4).
    assert seen[0] is not None
    assert lam.supports_masking
    mask = lam.get_output_mask_at(0)
    y, m = K.function([inp], [out, mask])([x])
    assert_allclose(y, 2 * x * np.array([1, 0, 1])[None, :, None])
    assert_allclose(m, [[True, False, True]])
    # Without `mask`, a Lambda drops the mask (as in Keras 2.2.4).
    plain = layers.Lambda(lambda t: t)
    plain(masked)
    assert not plain.supports_masking
    assert plain.get_output_mask_at(0) is None


def test_lambda_config_round_trip():
    from keras.engine import saving
    x = np.random.random((2, 3)).astype('float32')
    scale = 5.

    # A closure: serialized as bytecode ('lambda') with its closure values.
    layer = layers.Lambda(lambda t: t * scale, output_shape=lambda s: s)
    config = layer.get_config()
    assert config['function_type'] == 'lambda'
    assert config['output_shape_type'] == 'lambda'
    # Bytecode is refused in safe mode (the default).
    with pytest.raises(ValueError, match='safe_mode=False'):
        layers.Lambda.from_config(config)
    with saving.safe_mode_scope(False):
        _lambda_config_round_trip(config, x)


def _lambda_config_round_trip(config, x):
    clone = layers.Lambda.from_config(config)
    assert_allclose(run(clone, x), 5 * x, rtol=1e-6)

    config = layers.Lambda(lambda t: t, output_shape=(3,)).get_config()
    assert config['output_shape_type'] == 'raw'
    assert config['output_shape'] == (3,)

    # A function stored by name is looked up in custom_objects.
    config = layers.Lambda(_double_plus, arguments={'offset': 1.}).get_config()
    config['function'] = '_double_plus'
    config['function_type'] = 'function'
    clone = layers.Lambda.from_config(
        config, custom_objects={'_double_plus': _double_plus})
    assert clone.function is _double_plus
    assert_allclose(run(clone, x), 2 * x + 1, rtol=1e-6)
    with pytest.raises(ValueError):
        layers.Lambda.from_config(config)

    # Numpy arguments come back from JSON as {'type': 'ndarray', ...}.
    config = layers.Lambda(_double_plus).get_config()
    config['arguments'] = {'offset': {'type': 'ndarray',
                                      'value': [1., 2., 3.]}}
    clone = layers.Lambda.from_config(config)
    assert isinstance(clone.arguments['offset'], np.ndarray)
    assert_allclose(run(clone, x), 2 * x + np.array([1., 2., 3.]), rtol=1e-6)

    config['function_type'] = 'bogus'
    with pytest.raises(TypeError, match='bogus'):
        layers.Lambda.from_config(config)


def test_lambda_in_model_config():
    inp = Input(shape=(3,))
    out = layers.Lambda(lambda t: t * 4, name='times4')(inp)
    model = Model(inp, out)
    with pytest.raises(ValueError, match='safe_mode=False'):
        Model.from_config(model.get_config())
    from keras.engine import saving
    with saving.safe_mode_scope(False):
        clone = Model.from_config(model.get_config())
    x = np.random.random((2, 3)).astype('float32')
    assert_allclose(clone.predict(x), 4 * x, rtol=1e-6)


# ---------------------------------------------------------------------------
# ActivityRegularization, Masking
# ---------------------------------------------------------------------------

def test_activity_regularization():
    x = np.array([[1., -2.], [3., 0.5]], dtype='float32')
    layer = layers.ActivityRegularization(l1=0.1, l2=0.01)
    inp = Input(shape=(2,))
    out = layer(inp)
    assert len(layer.losses) == 1
    f = K.function([inp], [out, layer.losses[0]])
    y, loss = f([x])
    assert_allclose(y, x)
    assert_allclose(loss, 0.1 * np.abs(x).sum() + 0.01 * (x ** 2).sum(),
                    rtol=1e-5)
    layer_test(layers.ActivityRegularization, kwargs={'l1': 0.1, 'l2': 0.2},
               input_shape=(3, 2))
    config = layer.get_config()
    assert (config['l1'], config['l2']) == (0.1, 0.01)


def test_masking():
    x = np.array([[[1., 2.], [0., 0.], [3., 0.], [0., 0.]],
                  [[-1., -1.], [-1., -1.], [0., 5.], [0., 0.]]],
                 dtype='float32')
    inp = Input(shape=(4, 2))
    layer = layers.Masking(mask_value=0.)
    out = layer(inp)
    mask = layer.get_output_mask_at(0)
    y, m = K.function([inp], [out, mask])([x])
    expected_mask = np.any(x != 0., axis=-1)
    assert_allclose(m, expected_mask)
    assert_allclose(y, x * expected_mask[..., None])

    K.clear_session()
    inp = Input(shape=(4, 2))
    layer = layers.Masking(mask_value=-1.)
    out = layer(inp)
    y, m = K.function([inp], [out, layer.get_output_mask_at(0)])([x])
    assert_allclose(m, np.any(x != -1., axis=-1))
    assert_allclose(y[1, :2], 0.)
    assert_allclose(y[0], x[0])
    layer_test(layers.Masking, kwargs={'mask_value': 1.}, input_shape=(3, 2, 2))
    assert layers.Masking(2.).get_config()['mask_value'] == 2.
