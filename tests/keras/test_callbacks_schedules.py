"""Tests of the learning-rate schedule callbacks (CosineAnnealing,
LinearWarmup, OneCycle): the rate set at every batch or epoch against the
closed-form formulas in NumPy, the steps they give under SGD with momentum,
the product with the optimizer's time decay and with multipliers, and
their logs."""
import math

import numpy as np
import pytest

from keras import backend as K
from keras import callbacks
from keras import optimizers
from keras.layers import Dense
from keras.models import Input
from keras.models import Model

RNG = np.random.RandomState(1)
X = RNG.rand(24, 3).astype('float32')
Y = RNG.rand(24, 1).astype('float32')


def make_model(opt=None, lr=0.1, multiplier=None):
    inp = Input((3,))
    out = Dense(1, name='out', W_learning_rate_multiplier=multiplier)(inp)
    model = Model(inp, out)
    model.compile(opt or optimizers.SGD(lr=lr), 'mse')
    return model


class Probe(callbacks.Callback):
    """Records the optimizer's lr (and momentum-like variables) at the start
    of every batch, after the schedules (put it after them in the list)."""

    def __init__(self, names=('lr',)):
        super(Probe, self).__init__()
        self.names = names
        self.values = dict((n, []) for n in names)
        self.batch_logs = []

    def on_batch_begin(self, batch, logs=None):
        for name in self.names:
            self.values[name].append(
                float(K.get_value(getattr(self.model.optimizer, name))))

    def on_batch_end(self, batch, logs=None):
        self.batch_logs.append(dict(logs))


def cosine(t, period, mult, lo, hi):
    """SGDR's rate at (float) epoch t, computed independently."""
    start, length = 0., float(period)
    while t >= start + length - 1e-12:
        start += length
        length *= mult
    return lo + (hi - lo) * (1 + math.cos(math.pi * (t - start) / length)) / 2


# ---------------------------------------------------------------------------
# CosineAnnealing
# ---------------------------------------------------------------------------

def test_cosine_per_epoch_with_restarts_and_history():
    model = make_model(lr=0.4)
    sched = callbacks.CosineAnnealing(period=2, min_lr=0.01)
    probe = Probe()
    hist = model.fit(X, Y, epochs=7, batch_size=12, verbose=0,
                     callbacks=[sched, probe])
    expected = [0.01 + 0.39 * (1 + math.cos(math.pi * (e % 2) / 2)) / 2
                for e in range(7)]
    # Two batches per epoch, same rate within an epoch.
    np.testing.assert_allclose(probe.values['lr'], np.repeat(expected, 2),
                               rtol=1e-6)
    np.testing.assert_allclose(hist.history['lr'], expected, rtol=1e-6)
    assert expected[2] == pytest.approx(0.4)        # the restart
    # Per-epoch schedules leave the batch logs alone.
    assert 'lr' not in probe.batch_logs[0]


