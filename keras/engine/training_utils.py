"""Helpers of the training engine: input checking and normalisation, sample
and class weights, metric collection, batching, the checks of the arguments
of fit/evaluate/predict, and the per-graph guard that makes the models of a
graph usable from several threads."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import contextlib
import copy
import functools
import numbers
import threading
import weakref

import numpy as np
import tensorflow.compat.v1 as tf

from .. import backend as K
from .. import losses
from ..utils.data_utils import Sequence
# Defined with `Sequence` in keras.utils.data_utils; importable from here too,
# where Keras 2.2.4's training loops took it from.
from ..utils.data_utils import iter_sequence_infinite  # noqa: F401


def _is_dataframe_like(x):
    return x.__class__.__name__ == 'DataFrame' and hasattr(x, 'values')


def _as_array(x):
    if _is_dataframe_like(x):
        return x.values
    return x


def is_symbolic(x):
    """Whether ``x`` is a framework tensor (NumPy arrays are answered
    without asking TensorFlow, whose check is slow enough to show in
    ``train_on_batch``).

    # Arguments
        x: any value.

    # Returns
        A bool.
    """
    return not isinstance(x, np.ndarray) and K.is_tensor(x)


def standardize_single_array(x):
    """A 1-D array becomes a column ``(n, 1)``; other values pass through.

    # Arguments
        x: None, a NumPy array or a symbolic tensor.

    # Returns
        ``x``, reshaped to ``(n, 1)`` when it is a 1-D array.

    # Raises
        ValueError: for a symbolic tensor whose batch size is unknown.
    """
    if x is None:
        return None
    if is_symbolic(x):
        shape = K.int_shape(x)
        if shape is None or shape[0] is None:
            raise ValueError('When feeding symbolic tensors to a model, their '
                             'batch size must be known; got a tensor of shape %s.'
                             % (shape,))
        return x
    if x.ndim == 1:
        return np.expand_dims(x, 1)
    return x


def standardize_input_data(data,
                           names,
                           shapes=None,
                           check_batch_axis=True,
                           exception_prefix=''):
    """Turns the user's data into a list of arrays, one per expected name,
    and checks their shapes.

    # Arguments
        data: a NumPy array, a list of arrays, a dict {name: array}, or None.
        names: the names the model expects (its inputs or outputs).
        shapes: optional expected shapes (``None`` entries and ``None``
            dimensions are not checked).
        check_batch_axis: whether to check the first (batch) dimension too.
        exception_prefix: 'input' or 'target', used in the error messages.

    # Returns
        A list of arrays, one per name.

    # Raises
        ValueError: when the data does not match the expected names or shapes.
    """
    if not names:
        if data is not None and hasattr(data, '__len__') and len(data):
            raise ValueError('Error when checking model %s: expected no data, '
                             'but got: %s' % (exception_prefix, _describe(data)))
        return []
    if data is None:
        return [None for _ in range(len(names))]

    if isinstance(data, dict):
        try:
            data = [_as_array(data[name]) for name in names]
        except KeyError as e:
            raise ValueError('No data provided for "%s". Need data for each '
                             'key in: %s' % (e.args[0], names))
    elif isinstance(data, list):
        if isinstance(data[0], list):
            data = [np.asarray(d) for d in data]
        elif len(names) == 1 and isinstance(data[0], (float, int)):
            data = [np.asarray(data)]
        else:
            data = [_as_array(d) for d in data]
    else:
        data = _as_array(data)
        data = [data]
    data = [standardize_single_array(x) for x in data]

    if len(data) != len(names):
        if data and hasattr(data[0], 'shape'):
            raise ValueError(
                'Error when checking model %s: the list of NumPy arrays that '
                'you are passing to your model is not the size the model '
                'expected. Expected to see %d array(s), but instead got the '
                'following list of %d arrays: %s...'
                % (exception_prefix, len(names), len(data), str(data)[:200]))
        elif len(names) > 1:
            raise ValueError(
                'Error when checking model %s: you are passing a list as input '
                'to your model, but the model expects a list of %d NumPy arrays '
                'instead. The list you passed was: %s'
                % (exception_prefix, len(names), str(data)[:200]))
        elif len(data) == 1 and not hasattr(data[0], 'shape'):
            raise TypeError('Error when checking model %s: data should be a '
                            'NumPy array, or list/dict of NumPy arrays. Found: '
                            '%s...' % (exception_prefix, str(data)[:200]))
        elif len(names) == 1:
            data = [np.asarray(data)]

    if shapes:
        for i in range(len(names)):
            if shapes[i] is None:
                continue
            array = data[i]
            if array is None:
                continue
            array_shape = K.int_shape(array) if is_symbolic(array) else array.shape
            if len(array_shape) != len(shapes[i]):
                raise ValueError(
                    'Error when checking %s: expected %s to have %d dimensions, '
                    'but got array with shape %s'
                    % (exception_prefix, names[i], len(shapes[i]),
                       str(tuple(array_shape))))
            expected = shapes[i]
            for axis, (dim, ref_dim) in enumerate(zip(array_shape, expected)):
                if not check_batch_axis and axis == 0:
                    continue
                if ref_dim is not None and dim is not None and ref_dim != dim:
                    raise ValueError(
                        'Error when checking %s: expected %s to have shape %s '
                        'but got array with shape %s'
                        % (exception_prefix, names[i], str(tuple(expected)),
                           str(tuple(array_shape))))
    return data


def _describe(data):
    if isinstance(data, (list, tuple)):
        return '[%s]' % ', '.join(_describe(d) for d in data)
    if hasattr(data, 'shape'):
        return 'array of shape %s' % (tuple(data.shape),)
    return repr(data)[:100]


def standardize_sample_or_class_weights(x_weight, output_names, weight_type):
    """Turns ``sample_weight`` or ``class_weight`` into a list with one entry
    per output.

    # Arguments
        x_weight: None, a single value (one-output models), a list, or a dict
            {output name: value}.
        output_names: the model's output names.
        weight_type: 'sample_weight' or 'class_weight' (for messages).

    # Returns
        A list with one entry (or None) per output.

    # Raises
        ValueError / TypeError: on a length mismatch or a wrong type.
    """
    if x_weight is None or (isinstance(x_weight, list) and len(x_weight) == 0):
        return [None for _ in output_names]
    if len(output_names) == 1:
        if isinstance(x_weight, list) and len(x_weight) == 1:
            return x_weight
        if isinstance(x_weight, dict) and output_names[0] in x_weight:
            return [x_weight[output_names[0]]]
        return [x_weight]
    if isinstance(x_weight, list):
        if len(x_weight) != len(output_names):
            raise ValueError('Provided `%s` was a list of %d elements, but the '
                             'model has %d outputs. You should provide one `%s` '
                             'array per model output.'
                             % (weight_type, len(x_weight), len(output_names),
                                weight_type))
        return x_weight
    if isinstance(x_weight, dict):
        unknown = [k for k in x_weight if k not in output_names]
        if unknown:
            raise ValueError('`%s` has keys %s that are not outputs of the model; '
                             'outputs: %s' % (weight_type, unknown, output_names))
        return [x_weight.get(name) for name in output_names]
    raise TypeError('The model has multiple outputs, so `%s` should be either a '
                    'list or a dict. Provided `%s` type not understood: %s'
                    % (weight_type, weight_type, str(x_weight)[:100]))


def standardize_class_weights(class_weight, output_names):
    """Turns ``class_weight`` into a list with one entry per output; see
    ``standardize_sample_or_class_weights``.

    # Arguments
        class_weight: None, a dict {class index: weight} (one-output models),
            a list of such dicts, or a dict {output name: dict}.
        output_names: the model's output names.

    # Returns
        A list with one entry (or None) per output.

    # Raises
        ValueError / TypeError: on a length mismatch or a wrong type.
    """
    return standardize_sample_or_class_weights(class_weight, output_names,
                                               'class_weight')


def standardize_sample_weights(sample_weight, output_names):
    """Turns ``sample_weight`` into a list with one entry per output; see
    ``standardize_sample_or_class_weights``.

    # Arguments
        sample_weight: None, an array (one-output models), a list of arrays,
            or a dict {output name: array}.
        output_names: the model's output names.

    # Returns
        A list with one entry (or None) per output.

    # Raises
        ValueError / TypeError: on a length mismatch or a wrong type.
    """
    return standardize_sample_or_class_weights(sample_weight, output_names,
                                               'sample_weight')


def check_array_length_consistency(inputs, targets, weights=None):
    """Checks that inputs, targets and sample weights have the same number of
    samples.

    Symbolic tensors and `None` entries are not counted.

    # Arguments
        inputs: list of input arrays (or None).
        targets: list of target arrays (or None).
        weights: optional list of sample weight arrays.

    # Raises
        ValueError: naming the mismatching lengths.
    """
    def set_of_lengths(x):
        if x is None:
            return set()
        return set(y.shape[0] for y in x
                   if y is not None and not is_symbolic(y))

    set_x = set_of_lengths(inputs)
    set_y = set_of_lengths(targets)
    set_w = set_of_lengths(weights)
    if len(set_x) > 1:
        raise ValueError('All input arrays (x) should have the same number of '
                         'samples. Got array shapes: %s'
                         % [x.shape for x in inputs])
    if len(set_y) > 1:
        raise ValueError('All target arrays (y) should have the same number of '
                         'samples. Got array shapes: %s'
                         % [y.shape for y in targets])
    if set_x and set_y and list(set_x)[0] != list(set_y)[0]:
        raise ValueError('Input arrays should have the same number of samples '
                         'as target arrays. Found %d input samples and %d '
                         'target samples.' % (list(set_x)[0], list(set_y)[0]))
    if len(set_w) > 1:
        raise ValueError('All sample_weight arrays should have the same number '
                         'of samples. Got array shapes: %s'
                         % [w.shape for w in weights if w is not None])
    if set_y and set_w and list(set_y)[0] != list(set_w)[0]:
        raise ValueError('Sample_weight arrays should have the same number of '
                         'samples as target arrays. Got %d target samples and '
                         '%d sample_weight samples.'
                         % (list(set_y)[0], list(set_w)[0]))


def check_loss_and_target_compatibility(targets, loss_fns, output_shapes):
    """Catches common loss/target mistakes (e.g. categorical_crossentropy
    with integer labels).

    # Arguments
        targets: list of target arrays, one per output (symbolic tensors and
            None are skipped).
        loss_fns: list of the loss functions of the outputs.
        output_shapes: list of the outputs' shapes (tuples, or None).

    # Raises
        ValueError: when a target is incompatible with its loss or shape.
    """
    key_losses = {losses.mean_squared_error,
                  losses.binary_crossentropy,
                  losses.categorical_crossentropy}
    for y, loss, shape in zip(targets, loss_fns, output_shapes):
        if y is None or loss is None or is_symbolic(y):
            continue
        if loss is losses.categorical_crossentropy:
            if y.shape[-1] == 1:
                raise ValueError(
                    'You are passing a target array of shape %s while using as '
                    'loss `categorical_crossentropy`. `categorical_crossentropy` '
                    'expects targets to be binary matrices (1s and 0s) of shape '
                    '(samples, classes). If your targets are integer classes, '
                    'you can convert them via `keras.utils.to_categorical`, or '
                    'use the loss `sparse_categorical_crossentropy` instead.'
                    % (str(y.shape),))
        if loss in key_losses and shape is not None:
            for target_dim, out_dim in zip(y.shape[1:], shape[1:]):
                if out_dim is not None and target_dim != out_dim:
                    raise ValueError(
                        'A target array with shape %s was passed for an output '
                        'of shape %s while using as loss `%s`. This loss expects '
                        'targets to have the same shape as the output.'
                        % (str(y.shape), str(shape), loss.__name__))


def collect_metrics(metrics, output_names):
    """Maps the ``metrics`` argument of ``compile`` to one list per output.

    # Arguments
        metrics: None, a list (applied to every output), or a dict
            {output name: metric or list of metrics}.
        output_names: the model's output names.

    # Returns
        A list (one per output) of lists of metrics.

    # Raises
        TypeError / ValueError: on a wrong type or an unknown output name.
    """
    if not metrics:
        return [[] for _ in output_names]
    if isinstance(metrics, list):
        return [copy.copy(metrics) for _ in output_names]
    if isinstance(metrics, dict):
        unknown = [k for k in metrics if k not in output_names]
        if unknown:
            raise ValueError('Unknown output name(s) %s in the `metrics` '
                             'dictionary; the model outputs are %s.'
                             % (unknown, output_names))
        nested = []
        for name in output_names:
            output_metrics = metrics.get(name, [])
            if not isinstance(output_metrics, list):
                output_metrics = [output_metrics]
            nested.append(output_metrics)
        return nested
    raise TypeError('Type of `metrics` argument not understood. Expected a list '
                    'or dictionary, found: ' + str(metrics))


def batch_shuffle(index_array, batch_size):
    """Shuffles an index array by whole batches (for HDF5 datasets, which
    must be read in order within a batch); the last, incomplete batch stays
    at the end, unshuffled.

    # Arguments
        index_array: 1-D array of sample indices.
        batch_size: the batch size.

    # Returns
        The shuffled index array.
    """
    batch_count = int(len(index_array) / batch_size)
    last_batch = index_array[batch_count * batch_size:]
    index_array = index_array[:batch_count * batch_size]
    index_array = index_array.reshape((batch_count, batch_size))
    np.random.shuffle(index_array)
    index_array = index_array.flatten()
    return np.append(index_array, last_batch)


def make_batches(size, batch_size):
    """The ``(start, end)`` index pairs of the batches covering ``size``
    samples (the last one may be shorter).

    # Arguments
        size: number of samples.
        batch_size: number of samples per batch.

    # Returns
        A list of ``(start, end)`` tuples.
    """
    num_batches = (size + batch_size - 1) // batch_size
    return [(i * batch_size, min(size, (i + 1) * batch_size))
            for i in range(num_batches)]


def weighted_masked_objective(fn):
    """Wraps a loss or metric ``fn(y_true, y_pred)`` into
    ``f(y_true, y_pred, weights, mask=None)`` that applies a mask and sample
    weights and reduces to a scalar.

    With a mask, the per-sample scores are multiplied by it and divided by
    its mean. With weights, the scores are averaged over the dimensions that
    the weights do not have, multiplied by the weights, and divided by the
    fraction of non-zero weights; the result is the mean.

    # Arguments
        fn: the loss or metric function, or None.

    # Returns
        The wrapped function (named as ``fn``), or None when ``fn`` is None.
    """
    if fn is None:
        return None

    def weighted(y_true, y_pred, weights, mask=None):
        score_array = fn(y_true, y_pred)
        if mask is not None:
            mask = K.cast(mask, K.floatx())
            score_array *= mask
            score_array /= K.mean(mask)
        if weights is not None:
            ndim = K.ndim(score_array)
            weight_ndim = K.ndim(weights)
            if weight_ndim < ndim:
                # (A mean over no axis is the identity: no op for it.)
                score_array = K.mean(score_array,
                                     axis=list(range(weight_ndim, ndim)))
            score_array *= weights
            score_array /= K.mean(K.cast(K.not_equal(weights, 0), K.floatx()))
        return K.mean(score_array)

    # Keep the wrapped function's name for metric names and debugging.
    weighted.__name__ = getattr(fn, '__name__', 'weighted')
    return weighted


def standardize_weights(y, sample_weight=None, class_weight=None,
                        sample_weight_mode=None):
    """The per-sample weight array of one output, from ``sample_weight`` and
    ``class_weight``.

    # Arguments
        y: the target array of the output.
        sample_weight: None, or an array of shape ``(samples,)``
            (``(samples, timesteps)`` in temporal mode).
        class_weight: None or a dict {class index: weight}; the class of a
            sample is its argmax (or the value for one column targets).
        sample_weight_mode: None or 'temporal'.

    # Returns
        A float array of weights (ones when neither is given).

    # Raises
        ValueError: on shapes that do not fit, or if both weights are given
            in temporal mode with class weights, or a class has no weight.
    """
    if sample_weight_mode is not None:
        if sample_weight_mode != 'temporal':
            raise ValueError('"sample_weight_mode" should be None or "temporal". '
                             'Found: ' + str(sample_weight_mode))
        if len(y.shape) < 3:
            raise ValueError('Found a sample_weight array for an input with shape '
                             '%s. Timestep-wise sample weighting (use of '
                             'sample_weight_mode="temporal") is restricted to '
                             'outputs that are at least 3D, i.e. that have a '
                             'time dimension.' % (str(y.shape),))
        if sample_weight is not None and len(sample_weight.shape) != 2:
            raise ValueError('Found a sample_weight array with shape %s. In order '
                             'to use timestep-wise sample weighting, you should '
                             'pass a 2D sample_weight array.'
                             % (str(sample_weight.shape),))
    else:
        if sample_weight is not None and len(sample_weight.shape) != 1:
            raise ValueError('Found a sample_weight array with shape %s. In order '
                             'to use timestep-wise sample weights, you should '
                             'specify sample_weight_mode="temporal" in compile(). '
                             'If you just mean to use sample-wise weights, make '
                             'sure your sample_weight array is 1D.'
                             % (str(sample_weight.shape),))

    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
        if len(sample_weight.shape) > len(y.shape):
            raise ValueError('Found a sample_weight with shape %s. Expected '
                             'sample_weight with rank less than or equal to %d'
                             % (str(sample_weight.shape), len(y.shape)))
        if y.shape[:sample_weight.ndim] != sample_weight.shape:
            raise ValueError('Found a sample_weight array with shape %s for an '
                             'input with shape %s. sample_weight cannot be '
                             'broadcast.' % (str(sample_weight.shape),
                                             str(y.shape)))
        return sample_weight
    if isinstance(class_weight, dict):
        if len(y.shape) > 2:
            raise ValueError('`class_weight` not supported for 3+ dimensional '
                             'targets.')
        if y.shape[1] > 1:
            y_classes = np.argmax(y, axis=1)
        elif y.shape[1] == 1:
            y_classes = np.reshape(y, y.shape[0])
        else:
            y_classes = y
        missing = set(np.unique(y_classes).tolist()) - set(class_weight)
        if missing:
            raise ValueError('`class_weight` must contain all classes in the '
                             'data. The classes %s exist in the data but not in '
                             '`class_weight`.' % sorted(missing))
        return np.asarray([class_weight[cls] for cls in y_classes.tolist()],
                          dtype=K.floatx())
    if sample_weight_mode is None:
        return np.ones((y.shape[0],), dtype=K.floatx())
    return np.ones((y.shape[0], y.shape[1]), dtype=K.floatx())


def check_num_samples(ins, batch_size=None, steps=None, steps_name='steps'):
    """The number of samples in ``ins``, or None when ``steps`` is given.

    # Arguments
        ins: list of the arrays (or tensors) fed to a function.
        batch_size: the batch size the user gave, or None.
        steps: the number of steps the user gave, or None.
        steps_name: name of the user's steps argument, for error messages.

    # Returns
        The length of the first array of ``ins``, or None (steps given, or
        arrays without a length).

    # Raises
        ValueError: when neither arrays with a length nor ``steps`` are
            given, or when both ``steps`` and ``batch_size`` are.
    """
    if steps is not None and batch_size is not None:
        raise ValueError('If ' + steps_name + ' is set, the `batch_size` must '
                         'be None.')
    if not ins or any(is_symbolic(x) for x in ins):
        if steps is None:
            raise ValueError('If your data is in the form of symbolic tensors, '
                             'you should specify the `' + steps_name + '` '
                             'argument (instead of the `batch_size` argument, '
                             'because symbolic tensors are expected to produce '
                             'batches of input data).')
        return None
    if steps is not None:
        return None
    if hasattr(ins[0], 'shape'):
        return int(ins[0].shape[0])
    return None


def is_sequence(seq):
    """Whether ``seq`` is a ``keras.utils.Sequence`` (or quacks like one:
    has a true ``use_sequence_api`` attribute).

    # Arguments
        seq: any object.

    # Returns
        A bool.
    """
    return (getattr(seq, 'use_sequence_api', False) or
            isinstance(seq, Sequence))


# ---------------------------------------------------------------------------
# Argument checks shared by fit/evaluate/predict and the generator methods
# ---------------------------------------------------------------------------

def check_integer_argument(value, name, minimum, method, accepts_none=False):
    """Checks that an argument is an integer (Python or NumPy, not bool)
    of at least ``minimum``.

    # Arguments
        value: the value passed by the user.
        name: the argument's name, e.g. ``'batch_size'``.
        minimum: the smallest accepted value.
        method: the method the user called, e.g. ``'fit'``.
        accepts_none: whether None is accepted too (then it passes).

    # Raises
        TypeError: when ``value`` is not an integer.
        ValueError: when it is smaller than ``minimum``.
    """
    if value is None and accepts_none:
        return
    message = ('`%s(%s=...)` takes an integer >= %d%s; got %r.'
               % (method, name, minimum, ' or None' if accepts_none else '',
                  value))
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, numbers.Integral):
        raise TypeError(message)
    if value < minimum:
        raise ValueError(message)


def check_validation_split(validation_split, method='fit'):
    """Checks ``validation_split``: a number in [0, 1).

    # Arguments
        validation_split: the value passed by the user.
        method: the method the user called.

    # Raises
        TypeError: when it is not a real number.
        ValueError: when it is outside [0, 1) (1 would leave no sample to
            train on).
    """
    message = ('`%s(validation_split=...)` takes a number in [0, 1), the '
               'fraction of the samples held out for validation; got %r.'
               % (method, validation_split))
    if isinstance(validation_split, (bool, np.bool_)) or not isinstance(
            validation_split, numbers.Real):
        raise TypeError(message)
    if not 0. <= validation_split < 1.:
        raise ValueError(message)


def check_has_samples(arrays, argument, method):
    """Checks that data given as arrays holds at least one sample.

    # Arguments
        arrays: the standardized list of arrays (symbolic tensors and
            ``None`` entries are skipped).
        argument: the name of the user's argument, e.g. ``'x'``.
        method: the method the user called.

    # Raises
        ValueError: when the arrays hold 0 samples.
    """
    for array in arrays:
        if array is None or is_symbolic(array) or not hasattr(array, 'shape'):
            continue
        if int(array.shape[0]) == 0:
            raise ValueError('`%s` received 0 samples in `%s` (an array of '
                             'shape %s); it needs at least one sample.'
                             % (method, argument, tuple(array.shape)))
        return


# ---------------------------------------------------------------------------
# Thread safety: one guard per graph
# ---------------------------------------------------------------------------

class GraphGuard(object):
    """Orders the graph work of the training engine on one TensorFlow graph
    when several threads use models of that graph.

    Building (compile, the train/test/predict functions, the initialisation
    of their new variables) is writing; running a built function is reading.
    Readers run together; a writer waits for the running functions to end and
    new readers wait for the writer (a waiting writer goes first). The thread
    that writes may write again and read; a thread that reads must not start
    writing (it would wait for itself), which the engine never does: the
    loops read around each function call only.
    """

    def __init__(self):
        self._condition = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = None
        self._writer_depth = 0
        self._writers_waiting = 0
        self._local = threading.local()

    def read(self, function, inputs):
        """Runs ``function(inputs)`` as a reader and returns its result.

        Waits while a thread builds in the graph (or waits to); nested reads
        and reads by the writing thread itself run at once.

        # Arguments
            function: a callable (a backend function).
            inputs: its argument.

        # Returns
            What ``function(inputs)`` returns.
        """
        local = self._local
        depth = getattr(local, 'depth', 0)
        me = threading.current_thread()
        if depth or self._writer is me:
            return function(inputs)
        with self._condition:
            while self._writer is not None or self._writers_waiting:
                self._condition.wait()
            self._readers += 1
        local.depth = 1
        try:
            return function(inputs)
        finally:
            local.depth = 0
            with self._condition:
                self._readers -= 1
                if not self._readers:
                    self._condition.notify_all()

    @contextlib.contextmanager
    def writing(self):
        """Context in which this thread alone builds in the graph.

        # Raises
            RuntimeError: when the thread is running a function (reading).
        """
        me = threading.current_thread()
        if getattr(self._local, 'depth', 0):
            raise RuntimeError('A model function tried to build in the graph '
                               'while it was running.')
        with self._condition:
            if self._writer is me:
                self._writer_depth += 1
            else:
                self._writers_waiting += 1
                while self._writer is not None or self._readers:
                    self._condition.wait()
                self._writers_waiting -= 1
                self._writer = me
                self._writer_depth = 1
        try:
            yield
        finally:
            with self._condition:
                self._writer_depth -= 1
                if not self._writer_depth:
                    self._writer = None
                    self._condition.notify_all()


_GRAPH_GUARDS = weakref.WeakKeyDictionary()
_GRAPH_GUARDS_LOCK = threading.Lock()


def graph_guard(graph):
    """The ``GraphGuard`` of a TensorFlow graph (one per graph).

    When the guard is created, the graph's device, colocation and
    control-dependency stacks become per thread
    (``Graph.switch_to_thread_local``), so that a ``with`` block of one
    thread does not leak into the ops another thread creates.

    # Arguments
        graph: a ``tf.Graph``.

    # Returns
        Its ``GraphGuard``.
    """
    guard = _GRAPH_GUARDS.get(graph)
    if guard is None:
        with _GRAPH_GUARDS_LOCK:
            guard = _GRAPH_GUARDS.get(graph)
            if guard is None:
                graph.switch_to_thread_local()
                guard = GraphGuard()
                _GRAPH_GUARDS[graph] = guard
    return guard


def graph_of(model):
    """The graph a model lives in: that of its outputs (or inputs), else
    (a subclassed model not built yet) the current default graph.

    # Arguments
        model: a ``Model``.

    # Returns
        A ``tf.Graph``.
    """
    tensors = getattr(model, 'outputs', None) or getattr(model, 'inputs', None)
    if tensors:
        return tensors[0].graph
    return tf.get_default_graph()


@contextlib.contextmanager
def model_scope(model):
    """Context of a call of a model's public method, in any thread: the
    model's graph is the default graph and the backend session
    (``K.get_session()``, fetched as the graph's only writer, so that two
    threads never create or initialise it together) the default session.

    # Arguments
        model: the ``Model``.
    """
    graph = graph_of(model)
    guard = graph_guard(graph)
    with _as_default(graph):
        with guard.writing():
            session = K.get_session()
        if tf.get_default_session() is session:
            yield
        else:
            with session.as_default():
                yield


def _as_default(graph):
    """``graph.as_default()``, or nothing when it is the default already."""
    if tf.get_default_graph() is graph:
        return contextlib.nullcontext()
    return graph.as_default()


def builds_in_graph(method):
    """Decorates a ``Model`` method that builds in the model's graph
    (``compile``, ``_set_inputs``, the ``_make_*_function`` methods): it runs
    in the model's graph as the graph's only writer, and the variables it
    created are initialised (``K.get_session()``) before other threads run
    functions again.

    # Arguments
        method: the method, called as ``method(model, *args, **kwargs)``.

    # Returns
        The wrapped method.
    """
    @functools.wraps(method)
    def wrapper(model, *args, **kwargs):
        graph = graph_of(model)
        with _as_default(graph):
            with graph_guard(graph).writing():
                result = method(model, *args, **kwargs)
                K.get_session()
        return result
    return wrapper


def in_model_scope(method):
    """Decorates a public ``Model`` method so that it runs in
    ``model_scope``.

    # Arguments
        method: the method, called as ``method(model, *args, **kwargs)``.

    # Returns
        The wrapped method.
    """
    @functools.wraps(method)
    def wrapper(model, *args, **kwargs):
        with model_scope(model):
            return method(model, *args, **kwargs)
    return wrapper


def run_function(model, function, inputs):
    """Runs one of the model's functions (``function(inputs)``) as a
    reader of the model's graph: while no thread builds in it.

    # Arguments
        model: the ``Model`` the function belongs to.
        function: a backend function (``K.function``).
        inputs: the list of values to feed it.

    # Returns
        What ``function(inputs)`` returns.
    """
    return graph_guard(graph_of(model)).read(function, inputs)


def group_new_updates(updates, known_ops):
    """Groups the update ops that are new since ``known_ops`` into one op.

    A backend function fetches each of its update ops, and every fetch
    costs Python time in TensorFlow's session code at each step (an
    optimizer makes one update op per weight). Grouping ops that a session
    has already run would change them (TensorFlow warns), so only new ones
    are grouped; the others, and ``(variable, value)`` pairs, stay as they
    are.

    # Arguments
        updates: list of update ops, tensors or ``(variable, value)`` pairs.
        known_ops: set of the graph's operations before they were made.

    # Returns
        The list of updates: the group of the new ones first (when there are
        two or more), then the others in their order.
    """
    new, others = [], []
    for update in updates:
        op = update if isinstance(update, tf.Operation) else getattr(update, 'op', None)
        if isinstance(update, tuple) or op is None or op in known_ops:
            others.append(update)
        else:
            new.append(op)
    if len(new) < 2:
        return list(updates)
    with new[0].graph.as_default():
        return [tf.group(*new)] + others


# The integer arguments of the loops: (smallest accepted value, whether
# None is accepted).
_LOOP_ARGUMENTS = {'batch_size': (1, True), 'epochs': (0, False),
                   'initial_epoch': (0, False), 'steps': (1, True),
                   'steps_per_epoch': (1, True)}


def check_loop_arguments(method, **arguments):
    """Checks the integer arguments of a training, evaluation or
    prediction method: ``batch_size``, ``steps`` and ``steps_per_epoch``
    (None or >= 1), ``epochs`` and ``initial_epoch`` (>= 0).

    # Arguments
        method: the method the user called, e.g. ``'fit'``.
        **arguments: the arguments to check, by name.

    # Raises
        TypeError: for a value that is not an integer.
        ValueError: for a value below the minimum.
    """
    for name in sorted(arguments):
        minimum, accepts_none = _LOOP_ARGUMENTS[name]
        check_integer_argument(arguments[name], name, minimum, method,
                               accepts_none=accepts_none)
