"""TensorFlow graph backend of Keras (``tf.compat.v1``, graph mode).

Every function takes and returns TensorFlow graph tensors (or variables),
except the ones that run the graph (`eval`, `get_value`, `batch_get_value`,
`set_value`, `batch_set_value`, `Function.__call__`), which return NumPy
values.

On TensorFlow 2.x, importing this module switches TensorFlow to its 1.x
behaviour (graph mode, reference variables, v1 control flow), as Keras 2.2.4
ran on TensorFlow 1.x.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import os

import numpy as np
import tensorflow.compat.v1 as tf

from .common import floatx
from .common import epsilon
from .common import image_data_format
from .common import normalize_data_format

# Builtins shadowed below by backend functions of the same name.
py_all = all
py_any = any
py_sum = sum
py_slice = slice


def _switch_to_v1_behaviour():
    """Puts TensorFlow 2.x in graph mode with TF 1.x semantics (idempotent)."""
    major = int(tf.version.VERSION.split('.')[0])
    if major >= 2:
        tf.disable_v2_behavior()


_switch_to_v1_behaviour()

# Name scope context manager (``with K.name_scope('block1'): ...``).
name_scope = tf.name_scope

# The session used by Keras, created lazily by `get_session()` unless given
# with `set_session()`.
_SESSION = None
# True when `_SESSION` was created here (then `clear_session()` closes it).
_SESSION_OWNED = False

# {graph: learning phase}; the value is the `keras_learning_phase` bool
# placeholder tensor, or a Python int (0 or 1) fixed by `set_learning_phase`.
_GRAPH_LEARNING_PHASES = {}

# {graph: {prefix: last uid}} for `get_uid`.
_GRAPH_UID_DICTS = {}

# When True, Keras does not initialize variables itself.
_MANUAL_VAR_INIT = False

# Cached list of GPU device names (see `_get_available_gpus`).
_LOCAL_DEVICES = None


# ---------------------------------------------------------------------------
# Graph-level state: uids, learning phase, sessions
# ---------------------------------------------------------------------------

def get_uid(prefix=''):
    """Returns a per-graph unique integer for a given prefix (1, 2, ...).

    # Arguments
        prefix: string, e.g. a layer's class name in snake case.

    # Returns
        An integer, incremented at each call with the same prefix in the
        current default graph.
    """
    graph = tf.get_default_graph()
    if graph not in _GRAPH_UID_DICTS:
        _GRAPH_UID_DICTS[graph] = collections.defaultdict(int)
    _GRAPH_UID_DICTS[graph][prefix] += 1
    return _GRAPH_UID_DICTS[graph][prefix]


def reset_uids():
    """Forgets all the uids given by `get_uid` (in every graph)."""
    global _GRAPH_UID_DICTS
    _GRAPH_UID_DICTS = {}


def clear_session():
    """Destroys the current graph and session and starts anew.

    Resets the default graph, the uids used for layer names, the learning
    phase, and forgets the current Keras session (closing it when Keras
    created it).
    """
    global _SESSION, _SESSION_OWNED, _GRAPH_LEARNING_PHASES
    if _SESSION is not None and _SESSION_OWNED:
        _SESSION.close()
    _SESSION = None
    _SESSION_OWNED = False
    tf.reset_default_graph()
    reset_uids()
    _GRAPH_LEARNING_PHASES = {}
    learning_phase()


def manual_variable_initialization(value):
    """Sets whether variables are initialized by the user (`True`) or lazily
    by Keras when a session is used (`False`, the default).

    # Arguments
        value: Python boolean.
    """
    global _MANUAL_VAR_INIT
    _MANUAL_VAR_INIT = bool(value)


def learning_phase():
    """Returns the learning phase of the current graph.

    By default it is a boolean scalar placeholder named
    ``keras_learning_phase`` with default value `False` (test phase); feed
    ``1``/``True`` to run in training mode. After `set_learning_phase(value)`
    it is that Python integer.

    # Returns
        A bool tensor, or the integer 0 or 1.
    """
    graph = tf.get_default_graph()
    if graph not in _GRAPH_LEARNING_PHASES:
        phase = tf.placeholder_with_default(False, shape=(),
                                            name='keras_learning_phase')
        _GRAPH_LEARNING_PHASES[graph] = phase
    return _GRAPH_LEARNING_PHASES[graph]


def set_learning_phase(value):
    """Fixes the learning phase of the current graph to a value.

    # Arguments
        value: 0 (test) or 1 (train).

    # Raises
        ValueError: if `value` is neither 0 nor 1.
    """
    if is_tensor(value) or value not in (0, 1):
        raise ValueError('Expected learning phase to be 0 or 1, got %r.'
                         % (value,))
    _GRAPH_LEARNING_PHASES[tf.get_default_graph()] = int(value)


def _new_session():
    """Creates a session configured as Keras 2.2.4 did."""
    num_thread = os.environ.get('OMP_NUM_THREADS')
    if num_thread:
        config = tf.ConfigProto(intra_op_parallelism_threads=int(num_thread),
                                allow_soft_placement=True)
    else:
        config = tf.ConfigProto(allow_soft_placement=True)
    return tf.Session(config=config)


def get_session():
    """Returns the TensorFlow session used by Keras.

    This is the default session if one is active (``with sess.as_default()``),
    else the session given to `set_session`, else a new session on the
    current default graph, created on first use.

    Unless `manual_variable_initialization(True)` was called, the variables
    of the session's graph that are not initialized yet are initialized
    here. The check only runs when the number of global variables of the
    graph changed since the last check of this session, so repeated calls
    are cheap.

    # Returns
        A `tf.Session`.
    """
    global _SESSION, _SESSION_OWNED
    default_session = tf.get_default_session()
    if default_session is not None:
        session = default_session
    else:
        if _SESSION is None:
            _SESSION = _new_session()
            _SESSION_OWNED = True
        session = _SESSION
    if not _MANUAL_VAR_INIT:
        _initialize_variables(session)
    return session


def _initialize_variables(session):
    """Initializes the not yet initialized global variables of a session's
    graph, skipping the work when no variable was added since last time."""
    graph = session.graph
    variables = graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)
    count = len(variables)
    if getattr(session, '_keras_checked_variables', None) == count:
        return
    candidates = [v for v in variables
                  if not getattr(v, '_keras_initialized', False)]
    if candidates:
        with graph.as_default():
            flags = session.run([tf.is_variable_initialized(v)
                                 for v in candidates])
            uninitialized = []
            for v, flag in zip(candidates, flags):
                if not flag:
                    uninitialized.append(v)
                v._keras_initialized = True
            if uninitialized:
                session.run(tf.variables_initializer(uninitialized))
    session._keras_checked_variables = count


def set_session(session):
    """Sets the TensorFlow session used by Keras.

    # Arguments
        session: a `tf.Session` (Keras will not close it).
    """
    global _SESSION, _SESSION_OWNED
    _SESSION = session
    _SESSION_OWNED = False


def _get_available_gpus():
    """Returns the names of the GPUs TensorFlow sees (``'/device:GPU:0'``...).

    # Returns
        A list of strings, empty on a CPU-only machine.
    """
    global _LOCAL_DEVICES
    if _LOCAL_DEVICES is None:
        devices = tf.config.experimental.list_physical_devices('GPU')
        _LOCAL_DEVICES = [d.name.replace('physical_device:', 'device:')
                          for d in devices]
    return list(_LOCAL_DEVICES)


def _has_nchw_support():
    """Whether channels_first (NCHW) kernels may be used: only with a GPU.

    This backend always runs convolutions and pooling in channels_last
    layout and transposes around them, which is correct on every device;
    the function is kept for code that queries it.
    """
    return len(_get_available_gpus()) > 0


# ---------------------------------------------------------------------------
# Variables, placeholders and tensor introspection
# ---------------------------------------------------------------------------

def _to_tensor(x, dtype):
    """Converts `x` to a tensor of type `dtype`.

    # Arguments
        x: a tensor, array or number.
        dtype: a string or `tf.DType`.

    # Returns
        A tensor.
    """
    return tf.convert_to_tensor(x, dtype=dtype)


def is_sparse(tensor):
    """Returns whether `tensor` is a sparse tensor (`tf.SparseTensor`).

    # Arguments
        tensor: any object.

    # Returns
        A Python boolean.
    """
    return isinstance(tensor, tf.SparseTensor)


def to_dense(tensor):
    """Converts a sparse tensor to a dense one; returns other tensors as is.

    # Arguments
        tensor: a tensor, possibly sparse.

    # Returns
        A dense tensor.
    """
    if is_sparse(tensor):
        return tf.sparse.to_dense(tensor)
    return tensor


def _dtype_name(dtype):
    if dtype is None:
        dtype = floatx()
    return tf.as_dtype(dtype).base_dtype.name


def variable(value, dtype=None, name=None, constraint=None):
    """Creates a variable (a reference variable in the current graph).

    # Arguments
        value: a NumPy array, a list, a number, a tensor (its value is the
            initial value), or a SciPy sparse matrix (then a constant
            `tf.SparseTensor` is returned).
        dtype: tensor type (default `floatx()`).
        name: optional name.
        constraint: optional projection function, stored on the variable
            (read back as `variable.constraint`).

    # Returns
        A variable with the Keras attributes `_keras_shape` and
        `_uses_learning_phase` (False).
    """
    dtype = _dtype_name(dtype)
    if hasattr(value, 'tocoo'):
        coo = value.tocoo()
        indices = np.stack([np.asarray(coo.row, dtype='int64'),
                            np.asarray(coo.col, dtype='int64')], axis=1)
        sparse = tf.SparseTensor(indices=indices,
                                 values=np.asarray(coo.data, dtype=dtype),
                                 dense_shape=coo.shape)
        sparse._keras_shape = tuple(coo.shape)
        sparse._uses_learning_phase = False
        return sparse
    v = tf.Variable(value, dtype=tf.as_dtype(dtype), name=name)
    v._keras_shape = tuple(v.get_shape().as_list())
    v._uses_learning_phase = False
    try:
        v.constraint = constraint
    except AttributeError:
        # Reference variables expose `constraint` as a read-only property
        # backed by `_constraint`.
        v._constraint = constraint
    return v


def constant(value, dtype=None, shape=None, name=None):
    """Creates a constant tensor.

    # Arguments
        value: a constant value (or list).
        dtype: tensor type (default `floatx()`).
        shape: optional shape; a scalar `value` is broadcast to it.
        name: optional name.

    # Returns
        A constant tensor.
    """
    if dtype is None:
        dtype = floatx()
    return tf.constant(value, dtype=dtype, shape=shape, name=name)


def is_tensor(x):
    """Returns whether `x` is a TensorFlow tensor, sparse tensor or variable.

    # Arguments
        x: any object.

    # Returns
        A Python boolean.
    """
    return (isinstance(x, (tf.Tensor, tf.SparseTensor, tf.Variable)) or
            tf.is_tensor(x))


def is_keras_tensor(x):
    """Returns whether `x` is a Keras tensor: the output of a Keras layer or
    of `Input` (it has a `_keras_history`).

    # Arguments
        x: a candidate tensor.

    # Returns
        A Python boolean.

    # Raises
        ValueError: if `x` is not a symbolic tensor (e.g. a NumPy array).
    """
    if not is_tensor(x):
        raise ValueError('Unexpectedly found an instance of type `%s`. '
                         'Expected a symbolic tensor instance.' % type(x))
    return hasattr(x, '_keras_history')


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """Creates a placeholder tensor.

    # Arguments
        shape: shape tuple (`None` entries are unknown dimensions).
        ndim: number of axes, used when `shape` is not given.
        dtype: tensor type (default `floatx()`).
        sparse: whether to create a sparse placeholder.
        name: optional name.

    # Returns
        A placeholder with the Keras attributes `_keras_shape` and
        `_uses_learning_phase` (False).
    """
    if dtype is None:
        dtype = floatx()
    if not shape and ndim:
        shape = tuple([None] * ndim)
    if sparse:
        x = tf.sparse_placeholder(dtype, shape=shape, name=name)
    else:
        x = tf.placeholder(dtype, shape=shape, name=name)
    if shape is not None:
        x._keras_shape = tuple(shape)
    else:
        x._keras_shape = None
    x._uses_learning_phase = False
    return x


def is_placeholder(x):
    """Returns whether `x` is a placeholder.

    # Arguments
        x: a candidate placeholder.

    # Returns
        A Python boolean.
    """
    try:
        return x.op.type == 'Placeholder'
    except AttributeError:
        return False


def shape(x):
    """Returns the symbolic shape of a tensor (an int32 tensor).

    # Arguments
        x: a tensor or variable.

    # Returns
        A 1-D int32 tensor.
    """
    return tf.shape(x)


def int_shape(x):
    """Returns the static shape of a tensor as a tuple of ints / `None`.

    # Arguments
        x: a tensor or variable.

    # Returns
        A tuple (with `None` for unknown dimensions), or `None` when even the
        rank is unknown.
    """
    if hasattr(x, '_keras_shape'):
        return x._keras_shape
    try:
        return tuple(x.get_shape().as_list())
    except ValueError:
        return None


def ndim(x):
    """Returns the number of axes of a tensor (`None` if unknown).

    # Arguments
        x: a tensor or variable.

    # Returns
        An integer, or `None`.
    """
    return x.get_shape().ndims


def dtype(x):
    """Returns the dtype of a tensor or variable, as a string.

    # Arguments
        x: a tensor or variable.

    # Returns
        A string such as ``'float32'``.
    """
    return x.dtype.base_dtype.name


def eval(x):
    """Evaluates a tensor or variable in the Keras session.

    # Arguments
        x: a tensor or variable (sparse tensors are densified).

    # Returns
        A NumPy array.
    """
    return get_session().run(to_dense(x))


def zeros(shape, dtype=None, name=None):
    """Creates a variable filled with zeros.

    # Arguments
        shape: tuple of integers.
        dtype: tensor type (default `floatx()`).
        name: optional name.

    # Returns
        A variable.
    """
    dtype = _dtype_name(dtype)
    return variable(tf.zeros(shape, dtype=dtype), dtype, name)


def ones(shape, dtype=None, name=None):
    """Creates a variable filled with ones.

    # Arguments
        shape: tuple of integers.
        dtype: tensor type (default `floatx()`).
        name: optional name.

    # Returns
        A variable.
    """
    dtype = _dtype_name(dtype)
    return variable(tf.ones(shape, dtype=dtype), dtype, name)


def eye(size, dtype=None, name=None):
    """Creates an identity-matrix variable.

    # Arguments
        size: number of rows (and columns).
        dtype: tensor type (default `floatx()`).
        name: optional name.

    # Returns
        A variable of shape `(size, size)`.
    """
    dtype = _dtype_name(dtype)
    return variable(np.eye(size, dtype=dtype), dtype, name)


def zeros_like(x, dtype=None, name=None):
    """Returns a tensor of zeros with the shape of `x`.

    # Arguments
        x: a tensor or variable.
        dtype: tensor type (default: that of `x`).
        name: optional name.

    # Returns
        A tensor.
    """
    return tf.zeros_like(x, dtype=dtype, name=name)


def ones_like(x, dtype=None, name=None):
    """Returns a tensor of ones with the shape of `x`.

    # Arguments
        x: a tensor or variable.
        dtype: tensor type (default: that of `x`).
        name: optional name.

    # Returns
        A tensor.
    """
    return tf.ones_like(x, dtype=dtype, name=name)


def identity(x, name=None):
    """Returns a tensor with the same content as `x`.

    # Arguments
        x: a tensor or variable.
        name: optional name.

    # Returns
        A tensor.
    """
    return tf.identity(x, name=name)


def _seed(seed):
    if seed is None:
        seed = np.random.randint(10e6)
    return seed


def random_uniform_variable(shape, low, high, dtype=None, name=None,
                            seed=None):
    """Creates a variable with values drawn from U(low, high).

    # Arguments
        shape: tuple of integers.
        low: lower bound.
        high: upper bound (excluded).
        dtype: tensor type (default `floatx()`).
        name: optional name.
        seed: random seed (default: drawn from NumPy's generator).

    # Returns
        A variable.
    """
    dtype = _dtype_name(dtype)
    value = tf.random_uniform(shape, minval=low, maxval=high, dtype=dtype,
                              seed=_seed(seed))
    return variable(value, dtype=dtype, name=name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None,
                           seed=None):
    """Creates a variable with values drawn from N(mean, scale**2).

    # Arguments
        shape: tuple of integers.
        mean: mean of the distribution.
        scale: standard deviation.
        dtype: tensor type (default `floatx()`).
        name: optional name.
        seed: random seed (default: drawn from NumPy's generator).

    # Returns
        A variable.
    """
    dtype = _dtype_name(dtype)
    value = tf.random_normal(shape, mean=mean, stddev=scale, dtype=dtype,
                             seed=_seed(seed))
    return variable(value, dtype=dtype, name=name)


def count_params(x):
    """Returns the number of scalars in a tensor or variable.

    # Arguments
        x: a tensor or variable with a fully known shape.

    # Returns
        An integer.
    """
    return int(np.prod(x.get_shape().as_list()))


def cast(x, dtype):
    """Casts a tensor to another dtype.

    # Arguments
        x: a tensor or variable.
        dtype: string, e.g. ``'float16'``, ``'int32'``.

    # Returns
        A tensor.
    """
    return tf.cast(x, dtype)


def get_variable_shape(x):
    """Returns the static shape of a variable (same as `int_shape`).

    # Arguments
        x: a variable.

    # Returns
        A tuple of integers.
    """
    return int_shape(x)


# ---------------------------------------------------------------------------
# Updates and values
# ---------------------------------------------------------------------------

def update(x, new_x):
    """Returns an op setting `x` to `new_x`.

    # Arguments
        x: a variable.
        new_x: a tensor of the same shape.

    # Returns
        The updated variable (an assign op).
    """
    return tf.assign(x, new_x)


def update_add(x, increment):
    """Returns an op adding `increment` to `x`.

    # Arguments
        x: a variable.
        increment: a tensor of the same shape.

    # Returns
        The updated variable.
    """
    return tf.assign_add(x, increment)


def update_sub(x, decrement):
    """Returns an op subtracting `decrement` from `x`.

    # Arguments
        x: a variable.
        decrement: a tensor of the same shape.

    # Returns
        The updated variable.
    """
    return tf.assign_sub(x, decrement)


def moving_average_update(x, value, momentum):
    """Returns an op updating `x` with an exponential moving average of
    `value`, with zero-debiasing as Keras 2.2.4 on TensorFlow did.

    The biased average `b <- b * momentum + value * (1 - momentum)` (`b`
    starts at zero) is kept in an auxiliary variable with a step counter
    `t`, and `x` is set to `b / (1 - momentum ** t)`. The first update
    therefore sets `x` to `value`.

    # Arguments
        x: a variable (e.g. a BatchNormalization moving mean).
        value: a tensor of the same shape.
        momentum: the decay, a number in [0, 1).

    # Returns
        The op assigning the new average to `x`.
    """
    base_dtype = x.dtype.base_dtype
    value = tf.cast(value, base_dtype)
    x_name = x.op.name if hasattr(x, 'op') else 'variable'
    with tf.name_scope(None):
        with tf.name_scope(x_name + '_moving_average'):
            biased = tf.Variable(tf.zeros(x.get_shape(), dtype=base_dtype),
                                 trainable=False, name='biased')
            local_step = tf.Variable(tf.zeros((), dtype=base_dtype),
                                     trainable=False, name='local_step')
    decay = tf.convert_to_tensor(momentum, dtype=base_dtype)
    new_biased = tf.assign_sub(biased, (biased - value) * (1. - decay))
    new_step = tf.assign_add(local_step, tf.ones((), dtype=base_dtype))
    unbiased = new_biased / (1. - tf.pow(decay, new_step))
    return tf.assign(x, unbiased)


def get_value(x):
    """Returns the value of a variable (or tensor) as a NumPy array.

    # Arguments
        x: a variable.

    # Returns
        A NumPy array.
    """
    return get_session().run(to_dense(x))


def batch_get_value(ops):
    """Returns the values of several variables in one session run.

    # Arguments
        ops: list of variables or tensors.

    # Returns
        A list of NumPy arrays.
    """
    if ops:
        return get_session().run(list(ops))
    return []


def _assign_op(x, value):
    """Returns the cached (placeholder, assign op) pair of a variable,
    creating it on first use so that `set_value` does not grow the graph."""
    cached = getattr(x, '_assign_placeholder', None)
    if cached is not None and getattr(x, '_assign_op', None) is not None:
        return x._assign_placeholder, x._assign_op
    base_dtype = x.dtype.base_dtype
    with x.graph.as_default():
        ph = tf.placeholder(base_dtype, shape=[None] * value.ndim)
        op = tf.assign(x, ph)
    x._assign_placeholder = ph
    x._assign_op = op
    return ph, op


def set_value(x, value):
    """Sets the value of a variable from a NumPy array.

    # Arguments
        x: a variable.
        value: a NumPy array (or list / number) of the variable's shape.
    """
    batch_set_value([(x, value)])


def batch_set_value(tuples):
    """Sets the values of several variables in one session run.

    # Arguments
        tuples: list of `(variable, value)` pairs, values being NumPy arrays.
    """
    if not tuples:
        return
    ops = []
    feed_dict = {}
    for x, value in tuples:
        value = np.asarray(value, dtype=dtype(x))
        ph, op = _assign_op(x, value)
        ops.append(op)
        feed_dict[ph] = value
    get_session().run(ops, feed_dict=feed_dict)


def print_tensor(x, message=''):
    """Returns `x` with the side effect of printing its value when evaluated.

    # Arguments
        x: a tensor.
        message: text printed before the value.

    # Returns
        A tensor with the same value as `x` (use it in place of `x`).
    """
    return tf.Print(x, [x], message)


# ---------------------------------------------------------------------------
# Graph functions
# ---------------------------------------------------------------------------

def _sparse_feed_value(value):
    """Splits a sparse input value into (indices, values, dense_shape)."""
    if hasattr(value, 'tocoo'):
        coo = value.tocoo()
        indices = np.stack([np.asarray(coo.row, dtype='int64'),
                            np.asarray(coo.col, dtype='int64')], axis=1)
        return indices, coo.data, np.asarray(coo.shape, dtype='int64')
    if isinstance(value, tf.SparseTensorValue):
        return value.indices, value.values, value.dense_shape
    if isinstance(value, (tuple, list)) and len(value) == 3:
        return value[0], value[1], value[2]
    raise TypeError('A sparse input of a Keras function must be fed with a '
                    'SciPy sparse matrix, a tf.SparseTensorValue or an '
                    '(indices, values, dense_shape) tuple; got %s.'
                    % type(value).__name__)


class Function(object):
    """A callable running a fixed part of the graph.

    The first call builds one `Session.make_callable` callable (feeds: the
    inputs, fetches: the outputs plus one grouped update op) and later calls
    reuse it, so each call is a single callable invocation.

    # Arguments
        inputs: list of feedable tensors (placeholders, the learning phase,
            sparse placeholders, any tensor).
        outputs: list of tensors to fetch.
        updates: list of update ops or `(variable, new_value)` tuples, run
            after the outputs are computed.
        name: optional name of the function.
        **session_kwargs: `fetches` (extra tensors or ops run at each call,
            their values not returned), `feed_dict` (extra `{tensor: value}`
            fed at each call; the dict is read at every call), and the
            `tf.Session.run` options `options` and `run_metadata`.

    # Raises
        TypeError: if `inputs`, `outputs` or `updates` is not a list/tuple.
        ValueError: for unknown session arguments.
    """

    def __init__(self, inputs, outputs, updates=None, name=None,
                 **session_kwargs):
        updates = updates or []
        if not isinstance(inputs, (list, tuple)):
            raise TypeError('`inputs` to a TensorFlow backend function '
                            'should be a list or tuple.')
        if not isinstance(outputs, (list, tuple)):
            raise TypeError('`outputs` of a TensorFlow backend function '
                            'should be a list or tuple.')
        if not isinstance(updates, (list, tuple)):
            raise TypeError('`updates` in a TensorFlow backend function '
                            'should be a list or tuple.')
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        deps = [o.values if is_sparse(o) else o for o in self.outputs]
        with tf.control_dependencies(deps):
            update_ops = []
            for u in updates:
                if isinstance(u, tuple):
                    p, new_p = u
                    update_ops.append(tf.assign(p, new_p))
                else:
                    update_ops.append(u)
            self.updates_op = tf.group(*update_ops)
        self.name = name
        self.feed_dict = session_kwargs.pop('feed_dict', None)
        self.fetches = session_kwargs.pop('fetches', [])
        if not isinstance(self.fetches, list):
            self.fetches = [self.fetches]
        for key in session_kwargs:
            if key not in ('options', 'run_metadata'):
                raise ValueError('Invalid argument "%s" passed to K.function '
                                 'with TensorFlow backend (accepted: fetches, '
                                 'feed_dict, options, run_metadata, name).'
                                 % key)
        self.session_kwargs = session_kwargs
        # (feeds, numpy dtypes) of the inputs, computed once.
        self._input_specs = []
        for x in self.inputs:
            if is_sparse(x):
                self._input_specs.append(
                    (True, (x.indices, x.values, x.dense_shape),
                     (np.int64, x.values.dtype.as_numpy_dtype, np.int64)))
            else:
                self._input_specs.append(
                    (False, x, x.dtype.base_dtype.as_numpy_dtype))
        self._callable_fn = None
        self._callable_session = None
        self._callable_key = None

    def _make_callable(self, session, key, feed_extra):
        feed_list = []
        for (sparse, feed, _), fed in zip(self._input_specs, key[0]):
            if not fed:
                continue
            if sparse:
                feed_list.extend(feed)
            else:
                feed_list.append(feed)
        feed_list.extend(feed_extra)
        fetches = self.outputs + [self.updates_op] + self.fetches
        self._callable_fn = session.make_callable(
            fetches, feed_list=feed_list,
            accept_options=bool(self.session_kwargs))
        self._callable_session = session
        self._callable_key = key

    def __call__(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise TypeError('`inputs` should be a list or tuple.')
        if len(inputs) != len(self.inputs):
            raise ValueError('This Keras function takes %d inputs, got %d.'
                             % (len(self.inputs), len(inputs)))
        session = get_session()
        args = []
        fed = []
        for (sparse, feed, np_dtype), value in zip(self._input_specs,
                                                   inputs):
            if value is None:
                fed.append(False)
                continue
            fed.append(True)
            if sparse:
                indices, values, dense_shape = _sparse_feed_value(value)
                args.append(np.asarray(indices, dtype=np_dtype[0]))
                args.append(np.asarray(values, dtype=np_dtype[1]))
                args.append(np.asarray(dense_shape, dtype=np_dtype[2]))
            else:
                args.append(np.asarray(value, dtype=np_dtype))
        feed_extra = ()
        if self.feed_dict:
            feed_extra = tuple(self.feed_dict.keys())
            for t in feed_extra:
                args.append(np.asarray(
                    self.feed_dict[t],
                    dtype=t.dtype.base_dtype.as_numpy_dtype))
        key = (tuple(fed), feed_extra)
        if (self._callable_fn is None or
                self._callable_session is not session or
                self._callable_key != key):
            self._make_callable(session, key, feed_extra)
        fetched = self._callable_fn(*args, **self.session_kwargs)
        return fetched[:len(self.outputs)]


def function(inputs, outputs, updates=None, **kwargs):
    """Instantiates a Keras function (see `Function`).

    # Arguments
        inputs: list of input tensors.
        outputs: list of output tensors.
        updates: list of update ops or `(variable, new_value)` tuples.
        **kwargs: `name`, and the session arguments of `Function`.

    # Returns
        A `Function`: call it with a list of input values, it returns the
        list of output values as NumPy arrays.

    # Raises
        ValueError: for unknown keyword arguments.
    """
    return Function(inputs, outputs, updates=updates, **kwargs)


def gradients(loss, variables):
    """Returns the gradients of `loss` with respect to `variables`.

    # Arguments
        loss: scalar tensor to minimize.
        variables: list of variables.

    # Returns
        A list of gradient tensors (`None` for unconnected variables).
    """
    return tf.gradients(loss, variables, colocate_gradients_with_ops=True)


def stop_gradient(variables):
    """Returns `variables` with gradients blocked.

    # Arguments
        variables: a tensor or a list of tensors.

    # Returns
        A tensor or a list of tensors.
    """
    if isinstance(variables, (list, tuple)):
        return [tf.stop_gradient(v) for v in variables]
    return tf.stop_gradient(variables)


# ---------------------------------------------------------------------------
# Linear algebra
# ---------------------------------------------------------------------------

def dot(x, y):
    """Multiplies two tensors (NumPy `dot` semantics for N-D tensors).

    For 2-D tensors this is the matrix product. For N-D tensors the last
    axis of `x` is contracted with the second-to-last axis of `y` (the last
    axis if `y` is 1-D); the result has shape
    `x.shape[:-1] + y.shape[:-2] + y.shape[-1:]`. A sparse `x` is
    supported with a 2-D dense `y`.

    # Arguments
        x: a tensor or variable.
        y: a tensor or variable.

    # Returns
        A tensor.
    """
    if is_sparse(x):
        return tf.sparse_tensor_dense_matmul(x, y)
    x_ndim = ndim(x)
    y_ndim = ndim(y)
    if x_ndim == 2 and y_ndim == 2:
        return tf.matmul(x, y)
    if x_ndim is None or y_ndim is None:
        raise ValueError('dot: the ranks of both operands must be known; '
                         'got shapes %s and %s.' % (x.get_shape(),
                                                    y.get_shape()))
    y_axis = 0 if y_ndim == 1 else y_ndim - 2
    return tf.tensordot(x, y, axes=[[x_ndim - 1], [y_axis]])


def batch_dot(x, y, axes=None):
    """Batch-wise dot product (Keras 2.2.4 semantics).

    For `x` and `y` with the batch as first axis, computes for each sample
    the dot product of `x[i]` and `y[i]` over the axes `axes`. The result
    has `ndim(x) + ndim(y) - 2` axes (at least 2: a 1-D result is expanded
    to shape `(batch, 1)`).

    # Arguments
        x: tensor with `ndim >= 2`.
        y: tensor with `ndim >= 2`.
        axes: an int or a pair of ints: the axes of `x` and `y` to contract.
            Default: the last axis of `x` and the second-to-last of `y`.

    # Returns
        A tensor.

    # Raises
        ValueError: if `axes` contains lists (several contracted axes).
    """
    if isinstance(axes, int):
        axes = (axes, axes)
    x_ndim = ndim(x)
    y_ndim = ndim(y)
    if axes is None:
        axes = [x_ndim - 1, y_ndim - 2]
    if py_any([isinstance(a, (list, tuple)) for a in axes]):
        raise ValueError('batch_dot: multiple target dimensions are not '
                         'supported; `axes` must be an int or a pair of '
                         'ints, got %r.' % (axes,))
    axes = [axes[0] % x_ndim if axes[0] < 0 else axes[0],
            axes[1] % y_ndim if axes[1] < 0 else axes[1]]
    if x_ndim > y_ndim:
        diff = x_ndim - y_ndim
        y = tf.reshape(y, tf.concat([tf.shape(y), [1] * diff], axis=0))
    elif y_ndim > x_ndim:
        diff = y_ndim - x_ndim
        x = tf.reshape(x, tf.concat([tf.shape(x), [1] * diff], axis=0))
    else:
        diff = 0
    if ndim(x) == 2 and ndim(y) == 2:
        if axes[0] == axes[1]:
            out = tf.reduce_sum(tf.multiply(x, y), axes[0])
        else:
            out = tf.reduce_sum(tf.multiply(tf.transpose(x, [1, 0]), y),
                                axes[1])
    else:
        adj_x = None if axes[0] == ndim(x) - 1 else True
        adj_y = True if axes[1] == ndim(y) - 1 else None
        out = tf.matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y)
    if diff:
        if x_ndim > y_ndim:
            idx = x_ndim + y_ndim - 3
        else:
            idx = x_ndim - 1
        out = tf.squeeze(out, list(range(idx, idx + diff)))
    if ndim(out) == 1:
        out = tf.expand_dims(out, 1)
    return out


def transpose(x):
    """Reverses the axes of a tensor (matrix transpose for 2-D tensors).

    # Arguments
        x: a tensor or variable.

    # Returns
        A tensor.
    """
    return tf.transpose(x)


def gather(reference, indices):
    """Picks rows of `reference` (along axis 0) at integer `indices`.

    # Arguments
        reference: a tensor.
        indices: an integer tensor of indices.

    # Returns
        A tensor of shape `indices.shape + reference.shape[1:]`.
    """
    return tf.gather(reference, indices)


# ---------------------------------------------------------------------------
# Element-wise operations and reductions
# ---------------------------------------------------------------------------

def max(x, axis=None, keepdims=False):
    """Maximum of the values of a tensor along `axis` (all axes if `None`).

    # Arguments
        x: a tensor.
        axis: an int, a list of ints, or `None`.
        keepdims: whether to keep the reduced axes (with length 1).

    # Returns
        A tensor.
    """
    return tf.reduce_max(x, axis, keepdims)


def min(x, axis=None, keepdims=False):
    """Minimum of the values of a tensor along `axis` (see `max`).

    # Returns
        A tensor.
    """
    return tf.reduce_min(x, axis, keepdims)


def sum(x, axis=None, keepdims=False):
    """Sum of the values of a tensor along `axis` (see `max`).

    # Returns
        A tensor.
    """
    return tf.reduce_sum(x, axis, keepdims)


def prod(x, axis=None, keepdims=False):
    """Product of the values of a tensor along `axis` (see `max`).

    # Returns
        A tensor.
    """
    return tf.reduce_prod(x, axis, keepdims)


def cumsum(x, axis=0):
    """Cumulative sum along an axis.

    # Arguments
        x: a tensor.
        axis: the axis.

    # Returns
        A tensor of the shape of `x`.
    """
    return tf.cumsum(x, axis=axis)


def cumprod(x, axis=0):
    """Cumulative product along an axis.

    # Arguments
        x: a tensor.
        axis: the axis.

    # Returns
        A tensor of the shape of `x`.
    """
    return tf.cumprod(x, axis=axis)


def var(x, axis=None, keepdims=False):
    """Variance (biased, divided by N) along `axis` (see `max`).

    # Returns
        A tensor.
    """
    if x.dtype.base_dtype == tf.bool:
        x = tf.cast(x, floatx())
    m = tf.reduce_mean(x, axis, True)
    return tf.reduce_mean(tf.square(x - m), axis, keepdims)


def std(x, axis=None, keepdims=False):
    """Standard deviation (square root of `var`) along `axis`.

    # Returns
        A tensor.
    """
    return tf.sqrt(var(x, axis=axis, keepdims=keepdims))


def mean(x, axis=None, keepdims=False):
    """Mean along `axis` (see `max`); booleans are cast to `floatx()`.

    # Returns
        A tensor.
    """
    if x.dtype.base_dtype == tf.bool:
        x = tf.cast(x, floatx())
    return tf.reduce_mean(x, axis, keepdims)


def any(x, axis=None, keepdims=False):
    """Logical OR along `axis` (see `max`).

    # Returns
        A bool tensor.
    """
    return tf.reduce_any(tf.cast(x, tf.bool), axis, keepdims)


def all(x, axis=None, keepdims=False):
    """Logical AND along `axis` (see `max`).

    # Returns
        A bool tensor.
    """
    return tf.reduce_all(tf.cast(x, tf.bool), axis, keepdims)


def argmax(x, axis=-1):
    """Index of the maximum along an axis.

    # Returns
        An int64 tensor.
    """
    return tf.argmax(x, axis)


def argmin(x, axis=-1):
    """Index of the minimum along an axis.

    # Returns
        An int64 tensor.
    """
    return tf.argmin(x, axis)


def square(x):
    """Element-wise square."""
    return tf.square(x)


def abs(x):
    """Element-wise absolute value."""
    return tf.abs(x)


def sqrt(x):
    """Element-wise square root; negative inputs are clipped to 0 first."""
    zero = _to_tensor(0., x.dtype.base_dtype)
    inf = _to_tensor(np.inf, x.dtype.base_dtype)
    return tf.sqrt(tf.clip_by_value(x, zero, inf))


def exp(x):
    """Element-wise exponential."""
    return tf.exp(x)


def log(x):
    """Element-wise natural logarithm."""
    return tf.log(x)


def logsumexp(x, axis=None, keepdims=False):
    """Numerically stable `log(sum(exp(x)))` along `axis` (see `max`).

    # Returns
        A tensor.
    """
    return tf.reduce_logsumexp(x, axis, keepdims)


def round(x):
    """Element-wise rounding to the nearest integer (halves to even)."""
    return tf.round(x)


def sign(x):
    """Element-wise sign (-1, 0 or 1)."""
    return tf.sign(x)


def pow(x, a):
    """Element-wise power `x ** a`.

    # Arguments
        x: a tensor.
        a: a number or tensor.
    """
    return tf.pow(x, a)


def clip(x, min_value, max_value):
    """Element-wise clipping to `[min_value, max_value]`.

    A `max_value` below `min_value` is raised to `min_value`; `None` means
    no upper bound.

    # Returns
        A tensor.
    """
    if max_value is not None and max_value < min_value:
        max_value = min_value
    if max_value is None:
        max_value = np.inf
    min_value = _to_tensor(min_value, x.dtype.base_dtype)
    max_value = _to_tensor(max_value, x.dtype.base_dtype)
    return tf.clip_by_value(x, min_value, max_value)


def equal(x, y):
    """Element-wise `x == y` (bool tensor)."""
    return tf.equal(x, y)


def not_equal(x, y):
    """Element-wise `x != y` (bool tensor)."""
    return tf.not_equal(x, y)


def greater(x, y):
    """Element-wise `x > y` (bool tensor)."""
    return tf.greater(x, y)


def greater_equal(x, y):
    """Element-wise `x >= y` (bool tensor)."""
    return tf.greater_equal(x, y)


def less(x, y):
    """Element-wise `x < y` (bool tensor)."""
    return tf.less(x, y)


def less_equal(x, y):
    """Element-wise `x <= y` (bool tensor)."""
    return tf.less_equal(x, y)


def maximum(x, y):
    """Element-wise maximum."""
    return tf.maximum(x, y)


def minimum(x, y):
    """Element-wise minimum."""
    return tf.minimum(x, y)


def sin(x):
    """Element-wise sine."""
    return tf.sin(x)


def cos(x):
    """Element-wise cosine."""
    return tf.cos(x)


# ---------------------------------------------------------------------------
# Normalization
# ---------------------------------------------------------------------------

def _broadcast_shape(x, reduction_axes):
    n = ndim(x)
    dyn = tf.shape(x)
    return tf.stack([1 if a in reduction_axes else dyn[a] for a in range(n)])


def normalize_batch_in_training(x, gamma, beta, reduction_axes,
                                epsilon=1e-3):
    """Computes the mean and variance of `x` over `reduction_axes` and
    normalizes `x` with them, then applies `gamma` and `beta`.

    # Arguments
        x: input tensor.
        gamma: scale tensor (shape of the non-reduced axes) or `None`.
        beta: offset tensor or `None`.
        reduction_axes: list of the axes to reduce.
        epsilon: fuzz factor added to the variance.

    # Returns
        A tuple `(normalized_x, mean, variance)`; mean and variance (biased)
        have the shape of the non-reduced axes.
    """
    reduction_axes = [a % ndim(x) for a in reduction_axes]
    mean, variance = tf.nn.moments(x, reduction_axes, shift=None,
                                   keep_dims=False)
    if sorted(reduction_axes) == list(range(ndim(x)))[:-1]:
        normed = tf.nn.batch_normalization(x, mean, variance, beta, gamma,
                                           epsilon)
    else:
        target = _broadcast_shape(x, reduction_axes)
        b_mean = tf.reshape(mean, target)
        b_var = tf.reshape(variance, target)
        b_beta = None if beta is None else tf.reshape(beta, target)
        b_gamma = None if gamma is None else tf.reshape(gamma, target)
        normed = tf.nn.batch_normalization(x, b_mean, b_var, b_beta, b_gamma,
                                           epsilon)
    return normed, mean, variance


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    """Applies `(x - mean) / sqrt(var + epsilon) * gamma + beta`.

    `mean`, `var`, `beta` and `gamma` either broadcast against `x`, or are
    1-D along `axis` (then they are reshaped to broadcast).

    # Arguments
        x: input tensor.
        mean: mean of the batch.
        var: variance of the batch.
        beta: offset (or `None`).
        gamma: scale (or `None`).
        axis: the features axis.
        epsilon: fuzz factor.

    # Returns
        A tensor.
    """
    n = ndim(x)
    if n is not None and ndim(mean) == 1 and n > 1 and axis % n != n - 1:
        axis = axis % n
        target = [1] * n
        target[axis] = -1

        def _b(t):
            return None if t is None else tf.reshape(t, target)
        mean, var, beta, gamma = _b(mean), _b(var), _b(beta), _b(gamma)
    return tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon)


# ---------------------------------------------------------------------------
# Shape operations
# ---------------------------------------------------------------------------

def concatenate(tensors, axis=-1):
    """Concatenates tensors along an axis (sparse if all are sparse).

    # Arguments
        tensors: list of tensors.
        axis: the axis.

    # Returns
        A tensor.
    """
    if axis < 0:
        rank = ndim(tensors[0])
        if rank:
            axis %= rank
        else:
            axis = 0
    if py_all([is_sparse(x) for x in tensors]):
        return tf.sparse_concat(axis, tensors)
    return tf.concat([to_dense(x) for x in tensors], axis)


def reshape(x, shape):
    """Reshapes a tensor (one entry of `shape` may be -1).

    # Returns
        A tensor.
    """
    return tf.reshape(x, shape)


def permute_dimensions(x, pattern):
    """Permutes the axes of a tensor.

    # Arguments
        x: a tensor.
        pattern: tuple of axis indices, e.g. `(0, 2, 1)`.

    # Returns
        A tensor.
    """
    return tf.transpose(x, perm=pattern)


def resize_images(x, height_factor, width_factor, data_format,
                  interpolation='nearest'):
    """Upsamples the rows and columns of a 4-D batch of images by integer
    factors.

    # Arguments
        x: 4-D tensor.
        height_factor: positive integer.
        width_factor: positive integer.
        data_format: ``'channels_first'`` or ``'channels_last'``.
        interpolation: ``'nearest'`` or ``'bilinear'``.

    # Returns
        A tensor.

    # Raises
        ValueError: for an invalid `data_format` or `interpolation`.
    """
    data_format = normalize_data_format(data_format)
    if data_format == 'channels_first':
        rows, cols = 2, 3
    else:
        rows, cols = 1, 2
    original_shape = int_shape(x)
    new_shape = tf.shape(x)[rows:cols + 1]
    new_shape *= tf.constant(np.array([height_factor, width_factor],
                                      dtype='int32'))
    if data_format == 'channels_first':
        x = tf.transpose(x, [0, 2, 3, 1])
    if interpolation == 'nearest':
        x = tf.image.resize_nearest_neighbor(x, new_shape)
    elif interpolation == 'bilinear':
        x = tf.image.resize_bilinear(x, new_shape)
    else:
        raise ValueError('resize_images: interpolation should be one of '
                         '"nearest" or "bilinear", got %r.' % (interpolation,))
    if data_format == 'channels_first':
        x = tf.transpose(x, [0, 3, 1, 2])
    if original_shape is not None:
        out = list(original_shape)
        if out[rows] is not None:
            out[rows] *= height_factor
        if out[cols] is not None:
            out[cols] *= width_factor
        x.set_shape(out)
    return x


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    """Upsamples a 5-D batch of volumes by repeating its entries.

    # Arguments
        x: 5-D tensor.
        depth_factor: positive integer.
        height_factor: positive integer.
        width_factor: positive integer.
        data_format: ``'channels_first'`` or ``'channels_last'``.

    # Returns
        A tensor.
    """
    data_format = normalize_data_format(data_format)
    first = 2 if data_format == 'channels_first' else 1
    out = repeat_elements(x, depth_factor, axis=first)
    out = repeat_elements(out, height_factor, axis=first + 1)
    return repeat_elements(out, width_factor, axis=first + 2)


def repeat_elements(x, rep, axis):
    """Repeats each element of `x` `rep` times along `axis` (`np.repeat`).

    # Arguments
        x: a tensor.
        rep: positive integer.
        axis: the axis.

    # Returns
        A tensor.
    """
    n = ndim(x)
    axis = axis % n
    static = x.get_shape().as_list()
    dyn = tf.shape(x)
    expanded = tf.expand_dims(x, axis + 1)
    multiples = [1] * (n + 1)
    multiples[axis + 1] = rep
    tiled = tf.tile(expanded, multiples)
    new_shape = [dyn[i] for i in range(n)]
    new_shape[axis] = dyn[axis] * rep
    out = tf.reshape(tiled, tf.stack(new_shape))
    if static[axis] is not None:
        static[axis] *= rep
    out.set_shape(static)
    return out


def repeat(x, n):
    """Repeats a 2-D tensor `(batch, dim)` into `(batch, n, dim)`.

    # Arguments
        x: 2-D tensor.
        n: number of repetitions.

    # Returns
        A 3-D tensor.
    """
    if ndim(x) != 2:
        raise ValueError('repeat: expected a 2-D tensor, got shape %s.'
                         % (x.get_shape(),))
    x = tf.expand_dims(x, 1)
    return tf.tile(x, tf.stack([1, n, 1]))


def arange(start, stop=None, step=1, dtype='int32'):
    """1-D tensor of evenly spaced values (like `np.arange`).

    With a single negative argument, the result is empty.

    # Arguments
        start: start value (or the stop value if `stop` is `None`).
        stop: stop value (excluded).
        step: difference between consecutive values.
        dtype: integer dtype of the result.

    # Returns
        A 1-D tensor.
    """
    if stop is None and not is_tensor(start) and start < 0:
        start = 0
    result = tf.range(start, limit=stop, delta=step, name='arange')
    if dtype != 'int32':
        result = tf.cast(result, dtype)
    return result


def tile(x, n):
    """Tiles `x` by `n` (an int or a list, one entry per axis).

    # Returns
        A tensor.
    """
    if isinstance(n, int):
        n = [n]
    return tf.tile(x, n)


def flatten(x):
    """Flattens a tensor into 1-D.

    # Returns
        A 1-D tensor.
    """
    return tf.reshape(x, [-1])


def batch_flatten(x):
    """Flattens each sample of a batch: `(batch, ...)` -> `(batch, prod)`.

    # Returns
        A 2-D tensor.
    """
    static = x.get_shape().as_list()[1:]
    if py_all([d is not None for d in static]):
        return tf.reshape(x, [-1, int(np.prod(static))])
    return tf.reshape(x, tf.stack([-1, tf.reduce_prod(tf.shape(x)[1:])]))


def expand_dims(x, axis=-1):
    """Adds an axis of length 1 at index `axis`."""
    return tf.expand_dims(x, axis)


def squeeze(x, axis):
    """Removes the axis `axis` (of length 1)."""
    return tf.squeeze(x, [axis])


def temporal_padding(x, padding=(1, 1)):
    """Zero-pads the middle axis of a 3-D tensor.

    # Arguments
        x: 3-D tensor.
        padding: pair `(left, right)`.

    # Returns
        A 3-D tensor.
    """
    if len(padding) != 2:
        raise ValueError('temporal_padding: padding must be a pair of ints, '
                         'got %r.' % (padding,))
    pattern = [[0, 0], [padding[0], padding[1]], [0, 0]]
    return tf.pad(x, pattern)


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    """Zero-pads the rows and columns of a 4-D tensor.

    # Arguments
        x: 4-D tensor.
        padding: `((top, bottom), (left, right))`.
        data_format: ``'channels_first'`` or ``'channels_last'``.

    # Returns
        A 4-D tensor.
    """
    if len(padding) != 2 or len(padding[0]) != 2 or len(padding[1]) != 2:
        raise ValueError('spatial_2d_padding: padding must be a pair of '
                         'pairs, got %r.' % (padding,))
    data_format = normalize_data_format(data_format)
    if data_format == 'channels_first':
        pattern = [[0, 0], [0, 0], list(padding[0]), list(padding[1])]
    else:
        pattern = [[0, 0], list(padding[0]), list(padding[1]), [0, 0]]
    return tf.pad(x, pattern)


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    """Zero-pads the three spatial axes of a 5-D tensor.

    # Arguments
        x: 5-D tensor.
        padding: three pairs `(before, after)`.
        data_format: ``'channels_first'`` or ``'channels_last'``.

    # Returns
        A 5-D tensor.
    """
    if len(padding) != 3 or py_any([len(p) != 2 for p in padding]):
        raise ValueError('spatial_3d_padding: padding must be three pairs, '
                         'got %r.' % (padding,))
    data_format = normalize_data_format(data_format)
    spatial = [list(p) for p in padding]
    if data_format == 'channels_first':
        pattern = [[0, 0], [0, 0]] + spatial
    else:
        pattern = [[0, 0]] + spatial + [[0, 0]]
    return tf.pad(x, pattern)


def stack(x, axis=0):
    """Stacks a list of tensors of the same shape into one of rank + 1."""
    return tf.stack(x, axis=axis)


def one_hot(indices, num_classes):
    """One-hot encodes integer indices: adds a last axis of `num_classes`.

    # Returns
        A float tensor.
    """
    return tf.one_hot(indices, depth=num_classes, axis=-1)


def reverse(x, axes):
    """Reverses a tensor along `axes` (an int or a list of ints)."""
    if isinstance(axes, int):
        axes = [axes]
    return tf.reverse(x, axes)


def slice(x, start, size):
    """Extracts a slice of `x` (see `tf.slice`).

    # Arguments
        x: a tensor.
        start: start index per axis.
        size: number of entries per axis (-1: up to the end).

    # Returns
        A tensor.
    """
    return tf.slice(x, start, size)


def transpose_shape(shape, target_format, spatial_axes):
    """Converts a channels_last shape to `target_format`.

    # Arguments
        shape: tuple or list in channels_last order.
        target_format: ``'channels_first'`` or ``'channels_last'``.
        spatial_axes: indices of the spatial axes in `shape`.

    # Returns
        A tuple or list (same type as `shape`).

    # Raises
        ValueError: for an invalid `target_format`.
    """
    if target_format == 'channels_first':
        new_values = tuple(shape[:spatial_axes[0]])
        new_values += (shape[-1],)
        new_values += tuple(shape[a] for a in spatial_axes)
        if isinstance(shape, list):
            return list(new_values)
        return new_values
    if target_format == 'channels_last':
        return shape
    raise ValueError('The `data_format` argument must be one of '
                     '"channels_first", "channels_last". Received: %r'
                     % (target_format,))


# ---------------------------------------------------------------------------
# Control flow
# ---------------------------------------------------------------------------

def _broadcast_mask(mask_t, x):
    """Tiles a (batch, 1) bool mask to the shape of `x` (batch, ...)."""
    n = ndim(x)
    mask_t = tf.reshape(mask_t, tf.stack([tf.shape(mask_t)[0]] +
                                         [1] * (n - 1)))
    multiples = tf.concat([[1], tf.shape(x)[1:]], axis=0)
    return tf.tile(mask_t, multiples)


def switch(condition, then_expression, else_expression):
    """Chooses between two expressions by a condition.

    A scalar `condition` selects one branch (`tf.cond`); a tensor condition
    selects element-wise (its rank must not exceed the expressions').

    # Arguments
        condition: a scalar or tensor (cast to bool).
        then_expression: a tensor, or a callable returning one.
        else_expression: a tensor, or a callable returning one.

    # Returns
        A tensor.

    # Raises
        ValueError: if `condition` has a higher rank than the expressions.
    """
    if condition.dtype != tf.bool:
        condition = tf.cast(condition, 'bool')
    cond_ndim = ndim(condition)
    if not cond_ndim:
        if not callable(then_expression):
            then_value = then_expression

            def then_expression():
                return then_value
        if not callable(else_expression):
            else_value = else_expression

            def else_expression():
                return else_value
        return tf.cond(condition, then_expression, else_expression)
    if callable(then_expression):
        then_expression = then_expression()
    if callable(else_expression):
        else_expression = else_expression()
    expr_ndim = ndim(then_expression)
    if cond_ndim > expr_ndim:
        raise ValueError('Rank of `condition` should be less than or equal '
                         'to rank of `then_expression` and '
                         '`else_expression`. ndim(condition)=%s, '
                         'ndim(then_expression)=%s' % (cond_ndim, expr_ndim))
    if cond_ndim < expr_ndim:
        cond_shape = tf.concat([tf.shape(condition),
                                [1] * (expr_ndim - cond_ndim)], axis=0)
        condition = tf.reshape(condition, cond_shape)
        expr_shape = tf.shape(then_expression)
        tile_shape = tf.where(expr_shape - cond_shape > 0, expr_shape,
                              tf.ones_like(expr_shape))
        condition = tf.tile(condition, tile_shape)
    return tf.where(condition, then_expression, else_expression)


def in_train_phase(x, alt, training=None):
    """Selects `x` in the training phase and `alt` otherwise.

    # Arguments
        x: what to return in training phase (tensor or callable).
        alt: what to return otherwise (tensor or callable).
        training: optional scalar tensor or Python value (bool or 0/1)
            giving the phase; default: the global `learning_phase()`.

    # Returns
        `x` or `alt` when the phase is a Python value, else a tensor
        selecting between them (flagged `_uses_learning_phase` when the
        global learning phase was used).
    """
    if training is None:
        training = learning_phase()
        uses_learning_phase = True
    else:
        uses_learning_phase = False
    if not is_tensor(training):
        if training:
            return x() if callable(x) else x
        return alt() if callable(alt) else alt
    x = switch(training, x, alt)
    if uses_learning_phase:
        x._uses_learning_phase = True
    return x


def in_test_phase(x, alt, training=None):
    """Selects `x` in the test phase and `alt` otherwise (see
    `in_train_phase`).

    # Returns
        `x`, `alt` or a tensor selecting between them.
    """
    return in_train_phase(alt, x, training=training)


def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None,
        constants=None, unroll=False, input_length=None):
    """Iterates a step function over the time axis of a tensor.

    # Arguments
        step_function: `f(input_t, states) -> (output_t, new_states)`, where
            `input_t` is `(samples, ...)` (one time step), `states` the list
            of state tensors followed by the `constants`, and `new_states`
            a list of tensors shaped like the states.
        inputs: tensor `(samples, time, ...)` (at least 3-D).
        initial_states: list of tensors `(samples, ...)`.
        go_backwards: whether to iterate from the last time step.
        mask: optional `(samples, time)` or `(samples, time, 1)` tensor,
            zero/False for masked steps. At a masked step the states are
            kept and the output is the previous output (unrolled) or the
            previous first state (symbolic loop; e.g. `h` of an LSTM).
        constants: list of tensors passed to every step.
        unroll: whether to unroll the loop in the graph (needs a known
            number of time steps) instead of a `tf.while_loop`.
        input_length: static number of time steps, if known (unused).

    # Returns
        A tuple `(last_output, outputs, new_states)`: the output of the last
        step `(samples, ...)`, all outputs `(samples, time, ...)`, and the
        list of the last states.

    # Raises
        ValueError: for inputs with less than 3 axes, an unknown number of
            time steps with `unroll=True`, or a mask without states.
    """
    n = ndim(inputs)
    if n is None or n < 3:
        raise ValueError('rnn: the inputs must be at least 3-D '
                         '(samples, time, ...); got shape %s.'
                         % (inputs.get_shape(),))
    axes = [1, 0] + list(range(2, n))
    inputs = tf.transpose(inputs, axes)
    if mask is not None:
        if mask.dtype != tf.bool:
            mask = tf.cast(mask, tf.bool)
        if ndim(mask) == 2:
            mask = tf.expand_dims(mask, -1)
        mask = tf.transpose(mask, [1, 0] + list(range(2, ndim(mask))))
    if constants is None:
        constants = []
    constants = list(constants)
    states = list(initial_states)
    uses_learning_phase = False

    if unroll:
        if inputs.get_shape()[0] is None or \
                inputs.get_shape().as_list()[0] is None:
            raise ValueError('rnn: unrolling requires a fixed number of '
                             'time steps; got inputs of shape %s '
                             '(time major).' % (inputs.get_shape(),))
        input_list = tf.unstack(inputs)
        if go_backwards:
            input_list.reverse()
        successive_outputs = []
        successive_states = []
        if mask is not None:
            mask_list = tf.unstack(mask)
            if go_backwards:
                mask_list.reverse()
            for inp, mask_t in zip(input_list, mask_list):
                output, new_states = step_function(inp, states + constants)
                if getattr(output, '_uses_learning_phase', False):
                    uses_learning_phase = True
                if successive_outputs:
                    prev_output = successive_outputs[-1]
                else:
                    prev_output = tf.zeros_like(output)
                output = tf.where(_broadcast_mask(mask_t, output), output,
                                  prev_output)
                states = [tf.where(_broadcast_mask(mask_t, new_state),
                                   new_state, state)
                          for state, new_state in zip(states, new_states)]
                successive_outputs.append(output)
                successive_states.append(states)
        else:
            for inp in input_list:
                output, states = step_function(inp, states + constants)
                states = list(states)
                if getattr(output, '_uses_learning_phase', False):
                    uses_learning_phase = True
                successive_outputs.append(output)
                successive_states.append(states)
        last_output = successive_outputs[-1]
        new_states = successive_states[-1]
        outputs = tf.stack(successive_outputs)
    else:
        if go_backwards:
            inputs = tf.reverse(inputs, [0])
        time_steps = tf.shape(inputs)[0]
        static_steps = inputs.get_shape().as_list()[0]
        probe, _ = step_function(inputs[0], states + constants)
        output_ta = tf.TensorArray(dtype=probe.dtype, size=time_steps,
                                   tensor_array_name='output_ta')
        input_ta = tf.TensorArray(dtype=inputs.dtype, size=time_steps,
                                  tensor_array_name='input_ta')
        input_ta = input_ta.unstack(inputs)
        time = tf.constant(0, dtype='int32', name='time')
        flags = []

        if mask is not None:
            if not states:
                raise ValueError('rnn: no initial states provided. When '
                                 'using masking in an RNN, you should '
                                 'provide initial states (and your step '
                                 'function should return as its first '
                                 'state at time `t` the output at time '
                                 '`t-1`).')
            if go_backwards:
                mask = tf.reverse(mask, [0])
            mask_ta = tf.TensorArray(dtype=tf.bool, size=time_steps,
                                     tensor_array_name='mask_ta')
            mask_ta = mask_ta.unstack(mask)

            def _step(time, output_ta_t, *states):
                current_input = input_ta.read(time)
                mask_t = mask_ta.read(time)
                output, new_states = step_function(
                    current_input, list(states) + constants)
                if getattr(output, '_uses_learning_phase', False):
                    flags.append(True)
                for state, new_state in zip(states, new_states):
                    new_state.set_shape(state.get_shape())
                output = tf.where(_broadcast_mask(mask_t, output), output,
                                  states[0])
                new_states = [tf.where(_broadcast_mask(mask_t, ns), ns, s)
                              for s, ns in zip(states, new_states)]
                output_ta_t = output_ta_t.write(time, output)
                return (time + 1, output_ta_t) + tuple(new_states)
        else:
            def _step(time, output_ta_t, *states):
                current_input = input_ta.read(time)
                output, new_states = step_function(
                    current_input, list(states) + constants)
                if getattr(output, '_uses_learning_phase', False):
                    flags.append(True)
                for state, new_state in zip(states, new_states):
                    new_state.set_shape(state.get_shape())
                output_ta_t = output_ta_t.write(time, output)
                return (time + 1, output_ta_t) + tuple(new_states)

        final_outputs = tf.while_loop(
            cond=lambda time, *_: time < time_steps,
            body=_step,
            loop_vars=(time, output_ta) + tuple(states),
            parallel_iterations=32,
            swap_memory=True)
        last_time = final_outputs[0]
        output_ta = final_outputs[1]
        new_states = list(final_outputs[2:])
        outputs = output_ta.stack()
        last_output = output_ta.read(last_time - 1)
        out_shape = [static_steps] + probe.get_shape().as_list()
        outputs.set_shape(out_shape)
        last_output.set_shape(probe.get_shape())
        uses_learning_phase = bool(flags)

    axes = [1, 0] + list(range(2, ndim(outputs)))
    outputs = tf.transpose(outputs, axes)
    last_output._uses_learning_phase = uses_learning_phase
    return last_output, outputs, list(new_states)


def map_fn(fn, elems, name=None, dtype=None):
    """Applies `fn` to each element of `elems` (split along axis 0) and
    stacks the results.

    # Arguments
        fn: callable.
        elems: tensor.
        name: optional name.
        dtype: output dtype, when it differs from the dtype of `elems`.

    # Returns
        A tensor.
    """
    return tf.map_fn(fn, elems, name=name, dtype=dtype)


def foldl(fn, elems, initializer=None, name=None):
    """Reduces `elems` from left to right with `fn(accumulator, element)`.

    # Arguments
        fn: callable.
        elems: tensor.
        initializer: initial accumulator (default: `elems[0]`).
        name: optional name.

    # Returns
        A tensor shaped like `initializer`.
    """
    return tf.foldl(fn, elems, initializer=initializer, name=name)


def foldr(fn, elems, initializer=None, name=None):
    """Reduces `elems` from right to left with `fn(accumulator, element)`.

    # Arguments
        fn: callable.
        elems: tensor.
        initializer: initial accumulator (default: `elems[-1]`).
        name: optional name.

    # Returns
        A tensor shaped like `initializer`.
    """
    return tf.foldr(fn, elems, initializer=initializer, name=name)


# ---------------------------------------------------------------------------
# Neural network operations
# ---------------------------------------------------------------------------

def relu(x, alpha=0., max_value=None, threshold=0.):
    """Rectified linear unit.

    Returns `max_value` for `x >= max_value`, `x` for
    `threshold <= x < max_value`, and `alpha * (x - threshold)` otherwise.

    # Arguments
        x: a tensor.
        alpha: slope of the negative part.
        max_value: saturation threshold (`None`: none).
        threshold: threshold below which the slope is `alpha`.

    # Returns
        A tensor.
    """
    if alpha != 0.:
        if threshold != 0.:
            negative_part = tf.nn.relu(-x + threshold)
        else:
            negative_part = tf.nn.relu(-x)
    clip_max = max_value is not None
    if threshold != 0.:
        x = x * tf.cast(tf.greater(x, threshold), x.dtype.base_dtype)
    elif max_value == 6:
        x = tf.nn.relu6(x)
        clip_max = False
    else:
        x = tf.nn.relu(x)
    if clip_max:
        x = tf.clip_by_value(x, _to_tensor(0., x.dtype.base_dtype),
                             _to_tensor(max_value, x.dtype.base_dtype))
    if alpha != 0.:
        x -= _to_tensor(alpha, x.dtype.base_dtype) * negative_part
    return x


def elu(x, alpha=1.):
    """Exponential linear unit: `x` if `x > 0`, else `alpha * (exp(x) - 1)`.

    # Returns
        A tensor.
    """
    res = tf.nn.elu(x)
    if alpha == 1:
        return res
    return tf.where(x > 0, res, alpha * res)


def softmax(x, axis=-1):
    """Softmax along `axis`.

    # Returns
        A tensor.
    """
    return tf.nn.softmax(x, axis=axis)


def softplus(x):
    """`log(exp(x) + 1)`."""
    return tf.nn.softplus(x)


def softsign(x):
    """`x / (abs(x) + 1)`."""
    return tf.nn.softsign(x)


def sigmoid(x):
    """Element-wise logistic sigmoid."""
    return tf.nn.sigmoid(x)


def hard_sigmoid(x):
    """Piecewise linear sigmoid: `clip(0.2 * x + 0.5, 0, 1)`."""
    x = (0.2 * x) + 0.5
    zero = _to_tensor(0., x.dtype.base_dtype)
    one = _to_tensor(1., x.dtype.base_dtype)
    return tf.clip_by_value(x, zero, one)


def tanh(x):
    """Element-wise hyperbolic tangent."""
    return tf.nn.tanh(x)


def _check_axis(output, axis):
    rank = len(output.get_shape())
    if axis != -1 and axis not in range(rank):
        raise ValueError('Unexpected channels axis %r. Expected to be -1 or '
                         'one of the axes of `output`, which has %d '
                         'dimensions.' % (axis, rank))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Categorical crossentropy between a target and an output tensor.

    Probabilities are rescaled to sum to 1 along `axis` and clipped to
    `[epsilon(), 1 - epsilon()]` before the logarithm.

    # Arguments
        target: tensor of the shape of `output` (one-hot or soft targets).
        output: probabilities (or logits if `from_logits`).
        from_logits: whether `output` holds logits.
        axis: the class axis.

    # Returns
        A tensor (the class axis reduced).

    # Raises
        ValueError: if `axis` is not an axis of `output`.
    """
    _check_axis(output, axis)
    if not from_logits:
        output = output / tf.reduce_sum(output, axis, True)
        eps = _to_tensor(epsilon(), output.dtype.base_dtype)
        output = tf.clip_by_value(output, eps, 1. - eps)
        return -tf.reduce_sum(target * tf.log(output), axis)
    return tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=tf.stop_gradient(target), logits=output, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False,
                                    axis=-1):
    """Categorical crossentropy with integer targets.

    # Arguments
        target: integer tensor (class indices), shaped like `output`
            without the class axis (or with it of length 1).
        output: probabilities (or logits if `from_logits`).
        from_logits: whether `output` holds logits.
        axis: the class axis.

    # Returns
        A tensor shaped like `output` without the class axis.

    # Raises
        ValueError: if `axis` is not an axis of `output`.
    """
    _check_axis(output, axis)
    rank = len(output.get_shape())
    if axis != -1 and axis != rank - 1:
        perm = [a for a in range(rank) if a != axis] + [axis]
        output = tf.transpose(output, perm=perm)
    if not from_logits:
        eps = _to_tensor(epsilon(), output.dtype.base_dtype)
        output = tf.clip_by_value(output, eps, 1. - eps)
        output = tf.log(output)
    output_shape = output.get_shape()
    targets = tf.cast(flatten(target), 'int64')
    logits = tf.reshape(output, [-1, int(output_shape[-1])])
    res = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets,
                                                         logits=logits)
    if len(output_shape) >= 3:
        return tf.reshape(res, tf.shape(output)[:-1])
    return res


def binary_crossentropy(target, output, from_logits=False):
    """Binary crossentropy (element-wise).

    Probabilities are clipped to `[epsilon(), 1 - epsilon()]` and turned
    into logits.

    # Arguments
        target: tensor of the shape of `output`.
        output: probabilities (or logits if `from_logits`).
        from_logits: whether `output` holds logits.

    # Returns
        A tensor of the shape of `output`.
    """
    if not from_logits:
        eps = _to_tensor(epsilon(), output.dtype.base_dtype)
        output = tf.clip_by_value(output, eps, 1. - eps)
        output = tf.log(output / (1. - output))
    return tf.nn.sigmoid_cross_entropy_with_logits(labels=target,
                                                   logits=output)


def dropout(x, level, noise_shape=None, seed=None):
    """Sets entries of `x` to zero with probability `level` and scales the
    others by `1 / (1 - level)`.

    # Arguments
        x: a tensor.
        level: fraction of the entries dropped.
        noise_shape: shape of the random keep/drop mask (broadcast to `x`).
        seed: random seed.

    # Returns
        A tensor.
    """
    return tf.nn.dropout(x * 1., noise_shape=noise_shape, seed=_seed(seed),
                         rate=level)


def l2_normalize(x, axis=None):
    """Divides `x` by its L2 norm along `axis`.

    # Returns
        A tensor.
    """
    return tf.nn.l2_normalize(x, axis=axis)


def in_top_k(predictions, targets, k):
    """Whether each target is among the `k` highest predictions.

    # Arguments
        predictions: float tensor `(batch, classes)`.
        targets: int tensor `(batch,)` of class indices.
        k: number of top elements to consider.

    # Returns
        A bool tensor `(batch,)`.
    """
    return tf.nn.in_top_k(predictions, targets, k)


# ---------------------------------------------------------------------------
# Convolutions and pooling
# ---------------------------------------------------------------------------

def _preprocess_padding(padding):
    """Converts a Keras padding name to TensorFlow's ('SAME'/'VALID')."""
    if padding == 'same':
        return 'SAME'
    if padding == 'valid':
        return 'VALID'
    raise ValueError('Invalid padding: %r (expected "same" or "valid").'
                     % (padding,))


def _to_channels_last(x, data_format):
    """Transposes a channels_first tensor to channels_last (TensorFlow's CPU
    kernels only implement channels_last)."""
    if data_format == 'channels_first':
        n = ndim(x)
        return tf.transpose(x, [0] + list(range(2, n)) + [1])
    return x


def _to_channels_first(x, data_format):
    if data_format == 'channels_first':
        n = ndim(x)
        return tf.transpose(x, [0, n - 1] + list(range(1, n - 1)))
    return x


def _tuple(value, n):
    if isinstance(value, int):
        return (value,) * n
    return tuple(value)


def _causal_pad(x, kernel_width, dilation_rate, data_format):
    if data_format != 'channels_last':
        raise ValueError('When using causal padding in `conv1d`, '
                         '`data_format` must be "channels_last" (temporal '
                         'data).')
    return temporal_padding(x, (dilation_rate * (kernel_width - 1), 0))


def _convolution(x, kernel, strides, padding, data_format, dilation_rate):
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    x = _to_channels_last(x, data_format)
    x = tf.nn.convolution(input=x, filter=kernel, padding=padding,
                          strides=strides, dilation_rate=dilation_rate)
    return _to_channels_first(x, data_format)


def conv1d(x, kernel, strides=1, padding='valid', data_format=None,
           dilation_rate=1):
    """1-D convolution.

    # Arguments
        x: 3-D input tensor.
        kernel: kernel `(width, input_channels, filters)`.
        strides: stride (int).
        padding: ``'same'``, ``'valid'`` or ``'causal'`` (left padding only;
            channels_last only).
        data_format: ``'channels_first'`` or ``'channels_last'``.
        dilation_rate: dilation (int).

    # Returns
        A 3-D tensor.

    # Raises
        ValueError: for an invalid `padding` or `data_format`.
    """
    data_format = normalize_data_format(data_format)
    strides = _tuple(strides, 1)
    dilation_rate = _tuple(dilation_rate, 1)
    if padding == 'causal':
        x = _causal_pad(x, int(kernel.get_shape()[0]), dilation_rate[0],
                        data_format)
        padding = 'valid'
    return _convolution(x, kernel, strides, padding, data_format,
                        dilation_rate)


def conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None,
           dilation_rate=(1, 1)):
    """2-D convolution.

    # Arguments
        x: 4-D input tensor.
        kernel: kernel `(rows, cols, input_channels, filters)`.
        strides: pair of strides.
        padding: ``'same'`` or ``'valid'``.
        data_format: ``'channels_first'`` or ``'channels_last'``.
        dilation_rate: pair of dilation rates.

    # Returns
        A 4-D tensor.

    # Raises
        ValueError: for an invalid `padding` or `data_format`.
    """
    return _convolution(x, kernel, _tuple(strides, 2), padding, data_format,
                        _tuple(dilation_rate, 2))


