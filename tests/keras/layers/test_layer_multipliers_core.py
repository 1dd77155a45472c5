"""Learning-rate multipliers of `Dense` and every `_Conv` subclass (the W/b
arguments `W_learning_rate_multiplier` / `b_learning_rate_multiplier`):
`layer.multipliers`, config round trips (0 kept), the effect of one SGD and
one Adam step, and the validation of bad values."""
import json
import math
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from keras import backend as K
from keras import layers
from keras import optimizers
from keras.engine.input_layer import Input
from keras.engine.training import Model


# (class, constructor kwargs, input shape without batch, kernel names)
CASES = [
    (layers.Dense, {'units': 3}, (5,), ('kernel',)),
    (layers.Conv1D, {'filters': 2, 'kernel_size': 2}, (6, 3), ('kernel',)),
    (layers.Conv2D, {'filters': 2, 'kernel_size': 2}, (4, 4, 3), ('kernel',)),
    (layers.Conv3D, {'filters': 2, 'kernel_size': 2}, (3, 3, 3, 2),
     ('kernel',)),
    (layers.Conv2DTranspose, {'filters': 2, 'kernel_size': 2, 'strides': 2},
     (3, 3, 2), ('kernel',)),
    (layers.Conv3DTranspose, {'filters': 2, 'kernel_size': 2},
     (2, 2, 2, 2), ('kernel',)),
    (layers.SeparableConv1D, {'filters': 2, 'kernel_size': 2,
                              'depth_multiplier': 2}, (6, 3),
     ('depthwise_kernel', 'pointwise_kernel')),
    (layers.SeparableConv2D, {'filters': 2, 'kernel_size': 2}, (4, 4, 3),
     ('depthwise_kernel', 'pointwise_kernel')),
    (layers.DepthwiseConv2D, {'kernel_size': 2, 'depth_multiplier': 2},
     (4, 4, 3), ('depthwise_kernel',)),
]
IDS = [case[0].__name__ for case in CASES]


def build(cls, kwargs, input_shape, **extra):
    config = dict(kwargs)
    config.update(extra)
    layer = cls(**config)
    inp = Input(shape=input_shape)
    out = layer(inp)
    return layer, inp, out


class _no_warning(object):
    """Fails the test on any warning inside the block."""

    def __enter__(self):
        self._context = warnings.catch_warnings()
        self._context.__enter__()
        warnings.simplefilter('error')

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


def by_name(layer):
    """{weight attribute name: multiplier} from `layer.multipliers`."""
    names = {}
    for attr in ('kernel', 'depthwise_kernel', 'pointwise_kernel', 'bias'):
        weight = getattr(layer, attr, None)
        if weight is not None and weight in layer.multipliers:
            names[attr] = layer.multipliers[weight]
    assert len(names) == len(layer.multipliers)
    return names


@pytest.mark.parametrize('cls,kwargs,input_shape,kernels', CASES, ids=IDS)
def test_multipliers_map_the_right_variables(cls, kwargs, input_shape,
                                             kernels):
    layer, _, _ = build(cls, kwargs, input_shape,
                        W_learning_rate_multiplier=0.5,
                        b_learning_rate_multiplier=2)
    expected = dict((name, 0.5) for name in kernels)
    expected['bias'] = 2.0
    assert by_name(layer) == expected
    # The keys are the layer's variables themselves.
    for name in kernels:
        assert any(w is getattr(layer, name) for w in layer.multipliers)
    K.clear_session()

    layer, _, _ = build(cls, kwargs, input_shape,
                        W_learning_rate_multiplier=0.1)
    assert by_name(layer) == dict((name, 0.1) for name in kernels)
    K.clear_session()

    layer, _, _ = build(cls, kwargs, input_shape,
                        b_learning_rate_multiplier=0)
    assert by_name(layer) == {'bias': 0.0}
    K.clear_session()

    # No bias: b_learning_rate_multiplier has nothing to apply to; the layer
    # says so once (scripts written for the seed article pass both).
    with pytest.warns(UserWarning) as record:
        layer, _, _ = build(cls, kwargs, input_shape, use_bias=False,
                            W_learning_rate_multiplier=3,
                            b_learning_rate_multiplier=4, name='no_bias')
    messages = [str(w.message) for w in record if 'no bias' in str(w.message)]
    assert messages == [
        "Layer 'no_bias' (%s) has no bias weight (use_bias=False), so its "
        "b_learning_rate_multiplier=4 is ignored." % cls.__name__]
    assert layer.bias is None
    assert by_name(layer) == dict((name, 3.0) for name in kernels)
    # Its config does not bring the warning back.
    with _no_warning():
        cls.from_config(layer.get_config())
    K.clear_session()

    layer, _, _ = build(cls, kwargs, input_shape)
    assert layer.multipliers == {}
    config = layer.get_config()
    assert config['W_learning_rate_multiplier'] is None
    assert config['b_learning_rate_multiplier'] is None
    assert 'learning_rate_multipliers' not in config


