"""CuDNNGRU / CuDNNLSTM: computed with standard ops (no cuDNN here), they
must match GRU(reset_after=True) / LSTM with sigmoid gates once the weights
are converted as Keras 2.2.4 converted them, and a NumPy re-derivation."""
import numpy as np
import pytest
from numpy.testing import assert_allclose

from keras import backend as K
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers.core import Masking
from keras.layers.cudnn_recurrent import CuDNNGRU
from keras.layers.cudnn_recurrent import CuDNNLSTM
from keras.layers.recurrent import GRU
from keras.layers.recurrent import LSTM
from keras.utils.test_utils import layer_test

BATCH, TIME, DIM, UNITS = 2, 3, 4, 3


def sigmoid(x):
    return 1. / (1. + np.exp(-x))


def convert_kernels(kernel, recurrent_kernel, n_gates):
    """Keras 2.2.4's CuDNN -> standard conversion: cuDNN read each input
    block as a row-major (units, input_dim) matrix, each recurrent block
    transposed."""
    units = recurrent_kernel.shape[0]
    input_dim = kernel.shape[0]
    k_blocks, r_blocks = [], []
    for g in range(n_gates):
        block = kernel[:, g * units:(g + 1) * units]
        k_blocks.append(block.reshape(units, input_dim).T)
        r_blocks.append(recurrent_kernel[:, g * units:(g + 1) * units].T)
    return np.concatenate(k_blocks, 1), np.concatenate(r_blocks, 1)


def gru_from_cudnn(weights):
    kernel, recurrent = convert_kernels(weights[0], weights[1], 3)
    return [kernel, recurrent, weights[2].reshape(2, -1)]


