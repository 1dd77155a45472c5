"""The TensorFlow graph backend (through `tensorflow.compat.v1`).

Every tensor operation used by the layers, losses, metrics and optimizers is
defined here, with the semantics of Keras 2.2.4's TensorFlow backend. On
TensorFlow 2.x the module switches TensorFlow to its 1.x behaviour (graph
mode) when it is imported; variables are resource variables on every
TensorFlow version (the optimizers' fused kernels need them).
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import inspect
import os
import weakref

import numpy as np
import tensorflow.compat.v1 as tf

from .common import floatx
from .common import epsilon
from .common import image_data_format
from .common import normalize_data_format
from .common import transpose_shape

# Kept under these names: `py_slice` is part of the public surface and the
# other builtins are shadowed by backend functions of the same name.
py_all = all
py_any = any
py_sum = sum
py_slice = slice


def _switch_to_v1_behavior():
    """Puts TensorFlow in graph mode (1.x behaviour), with resource variables.

    The graph-mode switches of `tf.disable_v2_behavior()` are set one by one,
    except its switch to reference variables: this backend creates resource
    variables (see `variable`), whose fused training kernels
    (`ResourceApplyAdam`, `ResourceApplyKerasMomentum`, ...) are at least as
    fast (measured in `benchmarks/README.md`), and some of which exist for
    resource variables only. Not calling `tf.disable_resource_variables()`
    also spares the user TensorFlow's deprecation notice about it.

    Idempotent, and harmless on TensorFlow 1.x. Called when this module is
    imported, which can happen while `tensorflow` itself is still being
    imported (TF 2.x imports the top-level `keras` package).
    """
    tf.disable_eager_execution()
    tf.disable_v2_tensorshape()
    tf.disable_tensor_equality()
    tf.disable_control_flow_v2()
    tf.enable_resource_variables()


_switch_to_v1_behavior()

# The session used by Keras when there is no default session.
_SESSION = None

# Learning phase per graph: a bool placeholder (with default False), or the
# int 0/1 given to `set_learning_phase`.
_GRAPH_LEARNING_PHASES = {}

# Layer name counters per graph.
_GRAPH_UID_DICTS = {}

# When True, variables are not initialised automatically by `get_session`.
_MANUAL_VAR_INIT = False

# Per session: (number of global variables at the last scan, set of the
# variables known to be initialised in that session).
_SESSION_VARIABLE_STATE = weakref.WeakKeyDictionary()

# Names of the GPUs, found once.
_LOCAL_DEVICES = None

name_scope = tf.name_scope


def backend():
    """Returns the name of the backend: `'tensorflow'`.

    # Returns
        The string `'tensorflow'`.
    """
    return 'tensorflow'


def get_uid(prefix=''):
    """Returns a new integer id for `prefix` in the current graph.

    Ids start at 1 and are counted per graph and per prefix; they are used to
    give layers unique default names.

    # Arguments
        prefix: string, the name prefix.

    # Returns
        An int.
    """
    graph = tf.get_default_graph()
    if graph not in _GRAPH_UID_DICTS:
        _GRAPH_UID_DICTS[graph] = collections.defaultdict(int)
    _GRAPH_UID_DICTS[graph][prefix] += 1
    return _GRAPH_UID_DICTS[graph][prefix]


def reset_uids():
    """Resets all the layer name counters."""
    global _GRAPH_UID_DICTS
    _GRAPH_UID_DICTS = {}


def clear_session():
    """Destroys the current graph and session and starts afresh.

    Resets the default graph, the layer name counters and the learning
    phase, and forgets the Keras session (a new one is created on demand).
    """
    global _SESSION
    global _GRAPH_LEARNING_PHASES
    tf.reset_default_graph()
    reset_uids()
    _SESSION = None
    _GRAPH_LEARNING_PHASES = {}
    with tf.name_scope(''):
        phase = tf.placeholder_with_default(False, shape=(),
                                            name='keras_learning_phase')
    _GRAPH_LEARNING_PHASES[tf.get_default_graph()] = phase


def manual_variable_initialization(value):
    """Turns the automatic initialisation of variables on or off.

    By default `get_session` initialises the variables that are not yet
    initialised; with `manual_variable_initialization(True)` the user has to
    do it (for example with `tf.global_variables_initializer()`).

    # Arguments
        value: bool, `True` for manual initialisation.
    """
    global _MANUAL_VAR_INIT
    _MANUAL_VAR_INIT = value


def learning_phase():
    """Returns the learning phase flag of the current graph.

    The flag is a bool placeholder named `keras_learning_phase` that defaults
    to `False` (test mode) and is fed with 0 or 1, unless a fixed value was
    given with `set_learning_phase`, in which case that int is returned.

    # Returns
        A scalar bool tensor, or the int 0 or 1.
    """
    graph = tf.get_default_graph()
    if graph not in _GRAPH_LEARNING_PHASES:
        with tf.name_scope(''):
            phase = tf.placeholder_with_default(False, shape=(),
                                                name='keras_learning_phase')
        _GRAPH_LEARNING_PHASES[graph] = phase
    return _GRAPH_LEARNING_PHASES[graph]


def set_learning_phase(value):
    """Fixes the learning phase of the current graph to 0 (test) or 1 (train).

    # Arguments
        value: int, 0 or 1.

    # Raises
        ValueError: if `value` is neither 0 nor 1.
    """
    if value not in (0, 1):
        raise ValueError('Expected learning phase to be 0 or 1, got %r.'
                         % (value,))
    _GRAPH_LEARNING_PHASES[tf.get_default_graph()] = value


def _new_session():
    threads = os.environ.get('OMP_NUM_THREADS')
    if threads:
        num = int(threads)
        config = tf.ConfigProto(intra_op_parallelism_threads=num,
                                inter_op_parallelism_threads=num,
                                allow_soft_placement=True)
    else:
        config = tf.ConfigProto(allow_soft_placement=True)
    return tf.Session(config=config)


def get_session():
    """Returns the TensorFlow session used by the backend.

    The default session (`with session.as_default():`) wins; otherwise the
    Keras session is returned, created on first use for the current default
    graph. Unless `manual_variable_initialization(True)` was called, the
    variables of the session's graph that are not initialised yet are
    initialised (checked only when the number of variables changed).

    # Returns
        A `tf.Session`.
    """
    global _SESSION
    session = tf.get_default_session()
    if session is None:
        if _SESSION is None:
            _SESSION = _new_session()
        session = _SESSION
    if not _MANUAL_VAR_INIT:
        _initialize_variables(session)
    return session


def set_session(session):
    """Sets the session used by the backend.

    # Arguments
        session: a `tf.Session`.
    """
    global _SESSION
    _SESSION = session


def _initialize_variables(session):
    """Initialises the not-yet-initialised global variables of `session`.

    Cheap when nothing changed: the variables are scanned only when their
    number differs from the last scan for this session, and each variable
    is checked at most once per session.
    """
    graph = session.graph
    variables = graph.get_collection_ref(tf.GraphKeys.GLOBAL_VARIABLES)
    count = len(variables)
    try:
        state = _SESSION_VARIABLE_STATE.get(session)
    except TypeError:
        # Session wrappers that cannot be weakly referenced: always check.
        state = None
    if state is not None and state[0] == count:
        return
    known = state[1] if state is not None else set()
    candidates = [v for v in variables if v not in known]
    if candidates:
        with graph.as_default():
            flags = session.run(
                [tf.is_variable_initialized(v) for v in candidates])
            uninitialized = [v for v, flag in zip(candidates, flags)
                             if not flag]
            if uninitialized:
                # The initializers are fetched as they are: grouping them
                # (`tf.variables_initializer`) would add control inputs to
                # ops the session already holds, which TensorFlow reports as
                # a mutation of a graph that was run.
                session.run([v.initializer for v in uninitialized])
        for v in candidates:
            known.add(v)
            try:
                v._keras_initialized = True
            except AttributeError:
                pass
    try:
        _SESSION_VARIABLE_STATE[session] = (count, known)
    except TypeError:
        pass


def _get_available_gpus():
    """Returns the names of the available GPUs (e.g. `'/device:GPU:0'`).

    # Returns
        A list of strings, empty on a CPU-only machine.
    """
    global _LOCAL_DEVICES
    if _LOCAL_DEVICES is None:
        devices = tf.config.experimental.list_physical_devices('GPU')
        _LOCAL_DEVICES = [d.name.replace('physical_device', 'device')
                          for d in devices]
    return list(_LOCAL_DEVICES)


def _has_nchw_support():
    """Whether channels-first kernels can run here (never on CPU)."""
    return False


# ---------------------------------------------------------------------------
# Variables, placeholders and tensor introspection
# ---------------------------------------------------------------------------

def _to_tensor(x, dtype):
    """Converts `x` to a tensor of type `dtype`.

    # Arguments
        x: number, NumPy array, list or tensor.
        dtype: string or TensorFlow dtype.

    # Returns
        A tensor.
    """
    return tf.convert_to_tensor(x, dtype=dtype)


def is_sparse(tensor):
    """Returns whether `tensor` is a sparse tensor.

    # Arguments
        tensor: a tensor instance.

    # Returns
        A bool.
    """
    return isinstance(tensor, tf.SparseTensor)


def to_dense(tensor):
    """Converts a sparse tensor to a dense one (dense tensors pass through).

    # Arguments
        tensor: a tensor, possibly sparse.

    # Returns
        A dense tensor.
    """
    if is_sparse(tensor):
        return tf.sparse_tensor_to_dense(tensor)
    return tensor


def variable(value, dtype=None, name=None, constraint=None):
    """Creates a variable holding `value`.

    # Arguments
        value: Numpy array, Python number, tensor, or a scipy sparse matrix
            (which gives a `tf.SparseTensor`).
        dtype: string, the type (default `floatx()`).
        name: optional name of the variable.
        constraint: optional projection function applied after an
            optimizer update.

    # Returns
        A resource variable (or a sparse tensor), with `_keras_shape` and
        `_uses_learning_phase` set.
    """
    if dtype is None:
        dtype = floatx()
    if hasattr(value, 'tocoo'):
        coo = value.tocoo()
        indices = np.concatenate((np.expand_dims(coo.row, 1),
                                  np.expand_dims(coo.col, 1)), 1)
        v = tf.SparseTensor(indices=indices,
                            values=np.asarray(coo.data, dtype=dtype),
                            dense_shape=coo.shape)
        v._keras_shape = tuple(coo.shape)
        v._uses_learning_phase = False
        return v
    v = tf.Variable(value, dtype=tf.as_dtype(dtype), name=name,
                    use_resource=True)
    try:
        v._keras_shape = tuple(v.get_shape().as_list())
    except ValueError:
        pass
    v._uses_learning_phase = False
    try:
        v.constraint = constraint
    except AttributeError:
        v._constraint = constraint
    return v


def constant(value, dtype=None, shape=None, name=None):
    """Creates a constant tensor.

    # Arguments
        value: a number or an array-like.
        dtype: string, the type (default `floatx()`).
        shape: optional shape of the result.
        name: optional name.

    # Returns
        A constant tensor.
    """
    if dtype is None:
        dtype = floatx()
    return tf.constant(value, dtype=dtype, shape=shape, name=name)


def is_tensor(x):
    """Returns whether `x` is a TensorFlow tensor (dense, sparse or variable).

    # Arguments
        x: any object.

    # Returns
        A bool.
    """
    return isinstance(x, (tf.Tensor, tf.Variable, tf.SparseTensor)) or \
        tf.is_tensor(x)


def is_keras_tensor(x):
    """Returns whether `x` is a Keras tensor (the output of a Keras layer
    or `Input`).

    # Arguments
        x: a tensor.

    # Returns
        A bool: whether `x` has Keras metadata (`_keras_history`).

    # Raises
        ValueError: if `x` is not a symbolic tensor.
    """
    if not is_tensor(x):
        raise ValueError('Unexpectedly found an instance of type `' +
                         str(type(x)) + '`. '
                         'Expected a symbolic tensor instance.')
    return hasattr(x, '_keras_history')


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """Creates a placeholder tensor.

    # Arguments
        shape: tuple, the shape (entries may be `None`).
        ndim: number of axes, used when `shape` is not given.
        dtype: string, the type (default `floatx()`).
        sparse: bool, whether to create a sparse placeholder.
        name: optional name.

    # Returns
        A placeholder, with `_keras_shape` and `_uses_learning_phase` set.
    """
    if dtype is None:
        dtype = floatx()
    if not shape and ndim:
        shape = tuple([None] * ndim)
    if shape is not None:
        shape = tuple(shape)
    if sparse:
        x = tf.sparse_placeholder(dtype, shape=shape, name=name)
    else:
        x = tf.placeholder(dtype, shape=shape, name=name)
    x._keras_shape = shape
    x._uses_learning_phase = False
    return x


def is_placeholder(x):
    """Returns whether `x` is a placeholder.

    # Arguments
        x: a candidate placeholder.

    # Returns
        A bool.
    """
    try:
        return x.op.type == 'Placeholder'
    except AttributeError:
        return False


def shape(x):
    """Returns the symbolic shape of a tensor.

    # Arguments
        x: a tensor or variable.

    # Returns
        A 1-D int32 tensor.
    """
    return tf.shape(x)


def int_shape(x):
    """Returns the static shape of a tensor as a tuple of ints or `None`s.

    # Arguments
        x: a tensor or variable.

    # Returns
        A tuple, or `None` when the rank is unknown.
    """
    if hasattr(x, '_keras_shape'):
        return x._keras_shape
    try:
        return tuple(x.get_shape().as_list())
    except ValueError:
        return None


def ndim(x):
    """Returns the number of axes of a tensor.

    # Arguments
        x: a tensor or variable.

    # Returns
        An int, or `None` when the rank is unknown.
    """
    return x.get_shape().ndims


def dtype(x):
    """Returns the type of a tensor or variable, as a string.

    # Arguments
        x: a tensor or variable.

    # Returns
        A string such as `'float32'`.
    """
    return x.dtype.base_dtype.name


def eval(x):
    """Evaluates a tensor in the backend session.

    # Arguments
        x: a tensor or variable.

    # Returns
        A Numpy array.
    """
    return to_dense(x).eval(session=get_session())


def zeros(shape, dtype=None, name=None):
    """Creates a variable filled with zeros (a tensor if `shape` is not fully
    known).

    # Arguments
        shape: tuple of ints.
        dtype: string (default `floatx()`).
        name: optional name.

    # Returns
        A variable.
    """
    if dtype is None:
        dtype = floatx()
    value = tf.zeros(shape, dtype=tf.as_dtype(dtype), name=name)
    if py_all(value.get_shape().as_list()):
        return variable(value, dtype=dtype, name=name)
    return value


def ones(shape, dtype=None, name=None):
    """Creates a variable filled with ones (a tensor if `shape` is not fully
    known).

    # Arguments
        shape: tuple of ints.
        dtype: string (default `floatx()`).
        name: optional name.

    # Returns
        A variable.
    """
    if dtype is None:
        dtype = floatx()
    value = tf.ones(shape, dtype=tf.as_dtype(dtype), name=name)
    if py_all(value.get_shape().as_list()):
        return variable(value, dtype=dtype, name=name)
    return value


def eye(size, dtype=None, name=None):
    """Creates an identity-matrix variable.

    # Arguments
        size: int (square matrix) or tuple `(rows, columns)`.
        dtype: string (default `floatx()`).
        name: optional name.

    # Returns
        A variable.
    """
    if isinstance(size, (list, tuple)):
        rows, cols = size
    else:
        rows, cols = size, size
    return variable(np.eye(rows, cols), dtype=dtype, name=name)


def zeros_like(x, dtype=None, name=None):
    """Returns a tensor of zeros with the shape of `x`.

    # Arguments
        x: a tensor or variable.
        dtype: optional type of the result (default: that of `x`).
        name: optional name.

    # Returns
        A tensor.
    """
    return tf.zeros_like(x, dtype=dtype, name=name)


def ones_like(x, dtype=None, name=None):
    """Returns a tensor of ones with the shape of `x`.

    # Arguments
        x: a tensor or variable.
        dtype: optional type of the result (default: that of `x`).
        name: optional name.

    # Returns
        A tensor.
    """
    return tf.ones_like(x, dtype=dtype, name=name)


def identity(x, name=None):
    """Returns a tensor with the same content as `x`.

    # Arguments
        x: a tensor.
        name: optional name.

    # Returns
        A tensor.
    """
    return tf.identity(x, name=name)


def _random_seed(seed, high=10000000):
    if seed is None:
        return np.random.randint(high)
    return seed


def random_uniform_variable(shape, low, high, dtype=None, name=None,
                            seed=None):
    """Creates a variable filled with uniform random values in `[low, high)`.

    # Arguments
        shape: tuple of ints.
        low: float, the lower bound (included).
        high: float, the upper bound (excluded).
        dtype: string (default `floatx()`).
        name: optional name.
        seed: optional int seed.

    # Returns
        A variable.
    """
    if dtype is None:
        dtype = floatx()
    seed = _random_seed(seed, 1000000000)
    value = tf.random_uniform(shape, minval=low, maxval=high,
                              dtype=tf.as_dtype(dtype), seed=seed)
    return variable(value, dtype=dtype, name=name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None,
                           seed=None):
    """Creates a variable filled with normal random values.

    # Arguments
        shape: tuple of ints.
        mean: float, the mean.
        scale: float, the standard deviation.
        dtype: string (default `floatx()`).
        name: optional name.
        seed: optional int seed.

    # Returns
        A variable.
    """
    if dtype is None:
        dtype = floatx()
    seed = _random_seed(seed, 1000000000)
    value = tf.random_normal(shape, mean=mean, stddev=scale,
                             dtype=tf.as_dtype(dtype), seed=seed)
    return variable(value, dtype=dtype, name=name)


def count_params(x):
    """Returns the number of scalars in a tensor or variable.

    # Arguments
        x: a tensor or variable with a fully known shape.

    # Returns
        An int.
    """
    return int(np.prod(int_shape(x)))


def cast(x, dtype):
    """Casts a tensor to another type.

    # Arguments
        x: a tensor or variable.
        dtype: string, the target type.

    # Returns
        A tensor.
    """
    return tf.cast(x, dtype)


# ---------------------------------------------------------------------------
# Updates
# ---------------------------------------------------------------------------

def update(x, new_x):
    """Assigns `new_x` to the variable `x`.

    # Arguments
        x: variable.
        new_x: tensor of the same shape.

    # Returns
        The updated variable (an assign op output).
    """
    return tf.assign(x, new_x)


def update_add(x, increment):
    """Adds `increment` to the variable `x`.

    # Arguments
        x: variable.
        increment: tensor of the same shape.

    # Returns
        The updated variable (an assign op output).
    """
    return tf.assign_add(x, increment)


def update_sub(x, decrement):
    """Subtracts `decrement` from the variable `x`.

    # Arguments
        x: variable.
        decrement: tensor of the same shape.

    # Returns
        The updated variable (an assign op output).
    """
    return tf.assign_sub(x, decrement)


def moving_average_update(x, value, momentum):
    """Updates the moving average `x` of `value`, with zero-debiasing.

    As Keras 2.2.4 on TensorFlow 1.x: a hidden biased average `b` (starting
    at 0) follows `b = momentum * b + (1 - momentum) * value` and `x` is set
    to `b / (1 - momentum ** t)` at the `t`-th update.

    # Arguments
        x: the variable holding the moving average.
        value: a tensor of the same shape, the new observation.
        momentum: float, the decay of the average.

    # Returns
        The op that updates `x`.
    """
    with tf.name_scope('AssignMovingAvg'):
        with tf.control_dependencies(None):
            biased = tf.Variable(tf.zeros(x.get_shape(), dtype=x.dtype.base_dtype),
                                 trainable=False, name='biased',
                                 use_resource=True)
            local_step = tf.Variable(tf.zeros((), dtype=x.dtype.base_dtype),
                                     trainable=False, name='local_step',
                                     use_resource=True)
        decay = _to_tensor(1. - momentum, x.dtype.base_dtype)
        value = tf.cast(value, x.dtype.base_dtype)
        new_biased = tf.assign_sub(biased, (biased - value) * decay)
        new_step = tf.assign_add(local_step, 1.)
        debias = 1. - tf.pow(_to_tensor(momentum, x.dtype.base_dtype),
                             new_step)
        return tf.assign(x, new_biased / debias)


# ---------------------------------------------------------------------------
# Linear algebra
# ---------------------------------------------------------------------------

def _dims(x):
    """Static dims where known, else scalar tensors from `tf.shape`."""
    static = x.get_shape().as_list()
    dynamic = tf.unstack(tf.shape(x))
    return [s if s is not None else d for s, d in zip(static, dynamic)]


def dot(x, y):
    """Dot product of two tensors (matrix product over the last axis of `x`
    and the second-to-last axis of `y` for N-D tensors).

    # Arguments
        x: tensor or variable (may be sparse when both are 2-D).
        y: tensor or variable.

    # Returns
        A tensor of shape `x.shape[:-1] + y.shape[:-2] + y.shape[-1:]`.
    """
    if ndim(x) is not None and (ndim(x) > 2 or ndim(y) > 2):
        x_shape = _dims(x)
        y_shape = _dims(y)
        y_rank = len(y_shape)
        perm = [y_rank - 2] + [i for i in range(y_rank) if i != y_rank - 2]
        flat_x = tf.reshape(x, [-1, x_shape[-1]])
        flat_y = tf.reshape(tf.transpose(y, perm=perm), [y_shape[-2], -1])
        out_shape = x_shape[:-1] + y_shape[:-2] + y_shape[-1:]
        return tf.reshape(tf.matmul(flat_x, flat_y), out_shape)
    if is_sparse(x):
        return tf.sparse_tensor_dense_matmul(x, y)
    return tf.matmul(x, y)


def batch_dot(x, y, axes=None):
    """Batchwise dot product, with the semantics of Keras 2.2.4.

    The first axis of both tensors is the batch axis. The lower-rank tensor
    is padded with trailing axes of size 1, the product is computed over
    `axes`, and the padded axes are removed again. A 1-D result gets a
    trailing axis of size 1.

    # Arguments
        x: tensor with `ndim >= 2`.
        y: tensor with `ndim >= 2`, same batch size as `x`.
        axes: int or pair of ints, the axes to reduce (default: the last
            axis of `x` and the second-to-last of `y`).

    # Returns
        A tensor.

    # Raises
        ValueError: if `axes` holds several axes per tensor.
    """
    if isinstance(axes, int):
        axes = (axes, axes)
    x_ndim = ndim(x)
    y_ndim = ndim(y)
    if axes is None:
        axes = [x_ndim - 1, y_ndim - 2]
    if py_any(isinstance(a, (list, tuple)) for a in axes):
        raise ValueError('Multiple target dimensions are not supported. ' +
                         'Expected: None, int, (int, int), ' +
                         'Provided: ' + str(axes))
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
        adj_x = axes[0] != ndim(x) - 1
        adj_y = axes[1] == ndim(y) - 1
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
    """Transposes a tensor (reverses its axes).

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor.
    """
    return tf.transpose(x)


def gather(reference, indices):
    """Selects entries of `reference` along its first axis.

    # Arguments
        reference: a tensor.
        indices: an int tensor of indices.

    # Returns
        A tensor of shape `indices.shape + reference.shape[1:]`.
    """
    return tf.gather(reference, indices)


# ---------------------------------------------------------------------------
# Element-wise operations and reductions
# ---------------------------------------------------------------------------

def max(x, axis=None, keepdims=False):
    """Maximum over `axis`.

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes to reduce; `None` (the
            default) reduces all of them.
        keepdims: whether the reduced axes are kept with size 1.

    # Returns
        A tensor.
    """
    return tf.reduce_max(x, axis=axis, keepdims=keepdims)


def min(x, axis=None, keepdims=False):
    """Minimum over `axis`.

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes to reduce; `None` (the
            default) reduces all of them.
        keepdims: whether the reduced axes are kept with size 1.

    # Returns
        A tensor.
    """
    return tf.reduce_min(x, axis=axis, keepdims=keepdims)


def sum(x, axis=None, keepdims=False):
    """Sum over `axis`.

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes to reduce; `None` (the
            default) reduces all of them.
        keepdims: whether the reduced axes are kept with size 1.

    # Returns
        A tensor.
    """
    return tf.reduce_sum(x, axis=axis, keepdims=keepdims)


def prod(x, axis=None, keepdims=False):
    """Product over `axis`.

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes to reduce; `None` (the
            default) reduces all of them.
        keepdims: whether the reduced axes are kept with size 1.

    # Returns
        A tensor.
    """
    return tf.reduce_prod(x, axis=axis, keepdims=keepdims)


def cumsum(x, axis=0):
    """Cumulative sum along an axis.

    # Arguments
        x: tensor or variable.
        axis: int, the axis (default: the first).

    # Returns
        A tensor of the same shape.
    """
    return tf.cumsum(x, axis=axis)


def cumprod(x, axis=0):
    """Cumulative product along an axis.

    # Arguments
        x: tensor or variable.
        axis: int, the axis (default: the first).

    # Returns
        A tensor of the same shape.
    """
    return tf.cumprod(x, axis=axis)


def var(x, axis=None, keepdims=False):
    """Variance (population, divides by N) over `axis`; bool tensors are cast
    to `floatx()` first.

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes to reduce; `None` (the
            default) reduces all of them.
        keepdims: whether the reduced axes are kept with size 1.

    # Returns
        A tensor.
    """
    if x.dtype.base_dtype == tf.bool:
        x = tf.cast(x, floatx())
    mean_x = tf.reduce_mean(x, axis=axis, keepdims=True)
    return tf.reduce_mean(tf.square(x - mean_x), axis=axis,
                          keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    """Standard deviation (population, divides by N) over `axis`.

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes to reduce; `None` (the
            default) reduces all of them.
        keepdims: whether the reduced axes are kept with size 1.

    # Returns
        A tensor.
    """
    return tf.sqrt(var(x, axis=axis, keepdims=keepdims))


def mean(x, axis=None, keepdims=False):
    """Mean over `axis`; bool tensors are cast to `floatx()` first.

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes to reduce; `None` (the
            default) reduces all of them.
        keepdims: whether the reduced axes are kept with size 1.

    # Returns
        A tensor.
    """
    if x.dtype.base_dtype == tf.bool:
        x = tf.cast(x, floatx())
    return tf.reduce_mean(x, axis=axis, keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    """Logical OR over `axis` (the input is cast to bool).

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes to reduce; `None` (the
            default) reduces all of them.
        keepdims: whether the reduced axes are kept with size 1.

    # Returns
        A bool tensor.
    """
    x = tf.cast(x, tf.bool)
    return tf.reduce_any(x, axis=axis, keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    """Logical AND over `axis` (the input is cast to bool).

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes to reduce; `None` (the
            default) reduces all of them.
        keepdims: whether the reduced axes are kept with size 1.

    # Returns
        A bool tensor.
    """
    x = tf.cast(x, tf.bool)
    return tf.reduce_all(x, axis=axis, keepdims=keepdims)


def argmax(x, axis=-1):
    """Index of the maximum along an axis.

    # Arguments
        x: tensor or variable.
        axis: int, the axis to search (default: the last).

    # Returns
        An int64 tensor with `axis` removed.
    """
    return tf.argmax(x, axis)


def argmin(x, axis=-1):
    """Index of the minimum along an axis.

    # Arguments
        x: tensor or variable.
        axis: int, the axis to search (default: the last).

    # Returns
        An int64 tensor with `axis` removed.
    """
    return tf.argmin(x, axis)


def square(x):
    """Element-wise square.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor of the same shape.
    """
    return tf.square(x)


def abs(x):
    """Element-wise absolute value.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor of the same shape.
    """
    return tf.abs(x)


def sqrt(x):
    """Element-wise square root; negative inputs are clipped to 0 first.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor of the same shape.
    """
    zero = _to_tensor(0., x.dtype.base_dtype)
    inf = _to_tensor(np.inf, x.dtype.base_dtype)
    return tf.sqrt(tf.clip_by_value(x, zero, inf))


def exp(x):
    """Element-wise exponential.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor of the same shape.
    """
    return tf.exp(x)


def log(x):
    """Element-wise natural logarithm.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor of the same shape.
    """
    return tf.log(x)


def logsumexp(x, axis=None, keepdims=False):
    """`log(sum(exp(x)))` over `axis`, computed stably.

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes to reduce; `None` (the
            default) reduces all of them.
        keepdims: whether the reduced axes are kept with size 1.

    # Returns
        A tensor.
    """
    return tf.reduce_logsumexp(x, axis=axis, keepdims=keepdims)


def round(x):
    """Element-wise rounding to the nearest integer (half to even).

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor of the same shape.
    """
    return tf.round(x)


def sign(x):
    """Element-wise sign (-1, 0 or 1).

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor of the same shape.
    """
    return tf.sign(x)


def pow(x, a):
    """Element-wise power `x ** a`.

    # Arguments
        x: tensor or variable.
        a: number or tensor, the exponent.

    # Returns
        A tensor.
    """
    return tf.pow(x, a)


def clip(x, min_value, max_value):
    """Element-wise clipping to `[min_value, max_value]`.

    # Arguments
        x: tensor or variable.
        min_value: float, the lower bound.
        max_value: float, the upper bound, or `None` for no upper bound; a
            value below `min_value` is raised to `min_value`.

    # Returns
        A tensor of the same shape and dtype.
    """
    if max_value is not None and max_value < min_value:
        max_value = min_value
    if max_value is None:
        max_value = np.inf
    min_value = _to_tensor(min_value, x.dtype.base_dtype)
    max_value = _to_tensor(max_value, x.dtype.base_dtype)
    return tf.clip_by_value(x, min_value, max_value)


def equal(x, y):
    """Element-wise `x == y`.

    # Arguments
        x: tensor or variable.
        y: tensor or variable (broadcast against `x`).

    # Returns
        A bool tensor.
    """
    return tf.equal(x, y)


def not_equal(x, y):
    """Element-wise `x != y`.

    # Arguments
        x: tensor or variable.
        y: tensor or variable (broadcast against `x`).

    # Returns
        A bool tensor.
    """
    return tf.not_equal(x, y)


def greater(x, y):
    """Element-wise `x > y`.

    # Arguments
        x: tensor or variable.
        y: tensor or variable (broadcast against `x`).

    # Returns
        A bool tensor.
    """
    return tf.greater(x, y)


def greater_equal(x, y):
    """Element-wise `x >= y`.

    # Arguments
        x: tensor or variable.
        y: tensor or variable (broadcast against `x`).

    # Returns
        A bool tensor.
    """
    return tf.greater_equal(x, y)


def less(x, y):
    """Element-wise `x < y`.

    # Arguments
        x: tensor or variable.
        y: tensor or variable (broadcast against `x`).

    # Returns
        A bool tensor.
    """
    return tf.less(x, y)


def less_equal(x, y):
    """Element-wise `x <= y`.

    # Arguments
        x: tensor or variable.
        y: tensor or variable (broadcast against `x`).

    # Returns
        A bool tensor.
    """
    return tf.less_equal(x, y)


def maximum(x, y):
    """Element-wise maximum.

    # Arguments
        x: tensor or variable.
        y: tensor or variable (broadcast against `x`).

    # Returns
        A tensor.
    """
    return tf.maximum(x, y)


def minimum(x, y):
    """Element-wise minimum.

    # Arguments
        x: tensor or variable.
        y: tensor or variable (broadcast against `x`).

    # Returns
        A tensor.
    """
    return tf.minimum(x, y)


def sin(x):
    """Element-wise sine.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor of the same shape.
    """
    return tf.sin(x)


def cos(x):
    """Element-wise cosine.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor of the same shape.
    """
    return tf.cos(x)


# ---------------------------------------------------------------------------
# Batch normalization
# ---------------------------------------------------------------------------

def _broadcast_stat(stat, x, reduction_axes):
    target = []
    for axis in range(ndim(x)):
        if axis in reduction_axes:
            target.append(1)
        else:
            target.append(tf.shape(x)[axis])
    return tf.reshape(stat, tf.stack(target))


def normalize_batch_in_training(x, gamma, beta, reduction_axes,
                                epsilon=1e-3):
    """Normalizes a batch with its own mean and variance.

    For 4-D inputs reduced over `[0, 1, 2]` the fused TensorFlow kernel is
    used, as in Keras 2.2.4 (the returned variance then has Bessel's
    correction); otherwise the population variance is returned.

    # Arguments
        x: input tensor.
        gamma: scale tensor (or `None`).
        beta: offset tensor (or `None`).
        reduction_axes: list of ints, the axes to normalize over.
        epsilon: fuzz factor.

    # Returns
        A tuple `(normalized_x, mean, variance)`.
    """
    reduction_axes = list(reduction_axes)
    if ndim(x) == 4 and reduction_axes == [0, 1, 2] and \
            x.dtype.base_dtype in (tf.float32, tf.float16):
        channels = tf.shape(x)[-1:]
        if gamma is None:
            gamma = tf.ones(channels, dtype=x.dtype.base_dtype)
        if beta is None:
            beta = tf.zeros(channels, dtype=x.dtype.base_dtype)
        return tf.nn.fused_batch_norm(x, gamma, beta, epsilon=epsilon,
                                      data_format='NHWC')
    mean_x, var_x = tf.nn.moments(x, reduction_axes)
    if sorted(reduction_axes) == list(range(ndim(x)))[:-1]:
        normed = tf.nn.batch_normalization(x, mean_x, var_x, beta, gamma,
                                           epsilon)
    else:
        b_mean = _broadcast_stat(mean_x, x, reduction_axes)
        b_var = _broadcast_stat(var_x, x, reduction_axes)
        b_beta = None if beta is None else \
            _broadcast_stat(beta, x, reduction_axes)
        b_gamma = None if gamma is None else \
            _broadcast_stat(gamma, x, reduction_axes)
        normed = tf.nn.batch_normalization(x, b_mean, b_var, b_beta,
                                           b_gamma, epsilon)
    return normed, mean_x, var_x


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    """Applies `(x - mean) / sqrt(var + epsilon) * gamma + beta`.

    1-D statistics are broadcast along `axis`; statistics already shaped
    for broadcasting are used as they are.

    # Arguments
        x: input tensor.
        mean: mean of the features (1-D, or broadcastable to `x`).
        var: variance of the features, same shape as `mean`.
        beta: offset, same shape as `mean`, or `None` (no offset).
        gamma: scale, same shape as `mean`, or `None` (no scaling).
        axis: int, the features axis.
        epsilon: fuzz factor added to the variance.

    # Returns
        A tensor.
    """
    rank = ndim(x)
    if rank is not None and axis % rank != rank - 1:
        axis = axis % rank
        target = [1] * rank
        target[axis] = -1

        def fix(t):
            if t is None or ndim(t) != 1:
                return t
            return tf.reshape(t, target)
        mean, var, beta, gamma = fix(mean), fix(var), fix(beta), fix(gamma)
    return tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon)


# ---------------------------------------------------------------------------
# Shape operations
# ---------------------------------------------------------------------------

def concatenate(tensors, axis=-1):
    """Concatenates tensors along an axis.

    # Arguments
        tensors: list of tensors; when they are all sparse the result is
            sparse, otherwise sparse ones are made dense first.
        axis: int, the axis to concatenate along (default: the last).

    # Returns
        A tensor.
    """
    if axis < 0:
        rank = ndim(tensors[0])
        if rank:
            axis %= rank
        else:
            axis = 0
    if py_all(is_sparse(x) for x in tensors):
        return tf.sparse_concat(axis, tensors)
    return tf.concat([to_dense(x) for x in tensors], axis)


def reshape(x, shape):
    """Reshapes a tensor.

    # Arguments
        x: tensor or variable.
        shape: tuple of ints (or int tensor), the new shape; one entry
            may be -1 (inferred).

    # Returns
        A tensor.
    """
    return tf.reshape(x, shape)


def permute_dimensions(x, pattern):
    """Permutes the axes of a tensor.

    # Arguments
        x: a tensor.
        pattern: tuple of axis indices, e.g. `(0, 2, 1)`.
    """
    return tf.transpose(x, perm=pattern)


def resize_images(x, height_factor, width_factor, data_format,
                  interpolation='nearest'):
    """Resizes the images of a 4-D tensor by integer factors.

    # Arguments
        x: 4-D tensor.
        height_factor: positive int, the factor of the rows.
        width_factor: positive int, the factor of the columns.
        data_format: `'channels_first'` or `'channels_last'`.
        interpolation: `'nearest'` or `'bilinear'`.

    # Returns
        A tensor.

    # Raises
        ValueError: for an unknown `data_format` or `interpolation`.
    """
    if data_format == 'channels_first':
        rows, cols = 2, 3
    elif data_format == 'channels_last':
        rows, cols = 1, 2
    else:
        raise ValueError('Unknown data_format: ' + str(data_format))
    if interpolation not in ('nearest', 'bilinear'):
        raise ValueError('interpolation should be one '
                         'of "nearest" or "bilinear", got %r.'
                         % (interpolation,))
    original_shape = int_shape(x)
    new_size = tf.shape(x)[rows:cols + 1] * tf.constant(
        np.array([height_factor, width_factor], dtype='int32'))
    if data_format == 'channels_first':
        x = tf.transpose(x, [0, 2, 3, 1])
    if interpolation == 'nearest':
        x = tf.image.resize_nearest_neighbor(x, new_size)
    else:
        x = tf.image.resize_bilinear(x, new_size)
    if data_format == 'channels_first':
        x = tf.transpose(x, [0, 3, 1, 2])
    if original_shape is not None:
        out = list(original_shape)
        if out[rows] is not None:
            out[rows] = out[rows] * height_factor
        if out[cols] is not None:
            out[cols] = out[cols] * width_factor
        x.set_shape(out)
    return x


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    """Resizes the volumes of a 5-D tensor by repeating entries.

    # Arguments
        x: 5-D tensor.
        depth_factor: positive int, the factor of the first spatial axis.
        height_factor: positive int, the factor of the second.
        width_factor: positive int, the factor of the third.
        data_format: `'channels_first'` or `'channels_last'`.

    # Returns
        A tensor.

    # Raises
        ValueError: for an unknown `data_format`.
    """
    if data_format == 'channels_first':
        first = 2
    elif data_format == 'channels_last':
        first = 1
    else:
        raise ValueError('Unknown data_format: ' + str(data_format))
    out = repeat_elements(x, depth_factor, axis=first)
    out = repeat_elements(out, height_factor, axis=first + 1)
    return repeat_elements(out, width_factor, axis=first + 2)


def repeat_elements(x, rep, axis):
    """Repeats each entry of `x` `rep` times along `axis` (like `np.repeat`).

    # Arguments
        x: tensor or variable.
        rep: positive integer, the number of repetitions.
        axis: the axis along which to repeat (negative values count from
            the end).

    # Returns
        A tensor. Its `_keras_shape` (what `int_shape` reports) is its
        static shape: the repeated axis is `rep` times longer, or `None`
        when it is unknown, as in Keras 2.2.4.
    """
    rank = ndim(x)
    axis = axis % rank
    static = x.get_shape().as_list()
    expanded = tf.expand_dims(x, axis + 1)
    multiples = [1] * (rank + 1)
    multiples[axis + 1] = rep
    tiled = tf.tile(expanded, multiples)
    new_shape = tf.unstack(tf.shape(x))
    new_shape[axis] = new_shape[axis] * rep
    out = tf.reshape(tiled, tf.stack(new_shape))
    if static[axis] is not None:
        static[axis] *= rep
    out.set_shape(static)
    out._keras_shape = tuple(static)
    return out


def repeat(x, n):
    """Repeats a 2-D tensor `(samples, dim)` into `(samples, n, dim)`.

    # Arguments
        x: 2-D tensor.
        n: int, the number of repetitions.

    # Returns
        A 3-D tensor.

    # Raises
        ValueError: if `x` is not 2-D.
    """
    if ndim(x) != 2:
        raise ValueError('K.repeat expects a 2D tensor, got ndim=%s.'
                         % (ndim(x),))
    x = tf.expand_dims(x, 1)
    return tf.tile(x, tf.stack([1, n, 1]))


def arange(start, stop=None, step=1, dtype='int32'):
    """A 1-D tensor of evenly spaced values, like `np.arange`.

    With `stop=None` the range is `[0, start)`; a negative `start` then
    gives an empty range (as NumPy and Keras 2.2.4 do), also when `start`
    is a tensor, whose value is clamped to 0 inside the graph.

    # Arguments
        start: start of the range (number or scalar tensor); the end of
            the range when `stop` is None.
        stop: end of the range (excluded), or None.
        step: difference between consecutive values.
        dtype: dtype of the result.

    # Returns
        A 1-D tensor.

    # Raises
        TypeError: if `start` is neither a number nor a tensor (a list,
            for instance) while `stop` is None.
    """
    if stop is None:
        if is_tensor(start):
            start = tf.maximum(start, tf.zeros(
                [], dtype=start.dtype.base_dtype))
        elif start < 0:
            start = 0
    result = tf.range(start, limit=stop, delta=step, name='arange')
    if dtype != 'int32':
        result = tf.cast(result, dtype)
    return result


def tile(x, n):
    """Tiles `x`.

    # Arguments
        x: tensor or variable.
        n: int or list of ints, the number of copies along each axis
            (an int: `x` must be 1-D).

    # Returns
        A tensor.
    """
    if isinstance(n, int):
        n = [n]
    return tf.tile(x, n)


def flatten(x):
    """Flattens a tensor to 1-D.

    # Arguments
        x: tensor or variable.

    # Returns
        A 1-D tensor.
    """
    return tf.reshape(x, [-1])


def batch_flatten(x):
    """Flattens each sample: `(batch, ...)` becomes `(batch, prod(...))`.

    # Arguments
        x: tensor or variable, the first axis being the batch axis.

    # Returns
        A 2-D tensor.
    """
    dims = x.get_shape().as_list()[1:] if x.get_shape().ndims else None
    if dims is not None and None not in dims:
        # Known sample shape: a constant target shape (no shape ops to run).
        size = 1
        for dim in dims:
            size *= dim
        return tf.reshape(x, [-1, size])
    return tf.reshape(x, tf.stack([-1, tf.reduce_prod(tf.shape(x)[1:])]))


def expand_dims(x, axis=-1):
    """Adds an axis of size 1.

    # Arguments
        x: tensor or variable.
        axis: int, the position of the new axis (default: last).

    # Returns
        A tensor with one more axis.
    """
    return tf.expand_dims(x, axis)


def squeeze(x, axis):
    """Removes an axis of size 1.

    # Arguments
        x: tensor or variable.
        axis: int, the axis to remove.

    # Returns
        A tensor with one axis less.
    """
    return tf.squeeze(x, [axis])


def temporal_padding(x, padding=(1, 1)):
    """Zero-pads the middle axis of a 3-D tensor.

    # Arguments
        x: 3-D tensor.
        padding: tuple of 2 ints, (left, right).
    """
    if len(padding) != 2:
        raise ValueError('padding should be a tuple of 2 ints, got %r.'
                         % (padding,))
    pattern = [[0, 0], [padding[0], padding[1]], [0, 0]]
    return tf.pad(x, pattern)


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    """Zero-pads the two spatial axes of a 4-D tensor.

    # Arguments
        x: 4-D tensor.
        padding: tuple of 2 tuples of 2 ints.
        data_format: `'channels_first'` or `'channels_last'`.
    """
    if len(padding) != 2 or len(padding[0]) != 2 or len(padding[1]) != 2:
        raise ValueError('padding should be ((top, bottom), (left, right)), '
                         'got %r.' % (padding,))
    data_format = normalize_data_format(data_format)
    pattern = [[0, 0], list(padding[0]), list(padding[1]), [0, 0]]
    pattern = transpose_shape(pattern, data_format, spatial_axes=(1, 2))
    return tf.pad(x, pattern)


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)),
                       data_format=None):
    """Zero-pads the three spatial axes of a 5-D tensor.

    # Arguments
        x: 5-D tensor.
        padding: tuple of 3 tuples of 2 ints.
        data_format: `'channels_first'` or `'channels_last'`.
    """
    if len(padding) != 3 or py_any(len(p) != 2 for p in padding):
        raise ValueError('padding should be 3 pairs of ints, got %r.'
                         % (padding,))
    data_format = normalize_data_format(data_format)
    pattern = [[0, 0], list(padding[0]), list(padding[1]), list(padding[2]),
               [0, 0]]
    pattern = transpose_shape(pattern, data_format, spatial_axes=(1, 2, 3))
    return tf.pad(x, pattern)


def stack(x, axis=0):
    """Stacks a list of tensors along a new axis.

    # Arguments
        x: list of tensors of the same shape.
        axis: int, the position of the new axis (default: first).

    # Returns
        A tensor with one more axis.
    """
    return tf.stack(x, axis=axis)


def one_hot(indices, num_classes):
    """One-hot encodes an int tensor `(...)` into `(..., num_classes)`.

    # Arguments
        indices: int tensor of class indices.
        num_classes: int, the size of the new last axis.

    # Returns
        A float tensor with one more axis than `indices`.
    """
    return tf.one_hot(indices, depth=num_classes, axis=-1)


def reverse(x, axes):
    """Reverses a tensor along some axes.

    # Arguments
        x: tensor or variable.
        axes: int or list of ints, the axes to reverse.

    # Returns
        A tensor of the same shape.
    """
    if isinstance(axes, int):
        axes = [axes]
    return tf.reverse(x, axes)


def slice(x, start, size):
    """Extracts a slice: `size[i]` entries from `start[i]` on each axis.

    # Arguments
        x: tensor or variable.
        start: list of ints (or int tensor), the first index on each axis.
        size: list of ints (or int tensor), the number of entries on each
            axis (-1: all the remaining ones).

    # Returns
        A tensor.
    """
    return tf.slice(x, start, size)


# ---------------------------------------------------------------------------
# Value manipulation
# ---------------------------------------------------------------------------

def get_value(x):
    """Returns the value of a variable as a Numpy array.

    # Arguments
        x: variable (or tensor that can be evaluated without feeds), run in
            the current session.

    # Returns
        A Numpy array.
    """
    return x.eval(session=get_session())


def batch_get_value(ops):
    """Returns the values of several variables/tensors (one session run).

    # Arguments
        ops: list of tensors or variables.

    # Returns
        A list of Numpy arrays.
    """
    if ops:
        return get_session().run(ops)
    return []


def _assign_ops(x):
    """Cached (placeholder, assign op) pair of a variable."""
    cached = getattr(x, '_keras_assign', None)
    if cached is not None:
        return cached
    base = x.dtype.base_dtype
    with x.graph.as_default():
        with tf.name_scope(None):
            ph = tf.placeholder(base, shape=[None] * len(x.get_shape()),
                                name=x.op.name.replace(':', '_') +
                                '_assign_value')
            op = tf.assign(x, ph)
    try:
        x._keras_assign = (ph, op)
        # Keras 2.2.4 attribute names, read by some user code.
        x._assign_placeholder = ph
        x._assign_op = op
    except AttributeError:
        pass
    return ph, op


def set_value(x, value):
    """Sets the value of a variable from a Numpy array.

    The assign placeholder and op are created once per variable and reused.

    # Arguments
        x: the variable.
        value: Numpy array (or convertible) of the variable's shape.
    """
    value = np.asarray(value, dtype=dtype(x))
    ph, op = _assign_ops(x)
    get_session().run(op, feed_dict={ph: value})


def batch_set_value(tuples):
    """Sets the values of several variables in one session run.

    # Arguments
        tuples: list of `(variable, numpy_array)` pairs.
    """
    if not tuples:
        return
    ops = []
    feed = {}
    for x, value in tuples:
        value = np.asarray(value, dtype=dtype(x))
        ph, op = _assign_ops(x)
        ops.append(op)
        feed[ph] = value
    get_session().run(ops, feed_dict=feed)


def get_variable_shape(x):
    """Returns the shape of a variable as a tuple of ints.

    # Arguments
        x: variable.

    # Returns
        A tuple (as `int_shape(x)`; unknown dimensions are `None`).
    """
    return int_shape(x)


def print_tensor(x, message=''):
    """Returns `x` and prints its value (with `message`) when evaluated.

    # Arguments
        x: tensor to print.
        message: string printed before the value.

    # Returns
        A tensor equal to `x`: use it in place of `x`.
    """
    return tf.Print(x, [x], message)


# ---------------------------------------------------------------------------
# Graph functions
# ---------------------------------------------------------------------------

def _scipy_to_sparse_value(value):
    """Turns a scipy sparse matrix into a feedable sparse value."""
    if hasattr(value, 'tocoo'):
        coo = value.tocoo()
        indices = np.concatenate((np.expand_dims(coo.row, 1),
                                  np.expand_dims(coo.col, 1)), 1)
        return tf.SparseTensorValue(indices, coo.data, coo.shape)
    return value


class Function(object):
    """A callable that runs part of the graph: feeds `inputs`, returns the
    values of `outputs`, and runs `updates`.

    The fetches are compiled once per session with `Session.make_callable`;
    each call then costs one invocation of that callable.

    # Arguments
        inputs: list of feedable tensors (placeholders, sparse placeholders,
            the learning phase, any feedable tensor).
        outputs: list of tensors to fetch.
        updates: list of update ops or `(variable, new_value)` tuples, run
            after the outputs are computed.
        name: optional name of the function.
        **session_kwargs: `fetches` (extra tensors/ops to run),
            `feed_dict` (extra fixed feeds, read at each call), `options`
            and `run_metadata` (passed to the session).

    # Raises
        TypeError: if `inputs`, `outputs` or `updates` are not lists/tuples.
        ValueError: for unknown session arguments.
    """

    def __init__(self, inputs, outputs, updates=None, name=None,
                 **session_kwargs):
        updates = updates or []
        if not isinstance(inputs, (list, tuple)):
            raise TypeError('`inputs` to a TensorFlow backend function '
                            'should be a list or tuple, got %s.'
                            % type(inputs).__name__)
        if not isinstance(outputs, (list, tuple)):
            raise TypeError('`outputs` of a TensorFlow backend function '
                            'should be a list or tuple, got %s.'
                            % type(outputs).__name__)
        if not isinstance(updates, (list, tuple)):
            raise TypeError('`updates` in a TensorFlow backend function '
                            'should be a list or tuple, got %s.'
                            % type(updates).__name__)
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        # The update ops are fetched as they are, not grouped: a group (or a
        # control dependency) on ops that a session has already run would
        # mutate them, which TensorFlow reports. Only the `(variable, value)`
        # pairs get new assign ops here, made to wait for the outputs.
        self.updates_ops = []
        pairs = [item for item in updates if isinstance(item, tuple)]
        if pairs:
            with tf.control_dependencies(_fresh_control_inputs(self.outputs)):
                assigns = dict((id(item), tf.assign(item[0], item[1]))
                               for item in pairs)
        for item in updates:
            if isinstance(item, tuple):
                item = assigns[id(item)]
            # Fetch the op, not the value of an assign's output.
            self.updates_ops.append(item if isinstance(item, tf.Operation)
                                    else item.op)
        self.name = name
        self.feed_dict = session_kwargs.pop('feed_dict', None) or {}
        fetches = session_kwargs.pop('fetches', [])
        if not isinstance(fetches, list):
            fetches = [fetches]
        self.fetches = fetches
        unknown = [k for k in session_kwargs
                   if k not in ('options', 'run_metadata')]
        if unknown:
            raise ValueError('Invalid argument(s) %s passed to K.function '
                             'with the TensorFlow backend; accepted: '
                             'fetches, feed_dict, options, run_metadata, '
                             'name.' % ', '.join(sorted(unknown)))
        self.session_kwargs = session_kwargs
        self._sparse_positions = [i for i, x in enumerate(self.inputs)
                                  if is_sparse(x)]
        self._callable_fn = None
        self._callable_session = None
        self._callable_feed_keys = None

    def _make_callable(self, session, feed_keys):
        fetches = self.outputs + self.updates_ops + self.fetches
        feed_list = self.inputs + list(feed_keys)
        self._callable_fn = session.make_callable(
            fetches, feed_list=feed_list or None,
            accept_options=bool(self.session_kwargs))
        self._callable_session = session
        self._callable_feed_keys = feed_keys

    def __call__(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise TypeError('`inputs` should be a list or tuple, got %s.'
                            % type(inputs).__name__)
        if len(inputs) != len(self.inputs):
            raise ValueError('The function expects %d input value(s) '
                             '(one per input tensor), got %d.'
                             % (len(self.inputs), len(inputs)))
        session = get_session()
        if self.feed_dict:
            feed_keys = tuple(self.feed_dict)
        else:
            feed_keys = ()
        if (self._callable_fn is None or
                self._callable_session is not session or
                self._callable_feed_keys != feed_keys):
            self._make_callable(session, feed_keys)
        args = list(inputs)
        for i in self._sparse_positions:
            args[i] = _scipy_to_sparse_value(args[i])
        for key in feed_keys:
            args.append(self.feed_dict[key])
        results = self._callable_fn(*args, **self.session_kwargs)
        return results[:len(self.outputs)]


def _fresh_control_inputs(tensors):
    """New ops to wait for, standing for `tensors`, to use as control inputs.

    A control dependency on an op marks that op (TensorFlow sets an
    attribute on it); once a session has run the graph, that is a mutation
    TensorFlow warns about. An identity of each tensor, made now, carries
    the same ordering without touching the existing ops.

    # Arguments
        tensors: list of tensors, variables, sparse tensors or operations
            (operations are passed through as they are).

    # Returns
        A list of tensors and operations for `tf.control_dependencies`.
    """
    out = []
    for x in tensors:
        if isinstance(x, tf.Operation):
            out.append(x)
        elif isinstance(x, (tf.SparseTensor, tf.IndexedSlices)):
            out.append(tf.identity(x.values))
        elif x is not None:
            out.append(tf.identity(x))
    return out


def function(inputs, outputs, updates=None, **kwargs):
    """Instantiates a Keras function (see `Function`).

    # Arguments
        inputs: list of input tensors.
        outputs: list of output tensors.
        updates: list of update ops or `(variable, value)` tuples.
        **kwargs: `name`, and the session arguments `fetches`,
            `feed_dict`, `options`, `run_metadata`.

    # Returns
        A `Function`: call it with a list of Numpy arrays, it returns a list
        of Numpy arrays.

    # Raises
        ValueError: for invalid keyword arguments.
    """
    if kwargs:
        allowed = set(inspect.signature(tf.Session.run).parameters)
        allowed.update(('name', 'fetches', 'feed_dict', 'options',
                        'run_metadata'))
        for key in kwargs:
            if key not in allowed or key == 'self':
                raise ValueError('Invalid argument "%s" passed to K.function '
                                 'with TensorFlow backend.' % key)
    return Function(inputs, outputs, updates=updates, **kwargs)


def gradients(loss, variables):
    """Returns the gradients of `loss` with respect to `variables`.

    # Arguments
        loss: scalar tensor.
        variables: list of variables or tensors.

    # Returns
        A list of gradient tensors (`None` where unconnected).
    """
    return tf.gradients(loss, variables, colocate_gradients_with_ops=True)


def stop_gradient(variables):
    """Blocks gradients through a tensor (or each tensor of a list).

    # Arguments
        variables: tensor, or list/tuple of tensors.

    # Returns
        A tensor, or a list of tensors.
    """
    if isinstance(variables, (list, tuple)):
        return [tf.stop_gradient(v) for v in variables]
    return tf.stop_gradient(variables)


# ---------------------------------------------------------------------------
# Control flow
# ---------------------------------------------------------------------------

def _expand_mask(mask_t, target):
    """Tiles a `(batch, 1)` bool mask to the shape of `target`."""
    rank = ndim(target)
    mask_t = tf.reshape(mask_t, tf.concat(
        [tf.shape(mask_t)[:1], [1] * (rank - 1)], axis=0))
    multiples = tf.concat([[1], tf.shape(target)[1:]], axis=0)
    return tf.tile(mask_t, multiples)


def rnn(step_function, inputs, initial_states,
        go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None):
    """Iterates a step function over the time axis of a tensor.

    # Arguments
        step_function: called as `step_function(input_t, states)` where
            `input_t` is `(samples, ...)` and `states` is the list of
            states followed by `constants`; returns `(output_t,
            new_states)`.
        inputs: tensor `(samples, time, ...)` (at least 3-D).
        initial_states: list of tensors `(samples, ...)`.
        go_backwards: bool, iterate from the last step to the first.
        mask: optional `(samples, time)` tensor; where it is 0 the previous
            output and states are carried over. In the symbolic loop the
            previous output is taken as the first state.
        constants: list of tensors passed to every step.
        unroll: bool, build a Python loop (needs a known number of steps).
        input_length: the number of time steps when static (optional).

    # Returns
        A tuple `(last_output, outputs, new_states)`: `(samples, ...)`,
        `(samples, time, ...)` and a list of `(samples, ...)` tensors.

    # Raises
        ValueError: if `inputs` has fewer than 3 axes, if `unroll` is
            requested with an unknown number of steps, or if a mask is
            given with no states in the symbolic loop.
    """
    rank = len(inputs.get_shape())
    if rank < 3:
        raise ValueError('Input should be at least 3D.')
    axes = [1, 0] + list(range(2, rank))
    inputs = tf.transpose(inputs, axes)
    if mask is not None:
        if mask.dtype != tf.bool:
            mask = tf.cast(mask, tf.bool)
        if len(mask.get_shape()) == 2:
            mask = tf.expand_dims(mask, -1)
        mask_rank = len(mask.get_shape())
        mask = tf.transpose(mask, [1, 0] + list(range(2, mask_rank)))
    if constants is None:
        constants = []
    constants = list(constants)
    initial_states = list(initial_states)
    uses_learning_phase = [False]

    def note_phase(output):
        if getattr(output, '_uses_learning_phase', False):
            uses_learning_phase[0] = True

    if unroll:
        if not inputs.get_shape()[0]:
            raise ValueError('Unrolling requires a fixed number of timesteps.')
        states = initial_states
        outputs_list = []
        states_list = []
        input_list = tf.unstack(inputs)
        if go_backwards:
            input_list.reverse()
        if mask is not None:
            mask_list = tf.unstack(mask)
            if go_backwards:
                mask_list.reverse()
            for inp, mask_t in zip(input_list, mask_list):
                output, new_states = step_function(inp, states + constants)
                note_phase(output)
                if outputs_list:
                    prev_output = outputs_list[-1]
                else:
                    prev_output = tf.zeros_like(output)
                output = tf.where(_expand_mask(mask_t, output), output,
                                  prev_output)
                states = [tf.where(_expand_mask(mask_t, new_state),
                                   new_state, state)
                          for state, new_state in zip(states, new_states)]
                outputs_list.append(output)
                states_list.append(states)
        else:
            for inp in input_list:
                output, states = step_function(inp, states + constants)
                states = list(states)
                note_phase(output)
                outputs_list.append(output)
                states_list.append(states)
        last_output = outputs_list[-1]
        new_states = states_list[-1]
        outputs = tf.stack(outputs_list)
    else:
        if go_backwards:
            inputs = tf.reverse(inputs, [0])
        states = tuple(initial_states)
        time_steps = tf.shape(inputs)[0]
        first_output, _ = step_function(inputs[0], initial_states + constants)
        output_ta = tf.TensorArray(dtype=first_output.dtype,
                                   size=time_steps,
                                   tensor_array_name='output_ta')
        input_ta = tf.TensorArray(dtype=inputs.dtype, size=time_steps,
                                  tensor_array_name='input_ta')
        input_ta = input_ta.unstack(inputs)
        time = tf.constant(0, dtype='int32', name='time')

        if mask is not None:
            if not states:
                raise ValueError('No initial states provided! When using '
                                 'masking in an RNN, you should provide '
                                 'initial states (and your step function '
                                 'should return as its first state at time '
                                 '`t` the output at time `t-1`).')
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
                note_phase(output)
                for state, new_state in zip(states, new_states):
                    new_state.set_shape(state.get_shape())
                output = tf.where(_expand_mask(mask_t, output), output,
                                  states[0])
                new_states = [tf.where(_expand_mask(mask_t, new_state),
                                       new_state, state)
                              for state, new_state in zip(states, new_states)]
                output_ta_t = output_ta_t.write(time, output)
                return (time + 1, output_ta_t) + tuple(new_states)
        else:
            def _step(time, output_ta_t, *states):
                current_input = input_ta.read(time)
                output, new_states = step_function(
                    current_input, list(states) + constants)
                note_phase(output)
                new_states = list(new_states)
                for state, new_state in zip(states, new_states):
                    new_state.set_shape(state.get_shape())
                output_ta_t = output_ta_t.write(time, output)
                return (time + 1, output_ta_t) + tuple(new_states)

        final = tf.while_loop(
            cond=lambda time, *_: time < time_steps,
            body=_step,
            loop_vars=(time, output_ta) + states,
            parallel_iterations=32,
            swap_memory=True,
            maximum_iterations=input_length)
        last_time = final[0]
        output_ta = final[1]
        new_states = list(final[2:])
        outputs = output_ta.stack()
        steps_static = inputs.get_shape()[0]
        if outputs.get_shape().ndims is not None:
            static = outputs.get_shape().as_list()
            static[0] = tf.Dimension(steps_static).value
            outputs.set_shape(static)
        # Taken from the stacked outputs: reading the TensorArray again
        # would fail when both tensors are fetched in one run.
        last_output = outputs[last_time - 1]

    axes = [1, 0] + list(range(2, len(outputs.get_shape())))
    outputs = tf.transpose(outputs, axes)
    last_output._uses_learning_phase = uses_learning_phase[0]
    return last_output, outputs, new_states


def switch(condition, then_expression, else_expression):
    """Chooses between two expressions depending on `condition`.

    A scalar condition selects one whole expression (`tf.cond`; the
    expressions may be callables). A tensor condition selects element-wise;
    it is broadcast over the trailing axes of the expressions.

    # Arguments
        condition: tensor (int or bool).
        then_expression: tensor, or a callable returning one.
        else_expression: tensor, or a callable returning one.

    # Returns
        A tensor.

    # Raises
        ValueError: if `condition` has more axes than the expressions.
    """
    if not is_tensor(condition):
        condition = tf.convert_to_tensor(condition)
    if condition.dtype != tf.bool:
        condition = tf.cast(condition, 'bool')
    cond_ndim = ndim(condition)
    if not cond_ndim:
        if callable(then_expression):
            then_fn = then_expression
        else:
            def then_fn():
                return then_expression
        if callable(else_expression):
            else_fn = else_expression
        else:
            def else_fn():
                return else_expression
        return tf.cond(condition, then_fn, else_fn)
    if callable(then_expression):
        then_expression = then_expression()
    if callable(else_expression):
        else_expression = else_expression()
    expr_ndim = ndim(then_expression)
    if cond_ndim > expr_ndim:
        raise ValueError('Rank of `condition` should be less than or equal '
                         'to rank of `then_expression` and '
                         '`else_expression`. ndim(condition)=' +
                         str(cond_ndim) + ', ndim(then_expression)=' +
                         str(expr_ndim))
    if cond_ndim > 1:
        ndim_diff = expr_ndim - cond_ndim
        cond_shape = tf.concat([tf.shape(condition), [1] * ndim_diff],
                               axis=0)
        condition = tf.reshape(condition, cond_shape)
        expr_shape = tf.shape(then_expression)
        tile_shape = tf.where(expr_shape - cond_shape > 0, expr_shape,
                              tf.ones_like(expr_shape))
        condition = tf.tile(condition, tile_shape)
    return tf.where(condition, then_expression, else_expression)


def _is_fixed_phase(value, phase):
    if is_tensor(value):
        return False
    try:
        return bool(value == phase)
    except (TypeError, ValueError):
        return False


def in_train_phase(x, alt, training=None):
    """Selects `x` in the training phase and `alt` otherwise.

    # Arguments
        x: what to return in training (tensor or callable).
        alt: what to return otherwise (tensor or callable).
        training: optional scalar tensor or Python bool/int giving the
            phase (default: the global learning phase).

    # Returns
        `x` or `alt` when the phase is a fixed value, otherwise a tensor that
        selects between them (flagged `_uses_learning_phase` when the global
        phase is used).
    """
    if training is None:
        training = learning_phase()
        uses_learning_phase = True
    else:
        uses_learning_phase = False
    if _is_fixed_phase(training, 1):
        return x() if callable(x) else x
    if _is_fixed_phase(training, 0):
        return alt() if callable(alt) else alt
    x = switch(training, x, alt)
    if uses_learning_phase:
        x._uses_learning_phase = True
    return x


def in_test_phase(x, alt, training=None):
    """Selects `x` in the test phase and `alt` in the training phase
    (the reverse of `in_train_phase`).

    # Arguments
        x: what to return in the test phase: a tensor or a callable returning
            one.
        alt: what to return in the training phase: a tensor or a callable
            returning one.
        training: optional Python bool or scalar tensor that overrides the
            learning phase (`learning_phase()` is used when `None`).

    # Returns
        `x` or `alt`, or a tensor switching between them.
    """
    return in_train_phase(alt, x, training=training)


# ---------------------------------------------------------------------------
# Neural network operations
# ---------------------------------------------------------------------------

def relu(x, alpha=0., max_value=None, threshold=0.):
    """Rectified linear unit with optional leak, cap and threshold.

    Keras 2.2.4's formula: `r = x` where `x > threshold`, else 0; then
    `r` is clipped to `[0, max_value]` when `max_value` is given; then
    `alpha * relu(threshold - x)` is subtracted. With the defaults this is
    `max(x, 0)`.

    As in Keras 2.2.4, each case that TensorFlow has one kernel for uses
    it: `Relu` (defaults), `Relu6` (`max_value=6`, no alpha or threshold),
    `LeakyRelu` (`alpha` alone); the other combinations are built from
    those ops and element-wise arithmetic.

    # Arguments
        x: tensor or variable.
        alpha: slope of the part below the threshold.
        max_value: saturation value, or None.
        threshold: the threshold value.

    # Returns
        A tensor.
    """
    if alpha != 0.:
        if max_value is None and threshold == 0.:
            return tf.nn.leaky_relu(x, alpha=float(alpha))
        if threshold != 0.:
            negative_part = tf.nn.relu(-x + threshold)
        else:
            negative_part = tf.nn.relu(-x)
    clip_max = max_value is not None
    if threshold != 0:
        x = x * tf.cast(tf.greater(x, threshold), x.dtype.base_dtype)
    elif max_value == 6:
        x = tf.nn.relu6(x)
        clip_max = False
    else:
        x = tf.nn.relu(x)
    if clip_max:
        max_value = _to_tensor(max_value, x.dtype.base_dtype)
        zero = _to_tensor(0., x.dtype.base_dtype)
        x = tf.clip_by_value(x, zero, max_value)
    if alpha != 0.:
        alpha = _to_tensor(alpha, x.dtype.base_dtype)
        x -= alpha * negative_part
    return x


def elu(x, alpha=1.):
    """Exponential linear unit: `x` if `x > 0`, else `alpha * (exp(x) - 1)`.

    # Arguments
        x: tensor or variable.
        alpha: scale of the negative part.

    # Returns
        A tensor.
    """
    res = tf.nn.elu(x)
    if alpha == 1:
        return res
    return tf.where(x > 0, res, alpha * res)


def softmax(x, axis=-1):
    """Softmax over `axis`.

    # Arguments
        x: tensor or variable.
        axis: the axis along which the outputs sum to 1.

    # Returns
        A tensor.
    """
    return tf.nn.softmax(x, axis=axis)


def softplus(x):
    """Softplus: `log(exp(x) + 1)`.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor.
    """
    return tf.nn.softplus(x)


def softsign(x):
    """Softsign: `x / (abs(x) + 1)`.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor.
    """
    return tf.nn.softsign(x)


def sigmoid(x):
    """Element-wise logistic sigmoid.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor.
    """
    return tf.nn.sigmoid(x)


def hard_sigmoid(x):
    """Piecewise-linear sigmoid: `clip(0.2 * x + 0.5, 0, 1)`.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor.
    """
    x = (0.2 * x) + 0.5
    zero = _to_tensor(0., x.dtype.base_dtype)
    one = _to_tensor(1., x.dtype.base_dtype)
    return tf.clip_by_value(x, zero, one)


def tanh(x):
    """Element-wise hyperbolic tangent.

    # Arguments
        x: tensor or variable.

    # Returns
        A tensor.
    """
    return tf.nn.tanh(x)


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Categorical crossentropy between a one-hot target and an output.

    # Arguments
        target: tensor of the same shape as `output`.
        output: probabilities (rescaled to sum to 1 and clipped to
            `[epsilon, 1 - epsilon]`) or logits (`from_logits=True`).
        from_logits: bool.
        axis: the class axis.

    # Returns
        A tensor without the class axis.

    # Raises
        ValueError: if `axis` is not an axis of `output`.
    """
    rank = len(output.get_shape())
    if axis != -1 and axis not in range(rank):
        raise ValueError('Unexpected channels axis {}. Expected to be -1 or '
                         'one of the axes of `output`, which has {} '
                         'dimensions.'.format(axis, rank))
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.stop_gradient(target), logits=output, axis=axis)
    output = output / tf.reduce_sum(output, axis, True)
    eps = _to_tensor(epsilon(), output.dtype.base_dtype)
    output = tf.clip_by_value(output, eps, 1. - eps)
    return -tf.reduce_sum(target * tf.log(output), axis)


