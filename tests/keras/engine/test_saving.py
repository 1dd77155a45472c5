"""Tests for keras.engine.saving at the weights level: the HDF5 layout,
load_weights (by order, by name, skip_mismatch, reshape), layout
conversions of older files, clear errors that leave the model unchanged,
the optimizer-state format, safe mode and the topology shim."""
import json
import os
import warnings

import numpy as np
import pytest

h5py = pytest.importorskip('h5py')

from keras import backend as K  # noqa: E402
from keras import optimizers  # noqa: E402
from keras.engine import saving  # noqa: E402
from keras.layers import (Bidirectional, Conv1D, Conv2D, Dense, GRU, Input,  # noqa: E402
                          LSTM, TimeDistributed, BatchNormalization)
from keras.models import Model, Sequential  # noqa: E402
from keras.utils import conv_utils  # noqa: E402


def _mlp(name_prefix='', seed=0):
    model = Sequential([Dense(4, input_shape=(3,), name=name_prefix + 'a'),
                        BatchNormalization(name=name_prefix + 'bn'),
                        Dense(2, name=name_prefix + 'b')])
    rng = np.random.RandomState(seed)
    model.set_weights([rng.uniform(0.1, 1, w.shape).astype('float32')
                       for w in model.get_weights()])
    return model


def _weights_equal(a, b):
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


# --------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------

def test_save_weights_layout_is_keras_224(tmp_path):
    model = _mlp()
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    with h5py.File(path, 'r') as f:
        assert [n.decode() for n in f.attrs['layer_names']] == ['a', 'bn', 'b']
        assert f.attrs['backend'] in (b'tensorflow', 'tensorflow')
        assert 'keras_version' in f.attrs
        names = [n.decode() for n in f['bn'].attrs['weight_names']]
        assert names == [w.name for w in model.layers[1].weights]
        assert len(names) == 4
        for layer in model.layers:
            for w, name in zip(layer.weights,
                               f[layer.name].attrs['weight_names']):
                np.testing.assert_array_equal(f[layer.name][name.decode()][()],
                                              K.get_value(w))
    # And back.
    other = _mlp(seed=1)
    other.load_weights(path)
    assert _weights_equal(other.get_weights(), model.get_weights())


def test_many_long_layer_names_are_chunked(tmp_path):
    from keras.layers import Activation
    x = inp = Input((2,))
    for i in range(150):  # 150 names of 500 bytes > one object header
        layer_class = Dense if i % 10 == 0 else Activation
        arg = 2 if layer_class is Dense else 'linear'
        x = layer_class(arg, name='layer_%04d_' % i + 'z' * 489)(x)
    model = Model(inp, x)
    path = str(tmp_path / 'big.h5')
    model.save_weights(path)
    with h5py.File(path, 'r') as f:
        assert 'layer_names' not in f.attrs and 'layer_names0' in f.attrs
    weights = model.get_weights()
    model.set_weights([np.zeros_like(w) for w in weights])
    model.load_weights(path)
    assert _weights_equal(model.get_weights(), weights)


def test_loads_h5py2_style_bytes_and_vlen_str_attributes(tmp_path):
    model = _mlp()
    values = model.get_weights()
    for style in ('bytes', 'vlen'):
        path = str(tmp_path / ('%s.h5' % style))
        with h5py.File(path, 'w') as f:
            def text_list(items):
                if style == 'bytes':
                    return np.array([s.encode() for s in items])
                return np.array(items, dtype=h5py.string_dtype())
            f.attrs['layer_names'] = text_list([l.name for l in model.layers])
            f.attrs['keras_version'] = (b'2.2.4' if style == 'bytes' else '2.2.4')
            f.attrs['backend'] = b'tensorflow'
            k = 0
            for layer in model.layers:
                g = f.create_group(layer.name)
                names = ['%s/w%d:0' % (layer.name, i) for i in range(len(layer.weights))]
                g.attrs['weight_names'] = text_list(names)
                for name in names:
                    g.create_dataset(name, data=values[k])
                    k += 1
        other = _mlp(seed=3)
        other.load_weights(path)
        assert _weights_equal(other.get_weights(), values)


# --------------------------------------------------------------------------
# by_name, skip_mismatch, reshape
# --------------------------------------------------------------------------

