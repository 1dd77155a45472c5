"""Optimizers with learning-rate multipliers, checked against NumPy
re-derivations of each update rule."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import inspect

import numpy as np
import pytest
import tensorflow.compat.v1 as tf

import keras
from keras import backend as K
from keras import multipliers as multipliers_lib
from keras import optimizers

STEPS = 3
SHAPES = {'w1': (3,), 'w2': (2, 2), 'w3': (4,), 'w4': (3,)}
NAMES = ('w1', 'w2', 'w3', 'w4')
# Quadratic loss: sum_k sum(A_k * w_k**2 + B_k * w_k) + C * sum(w3) * sum(w4).
RNG = np.random.RandomState(1234)
INIT = {n: RNG.uniform(-1, 1, SHAPES[n]).astype('float32') for n in NAMES}
A = {n: RNG.uniform(0.5, 2, SHAPES[n]).astype('float32') for n in NAMES}
B = {n: RNG.uniform(-1, 1, SHAPES[n]).astype('float32') for n in NAMES}
C = 0.3
# The float32 updates match the float64 NumPy re-derivations to 1e-6
# (relative; absolute 1e-7 for values that cancel to about 0).
RTOL, ATOL = 1e-6, 1e-7
MULTS = {'w1': 0.0, 'w2': 0.5, 'w3': 3.0}  # w4 has none

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
SLOTS_PER_WEIGHT = {'sgd': 1, 'sgd_momentum': 1, 'sgd_nesterov': 1, 'rmsprop': 1,
                    'adagrad': 1, 'adadelta': 2, 'adam': 3, 'adam_amsgrad': 3,
                    'adamax': 2, 'nadam': 2}
IDS = [c[0] for c in CONFIGS]


@pytest.fixture(autouse=True)
def fresh_graph():
    K.clear_session()
    yield
    K.clear_session()


# ---------------------------------------------------------------------------
# NumPy reference
# ---------------------------------------------------------------------------

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


def np_loss(w):
    total = sum(np.sum(A[n] * w[n] ** 2 + B[n] * w[n]) for n in NAMES)
    return total + C * np.sum(w['w3']) * np.sum(w['w4'])


def np_grads(w):
    g = {n: 2 * A[n] * w[n] + B[n] for n in NAMES}
    g['w3'] = g['w3'] + C * np.sum(w['w4'])
    g['w4'] = g['w4'] + C * np.sum(w['w3'])
    return g


def np_train(kind, config, mults_per_step, clipnorm=None, clipvalue=None,
             constraints=None, state=None, weights=None, start=0,
             weight_decay=0., decoupled=True, decay_mults=None, lr_per_step=None):
    """Runs the update rule of `kind` in float64; returns (weights, losses, state).

    `mults_per_step` is a list (one per step) of {name: multiplier}.
    Weight decay: `c = weight_decay * decay_mults.get(name, 1)`; decoupled:
    `p -= lr * m * c * p_old` next to the rule's step (`lr` after the time
    decay, no bias correction); coupled: `g += c * p` after clipping.
    `lr_per_step` (optional): the base learning rate of each step (a
    schedule setting `lr`).
    """
    cfg = dict(DEFAULTS[kind])
    cfg.update(config)
    w = {n: INIT[n].astype('float64') for n in NAMES} if weights is None else weights
    state = {} if state is None else state
    state.setdefault('m_schedule', 1.0)
    constraints = constraints or {}
    losses = []
    for offset, mults in enumerate(mults_per_step):
        i = start + offset
        losses.append(np_loss(w))
        trained = [n for n in NAMES if mults.get(n) != 0.0]
        g = np_grads(w)
        if clipnorm:
            norm = np.sqrt(sum(np.sum(g[n] ** 2) for n in trained))
            if norm >= clipnorm:
                g = {n: g[n] * clipnorm / norm for n in NAMES}
        if clipvalue:
            g = {n: np.clip(g[n], -clipvalue, clipvalue) for n in NAMES}
        lr = cfg['lr'] if lr_per_step is None else lr_per_step[offset]
        if cfg.get('decay', 0) > 0:
            lr = lr / (1. + cfg['decay'] * i)
        t = i + 1
        if kind == 'nadam':
            b1, sd = cfg['beta_1'], cfg['schedule_decay']
            cache_t = b1 * (1. - 0.5 * 0.96 ** (t * sd))
            cache_t1 = b1 * (1. - 0.5 * 0.96 ** ((t + 1) * sd))
            ms_new = state['m_schedule'] * cache_t
            ms_next = ms_new * cache_t1
            state['m_schedule'] = ms_new
        for n in trained:
            p, gr = w[n], g[n]
            p_old = p
            lr_n = lr * mults.get(n, 1.0)
            c = weight_decay * (decay_mults or {}).get(n, 1.0)
            if c and not decoupled:
                gr = gr + c * p
            s = state.setdefault(n, {})
            zeros = np.zeros_like(p)
            if kind == 'sgd':
                m = s.get('m', zeros)
                v = cfg['momentum'] * m - lr_n * gr
                s['m'] = v
                p = p + cfg['momentum'] * v - lr_n * gr if cfg['nesterov'] else p + v
            elif kind == 'rmsprop':
                a = cfg['rho'] * s.get('a', zeros) + (1 - cfg['rho']) * gr ** 2
                s['a'] = a
                p = p - lr_n * gr / (np.sqrt(a) + cfg['epsilon'])
            elif kind == 'adagrad':
                a = s.get('a', zeros) + gr ** 2
                s['a'] = a
                p = p - lr_n * gr / (np.sqrt(a) + cfg['epsilon'])
            elif kind == 'adadelta':
                eps, rho = cfg['epsilon'], cfg['rho']
                a = rho * s.get('a', zeros) + (1 - rho) * gr ** 2
                d = s.get('d', zeros)
                u = gr * np.sqrt(d + eps) / np.sqrt(a + eps)
                p = p - lr_n * u
                s['a'], s['d'] = a, rho * d + (1 - rho) * u ** 2
            elif kind == 'adam':
                b1, b2 = cfg['beta_1'], cfg['beta_2']
                lr_t = lr_n * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                m = b1 * s.get('m', zeros) + (1 - b1) * gr
                v = b2 * s.get('v', zeros) + (1 - b2) * gr ** 2
                s['m'], s['v'] = m, v
                if cfg['amsgrad']:
                    v = s['vhat'] = np.maximum(s.get('vhat', zeros), v)
                p = p - lr_t * m / (np.sqrt(v) + cfg['epsilon'])
            elif kind == 'adamax':
                b1, b2 = cfg['beta_1'], cfg['beta_2']
                lr_t = lr_n / (1 - b1 ** t)
                m = b1 * s.get('m', zeros) + (1 - b1) * gr
                u = np.maximum(b2 * s.get('u', zeros), np.abs(gr))
                s['m'], s['u'] = m, u
                p = p - lr_t * m / (u + cfg['epsilon'])
            elif kind == 'nadam':
                b1, b2 = cfg['beta_1'], cfg['beta_2']
                g_prime = gr / (1 - ms_new)
                m = b1 * s.get('m', zeros) + (1 - b1) * gr
                v = b2 * s.get('v', zeros) + (1 - b2) * gr ** 2
                s['m'], s['v'] = m, v
                m_bar = (1 - cache_t) * g_prime + cache_t1 * m / (1 - ms_next)
                v_prime = v / (1 - b2 ** t)
                p = p - lr_n * m_bar / (np.sqrt(v_prime) + cfg['epsilon'])
            if c and decoupled:
                p = p - lr_n * c * p_old
            if n in constraints:
                p = constraints[n](p)
            w[n] = p
    return w, losses, state


def kind_of(name):
    return name.split('_')[0]


def np_config(name, config):
    config = dict(config)
    if name == 'adam_amsgrad':
        config['amsgrad'] = True
    return config


# ---------------------------------------------------------------------------
# Keras side
# ---------------------------------------------------------------------------

def make_weights(constraints=None):
    constraints = constraints or {}
    return {n: K.variable(INIT[n], name=n, constraint=constraints.get(n))
            for n in NAMES}


def k_loss(w):
    total = None
    for n in NAMES:
        term = K.sum(K.constant(A[n]) * K.square(w[n]) + K.constant(B[n]) * w[n])
        total = term if total is None else total + term
    return total + C * K.sum(w['w3']) * K.sum(w['w4'])


def train(opt, w, mults, steps=STEPS):
    """Builds the update with `mults` ({name: value} or None) and runs it."""
    loss = k_loss(w)
    params = [w[n] for n in NAMES]
    kwargs = {}
    if mults is not None:
        kwargs['multipliers'] = {w[n]: v for n, v in mults.items()}
    updates = opt.get_updates(loss, params, **kwargs)
    f = K.function([], [loss], updates=updates)
    return [float(f([])[0]) for _ in range(steps)]


def values(w):
    return dict(zip(NAMES, K.batch_get_value([w[n] for n in NAMES])))


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_matches_numpy_with_multipliers(name, cls, config):
    w = make_weights()
    opt = cls(**config)
    losses = train(opt, w, MULTS)
    expected, expected_losses, _ = np_train(kind_of(name), np_config(name, config),
                                            [MULTS] * STEPS)
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL,
                                   err_msg='%s: weight %s' % (name, n))
    # The loss is computed before the weights change.
    np.testing.assert_allclose(losses, expected_losses, rtol=RTOL, atol=ATOL)
    # Frozen weight untouched; iterations advanced once per step.
    np.testing.assert_array_equal(got['w1'], INIT['w1'])
    assert int(K.get_value(opt.iterations)) == STEPS
    # No slot for the frozen weight.
    assert opt.slots_for(w['w1']) == []
    assert len(opt.slots_for(w['w2'])) == SLOTS_PER_WEIGHT[name]
    assert len(opt.weights) == 1 + 3 * SLOTS_PER_WEIGHT[name]
    assert opt.weights[0] is opt.iterations
    assert [p for p, _ in opt.slot_items()] == [w['w2'], w['w3'], w['w4']]


@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_unit_multipliers_equal_no_multipliers(name, cls, config):
    w = make_weights()
    train(cls(**config), w, None)
    plain = values(w)
    K.clear_session()
    w = make_weights()
    train(cls(**config), w, {n: 1.0 for n in NAMES})
    ones = values(w)
    K.clear_session()
    w = make_weights()
    train(cls(**config), w, {'w1': 1, 'w3': 1})  # ints, partial dict
    partial = values(w)
    for n in NAMES:
        np.testing.assert_array_equal(plain[n], ones[n])
        np.testing.assert_array_equal(plain[n], partial[n])
        assert not np.array_equal(plain[n], INIT[n])


@pytest.mark.parametrize('config', [dict(), dict(momentum=0.9),
                                    dict(momentum=0.9, nesterov=True)])
def test_sgd_multiplier_is_learning_rate_times_k(config):
    k = 0.25
    w = make_weights()
    train(optimizers.SGD(lr=0.08, **config), w, {n: k for n in NAMES})
    scaled = values(w)
    K.clear_session()
    w = make_weights()
    train(optimizers.SGD(lr=0.08 * k, **config), w, None)
    direct = values(w)
    for n in NAMES:
        np.testing.assert_allclose(scaled[n], direct[n], rtol=1e-6, atol=1e-7)


def test_zero_multiplier_drops_weight_entirely():
    calls = []

    def constraint(x):
        calls.append(x)
        return x * 0. + 7.

    w = make_weights({'w1': constraint, 'w4': constraint})
    assert w['w1'].constraint is constraint
    opt = optimizers.Adam(lr=0.01)
    seen = []
    original = opt.get_gradients

    def recording_get_gradients(loss, params):
        seen.append(list(params))
        return original(loss, params)

    opt.get_gradients = recording_get_gradients
    loss = k_loss(w)
    updates = opt.get_updates(loss, [w[n] for n in NAMES],
                              multipliers={w['w1']: 0.0, w['w2']: 0})
    # No gradient requested, no slot, no update op for w1 and w2.
    assert len(seen) == 1
    assert [p.name for p in seen[0]] == [w['w3'].name, w['w4'].name]
    assert opt.slots_for(w['w1']) == [] and opt.slots_for(w['w2']) == []
    assert len(opt.weights) == 1 + 3 * 2
    targets = set(getattr(u, 'op', u).inputs[0].name for u in updates)
    assert w['w1'].name not in targets and w['w2'].name not in targets
    assert w['w4'].name in targets
    # The constraint was used for w4 only.
    assert len(calls) == 1
    f = K.function([], [loss], updates=updates)
    f([])
    got = values(w)
    np.testing.assert_array_equal(got['w1'], INIT['w1'])
    np.testing.assert_array_equal(got['w2'], INIT['w2'])
    np.testing.assert_array_equal(got['w4'], np.full(SHAPES['w4'], 7., 'float32'))
    assert not np.array_equal(got['w3'], INIT['w3'])


@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_constraints_applied_after_scaled_step(name, cls, config):
    constraints = {'w2': lambda x: x * 0.9, 'w4': lambda x: np.clip(x, -0.2, 0.2)}
    w = make_weights({'w2': lambda x: x * 0.9,
                      'w4': lambda x: K.clip(x, -0.2, 0.2)})
    train(cls(**config), w, MULTS)
    expected, _, _ = np_train(kind_of(name), np_config(name, config), [MULTS] * STEPS,
                              constraints=constraints)
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_slots_reused_when_multipliers_change(name, cls, config):
    w = make_weights()
    opt = cls(**config)
    first = {'w1': 0.0, 'w2': 0.5, 'w3': 3.0}
    second = {'w1': 2.0, 'w2': 0.0, 'w3': 1.0}
    train(opt, w, first, steps=2)
    before = {n: opt.slots_for(w[n]) for n in NAMES}
    n_weights = len(opt.weights)
    train(opt, w, second, steps=2)
    # Slots of weights already training are the same variables; w1 got new ones.
    for n in ('w2', 'w3', 'w4'):
        assert len(before[n]) == SLOTS_PER_WEIGHT[name]
        assert all(a is b for a, b in zip(before[n], opt.slots_for(w[n])))
    assert before['w1'] == [] and len(opt.slots_for(w['w1'])) == SLOTS_PER_WEIGHT[name]
    assert len(opt.weights) == n_weights + SLOTS_PER_WEIGHT[name]
    assert int(K.get_value(opt.iterations)) == 4
    expected, _, _ = np_train(kind_of(name), np_config(name, config),
                              [first, first, second, second])
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL,
                                   err_msg='%s: weight %s' % (name, n))


@pytest.mark.parametrize('clip', [dict(clipnorm=0.5), dict(clipvalue=0.3),
                                  dict(clipnorm=100.)])
@pytest.mark.parametrize('name,cls,config', [CONFIGS[1], CONFIGS[6]],
                         ids=['sgd_momentum', 'adam'])
def test_clipping(name, cls, config, clip):
    w = make_weights()
    opt = cls(**dict(config, **clip))
    train(opt, w, MULTS)
    expected, _, _ = np_train(kind_of(name), config, [MULTS] * STEPS,
                              clipnorm=clip.get('clipnorm'),
                              clipvalue=clip.get('clipvalue'))
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL)
    assert opt.get_config()[list(clip)[0]] == list(clip.values())[0]


def test_clip_norm_function():
    g = K.constant(np.array([3., 4.], 'float32'))
    n = K.constant(5.)
    np.testing.assert_allclose(K.eval(optimizers.clip_norm(g, 1., n)), [0.6, 0.8],
                               rtol=1e-6)
    np.testing.assert_allclose(K.eval(optimizers.clip_norm(g, 10., n)), [3., 4.])
    assert optimizers.clip_norm(g, 0, n) is g


def test_learning_rate_variable_can_be_changed():
    w = make_weights()
    opt = optimizers.SGD(lr=0.1)
    loss = k_loss(w)
    f = K.function([], [loss], updates=opt.get_updates(
        loss, [w[n] for n in NAMES], multipliers={w['w2']: 0.5}))
    K.set_value(opt.lr, 0.02)
    f([])
    expected, _, _ = np_train('sgd', dict(lr=0.02), [{'w2': 0.5}])
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_config_round_trip(name, cls, config):
    opt = cls(clipnorm=1.5, **config)
    cfg = opt.get_config()
    assert cfg['clipnorm'] == 1.5
    for key, value in config.items():
        assert cfg[key] == pytest.approx(value), key
    clone = cls.from_config(cfg)
    assert type(clone) is cls and clone.get_config() == cfg
    ser = optimizers.serialize(opt)
    assert ser['class_name'] == cls.__name__
    again = optimizers.deserialize(ser)
    assert type(again) is cls and again.get_config() == cfg
    assert K.get_value(again.lr) == pytest.approx(config['lr'])


def test_defaults_and_config_keys():
    assert optimizers.SGD().get_config() == {'lr': pytest.approx(0.01), 'momentum': 0.0,
                                             'decay': 0.0, 'nesterov': False}
    adam = optimizers.Adam().get_config()
    assert sorted(adam) == ['amsgrad', 'beta_1', 'beta_2', 'decay', 'epsilon', 'lr']
    assert adam['epsilon'] == K.epsilon()
    assert sorted(optimizers.Nadam().get_config()) == [
        'beta_1', 'beta_2', 'epsilon', 'lr', 'schedule_decay']
    assert optimizers.Adadelta().get_config()['rho'] == 0.95
    for cls in (optimizers.SGD, optimizers.RMSprop, optimizers.Adagrad,
                optimizers.Adadelta, optimizers.Adam, optimizers.Adamax,
                optimizers.Nadam):
        opt = cls()
        assert opt.lr.name.split('/')[-1].startswith('lr')
        assert opt.iterations.name.split('/')[-1].startswith('iterations')
        assert K.dtype(opt.iterations) == 'int64'


def test_get_and_aliases():
    assert isinstance(optimizers.get('Adam'), optimizers.Adam)
    assert isinstance(optimizers.get('sgd'), optimizers.SGD)
    assert isinstance(optimizers.get('RMSprop'), optimizers.RMSprop)
    opt = optimizers.get({'class_name': 'nadam', 'config': {'lr': 0.5}})
    assert isinstance(opt, optimizers.Nadam)
    assert K.get_value(opt.lr) == pytest.approx(0.5)
    same = optimizers.Adamax()
    assert optimizers.get(same) is same
    wrapped = optimizers.get(tf.train.GradientDescentOptimizer(0.1))
    assert isinstance(wrapped, optimizers.TFOptimizer)
    with pytest.raises(ValueError, match='optimizer identifier'):
        optimizers.get(42)
    with pytest.raises(ValueError):
        optimizers.get('no_such_optimizer')
    assert optimizers.sgd is optimizers.SGD and optimizers.nadam is optimizers.Nadam
    assert optimizers.adam is optimizers.Adam and optimizers.adamax is optimizers.Adamax
    assert optimizers.rmsprop is optimizers.RMSprop
    assert optimizers.adagrad is optimizers.Adagrad
    assert optimizers.adadelta is optimizers.Adadelta


def test_unknown_keyword_argument():
    with pytest.raises(TypeError, match='momentun'):
        optimizers.SGD(momentun=0.9)
    with pytest.raises(TypeError, match='clipnorm, clipvalue'):
        optimizers.Optimizer(foo=1)


def test_get_set_weights():
    w = make_weights()
    opt = optimizers.Adam(lr=0.01)
    train(opt, w, MULTS)
    state = opt.get_weights()
    assert len(state) == 1 + 3 * 3 and int(state[0]) == STEPS
    slots_w2 = opt.slots_for(w['w2'])
    assert [s.shape for s in K.batch_get_value(slots_w2)] == [(2, 2), (2, 2), (1,)]
    new = [np.asarray(s) + 1 for s in state]
    opt.set_weights(new)
    for a, b in zip(opt.get_weights(), new):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match='Length of the specified weight list'):
        opt.set_weights(new[:-1])
    bad = list(new)
    bad[1] = np.zeros((5,))
    with pytest.raises(ValueError, match='shape'):
        opt.set_weights(bad)


def test_legacy_weight_list_without_iterations():
    w = make_weights()
    opt = optimizers.RMSprop()
    train(opt, w, None, steps=1)
    state = opt.get_weights()
    legacy = [s + 2 for s in state[1:]]  # Keras 2.2.4 saved no iterations here
    opt.set_weights(legacy)
    got = opt.get_weights()
    assert int(got[0]) == 1
    for a, b in zip(got[1:], legacy):
        np.testing.assert_array_equal(a, b)


def test_nadam_set_weights_restores_momentum_schedule():
    w = make_weights()
    opt = optimizers.Nadam()
    train(opt, w, MULTS)
    state = opt.get_weights()
    schedule = K.get_value(opt.m_schedule)
    assert schedule != pytest.approx(1.0)
    K.clear_session()
    w = make_weights()
    opt2 = optimizers.Nadam()
    opt2.get_updates(k_loss(w), [w[n] for n in NAMES],
                     multipliers={w[n]: v for n, v in MULTS.items()})
    opt2.set_weights(state)
    np.testing.assert_allclose(K.get_value(opt2.m_schedule), schedule, rtol=1e-6)


def test_none_gradient_error_names_weight():
    w = make_weights()
    unused = K.variable(np.zeros((2,)), name='unused_weight')
    opt = optimizers.SGD()
    with pytest.raises(ValueError, match='unused_weight'):
        opt.get_updates(k_loss(w), [w['w2'], unused])
    # Freezing it with a multiplier of 0 avoids the gradient altogether.
    opt.get_updates(k_loss(w), [w['w2'], unused], multipliers={unused: 0.})


def test_invalid_multiplier_value():
    w = make_weights()
    opt = optimizers.SGD()
    with pytest.raises(ValueError, match='>= 0'):
        opt.get_updates(k_loss(w), [w['w2']], multipliers={w['w2']: -1.})
    with pytest.raises(TypeError):
        opt.get_updates(k_loss(w), [w['w2']], multipliers={w['w2']: '0.1'})


def test_multipliers_add_only_constant_scalings():
    """With multipliers the graph gains one scalar multiply (and its constant)
    per distinct multiplier value: no per-weight ops, variables or feeds."""

    def build(mults):
        K.clear_session()
        w = make_weights()
        loss = k_loss(w)
        graph = tf.get_default_graph()
        before = len(graph.get_operations())
        opt = optimizers.Adam(decay=0.01)
        n_vars = len(tf.global_variables())
        opt.get_updates(loss, [w[n] for n in NAMES],
                        multipliers={w[n]: v for n, v in mults.items()})
        ops = graph.get_operations()
        kinds = [op.type for op in ops]
        return (len(ops) - before, len(tf.global_variables()) - n_vars,
                kinds.count('Placeholder'))

    plain = build({})
    scaled = build({'w1': 0.5, 'w2': 3.0, 'w3': 0.5, 'w4': 3.0})
    assert scaled[1] == plain[1] and scaled[2] == plain[2] == 0
    assert 0 < scaled[0] - plain[0] <= 4  # 2 distinct values: Const + Mul each
    frozen = build({'w1': 0.0, 'w2': 0.0})
    assert frozen[0] < plain[0]


def test_old_style_optimizer_is_detected():
    w = make_weights()
    opt = PlainSGD()  # defined below, with the other user optimizers
    assert not multipliers_lib.accepts_multipliers(opt)
    assert multipliers_lib.accepts_multipliers(optimizers.SGD())
    assert multipliers_lib.check_optimizer(opt, {}) is False
    assert multipliers_lib.check_optimizer(opt, {w['w2']: 1.0}) is False
    assert multipliers_lib.check_optimizer(optimizers.Adam(), {w['w2']: 0.5}) is True
    with pytest.raises(ValueError, match="w2.*multipliers=None"):
        multipliers_lib.check_optimizer(opt, {w['w2']: 0.5, w['w3']: 1.0})
    with pytest.raises(ValueError, match='w1'):
        multipliers_lib.check_optimizer(opt, {w['w1']: 0.0})
    # It still trains when the model has no multipliers. (Only w1 and w2: this
    # optimizer does not order its writes after the gradients, so the w3-w4
    # cross term would race.)
    loss = k_loss(w)
    f = K.function([], [loss], updates=opt.get_updates(loss, [w['w1'], w['w2']]))
    f([])
    expected, _, _ = np_train('sgd', dict(lr=0.1), [{'w3': 0., 'w4': 0.}])
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL)


def _ancestors(op):
    seen, todo = set(), [op]
    while todo:
        current = todo.pop()
        for parent in [t.op for t in current.inputs] + list(current.control_inputs):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_reads_are_ordered_before_writes():
    """The iteration counter is read before it is advanced, and weights are
    written only after the loss and all gradients are computed (the w3-w4
    cross term of the loss makes each gradient read the other weight)."""
    w = make_weights()
    opt = optimizers.Adam(decay=0.1)
    recorded = []
    original = opt.get_gradients

    def recording_get_gradients(loss, params):
        recorded.extend(original(loss, params))
        return recorded

    opt.get_gradients = recording_get_gradients
    loss = k_loss(w)
    params = [w[n] for n in NAMES]
    updates = opt.get_updates(loss, params, multipliers={w['w2']: 0.5})
    ops = [getattr(u, 'op', u) for u in updates]
    increment = ops[0]
    assert increment.type == 'AssignAddVariableOp'
    assert increment.inputs[0].name == opt.iterations.name
    # Some op reading the counter's snapshot runs before the increment.
    reads_before = [op for op in _ancestors(increment)
                    if any(t.name == opt.iterations.name
                           for t in [i for i in op.inputs])]
    assert reads_before, 'iterations advanced without ordering its read'
    weight_names = set(p.name for p in params)
    weight_writes = [op for op in ops if op.inputs[0].name in weight_names]
    assert len(weight_writes) == 4
    assert len(recorded) == 4
    for op in weight_writes:
        before = _ancestors(op)
        assert loss.op in before
        for g in recorded:
            assert g.op in before, (op.name, g.name)


def test_base_optimizer_has_no_rule():
    w = make_weights()
    with pytest.raises(NotImplementedError):
        optimizers.Optimizer().get_updates(k_loss(w), [w['w2']])


def test_tf_optimizer():
    w = make_weights()
    opt = optimizers.TFOptimizer(tf.train.GradientDescentOptimizer(0.1))
    loss = k_loss(w)
    params = [w[n] for n in NAMES]
    with pytest.raises(ValueError, match='w2'):
        opt.get_updates(loss, params, multipliers={w['w2']: 0.5})
    with pytest.raises(ValueError, match='w1'):
        opt.get_updates(loss, params, multipliers={w['w1']: 0.})
    updates = opt.get_updates(loss, params, multipliers={w['w3']: 1.0})
    f = K.function([], [loss], updates=updates)
    for _ in range(STEPS):
        f([])
    assert int(K.get_value(opt.iterations)) == STEPS
    expected, _, _ = np_train('sgd', dict(lr=0.1), [{}] * STEPS)
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL)
    with pytest.raises(NotImplementedError):
        opt.get_config()


@pytest.mark.parametrize('cls,config', [(optimizers.SGD, dict(lr=0.1, clipnorm=1.0)),
                                        (optimizers.Adam, dict(lr=0.1))],
                         ids=['sgd_clipnorm', 'adam'])
def test_sparse_gradients(cls, config):
    """K.gather gives IndexedSlices gradients (duplicate indices add up)."""
    init = np.arange(15, dtype='float32').reshape(5, 3) / 10.
    emb = K.variable(init, name='emb')
    loss = K.sum(K.square(K.gather(emb, [0, 2, 2])))
    opt = cls(**config)
    f = K.function([], [loss], updates=opt.get_updates(loss, [emb],
                                                       multipliers={emb: 0.5}))
    f([])
    g = np.zeros((5, 3))
    g[0] = 2 * init[0]
    g[2] = 4 * init[2]
    lr = config['lr'] * 0.5
    if cls is optimizers.SGD:
        g = g / max(1.0, np.sqrt(np.sum(g ** 2)))
        expected = init - lr * g
    else:
        m, v = 0.1 * g, 0.001 * g ** 2
        expected = init - lr * np.sqrt(0.001) / 0.1 * m / (np.sqrt(v) + 1e-7)
    np.testing.assert_allclose(K.get_value(emb), expected, rtol=RTOL, atol=ATOL)


def test_keras1_get_updates_call_order():
    w = make_weights()
    opt = optimizers.SGD(lr=0.1)
    loss = k_loss(w)
    with pytest.warns(UserWarning, match='get_updates'):
        updates = opt.get_updates([w['w1'], w['w2']], {}, loss)
    K.function([], [loss], updates=updates)([])
    expected, _, _ = np_train('sgd', dict(lr=0.1), [{'w3': 0., 'w4': 0.}])
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL)


def test_weights_are_ordered_slot_kind_by_slot_kind_as_in_keras224():
    from keras import optimizers as opts
    w1 = K.variable(np.ones((2, 3)), name='w1')
    w2 = K.variable(np.ones((4,)), name='w2')
    loss = K.sum(K.square(w1)) + K.sum(K.square(w2))
    opt = opts.Adam()
    opt.get_updates(loss, [w1, w2])
    shapes = [K.int_shape(w) for w in opt.weights]
    # iterations, m(w1), m(w2), v(w1), v(w2), vhat(w1), vhat(w2)
    assert shapes == [(), (2, 3), (4,), (2, 3), (4,), (1,), (1,)]
    assert opt.weights[1] is opt.slots_for(w1)[0]
    assert opt.weights[2] is opt.slots_for(w2)[0]
    assert opt.weights[3] is opt.slots_for(w1)[1]


# ---------------------------------------------------------------------------
# Fused kernels, resource variables, call conventions (issues 8, 9, 10)
# ---------------------------------------------------------------------------

KERNELS = {
    'sgd': 'ResourceApplyKerasMomentum',
    'sgd_momentum': 'ResourceApplyKerasMomentum',
    'sgd_nesterov': 'ResourceApplyKerasMomentum',
    'rmsprop': 'ResourceApplyAdam',
    'adagrad': 'ResourceApplyAdagradV2',
    'adadelta': 'ResourceApplyAdadelta',
    'adam': 'ResourceApplyAdam',
    'adam_amsgrad': 'ResourceApplyAdamWithAmsgrad',
    'adamax': 'ResourceApplyAdaMax',
}


def update_ops(opt, w, loss, mults):
    updates = opt.get_updates(loss, [w[n] for n in NAMES],
                              multipliers={w[n]: v for n, v in mults.items()})
    return [getattr(u, 'op', u) for u in updates]


# ---------------------------------------------------------------------------
# Fused kernels
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_one_fused_kernel_per_trained_weight(name, cls, config):
    w = make_weights()
    loss = k_loss(w)
    opt = cls(**config)
    graph = tf.get_default_graph()
    before = set(graph.get_operations())
    ops = update_ops(opt, w, loss, MULTS)
    new_types = [op.type for op in graph.get_operations() if op not in before]
    trained = [w[n].name for n in NAMES if MULTS.get(n) != 0.0]
    if name == 'nadam':
        # No kernel computes Nadam: elementwise, the weights assigned.
        assert not [t for t in new_types if t.startswith('ResourceApply')]
        return
    kernel = KERNELS[name]
    # The step: advance `iterations`, then one kernel per trained weight;
    # nothing else writes a weight or a slot.
    assert [op.type for op in ops] == ['AssignAddVariableOp'] + [kernel] * len(trained)
    assert sorted(op.inputs[0].name for op in ops[1:]) == sorted(trained)
    assert set(t for t in new_types if t.startswith('ResourceApply')) == {kernel}
    # No elementwise rule is left besides the kernels.
    assert 'Sqrt' not in new_types and 'Maximum' not in new_types
    # Hyper-parameters are read a fixed number of times per step, not once
    # per weight.
    graph_new = [op for op in graph.get_operations() if op not in before]
    for hyper in ('lr', 'momentum', 'rho', 'beta_1', 'beta_2', 'decay'):
        variable = getattr(opt, hyper, None)
        if not hasattr(variable, 'handle'):
            continue
        reads = [op for op in graph_new if op.type == 'ReadVariableOp' and
                 op.inputs[0].name == variable.name]
        assert len(reads) <= 2, (hyper, len(reads))


@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
@pytest.mark.parametrize('clip', [dict(clipnorm=0.5), dict(clipvalue=0.3)],
                         ids=['clipnorm', 'clipvalue'])
def test_clipping_every_optimizer(name, cls, config, clip):
    w = make_weights()
    train(cls(**dict(config, **clip)), w, MULTS)
    expected, _, _ = np_train(kind_of(name), np_config(name, config), [MULTS] * STEPS,
                              clipnorm=clip.get('clipnorm'),
                              clipvalue=clip.get('clipvalue'))
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL,
                                   err_msg='%s: weight %s' % (name, n))


def test_rmsprop_work_buffer_is_not_state():
    """RMSprop's kernel (ApplyAdam with beta_1 = 0) needs a first-moment
    buffer: it is neither in `weights` nor among the slots, so the saved
    state is Keras 2.2.4's (iterations + one accumulator per weight)."""
    w = make_weights()
    opt = optimizers.RMSprop(lr=0.01)
    train(opt, w, MULTS)
    trained = [n for n in NAMES if MULTS.get(n) != 0.0]
    assert len(opt.weights) == 1 + len(trained)
    for n in trained:
        accumulator, = opt.slots_for(w[n])
        assert accumulator in opt.weights
    work = [v for v in tf.global_variables() if 'work_' in v.name]
    assert len(work) == len(trained)
    assert not any(v is x for v in work for x in opt.weights)
    # The accumulators hold the NumPy running averages of the squared gradients.
    _, _, state = np_train('rmsprop', dict(lr=0.01), [MULTS] * STEPS)
    for n in trained:
        np.testing.assert_allclose(K.get_value(opt.slots_for(w[n])[0]),
                                   state[n]['a'], rtol=RTOL, atol=ATOL)


