"""TimeDistributed and Bidirectional against NumPy: both TimeDistributed
code paths, masks, updates; Bidirectional merge modes vs running the two
directions by hand, states, initial_state, constants, configs."""
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers.convolutional import Conv2D
from keras.layers.core import Dense
from keras.layers.core import Dropout
from keras.layers.core import Masking
from keras.layers.normalization import BatchNormalization
from keras.layers.recurrent import GRU
from keras.layers.recurrent import LSTM
from keras.layers.recurrent import RNN
from keras.layers.recurrent import SimpleRNN
from keras.layers.wrappers import Bidirectional
from keras.layers.wrappers import TimeDistributed
from keras.layers.wrappers import Wrapper
from keras.utils.generic_utils import CustomObjectScope
from keras.utils.test_utils import layer_test

BATCH, TIME, DIM, UNITS = 2, 3, 4, 3


def random_weights(layer, rng):
    weights = [rng.uniform(-0.6, 0.6, size=w.shape).astype('float32')
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def run(inputs, outputs, values, phase=0):
    return K.function(list(inputs) + [K.learning_phase()],
                      outputs)(list(values) + [phase])


def np_simple_rnn(weights, x, h=None, mask=None, go_backwards=False):
    W, U, b = weights
    if h is None:
        h = np.zeros((x.shape[0], U.shape[0]))
    steps = list(range(x.shape[1]))
    if go_backwards:
        steps = steps[::-1]
    outs = []
    for t in steps:
        new = np.tanh(x[:, t].dot(W) + b + h.dot(U))
        if mask is not None:
            new = np.where(mask[:, t][:, None], new, h)
        h = new
        outs.append(h)
    return np.stack(outs, 1), h


def np_lstm(weights, x, h, c, go_backwards=False):
    W, U, b = weights
    u = U.shape[0]
    hs = lambda v: np.clip(0.2 * v + 0.5, 0, 1)  # noqa: E731
    steps = list(range(x.shape[1]))
    if go_backwards:
        steps = steps[::-1]
    for t in steps:
        z = x[:, t].dot(W) + h.dot(U) + b
        c = hs(z[:, u:2 * u]) * c + hs(z[:, :u]) * np.tanh(z[:, 2 * u:3 * u])
        h = hs(z[:, 3 * u:]) * np.tanh(c)
    return h, c


# ---------------------------------------------------------------------------
# TimeDistributed
# ---------------------------------------------------------------------------

def test_time_distributed_layer_test():
    out = layer_test(TimeDistributed, kwargs={'layer': Dense(2)},
                     input_shape=(BATCH, TIME, DIM))
    assert out.shape == (BATCH, TIME, 2)


@pytest.mark.parametrize('fixed_batch', [False, True])
def test_time_distributed_dense_matches_numpy(fixed_batch):
    rng = np.random.RandomState(0)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    if fixed_batch:
        x = Input(batch_shape=(BATCH, TIME, DIM))
    else:
        x = Input((None, DIM))
    layer = TimeDistributed(Dense(2, activation='tanh'))
    y = layer(x)
    assert K.int_shape(y)[-1] == 2
    W, b = random_weights(layer, rng)
    assert [w.name.split('/')[-1] for w in layer.weights] == ['kernel:0',
                                                              'bias:0']
    out = run([x], [y], [x_val])[0]
    assert_allclose(out, np.tanh(x_val.dot(W) + b), atol=1e-5)
    assert layer.compute_output_shape((None, TIME, DIM)) == (None, TIME, 2)


def test_time_distributed_conv2d_shapes_and_values():
    rng = np.random.RandomState(1)
    x_val = rng.rand(BATCH, TIME, 4, 5, 2).astype('float32')
    x = Input((TIME, 4, 5, 2))
    layer = TimeDistributed(Conv2D(3, (2, 2)))
    y = layer(x)
    assert K.int_shape(y) == (None, TIME, 3, 4, 3)
    out = run([x], [y], [x_val])[0]
    kernel, bias = layer.get_weights()
    # Same convolution at every time step.
    ref = Input((4, 5, 2))
    conv = Conv2D(3, (2, 2))
    z = conv(ref)
    conv.set_weights([kernel, bias])
    f = K.function([ref], [z])
    for t in range(TIME):
        assert_allclose(out[:, t], f([x_val[:, t]])[0], atol=1e-5)


def test_time_distributed_masks():
    rng = np.random.RandomState(2)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    x_val[0, 1] = 0.
    x = Input((TIME, DIM))
    td = TimeDistributed(Dense(DIM))
    masked = Masking()(x)
    h = td(masked)
    mask = td.get_output_mask_at(0)
    rnn = SimpleRNN(UNITS, return_sequences=True)
    y = rnn(h)
    td_w = random_weights(td, rng)
    rnn_w = random_weights(rnn, rng)
    mask_val, out = run([x], [mask, y], [x_val])
    expected_mask = np.abs(x_val).sum(-1) > 0
    assert_allclose(mask_val, expected_mask)
    hidden = x_val.dot(td_w[0]) + td_w[1]
    expected, _ = np_simple_rnn(rnn_w, hidden, mask=expected_mask)
    assert_allclose(out, expected, atol=1e-5)


def test_time_distributed_inner_mask_is_reshaped():
    # The inner layer's own mask (Masking: one per sample) comes back with
    # a time axis.
    x_val = np.ones((BATCH, TIME, 2, DIM), dtype='float32')
    x_val[1, 2, :] = 0.
    x = Input((TIME, 2, DIM))
    td = TimeDistributed(Masking())
    td(x)
    mask = td.get_output_mask_at(0)
    assert K.int_shape(mask)[:2] == (None, TIME)
    value = run([x], [mask], [x_val])[0]
    expected = np.abs(x_val).sum(-1) > 0
    assert_allclose(value, expected)


def test_time_distributed_updates_learning_phase_and_errors():
    x = Input((TIME, DIM))
    bn = TimeDistributed(BatchNormalization())
    y = bn(x)
    model = Model(x, y)
    assert len(model.updates) == 2
    drop = TimeDistributed(Dropout(0.5))
    z = drop(x)
    assert getattr(z, '_uses_learning_phase', False)
    ones = np.ones((BATCH, TIME, DIM), dtype='float32')
    assert_allclose(run([x], [z], [ones])[0], ones)
    trained = run([x], [z], [ones], phase=1)[0]
    assert set(np.unique(trained)) <= {0., 2.}
    with pytest.raises(ValueError, match='3 dimensions'):
        TimeDistributed(Dense(2))(Input((DIM,)))
    with pytest.raises(ValueError, match='Layer'):
        TimeDistributed('dense')


def test_time_distributed_config_and_trainable():
    layer = TimeDistributed(Dense(2, trainable=False), name='td')
    assert layer.trainable is False
    layer(Input((TIME, DIM)))
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 2
    layer.trainable = True
    assert layer.layer.trainable and len(layer.trainable_weights) == 2
    config = layer.get_config()
    assert config['layer']['class_name'] == 'Dense'
    clone = TimeDistributed.from_config(config)
    assert isinstance(clone.layer, Dense) and clone.layer.units == 2
    assert clone.name == 'td'
    assert isinstance(clone, Wrapper)


def test_time_distributed_activity_regularizer_counted_once():
    x = Input((TIME, DIM))
    layer = TimeDistributed(Dense(2, activity_regularizer='l1'))
    layer(x)
    assert len(layer.losses) == 1


# ---------------------------------------------------------------------------
# Bidirectional
# ---------------------------------------------------------------------------

def test_bidirectional_layer_test():
    out = layer_test(Bidirectional,
                     kwargs={'layer': LSTM(UNITS, return_sequences=True),
                             'merge_mode': 'sum'},
                     input_shape=(BATCH, TIME, DIM))
    assert out.shape == (BATCH, TIME, UNITS)


@pytest.mark.parametrize('merge_mode', ['concat', 'sum', 'mul', 'ave', None])
@pytest.mark.parametrize('return_sequences', [True, False])
def test_bidirectional_merge_modes(merge_mode, return_sequences):
    rng = np.random.RandomState(3)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    x = Input((TIME, DIM))
    layer = Bidirectional(SimpleRNN(UNITS, return_sequences=return_sequences),
                          merge_mode=merge_mode)
    y = layer(x)
    outputs = y if isinstance(y, list) else [y]
    weights = random_weights(layer, rng)
    res = run([x], outputs, [x_val])
    fwd_seq, fwd_last = np_simple_rnn(weights[:3], x_val)
    bwd_seq, bwd_last = np_simple_rnn(weights[3:], x_val, go_backwards=True)
    if return_sequences:
        f, b = fwd_seq, bwd_seq[:, ::-1]
    else:
        f, b = fwd_last, bwd_last
    expected = {'concat': lambda: [np.concatenate([f, b], -1)],
                'sum': lambda: [f + b],
                'mul': lambda: [f * b],
                'ave': lambda: [(f + b) / 2],
                None: lambda: [f, b]}[merge_mode]()
    assert len(res) == len(expected)
    for got, want in zip(res, expected):
        assert_allclose(got, want, atol=1e-5)
    shape = layer.compute_output_shape((None, TIME, DIM))
    shapes = shape if isinstance(shape, list) else [shape]
    for got, want in zip(shapes, expected):
        assert tuple(got[1:]) == want.shape[1:]


def test_bidirectional_masking():
    rng = np.random.RandomState(4)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    x_val[1, 0] = 0.
    mask = np.abs(x_val).sum(-1) > 0
    x = Input((TIME, DIM))
    layer = Bidirectional(SimpleRNN(UNITS, return_sequences=True),
                          merge_mode=None)
    ys = layer(Masking()(x))
    masks = layer.get_output_mask_at(0)
    assert len(masks) == 2 and masks[0] is not None
    weights = random_weights(layer, rng)
    res = run([x], ys, [x_val])
    fwd, _ = np_simple_rnn(weights[:3], x_val, mask=mask)
    bwd, _ = np_simple_rnn(weights[3:], x_val, mask=mask, go_backwards=True)
    assert_allclose(res[0], fwd, atol=1e-5)
    assert_allclose(res[1], bwd[:, ::-1], atol=1e-5)


def test_bidirectional_return_state_and_initial_state():
    rng = np.random.RandomState(5)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    states_val = [rng.uniform(-1, 1, size=(BATCH, UNITS)).astype('float32')
                  for _ in range(4)]
    x = Input((TIME, DIM))
    state_inputs = [Input((UNITS,)) for _ in range(4)]
    layer = Bidirectional(LSTM(UNITS, return_state=True))
    outs = layer(x, initial_state=state_inputs)
    assert len(outs) == 5
    assert K.int_shape(outs[0]) == (None, 2 * UNITS)
    assert layer.compute_output_shape((None, TIME, DIM)) == [
        (None, 2 * UNITS)] + [(None, UNITS)] * 4
    model = Model([x] + state_inputs, outs)
    weights = random_weights(layer, rng)
    res = model.predict([x_val] + states_val)
    fh, fc = np_lstm(weights[:3], x_val, states_val[0], states_val[1])
    bh, bc = np_lstm(weights[3:], x_val, states_val[2], states_val[3],
                     go_backwards=True)
    assert_allclose(res[0], np.concatenate([fh, bh], -1), atol=1e-5)
    for got, want in zip(res[1:], [fh, fc, bh, bc]):
        assert_allclose(got, want, atol=1e-5)

    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        clone = Model.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    for a, b in zip(clone.predict([x_val] + states_val), res):
        assert_allclose(a, b, atol=1e-6)

    with pytest.raises(ValueError, match='even number'):
        Bidirectional(LSTM(UNITS))(x, initial_state=state_inputs[:3])


def test_bidirectional_initial_state_plain_tensors():
    rng = np.random.RandomState(6)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    h = [rng.uniform(-1, 1, size=(BATCH, UNITS)).astype('float32')
         for _ in range(2)]
    x = Input((TIME, DIM))
    layer = Bidirectional(SimpleRNN(UNITS), merge_mode='sum')
    y = layer(x, initial_state=[K.constant(h[0]), K.constant(h[1])])
    weights = random_weights(layer, rng)
    _, f = np_simple_rnn(weights[:3], x_val, h=h[0])
    _, b = np_simple_rnn(weights[3:], x_val, h=h[1], go_backwards=True)
    assert_allclose(run([x], [y], [x_val])[0], f + b, atol=1e-5)


class ConstantCell(Layer):
    """h = tanh(x.W + h.U + c.V): a cell taking a constant."""

    def __init__(self, units, **kwargs):
        self.units = units
        self.state_size = units
        super(ConstantCell, self).__init__(**kwargs)

    def build(self, input_shape):
        x_shape, c_shape = input_shape
        self.kernel = self.add_weight('kernel', (x_shape[-1], self.units),
                                      initializer='uniform')
        self.recurrent_kernel = self.add_weight(
            'recurrent_kernel', (self.units, self.units),
            initializer='uniform')
        self.constant_kernel = self.add_weight(
            'constant_kernel', (c_shape[-1], self.units),
            initializer='uniform')
        self.built = True

    def call(self, inputs, states, constants):
        h = K.tanh(K.dot(inputs, self.kernel) +
                   K.dot(states[0], self.recurrent_kernel) +
                   K.dot(constants[0], self.constant_kernel))
        return h, [h]

    def get_config(self):
        config = {'units': self.units}
        base = super(ConstantCell, self).get_config()
        return dict(list(base.items()) + list(config.items()))


def test_bidirectional_constants():
    rng = np.random.RandomState(7)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    c_val = rng.uniform(-1, 1, size=(BATCH, 2)).astype('float32')
    x, c = Input((TIME, DIM)), Input((2,))
    with CustomObjectScope({'ConstantCell': ConstantCell}):
        layer = Bidirectional(RNN(ConstantCell(UNITS)))
    y = layer(x, constants=c)
    model = Model([x, c], y)
    weights = random_weights(layer, rng)

    def np_run(w, backwards):
        W, U, V = w
        h = np.zeros((BATCH, UNITS))
        steps = range(TIME)[::-1] if backwards else range(TIME)
        for t in steps:
            h = np.tanh(x_val[:, t].dot(W) + h.dot(U) + c_val.dot(V))
        return h
    expected = np.concatenate([np_run(weights[:3], False),
                               np_run(weights[3:], True)], -1)
    out = model.predict([x_val, c_val])
    assert_allclose(out, expected, atol=1e-5)
    assert layer.get_config()['num_constants'] == 1
    with CustomObjectScope({'ConstantCell': ConstantCell}):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            clone = Model.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    assert_allclose(clone.predict([x_val, c_val]), out, atol=1e-6)


def test_bidirectional_config_weights_and_names():
    rng = np.random.RandomState(8)
    inner = GRU(UNITS, name='gru_inner', return_sequences=True)
    layer = Bidirectional(inner, merge_mode='ave', name='bi')
    assert layer.forward_layer.name == 'forward_gru_inner'
    assert layer.backward_layer.name == 'backward_gru_inner'
    assert not layer.forward_layer.go_backwards
    assert layer.backward_layer.go_backwards
    config = layer.get_config()
    assert config['merge_mode'] == 'ave'
    assert config['layer']['class_name'] == 'GRU'
    assert config['layer']['config']['go_backwards'] is False
    clone = Bidirectional.from_config(config)
    assert clone.merge_mode == 'ave' and clone.name == 'bi'
    assert clone.get_config() == config

    weights = [rng.rand(*s).astype('float32') for s in
               [(DIM, 3 * UNITS), (UNITS, 3 * UNITS), (3 * UNITS,)] * 2]
    preset = Bidirectional(GRU(UNITS), weights=weights)
    preset(Input((TIME, DIM)))
    for got, want in zip(preset.get_weights(), weights):
        assert_allclose(got, want)
    names = [w.name for w in preset.weights]
    assert names[0].startswith(preset.name + '/forward_')
    assert names[3].startswith(preset.name + '/backward_')


def test_bidirectional_stateful_and_trainable():
    rng = np.random.RandomState(9)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    model = Sequential()
    layer = Bidirectional(SimpleRNN(UNITS, stateful=True),
                          batch_input_shape=(BATCH, TIME, DIM))
    model.add(layer)
    weights = random_weights(layer, rng)
    first = model.predict(x_val, batch_size=BATCH)
    second = model.predict(x_val, batch_size=BATCH)
    _, f1 = np_simple_rnn(weights[:3], x_val)
    _, b1 = np_simple_rnn(weights[3:], x_val, go_backwards=True)
    _, f2 = np_simple_rnn(weights[:3], x_val, h=f1)
    _, b2 = np_simple_rnn(weights[3:], x_val, h=b1, go_backwards=True)
    assert_allclose(first, np.concatenate([f1, b1], -1), atol=1e-5)
    assert_allclose(second, np.concatenate([f2, b2], -1), atol=1e-5)
    layer.reset_states()
    assert_allclose(model.predict(x_val, batch_size=BATCH), first, atol=1e-6)

    assert len(layer.trainable_weights) == 6
    layer.trainable = False
    assert layer.trainable_weights == []
    assert not layer.forward_layer.trainable
    assert not layer.backward_layer.trainable
    assert len(layer.non_trainable_weights) == 6


def test_bidirectional_errors():
    with pytest.raises(ValueError, match='merge mode'):
        Bidirectional(LSTM(2), merge_mode='max')
    with pytest.raises(ValueError, match='recurrent layer'):
        Bidirectional(Dense(2))


def test_bidirectional_wraps_cudnn_layers():
    from keras.layers.cudnn_recurrent import CuDNNGRU
    x = Input((TIME, DIM))
    layer = Bidirectional(CuDNNGRU(UNITS, return_sequences=True))
    y = layer(x)
    assert K.int_shape(y) == (None, TIME, 2 * UNITS)
    assert layer.backward_layer.go_backwards
    out = run([x], [y], [np.ones((BATCH, TIME, DIM), dtype='float32')])[0]
    assert out.shape == (BATCH, TIME, 2 * UNITS)
