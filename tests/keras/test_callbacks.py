"""Tests of keras.callbacks."""
import csv
import os
import sys
import types

import numpy as np
import pytest

from keras import backend as K
from keras import callbacks
from keras import optimizers
from keras.layers import Dense
from keras.models import Input
from keras.models import Model

RNG = np.random.RandomState(0)
X = RNG.rand(20, 3).astype('float32')
Y = RNG.rand(20, 1).astype('float32')


def make_model(lr=0.01, opt=None):
    inp = Input((3,))
    out = Dense(1, name='out')(inp)
    model = Model(inp, out)
    model.compile(opt or optimizers.SGD(lr=lr), 'mse', metrics=['mae'])
    return model


class FixedLogs(callbacks.Callback):
    """Replaces the epoch logs' values with scripted ones (to drive the
    monitoring callbacks deterministically). Must come first in the list."""

    def __init__(self, values, key='val_loss'):
        super(FixedLogs, self).__init__()
        self.values = values
        self.key = key

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = self.values[epoch]


def test_callback_base_and_list_order():
    calls = []

    class Rec(callbacks.Callback):
        def __init__(self, tag):
            super(Rec, self).__init__()
            self.tag = tag

        def on_train_begin(self, logs=None):
            calls.append((self.tag, 'train_begin'))

        def on_epoch_begin(self, epoch, logs=None):
            calls.append((self.tag, 'epoch_begin', epoch))

        def on_batch_end(self, batch, logs=None):
            calls.append((self.tag, 'batch_end', batch, logs['size']))

        def on_train_end(self, logs=None):
            calls.append((self.tag, 'train_end'))

    model = make_model()
    a, b = Rec('a'), Rec('b')
    model.fit(X, Y, batch_size=15, epochs=1, verbose=0, callbacks=[a, b])
    assert calls == [('a', 'train_begin'), ('b', 'train_begin'),
                     ('a', 'epoch_begin', 0), ('b', 'epoch_begin', 0),
                     ('a', 'batch_end', 0, 15), ('b', 'batch_end', 0, 15),
                     ('a', 'batch_end', 1, 5), ('b', 'batch_end', 1, 5),
                     ('a', 'train_end'), ('b', 'train_end')]
    assert a.model is model
    assert a.params['epochs'] == 1 and a.params['batch_size'] == 15
    assert a.params['metrics'] == ['loss', 'mean_absolute_error']
    cl = callbacks.CallbackList([a])
    cl.append(b)
    assert list(cl) == [a, b]


def test_base_logger_averages_by_batch_size():
    cb = callbacks.BaseLogger(stateful_metrics=['s'])
    cb.set_params({'metrics': ['loss', 's']})
    cb.on_epoch_begin(0)
    cb.on_batch_end(0, {'size': 3, 'loss': 1., 's': 5.})
    cb.on_batch_end(1, {'size': 1, 'loss': 5., 's': 7.})
    logs = {}
    cb.on_epoch_end(0, logs)
    assert logs == {'loss': 2., 's': 7.}


def test_history_contents():
    model = make_model(lr=0.)
    hist = model.fit(X, Y, batch_size=20, epochs=3, verbose=0,
                     validation_data=(X, Y))
    assert isinstance(hist, callbacks.History)
    assert hist.epoch == [0, 1, 2]
    assert model.history is hist
    loss = model.evaluate(X, Y, verbose=0)
    for key, value in zip(['loss', 'mean_absolute_error'], loss):
        np.testing.assert_allclose(hist.history[key], [value] * 3, rtol=1e-5)
        np.testing.assert_allclose(hist.history['val_' + key], [value] * 3,
                                   rtol=1e-5)


