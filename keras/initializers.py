"""Weight initializers: callables `initializer(shape, dtype=None)` that
return the initial value of a weight."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import numpy as np

from . import backend as K
from .utils.generic_utils import deserialize_keras_object
from .utils.generic_utils import serialize_keras_object


class Initializer(object):
    """Base class of the initializers.

    Subclasses implement `__call__(shape, dtype=None)` and, when they take
    arguments, `get_config()`.
    """

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(
            '%s must implement __call__(shape, dtype=None).' %
            self.__class__.__name__)

    def get_config(self):
        """Returns the constructor arguments, as a dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Builds an initializer from the output of `get_config()`.

        # Arguments
            config: dict of constructor arguments (a `dtype` entry, written
                by some versions, is ignored).

        # Returns
            An initializer.
        """
        config = dict(config)
        config.pop('dtype', None)
        return cls(**config)


class Zeros(Initializer):
    """Initializer that fills the weight with 0."""

    def __call__(self, shape, dtype=None):
        return K.constant(0, shape=shape, dtype=dtype)


class Ones(Initializer):
    """Initializer that fills the weight with 1."""

    def __call__(self, shape, dtype=None):
        return K.constant(1, shape=shape, dtype=dtype)


class Constant(Initializer):
    """Initializer that fills the weight with a constant.

    # Arguments
        value: the constant (a number).
    """

    def __init__(self, value=0):
        self.value = value

    def __call__(self, shape, dtype=None):
        return K.constant(self.value, shape=shape, dtype=dtype)

    def get_config(self):
        return {'value': self.value}


class RandomNormal(Initializer):
    """Initializer drawing from a normal distribution.

    # Arguments
        mean: mean of the distribution.
        stddev: standard deviation of the distribution.
        seed: integer seed of the random generator (or `None`).
    """

    def __init__(self, mean=0., stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        self.seed = seed

    def __call__(self, shape, dtype=None):
        return K.random_normal(shape, self.mean, self.stddev,
                               dtype=dtype, seed=self.seed)

    def get_config(self):
        return {'mean': self.mean, 'stddev': self.stddev, 'seed': self.seed}


class RandomUniform(Initializer):
    """Initializer drawing from a uniform distribution on
    `[minval, maxval)`.

    # Arguments
        minval: lower bound.
        maxval: upper bound (excluded).
        seed: integer seed of the random generator (or `None`).
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        self.seed = seed

    def __call__(self, shape, dtype=None):
        return K.random_uniform(shape, self.minval, self.maxval,
                                dtype=dtype, seed=self.seed)

    def get_config(self):
        return {'minval': self.minval, 'maxval': self.maxval,
                'seed': self.seed}