def conv3d(x, kernel, strides=(1, 1, 1), padding='valid', data_format=None,
           dilation_rate=(1, 1, 1)):
    """3-D convolution.

    # Arguments
        x: 5-D input tensor.
        kernel: kernel `(d1, d2, d3, input_channels, filters)`.
        strides: triple of strides.
        padding: ``'same'`` or ``'valid'``.
        data_format: ``'channels_first'`` or ``'channels_last'``.
        dilation_rate: triple of dilation rates.

    # Returns
        A 5-D tensor.

    # Raises
        ValueError: for an invalid `padding` or `data_format`.
    """
    return _convolution(x, kernel, _tuple(strides, 3), padding, data_format,
                        _tuple(dilation_rate, 3))


def _transpose_output_shape(output_shape, x, data_format):
    """Returns the output shape as a 1-D int32 tensor in channels_last
    order, with a `None` batch size replaced by the batch size of `x`."""
    if isinstance(output_shape, (tuple, list)):
        output_shape = list(output_shape)
        if data_format == 'channels_first':
            output_shape = ([output_shape[0]] + output_shape[2:] +
                            [output_shape[1]])
        if output_shape[0] is None:
            output_shape[0] = tf.shape(x)[0]
        return tf.stack([tf.cast(d, 'int32') if is_tensor(d) else d
                         for d in output_shape])
    output_shape = tf.cast(output_shape, 'int32')
    if data_format == 'channels_first':
        n = int(output_shape.get_shape()[0])
        output_shape = tf.gather(output_shape,
                                 [0] + list(range(2, n)) + [1])
    return output_shape


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1),
                     padding='valid', data_format=None, dilation_rate=(1, 1)):
    """2-D transposed convolution (deconvolution).

    # Arguments
        x: 4-D input tensor.
        kernel: kernel `(rows, cols, output_channels, input_channels)`.
        output_shape: shape of the output (tuple, list or 1-D int tensor)
            in `data_format` order; the batch size may be `None`.
        strides: pair of strides.
        padding: ``'same'`` or ``'valid'``.
        data_format: ``'channels_first'`` or ``'channels_last'``.
        dilation_rate: pair of (equal) dilation rates; needs unit strides.

    # Returns
        A 4-D tensor.

    # Raises
        ValueError: for invalid arguments.
    """
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    strides = _tuple(strides, 2)
    dilation_rate = _tuple(dilation_rate, 2)
    x = _to_channels_last(x, data_format)
    shape_t = _transpose_output_shape(output_shape, x, data_format)
    if dilation_rate == (1, 1):
        x = tf.nn.conv2d_transpose(x, kernel, shape_t,
                                   (1,) + strides + (1,), padding=padding)
    else:
        if dilation_rate[0] != dilation_rate[1]:
            raise ValueError('conv2d_transpose: dilation rates must be equal '
                             'on both axes, got %r.' % (dilation_rate,))
        if strides != (1, 1):
            raise ValueError('conv2d_transpose: strides must be 1 with a '
                             'dilation rate, got strides %r.' % (strides,))
        x = tf.nn.atrous_conv2d_transpose(x, kernel, shape_t,
                                          rate=dilation_rate[0],
                                          padding=padding)
    return _to_channels_first(x, data_format)


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1),
                     padding='valid', data_format=None):
    """3-D transposed convolution (deconvolution).

    # Arguments
        x: 5-D input tensor.
        kernel: kernel `(d1, d2, d3, output_channels, input_channels)`.
        output_shape: shape of the output in `data_format` order.
        strides: triple of strides.
        padding: ``'same'`` or ``'valid'``.
        data_format: ``'channels_first'`` or ``'channels_last'``.

    # Returns
        A 5-D tensor.
    """
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    strides = _tuple(strides, 3)
    x = _to_channels_last(x, data_format)
    shape_t = _transpose_output_shape(output_shape, x, data_format)
    x = tf.nn.conv3d_transpose(x, kernel, shape_t, (1,) + strides + (1,),
                               padding=padding)
    return _to_channels_first(x, data_format)