def test_early_stopping_patience_and_restore():
    model = make_model()
    weights = []

    class Perturb(callbacks.Callback):
        # Makes the weights of each epoch distinguishable.
        def on_epoch_end(self, epoch, logs=None):
            w = [np.full_like(v, epoch) for v in model.get_weights()]
            model.set_weights(w)
            weights.append(w)

    stop = callbacks.EarlyStopping(monitor='val_loss', patience=2,
                                   restore_best_weights=True)
    hist = model.fit(X, Y, epochs=10, verbose=0,
                     callbacks=[Perturb(), FixedLogs([5, 3, 4, 4, 1, 0, 0, 0, 0, 0]),
                                stop])
    # Best at epoch 1, no improvement in 2 and 3: stop after epoch 3.
    assert hist.epoch == [0, 1, 2, 3]
    assert stop.stopped_epoch == 3
    for w in model.get_weights():
        np.testing.assert_array_equal(w, np.full_like(w, 1.))


def test_early_stopping_min_delta_mode_and_baseline():
    model = make_model()
    stop = callbacks.EarlyStopping(monitor='val_acc', min_delta=0.1, patience=1)
    hist = model.fit(X, Y, epochs=10, verbose=0,
                     callbacks=[FixedLogs([0.5, 0.55, 0.7, 0.75, 0.9] * 2,
                                          key='val_acc'), stop])
    # 'acc' -> maximize; +0.05 is below min_delta: stops at epoch 1.
    assert hist.epoch == [0, 1]
    stop = callbacks.EarlyStopping(monitor='val_loss', baseline=1.0, patience=2)
    hist = model.fit(X, Y, epochs=10, verbose=0,
                     callbacks=[FixedLogs([2., 1.5, 0.5, 0.4, 3, 3, 3, 3, 3, 3]),
                                stop])
    assert hist.epoch == [0, 1]
    with pytest.warns(RuntimeWarning, match='not available'):
        model.fit(X, Y, epochs=1, verbose=0,
                  callbacks=[callbacks.EarlyStopping(monitor='nope')])


def test_model_checkpoint_formatting_and_best_only(tmpdir):
    model = make_model()
    saved = []
    model.save = lambda path, overwrite=True: saved.append(('model', path))
    model.save_weights = lambda path, overwrite=True: saved.append(('w', path))
    pattern = os.path.join(str(tmpdir), 'm.{epoch:02d}-{val_loss:.1f}.h5')
    cb = callbacks.ModelCheckpoint(pattern, save_best_only=True)
    model.fit(X, Y, epochs=4, verbose=0,
              callbacks=[FixedLogs([3., 2., 2.5, 1.]), cb])
    assert [os.path.basename(p) for _, p in saved] == [
        'm.01-3.0.h5', 'm.02-2.0.h5', 'm.04-1.0.h5']
    assert all(kind == 'model' for kind, _ in saved)
    del saved[:]
    cb = callbacks.ModelCheckpoint(pattern, save_weights_only=True, period=2)
    model.fit(X, Y, epochs=4, verbose=0,
              callbacks=[FixedLogs([3., 2., 2.5, 1.]), cb])
    assert [os.path.basename(p) for _, p in saved] == ['m.02-2.0.h5',
                                                      'm.04-1.0.h5']
    assert all(kind == 'w' for kind, _ in saved)
    del saved[:]
    cb = callbacks.ModelCheckpoint(pattern, monitor='val_acc', mode='auto',
                                   save_best_only=True)
    model.fit(X, Y, epochs=3, verbose=0,
              callbacks=[FixedLogs([0.5, 0.4, 0.6], 'val_acc'),
                         FixedLogs([1., 1., 1.]), cb])
    assert len(saved) == 2  # epochs 1 and 3 improve accuracy