def test_sgd_momentum_set_at_run_time():
    """SGD's kernel takes the momentum variable as input: changing it between
    steps (momentum schedules) acts as in Keras 2.2.4, whose slot held
    `momentum * v - lr * g` even at momentum 0."""
    w = make_weights()
    opt = optimizers.SGD(lr=0.05)
    loss = k_loss(w)
    f = K.function([], [loss], updates=opt.get_updates(loss, [w[n] for n in NAMES]))
    f([])
    K.set_value(opt.momentum, 0.9)
    f([])
    g0 = None
    p = {n: INIT[n].astype('float64') for n in NAMES}
    v = {}
    for momentum in (0.0, 0.9):
        g0 = np_grads(p)
        for n in NAMES:
            v[n] = momentum * v.get(n, 0.) - 0.05 * g0[n]
            p[n] = p[n] + v[n]
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], p[n], rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(K.get_value(opt.slots_for(w[n])[0]), v[n],
                                   rtol=RTOL, atol=ATOL)


def test_float64_weights():
    w = K.variable(np.array([0.5, -1.5]), dtype='float64', name='w64')
    opt = optimizers.Adam(lr=0.1)
    loss = K.sum(K.square(w))
    f = K.function([], [loss], updates=opt.get_updates(loss, [w]))
    f([])
    g = 2 * np.array([0.5, -1.5])
    m, v = 0.1 * g, 0.001 * g ** 2
    expected = np.array([0.5, -1.5]) - 0.1 * np.sqrt(0.001) / 0.1 * m / (np.sqrt(v) + 1e-7)
    # (The hyper-parameters are floatx() variables, as in Keras 2.2.4.)
    np.testing.assert_allclose(K.get_value(w), expected, rtol=RTOL)


