"""Recurrent layers: RNN, StackedRNNCells, SimpleRNN/GRU/LSTM and their
cells, checked against NumPy re-derivations (masks, go_backwards, states,
stateful, initial_state, constants, dropout) plus configs and errors."""
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.engine.sequential import Sequential
from keras.layers.core import Masking
from keras.layers import recurrent
from keras.layers.recurrent import GRU
from keras.layers.recurrent import GRUCell
from keras.layers.recurrent import LSTM
from keras.layers.recurrent import LSTMCell
from keras.layers.recurrent import RNN
from keras.layers.recurrent import SimpleRNN
from keras.layers.recurrent import SimpleRNNCell
from keras.layers.recurrent import StackedRNNCells
from keras.utils.generic_utils import CustomObjectScope
from keras.utils.test_utils import layer_test

BATCH, TIME, DIM, UNITS = 2, 3, 4, 3


# ---------------------------------------------------------------------------
# NumPy references
# ---------------------------------------------------------------------------

def hard_sigmoid(x):
    return np.clip(0.2 * x + 0.5, 0., 1.)


def sigmoid(x):
    return 1. / (1. + np.exp(-x))


def simple_step(weights):
    W, U, b = weights

    def step(x, states):
        h = np.tanh(x.dot(W) + b + states[0].dot(U))
        return h, [h]
    return step


def gru_step(weights, reset_after, rec_act=hard_sigmoid):
    W, U, b = weights
    u = U.shape[0]
    if reset_after:
        bi, br = b[0], b[1]
    else:
        bi, br = b, np.zeros_like(b)

    def step(x, states):
        h = states[0]
        xw = x.dot(W) + bi
        hu = h.dot(U) + br
        z = rec_act(xw[:, :u] + hu[:, :u])
        r = rec_act(xw[:, u:2 * u] + hu[:, u:2 * u])
        if reset_after:
            hh = np.tanh(xw[:, 2 * u:] + r * hu[:, 2 * u:])
        else:
            hh = np.tanh(xw[:, 2 * u:] + (r * h).dot(U[:, 2 * u:]))
        h = z * h + (1 - z) * hh
        return h, [h]
    return step


def lstm_step(weights, rec_act=hard_sigmoid):
    W, U, b = weights
    u = U.shape[0]

    def step(x, states):
        h, c = states
        z = x.dot(W) + h.dot(U) + b
        i = rec_act(z[:, :u])
        f = rec_act(z[:, u:2 * u])
        c = f * c + i * np.tanh(z[:, 2 * u:3 * u])
        o = rec_act(z[:, 3 * u:])
        h = o * np.tanh(c)
        return h, [h, c]
    return step


def run_np(step, x, states, mask=None, go_backwards=False):
    """Outputs (in processing order, as Keras returns them) and last
    states; masked steps carry the previous output and states over."""
    steps = list(range(x.shape[1]))
    if go_backwards:
        steps = steps[::-1]
    outputs = []
    for t in steps:
        out, new_states = step(x[:, t], states)
        if mask is not None:
            m = mask[:, t][:, None]
            out = np.where(m, out, states[0])
            new_states = [np.where(m, n, s) for n, s in zip(new_states, states)]
        outputs.append(out)
        states = new_states
    return np.stack(outputs, axis=1), states


