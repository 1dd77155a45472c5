"""keras.backend: variables, values, math and shape operations vs NumPy."""
import numpy as np
import pytest
import scipy.sparse

from keras import backend as K

RNG = np.random.RandomState(1234)


def ev(x):
    return K.eval(x)


def rand(*shape):
    return RNG.uniform(-1, 1, size=shape).astype('float32')


# ---------------------------------------------------------------------------
# Variables, placeholders, introspection
# ---------------------------------------------------------------------------

def test_variable_attributes_and_value():
    value = rand(3, 4)
    constraint = lambda w: w  # noqa: E731
    v = K.variable(value, name='my_var', constraint=constraint)
    assert v._keras_shape == (3, 4)
    assert v._uses_learning_phase is False
    assert v.constraint is constraint
    assert K.dtype(v) == 'float32'
    assert K.int_shape(v) == (3, 4)
    assert K.ndim(v) == 2
    assert K.count_params(v) == 12
    assert K.get_variable_shape(v) == (3, 4)
    assert 'my_var' in v.name
    np.testing.assert_allclose(K.get_value(v), value)
    np.testing.assert_allclose(ev(v), value)
    assert K.is_tensor(v)


def test_variable_dtype_and_scalar():
    v = K.variable(3, dtype='int32')
    assert K.dtype(v) == 'int32'
    assert K.get_value(v) == 3
    assert K.int_shape(v) == ()


def test_variable_from_scipy_sparse():
    dense = np.array([[0., 2., 0.], [1., 0., 3.]], dtype='float32')
    v = K.variable(scipy.sparse.csr_matrix(dense))
    assert K.is_sparse(v)
    assert v._keras_shape == (2, 3)
    np.testing.assert_array_equal(ev(v), dense)
    np.testing.assert_array_equal(ev(K.to_dense(v)), dense)


def test_placeholder_attributes():
    x = K.placeholder(shape=(None, 4), name='inp')
    assert x._keras_shape == (None, 4)
    assert x._uses_learning_phase is False
    assert K.is_placeholder(x)
    assert K.int_shape(x) == (None, 4)
    assert K.dtype(x) == 'float32'
    y = K.placeholder(ndim=3, dtype='int32')
    assert K.int_shape(y) == (None, None, None)
    assert K.dtype(y) == 'int32'
    s = K.placeholder(shape=(None, 5), sparse=True)
    assert K.is_sparse(s)
    assert s._keras_shape == (None, 5)
    assert not K.is_placeholder(K.variable(1.))
    assert not K.is_placeholder(x * 2)
    assert not K.is_placeholder(np.ones(2))


def test_is_keras_tensor():
    x = K.placeholder(shape=(None, 2))
    assert not K.is_keras_tensor(x)
    x._keras_history = (None, 0, 0)
    assert K.is_keras_tensor(x)
    with pytest.raises(ValueError):
        K.is_keras_tensor(np.ones(2))
    with pytest.raises(ValueError):
        K.is_keras_tensor(3)
    assert not K.is_tensor(np.ones(2))
    assert K.is_tensor(K.constant(1.))


def test_int_shape_unknown_rank_and_shape():
    import tensorflow.compat.v1 as tf
    x = tf.placeholder('float32')
    assert K.int_shape(x) is None
    assert K.ndim(x) is None
    y = K.placeholder((None, 3))
    np.testing.assert_array_equal(
        K.function([y], [K.shape(y)])([np.zeros((5, 3))])[0], [5, 3])


