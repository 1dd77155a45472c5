"""Tests of keras/layers/convolutional.py against NumPy re-derivations:
convolutions of rank 1-3 (strides, dilation, valid/same/causal padding),
transposed convolutions (a scatter-add implementation, with
output_padding), separable and depthwise convolutions, up-sampling (nearest
and bilinear), zero-padding and cropping, in both data formats."""
import itertools

import numpy as np
import pytest
from numpy.testing import assert_allclose

from keras import backend as K
from keras import layers
from keras.layers import convolutional
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.utils.test_utils import layer_test


FORMATS = ['channels_last', 'channels_first']


def run(layer, x):
    inp = Input(batch_shape=x.shape)
    out = layer(inp)
    return K.function([inp], [out])([x])[0]


def to_last(x, data_format):
    """channels_first array -> channels_last (identity otherwise)."""
    if data_format == 'channels_first':
        return np.moveaxis(x, 1, -1)
    return x


def to_format(x, data_format):
    """channels_last array -> `data_format`."""
    if data_format == 'channels_first':
        return np.moveaxis(x, -1, 1)
    return x


def set_random_weights(layer, seed=0):
    rng = np.random.RandomState(seed)
    weights = [rng.uniform(-1, 1, size=w.shape).astype('float32')
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def run_random(layer, x):
    """Builds `layer` on `x`, gives it random weights, returns (output,
    weights)."""
    inp = Input(batch_shape=x.shape)
    out = layer(inp)
    weights = set_random_weights(layer)
    return K.function([inp], [out])([x])[0], weights


# ---------------------------------------------------------------------------
# NumPy references (channels_last)
# ---------------------------------------------------------------------------

def np_conv(x, w, strides, padding, dilation):
    """Cross-correlation of x (batch, *space, cin) with w (*k, cin, cout)."""
    rank = x.ndim - 2
    space = x.shape[1:-1]
    dk = [(w.shape[i] - 1) * dilation[i] + 1 for i in range(rank)]
    pads = []
    for i in range(rank):
        if padding == 'same':
            out = -(-space[i] // strides[i])
            total = max((out - 1) * strides[i] + dk[i] - space[i], 0)
            pads.append((total // 2, total - total // 2))
        elif padding == 'causal':
            pads.append((dk[i] - 1, 0))
        else:
            pads.append((0, 0))
    xp = np.pad(x, [(0, 0)] + pads + [(0, 0)], mode='constant')
    out_space = [(xp.shape[1 + i] - dk[i]) // strides[i] + 1
                 for i in range(rank)]
    y = np.zeros((x.shape[0],) + tuple(out_space) + (w.shape[-1],))
    for idx in itertools.product(*[range(n) for n in w.shape[:rank]]):
        sl = tuple(slice(idx[i] * dilation[i],
                         idx[i] * dilation[i] + (out_space[i] - 1) *
                         strides[i] + 1, strides[i]) for i in range(rank))
        patch = xp[(slice(None),) + sl + (slice(None),)]
        y += patch.dot(w[idx])
    return y


def np_conv_transpose(x, w, strides, padding, out_space, dilation=None):
    """Transposed convolution by scatter-add: x (batch, *in, cin), w
    (*k, cout, cin), output spatial shape `out_space`."""
    rank = x.ndim - 2
    dilation = dilation or (1,) * rank
    in_space = x.shape[1:-1]
    k = w.shape[:rank]
    dk = [(k[i] - 1) * dilation[i] + 1 for i in range(rank)]
    before = []
    for i in range(rank):
        if padding == 'same':
            total = max((in_space[i] - 1) * strides[i] + dk[i] - out_space[i], 0)
            before.append(total // 2)
        else:
            before.append(0)
    y = np.zeros((x.shape[0],) + tuple(out_space) + (w.shape[-2],))
    for pos in itertools.product(*[range(n) for n in in_space]):
        xv = x[(slice(None),) + pos + (slice(None),)]  # (batch, cin)
        for idx in itertools.product(*[range(n) for n in k]):
            o = [pos[i] * strides[i] + idx[i] * dilation[i] - before[i]
                 for i in range(rank)]
            if all(0 <= o[i] < out_space[i] for i in range(rank)):
                y[(slice(None),) + tuple(o) + (slice(None),)] += \
                    xv.dot(w[idx].T)
    return y


def depthwise_full_kernel(dw):
    """A depthwise kernel (*k, cin, M) as an ordinary kernel
    (*k, cin, cin * M)."""
    cin, mult = dw.shape[-2:]
    full = np.zeros(dw.shape[:-2] + (cin, cin * mult))
    for c in range(cin):
        for m in range(mult):
            full[..., c, c * mult + m] = dw[..., c, m]
    return full


# ---------------------------------------------------------------------------
# Conv1D / Conv2D / Conv3D
# ---------------------------------------------------------------------------

CONV1D_CASES = [
    dict(padding='valid', strides=1, dilation_rate=1),
    dict(padding='same', strides=2, dilation_rate=1),
    dict(padding='valid', strides=3, dilation_rate=1),
    dict(padding='same', strides=1, dilation_rate=2),
    dict(padding='causal', strides=1, dilation_rate=1),
    dict(padding='causal', strides=1, dilation_rate=3),
    dict(padding='causal', strides=2, dilation_rate=1),
]


@pytest.mark.parametrize('case', CONV1D_CASES)
def test_conv1d_math(case):
    x = np.random.RandomState(1).randn(2, 9, 3).astype('float32')
    layer = layers.Conv1D(4, 3, activation='relu', **case)
    y, (w, b) = run_random(layer, x)
    expected = np.maximum(
        np_conv(x, w, (case['strides'],), case['padding'],
                (case['dilation_rate'],)) + b, 0)
    assert_allclose(y, expected, rtol=1e-4, atol=1e-5)
    assert layer.compute_output_shape(x.shape) == expected.shape


def test_conv1d_causal_does_not_see_the_future():
    x = np.zeros((1, 8, 1), dtype='float32')
    layer = layers.Conv1D(1, 3, padding='causal', dilation_rate=2,
                          use_bias=False, kernel_initializer='ones')
    inp = Input(batch_shape=x.shape)
    f = K.function([inp], [layer(inp)])
    x[0, 5, 0] = 1.
    y = f([x])[0][0, :, 0]
    assert_allclose(y, [0, 0, 0, 0, 0, 1, 0, 1])


def test_conv1d_channels_first_and_errors():
    x = np.random.RandomState(2).randn(2, 3, 7).astype('float32')
    layer = layers.Conv1D(2, 2, strides=2, data_format='channels_first')
    y, (w, b) = run_random(layer, x)
    expected = np_conv(np.moveaxis(x, 1, 2), w, (2,), 'valid', (1,)) + b
    assert_allclose(y, np.moveaxis(expected, 2, 1), rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match='causal'):
        layers.Conv1D(2, 2, padding='causal', data_format='channels_first')
    with pytest.raises(ValueError, match='causal'):
        layers.Conv2D(2, 2, padding='causal')
    with pytest.raises(ValueError, match='padding'):
        layers.Conv1D(2, 2, padding='full')
    with pytest.raises(ValueError, match='kernel_size'):
        layers.Conv2D(2, (2, 2, 2))


CONV2D_CASES = [
    dict(padding='valid', strides=(1, 1), dilation_rate=(1, 1)),
    dict(padding='same', strides=(2, 1), dilation_rate=(1, 1)),
    dict(padding='valid', strides=(2, 3), dilation_rate=(1, 1)),
    dict(padding='same', strides=(1, 1), dilation_rate=(2, 2)),
    dict(padding='valid', strides=(1, 1), dilation_rate=(2, 1)),
]


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('case', CONV2D_CASES)
def test_conv2d_math(case, data_format):
    x_last = np.random.RandomState(3).randn(2, 7, 8, 3).astype('float32')
    layer = layers.Conv2D(4, (3, 2), data_format=data_format, **case)
    y, (w, b) = run_random(layer, to_format(x_last, data_format))
    expected = np_conv(x_last, w, case['strides'], case['padding'],
                       case['dilation_rate']) + b
    assert_allclose(to_last(y, data_format), expected, rtol=1e-4, atol=1e-5)
    assert layer.compute_output_shape(to_format(x_last, data_format).shape) \
        == y.shape


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('case', [
    dict(padding='valid', strides=(1, 1, 1), dilation_rate=(1, 1, 1)),
    dict(padding='same', strides=(2, 1, 2), dilation_rate=(1, 1, 1)),
    dict(padding='same', strides=(1, 1, 1), dilation_rate=(1, 2, 1)),
])
def test_conv3d_math(case, data_format):
    x_last = np.random.RandomState(4).randn(1, 5, 6, 5, 2).astype('float32')
    layer = layers.Conv3D(3, 2, data_format=data_format, **case)
    y, (w, b) = run_random(layer, to_format(x_last, data_format))
    expected = np_conv(x_last, w, case['strides'], case['padding'],
                       case['dilation_rate']) + b
    assert_allclose(to_last(y, data_format), expected, rtol=1e-4, atol=1e-5)


def test_conv_layer_test():
    layer_test(layers.Conv1D, kwargs={'filters': 2, 'kernel_size': 3,
                                      'padding': 'causal',
                                      'dilation_rate': 2},
               input_shape=(2, 8, 3))
    layer_test(layers.Conv1D, kwargs={'filters': 2, 'kernel_size': 2,
                                      'strides': 2, 'padding': 'same'},
               input_shape=(2, None, 3))
    for data_format in FORMATS:
        layer_test(layers.Conv2D,
                   kwargs={'filters': 2, 'kernel_size': (3, 2),
                           'strides': (2, 1), 'padding': 'same',
                           'data_format': data_format,
                           'activation': 'relu',
                           'kernel_regularizer': 'l2',
                           'bias_constraint': 'max_norm'},
                   input_shape=(2, 6, 5, 3))
        layer_test(layers.Conv3D,
                   kwargs={'filters': 2, 'kernel_size': 2,
                           'data_format': data_format, 'use_bias': False},
                   input_shape=(2, 3, 4, 3, 2))


def test_conv_config():
    config = layers.Conv2D(5, 3, strides=2, padding='same', name='c',
                           dilation_rate=1).get_config()
    assert 'rank' not in config
    assert config['kernel_size'] == (3, 3)
    assert config['strides'] == (2, 2)
    assert config['dilation_rate'] == (1, 1)
    assert config['padding'] == 'same'
    assert config['filters'] == 5
    clone = layers.Conv2D.from_config(config)
    assert clone.get_config() == config


def test_conv_legacy_keras1_arguments():
    import warnings
    with warnings.catch_warnings(record=True):
        warnings.simplefilter('always')
        layer = layers.Convolution2D(8, 3, 3, border_mode='same',
                                     subsample=(2, 2))
    assert layer.kernel_size == (3, 3)
    assert layer.padding == 'same'
    assert layer.strides == (2, 2)


def test_conv_needs_channel_dimension():
    layer = layers.Conv2D(2, 2)
    with pytest.raises(ValueError, match='channel dimension'):
        layer(Input(shape=(4, 4, None)))


# ---------------------------------------------------------------------------
# Transposed convolutions
# ---------------------------------------------------------------------------

CONV2DT_CASES = [
    dict(strides=(1, 1), padding='valid', output_padding=None),
    dict(strides=(2, 2), padding='valid', output_padding=None),
    dict(strides=(2, 2), padding='same', output_padding=None),
    dict(strides=(2, 3), padding='same', output_padding=(1, 2)),
    dict(strides=(3, 2), padding='valid', output_padding=(2, 1)),
    dict(strides=(2, 2), padding='valid', output_padding=0),
]


def deconv_len(length, stride, k, padding, out_pad, dilation=1):
    dk = (k - 1) * dilation + 1
    if out_pad is None:
        if padding == 'valid':
            return length * stride + max(dk - stride, 0)
        return length * stride
    pad = dk // 2 if padding == 'same' else 0
    return (length - 1) * stride + dk - 2 * pad + out_pad


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('case', CONV2DT_CASES)
def test_conv2d_transpose_math(case, data_format):
    x_last = np.random.RandomState(5).randn(2, 4, 3, 3).astype('float32')
    layer = layers.Conv2DTranspose(2, (3, 2), data_format=data_format, **case)
    y, (w, b) = run_random(layer, to_format(x_last, data_format))
    out_pad = case['output_padding']
    if out_pad is not None:
        out_pad = (out_pad, out_pad) if isinstance(out_pad, int) else out_pad
    out_space = [deconv_len(x_last.shape[1 + i], case['strides'][i],
                            (3, 2)[i], case['padding'],
                            None if out_pad is None else out_pad[i])
                 for i in range(2)]
    expected = np_conv_transpose(x_last, w, case['strides'], case['padding'],
                                 out_space) + b
    assert_allclose(to_last(y, data_format), expected, rtol=1e-4, atol=1e-5)
    assert layer.compute_output_shape(to_format(x_last, data_format).shape) \
        == y.shape
    assert w.shape == (3, 2, 2, 3)  # kernel_size + (filters, input channels)


def test_conv2d_transpose_dilation():
    x = np.random.RandomState(6).randn(1, 4, 4, 2).astype('float32')
    layer = layers.Conv2DTranspose(3, 2, dilation_rate=2)
    y, (w, b) = run_random(layer, x)
    expected = np_conv_transpose(x, w, (1, 1), 'valid', (6, 6),
                                 dilation=(2, 2)) + b
    assert_allclose(y, expected, rtol=1e-4, atol=1e-5)


def test_conv2d_transpose_is_gradient_of_conv2d_shape_inverse():
    # A stride-2 'same' transposed conv with output_padding=1 inverts the
    # shape of a stride-2 'same' conv of an odd size... and 0 of an even one.
    layer = layers.Conv2DTranspose(1, 3, strides=2, padding='same',
                                   output_padding=0)
    assert layer.compute_output_shape((None, 4, 4, 1)) == (None, 7, 7, 1)
    layer = layers.Conv2DTranspose(1, 3, strides=2, padding='same',
                                   output_padding=1)
    assert layer.compute_output_shape((None, 4, 4, 1)) == (None, 8, 8, 1)
    layer = layers.Conv2DTranspose(1, 3, strides=2, padding='same')
    assert layer.compute_output_shape((None, None, 5, 1)) == (None, None, 10, 1)


def test_conv_transpose_errors_and_config():
    with pytest.raises(ValueError, match='output padding'):
        layers.Conv2DTranspose(2, 3, strides=2, output_padding=2)
    with pytest.raises(ValueError, match='output padding'):
        layers.Conv3DTranspose(2, 3, strides=(2, 2, 1), output_padding=1)
    config = layers.Conv2DTranspose(2, 3, strides=2,
                                    output_padding=1).get_config()
    assert config['output_padding'] == (1, 1)
    assert layers.Conv2DTranspose.from_config(config).output_padding == (1, 1)
    config = layers.Conv3DTranspose(2, 3).get_config()
    assert config['output_padding'] is None
    assert 'dilation_rate' not in config
    assert layers.Conv3DTranspose.from_config(config).get_config() == config


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('case', [
    dict(strides=(1, 1, 1), padding='valid', output_padding=None),
    dict(strides=(2, 1, 2), padding='same', output_padding=None),
    dict(strides=(2, 2, 2), padding='same', output_padding=(1, 0, 1)),
    dict(strides=(2, 1, 3), padding='valid', output_padding=(1, 0, 2)),
])
def test_conv3d_transpose_math(case, data_format):
    x_last = np.random.RandomState(7).randn(1, 3, 2, 3, 2).astype('float32')
    layer = layers.Conv3DTranspose(2, (2, 3, 2), data_format=data_format,
                                   **case)
    y, (w, b) = run_random(layer, to_format(x_last, data_format))
    out_pad = case['output_padding']
    out_space = [deconv_len(x_last.shape[1 + i], case['strides'][i],
                            (2, 3, 2)[i], case['padding'],
                            None if out_pad is None else out_pad[i])
                 for i in range(3)]
    expected = np_conv_transpose(x_last, w, case['strides'], case['padding'],
                                 out_space) + b
    assert_allclose(to_last(y, data_format), expected, rtol=1e-4, atol=1e-5)
    assert layer.compute_output_shape(to_format(x_last, data_format).shape) \
        == y.shape


def test_conv_transpose_layer_test():
    for data_format in FORMATS:
        layer_test(layers.Conv2DTranspose,
                   kwargs={'filters': 2, 'kernel_size': 3, 'strides': 2,
                           'padding': 'same', 'output_padding': 1,
                           'data_format': data_format},
                   input_shape=(2, 3, 4, 2))
        layer_test(layers.Conv3DTranspose,
                   kwargs={'filters': 2, 'kernel_size': 2, 'strides': 2,
                           'data_format': data_format},
                   input_shape=(2, 2, 3, 2, 2))
    layer_test(layers.Conv2DTranspose,
               kwargs={'filters': 2, 'kernel_size': 3, 'strides': 2},
               input_shape=(2, None, None, 2))


# ---------------------------------------------------------------------------
# Separable and depthwise convolutions
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('case', [
    dict(strides=(1, 1), padding='valid', dilation_rate=(1, 1),
         depth_multiplier=1),
    dict(strides=(2, 2), padding='same', dilation_rate=(1, 1),
         depth_multiplier=2),
    dict(strides=(1, 1), padding='same', dilation_rate=(2, 2),
         depth_multiplier=3),
])
def test_separable_conv2d_math(case, data_format):
    x_last = np.random.RandomState(8).randn(2, 6, 7, 3).astype('float32')
    layer = layers.SeparableConv2D(4, (3, 2), data_format=data_format, **case)
    y, (dw, pw, b) = run_random(layer, to_format(x_last, data_format))
    assert dw.shape == (3, 2, 3, case['depth_multiplier'])
    assert pw.shape == (1, 1, 3 * case['depth_multiplier'], 4)
    depthwise = np_conv(x_last, depthwise_full_kernel(dw), case['strides'],
                        case['padding'], case['dilation_rate'])
    expected = depthwise.dot(pw[0, 0]) + b
    assert_allclose(to_last(y, data_format), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize('case', [
    dict(strides=1, padding='valid', dilation_rate=1, depth_multiplier=2,
         data_format='channels_last'),
    dict(strides=2, padding='same', dilation_rate=1, depth_multiplier=1,
         data_format='channels_first'),
    dict(strides=1, padding='causal', dilation_rate=2, depth_multiplier=2,
         data_format='channels_last'),
])
def test_separable_conv1d_math(case):
    data_format = case['data_format']
    x_last = np.random.RandomState(9).randn(2, 9, 3).astype('float32')
    layer = layers.SeparableConv1D(4, 3, **case)
    y, (dw, pw, b) = run_random(layer, to_format(x_last, data_format))
    depthwise = np_conv(x_last, depthwise_full_kernel(dw),
                        (case['strides'],), case['padding'],
                        (case['dilation_rate'],))
    expected = depthwise.dot(pw[0]) + b
    assert_allclose(to_last(y, data_format), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('case', [
    dict(strides=(1, 1), padding='valid', depth_multiplier=1),
    dict(strides=(2, 1), padding='same', depth_multiplier=2),
    dict(strides=(1, 1), padding='same', depth_multiplier=1,
         dilation_rate=(2, 2)),
])
def test_depthwise_conv2d_math(case, data_format):
    x_last = np.random.RandomState(10).randn(2, 6, 5, 3).astype('float32')
    layer = layers.DepthwiseConv2D((3, 2), data_format=data_format, **case)
    y, (dw, b) = run_random(layer, to_format(x_last, data_format))
    assert dw.shape == (3, 2, 3, case['depth_multiplier'])
    expected = np_conv(x_last, depthwise_full_kernel(dw), case['strides'],
                       case['padding'], case.get('dilation_rate', (1, 1))) + b
    assert_allclose(to_last(y, data_format), expected, rtol=1e-4, atol=1e-5)
    assert layer.compute_output_shape(to_format(x_last, data_format).shape) \
        == y.shape


def test_separable_and_depthwise_layer_test_and_config():
    for data_format in FORMATS:
        layer_test(layers.SeparableConv2D,
                   kwargs={'filters': 2, 'kernel_size': 3,
                           'depth_multiplier': 2, 'padding': 'same',
                           'data_format': data_format},
                   input_shape=(2, 5, 4, 3))
        layer_test(layers.SeparableConv1D,
                   kwargs={'filters': 2, 'kernel_size': 3, 'strides': 2,
                           'data_format': data_format},
                   input_shape=(2, 7, 3))
        layer_test(layers.DepthwiseConv2D,
                   kwargs={'kernel_size': 3, 'depth_multiplier': 2,
                           'data_format': data_format,
                           'depthwise_regularizer': 'l2'},
                   input_shape=(2, 5, 4, 3))
    config = layers.SeparableConv2D(3, 2, depth_multiplier=2,
                                    pointwise_initializer='zeros').get_config()
    for key in ('kernel_initializer', 'kernel_regularizer',
                'kernel_constraint', 'rank'):
        assert key not in config
    assert config['depth_multiplier'] == 2
    assert config['pointwise_initializer']['class_name'] == 'Zeros'
    config = layers.DepthwiseConv2D(3, depth_multiplier=4).get_config()
    assert 'filters' not in config and 'kernel_initializer' not in config
    assert config['depth_multiplier'] == 4
    clone = layers.DepthwiseConv2D.from_config(config)
    assert clone.get_config() == config


# ---------------------------------------------------------------------------
# Up-sampling
# ---------------------------------------------------------------------------

def np_bilinear_1d_weights(n_in, n_out):
    """Matrix (n_out, n_in) of TF's legacy bilinear resize (no half-pixel
    centres, corners not aligned)."""
    m = np.zeros((n_out, n_in))
    scale = n_in / float(n_out)
    for o in range(n_out):
        src = o * scale
        i0 = int(np.floor(src))
        i1 = min(i0 + 1, n_in - 1)
        frac = src - i0
        m[o, i0] += 1 - frac
        m[o, i1] += frac
    return m


def test_upsampling1d():
    x = np.random.random((2, 3, 4)).astype('float32')
    y = run(layers.UpSampling1D(size=3), x)
    assert_allclose(y, np.repeat(x, 3, axis=1))
    layer_test(layers.UpSampling1D, kwargs={'size': 2}, input_shape=(2, 3, 4))


@pytest.mark.parametrize('data_format', FORMATS)
def test_upsampling2d_nearest_and_bilinear(data_format):
    x_last = np.random.random((2, 3, 4, 2)).astype('float32')
    x = to_format(x_last, data_format)
    y = run(layers.UpSampling2D((2, 3), data_format=data_format), x)
    expected = np.repeat(np.repeat(x_last, 2, axis=1), 3, axis=2)
    assert_allclose(to_last(y, data_format), expected)
    y = run(layers.UpSampling2D((2, 3), data_format=data_format,
                                interpolation='bilinear'), x)
    rows = np_bilinear_1d_weights(3, 6)
    cols = np_bilinear_1d_weights(4, 12)
    expected = np.einsum('oi,bijc,pj->bopc', rows, x_last, cols)
    assert_allclose(to_last(y, data_format), expected, rtol=1e-5, atol=1e-6)
    for interpolation in ('nearest', 'bilinear'):
        layer_test(layers.UpSampling2D,
                   kwargs={'size': (2, 2), 'data_format': data_format,
                           'interpolation': interpolation},
                   input_shape=(2, 2, 3, 4))


def test_upsampling2d_errors_and_config():
    with pytest.raises(ValueError, match='interpolation'):
        layers.UpSampling2D(interpolation='bicubic')
    config = layers.UpSampling2D(size=3, interpolation='bilinear').get_config()
    assert config['size'] == (3, 3)
    assert config['interpolation'] == 'bilinear'


@pytest.mark.parametrize('data_format', FORMATS)
def test_upsampling3d(data_format):
    x_last = np.random.random((1, 2, 3, 2, 2)).astype('float32')
    y = run(layers.UpSampling3D((2, 1, 3), data_format=data_format),
            to_format(x_last, data_format))
    expected = np.repeat(np.repeat(x_last, 2, axis=1), 3, axis=3)
    assert_allclose(to_last(y, data_format), expected)
    layer_test(layers.UpSampling3D,
               kwargs={'size': (2, 2, 1), 'data_format': data_format},
               input_shape=(2, 2, 1, 3, 2))


# ---------------------------------------------------------------------------
# Zero-padding and cropping
# ---------------------------------------------------------------------------

def test_zero_padding1d():
    x = np.random.random((2, 3, 4)).astype('float32')
    y = run(layers.ZeroPadding1D((1, 2)), x)
    assert_allclose(y, np.pad(x, ((0, 0), (1, 2), (0, 0)), mode='constant'))
    y = run(layers.ZeroPadding1D(2), x)
    assert_allclose(y, np.pad(x, ((0, 0), (2, 2), (0, 0)), mode='constant'))
    assert layers.ZeroPadding1D(2).get_config()['padding'] == (2, 2)
    layer_test(layers.ZeroPadding1D, kwargs={'padding': (1, 2)},
               input_shape=(2, 3, 4))


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,pairs', [
    (2, ((2, 2), (2, 2))),
    ((1, 3), ((1, 1), (3, 3))),
    (((0, 1), (2, 3)), ((0, 1), (2, 3))),
])
def test_zero_padding2d(padding, pairs, data_format):
    x_last = np.random.random((2, 3, 4, 2)).astype('float32')
    layer = layers.ZeroPadding2D(padding, data_format=data_format)
    y = run(layer, to_format(x_last, data_format))
    expected = np.pad(x_last, ((0, 0),) + pairs + ((0, 0),), mode='constant')
    assert_allclose(to_last(y, data_format), expected)
    assert layer.get_config()['padding'] == pairs
    layer_test(layers.ZeroPadding2D,
               kwargs={'padding': padding, 'data_format': data_format},
               input_shape=(2, 2, 3, 2))


@pytest.mark.parametrize('data_format', FORMATS)
def test_zero_padding3d_and_errors(data_format):
    x_last = np.random.random((1, 2, 3, 2, 2)).astype('float32')
    pairs = ((1, 0), (0, 2), (1, 1))
    y = run(layers.ZeroPadding3D(pairs, data_format=data_format),
            to_format(x_last, data_format))
    expected = np.pad(x_last, ((0, 0),) + pairs + ((0, 0),), mode='constant')
    assert_allclose(to_last(y, data_format), expected)
    layer_test(layers.ZeroPadding3D,
               kwargs={'padding': 1, 'data_format': data_format},
               input_shape=(2, 2, 1, 2, 2))
    with pytest.raises(ValueError, match='padding'):
        layers.ZeroPadding2D((1, 2, 3))
    with pytest.raises(ValueError, match='padding'):
        layers.ZeroPadding3D(((1, 2), (1,), (1, 1)))


def test_cropping1d():
    x = np.random.random((2, 6, 3)).astype('float32')
    assert_allclose(run(layers.Cropping1D((1, 2)), x), x[:, 1:4])
    assert_allclose(run(layers.Cropping1D((2, 0)), x), x[:, 2:])
    assert layers.Cropping1D(1).get_config()['cropping'] == (1, 1)
    layer_test(layers.Cropping1D, kwargs={'cropping': (2, 1)},
               input_shape=(2, 5, 3))


@pytest.mark.parametrize('data_format', FORMATS)
def test_cropping2d_and_3d(data_format):
    x_last = np.random.random((2, 6, 5, 2)).astype('float32')
    layer = layers.Cropping2D(((1, 2), (0, 3)), data_format=data_format)
    y = run(layer, to_format(x_last, data_format))
    assert_allclose(to_last(y, data_format), x_last[:, 1:4, 0:2])
    assert layer.compute_output_shape(
        to_format(x_last, data_format).shape) == y.shape
    y = run(layers.Cropping2D(1, data_format=data_format),
            to_format(x_last, data_format))
    assert_allclose(to_last(y, data_format), x_last[:, 1:5, 1:4])
    layer_test(layers.Cropping2D,
               kwargs={'cropping': (1, 1), 'data_format': data_format},
               input_shape=(2, 4, 5, 6))

    x3 = np.random.random((1, 4, 5, 6, 2)).astype('float32')
    layer = layers.Cropping3D(((1, 1), (2, 0), (0, 3)), data_format=data_format)
    y = run(layer, to_format(x3, data_format))
    assert_allclose(to_last(y, data_format), x3[:, 1:3, 2:, 0:3])
    layer_test(layers.Cropping3D,
               kwargs={'cropping': 1, 'data_format': data_format},
               input_shape=(2, 3, 4, 3, 3))


def test_cropping1d_of_everything_gives_length_0():
    # Keras 2.2.4 (its own Cropping1D test crops (2, 2) off 4 steps): the
    # output has 0 steps, statically and when run.
    x = np.random.random((2, 4, 3)).astype('float32')
    layer = layers.Cropping1D((2, 2))
    assert layer.compute_output_shape((None, 4, 3)) == (None, 0, 3)
    y = run(layer, x)
    assert y.shape == (2, 0, 3)
    assert K.int_shape(layer.output) == (2, 0, 3)
    model = Sequential([layers.Cropping1D((2, 2), input_shape=(4, 3))])
    assert model.output_shape == (None, 0, 3)
    assert model.predict(x).shape == (2, 0, 3)
    clone = Sequential.from_config(model.get_config())
    assert clone.output_shape == (None, 0, 3)
    # Unknown length: the crop happens at run time.
    assert run(layers.Cropping1D((2, 2)), x).shape == (2, 0, 3)
    inp = Input(shape=(None, 3))
    out = layers.Cropping1D((2, 2))(inp)
    assert K.int_shape(out) == (None, None, 3)
    assert K.function([inp], [out])([x])[0].shape == (2, 0, 3)


def test_cropping_too_much():
    layer = layers.Cropping1D((3, 2))
    with pytest.raises(ValueError, match='removes more than the 4 steps'):
        layer(Input(shape=(4, 2)))
    with pytest.raises(ValueError, match='cropping'):
        layers.Cropping2D(((1, 2, 3), (0, 0)))


# ---------------------------------------------------------------------------
# Aliases
# ---------------------------------------------------------------------------

def test_aliases():
    assert layers.Convolution1D is layers.Conv1D
    assert layers.Convolution2D is layers.Conv2D
    assert layers.Convolution3D is layers.Conv3D
    assert layers.SeparableConvolution1D is layers.SeparableConv1D
    assert layers.SeparableConvolution2D is layers.SeparableConv2D
    assert layers.Convolution2DTranspose is layers.Conv2DTranspose
    assert layers.Deconvolution2D is layers.Conv2DTranspose
    assert layers.Deconv2D is layers.Conv2DTranspose
    assert layers.Deconvolution3D is layers.Conv3DTranspose
    assert layers.Deconv3D is layers.Conv3DTranspose
    for cls in (layers.Conv1D, layers.Conv2D, layers.Conv3D,
                layers.Conv2DTranspose, layers.Conv3DTranspose,
                layers.SeparableConv1D, layers.SeparableConv2D,
                layers.DepthwiseConv2D):
        assert issubclass(cls, convolutional._Conv)
    assert issubclass(layers.SeparableConv2D, convolutional._SeparableConv)
    assert callable(layers.transpose_shape)


def test_keras1_arguments_are_converted_for_other_layers():
    import warnings
    with warnings.catch_warnings(record=True):
        warnings.simplefilter('always')
        layer = layers.Convolution1D(nb_filter=4, filter_length=3,
                                     subsample_length=2)
        assert (layer.filters, layer.kernel_size, layer.strides) == \
            (4, (3,), (2,))
        layer = layers.UpSampling1D(length=3)
        assert layer.size == 3
        layer = layers.ZeroPadding2D(padding=(1, 2, 3, 4))
        assert layer.padding == ((1, 2), (3, 4))
        layer = layers.Cropping2D(((1, 1), (2, 2)), dim_ordering='th')
        assert layer.data_format == 'channels_first'
        layer = layers.SeparableConv2D(3, 2, 2, init='zeros')
        assert layer.kernel_size == (2, 2)
        assert type(layer.pointwise_initializer).__name__ == 'Zeros'
        layer = layers.Deconvolution2D(3, 2, 2, output_shape=(None, 4, 4, 3))
        assert layer.kernel_size == (2, 2)