class TruncatedNormal(Initializer):
    """Initializer drawing from a truncated normal distribution: values
    further than two standard deviations from the mean are redrawn.
    Recommended for neural network weights.

    # Arguments
        mean: mean of the distribution (before truncation).
        stddev: standard deviation of the distribution (before truncation).
        seed: integer seed of the random generator (or `None`).
    """

    def __init__(self, mean=0., stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        self.seed = seed

    def __call__(self, shape, dtype=None):
        return K.truncated_normal(shape, self.mean, self.stddev,
                                  dtype=dtype, seed=self.seed)

    def get_config(self):
        return {'mean': self.mean, 'stddev': self.stddev, 'seed': self.seed}


# Standard deviation of a standard normal truncated to [-2, 2]: dividing by
# it makes the truncated draws have the intended variance.
_TRUNCATED_STDDEV = .87962566103423978


class VarianceScaling(Initializer):
    """Initializer whose scale adapts to the shape of the weight.

    With `distribution='normal'`, draws from a truncated normal distribution
    centred on 0 with variance `scale / n` (the stddev is corrected for the
    truncation at two standard deviations); with `distribution='uniform'`,
    from a uniform distribution on `[-limit, limit]`,
    `limit = sqrt(3 * scale / n)`. `n` is the number of input units
    (`mode='fan_in'`), output units (`'fan_out'`) or their mean
    (`'fan_avg'`). For convolution kernels, units are multiplied by the
    receptive field size.

    # Arguments
        scale: scaling factor (positive float).
        mode: one of `'fan_in'`, `'fan_out'`, `'fan_avg'`.
        distribution: `'normal'` or `'uniform'`.
        seed: integer seed of the random generator (or `None`).

    # Raises
        ValueError: for a non-positive `scale`, or an invalid `mode` or
            `distribution`.
    """

    def __init__(self, scale=1.0, mode='fan_in', distribution='normal',
                 seed=None):
        if scale <= 0.:
            raise ValueError('VarianceScaling: `scale` must be a positive '
                             'float. Got: %r' % (scale,))
        mode = mode.lower()
        if mode not in ('fan_in', 'fan_out', 'fan_avg'):
            raise ValueError('VarianceScaling: invalid `mode` argument %r; '
                             'expected one of "fan_in", "fan_out", '
                             '"fan_avg".' % (mode,))
        distribution = distribution.lower()
        if distribution not in ('normal', 'uniform'):
            raise ValueError('VarianceScaling: invalid `distribution` '
                             'argument %r; expected "normal" or "uniform".'
                             % (distribution,))
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.seed = seed

    def __call__(self, shape, dtype=None):
        fan_in, fan_out = _compute_fans(shape)
        if self.mode == 'fan_in':
            n = max(1., fan_in)
        elif self.mode == 'fan_out':
            n = max(1., fan_out)
        else:
            n = max(1., float(fan_in + fan_out) / 2)
        variance = self.scale / n
        if self.distribution == 'normal':
            stddev = np.sqrt(variance) / _TRUNCATED_STDDEV
            return K.truncated_normal(shape, 0., stddev,
                                      dtype=dtype, seed=self.seed)
        limit = np.sqrt(3. * variance)
        return K.random_uniform(shape, -limit, limit,
                                dtype=dtype, seed=self.seed)

    def get_config(self):
        return {'scale': self.scale, 'mode': self.mode,
                'distribution': self.distribution, 'seed': self.seed}


def _numpy_dtype(dtype):
    """The NumPy dtype of ``dtype`` (a string, NumPy or TensorFlow dtype, or
    None for ``K.floatx()``), for the initializers that compute in NumPy."""
    if dtype is None:
        dtype = K.floatx()
    return np.dtype(getattr(dtype, 'as_numpy_dtype', dtype))


class Orthogonal(Initializer):
    """Initializer producing a random orthogonal matrix (Saxe et al., 2014).

    The shape is flattened to `(prod(shape[:-1]), shape[-1])`; the matrix
    has orthonormal rows or columns (whichever are fewer).

    # Arguments
        gain: multiplicative factor applied to the matrix.
        seed: integer seed of the random generator (or `None`).
    """

    def __init__(self, gain=1., seed=None):
        self.gain = gain
        self.seed = seed

    def __call__(self, shape, dtype=None):
        shape = tuple(int(d) for d in shape)
        num_rows = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
        num_cols = shape[-1]
        flat_shape = (num_rows, num_cols)
        rng = np.random.RandomState(self.seed) if self.seed is not None \
            else np.random
        a = rng.normal(0.0, 1.0, flat_shape)
        u, _, v = np.linalg.svd(a, full_matrices=False)
        # `u` is (rows, k) and `v` is (k, cols), k = min(rows, cols): one of
        # them has the full shape.
        q = u if u.shape == flat_shape else v
        q = self.gain * q.reshape(shape)
        return q.astype(_numpy_dtype(dtype))

    def get_config(self):
        return {'gain': self.gain, 'seed': self.seed}


class Identity(Initializer):
    """Initializer producing the identity matrix, times `gain`.

    Only for 2D shapes. When one side is a multiple of the other, copies of
    the square identity are placed side by side along the longer side (as
    in Keras 2.2.4): for the `(units, 3 * units)` recurrent kernel of a
    `GRU`, each gate's block is the identity.

    # Arguments
        gain: multiplicative factor applied to the matrix.

    # Raises
        ValueError: when called with a shape that is not 2D, or whose
            longer side is not a multiple of its shorter side.
    """

    def __init__(self, gain=1.):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = tuple(shape)
        if len(shape) != 2:
            raise ValueError('Identity matrix initializer can only be used '
                             'for 2D matrices; received shape %s.' % (shape,))
        rows, cols = int(shape[0]), int(shape[1])
        short, long_ = min(rows, cols), max(rows, cols)
        if short == 0 or long_ % short:
            raise ValueError('Identity matrix initializer: the long side of '
                             'the matrix must be a multiple of the short '
                             'side (identity blocks are repeated along it); '
                             'received shape %s.' % (shape,))
        copies = long_ // short
        if rows <= cols:
            matrix = np.tile(np.eye(short), (1, copies))
        else:
            matrix = np.tile(np.eye(short), (copies, 1))
        return (self.gain * matrix).astype(_numpy_dtype(dtype))

    def get_config(self):
        return {'gain': self.gain}


def lecun_uniform(seed=None):
    """LeCun uniform initializer: uniform on `[-limit, limit]`,
    `limit = sqrt(3 / fan_in)`.

    # Arguments
        seed: integer seed of the random generator (or `None`).

    # Returns
        An initializer.
    """
    return VarianceScaling(scale=1., mode='fan_in',
                           distribution='uniform', seed=seed)


def glorot_normal(seed=None):
    """Glorot (Xavier) normal initializer: truncated normal with
    variance `2 / (fan_in + fan_out)`.

    # Arguments
        seed: integer seed of the random generator (or `None`).

    # Returns
        An initializer.
    """
    return VarianceScaling(scale=1., mode='fan_avg',
                           distribution='normal', seed=seed)


def glorot_uniform(seed=None):
    """Glorot (Xavier) uniform initializer: uniform on `[-limit, limit]`,
    `limit = sqrt(6 / (fan_in + fan_out))`.

    # Arguments
        seed: integer seed of the random generator (or `None`).

    # Returns
        An initializer.
    """
    return VarianceScaling(scale=1., mode='fan_avg',
                           distribution='uniform', seed=seed)


def he_normal(seed=None):
    """He normal initializer: truncated normal with variance `2 / fan_in`.

    # Arguments
        seed: integer seed of the random generator (or `None`).

    # Returns
        An initializer.
    """
    return VarianceScaling(scale=2., mode='fan_in',
                           distribution='normal', seed=seed)


def lecun_normal(seed=None):
    """LeCun normal initializer: truncated normal with variance
    `1 / fan_in`.

    # Arguments
        seed: integer seed of the random generator (or `None`).

    # Returns
        An initializer.
    """
    return VarianceScaling(scale=1., mode='fan_in',
                           distribution='normal', seed=seed)


def he_uniform(seed=None):
    """He uniform initializer: uniform on `[-limit, limit]`,
    `limit = sqrt(6 / fan_in)`.

    # Arguments
        seed: integer seed of the random generator (or `None`).

    # Returns
        An initializer.
    """
    return VarianceScaling(scale=2., mode='fan_in',
                           distribution='uniform', seed=seed)


# Aliases.
zero = zeros = Zeros
one = ones = Ones
constant = Constant
uniform = random_uniform = RandomUniform
normal = random_normal = RandomNormal
truncated_normal = TruncatedNormal
identity = Identity
orthogonal = Orthogonal


def _compute_fans(shape, data_format='channels_last'):
    """Number of input and output units of a weight of the given shape.

    # Arguments
        shape: the weight's shape. 2D: `(input_dim, output_dim)`; 3D to 5D:
            convolution kernels, whose receptive field size multiplies the
            channel counts; other ranks: `sqrt(prod(shape))` for both.
        data_format: layout of a convolution kernel: `'channels_last'`
            (spatial dims, input channels, output channels) or
            `'channels_first'` (output channels, input channels, spatial
            dims).

    # Returns
        A tuple `(fan_in, fan_out)`.

    # Raises
        ValueError: for an invalid `data_format`.
    """
    shape = tuple(shape)
    if len(shape) == 2:
        fan_in, fan_out = shape[0], shape[1]
    elif len(shape) in (3, 4, 5):
        if data_format == 'channels_first':
            receptive_field = np.prod(shape[2:])
            fan_in = shape[1] * receptive_field
            fan_out = shape[0] * receptive_field
        elif data_format == 'channels_last':
            receptive_field = np.prod(shape[:-2])
            fan_in = shape[-2] * receptive_field
            fan_out = shape[-1] * receptive_field
        else:
            raise ValueError('Invalid data_format: %r (expected '
                             '"channels_first" or "channels_last").' %
                             (data_format,))
    else:
        fan_in = np.sqrt(np.prod(shape))
        fan_out = np.sqrt(np.prod(shape))
    return fan_in, fan_out


def serialize(initializer):
    """Returns the config dict of an initializer.

    # Arguments
        initializer: the initializer.

    # Returns
        A dict `{'class_name': ..., 'config': ...}`.
    """
    return serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """Builds an initializer from its config dict.

    # Arguments
        config: a dict `{'class_name': ..., 'config': ...}`.
        custom_objects: optional dict of user initializers by name.

    # Returns
        An initializer.

    # Raises
        ValueError: if the class name is unknown.
    """
    return deserialize_keras_object(config,
                                    module_objects=globals(),
                                    custom_objects=custom_objects,
                                    printable_module_name='initializer')


def get(identifier):
    """Resolves an initializer argument.

    # Arguments
        identifier: a name (`'glorot_uniform'`, `'zeros'`, ...), a config
            dict or a callable.

    # Returns
        An initializer.

    # Raises
        ValueError: if `identifier` is none of these.
    """
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize({'class_name': str(identifier), 'config': {}})
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret initializer identifier: %r' %
                     (identifier,))