def random_weights(layer, rng):
    weights = [rng.uniform(-0.6, 0.6, size=w.shape).astype('float32')
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def predict(inputs, outputs, values):
    f = K.function(list(inputs) + [K.learning_phase()], outputs)
    return f(list(values) + [0])


def zeros(units):
    return np.zeros((BATCH, units), dtype='float32')


# ---------------------------------------------------------------------------
# layer_test
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('layer_cls,kwargs', [
    (SimpleRNN, {'units': UNITS}),
    (GRU, {'units': UNITS, 'return_sequences': True}),
    (GRU, {'units': UNITS, 'reset_after': True, 'implementation': 2}),
    (LSTM, {'units': UNITS, 'return_sequences': True, 'implementation': 2}),
])
def test_layer_test(layer_cls, kwargs):
    out = layer_test(layer_cls, kwargs=kwargs,
                     input_shape=(BATCH, TIME, DIM))
    expected = (BATCH, TIME, UNITS) if kwargs.get('return_sequences') \
        else (BATCH, UNITS)
    assert out.shape == expected


# ---------------------------------------------------------------------------
# Cell math against NumPy
# ---------------------------------------------------------------------------

CASES = [
    ('simple', lambda **kw: SimpleRNN(UNITS, **kw),
     lambda w: simple_step(w), 1),
    ('gru1', lambda **kw: GRU(UNITS, implementation=1, **kw),
     lambda w: gru_step(w, False), 1),
    ('gru2', lambda **kw: GRU(UNITS, implementation=2, **kw),
     lambda w: gru_step(w, False), 1),
    ('gru1_reset_after', lambda **kw: GRU(UNITS, reset_after=True,
                                          implementation=1, **kw),
     lambda w: gru_step(w, True), 1),
    ('gru2_reset_after', lambda **kw: GRU(UNITS, reset_after=True,
                                          implementation=2, **kw),
     lambda w: gru_step(w, True), 1),
    ('lstm1', lambda **kw: LSTM(UNITS, implementation=1, **kw),
     lambda w: lstm_step(w), 2),
    ('lstm2', lambda **kw: LSTM(UNITS, implementation=2, **kw),
     lambda w: lstm_step(w), 2),
]


@pytest.mark.parametrize('name,factory,np_step,n_states', CASES,
                         ids=[c[0] for c in CASES])
def test_cells_match_numpy(name, factory, np_step, n_states):
    rng = np.random.RandomState(1)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    # Zeroed steps are masked by Masking(0): sample 0 loses step 1,
    # sample 1 loses its last step.
    x_masked = x_val.copy()
    x_masked[0, 1] = 0.
    x_masked[1, 2] = 0.
    mask = np.abs(x_masked).sum(-1) > 0

    x = Input((TIME, DIM))
    fwd = factory(return_sequences=True, return_state=True)
    bwd = factory(return_sequences=True, go_backwards=True)
    masked = factory(return_sequences=True)
    outs = fwd(x)
    y_bwd = bwd(x)
    y_masked = masked(Masking(0.)(x))
    weights = random_weights(fwd, rng)
    bwd.set_weights(weights)
    masked.set_weights(weights)
    if name.startswith('gru') and 'reset_after' in name:
        assert weights[2].shape == (2, 3 * UNITS)

    res = predict([x], outs + [y_bwd], [x_val])
    res_masked = predict([x], [y_masked], [x_masked])[0]
    step = np_step(weights)
    init = [zeros(UNITS)] * n_states
    exp_seq, exp_states = run_np(step, x_val, init)
    assert_allclose(res[0], exp_seq, atol=1e-5)
    for got, want in zip(res[1:1 + n_states], exp_states):
        assert_allclose(got, want, atol=1e-5)
    exp_bwd, _ = run_np(step, x_val, init, go_backwards=True)
    assert_allclose(res[-1], exp_bwd, atol=1e-5)
    exp_masked, _ = run_np(step, x_masked, init, mask=mask)
    assert_allclose(res_masked, exp_masked, atol=1e-5)
    # A masked step repeats the previous output.
    assert_allclose(res_masked[0, 1], res_masked[0, 0])


def test_unroll_matches_symbolic_loop():
    rng = np.random.RandomState(2)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    x_val[0, 2] = 0.
    x = Input((TIME, DIM))
    masked_x = Masking(0.)(x)
    loop = LSTM(UNITS, return_sequences=True)
    unrolled = LSTM(UNITS, return_sequences=True, unroll=True)
    y1, y2 = loop(masked_x), unrolled(masked_x)
    unrolled.set_weights(random_weights(loop, rng))
    a, b = predict([x], [y1, y2], [x_val])
    assert_allclose(a, b, atol=1e-6)


def test_output_shapes_and_masks():
    x = Input((TIME, DIM))
    layer = LSTM(UNITS, return_sequences=True, return_state=True)
    outs = layer(Masking()(x))
    assert [K.int_shape(o) for o in outs] == [(None, TIME, UNITS),
                                              (None, UNITS), (None, UNITS)]
    assert layer.compute_output_shape((None, TIME, DIM)) == [
        (None, TIME, UNITS), (None, UNITS), (None, UNITS)]
    masks = layer.get_output_mask_at(0)
    assert masks[0] is not None and masks[1] is None and masks[2] is None
    last = GRU(UNITS)
    assert last.compute_output_shape((5, TIME, DIM)) == (5, UNITS)
    y = last(Masking()(x))
    assert last.get_output_mask_at(0) is None
    assert K.int_shape(y) == (None, UNITS)


# ---------------------------------------------------------------------------
# States
# ---------------------------------------------------------------------------

def test_stateful_keeps_and_resets_states():
    rng = np.random.RandomState(3)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    model = Sequential()
    layer = SimpleRNN(UNITS, stateful=True,
                      batch_input_shape=(BATCH, TIME, DIM))
    model.add(layer)
    weights = random_weights(layer, rng)
    step = simple_step(weights)

    first = model.predict(x_val, batch_size=BATCH)
    second = model.predict(x_val, batch_size=BATCH)
    out1, states1 = run_np(step, x_val, [zeros(UNITS)])
    out2, _ = run_np(step, x_val, states1)
    assert_allclose(first, out1[:, -1], atol=1e-5)
    assert_allclose(second, out2[:, -1], atol=1e-5)
    assert_allclose(K.get_value(layer.states[0]), out2[:, -1], atol=1e-5)

    model.reset_states()
    assert_allclose(K.get_value(layer.states[0]), 0.)
    assert_allclose(model.predict(x_val, batch_size=BATCH), first, atol=1e-6)

    values = rng.uniform(-1, 1, size=(BATCH, UNITS)).astype('float32')
    layer.reset_states(values)
    assert_allclose(K.get_value(layer.states[0]), values)
    out3, _ = run_np(step, x_val, [values])
    assert_allclose(model.predict(x_val, batch_size=BATCH), out3[:, -1],
                    atol=1e-5)

    with pytest.raises(ValueError, match='expected shape'):
        layer.reset_states(np.zeros((BATCH + 1, UNITS)))
    with pytest.raises(ValueError, match='expects 1 states'):
        layer.reset_states([values, values])
    with pytest.raises(AttributeError, match='stateful'):
        SimpleRNN(2).reset_states()


def test_stateful_needs_batch_size():
    layer = LSTM(UNITS, stateful=True)
    with pytest.raises(ValueError, match='batch size'):
        layer(Input((TIME, DIM)))


def test_initial_state_keras_tensors_and_config_round_trip():
    rng = np.random.RandomState(4)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    h0 = rng.uniform(-1, 1, size=(BATCH, UNITS)).astype('float32')
    c0 = rng.uniform(-1, 1, size=(BATCH, UNITS)).astype('float32')
    x = Input((TIME, DIM))
    h_in, c_in = Input((UNITS,)), Input((UNITS,))
    layer = LSTM(UNITS)
    y = layer(x, initial_state=[h_in, c_in])
    # The states are recorded as inputs of the layer.
    assert len(layer.get_input_at(0)) == 3
    model = Model([x, h_in, c_in], y)
    weights = random_weights(layer, rng)
    expected, _ = run_np(lstm_step(weights), x_val, [h0, c0])
    out = model.predict([x_val, h0, c0])
    assert_allclose(out, expected[:, -1], atol=1e-5)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        config = model.get_config()
    # The states are inputs of the recorded call, not tensor arguments that
    # the config would have to drop.
    assert not [w for w in caught if 'serialized' in str(w.message)]
    clone = Model.from_config(config)
    clone.set_weights(model.get_weights())
    assert_allclose(clone.predict([x_val, h0, c0]), out, atol=1e-6)
    # Same layer, other state tensors: the model graph is re-applied.
    x2, h2, c2 = Input((TIME, DIM)), Input((UNITS,)), Input((UNITS,))
    again = Model([x2, h2, c2], model([x2, h2, c2]))
    assert_allclose(again.predict([x_val, h0, c0]), out, atol=1e-6)


def test_initial_state_plain_tensors():
    rng = np.random.RandomState(5)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    h0 = rng.uniform(-1, 1, size=(BATCH, UNITS)).astype('float32')
    x = Input((TIME, DIM))
    layer = GRU(UNITS)
    y = layer(x, initial_state=K.constant(h0))
    weights = random_weights(layer, rng)
    expected, _ = run_np(gru_step(weights, False), x_val, [h0])
    assert_allclose(predict([x], [y], [x_val])[0], expected[:, -1],
                    atol=1e-5)


def test_initial_state_errors():
    x = Input((TIME, DIM))
    with pytest.raises(ValueError, match='mix of Keras tensors'):
        LSTM(UNITS)(x, initial_state=[Input((UNITS,)),
                                      K.zeros((BATCH, UNITS))])
    with pytest.raises(ValueError, match='not compatible'):
        LSTM(UNITS)(x, initial_state=[Input((UNITS + 1,)),
                                      Input((UNITS + 1,))])
    layer = SimpleRNN(UNITS)
    with pytest.raises(ValueError, match='has 1 states but was passed 2'):
        layer.call(x, initial_state=[K.zeros((BATCH, UNITS))] * 2)


def test_get_initial_state_zeros():
    layer = LSTM(UNITS)
    x = K.placeholder((None, TIME, DIM))
    states = layer.get_initial_state(x)
    values = K.function([x], states)([np.ones((5, TIME, DIM))])
    assert len(values) == 2
    for v in values:
        assert v.shape == (5, UNITS)
        assert not v.any()


# ---------------------------------------------------------------------------
# Custom cells, constants, stacks
# ---------------------------------------------------------------------------

class ConstantCell(Layer):
    """h = tanh(x.W + h.U + c.V): a cell taking a constant."""

    def __init__(self, units, **kwargs):
        self.units = units
        self.state_size = units
        super(ConstantCell, self).__init__(**kwargs)

    def build(self, input_shape):
        x_shape, c_shape = input_shape
        self.kernel = self.add_weight(name='kernel',
                                      shape=(x_shape[-1], self.units),
                                      initializer='uniform')
        self.recurrent_kernel = self.add_weight(
            name='recurrent_kernel', shape=(self.units, self.units),
            initializer='uniform')
        self.constant_kernel = self.add_weight(
            name='constant_kernel', shape=(c_shape[-1], self.units),
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


def constants_data(seed):
    """(rng, x values, constant values, x Input, constant Input)."""
    rng = np.random.RandomState(seed)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    c_val = rng.uniform(-1, 1, size=(BATCH, 2)).astype('float32')
    return rng, x_val, c_val, Input((TIME, DIM)), Input((2,))


def assert_config_clone_predicts(model, values, out):
    """A model rebuilt from `model.get_config()` (custom ConstantCell) with
    the same weights predicts `out`."""
    with CustomObjectScope({'ConstantCell': ConstantCell}):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            clone = Model.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    assert_allclose(clone.predict(values), out, atol=1e-6)


def test_constants_and_config_round_trip():
    rng, x_val, c_val, x, c = constants_data(6)
    layer = RNN(ConstantCell(UNITS))
    y = layer(x, constants=c)
    model = Model([x, c], y)
    W, U, V = random_weights(layer, rng)

    def step(xt, states):
        h = np.tanh(xt.dot(W) + states[0].dot(U) + c_val.dot(V))
        return h, [h]
    expected, _ = run_np(step, x_val, [zeros(UNITS)])
    out = model.predict([x_val, c_val])
    assert_allclose(out, expected[:, -1], atol=1e-5)

    config = layer.get_config()
    assert config['num_constants'] == 1
    assert config['cell']['class_name'] == 'ConstantCell'
    assert_config_clone_predicts(model, [x_val, c_val], out)

    with pytest.raises(ValueError, match='does not support constants'):
        RNN(SimpleRNNCell(2))(x, constants=c)


def test_stacked_cells_match_numpy_and_state_order():
    rng = np.random.RandomState(7)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    x = Input((TIME, DIM))
    layer = RNN([LSTMCell(UNITS), GRUCell(2)], return_sequences=True,
                return_state=True)
    assert isinstance(layer.cell, StackedRNNCells)
    assert layer.cell.state_size == (2, UNITS, UNITS)
    assert layer.cell.output_size == 2
    outs = layer(x)
    assert [K.int_shape(o) for o in outs] == [(None, TIME, 2), (None, 2),
                                              (None, UNITS), (None, UNITS)]
    weights = random_weights(layer, rng)
    lstm = lstm_step(weights[:3])
    gru = gru_step(weights[3:], False)

    def step(xt, states):
        h2, h1, c1 = states
        o1, (h1, c1) = lstm(xt, [h1, c1])
        o2, (h2,) = gru(o1, [h2])
        return o2, [h2, h1, c1]
    expected, states = run_np(step, x_val, [zeros(2), zeros(UNITS),
                                            zeros(UNITS)])
    res = predict([x], outs, [x_val])
    assert_allclose(res[0], expected, atol=1e-5)
    for got, want in zip(res[1:], states):
        assert_allclose(got, want, atol=1e-5)

    # Config round trip keeps the stack.
    clone = RNN.from_config(layer.get_config())
    assert [type(c) for c in clone.cell.cells] == [LSTMCell, GRUCell]
    y2 = clone(x)
    clone.set_weights(weights)
    res2 = predict([x], y2, [x_val])
    assert_allclose(res2[0], res[0], atol=1e-6)
    assert_allclose(np.concatenate([w.ravel() for w in
                                    clone.cell.get_weights()]),
                    np.concatenate([w.ravel() for w in weights]))


def test_rnn_with_simple_cell_layer_test():
    with CustomObjectScope({'SimpleRNNCell': SimpleRNNCell}):
        out = layer_test(RNN, kwargs={'cell': SimpleRNNCell(UNITS),
                                      'return_sequences': True},
                         input_shape=(BATCH, TIME, DIM))
    assert out.shape == (BATCH, TIME, UNITS)


def test_cell_validation():
    class NoState(object):
        def call(self, inputs, states):
            return inputs, states
    with pytest.raises(ValueError, match='state_size'):
        RNN(NoState())
    with pytest.raises(ValueError, match='call'):
        RNN(object())
    with pytest.raises(ValueError, match='state_size'):
        StackedRNNCells([SimpleRNNCell(2), NoState()])


def test_unroll_needs_time_dimension():
    with pytest.raises(ValueError, match='unroll'):
        SimpleRNN(2, unroll=True)(Input((None, DIM)))


# ---------------------------------------------------------------------------
# Dropout
# ---------------------------------------------------------------------------

def test_dropout_mask_is_drawn_once_per_batch():
    units = DIM
    x = Input((5, units))
    layer = SimpleRNN(units, dropout=0.5, activation='linear',
                      return_sequences=True)
    y = layer(x)
    layer.set_weights([np.eye(units), np.zeros((units, units)),
                       np.zeros(units)])
    f = K.function([x, K.learning_phase()], [y])
    ones = np.ones((8, 5, units), dtype='float32')
    train = f([ones, 1])[0]
    # The same input units are dropped at every time step.
    for t in range(1, 5):
        assert_allclose(train[:, t], train[:, 0])
    assert set(np.unique(train)) <= {0., 2.}
    assert 0 < (train == 0).mean() < 1
    # Test phase: no dropout.
    assert_allclose(f([ones, 0])[0], ones)
    # A new batch gets new masks.
    draws = [f([ones, 1])[0][:, 0] for _ in range(3)]
    assert any(not np.array_equal(d, train[:, 0]) for d in draws)


@pytest.mark.parametrize('layer_cls', [SimpleRNN, GRU, LSTM])
def test_dropout_inference_equals_no_dropout(layer_cls):
    rng = np.random.RandomState(8)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    x = Input((TIME, DIM))
    plain = layer_cls(UNITS)
    dropped = layer_cls(UNITS, dropout=0.4, recurrent_dropout=0.3)
    y1, y2 = plain(x), dropped(x)
    assert getattr(y2, '_uses_learning_phase', False)
    dropped.set_weights(random_weights(plain, rng))
    f = K.function([x, K.learning_phase()], [y1, y2])
    a, b = f([x_val, 0])
    assert_allclose(a, b, atol=1e-6)
    a, b = f([x_val, 1])
    assert not np.allclose(a, b)


# ---------------------------------------------------------------------------
# Configs, properties, legacy arguments, losses
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('layer_cls,extra', [
    (SimpleRNN, {}),
    (GRU, {'recurrent_activation': 'sigmoid', 'implementation': 2,
           'reset_after': True}),
    (LSTM, {'unit_forget_bias': False, 'implementation': 2}),
])
def test_config_is_flat_and_round_trips(layer_cls, extra):
    layer = layer_cls(UNITS, dropout=0.25, go_backwards=True,
                      kernel_regularizer='l2', **extra)
    config = layer.get_config()
    assert 'cell' not in config
    assert config['units'] == UNITS
    assert config['dropout'] == 0.25
    assert config['go_backwards'] is True
    for key, value in extra.items():
        assert config[key] == value
        assert getattr(layer, key) is not None
    clone = layer_cls.from_config(config)
    assert clone.get_config() == dict(config, name=clone.name)
    assert clone.units == UNITS and clone.dropout == 0.25
    assert clone.cell.dropout == 0.25


def test_rnn_config_holds_the_cell():
    layer = RNN(GRUCell(UNITS, reset_after=True), return_sequences=True)
    config = layer.get_config()
    assert config['cell']['class_name'] == 'GRUCell'
    assert config['cell']['config']['reset_after'] is True
    clone = RNN.from_config(config)
    assert isinstance(clone.cell, GRUCell) and clone.cell.reset_after
    assert clone.return_sequences


def test_properties_expose_the_cell():
    layer = LSTM(UNITS, recurrent_activation='sigmoid', use_bias=False,
                 unit_forget_bias=False, implementation=2)
    assert layer.units == UNITS
    assert layer.recurrent_activation is layer.cell.recurrent_activation
    assert layer.use_bias is False and layer.unit_forget_bias is False
    assert layer.implementation == 2
    gru = GRU(2, reset_after=True)
    assert gru.reset_after is True and gru.implementation == 1


def test_lstm_unit_forget_bias_initialization():
    layer = LSTM(UNITS, bias_initializer='zeros')
    layer(Input((TIME, DIM)))
    bias = K.get_value(layer.cell.bias)
    expected = np.zeros(4 * UNITS)
    expected[UNITS:2 * UNITS] = 1.
    assert_allclose(bias, expected)


def test_legacy_arguments():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        layer = LSTM(output_dim=UNITS, input_dim=DIM, input_length=TIME,
                     consume_less='mem', inner_activation='sigmoid')
        gru = GRU(UNITS, implementation=0)
    assert caught
    assert layer.units == UNITS
    assert layer.batch_input_shape == (None, TIME, DIM)
    assert layer.implementation == 1
    assert layer.cell.recurrent_activation is K.sigmoid or \
        layer.cell.recurrent_activation.__name__ == 'sigmoid'
    assert gru.implementation == 1
    rnn = RNN(SimpleRNNCell(2), input_dim=DIM)
    assert rnn.batch_input_shape == (None, None, DIM)


def test_regularizer_losses_come_from_the_cell():
    x = Input((TIME, DIM))
    layer = LSTM(UNITS, kernel_regularizer='l2', recurrent_regularizer='l1',
                 activity_regularizer='l2')
    layer(x)
    assert len(layer.losses) == 3
    assert len(layer.get_losses_for(None)) == 2
    model = Model(x, layer.output)
    model.compile('sgd', 'mse')
    assert len(model.losses) == 3


def test_trainable_flag_covers_cell_weights():
    layer = GRU(UNITS)
    layer(Input((TIME, DIM)))
    assert len(layer.trainable_weights) == 3
    layer.trainable = False
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 3
    assert len(layer.weights) == 3


def test_module_exports():
    for name in ('RNN', 'StackedRNNCells', 'SimpleRNNCell', 'GRUCell',
                 'LSTMCell', 'SimpleRNN', 'GRU', 'LSTM'):
        assert hasattr(recurrent, name)
    from keras import layers
    assert layers.LSTM is LSTM and layers.StackedRNNCells is StackedRNNCells


# ---------------------------------------------------------------------------
# Keras 2.2.4 behaviours pinned (issue 8)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('layer_cls,blocks', [(SimpleRNN, 1), (GRU, 3),
                                              (LSTM, 4)])