def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1,
                     padding='valid', data_format=None, dilation_rate=1):
    """1-D separable convolution (depthwise then pointwise).

    # Arguments
        x: 3-D input tensor.
        depthwise_kernel: `(width, input_channels, depth_multiplier)`.
        pointwise_kernel: `(1, input_channels * depth_multiplier, filters)`.
        strides: stride (int).
        padding: ``'same'``, ``'valid'`` or ``'causal'``.
        data_format: ``'channels_first'`` or ``'channels_last'``.
        dilation_rate: dilation (int).

    # Returns
        A 3-D tensor.
    """
    data_format = normalize_data_format(data_format)
    strides = _tuple(strides, 1)
    dilation_rate = _tuple(dilation_rate, 1)
    if padding == 'causal':
        x = _causal_pad(x, int(depthwise_kernel.get_shape()[0]),
                        dilation_rate[0], data_format)
        padding = 'valid'
    padding = _preprocess_padding(padding)
    x = _to_channels_last(x, data_format)
    x = tf.expand_dims(x, 1)
    depthwise_kernel = tf.expand_dims(depthwise_kernel, 0)
    pointwise_kernel = tf.expand_dims(pointwise_kernel, 0)
    x = tf.nn.separable_conv2d(x, depthwise_kernel, pointwise_kernel,
                               strides=(1, 1) + strides + (1,),
                               padding=padding,
                               rate=(1,) + dilation_rate)
    x = tf.squeeze(x, [1])
    return _to_channels_first(x, data_format)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1),
                     padding='valid', data_format=None, dilation_rate=(1, 1)):
    """2-D separable convolution (depthwise then pointwise).

    # Arguments
        x: 4-D input tensor.
        depthwise_kernel: `(rows, cols, input_channels, depth_multiplier)`.
        pointwise_kernel: `(1, 1, input_channels * depth_multiplier,
            filters)`.
        strides: pair of strides.
        padding: ``'same'`` or ``'valid'``.
        data_format: ``'channels_first'`` or ``'channels_last'``.
        dilation_rate: pair of dilation rates.

    # Returns
        A 4-D tensor.
    """
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    strides = _tuple(strides, 2)
    x = _to_channels_last(x, data_format)
    x = tf.nn.separable_conv2d(x, depthwise_kernel, pointwise_kernel,
                               strides=(1,) + strides + (1,),
                               padding=padding,
                               rate=_tuple(dilation_rate, 2))
    return _to_channels_first(x, data_format)


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid',
                     data_format=None, dilation_rate=(1, 1)):
    """2-D depthwise convolution.

    # Arguments
        x: 4-D input tensor.
        depthwise_kernel: `(rows, cols, input_channels, depth_multiplier)`.
        strides: pair of strides.
        padding: ``'same'`` or ``'valid'``.
        data_format: ``'channels_first'`` or ``'channels_last'``.
        dilation_rate: pair of dilation rates.

    # Returns
        A 4-D tensor with `input_channels * depth_multiplier` channels.
    """
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    strides = _tuple(strides, 2)
    x = _to_channels_last(x, data_format)
    x = tf.nn.depthwise_conv2d(x, depthwise_kernel,
                               strides=(1,) + strides + (1,),
                               padding=padding,
                               rate=_tuple(dilation_rate, 2))
    return _to_channels_first(x, data_format)