# ---------------------------------------------------------------------------
# Resource variables
# ---------------------------------------------------------------------------

def test_backend_variables_are_resource_variables():
    v = K.variable(np.ones((2, 2)), name='v')
    assert v.op.type == 'VarHandleOp'
    assert K.zeros((3,)).op.type == 'VarHandleOp'
    assert tf.resource_variables_enabled()
    # Semantics Keras relies on.
    K.set_value(v, np.full((2, 2), 3.))
    np.testing.assert_array_equal(K.get_value(v), np.full((2, 2), 3.))
    K.get_session().run([K.update_add(v, np.ones((2, 2), 'float32'))])
    np.testing.assert_array_equal(K.get_value(v), np.full((2, 2), 4.))
    mean = K.variable(np.zeros((2,)), name='moving_mean')
    update = K.moving_average_update(mean, K.constant([1., 2.]), 0.9)
    K.get_session().run(update)
    np.testing.assert_allclose(K.get_value(mean), [1., 2.], rtol=1e-6)


def test_reference_variable_is_refused_by_name():
    ref = tf.Variable(np.ones((2,), 'float32'), name='ref_weight', use_resource=False)
    loss = K.sum(K.square(ref))
    with pytest.raises(ValueError, match='ref_weight.*reference variable.*use_resource'):
        optimizers.Adam().get_updates(loss, [ref])