def test_model_checkpoint_writes_real_file(tmpdir):
    from keras.engine import saving
    if not hasattr(saving, 'save_weights_to_hdf5_group'):
        pytest.skip('keras.engine.saving not available yet')
    model = make_model()
    path = os.path.join(str(tmpdir), 'w.{epoch}.h5')
    model.fit(X, Y, epochs=2, verbose=0,
              callbacks=[callbacks.ModelCheckpoint(path, save_weights_only=True)])
    assert os.path.exists(path.format(epoch=1))
    assert os.path.exists(path.format(epoch=2))
    expected = model.get_weights()
    other = make_model()
    other.load_weights(path.format(epoch=2))
    for a, b in zip(other.get_weights(), expected):
        np.testing.assert_array_equal(a, b)


def test_csv_logger(tmpdir):
    path = os.path.join(str(tmpdir), 'log.csv')
    model = make_model(lr=0.)
    hist = model.fit(X, Y, epochs=2, verbose=0, validation_data=(X, Y),
                     callbacks=[callbacks.CSVLogger(path)])
    with open(path) as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == ['epoch', 'loss', 'mean_absolute_error',
                                    'val_loss', 'val_mean_absolute_error']
    assert [r['epoch'] for r in rows] == ['0', '1']
    np.testing.assert_allclose([float(r['val_loss']) for r in rows],
                               hist.history['val_loss'], rtol=1e-5)
    # Append mode: no second header.
    model.fit(X, Y, epochs=1, verbose=0, validation_data=(X, Y),
              callbacks=[callbacks.CSVLogger(path, separator=',', append=True)])
    with open(path) as f:
        lines = f.read().splitlines()
    assert len(lines) == 4 and lines[0].startswith('epoch,')
    # Custom separator.
    path2 = os.path.join(str(tmpdir), 'log2.csv')
    model.fit(X, Y, epochs=1, verbose=0,
              callbacks=[callbacks.CSVLogger(path2, separator=';')])
    with open(path2) as f:
        assert f.readline().strip() == 'epoch;loss;mean_absolute_error'


def test_learning_rate_scheduler():
    model = make_model(lr=0.5)
    seen = []

    class ReadLR(callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            seen.append(float(K.get_value(model.optimizer.lr)))

    sched = callbacks.LearningRateScheduler(lambda epoch: 1.0 / (epoch + 1))
    hist = model.fit(X, Y, epochs=3, verbose=0, callbacks=[sched, ReadLR()])
    np.testing.assert_allclose(seen, [1., 0.5, 1. / 3], rtol=1e-6)
    np.testing.assert_allclose(hist.history['lr'], [1., 0.5, 1. / 3], rtol=1e-6)
    # New API: schedule(epoch, lr).
    sched = callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    model.fit(X, Y, epochs=2, verbose=0, callbacks=[sched])
    np.testing.assert_allclose(K.get_value(model.optimizer.lr), 1. / 12,
                               rtol=1e-6)
    with pytest.raises(ValueError, match='float'):
        model.fit(X, Y, epochs=1, verbose=0,
                  callbacks=[callbacks.LearningRateScheduler(lambda e: 'x')])


def test_learning_rate_scheduler_changes_sgd_step():
    model = make_model(lr=0.)
    before = model.get_weights()
    model.fit(X, Y, epochs=1, verbose=0, batch_size=20,
              callbacks=[callbacks.LearningRateScheduler(lambda e: 0.)])
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    model.fit(X, Y, epochs=1, verbose=0, batch_size=20,
              callbacks=[callbacks.LearningRateScheduler(lambda e: 0.1)])
    assert not np.allclose(before[0], model.get_weights()[0])


def test_reduce_lr_on_plateau():
    model = make_model(lr=1.)
    cb = callbacks.ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=1,
                                     min_delta=0., cooldown=1, min_lr=0.2)
    hist = model.fit(X, Y, epochs=6, verbose=0,
                     callbacks=[FixedLogs([1., 1., 1., 1., 1., 1.]), cb])
    # lr is recorded before the reduction of that epoch. The cooldown counter
    # is decremented before the comparison, so cooldown=1 does not skip an
    # epoch here. Epoch 0: best. 1: wait 1 -> 0.5. 2: cooldown ends, wait 1
    # -> 0.25. 3: -> max(0.125, min_lr) = 0.2. 4, 5: already at min_lr.
    np.testing.assert_allclose(hist.history['lr'], [1., 1., .5, .25, .2, .2],
                               rtol=1e-6)
    np.testing.assert_allclose(K.get_value(model.optimizer.lr), 0.2, rtol=1e-6)
    with pytest.raises(ValueError, match='factor'):
        callbacks.ReduceLROnPlateau(factor=1.5)
    with pytest.warns(UserWarning, match='epsilon'):
        cb = callbacks.ReduceLROnPlateau(epsilon=0.3)
    assert cb.min_delta == 0.3