def sparse_categorical_crossentropy(target, output, from_logits=False,
                                    axis=-1):
    """Categorical crossentropy with integer targets.

    # Arguments
        target: int tensor of class indices (any shape matching `output`
            without its class axis).
        output: probabilities (clipped, not rescaled) or logits.
        from_logits: bool.
        axis: the class axis.

    # Returns
        A tensor without the class axis.

    # Raises
        ValueError: if `axis` is not an axis of `output`.
    """
    rank = len(output.get_shape())
    dims = list(range(rank))
    if axis != -1 and axis not in dims:
        raise ValueError('Unexpected channels axis {}. Expected to be -1 or '
                         'one of the axes of `output`, which has {} '
                         'dimensions.'.format(axis, rank))
    if axis != -1 and axis != dims[-1]:
        perm = dims[:axis] + dims[axis + 1:] + [axis]
        output = tf.transpose(output, perm=perm)
    if not from_logits:
        eps = _to_tensor(epsilon(), output.dtype.base_dtype)
        output = tf.clip_by_value(output, eps, 1 - eps)
        output = tf.log(output)
    output_shape = output.get_shape()
    targets = tf.cast(tf.reshape(target, [-1]), 'int64')
    logits = tf.reshape(output, [-1, int(output_shape[-1])])
    res = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets,
                                                         logits=logits)
    if len(output_shape) >= 3:
        return tf.reshape(res, tf.shape(output)[:-1])
    return res