def test_identity_recurrent_initializer(layer_cls, blocks):
    # Keras 2.2.4: each gate's (units, units) block of the recurrent kernel
    # is the identity.
    x = Input((TIME, DIM))
    layer = layer_cls(UNITS, recurrent_initializer='identity')
    layer(x)
    recurrent_kernel = K.get_value(layer.cell.recurrent_kernel)
    assert recurrent_kernel.shape == (UNITS, blocks * UNITS)
    assert_allclose(recurrent_kernel,
                    np.concatenate([np.eye(UNITS)] * blocks, axis=1))


class TwoStateCell(object):
    """Not a Layer; two states of different sizes (3, then 5), returned in
    `state_size` order: a = a + 2 * sum(x), b = b + 3 * sum(x) (and b is
    read back through its first column so that a mix-up changes values)."""

    state_size = [3, 5]

    def call(self, inputs, states):
        a, b = states
        s = K.sum(inputs, axis=-1, keepdims=True)
        new_a = a + 2. * s + b[:, :1]
        new_b = b + 3. * s
        return new_a, [new_a, new_b]


def two_state_np(x, a, b):
    """NumPy re-derivation of TwoStateCell over time: (outputs, a, b)."""
    outputs = []
    for t in range(x.shape[1]):
        s = x[:, t].sum(axis=-1, keepdims=True)
        a = a + 2. * s + b[:, :1]
        b = b + 3. * s
        outputs.append(a)
    return np.stack(outputs, axis=1), a, b


