"""Tests of keras.layers.BatchNormalization against NumPy."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers.normalization import BatchNormalization
from keras.utils.test_utils import layer_test


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


CASES = [
    # (input shape, axis)
    ((16, 3), -1),
    ((6, 4, 5, 3), -1),
    ((6, 3, 4, 5), 1),   # channels_first images
    ((5, 4, 3), 1),      # feature axis in the middle of a 3D tensor
]


def _setup(shape, axis, momentum=0.9, epsilon=1e-3, **kwargs):
    rng = np.random.RandomState(0)
    x = (rng.randn(*shape) * 2.0 + 1.5).astype('float32')
    layer = BatchNormalization(axis=axis, momentum=momentum, epsilon=epsilon,
                               **kwargs)
    inp = Input(batch_shape=shape)
    out = layer(inp)
    dim = shape[axis]
    values = {}
    if layer.scale:
        values['gamma'] = rng.rand(dim).astype('float32') + 0.5
    if layer.center:
        values['beta'] = rng.randn(dim).astype('float32')
    values['moving_mean'] = rng.randn(dim).astype('float32')
    values['moving_variance'] = rng.rand(dim).astype('float32') + 0.5
    order = [n for n in ('gamma', 'beta', 'moving_mean', 'moving_variance')
             if n in values]
    layer.set_weights([values[n] for n in order])
    return x, layer, inp, out, values


def _bcast(v, shape, axis):
    b = [1] * len(shape)
    b[axis] = shape[axis]
    return v.reshape(b)


def _reference(x, axis, mean, var, values, epsilon):
    shape = x.shape
    y = (x - _bcast(mean, shape, axis)) / np.sqrt(_bcast(var, shape, axis) +
                                                  epsilon)
    if 'gamma' in values:
        y = y * _bcast(values['gamma'], shape, axis)
    if 'beta' in values:
        y = y + _bcast(values['beta'], shape, axis)
    return y


def _batch_stats(x, axis):
    red = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
    return x.mean(axis=red), x.var(axis=red), x.size // x.shape[axis]


@pytest.mark.parametrize('shape,axis', CASES)
def test_train_phase_uses_batch_statistics(shape, axis):
    x, layer, inp, out, values = _setup(shape, axis)
    y = K.function([inp, K.learning_phase()], [out])([x, 1])[0]
    mean, var, _ = _batch_stats(x, axis)
    expected = _reference(x, axis, mean, var, values, 1e-3)
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize('shape,axis', CASES)
def test_test_phase_uses_moving_statistics(shape, axis):
    x, layer, inp, out, values = _setup(shape, axis)
    y = K.function([inp, K.learning_phase()], [out])([x, 0])[0]
    expected = _reference(x, axis, values['moving_mean'],
                          values['moving_variance'], values, 1e-3)
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)
    # training=False ignores the learning phase.
    out2 = layer(inp, training=False)
    y2 = K.function([inp, K.learning_phase()], [out2])([x, 1])[0]
    np.testing.assert_allclose(y2, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize('shape,axis', CASES)
def test_moving_statistics_after_train_steps(shape, axis):
    # K.moving_average_update is zero-debiased, as Keras 2.2.4 on
    # TensorFlow 1 (assign_moving_average(zero_debias=True)): a hidden
    # average b_t = m * b_{t-1} + (1 - m) * v_t (b_0 = 0) and
    # moving_t = b_t / (1 - m ** t). The variance tracked is the unbiased
    # sample variance of the batch.
    momentum = 0.8
    x, layer, inp, out, values = _setup(shape, axis, momentum=momentum)
    assert len(layer.updates) == 2
    assert layer.get_updates_for(inp) == layer.updates
    f = K.function([inp, K.learning_phase()], [out], updates=layer.updates)
    x2 = x[::-1] * 0.5 - 1.0
    biased_mean = np.zeros(shape[axis])
    biased_var = np.zeros(shape[axis])
    for t, batch in enumerate([x, x2], start=1):
        f([batch, 1])
        mean, var, n = _batch_stats(batch, axis)
        if len(shape) == 4 and axis % 4 == 3:
            # 4D channels-last: Keras 2.2.4 used TF's fused kernel, whose
            # batch variance already has Bessel's correction; the layer
            # corrects it once more.
            var = var * n / (n - 1.0)
        unbiased = var * n / (n - (1.0 + K.epsilon()))
        biased_mean = momentum * biased_mean + (1 - momentum) * mean
        biased_var = momentum * biased_var + (1 - momentum) * unbiased
        np.testing.assert_allclose(K.get_value(layer.moving_mean),
                                   biased_mean / (1 - momentum ** t),
                                   rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(K.get_value(layer.moving_variance),
                                   biased_var / (1 - momentum ** t),
                                   rtol=1e-5, atol=1e-5)
    # The test phase then uses them.
    y = K.function([inp, K.learning_phase()], [out])([x, 0])[0]
    expected = _reference(x, axis, biased_mean / (1 - momentum ** 2),
                          biased_var / (1 - momentum ** 2), values, 1e-3)
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)


def test_without_center_and_scale():
    x, layer, inp, out, values = _setup((8, 3), -1, center=False,
                                        scale=False)
    assert layer.gamma is None and layer.beta is None
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 2
    y = K.function([inp, K.learning_phase()], [out])([x, 1])[0]
    mean, var, _ = _batch_stats(x, -1)
    np.testing.assert_allclose(y, _reference(x, -1, mean, var, values, 1e-3),
                               rtol=1e-4, atol=1e-4)


def test_weights_order_and_names():
    layer = BatchNormalization()
    layer(Input((4,)))
    assert [w.name.split('/')[-1] for w in layer.weights] == [
        'gamma:0', 'beta:0', 'moving_mean:0', 'moving_variance:0']
    assert [w.name.split('/')[-1] for w in layer.trainable_weights] == [
        'gamma:0', 'beta:0']
    assert [n for n, _ in layer._multiplier_weights] == ['gamma', 'beta']


def test_model_fit_updates_moving_mean():
    inp = Input((3,))
    layer = BatchNormalization(momentum=0.5)
    model = Model(inp, layer(inp))
    model.compile('sgd', 'mse')
    x = np.random.RandomState(3).randn(32, 3).astype('float32') + 4.0
    model.fit(x, np.zeros_like(x), batch_size=32, epochs=1, verbose=0,
              shuffle=False)
    # One zero-debiased update: the moving mean is the batch mean.
    np.testing.assert_allclose(K.get_value(layer.moving_mean),
                               x.mean(axis=0), rtol=1e-4)


def test_undefined_axis_error():
    with pytest.raises(ValueError, match='defined dimension'):
        BatchNormalization()(Input((None,)))


def test_config_round_trip():
    layer = BatchNormalization(axis=1, momentum=0.5, epsilon=0.01,
                               center=False, gamma_initializer='zeros',
                               gamma_regularizer='l2',
                               learning_rate_multipliers={'gamma': 0})
    config = layer.get_config()
    assert config['axis'] == 1 and config['momentum'] == 0.5
    assert config['center'] is False
    assert config['learning_rate_multipliers'] == {'gamma': 0.0}
    assert BatchNormalization.from_config(config).get_config() == config


def test_legacy_arguments():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        layer = BatchNormalization(mode=0, beta_init='ones')
    assert any('Keras 2 API' in str(w.message) for w in caught)
    assert layer.beta_initializer.__class__.__name__ == 'Ones'
    with pytest.raises(TypeError, match='mode'):
        BatchNormalization(mode=2)
    with pytest.raises(TypeError, match='positional'):
        BatchNormalization(-1)


@pytest.mark.parametrize('kwargs,input_shape', [
    ({'momentum': 0.9, 'epsilon': 0.1}, (3, 4, 2)),
    ({'axis': 1}, (3, 4, 2, 2)),
    ({'center': False, 'scale': False}, (3, 5)),
    ({'learning_rate_multipliers': {'beta': 0.5}}, (3, 5)),
])
def test_layer_test(kwargs, input_shape):
    layer_test(BatchNormalization, kwargs=kwargs, input_shape=input_shape)