def binary_crossentropy(target, output, from_logits=False):
    """Binary crossentropy.

    # Arguments
        target: tensor of the same shape as `output`.
        output: probabilities (clipped to `[epsilon, 1 - epsilon]`) or
            logits (`from_logits=True`).
        from_logits: bool.

    # Returns
        A tensor of the shape of `output`.
    """
    if not from_logits:
        eps = _to_tensor(epsilon(), output.dtype.base_dtype)
        output = tf.clip_by_value(output, eps, 1 - eps)
        output = tf.log(output / (1 - output))
    return tf.nn.sigmoid_cross_entropy_with_logits(labels=target,
                                                   logits=output)


def dropout(x, level, noise_shape=None, seed=None):
    """Sets entries to 0 with probability `level`, scaling the others by
    `1 / (1 - level)`.

    # Arguments
        x: tensor.
        level: fraction of entries to drop.
        noise_shape: shape of the random keep/drop mask (broadcast to `x`).
        seed: optional int seed.
    """
    seed = _random_seed(seed)
    return tf.nn.dropout(x * 1., noise_shape=noise_shape, seed=seed,
                         rate=level)


def l2_normalize(x, axis=None):
    """Divides `x` by its L2 norm along `axis`.

    # Arguments
        x: tensor or variable.
        axis: int or list of ints, the axes of the norm; `None` uses
            all axes.

    # Returns
        A tensor of the same shape.
    """
    return tf.nn.l2_normalize(x, axis=axis)


