"""Locally-connected layers: like convolutions, but with a different
(unshared) set of filters at every output position."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from .. import activations
from .. import backend as K
from .. import constraints
from .. import initializers
from .. import multipliers as multipliers_lib
from .. import regularizers
from ..engine.base_layer import InputSpec
from ..engine.base_layer import Layer
from ..legacy import interfaces
from ..utils import conv_utils

__all__ = ['LocallyConnected1D', 'LocallyConnected2D']


class _LocallyConnectedBase(Layer):
    """Shared construction and configuration of the locally-connected
    layers, including which weights the W/b arguments apply to."""

    _rank = None
    _wb_kernel_names = ('kernel',)

    def __init__(self, filters, kernel_size, strides, padding, data_format,
                 activation, use_bias, kernel_initializer, bias_initializer,
                 kernel_regularizer, bias_regularizer, activity_regularizer,
                 kernel_constraint, bias_constraint,
                 W_learning_rate_multiplier, b_learning_rate_multiplier,
                 W_decay_multiplier, b_decay_multiplier, **kwargs):
        self.use_bias = use_bias
        super(_LocallyConnectedBase, self).__init__(
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier, **kwargs)
        self.filters = filters
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, self._rank,
                                                      'kernel_size')
        self.strides = conv_utils.normalize_tuple(strides, self._rank,
                                                  'strides')
        self.padding = conv_utils.normalize_padding(padding)
        if self.padding != 'valid':
            raise ValueError('Invalid border mode for %s %r (only "valid" is '
                             'supported): %r'
                             % (type(self).__name__, self.name, padding))
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=self._rank + 2)

    @property
    def W_learning_rate_multiplier(self):
        """The multiplier of `kernel` (a W/b argument), or None."""
        return multipliers_lib.wb_config(self)['W_learning_rate_multiplier']

    @property
    def b_learning_rate_multiplier(self):
        """The multiplier of `bias` (a W/b argument), or None."""
        return multipliers_lib.wb_config(self)['b_learning_rate_multiplier']

    def get_config(self):
        config = {
            'filters': self.filters,
            'kernel_size': self.kernel_size,
            'strides': self.strides,
            'padding': self.padding,
            'data_format': self.data_format,
            'activation': activations.serialize(self.activation),
            'use_bias': self.use_bias,
            'kernel_initializer': initializers.serialize(self.kernel_initializer),
            'bias_initializer': initializers.serialize(self.bias_initializer),
            'kernel_regularizer': regularizers.serialize(self.kernel_regularizer),
            'bias_regularizer': regularizers.serialize(self.bias_regularizer),
            'activity_regularizer':
                regularizers.serialize(self.activity_regularizer),
            'kernel_constraint': constraints.serialize(self.kernel_constraint),
            'bias_constraint': constraints.serialize(self.bias_constraint),
        }
        base_config = super(_LocallyConnectedBase, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class LocallyConnected1D(_LocallyConnectedBase):
    """Locally-connected layer for temporal (1D) inputs.

    Works like `Conv1D`, except that the weights are not shared: every
    output step has its own filters. The kernel has shape
    `(output_length, kernel_size * input_dim, filters)`, where the patch of
    output step `i` is `inputs[:, i * stride:i * stride + kernel_size, :]`
    flattened step-major; the bias has shape `(output_length, filters)`.

    # Arguments
        filters: number of output filters.
        kernel_size: int or tuple of 1 int, the window length.
        strides: int or tuple of 1 int, the stride.
        padding: only `"valid"` is supported.
        data_format: stored in the configuration; as in Keras 2.2.4 the
            inputs are always `(batch, steps, channels)`.
        activation: activation function (None: linear).
        use_bias: whether the layer has a bias.
        kernel_initializer: initializer of the kernel (see
            `keras.initializers`).
        bias_initializer: initializer of the bias.
        kernel_regularizer: regularizer applied to the kernel (see
            `keras.regularizers`), or None.
        bias_regularizer: regularizer applied to the bias, or None.
        activity_regularizer: regularizer applied to the output of the
            layer, or None.
        kernel_constraint: constraint applied to the kernel after each
            update (see `keras.constraints`), or None.
        bias_constraint: constraint applied to the bias after each update,
            or None.
        W_learning_rate_multiplier: learning-rate multiplier of `kernel`
            (None: none).
        b_learning_rate_multiplier: learning-rate multiplier of `bias`.
        W_decay_multiplier: decay multiplier of `kernel` (None: the
            default, 1).
        b_decay_multiplier: decay multiplier of `bias` (None: the default,
            0).
        learning_rate_multipliers: number or `{'kernel': ..., 'bias': ...}`.

    # Input shape
        3D tensor `(batch_size, steps, input_dim)`.

    # Output shape
        3D tensor `(batch_size, new_steps, filters)`.
    """

    _rank = 1

    @interfaces.legacy_conv1d_support
    def __init__(self, filters,
                 kernel_size,
                 strides=1,
                 padding='valid',
                 data_format=None,
                 activation=None,
                 use_bias=True,
                 kernel_initializer='glorot_uniform',
                 bias_initializer='zeros',
                 kernel_regularizer=None,
                 bias_regularizer=None,
                 activity_regularizer=None,
                 kernel_constraint=None,
                 bias_constraint=None,
                 W_learning_rate_multiplier=None,
                 b_learning_rate_multiplier=None,
                 W_decay_multiplier=None,
                 b_decay_multiplier=None,
                 **kwargs):
        super(LocallyConnected1D, self).__init__(
            filters, kernel_size, strides, padding, data_format, activation,
            use_bias, kernel_initializer, bias_initializer,
            kernel_regularizer, bias_regularizer, activity_regularizer,
            kernel_constraint, bias_constraint,
            W_learning_rate_multiplier, b_learning_rate_multiplier,
            W_decay_multiplier, b_decay_multiplier, **kwargs)

    def build(self, input_shape):
        input_dim = input_shape[2]
        if input_dim is None:
            raise ValueError('LocallyConnected1D layer %r: axis 2 of the input '
                             'should be fully defined. Found shape: %s'
                             % (self.name, input_shape))
        if input_shape[1] is None:
            raise ValueError('LocallyConnected1D layer %r: the number of steps '
                             '(axis 1) of the input should be fully defined. '
                             'Found shape: %s' % (self.name, input_shape))
        output_length = conv_utils.conv_output_length(
            input_shape[1], self.kernel_size[0], self.padding, self.strides[0])
        self.kernel_shape = (output_length,
                             self.kernel_size[0] * input_dim,
                             self.filters)
        self.kernel = self.add_weight(shape=self.kernel_shape,
                                      initializer=self.kernel_initializer,
                                      name='kernel',
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(shape=(output_length, self.filters),
                                        initializer=self.bias_initializer,
                                        name='bias',
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None
        self.input_spec = InputSpec(ndim=3, axes={2: input_dim})
        self.built = True

    def compute_output_shape(self, input_shape):
        length = conv_utils.conv_output_length(input_shape[1],
                                               self.kernel_size[0],
                                               self.padding,
                                               self.strides[0])
        return (input_shape[0], length, self.filters)

    def call(self, inputs):
        # As in Keras 2.2.4 the 1D layer always works on channels-last
        # inputs, whatever `data_format` and the global image layout say.
        output = K.local_conv1d(inputs, self.kernel, self.kernel_size,
                                self.strides, data_format='channels_last')
        if self.use_bias:
            output = K.bias_add(output, self.bias,
                                data_format='channels_last')
        if self.activation is not None:
            output = self.activation(output)
        return output


class LocallyConnected2D(_LocallyConnectedBase):
    """Locally-connected layer for 2D inputs (images).

    Works like `Conv2D`, except that the weights are not shared: every
    output position has its own filters. The kernel has shape
    `(output_rows * output_cols, kernel_rows * kernel_cols * channels,
    filters)` (positions in row-major order; patches flattened in the
    order of the input's axes: rows, columns, channels for
    `channels_last`, channels, rows, columns for `channels_first`); the bias
    has shape `(output_rows, output_cols, filters)`.

    # Arguments
        filters: number of output filters.
        kernel_size: int or tuple of 2 ints, the window size.
        strides: int or tuple of 2 ints, the strides.
        padding: only `"valid"` is supported.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            `image_data_format` of `~/.keras/keras.json`).
        activation: activation function (None: linear).
        use_bias: whether the layer has a bias.
        kernel_initializer: initializer of the kernel (see
            `keras.initializers`).
        bias_initializer: initializer of the bias.
        kernel_regularizer: regularizer applied to the kernel (see
            `keras.regularizers`), or None.
        bias_regularizer: regularizer applied to the bias, or None.
        activity_regularizer: regularizer applied to the output of the
            layer, or None.
        kernel_constraint: constraint applied to the kernel after each
            update (see `keras.constraints`), or None.
        bias_constraint: constraint applied to the bias after each update,
            or None.
        W_learning_rate_multiplier: learning-rate multiplier of `kernel`
            (None: none).
        b_learning_rate_multiplier: learning-rate multiplier of `bias`.
        W_decay_multiplier: decay multiplier of `kernel` (None: the
            default, 1).
        b_decay_multiplier: decay multiplier of `bias` (None: the default,
            0).
        learning_rate_multipliers: number or `{'kernel': ..., 'bias': ...}`.

    # Input shape
        4D tensor `(samples, channels, rows, cols)` (channels_first) or
        `(samples, rows, cols, channels)` (channels_last).

    # Output shape
        4D tensor `(samples, filters, new_rows, new_cols)` or
        `(samples, new_rows, new_cols, filters)`.
    """

    _rank = 2

    @interfaces.legacy_conv2d_support
    def __init__(self, filters,
                 kernel_size,
                 strides=(1, 1),
                 padding='valid',
                 data_format=None,
                 activation=None,
                 use_bias=True,
                 kernel_initializer='glorot_uniform',
                 bias_initializer='zeros',
                 kernel_regularizer=None,
                 bias_regularizer=None,
                 activity_regularizer=None,
                 kernel_constraint=None,
                 bias_constraint=None,
                 W_learning_rate_multiplier=None,
                 b_learning_rate_multiplier=None,
                 W_decay_multiplier=None,
                 b_decay_multiplier=None,
                 **kwargs):
        super(LocallyConnected2D, self).__init__(
            filters, kernel_size, strides, padding, data_format, activation,
            use_bias, kernel_initializer, bias_initializer,
            kernel_regularizer, bias_regularizer, activity_regularizer,
            kernel_constraint, bias_constraint,
            W_learning_rate_multiplier, b_learning_rate_multiplier,
            W_decay_multiplier, b_decay_multiplier, **kwargs)

    def build(self, input_shape):
        if self.data_format == 'channels_last':
            input_row, input_col = input_shape[1:-1]
            input_filter = input_shape[3]
        else:
            input_row, input_col = input_shape[2:]
            input_filter = input_shape[1]
        if input_row is None or input_col is None or input_filter is None:
            raise ValueError('The spatial dimensions and the channels of the '
                             'inputs to LocallyConnected2D layer %r should be '
                             'fully defined, but the layer received the inputs '
                             'shape %s.' % (self.name, input_shape))
        output_row = conv_utils.conv_output_length(input_row,
                                                   self.kernel_size[0],
                                                   self.padding,
                                                   self.strides[0])
        output_col = conv_utils.conv_output_length(input_col,
                                                   self.kernel_size[1],
                                                   self.padding,
                                                   self.strides[1])
        self.output_row = output_row
        self.output_col = output_col
        self.kernel_shape = (output_row * output_col,
                             self.kernel_size[0] * self.kernel_size[1] *
                             input_filter,
                             self.filters)
        self.kernel = self.add_weight(shape=self.kernel_shape,
                                      initializer=self.kernel_initializer,
                                      name='kernel',
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(shape=(output_row, output_col,
                                               self.filters),
                                        initializer=self.bias_initializer,
                                        name='bias',
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None
        if self.data_format == 'channels_first':
            self.input_spec = InputSpec(ndim=4, axes={1: input_filter})
        else:
            self.input_spec = InputSpec(ndim=4, axes={-1: input_filter})
        self.built = True

    def compute_output_shape(self, input_shape):
        if self.data_format == 'channels_first':
            rows = input_shape[2]
            cols = input_shape[3]
        else:
            rows = input_shape[1]
            cols = input_shape[2]
        rows = conv_utils.conv_output_length(rows, self.kernel_size[0],
                                             self.padding, self.strides[0])
        cols = conv_utils.conv_output_length(cols, self.kernel_size[1],
                                             self.padding, self.strides[1])
        if self.data_format == 'channels_first':
            return (input_shape[0], self.filters, rows, cols)
        return (input_shape[0], rows, cols, self.filters)

    def call(self, inputs):
        output = K.local_conv2d(inputs,
                                self.kernel,
                                self.kernel_size,
                                self.strides,
                                (self.output_row, self.output_col),
                                self.data_format)
        if self.use_bias:
            output = K.bias_add(output, self.bias,
                                data_format=self.data_format)
        if self.activation is not None:
            output = self.activation(output)
        return output