def test_constant_and_fill():
    np.testing.assert_array_equal(ev(K.constant(2., shape=(2, 2))),
                                  np.full((2, 2), 2.))
    assert K.dtype(K.constant(1)) == 'float32'
    z = K.zeros((2, 3))
    o = K.ones((2, 3), dtype='int32')
    assert K.int_shape(z) == (2, 3)
    np.testing.assert_array_equal(K.get_value(z), np.zeros((2, 3)))
    np.testing.assert_array_equal(K.get_value(o), np.ones((2, 3)))
    assert K.dtype(o) == 'int32'
    np.testing.assert_array_equal(K.get_value(K.eye(3)), np.eye(3))
    np.testing.assert_array_equal(K.get_value(K.eye((2, 3))), np.eye(2, 3))
    x = K.variable(rand(2, 3))
    np.testing.assert_array_equal(ev(K.zeros_like(x)), np.zeros((2, 3)))
    np.testing.assert_array_equal(ev(K.ones_like(x, dtype='int32')),
                                  np.ones((2, 3)))
    np.testing.assert_array_equal(ev(K.identity(x)), K.get_value(x))


def test_random_variables_seeded():
    a = K.random_uniform_variable((50, 40), -2., 3., seed=3)
    b = K.random_uniform_variable((50, 40), -2., 3., seed=3)
    va, vb = K.batch_get_value([a, b])
    np.testing.assert_array_equal(va, vb)
    assert va.min() >= -2. and va.max() < 3.
    assert abs(va.mean() - 0.5) < 0.15
    n = K.get_value(K.random_normal_variable((100, 100), 1., 2., seed=1))
    assert abs(n.mean() - 1.) < 0.1
    assert abs(n.std() - 2.) < 0.1


def test_random_tensors():
    u = ev(K.random_uniform((1000,), minval=1., maxval=2., seed=1))
    assert u.min() >= 1. and u.max() < 2.
    n = ev(K.random_normal((5000,), mean=3., stddev=0.5, seed=2))
    assert abs(n.mean() - 3.) < 0.05 and abs(n.std() - 0.5) < 0.05
    t = ev(K.truncated_normal((5000,), mean=0., stddev=1., seed=3))
    assert np.abs(t).max() <= 2.
    b = ev(K.random_binomial((5000,), p=0.3, seed=4))
    assert set(np.unique(b)) <= {0., 1.}
    assert abs(b.mean() - 0.3) < 0.05
    # Seeds from NumPy's global generator: reproducible with np.random.seed.
    np.random.seed(7)
    first = ev(K.random_uniform((4,)))
    K.clear_session()
    np.random.seed(7)
    second = ev(K.random_uniform((4,)))
    np.testing.assert_array_equal(first, second)


def test_cast():
    x = K.constant([1.7, -1.2])
    out = K.cast(x, 'int32')
    assert K.dtype(out) == 'int32'
    np.testing.assert_array_equal(ev(out), [1, -1])


# ---------------------------------------------------------------------------
# Values and updates
# ---------------------------------------------------------------------------

def test_get_set_value_reuses_assign_op():
    v = K.variable(np.zeros((2, 2)))
    K.set_value(v, np.ones((2, 2)))
    np.testing.assert_array_equal(K.get_value(v), np.ones((2, 2)))
    graph = v.graph
    n_ops = len(graph.get_operations())
    for i in range(3):
        K.set_value(v, np.full((2, 2), i))
        np.testing.assert_array_equal(K.get_value(v), np.full((2, 2), i))
    assert len(graph.get_operations()) == n_ops


def test_batch_get_set_value():
    a = K.variable(np.zeros(3))
    b = K.variable(np.zeros((2, 1)), dtype='float64')
    K.batch_set_value([(a, [1, 2, 3]), (b, [[4.], [5.]])])
    va, vb = K.batch_get_value([a, b])
    np.testing.assert_array_equal(va, [1, 2, 3])
    assert vb.dtype == np.float64
    np.testing.assert_array_equal(vb, [[4.], [5.]])
    assert K.batch_get_value([]) == []
    K.batch_set_value([])


def test_update_ops():
    v = K.variable(np.array([1., 2.]))
    ev(K.update(v, np.array([5., 6.], dtype='float32')))
    np.testing.assert_array_equal(K.get_value(v), [5., 6.])
    ev(K.update_add(v, np.array([1., 1.], dtype='float32')))
    np.testing.assert_array_equal(K.get_value(v), [6., 7.])
    ev(K.update_sub(v, np.array([2., 3.], dtype='float32')))
    np.testing.assert_array_equal(K.get_value(v), [4., 4.])


