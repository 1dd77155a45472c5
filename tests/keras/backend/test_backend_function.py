"""keras.backend graph execution: K.function, learning phase, switch, rnn."""
import numpy as np
import pytest
import scipy.sparse
import tensorflow.compat.v1 as tf

from keras import backend as K

RNG = np.random.RandomState(7)


def rand(*shape):
    return RNG.uniform(-1, 1, size=shape).astype('float32')


# ---------------------------------------------------------------------------
# K.function
# ---------------------------------------------------------------------------

def test_function_outputs_and_tuple_updates():
    x = K.placeholder((None, 2))
    w = K.variable(np.array([[1.], [2.]]))
    count = K.variable(0.)
    f = K.function([x], [K.dot(x, w), K.sum(x)],
                   updates=[(w, w * 2.), K.update_add(count, 1.)])
    data = np.array([[1., 1.], [2., 0.]], dtype='float32')
    out, total = f([data])
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [[3.], [2.]])
    assert total == 4.
    # Updates run after the outputs: the second call sees doubled weights.
    out, _ = f([data])
    np.testing.assert_allclose(out, [[6.], [4.]])
    assert K.get_value(count) == 2.


def test_function_keeps_one_callable_and_graph_does_not_grow(monkeypatch):
    calls = []
    original = tf.Session.make_callable

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(tf.Session, 'make_callable', counting)
    x = K.placeholder((None, 3))
    v = K.variable(np.zeros(3))
    f = K.function([x], [K.mean(x, axis=0)], updates=[K.update_add(v, K.sum(
        x, axis=0))])
    data = rand(4, 3)
    f([data])
    graph = tf.get_default_graph()
    n_ops = len(graph.get_operations())
    callable_fn = f._callable_fn
    for _ in range(5):
        res = f([data])
    np.testing.assert_allclose(res[0], data.mean(0), rtol=1e-6)
    np.testing.assert_allclose(K.get_value(v), data.sum(0) * 6, rtol=1e-5)
    assert len(graph.get_operations()) == n_ops
    assert f._callable_fn is callable_fn
    assert len(calls) == 1
    # A new session gets a new callable (and the variables initialised).
    K.set_session(tf.Session(graph=graph))
    f([data])
    assert len(calls) == 2
    np.testing.assert_allclose(K.get_value(v), data.sum(0), rtol=1e-5)


def test_function_with_learning_phase_input():
    x = K.placeholder((None, 2))
    y = K.in_train_phase(x * 2., x * 3.)
    assert y._uses_learning_phase
    data = rand(3, 2)
    f = K.function([x, K.learning_phase()], [y])
    np.testing.assert_allclose(f([data, 1])[0], data * 2., rtol=1e-6)
    np.testing.assert_allclose(f([data, 0])[0], data * 3., rtol=1e-6)
    np.testing.assert_allclose(f([data, True])[0], data * 2., rtol=1e-6)
    # Not fed: the learning phase defaults to test mode.
    g = K.function([x], [y])
    np.testing.assert_allclose(g([data])[0], data * 3., rtol=1e-6)


def test_function_fetches_and_feed_dict():
    x = K.placeholder(shape=())
    extra = K.placeholder(shape=())
    counter = K.variable(0.)
    feed = {extra: 10.}
    f = K.function([x], [x + extra],
                   fetches=[K.update_add(counter, 1.)], feed_dict=feed)
    assert f([1.]) == [11.]
    assert K.get_value(counter) == 1.
    feed[extra] = 20.  # read at each call
    assert f([1.]) == [21.]
    assert K.get_value(counter) == 2.
    single = K.function([x], [x * 2.], fetches=K.update_add(counter, 5.))
    single([1.])
    assert K.get_value(counter) == 7.


def test_function_session_options():
    x = K.placeholder(shape=(2,))
    metadata = tf.RunMetadata()
    f = K.function([x], [x * 2.], options=tf.RunOptions(),
                   run_metadata=metadata)
    np.testing.assert_allclose(f([np.array([1., 2.])])[0], [2., 4.])


def test_function_sparse_input():
    x = K.placeholder((None, 3), sparse=True)
    w = K.variable(rand(3, 2))
    f = K.function([x], [K.dot(x, w), K.to_dense(x)])
    dense = np.array([[0., 1., 0.], [2., 0., 3.]], dtype='float32')
    out, back = f([scipy.sparse.csr_matrix(dense)])
    np.testing.assert_allclose(out, dense.dot(K.get_value(w)), rtol=1e-5)
    np.testing.assert_array_equal(back, dense)
    coo = scipy.sparse.coo_matrix(dense)
    value = tf.SparseTensorValue(
        np.stack([coo.row, coo.col], 1), coo.data, coo.shape)
    np.testing.assert_array_equal(f([value])[1], dense)


def test_function_non_placeholder_input():
    x = K.placeholder((None, 2))
    hidden = x * 10.
    out = hidden + 1.
    f = K.function([hidden], [out])
    np.testing.assert_allclose(f([np.array([[1., 2.]])])[0], [[2., 3.]])