def _pool(x, pool_size, strides, padding, data_format, pool_mode, n):
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    ksize = (1,) + _tuple(pool_size, n) + (1,)
    strides = (1,) + _tuple(strides, n) + (1,)
    x = _to_channels_last(x, data_format)
    if n == 2:
        ops = {'max': tf.nn.max_pool, 'avg': tf.nn.avg_pool}
    else:
        ops = {'max': tf.nn.max_pool3d, 'avg': tf.nn.avg_pool3d}
    if pool_mode not in ops:
        raise ValueError('Invalid pool_mode: %r (expected "max" or "avg").'
                         % (pool_mode,))
    x = ops[pool_mode](x, ksize, strides, padding=padding)
    return _to_channels_first(x, data_format)


def pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None,
           pool_mode='max'):
    """2-D pooling.

    # Arguments
        x: 4-D tensor.
        pool_size: pair of ints.
        strides: pair of ints.
        padding: ``'same'`` or ``'valid'``.
        data_format: ``'channels_first'`` or ``'channels_last'``.
        pool_mode: ``'max'`` or ``'avg'`` (padding is not counted in
            averages).

    # Returns
        A 4-D tensor.

    # Raises
        ValueError: for invalid arguments.
    """
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 2)


def pool3d(x, pool_size, strides=(1, 1, 1), padding='valid',
           data_format=None, pool_mode='max'):
    """3-D pooling (see `pool2d`).

    # Returns
        A 5-D tensor.
    """
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 3)


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """1-D convolution with unshared weights.

    # Arguments
        inputs: 3-D tensor `(batch, steps, channels)` (channels_last) or
            `(batch, channels, steps)` (channels_first).
        kernel: `(output_length, kernel_size * channels, filters)`.
        kernel_size: tuple of one int.
        strides: tuple of one int.
        data_format: ``'channels_first'`` or ``'channels_last'``.

    # Returns
        A 3-D tensor `(batch, output_length, filters)` (channels_last) or
        `(batch, filters, output_length)` (channels_first).
    """
    data_format = normalize_data_format(data_format)
    inputs = _to_channels_last(inputs, data_format)
    stride = _tuple(strides, 1)[0]
    width = _tuple(kernel_size, 1)[0]
    output_length, feature_dim, _ = int_shape(kernel)
    xs = []
    for i in range(output_length):
        window = inputs[:, i * stride:i * stride + width, :]
        xs.append(tf.reshape(window, (1, -1, feature_dim)))
    x_aggregate = tf.concat(xs, axis=0)
    output = tf.matmul(x_aggregate, kernel)
    output = tf.transpose(output, (1, 0, 2))
    return _to_channels_first(output, data_format)


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape,
                 data_format=None):
    """2-D convolution with unshared weights.

    # Arguments
        inputs: 4-D tensor.
        kernel: `(output_rows * output_cols, kernel_rows * kernel_cols *
            channels, filters)`; each patch is flattened in the layout of
            `inputs` (channels last or first).
        kernel_size: pair of ints.
        strides: pair of ints.
        output_shape: pair `(output_rows, output_cols)`.
        data_format: ``'channels_first'`` or ``'channels_last'``.

    # Returns
        A 4-D tensor with `filters` channels.
    """
    data_format = normalize_data_format(data_format)
    stride_row, stride_col = _tuple(strides, 2)
    kernel_rows, kernel_cols = _tuple(kernel_size, 2)
    output_row, output_col = output_shape
    _, feature_dim, filters = int_shape(kernel)
    xs = []
    for i in range(output_row):
        for j in range(output_col):
            rows = py_slice(i * stride_row, i * stride_row + kernel_rows)
            cols = py_slice(j * stride_col, j * stride_col + kernel_cols)
            if data_format == 'channels_first':
                patch = inputs[:, :, rows, cols]
            else:
                patch = inputs[:, rows, cols, :]
            xs.append(tf.reshape(patch, (1, -1, feature_dim)))
    x_aggregate = tf.concat(xs, axis=0)
    output = tf.matmul(x_aggregate, kernel)
    output = tf.reshape(output, (output_row, output_col, -1, filters))
    if data_format == 'channels_first':
        return tf.transpose(output, (2, 3, 0, 1))
    return tf.transpose(output, (2, 0, 1, 3))