def test_weights_are_read_before_they_are_written():
    """Every weight a gradient reads is read before any weight is written:
    w3's gradient reads w4 and the other way round (the loss's cross term),
    over several steps, with every kernel (checked against NumPy)."""
    for name, cls, config in CONFIGS:
        K.clear_session()
        w = make_weights()
        losses = train(cls(**config), w, {}, steps=4)
        expected, expected_losses, _ = np_train(kind_of(name), np_config(name, config),
                                                [{}] * 4)
        np.testing.assert_allclose(losses, expected_losses, rtol=RTOL, err_msg=name)
        got = values(w)
        for n in ('w3', 'w4'):
            np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL,
                                       err_msg=name)


# ---------------------------------------------------------------------------
# Keras 1 get_updates calls (issue 8)
# ---------------------------------------------------------------------------

LEGACY_CALLS = {
    'positional': lambda opt, p, c, loss: opt.get_updates(p, c, loss),
    'loss_keyword': lambda opt, p, c, loss: opt.get_updates(p, c, loss=loss),
    'constraints_and_loss_keywords':
        lambda opt, p, c, loss: opt.get_updates(p, constraints=c, loss=loss),
    'all_keywords':
        lambda opt, p, c, loss: opt.get_updates(params=p, constraints=c, loss=loss),
    'all_keywords_keras2_order':
        lambda opt, p, c, loss: opt.get_updates(loss=loss, params=p, constraints=c),
}
KERAS2_CALLS = {
    'positional': lambda opt, p, loss, m: opt.get_updates(loss, p),
    'positional_multipliers': lambda opt, p, loss, m: opt.get_updates(loss, p, m),
    'keywords': lambda opt, p, loss, m: opt.get_updates(loss=loss, params=p),
    'keywords_multipliers':
        lambda opt, p, loss, m: opt.get_updates(loss=loss, params=p, multipliers=m),
    'params_keyword_multipliers': lambda opt, p, loss, m: opt.get_updates(loss, params=p, multipliers=m),
}