def test_non_layer_cell_with_several_states_keeps_state_size_order():
    rng = np.random.RandomState(11)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    a0 = rng.uniform(-1, 1, size=(BATCH, 3)).astype('float32')
    b0 = rng.uniform(-1, 1, size=(BATCH, 5)).astype('float32')
    x = Input((TIME, DIM))

    # Zero initial states; return_state gives [output, a, b].
    layer = RNN(TwoStateCell(), return_sequences=True, return_state=True)
    outs = layer(x)
    assert [K.int_shape(o) for o in outs] == [(None, TIME, 3), (None, 3),
                                              (None, 5)]
    assert layer.compute_output_shape((None, TIME, DIM)) == [
        (None, TIME, 3), (None, 3), (None, 5)]
    expected = two_state_np(x_val, zeros(3), zeros(5))
    for got, want in zip(predict([x], outs, [x_val]), expected):
        assert_allclose(got, want, rtol=1e-5, atol=1e-5)

    # Initial states are taken in the same order.
    a_in, b_in = Input((3,)), Input((5,))
    outs = RNN(TwoStateCell(), return_sequences=True, return_state=True)(
        x, initial_state=[a_in, b_in])
    expected = two_state_np(x_val, a0, b0)
    for got, want in zip(predict([x, a_in, b_in], outs, [x_val, a0, b0]),
                         expected):
        assert_allclose(got, want, rtol=1e-5, atol=1e-5)

    # Stateful: the states are variables of shapes (batch, 3), (batch, 5)
    # and the second batch starts where the first one ended.
    xs = Input(batch_shape=(BATCH, TIME, DIM))
    stateful = RNN(TwoStateCell(), stateful=True, return_state=True)
    outs = stateful(xs)
    model = Model(xs, outs)
    assert [K.int_shape(s) for s in stateful.states] == [(BATCH, 3),
                                                         (BATCH, 5)]
    stateful.reset_states([a0, b0])
    first = model.predict(x_val)
    _, a1, b1 = two_state_np(x_val, a0, b0)
    assert_allclose(first[1], a1, rtol=1e-5, atol=1e-5)
    assert_allclose(first[2], b1, rtol=1e-5, atol=1e-5)
    second = model.predict(x_val)
    _, a2, b2 = two_state_np(x_val, a1, b1)
    assert_allclose(second[1], a2, rtol=1e-5, atol=1e-5)
    assert_allclose(second[2], b2, rtol=1e-5, atol=1e-5)
    assert_allclose(K.batch_get_value(stateful.states)[1], b2, rtol=1e-5,
                    atol=1e-5)


