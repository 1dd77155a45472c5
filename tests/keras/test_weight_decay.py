"""Weight decay of the optimizers (decoupled and coupled) with learning-rate
and decay multipliers, checked against NumPy re-derivations (the reference
update rules are `np_train` of test_optimizers.py)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import numpy as np
import pytest
import tensorflow.compat.v1 as tf

from keras import backend as K
from keras import multipliers as multipliers_lib
from keras import optimizers

from test_optimizers import (ATOL, CONFIGS, IDS, INIT, MULTS, NAMES, RTOL,
                             STEPS, k_loss, kind_of, make_weights, np_config,
                             np_grads, np_train, train, values)

WD = 0.1
# w1 is frozen by its learning-rate multiplier (0) and so not decayed
# either; w3 is not decayed (decay multiplier 0); w4 is not in the dict
# (decay multiplier 1).
DECAY_MULTS = {'w1': 1.0, 'w2': 0.5, 'w3': 0.0}
MODES = [True, False]
MODE_IDS = ['decoupled', 'coupled']


@pytest.fixture(autouse=True)
def fresh_graph():
    K.clear_session()
    yield
    K.clear_session()


def train_decay(opt, w, mults, decay_mults, steps=STEPS):
    loss = k_loss(w)
    params = [w[n] for n in NAMES]
    updates = opt.get_updates(
        loss, params, multipliers={w[n]: v for n, v in mults.items()},
        decay_multipliers=(None if decay_mults is None else
                           {w[n]: v for n, v in decay_mults.items()}))
    f = K.function([], [loss], updates=updates)
    return [float(f([])[0]) for _ in range(steps)]


def trained(make_optimizer, mults, decay_mults):
    """The weights after STEPS steps, in a new graph, of the optimizer
    `make_optimizer()` with these multipliers and decay multipliers."""
    K.clear_session()
    w = make_weights()
    train_decay(make_optimizer(), w, mults, decay_mults)
    return values(w)


def assert_weights(got, expected, name=''):
    for n in NAMES:
        np.testing.assert_allclose(got[n], expected[n], rtol=RTOL, atol=ATOL,
                                   err_msg='%s: weight %s' % (name, n))


# ---------------------------------------------------------------------------
# Every optimizer, both modes, against NumPy
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('decoupled', MODES, ids=MODE_IDS)
@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_weight_decay_matches_numpy(name, cls, config, decoupled):
    # Coupled decay goes through the adaptive normalizations (Adam's first
    # steps are about sign(g) whatever its size): a factor that changes signs.
    wd = WD if decoupled else 20.0
    w = make_weights()
    opt = cls(weight_decay=wd, decoupled=decoupled, **config)
    losses = train_decay(opt, w, MULTS, DECAY_MULTS)
    expected, expected_losses, _ = np_train(
        kind_of(name), np_config(name, config), [MULTS] * STEPS,
        weight_decay=wd, decoupled=decoupled, decay_mults=DECAY_MULTS)
    got = values(w)
    assert_weights(got, expected, name)
    np.testing.assert_allclose(losses, expected_losses, rtol=RTOL, atol=ATOL)
    # Frozen by its learning-rate multiplier: not decayed either.
    np.testing.assert_array_equal(got['w1'], INIT['w1'])
    # The decay did something: without it the weights differ by more than
    # the tolerance above (so a missing decay fails the test).
    plain, _, _ = np_train(kind_of(name), np_config(name, config), [MULTS] * STEPS)
    for n in ('w2', 'w4'):
        assert not np.allclose(plain[n], expected[n], rtol=RTOL, atol=ATOL), n


@pytest.mark.parametrize('decoupled', MODES, ids=MODE_IDS)
@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_weight_decay_without_decay_multipliers_decays_everything(
        name, cls, config, decoupled):
    w = make_weights()
    train_decay(cls(weight_decay=WD, decoupled=decoupled, **config), w, {}, None)
    expected, _, _ = np_train(kind_of(name), np_config(name, config), [{}] * STEPS,
                              weight_decay=WD, decoupled=decoupled)
    assert_weights(values(w), expected, name)


@pytest.mark.parametrize('decoupled', MODES, ids=MODE_IDS)
@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_weight_decay_with_constraints(name, cls, config, decoupled):
    w = make_weights({'w2': lambda x: x * 0.9,
                      'w4': lambda x: K.clip(x, -0.2, 0.2)})
    train_decay(cls(weight_decay=WD, decoupled=decoupled, **config), w, MULTS,
                DECAY_MULTS)
    expected, _, _ = np_train(
        kind_of(name), np_config(name, config), [MULTS] * STEPS,
        constraints={'w2': lambda x: x * 0.9, 'w4': lambda x: np.clip(x, -0.2, 0.2)},
        weight_decay=WD, decoupled=decoupled, decay_mults=DECAY_MULTS)
    got = values(w)
    assert_weights(got, expected, name)
    assert np.max(np.abs(got['w4'])) <= 0.2


@pytest.mark.parametrize('decoupled', MODES, ids=MODE_IDS)
def test_decoupled_decay_follows_the_learning_rate_a_schedule_sets(decoupled):
    w = make_weights()
    opt = optimizers.SGD(lr=0.1, momentum=0.5, weight_decay=WD, decoupled=decoupled)
    loss = k_loss(w)
    f = K.function([], [loss], updates=opt.get_updates(
        loss, [w[n] for n in NAMES], multipliers={w['w2']: 0.5},
        decay_multipliers={w['w3']: 2.0}))
    for lr in (0.1, 0.02, 0.3):
        K.set_value(opt.lr, lr)
        f([])
    expected, _, _ = np_train('sgd', dict(lr=0.1, momentum=0.5), [{'w2': 0.5}] * 3,
                              lr_per_step=[0.1, 0.02, 0.3], weight_decay=WD,
                              decoupled=decoupled, decay_mults={'w3': 2.0})
    assert_weights(values(w), expected)


def test_decoupled_adam_is_not_bias_corrected():
    """AdamW's decay uses lr, not Adam's bias-corrected step size: with
    zero gradients the moments stay 0 and only the decay moves the weight,
    by exactly (1 - lr * weight_decay) per step."""
    p = K.variable(np.array([1., -2., 3.], 'float32'))
    loss = K.sum(K.stop_gradient(p) * 0.) + K.sum(p * 0.)
    opt = optimizers.Adam(lr=0.01, weight_decay=0.5)
    f = K.function([], [loss], updates=opt.get_updates(loss, [p]))
    for _ in range(3):
        f([])
    np.testing.assert_allclose(K.get_value(p), np.array([1., -2., 3.]) * (1 - 0.005) ** 3,
                               rtol=1e-6)


def test_coupled_sgd_equals_an_l2_penalty_in_the_loss():
    """Coupled decay is L2: SGD(weight_decay=c, decoupled=False) steps as SGD
    on loss + c / 2 * sum(p**2)."""
    coupled = trained(lambda: optimizers.SGD(lr=0.05, momentum=0.9, weight_decay=WD,
                                             decoupled=False), {}, None)
    K.clear_session()
    w = make_weights()
    loss = k_loss(w) + WD / 2. * sum(K.sum(K.square(w[n])) for n in NAMES)
    opt = optimizers.SGD(lr=0.05, momentum=0.9)
    f = K.function([], [loss], updates=opt.get_updates(loss, [w[n] for n in NAMES]))
    for _ in range(STEPS):
        f([])
    penalized = values(w)
    for n in NAMES:
        np.testing.assert_allclose(coupled[n], penalized[n], rtol=1e-6, atol=1e-7)


def _sgd_clipping_the_decay_too(lr, clipnorm, weight_decay, mults, decay_mults):
    """Plain SGD where the decay term would be clipped with the gradient
    (the order this package does not use)."""
    w = {n: INIT[n].astype('float64') for n in NAMES}
    trained = [n for n in NAMES if mults.get(n) != 0.0]
    for _ in range(STEPS):
        g = np_grads(w)
        g = {n: g[n] + weight_decay * decay_mults.get(n, 1.0) * w[n] for n in trained}
        norm = np.sqrt(sum(np.sum(g[n] ** 2) for n in trained))
        factor = clipnorm / norm if norm >= clipnorm else 1.
        for n in trained:
            w[n] = w[n] - lr * mults.get(n, 1.0) * g[n] * factor
    return w


@pytest.mark.parametrize('name,cls,config', [CONFIGS[0], CONFIGS[1], CONFIGS[6]],
                         ids=['sgd', 'sgd_momentum', 'adam'])
def test_coupled_decay_is_added_after_clipping(name, cls, config):
    """clipnorm clips the gradient of the loss; the decay term is added to
    the clipped gradient (Caffe's order), so it is not clipped itself."""
    w = make_weights()
    train_decay(cls(clipnorm=0.5, weight_decay=1.0, decoupled=False, **config),
                w, MULTS, DECAY_MULTS)
    expected, _, _ = np_train(kind_of(name), config, [MULTS] * STEPS, clipnorm=0.5,
                              weight_decay=1.0, decoupled=False,
                              decay_mults=DECAY_MULTS)
    got = values(w)
    assert_weights(got, expected, name)
    if name == 'sgd':
        # Clipping the decay with the gradient gives other numbers.
        other = _sgd_clipping_the_decay_too(config['lr'], 0.5, 1.0, MULTS, DECAY_MULTS)
        assert not np.allclose(other['w2'], got['w2'], rtol=RTOL, atol=ATOL)


def test_decay_multiplier_scales_weight_decay():
    """Decay multiplier d with weight_decay c decays as weight_decay c * d."""
    scaled = trained(lambda: optimizers.Adam(lr=0.01, weight_decay=0.2), {},
                     dict((n, 0.25) for n in NAMES))
    direct = trained(lambda: optimizers.Adam(lr=0.01, weight_decay=0.05), {}, None)
    for n in NAMES:
        np.testing.assert_allclose(scaled[n], direct[n], rtol=1e-6, atol=1e-7)


# ---------------------------------------------------------------------------
# Off by default: no op, Keras 2.2.4's numbers and configs
# ---------------------------------------------------------------------------

def _graph_ops_of_update(opt, mults=None, decay_mults=None):
    w = make_weights()
    loss = k_loss(w)
    before = len(tf.get_default_graph().get_operations())
    kwargs = {}
    if decay_mults is not None:
        kwargs['decay_multipliers'] = {w[n]: v for n, v in decay_mults.items()}
    opt.get_updates(loss, [w[n] for n in NAMES],
                    multipliers={w[n]: v for n, v in (mults or {}).items()}, **kwargs)
    return [op.type for op in tf.get_default_graph().get_operations()[before:]]


@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_no_weight_decay_adds_no_op(name, cls, config):
    plain = _graph_ops_of_update(cls(**config), MULTS)
    K.clear_session()
    zero = _graph_ops_of_update(cls(weight_decay=0., **config), MULTS, DECAY_MULTS)
    K.clear_session()
    all_zero = _graph_ops_of_update(cls(weight_decay=WD, **config), MULTS,
                                    {n: 0. for n in NAMES})
    assert zero == plain and all_zero == plain
    K.clear_session()
    # With decay on: one fused kernel per decayed weight (w2, w4), one read
    # of each, one rate (a constant times the learning rate) per
    # (multiplier, decay) pair; no other kernel.
    on = _graph_ops_of_update(cls(weight_decay=WD, **config), MULTS, DECAY_MULTS)
    added = list(on)
    for op in plain:
        added.remove(op)
    assert sorted(added) == sorted(['ResourceApplyGradientDescent', 'ReadVariableOp',
                                    'Const', 'Mul'] * 2), added
    K.clear_session()
    coupled = _graph_ops_of_update(cls(weight_decay=WD, decoupled=False, **config),
                                   MULTS, DECAY_MULTS)
    added = list(coupled)
    for op in plain:
        added.remove(op)
    assert sorted(added) == sorted(['Const', 'ReadVariableOp', 'Mul', 'AddV2'] * 2), added


@pytest.mark.parametrize('name,cls,config', CONFIGS, ids=IDS)
def test_no_weight_decay_gives_identical_numbers(name, cls, config):
    w = make_weights()
    train(cls(**config), w, MULTS)
    plain = values(w)
    zero = trained(lambda: cls(weight_decay=0., decoupled=False, **config),
                   MULTS, DECAY_MULTS)
    off = trained(lambda: cls(weight_decay=WD, **config), MULTS,
                  dict((n, 0) for n in NAMES))
    for n in NAMES:
        np.testing.assert_array_equal(plain[n], zero[n])
        np.testing.assert_array_equal(plain[n], off[n])


KERAS224_CONFIG_KEYS = {
    optimizers.SGD: ['decay', 'lr', 'momentum', 'nesterov'],
    optimizers.RMSprop: ['decay', 'epsilon', 'lr', 'rho'],
    optimizers.Adagrad: ['decay', 'epsilon', 'lr'],
    optimizers.Adadelta: ['decay', 'epsilon', 'lr', 'rho'],
    optimizers.Adam: ['amsgrad', 'beta_1', 'beta_2', 'decay', 'epsilon', 'lr'],
    optimizers.Adamax: ['beta_1', 'beta_2', 'decay', 'epsilon', 'lr'],
    optimizers.Nadam: ['beta_1', 'beta_2', 'epsilon', 'lr', 'schedule_decay'],
}


@pytest.mark.parametrize('cls', sorted(KERAS224_CONFIG_KEYS, key=lambda c: c.__name__),
                         ids=lambda c: c.__name__)
def test_config_has_weight_decay_only_when_on(cls):
    assert sorted(cls().get_config()) == KERAS224_CONFIG_KEYS[cls]
    assert sorted(cls(weight_decay=0., decoupled=False).get_config()) == \
        KERAS224_CONFIG_KEYS[cls]
    on = cls(weight_decay=1e-4, decoupled=False, clipnorm=2.).get_config()
    assert on['weight_decay'] == 1e-4 and on['decoupled'] is False
    clone = cls.from_config(on)
    assert clone.weight_decay == 1e-4 and clone.decoupled is False
    assert clone.get_config() == on
    again = optimizers.deserialize(optimizers.serialize(cls(weight_decay=3e-4)))
    assert again.weight_decay == 3e-4 and again.decoupled is True


def test_bad_weight_decay_arguments_name_the_optimizer():
    with pytest.raises(ValueError, match=r"Optimizer 'SGD': weight_decay must be >= 0"):
        optimizers.SGD(weight_decay=-0.1)
    with pytest.raises(ValueError, match=r"'Adam': weight_decay must be a finite"):
        optimizers.Adam(weight_decay=float('nan'))
    with pytest.raises(TypeError, match=r"'Nadam': weight_decay must be a real number"):
        optimizers.Nadam(weight_decay='1e-4')
    with pytest.raises(TypeError, match=r"'RMSprop': decoupled must be True"):
        optimizers.RMSprop(weight_decay=0.1, decoupled='yes')
    with pytest.raises(TypeError, match='weight_decay, decoupled'):
        optimizers.Adagrad(wd=0.1)


def test_bad_decay_multiplier_names_the_weight():
    w = make_weights()
    opt = optimizers.SGD(weight_decay=0.1)
    with pytest.raises(ValueError, match=r"Weight 'w2.*decay multiplier must be >= 0"):
        opt.get_updates(k_loss(w), [w[n] for n in NAMES],
                        decay_multipliers={w['w2']: -1.})
    with pytest.raises(TypeError, match=r"Weight 'w3.*decay multiplier"):
        opt.get_updates(k_loss(w), [w[n] for n in NAMES],
                        decay_multipliers={w['w3']: 'x'})


def test_get_updates_keeps_calling_get_gradients():
    """Horovod's DistributedOptimizer overrides get_gradients (to average the
    gradients): weight decay must not bypass it."""
    w = make_weights()
    opt = optimizers.Adam(lr=0.01, weight_decay=WD, decoupled=False)
    original = opt.get_gradients
    seen = []

    def averaged(loss, params):
        seen.append(list(params))
        return [g * 0.5 for g in original(loss, params)]

    opt.get_gradients = averaged
    train_decay(opt, w, MULTS, DECAY_MULTS, steps=1)
    assert [p.name for p in seen[0]] == [w[n].name for n in ('w2', 'w3', 'w4')]


def test_get_updates_signature_has_decay_multipliers_second():
    import inspect
    params = list(inspect.signature(optimizers.SGD().get_updates).parameters)
    assert params[:4] == ['loss', 'params', 'multipliers', 'decay_multipliers']
    assert multipliers_lib.accepts_multipliers(optimizers.SGD(), 'decay_multipliers')