@pytest.mark.parametrize('form', sorted(LEGACY_CALLS))
def test_keras1_get_updates_forms(form):
    w = make_weights()
    opt = optimizers.SGD(lr=0.1)
    loss = k_loss(w)
    with pytest.warns(UserWarning, match='Keras 1'):
        updates = LEGACY_CALLS[form](opt, [w['w1'], w['w2']], {}, loss)
    K.function([], [loss], updates=updates)([])
    expected, _, _ = np_train('sgd', dict(lr=0.1), [{'w3': 0., 'w4': 0.}])
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL)


def test_keras1_constraints_are_applied():
    w = make_weights()
    opt = optimizers.Adam(lr=0.01)
    loss = k_loss(w)
    with pytest.warns(UserWarning, match='Keras 1'):
        updates = opt.get_updates([w['w2'], w['w4']],
                                  {w['w4']: lambda x: K.clip(x, -0.2, 0.2)}, loss)
    K.function([], [loss], updates=updates)([])
    expected, _, _ = np_train('adam', dict(lr=0.01), [{'w1': 0., 'w3': 0.}],
                              constraints={'w4': lambda x: np.clip(x, -0.2, 0.2)})
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL)
    assert np.max(np.abs(got['w4'])) <= 0.2


@pytest.mark.parametrize('form', sorted(KERAS2_CALLS))
def test_keras2_get_updates_forms_do_not_warn(form, recwarn):
    w = make_weights()
    opt = optimizers.SGD(lr=0.1)
    loss = k_loss(w)
    params = [w[n] for n in NAMES]
    updates = KERAS2_CALLS[form](opt, params, loss, {w['w2']: 0.5})
    assert not [r for r in recwarn if 'Keras 1' in str(r.message)]
    K.function([], [loss], updates=updates)([])
    mults = {'w2': 0.5} if 'multipliers' in form else {}
    expected, _, _ = np_train('sgd', dict(lr=0.1), [mults])
    got = values(w)
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL)