def test_moving_average_update_zero_debiased():
    x = K.variable(np.array([10., 10.]))
    value = K.placeholder(shape=(2,))
    momentum = 0.9
    f = K.function([value], [], updates=[
        K.moving_average_update(x, value, momentum)])
    observations = [np.array([1., 2.]), np.array([3., -1.]),
                    np.array([0.5, 4.])]
    biased = np.zeros(2)
    for t, obs in enumerate(observations, 1):
        f([obs])
        biased = momentum * biased + (1 - momentum) * obs
        expected = biased / (1 - momentum ** t)
        np.testing.assert_allclose(K.get_value(x), expected, rtol=1e-5)


# ---------------------------------------------------------------------------
# Linear algebra
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('x_shape,y_shape', [
    ((2, 3), (3, 4)),
    ((2, 3, 4), (4, 5)),
    ((2, 3, 4), (5, 4, 6)),
    ((3, 4), (2, 4, 5)),
])
def test_dot(x_shape, y_shape):
    x, y = rand(*x_shape), rand(*y_shape)
    out = K.dot(K.variable(x), K.variable(y))
    np.testing.assert_allclose(ev(out), np.dot(x, y), rtol=1e-5, atol=1e-6)
    assert K.int_shape(out) == np.dot(x, y).shape


def test_dot_dynamic_batch():
    x = K.placeholder((None, 3, 4))
    y = rand(4, 5)
    out = K.dot(x, K.variable(y))
    assert K.int_shape(out) == (None, 3, 5)
    xv = rand(2, 3, 4)
    res = K.function([x], [out])([xv])[0]
    np.testing.assert_allclose(res, np.dot(xv, y), rtol=1e-5, atol=1e-6)


def test_dot_sparse():
    dense = np.array([[0., 2., 0.], [1., 0., 3.]], dtype='float32')
    y = rand(3, 2)
    out = K.dot(K.variable(scipy.sparse.coo_matrix(dense)), K.variable(y))
    np.testing.assert_allclose(ev(out), dense.dot(y), rtol=1e-5)


@pytest.mark.parametrize('x_shape,y_shape,axes,expected', [
    ((4, 5), (4, 5), 1, lambda x, y: np.sum(x * y, 1, keepdims=True)),
    ((4, 5), (4, 5), (1, 1), lambda x, y: np.sum(x * y, 1, keepdims=True)),
    ((4, 5), (4, 6, 5), (1, 2),
     lambda x, y: np.einsum('bi,bji->bj', x, y)),
    ((4, 3, 5), (4, 5, 6), None,
     lambda x, y: np.einsum('bij,bjk->bik', x, y)),
    ((4, 3, 5), (4, 5, 6), (2, 1),
     lambda x, y: np.einsum('bij,bjk->bik', x, y)),
    ((4, 3, 5), (4, 3, 6), 1,
     lambda x, y: np.einsum('bij,bik->bjk', x, y)),
    ((4, 3, 5), (4, 6, 5), 2,
     lambda x, y: np.einsum('bij,bkj->bik', x, y)),
    ((4, 3, 5), (4, 5), (2, 1),
     lambda x, y: np.einsum('bij,bj->bi', x, y)),
])
def test_batch_dot(x_shape, y_shape, axes, expected):
    x, y = rand(*x_shape), rand(*y_shape)
    out = K.batch_dot(K.variable(x), K.variable(y), axes=axes)
    np.testing.assert_allclose(ev(out), expected(x, y), rtol=1e-5, atol=1e-6)


def test_batch_dot_multiple_axes_rejected():
    x = K.variable(rand(2, 3, 4))
    with pytest.raises(ValueError):
        K.batch_dot(x, x, axes=[(1, 2), (1, 2)])