def in_top_k(predictions, targets, k):
    """Whether each target is among the `k` top predictions.

    # Arguments
        predictions: float tensor `(batch, classes)`.
        targets: int tensor `(batch,)`.
        k: int.

    # Returns
        A bool tensor `(batch,)`.
    """
    return tf.nn.in_top_k(predictions, targets, k)


# ---------------------------------------------------------------------------
# Convolutions and pooling
# ---------------------------------------------------------------------------

def _preprocess_padding(padding):
    """Converts a Keras padding name to TensorFlow's.

    # Arguments
        padding: `'same'` or `'valid'`.

    # Returns
        `'SAME'` or `'VALID'`.

    # Raises
        ValueError: for any other value.
    """
    if padding == 'same':
        return 'SAME'
    if padding == 'valid':
        return 'VALID'
    raise ValueError('Invalid padding: ' + str(padding) +
                     ' (expected "same" or "valid").')


def _to_channels_last(x, data_format):
    """Transposes a channels-first tensor to channels-last."""
    if data_format == 'channels_first':
        rank = ndim(x)
        return tf.transpose(x, [0] + list(range(2, rank)) + [1])
    return x


def _to_channels_first(x, data_format):
    """Transposes a channels-last result back when the input was
    channels-first."""
    if data_format == 'channels_first':
        rank = ndim(x)
        return tf.transpose(x, [0, rank - 1] + list(range(1, rank - 1)))
    return x


