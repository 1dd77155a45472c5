"""Decay multipliers on layers and models (the W/b arguments,
`decay_multipliers=`, `set_decay_multipliers`, defaults, configs, JSON and
h5, summary) and weight decay end to end: models trained with
`train_on_batch`/`fit` match a NumPy re-derivation (the forward/backward
and update rules of test_multipliers_model.py)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import warnings

import numpy as np
import pytest

import keras
from keras import backend as K
from keras import layers as layers_mod
from keras import multipliers as multipliers_lib
from keras import optimizers
from keras.layers import (BatchNormalization, Bidirectional, Conv2D, Dense,
                          Embedding, Flatten, Input, LSTM, PReLU, SimpleRNN,
                          SimpleRNNCell, RNN, TimeDistributed)
from keras.legacy.layers import Highway, MaxoutDense
from keras.models import Model, Sequential, load_model, model_from_json

from test_multipliers_model import (CONFIGS, IDS, INIT, NAMES, WB_ARGS, WB_MULTS,
                                    X, Y, NumpyOptimizer, build_functional,
                                    build_sequential, current, np_forward_backward,
                                    weight)

WD = 0.05
# Decay multipliers on top of the learning-rate ones of WB_ARGS (conv bias
# frozen by its learning-rate multiplier 0): conv kernel 2 (W argument),
# hidden kernel 0.5 and bias 1 (layer argument), head the defaults.
DECAY_ARGS = {'conv': dict(W_decay_multiplier=2.0),
              'hidden': dict(decay_multipliers={'kernel': 0.5, 'bias': 1})}
DECAY_MULTS = {'conv/kernel': 2.0, 'conv/bias': 0.0, 'hidden/kernel': 0.5,
               'hidden/bias': 1.0, 'head/kernel': 1.0, 'head/bias': 0.0}


@pytest.fixture(autouse=True)
def fresh_graph():
    K.clear_session()
    yield
    K.clear_session()


def merged_args(*specs):
    out = {}
    for spec in specs:
        for layer, kwargs in spec.items():
            out.setdefault(layer, {}).update(kwargs)
    return out


def np_train(name, config, mults_per_step, decay_per_step, weight_decay=WD,
             decoupled=True):
    opt = NumpyOptimizer(name, config, weight_decay, decoupled)
    w = collections.OrderedDict((k, v.astype('float64')) for k, v in INIT.items())
    for mults, decay in zip(mults_per_step, decay_per_step):
        _, g = np_forward_backward(w)
        opt.step(w, g, mults, decay)
    return w


def by_name(mapping):
    return dict((w.name.split(':')[0], v) for w, v in mapping.items())


def by_model_name(model, mapping):
    """{'layer/attribute': value} of a {weight: value} dict of `model`'s
    weights (variable names get suffixes when a graph holds two models)."""
    return dict((n, mapping[weight(model, n)]) for n in NAMES if weight(model, n) in mapping)


def assert_model(model, expected, msg=''):
    got = current(model)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=1e-5, atol=1e-6,
                                   err_msg='%s %s' % (msg, n))


# ---------------------------------------------------------------------------
# Models trained with weight decay, against NumPy
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('decoupled', [True, False], ids=['decoupled', 'coupled'])
@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_model_with_weight_decay_matches_numpy(name, cls, config, decoupled):
    model = build_sequential(merged_args(WB_ARGS, DECAY_ARGS))
    assert by_name(model.decay_multipliers) == DECAY_MULTS
    model.compile(cls(weight_decay=WD, decoupled=decoupled, **config), 'mse')
    for _ in range(3):
        model.train_on_batch(X, Y)
    expected = np_train(name, config, [WB_MULTS] * 3, [DECAY_MULTS] * 3,
                        decoupled=decoupled)
    assert_model(model, expected, name)
    # The conv bias is frozen (learning-rate multiplier 0): not decayed.
    np.testing.assert_array_equal(current(model)['conv/bias'], INIT['conv/bias'])
    # The decay mattered: without it, other numbers.
    plain = np_train(name, config, [WB_MULTS] * 3, [DECAY_MULTS] * 3, weight_decay=0.)
    assert not np.allclose(plain['hidden/bias'], expected['hidden/bias'],
                           rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('name,cls,config', [CONFIGS[1], CONFIGS[6], CONFIGS[9]],
                         ids=['sgd_momentum', 'adam', 'nadam'])
def test_functional_model_fit_with_default_decay_multipliers(name, cls, config):
    model = build_functional()
    model.compile(cls(weight_decay=WD, **config), 'mse')
    model.fit(X, Y, batch_size=len(X), epochs=3, shuffle=False, verbose=0)
    defaults = {'conv/kernel': 1.0, 'conv/bias': 0.0, 'hidden/kernel': 1.0,
                'hidden/bias': 0.0, 'head/kernel': 1.0, 'head/bias': 0.0}
    assert by_name(model.decay_multipliers) == defaults
    expected = np_train(name, config, [{}] * 3, [defaults] * 3)
    assert_model(model, expected, name)


@pytest.mark.parametrize('name,cls,config', [CONFIGS[6], CONFIGS[3]],
                         ids=['adam', 'rmsprop'])
def test_set_decay_multipliers_between_steps_rebuilds_and_keeps_state(name, cls, config):
    model = build_sequential(WB_ARGS)
    model.compile(cls(weight_decay=WD, **config), 'mse')
    model.train_on_batch(X, Y)
    first = by_name(model.decay_multipliers)
    slots = model.optimizer.slots_for(model.get_layer('head').kernel)
    model.set_decay_multipliers({'head': {'kernel': 3.0, 'bias': 2.0}, 'hid*': 0})
    second = by_name(model.decay_multipliers)
    assert second['head/kernel'] == 3.0 and second['hidden/kernel'] == 0.0
    model.train_on_batch(X, Y)
    model.train_on_batch(X, Y)
    assert all(a is b for a, b in zip(
        slots, model.optimizer.slots_for(model.get_layer('head').kernel)))
    expected = np_train(name, config, [WB_MULTS] * 3, [first, second, second])
    assert_model(model, expected, name)


def test_batch_normalization_gamma_and_beta_are_not_decayed_by_default():
    def build():
        inputs = Input((3,))
        h = BatchNormalization(name='bn')(inputs)
        outputs = Dense(1, name='head', learning_rate_multipliers=0)(h)
        model = Model(inputs, outputs)
        model.get_layer('head').set_weights([np.ones((3, 1), 'float32'),
                                             np.zeros(1, 'float32')])
        return model

    x = np.random.RandomState(0).uniform(-1, 1, (8, 3)).astype('float32')
    y = np.random.RandomState(1).uniform(-1, 1, (8, 1)).astype('float32')
    model = build()
    assert by_name(model.decay_multipliers) == {
        'bn/gamma': 0.0, 'bn/beta': 0.0, 'head/kernel': 1.0, 'head/bias': 0.0}
    model.compile(optimizers.SGD(lr=0.1), 'mse')
    model.train_on_batch(x, y)
    plain = model.get_layer('bn').get_weights()[:2]
    K.clear_session()
    model = build()
    model.compile(optimizers.SGD(lr=0.1, weight_decay=0.5), 'mse')
    model.train_on_batch(x, y)
    # Only the frozen head kernel would decay: nothing moves differently.
    for a, b in zip(plain, model.get_layer('bn').get_weights()[:2]):
        np.testing.assert_array_equal(a, b)
    K.clear_session()
    model = build()
    model.set_decay_multipliers({'bn': {'gamma': 1, 'beta': 2}})
    model.compile(optimizers.SGD(lr=0.1, weight_decay=0.5), 'mse')
    model.train_on_batch(x, y)
    gamma, beta = model.get_layer('bn').get_weights()[:2]
    # One SGD step from gamma = 1, beta = 0: p -= lr * g + lr * c * p_old.
    np.testing.assert_allclose(gamma, plain[0] - 0.1 * 0.5 * 1 * 1.0, rtol=1e-6)
    np.testing.assert_allclose(beta, plain[1] - 0.1 * 0.5 * 2 * 0.0, rtol=1e-6)


def test_no_weight_decay_adds_no_op_to_the_train_function():
    def count_ops(optimizer, **decay):
        K.clear_session()
        model = build_sequential(merged_args(WB_ARGS, DECAY_ARGS) if decay else WB_ARGS)
        if decay.get('rules') is not None:
            model.set_decay_multipliers(decay['rules'])
        model.compile(optimizer(), 'mse')
        before = len(K.get_session().graph.get_operations())
        model._make_train_function()
        ops = len(K.get_session().graph.get_operations()) - before
        model.train_on_batch(X, Y)
        return ops, current(model)

    plain, plain_w = count_ops(lambda: optimizers.Adam(lr=0.01))
    zero, zero_w = count_ops(lambda: optimizers.Adam(lr=0.01, weight_decay=0.),
                             decay=True)
    off, off_w = count_ops(lambda: optimizers.Adam(lr=0.01, weight_decay=0.1),
                           decay=True, rules=0)
    on, _ = count_ops(lambda: optimizers.Adam(lr=0.01, weight_decay=0.1), decay=True)
    assert plain == zero == off
    # Decayed: conv kernel, hidden kernel and bias, head kernel, each with
    # its own (learning-rate multiplier, decay) pair: per weight a read and
    # a fused kernel, per pair a constant times the learning rate.
    assert on == plain + 4 * 2 + 4 * 2
    for n in NAMES:
        np.testing.assert_array_equal(plain_w[n], zero_w[n])
        np.testing.assert_array_equal(plain_w[n], off_w[n])


def test_train_function_passes_decay_multipliers_only_when_decay_is_on():
    calls = []

    class Spy(optimizers.SGD):
        def get_updates(self, loss, params, multipliers=None,
                        decay_multipliers=None, constraints=None):
            calls.append(decay_multipliers)
            return super(Spy, self).get_updates(loss, params, multipliers,
                                                decay_multipliers, constraints)

    model = build_sequential(DECAY_ARGS)
    model.compile(Spy(lr=0.1), 'mse')
    model.train_on_batch(X, Y)
    assert calls == [None]
    model = build_sequential(DECAY_ARGS)
    model.compile(Spy(lr=0.1, weight_decay=0.01), 'mse')
    model.train_on_batch(X, Y)
    model.train_on_batch(X, Y)
    assert len(calls) == 2 and by_model_name(model, calls[1]) == DECAY_MULTS


def test_optimizer_from_elsewhere_with_its_own_weight_decay_keeps_working():
    class OwnDecay(optimizers.Optimizer):
        """An old-style optimizer with a `weight_decay` attribute of its own."""

        def __init__(self):
            super(OwnDecay, self).__init__()
            self.iterations = K.variable(0, dtype='int64')
            self.own_decay = 0.5

        def get_updates(self, loss, params):
            grads = self.get_gradients(loss, params)
            return [K.update(p, p * (1 - 0.1 * self.own_decay) - 0.1 * g)
                    for p, g in zip(params, grads)]

    opt = OwnDecay()
    opt.weight_decay = 0.5
    assert not multipliers_lib.applies_weight_decay(opt)
    model = build_sequential(DECAY_ARGS)
    model.compile(opt, 'mse')
    model.train_on_batch(X, Y)
    _, g = np_forward_backward(collections.OrderedDict(
        (k, v.astype('float64')) for k, v in INIT.items()))
    expected = dict((n, INIT[n] * 0.95 - 0.1 * g[n]) for n in NAMES)
    assert_model(model, expected)


# ---------------------------------------------------------------------------
# Saving: configs, JSON, h5
# ---------------------------------------------------------------------------

def test_default_configs_are_keras224s():
    dense = Dense(2).get_config()
    conv = Conv2D(2, 3).get_config()
    bn = BatchNormalization().get_config()
    for config in (dense, conv, bn):
        assert not [k for k in config if 'decay_multiplier' in k], config
    assert 'decay_multipliers' not in Sequential([Dense(2, input_shape=(3,))]).to_json()


def test_layer_config_round_trip_keeps_decay_multipliers():
    layer = Dense(2, W_decay_multiplier=0., b_decay_multiplier=0.5, name='d')
    config = layer.get_config()
    assert config['decay_multipliers'] == {'kernel': 0.0, 'bias': 0.5}
    assert config['W_decay_multiplier'] == 0.0 and config['b_decay_multiplier'] == 0.5
    clone = Dense.from_config(config)
    assert clone.get_config() == config
    clone.build((None, 3))
    assert by_name(clone.decay_multipliers) == {'kernel': 0.0, 'bias': 0.5}
    number = Embedding(10, 2, decay_multipliers=0.25).get_config()
    assert number['decay_multipliers'] == 0.25
    assert Embedding.from_config(number).get_config() == number


def _decayed_model():
    model = build_functional(merged_args(WB_ARGS, DECAY_ARGS))
    model.set_decay_multipliers({'head': {'bias': 0.3}})
    return model


def test_json_round_trip_keeps_decay_multipliers():
    model = _decayed_model()
    expected = dict(DECAY_MULTS, **{'head/kernel': 1.0, 'head/bias': 0.3})
    assert by_name(model.decay_multipliers) == expected
    clone = model_from_json(model.to_json())
    assert by_model_name(clone, clone.decay_multipliers) == expected
    assert by_model_name(clone, clone.multipliers) == by_model_name(model, model.multipliers)


@pytest.mark.parametrize('name,cls,config', [CONFIGS[1], CONFIGS[6], CONFIGS[9]],
                         ids=['sgd_momentum', 'adam', 'nadam'])
def test_h5_round_trip_and_training_continues_exactly(name, cls, config, tmp_path):
    model = _decayed_model()
    model.compile(cls(weight_decay=WD, decoupled=(name != 'adam'), **config), 'mse')
    for _ in range(2):
        model.train_on_batch(X, Y)
    path = str(tmp_path / 'decay.h5')
    model.save(path)
    expected_decay = by_name(model.decay_multipliers)
    for _ in range(2):
        model.train_on_batch(X, Y)
    continued = current(model)
    K.clear_session()
    loaded = load_model(path)
    assert by_name(loaded.decay_multipliers) == expected_decay
    assert loaded.optimizer.weight_decay == WD
    assert loaded.optimizer.decoupled == (name != 'adam')
    for _ in range(2):
        loaded.train_on_batch(X, Y)
    got = current(loaded)
    for n in NAMES:
        np.testing.assert_allclose(got[n], continued[n], rtol=1e-6, atol=1e-7,
                                   err_msg=n)


# ---------------------------------------------------------------------------
# Layers: the W/b arguments, decay_multipliers=, defaults
# ---------------------------------------------------------------------------

WB_LAYERS = [
    ('Dense', lambda **kw: Dense(2, **kw), (None, 3)),
    ('Conv1D', lambda **kw: layers_mod.Conv1D(2, 2, **kw), (None, 5, 3)),
    ('Conv2D', lambda **kw: Conv2D(2, 2, **kw), (None, 5, 5, 3)),
    ('Conv3D', lambda **kw: layers_mod.Conv3D(2, 2, **kw), (None, 4, 4, 4, 3)),
    ('Conv2DTranspose', lambda **kw: layers_mod.Conv2DTranspose(2, 2, **kw),
     (None, 5, 5, 3)),
    ('Conv3DTranspose', lambda **kw: layers_mod.Conv3DTranspose(2, 2, **kw),
     (None, 4, 4, 4, 3)),
    ('SeparableConv1D', lambda **kw: layers_mod.SeparableConv1D(2, 2, **kw),
     (None, 5, 3)),
    ('SeparableConv2D', lambda **kw: layers_mod.SeparableConv2D(2, 2, **kw),
     (None, 5, 5, 3)),
    ('DepthwiseConv2D', lambda **kw: layers_mod.DepthwiseConv2D(2, **kw),
     (None, 5, 5, 3)),
    ('LocallyConnected1D', lambda **kw: layers_mod.LocallyConnected1D(2, 2, **kw),
     (None, 5, 3)),
    ('LocallyConnected2D', lambda **kw: layers_mod.LocallyConnected2D(2, 2, **kw),
     (None, 5, 5, 3)),
    ('MaxoutDense', lambda **kw: MaxoutDense(2, **kw), (None, 3)),
    ('Highway', lambda **kw: Highway(**kw), (None, 3)),
]


def _build(make, shape, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # MaxoutDense/Highway are deprecated
        layer = make(**kwargs)
    layer.build(shape)
    layer.built = True
    multipliers_lib.check_layer(layer)
    return layer


@pytest.mark.parametrize('make,shape', [l[1:] for l in WB_LAYERS],
                         ids=[l[0] for l in WB_LAYERS])
def test_wb_decay_arguments_on_every_layer_that_takes_them(make, shape):
    default = _build(make, shape)
    kernels, biases = default._wb_names
    values = dict((w, v) for w, v in default.decay_multipliers.items())
    names = multipliers_lib.named_weights(default)
    for name in kernels:
        assert [values[w] for w in names[name]] == [1.0]
    for name in biases:
        assert [values[w] for w in names[name]] == [0.0]
    assert not [k for k in default.get_config() if 'decay' in k]
    K.clear_session()
    layer = _build(make, shape, W_decay_multiplier=0.3, b_decay_multiplier=0.7)
    values = layer.decay_multipliers
    names = multipliers_lib.named_weights(layer)
    for name in kernels:
        assert [values[w] for w in names[name]] == [0.3]
    for name in biases:
        assert [values[w] for w in names[name]] == [0.7]
    config = layer.get_config()
    assert config['W_decay_multiplier'] == 0.3 and config['b_decay_multiplier'] == 0.7
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        again = type(layer).from_config(config)
    assert again.get_config() == config
    # The learning-rate multipliers are untouched.
    assert layer.multipliers == {}


def test_decay_multipliers_argument_on_other_layers():
    emb = Embedding(10, 3, decay_multipliers=0.1)
    lstm = LSTM(2, decay_multipliers={'recurrent_kernel': 0})
    prelu = PReLU()
    bn = BatchNormalization(decay_multipliers={'gamma': 0.5})
    inputs = Input((4,))
    h = emb(inputs)
    h = lstm(h)
    h = prelu(h)
    bn(h)
    assert set(emb.decay_multipliers.values()) == {0.1}
    assert by_name(lstm.decay_multipliers) == {
        'lstm_1/kernel': 1.0, 'lstm_1/recurrent_kernel': 0.0, 'lstm_1/bias': 0.0}
    assert set(prelu.decay_multipliers.values()) == {1.0}
    assert sorted(bn.decay_multipliers.values()) == [0.0, 0.5]


def test_sublayer_defaults_do_not_clash_with_the_parent_spec():
    rnn = RNN(SimpleRNNCell(2), decay_multipliers={'bias': 2})
    wrapped = Bidirectional(SimpleRNN(2, decay_multipliers={'kernel': 0.5}))
    timed = TimeDistributed(Dense(2))
    inputs = Input((3, 4))
    rnn(inputs)
    wrapped(inputs)
    timed(inputs)
    values = sorted((w.name.split('/')[-1].split(':')[0], v)
                    for w, v in rnn.decay_multipliers.items())
    assert values == [('bias', 2.0), ('kernel', 1.0), ('recurrent_kernel', 1.0)]
    names = multipliers_lib.named_weights(wrapped)
    values = wrapped.decay_multipliers
    assert [values[w] for w in names['kernel']] == [0.5, 0.5]
    assert [values[w] for w in names['bias']] == [0.0, 0.0]
    assert sorted(timed.decay_multipliers.values()) == [0.0, 1.0]


def test_highway_and_maxout_biases_default_to_zero():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        highway = Highway()
    highway.build((None, 3))
    assert by_name(dict((w, v) for w, v in highway.decay_multipliers.items())) == {
        'W': 1.0, 'W_carry': 1.0, 'b': 0.0, 'b_carry': 0.0}


def test_default_decay_multiplier_rule():
    rule = multipliers_lib.default_decay_multiplier
    layer = Dense(2)
    assert [rule(layer, n) for n in ('kernel', 'bias', 'gamma', 'beta', 'alpha',
                                     'embeddings', 'recurrent_kernel')] == [
        1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        assert rule(MaxoutDense(2), 'b') == 0.0 and rule(MaxoutDense(2), 'W') == 1.0


def test_nested_model_and_rules():
    inner_in = Input((3,))
    inner = Model(inner_in, Dense(2, name='d_inner')(inner_in), name='inner')
    outer_in = Input((3,))
    outer = Model(outer_in, Dense(1, name='d_outer')(inner(outer_in)))
    assert by_name(outer.decay_multipliers) == {
        'd_inner/kernel': 1.0, 'd_inner/bias': 0.0, 'd_outer/kernel': 1.0,
        'd_outer/bias': 0.0}
    assert outer.set_decay_multipliers({'inner/*': 0.5}) is outer
    assert by_name(outer.decay_multipliers)['d_inner/bias'] == 0.5
    outer.set_decay_multipliers(lambda layer: {'bias': 1} if layer.name == 'd_outer' else None)
    assert by_name(outer.decay_multipliers) == {
        'd_inner/kernel': 0.5, 'd_inner/bias': 0.5, 'd_outer/kernel': 1.0,
        'd_outer/bias': 1.0}
    # Learning-rate multipliers are another spec.
    assert outer.multipliers == {}


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------

def test_bad_decay_values_name_the_layer_and_argument():
    with pytest.raises(ValueError, match=r"Layer 'd': W_decay_multiplier must be >= 0 "
                                         r"\(0 turns weight decay off"):
        Dense(2, W_decay_multiplier=-1, name='d')
    with pytest.raises(TypeError, match=r"Layer 'c': b_decay_multiplier must be a real"):
        Conv2D(2, 2, b_decay_multiplier='0', name='c')
    with pytest.raises(ValueError, match=r"Layer 'e': decay_multipliers\['embeddings'\] "
                                         r"must be a finite"):
        Embedding(3, 2, decay_multipliers={'embeddings': float('inf')}, name='e')
    with pytest.raises(ValueError, match=r"W_decay_multiplier=1.0 disagrees with "
                                         r"decay_multipliers"):
        Dense(2, decay_multipliers={'kernel': 0.5}, W_decay_multiplier=1)
    with pytest.raises(TypeError, match='W_decay_multiplier'):
        BatchNormalization(W_decay_multiplier=1)
    with pytest.warns(UserWarning, match=r"'nb'.*b_decay_multiplier=0.5 is ignored"):
        Dense(2, use_bias=False, b_decay_multiplier=0.5, name='nb')
    layer = Dense(2, decay_multipliers={'kernal': 1}, name='typo')
    with pytest.raises(ValueError, match=r"'typo'.*'kernal' for decay_multipliers\. "
                                         r"Valid names: 'kernel', 'bias'"):
        layer(Input((3,)))


def test_bad_rules_name_set_decay_multipliers():
    model = build_sequential()
    with pytest.raises(ValueError, match=r"set_decay_multipliers: pattern\(s\) 'nope' "
                                         r"match no layer"):
        model.set_decay_multipliers({'nope': 1})
    with pytest.raises(TypeError, match='set_decay_multipliers: rules must be'):
        model.set_decay_multipliers('conv')
    with pytest.raises(ValueError, match=r"'head'.*'gamma' for decay_multipliers"):
        model.set_decay_multipliers({'head': {'gamma': 1}})
    with pytest.raises(ValueError, match=r"set_decay_multipliers\(rules\) must be >= 0"):
        model.set_decay_multipliers(-1)
    # Nothing changed.
    assert all(multipliers_lib.has_spec(l, multipliers_lib.DECAY) is False
               for l in model.layers)


# ---------------------------------------------------------------------------
# summary()
# ---------------------------------------------------------------------------

def _summary(model, *args, **kwargs):
    lines = []
    model.summary(*args, print_fn=lines.append, **kwargs)
    return lines


def test_summary_decay_column():
    model = build_sequential()
    plain = _summary(model)
    assert 'Decay mult' not in '\n'.join(plain) and len(plain[0]) == 65
    shown = _summary(model, show_decay=True)
    assert shown[1].rstrip().endswith('Decay mult')
    assert len(shown[0]) == 65 + 16
    rows = dict((line.split()[0], line[65:].strip()) for line in shown
                if line.split() and line.split()[0] in ('conv', 'flat', 'hidden', 'head'))
    assert rows == {'conv': 'bias:0 kernel:1', 'flat': '', 'hidden': 'bias:0 kernel:1',
                    'head': 'bias:0 kernel:1'}
    model.set_decay_multipliers({'head': 0.5, 'hidden': {'kernel': 0.25}})
    auto = _summary(model)
    assert 'Decay mult' in auto[1]
    rows = dict((line.split()[0], line[65:].strip()) for line in auto
                if line.split() and line.split()[0] in ('hidden', 'head'))
    assert rows == {'hidden': 'bias:0 kernel:0.25', 'head': '0.5'}
    assert 'Decay mult' not in '\n'.join(_summary(model, show_decay=False))


def test_summary_with_both_columns_and_keras224_arguments():
    model = build_sequential(merged_args(WB_ARGS, DECAY_ARGS))
    lines = []
    # Keras 2.2.4's positional signature: line_length, positions, print_fn.
    model.summary(70, [.4, .8, 1.], lines.append)
    # A column is 16 wide, or its longest text + 1 ('bias:0 kernel:0.5').
    header = lines[1]
    assert header.index('LR mult') == 70 and header.index('Decay mult') == 88
    assert len(lines[0]) == 70 + 18 + 18
    rows = dict((l.split()[0], (l[70:88].strip(), l[88:].strip())) for l in lines
                if l.split() and l.split()[0] in ('conv', 'hidden', 'head'))
    assert rows == {'conv': ('bias:0 kernel:0.5', 'bias:0 kernel:2'),
                    'hidden': ('bias:0.1 kernel:2', 'bias:1 kernel:0.5'),
                    'head': ('', 'bias:0 kernel:1')}
