"""Regularization layers that perturb their inputs during training only:
GaussianNoise, GaussianDropout and AlphaDropout. At test time they are the
identity."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import numpy as np

from .. import backend as K
from ..engine.base_layer import Layer
from ..legacy import interfaces

__all__ = ['GaussianNoise', 'GaussianDropout', 'AlphaDropout']


class GaussianNoise(Layer):
    """Adds zero-centred Gaussian noise during training.

    # Arguments
        stddev: float, standard deviation of the noise.

    # Input shape
        Any.

    # Output shape
        Same as the input.
    """

    @interfaces.legacy_gaussiannoise_support
    def __init__(self, stddev, **kwargs):
        super(GaussianNoise, self).__init__(**kwargs)
        self.supports_masking = True
        self.stddev = stddev

    def call(self, inputs, training=None):
        """Adds the noise in training; returns the inputs unchanged in
        inference.

        # Arguments
            inputs: input tensor.
            training: Python bool or scalar tensor: whether to run in training
                mode (default: the learning phase).

        # Returns
            A tensor of the inputs' shape.
        """
        def noised():
            return inputs + K.random_normal(shape=K.shape(inputs),
                                            mean=0.,
                                            stddev=self.stddev)
        return K.in_train_phase(noised, inputs, training=training)

    def get_config(self):
        config = {'stddev': self.stddev}
        base_config = super(GaussianNoise, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        return input_shape


class GaussianDropout(Layer):
    """Multiplies the inputs by Gaussian noise of mean 1 during training.

    The noise has standard deviation `sqrt(rate / (1 - rate))`.

    # Arguments
        rate: float in (0, 1), the drop probability of the equivalent
            `Dropout` layer. Outside (0, 1) the layer is the identity.

    # Input shape
        Any.

    # Output shape
        Same as the input.
    """

    @interfaces.legacy_gaussiandropout_support
    def __init__(self, rate, **kwargs):
        super(GaussianDropout, self).__init__(**kwargs)
        self.supports_masking = True
        self.rate = rate

    def call(self, inputs, training=None):
        """Multiplies the inputs by the noise in training; returns them
        unchanged in inference (or when `rate` is not in (0, 1)).

        # Arguments
            inputs: input tensor.
            training: Python bool or scalar tensor: whether to run in training
                mode (default: the learning phase).

        # Returns
            A tensor of the inputs' shape.
        """
        if 0 < self.rate < 1:
            def noised():
                stddev = np.sqrt(self.rate / (1.0 - self.rate))
                return inputs * K.random_normal(shape=K.shape(inputs),
                                                mean=1.0,
                                                stddev=stddev)
            return K.in_train_phase(noised, inputs, training=training)
        return inputs

    def get_config(self):
        config = {'rate': self.rate}
        base_config = super(GaussianDropout, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        return input_shape


# Constants of the SELU activation (Klambauer et al., 2017).
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Layer):
    """Dropout that keeps the mean and variance of its inputs (for SELU
    networks): dropped units are set to SELU's negative saturation value
    `-alpha * scale`, then an affine map `a * x + b` restores the
    statistics, with `a = ((1 - rate) * (1 + rate * alpha_p ** 2)) ** -0.5`
    and `b = -a * alpha_p * rate`, `alpha_p = -alpha * scale`.

    # Arguments
        rate: float in (0, 1), drop probability. Outside (0, 1) the layer is
            the identity.
        noise_shape: shape of the binary keep/drop mask (broadcast against
            the inputs), or None for the shape of the inputs.
        seed: int, random seed.

    # Input shape
        Any.

    # Output shape
        Same as the input.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super(AlphaDropout, self).__init__(**kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def _get_noise_shape(self, inputs):
        return self.noise_shape if self.noise_shape else K.shape(inputs)

    def call(self, inputs, training=None):
        """Applies alpha dropout in training; returns the inputs unchanged in
        inference (or when `rate` is not in (0, 1)).

        # Arguments
            inputs: input tensor.
            training: Python bool or scalar tensor: whether to run in training
                mode (default: the learning phase).

        # Returns
            A tensor of the inputs' shape.
        """
        if 0. < self.rate < 1.:
            noise_shape = self._get_noise_shape(inputs)
            rate = self.rate
            seed = self.seed

            def dropped_inputs():
                alpha_p = -_SELU_ALPHA * _SELU_SCALE
                kept = K.greater_equal(K.random_uniform(noise_shape, seed=seed),
                                       rate)
                kept = K.cast(kept, K.floatx())
                a = ((1 - rate) * (1 + rate * alpha_p ** 2)) ** -0.5
                b = -a * alpha_p * rate
                x = inputs * kept + alpha_p * (1 - kept)
                return a * x + b
            return K.in_train_phase(dropped_inputs, inputs, training=training)
        return inputs

    def get_config(self):
        config = {'rate': self.rate,
                  'noise_shape': self.noise_shape,
                  'seed': self.seed}
        base_config = super(AlphaDropout, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        return input_shape