def _as_tuple(value, n):
    if isinstance(value, int):
        return (value,) * n
    return tuple(value)


def conv1d(x, kernel, strides=1, padding='valid', data_format=None,
           dilation_rate=1):
    """1-D convolution.

    # Arguments
        x: input tensor `(batch, steps, channels)` (or channels-first).
        kernel: `(width, in_channels, out_channels)`.
        strides: int.
        padding: `'valid'`, `'same'` or `'causal'` (left padding, output
            at step t only depends on inputs up to t).
        data_format: `'channels_first'` or `'channels_last'`.
        dilation_rate: int.

    # Returns
        A tensor.

    # Raises
        ValueError: for `'causal'` padding with channels-first data, or an
            unknown padding.
    """
    data_format = normalize_data_format(data_format)
    strides = _as_tuple(strides, 1)
    dilation_rate = _as_tuple(dilation_rate, 1)
    if padding == 'causal':
        if data_format != 'channels_last':
            raise ValueError('When using causal padding in `conv1d`, '
                             '`data_format` must be "channels_last" '
                             '(temporal data).')
        width = int(kernel.get_shape()[0])
        x = temporal_padding(x, (dilation_rate[0] * (width - 1), 0))
        padding = 'valid'
    padding = _preprocess_padding(padding)
    x = _to_channels_last(x, data_format)
    x = tf.nn.convolution(input=x, filter=kernel, padding=padding,
                          strides=strides, dilation_rate=dilation_rate,
                          data_format='NWC')
    return _to_channels_first(x, data_format)


def conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None,
           dilation_rate=(1, 1)):
    """2-D convolution.

    # Arguments
        x: 4-D input tensor.
        kernel: `(rows, cols, in_channels, out_channels)`.
        strides: tuple of 2 ints.
        padding: `'valid'` or `'same'`.
        data_format: `'channels_first'` or `'channels_last'`.
        dilation_rate: tuple of 2 ints.

    # Returns
        A tensor.
    """
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    x = _to_channels_last(x, data_format)
    x = tf.nn.convolution(input=x, filter=kernel, padding=padding,
                          strides=_as_tuple(strides, 2),
                          dilation_rate=_as_tuple(dilation_rate, 2),
                          data_format='NHWC')
    return _to_channels_first(x, data_format)


def conv3d(x, kernel, strides=(1, 1, 1), padding='valid', data_format=None,
           dilation_rate=(1, 1, 1)):
    """3-D convolution.

    # Arguments
        x: 5-D input tensor.
        kernel: `(depth, rows, cols, in_channels, out_channels)`.
        strides: tuple of 3 ints.
        padding: `'valid'` or `'same'`.
        data_format: `'channels_first'` or `'channels_last'`.
        dilation_rate: tuple of 3 ints.

    # Returns
        A tensor.
    """
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    x = _to_channels_last(x, data_format)
    x = tf.nn.convolution(input=x, filter=kernel, padding=padding,
                          strides=_as_tuple(strides, 3),
                          dilation_rate=_as_tuple(dilation_rate, 3),
                          data_format='NDHWC')
    return _to_channels_first(x, data_format)


