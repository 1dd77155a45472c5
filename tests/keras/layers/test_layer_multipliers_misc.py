"""Learning-rate multipliers on the weighted layers of normalization,
embeddings, advanced_activations, local and legacy: each weight's first
training step is exactly `multiplier x` the step without a multiplier (SGD
and Adam), multiplier-0 weights stay put, BatchNormalization's moving
statistics are unaffected, configs keep the multipliers (0 included), and an
unknown weight name is an error listing the valid ones."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras import optimizers
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers.advanced_activations import PReLU
from keras.layers.embeddings import Embedding
from keras.layers.local import LocallyConnected1D
from keras.layers.local import LocallyConnected2D
from keras.layers.normalization import BatchNormalization
from keras.legacy.layers import Highway
from keras.legacy.layers import MaxoutDense


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


def _quiet(fn):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return fn()


# name -> (layer factory (**multiplier kwargs), input shape, input dtype,
#          multiplier kwargs, expected multiplier per weight name)
CASES = {
    'batchnorm': (lambda **kw: BatchNormalization(momentum=0.5, **kw),
                  (6, 3), 'float32',
                  {'learning_rate_multipliers': {'gamma': 0.5, 'beta': 0}},
                  {'gamma': 0.5, 'beta': 0.0}),
    'batchnorm_number': (lambda **kw: BatchNormalization(axis=1, **kw),
                         (4, 2, 3, 3), 'float32',
                         {'learning_rate_multipliers': 3},
                         {'gamma': 3.0, 'beta': 3.0}),
    'embedding': (lambda **kw: Embedding(8, 3, **kw),
                  (5, 4), 'int32',
                  {'learning_rate_multipliers': {'embeddings': 2.5}},
                  {'embeddings': 2.5}),
    'prelu': (lambda **kw: PReLU(alpha_initializer='ones', **kw),
              (5, 4), 'float32',
              {'learning_rate_multipliers': {'alpha': 0.2}},
              {'alpha': 0.2}),
    'local1d': (lambda **kw: LocallyConnected1D(2, 3, **kw),
                (4, 6, 3), 'float32',
                {'W_learning_rate_multiplier': 0.5,
                 'b_learning_rate_multiplier': 0},
                {'kernel': 0.5, 'bias': 0.0}),
    'local2d_channels_first': (
        lambda **kw: LocallyConnected2D(2, (2, 2),
                                        data_format='channels_first', **kw),
        (3, 2, 4, 5), 'float32',
        {'learning_rate_multipliers': 2.0},
        {'kernel': 2.0, 'bias': 2.0}),
    'local2d_channels_last': (
        lambda **kw: LocallyConnected2D(2, (3, 2), bias_initializer='ones',
                                        data_format='channels_last', **kw),
        (3, 4, 5, 2), 'float32',
        {'learning_rate_multipliers': {'kernel': 0}, 'b_learning_rate_multiplier': 4},
        {'kernel': 0.0, 'bias': 4.0}),
    'maxout': (lambda **kw: MaxoutDense(3, nb_feature=2, **kw),
               (5, 4), 'float32',
               {'learning_rate_multipliers': {'W': 0.25, 'b': 4}},
               {'W': 0.25, 'b': 4.0}),
    'highway': (lambda **kw: Highway(activation='tanh', **kw),
                (5, 4), 'float32',
                {'W_learning_rate_multiplier': 0.5,
                 'b_learning_rate_multiplier': 0},
                {'W': 0.5, 'W_carry': 0.5, 'b': 0.0, 'b_carry': 0.0}),
}


def _data(shape, dtype, rng):
    if dtype == 'int32':
        return rng.randint(0, 8, size=shape).astype('int32')
    return rng.randn(*shape).astype('float32')


def _model(factory, shape, dtype, **kwargs):
    layer = _quiet(lambda: factory(**kwargs))
    inp = Input(shape=shape[1:], dtype=dtype)
    return Model(inp, layer(inp)), layer


def _short(weight):
    return weight.name.split('/')[-1].split(':')[0]


def _trainable_names(layer):
    return [n for n, _ in layer._multiplier_weights]


@pytest.mark.parametrize('optimizer', ['sgd', 'adam'])
@pytest.mark.parametrize('case', sorted(CASES))
def test_first_step_is_scaled_by_multiplier(case, optimizer):
    factory, shape, dtype, mult_kwargs, expected = CASES[case]
    rng = np.random.RandomState(0)
    x = _data(shape, dtype, rng)

    plain, plain_layer = _model(factory, shape, dtype)
    scaled, scaled_layer = _model(factory, shape, dtype, **mult_kwargs)
    # Identical initial weights (random initializers differ otherwise).
    scaled_layer.set_weights(plain_layer.get_weights())
    y = rng.randn(*plain.output_shape[:0] + ((shape[0],) +
                                             plain.output_shape[1:]))

    by_name = dict((_short(w), m) for w, m in scaled_layer.multipliers.items())
    assert by_name == expected
    assert sorted(expected) == sorted(_trainable_names(scaled_layer))

    def make_opt():
        if optimizer == 'sgd':
            return optimizers.SGD(lr=0.1)
        return optimizers.Adam(lr=0.01)
    plain.compile(make_opt(), 'mse')
    scaled.compile(make_opt(), 'mse')

    before = plain_layer.get_weights()
    plain.train_on_batch(x, y)
    scaled.train_on_batch(x, y)
    names = [_short(w) for w in plain_layer.weights]
    for name, w0, w_plain, w_scaled in zip(names, before,
                                           plain_layer.get_weights(),
                                           scaled_layer.get_weights()):
        step_plain = w_plain - w0
        step_scaled = w_scaled - w0
        if name in ('moving_mean', 'moving_variance'):
            # Not trained: updated by the layer, identically in both.
            assert np.abs(step_plain).max() > 0
            np.testing.assert_allclose(w_scaled, w_plain, rtol=1e-6)
            continue
        assert np.abs(step_plain).max() > 1e-4, name
        m = expected[name]
        if m == 0:
            np.testing.assert_array_equal(w_scaled, w0)
        else:
            np.testing.assert_allclose(step_scaled, m * step_plain,
                                       rtol=2e-3, atol=1e-6)


def test_frozen_weights_get_no_optimizer_slot():
    factory, shape, dtype, mult_kwargs, _ = CASES['highway']
    model, layer = _model(factory, shape, dtype, **mult_kwargs)
    model.compile(optimizers.Adam(), 'mse')
    rng = np.random.RandomState(1)
    model.train_on_batch(_data(shape, dtype, rng), rng.randn(*shape))
    # Adam has two slots per trained weight (+ iterations): W and W_carry.
    slots = [w for w in model.optimizer.weights
             if tuple(K.int_shape(w)) == (4,)]
    assert slots == []


@pytest.mark.parametrize('case', sorted(CASES))
def test_config_round_trip(case):
    factory, shape, dtype, mult_kwargs, expected = CASES[case]
    model, layer = _model(factory, shape, dtype, **mult_kwargs)
    config = layer.get_config()
    clone = _quiet(lambda: type(layer).from_config(config))
    assert clone._learning_rate_multipliers == layer._learning_rate_multipliers
    assert _quiet(clone.get_config) == config
    # Through the model's config, then built: same multiplier per weight.
    rebuilt = _quiet(lambda: Model.from_config(model.get_config()))
    new_layer = rebuilt.layers[-1]
    by_name = dict((_short(w), m) for w, m in new_layer.multipliers.items())
    assert by_name == expected
    assert 0.0 in expected.values() or case in (
        'batchnorm_number', 'embedding', 'prelu', 'local2d_channels_first',
        'maxout')


def test_model_json_keeps_zero():
    model_from_json = pytest.importorskip("keras.models").__dict__.get("model_from_json")
    if model_from_json is None:
        pytest.skip("keras.models.model_from_json not written yet")
    model, _ = _model(*CASES['local1d'][:3], **CASES['local1d'][3])
    clone = _quiet(lambda: model_from_json(model.to_json()))
    by_name = dict((_short(w), m)
                   for w, m in clone.layers[-1].multipliers.items())
    assert by_name == {'kernel': 0.5, 'bias': 0.0}
    assert sorted(clone.multipliers.values()) == [0.0, 0.5]


@pytest.mark.parametrize('factory,shape,bad,valid', [
    (lambda **kw: BatchNormalization(**kw), (3,), 'moving_mean',
     ["'gamma'", "'beta'"]),
    (lambda **kw: BatchNormalization(center=False, **kw), (3,), 'beta',
     ["'gamma'"]),
    (lambda **kw: Embedding(5, 2, **kw), (4,), 'kernel', ["'embeddings'"]),
    (lambda **kw: PReLU(**kw), (3,), 'kernel', ["'alpha'"]),
    (lambda **kw: LocallyConnected1D(2, 2, **kw), (4, 3), 'W',
     ["'kernel'", "'bias'"]),
    (lambda **kw: LocallyConnected2D(2, 2, use_bias=False, **kw), (4, 4, 1),
     'bias', ["'kernel'"]),
    (lambda **kw: MaxoutDense(2, **kw), (3,), 'kernel', ["'W'", "'b'"]),
    (lambda **kw: Highway(**kw), (3,), 'kernel',
     ["'W'", "'W_carry'", "'b'", "'b_carry'"]),
])
def test_unknown_weight_name_is_an_error(factory, shape, bad, valid):
    layer = _quiet(lambda: factory(learning_rate_multipliers={bad: 0.5}))
    with pytest.raises(ValueError) as info:
        layer(Input(shape))
    message = str(info.value)
    assert repr(bad) in message
    for name in valid:
        assert name in message


def test_invalid_values_rejected_at_construction():
    with pytest.raises(ValueError, match='>= 0'):
        BatchNormalization(learning_rate_multipliers={'gamma': -1})
    with pytest.raises(TypeError):
        Embedding(3, 2, learning_rate_multipliers=True)
    with pytest.raises(ValueError):
        LocallyConnected1D(2, 2, W_learning_rate_multiplier=float('nan'))
    with pytest.raises(ValueError):
        _quiet(lambda: Highway(b_learning_rate_multiplier=-2))