def test_load_by_name_skips_unknown_layers(tmp_path):
    model = _mlp()
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    # Different order and an extra layer: by_name matches by names only.
    inp = Input((3,))
    a = Dense(4, name='a')
    extra = Dense(4, name='extra')
    out = Dense(2, name='b')(BatchNormalization(name='bn')(a(inp)))
    other = Model(inp, [out, extra(inp)])
    extra_before = K.get_value(extra.kernel)
    other.load_weights(path, by_name=True)
    np.testing.assert_array_equal(K.get_value(a.kernel), K.get_value(model.layers[0].kernel))
    np.testing.assert_array_equal(other.get_layer('b').get_weights()[0],
                                  model.layers[2].get_weights()[0])
    np.testing.assert_array_equal(K.get_value(extra.kernel), extra_before)


def test_skip_mismatch_warns_per_layer_and_loads_the_rest(tmp_path):
    model = _mlp()
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    other = Sequential([Dense(4, input_shape=(2,), name='a'),    # shape differs
                        BatchNormalization(name='bn'),
                        Dense(2, name='b', use_bias=False)])    # count differs
    other_a = other.layers[0].get_weights()
    other_bn = model.layers[1].get_weights()
    with pytest.raises(ValueError) as e:
        other.load_weights(path, by_name=True)
    # Keras 2.2.4's wording (scripts match on it); #0 is the file position.
    assert str(e.value) == (
        'Layer #0 (named "a"), weight %s has shape (2, 4), but the saved '
        'weight has shape (3, 4).' % other.layers[0].kernel)
    # Nothing was assigned by the failed call.
    assert _weights_equal(other.layers[0].get_weights(), other_a)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        other.load_weights(path, by_name=True, skip_mismatch=True)
    messages = [str(w.message) for w in caught if 'Skipping loading' in str(w.message)]
    assert len(messages) == 2
    assert any("'a'" in m and 'shape' in m for m in messages)
    assert any("'b'" in m and 'number of weights' in m for m in messages)
    assert _weights_equal(other.layers[0].get_weights(), other_a)
    assert _weights_equal(other.layers[1].get_weights(), other_bn)


def test_by_name_weight_count_mismatch_uses_keras224_wording(tmp_path):
    model = _mlp()
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    other = Sequential([Dense(4, input_shape=(3,), name='a'),
                        Dense(2, name='b', use_bias=False)])
    with pytest.raises(ValueError) as e:
        other.load_weights(path, by_name=True)
    # 'b' is the third layer of the file ('a', 'bn', 'b').
    assert str(e.value) == ('Layer #2 (named "b") expects 1 weight(s), but '
                            'the saved weights have 2 element(s).')


def test_by_name_matching_no_layer_warns_naming_the_files_layers(tmp_path):
    model = _mlp()
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    other = Sequential([Dense(4, input_shape=(3,), name='first'),
                        Dense(2, name='second')])
    before = other.get_weights()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        other.load_weights(path, by_name=True)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1, messages
    assert 'loaded nothing' in messages[0] and 'w.h5' in messages[0]
    assert 'in the file: a, bn, b.' in messages[0]
    assert 'In the model: first, second.' in messages[0]
    assert _weights_equal(other.get_weights(), before)
    # One matching layer: no such warning.
    partial = Sequential([Dense(4, input_shape=(3,), name='a'),
                          Dense(2, name='second')])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        partial.load_weights(path, by_name=True)
    assert [str(w.message) for w in caught] == []
    np.testing.assert_array_equal(partial.layers[0].get_weights()[0],
                                  model.layers[0].get_weights()[0])


def test_reshape_loads_weights_of_equal_size(tmp_path):
    src = Sequential([Conv1D(2, 3, input_shape=(5, 1), name='c')])
    rng = np.random.RandomState(0)
    src.set_weights([rng.rand(*w.shape).astype('float32') for w in src.get_weights()])
    path = str(tmp_path / 'c.h5')
    src.save_weights(path)
    dst = Sequential([Conv2D(2, (3, 1), input_shape=(5, 1, 1), name='c')])
    with pytest.raises(ValueError, match='shape'):
        dst.load_weights(path)
    dst.load_weights(path, reshape=True)
    np.testing.assert_array_equal(dst.get_weights()[0],
                                  src.get_weights()[0].reshape(3, 1, 1, 2))


# --------------------------------------------------------------------------
# Errors leave the model unchanged
# --------------------------------------------------------------------------

