"""End-to-end learning-rate multipliers: Conv2D/Dense models trained with
``train_on_batch``/``fit`` match a NumPy re-derivation (forward, backward and
each optimizer's update rule)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections

import numpy as np
import pytest

from keras import backend as K
from keras import multipliers as multipliers_lib
from keras import optimizers
from keras.layers import Conv2D, Dense, Flatten, Input
from keras.models import Model, Sequential

RNG = np.random.RandomState(7)
N = 5
X = RNG.uniform(-1, 1, (N, 4, 4, 1)).astype('float32')
Y = RNG.uniform(-1, 1, (N, 1)).astype('float32')
INIT = collections.OrderedDict([
    ('conv/kernel', RNG.uniform(-0.5, 0.5, (2, 2, 1, 2))),
    ('conv/bias', RNG.uniform(-0.1, 0.1, (2,))),
    ('hidden/kernel', RNG.uniform(-0.5, 0.5, (18, 3))),
    ('hidden/bias', RNG.uniform(-0.1, 0.1, (3,))),
    ('head/kernel', RNG.uniform(-0.5, 0.5, (3, 1))),
    ('head/bias', RNG.uniform(-0.1, 0.1, (1,))),
])
INIT = collections.OrderedDict((k, v.astype('float32')) for k, v in INIT.items())
NAMES = list(INIT)

# The W/b arguments (as in the seed article): conv W 0.5, b 0 (frozen); hidden W 2, b 0.1; head none.
WB_ARGS = {'conv': dict(W_learning_rate_multiplier=0.5, b_learning_rate_multiplier=0.),
           'hidden': dict(W_learning_rate_multiplier=2.0, b_learning_rate_multiplier=0.1),
           'head': {}}
WB_MULTS = {'conv/kernel': 0.5, 'conv/bias': 0.0, 'hidden/kernel': 2.0,
                 'hidden/bias': 0.1}

CONFIGS = [
    ('sgd', optimizers.SGD, dict(lr=0.1)),
    ('sgd_momentum', optimizers.SGD, dict(lr=0.05, momentum=0.9, decay=0.1)),
    ('sgd_nesterov', optimizers.SGD, dict(lr=0.05, momentum=0.8, nesterov=True)),
    ('rmsprop', optimizers.RMSprop, dict(lr=0.01, decay=0.2)),
    ('adagrad', optimizers.Adagrad, dict(lr=0.1)),
    ('adadelta', optimizers.Adadelta, dict(lr=1.0, decay=0.3)),
    ('adam', optimizers.Adam, dict(lr=0.01, decay=0.05)),
    ('adam_amsgrad', optimizers.Adam, dict(lr=0.01, amsgrad=True)),
    ('adamax', optimizers.Adamax, dict(lr=0.02, decay=0.1)),
    ('nadam', optimizers.Nadam, dict(lr=0.01)),
]
IDS = [c[0] for c in CONFIGS]
SLOTS = {'sgd': 1, 'rmsprop': 1, 'adagrad': 1, 'adadelta': 2, 'adam': 3,
         'adamax': 2, 'nadam': 2}


@pytest.fixture(autouse=True)
def fresh_graph():
    K.clear_session()
    yield
    K.clear_session()


# ---------------------------------------------------------------------------
# NumPy model and optimizers
# ---------------------------------------------------------------------------

def np_forward_backward(w, x=X, y=Y):
    """Loss (mse) and gradients of conv(2x2, valid) -> flatten -> dense tanh
    -> dense, in float64."""
    x = x.astype('float64')
    k, bc = w['conv/kernel'], w['conv/bias']
    z1 = np.zeros((x.shape[0], 3, 3, 2))
    for a in range(2):
        for b in range(2):
            z1 += np.einsum('nijc,cd->nijd', x[:, a:a + 3, b:b + 3, :], k[a, b])
    z1 += bc
    h1 = z1.reshape(x.shape[0], -1)
    h2 = np.tanh(h1.dot(w['hidden/kernel']) + w['hidden/bias'])
    out = h2.dot(w['head/kernel']) + w['head/bias']
    loss = np.mean((out - y) ** 2)
    d_out = 2 * (out - y) / out.size
    g = {'head/kernel': h2.T.dot(d_out), 'head/bias': d_out.sum(0)}
    d_a2 = d_out.dot(w['head/kernel'].T) * (1 - h2 ** 2)
    g['hidden/kernel'] = h1.T.dot(d_a2)
    g['hidden/bias'] = d_a2.sum(0)
    d_z1 = d_a2.dot(w['hidden/kernel'].T).reshape(z1.shape)
    dk = np.zeros_like(k)
    for a in range(2):
        for b in range(2):
            dk[a, b] = np.einsum('nijc,nijd->cd', x[:, a:a + 3, b:b + 3, :], d_z1)
    g['conv/kernel'] = dk
    g['conv/bias'] = d_z1.sum((0, 1, 2))
    return loss, g


DEFAULTS = {
    'sgd': dict(lr=0.01, momentum=0., decay=0., nesterov=False),
    'rmsprop': dict(lr=0.001, rho=0.9, epsilon=1e-7, decay=0.),
    'adagrad': dict(lr=0.01, epsilon=1e-7, decay=0.),
    'adadelta': dict(lr=1.0, rho=0.95, epsilon=1e-7, decay=0.),
    'adam': dict(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, decay=0.,
                 amsgrad=False),
    'adamax': dict(lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=1e-7, decay=0.),
    'nadam': dict(lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                  schedule_decay=0.004),
}


class NumpyOptimizer(object):
    """Keras 2.2.4's update rules with multipliers scaling the step, and
    weight decay (`c = weight_decay * decay multiplier`): decoupled
    `p -= lr * m * c * p_old` (no bias correction), or coupled `g += c * p`."""

    def __init__(self, name, config, weight_decay=0., decoupled=True):
        self.weight_decay = weight_decay
        self.decoupled = decoupled
        self.kind = name.split('_')[0]
        self.cfg = dict(DEFAULTS[self.kind])
        self.cfg.update(config)
        if name == 'adam_amsgrad':
            self.cfg['amsgrad'] = True
        self.iterations = 0
        self.m_schedule = 1.0
        self.state = {}

    def step(self, w, g, mults, decay_mults=None):
        cfg, i = self.cfg, self.iterations
        t = i + 1
        lr = cfg['lr']
        if cfg.get('decay', 0) > 0:
            lr = lr / (1. + cfg['decay'] * i)
        if self.kind == 'nadam':
            b1, sd = cfg['beta_1'], cfg['schedule_decay']
            cache_t = b1 * (1. - 0.5 * 0.96 ** (t * sd))
            cache_t1 = b1 * (1. - 0.5 * 0.96 ** ((t + 1) * sd))
            ms_new = self.m_schedule * cache_t
            ms_next = ms_new * cache_t1
            self.m_schedule = ms_new
        for n in list(w):
            m = mults.get(n, 1.0)
            if m == 0:
                continue
            p, gr, lr_n = w[n], g[n], lr * m
            p_old = p
            c = self.weight_decay * (decay_mults or {}).get(n, 1.0)
            if c and not self.decoupled:
                gr = gr + c * p
            s = self.state.setdefault(n, {})
            z = np.zeros_like(p)
            if self.kind == 'sgd':
                v = cfg['momentum'] * s.get('m', z) - lr_n * gr
                s['m'] = v
                p = p + cfg['momentum'] * v - lr_n * gr if cfg['nesterov'] else p + v
            elif self.kind == 'rmsprop':
                s['a'] = cfg['rho'] * s.get('a', z) + (1 - cfg['rho']) * gr ** 2
                p = p - lr_n * gr / (np.sqrt(s['a']) + cfg['epsilon'])
            elif self.kind == 'adagrad':
                s['a'] = s.get('a', z) + gr ** 2
                p = p - lr_n * gr / (np.sqrt(s['a']) + cfg['epsilon'])
            elif self.kind == 'adadelta':
                eps, rho = cfg['epsilon'], cfg['rho']
                s['a'] = rho * s.get('a', z) + (1 - rho) * gr ** 2
                d = s.get('d', z)
                u = gr * np.sqrt(d + eps) / np.sqrt(s['a'] + eps)
                p = p - lr_n * u
                s['d'] = rho * d + (1 - rho) * u ** 2
            elif self.kind == 'adam':
                b1, b2 = cfg['beta_1'], cfg['beta_2']
                s['m'] = b1 * s.get('m', z) + (1 - b1) * gr
                s['v'] = b2 * s.get('v', z) + (1 - b2) * gr ** 2
                v = s['v']
                if cfg['amsgrad']:
                    v = s['vhat'] = np.maximum(s.get('vhat', z), v)
                lr_t = lr_n * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                p = p - lr_t * s['m'] / (np.sqrt(v) + cfg['epsilon'])
            elif self.kind == 'adamax':
                b1, b2 = cfg['beta_1'], cfg['beta_2']
                s['m'] = b1 * s.get('m', z) + (1 - b1) * gr
                s['u'] = np.maximum(b2 * s.get('u', z), np.abs(gr))
                p = p - lr_n / (1 - b1 ** t) * s['m'] / (s['u'] + cfg['epsilon'])
            elif self.kind == 'nadam':
                b1, b2 = cfg['beta_1'], cfg['beta_2']
                s['m'] = b1 * s.get('m', z) + (1 - b1) * gr
                s['v'] = b2 * s.get('v', z) + (1 - b2) * gr ** 2
                m_bar = ((1 - cache_t) * gr / (1 - ms_new) +
                         cache_t1 * s['m'] / (1 - ms_next))
                v_prime = s['v'] / (1 - b2 ** t)
                p = p - lr_n * m_bar / (np.sqrt(v_prime) + cfg['epsilon'])
            if c and self.decoupled:
                p = p - lr_n * c * p_old
            w[n] = p
        self.iterations += 1


def np_train(name, config, mults_per_step):
    opt = NumpyOptimizer(name, config)
    w = collections.OrderedDict((k, v.astype('float64')) for k, v in INIT.items())
    losses = []
    for mults in mults_per_step:
        loss, g = np_forward_backward(w)
        losses.append(loss)
        opt.step(w, g, mults)
    return w, losses


# ---------------------------------------------------------------------------
# Keras models
# ---------------------------------------------------------------------------

def layer_kwargs(multipliers):
    return {name: dict(multipliers.get(name, {})) for name in ('conv', 'hidden', 'head')}


def build_sequential(multipliers=None):
    kw = layer_kwargs(multipliers or {})
    model = Sequential([
        Conv2D(2, (2, 2), input_shape=(4, 4, 1), name='conv', **kw['conv']),
        Flatten(name='flat'),
        Dense(3, activation='tanh', name='hidden', **kw['hidden']),
        Dense(1, name='head', **kw['head']),
    ])
    set_init(model)
    return model


def build_functional(multipliers=None):
    kw = layer_kwargs(multipliers or {})
    inputs = Input((4, 4, 1))
    h = Conv2D(2, (2, 2), name='conv', **kw['conv'])(inputs)
    h = Flatten(name='flat')(h)
    h = Dense(3, activation='tanh', name='hidden', **kw['hidden'])(h)
    outputs = Dense(1, name='head', **kw['head'])(h)
    model = Model(inputs, outputs)
    set_init(model)
    return model


def set_init(model):
    for layer in ('conv', 'hidden', 'head'):
        model.get_layer(layer).set_weights([INIT[layer + '/kernel'], INIT[layer + '/bias']])


def weight(model, name):
    layer, attr = name.split('/')
    return getattr(model.get_layer(layer), attr)


def current(model):
    values = K.batch_get_value([weight(model, n) for n in NAMES])
    return dict(zip(NAMES, values))


def assert_weights(model, expected, rtol=1e-5, msg=''):
    got = current(model)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=rtol, atol=1e-6,
                                   err_msg='%s %s' % (msg, n))


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_train_on_batch_matches_numpy(name, cls, config):
    model = build_sequential(WB_ARGS)
    model.compile(cls(**config), 'mse')
    assert {w.name: m for w, m in model.multipliers.items()} == {
        'conv/kernel:0': 0.5, 'conv/bias:0': 0.0, 'hidden/kernel:0': 2.0,
        'hidden/bias:0': 0.1}
    losses = [float(model.train_on_batch(X, Y)) for _ in range(3)]
    expected, expected_losses = np_train(name, config, [WB_MULTS] * 3)
    assert_weights(model, expected, msg=name)
    np.testing.assert_allclose(losses, expected_losses, rtol=1e-5)
    np.testing.assert_array_equal(current(model)['conv/bias'], INIT['conv/bias'])
    opt = model.optimizer
    assert int(K.get_value(opt.iterations)) == 3
    # The frozen bias has no optimizer state.
    assert opt.slots_for(weight(model, 'conv/bias')) == []
    per_weight = SLOTS[name.split('_')[0]]
    assert len(opt.slots_for(weight(model, 'conv/kernel'))) == per_weight
    assert len(opt.weights) == 1 + 5 * per_weight


@pytest.mark.parametrize('name,cls,config', [CONFIGS[1], CONFIGS[6], CONFIGS[9]],
                         ids=['sgd_momentum', 'adam', 'nadam'])
def test_functional_model_matches_numpy(name, cls, config):
    model = build_functional(WB_ARGS)
    model.compile(cls(**config), 'mse')
    for _ in range(3):
        model.train_on_batch(X, Y)
    expected, _ = np_train(name, config, [WB_MULTS] * 3)
    assert_weights(model, expected, msg=name)


@pytest.mark.parametrize('name,cls,config', [CONFIGS[1], CONFIGS[6], CONFIGS[5]],
                         ids=['sgd_momentum', 'adam', 'adadelta'])
def test_all_ones_equals_no_multipliers(name, cls, config):
    ones = dict(W_learning_rate_multiplier=1, b_learning_rate_multiplier=1.0)
    results = []
    for spec in (None, {'conv': ones, 'hidden': ones, 'head': ones},
                 {'hidden': {'learning_rate_multipliers': 1}}):
        K.clear_session()
        model = build_sequential(spec)
        model.compile(cls(**config), 'mse')
        for _ in range(3):
            model.train_on_batch(X, Y)
        results.append(current(model))
    for n in NAMES:
        np.testing.assert_array_equal(results[0][n], results[1][n])
        np.testing.assert_array_equal(results[0][n], results[2][n])
        assert not np.array_equal(results[0][n], INIT[n])


def test_sgd_multiplier_is_learning_rate_times_k():
    k = 0.5
    both = dict(W_learning_rate_multiplier=k, b_learning_rate_multiplier=k)
    model = build_sequential({'conv': both, 'hidden': both, 'head': both})
    model.compile(optimizers.SGD(lr=0.1, momentum=0.9), 'mse')
    for _ in range(3):
        model.train_on_batch(X, Y)
    scaled = current(model)
    K.clear_session()
    model = build_sequential()
    model.compile(optimizers.SGD(lr=0.1 * k, momentum=0.9), 'mse')
    for _ in range(3):
        model.train_on_batch(X, Y)
    direct = current(model)
    for n in NAMES:
        np.testing.assert_allclose(scaled[n], direct[n], rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize('name,cls,config', [CONFIGS[6], CONFIGS[3], CONFIGS[9]],
                         ids=['adam', 'rmsprop', 'nadam'])
def test_set_multipliers_between_steps_keeps_state(name, cls, config):
    model = build_sequential(WB_ARGS)
    model.compile(cls(**config), 'mse')
    for _ in range(2):
        model.train_on_batch(X, Y)
    opt = model.optimizer
    kept = {n: opt.slots_for(weight(model, n)) for n in NAMES}
    n_weights = len(opt.weights)
    model.set_learning_rate_multipliers(collections.OrderedDict([
        ('conv', {'bias': 3.0}), ('head', 0), ('hid*', {'kernel': 0.25})]))
    new_mults = {'conv/bias': 3.0, 'head/kernel': 0.0, 'head/bias': 0.0,
                 'hidden/kernel': 0.25}
    assert {w.name: m for w, m in model.multipliers.items()} == {
        'conv/bias:0': 3.0, 'head/kernel:0': 0.0, 'head/bias:0': 0.0,
        'hidden/kernel:0': 0.25}
    for _ in range(2):
        model.train_on_batch(X, Y)
    expected, _ = np_train(name, config, [WB_MULTS] * 2 + [new_mults] * 2)
    assert_weights(model, expected, msg=name)
    # Already-training weights kept their slot variables; the unfrozen bias
    # got new ones; the newly frozen head keeps (unused) state.
    for n in ('conv/kernel', 'hidden/kernel', 'hidden/bias', 'head/kernel'):
        assert [id(s) for s in opt.slots_for(weight(model, n))] == [id(s) for s in kept[n]]
    assert kept['conv/bias'] == []
    assert len(opt.slots_for(weight(model, 'conv/bias'))) == len(kept['conv/kernel'])
    assert len(opt.weights) == n_weights + len(kept['conv/kernel'])
    assert int(K.get_value(opt.iterations)) == 4


def by_weight(model):
    mults = model.multipliers
    return {n: mults[weight(model, n)] for n in NAMES if weight(model, n) in mults}


def layer_specs(model):
    return {name: model.get_layer(name)._learning_rate_multipliers
            for name in ('conv', 'hidden', 'head')}


def test_config_round_trip_keeps_zero():
    model = build_sequential(WB_ARGS)
    conv_config = model.get_layer('conv').get_config()
    assert conv_config['W_learning_rate_multiplier'] == 0.5
    assert conv_config['b_learning_rate_multiplier'] == 0.0
    assert model.get_layer('head').get_config().get('b_learning_rate_multiplier') is None
    clone = Sequential.from_config(model.get_config())
    assert layer_specs(clone) == layer_specs(model)
    assert by_weight(clone) == by_weight(model) == WB_MULTS
    # Rules set on a built model are saved too.
    model.set_learning_rate_multipliers({'head': {'bias': 0}, 'hidden': 0.3})
    functional = Model.from_config(build_functional(WB_ARGS).get_config())
    assert layer_specs(functional)['conv'] == layer_specs(model)['conv']
    again = Sequential.from_config(model.get_config())
    assert layer_specs(again)['head'] == {'bias': 0.0}
    assert layer_specs(again)['hidden'] == 0.3


def test_json_round_trip_keeps_zero():
    models = pytest.importorskip('keras.models')
    if not hasattr(models, 'model_from_json'):
        pytest.skip('model_from_json not available yet')
    model = build_functional(WB_ARGS)
    model.get_layer('head')._learning_rate_multipliers = {'bias': 0.0}
    restored = models.model_from_json(model.to_json())
    assert layer_specs(restored) == layer_specs(model)
    assert by_weight(restored) == dict(WB_MULTS, **{'head/bias': 0.0})
    restored.compile(optimizers.SGD(0.1), 'mse')
    restored.set_weights(model.get_weights())
    restored.train_on_batch(X, Y)
    assert restored.optimizer.slots_for(restored.get_layer('conv').bias) == []
    np.testing.assert_array_equal(K.get_value(restored.get_layer('conv').bias),
                                  K.get_value(model.get_layer('conv').bias))


def test_gradual_unfreezing_in_fit():
    model = build_sequential()
    model.compile(optimizers.Adam(lr=0.01), 'mse')
    seen = []
    from keras.callbacks import LambdaCallback
    spy = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(current(model)))
    unfreeze = multipliers_lib.GradualUnfreezing(['conv', 'hidden', 'head'],
                                                 multipliers=[0.5, 1.0, 2.0])
    history = model.fit(X, Y, batch_size=N, epochs=4, shuffle=False, verbose=0,
                        callbacks=[unfreeze, spy])
    schedule = [{'conv/kernel': 0, 'conv/bias': 0, 'hidden/kernel': 0,
                 'hidden/bias': 0, 'head/kernel': 2.0, 'head/bias': 2.0},
                {'conv/kernel': 0, 'conv/bias': 0, 'hidden/kernel': 1.0,
                 'hidden/bias': 1.0, 'head/kernel': 2.0, 'head/bias': 2.0},
                {'conv/kernel': 0.5, 'conv/bias': 0.5, 'hidden/kernel': 1.0,
                 'hidden/bias': 1.0, 'head/kernel': 2.0, 'head/bias': 2.0}]
    schedule.append(schedule[-1])
    expected, losses = np_train('adam', dict(lr=0.01), schedule)
    assert_weights(model, expected, msg='gradual unfreezing')
    np.testing.assert_allclose(history.history['loss'], losses, rtol=1e-5)
    # After epoch 1 the conv layer had not moved; after epoch 3 it had.
    np.testing.assert_array_equal(seen[1]['conv/kernel'], INIT['conv/kernel'])
    assert not np.array_equal(seen[2]['conv/kernel'], INIT['conv/kernel'])
    assert int(K.get_value(model.optimizer.iterations)) == 4


def test_old_style_optimizer_with_model():
    class OldSGD(optimizers.Optimizer):
        def __init__(self, lr=0.1, **kwargs):
            super(OldSGD, self).__init__(**kwargs)
            self.lr = K.variable(lr)
            self.iterations = K.variable(0, dtype='int64')

        def get_updates(self, loss, params):
            grads = self.get_gradients(loss, params)
            self.updates = [K.update_add(self.iterations, 1)]
            for p, g in zip(params, grads):
                self.updates.append(K.update(p, p - self.lr * g))
            return self.updates

    model = build_sequential()
    model.compile(OldSGD(), 'mse')
    model.train_on_batch(X, Y)
    assert int(K.get_value(model.optimizer.iterations)) == 1
    K.clear_session()
    model = build_sequential(WB_ARGS)
    model.compile(OldSGD(), 'mse')
    with pytest.raises(ValueError, match='OldSGD.*multipliers'):
        model.train_on_batch(X, Y)


def test_tf_optimizer_rejects_multipliers():
    import tensorflow.compat.v1 as tf
    model = build_sequential(WB_ARGS)
    model.compile(tf.train.GradientDescentOptimizer(0.1), 'mse')
    assert isinstance(model.optimizer, optimizers.TFOptimizer)
    with pytest.raises(ValueError, match='conv/bias'):
        model.train_on_batch(X, Y)
    K.clear_session()
    model = build_sequential()
    model.compile(tf.train.GradientDescentOptimizer(0.1), 'mse')
    for _ in range(2):
        model.train_on_batch(X, Y)
    expected, _ = np_train('sgd', dict(lr=0.1), [{}] * 2)
    assert_weights(model, expected)
    assert int(K.get_value(model.optimizer.iterations)) == 2


def test_rules_on_nested_model():
    backbone = Sequential([Conv2D(2, (2, 2), input_shape=(4, 4, 1), name='conv'),
                           Flatten(name='flat'),
                           Dense(3, activation='tanh', name='hidden')], name='backbone')
    model = Sequential([backbone, Dense(1, name='head')])
    for layer in (backbone.get_layer('conv'), backbone.get_layer('hidden'),
                  model.get_layer('head')):
        layer.set_weights([INIT[layer.name + '/kernel'], INIT[layer.name + '/bias']])
    model.set_learning_rate_multipliers(collections.OrderedDict([
        ('backbone/hidden', {'bias': 0.5}), ('backbone', 0), ('head', 3)]))
    model.compile(optimizers.Adam(lr=0.01), 'mse')
    for _ in range(2):
        model.train_on_batch(X, Y)
    mults = {'conv/kernel': 0, 'conv/bias': 0, 'hidden/kernel': 1.0,
             'hidden/bias': 0.5, 'head/kernel': 3, 'head/bias': 3}
    expected, _ = np_train('adam', dict(lr=0.01), [mults] * 2)
    weights = {'conv/kernel': backbone.get_layer('conv').kernel,
               'conv/bias': backbone.get_layer('conv').bias,
               'hidden/kernel': backbone.get_layer('hidden').kernel,
               'hidden/bias': backbone.get_layer('hidden').bias,
               'head/kernel': model.get_layer('head').kernel,
               'head/bias': model.get_layer('head').bias}
    for n in NAMES:
        np.testing.assert_allclose(K.get_value(weights[n]), expected[n], rtol=1e-5,
                                   atol=1e-6, err_msg=n)
    assert model.optimizer.slots_for(weights['conv/kernel']) == []
    assert len(model.optimizer.weights) == 1 + 4 * 3  # hidden and head: m, v, vhat


def test_set_learning_rate_multipliers_number_applies_to_every_layer():
    model = build_sequential(WB_ARGS)
    model.set_learning_rate_multipliers(0.25)
    assert {w.name: m for w, m in model.multipliers.items()} == dict(
        ('%s:0' % n, 0.25) for n in NAMES)
    model.compile(optimizers.Adam(lr=0.01), 'mse')
    for _ in range(2):
        model.train_on_batch(X, Y)
    expected, _ = np_train('adam', dict(lr=0.01), [dict.fromkeys(NAMES, 0.25)] * 2)
    assert_weights(model, expected)
    # Saved in the layers' configs, as the layer argument would be.
    clone = Sequential.from_config(model.get_config())
    assert sorted(clone.multipliers.values()) == [0.25] * len(NAMES)


@pytest.mark.parametrize('rules', [None, 'hidden', ['hidden', 'head']])
def test_set_learning_rate_multipliers_rejects_other_types(rules):
    model = build_sequential(WB_ARGS)
    with pytest.raises(TypeError) as info:
        model.set_learning_rate_multipliers(rules)
    assert 'a number (given to every layer)' in str(info.value)
    assert 'callable' in str(info.value)
    assert {w.name: m for w, m in model.multipliers.items()} == dict(
        ('%s:0' % n, m) for n, m in WB_MULTS.items())


def test_train_function_build_computes_multipliers_once(monkeypatch):
    model = build_sequential(WB_ARGS)
    model.compile(optimizers.SGD(lr=0.1), 'mse')
    calls = []
    merge = multipliers_lib.merge

    def counting_merge(layers):
        calls.append(len(layers))
        return merge(layers)
    monkeypatch.setattr(multipliers_lib, 'merge', counting_merge)
    model._make_train_function()
    assert len(calls) == 1
    model.train_on_batch(X, Y)
    expected, _ = np_train('sgd', dict(lr=0.1), [WB_MULTS])
    assert_weights(model, expected)