def _transpose_output_shape(x, output_shape, data_format, rank):
    """Channels-last output shape (a tensor), batch size filled in."""
    if isinstance(output_shape, (list, tuple)):
        output_shape = list(output_shape)
        if data_format == 'channels_first':
            output_shape = [output_shape[0]] + output_shape[2:] + \
                [output_shape[1]]
        if output_shape[0] is None:
            output_shape[0] = tf.shape(x)[0]
        return tf.stack(output_shape)
    if data_format == 'channels_first':
        output_shape = tf.gather(output_shape,
                                 [0] + list(range(2, rank)) + [1])
    return output_shape


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1),
                     padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """2-D transposed convolution ("deconvolution").

    # Arguments
        x: 4-D input tensor.
        kernel: `(rows, cols, out_channels, in_channels)`.
        output_shape: the shape of the output (in `data_format` order; the
            batch entry may be `None`), tuple or 1-D int tensor.
        strides: tuple of 2 ints.
        padding: `'valid'` or `'same'`.
        data_format: `'channels_first'` or `'channels_last'`.
        dilation_rate: tuple of 2 equal ints.

    # Returns
        A tensor.
    """
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    x = _to_channels_last(x, data_format)
    out_shape = _transpose_output_shape(x, output_shape, data_format, 4)
    dilation_rate = _as_tuple(dilation_rate, 2)
    if dilation_rate == (1, 1):
        x = tf.nn.conv2d_transpose(x, kernel, out_shape,
                                   (1,) + _as_tuple(strides, 2) + (1,),
                                   padding=padding, data_format='NHWC')
    else:
        if dilation_rate[0] != dilation_rate[1]:
            raise ValueError('conv2d_transpose: dilation_rate must have '
                             'equal entries, got %r.' % (dilation_rate,))
        x = tf.nn.atrous_conv2d_transpose(x, kernel, out_shape,
                                          rate=dilation_rate[0],
                                          padding=padding)
    return _to_channels_first(x, data_format)


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1),
                     padding='valid', data_format=None):
    """3-D transposed convolution.

    # Arguments
        x: 5-D input tensor.
        kernel: `(depth, rows, cols, out_channels, in_channels)`.
        output_shape: the shape of the output (in `data_format` order).
        strides: tuple of 3 ints.
        padding: `'valid'` or `'same'`.
        data_format: `'channels_first'` or `'channels_last'`.

    # Returns
        A tensor.
    """
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    x = _to_channels_last(x, data_format)
    out_shape = _transpose_output_shape(x, output_shape, data_format, 5)
    x = tf.nn.conv3d_transpose(x, kernel, out_shape,
                               (1,) + _as_tuple(strides, 3) + (1,),
                               padding=padding, data_format='NDHWC')
    return _to_channels_first(x, data_format)


def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1,
                     padding='valid', data_format=None, dilation_rate=1):
    """1-D separable convolution (depthwise then pointwise).

    # Arguments
        x: 3-D input tensor.
        depthwise_kernel: `(width, in_channels, depth_multiplier)`.
        pointwise_kernel: `(1, in_channels * depth_multiplier, filters)`.
        strides: int.
        padding: `'valid'` or `'same'`.
        data_format: `'channels_first'` or `'channels_last'`.
        dilation_rate: int.

    # Returns
        A tensor.
    """
    data_format = normalize_data_format(data_format)
    stride = _as_tuple(strides, 1)[0]
    rate = _as_tuple(dilation_rate, 1)[0]
    padding = _preprocess_padding(padding)
    x = _to_channels_last(x, data_format)
    x = tf.expand_dims(x, 1)
    depthwise_kernel = tf.expand_dims(depthwise_kernel, 0)
    pointwise_kernel = tf.expand_dims(pointwise_kernel, 0)
    x = tf.nn.separable_conv2d(x, depthwise_kernel, pointwise_kernel,
                               strides=(1, stride, stride, 1),
                               padding=padding, rate=(1, rate),
                               data_format='NHWC')
    x = tf.squeeze(x, [1])
    return _to_channels_first(x, data_format)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1),
                     padding='valid', data_format=None, dilation_rate=(1, 1)):
    """2-D separable convolution (depthwise then pointwise).

    # Arguments
        x: 4-D input tensor.
        depthwise_kernel: `(rows, cols, in_channels, depth_multiplier)`.
        pointwise_kernel: `(1, 1, in_channels * depth_multiplier, filters)`.
        strides: tuple of 2 ints.
        padding: `'valid'` or `'same'`.
        data_format: `'channels_first'` or `'channels_last'`.
        dilation_rate: tuple of 2 ints.

    # Returns
        A tensor.
    """
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    x = _to_channels_last(x, data_format)
    x = tf.nn.separable_conv2d(x, depthwise_kernel, pointwise_kernel,
                               strides=(1,) + _as_tuple(strides, 2) + (1,),
                               padding=padding,
                               rate=_as_tuple(dilation_rate, 2),
                               data_format='NHWC')
    return _to_channels_first(x, data_format)


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid',
                     data_format=None, dilation_rate=(1, 1)):
    """2-D depthwise convolution.

    # Arguments
        x: 4-D input tensor.
        depthwise_kernel: `(rows, cols, in_channels, depth_multiplier)`.
        strides: tuple of 2 ints.
        padding: `'valid'` or `'same'`.
        data_format: `'channels_first'` or `'channels_last'`.
        dilation_rate: tuple of 2 ints.

    # Returns
        A tensor.
    """
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    x = _to_channels_last(x, data_format)
    x = tf.nn.depthwise_conv2d(x, depthwise_kernel,
                               strides=(1,) + _as_tuple(strides, 2) + (1,),
                               padding=padding,
                               rate=_as_tuple(dilation_rate, 2),
                               data_format='NHWC')
    return _to_channels_first(x, data_format)


def pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None,
           pool_mode='max'):
    """2-D pooling.

    # Arguments
        x: 4-D input tensor.
        pool_size: tuple of 2 ints.
        strides: tuple of 2 ints.
        padding: `'valid'` or `'same'`.
        data_format: `'channels_first'` or `'channels_last'`.
        pool_mode: `'max'` or `'avg'`.

    # Returns
        A tensor.

    # Raises
        ValueError: for an unknown `pool_mode` or padding.
    """
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 2)


def pool3d(x, pool_size, strides=(1, 1, 1), padding='valid',
           data_format=None, pool_mode='max'):
    """3-D pooling.

    # Arguments
        x: 5-D input tensor.
        pool_size: tuple of 3 ints.
        strides: tuple of 3 ints.
        padding: `'valid'` or `'same'`.
        data_format: `'channels_first'` or `'channels_last'`.
        pool_mode: `'max'` or `'avg'`.

    # Returns
        A tensor.

    # Raises
        ValueError: for an unknown `pool_mode` or padding.
    """
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 3)