def test_get_updates_bad_calls():
    w = make_weights()
    opt = optimizers.SGD()
    loss = k_loss(w)
    with pytest.raises(TypeError, match="multiple values for argument 'loss'"):
        with pytest.warns(UserWarning):
            opt.get_updates([w['w2']], {}, loss, loss=loss)
    with pytest.raises(TypeError, match='at most 3'):
        with pytest.warns(UserWarning):
            opt.get_updates([w['w2']], {}, loss, None)


def test_get_updates_signature_is_keras2():
    params = list(inspect.signature(optimizers.Adam().get_updates).parameters)
    assert params[:3] == ['loss', 'params', 'multipliers']


def test_tf_optimizer_refuses_constraints():
    w = make_weights()
    opt = optimizers.TFOptimizer(tf.train.GradientDescentOptimizer(0.1))
    loss = k_loss(w)
    with pytest.warns(UserWarning, match='Keras 1'):
        with pytest.raises(ValueError, match='w2.*constraints|constraints.*w2'):
            opt.get_updates([w['w2']], {w['w2']: lambda x: x}, loss)


# ---------------------------------------------------------------------------
# deserialize (issue 8)
# ---------------------------------------------------------------------------

def test_deserialize_lowercases_class_name_in_callers_dict():
    config = {'class_name': 'Adam', 'config': {'lr': 0.5}}
    opt = optimizers.deserialize(config)
    assert isinstance(opt, optimizers.Adam)
    assert config == {'class_name': 'adam', 'config': {'lr': 0.5}}
    # Custom classes keep their name.

    class MyAdam(optimizers.Adam):
        pass

    custom = {'class_name': 'MyAdam', 'config': {}}
    assert isinstance(optimizers.deserialize(custom, custom_objects={'MyAdam': MyAdam}),
                      MyAdam)
    assert custom['class_name'] == 'MyAdam'


