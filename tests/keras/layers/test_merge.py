"""Tests of keras.layers.merge against NumPy."""
import numpy as np
import pytest

from keras import backend as K
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers import merge
from keras.layers.embeddings import Embedding


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


RNG = np.random.RandomState(0)

ELEMWISE = [
    (merge.Add, merge.add, lambda xs: xs[0] + xs[1] + xs[2]),
    (merge.Multiply, merge.multiply, lambda xs: xs[0] * xs[1] * xs[2]),
    (merge.Average, merge.average, lambda xs: (xs[0] + xs[1] + xs[2]) / 3.),
    (merge.Maximum, merge.maximum,
     lambda xs: np.maximum(np.maximum(xs[0], xs[1]), xs[2])),
    (merge.Minimum, merge.minimum,
     lambda xs: np.minimum(np.minimum(xs[0], xs[1]), xs[2])),
]


def _predict(inputs, output, data):
    return Model(inputs, output).predict(data)


@pytest.mark.parametrize('cls,fn,ref', ELEMWISE)
def test_elementwise_three_inputs(cls, fn, ref):
    data = [RNG.randn(2, 4, 5).astype('float32') for _ in range(3)]
    inputs = [Input((4, 5)) for _ in range(3)]
    expected = ref(data)
    out = cls()(inputs)
    assert K.int_shape(out) == (None, 4, 5)
    np.testing.assert_allclose(_predict(inputs, out, data), expected,
                               rtol=1e-5)
    np.testing.assert_allclose(_predict(inputs, fn(inputs), data), expected,
                               rtol=1e-5)


def test_subtract():
    data = [RNG.randn(3, 4).astype('float32') for _ in range(2)]
    inputs = [Input((4,)), Input((4,))]
    np.testing.assert_allclose(
        _predict(inputs, merge.subtract(inputs), data), data[0] - data[1],
        rtol=1e-6)
    with pytest.raises(ValueError, match='exactly 2'):
        merge.Subtract()([Input((4,)), Input((4,)), Input((4,))])


@pytest.mark.parametrize('cls,fn,ref', ELEMWISE)
def test_broadcasting_different_ranks(cls, fn, ref):
    # (batch, 5), (batch, 4, 5) and (batch, 3, 1, 5) broadcast on the last
    # axes, as NumPy does once the batch axis is put aside.
    shapes = [(5,), (4, 5), (3, 1, 5)]
    data = [RNG.randn(2, *s).astype('float32') for s in shapes]
    inputs = [Input(s) for s in shapes]
    layer = cls()
    out = layer(inputs)
    assert layer._reshape_required
    assert K.int_shape(out) == (None, 3, 4, 5)
    assert layer.compute_output_shape([(2,) + s for s in shapes]) == (2, 3, 4, 5)
    expanded = [data[0][:, None, None, :], data[1][:, None, :, :], data[2]]
    np.testing.assert_allclose(_predict(inputs, out, data), ref(expanded),
                               rtol=1e-5)


def test_broadcasting_size_one_axes_same_rank():
    data = [RNG.randn(2, 1, 5).astype('float32'),
            RNG.randn(2, 4, 1).astype('float32')]
    inputs = [Input((1, 5)), Input((4, 1))]
    out = merge.add(inputs)
    assert K.int_shape(out) == (None, 4, 5)
    np.testing.assert_allclose(_predict(inputs, out, data),
                               data[0] + data[1], rtol=1e-6)


def test_incompatible_shapes_and_batch_sizes():
    with pytest.raises(ValueError, match='broadcast'):
        merge.add([Input((3,)), Input((4,))])
    with pytest.raises(ValueError, match='batch sizes'):
        merge.add([Input(batch_shape=(2, 3)), Input(batch_shape=(5, 3))])
    # A one-element list reaches build() as a single shape.
    with pytest.raises(ValueError, match='list'):
        merge.Add()([Input((3,))])
    with pytest.raises(ValueError, match='at least 2'):
        merge.Add().build([(None, 3)])
    with pytest.raises(ValueError, match='list'):
        merge.Add().build((None, 3))


def test_output_shape_batch_size():
    layer = merge.Add()
    assert layer.compute_output_shape([(None, 3), (7, 3)]) == (7, 3)
    # An unknown dimension stays unknown (it could be 1), as in Keras 2.2.4.
    assert layer.compute_output_shape([(None, None), (None, 3)]) == (None, None)


