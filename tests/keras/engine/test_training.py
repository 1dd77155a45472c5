"""Tests of Model: compile, fit/evaluate/predict, batch methods, metric
names, weights, and the learning-rate multipliers of the train function."""
import numpy as np
import pytest

from keras import backend as K
from keras import callbacks
from keras import multipliers
from keras import optimizers
from keras.layers import Dense
from keras.layers import Dropout
from keras.models import Input
from keras.models import Model
from keras.models import Sequential


def linear_model(units=1, input_dim=3, **dense_kwargs):
    inp = Input((input_dim,), name='x')
    out = Dense(units, name='out', **dense_kwargs)(inp)
    return Model(inp, out)


def set_dense(model, name, kernel, bias):
    model.get_layer(name).set_weights([np.asarray(kernel, 'float32'),
                                       np.asarray(bias, 'float32')])


def data(n=20, input_dim=3, units=1, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.rand(n, input_dim).astype('float32')
    y = rng.rand(n, units).astype('float32')
    return x, y


# ---------------------------------------------------------------------------
# compile and metric names
# ---------------------------------------------------------------------------

def test_metric_names_single_output():
    model = linear_model()
    model.compile('sgd', 'mse', metrics=['mae', 'acc'])
    assert model.metrics_names == ['loss', 'mean_absolute_error', 'acc']
    model.compile('sgd', 'mse', metrics=['accuracy'], weighted_metrics=['acc'])
    assert model.metrics_names == ['loss', 'acc', 'weighted_acc']


def test_metric_names_multi_output_and_dedup():
    inp = Input((3,))
    a = Dense(2, name='a', activation='softmax')(inp)
    b = Dense(1, name='b', activation='sigmoid')(inp)
    model = Model(inp, [a, b])
    model.compile('sgd', ['categorical_crossentropy', 'binary_crossentropy'],
                  metrics={'a': ['acc', 'acc'], 'b': 'acc'})
    assert model.metrics_names == ['loss', 'a_loss', 'b_loss', 'a_acc',
                                   'a_acc_1', 'b_acc']


def test_accuracy_resolution():
    from keras import metrics as M
    inp = Input((3,))
    one = Dense(1, name='one')(inp)
    cat = Dense(3, name='cat')(inp)
    sparse = Dense(3, name='sparse')(inp)
    bce = Dense(3, name='bce')(inp)
    model = Model(inp, [one, cat, sparse, bce])
    model.compile('sgd', {'one': 'mse', 'cat': 'categorical_crossentropy',
                          'sparse': 'sparse_categorical_crossentropy',
                          'bce': 'binary_crossentropy'})
    assert model._resolve_class_metric(0, 'acc') is M.binary_accuracy
    assert model._resolve_class_metric(1, 'acc') is M.categorical_accuracy
    assert model._resolve_class_metric(2, 'acc') is M.sparse_categorical_accuracy
    assert model._resolve_class_metric(3, 'accuracy') is M.binary_accuracy
    assert model._resolve_class_metric(1, 'ce') is M.categorical_crossentropy


def test_compile_argument_errors():
    inp = Input((3,))
    model = Model(inp, [Dense(1, name='a')(inp), Dense(1, name='b')(inp)])
    with pytest.raises(ValueError, match='Unknown entry in loss dictionary'):
        model.compile('sgd', {'c': 'mse'})
    with pytest.raises(ValueError, match='one entry per model output'):
        model.compile('sgd', ['mse'])
    with pytest.raises(ValueError, match='loss_weights'):
        model.compile('sgd', 'mse', loss_weights={'zzz': 1.})
    with pytest.raises(ValueError, match='loss_weights'):
        model.compile('sgd', 'mse', loss_weights=[1.])
    with pytest.raises(ValueError, match='Unknown output name'):
        model.compile('sgd', 'mse', metrics={'zzz': 'mae'})
    with pytest.raises(ValueError, match='sample_weight_mode'):
        model.compile('sgd', 'mse', sample_weight_mode={'zzz': 'temporal'})
    with pytest.raises(RuntimeError, match='compile'):
        linear_model().fit(*data(), verbose=0)


def test_loss_dict_with_missing_output_warns_and_skips_target():
    inp = Input((3,))
    # 'b' gets no loss, so its weights get no gradient: freeze them.
    b = Dense(1, name='b', trainable=False)(inp)
    model = Model(inp, [Dense(1, name='a')(inp), b])
    with pytest.warns(UserWarning, match='missing from loss dictionary'):
        model.compile('sgd', {'a': 'mse'})
    x, y = data()
    assert model._feed_output_names == ['a']
    outs = model.train_on_batch(x, y)
    assert model.metrics_names == ['loss', 'a_loss']
    assert len(outs) == 2 and outs[0] == outs[1]


# ---------------------------------------------------------------------------
# losses, weights: values checked against NumPy
# ---------------------------------------------------------------------------

def test_evaluate_and_predict_values():
    model = linear_model()
    model.compile('sgd', 'mse', metrics=['mae'])
    kernel = np.array([[1.], [-2.], [0.5]])
    set_dense(model, 'out', kernel, [0.25])
    x, y = data(n=37)
    pred = x.dot(kernel) + 0.25
    np.testing.assert_allclose(model.predict(x, batch_size=8), pred, rtol=1e-5)
    np.testing.assert_allclose(model.predict_on_batch(x), pred, rtol=1e-5)
    loss, mae = model.evaluate(x, y, batch_size=8, verbose=0)
    np.testing.assert_allclose(loss, np.mean((pred - y) ** 2), rtol=1e-5)
    np.testing.assert_allclose(mae, np.mean(np.abs(pred - y)), rtol=1e-5)
    loss, mae = model.test_on_batch(x, y)
    np.testing.assert_allclose(loss, np.mean((pred - y) ** 2), rtol=1e-5)


def test_sample_weight_loss_matches_numpy():
    model = linear_model()
    model.compile('sgd', 'mse')
    kernel = np.array([[0.3], [0.1], [-0.4]])
    set_dense(model, 'out', kernel, [0.])
    x, y = data(n=10)
    w = np.array([0, 1, 2, 3, 0, 1, 2, 3, 4, 0], dtype='float32')
    per_sample = np.mean((x.dot(kernel) - y) ** 2, axis=1)
    expected = np.mean(per_sample * w) / np.mean(w != 0)
    got = model.evaluate(x, y, sample_weight=w, batch_size=10, verbose=0)
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_class_weight_loss_in_fit_matches_numpy():
    inp = Input((3,))
    out = Dense(3, activation='softmax', name='out')(inp)
    model = Model(inp, out)
    model.compile(optimizers.SGD(lr=0.), 'categorical_crossentropy')
    rng = np.random.RandomState(1)
    kernel = rng.randn(3, 3).astype('float32')
    set_dense(model, 'out', kernel, np.zeros(3))
    x = rng.rand(12, 3).astype('float32')
    labels = np.arange(12) % 3
    y = np.eye(3, dtype='float32')[labels]
    class_weight = {0: 1., 1: 3., 2: 0.5}
    logits = x.dot(kernel)
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    ce = -np.log(p[np.arange(12), labels])
    w = np.array([class_weight[c] for c in labels])
    expected = np.mean(ce * w) / np.mean(w != 0)
    hist = model.fit(x, y, batch_size=12, epochs=2, class_weight=class_weight,
                     verbose=0)
    np.testing.assert_allclose(hist.history['loss'], [expected] * 2, rtol=1e-4)
    got = model.train_on_batch(x, y, class_weight=class_weight)
    np.testing.assert_allclose(got, expected, rtol=1e-4)
    with pytest.raises(ValueError, match='class_weight'):
        model.train_on_batch(x, y, class_weight={0: 1., 1: 1.})


def test_multi_input_multi_output_loss_weights_and_dicts():
    a_in = Input((2,), name='a_in')
    b_in = Input((3,), name='b_in')
    from keras.layers import concatenate
    merged = concatenate([a_in, b_in])
    o1 = Dense(1, name='o1')(merged)
    o2 = Dense(2, name='o2')(b_in)
    model = Model([a_in, b_in], [o1, o2])
    model.compile(optimizers.SGD(lr=0.), loss={'o1': 'mse', 'o2': 'mae'},
                  loss_weights={'o1': 2., 'o2': 0.5}, metrics={'o2': ['mse']})
    assert model.metrics_names == ['loss', 'o1_loss', 'o2_loss',
                                   'o2_mean_squared_error']
    rng = np.random.RandomState(2)
    k1 = rng.randn(5, 1)
    k2 = rng.randn(3, 2)
    set_dense(model, 'o1', k1, [0.1])
    set_dense(model, 'o2', k2, [0., 0.2])
    xa = rng.rand(9, 2).astype('float32')
    xb = rng.rand(9, 3).astype('float32')
    y1 = rng.rand(9, 1).astype('float32')
    y2 = rng.rand(9, 2).astype('float32')
    p1 = np.concatenate([xa, xb], 1).dot(k1) + 0.1
    p2 = xb.dot(k2) + [0., 0.2]
    l1 = np.mean((p1 - y1) ** 2)
    l2 = np.mean(np.abs(p2 - y2))
    m2 = np.mean((p2 - y2) ** 2)
    outs = model.evaluate({'a_in': xa, 'b_in': xb}, {'o1': y1, 'o2': y2},
                          batch_size=4, verbose=0)
    np.testing.assert_allclose(outs, [2 * l1 + 0.5 * l2, l1, l2, m2], rtol=1e-5)
    outs = model.train_on_batch([xa, xb], [y1, y2])
    np.testing.assert_allclose(outs, [2 * l1 + 0.5 * l2, l1, l2, m2], rtol=1e-5)
    preds = model.predict([xa, xb], batch_size=5)
    np.testing.assert_allclose(preds[0], p1, rtol=1e-5)
    np.testing.assert_allclose(preds[1], p2, rtol=1e-5)


def test_regularization_loss_added_to_total():
    from keras import regularizers
    model = linear_model(kernel_regularizer=regularizers.l2(0.1))
    model.compile('sgd', 'mse')
    kernel = np.array([[1.], [2.], [3.]])
    set_dense(model, 'out', kernel, [0.])
    x, y = data(n=5)
    expected = np.mean((x.dot(kernel) - y) ** 2) + 0.1 * np.sum(kernel ** 2)
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), expected,
                               rtol=1e-5)