def test_transpose_and_gather():
    x = rand(3, 4)
    np.testing.assert_array_equal(ev(K.transpose(K.variable(x))), x.T)
    idx = K.constant([2, 0, 2], dtype='int32')
    np.testing.assert_array_equal(ev(K.gather(K.variable(x), idx)),
                                  x[[2, 0, 2]])


# ---------------------------------------------------------------------------
# Reductions and element-wise operations
# ---------------------------------------------------------------------------

REDUCTIONS = [
    ('max', np.max), ('min', np.min), ('sum', np.sum), ('prod', np.prod),
    ('mean', np.mean), ('var', np.var), ('std', np.std),
]


@pytest.mark.parametrize('name,np_fn', REDUCTIONS)
@pytest.mark.parametrize('axis', [None, 1, -1, [0, 2]])
@pytest.mark.parametrize('keepdims', [False, True])
def test_reductions(name, np_fn, axis, keepdims):
    x = rand(2, 3, 4)
    out = getattr(K, name)(K.variable(x), axis=axis, keepdims=keepdims)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_allclose(ev(out), np_fn(x, axis=np_axis,
                                              keepdims=keepdims),
                               rtol=1e-5, atol=1e-6)


def test_logical_reductions_and_bool_mean():
    x = np.array([[0., 1., 2.], [0., 0., 0.]], dtype='float32')
    v = K.variable(x)
    np.testing.assert_array_equal(ev(K.any(v, axis=1)), [True, False])
    np.testing.assert_array_equal(ev(K.all(v, axis=0)), [False] * 3)
    assert ev(K.any(v)) and not ev(K.all(v))
    np.testing.assert_array_equal(ev(K.all(v, axis=1, keepdims=True)),
                                  [[False], [False]])
    np.testing.assert_allclose(ev(K.mean(K.greater(v, 0.5))), 2. / 6.)
    assert K.dtype(K.mean(K.greater(v, 0.5))) == 'float32'
    np.testing.assert_allclose(ev(K.var(K.greater(v, 0.5))),
                               np.var(x > 0.5), rtol=1e-6)


def test_cumulative_and_arg():
    x = rand(3, 4)
    v = K.variable(x)
    np.testing.assert_allclose(ev(K.cumsum(v)), np.cumsum(x, 0), rtol=1e-5)
    np.testing.assert_allclose(ev(K.cumsum(v, axis=1)), np.cumsum(x, 1),
                               rtol=1e-5)
    np.testing.assert_allclose(ev(K.cumprod(v, axis=1)), np.cumprod(x, 1),
                               rtol=1e-5)
    np.testing.assert_array_equal(ev(K.argmax(v)), np.argmax(x, -1))
    np.testing.assert_array_equal(ev(K.argmin(v, axis=0)), np.argmin(x, 0))
    np.testing.assert_allclose(
        ev(K.logsumexp(v, axis=1)), np.log(np.sum(np.exp(x), 1)), rtol=1e-5)
    np.testing.assert_allclose(
        ev(K.logsumexp(v * 1000., axis=1, keepdims=True)),
        np.max(x * 1000., 1, keepdims=True) + np.log(np.sum(
            np.exp(x * 1000. - np.max(x * 1000., 1, keepdims=True)), 1,
            keepdims=True)), rtol=1e-5)


ELEMENTWISE = [
    ('square', np.square), ('abs', np.abs),
    ('sqrt', lambda x: np.sqrt(np.clip(x, 0, None))),
    ('exp', np.exp), ('round', np.round), ('sign', np.sign),
    ('sin', np.sin), ('cos', np.cos), ('tanh', np.tanh),
    ('sigmoid', lambda x: 1. / (1. + np.exp(-x))),
    ('softplus', lambda x: np.log(np.exp(x) + 1.)),
    ('softsign', lambda x: x / (np.abs(x) + 1.)),
    ('hard_sigmoid', lambda x: np.clip(0.2 * x + 0.5, 0., 1.)),
]