def bias_add(x, bias, data_format=None):
    """Adds a bias to a tensor, along its channels axis.

    # Arguments
        x: a tensor (3-D to 5-D use `data_format`; other ranks add the bias
            on the last axis).
        bias: 1-D bias `(channels,)`, or a bias with `ndim(x) - 1` axes in
            channels_last order `(spatial..., channels)` (for channels_first
            it is reshaped, as Keras 2.2.4 did).
        data_format: ``'channels_first'`` or ``'channels_last'``.

    # Returns
        A tensor.

    # Raises
        ValueError: for invalid bias shapes or `data_format`.
    """
    data_format = normalize_data_format(data_format)
    bias_shape = int_shape(bias)
    n = ndim(x)
    if len(bias_shape) != 1 and len(bias_shape) != n - 1:
        raise ValueError('Unexpected bias dimensions %d, expect to be 1 or '
                         '%d dimensions' % (len(bias_shape), n - 1))
    if n not in (3, 4, 5):
        return tf.nn.bias_add(x, bias)
    if len(bias_shape) == 1:
        if data_format == 'channels_first':
            return x + tf.reshape(bias, (1, bias_shape[0]) + (1,) * (n - 2))
        return tf.nn.bias_add(x, bias)
    if data_format == 'channels_first':
        return x + tf.reshape(bias, (1, bias_shape[-1]) +
                              tuple(bias_shape[:-1]))
    return x + tf.reshape(bias, (1,) + tuple(bias_shape))


