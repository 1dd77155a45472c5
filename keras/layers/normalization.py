"""Batch normalization (Ioffe and Szegedy, 2015)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from .. import backend as K
from .. import constraints
from .. import initializers
from .. import regularizers
from ..engine.base_layer import InputSpec
from ..engine.base_layer import Layer
from ..legacy import interfaces

__all__ = ['BatchNormalization']


class BatchNormalization(Layer):
    """Normalizes the activations of the previous layer over each batch.

    In the training phase the layer normalizes with the mean and variance of
    the current batch (over every axis but `axis`), then scales by `gamma`
    and shifts by `beta`; it also updates the moving statistics
    `moving = momentum * moving + (1 - momentum) * batch_statistic` (the
    variance being the unbiased sample variance of the batch). In the test
    phase it normalizes with the moving statistics.

    # Arguments
        axis: the features axis, the one that is *not* normalized over
            (`1` after a `Conv2D` with `data_format="channels_first"`).
        momentum: momentum of the moving mean and moving variance.
        epsilon: small float added to the variance to avoid dividing by 0.
        center: if True, add the learned offset `beta`.
        scale: if True, multiply by the learned scale `gamma` (can be
            turned off when the next layer is linear, e.g. `relu`).
        beta_initializer: initializer of `beta`.
        gamma_initializer: initializer of `gamma`.
        moving_mean_initializer: initializer of the moving mean.
        moving_variance_initializer: initializer of the moving variance.
        beta_regularizer: regularizer of `beta`.
        gamma_regularizer: regularizer of `gamma`.
        beta_constraint: constraint on `beta`.
        gamma_constraint: constraint on `gamma`.
        learning_rate_multipliers: number, or dict with keys among
            `'gamma'` and `'beta'`. The moving statistics are not trained
            and never take a multiplier.

    # Input shape
        Any. Give `input_shape` (without the batch axis) when it is the
        first layer of a model.

    # Output shape
        Same as the input.

    # Raises
        ValueError: when the size of `axis` is not known at build time.
    """

    @interfaces.legacy_batchnorm_support
    def __init__(self,
                 axis=-1,
                 momentum=0.99,
                 epsilon=1e-3,
                 center=True,
                 scale=True,
                 beta_initializer='zeros',
                 gamma_initializer='ones',
                 moving_mean_initializer='zeros',
                 moving_variance_initializer='ones',
                 beta_regularizer=None,
                 gamma_regularizer=None,
                 beta_constraint=None,
                 gamma_constraint=None,
                 **kwargs):
        super(BatchNormalization, self).__init__(**kwargs)
        self.supports_masking = True
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = (
            initializers.get(moving_variance_initializer))
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def build(self, input_shape):
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim:
            raise ValueError('BatchNormalization layer %r: axis %d is out of '
                             'range for inputs of shape %s.'
                             % (self.name, self.axis, input_shape))
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError('Axis ' + str(self.axis) + ' of input tensor '
                             'should have a defined dimension but the layer '
                             '%r received an input with shape %s.'
                             % (self.name, input_shape))
        self.input_spec = InputSpec(ndim=ndim, axes={self.axis: dim})
        shape = (dim,)

        if self.scale:
            self.gamma = self.add_weight(shape=shape,
                                         name='gamma',
                                         initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        else:
            self.gamma = None
        if self.center:
            self.beta = self.add_weight(shape=shape,
                                        name='beta',
                                        initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)
        else:
            self.beta = None
        self.moving_mean = self.add_weight(
            shape=shape,
            name='moving_mean',
            initializer=self.moving_mean_initializer,
            trainable=False)
        self.moving_variance = self.add_weight(
            shape=shape,
            name='moving_variance',
            initializer=self.moving_variance_initializer,
            trainable=False)
        self.built = True

    def call(self, inputs, training=None):
        """Normalizes the inputs.

        In training, with the statistics of the batch (and the moving mean and
        variance are updated); in inference, with the moving statistics.

        # Arguments
            inputs: input tensor.
            training: Python bool or scalar tensor: whether to run in training
                mode (default: the learning phase); a Python false value builds
                the inference branch only.

        # Returns
            A tensor of the inputs' shape.
        """
        input_shape = K.int_shape(inputs)
        ndim = len(input_shape)
        axis = self.axis % ndim
        reduction_axes = [i for i in range(ndim) if i != axis]
        broadcast_shape = [1] * ndim
        broadcast_shape[axis] = input_shape[axis]
        # The statistics are vectors; unless the feature axis is the last
        # one they must be reshaped to broadcast against the inputs.
        needs_broadcasting = axis != ndim - 1

        def broadcast(x):
            if x is None or not needs_broadcasting:
                return x
            return K.reshape(x, broadcast_shape)

        def normalize_inference():
            return K.batch_normalization(inputs,
                                         broadcast(self.moving_mean),
                                         broadcast(self.moving_variance),
                                         broadcast(self.beta),
                                         broadcast(self.gamma),
                                         axis=self.axis,
                                         epsilon=self.epsilon)

        if isinstance(training, (bool, int)) and not training:
            return normalize_inference()

        normed_training, mean, variance = K.normalize_batch_in_training(
            inputs, self.gamma, self.beta, reduction_axes,
            epsilon=self.epsilon)

        # The moving variance tracks the unbiased (sample) variance.
        sample_size = K.prod([K.shape(inputs)[i] for i in reduction_axes])
        sample_size = K.cast(sample_size, dtype=K.dtype(inputs))
        variance *= sample_size / (sample_size - (1.0 + K.epsilon()))

        self.add_update([K.moving_average_update(self.moving_mean,
                                                 mean,
                                                 self.momentum),
                         K.moving_average_update(self.moving_variance,
                                                 variance,
                                                 self.momentum)],
                        inputs)

        return K.in_train_phase(normed_training,
                                normalize_inference,
                                training=training)

    def get_config(self):
        config = {
            'axis': self.axis,
            'momentum': self.momentum,
            'epsilon': self.epsilon,
            'center': self.center,
            'scale': self.scale,
            'beta_initializer': initializers.serialize(self.beta_initializer),
            'gamma_initializer': initializers.serialize(self.gamma_initializer),
            'moving_mean_initializer':
                initializers.serialize(self.moving_mean_initializer),
            'moving_variance_initializer':
                initializers.serialize(self.moving_variance_initializer),
            'beta_regularizer': regularizers.serialize(self.beta_regularizer),
            'gamma_regularizer': regularizers.serialize(self.gamma_regularizer),
            'beta_constraint': constraints.serialize(self.beta_constraint),
            'gamma_constraint': constraints.serialize(self.gamma_constraint),
        }
        base_config = super(BatchNormalization, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        return input_shape
