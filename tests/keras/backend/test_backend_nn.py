"""keras.backend neural-network ops vs NumPy: activations, losses,
normalization, bias, convolutions, pooling, locally-connected, CTC."""
import itertools

import numpy as np
import pytest

from keras import backend as K

RNG = np.random.RandomState(42)
FORMATS = ['channels_last', 'channels_first']


def ev(x):
    return K.eval(x)


def rand(*shape):
    return RNG.uniform(-1, 1, size=shape).astype('float32')


def to_first(x):
    """Channels-last array -> channels-first."""
    return np.moveaxis(x, -1, 1)


def to_last(x):
    return np.moveaxis(x, 1, -1)


# ---------------------------------------------------------------------------
# Activations
# ---------------------------------------------------------------------------

def np_relu(x, alpha=0., max_value=None, threshold=0.):
    out = np.where(x > threshold, x, alpha * (x - threshold))
    if max_value is not None:
        out = np.where(x >= max_value, max_value, out)
    return out


@pytest.mark.parametrize('alpha,max_value,threshold', [
    (0., None, 0.), (0.1, None, 0.), (0., 6., 0.), (0., 0.5, 0.),
    (0., None, 0.3), (0.2, 0.8, 0.1), (0.3, None, -0.5),
])
def test_relu(alpha, max_value, threshold):
    x = rand(5, 8) * 10
    x[0, :4] = [threshold, max_value or 1., 6., 0.]
    out = ev(K.relu(K.variable(x), alpha=alpha, max_value=max_value,
                    threshold=threshold))
    np.testing.assert_allclose(out, np_relu(x, alpha, max_value, threshold),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('alpha', [1., 0.5])
def test_elu(alpha):
    x = rand(4, 5) * 3
    expected = np.where(x > 0, x, alpha * (np.exp(x) - 1))
    np.testing.assert_allclose(ev(K.elu(K.variable(x), alpha)), expected,
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('axis', [-1, 1, 0])
def test_softmax(axis):
    x = rand(3, 4, 5) * 5
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    expected = e / e.sum(axis=axis, keepdims=True)
    np.testing.assert_allclose(ev(K.softmax(K.variable(x), axis=axis)),
                               expected, rtol=1e-5, atol=1e-6)


def test_l2_normalize():
    x = rand(3, 4)
    for axis in (0, 1, -1):
        norm = np.sqrt(np.maximum(np.sum(x ** 2, axis=axis, keepdims=True),
                                  1e-12))
        np.testing.assert_allclose(ev(K.l2_normalize(K.variable(x), axis)),
                                   x / norm, rtol=1e-5)


def test_dropout():
    x = K.ones((400, 50))
    out = ev(K.dropout(x, 0.25, seed=1))
    assert np.all(np.isclose(out, 0.) | np.isclose(out, 1. / 0.75))
    assert abs((out == 0).mean() - 0.25) < 0.03
    rows = ev(K.dropout(x, 0.5, noise_shape=(400, 1), seed=2))
    assert np.all(rows.min(axis=1) == rows.max(axis=1))
    assert abs((rows[:, 0] == 0).mean() - 0.5) < 0.1


# ---------------------------------------------------------------------------
# Crossentropies
# ---------------------------------------------------------------------------

EPS = 1e-7


def np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize('axis', [-1, 1])
def test_categorical_crossentropy(axis):
    logits = rand(2, 4, 3) * 4
    target = np.moveaxis(np.eye(3)[RNG.randint(0, 3, (2, 4))], -1,
                         axis if axis != -1 else -1).astype('float32')
    if axis == 1:
        logits = np.moveaxis(logits, -1, 1)
        target = np.moveaxis(target, 1, 1)
    probs = np_softmax(logits, axis=axis) * 2.  # unnormalized on purpose
    probs_n = np.clip(probs / probs.sum(axis, keepdims=True), EPS, 1 - EPS)
    expected = -np.sum(target * np.log(probs_n), axis=axis)
    out = K.categorical_crossentropy(K.variable(target), K.variable(probs),
                                     axis=axis)
    np.testing.assert_allclose(ev(out), expected, rtol=1e-5, atol=1e-6)
    expected_logits = -np.sum(target * np.log(np_softmax(logits, axis)),
                              axis=axis)
    out = K.categorical_crossentropy(K.variable(target), K.variable(logits),
                                     from_logits=True, axis=axis)
    np.testing.assert_allclose(ev(out), expected_logits, rtol=1e-5,
                               atol=1e-6)


def test_categorical_crossentropy_clips():
    target = np.array([[1., 0.]], dtype='float32')
    probs = np.array([[0., 1.]], dtype='float32')
    out = ev(K.categorical_crossentropy(K.variable(target),
                                        K.variable(probs)))
    np.testing.assert_allclose(out, [-np.log(EPS)], rtol=1e-4)


def test_crossentropy_bad_axis():
    x = K.variable(rand(2, 3))
    with pytest.raises(ValueError):
        K.categorical_crossentropy(x, x, axis=5)
    with pytest.raises(ValueError):
        K.sparse_categorical_crossentropy(x, x, axis=4)


@pytest.mark.parametrize('shape,axis', [((5, 4), -1), ((2, 3, 4), -1),
                                        ((2, 4, 3), 1)])
@pytest.mark.parametrize('from_logits', [False, True])
def test_sparse_categorical_crossentropy(shape, axis, from_logits):
    logits = rand(*shape) * 3
    class_axis = axis % len(shape)
    n_classes = shape[class_axis]
    label_shape = shape[:class_axis] + shape[class_axis + 1:]
    labels = RNG.randint(0, n_classes, size=label_shape)
    probs = np_softmax(logits, axis=class_axis)
    moved = np.moveaxis(probs, class_axis, -1)
    expected = -np.log(np.take_along_axis(
        moved, labels[..., None], axis=-1)[..., 0])
    output = logits if from_logits else probs
    out = K.sparse_categorical_crossentropy(
        K.variable(labels.astype('float32')), K.variable(output),
        from_logits=from_logits, axis=axis)
    np.testing.assert_allclose(ev(out), expected, rtol=1e-4, atol=1e-5)


def test_sparse_categorical_crossentropy_dynamic_batch():
    probs = K.placeholder((None, 3, 4))
    labels = K.placeholder((None, 3))
    out = K.sparse_categorical_crossentropy(labels, probs)
    p = np_softmax(rand(2, 3, 4))
    y = RNG.randint(0, 4, (2, 3)).astype('float32')
    res = K.function([labels, probs], [out])([y, p])[0]
    expected = -np.log(np.take_along_axis(p, y.astype(int)[..., None],
                                          -1)[..., 0])
    np.testing.assert_allclose(res, expected, rtol=1e-5)


def test_binary_crossentropy():
    target = RNG.randint(0, 2, (4, 3)).astype('float32')
    logits = rand(4, 3) * 5
    probs = 1. / (1. + np.exp(-logits))
    probs[0, 0] = 1.  # clipped to 1 - epsilon
    clipped = np.clip(probs, EPS, 1 - EPS)
    expected = -(target * np.log(clipped) +
                 (1 - target) * np.log(1 - clipped))
    out = K.binary_crossentropy(K.variable(target), K.variable(probs))
    np.testing.assert_allclose(ev(out), expected, rtol=1e-3, atol=1e-5)
    expected_logits = (np.maximum(logits, 0) - logits * target +
                       np.log1p(np.exp(-np.abs(logits))))
    out = K.binary_crossentropy(K.variable(target), K.variable(logits),
                                from_logits=True)
    np.testing.assert_allclose(ev(out), expected_logits, rtol=1e-5,
                               atol=1e-6)


# ---------------------------------------------------------------------------
# Batch normalization and bias
# ---------------------------------------------------------------------------

def test_normalize_batch_in_training_fused_channels_last():
    x = rand(3, 4, 5, 2)
    gamma, beta = rand(2) + 2, rand(2)
    normed, mean, var = K.normalize_batch_in_training(
        K.variable(x), K.variable(gamma), K.variable(beta), [0, 1, 2],
        epsilon=1e-3)
    normed, mean, var = K.batch_get_value([normed, mean, var])
    m = x.mean(axis=(0, 1, 2))
    v = x.var(axis=(0, 1, 2))
    n = 3 * 4 * 5
    np.testing.assert_allclose(mean, m, rtol=1e-4, atol=1e-6)
    # Keras 2.2.4 (fused kernel): returned variance has Bessel's correction.
    np.testing.assert_allclose(var, v * n / (n - 1), rtol=1e-4)
    np.testing.assert_allclose(normed, (x - m) / np.sqrt(v + 1e-3) * gamma +
                               beta, rtol=1e-4, atol=1e-5)


def test_normalize_batch_in_training_2d_and_no_gamma_beta():
    x = rand(6, 3)
    normed, mean, var = K.normalize_batch_in_training(
        K.variable(x), None, None, [0], epsilon=1e-3)
    normed, mean, var = K.batch_get_value([normed, mean, var])
    np.testing.assert_allclose(mean, x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(var, x.var(0), rtol=1e-5)
    np.testing.assert_allclose(normed, (x - x.mean(0)) /
                               np.sqrt(x.var(0) + 1e-3), rtol=1e-4,
                               atol=1e-5)


def test_normalize_batch_in_training_channels_first():
    x = rand(3, 2, 4, 5)
    gamma, beta = rand(2) + 2, rand(2)
    normed, mean, var = K.normalize_batch_in_training(
        K.variable(x), K.variable(gamma), K.variable(beta), [0, 2, 3],
        epsilon=1e-3)
    normed, mean, var = K.batch_get_value([normed, mean, var])
    m = x.mean(axis=(0, 2, 3))
    v = x.var(axis=(0, 2, 3))
    np.testing.assert_allclose(mean, m, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(var, v, rtol=1e-4)
    b = (1, 2, 1, 1)
    expected = ((x - m.reshape(b)) / np.sqrt(v.reshape(b) + 1e-3) *
                gamma.reshape(b) + beta.reshape(b))
    np.testing.assert_allclose(normed, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('axis', [-1, 1])
def test_batch_normalization(axis):
    x = rand(2, 3, 4, 3)
    c = x.shape[axis]
    mean, var, beta, gamma = rand(c), np.abs(rand(c)) + .5, rand(c), rand(c)
    shape = [1] * 4
    shape[axis] = c
    r = lambda a: a.reshape(shape)  # noqa: E731
    expected = (x - r(mean)) / np.sqrt(r(var) + 1e-3) * r(gamma) + r(beta)
    out = K.batch_normalization(K.variable(x), K.variable(mean),
                                K.variable(var), K.variable(beta),
                                K.variable(gamma), axis=axis, epsilon=1e-3)
    np.testing.assert_allclose(ev(out), expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('rank', [2, 3, 4, 5])
def test_bias_add_1d(data_format, rank):
    shape = (2, 3, 4, 5, 6)[:rank]
    x = rand(*shape)
    if data_format == 'channels_last' or rank == 2:
        bias = rand(shape[-1])
        expected = x + bias
    else:
        bias = rand(shape[1])
        expected = x + bias.reshape((1, -1) + (1,) * (rank - 2))
    out = K.bias_add(K.variable(x), K.variable(bias), data_format)
    np.testing.assert_allclose(ev(out), expected, rtol=1e-6)


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('rank', [3, 4, 5])
def test_bias_add_full(data_format, rank):
    shape = (2, 3, 4, 5, 6)[:rank]
    x = rand(*shape)
    if data_format == 'channels_last':
        bias = rand(*shape[1:])
        expected = x + bias[None]
    else:
        # Keras 2.2.4's layout: the bias is given as (spatial..., channels)
        # and reshaped (not transposed) to (channels, spatial...).
        bias = rand(*(shape[2:] + shape[1:2]))
        expected = x + bias.reshape((1,) + shape[1:])
    out = K.bias_add(K.variable(x), K.variable(bias), data_format)
    np.testing.assert_allclose(ev(out), expected, rtol=1e-6)


def test_bias_add_bad_rank():
    with pytest.raises(ValueError):
        K.bias_add(K.variable(rand(2, 3, 4, 5)), K.variable(rand(4, 5)))


# ---------------------------------------------------------------------------
# Convolutions
# ---------------------------------------------------------------------------

def _pad_same(x, kernel_spatial, strides, dilation):
    pads = [(0, 0)]
    for i, k in enumerate(kernel_spatial):
        size = x.shape[i + 1]
        eff = (k - 1) * dilation[i] + 1
        out = -(-size // strides[i])
        total = max((out - 1) * strides[i] + eff - size, 0)
        pads.append((total // 2, total - total // 2))
    pads.append((0, 0))
    return np.pad(x, pads, 'constant')


def np_conv(x, kernel, strides, padding, dilation):
    """Channels-last N-D convolution (cross-correlation, as TF)."""
    nd = x.ndim - 2
    ks = kernel.shape[:nd]
    if padding == 'same':
        x = _pad_same(x, ks, strides, dilation)
    out_sizes = [(x.shape[i + 1] - ((ks[i] - 1) * dilation[i] + 1)) //
                 strides[i] + 1 for i in range(nd)]
    out = np.zeros((x.shape[0],) + tuple(out_sizes) + (kernel.shape[-1],))
    for pos in itertools.product(*[range(s) for s in out_sizes]):
        index = [slice(None)]
        for i, p in enumerate(pos):
            start = p * strides[i]
            index.append(slice(start, start + (ks[i] - 1) * dilation[i] + 1,
                               dilation[i]))
        patch = x[tuple(index)]
        out[(slice(None),) + pos] = np.tensordot(
            patch, kernel, axes=(list(range(1, nd + 2)),
                                 list(range(nd + 1))))
    return out


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides,dilation', [
    ('valid', 1, 1), ('same', 1, 1), ('valid', 2, 1), ('same', 2, 1),
    ('valid', 1, 2), ('same', 1, 2)])
def test_conv1d(data_format, padding, strides, dilation):
    x = rand(2, 9, 3)
    kernel = rand(3, 3, 4)
    expected = np_conv(x, kernel, (strides,), padding, (dilation,))
    inp = x if data_format == 'channels_last' else to_first(x)
    out = ev(K.conv1d(K.variable(inp), K.variable(kernel), strides=strides,
                      padding=padding, data_format=data_format,
                      dilation_rate=dilation))
    if data_format == 'channels_first':
        out = to_last(out)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('dilation', [1, 2])
def test_conv1d_causal(dilation):
    x = rand(2, 7, 3)
    kernel = rand(3, 3, 2)
    left = dilation * 2
    padded = np.pad(x, [(0, 0), (left, 0), (0, 0)], 'constant')
    expected = np_conv(padded, kernel, (1,), 'valid', (dilation,))
    out = ev(K.conv1d(K.variable(x), K.variable(kernel), padding='causal',
                      dilation_rate=dilation))
    assert out.shape == (2, 7, 2)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    # Causality: output t does not depend on inputs after t.
    x2 = x.copy()
    x2[:, 4:] = 0.
    out2 = ev(K.conv1d(K.variable(x2), K.variable(kernel), padding='causal',
                       dilation_rate=dilation))
    np.testing.assert_allclose(out2[:, :4], out[:, :4], rtol=1e-5)
    with pytest.raises(ValueError):
        K.conv1d(K.variable(x), K.variable(kernel), padding='causal',
                 data_format='channels_first')


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides,dilation', [
    ('valid', (1, 1), (1, 1)), ('same', (1, 1), (1, 1)),
    ('valid', (2, 1), (1, 1)), ('same', (2, 2), (1, 1)),
    ('valid', (1, 1), (2, 1)), ('same', (1, 1), (2, 2))])
def test_conv2d(data_format, padding, strides, dilation):
    x = rand(2, 7, 6, 3)
    kernel = rand(3, 2, 3, 4)
    expected = np_conv(x, kernel, strides, padding, dilation)
    inp = x if data_format == 'channels_last' else to_first(x)
    out = ev(K.conv2d(K.variable(inp), K.variable(kernel), strides=strides,
                      padding=padding, data_format=data_format,
                      dilation_rate=dilation))
    if data_format == 'channels_first':
        out = to_last(out)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)


def test_conv2d_bad_padding():
    with pytest.raises(ValueError):
        K.conv2d(K.variable(rand(1, 3, 3, 1)), K.variable(rand(2, 2, 1, 1)),
                 padding='full')


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides', [('valid', (1, 1, 1)),
                                             ('same', (2, 1, 2))])
def test_conv3d(data_format, padding, strides):
    x = rand(2, 5, 4, 5, 2)
    kernel = rand(2, 3, 2, 2, 3)
    expected = np_conv(x, kernel, strides, padding, (1, 1, 1))
    inp = x if data_format == 'channels_last' else to_first(x)
    out = ev(K.conv3d(K.variable(inp), K.variable(kernel), strides=strides,
                      padding=padding, data_format=data_format))
    if data_format == 'channels_first':
        out = to_last(out)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)


def np_conv_transpose(x, kernel, strides, padding, out_spatial):
    """Channels-last transposed convolution; kernel (*k, out_c, in_c)."""
    nd = x.ndim - 2
    ks = kernel.shape[:nd]
    full_sizes = [(x.shape[i + 1] - 1) * strides[i] + ks[i]
                  for i in range(nd)]
    full = np.zeros((x.shape[0],) + tuple(full_sizes) + (kernel.shape[-2],))
    for pos in itertools.product(*[range(s) for s in x.shape[1:-1]]):
        contrib = np.tensordot(x[(slice(None),) + pos], kernel,
                               axes=([1], [nd + 1]))
        index = (slice(None),) + tuple(
            slice(p * strides[i], p * strides[i] + ks[i])
            for i, p in enumerate(pos))
        full[index] += contrib
    starts = []
    for i in range(nd):
        if padding == 'valid':
            starts.append(0)
        else:
            total = max((x.shape[i + 1] - 1) * strides[i] + ks[i] -
                        out_spatial[i], 0)
            starts.append(total // 2)
    index = (slice(None),) + tuple(slice(s, s + o)
                                   for s, o in zip(starts, out_spatial))
    return full[index]


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding', ['valid', 'same'])
def test_conv2d_transpose(data_format, padding):
    x = rand(2, 3, 4, 3)
    kernel = rand(3, 3, 5, 3)
    strides = (2, 2)
    if padding == 'valid':
        out_spatial = (7, 9)
    else:
        out_spatial = (6, 8)
    expected = np_conv_transpose(x, kernel, strides, padding, out_spatial)
    if data_format == 'channels_last':
        inp = x
        out_shape = (None,) + out_spatial + (5,)
    else:
        inp = to_first(x)
        out_shape = (None, 5) + out_spatial
    ph = K.placeholder((None,) + inp.shape[1:])
    out = K.conv2d_transpose(ph, K.variable(kernel), out_shape,
                             strides=strides, padding=padding,
                             data_format=data_format)
    res = K.function([ph], [out])([inp])[0]
    if data_format == 'channels_first':
        res = to_last(res)
    np.testing.assert_allclose(res, expected, rtol=1e-4, atol=1e-5)


def test_conv2d_transpose_dilated_matches_gradient_of_conv():
    # A dilated transposed convolution is the gradient of the dilated
    # convolution with respect to its input.
    x = rand(1, 7, 7, 2)
    kernel = rand(3, 3, 2, 4)  # conv kernel: in 2 -> out 4
    xv = K.variable(x)
    y = K.conv2d(xv, K.variable(kernel), padding='same', dilation_rate=(2, 2))
    g = rand(1, 7, 7, 4)
    grad = K.gradients(K.sum(y * K.variable(g)), [xv])[0]
    out = K.conv2d_transpose(K.variable(g), K.variable(kernel),
                             (1, 7, 7, 2), padding='same',
                             dilation_rate=(2, 2))
    np.testing.assert_allclose(ev(out), ev(grad), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('data_format', FORMATS)
def test_conv3d_transpose(data_format):
    x = rand(1, 2, 3, 2, 2)
    kernel = rand(2, 2, 3, 3, 2)
    strides = (2, 1, 2)
    out_spatial = (4, 4, 5)
    expected = np_conv_transpose(x, kernel, strides, 'valid', out_spatial)
    if data_format == 'channels_last':
        inp, out_shape = x, (1,) + out_spatial + (3,)
    else:
        inp, out_shape = to_first(x), (1, 3) + out_spatial
    res = ev(K.conv3d_transpose(K.variable(inp), K.variable(kernel),
                                out_shape, strides=strides, padding='valid',
                                data_format=data_format))
    if data_format == 'channels_first':
        res = to_last(res)
    np.testing.assert_allclose(res, expected, rtol=1e-4, atol=1e-5)


def np_depthwise(x, kernel, strides, padding, dilation):
    nd = x.ndim - 2
    channels, mult = kernel.shape[-2], kernel.shape[-1]
    outs = []
    for c in range(channels):
        k = kernel[..., c:c + 1, :]
        outs.append(np_conv(x[..., c:c + 1], k, strides, padding, dilation))
    out = np.stack(outs, axis=-2)  # (..., channels, mult)
    return out.reshape(out.shape[:nd + 1] + (channels * mult,))


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides,dilation', [
    ('valid', (1, 1), (1, 1)), ('same', (2, 2), (1, 1)),
    ('same', (1, 1), (2, 2))])
def test_depthwise_and_separable_conv2d(data_format, padding, strides,
                                        dilation):
    x = rand(2, 6, 7, 3)
    dk = rand(3, 3, 3, 2)
    pk = rand(1, 1, 6, 4)
    expected_dw = np_depthwise(x, dk, strides, padding, dilation)
    expected_sep = np_conv(expected_dw, pk, (1, 1), 'valid', (1, 1))
    inp = x if data_format == 'channels_last' else to_first(x)
    dw = ev(K.depthwise_conv2d(K.variable(inp), K.variable(dk),
                               strides=strides, padding=padding,
                               data_format=data_format,
                               dilation_rate=dilation))
    sep = ev(K.separable_conv2d(K.variable(inp), K.variable(dk),
                                K.variable(pk), strides=strides,
                                padding=padding, data_format=data_format,
                                dilation_rate=dilation))
    if data_format == 'channels_first':
        dw, sep = to_last(dw), to_last(sep)
    np.testing.assert_allclose(dw, expected_dw, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(sep, expected_sep, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides,dilation', [
    ('valid', 1, 1), ('same', 2, 1), ('same', 1, 2)])
def test_separable_conv1d(data_format, padding, strides, dilation):
    x = rand(2, 9, 3)
    dk = rand(3, 3, 2)
    pk = rand(1, 6, 4)
    expected = np_conv(np_depthwise(x, dk, (strides,), padding, (dilation,)),
                       pk, (1,), 'valid', (1,))
    inp = x if data_format == 'channels_last' else to_first(x)
    out = ev(K.separable_conv1d(K.variable(inp), K.variable(dk),
                                K.variable(pk), strides=strides,
                                padding=padding, data_format=data_format,
                                dilation_rate=dilation))
    if data_format == 'channels_first':
        out = to_last(out)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------------------
# Pooling
# ---------------------------------------------------------------------------

def np_pool(x, pool, strides, padding, mode):
    nd = x.ndim - 2
    if padding == 'same':
        pads = [(0, 0)]
        for i in range(nd):
            size = x.shape[i + 1]
            out = -(-size // strides[i])
            total = max((out - 1) * strides[i] + pool[i] - size, 0)
            pads.append((total // 2, total - total // 2))
        pads.append((0, 0))
        x = np.pad(x.astype('float64'), pads, 'constant',
                   constant_values=np.nan)
    out_sizes = [(x.shape[i + 1] - pool[i]) // strides[i] + 1
                 for i in range(nd)]
    out = np.zeros((x.shape[0],) + tuple(out_sizes) + (x.shape[-1],))
    reduce_fn = np.nanmax if mode == 'max' else np.nanmean
    for pos in itertools.product(*[range(s) for s in out_sizes]):
        index = (slice(None),) + tuple(
            slice(p * strides[i], p * strides[i] + pool[i])
            for i, p in enumerate(pos))
        patch = x[index]
        out[(slice(None),) + pos] = reduce_fn(
            patch, axis=tuple(range(1, nd + 1)))
    return out


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('mode', ['max', 'avg'])
@pytest.mark.parametrize('padding,pool,strides', [
    ('valid', (2, 2), (2, 2)), ('same', (3, 2), (2, 1)),
    ('valid', (3, 3), (1, 2))])
def test_pool2d(data_format, mode, padding, pool, strides):
    x = rand(2, 7, 6, 3)
    expected = np_pool(x, pool, strides, padding, mode)
    inp = x if data_format == 'channels_last' else to_first(x)
    out = ev(K.pool2d(K.variable(inp), pool, strides=strides,
                      padding=padding, data_format=data_format,
                      pool_mode=mode))
    if data_format == 'channels_first':
        out = to_last(out)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('mode', ['max', 'avg'])
@pytest.mark.parametrize('padding', ['valid', 'same'])
def test_pool3d(data_format, mode, padding):
    x = rand(2, 5, 4, 5, 2)
    pool, strides = (2, 2, 3), (2, 1, 2)
    expected = np_pool(x, pool, strides, padding, mode)
    inp = x if data_format == 'channels_last' else to_first(x)
    out = ev(K.pool3d(K.variable(inp), pool, strides=strides,
                      padding=padding, data_format=data_format,
                      pool_mode=mode))
    if data_format == 'channels_first':
        out = to_last(out)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_pool_bad_mode():
    with pytest.raises(ValueError):
        K.pool2d(K.variable(rand(1, 4, 4, 1)), (2, 2), pool_mode='median')
    with pytest.raises(ValueError):
        K.pool3d(K.variable(rand(1, 4, 4, 4, 1)), (2, 2, 2),
                 pool_mode='median')


# ---------------------------------------------------------------------------
# Locally-connected
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('data_format', FORMATS)
def test_local_conv1d(data_format):
    x = rand(2, 8, 3)
    k, s, filters = 3, 2, 4
    out_len = (8 - k) // s + 1
    kernel = rand(out_len, k * 3, filters)
    expected = np.stack([x[:, i * s:i * s + k, :].reshape(2, -1)
                         .dot(kernel[i]) for i in range(out_len)], axis=1)
    inp = x if data_format == 'channels_last' else to_first(x)
    out = ev(K.local_conv1d(K.variable(inp), K.variable(kernel), (k,), (s,),
                            data_format=data_format))
    if data_format == 'channels_first':
        out = to_last(out)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('data_format', FORMATS)
def test_local_conv2d(data_format):
    x = rand(2, 5, 6, 3)
    inp = x if data_format == 'channels_last' else to_first(x)
    ksize, strides, filters = (2, 3), (1, 2), 4
    out_rows = (5 - 2) // 1 + 1
    out_cols = (6 - 3) // 2 + 1
    kernel = rand(out_rows * out_cols, 2 * 3 * 3, filters)
    expected = np.zeros((2, out_rows, out_cols, filters))
    for i in range(out_rows):
        for j in range(out_cols):
            rows = slice(i * strides[0], i * strides[0] + ksize[0])
            cols = slice(j * strides[1], j * strides[1] + ksize[1])
            if data_format == 'channels_last':
                patch = inp[:, rows, cols, :]
            else:
                patch = inp[:, :, rows, cols]
            expected[:, i, j] = patch.reshape(2, -1).dot(
                kernel[i * out_cols + j])
    out = ev(K.local_conv2d(K.variable(inp), K.variable(kernel), ksize,
                            strides, (out_rows, out_cols),
                            data_format=data_format))
    if data_format == 'channels_first':
        out = to_last(out)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------------------
# CTC
# ---------------------------------------------------------------------------

def np_ctc_probability(probs, label, blank):
    """Sum of the probabilities of all paths that collapse to `label`."""
    total = 0.
    steps, classes = probs.shape
    for path in itertools.product(range(classes), repeat=steps):
        collapsed = [c for i, c in enumerate(path)
                     if (i == 0 or c != path[i - 1]) and c != blank]
        if collapsed == list(label):
            total += np.prod([probs[t, c] for t, c in enumerate(path)])
    return total


def test_ctc_label_dense_to_sparse():
    labels = K.constant([[1, 2, 0], [3, 0, 0]], dtype='int32')
    lengths = K.constant([2, 1], dtype='int32')
    sparse = K.ctc_label_dense_to_sparse(labels, lengths)
    assert K.is_sparse(sparse)
    # The dense shape is the one of `labels`; entries past a length are 0.
    np.testing.assert_array_equal(ev(K.to_dense(sparse)),
                                  [[1, 2, 0], [3, 0, 0]])
    indices = K.get_session().run(sparse.indices)
    np.testing.assert_array_equal(indices, [[0, 0], [0, 1], [1, 0]])


def test_ctc_batch_cost_matches_path_enumeration():
    steps, classes = 4, 3  # classes 0, 1 and blank = 2
    logits = rand(2, steps, classes) * 2
    probs = np_softmax(logits)
    y_true = np.array([[0, 1], [1, 0]], dtype='float32')
    label_length = np.array([[2], [1]])
    input_length = np.array([[4], [3]])
    cost = K.ctc_batch_cost(K.variable(y_true), K.variable(probs),
                            K.constant(input_length, dtype='int32'),
                            K.constant(label_length, dtype='int32'))
    assert K.int_shape(cost) == (2, 1)
    cost = ev(cost)
    expected0 = -np.log(np_ctc_probability(probs[0], [0, 1], 2))
    expected1 = -np.log(np_ctc_probability(probs[1, :3], [1], 2))
    np.testing.assert_allclose(cost[:, 0], [expected0, expected1], rtol=1e-4)


def test_ctc_decode_greedy_and_beam():
    steps, classes = 5, 3
    probs = np_softmax(rand(2, steps, classes) * 4)
    # Sample 0: a path with repeats and blanks.
    probs[0] = np.eye(3)[[0, 0, 2, 0, 1]] * 0.9 + 0.1 / 3
    input_length = np.array([5, 4])
    decoded, log_prob = K.ctc_decode(K.variable(probs),
                                     K.constant(input_length, dtype='int32'),
                                     greedy=True)
    dense, lp = K.batch_get_value([decoded[0], log_prob])
    for b in range(2):
        path = np.argmax(probs[b, :input_length[b]], axis=-1)
        labels = [c for i, c in enumerate(path)
                  if (i == 0 or c != path[i - 1]) and c != 2]
        row = list(dense[b][dense[b] != -1])
        assert row == labels
        np.testing.assert_allclose(
            lp[b, 0], -np.sum(np.log(np.max(probs[b, :input_length[b]],
                                            -1) + 1e-7)), rtol=1e-4)
    assert list(dense[0][:3]) == [0, 0, 1]
    decoded, log_prob = K.ctc_decode(K.variable(probs[1:]),
                                     K.constant([5], dtype='int32'),
                                     greedy=False, beam_width=50,
                                     top_paths=2)
    assert len(decoded) == 2
    best = list(ev(decoded[0])[0])
    best = [c for c in best if c != -1]
    # The best labeling by exhaustive search over labelings up to length 3.
    candidates = [()] + [tuple(l) for n in (1, 2, 3)
                         for l in itertools.product((0, 1), repeat=n)]
    scores = [np_ctc_probability(probs[1], c, 2) for c in candidates]
    # TF's beam search (default merge_repeated=True, as Keras 2.2.4 used
    # it) merges repeated labels of the best labeling in its output.
    top = candidates[int(np.argmax(scores))]
    merged = tuple(c for i, c in enumerate(top) if i == 0 or c != top[i - 1])
    assert tuple(best) == merged