def test_stack_of_cells_of_different_sizes_output_shapes():
    # Keras 2.2.4: states of the stack in reverse order, last cell first.
    layer = RNN([LSTMCell(3), LSTMCell(6)], return_state=True,
                return_sequences=True)
    assert layer.compute_output_shape((None, TIME, DIM)) == [
        (None, TIME, 6), (None, 6), (None, 6), (None, 3), (None, 3)]
    outs = layer(Input((TIME, DIM)))
    assert [K.int_shape(o) for o in outs] == [
        (None, TIME, 6), (None, 6), (None, 6), (None, 3), (None, 3)]
    layer = RNN([GRUCell(2), SimpleRNNCell(7), LSTMCell(4)],
                return_state=True)
    assert layer.compute_output_shape((None, None, DIM)) == [
        (None, 4), (None, 4), (None, 4), (None, 7), (None, 2)]


def stacked_constants_np(weights, x_val, c_val, backwards=False):
    """NumPy re-derivation of RNN([GRUCell(2), ConstantCell(UNITS)]) with a
    constant: the GRU feeds the constant-taking cell."""
    gru = gru_step(weights[:3], False)
    W, U, V = weights[3:]
    h_gru, h = np.zeros((BATCH, 2)), np.zeros((BATCH, UNITS))
    steps = range(TIME)[::-1] if backwards else range(TIME)
    for t in steps:
        o, (h_gru,) = gru(x_val[:, t], [h_gru])
        h = np.tanh(o.dot(W) + h.dot(U) + c_val.dot(V))
    return h