def lstm_from_cudnn(weights):
    kernel, recurrent = convert_kernels(weights[0], weights[1], 4)
    bias = weights[2]
    return [kernel, recurrent, bias[:bias.size // 2] + bias[bias.size // 2:]]


def np_gru(weights, x, h):
    W, U, b = weights
    u = U.shape[0]
    outs = []
    for t in range(x.shape[1]):
        xw = x[:, t].dot(W) + b[0]
        hu = h.dot(U) + b[1]
        z = sigmoid(xw[:, :u] + hu[:, :u])
        r = sigmoid(xw[:, u:2 * u] + hu[:, u:2 * u])
        hh = np.tanh(xw[:, 2 * u:] + r * hu[:, 2 * u:])
        h = z * h + (1 - z) * hh
        outs.append(h)
    return np.stack(outs, 1), [h]


def np_lstm(weights, x, h, c):
    W, U, b = weights
    u = U.shape[0]
    outs = []
    for t in range(x.shape[1]):
        z = x[:, t].dot(W) + h.dot(U) + b
        i, f = sigmoid(z[:, :u]), sigmoid(z[:, u:2 * u])
        c = f * c + i * np.tanh(z[:, 2 * u:3 * u])
        h = sigmoid(z[:, 3 * u:]) * np.tanh(c)
        outs.append(h)
    return np.stack(outs, 1), [h, c]


def random_weights(layer, rng):
    weights = [rng.uniform(-0.6, 0.6, size=w.shape).astype('float32')
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def run(inputs, outputs, values):
    return K.function(inputs, outputs)(values)


@pytest.mark.parametrize('layer_cls,kwargs', [
    (CuDNNGRU, {'units': UNITS}),
    (CuDNNLSTM, {'units': UNITS, 'return_sequences': True}),
])
def test_layer_test(layer_cls, kwargs):
    out = layer_test(layer_cls, kwargs=kwargs, input_shape=(BATCH, TIME, DIM))
    assert out.shape[-1] == UNITS


def test_weight_layout():
    x = Input((TIME, DIM))
    gru, lstm = CuDNNGRU(UNITS), CuDNNLSTM(UNITS, bias_initializer='zeros')
    gru(x)
    lstm(x)
    assert [tuple(K.int_shape(w)) for w in gru.weights] == [
        (DIM, 3 * UNITS), (UNITS, 3 * UNITS), (6 * UNITS,)]
    assert [w.name.split('/')[-1] for w in gru.weights] == [
        'kernel:0', 'recurrent_kernel:0', 'bias:0']
    assert [tuple(K.int_shape(w)) for w in lstm.weights] == [
        (DIM, 4 * UNITS), (UNITS, 4 * UNITS), (8 * UNITS,)]
    bias = K.get_value(lstm.bias)
    expected = np.zeros(8 * UNITS)
    expected[5 * UNITS:6 * UNITS] = 1.  # recurrent forget-gate bias
    assert_allclose(bias, expected)


@pytest.mark.parametrize('go_backwards', [False, True])
def test_cudnn_gru_matches_gru_reset_after(go_backwards):
    rng = np.random.RandomState(0)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    x = Input((TIME, DIM))
    cudnn = CuDNNGRU(UNITS, return_sequences=True, return_state=True,
                     go_backwards=go_backwards)
    gru = GRU(UNITS, reset_after=True, recurrent_activation='sigmoid',
              return_sequences=True, return_state=True,
              go_backwards=go_backwards)
    outs = cudnn(x) + gru(x)
    weights = random_weights(cudnn, rng)
    converted = gru_from_cudnn(weights)
    gru.set_weights(converted)
    res = run([x], outs, [x_val])
    assert_allclose(res[0], res[2], atol=1e-5)
    assert_allclose(res[1], res[3], atol=1e-5)
    seq = x_val[:, ::-1] if go_backwards else x_val
    expected, states = np_gru(converted, seq, np.zeros((BATCH, UNITS)))
    assert_allclose(res[0], expected, atol=1e-5)
    assert_allclose(res[1], states[0], atol=1e-5)


@pytest.mark.parametrize('go_backwards', [False, True])
def test_cudnn_lstm_matches_lstm(go_backwards):
    rng = np.random.RandomState(1)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    x = Input((TIME, DIM))
    cudnn = CuDNNLSTM(UNITS, return_sequences=True, return_state=True,
                      go_backwards=go_backwards)
    lstm = LSTM(UNITS, recurrent_activation='sigmoid', return_sequences=True,
                return_state=True, go_backwards=go_backwards)
    outs = cudnn(x) + lstm(x)
    weights = random_weights(cudnn, rng)
    converted = lstm_from_cudnn(weights)
    lstm.set_weights(converted)
    res = run([x], outs, [x_val])
    for a, b in zip(res[:3], res[3:]):
        assert_allclose(a, b, atol=1e-5)
    seq = x_val[:, ::-1] if go_backwards else x_val
    zeros = np.zeros((BATCH, UNITS))
    expected, states = np_lstm(converted, seq, zeros, zeros)
    assert_allclose(res[0], expected, atol=1e-5)
    assert_allclose(res[1], states[0], atol=1e-5)
    assert_allclose(res[2], states[1], atol=1e-5)


def test_initial_state_and_stateful():
    rng = np.random.RandomState(2)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')
    h0 = rng.uniform(-1, 1, size=(BATCH, UNITS)).astype('float32')
    c0 = rng.uniform(-1, 1, size=(BATCH, UNITS)).astype('float32')
    x, h_in, c_in = Input((TIME, DIM)), Input((UNITS,)), Input((UNITS,))
    layer = CuDNNLSTM(UNITS)
    model = Model([x, h_in, c_in], layer(x, initial_state=[h_in, c_in]))
    converted = lstm_from_cudnn(random_weights(layer, rng))
    expected, _ = np_lstm(converted, x_val, h0, c0)
    assert_allclose(model.predict([x_val, h0, c0]), expected[:, -1],
                    atol=1e-5)

    seq = Sequential()
    stateful = CuDNNGRU(UNITS, stateful=True,
                        batch_input_shape=(BATCH, TIME, DIM))
    seq.add(stateful)
    converted = gru_from_cudnn(random_weights(stateful, rng))
    first = seq.predict(x_val, batch_size=BATCH)
    second = seq.predict(x_val, batch_size=BATCH)
    out1, (h1,) = np_gru(converted, x_val, np.zeros((BATCH, UNITS)))
    out2, _ = np_gru(converted, x_val, h1)
    assert_allclose(first, out1[:, -1], atol=1e-5)
    assert_allclose(second, out2[:, -1], atol=1e-5)
    seq.reset_states()
    assert_allclose(seq.predict(x_val, batch_size=BATCH), first, atol=1e-6)


def test_masking_is_refused():
    x = Input((TIME, DIM))
    with pytest.raises(ValueError, match='[Mm]asking is not supported'):
        CuDNNGRU(UNITS)(Masking()(x))


def test_config_round_trip():
    layer = CuDNNLSTM(UNITS, unit_forget_bias=False, return_sequences=True,
                      go_backwards=True, kernel_regularizer='l2',
                      learning_rate_multipliers={'bias': 0})
    config = layer.get_config()
    for key in ('units', 'unit_forget_bias', 'return_sequences',
                'return_state', 'stateful', 'kernel_initializer',
                'activity_regularizer'):
        assert key in config
    assert 'cell' not in config
    assert config['learning_rate_multipliers'] == {'bias': 0.0}
    clone = CuDNNLSTM.from_config(config)
    assert clone.get_config() == dict(config, name=clone.name)
    assert clone.go_backwards and not clone.unit_forget_bias
    gru = CuDNNGRU.from_config(CuDNNGRU(2, return_state=True).get_config())
    assert gru.units == 2 and gru.return_state
    assert gru.cell.state_size == 2


def test_trainable_and_losses():
    x = Input((TIME, DIM))
    layer = CuDNNGRU(UNITS, kernel_regularizer='l2',
                     activity_regularizer='l1')
    assert layer.trainable_weights == []
    layer(x)
    assert len(layer.trainable_weights) == 3
    assert len(layer.losses) == 2
    layer.trainable = False
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 3


def test_conversion_is_keras_224_layout_change():
    # Keras 2.2.4 converted an input-kernel block k with
    # k.T.reshape(k.shape, order='F'); the helper above must agree.
    rng = np.random.RandomState(3)
    kernel = rng.rand(DIM, 3 * UNITS)
    recurrent = rng.rand(UNITS, 3 * UNITS)
    converted, _ = convert_kernels(kernel, recurrent, 3)
    blocks = np.hsplit(kernel, 3)
    expected = np.hstack([k.T.reshape(k.shape, order='F') for k in blocks])
    assert_allclose(converted, expected)
    assert not np.allclose(converted, kernel)


@pytest.mark.parametrize('source,target', [
    (lambda: CuDNNLSTM(UNITS, return_sequences=True),
     lambda: LSTM(UNITS, recurrent_activation='sigmoid',
                  return_sequences=True)),
    (lambda: CuDNNGRU(UNITS),
     lambda: GRU(UNITS, reset_after=True, recurrent_activation='sigmoid')),
])
def test_weights_file_loads_into_standard_layer(tmpdir, source, target):
    rng = np.random.RandomState(4)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, DIM)).astype('float32')

    def build(factory):
        x = Input((TIME, DIM))
        layer = factory()
        return Model(x, layer(x)), layer
    cudnn_model, cudnn_layer = build(source)
    random_weights(cudnn_layer, rng)
    path = str(tmpdir.join('weights.h5'))
    cudnn_model.save_weights(path)
    standard_model, _ = build(target)
    standard_model.load_weights(path)
    assert_allclose(standard_model.predict(x_val),
                    cudnn_model.predict(x_val), atol=1e-5)