def _pool(x, pool_size, strides, padding, data_format, pool_mode, rank):
    """`pool2d` (rank 2) and `pool3d` (rank 3): TF's CPU kernels pool
    channels-last tensors only, so channels-first input is transposed around
    the op."""
    data_format = normalize_data_format(data_format)
    padding = _preprocess_padding(padding)
    ksize = (1,) + _as_tuple(pool_size, rank) + (1,)
    strides = (1,) + _as_tuple(strides, rank) + (1,)
    ops = {2: (tf.nn.max_pool, tf.nn.avg_pool, 'NHWC'),
           3: (tf.nn.max_pool3d, tf.nn.avg_pool3d, 'NDHWC')}[rank]
    if pool_mode == 'max':
        op = ops[0]
    elif pool_mode == 'avg':
        op = ops[1]
    else:
        raise ValueError('Invalid pool_mode: ' + str(pool_mode) +
                         ' (expected "max" or "avg").')
    x = _to_channels_last(x, data_format)
    x = op(x, ksize, strides, padding=padding, data_format=ops[2])
    return _to_channels_first(x, data_format)


def bias_add(x, bias, data_format=None):
    """Adds a bias to a tensor, along its channels axis.

    # Arguments
        x: tensor (any rank; 3-5 axes follow `data_format`).
        bias: 1-D bias (one value per channel) or a bias with one entry per
            non-batch position (`ndim(x) - 1` axes).
        data_format: `'channels_first'` or `'channels_last'`.

    # Returns
        A tensor.

    # Raises
        ValueError: for a bias of another rank.
    """
    data_format = normalize_data_format(data_format)
    bias_shape = int_shape(bias)
    rank = ndim(x)
    if len(bias_shape) != 1 and len(bias_shape) != rank - 1:
        raise ValueError('Unexpected bias dimensions %d, expect to be 1 or '
                         '%d dimensions' % (len(bias_shape), rank - 1))
    if rank in (3, 4, 5):
        if len(bias_shape) == 1:
            if data_format == 'channels_first':
                return x + tf.reshape(bias, (1, bias_shape[0]) +
                                      (1,) * (rank - 2))
            return tf.nn.bias_add(x, bias)
        if data_format == 'channels_first':
            # Same layout as Keras 2.2.4: the bias is reshaped (not
            # transposed) with the channels entry first.
            return x + tf.reshape(bias, (1, bias_shape[-1]) +
                                  tuple(bias_shape[:-1]))
        return x + tf.reshape(bias, (1,) + tuple(bias_shape))
    return tf.nn.bias_add(x, bias)


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """1-D convolution with unshared weights.

    # Arguments
        inputs: 3-D tensor `(batch, steps, channels)` (or channels-first).
        kernel: `(output_length, kernel_size * channels, filters)`.
        kernel_size: tuple of 1 int.
        strides: tuple of 1 int.
        data_format: `'channels_first'` or `'channels_last'`.

    # Returns
        A tensor `(batch, output_length, filters)` (or channels-first).
    """
    data_format = normalize_data_format(data_format)
    inputs = _to_channels_last(inputs, data_format)
    stride = strides[0]
    kernel_shape = int_shape(kernel)
    output_length = kernel_shape[0]
    feature_dim = kernel_shape[1]
    patches = []
    for i in range(output_length):
        window = py_slice(i * stride, i * stride + kernel_size[0])
        patches.append(tf.reshape(inputs[:, window, :], (1, -1, feature_dim)))
    stacked = tf.concat(patches, axis=0)
    output = tf.matmul(stacked, kernel)
    output = tf.transpose(output, (1, 0, 2))
    return _to_channels_first(output, data_format)


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape,
                 data_format=None):
    """2-D convolution with unshared weights.

    # Arguments
        inputs: 4-D tensor.
        kernel: `(output_rows * output_cols, patch_size, filters)`; the
            patch is flattened in the order of the input's axes.
        kernel_size: tuple of 2 ints.
        strides: tuple of 2 ints.
        output_shape: tuple `(output_rows, output_cols)`.
        data_format: `'channels_first'` or `'channels_last'`.

    # Returns
        A 4-D tensor.
    """
    data_format = normalize_data_format(data_format)
    stride_row, stride_col = strides
    output_row, output_col = output_shape
    kernel_shape = int_shape(kernel)
    feature_dim = kernel_shape[1]
    filters = kernel_shape[2]
    patches = []
    for i in range(output_row):
        for j in range(output_col):
            rows = py_slice(i * stride_row, i * stride_row + kernel_size[0])
            cols = py_slice(j * stride_col, j * stride_col + kernel_size[1])
            if data_format == 'channels_first':
                patch = inputs[:, :, rows, cols]
            else:
                patch = inputs[:, rows, cols, :]
            patches.append(tf.reshape(patch, (1, -1, feature_dim)))
    stacked = tf.concat(patches, axis=0)
    output = tf.matmul(stacked, kernel)
    output = tf.reshape(output, (output_row, output_col, -1, filters))
    if data_format == 'channels_first':
        return tf.transpose(output, (2, 3, 0, 1))
    return tf.transpose(output, (2, 0, 1, 3))


# ---------------------------------------------------------------------------
# Random tensors
# ---------------------------------------------------------------------------

def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Tensor of normal random values.

    # Arguments
        shape: tuple of ints (or 1-D int tensor), the shape of the
            result.
        mean: float, the mean of the distribution.
        stddev: float, its standard deviation.
        dtype: string, the dtype of the result (default `floatx()`).
        seed: optional int; without one, a seed is drawn from NumPy's
            global generator.

    # Returns
        A tensor.
    """
    if dtype is None:
        dtype = floatx()
    return tf.random_normal(shape, mean=mean, stddev=stddev, dtype=dtype,
                            seed=_random_seed(seed))


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Tensor of uniform random values in `[minval, maxval)`.

    # Arguments
        shape: tuple of ints (or 1-D int tensor), the shape of the
            result.
        minval: float, the lower bound (included).
        maxval: float, the upper bound (excluded).
        dtype: string, the dtype of the result (default `floatx()`).
        seed: optional int; without one, a seed is drawn from NumPy's
            global generator.

    # Returns
        A tensor.
    """
    if dtype is None:
        dtype = floatx()
    return tf.random_uniform(shape, minval=minval, maxval=maxval,
                             dtype=dtype, seed=_random_seed(seed))


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """Tensor of 0/1 values, 1 with probability `p`.

    # Arguments
        shape: tuple of ints (or 1-D int tensor), the shape of the
            result.
        p: float, the probability of a 1.
        dtype: string, the dtype of the result (default `floatx()`).
        seed: optional int; without one, a seed is drawn from NumPy's
            global generator.

    # Returns
        A tensor.
    """
    if dtype is None:
        dtype = floatx()
    return tf.where(tf.random_uniform(shape, dtype=dtype,
                                      seed=_random_seed(seed)) <= p,
                    tf.ones(shape, dtype=dtype),
                    tf.zeros(shape, dtype=dtype))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Tensor of normal random values, redrawn beyond two stddevs.

    # Arguments
        shape: tuple of ints (or 1-D int tensor), the shape of the
            result.
        mean: float, the mean of the distribution.
        stddev: float, its standard deviation (before truncation).
        dtype: string, the dtype of the result (default `floatx()`).
        seed: optional int; without one, a seed is drawn from NumPy's
            global generator.

    # Returns
        A tensor.
    """
    if dtype is None:
        dtype = floatx()
    return tf.truncated_normal(shape, mean, stddev, dtype=dtype,
                               seed=_random_seed(seed))


# ---------------------------------------------------------------------------
# CTC
# ---------------------------------------------------------------------------

def ctc_label_dense_to_sparse(labels, label_lengths):
    """Converts dense padded labels to a sparse tensor.

    # Arguments
        labels: int tensor `(batch, max_label_length)`.
        label_lengths: int tensor `(batch,)`, the length of each label.

    # Returns
        A `SparseTensor` holding the first `label_lengths[i]` labels of
        each row.
    """
    label_shape = tf.shape(labels)
    mask = tf.sequence_mask(label_lengths, label_shape[1])
    indices = tf.where(mask)
    values = tf.gather_nd(labels, indices)
    return tf.SparseTensor(indices, values, tf.cast(label_shape, tf.int64))


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """CTC loss of each batch element.

    # Arguments
        y_true: `(samples, max_string_length)` tensor of labels.
        y_pred: `(samples, time_steps, num_categories)` softmax output
            (the last category is the blank).
        input_length: `(samples, 1)` tensor, length of each `y_pred`.
        label_length: `(samples, 1)` tensor, length of each `y_true`.

    # Returns
        A `(samples, 1)` tensor of losses.
    """
    label_length = tf.cast(tf.squeeze(label_length, axis=-1), tf.int32)
    input_length = tf.cast(tf.squeeze(input_length, axis=-1), tf.int32)
    sparse = ctc_label_dense_to_sparse(tf.cast(y_true, tf.int32),
                                       label_length)
    y_pred = tf.log(tf.transpose(y_pred, perm=[1, 0, 2]) + epsilon())
    return tf.expand_dims(tf.nn.ctc_loss(labels=sparse, inputs=y_pred,
                                         sequence_length=input_length), 1)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100,
               top_paths=1):
    """Decodes the output of a softmax with CTC.

    # Arguments
        y_pred: `(samples, time_steps, num_categories)` softmax output.
        input_length: `(samples,)` tensor, length of each sequence.
        greedy: bool, best path (True) or beam search.
        beam_width: int, beam width of the beam search.
        top_paths: int, number of paths returned by the beam search.

    # Returns
        A tuple: a list of `top_paths` dense int tensors `(samples,
        max_decoded_length)` padded with -1, and the log probabilities.
    """
    y_pred = tf.log(tf.transpose(y_pred, perm=[1, 0, 2]) + epsilon())
    input_length = tf.cast(input_length, tf.int32)
    if greedy:
        decoded, log_prob = tf.nn.ctc_greedy_decoder(
            inputs=y_pred, sequence_length=input_length)
    else:
        decoded, log_prob = tf.nn.ctc_beam_search_decoder(
            inputs=y_pred, sequence_length=input_length,
            beam_width=beam_width, top_paths=top_paths)
    decoded_dense = [tf.sparse_tensor_to_dense(st, default_value=-1)
                     for st in decoded]
    return decoded_dense, log_prob


# ---------------------------------------------------------------------------
# Higher-order functions
# ---------------------------------------------------------------------------

def map_fn(fn, elems, name=None, dtype=None):
    """Applies `fn` to each element of `elems` (along the first axis).

    # Arguments
        fn: callable taking one element of `elems` and returning a tensor.
        elems: tensor, whose first axis is iterated over.
        name: optional name of the op.
        dtype: dtype of what `fn` returns, when it differs from `elems`'s.

    # Returns
        A tensor stacking the results along a new first axis.
    """
    return tf.map_fn(fn, elems, name=name, dtype=dtype)


def foldl(fn, elems, initializer=None, name=None):
    """Reduces `elems` with `fn` from left to right.

    # Arguments
        fn: callable `(accumulator, element) -> new accumulator`.
        elems: tensor, whose first axis is iterated over.
        initializer: the first accumulator value; `None` uses `elems[0]`
            (and starts from `elems[1]`).
        name: optional name of the op.

    # Returns
        The final accumulator, a tensor of the type and shape of
        `initializer`.
    """
    return tf.foldl(fn, elems, initializer=initializer, name=name)


def foldr(fn, elems, initializer=None, name=None):
    """Reduces `elems` with `fn` from right to left.

    # Arguments
        fn: callable `(accumulator, element) -> new accumulator`.
        elems: tensor, whose first axis is iterated over, last element first.
        initializer: the first accumulator value; `None` uses `elems[-1]`
            (and starts from `elems[-2]`).
        name: optional name of the op.

    # Returns
        The final accumulator, a tensor of the type and shape of
        `initializer`.
    """
    return tf.foldr(fn, elems, initializer=initializer, name=name)
