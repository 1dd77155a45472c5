"""ConvLSTM2D / ConvLSTM2DCell / ConvRNN2D against a NumPy convolutional
LSTM, in both data formats, plus states, masks, configs and errors."""
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from keras import backend as K
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers.convolutional_recurrent import ConvLSTM2D
from keras.layers.convolutional_recurrent import ConvLSTM2DCell
from keras.layers.convolutional_recurrent import ConvRNN2D
from keras.layers.core import Masking
from keras.utils.test_utils import layer_test

BATCH, TIME, ROWS, COLS, CH, FILTERS = 2, 2, 5, 4, 2, 2


def hard_sigmoid(x):
    return np.clip(0.2 * x + 0.5, 0., 1.)


def np_conv(x, k, strides=(1, 1), padding='valid', dilation=(1, 1)):
    """Channels-last 2D convolution (cross-correlation, as TensorFlow)."""
    kh, kw = k.shape[:2]
    dh = (kh - 1) * dilation[0] + 1
    dw = (kw - 1) * dilation[1] + 1
    if padding == 'same':
        out_h = -(-x.shape[1] // strides[0])
        out_w = -(-x.shape[2] // strides[1])
        pad_h = max((out_h - 1) * strides[0] + dh - x.shape[1], 0)
        pad_w = max((out_w - 1) * strides[1] + dw - x.shape[2], 0)
        x = np.pad(x, ((0, 0), (pad_h // 2, pad_h - pad_h // 2),
                       (pad_w // 2, pad_w - pad_w // 2), (0, 0)),
                   mode='constant')
    out_h = (x.shape[1] - dh) // strides[0] + 1
    out_w = (x.shape[2] - dw) // strides[1] + 1
    out = np.zeros((x.shape[0], out_h, out_w, k.shape[3]))
    for i in range(out_h):
        for j in range(out_w):
            r, c = i * strides[0], j * strides[1]
            patch = x[:, r:r + dh:dilation[0], c:c + dw:dilation[1], :]
            out[:, i, j, :] = np.tensordot(patch, k, axes=([1, 2, 3],
                                                           [0, 1, 2]))
    return out


def np_conv_lstm(weights, x, strides, padding, dilation, mask=None,
                 go_backwards=False, states=None):
    """x: (batch, time, rows, cols, channels), channels last."""
    W, U, b = weights
    f = U.shape[-1] // 4
    steps = list(range(x.shape[1]))
    if go_backwards:
        steps = steps[::-1]
    outs = []
    for t in steps:
        xw = np_conv(x[:, t], W, strides, padding, dilation) + b
        if states is None:
            states = [np.zeros(xw.shape[:3] + (f,))] * 2
        h, c = states
        hu = np_conv(h, U, padding='same')
        z = xw + hu
        i = hard_sigmoid(z[..., :f])
        fg = hard_sigmoid(z[..., f:2 * f])
        c_new = fg * c + i * np.tanh(z[..., 2 * f:3 * f])
        h_new = hard_sigmoid(z[..., 3 * f:]) * np.tanh(c_new)
        if mask is not None:
            m = mask[:, t][:, None, None, None]
            h_new = np.where(m, h_new, h)
            c_new = np.where(m, c_new, c)
        states = [h_new, c_new]
        outs.append(h_new)
    return np.stack(outs, 1), states


def to_first(a):
    """(batch, time, rows, cols, ch) or (batch, rows, cols, ch) -> channels
    first."""
    if a.ndim == 5:
        return a.transpose(0, 1, 4, 2, 3)
    return a.transpose(0, 3, 1, 2)


def random_weights(layer, rng):
    weights = [rng.uniform(-0.5, 0.5, size=w.shape).astype('float32')
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def run(inputs, outputs, values):
    return K.function(list(inputs) + [K.learning_phase()],
                      outputs)(list(values) + [0])


def test_layer_test_channels_last():
    out = layer_test(ConvLSTM2D,
                     kwargs={'filters': FILTERS, 'kernel_size': (2, 2),
                             'padding': 'same', 'return_sequences': True,
                             'data_format': 'channels_last'},
                     input_shape=(BATCH, TIME, ROWS, COLS, CH))
    assert out.shape == (BATCH, TIME, ROWS, COLS, FILTERS)


def test_layer_test_channels_first():
    out = layer_test(ConvLSTM2D,
                     kwargs={'filters': FILTERS, 'kernel_size': 3,
                             'data_format': 'channels_first'},
                     input_shape=(BATCH, TIME, CH, ROWS, COLS))
    assert out.shape == (BATCH, FILTERS, ROWS - 2, COLS - 2)


@pytest.mark.parametrize('data_format,padding,strides,dilation,backwards', [
    ('channels_last', 'valid', (1, 1), (1, 1), False),
    ('channels_first', 'same', (2, 1), (1, 1), True),
    ('channels_last', 'valid', (1, 1), (2, 1), True),
    ('channels_first', 'valid', (1, 1), (1, 2), False),
])
def test_conv_lstm_matches_numpy(data_format, padding, strides, dilation,
                                 backwards):
    rng = np.random.RandomState(0)
    x_last = rng.uniform(-1, 1, size=(BATCH, TIME, ROWS, COLS, CH))
    x_last = x_last.astype('float32')
    first = data_format == 'channels_first'
    x_val = to_first(x_last) if first else x_last
    x = Input(x_val.shape[1:])
    layer = ConvLSTM2D(FILTERS, (3, 2), strides=strides, padding=padding,
                       dilation_rate=dilation, data_format=data_format,
                       return_sequences=True, return_state=True,
                       go_backwards=backwards)
    outs = layer(x)
    weights = random_weights(layer, rng)
    res = run([x], outs, [x_val])
    expected, states = np_conv_lstm(weights, x_last, strides, padding,
                                    dilation, go_backwards=backwards)
    if first:
        expected = to_first(expected)
        states = [to_first(s) for s in states]
    assert res[0].shape == expected.shape
    assert tuple(layer.compute_output_shape(
        (None,) + x_val.shape[1:])[0][1:]) == expected.shape[1:]
    assert_allclose(res[0], expected, atol=1e-5)
    assert_allclose(res[1], states[0], atol=1e-5)
    assert_allclose(res[2], states[1], atol=1e-5)


def test_masking():
    rng = np.random.RandomState(1)
    x_val = rng.uniform(-1, 1, size=(BATCH, 3, ROWS, COLS, CH))
    x_val = x_val.astype('float32')
    x_val[0, 1] = 0.
    mask = np.abs(x_val).reshape(BATCH, 3, -1).sum(-1) > 0
    x = Input(x_val.shape[1:])
    layer = ConvLSTM2D(FILTERS, 2, padding='same', return_sequences=True)
    y = layer(Masking()(x))
    assert layer.get_output_mask_at(0) is not None
    weights = random_weights(layer, rng)
    expected, _ = np_conv_lstm(weights, x_val, (1, 1), 'same', (1, 1),
                               mask=mask)
    res = run([x], [y], [x_val])[0]
    assert_allclose(res, expected, atol=1e-5)
    assert_allclose(res[0, 1], res[0, 0])


def test_stateful_and_initial_state():
    rng = np.random.RandomState(2)
    shape = (BATCH, TIME, ROWS, COLS, CH)
    x_val = rng.uniform(-1, 1, size=shape).astype('float32')
    model = Sequential()
    layer = ConvLSTM2D(FILTERS, 2, padding='same', stateful=True,
                       batch_input_shape=shape)
    model.add(layer)
    weights = random_weights(layer, rng)
    first = model.predict(x_val, batch_size=BATCH)
    second = model.predict(x_val, batch_size=BATCH)
    out1, states = np_conv_lstm(weights, x_val, (1, 1), 'same', (1, 1))
    out2, _ = np_conv_lstm(weights, x_val, (1, 1), 'same', (1, 1),
                           states=states)
    assert_allclose(first, out1[:, -1], atol=1e-5)
    assert_allclose(second, out2[:, -1], atol=1e-5)
    model.reset_states()
    assert_allclose(model.predict(x_val, batch_size=BATCH), first, atol=1e-6)
    values = [rng.rand(BATCH, ROWS, COLS, FILTERS) for _ in range(2)]
    layer.reset_states(values)
    assert_allclose(K.get_value(layer.states[1]), values[1], rtol=1e-6)
    with pytest.raises(ValueError, match='expected shape'):
        layer.reset_states([np.zeros((1, 2, 3, 4))] * 2)

    # initial_state as Keras tensors.
    h0 = rng.uniform(-1, 1, size=(BATCH, ROWS, COLS, FILTERS))
    c0 = rng.uniform(-1, 1, size=(BATCH, ROWS, COLS, FILTERS))
    x = Input(shape[1:])
    h_in = Input((ROWS, COLS, FILTERS))
    c_in = Input((ROWS, COLS, FILTERS))
    layer2 = ConvLSTM2D(FILTERS, 2, padding='same')
    model2 = Model([x, h_in, c_in], layer2(x, initial_state=[h_in, c_in]))
    layer2.set_weights(weights)
    expected, _ = np_conv_lstm(weights, x_val, (1, 1), 'same', (1, 1),
                               states=[h0, c0])
    assert_allclose(model2.predict([x_val, h0, c0]), expected[:, -1],
                    atol=1e-5)
    with pytest.raises(ValueError, match='not compatible'):
        ConvLSTM2D(FILTERS, 2)(x, initial_state=[Input((3, 2, 5))] * 2)


def test_config_round_trip_and_properties():
    layer = ConvLSTM2D(FILTERS, (3, 2), strides=(2, 1), padding='same',
                       data_format='channels_first', dropout=0.1,
                       unit_forget_bias=False, return_state=True,
                       learning_rate_multipliers={'recurrent_kernel': 0.5})
    config = layer.get_config()
    assert 'cell' not in config
    assert config['kernel_size'] == (3, 2)
    assert config['data_format'] == 'channels_first'
    assert config['return_state'] is True
    assert config['learning_rate_multipliers'] == {'recurrent_kernel': 0.5}
    clone = ConvLSTM2D.from_config(config)
    assert clone.get_config() == dict(config, name=clone.name)
    assert clone.filters == FILTERS and clone.strides == (2, 1)
    assert clone.dropout == 0.1 and clone.unit_forget_bias is False
    cell = ConvLSTM2DCell(3, 2)
    cell_config = cell.get_config()
    assert ConvLSTM2DCell.from_config(cell_config).get_config() == \
        dict(cell_config)
    rnn = ConvRNN2D(cell, return_sequences=True)
    restored = ConvRNN2D.from_config(rnn.get_config())
    assert isinstance(restored.cell, ConvLSTM2DCell)
    assert restored.cell.filters == 3


def test_dropout_phases_and_weights():
    rng = np.random.RandomState(3)
    x_val = rng.uniform(-1, 1, size=(BATCH, TIME, ROWS, COLS, CH))
    x = Input(x_val.shape[1:])
    plain = ConvLSTM2D(FILTERS, 2)
    dropped = ConvLSTM2D(FILTERS, 2, dropout=0.3, recurrent_dropout=0.3)
    y1, y2 = plain(x), dropped(x)
    assert [w.name.split('/')[-1] for w in dropped.weights] == [
        'kernel:0', 'recurrent_kernel:0', 'bias:0']
    assert K.int_shape(dropped.cell.kernel) == (2, 2, CH, 4 * FILTERS)
    assert K.int_shape(dropped.cell.recurrent_kernel) == (2, 2, FILTERS,
                                                          4 * FILTERS)
    dropped.set_weights(random_weights(plain, rng))
    f = K.function([x, K.learning_phase()], [y1, y2])
    a, b = f([x_val, 0])
    assert_allclose(a, b, atol=1e-6)
    a, b = f([x_val, 1])
    assert not np.allclose(a, b)


def test_errors():
    with pytest.raises(TypeError, match='[Uu]nroll'):
        ConvRNN2D(ConvLSTM2DCell(2, 2), unroll=True)
    with pytest.raises(TypeError, match='stack'):
        ConvRNN2D([ConvLSTM2DCell(2, 2), ConvLSTM2DCell(2, 2)])
    with pytest.raises(ValueError, match='channel dimension'):
        ConvLSTM2D(2, 2)(Input((TIME, ROWS, COLS, None)))
    with pytest.raises(ValueError, match='ndim'):
        ConvLSTM2D(2, 2)(Input((TIME, ROWS, COLS)))


def test_legacy_arguments():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        layer = ConvLSTM2D(nb_filter=3, nb_row=2, nb_col=2,
                           border_mode='same', dim_ordering='tf')
    assert layer.filters == 3
    assert layer.kernel_size == (2, 2)
    assert layer.padding == 'same'
    assert layer.data_format == 'channels_last'