# ---------------------------------------------------------------------------
# User optimizers and multipliers (issue 10, item 8)
# ---------------------------------------------------------------------------

class PlainSGD(optimizers.Optimizer):
    """A user optimizer in the Keras 2 style: its own rule, no multipliers."""

    def __init__(self, lr=0.1, **kwargs):
        super(PlainSGD, self).__init__(**kwargs)
        self.lr = K.variable(lr)
        self.iterations = K.variable(0, dtype='int64')

    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        self.updates = [K.update_add(self.iterations, 1)]
        for p, g in zip(params, grads):
            self.updates.append(K.update(p, p - self.lr * g))
        return self.updates


class KwargsSGD(PlainSGD):
    """Takes **kwargs and ignores them: it would drop multipliers."""

    def get_updates(self, loss, params, **kwargs):
        return super(KwargsSGD, self).get_updates(loss, params)


class ForwardingAdam(optimizers.Adam):
    """Takes **kwargs and hands them to Adam: it applies multipliers."""
    applies_multipliers = True

    def get_updates(self, loss, params, **kwargs):
        return super(ForwardingAdam, self).get_updates(loss, params, **kwargs)


class ForwardingAdamChild(ForwardingAdam):
    """Overrides get_updates again without restating: not trusted."""

    def get_updates(self, loss, params, **kwargs):
        return super(ForwardingAdamChild, self).get_updates(loss, params)


