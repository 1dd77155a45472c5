"""Tests of keras/layers/pooling.py against NumPy re-derivations: max and
average pooling (valid/same, strides, both data formats), global poolings,
masked global average pooling, aliases."""
import itertools

import numpy as np
import pytest
from numpy.testing import assert_allclose

from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.utils.test_utils import layer_test


FORMATS = ['channels_last', 'channels_first']


def run(layer, x):
    inp = Input(batch_shape=x.shape)
    out = layer(inp)
    return K.function([inp], [out])([x])[0]


def to_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == 'channels_first' else x


def to_format(x, data_format):
    return np.moveaxis(x, -1, 1) if data_format == 'channels_first' else x


def np_pool(x, pool_size, strides, padding, mode):
    """Pooling of x (batch, *space, channels). With 'same' padding, windows
    that overlap the border only see the values inside the input (max
    ignores the padding, average divides by the number of real values)."""
    rank = x.ndim - 2
    space = x.shape[1:-1]
    if padding == 'same':
        out = [-(-space[i] // strides[i]) for i in range(rank)]
        before = [max((out[i] - 1) * strides[i] + pool_size[i] - space[i], 0)
                  // 2 for i in range(rank)]
    else:
        out = [(space[i] - pool_size[i]) // strides[i] + 1
               for i in range(rank)]
        before = [0] * rank
    y = np.zeros((x.shape[0],) + tuple(out) + (x.shape[-1],))
    for pos in itertools.product(*[range(n) for n in out]):
        window = []
        for i in range(rank):
            start = pos[i] * strides[i] - before[i]
            window.append(slice(max(start, 0),
                                min(start + pool_size[i], space[i])))
        patch = x[(slice(None),) + tuple(window) + (slice(None),)]
        patch = patch.reshape((x.shape[0], -1, x.shape[-1]))
        value = patch.max(axis=1) if mode == 'max' else patch.mean(axis=1)
        y[(slice(None),) + pos + (slice(None),)] = value
    return y


POOL_CASES = [
    dict(padding='valid', strides=None),
    dict(padding='same', strides=None),
    dict(padding='valid', strides=1),
    dict(padding='same', strides=2),
    dict(padding='same', strides=3),
]


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('case', POOL_CASES)
@pytest.mark.parametrize('mode', ['max', 'avg'])
def test_pooling1d_math(mode, case, data_format):
    x_last = np.random.RandomState(0).randn(2, 7, 3).astype('float32')
    cls = layers.MaxPooling1D if mode == 'max' else layers.AveragePooling1D
    layer = cls(pool_size=3, data_format=data_format, **case)
    y = run(layer, to_format(x_last, data_format))
    strides = case['strides'] or 3
    expected = np_pool(x_last, (3,), (strides,), case['padding'], mode)
    assert_allclose(to_last(y, data_format), expected, rtol=1e-5, atol=1e-6)
    assert layer.compute_output_shape(to_format(x_last, data_format).shape) \
        == y.shape


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('case', [
    dict(pool_size=(2, 2), padding='valid', strides=None),
    dict(pool_size=(3, 2), padding='same', strides=None),
    dict(pool_size=(3, 3), padding='same', strides=(2, 1)),
    dict(pool_size=(2, 3), padding='valid', strides=(1, 2)),
])
@pytest.mark.parametrize('mode', ['max', 'avg'])
def test_pooling2d_math(mode, case, data_format):
    x_last = np.random.RandomState(1).randn(2, 7, 6, 3).astype('float32')
    cls = layers.MaxPooling2D if mode == 'max' else layers.AveragePooling2D
    layer = cls(data_format=data_format, **case)
    y = run(layer, to_format(x_last, data_format))
    expected = np_pool(x_last, case['pool_size'],
                       case['strides'] or case['pool_size'],
                       case['padding'], mode)
    assert_allclose(to_last(y, data_format), expected, rtol=1e-5, atol=1e-6)
    assert layer.compute_output_shape(to_format(x_last, data_format).shape) \
        == y.shape


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('case', [
    dict(pool_size=(2, 2, 2), padding='valid', strides=None),
    dict(pool_size=(2, 3, 2), padding='same', strides=(1, 2, 2)),
])
@pytest.mark.parametrize('mode', ['max', 'avg'])
def test_pooling3d_math(mode, case, data_format):
    x_last = np.random.RandomState(2).randn(1, 4, 5, 5, 2).astype('float32')
    cls = layers.MaxPooling3D if mode == 'max' else layers.AveragePooling3D
    layer = cls(data_format=data_format, **case)
    y = run(layer, to_format(x_last, data_format))
    expected = np_pool(x_last, case['pool_size'],
                       case['strides'] or case['pool_size'],
                       case['padding'], mode)
    assert_allclose(to_last(y, data_format), expected, rtol=1e-5, atol=1e-6)


def test_pooling_layer_test_and_config():
    for cls in (layers.MaxPooling1D, layers.AveragePooling1D):
        for data_format in FORMATS:
            layer_test(cls, kwargs={'strides': 1, 'padding': 'same',
                                    'data_format': data_format},
                       input_shape=(3, 5, 4))
    for cls in (layers.MaxPooling2D, layers.AveragePooling2D):
        for data_format in FORMATS:
            layer_test(cls, kwargs={'pool_size': (2, 2), 'strides': (2, 1),
                                    'padding': 'valid',
                                    'data_format': data_format},
                       input_shape=(2, 5, 6, 3))
    for cls in (layers.MaxPooling3D, layers.AveragePooling3D):
        layer_test(cls, kwargs={'pool_size': 2, 'padding': 'same'},
                   input_shape=(2, 3, 4, 3, 2))
    config = layers.MaxPooling2D(pool_size=3, padding='same').get_config()
    assert config['pool_size'] == (3, 3)
    assert config['strides'] == (3, 3)
    assert config['padding'] == 'same'
    config = layers.AveragePooling1D(pool_size=4, strides=2).get_config()
    assert config['pool_size'] == (4,) and config['strides'] == (2,)
    assert config['data_format'] == 'channels_last'
    with pytest.raises(ValueError, match='padding'):
        layers.MaxPooling2D(padding='causal')
    with pytest.raises(ValueError, match='pool_size'):
        layers.MaxPooling2D(pool_size=(2, 2, 2))


@pytest.mark.parametrize('data_format', FORMATS)
def test_global_pooling(data_format):
    rng = np.random.RandomState(3)
    for rank, mean_cls, max_cls in (
            (1, layers.GlobalAveragePooling1D, layers.GlobalMaxPooling1D),
            (2, layers.GlobalAveragePooling2D, layers.GlobalMaxPooling2D),
            (3, layers.GlobalAveragePooling3D, layers.GlobalMaxPooling3D)):
        x_last = rng.randn(*((2,) + (3, 4, 2)[:rank] + (5,))).astype('float32')
        x = to_format(x_last, data_format)
        axes = tuple(range(1, 1 + rank))
        mean_layer = mean_cls(data_format=data_format)
        y = run(mean_layer, x)
        assert_allclose(y, x_last.mean(axis=axes), rtol=1e-5, atol=1e-6)
        assert mean_layer.compute_output_shape(x.shape) == (2, 5)
        assert_allclose(run(max_cls(data_format=data_format), x),
                        x_last.max(axis=axes), rtol=1e-6)
        input_shape = (2,) + x.shape[1:]
        layer_test(mean_cls, kwargs={'data_format': data_format},
                   input_shape=input_shape)
        layer_test(max_cls, kwargs={'data_format': data_format},
                   input_shape=input_shape)
        assert mean_layer.get_config()['data_format'] == data_format


@pytest.mark.parametrize('data_format', FORMATS)
def test_global_average_pooling1d_mask(data_format):
    x_last = np.random.RandomState(4).uniform(1, 2, (3, 5, 4)).astype('float32')
    keep = np.array([[1, 1, 0, 1, 0],
                     [1, 0, 0, 0, 0],
                     [1, 1, 1, 1, 1]], dtype=bool)
    x_last[~keep] = 0.
    x = to_format(x_last, data_format)
    inp = Input(shape=x.shape[1:])
    if data_format == 'channels_first':
        # Masking works on the last axis: mask computed on channels_last
        # data, then the layer sees channels_first data with the same mask.
        permuted = layers.Permute((2, 1))(inp)
        masked = layers.Masking(0.)(permuted)
        masked = layers.Lambda(lambda t: K.permute_dimensions(t, (0, 2, 1)),
                               mask=lambda t, m: m)(masked)
    else:
        masked = layers.Masking(0.)(inp)
    layer = layers.GlobalAveragePooling1D(data_format=data_format)
    out = layer(masked)
    assert layer.get_output_mask_at(0) is None
    y = K.function([inp], [out])([x])[0]
    expected = (x_last * keep[..., None]).sum(axis=1) / \
        keep.sum(axis=1)[:, None]
    assert_allclose(y, expected, rtol=1e-5)
    # Different from the unmasked mean.
    assert not np.allclose(y, x_last.mean(axis=1))


def test_aliases():
    assert layers.MaxPool1D is layers.MaxPooling1D
    assert layers.MaxPool2D is layers.MaxPooling2D
    assert layers.MaxPool3D is layers.MaxPooling3D
    assert layers.AvgPool1D is layers.AveragePooling1D
    assert layers.AvgPool2D is layers.AveragePooling2D
    assert layers.AvgPool3D is layers.AveragePooling3D
    assert layers.GlobalMaxPool1D is layers.GlobalMaxPooling1D
    assert layers.GlobalMaxPool2D is layers.GlobalMaxPooling2D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D
    assert layers.GlobalAvgPool1D is layers.GlobalAveragePooling1D
    assert layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D
    assert layers.GlobalAvgPool3D is layers.GlobalAveragePooling3D


def test_keras1_arguments_are_converted():
    import warnings
    with warnings.catch_warnings(record=True):
        warnings.simplefilter('always')
        layer = layers.MaxPooling2D((2, 2), border_mode='same',
                                    dim_ordering='th')
        assert layer.padding == 'same'
        assert layer.data_format == 'channels_first'
        layer = layers.AveragePooling1D(pool_length=3, stride=1)
        assert layer.pool_size == (3,) and layer.strides == (1,)
        layer = layers.GlobalMaxPooling2D(dim_ordering='tf')
        assert layer.data_format == 'channels_last'
