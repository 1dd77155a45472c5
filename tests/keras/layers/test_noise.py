"""Tests of keras.layers.noise: identity at test time, 2.2.4's statistics
at training time."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras.engine.input_layer import Input
from keras.layers import noise
from keras.utils.test_utils import layer_test


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


def _phases(layer, x):
    """(train-phase output, test-phase output) of `layer` on `x`."""
    inp = Input(batch_shape=x.shape)
    out = layer(inp)
    f = K.function([inp, K.learning_phase()], [out])
    return f([x, 1])[0], f([x, 0])[0]


@pytest.mark.parametrize('layer', [
    lambda: noise.GaussianNoise(0.5),
    lambda: noise.GaussianDropout(0.3),
    lambda: noise.AlphaDropout(0.3, seed=3)])
def test_identity_at_test_time(layer):
    x = np.random.RandomState(0).randn(50, 20).astype('float32')
    train, test = _phases(layer(), x)
    np.testing.assert_array_equal(test, x)
    assert not np.allclose(train, x)


def test_training_argument_overrides_phase():
    x = np.random.RandomState(0).randn(30, 10).astype('float32')
    inp = Input(batch_shape=x.shape)
    out = noise.GaussianNoise(1.0)(inp, training=False)
    f = K.function([inp, K.learning_phase()], [out])
    np.testing.assert_array_equal(f([x, 1])[0], x)
    out = noise.GaussianNoise(1.0)(inp, training=True)
    f = K.function([inp], [out])
    assert not np.allclose(f([x])[0], x)


def test_gaussian_noise_statistics():
    x = np.random.RandomState(1).rand(200, 500).astype('float32')
    train, _ = _phases(noise.GaussianNoise(0.7), x)
    diff = train - x
    # 1e5 samples: standard errors 0.0022 (mean) and 0.0016 (std).
    assert abs(diff.mean()) < 0.015
    assert abs(diff.std() - 0.7) < 0.015


def test_gaussian_dropout_statistics():
    rate = 0.2
    x = np.full((200, 500), 2.0, dtype='float32')
    train, _ = _phases(noise.GaussianDropout(rate), x)
    factor = train / x
    assert abs(factor.mean() - 1.0) < 0.01
    assert abs(factor.std() - np.sqrt(rate / (1 - rate))) < 0.01


def test_alpha_dropout_formula():
    rate = 0.25
    x = np.random.RandomState(2).randn(200, 500).astype('float32')
    train, _ = _phases(noise.AlphaDropout(rate, seed=7), x)
    alpha_p = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946
    a = ((1 - rate) * (1 + rate * alpha_p ** 2)) ** -0.5
    b = -a * alpha_p * rate
    kept_value = a * x + b
    dropped_value = a * alpha_p + b
    kept = np.isclose(train, kept_value, rtol=1e-5, atol=1e-5)
    dropped = np.isclose(train, dropped_value, rtol=1e-5, atol=1e-5)
    assert np.all(kept | dropped)
    assert abs(dropped.mean() - rate) < 0.01
    # Standard-normal inputs keep mean 0 and variance 1.
    assert abs(train.mean()) < 0.02
    assert abs(train.var() - 1.0) < 0.03


def test_alpha_dropout_noise_shape():
    x = np.random.RandomState(3).randn(40, 6, 30).astype('float32')
    train, _ = _phases(noise.AlphaDropout(0.5, noise_shape=(40, 1, 30),
                                          seed=1), x)
    alpha_p = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946
    a = ((1 - 0.5) * (1 + 0.5 * alpha_p ** 2)) ** -0.5
    b = -a * alpha_p * 0.5
    dropped = np.isclose(train, a * alpha_p + b, atol=1e-5)
    # The mask is shared along axis 1.
    assert np.all(dropped == dropped[:, :1, :])
    assert 0.35 < dropped.mean() < 0.65


@pytest.mark.parametrize('rate', [0.0, 1.0])
def test_rates_outside_open_interval_are_identity(rate):
    x = np.random.RandomState(4).randn(10, 5).astype('float32')
    for layer in (noise.GaussianDropout(rate), noise.AlphaDropout(rate)):
        train, test = _phases(layer, x)
        np.testing.assert_array_equal(train, x)
        K.clear_session()


def test_legacy_arguments():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        assert noise.GaussianNoise(sigma=0.4).stddev == 0.4
        assert noise.GaussianDropout(p=0.2).rate == 0.2
    assert sum('Keras 2 API' in str(w.message) for w in caught) == 2


def test_configs():
    assert noise.GaussianNoise(0.4).get_config()['stddev'] == 0.4
    assert noise.GaussianDropout(0.2).get_config()['rate'] == 0.2
    config = noise.AlphaDropout(0.1, seed=5).get_config()
    assert (config['rate'], config['seed']) == (0.1, 5)
    assert noise.AlphaDropout.from_config(config).get_config() == config


@pytest.mark.parametrize('cls,kwargs', [
    (noise.GaussianNoise, {'stddev': 1.0}),
    (noise.GaussianDropout, {'rate': 0.5}),
    (noise.AlphaDropout, {'rate': 0.2}),
])
def test_layer_test(cls, kwargs):
    layer_test(cls, kwargs=kwargs, input_shape=(3, 2, 3))