@pytest.mark.parametrize('cls,kwargs,input_shape,kernels', CASES, ids=IDS)
def test_config_round_trip_keeps_multipliers(cls, kwargs, input_shape,
                                             kernels):
    for W, b in ((0., 0.5), (2., 0), (None, 0), (0, None), (1e-4, 1e-4)):
        layer, inp, out = build(cls, kwargs, input_shape,
                                W_learning_rate_multiplier=W,
                                b_learning_rate_multiplier=b)
        config = layer.get_config()
        assert config['W_learning_rate_multiplier'] == W
        assert config['b_learning_rate_multiplier'] == b
        # Through JSON and layers.deserialize.
        serialized = json.loads(json.dumps(layers.serialize(layer)))
        clone = layers.deserialize(serialized)
        assert clone.get_config() == config
        clone(Input(shape=input_shape))
        assert by_name(clone) == by_name(layer)
        # Through a model config.
        model = Model(inp, out)
        restored = Model.from_config(json.loads(json.dumps(model.get_config())))
        restored_layer = restored.get_layer(layer.name)
        assert by_name(restored_layer) == by_name(layer)
        assert restored_layer.get_config() == config
        K.clear_session()


def test_learning_rate_multipliers_argument_combines():
    layer, _, _ = build(layers.Dense, {'units': 2}, (3,),
                        learning_rate_multipliers=0.1,
                        W_learning_rate_multiplier=0.5)
    assert by_name(layer) == {'kernel': 0.5, 'bias': 0.1}
    config = layer.get_config()
    assert config['W_learning_rate_multiplier'] == 0.5
    assert config['b_learning_rate_multiplier'] == 0.1
    clone = layers.Dense.from_config(config)
    clone(Input(shape=(3,)))
    assert by_name(clone) == {'kernel': 0.5, 'bias': 0.1}

    # A config holding both forms keeps the learning_rate_multipliers form.
    layer = layers.Dense(2, learning_rate_multipliers={'bias': 0})
    config = layer.get_config()
    assert config['learning_rate_multipliers'] == {'bias': 0.0}
    assert config['W_learning_rate_multiplier'] is None
    assert config['b_learning_rate_multiplier'] == 0.0
    assert layers.Dense.from_config(config).get_config() == config

    layer = layers.SeparableConv2D(2, 2, learning_rate_multipliers={
        'pointwise_kernel': 2.})
    # W applies to both kernels; with only one of them set there is no W.
    assert layer.get_config()['W_learning_rate_multiplier'] is None

    with pytest.raises(ValueError, match='disagrees'):
        layers.Dense(2, learning_rate_multipliers={'kernel': 0.5},
                     W_learning_rate_multiplier=0.7)


def test_model_multipliers_merge_wb_layers():
    inp = Input(shape=(6, 6, 3))
    x = layers.Conv2D(4, (2, 2), padding='same', name='conv',
                      W_learning_rate_multiplier=0.0001,
                      b_learning_rate_multiplier=0.0001)(inp)
    x = layers.Flatten()(x)
    out = layers.Dense(2, activation='relu', name='dense',
                       W_learning_rate_multiplier=0.1,
                       b_learning_rate_multiplier=0.1)(x)
    model = Model(inp, out)
    conv, dense = model.get_layer('conv'), model.get_layer('dense')
    merged = model.multipliers
    assert merged[conv.kernel] == 0.0001 and merged[conv.bias] == 0.0001
    assert merged[dense.kernel] == 0.1 and merged[dense.bias] == 0.1
    assert len(merged) == 4


# ---------------------------------------------------------------------------
# The effect on training
# ---------------------------------------------------------------------------

def one_step(cls, kwargs, input_shape, optimizer, multipliers, x, y,
             initial=None):
    """Trains a model made of one layer (plus Flatten) for one step; returns
    (weights before, weights after, layer)."""
    layer, inp, out = build(cls, kwargs, input_shape, **multipliers)
    if len(layer.compute_output_shape((None,) + input_shape)) > 2:
        out = layers.Flatten()(out)
    model = Model(inp, out)
    if initial is not None:
        model.set_weights(initial)
    model.compile(optimizer, 'mse')
    before = model.get_weights()
    model.train_on_batch(x, y)
    after = model.get_weights()
    return before, after, layer