@pytest.mark.parametrize('name,np_fn', ELEMENTWISE)
def test_elementwise(name, np_fn):
    x = rand(3, 5) * 4.
    x[0, 0] = 2.5  # round half to even
    np.testing.assert_allclose(ev(getattr(K, name)(K.variable(x))), np_fn(x),
                               rtol=1e-5, atol=1e-6)


def test_log_and_pow():
    x = np.abs(rand(3, 4)) + 0.1
    v = K.variable(x)
    np.testing.assert_allclose(ev(K.log(v)), np.log(x), rtol=1e-5)
    np.testing.assert_allclose(ev(K.pow(v, 3)), x ** 3, rtol=1e-5)
    np.testing.assert_allclose(ev(K.pow(v, 0.5)), x ** 0.5, rtol=1e-5)


@pytest.mark.parametrize('lo,hi,expected_bounds', [
    (-0.5, 0.5, (-0.5, 0.5)),
    (0.2, None, (0.2, np.inf)),
    (0.3, 0.1, (0.3, 0.3)),  # max below min is raised to min
])
def test_clip(lo, hi, expected_bounds):
    x = rand(4, 4) * 3
    np.testing.assert_allclose(ev(K.clip(K.variable(x), lo, hi)),
                               np.clip(x, *expected_bounds), rtol=1e-6)


@pytest.mark.parametrize('name,np_fn', [
    ('equal', np.equal), ('not_equal', np.not_equal),
    ('greater', np.greater), ('greater_equal', np.greater_equal),
    ('less', np.less), ('less_equal', np.less_equal),
    ('maximum', np.maximum), ('minimum', np.minimum),
])
def test_binary_ops(name, np_fn):
    x = np.round(rand(4, 5) * 2)
    y = np.round(rand(4, 5) * 2)
    np.testing.assert_array_equal(
        ev(getattr(K, name)(K.variable(x), K.variable(y))), np_fn(x, y))


# ---------------------------------------------------------------------------
# Shape operations
# ---------------------------------------------------------------------------

def test_concatenate():
    a, b = rand(2, 3), rand(2, 4)
    np.testing.assert_array_equal(
        ev(K.concatenate([K.variable(a), K.variable(b)])),
        np.concatenate([a, b], -1))
    np.testing.assert_array_equal(
        ev(K.concatenate([K.variable(a), K.variable(a)], axis=0)),
        np.concatenate([a, a], 0))


def test_concatenate_sparse():
    a = scipy.sparse.csr_matrix(np.array([[1., 0.], [0., 2.]]))
    b = scipy.sparse.csr_matrix(np.array([[0., 3.], [4., 0.]]))
    out = K.concatenate([K.variable(a), K.variable(b)])
    assert K.is_sparse(out)
    np.testing.assert_array_equal(
        ev(out), np.concatenate([a.toarray(), b.toarray()], -1))
    mixed = K.concatenate([K.variable(a), K.variable(np.ones((2, 1)))])
    np.testing.assert_array_equal(
        ev(mixed), np.concatenate([a.toarray(), np.ones((2, 1))], -1))


def test_reshape_permute_flatten():
    x = rand(2, 3, 4)
    v = K.variable(x)
    np.testing.assert_array_equal(ev(K.reshape(v, (4, -1))), x.reshape(4, -1))
    np.testing.assert_array_equal(ev(K.permute_dimensions(v, (2, 0, 1))),
                                  x.transpose(2, 0, 1))
    np.testing.assert_array_equal(ev(K.flatten(v)), x.ravel())
    np.testing.assert_array_equal(ev(K.batch_flatten(v)), x.reshape(2, 12))
    np.testing.assert_array_equal(ev(K.expand_dims(v)), x[..., None])
    np.testing.assert_array_equal(ev(K.expand_dims(v, 1)), x[:, None])
    np.testing.assert_array_equal(ev(K.squeeze(K.expand_dims(v, 1), 1)), x)
    np.testing.assert_array_equal(ev(K.stack([v, v], axis=1)),
                                  np.stack([x, x], 1))
    np.testing.assert_array_equal(ev(K.reverse(v, 1)), x[:, ::-1])
    np.testing.assert_array_equal(ev(K.reverse(v, (0, 2))), x[::-1, :, ::-1])
    np.testing.assert_array_equal(ev(K.slice(v, (0, 1, 1), (2, 2, 2))),
                                  x[:, 1:3, 1:3])
    np.testing.assert_array_equal(ev(K.tile(v, (1, 2, 3))),
                                  np.tile(x, (1, 2, 3)))
    np.testing.assert_array_equal(ev(K.tile(K.variable(x[0, 0]), 2)),
                                  np.tile(x[0, 0], 2))