def test_missing_layer_is_a_clear_error_and_model_unchanged(tmp_path):
    model = _mlp()
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    bigger = Sequential([Dense(4, input_shape=(3,), name='a'),
                         BatchNormalization(name='bn'),
                         Dense(2, name='b'), Dense(2, name='c')])
    before = bigger.get_weights()
    with pytest.raises(ValueError) as e:
        bigger.load_weights(path)
    message = str(e.value)
    assert '3 layers' in message and '4 layers' in message and "c" in message
    assert _weights_equal(bigger.get_weights(), before)


def test_corrupt_weight_file_errors_name_file_and_leave_model(tmp_path):
    model = _mlp()
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    # A dataset removed: the last layer's bias is missing.
    broken = str(tmp_path / 'broken.h5')
    with open(path, 'rb') as src, open(broken, 'wb') as dst:
        dst.write(src.read())
    with h5py.File(broken, 'a') as f:
        del f['b'][model.layers[2].bias.name]
    other = _mlp(seed=5)
    before = other.get_weights()
    with pytest.raises(IOError) as e:
        saving.load_weights(other, broken)
    assert 'broken.h5' in str(e.value) and 'bias' in str(e.value)
    assert 'missing' in str(e.value)
    assert _weights_equal(other.get_weights(), before)
    # Truncated file.
    with open(path, 'rb') as src:
        data = src.read()
    truncated = str(tmp_path / 'truncated.h5')
    with open(truncated, 'wb') as dst:
        dst.write(data[:len(data) // 2])
    with pytest.raises(IOError, match='truncated.h5'):
        saving.load_weights(other, truncated)
    # Not HDF5 at all.
    text = str(tmp_path / 'notes.h5')
    with open(text, 'w') as dst:
        dst.write('hello')
    with pytest.raises(IOError, match='notes.h5.*not a readable HDF5'):
        saving.load_weights(other, text)
    # HDF5 but not Keras.
    random_h5 = str(tmp_path / 'random.h5')
    with h5py.File(random_h5, 'w') as f:
        f.create_dataset('data', data=np.random.rand(10))
    with pytest.raises(ValueError, match='random.h5.*not a Keras weights file'):
        saving.load_weights(other, random_h5)
    with pytest.raises(IOError, match='no file'):
        saving.load_weights(other, str(tmp_path / 'nothing.h5'))
    assert _weights_equal(other.get_weights(), before)


def test_shape_mismatch_by_order_names_layer_and_weight(tmp_path):
    model = _mlp()
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    other = Sequential([Dense(4, input_shape=(3,), name='a'),
                        BatchNormalization(name='bn'), Dense(3, name='b')])
    before = other.get_weights()
    with pytest.raises(ValueError) as e:
        other.load_weights(path)
    assert "'b'" in str(e.value) and 'kernel' in str(e.value)
    assert '(4, 3)' in str(e.value) and '(4, 2)' in str(e.value)
    assert _weights_equal(other.get_weights(), before)


def test_load_weights_from_open_file_and_model_file(tmp_path):
    model = _mlp()
    path = str(tmp_path / 'm.h5')
    model.compile('sgd', 'mse')
    model.save(path)
    other = _mlp(seed=9)
    with h5py.File(path, 'r') as f:
        saving.load_weights(other, f)
    assert _weights_equal(other.get_weights(), model.get_weights())
    other = _mlp(seed=9)
    other.load_weights(path)  # `model_weights` group of a full model file
    assert _weights_equal(other.get_weights(), model.get_weights())


def test_save_and_load_weights_through_a_file_like_object():
    import io
    model = _mlp()
    buffer = io.BytesIO()
    model.save_weights(buffer)
    assert not buffer.closed and buffer.getvalue()[:8] == b'\x89HDF\r\n\x1a\n'
    other = _mlp(seed=4)
    buffer.seek(0)
    other.load_weights(buffer)
    assert _weights_equal(other.get_weights(), model.get_weights())
    with pytest.raises(TypeError, match='file-like'):
        model.save_weights(42)


# --------------------------------------------------------------------------
# tf_keras files
# --------------------------------------------------------------------------

FIXTURE = os.path.join(os.path.dirname(__file__), '..', '..', 'data',
                       'tf_keras_weights')


def _fixture_model():
    from keras.layers import Flatten
    inputs = Input(shape=(5, 5, 2), name='image')
    x = Conv2D(3, (3, 3), activation='relu', name='conv')(inputs)
    x = BatchNormalization(name='bn')(x)
    x = Flatten(name='flatten')(x)
    x = Dense(4, activation='tanh', name='dense')(x)
    inner = Sequential([Dense(3, name='inner_dense', input_shape=(4,))],
                       name='inner')
    x = inner(x)
    outputs = Dense(2, name='out')(x)
    return Model(inputs, outputs, name='fixture')


@pytest.mark.parametrize('by_name', [False, True])
def test_tf_keras_weights_fixture(by_name):
    expected = np.load(os.path.join(FIXTURE, 'expected.npz'))
    model = _fixture_model()
    model.load_weights(os.path.join(FIXTURE, 'model_weights.h5'), by_name=by_name)
    for i, value in enumerate(model.get_weights()):
        np.testing.assert_array_equal(value, expected['weight_%d' % i])
    np.testing.assert_allclose(model.predict(expected['x']), expected['y'],
                               rtol=1e-5, atol=1e-6)


# --------------------------------------------------------------------------
# Layout conversions (preprocess_weights_for_loading)
# --------------------------------------------------------------------------

def test_keras1_lstm_and_gru_gates_are_merged():
    rng = np.random.RandomState(0)
    lstm = LSTM(2)
    lstm.build((None, 4, 3))
    old = []
    for _ in range(4):  # gates i, c, f, o (Keras 1 order)
        old += [rng.rand(3, 2), rng.rand(2, 2), rng.rand(2)]
    new = saving.preprocess_weights_for_loading(lstm, old, '1')
    gate = lambda j, part: old[3 * j + part]  # noqa: E731
    np.testing.assert_array_equal(new[0], np.concatenate(
        [gate(0, 0), gate(2, 0), gate(1, 0), gate(3, 0)], axis=-1))
    np.testing.assert_array_equal(new[1], np.concatenate(
        [gate(0, 1), gate(2, 1), gate(1, 1), gate(3, 1)], axis=-1))
    np.testing.assert_array_equal(new[2], np.concatenate(
        [gate(0, 2), gate(2, 2), gate(1, 2), gate(3, 2)], axis=-1))
    gru = GRU(2)
    gru.build((None, 4, 3))
    old = []
    for _ in range(3):  # z, r, h
        old += [rng.rand(3, 2), rng.rand(2, 2), rng.rand(2)]
    new = saving.preprocess_weights_for_loading(gru, old, '1')
    assert [w.shape for w in new] == [(3, 6), (2, 6), (6,)]
    np.testing.assert_array_equal(new[0][:, 2:4], old[3])
    np.testing.assert_array_equal(new[2][4:], old[8])


def test_keras1_conv_layouts_and_theano_kernels():
    rng = np.random.RandomState(0)
    conv = Conv2D(4, (3, 2), data_format='channels_first')
    conv.build((None, 5, 8, 8))
    old_kernel = rng.rand(4, 5, 3, 2)  # (out, in, rows, cols)
    new = saving.preprocess_weights_for_loading(conv, [old_kernel, np.zeros(4)], '1')
    np.testing.assert_array_equal(new[0], np.transpose(old_kernel, (2, 3, 1, 0)))
    # Theano-era kernels are flipped.
    conv2 = Conv2D(4, (3, 2))
    conv2.build((None, 8, 8, 5))
    kernel = rng.rand(3, 2, 5, 4)
    new = saving.preprocess_weights_for_loading(conv2, [kernel, np.zeros(4)],
                                                '2.0.0', 'theano')
    np.testing.assert_array_equal(new[0], conv_utils.convert_kernel(kernel))
    np.testing.assert_array_equal(new[0], kernel[::-1, ::-1])
    # Keras 1 Conv1D: (length, 1, in, out) -> (length, in, out).
    conv1 = Conv1D(4, 3)
    conv1.build((None, 10, 5))
    old = rng.rand(3, 1, 5, 4)
    new = saving.preprocess_weights_for_loading(conv1, [old, np.zeros(4)], '1')
    np.testing.assert_array_equal(new[0], old[:, 0])


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_keras1_conv2d_transpose_round_trip(tmp_path, data_format):
    """Keras 1 `Deconvolution2D` kernels: (rows, cols, in, out) with
    channels_last and (out, in, rows, cols) with channels_first; Keras 2:
    (rows, cols, out, in). Converted as 2.2.4 did, also when the layer is
    inside a model given to `preprocess_weights_for_loading`."""
    from keras.layers import Conv2DTranspose
    shape = (6, 6, 3) if data_format == 'channels_last' else (3, 6, 6)
    model = Sequential([Conv2DTranspose(5, (2, 4), input_shape=shape,
                                        data_format=data_format, name='up')])
    rng = np.random.RandomState(0)
    kernel = rng.rand(2, 4, 5, 3).astype('float32')  # (rows, cols, out, in)
    bias = rng.rand(5).astype('float32')
    if data_format == 'channels_last':
        keras1_kernel = kernel.transpose(0, 1, 3, 2)
        assert keras1_kernel.shape == (2, 4, 3, 5)
    else:
        keras1_kernel = kernel.transpose(2, 3, 0, 1)
        assert keras1_kernel.shape == (5, 3, 2, 4)
    converted = saving.preprocess_weights_for_loading(
        model, [keras1_kernel, bias], original_keras_version='1')
    np.testing.assert_array_equal(converted[0], kernel)
    np.testing.assert_array_equal(converted[1], bias)
    # Through a Keras 1 file (no `keras_version` attribute).
    path = str(tmp_path / 'keras1.h5')
    with h5py.File(path, 'w') as f:
        f.attrs['layer_names'] = [b'up']
        group = f.create_group('up')
        group.attrs['weight_names'] = [b'up_W', b'up_b']
        group['up_W'] = keras1_kernel
        group['up_b'] = bias
    model.load_weights(path)
    np.testing.assert_array_equal(K.get_value(model.layers[0].kernel), kernel)
    np.testing.assert_array_equal(K.get_value(model.layers[0].bias), bias)
    # Square kernels (in == out) are transposed too, not only reshaped.
    square = Conv2DTranspose(3, (2, 2), data_format=data_format)
    square.build((None,) + shape)
    square_kernel = rng.rand(2, 2, 3, 3)
    old = (square_kernel.transpose(0, 1, 3, 2)
           if data_format == 'channels_last'
           else square_kernel.transpose(2, 3, 0, 1))
    new = saving.preprocess_weights_for_loading(square, [old, bias[:3]], '1')
    np.testing.assert_array_equal(new[0], square_kernel)


def test_cudnn_lstm_weights_load_into_lstm_and_back():
    rng = np.random.RandomState(0)
    units, dim = 3, 2
    lstm = LSTM(units)
    lstm.build((None, 4, dim))
    kernel = rng.rand(dim, 4 * units)
    recurrent = rng.rand(units, 4 * units)
    cudnn_bias = rng.rand(8 * units)
    new = saving.preprocess_weights_for_loading(lstm, [kernel, recurrent, cudnn_bias])
    np.testing.assert_allclose(new[2], cudnn_bias[:4 * units] + cudnn_bias[4 * units:])
    # The kernels of each gate are re-laid out (cuDNN reads them transposed).
    for g in range(4):
        k = kernel[:, g * units:(g + 1) * units]
        np.testing.assert_array_equal(new[0][:, g * units:(g + 1) * units],
                                      k.reshape(units, dim).T)
        r = recurrent[:, g * units:(g + 1) * units]
        np.testing.assert_array_equal(new[1][:, g * units:(g + 1) * units], r.T)

    class CuDNNLSTM(object):  # a stand-in target: conversion is by class name
        name = 'target'
    back = saving._convert_rnn_weights(CuDNNLSTM(), new)
    np.testing.assert_allclose(back[0], kernel)
    np.testing.assert_allclose(back[1], recurrent)
    np.testing.assert_allclose(back[2][:4 * units] + back[2][4 * units:], new[2])
    with pytest.raises(ValueError, match='bias shape'):
        saving.preprocess_weights_for_loading(lstm, [kernel, recurrent, rng.rand(5)])


def test_gru_reset_after_and_cudnn_conversion():
    rng = np.random.RandomState(0)
    units, dim = 2, 3
    gru = GRU(units, reset_after=True)
    gru.build((None, 4, dim))
    kernel, recurrent = rng.rand(dim, 3 * units), rng.rand(units, 3 * units)
    cudnn_bias = rng.rand(6 * units)
    new = saving.preprocess_weights_for_loading(gru, [kernel, recurrent, cudnn_bias])
    assert new[2].shape == (2, 3 * units)
    np.testing.assert_array_equal(new[2].reshape(-1), cudnn_bias)
    plain = GRU(units)
    plain.build((None, 4, dim))
    with pytest.raises(ValueError, match='cannot be loaded'):
        saving.preprocess_weights_for_loading(plain, [kernel, recurrent, cudnn_bias])


def test_bidirectional_and_time_distributed_convert_their_sublayers():
    rng = np.random.RandomState(0)
    bi = Bidirectional(LSTM(2))
    bi.build((None, 4, 3))
    fw = [rng.rand(3, 8), rng.rand(2, 8), rng.rand(16)]  # CuDNN-style bias
    bw = [rng.rand(3, 8), rng.rand(2, 8), rng.rand(8)]
    new = saving.preprocess_weights_for_loading(bi, fw + bw)
    assert [w.shape for w in new] == [(3, 8), (2, 8), (8,)] * 2
    np.testing.assert_allclose(new[2], fw[2][:8] + fw[2][8:])
    np.testing.assert_array_equal(new[3], bw[0])
    td = TimeDistributed(Conv2D(4, (3, 2), data_format='channels_first'))
    td.build((None, 2, 5, 8, 8))
    old_kernel = rng.rand(4, 5, 3, 2)
    new = saving.preprocess_weights_for_loading(td, [old_kernel, np.zeros(4)], '1')
    np.testing.assert_array_equal(new[0], np.transpose(old_kernel, (2, 3, 1, 0)))


def test_nested_model_weights_load_by_order(tmp_path):
    inner = Sequential([Dense(3, input_shape=(2,), name='i1'),
                        BatchNormalization(name='ibn')], name='inner')
    inp = Input((2,))
    model = Model(inp, Dense(1, name='o')(inner(inp)))
    rng = np.random.RandomState(0)
    values = [rng.rand(*w.shape).astype('float32') for w in model.get_weights()]
    model.set_weights(values)
    path = str(tmp_path / 'n.h5')
    model.save_weights(path)
    model.set_weights([np.zeros_like(v) for v in values])
    model.load_weights(path)
    assert _weights_equal(model.get_weights(), values)


# --------------------------------------------------------------------------
# Optimizer state format
# --------------------------------------------------------------------------

def _trained(optimizer, multipliers=None, steps=2):
    model = Sequential([Dense(3, input_shape=(2,), name='d1',
                              learning_rate_multipliers=multipliers),
                        Dense(1, name='d2')])
    model.compile(optimizer, 'mse')
    rng = np.random.RandomState(0)
    for _ in range(steps):
        model.train_on_batch(rng.rand(4, 2), rng.rand(4, 1))
    return model


def test_optimizer_weights_are_keyed_by_weight_and_slot(tmp_path):
    model = _trained(optimizers.Adam(), multipliers={'bias': 0})
    path = str(tmp_path / 'm.h5')
    model.save(path)
    with h5py.File(path, 'r') as f:
        group = f['optimizer_weights']
        names = [n.decode() for n in group.attrs['weight_names']]
        keys = json.loads(group.attrs['weight_keys'])
    # iterations + (m, v, vhat) for d1/kernel, d2/kernel, d2/bias; the frozen
    # d1/bias has no slot.
    assert len(names) == 1 + 3 * 3
    assert keys[0] == [None, None, 'iterations']
    assert keys[1:4] == [['d1', 0, 'm'], ['d2', 0, 'm'], ['d2', 1, 'm']]
    assert keys[4][2] == 'v' and keys[7][2] == 'vhat'
    assert names[1] == 'm/d1/%s' % model.layers[0].kernel.name
    # Matching the state of a model whose frozen set differs fails clearly.
    other = _trained(optimizers.Adam(), steps=1)
    with h5py.File(path, 'r') as f:
        saved = saving._read_optimizer_weights(saving.H5Dict(f, 'r'), path)
    with pytest.raises(ValueError) as e:
        saving._optimizer_assignment(other, saved[0], saved[1], saved[2], path)
    assert "slot 'm' of weight #1 of layer 'd1'" in str(e.value)
    assert 'which the file lacks' in str(e.value)


def test_keras224_positional_optimizer_state_is_loaded(tmp_path):
    """A file as stock Keras 2.2.4 writes it: optimizer weights without
    keys, [iterations] + ms + vs + vhats (Adam), matched by position."""
    model = _trained(optimizers.Adam())
    path = str(tmp_path / 'm.h5')
    model.save(path)
    entries = saving._keyed_entries(model, model.optimizer)
    values = K.batch_get_value([e[0] for e in entries])
    with h5py.File(path, 'a') as f:
        del f['optimizer_weights']
        g = f.create_group('optimizer_weights')
        names = ['training/Adam/Variable_%d:0' % i for i in range(len(values))]
        names[0] = 'Adam/iterations:0'
        g.attrs['weight_names'] = [n.encode() for n in names]
        for n, v in zip(names, values):
            g.create_dataset(n, data=v)
    from keras.models import load_model
    loaded = load_model(path)
    loaded_entries = saving._keyed_entries(loaded, loaded.optimizer)
    for (var, key, _), value in zip(loaded_entries, values):
        np.testing.assert_array_equal(K.get_value(var), value)
    assert loaded_entries[1][1] == ['d1', 0, 'm']
    # RMSprop of 2.2.4 saved no `iterations`.
    model = _trained(optimizers.RMSprop(decay=0.1), steps=3)
    path = str(tmp_path / 'r.h5')
    model.save(path)
    entries = saving._keyed_entries(model, model.optimizer)
    values = K.batch_get_value([e[0] for e in entries[1:]])
    with h5py.File(path, 'a') as f:
        del f['optimizer_weights']
        g = f.create_group('optimizer_weights')
        g.attrs['weight_names'] = [('training/RMSprop/Variable_%d:0' % i).encode()
                                   for i in range(len(values))]
        for i, v in enumerate(values):
            g.create_dataset('training/RMSprop/Variable_%d:0' % i, data=v)
        g = None
    loaded = load_model(path)
    loaded_entries = saving._keyed_entries(loaded, loaded.optimizer)
    assert K.get_value(loaded.optimizer.iterations) == 0
    for (var, _, _), value in zip(loaded_entries[1:], values):
        np.testing.assert_array_equal(K.get_value(var), value)
    # A positional list that does not line up: a clear error.
    with h5py.File(path, 'a') as f:
        g = f['optimizer_weights']
        g.attrs['weight_names'] = g.attrs['weight_names'][:2]
    with pytest.raises(ValueError, match='holds 2 optimizer weights'):
        load_model(path)


# --------------------------------------------------------------------------
# Safe mode and the topology shim
# --------------------------------------------------------------------------

def test_check_lambda_allowed_and_scope():
    config = {'class_name': 'Model', 'config': {'layers': [
        {'class_name': 'Lambda', 'config': {'name': 'lam', 'function': ['x'],
                                            'function_type': 'lambda',
                                            'output_shape_type': 'raw'}}]}}
    with pytest.raises(ValueError, match="Lambda 'lam'.*safe_mode=False"):
        saving.check_lambda_allowed(config)
    saving.check_lambda_allowed(config, safe_mode=False)
    assert saving.in_safe_mode()
    with saving.safe_mode_scope(False):
        assert not saving.in_safe_mode()
        saving.check_lambda_allowed(config)
        with saving.safe_mode_scope(True):
            with pytest.raises(ValueError):
                saving.check_lambda_allowed(config['config']['layers'][0]['config'])
        assert not saving.in_safe_mode()
    assert saving.in_safe_mode()
    # Functions stored by name are not bytecode.
    named = {'class_name': 'Lambda', 'config': {'name': 'n', 'function': 'relu',
                                                'function_type': 'function'}}
    saving.check_lambda_allowed(named)


def test_topology_shim_exports():
    from keras.engine import topology
    from keras.engine.base_layer import Layer, Node, InputSpec
    from keras.engine.network import Network
    assert topology.Layer is Layer and topology.Node is Node
    assert topology.InputSpec is InputSpec and topology.Network is Network
    assert topology.Container is Network
    assert topology.Input is Input or topology.Input.__name__ == 'Input'
    assert topology.load_weights_from_hdf5_group is saving.load_weights_from_hdf5_group
    assert topology.save_weights_to_hdf5_group is saving.save_weights_to_hdf5_group
    assert topology.preprocess_weights_for_loading is saving.preprocess_weights_for_loading
    assert callable(topology.get_source_inputs)
