"""Loss functions. Each takes `(y_true, y_pred)` tensors and returns the
per-sample loss (the last axis is reduced)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from . import backend as K
from .utils.generic_utils import deserialize_keras_object
from .utils.generic_utils import serialize_keras_object


def mean_squared_error(y_true, y_pred):
    """Mean of the squared differences over the last axis.

    # Arguments
        y_true: tensor of targets, same shape as `y_pred`.
        y_pred: tensor of predictions.

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    return K.mean(K.square(y_pred - y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """Mean of the absolute differences over the last axis.

    # Arguments
        y_true: tensor of targets, same shape as `y_pred`.
        y_pred: tensor of predictions.

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    return K.mean(K.abs(y_pred - y_true), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """`100 * mean(|y_true - y_pred| / |y_true|)` over the last axis, with
    `|y_true|` clipped from below at `K.epsilon()`.

    # Arguments
        y_true: tensor of targets, same shape as `y_pred`.
        y_pred: tensor of predictions.

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    relative = K.abs((y_true - y_pred) /
                     K.clip(K.abs(y_true), K.epsilon(), None))
    return 100. * K.mean(relative, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """Mean squared difference of `log(1 + y)` over the last axis; both
    inputs are clipped from below at `K.epsilon()`.

    # Arguments
        y_true: tensor of targets, same shape as `y_pred`.
        y_pred: tensor of predictions.

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    log_pred = K.log(K.clip(y_pred, K.epsilon(), None) + 1.)
    log_true = K.log(K.clip(y_true, K.epsilon(), None) + 1.)
    return K.mean(K.square(log_pred - log_true), axis=-1)


def squared_hinge(y_true, y_pred):
    """Mean of `max(1 - y_true * y_pred, 0) ** 2` over the last axis.

    # Arguments
        y_true: tensor of targets, -1 or 1 (0/1 targets are not
            converted).
        y_pred: tensor of scores, same shape.

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    return K.mean(K.square(K.maximum(1. - y_true * y_pred, 0.)), axis=-1)


def hinge(y_true, y_pred):
    """Mean of `max(1 - y_true * y_pred, 0)` over the last axis.

    # Arguments
        y_true: tensor of targets, -1 or 1 (0/1 targets are not
            converted).
        y_pred: tensor of scores, same shape.

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    return K.mean(K.maximum(1. - y_true * y_pred, 0.), axis=-1)


def categorical_hinge(y_true, y_pred):
    """Multi-class hinge: `max(0, max_wrong - correct + 1)`, where `correct`
    is the score of the true class (one-hot `y_true`) and `max_wrong` the
    largest score among the other classes.

    # Arguments
        y_true: one-hot targets, shape `(..., classes)`.
        y_pred: class scores, same shape.

    # Returns
        Tensor of the per-sample losses (the class axis reduced).
    """
    correct = K.sum(y_true * y_pred, axis=-1)
    max_wrong = K.max((1. - y_true) * y_pred, axis=-1)
    return K.maximum(0., max_wrong - correct + 1.)


def logcosh(y_true, y_pred):
    """Mean of `log(cosh(y_pred - y_true))` over the last axis.

    Computed as `x + softplus(-2x) - log(2)`, which does not overflow for
    large errors. It behaves like `x ** 2 / 2` for small errors and like
    `|x| - log(2)` for large ones.

    # Arguments
        y_true: tensor of targets, same shape as `y_pred`.
        y_pred: tensor of predictions.

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    def _logcosh(x):
        return x + K.softplus(-2. * x) - K.log(2.)
    return K.mean(_logcosh(y_pred - y_true), axis=-1)


def categorical_crossentropy(y_true, y_pred):
    """Crossentropy between one-hot targets and predicted probabilities
    (the predictions are rescaled to sum to 1 and clipped to
    `[epsilon, 1 - epsilon]`); see `K.categorical_crossentropy`.

    # Arguments
        y_true: one-hot targets, shape `(..., classes)`.
        y_pred: predicted class probabilities (a softmax output), same
            shape.

    # Returns
        Tensor of the per-sample losses (the class axis reduced).
    """
    return K.categorical_crossentropy(y_true, y_pred)


def sparse_categorical_crossentropy(y_true, y_pred):
    """Categorical crossentropy with integer targets; see
    `K.sparse_categorical_crossentropy`.

    # Arguments
        y_true: integer class indices, shape `y_pred`'s without the
            class axis (or with a last axis of size 1).
        y_pred: predicted class probabilities, shape `(..., classes)`.

    # Returns
        Tensor of the per-sample losses (the class axis reduced).
    """
    return K.sparse_categorical_crossentropy(y_true, y_pred)


def binary_crossentropy(y_true, y_pred):
    """Mean binary crossentropy over the last axis (predictions are
    probabilities, clipped to `[epsilon, 1 - epsilon]`).

    # Arguments
        y_true: tensor of targets in [0, 1], same shape as `y_pred`.
        y_pred: tensor of predicted probabilities (a sigmoid output).

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    return K.mean(K.binary_crossentropy(y_true, y_pred), axis=-1)


def kullback_leibler_divergence(y_true, y_pred):
    """`sum(y_true * log(y_true / y_pred))` over the last axis, both inputs
    clipped to `[epsilon, 1]`.

    # Arguments
        y_true: target distributions (last axis), same shape as
            `y_pred`.
        y_pred: predicted distributions.

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    y_true = K.clip(y_true, K.epsilon(), 1)
    y_pred = K.clip(y_pred, K.epsilon(), 1)
    return K.sum(y_true * K.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    """Mean of `y_pred - y_true * log(y_pred + epsilon)` over the last
    axis.

    # Arguments
        y_true: tensor of observed counts, same shape as `y_pred`.
        y_pred: tensor of predicted rates (positive).

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    return K.mean(y_pred - y_true * K.log(y_pred + K.epsilon()), axis=-1)


def cosine_proximity(y_true, y_pred):
    """Negative cosine similarity over the last axis (-1 for vectors
    pointing the same way, so that minimizing it aligns them).

    # Arguments
        y_true: tensor of target vectors (last axis), same shape as
            `y_pred`.
        y_pred: tensor of predicted vectors.

    # Returns
        Tensor of the per-sample losses (the last axis reduced).
    """
    y_true = K.l2_normalize(y_true, axis=-1)
    y_pred = K.l2_normalize(y_pred, axis=-1)
    return -K.sum(y_true * y_pred, axis=-1)


# Aliases.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence
cosine = cosine_proximity


def serialize(loss):
    """Returns the serialized form of a loss (its name, or a config dict).

    # Arguments
        loss: the loss function or object.

    # Returns
        A string or a dict.
    """
    return serialize_keras_object(loss)


def deserialize(name, custom_objects=None):
    """Returns the loss function registered under `name`.

    # Arguments
        name: a name, or a config dict for a loss object.
        custom_objects: optional dict of user losses by name.

    # Returns
        The loss function.

    # Raises
        ValueError: if the name is unknown.
    """
    return deserialize_keras_object(
        name,
        module_objects=globals(),
        custom_objects=custom_objects,
        printable_module_name='loss function')


def get(identifier):
    """Resolves a loss argument to a loss function.

    # Arguments
        identifier: `None`, a name, a config dict or a callable.

    # Returns
        The loss function (or `None`).

    # Raises
        ValueError: if `identifier` is none of these.
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        return deserialize(str(identifier))
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret loss function identifier: %r' %
                     (identifier,))