def test_batch_flatten_dynamic():
    x = K.placeholder((None, 2, 3))
    data = rand(5, 2, 3)
    flat = K.batch_flatten(x)
    np.testing.assert_array_equal(
        K.function([x], [flat])([data])[0], data.reshape(5, 6))
    assert K.int_shape(flat) == (None, 6)
    # A known sample shape needs no shape ops at run time.
    assert flat.op.inputs[1].op.type == 'Const'
    # Unknown sample dimensions are read from the tensor.
    y = K.placeholder((None, None, 3))
    np.testing.assert_array_equal(
        K.function([y], [K.batch_flatten(y)])([data])[0], data.reshape(5, 6))
    z = K.placeholder((None, 2))
    np.testing.assert_array_equal(
        K.function([z], [K.batch_flatten(z)])([data[:, :, 0]])[0],
        data[:, :, 0])


@pytest.mark.parametrize('axis', [0, 1, 2, -1])
def test_repeat_elements(axis):
    x = rand(2, 3, 4)
    out = K.repeat_elements(K.variable(x), 3, axis)
    np.testing.assert_array_equal(ev(out), np.repeat(x, 3, axis=axis))
    assert K.int_shape(out) == np.repeat(x, 3, axis=axis).shape


def test_repeat_elements_dynamic_axis():
    x = K.placeholder((None, 3))
    out = K.repeat_elements(x, 2, axis=0)
    assert K.int_shape(out) == (None, 3)
    data = rand(4, 3)
    np.testing.assert_array_equal(K.function([x], [out])([data])[0],
                                  np.repeat(data, 2, axis=0))
    out1 = K.repeat_elements(x, 2, axis=1)
    assert K.int_shape(out1) == (None, 6)


def test_repeat_and_arange():
    x = rand(2, 3)
    out = ev(K.repeat(K.variable(x), 4))
    np.testing.assert_array_equal(out, np.repeat(x[:, None], 4, 1))
    np.testing.assert_array_equal(ev(K.arange(5)), np.arange(5))
    np.testing.assert_array_equal(ev(K.arange(2, 9, 3)), np.arange(2, 9, 3))
    np.testing.assert_array_equal(ev(K.arange(-3)), np.arange(0))
    f = K.arange(3, dtype='float32')
    assert K.dtype(f) == 'float32'
    assert K.dtype(K.arange(3)) == 'int32'


def test_temporal_padding():
    x = rand(2, 3, 4)
    np.testing.assert_array_equal(
        ev(K.temporal_padding(K.variable(x), (1, 2))),
        np.pad(x, [(0, 0), (1, 2), (0, 0)], 'constant'))
    np.testing.assert_array_equal(
        ev(K.temporal_padding(K.variable(x))),
        np.pad(x, [(0, 0), (1, 1), (0, 0)], 'constant'))


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_spatial_padding(data_format):
    x = rand(2, 3, 4, 5)
    pad = ((1, 2), (0, 3))
    if data_format == 'channels_last':
        np_pad = [(0, 0), pad[0], pad[1], (0, 0)]
    else:
        np_pad = [(0, 0), (0, 0), pad[0], pad[1]]
    np.testing.assert_array_equal(
        ev(K.spatial_2d_padding(K.variable(x), pad, data_format)),
        np.pad(x, np_pad, 'constant'))
    y = rand(2, 3, 4, 5, 2)
    pad3 = ((1, 0), (0, 2), (2, 1))
    if data_format == 'channels_last':
        np_pad3 = [(0, 0)] + list(pad3) + [(0, 0)]
    else:
        np_pad3 = [(0, 0), (0, 0)] + list(pad3)
    np.testing.assert_array_equal(
        ev(K.spatial_3d_padding(K.variable(y), pad3, data_format)),
        np.pad(y, np_pad3, 'constant'))