# ---------------------------------------------------------------------------
# Random tensors
# ---------------------------------------------------------------------------

def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Tensor of values drawn from a normal distribution.

    # Arguments
        shape: tuple of ints.
        mean: mean.
        stddev: standard deviation.
        dtype: tensor type (default `floatx()`).
        seed: random seed (default: drawn from NumPy's generator).

    # Returns
        A tensor.
    """
    if dtype is None:
        dtype = floatx()
    return tf.random_normal(shape, mean=mean, stddev=stddev, dtype=dtype,
                            seed=_seed(seed))


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Tensor of values drawn from U(minval, maxval).

    # Arguments
        shape: tuple of ints.
        minval: lower bound.
        maxval: upper bound (excluded).
        dtype: tensor type (default `floatx()`).
        seed: random seed.

    # Returns
        A tensor.
    """
    if dtype is None:
        dtype = floatx()
    return tf.random_uniform(shape, minval=minval, maxval=maxval,
                             dtype=dtype, seed=_seed(seed))


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """Tensor of 0/1 values, 1 with probability `p`.

    # Arguments
        shape: tuple of ints.
        p: probability of a 1.
        dtype: tensor type (default `floatx()`).
        seed: random seed.

    # Returns
        A tensor.
    """
    if dtype is None:
        dtype = floatx()
    return tf.where(tf.random_uniform(shape, dtype=dtype,
                                      seed=_seed(seed)) <= p,
                    tf.ones(shape, dtype=dtype),
                    tf.zeros(shape, dtype=dtype))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Tensor of values drawn from a normal distribution truncated to two
    standard deviations around the mean.

    # Arguments
        shape: tuple of ints.
        mean: mean.
        stddev: standard deviation (before truncation).
        dtype: tensor type (default `floatx()`).
        seed: random seed.

    # Returns
        A tensor.
    """
    if dtype is None:
        dtype = floatx()
    return tf.truncated_normal(shape, mean, stddev, dtype=dtype,
                               seed=_seed(seed))


# ---------------------------------------------------------------------------
# CTC
# ---------------------------------------------------------------------------

def ctc_label_dense_to_sparse(labels, label_lengths):
    """Converts dense padded labels to a sparse tensor.

    # Arguments
        labels: int tensor `(batch, max_label_length)`.
        label_lengths: int tensor `(batch,)` of the true lengths.

    # Returns
        A `tf.SparseTensor` holding the first `label_lengths[i]` labels of
        each row.
    """
    label_lengths = tf.cast(label_lengths, 'int32')
    mask = tf.sequence_mask(label_lengths, tf.shape(labels)[1])
    indices = tf.where(mask)
    values = tf.gather_nd(labels, indices)
    dense_shape = tf.cast(tf.shape(labels), 'int64')
    return tf.SparseTensor(indices, values, dense_shape)


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """CTC loss of each sample of a batch.

    # Arguments
        y_true: int tensor `(samples, max_string_length)` of labels.
        y_pred: tensor `(samples, time_steps, num_categories)` of softmax
            outputs (the last category is the blank).
        input_length: tensor `(samples, 1)`: used time steps per sample.
        label_length: tensor `(samples, 1)`: label length per sample.

    # Returns
        A tensor `(samples, 1)` of CTC losses.
    """
    label_length = tf.cast(tf.squeeze(label_length, axis=-1), 'int32')
    input_length = tf.cast(tf.squeeze(input_length, axis=-1), 'int32')
    sparse_labels = ctc_label_dense_to_sparse(tf.cast(y_true, 'int32'),
                                              label_length)
    y_pred = tf.log(tf.transpose(y_pred, perm=[1, 0, 2]) + epsilon())
    loss = tf.nn.ctc_loss(labels=sparse_labels, inputs=y_pred,
                          sequence_length=input_length)
    return tf.expand_dims(loss, 1)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100,
               top_paths=1):
    """Decodes softmax outputs with greedy or beam search CTC decoding.

    # Arguments
        y_pred: tensor `(samples, time_steps, num_categories)` of softmax
            outputs.
        input_length: tensor `(samples,)` of used time steps.
        greedy: whether to use greedy (best path) decoding.
        beam_width: beam width of the beam search.
        top_paths: number of paths returned by the beam search.

    # Returns
        A tuple `(decoded, log_prob)`: a list of `top_paths` dense int
        tensors `(samples, max_decoded_length)` padded with -1, and a tensor
        of the log probabilities of the paths.
    """
    y_pred = tf.log(tf.transpose(y_pred, perm=[1, 0, 2]) + epsilon())
    input_length = tf.cast(input_length, 'int32')
    if greedy:
        decoded, log_prob = tf.nn.ctc_greedy_decoder(
            inputs=y_pred, sequence_length=input_length)
    else:
        decoded, log_prob = tf.nn.ctc_beam_search_decoder(
            inputs=y_pred, sequence_length=input_length,
            beam_width=beam_width, top_paths=top_paths)
    decoded_dense = [tf.sparse.to_dense(st, default_value=-1)
                     for st in decoded]
    return decoded_dense, log_prob


def backend():
    """Returns the name of the backend: ``'tensorflow'``.

    # Returns
        A string.
    """
    return 'tensorflow'