def weight_names(layer):
    out = []
    for w in layer.weights:
        for attr in ('kernel', 'depthwise_kernel', 'pointwise_kernel', 'bias'):
            if getattr(layer, attr, None) is w:
                out.append(attr)
    return out


@pytest.mark.parametrize('opt', ['sgd', 'adam'])
@pytest.mark.parametrize('cls,kwargs,input_shape,kernels', CASES, ids=IDS)
def test_step_is_scaled_by_the_multiplier(cls, kwargs, input_shape, kernels,
                                          opt):
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (4,) + input_shape).astype('float32')

    def make_optimizer():
        if opt == 'sgd':
            return optimizers.SGD(lr=0.1)
        return optimizers.Adam(lr=0.01)

    y = _target(cls, kwargs, input_shape, x)
    # Reference run without multipliers.
    before, after, layer = one_step(cls, kwargs, input_shape,
                                    make_optimizer(), {}, x, y)
    names = weight_names(layer)
    K.clear_session()
    plain = dict((n, a - b) for n, a, b in zip(names, after, before))
    for name, delta in plain.items():
        assert np.abs(delta).max() > 1e-6, 'weight %s did not train' % name

    for W, b in ((0.5, 3.), (0., 2.), (4., 0.)):
        before2, after2, layer2 = one_step(
            cls, kwargs, input_shape, make_optimizer(),
            {'W_learning_rate_multiplier': W, 'b_learning_rate_multiplier': b},
            x, y, initial=before)
        for bw, b2 in zip(before, before2):
            assert_allclose(bw, b2)  # identical initial weights
        for name, a2, b2 in zip(weight_names(layer2), after2, before2):
            m = b if name == 'bias' else W
            delta = a2 - b2
            if m == 0:
                assert np.all(delta == 0), '%s moved with multiplier 0' % name
            else:
                assert_allclose(delta, m * plain[name], rtol=2e-4,
                                atol=1e-7,
                                err_msg='%s with multiplier %s' % (name, m))
        K.clear_session()


_TARGETS = {}


def _target(cls, kwargs, input_shape, x):
    """A fixed random regression target of the right shape."""
    key = cls.__name__
    if key not in _TARGETS:
        layer = cls(**kwargs)
        shape = layer.compute_output_shape((x.shape[0],) + input_shape)
        size = int(np.prod(shape[1:]))
        _TARGETS[key] = np.random.RandomState(1).uniform(
            -1, 1, (x.shape[0], size)).astype('float32')
    return _TARGETS[key]


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

BAD_VALUES = [(-1, ValueError), (-0.5, ValueError), (float('nan'), ValueError),
              (float('inf'), ValueError), (True, TypeError),
              ('0.1', TypeError), ([0.1], TypeError), ({'a': 1}, TypeError)]


@pytest.mark.parametrize('cls,kwargs,input_shape,kernels', CASES, ids=IDS)
def test_bad_values_are_rejected_naming_layer_and_argument(cls, kwargs,
                                                           input_shape,
                                                           kernels):
    for argument in ('W_learning_rate_multiplier',
                     'b_learning_rate_multiplier'):
        for value, error in BAD_VALUES:
            config = dict(kwargs)
            config[argument] = value
            with pytest.raises(error) as info:
                cls(name='my_layer_7', **config)
            message = str(info.value)
            assert 'my_layer_7' in message
            assert argument in message
    # learning_rate_multipliers is validated the same way.
    with pytest.raises(ValueError, match='my_layer_8'):
        cls(name='my_layer_8', learning_rate_multipliers=-2, **kwargs)
    # A weight name the layer does not have is an error at build time.
    layer = cls(learning_rate_multipliers={'gamma': 1.}, **kwargs)
    with pytest.raises(ValueError, match='gamma'):
        layer(Input(shape=input_shape))


def test_valid_edge_values_accepted():
    for value in (0, 0.0, 1, 1e-8, 10 ** 3, np.float32(0.5), np.int64(2)):
        layer = layers.Dense(2, W_learning_rate_multiplier=value)
        layer(Input(shape=(3,)))
        got = layer.multipliers[layer.kernel]
        assert isinstance(got, float) and not math.isnan(got)
        assert got == float(value)
        K.clear_session()