def test_one_hot_and_in_top_k():
    idx = np.array([[0, 2], [1, 1]])
    out = ev(K.one_hot(K.constant(idx, dtype='int32'), 3))
    np.testing.assert_array_equal(out, np.eye(3)[idx])
    preds = K.constant([[0.1, 0.5, 0.4], [0.7, 0.2, 0.1]])
    targets = K.constant([2, 2], dtype='int32')
    np.testing.assert_array_equal(ev(K.in_top_k(preds, targets, 2)),
                                  [True, False])
    np.testing.assert_array_equal(ev(K.in_top_k(preds, targets, 1)),
                                  [False, False])


def _np_resize_bilinear(x, fh, fw):
    """Channels-last bilinear upsampling with TF1's default alignment."""
    n, h, w, c = x.shape
    out = np.zeros((n, h * fh, w * fw, c), dtype='float64')
    for i in range(h * fh):
        src_i = i / float(fh)
        i0 = int(np.floor(src_i))
        i1 = min(i0 + 1, h - 1)
        di = src_i - i0
        for j in range(w * fw):
            src_j = j / float(fw)
            j0 = int(np.floor(src_j))
            j1 = min(j0 + 1, w - 1)
            dj = src_j - j0
            top = x[:, i0, j0] * (1 - dj) + x[:, i0, j1] * dj
            bottom = x[:, i1, j0] * (1 - dj) + x[:, i1, j1] * dj
            out[:, i, j] = top * (1 - di) + bottom * di
    return out


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('interpolation', ['nearest', 'bilinear'])
def test_resize_images(data_format, interpolation):
    x = rand(2, 3, 4, 2)  # channels last
    if interpolation == 'nearest':
        expected = np.repeat(np.repeat(x, 2, axis=1), 3, axis=2)
    else:
        expected = _np_resize_bilinear(x, 2, 3)
    inp = x if data_format == 'channels_last' else x.transpose(0, 3, 1, 2)
    if data_format == 'channels_first':
        expected = expected.transpose(0, 3, 1, 2)
    ph = K.placeholder((None,) + inp.shape[1:])
    out = K.resize_images(ph, 2, 3, data_format, interpolation=interpolation)
    assert K.int_shape(out) == (None,) + expected.shape[1:]
    np.testing.assert_allclose(K.function([ph], [out])([inp])[0], expected,
                               rtol=1e-5, atol=1e-6)


def test_resize_images_bad_arguments():
    x = K.variable(rand(1, 2, 2, 1))
    with pytest.raises(ValueError):
        K.resize_images(x, 2, 2, 'channels_last', interpolation='cubic')
    with pytest.raises(ValueError):
        K.resize_images(x, 2, 2, 'nhwc')


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_resize_volumes(data_format):
    x = rand(2, 2, 3, 2, 3)
    first = 1 if data_format == 'channels_last' else 2
    expected = np.repeat(np.repeat(np.repeat(x, 2, first), 3, first + 1),
                         1, first + 2)
    out = K.resize_volumes(K.variable(x), 2, 3, 1, data_format)
    np.testing.assert_array_equal(ev(out), expected)


# ---------------------------------------------------------------------------
# Misc
# ---------------------------------------------------------------------------

def test_uids_and_clear_session():
    assert K.get_uid('dense') == 1
    assert K.get_uid('dense') == 2
    assert K.get_uid('conv') == 1
    assert K.get_uid() == 1
    K.reset_uids()
    assert K.get_uid('dense') == 1
    K.get_uid('dense')
    K.clear_session()
    assert K.get_uid('dense') == 1