# ---------------------------------------------------------------------------
# fit variants
# ---------------------------------------------------------------------------

def test_fit_sgd_step_matches_numpy():
    model = linear_model()
    lr = 0.1
    model.compile(optimizers.SGD(lr=lr), 'mse')
    kernel = np.array([[0.5], [-0.5], [1.]], dtype='float64')
    bias = np.array([0.2])
    set_dense(model, 'out', kernel, bias)
    x, y = data(n=8)
    # Two batches of 4, no shuffle: two plain gradient steps.
    for start in (0, 4):
        xb, yb = x[start:start + 4], y[start:start + 4]
        err = xb.dot(kernel) + bias - yb
        kernel = kernel - lr * 2 * xb.T.dot(err) / 4
        bias = bias - lr * 2 * err.mean(axis=0)
    model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    new_kernel, new_bias = model.get_layer('out').get_weights()
    np.testing.assert_allclose(new_kernel, kernel, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(new_bias, bias, rtol=1e-5, atol=1e-6)


def test_fit_validation_split_and_data_history():
    model = linear_model()
    model.compile(optimizers.SGD(lr=0.), 'mse', metrics=['mae'])
    x, y = data(n=20)
    hist = model.fit(x, y, batch_size=5, epochs=2, validation_split=0.25,
                     verbose=0)
    assert sorted(hist.history) == ['loss', 'mean_absolute_error', 'val_loss',
                                    'val_mean_absolute_error']
    assert hist.epoch == [0, 1]
    assert hist.params['samples'] == 15
    assert hist.params['do_validation']
    pred = model.predict(x)
    np.testing.assert_allclose(hist.history['val_loss'][0],
                               np.mean((pred[15:] - y[15:]) ** 2), rtol=1e-5)
    np.testing.assert_allclose(hist.history['loss'][0],
                               np.mean((pred[:15] - y[:15]) ** 2), rtol=1e-5)
    w = np.arange(6, dtype='float32')
    hist = model.fit(x, y, batch_size=5, epochs=1, verbose=0,
                     validation_data=(x[:6], y[:6], w))
    per = np.mean((pred[:6] - y[:6]) ** 2, axis=1)
    # Validation runs in batches of 5 and 1; each batch normalizes by its
    # own fraction of non-zero weights, and batches are averaged by size.
    b1 = np.mean(per[:5] * w[:5]) / np.mean(w[:5] != 0)
    b2 = per[5] * w[5]
    np.testing.assert_allclose(hist.history['val_loss'][0],
                               (5 * b1 + b2) / 6., rtol=1e-5)
    with pytest.raises(ValueError, match='validation_data'):
        model.fit(x, y, validation_data=(x,), verbose=0)


def test_fit_initial_epoch_and_verbose_modes(capsys):
    model = linear_model()
    model.compile('sgd', 'mse')
    x, y = data(n=10)
    hist = model.fit(x, y, epochs=4, initial_epoch=2, verbose=2)
    assert hist.epoch == [2, 3]
    out = capsys.readouterr().out
    assert 'Epoch 3/4' in out and 'Epoch 4/4' in out and 'Epoch 1/4' not in out
    assert out.count('loss:') == 2
    model.fit(x, y, epochs=1, verbose=1, batch_size=5)
    assert '10/10' in capsys.readouterr().out
    model.fit(x, y, epochs=1, verbose=0)
    assert capsys.readouterr().out == ''


def test_fit_shuffle_modes_visit_every_sample_once():
    model = linear_model()
    model.compile('sgd', 'mse')
    x, y = data(n=23)
    x[:, 0] = np.arange(23)
    seen = []

    class Record(callbacks.Callback):
        def on_batch_begin(self, batch, logs=None):
            seen.append(logs['size'])

    for shuffle in (True, False, 'batch'):
        del seen[:]
        np.random.seed(0)
        model.fit(x, y, batch_size=5, epochs=1, shuffle=shuffle, verbose=0,
                  callbacks=[Record()])
        assert seen == [5, 5, 5, 5, 3]


def test_batch_shuffle_keeps_batches_together():
    from keras.engine.training_utils import batch_shuffle
    np.random.seed(3)
    out = batch_shuffle(np.arange(23), 5)
    assert sorted(out.tolist()) == list(range(23))
    assert out[-3:].tolist() == [20, 21, 22]
    for start in range(0, 20, 5):
        chunk = out[start:start + 5]
        assert chunk[0] % 5 == 0 and chunk.tolist() == list(range(chunk[0], chunk[0] + 5))


def test_fit_with_steps_per_epoch_on_tensors():
    x, y = data(n=8)
    inp = Input(tensor=K.constant(x))
    out = Dense(1, name='out')(inp)
    model = Model(inp, out)
    model.compile(optimizers.SGD(lr=0.), 'mse', target_tensors=[K.constant(y)])
    kernel = np.array([[1.], [2.], [3.]])
    set_dense(model, 'out', kernel, [0.])
    hist = model.fit(steps_per_epoch=3, epochs=2, verbose=0)
    expected = np.mean((x.dot(kernel) - y) ** 2)
    np.testing.assert_allclose(hist.history['loss'], [expected] * 2, rtol=1e-5)
    assert hist.params['steps'] == 3
    np.testing.assert_allclose(model.evaluate(steps=2, verbose=0), expected,
                               rtol=1e-5)
    with pytest.raises(ValueError, match='steps_per_epoch'):
        model.fit(verbose=0)


def test_nb_epoch_legacy_and_unknown_kwargs():
    model = linear_model()
    model.compile('sgd', 'mse')
    x, y = data()
    with pytest.warns(UserWarning, match='epochs'):
        hist = model.fit(x, y, nb_epoch=2, verbose=0)
    assert hist.epoch == [0, 1]
    with pytest.raises(TypeError, match='Unrecognized'):
        model.fit(x, y, bogus=1, verbose=0)


def test_input_validation_errors():
    model = linear_model()
    model.compile('sgd', 'mse')
    x, y = data(n=10)
    with pytest.raises(ValueError, match='expected x to have shape'):
        model.fit(np.zeros((10, 4)), y, verbose=0)
    with pytest.raises(ValueError, match='same number of samples'):
        model.fit(x, y[:9], verbose=0)
    with pytest.raises(ValueError, match='expected 1 array|Expected to see 1'):
        model.fit([x, x], y, verbose=0)
    with pytest.raises(ValueError, match='No data provided for "x"'):
        model.fit({'zzz': x}, y, verbose=0)
    with pytest.raises(ValueError, match='sample_weight'):
        model.fit(x, y, sample_weight=np.ones((10, 2)), verbose=0)
    cat = Sequential([Dense(3, input_shape=(3,), activation='softmax')])
    cat.compile('sgd', 'categorical_crossentropy')
    with pytest.raises(ValueError, match=r'expected dense_\d+ to have shape'):
        cat.fit(x, np.zeros((10, 1)), verbose=0)


def test_sparse_categorical_targets_and_1d_inputs():
    model = Sequential([Dense(4, input_shape=(3,), activation='softmax')])
    model.compile('sgd', 'sparse_categorical_crossentropy', metrics=['acc'])
    x, _ = data(n=12)
    labels = np.arange(12) % 4
    loss, acc = model.evaluate(x, labels, verbose=0)
    p = model.predict(x)
    np.testing.assert_allclose(loss, -np.mean(np.log(p[np.arange(12), labels])),
                               rtol=1e-5)
    np.testing.assert_allclose(acc, np.mean(p.argmax(1) == labels))


def test_learning_phase_dropout_model_trains_and_predicts_deterministically():
    inp = Input((3,))
    out = Dense(1)(Dropout(0.5)(Dense(8)(inp)))
    model = Model(inp, out)
    model.compile('sgd', 'mse')
    x, y = data()
    model.fit(x, y, epochs=1, verbose=0, validation_split=0.2)
    np.testing.assert_allclose(model.predict(x), model.predict(x))


def test_temporal_sample_weight_mode():
    inp = Input((4, 2))
    out = Dense(1, name='td')(inp)  # applied to the last axis
    model = Model(inp, out)
    model.compile(optimizers.SGD(lr=0.), 'mse', sample_weight_mode='temporal')
    rng = np.random.RandomState(5)
    x = rng.rand(3, 4, 2).astype('float32')
    y = rng.rand(3, 4, 1).astype('float32')
    w = rng.randint(0, 3, size=(3, 4)).astype('float32')
    w[0, 0] = 1.
    kernel, bias = model.get_layer('td').get_weights()
    pred = x.dot(kernel) + bias
    per = np.mean((pred - y) ** 2, axis=-1)
    expected = np.mean(per * w) / np.mean(w != 0)
    np.testing.assert_allclose(model.train_on_batch(x, y, sample_weight=w),
                               expected, rtol=1e-5)


def test_subclassed_model_compiles_on_first_fit():
    class Sub(Model):
        def __init__(self):
            super(Sub, self).__init__(name='sub')
            self.dense = Dense(1, name='d')

        def call(self, inputs):
            return self.dense(inputs)

    model = Sub()
    model.compile(optimizers.SGD(lr=0.), 'mse')
    x, y = data(n=6)
    hist = model.fit(x, y, batch_size=6, epochs=1, verbose=0)
    kernel, bias = model.dense.get_weights()
    np.testing.assert_allclose(hist.history['loss'][0],
                               np.mean((x.dot(kernel) + bias - y) ** 2),
                               rtol=1e-5)


# ---------------------------------------------------------------------------
# multipliers and the train function
# ---------------------------------------------------------------------------

def two_layer_model(**first_kwargs):
    inp = Input((3,))
    h = Dense(4, name='d1', **first_kwargs)(inp)
    out = Dense(1, name='d2')(h)
    return Model(inp, out)


def test_model_multipliers_property_and_rules():
    model = two_layer_model(W_learning_rate_multiplier=0.5)
    d1 = model.get_layer('d1')
    assert model.multipliers == {d1.kernel: 0.5}
    model.set_learning_rate_multipliers({'d2': 0.})
    d2 = model.get_layer('d2')
    assert model.multipliers == {d1.kernel: 0.5, d2.kernel: 0., d2.bias: 0.}
    with pytest.raises(ValueError, match='match no layer'):
        model.set_learning_rate_multipliers({'nothing*': 1.})


def test_nested_model_multipliers_merge():
    inner = two_layer_model(learning_rate_multipliers=0.1)
    inp = Input((3,))
    out = Dense(1, name='head', learning_rate_multipliers=2.)(inner(inp))
    outer = Model(inp, out)
    mults = outer.multipliers
    d1 = inner.get_layer('d1')
    head = outer.get_layer('head')
    assert mults[d1.kernel] == 0.1 and mults[d1.bias] == 0.1
    assert mults[head.kernel] == 2.
    assert inner.get_layer('d2').kernel not in mults


def test_multiplier_scales_sgd_step_in_fit():
    lr = 0.1
    model = two_layer_model(learning_rate_multipliers=0.25)
    model.compile(optimizers.SGD(lr=lr), 'mse')
    reference = two_layer_model()
    reference.compile(optimizers.SGD(lr=lr), 'mse')
    reference.set_weights(model.get_weights())
    before = model.get_weights()
    x, y = data(n=4)
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    # One step: the multiplied layer moved 0.25 times the reference step.
    grads_ref = reference.get_weights()
    reference.fit(x, y, batch_size=4, epochs=1, verbose=0)
    after_ref = reference.get_weights()
    after = model.get_weights()
    for i in (0, 1):  # d1 kernel and bias
        np.testing.assert_allclose(after[i] - before[i],
                                   0.25 * (after_ref[i] - grads_ref[i]),
                                   rtol=1e-4, atol=1e-7)
    for i in (2, 3):
        np.testing.assert_allclose(after[i] - before[i],
                                   after_ref[i] - grads_ref[i],
                                   rtol=1e-4, atol=1e-7)


def test_train_function_rebuilt_when_multipliers_change_slots_kept():
    model = two_layer_model()
    opt = optimizers.Adam(lr=0.01)
    model.compile(opt, 'mse')
    x, y = data()
    model.fit(x, y, epochs=1, verbose=0)
    first = model.train_function
    n_opt_weights = len(opt.weights)
    slot_values = [K.get_value(w) for w in opt.weights]
    # Nothing changed: same function.
    model.fit(x, y, epochs=1, verbose=0)
    assert model.train_function is first
    model.set_learning_rate_multipliers({'d1': 0.5})
    d1_kernel = model.get_layer('d1').kernel
    model.train_on_batch(x, y)
    assert model.train_function is not first
    # The optimizer's slots were reused, not re-created.
    assert len(opt.weights) == n_opt_weights
    assert any(not np.allclose(K.get_value(w), v)
               for w, v in zip(opt.weights, slot_values))
    # Freezing by multiplier 0: the weight no longer moves.
    model.set_learning_rate_multipliers({'d1': 0.})
    frozen = K.get_value(d1_kernel)
    model.fit(x, y, epochs=2, verbose=0)
    np.testing.assert_array_equal(K.get_value(d1_kernel), frozen)
    assert len(opt.weights) == n_opt_weights


def test_callback_changing_multipliers_takes_effect_next_epoch():
    model = two_layer_model()
    model.compile(optimizers.SGD(lr=0.1), 'mse')
    x, y = data()
    d1 = model.get_layer('d1')
    snapshots = []

    class Snapshot(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            snapshots.append(K.get_value(d1.kernel).copy())

    sched = multipliers.MultiplierScheduler({1: {'d1': 0.}, 2: {'d1': 1.}})
    model.fit(x, y, epochs=3, batch_size=5, verbose=0,
              callbacks=[sched, Snapshot()])
    start = snapshots[0]
    np.testing.assert_array_equal(snapshots[1], start)  # frozen in epoch 1
    assert not np.allclose(snapshots[2], start)         # trains again in 2


def test_recompile_after_trainable_toggle_rebuilds():
    model = two_layer_model()
    model.compile('sgd', 'mse')
    x, y = data()
    model.train_on_batch(x, y)
    d1 = model.get_layer('d1')
    d1.trainable = False
    model.compile(model.optimizer, 'mse')
    frozen = K.get_value(d1.kernel)
    model.fit(x, y, epochs=1, verbose=0)
    np.testing.assert_array_equal(K.get_value(d1.kernel), frozen)


class OldSGD(optimizers.Optimizer):
    """An old-style optimizer: get_updates(loss, params) only."""

    def __init__(self, lr=0.1, **kwargs):
        super(OldSGD, self).__init__(**kwargs)
        self.lr = K.variable(lr, name='lr')

    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        self.updates = [K.update_sub(p, self.lr * g)
                        for p, g in zip(params, grads)]
        return self.updates


def test_old_style_optimizer_without_multipliers_trains():
    model = linear_model()
    model.compile(OldSGD(lr=0.1), 'mse')
    kernel = np.array([[0.5], [-0.5], [1.]])
    set_dense(model, 'out', kernel, [0.])
    x, y = data(n=4)
    err = x.dot(kernel) - y
    expected = kernel - 0.1 * 2 * x.T.dot(err) / 4
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    np.testing.assert_allclose(model.get_layer('out').get_weights()[0],
                               expected, rtol=1e-5)
    # Multipliers of exactly 1 are fine too.
    model.set_learning_rate_multipliers({'out': 1.})
    model.train_on_batch(x, y)


def test_old_style_optimizer_with_multipliers_raises_clear_error():
    model = linear_model(W_learning_rate_multiplier=0.1)
    model.compile(OldSGD(), 'mse')
    x, y = data()
    with pytest.raises(ValueError, match='OldSGD.*multipliers'):
        model.fit(x, y, verbose=0)


def test_uncompiled_model_errors():
    model = linear_model()
    with pytest.raises(RuntimeError, match='compile'):
        model._make_train_function()
    # predict works without compile
    x, _ = data()
    assert model.predict(x).shape == (20, 1)


def test_unit_loss_weight_and_per_sample_scores_add_no_ops():
    """A loss weight of 1 and per-sample scores (already one number per
    sample) add no op to the loss; the loss value is unchanged: Keras 2.2.4's
    crossentropy on the clipped, renormalised probabilities."""
    import numpy as np
    from keras import backend as K
    from keras.layers import Dense
    from keras.models import Sequential

    rng = np.random.RandomState(0)
    x = rng.rand(6, 3).astype('float32')
    y = np.eye(4, dtype='float32')[rng.randint(0, 4, 6)]
    for weight, scaled in ((None, False), ([1.0], False), ([0.5], True)):
        K.clear_session()
        model = Sequential([Dense(4, activation='softmax', input_shape=(3,))])
        model.compile('sgd', 'categorical_crossentropy', loss_weights=weight)
        ops = K.get_session().graph.get_operations()
        assert ('loss/mul' in [op.name for op in ops]) == scaled, weight
        # Two means: of the non-zero weights, and over the batch.
        assert len([op for op in ops if op.type == 'Mean' and
                    op.name.startswith('loss/dense_1_loss/')]) == 2
        p = model.predict(x)
        p = np.clip(p / p.sum(-1, keepdims=True), K.epsilon(), 1 - K.epsilon())
        expected = np.mean(-np.sum(y * np.log(p), axis=-1))
        factor = 0.5 if scaled else 1.0
        np.testing.assert_allclose(model.evaluate(x, y, verbose=0),
                                   factor * expected, rtol=1e-5)
