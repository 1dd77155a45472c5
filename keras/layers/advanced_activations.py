"""Activation layers with parameters: LeakyReLU, PReLU (learned slopes), ELU,
ThresholdedReLU, Softmax and ReLU."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from .. import activations
from .. import backend as K
from .. import constraints
from .. import initializers
from .. import regularizers
from ..engine.base_layer import InputSpec
from ..engine.base_layer import Layer
from ..legacy import interfaces

__all__ = ['LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax', 'ReLU']


class LeakyReLU(Layer):
    """Leaky rectifier: `f(x) = alpha * x` for `x < 0`, `f(x) = x` otherwise.

    # Arguments
        alpha: float >= 0, slope of the negative part.

    # Input shape
        Any. Give `input_shape` (without the batch axis) when it is the
        first layer of a model.

    # Output shape
        Same as the input.
    """

    def __init__(self, alpha=0.3, **kwargs):
        super(LeakyReLU, self).__init__(**kwargs)
        self.supports_masking = True
        self.alpha = K.cast_to_floatx(alpha)

    def call(self, inputs):
        return K.relu(inputs, alpha=self.alpha)

    def get_config(self):
        config = {'alpha': float(self.alpha)}
        base_config = super(LeakyReLU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        return input_shape


class PReLU(Layer):
    """Parametric rectifier: `f(x) = alpha * x` for `x < 0`, `f(x) = x`
    otherwise, where `alpha` is a learned array with the shape of one sample
    (or smaller, see `shared_axes`).

    # Arguments
        alpha_initializer: initializer of the slopes.
        alpha_regularizer: regularizer of the slopes.
        alpha_constraint: constraint on the slopes.
        shared_axes: axes (1-based, the batch axis being 0) along which one
            slope is shared. With inputs `(batch, height, width, channels)`,
            `shared_axes=[1, 2]` learns one slope per channel. An int is
            accepted for a single axis.
        learning_rate_multipliers: number, or `{'alpha': number}`.

    # Input shape
        Any.

    # Output shape
        Same as the input.
    """

    @interfaces.legacy_prelu_support
    def __init__(self, alpha_initializer='zeros',
                 alpha_regularizer=None,
                 alpha_constraint=None,
                 shared_axes=None,
                 **kwargs):
        super(PReLU, self).__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif not isinstance(shared_axes, (list, tuple)):
            self.shared_axes = [shared_axes]
        else:
            self.shared_axes = list(shared_axes)

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        self.param_broadcast = [False] * len(param_shape)
        if self.shared_axes is not None:
            for axis in self.shared_axes:
                if not 1 <= axis < len(input_shape):
                    raise ValueError(
                        'PReLU layer %r: shared_axes must hold axes between 1 '
                        'and %d (the batch axis 0 cannot be shared) for inputs '
                        'of shape %s, got %r.' % (self.name, len(input_shape) - 1,
                                                  input_shape, self.shared_axes))
                param_shape[axis - 1] = 1
                self.param_broadcast[axis - 1] = True
        self.alpha = self.add_weight(shape=tuple(param_shape),
                                     name='alpha',
                                     initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        axes = {}
        if self.shared_axes:
            for i in range(1, len(input_shape)):
                if i not in self.shared_axes:
                    axes[i] = input_shape[i]
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs, mask=None):
        """`relu(x) - alpha * relu(-x)`.

        # Arguments
            inputs: input tensor.
            mask: ignored (the mask passes through).

        # Returns
            A tensor of the same shape.
        """
        positive = K.relu(inputs)
        negative = -self.alpha * K.relu(-inputs)
        return positive + negative

    def get_config(self):
        config = {
            'alpha_initializer': initializers.serialize(self.alpha_initializer),
            'alpha_regularizer': regularizers.serialize(self.alpha_regularizer),
            'alpha_constraint': constraints.serialize(self.alpha_constraint),
            'shared_axes': self.shared_axes,
        }
        base_config = super(PReLU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        return input_shape


class ELU(Layer):
    """Exponential linear unit: `f(x) = alpha * (exp(x) - 1)` for `x < 0`,
    `f(x) = x` otherwise.

    # Arguments
        alpha: scale of the negative part.

    # Input shape
        Any.

    # Output shape
        Same as the input.
    """

    def __init__(self, alpha=1.0, **kwargs):
        super(ELU, self).__init__(**kwargs)
        self.supports_masking = True
        self.alpha = K.cast_to_floatx(alpha)

    def call(self, inputs):
        return K.elu(inputs, self.alpha)

    def get_config(self):
        config = {'alpha': float(self.alpha)}
        base_config = super(ELU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        return input_shape


class ThresholdedReLU(Layer):
    """Thresholded rectifier: `f(x) = x` for `x > theta`, `0` otherwise.

    # Arguments
        theta: float >= 0, the threshold.

    # Input shape
        Any.

    # Output shape
        Same as the input.
    """

    def __init__(self, theta=1.0, **kwargs):
        super(ThresholdedReLU, self).__init__(**kwargs)
        self.supports_masking = True
        self.theta = K.cast_to_floatx(theta)

    def call(self, inputs, mask=None):
        """`x` where `x > theta`, 0 elsewhere.

        # Arguments
            inputs: input tensor.
            mask: ignored (the mask passes through).

        # Returns
            A tensor of the same shape.
        """
        return inputs * K.cast(K.greater(inputs, self.theta), K.floatx())

    def get_config(self):
        config = {'theta': float(self.theta)}
        base_config = super(ThresholdedReLU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        return input_shape


class Softmax(Layer):
    """Softmax along one axis.

    # Arguments
        axis: the axis along which the outputs sum to 1.

    # Input shape
        Any.

    # Output shape
        Same as the input.
    """

    def __init__(self, axis=-1, **kwargs):
        super(Softmax, self).__init__(**kwargs)
        self.supports_masking = True
        self.axis = axis

    def call(self, inputs):
        return activations.softmax(inputs, axis=self.axis)

    def get_config(self):
        config = {'axis': self.axis}
        base_config = super(Softmax, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        return input_shape


class ReLU(Layer):
    """Rectified linear unit with optional ceiling, leak and threshold:

    `f(x) = max_value` for `x >= max_value`,
    `f(x) = x` for `threshold <= x < max_value`,
    `f(x) = negative_slope * (x - threshold)` otherwise.

    # Arguments
        max_value: float >= 0, the ceiling (None: no ceiling).
        negative_slope: float >= 0, slope below the threshold.
        threshold: float, the threshold.

    # Input shape
        Any.

    # Output shape
        Same as the input.

    # Raises
        ValueError: for a negative `max_value` or `negative_slope`.
    """

    def __init__(self, max_value=None, negative_slope=0., threshold=0.,
                 **kwargs):
        super(ReLU, self).__init__(**kwargs)
        if max_value is not None and max_value < 0.:
            raise ValueError('max_value of a ReLU layer cannot be negative, '
                             'got ' + str(max_value))
        if negative_slope < 0.:
            raise ValueError('negative_slope of a ReLU layer cannot be '
                             'negative, got ' + str(negative_slope))
        self.supports_masking = True
        if max_value is not None:
            max_value = K.cast_to_floatx(max_value)
        self.max_value = max_value
        self.negative_slope = K.cast_to_floatx(negative_slope)
        self.threshold = K.cast_to_floatx(threshold)

    def call(self, inputs):
        return K.relu(inputs,
                      alpha=self.negative_slope,
                      max_value=self.max_value,
                      threshold=self.threshold)

    def get_config(self):
        config = {
            'max_value': None if self.max_value is None else float(self.max_value),
            'negative_slope': float(self.negative_slope),
            'threshold': float(self.threshold),
        }
        base_config = super(ReLU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        return input_shape