def _mask_value(mask_tensor, feed):
    return K.function(list(feed.keys()), [mask_tensor])(list(feed.values()))[0]


def test_elementwise_masks_are_anded():
    layer = merge.Add()
    x1, x2 = K.placeholder((2, 3, 4)), K.placeholder((2, 3, 4))
    m1 = K.placeholder((2, 3), dtype='bool')
    m2 = K.placeholder((2, 3), dtype='bool')
    v1 = np.array([[1, 1, 0], [1, 0, 1]], dtype=bool)
    v2 = np.array([[1, 0, 0], [1, 1, 1]], dtype=bool)
    out = layer.compute_mask([x1, x2], [m1, m2])
    np.testing.assert_array_equal(_mask_value(out, {m1: v1, m2: v2}), v1 & v2)
    out = layer.compute_mask([x1, x2], [m1, None])
    np.testing.assert_array_equal(_mask_value(out, {m1: v1}), v1)
    assert layer.compute_mask([x1, x2], [None, None]) is None
    assert layer.compute_mask([x1, x2], None) is None
    with pytest.raises(ValueError, match='list'):
        layer.compute_mask([x1, x2], m1)
    with pytest.raises(ValueError, match='same length'):
        layer.compute_mask([x1, x2], [m1])


def test_masks_through_a_model():
    ids = Input((4,), dtype='int32')
    a = Embedding(5, 3, mask_zero=True)(ids)
    b = Embedding(5, 3)(ids)
    added = merge.add([a, b])
    mask = added._keras_history[0]._inbound_nodes[0].output_masks[0]
    values = np.array([[1, 0, 2, 0], [3, 4, 0, 1]])
    np.testing.assert_array_equal(K.function([ids], [mask])([values])[0],
                                  values != 0)


def test_concatenate():
    data = [RNG.randn(2, 3, 4).astype('float32'),
            RNG.randn(2, 3, 2).astype('float32')]
    inputs = [Input((3, 4)), Input((3, 2))]
    out = merge.concatenate(inputs)
    assert K.int_shape(out) == (None, 3, 6)
    np.testing.assert_allclose(_predict(inputs, out, data),
                               np.concatenate(data, axis=-1))
    data = [RNG.randn(2, 3, 4).astype('float32'),
            RNG.randn(2, 5, 4).astype('float32')]
    inputs = [Input((3, 4)), Input((5, 4))]
    out = merge.Concatenate(axis=1)(inputs)
    assert K.int_shape(out) == (None, 8, 4)
    np.testing.assert_allclose(_predict(inputs, out, data),
                               np.concatenate(data, axis=1))
    assert merge.Concatenate(axis=1).compute_output_shape(
        [(None, 3, 4), (None, None, 4)]) == (None, None, 4)


def test_concatenate_shape_errors():
    with pytest.raises(ValueError, match='matching shapes'):
        merge.concatenate([Input((3, 4)), Input((4, 4))])
    with pytest.raises(ValueError, match='at least 2'):
        merge.Concatenate()([Input((3,))])


def test_concatenate_masks():
    layer = merge.Concatenate(axis=1)
    x1, x2 = K.placeholder((2, 3, 4)), K.placeholder((2, 2, 4))
    m1 = K.placeholder((2, 3), dtype='bool')
    v1 = np.array([[1, 0, 1], [0, 1, 1]], dtype=bool)
    out = layer.compute_mask([x1, x2], [m1, None])
    value = _mask_value(out, {m1: v1, x2: np.zeros((2, 2, 4), 'float32')})
    expected = np.concatenate([v1, np.ones((2, 2), dtype=bool)], axis=1)
    np.testing.assert_array_equal(value, expected)
    # Along the last axis a position is valid only if valid in every input.
    layer = merge.Concatenate(axis=-1)
    y1, y2 = K.placeholder((2, 3, 4)), K.placeholder((2, 3, 2))
    n1 = K.placeholder((2, 3), dtype='bool')
    n2 = K.placeholder((2, 3), dtype='bool')
    w1 = np.array([[1, 0, 1], [0, 1, 1]], dtype=bool)
    w2 = np.array([[1, 1, 0], [0, 1, 1]], dtype=bool)
    out = layer.compute_mask([y1, y2], [n1, n2])
    np.testing.assert_array_equal(_mask_value(out, {n1: w1, n2: w2}), w1 & w2)
    assert layer.compute_mask([y1, y2], [None, None]) is None