def test_clear_session_new_graph_and_phase():
    import tensorflow.compat.v1 as tf
    K.set_learning_phase(1)
    graph = tf.get_default_graph()
    K.clear_session()
    assert tf.get_default_graph() is not graph
    phase = K.learning_phase()
    assert K.is_tensor(phase)
    assert phase.op.name == 'keras_learning_phase'


def test_name_scope_and_py_slice():
    with K.name_scope('block1'):
        x = K.constant(1., name='c')
    assert x.name.startswith('block1/')
    assert K.py_slice is slice
    assert K.py_slice(1, 3) == slice(1, 3)


def test_available_gpus_is_list():
    gpus = K.tensorflow_backend._get_available_gpus()
    assert isinstance(gpus, list)
    assert all(isinstance(name, str) and 'GPU' in name for name in gpus)


def test_map_fn_foldl_foldr():
    x = rand(4, 3)
    v = K.variable(x)
    np.testing.assert_allclose(ev(K.map_fn(lambda r: K.sum(r), v)),
                               x.sum(1), rtol=1e-5)
    np.testing.assert_allclose(
        ev(K.map_fn(lambda r: K.cast(K.argmax(r), 'float32'), v,
                    dtype='float32')), np.argmax(x, 1))
    np.testing.assert_allclose(ev(K.foldl(lambda acc, r: acc + r, v)),
                               x.sum(0), rtol=1e-5)
    # foldr runs from the last element: with initializer 0 and
    # acc -> acc * 2 + r, the first row gets the highest weight.
    seq = K.variable(np.array([1., 2., 3.]))
    out = ev(K.foldr(lambda acc, r: acc * 2. + r, seq,
                     initializer=K.constant(0.)))
    assert out == ((3. * 2 + 2.) * 2 + 1.)
    out_l = ev(K.foldl(lambda acc, r: acc * 2. + r, seq,
                       initializer=K.constant(0.)))
    assert out_l == ((1. * 2 + 2.) * 2 + 3.)


def test_print_tensor_returns_value(capsys):
    x = K.variable(np.array([1., 2.]))
    out = K.print_tensor(x, message='value: ')
    np.testing.assert_array_equal(ev(out * 2), [2., 4.])


def test_gradients_and_stop_gradient():
    x = K.variable(np.array([1., 2., 3.]))
    loss = K.sum(K.square(x)) + K.sum(K.stop_gradient(x) * x)
    grad = K.gradients(loss, [x])[0]
    # d/dx (x^2 + c*x) with c = x held constant: 2x + x
    np.testing.assert_allclose(ev(grad), [3., 6., 9.])
    a, b = K.stop_gradient([x, x * 2])
    assert K.gradients(K.sum(a + b), [x])[0] is None


def test_manual_variable_initialization():
    import tensorflow.compat.v1 as tf
    K.manual_variable_initialization(True)
    try:
        v = K.variable(np.ones(2))
        with pytest.raises(tf.errors.FailedPreconditionError):
            K.get_value(v)
        K.get_session().run(tf.global_variables_initializer())
        np.testing.assert_array_equal(K.get_value(v), [1., 1.])
    finally:
        K.manual_variable_initialization(False)


def test_lazy_initialization_of_later_variables():
    a = K.variable(1.)
    assert K.get_value(a) == 1.
    b = K.variable(2.)  # created after the first session use
    assert K.get_value(b) == 2.
    f = K.function([], [a + b])
    assert f([])[0] == 3.
    c = K.variable(5.)
    g = K.function([], [a + c])
    assert g([])[0] == 6.


def test_set_session_and_default_session():
    import tensorflow.compat.v1 as tf
    v = K.variable(4.)
    own = tf.Session(graph=tf.get_default_graph())
    K.set_session(own)
    assert K.get_session() is own
    assert K.get_value(v) == 4.  # initialized lazily in the new session
    other = tf.Session(graph=tf.get_default_graph())
    with other.as_default():
        assert K.get_session() is other
        assert K.get_value(v) == 4.
    assert K.get_session() is own
