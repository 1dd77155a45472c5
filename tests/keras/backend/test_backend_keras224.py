"""Keras 2.2.4 behaviours of `K.arange`, `K.repeat_elements` and `K.relu`
pinned against NumPy: a tensor `start` for `arange`, `_keras_shape` of
`repeat_elements` with unknown dimensions, and TensorFlow's own relu
kernels (op types in the graph) with 2.2.4's numbers."""
import numpy as np
import pytest

from keras import backend as K


def new_ops(build):
    """Runs `build()` and returns (its result, the types of the ops it added
    to the graph, in creation order, constants left out)."""
    graph = K.get_session().graph
    before = set(op.name for op in graph.get_operations())
    result = build()
    types = [op.type for op in graph.get_operations()
             if op.name not in before and op.type != 'Const']
    return result, types


# ---------------------------------------------------------------------------
# arange
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('value', [5, 1, 0, -3])
def test_arange_with_a_tensor_start(value):
    start = K.placeholder(shape=(), dtype='int32')
    out = K.arange(start)
    assert K.dtype(out) == 'int32'
    got = K.function([start], [out])([np.int32(value)])[0]
    # As NumPy (and 2.2.4): a negative end gives an empty range.
    np.testing.assert_array_equal(got, np.arange(value))
    assert got.dtype == np.int32


def test_arange_with_a_variable_start_and_float_dtype():
    start = K.variable(4, dtype='int32')
    out = K.arange(start, dtype='float32')
    assert K.dtype(out) == 'float32'
    np.testing.assert_array_equal(K.eval(out), np.arange(4, dtype='float32'))
    K.set_value(start, -2)
    assert K.eval(out).shape == (0,)


def test_arange_tensor_start_with_stop_and_step():
    start = K.placeholder(shape=(), dtype='int32')
    out = K.arange(start, 9, 2)
    f = K.function([start], [out])
    np.testing.assert_array_equal(f([np.int32(-3)])[0], np.arange(-3, 9, 2))
    np.testing.assert_array_equal(f([np.int32(4)])[0], np.arange(4, 9, 2))


def test_arange_numbers_and_a_list():
    np.testing.assert_array_equal(K.eval(K.arange(-20)), np.arange(-20))
    np.testing.assert_array_equal(K.eval(K.arange(-5, 5, 2)),
                                  np.arange(-5, 5, 2))
    # 2.2.4 raises TypeError for a list start (Python cannot compare it).
    with pytest.raises(TypeError):
        K.arange([1, 2, 3])


# ---------------------------------------------------------------------------
# repeat_elements
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('ndims', [1, 2, 3])
def test_repeat_elements_sets_keras_shape_with_unknown_dimensions(ndims):
    reps = 3
    shape = list(range(2, 2 + ndims))
    data = np.arange(np.prod(shape), dtype='float32').reshape(shape)
    for axis in range(ndims):
        partial = list(shape)
        partial[axis] = None
        x = K.placeholder(shape=partial)
        y = K.repeat_elements(x, reps, axis=axis)
        # 2.2.4: the input's static shape (None on the repeated axis),
        # which is also the output's static shape.
        assert y._keras_shape == tuple(partial)
        assert y._keras_shape == tuple(y.get_shape().as_list())
        assert K.int_shape(y) == tuple(partial)
        got = K.function([x], [y])([data])[0]
        np.testing.assert_array_equal(got, np.repeat(data, reps, axis=axis))


def test_repeat_elements_keras_shape_unknown_elsewhere():
    x = K.placeholder(shape=(None, 2, None))
    y = K.repeat_elements(x, 2, axis=1)
    assert y._keras_shape == (None, 4, None) == K.int_shape(y)
    data = np.random.RandomState(0).rand(3, 2, 5).astype('float32')
    np.testing.assert_array_equal(K.function([x], [y])([data])[0],
                                  np.repeat(data, 2, axis=1))


# ---------------------------------------------------------------------------
# relu: TensorFlow's kernels where they give 2.2.4's numbers
# ---------------------------------------------------------------------------

def np_relu_224(x, alpha=0., max_value=None, threshold=0.):
    """Keras 2.2.4's K.relu, step by step in float32."""
    x = x.astype('float32')
    if threshold != 0:
        out = x * (x > threshold).astype('float32')
    else:
        out = np.maximum(x, np.float32(0))
    if max_value is not None:
        out = np.clip(out, np.float32(0), np.float32(max_value))
    if alpha != 0:
        out = out - np.float32(alpha) * np.maximum(
            np.float32(threshold) - x, np.float32(0))
    return out


X = np.array([[-7., -3., -1., -0.25, 0., 0.3, 0.7, 1., 2.5, 5.9, 6., 6.5,
               20.]], dtype='float32')


@pytest.mark.parametrize('kwargs,kernels', [
    ({}, ['Relu']),
    ({'max_value': 6}, ['Relu6']),
    ({'max_value': 6.}, ['Relu6']),
    ({'alpha': 0.2}, ['LeakyRelu']),
    ({'alpha': 1.5}, ['LeakyRelu']),
])
def test_relu_uses_one_kernel(kwargs, kernels):
    x = K.placeholder(shape=X.shape)
    out, types = new_ops(lambda: K.relu(x, **kwargs))
    assert types == kernels
    got = K.function([x], [out])([X])[0]
    alpha = kwargs.get('alpha', 0.)
    if 'max_value' in kwargs:
        expected = np.clip(X, 0, 6)
    else:
        # The kernels' formula: x if x > 0 else alpha * x.
        expected = np.where(X > 0, X, X * np.float32(alpha))
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_allclose(got, np_relu_224(X, **kwargs), rtol=1e-6,
                               atol=1e-6)


@pytest.mark.parametrize('kwargs', [
    {'max_value': 2.5},
    {'alpha': 0.1, 'max_value': 6},
    {'alpha': 0.1, 'max_value': 2.},
    {'threshold': 0.5},
    {'threshold': -0.5},
    {'alpha': 0.3, 'threshold': 1.},
    {'alpha': 0.2, 'max_value': 4., 'threshold': 0.5},
])
def test_relu_other_combinations_match_keras_224(kwargs):
    x = K.placeholder(shape=X.shape)
    out, types = new_ops(lambda: K.relu(x, **kwargs))
    assert 'LeakyRelu' not in types
    if kwargs.get('max_value') == 6:
        assert 'Relu6' in types
    got = K.function([x], [out])([X])[0]
    np.testing.assert_allclose(got, np_relu_224(X, **kwargs), rtol=1e-6,
                               atol=1e-6)


def test_relu_gradients_match_keras_224():
    x = K.placeholder(shape=X.shape)
    grads = [K.gradients(K.sum(K.relu(x, **kwargs)), [x])[0]
             for kwargs in ({}, {'alpha': 0.2}, {'max_value': 6})]
    got = K.function([x], grads)([X])
    np.testing.assert_array_equal(got[0], (X > 0).astype('float32'))
    np.testing.assert_array_equal(got[1],
                                  np.where(X > 0, 1., 0.2).astype('float32'))
    np.testing.assert_array_equal(got[2],
                                  ((X > 0) & (X < 6)).astype('float32'))
