"""Tests of TensorBoard's fine-tuning diagnostics: the effective learning
rate per multiplier group and the update-to-weight ratio per kernel, read
back from the event files with TensorFlow's own reader
(``tf.compat.v1.train.summary_iterator``) and compared with NumPy
computations on weights captured during training."""
import collections
import glob
import os

import numpy as np
import pytest
import tensorflow.compat.v1 as tf

from keras import backend as K
from keras import callbacks
from keras import optimizers
from keras.layers import Dense
from keras.layers import Input
from keras.models import Model

RNG = np.random.RandomState(3)
X = RNG.rand(16, 3).astype('float32')
Y = RNG.rand(16, 2).astype('float32')


def make_model(lr=0.1, decay=0.):
    backbone_in = Input((3,))
    backbone = Model(backbone_in,
                     Dense(5, name='slow', W_learning_rate_multiplier=0.1,
                           b_learning_rate_multiplier=0.1)(backbone_in),
                     name='backbone')
    x = Input((3,))
    h = Dense(3, name='frozen', learning_rate_multipliers=0.)(x)
    h = backbone(h)
    model = Model(x, Dense(2, name='head')(h))
    model.compile(optimizers.SGD(lr=lr, decay=decay), 'mse')
    return model


def read_events(log_dir):
    """{tag: [(step, value or proto)]} from every event file of log_dir."""
    out = collections.defaultdict(list)
    descriptions = {}
    for path in sorted(glob.glob(os.path.join(log_dir, 'events.out.tfevents*'))):
        for event in tf.train.summary_iterator(path):
            for value in event.summary.value:
                kind = value.WhichOneof('value')
                out[value.tag].append(
                    (event.step, value.simple_value if kind == 'simple_value'
                     else value.histo if kind == 'histo' else None))
                if value.metadata.summary_description:
                    descriptions[value.tag] = value.metadata.summary_description
    return out, descriptions


class Recorder(callbacks.Callback):
    """Captures the kernels and `iterations` at train begin and at the end
    of every epoch (or every `every` batches)."""

    def __init__(self, names, every=None):
        super(Recorder, self).__init__()
        self.names = names
        self.every = every
        self.snapshots = []
        self.batches = 0

    def _kernels(self):
        model = self.model
        layers = {'frozen': model.get_layer('frozen'),
                  'backbone/slow': model.get_layer('backbone').get_layer('slow'),
                  'head': model.get_layer('head')}
        return dict((n, K.get_value(layers[n].kernel)) for n in self.names)

    def _snap(self):
        self.snapshots.append(
            (int(K.get_value(self.model.optimizer.iterations)), self._kernels()))

    def on_train_begin(self, logs=None):
        self._snap()

    def on_batch_end(self, batch, logs=None):
        self.batches += 1
        if self.every and self.batches % self.every == 0:
            self._snap()

    def on_epoch_end(self, epoch, logs=None):
        if not self.every:
            self._snap()


def ratio(a, b):
    return np.linalg.norm(b - a) / np.linalg.norm(a)


NAMES = ('frozen', 'backbone/slow', 'head')


def test_per_epoch_rates_and_update_ratios(tmpdir):
    log_dir = str(tmpdir.join('tb'))
    model = make_model(lr=0.2, decay=0.05)
    tb = callbacks.TensorBoard(log_dir=log_dir, write_graph=False,
                               write_learning_rates=True,
                               write_update_ratios=True,
                               update_ratio_histograms=True)
    rec = Recorder(NAMES)
    model.fit(X, Y, epochs=3, batch_size=4, verbose=0, callbacks=[tb, rec])
    events, descriptions = read_events(log_dir)
    # Effective rate of the last step of each epoch (step 4e + 3), per group.
    for tag, multiplier in (('lr/x1', 1.), ('lr/x0.1', 0.1), ('lr/x0', 0.)):
        steps = [s for s, _ in events[tag]]
        values = [v for _, v in events[tag]]
        assert steps == [0, 1, 2], tag
        expected = [0.2 / (1 + 0.05 * (4 * e + 3)) * multiplier for e in range(3)]
        np.testing.assert_allclose(values, expected, rtol=1e-6, err_msg=tag)
    assert 'backbone/slow' in descriptions['lr/x0.1']
    assert 'frozen' in descriptions['lr/x0']
    assert 'head' in descriptions['lr/x1']
    # The update-to-weight ratio over each epoch, from the captured kernels.
    for name in NAMES:
        values = [v for _, v in events['update_ratio/%s/kernel' % name]]
        expected = [ratio(rec.snapshots[e][1][name], rec.snapshots[e + 1][1][name])
                    for e in range(3)]
        np.testing.assert_allclose(values, expected, rtol=1e-5, err_msg=name)
    assert [v for _, v in events['update_ratio/frozen/kernel']] == [0., 0., 0.]
    assert all(v > 0 for _, v in events['update_ratio/head/kernel'])
    # Histograms: one ratio per output unit of the kernel.
    (step, histo), = events['update_ratio_hist/backbone/slow/kernel'][:1]
    old, new = rec.snapshots[0][1]['backbone/slow'], rec.snapshots[1][1]['backbone/slow']
    per_unit = np.linalg.norm(new - old, axis=0) / np.linalg.norm(old, axis=0)
    assert step == 0 and histo.num == 5
    np.testing.assert_allclose(histo.sum, per_unit.sum(), rtol=1e-5)
    np.testing.assert_allclose(histo.min, per_unit.min(), rtol=1e-5)
    np.testing.assert_allclose(histo.max, per_unit.max(), rtol=1e-5)
    assert sum(histo.bucket) == 5
    # The usual epoch scalars are still written.
    assert [s for s, _ in events['loss']] == [0, 1, 2]