def test_dot_2d():
    data = [RNG.randn(4, 5).astype('float32') for _ in range(2)]
    inputs = [Input((5,)), Input((5,))]
    out = merge.dot(inputs, axes=1)
    assert K.int_shape(out) == (None, 1)
    np.testing.assert_allclose(_predict(inputs, out, data),
                               (data[0] * data[1]).sum(axis=1, keepdims=True),
                               rtol=1e-5)
    out = merge.Dot(axes=-1, normalize=True)(inputs)
    n0 = data[0] / np.linalg.norm(data[0], axis=1, keepdims=True)
    n1 = data[1] / np.linalg.norm(data[1], axis=1, keepdims=True)
    np.testing.assert_allclose(_predict(inputs, out, data),
                               (n0 * n1).sum(axis=1, keepdims=True),
                               rtol=1e-5)


def test_dot_3d_axes_pair():
    data = [RNG.randn(2, 3, 4).astype('float32'),
            RNG.randn(2, 5, 3).astype('float32')]
    inputs = [Input((3, 4)), Input((5, 3))]
    layer = merge.Dot(axes=(1, 2))
    out = layer(inputs)
    assert K.int_shape(out) == (None, 4, 5)
    assert layer.compute_output_shape([(2, 3, 4), (2, 5, 3)]) == (2, 4, 5)
    expected = np.einsum('bij,bki->bjk', data[0], data[1])
    np.testing.assert_allclose(_predict(inputs, out, data), expected,
                               rtol=1e-5, atol=1e-6)
    # Normalized along the given axes: cosine similarities.
    out = merge.dot(inputs, axes=[1, -1], normalize=True)
    n0 = data[0] / np.linalg.norm(data[0], axis=1, keepdims=True)
    n1 = data[1] / np.linalg.norm(data[1], axis=2, keepdims=True)
    np.testing.assert_allclose(_predict(inputs, out, data),
                               np.einsum('bij,bki->bjk', n0, n1),
                               rtol=1e-5, atol=1e-6)


def test_dot_errors():
    with pytest.raises(TypeError, match='axes'):
        merge.Dot(axes='1')
    with pytest.raises(ValueError, match='two elements'):
        merge.Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match='int'):
        merge.Dot(axes=(1, 2.0))
    with pytest.raises(ValueError, match='incompatibility'):
        merge.dot([Input((3,)), Input((4,))], axes=1)
    with pytest.raises(ValueError, match='2 inputs'):
        merge.Dot(1)([Input((3,)), Input((3,)), Input((3,))])
    assert merge.Dot(1).compute_mask([None, None], [None, None]) is None


def test_configs_round_trip():
    for layer in [merge.Concatenate(axis=1), merge.Dot(axes=(1, 2),
                                                       normalize=True),
                  merge.Add(name='sum')]:
        config = layer.get_config()
        clone = type(layer).from_config(config)
        assert clone.get_config() == config
    assert merge.Dot(axes=[1, 2]).get_config()['axes'] == [1, 2]
    assert merge.Concatenate(axis=2).get_config()['axis'] == 2


def test_model_config_round_trip():
    inputs = [Input((3,)), Input((3,))]
    out = merge.concatenate([merge.add(inputs), merge.dot(inputs, axes=1)])
    model = Model(inputs, out)
    clone = Model.from_config(model.get_config())
    data = [RNG.randn(2, 3).astype('float32') for _ in range(2)]
    np.testing.assert_allclose(clone.predict(data), model.predict(data))
    assert model.predict(data).shape == (2, 4)


def test_concatenate_full_rank_masks():
    # Masks with the inputs' rank: an unmasked input counts as all valid.
    layer = merge.Concatenate(axis=1)
    x1, x2 = K.placeholder((2, 3, 2)), K.placeholder((2, 1, 2))
    m1 = K.placeholder((2, 3, 2), dtype='bool')
    v1 = np.random.RandomState(5).rand(2, 3, 2) > 0.5
    out = layer.compute_mask([x1, x2], [m1, None])
    value = _mask_value(out, {m1: v1, x2: np.zeros((2, 1, 2), 'float32')})
    full = np.concatenate([v1, np.ones((2, 1, 2), dtype=bool)], axis=1)
    np.testing.assert_array_equal(value, full.all(axis=-1))