def test_terminate_on_nan():
    model = make_model(lr=1e30)
    x = X * 1e10
    hist = model.fit(x, Y, epochs=5, batch_size=2, verbose=0,
                     callbacks=[callbacks.TerminateOnNaN()])
    assert len(hist.epoch) == 1
    assert not np.isfinite(hist.history['loss'][0])


def test_lambda_callback():
    events = []
    cb = callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: events.append(('eb', epoch)),
        on_train_end=lambda logs: events.append('end'),
        extra=3)
    assert cb.extra == 3
    model = make_model()
    model.fit(X, Y, epochs=2, verbose=0, callbacks=[cb])
    assert events == [('eb', 0), ('eb', 1), 'end']


def test_progbar_logger_modes(capsys):
    with pytest.raises(ValueError, match='count_mode'):
        callbacks.ProgbarLogger('bogus')
    model = make_model()
    model.fit(X, Y, epochs=1, batch_size=5, verbose=1)
    out = capsys.readouterr().out
    assert 'Epoch 1/1' in out and '20/20' in out and 'loss:' in out


def test_remote_monitor(monkeypatch):
    posted = []
    fake = types.ModuleType('requests')
    fake.post = lambda url, *args, **kwargs: posted.append((url, args, kwargs))
    fake.exceptions = types.SimpleNamespace(RequestException=IOError)
    monkeypatch.setitem(sys.modules, 'requests', fake)
    model = make_model()
    model.fit(X, Y, epochs=1, verbose=0,
              callbacks=[callbacks.RemoteMonitor(root='http://h:1', path='/p')])
    url, args, kwargs = posted[0]
    assert url == 'http://h:1/p'
    import json
    sent = json.loads(args[0]['data'])
    assert sent['epoch'] == 0 and 'loss' in sent
    model.fit(X, Y, epochs=1, verbose=0,
              callbacks=[callbacks.RemoteMonitor(send_as_json=True)])
    assert posted[1][2]['json']['epoch'] == 0


def test_tensorboard_writes_events(tmpdir):
    log_dir = str(tmpdir.join('tb'))
    model = make_model()
    tb = callbacks.TensorBoard(log_dir=log_dir, histogram_freq=1,
                               write_grads=True, write_images=True,
                               update_freq='batch')
    model.fit(X, Y, epochs=2, batch_size=10, verbose=0,
              validation_data=(X, Y), callbacks=[tb])
    files = os.listdir(log_dir)
    assert any(f.startswith('events.out.tfevents') for f in files)
    size = sum(os.path.getsize(os.path.join(log_dir, f)) for f in files)
    assert size > 0
    with pytest.raises(ValueError, match='validation_data'):
        K.clear_session()
        model = make_model()
        model.fit(X, Y, epochs=1, verbose=0,
                  callbacks=[callbacks.TensorBoard(log_dir=log_dir,
                                                   histogram_freq=1)])
    with pytest.warns(UserWarning, match='embeddings'):
        callbacks.TensorBoard(log_dir=log_dir, embeddings_freq=1)


def test_reexports():
    from keras.utils.generic_utils import Progbar
    from keras.engine.training_utils import standardize_input_data
    assert callbacks.Progbar is Progbar
    assert callbacks.standardize_input_data is standardize_input_data