def test_function_no_inputs_and_errors():
    v = K.variable(3.)
    assert K.function([], [v * 2.])([]) == [6.]
    x = K.placeholder(shape=(1,))
    with pytest.raises(ValueError):
        K.function([x], [x], unknown_argument=1)
    with pytest.raises(TypeError):
        K.function(x, [x])
    with pytest.raises(TypeError):
        K.function([x], x)
    f = K.function([x], [x])
    with pytest.raises(TypeError):
        f(np.ones(1))
    with pytest.raises(ValueError):
        f([np.ones(1), np.ones(1)])


def test_function_name():
    x = K.placeholder(shape=(1,))
    f = K.function([x], [x], name='my_function')
    assert f.name == 'my_function'
    assert isinstance(f, K.Function)


# ---------------------------------------------------------------------------
# Learning phase, switch
# ---------------------------------------------------------------------------

def test_learning_phase_placeholder():
    phase = K.learning_phase()
    assert phase is K.learning_phase()
    assert phase.dtype == tf.bool
    assert phase.op.name == 'keras_learning_phase'
    assert K.int_shape(phase) == ()


def test_set_learning_phase_fixed():
    x = K.variable(np.ones(2))
    K.set_learning_phase(1)
    assert K.learning_phase() == 1
    train, test = x * 2., x * 3.
    assert K.in_train_phase(train, test) is train
    assert K.in_test_phase(train, test) is test
    K.set_learning_phase(0)
    assert K.in_train_phase(train, test) is test
    with pytest.raises(ValueError):
        K.set_learning_phase(2)


def test_in_train_phase_explicit_training_and_callables():
    x = K.placeholder(shape=(2,))
    data = np.array([1., 2.], dtype='float32')
    out = K.in_train_phase(lambda: x * 2., lambda: x * 3., training=1)
    np.testing.assert_allclose(K.function([x], [out])([data])[0], data * 2.)
    out = K.in_train_phase(lambda: x * 2., x * 3., training=False)
    np.testing.assert_allclose(K.function([x], [out])([data])[0], data * 3.)
    flag = K.placeholder(shape=(), dtype='bool')
    out = K.in_train_phase(x * 2., x * 3., training=flag)
    assert not getattr(out, '_uses_learning_phase', False)
    f = K.function([x, flag], [out])
    np.testing.assert_allclose(f([data, True])[0], data * 2.)
    np.testing.assert_allclose(f([data, False])[0], data * 3.)
    out = K.in_test_phase(x * 2., x * 3.)
    assert out._uses_learning_phase
    g = K.function([x, K.learning_phase()], [out])
    np.testing.assert_allclose(g([data, 0])[0], data * 2.)
    np.testing.assert_allclose(g([data, 1])[0], data * 3.)


def test_switch_scalar_condition():
    cond = K.placeholder(shape=(), dtype='int32')
    a, b = K.constant([1., 2.]), K.constant([3., 4.])
    f = K.function([cond], [K.switch(cond, a, b),
                            K.switch(cond, lambda: a * 10., lambda: b)])
    r = f([1])
    np.testing.assert_array_equal(r[0], [1., 2.])
    np.testing.assert_array_equal(r[1], [10., 20.])
    r = f([0])
    np.testing.assert_array_equal(r[0], [3., 4.])
    np.testing.assert_array_equal(r[1], [3., 4.])


def test_switch_tensor_condition_broadcast():
    then_v, else_v = rand(2, 3, 4), rand(2, 3, 4)
    cond1 = np.array([True, False])
    cond2 = np.array([[True, False, True], [False, False, True]])
    cond3 = rand(2, 3, 4) > 0
    for cond, expected_cond in ((cond1, cond1[:, None, None]),
                                (cond2, cond2[:, :, None]),
                                (cond3, cond3)):
        out = K.switch(K.constant(cond, dtype='bool'), K.constant(then_v),
                       K.constant(else_v))
        np.testing.assert_array_equal(
            K.eval(out), np.where(np.broadcast_to(expected_cond, then_v.shape),
                                  then_v, else_v))
    with pytest.raises(ValueError):
        K.switch(K.constant(cond3, dtype='bool'), K.constant(then_v[0]),
                 K.constant(else_v[0]))


# ---------------------------------------------------------------------------
# rnn
# ---------------------------------------------------------------------------

UNITS = 3


def make_step(w, u, with_constant=False):
    w_k, u_k = K.variable(w), K.variable(u)

    def step(inputs, states):
        h = states[0]
        pre = K.dot(inputs, w_k) + K.dot(h, u_k)
        if with_constant:
            pre = pre + states[1]
        out = K.tanh(pre)
        return out, [out]
    return step


