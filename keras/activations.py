"""Activation functions, usable by name (`activation='relu'`) or directly."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import warnings

from . import backend as K
from .engine.base_layer import Layer
from .utils.generic_utils import deserialize_keras_object


def softmax(x, axis=-1):
    """Softmax activation: `exp(x) / sum(exp(x))` along an axis.

    # Arguments
        x: input tensor of rank >= 2.
        axis: the axis along which the normalization is done.

    # Returns
        A tensor of the same shape, whose entries along `axis` are positive
        and sum to 1.

    # Raises
        ValueError: if `x` is a 1D tensor.
    """
    ndim = K.ndim(x)
    if ndim is not None and ndim < 2:
        raise ValueError('Cannot apply softmax to a tensor that is 1D '
                         '(softmax needs a batch axis and an axis to '
                         'normalize). Received input: %s' % (x,))
    if ndim == 2 and axis in (-1, 1):
        return K.softmax(x)
    # Subtracting the maximum keeps `exp` from overflowing.
    e = K.exp(x - K.max(x, axis=axis, keepdims=True))
    return e / K.sum(e, axis=axis, keepdims=True)


def elu(x, alpha=1.0):
    """Exponential linear unit: `x` if `x > 0` else `alpha * (exp(x) - 1)`.

    # Arguments
        x: input tensor.
        alpha: scale of the negative part.

    # Returns
        A tensor of the same shape.
    """
    return K.elu(x, alpha)


# The constants of the self-normalizing ELU (Klambauer et al., 2017).
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(x):
    """Scaled exponential linear unit: `scale * elu(x, alpha)` with the
    constants of Klambauer et al. (2017), `alpha ~ 1.6733`, `scale ~ 1.0507`.

    # Arguments
        x: input tensor.

    # Returns
        A tensor of the same shape.
    """
    return _SELU_SCALE * K.elu(x, _SELU_ALPHA)


def softplus(x):
    """Softplus activation: `log(exp(x) + 1)`.

    # Arguments
        x: input tensor.

    # Returns
        A tensor of the same shape.
    """
    return K.softplus(x)


def softsign(x):
    """Softsign activation: `x / (abs(x) + 1)`.

    # Arguments
        x: input tensor.

    # Returns
        A tensor of the same shape.
    """
    return K.softsign(x)


def relu(x, alpha=0., max_value=None, threshold=0.):
    """Rectified linear unit.

    With the defaults it returns `max(x, 0)`. Otherwise: `max_value` for
    `x >= max_value`, `x` for `threshold <= x < max_value` and
    `alpha * (x - threshold)` below the threshold.

    # Arguments
        x: input tensor.
        alpha: slope of the part below the threshold.
        max_value: saturation value (`None`: no saturation).
        threshold: the threshold value.

    # Returns
        A tensor of the same shape.
    """
    return K.relu(x, alpha=alpha, max_value=max_value, threshold=threshold)


def tanh(x):
    """Hyperbolic tangent activation.

    # Arguments
        x: input tensor.

    # Returns
        A tensor of the same shape.
    """
    return K.tanh(x)


def sigmoid(x):
    """Sigmoid activation: `1 / (1 + exp(-x))`.

    # Arguments
        x: input tensor.

    # Returns
        A tensor of the same shape.
    """
    return K.sigmoid(x)


def hard_sigmoid(x):
    """Piecewise-linear approximation of the sigmoid:
    `0` below `-2.5`, `1` above `2.5`, `0.2 * x + 0.5` in between.

    # Arguments
        x: input tensor.

    # Returns
        A tensor of the same shape.
    """
    return K.hard_sigmoid(x)


def exponential(x):
    """Exponential activation: `exp(x)`.

    # Arguments
        x: input tensor.

    # Returns
        A tensor of the same shape.
    """
    return K.exp(x)


def linear(x):
    """Linear (identity) activation.

    # Arguments
        x: input tensor.

    # Returns
        `x`, unchanged.
    """
    return x


def serialize(activation):
    """Returns the name of an activation function.

    # Arguments
        activation: the function.

    # Returns
        Its `__name__`.
    """
    return activation.__name__


def deserialize(name, custom_objects=None):
    """Returns the activation function registered under `name`.

    # Arguments
        name: the function's name.
        custom_objects: optional dict of user functions by name.

    # Returns
        The function.

    # Raises
        ValueError: if the name is unknown.
    """
    return deserialize_keras_object(
        name,
        module_objects=globals(),
        custom_objects=custom_objects,
        printable_module_name='activation function')


def get(identifier):
    """Resolves an activation argument to a function.

    # Arguments
        identifier: `None` (the linear activation), a function name or a
            callable.

    # Returns
        The activation function.

    # Raises
        ValueError: if `identifier` is none of these.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        return deserialize(str(identifier))
    if callable(identifier):
        is_layer_class = (isinstance(identifier, type) and
                          issubclass(identifier, Layer))
        if isinstance(identifier, Layer) or is_layer_class:
            name = (identifier.__name__ if is_layer_class
                    else identifier.__class__.__name__)
            warnings.warn(
                'Do not pass a layer (such as {name}) as the activation '
                'argument of another layer. Advanced activation layers '
                'should be used like any other layer in a model.'.format(
                    name=name))
        return identifier
    raise ValueError('Could not interpret activation function identifier: '
                     '%r' % (identifier,))
