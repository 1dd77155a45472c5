"""Metrics: functions of `(y_true, y_pred)` tensors reported during training
and evaluation. Any loss function can also be used as a metric."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from . import backend as K
from .losses import mean_squared_error
from .losses import mean_absolute_error
from .losses import mean_absolute_percentage_error
from .losses import mean_squared_logarithmic_error
from .losses import hinge
from .losses import logcosh
from .losses import squared_hinge
from .losses import categorical_crossentropy
from .losses import sparse_categorical_crossentropy
from .losses import binary_crossentropy
from .losses import kullback_leibler_divergence
from .losses import poisson
from .losses import cosine_proximity
from .utils.generic_utils import deserialize_keras_object
from .utils.generic_utils import serialize_keras_object


def _sparse_labels(y_true, y_pred):
    """Integer-valued float labels of shape `y_pred.shape[:-1]`.

    Sparse targets usually come with a trailing axis of size 1 (the same
    rank as `y_pred`); that axis is reduced away. Targets that already have
    one axis fewer than `y_pred` are used as they are.
    """
    true_ndim = K.ndim(y_true)
    pred_ndim = K.ndim(y_pred)
    if true_ndim is not None and pred_ndim is not None and \
            true_ndim == pred_ndim - 1:
        return y_true
    return K.max(y_true, axis=-1)


def binary_accuracy(y_true, y_pred):
    """Mean over the last axis of `y_true == round(y_pred)` (threshold 0.5).

    # Arguments
        y_true: binary targets.
        y_pred: predicted probabilities.

    # Returns
        Per-sample accuracy.
    """
    hits = K.cast(K.equal(y_true, K.round(y_pred)), K.floatx())
    return K.mean(hits, axis=-1)


def categorical_accuracy(y_true, y_pred):
    """1 where the arg-max of the prediction equals the arg-max of the
    one-hot target, else 0.

    # Arguments
        y_true: one-hot targets.
        y_pred: predicted scores.

    # Returns
        Per-sample accuracy.
    """
    return K.cast(K.equal(K.argmax(y_true, axis=-1),
                          K.argmax(y_pred, axis=-1)),
                  K.floatx())


def sparse_categorical_accuracy(y_true, y_pred):
    """1 where the arg-max of the prediction equals the integer target.

    # Arguments
        y_true: integer targets, of shape `(batch, 1)` or `(batch,)` (for
            predictions of shape `(batch, classes)`).
        y_pred: predicted scores.

    # Returns
        Per-sample accuracy.
    """
    labels = _sparse_labels(y_true, y_pred)
    predicted = K.cast(K.argmax(y_pred, axis=-1), K.floatx())
    return K.cast(K.equal(K.cast(labels, K.floatx()), predicted), K.floatx())


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """Fraction of the batch whose true class (one-hot `y_true`) is among
    the `k` highest predicted scores.

    # Arguments
        y_true: one-hot targets, shape `(batch, classes)`.
        y_pred: predicted scores, shape `(batch, classes)`.
        k: how many top scores count as a hit.

    # Returns
        The batch mean, a scalar tensor.
    """
    hits = K.in_top_k(y_pred, K.argmax(y_true, axis=-1), k)
    return K.mean(K.cast(hits, K.floatx()), axis=-1)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    """`top_k_categorical_accuracy` with integer targets.

    # Arguments
        y_true: integer targets, shape `(batch, 1)` or `(batch,)`.
        y_pred: predicted scores, shape `(batch, classes)`.
        k: how many top scores count as a hit.

    # Returns
        The batch mean, a scalar tensor.
    """
    labels = K.cast(_sparse_labels(y_true, y_pred), 'int32')
    hits = K.in_top_k(y_pred, labels, k)
    return K.mean(K.cast(hits, K.floatx()), axis=-1)


# Aliases.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
cosine = cosine_proximity


def serialize(metric):
    """Returns the serialized form of a metric (its name or a config).

    # Arguments
        metric: the metric function or object.

    # Returns
        A string or a dict.
    """
    return serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """Returns the metric registered under a name (or built from a config).

    # Arguments
        config: a name or a config dict.
        custom_objects: optional dict of user metrics by name.

    # Returns
        The metric.

    # Raises
        ValueError: if the name is unknown.
    """
    return deserialize_keras_object(
        config,
        module_objects=globals(),
        custom_objects=custom_objects,
        printable_module_name='metric function')


def get(identifier):
    """Resolves a metric argument to a metric function.

    # Arguments
        identifier: a name, a config dict or a callable.

    # Returns
        The metric.

    # Raises
        ValueError: if `identifier` is none of these.
    """
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize(str(identifier))
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret metric function identifier: %r' %
                     (identifier,))
