"""Weight constraints: functions applied to a weight after each optimizer
update (projections onto a set of allowed values)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from . import backend as K
from .utils.generic_utils import deserialize_keras_object
from .utils.generic_utils import serialize_keras_object


class Constraint(object):
    """Base class of the constraints: `constraint(w)` returns the
    projected weight tensor."""

    def __call__(self, w):
        return w

    def get_config(self):
        """Returns the constructor arguments, as a dict."""
        return {}


def _norms(w, axis):
    return K.sqrt(K.sum(K.square(w), axis=axis, keepdims=True))


class MaxNorm(Constraint):
    """Rescales the weight vectors whose L2 norm exceeds `max_value`.

    # Arguments
        max_value: the maximum norm.
        axis: the axis (or list of axes) along which norms are computed.
            For a `Dense` kernel `(input_dim, output_dim)`, `axis=0`
            constrains each output unit's weight vector; for a `Conv2D`
            kernel `(rows, cols, input_depth, output_depth)` in
            `channels_last` format, use `axis=[0, 1, 2]`.
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        norms = _norms(w, self.axis)
        desired = K.clip(norms, 0, self.max_value)
        return w * (desired / (K.epsilon() + norms))

    def get_config(self):
        return {'max_value': self.max_value, 'axis': self.axis}


class NonNeg(Constraint):
    """Sets the negative entries of the weight to 0."""

    def __call__(self, w):
        return w * K.cast(K.greater_equal(w, 0.), K.floatx())


class UnitNorm(Constraint):
    """Rescales the weight vectors to unit L2 norm.

    # Arguments
        axis: the axis (or list of axes) along which norms are computed
            (see `MaxNorm`).
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        return w / (K.epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {'axis': self.axis}


class MinMaxNorm(Constraint):
    """Moves the L2 norms of the weight vectors towards
    `[min_value, max_value]`.

    The new norm is `rate * clip(norm, min_value, max_value) +
    (1 - rate) * norm`: `rate=1` enforces the bounds strictly, smaller rates
    approach them gradually.

    # Arguments
        min_value: the minimum norm.
        max_value: the maximum norm.
        rate: how far the norms move towards the bounds at each
            application (0 to 1).
        axis: the axis (or list of axes) along which norms are computed
            (see `MaxNorm`).
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        norms = _norms(w, self.axis)
        desired = (self.rate * K.clip(norms, self.min_value, self.max_value) +
                   (1 - self.rate) * norms)
        return w * (desired / (K.epsilon() + norms))

    def get_config(self):
        return {'min_value': self.min_value, 'max_value': self.max_value,
                'rate': self.rate, 'axis': self.axis}


# Aliases.
max_norm = MaxNorm
non_neg = NonNeg
unit_norm = UnitNorm
min_max_norm = MinMaxNorm

# Legacy aliases.
maxnorm = MaxNorm
nonneg = NonNeg
unitnorm = UnitNorm


def serialize(constraint):
    """Returns the config dict of a constraint.

    # Arguments
        constraint: the constraint.

    # Returns
        A dict `{'class_name': ..., 'config': ...}`.
    """
    return serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """Builds a constraint from its config dict.

    # Arguments
        config: a dict `{'class_name': ..., 'config': ...}`.
        custom_objects: optional dict of user constraints by name.

    # Returns
        A constraint.

    # Raises
        ValueError: if the class name is unknown.
    """
    return deserialize_keras_object(config,
                                    module_objects=globals(),
                                    custom_objects=custom_objects,
                                    printable_module_name='constraint')


def get(identifier):
    """Resolves a constraint argument.

    # Arguments
        identifier: `None`, a name (`'max_norm'`, `'non_neg'`, ...), a
            config dict or a callable.

    # Returns
        A constraint (or `None`).

    # Raises
        ValueError: if `identifier` is none of these.
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize({'class_name': str(identifier), 'config': {}})
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret constraint identifier: %r' %
                     (identifier,))