def np_rnn(x, h0, w, u, mask=None, go_backwards=False, unroll=False,
           const=None):
    """NumPy loop with Keras 2.2.4's masking rules."""
    steps = x.shape[1]
    order = list(range(steps))[::-1] if go_backwards else list(range(steps))
    h = h0.copy()
    prev_out = np.zeros_like(h0) if unroll else None
    outputs = []
    for t in order:
        pre = x[:, t].dot(w) + h.dot(u)
        if const is not None:
            pre = pre + const
        out = np.tanh(pre)
        new_h = out
        if mask is not None:
            m = mask[:, t][:, None].astype(bool)
            carried = prev_out if unroll else h
            out = np.where(m, out, carried)
            new_h = np.where(m, new_h, h)
        h = new_h
        prev_out = out
        outputs.append(out)
    return outputs[-1], np.stack(outputs, 1), h


@pytest.mark.parametrize('unroll', [False, True])
@pytest.mark.parametrize('go_backwards', [False, True])
@pytest.mark.parametrize('use_mask', [False, True])
def test_rnn_vs_numpy(unroll, go_backwards, use_mask):
    batch, steps, dim = 3, 5, 2
    x = rand(batch, steps, dim)
    w, u = rand(dim, UNITS), rand(UNITS, UNITS)
    h0 = rand(batch, UNITS)
    mask = np.array([[1, 1, 1, 1, 1], [0, 1, 1, 0, 1], [1, 1, 0, 0, 0]],
                    dtype='float32')
    inputs = K.placeholder((None, steps, dim))
    mask_ph = K.placeholder((None, steps)) if use_mask else None
    init = K.placeholder((None, UNITS))
    last, outputs, states = K.rnn(make_step(w, u), inputs, [init],
                                  go_backwards=go_backwards, mask=mask_ph,
                                  unroll=unroll,
                                  input_length=steps)
    assert len(states) == 1
    assert K.int_shape(outputs) == (None, steps, UNITS)
    assert K.int_shape(last) == (None, UNITS)
    assert K.int_shape(states[0]) == (None, UNITS)
    feeds = [inputs, init] + ([mask_ph] if use_mask else [])
    values = [x, h0] + ([mask] if use_mask else [])
    r_last, r_out, r_state = K.function(feeds, [last, outputs, states[0]])(
        values)
    e_last, e_out, e_state = np_rnn(x, h0, w, u,
                                    mask if use_mask else None,
                                    go_backwards, unroll)
    np.testing.assert_allclose(r_out, e_out, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(r_last, e_last, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(r_state, e_state, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('unroll', [False, True])
def test_rnn_constants_and_learning_phase_flag(unroll):
    batch, steps, dim = 2, 4, 3
    x = rand(batch, steps, dim)
    w, u = rand(dim, UNITS), rand(UNITS, UNITS)
    const = rand(batch, UNITS)
    h0 = np.zeros((batch, UNITS), dtype='float32')
    base_step = make_step(w, u, with_constant=True)

    def step(inputs, states):
        out, new_states = base_step(inputs, states)
        out = K.in_train_phase(out, out)
        return out, new_states
    last, outputs, _ = K.rnn(step, K.variable(x), [K.variable(h0)],
                             constants=[K.variable(const)], unroll=unroll)
    assert last._uses_learning_phase
    e_last, e_out, _ = np_rnn(x, h0, w, u, const=const)
    np.testing.assert_allclose(K.eval(outputs), e_out, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(K.eval(last), e_last, rtol=1e-5, atol=1e-6)
    plain_last, _, _ = K.rnn(make_step(w, u), K.variable(x),
                             [K.variable(h0)], unroll=unroll)
    assert plain_last._uses_learning_phase is False


def test_rnn_multiple_states():
    x = rand(2, 3, 2)

    def step(inputs, states):
        total, count = states
        new_total = total + K.sum(inputs, axis=1, keepdims=True)
        return new_total * 1., [new_total, count + 1.]
    zeros = K.zeros((2, 1))
    last, outputs, states = K.rnn(step, K.variable(x), [zeros, zeros])
    np.testing.assert_allclose(K.eval(states[0]),
                               x.sum(axis=(1, 2))[:, None], rtol=1e-5)
    np.testing.assert_allclose(K.eval(states[1]), np.full((2, 1), 3.))
    np.testing.assert_allclose(K.eval(outputs)[:, :, 0],
                               np.cumsum(x.sum(2), 1), rtol=1e-5)


def test_rnn_errors():
    w, u = rand(2, UNITS), rand(UNITS, UNITS)
    step = make_step(w, u)
    with pytest.raises(ValueError):
        K.rnn(step, K.variable(rand(2, 3)), [K.zeros((2, UNITS))])
    with pytest.raises(ValueError):
        K.rnn(step, K.placeholder((None, None, 2)), [K.zeros((2, UNITS))],
              unroll=True)
    with pytest.raises(ValueError):
        K.rnn(lambda i, s: (i, []), K.variable(rand(2, 3, 2)), [],
              mask=K.ones((2, 3)))