def _model(multiplier):
    model = keras.models.Sequential([
        keras.layers.Dense(3, input_shape=(2,), name='d1',
                           W_learning_rate_multiplier=multiplier),
        keras.layers.Dense(1, name='d2')])
    return model


@pytest.mark.parametrize('cls', [PlainSGD, KwargsSGD, ForwardingAdamChild])
def test_optimizer_without_multipliers_parameter_refuses_them(cls):
    opt = cls()
    assert not multipliers_lib.accepts_multipliers(opt)
    model = _model(0.5)
    model.compile(opt, 'mse')
    x, y = np.ones((4, 2), 'float32'), np.ones((4, 1), 'float32')
    with pytest.raises(ValueError, match=r"d1/kernel.*applies_multipliers"):
        model.fit(x, y, epochs=1, verbose=0)
    # Without multipliers (or all 1) it trains.
    K.clear_session()
    model = _model(None)
    model.compile(cls(), 'mse')
    before = model.get_weights()
    model.fit(x, y, epochs=1, verbose=0)
    assert not np.array_equal(before[0], model.get_weights()[0])


def test_optimizer_stating_it_applies_multipliers_gets_them():
    opt = ForwardingAdam(lr=0.1)
    assert multipliers_lib.accepts_multipliers(opt)
    x, y = np.ones((4, 2), 'float32'), np.ones((4, 1), 'float32')
    model = _model(0.0)  # frozen kernel: the multipliers reach Adam
    model.compile(opt, 'mse')
    kernel_before = K.get_value(model.layers[0].kernel)
    model.fit(x, y, epochs=2, verbose=0)
    np.testing.assert_array_equal(K.get_value(model.layers[0].kernel), kernel_before)
    assert opt.slots_for(model.layers[0].kernel) == []
    assert len(opt.slots_for(model.layers[0].bias)) == 3


def test_gradients_are_gated_per_op():
    """The optimizer gates the gradients of each op (as the
    tf.compat.v1.train optimizers do): a convolution's filter gradient and
    its bias gradient read two gated copies of the incoming gradient, which
    keeps TensorFlow's oneDNN build from fusing them into its slower
    combined kernel. Values are those of ungated gradients (to rounding)."""
    from keras import backend as K
    from keras.layers import Conv2D, Flatten, Dense
    from keras.models import Sequential

    model = Sequential([Conv2D(2, (2, 2), input_shape=(4, 4, 1)), Flatten(),
                        Dense(1)])
    model.compile(optimizers.SGD(lr=0.1), 'mse')
    model._make_train_function()
    graph = K.get_session().graph
    conv = [op for op in graph.get_operations()
            if op.type == 'Conv2DBackpropFilter']
    bias = [op for op in graph.get_operations() if op.type == 'BiasAddGrad'
            and 'conv2d' in op.name]
    assert len(conv) == 1 and len(bias) == 1
    assert conv[0].inputs[2] is not bias[0].inputs[0]

    x = np.random.RandomState(0).rand(3, 4, 4, 1).astype('float32')
    y = np.ones((3, 1), 'float32')
    grads = K.function([model.inputs[0], model.targets[0],
                        model.sample_weights[0]],
                       model.optimizer.get_gradients(model.total_loss,
                                                     model.trainable_weights))
    plain = K.function([model.inputs[0], model.targets[0],
                        model.sample_weights[0]],
                       K.gradients(model.total_loss, model.trainable_weights))
    ins = [x, y, np.ones(3, 'float32')]
    # (Equal up to rounding: the ungated graph may run oneDNN's fused kernel.)
    for a, b in zip(grads(ins), plain(ins)):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
