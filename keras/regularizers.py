"""Weight regularizers: penalties added to the loss."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from . import backend as K
from .utils.generic_utils import deserialize_keras_object
from .utils.generic_utils import serialize_keras_object


class Regularizer(object):
    """Base class of the regularizers: `regularizer(x)` returns a scalar
    penalty."""

    def __call__(self, x):
        return 0.

    @classmethod
    def from_config(cls, config):
        """Builds a regularizer from the output of `get_config()`.

        # Arguments
            config: dict of constructor arguments.

        # Returns
            A regularizer.
        """
        return cls(**config)


class L1L2(Regularizer):
    """Penalty `l1 * sum(|x|) + l2 * sum(x ** 2)`.

    # Arguments
        l1: L1 regularization factor (float >= 0).
        l2: L2 regularization factor (float >= 0).
    """

    def __init__(self, l1=0., l2=0.):
        self.l1 = K.cast_to_floatx(l1)
        self.l2 = K.cast_to_floatx(l2)

    def __call__(self, x):
        penalty = 0.
        if self.l1:
            penalty += K.sum(self.l1 * K.abs(x))
        if self.l2:
            penalty += K.sum(self.l2 * K.square(x))
        return penalty

    def get_config(self):
        """The regularizer's config.

        # Returns
            A dict `{'l1': float, 'l2': float}`.
        """
        return {'l1': float(self.l1), 'l2': float(self.l2)}


def l1(l=0.01):
    """L1 regularizer: `l * sum(|x|)`.

    # Arguments
        l: the factor.

    # Returns
        An `L1L2` regularizer.
    """
    return L1L2(l1=l)


def l2(l=0.01):
    """L2 regularizer: `l * sum(x ** 2)`.

    # Arguments
        l: the factor.

    # Returns
        An `L1L2` regularizer.
    """
    return L1L2(l2=l)


def l1_l2(l1=0.01, l2=0.01):
    """L1 plus L2 regularizer.

    # Arguments
        l1: the L1 factor.
        l2: the L2 factor.

    # Returns
        An `L1L2` regularizer.
    """
    return L1L2(l1=l1, l2=l2)


def serialize(regularizer):
    """Returns the config dict of a regularizer.

    # Arguments
        regularizer: the regularizer.

    # Returns
        A dict `{'class_name': ..., 'config': ...}`.
    """
    return serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """Builds a regularizer from its config dict.

    # Arguments
        config: a dict `{'class_name': ..., 'config': ...}`.
        custom_objects: optional dict of user regularizers by name.

    # Returns
        A regularizer.

    # Raises
        ValueError: if the class name is unknown.
    """
    return deserialize_keras_object(config,
                                    module_objects=globals(),
                                    custom_objects=custom_objects,
                                    printable_module_name='regularizer')


def get(identifier):
    """Resolves a regularizer argument.

    # Arguments
        identifier: `None`, a name (`'l1'`, `'l2'`, `'l1_l2'`), a config
            dict or a callable.

    # Returns
        A regularizer (or `None`).

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
    raise ValueError('Could not interpret regularizer identifier: %r' %
                     (identifier,))