def test_stack_with_a_constants_cell_builds_calls_and_round_trips():
    # Keras 2.2.4 builds only the cells whose `call` takes `constants`
    # with the constants' shapes; the GRUCell gets the plain input shape.
    rng, x_val, c_val, x, c = constants_data(12)
    layer = RNN([GRUCell(2), ConstantCell(UNITS)])
    y = layer(x, constants=c)
    model = Model([x, c], y)
    weights = random_weights(layer, rng)
    assert [w.shape for w in weights] == [(DIM, 6), (2, 6), (6,), (2, UNITS),
                                          (UNITS, UNITS), (2, UNITS)]
    out = model.predict([x_val, c_val])
    assert_allclose(out, stacked_constants_np(weights, x_val, c_val),
                    atol=1e-5)

    config = layer.get_config()
    assert config['num_constants'] == 1
    with CustomObjectScope({'ConstantCell': ConstantCell}):
        clone = RNN.from_config(config)
    y2 = clone(x, constants=c)
    clone.set_weights(weights)
    assert_allclose(predict([x, c], [y2], [x_val, c_val])[0], out,
                    atol=1e-6)
    # The flat-list call of 2.2.4: [inputs, constants].
    with CustomObjectScope({'ConstantCell': ConstantCell}):
        clone = RNN.from_config(config)
    y3 = clone([x, c])
    clone.set_weights(weights)
    assert_allclose(predict([x, c], [y3], [x_val, c_val])[0], out,
                    atol=1e-6)


def test_stack_with_a_constants_cell_inside_bidirectional():
    from keras.layers.wrappers import Bidirectional
    rng, x_val, c_val, x, c = constants_data(13)
    with CustomObjectScope({'ConstantCell': ConstantCell}):
        layer = Bidirectional(RNN([GRUCell(2), ConstantCell(UNITS)]))
    y = layer(x, constants=c)
    model = Model([x, c], y)
    weights = random_weights(layer, rng)
    expected = np.concatenate(
        [stacked_constants_np(weights[:6], x_val, c_val),
         stacked_constants_np(weights[6:], x_val, c_val, backwards=True)],
        axis=-1)
    out = model.predict([x_val, c_val])
    assert_allclose(out, expected, atol=1e-5)
    assert_config_clone_predicts(model, [x_val, c_val], out)