def test_cosine_per_batch_fractional_epochs_with_period_mult():
    model = make_model(lr=0.3)
    # 4 batches per epoch; cycles of 1, 2, 4 epochs; t = epoch + batch / 4.
    sched = callbacks.CosineAnnealing(period=1, period_mult=2, min_lr=0.,
                                      update='batch')
    probe = Probe()
    hist = model.fit(X, Y, epochs=8, batch_size=6, verbose=0,
                     callbacks=[sched, probe])
    t = np.arange(32) / 4.
    expected = [cosine(x, 1, 2, 0., 0.3) for x in t]
    np.testing.assert_allclose(probe.values['lr'], expected, rtol=1e-6, atol=1e-9)
    # The restarts are at epochs 1, 3 and 7.
    for epoch in (1, 3, 7):
        assert probe.values['lr'][4 * epoch] == pytest.approx(0.3)
    # Every batch's logs carry the rate of that batch; the epoch logs the
    # rate of the epoch's last batch.
    np.testing.assert_allclose([l['lr'] for l in probe.batch_logs], expected,
                               rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(hist.history['lr'], expected[3::4], rtol=1e-6,
                               atol=1e-9)


def test_cosine_non_integer_period_mult_and_cycle_at():
    sched = callbacks.CosineAnnealing(period=1.5, period_mult=1.5)
    # Cycles: [0, 1.5), [1.5, 3.75), [3.75, 7.125), ...
    assert sched.cycle_at(0) == (0, 0, 1.5)
    assert sched.cycle_at(1.5) == (1, 0, 2.25)
    index, elapsed, length = sched.cycle_at(5)
    assert (index, float(elapsed), float(length)) == (2, 1.25, 3.375)


def test_cosine_drives_sgd_momentum_steps_exactly():
    """Weights after fit equal a NumPy SGD-with-momentum run fed the
    closed-form rates: the schedule's rate is the step's rate, and the
    momentum buffer is kept across the changes."""
    model = make_model(opt=optimizers.SGD(lr=0.2, momentum=0.9))
    w0, b0 = [x.astype('float64') for x in model.get_weights()]
    sched = callbacks.CosineAnnealing(period=1.5, min_lr=0.02, update='batch')
    model.fit(X, Y, epochs=3, batch_size=8, shuffle=False, verbose=0,
              callbacks=[sched])
    w, b = w0.copy(), b0.copy()
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    x, y = X.astype('float64'), Y.astype('float64')
    for step in range(9):
        lr = cosine(step / 3., 1.5, 1, 0.02, 0.2)
        xb, yb = x[8 * (step % 3):8 * (step % 3 + 1)], y[8 * (step % 3):8 * (step % 3 + 1)]
        err = xb.dot(w) + b - yb
        gw = 2 * xb.T.dot(err) / len(xb)
        gb = 2 * err.mean(axis=0)
        vw = 0.9 * vw - lr * gw
        vb = 0.9 * vb - lr * gb
        w, b = w + vw, b + vb
    got_w, got_b = model.get_weights()
    np.testing.assert_allclose(got_w, w, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(got_b, b, rtol=1e-4, atol=1e-6)


def test_schedule_times_optimizer_decay_times_multiplier():
    """A weight steps with scheduled_lr / (1 + decay * iterations) * m."""
    decay = 0.5
    model = make_model(opt=optimizers.SGD(lr=0.1, decay=decay), multiplier=0.1)
    sched = callbacks.CosineAnnealing(period=4, min_lr=0.01, update='batch')
    seen = []

    class Steps(callbacks.Callback):
        def on_batch_begin(self, batch, logs=None):
            self.before = model.get_weights()
            self.rates = model.effective_learning_rates()

        def on_batch_end(self, batch, logs=None):
            seen.append((self.before, model.get_weights(), self.rates))

    model.fit(X, Y, epochs=2, batch_size=12, shuffle=False, verbose=0,
              callbacks=[sched, Steps()])
    x, y = X.astype('float64'), Y.astype('float64')
    for step, ((w, b), (w1, b1), rates) in enumerate(seen):
        lr = cosine(step / 2., 4, 1, 0.01, 0.1) / (1 + decay * step)
        xb, yb = x[12 * (step % 2):12 * (step % 2 + 1)], y[12 * (step % 2):12 * (step % 2 + 1)]
        err = xb.dot(w) + b - yb
        np.testing.assert_allclose(w1, w - 0.1 * lr * 2 * xb.T.dot(err) / 12,
                                   rtol=1e-4, atol=1e-7)
        np.testing.assert_allclose(b1, b - lr * 2 * err.mean(axis=0),
                                   rtol=1e-4, atol=1e-7)
        assert rates['out/kernel:0'] == pytest.approx(0.1 * lr, rel=1e-6)
        assert rates['out/bias:0'] == pytest.approx(lr, rel=1e-6)


def test_cosine_max_lr_is_kept_when_resuming():
    model = make_model(lr=0.5)
    sched = callbacks.CosineAnnealing(period=4)
    model.fit(X, Y, epochs=2, batch_size=24, verbose=0, callbacks=[sched])
    assert sched.initial_lr == pytest.approx(0.5)
    hist = model.fit(X, Y, epochs=4, initial_epoch=2, batch_size=24, verbose=0,
                     callbacks=[sched])
    np.testing.assert_allclose(
        hist.history['lr'],
        [0.5 * (1 + math.cos(math.pi * e / 4)) / 2 for e in (2, 3)], rtol=1e-6)


def test_a_new_optimizer_brings_its_own_max_lr():
    model = make_model(lr=0.5)
    sched = callbacks.CosineAnnealing(period=4)
    model.fit(X, Y, epochs=1, batch_size=24, verbose=0, callbacks=[sched])
    model.compile(optimizers.SGD(lr=0.2), 'mse')
    hist = model.fit(X, Y, epochs=2, batch_size=24, verbose=0, callbacks=[sched])
    assert sched.initial_lr == pytest.approx(0.2)
    np.testing.assert_allclose(
        hist.history['lr'], [0.2, 0.2 * (1 + math.cos(math.pi / 4)) / 2],
        rtol=1e-6)


def test_cosine_argument_errors():
    with pytest.raises(ValueError, match='period must be'):
        callbacks.CosineAnnealing(period=0)
    with pytest.raises(ValueError, match='period_mult must be >= 1'):
        callbacks.CosineAnnealing(period=1, period_mult=0.5)
    with pytest.raises(ValueError, match='min_lr'):
        callbacks.CosineAnnealing(period=1, min_lr=-1)
    with pytest.raises(ValueError, match='update must be'):
        callbacks.CosineAnnealing(period=1, update='step')
    model = make_model(lr=0.01)
    with pytest.raises(ValueError, match='below min_lr'):
        model.fit(X, Y, epochs=1, verbose=0,
                  callbacks=[callbacks.CosineAnnealing(period=1, min_lr=0.1)])


# ---------------------------------------------------------------------------
# LinearWarmup
# ---------------------------------------------------------------------------

def test_linear_warmup_in_steps():
    model = make_model(lr=0.2)
    sched = callbacks.LinearWarmup(steps=5, start_lr=0.02)
    probe = Probe()
    hist = model.fit(X, Y, epochs=3, batch_size=8, verbose=0,
                     callbacks=[sched, probe])
    expected = [0.02 + 0.18 * min(s, 5) / 5. for s in range(9)]
    np.testing.assert_allclose(probe.values['lr'], expected, rtol=1e-6)
    np.testing.assert_allclose(hist.history['lr'], expected[2::3], rtol=1e-6)


def test_linear_warmup_in_epochs_per_epoch():
    model = make_model(lr=0.3)
    sched = callbacks.LinearWarmup(epochs=2, target_lr=0.6, update='epoch')
    hist = model.fit(X, Y, epochs=4, batch_size=24, verbose=0, callbacks=[sched])
    np.testing.assert_allclose(hist.history['lr'], [0., 0.3, 0.6, 0.6],
                               rtol=1e-6)


def test_warmup_then_cosine():
    """Warm-up over 1.5 epochs, then SGDR from its maximum: the demo's
    "warmup/cosine"."""
    model = make_model(lr=0.4)
    cosine_part = callbacks.CosineAnnealing(period=2, period_mult=2, min_lr=0.04,
                                            update='batch')
    sched = callbacks.LinearWarmup(epochs=1.5, then=cosine_part)
    probe = Probe()
    model.fit(X, Y, epochs=6, batch_size=6, verbose=0, callbacks=[sched, probe])
    t = np.arange(24) / 4.
    expected = [0.4 * x / 1.5 if x < 1.5 else cosine(x - 1.5, 2, 2, 0.04, 0.4)
                for x in t]
    np.testing.assert_allclose(probe.values['lr'], expected, rtol=1e-6)
    assert probe.values['lr'][6] == pytest.approx(0.4)   # the cosine's start


def test_warmup_then_per_epoch_cosine():
    model = make_model(lr=0.4)
    sched = callbacks.LinearWarmup(
        steps=2, then=callbacks.CosineAnnealing(period=2, update='epoch'))
    probe = Probe()
    model.fit(X, Y, epochs=4, batch_size=8, verbose=0, callbacks=[sched, probe])
    # 3 batches per epoch; the warm-up ends after 2/3 of an epoch; the cosine
    # then moves in whole epochs counted from there.
    expected = []
    for s in range(12):
        if s < 2:
            expected.append(0.4 * s / 2.)
        else:
            e = math.floor((s - 2) / 3.)
            expected.append(0.4 * (1 + math.cos(math.pi * (e % 2) / 2)) / 2)
    np.testing.assert_allclose(probe.values['lr'], expected, rtol=1e-6, atol=1e-9)


def test_linear_warmup_argument_errors():
    with pytest.raises(ValueError, match='either epochs or steps'):
        callbacks.LinearWarmup()
    with pytest.raises(ValueError, match='either epochs or steps'):
        callbacks.LinearWarmup(epochs=1, steps=3)
    with pytest.raises(ValueError, match='per batch'):
        callbacks.LinearWarmup(steps=3, update='epoch')
    with pytest.raises(ValueError, match='integer'):
        callbacks.LinearWarmup(steps=2.5)
    with pytest.raises(TypeError, match='schedule callback'):
        callbacks.LinearWarmup(steps=3, then=callbacks.History())


def test_per_batch_schedule_needs_the_number_of_batches():
    model = make_model()
    sched = callbacks.LinearWarmup(steps=3)
    sched.set_model(model)
    sched.set_params({'epochs': 1, 'steps': None, 'samples': None})
    with pytest.raises(ValueError, match='steps_per_epoch'):
        sched.on_train_begin()


# ---------------------------------------------------------------------------
# OneCycle
# ---------------------------------------------------------------------------

def one_cycle(n, max_lr, pct, div, final_div, moms=(0.95, 0.85), linear=False):
    """fastai/PyTorch-style one-cycle rates and momenta for steps 0..n-1."""
    lrs, ms = [], []
    k = pct * (n - 1)
    low, final = max_lr / div, max_lr / div / final_div

    def anneal(a, b, f):
        return b + (a - b) * (1 + np.cos(np.pi * f)) / 2

    for s in range(n):
        if s <= k:
            f = s / k
            lrs.append(low + (max_lr - low) * f if linear else anneal(low, max_lr, f))
            ms.append(moms[0] + (moms[1] - moms[0]) * f if linear
                      else anneal(moms[0], moms[1], f))
        else:
            f = (s - k) / (n - 1 - k)
            lrs.append(anneal(max_lr, final, f))
            ms.append(anneal(moms[1], moms[0], f))
    return np.array(lrs), np.array(ms)


def test_one_cycle_with_adam_cycles_beta_1():
    model = make_model(opt=optimizers.Adam(lr=1e-3))
    sched = callbacks.OneCycle(max_lr=0.05, pct_start=0.25)
    probe = Probe(('lr', 'beta_1'))
    hist = model.fit(X, Y, epochs=5, batch_size=6, verbose=0,
                     callbacks=[sched, probe])
    lrs, ms = one_cycle(20, 0.05, 0.25, 25., 1e4)
    np.testing.assert_allclose(probe.values['lr'], lrs, rtol=1e-6)
    np.testing.assert_allclose(probe.values['beta_1'], ms, rtol=1e-6)
    assert probe.values['lr'][0] == pytest.approx(0.05 / 25)
    # The peak is at step 0.25 * 19 = 4.75: steps 4 and 5 are either side.
    assert np.argmax(probe.values['lr']) == 5
    assert 0.0499 < max(probe.values['lr']) < 0.05
    assert probe.values['lr'][-1] == pytest.approx(0.05 / 25 / 1e4)
    np.testing.assert_allclose(hist.history['lr'], lrs[3::4], rtol=1e-6)
    np.testing.assert_allclose(hist.history['beta_1'], ms[3::4], rtol=1e-6)
    np.testing.assert_allclose([l['beta_1'] for l in probe.batch_logs], ms,
                               rtol=1e-6)


def test_one_cycle_sgd_momentum_linear_rise_and_steps():
    """SGD with momentum: the rate and the momentum of every step are the
    one-cycle ones (checked through the weights, re-derived in NumPy)."""
    model = make_model(opt=optimizers.SGD(lr=0.1, momentum=0.5))
    w0, b0 = [x.astype('float64') for x in model.get_weights()]
    sched = callbacks.OneCycle(epochs=2, pct_start=0.4, div_factor=10.,
                               final_div_factor=100., warmup_shape='linear')
    probe = Probe(('lr', 'momentum'))
    # fit runs 3 epochs: the third is past the cycle and keeps its end.
    model.fit(X, Y, epochs=3, batch_size=8, shuffle=False, verbose=0,
              callbacks=[sched, probe])
    lrs, ms = one_cycle(6, 0.1, 0.4, 10., 100., linear=True)
    lrs = np.concatenate([lrs, [0.1 / 10 / 100] * 3])
    ms = np.concatenate([ms, [0.95] * 3])
    np.testing.assert_allclose(probe.values['lr'], lrs, rtol=1e-6)
    np.testing.assert_allclose(probe.values['momentum'], ms, rtol=1e-6)
    w, b = w0.copy(), b0.copy()
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    x, y = X.astype('float64'), Y.astype('float64')
    for step in range(9):
        sl = slice(8 * (step % 3), 8 * (step % 3 + 1))
        err = x[sl].dot(w) + b - y[sl]
        vw = ms[step] * vw - lrs[step] * 2 * x[sl].T.dot(err) / 8
        vb = ms[step] * vb - lrs[step] * 2 * err.mean(axis=0)
        w, b = w + vw, b + vb
    np.testing.assert_allclose(model.get_weights()[0], w, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(model.get_weights()[1], b, rtol=1e-4, atol=1e-6)


def test_one_cycle_leaves_optimizers_without_momentum_alone():
    for make_opt, name in ((lambda: optimizers.SGD(lr=0.1), 'momentum'),
                           (lambda: optimizers.RMSprop(lr=0.01), None)):
        opt = make_opt()
        model = make_model(opt=opt)
        sched = callbacks.OneCycle(update='epoch')
        hist = model.fit(X, Y, epochs=4, batch_size=24, verbose=0,
                         callbacks=[sched])
        lrs, _ = one_cycle(4, float(sched.initial_lr), 0.3, 25., 1e4)
        np.testing.assert_allclose(hist.history['lr'], lrs, rtol=1e-6)
        assert 'momentum' not in hist.history and 'beta_1' not in hist.history
        if name:
            assert K.get_value(opt.momentum) == 0.
        K.clear_session()


def test_one_cycle_argument_errors():
    with pytest.raises(ValueError, match='pct_start'):
        callbacks.OneCycle(pct_start=1.5)
    with pytest.raises(ValueError, match='momentums'):
        callbacks.OneCycle(momentums=(0.9,))
    with pytest.raises(ValueError, match='warmup_shape'):
        callbacks.OneCycle(warmup_shape='exp')
    with pytest.raises(ValueError, match='div_factor'):
        callbacks.OneCycle(div_factor=0)


def test_schedule_needs_an_optimizer_lr():
    import tensorflow.compat.v1 as tf
    inp = Input((3,))
    model = Model(inp, Dense(1)(inp))
    model.compile(tf.train.GradientDescentOptimizer(0.1), 'mse')
    with pytest.raises(ValueError, match='no `lr`'):
        model.fit(X, Y, epochs=1, verbose=0,
                  callbacks=[callbacks.CosineAnnealing(period=1)])


def test_verbose_prints_the_rate(capsys):
    model = make_model(lr=0.2)
    model.fit(X, Y, epochs=2, batch_size=24, verbose=0,
              callbacks=[callbacks.CosineAnnealing(period=2, verbose=1)])
    out = capsys.readouterr().out
    assert 'Epoch 00001: CosineAnnealing setting learning rate to 0.2' in out
    assert 'Epoch 00002: CosineAnnealing setting learning rate to 0.1' in out