def test_every_n_batches_and_console(tmpdir, capsys):
    log_dir = str(tmpdir.join('tb'))
    model = make_model(lr=0.1)
    tb = callbacks.TensorBoard(log_dir=log_dir, write_graph=False,
                               write_update_ratios=True,
                               write_learning_rates=True,
                               diagnostics_freq=3, diagnostics_verbose=1)
    rec = Recorder(NAMES, every=3)
    # 4 batches per epoch, 2 epochs: diagnostics after steps 3 and 6.
    model.fit(X, Y, epochs=2, batch_size=4, verbose=0, callbacks=[tb, rec])
    events, _ = read_events(log_dir)
    assert [s for s, _ in events['lr/x1']] == [3, 6]
    np.testing.assert_allclose([v for _, v in events['lr/x0.1']], [0.01, 0.01],
                               rtol=1e-6)
    values = [v for _, v in events['update_ratio/head/kernel']]
    snaps = rec.snapshots
    assert [s for s, _ in snaps] == [0, 3, 6]
    expected = [ratio(snaps[i][1]['head'], snaps[i + 1][1]['head']) for i in range(2)]
    np.testing.assert_allclose(values, expected, rtol=1e-5)
    out = capsys.readouterr().out
    assert 'Step 3: learning rates and update/weight ratios' in out
    assert 'lr/x0.1' in out and '(backbone/slow)' in out
    assert 'update_ratio/head/kernel' in out
    assert '%.4e' % expected[1] in out
    # No epoch-end diagnostics in this mode.
    assert 'Epoch 1:' not in out


def test_diagnostics_follow_a_schedule(tmpdir):
    """The rate written is the one the schedule set for the last step."""
    log_dir = str(tmpdir.join('tb'))
    model = make_model(lr=0.4)
    sched = callbacks.CosineAnnealing(period=4, min_lr=0.)
    tb = callbacks.TensorBoard(log_dir=log_dir, write_graph=False,
                               write_learning_rates=True)
    model.fit(X, Y, epochs=3, batch_size=8, verbose=0, callbacks=[sched, tb])
    events, _ = read_events(log_dir)
    expected = [0.4 * (1 + np.cos(np.pi * e / 4)) / 2 for e in range(3)]
    np.testing.assert_allclose([v for _, v in events['lr/x1']], expected, rtol=1e-6)
    np.testing.assert_allclose([v for _, v in events['lr/x0.1']],
                               np.multiply(expected, 0.1), rtol=1e-6)


def test_off_by_default(tmpdir):
    log_dir = str(tmpdir.join('tb'))
    model = make_model()
    tb = callbacks.TensorBoard(log_dir=log_dir, write_graph=False)
    model.fit(X, Y, epochs=2, batch_size=8, verbose=0, callbacks=[tb])
    events, _ = read_events(log_dir)
    assert not [t for t in events if t.startswith(('lr/', 'update_ratio'))]
    assert set(events) == {'loss'}
    assert not hasattr(tb, '_kernels')


def test_bad_diagnostics_freq():
    for bad in (0, -1, 'batch', 1.5, True):
        with pytest.raises(ValueError, match='diagnostics_freq'):
            callbacks.TensorBoard(diagnostics_freq=bad)


def test_learning_rates_need_an_optimizer_lr(tmpdir):
    x = Input((3,))
    model = Model(x, Dense(2)(x))
    model.compile(tf.train.GradientDescentOptimizer(0.1), 'mse')
    tb = callbacks.TensorBoard(log_dir=str(tmpdir.join('tb')),
                               write_learning_rates=True)
    with pytest.raises(ValueError, match='optimizer with an `lr`'):
        model.fit(X, Y, epochs=1, verbose=0, callbacks=[tb])
    # Update ratios alone work with any optimizer.
    tb = callbacks.TensorBoard(log_dir=str(tmpdir.join('tb2')),
                               write_update_ratios=True)
    model.fit(X, Y, epochs=1, verbose=0, callbacks=[tb])
    events, _ = read_events(str(tmpdir.join('tb2')))
    kernel = [t for t in events if t.startswith('update_ratio/')]
    assert len(kernel) == 1 and events[kernel[0]][0][1] > 0
