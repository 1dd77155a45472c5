"""Convolutional layers: `_Conv` and its subclasses (Conv1D/2D/3D, the
transposed, separable and depthwise convolutions), up-sampling, zero-padding
and cropping layers, and their Keras 2.2.4 aliases.

`_Conv` is one of the seed article's edit points: it and every subclass take
the W/b arguments `W_learning_rate_multiplier` and `b_learning_rate_multiplier`
and `W_decay_multiplier` / `b_decay_multiplier` (handled by the base `Layer`;
see `keras.multipliers`). For separable convolutions the W arguments apply
to the depthwise and the pointwise kernel, for `DepthwiseConv2D` to the
depthwise kernel.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from .. import backend as K
from .. import activations
from .. import initializers
from .. import regularizers
from .. import constraints
from ..engine.base_layer import InputSpec
from ..engine.base_layer import Layer
from ..utils import conv_utils
# `transpose_shape` is part of `keras.layers` in Keras 2.2.4, through this
# module's star export.
from ..utils.generic_utils import transpose_shape  # noqa: F401
from ..legacy import interfaces


def _channel_axis(data_format):
    return 1 if data_format == 'channels_first' else -1


class _Conv(Layer):
    """Base class of the N-D convolution layers (N = `rank`).

    The layer convolves its input with a kernel of shape
    `kernel_size + (input_channels, filters)`, adds a bias (if `use_bias`)
    and applies `activation`.

    # Arguments
        rank: number of spatial dimensions (1, 2 or 3).
        filters: number of output channels.
        kernel_size: int or tuple of `rank` ints, the window size.
        strides: int or tuple of `rank` ints. A stride other than 1 is
            incompatible with a dilation rate other than 1.
        padding: `'valid'`, `'same'` or (rank 1, channels_last only)
            `'causal'` (the output at `t` only depends on inputs up to `t`).
        data_format: `'channels_last'` (channels on the last axis) or
            `'channels_first'`; default: the `image_data_format` of the Keras
            config.
        dilation_rate: int or tuple of `rank` ints, for dilated (atrous)
            convolution.
        activation: activation function (see `keras.activations`); None is
            linear.
        use_bias: whether the layer has a bias vector.
        kernel_initializer, bias_initializer: initializers of the weights.
        kernel_regularizer, bias_regularizer: regularizers of the weights.
        activity_regularizer: regularizer of the output.
        kernel_constraint, bias_constraint: constraints of the weights.
        W_learning_rate_multiplier: learning-rate multiplier of the kernel(s)
            (a number >= 0; 0 freezes them), or None.
        b_learning_rate_multiplier: learning-rate multiplier of the bias, or
            None.
        W_decay_multiplier: weight-decay multiplier of the kernel(s) (a
            number >= 0 scaling the optimizer's `weight_decay`; 0: not
            decayed), or None for the default, 1.
        b_decay_multiplier: weight-decay multiplier of the bias, or None for
            the default, 0.

    # Raises
        ValueError: for an invalid padding, kernel size, stride or dilation,
            and for invalid learning-rate or decay multipliers (TypeError
            for non-numbers).
    """

    # Weights that `W_learning_rate_multiplier` applies to.
    _wb_kernel_names = ('kernel',)

    def __init__(self, rank,
                 filters,
                 kernel_size,
                 strides=1,
                 padding='valid',
                 data_format=None,
                 dilation_rate=1,
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
        self.use_bias = use_bias
        super(_Conv, self).__init__(
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier, **kwargs)
        self.rank = rank
        self.filters = filters
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, rank,
                                                      'kernel_size')
        self.strides = conv_utils.normalize_tuple(strides, rank, 'strides')
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = K.normalize_data_format(data_format)
        self.dilation_rate = conv_utils.normalize_tuple(dilation_rate, rank,
                                                        'dilation_rate')
        if self.padding == 'causal':
            if rank != 1:
                raise ValueError('Layer %s: padding "causal" is only '
                                 'supported by 1D convolutions; use "valid" '
                                 'or "same".' % self.name)
            if self.data_format != 'channels_last':
                raise ValueError('Layer %s: when using causal padding, '
                                 '`data_format` must be "channels_last" '
                                 '(temporal data).' % self.name)
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _input_channels(self, input_shape):
        channel_axis = _channel_axis(self.data_format)
        if len(input_shape) != self.rank + 2:
            raise ValueError('Layer %s expects inputs of rank %d, got shape %s.'
                             % (self.name, self.rank + 2, tuple(input_shape)))
        input_dim = input_shape[channel_axis]
        if input_dim is None:
            raise ValueError('Layer %s: the channel dimension of the inputs '
                             'should be defined. Found `None` (input shape %s, '
                             'data_format %s).'
                             % (self.name, tuple(input_shape),
                                self.data_format))
        return channel_axis, int(input_dim)

    def build(self, input_shape):
        channel_axis, input_dim = self._input_channels(input_shape)
        kernel_shape = self.kernel_size + (input_dim, self.filters)
        self.kernel = self.add_weight(shape=kernel_shape,
                                      initializer=self.kernel_initializer,
                                      name='kernel',
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self._build_bias(self.filters)
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={channel_axis: input_dim})
        self.built = True

    def _build_bias(self, size):
        if self.use_bias:
            self.bias = self.add_weight(shape=(size,),
                                        initializer=self.bias_initializer,
                                        name='bias',
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None

    def _causal_inputs(self, inputs):
        """Left-pads a temporal input for causal padding; returns the input
        and the padding to give the backend."""
        if self.padding != 'causal':
            return inputs, self.padding
        left_pad = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        return K.temporal_padding(inputs, (left_pad, 0)), 'valid'

    def _finish(self, outputs):
        """Adds the bias and applies the activation."""
        if self.use_bias:
            outputs = K.bias_add(outputs, self.bias,
                                 data_format=self.data_format)
        if self.activation is not None:
            return self.activation(outputs)
        return outputs

    def call(self, inputs):
        if self.rank == 1:
            inputs, padding = self._causal_inputs(inputs)
            outputs = K.conv1d(inputs, self.kernel,
                               strides=self.strides[0],
                               padding=padding,
                               data_format=self.data_format,
                               dilation_rate=self.dilation_rate[0])
        elif self.rank == 2:
            outputs = K.conv2d(inputs, self.kernel,
                               strides=self.strides,
                               padding=self.padding,
                               data_format=self.data_format,
                               dilation_rate=self.dilation_rate)
        elif self.rank == 3:
            outputs = K.conv3d(inputs, self.kernel,
                               strides=self.strides,
                               padding=self.padding,
                               data_format=self.data_format,
                               dilation_rate=self.dilation_rate)
        else:
            raise ValueError('Layer %s: convolutions of rank %r are not '
                             'supported (1, 2 or 3).' % (self.name, self.rank))
        return self._finish(outputs)

    def _output_space(self, space):
        return tuple(conv_utils.conv_output_length(
            space[i], self.kernel_size[i], padding=self.padding,
            stride=self.strides[i], dilation=self.dilation_rate[i])
            for i in range(len(space)))

    def compute_output_shape(self, input_shape):
        if self.data_format == 'channels_last':
            new_space = self._output_space(input_shape[1:-1])
            return (input_shape[0],) + new_space + (self.filters,)
        new_space = self._output_space(input_shape[2:])
        return (input_shape[0], self.filters) + new_space

    def get_config(self):
        config = {
            'rank': self.rank,
            'filters': self.filters,
            'kernel_size': self.kernel_size,
            'strides': self.strides,
            'padding': self.padding,
            'data_format': self.data_format,
            'dilation_rate': self.dilation_rate,
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
        base_config = super(_Conv, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Conv1D(_Conv):
    """1D convolution (temporal convolution) over a sequence.

    # Arguments
        filters: number of output channels (of kernels).
        kernel_size: an int or a tuple of 1 int: the length of the convolution
            window.
        strides: an int or a tuple of 1 int: the step of the window. A stride
            other than 1 cannot be combined with a dilation rate other than 1.
        padding: `'valid'`, `'same'` or `'causal'` (dilated causal convolution,
            as in WaveNet: the input is zero-padded on the left so that the
            output at `t` depends on no input after `t`).
        data_format: `'channels_last'` (`(batch, steps, channels)`, the
            default) or `'channels_first'` (`(batch, channels, steps)`).
        dilation_rate: an int or a tuple of 1 int: the dilation of the kernel,
            for dilated (atrous) convolution; 1: none.
        activation: activation function applied to the output (a name or a
            function, see `keras.activations`); None: linear, `a(x) = x`.
        use_bias: whether the layer adds a bias vector.
        kernel_initializer: initializer of the kernel (see
            `keras.initializers`).
        bias_initializer: initializer of the bias vector.
        kernel_regularizer: regularizer applied to the kernel (see
            `keras.regularizers`), or None.
        bias_regularizer: regularizer applied to the bias vector, or None.
        activity_regularizer: regularizer applied to the output of the layer,
            or None.
        kernel_constraint: constraint applied to the kernel after each update
            (see `keras.constraints`), or None.
        bias_constraint: constraint applied to the bias vector after each
            update, or None.
        W_learning_rate_multiplier: learning-rate multiplier of the kernel (a
            number >= 0; 0 freezes it), or None (no multiplier).
        b_learning_rate_multiplier: learning-rate multiplier of the bias
            vector, or None.
        W_decay_multiplier: weight-decay multiplier of the kernel (a number >=
            0 scaling the optimizer's `weight_decay`; 0: not decayed), or None
            for the default, 1.
        b_decay_multiplier: weight-decay multiplier of the bias vector, or None
            for the default, 0.

    # Input shape
        3D tensor `(batch, steps, channels)` (channels_last).

    # Output shape
        3D tensor `(batch, new_steps, filters)` (channels_last).

    # Raises
        ValueError: for causal padding with `channels_first` data.
    """

    @interfaces.legacy_conv1d_support
    def __init__(self, filters,
                 kernel_size,
                 strides=1,
                 padding='valid',
                 data_format='channels_last',
                 dilation_rate=1,
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
        if padding == 'causal' and data_format != 'channels_last':
            raise ValueError('When using causal padding in `Conv1D`, '
                             '`data_format` must be "channels_last" '
                             '(temporal data), got %r.' % (data_format,))
        super(Conv1D, self).__init__(
            rank=1,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier,
            **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def get_config(self):
        config = super(Conv1D, self).get_config()
        config.pop('rank')
        return config


class Conv2D(_Conv):
    """2D convolution (spatial convolution over images).

    # Arguments
        filters: number of output channels (of kernels).
        kernel_size: an int or a tuple of 2 ints: the size of the convolution
            window (one int: the same along every spatial dimension).
        strides: an int or a tuple of 2 ints: the step of the window along each
            spatial dimension. Strides other than 1 cannot be combined with a
            dilation rate other than 1.
        padding: `'valid'` (no padding: the output shrinks) or `'same'` (the
            input is zero-padded so that, with stride 1, the output has its
            spatial size).
        data_format: `'channels_last'` (channels on the last axis) or
            `'channels_first'`; None (the default) takes the
            `image_data_format` of the Keras config (`~/.keras/keras.json`,
            `'channels_last'` if never set).
        dilation_rate: an int or a tuple of 2 ints: the dilation of the kernel,
            for dilated (atrous) convolution; 1: none.
        activation: activation function applied to the output (a name or a
            function, see `keras.activations`); None: linear, `a(x) = x`.
        use_bias: whether the layer adds a bias vector.
        kernel_initializer: initializer of the kernel (see
            `keras.initializers`).
        bias_initializer: initializer of the bias vector.
        kernel_regularizer: regularizer applied to the kernel (see
            `keras.regularizers`), or None.
        bias_regularizer: regularizer applied to the bias vector, or None.
        activity_regularizer: regularizer applied to the output of the layer,
            or None.
        kernel_constraint: constraint applied to the kernel after each update
            (see `keras.constraints`), or None.
        bias_constraint: constraint applied to the bias vector after each
            update, or None.
        W_learning_rate_multiplier: learning-rate multiplier of the kernel (a
            number >= 0; 0 freezes it), or None (no multiplier).
        b_learning_rate_multiplier: learning-rate multiplier of the bias
            vector, or None.
        W_decay_multiplier: weight-decay multiplier of the kernel (a number >=
            0 scaling the optimizer's `weight_decay`; 0: not decayed), or None
            for the default, 1.
        b_decay_multiplier: weight-decay multiplier of the bias vector, or None
            for the default, 0.

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        4D tensor `(batch, new_rows, new_cols, filters)` (channels_last) or
        `(batch, filters, new_rows, new_cols)` (channels_first).
    """

    @interfaces.legacy_conv2d_support
    def __init__(self, filters,
                 kernel_size,
                 strides=(1, 1),
                 padding='valid',
                 data_format=None,
                 dilation_rate=(1, 1),
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
        super(Conv2D, self).__init__(
            rank=2,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier,
            **kwargs)
        self.input_spec = InputSpec(ndim=4)

    def get_config(self):
        config = super(Conv2D, self).get_config()
        config.pop('rank')
        return config


class Conv3D(_Conv):
    """3D convolution (spatial convolution over volumes).

    # Arguments
        filters: number of output channels (of kernels).
        kernel_size: an int or a tuple of 3 ints: the size of the convolution
            window (one int: the same along every spatial dimension).
        strides: an int or a tuple of 3 ints: the step of the window along each
            spatial dimension. Strides other than 1 cannot be combined with a
            dilation rate other than 1.
        padding: `'valid'` (no padding: the output shrinks) or `'same'` (the
            input is zero-padded so that, with stride 1, the output has its
            spatial size).
        data_format: `'channels_last'` (channels on the last axis) or
            `'channels_first'`; None (the default) takes the
            `image_data_format` of the Keras config (`~/.keras/keras.json`,
            `'channels_last'` if never set).
        dilation_rate: an int or a tuple of 3 ints: the dilation of the kernel,
            for dilated (atrous) convolution; 1: none.
        activation: activation function applied to the output (a name or a
            function, see `keras.activations`); None: linear, `a(x) = x`.
        use_bias: whether the layer adds a bias vector.
        kernel_initializer: initializer of the kernel (see
            `keras.initializers`).
        bias_initializer: initializer of the bias vector.
        kernel_regularizer: regularizer applied to the kernel (see
            `keras.regularizers`), or None.
        bias_regularizer: regularizer applied to the bias vector, or None.
        activity_regularizer: regularizer applied to the output of the layer,
            or None.
        kernel_constraint: constraint applied to the kernel after each update
            (see `keras.constraints`), or None.
        bias_constraint: constraint applied to the bias vector after each
            update, or None.
        W_learning_rate_multiplier: learning-rate multiplier of the kernel (a
            number >= 0; 0 freezes it), or None (no multiplier).
        b_learning_rate_multiplier: learning-rate multiplier of the bias
            vector, or None.
        W_decay_multiplier: weight-decay multiplier of the kernel (a number >=
            0 scaling the optimizer's `weight_decay`; 0: not decayed), or None
            for the default, 1.
        b_decay_multiplier: weight-decay multiplier of the bias vector, or None
            for the default, 0.

    # Input shape
        5D tensor `(batch, dim1, dim2, dim3, channels)` (channels_last) or
        `(batch, channels, dim1, dim2, dim3)` (channels_first).

    # Output shape
        5D tensor with `filters` channels and the convolved spatial
        dimensions.
    """

    @interfaces.legacy_conv3d_support
    def __init__(self, filters,
                 kernel_size,
                 strides=(1, 1, 1),
                 padding='valid',
                 data_format=None,
                 dilation_rate=(1, 1, 1),
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
        super(Conv3D, self).__init__(
            rank=3,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier,
            **kwargs)
        self.input_spec = InputSpec(ndim=5)

    def get_config(self):
        config = super(Conv3D, self).get_config()
        config.pop('rank')
        return config


def _normalize_output_padding(layer, output_padding, rank):
    """Checks `output_padding` (None or ints smaller than the strides)."""
    if output_padding is None:
        return None
    output_padding = conv_utils.normalize_tuple(output_padding, rank,
                                                'output_padding')
    for stride, out_pad in zip(layer.strides, output_padding):
        if out_pad >= stride:
            raise ValueError('Layer %s: the strides %s must be greater than '
                             'the output padding %s.'
                             % (layer.name, layer.strides, output_padding))
    return output_padding


def _dim(static_shape, dynamic_shape, axis):
    """A dimension of a tensor: the static value when known, else the
    dynamic one (a scalar tensor)."""
    value = static_shape[axis]
    return value if value is not None else dynamic_shape[axis]


class _TransposedConvShapes(object):
    """Output-shape arithmetic shared by the transposed convolutions."""

    def _spatial_axes(self):
        if self.data_format == 'channels_first':
            return list(range(2, 2 + self.rank))
        return list(range(1, 1 + self.rank))

    def _out_length(self, length, i):
        out_pad = None if self.output_padding is None else \
            self.output_padding[i]
        return conv_utils.deconv_length(length, self.strides[i],
                                        self.kernel_size[i], self.padding,
                                        out_pad, self.dilation_rate[i])

    def _output_shape_tensor(self, inputs):
        """The output shape of a call, with the dynamic batch size (and the
        dynamic spatial sizes where they are not known statically)."""
        static = K.int_shape(inputs)
        dynamic = K.shape(inputs)
        batch_size = dynamic[0]
        space = [self._out_length(_dim(static, dynamic, axis), i)
                 for i, axis in enumerate(self._spatial_axes())]
        if self.data_format == 'channels_first':
            return tuple([batch_size, self.filters] + space)
        return tuple([batch_size] + space + [self.filters])

    def _build_transposed(self, input_shape):
        rank = self.rank + 2
        if len(input_shape) != rank:
            raise ValueError('Inputs to layer %s (%s) should have rank %d, '
                             'got input shape %s.'
                             % (self.name, type(self).__name__, rank,
                                tuple(input_shape)))
        channel_axis, input_dim = self._input_channels(input_shape)
        kernel_shape = self.kernel_size + (self.filters, input_dim)
        self.kernel = self.add_weight(shape=kernel_shape,
                                      initializer=self.kernel_initializer,
                                      name='kernel',
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self._build_bias(self.filters)
        self.input_spec = InputSpec(ndim=rank, axes={channel_axis: input_dim})
        self.built = True

    def compute_output_shape(self, input_shape):
        """The output shape of a transposed convolution: `filters` channels,
        each spatial dimension grown by the strides (see the class
        docstring's formula).

        # Arguments
            input_shape: shape tuple of the input (`None` entries allowed).

        # Returns
            The output shape tuple.
        """
        output_shape = list(input_shape)
        output_shape[_channel_axis(self.data_format)] = self.filters
        for i, axis in enumerate(self._spatial_axes()):
            output_shape[axis] = self._out_length(output_shape[axis], i)
        return tuple(output_shape)


class Conv2DTranspose(_TransposedConvShapes, Conv2D):
    """Transposed 2D convolution (sometimes called deconvolution).

    The gradient of a `Conv2D` with respect to its input: it maps a tensor
    with the shape of a convolution's output to one with the shape of its
    input, e.g. to up-sample in a decoder.

    # Arguments
        filters: number of output channels (of kernels).
        kernel_size: an int or a tuple of 2 ints: the size of the convolution
            window (one int: the same along every spatial dimension).
        strides: an int or a tuple of 2 ints: the step of the window along each
            spatial dimension. Strides other than 1 cannot be combined with a
            dilation rate other than 1.
        padding: `'valid'` (no padding: the output shrinks) or `'same'` (the
            input is zero-padded so that, with stride 1, the output has its
            spatial size).
        output_padding: an int or a tuple of 2 ints: the extra size added to
            one side of each spatial output dimension (each smaller than its
            stride); None (the default): inferred.
        data_format: `'channels_last'` (channels on the last axis) or
            `'channels_first'`; None (the default) takes the
            `image_data_format` of the Keras config (`~/.keras/keras.json`,
            `'channels_last'` if never set).
        dilation_rate: an int or a tuple of 2 equal ints: the dilation of the
            kernel; 1: none.
        activation: activation function applied to the output (a name or a
            function, see `keras.activations`); None: linear, `a(x) = x`.
        use_bias: whether the layer adds a bias vector.
        kernel_initializer: initializer of the kernel (see
            `keras.initializers`).
        bias_initializer: initializer of the bias vector.
        kernel_regularizer: regularizer applied to the kernel (see
            `keras.regularizers`), or None.
        bias_regularizer: regularizer applied to the bias vector, or None.
        activity_regularizer: regularizer applied to the output of the layer,
            or None.
        kernel_constraint: constraint applied to the kernel after each update
            (see `keras.constraints`), or None.
        bias_constraint: constraint applied to the bias vector after each
            update, or None.
        W_learning_rate_multiplier: learning-rate multiplier of the kernel (a
            number >= 0; 0 freezes it), or None (no multiplier).
        b_learning_rate_multiplier: learning-rate multiplier of the bias
            vector, or None.
        W_decay_multiplier: weight-decay multiplier of the kernel (a number >=
            0 scaling the optimizer's `weight_decay`; 0: not decayed), or None
            for the default, 1.
        b_decay_multiplier: weight-decay multiplier of the bias vector, or None
            for the default, 0.

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        4D tensor with `filters` channels; along each spatial dimension,
        `new = (old - 1) * stride + kernel_size - 2 * pad + output_padding`
        (with `pad` the padding of the equivalent convolution).

    # Raises
        ValueError: if an `output_padding` is not smaller than its stride.
    """

    @interfaces.legacy_deconv2d_support
    def __init__(self, filters,
                 kernel_size,
                 strides=(1, 1),
                 padding='valid',
                 output_padding=None,
                 data_format=None,
                 dilation_rate=(1, 1),
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
        super(Conv2DTranspose, self).__init__(
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier,
            **kwargs)
        self.output_padding = _normalize_output_padding(self, output_padding,
                                                        2)

    def build(self, input_shape):
        self._build_transposed(input_shape)

    def call(self, inputs):
        output_shape = self._output_shape_tensor(inputs)
        outputs = K.conv2d_transpose(inputs, self.kernel, output_shape,
                                     self.strides,
                                     padding=self.padding,
                                     data_format=self.data_format,
                                     dilation_rate=self.dilation_rate)
        return self._finish(outputs)

    def get_config(self):
        config = super(Conv2DTranspose, self).get_config()
        config['output_padding'] = self.output_padding
        return config


class Conv3DTranspose(_TransposedConvShapes, Conv3D):
    """Transposed 3D convolution (sometimes called deconvolution).

    # Arguments
        filters: number of output channels (of kernels).
        kernel_size: an int or a tuple of 3 ints: the size of the convolution
            window (one int: the same along every spatial dimension).
        strides: an int or a tuple of 3 ints: the step of the window along each
            spatial dimension. Strides other than 1 cannot be combined with a
            dilation rate other than 1.
        padding: `'valid'` (no padding: the output shrinks) or `'same'` (the
            input is zero-padded so that, with stride 1, the output has its
            spatial size).
        output_padding: an int or a tuple of 3 ints: the extra size added to
            one side of each spatial output dimension (each smaller than its
            stride); None (the default): inferred.
        data_format: `'channels_last'` (channels on the last axis) or
            `'channels_first'`; None (the default) takes the
            `image_data_format` of the Keras config (`~/.keras/keras.json`,
            `'channels_last'` if never set).
        activation: activation function applied to the output (a name or a
            function, see `keras.activations`); None: linear, `a(x) = x`.
        use_bias: whether the layer adds a bias vector.
        kernel_initializer: initializer of the kernel (see
            `keras.initializers`).
        bias_initializer: initializer of the bias vector.
        kernel_regularizer: regularizer applied to the kernel (see
            `keras.regularizers`), or None.
        bias_regularizer: regularizer applied to the bias vector, or None.
        activity_regularizer: regularizer applied to the output of the layer,
            or None.
        kernel_constraint: constraint applied to the kernel after each update
            (see `keras.constraints`), or None.
        bias_constraint: constraint applied to the bias vector after each
            update, or None.
        W_learning_rate_multiplier: learning-rate multiplier of the kernel (a
            number >= 0; 0 freezes it), or None (no multiplier).
        b_learning_rate_multiplier: learning-rate multiplier of the bias
            vector, or None.
        W_decay_multiplier: weight-decay multiplier of the kernel (a number >=
            0 scaling the optimizer's `weight_decay`; 0: not decayed), or None
            for the default, 1.
        b_decay_multiplier: weight-decay multiplier of the bias vector, or None
            for the default, 0.

    # Input shape
        5D tensor `(batch, d1, d2, d3, channels)` (channels_last) or
        `(batch, channels, d1, d2, d3)` (channels_first).

    # Output shape
        5D tensor with `filters` channels; along each spatial dimension,
        `new = (old - 1) * stride + kernel_size - 2 * pad + output_padding`.

    # Raises
        ValueError: if an `output_padding` is not smaller than its stride.
    """

    def __init__(self, filters,
                 kernel_size,
                 strides=(1, 1, 1),
                 padding='valid',
                 output_padding=None,
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
        super(Conv3DTranspose, self).__init__(
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier,
            **kwargs)
        if self.dilation_rate != (1, 1, 1):
            raise ValueError('Layer %s: Conv3DTranspose does not support '
                             'dilation, got dilation_rate=%s.'
                             % (self.name, self.dilation_rate))
        self.output_padding = _normalize_output_padding(self, output_padding,
                                                        3)

    def build(self, input_shape):
        self._build_transposed(input_shape)

    def call(self, inputs):
        output_shape = self._output_shape_tensor(inputs)
        outputs = K.conv3d_transpose(inputs, self.kernel, output_shape,
                                     self.strides,
                                     padding=self.padding,
                                     data_format=self.data_format)
        return self._finish(outputs)

    def get_config(self):
        config = super(Conv3DTranspose, self).get_config()
        config.pop('dilation_rate')
        config['output_padding'] = self.output_padding
        return config


class _SeparableConv(_Conv):
    """Base class of the depthwise separable convolutions.

    A depthwise convolution (each input channel convolved on its own with
    `depth_multiplier` kernels) followed by a pointwise (1x1) convolution
    mixing the channels into `filters` outputs.

    # Arguments
        rank, filters, kernel_size, strides, padding, data_format,
        dilation_rate, activation, use_bias, bias_initializer,
        bias_regularizer, activity_regularizer, bias_constraint: as in
        `_Conv`.
        depth_multiplier: number of depthwise output channels per input
            channel.
        depthwise_initializer, pointwise_initializer: initializers of the
            two kernels.
        depthwise_regularizer, pointwise_regularizer: their regularizers.
        depthwise_constraint, pointwise_constraint: their constraints.
        W_learning_rate_multiplier: learning-rate multiplier of both the
            depthwise and the pointwise kernel, or None.
        b_learning_rate_multiplier: learning-rate multiplier of the bias, or
            None.
        W_decay_multiplier: decay multiplier of both kernels, or None (the
            default, 1).
        b_decay_multiplier: decay multiplier of the bias, or None (the
            default, 0).
    """

    _wb_kernel_names = ('depthwise_kernel', 'pointwise_kernel')

    def __init__(self, rank,
                 filters,
                 kernel_size,
                 strides=1,
                 padding='valid',
                 data_format=None,
                 dilation_rate=1,
                 depth_multiplier=1,
                 activation=None,
                 use_bias=True,
                 depthwise_initializer='glorot_uniform',
                 pointwise_initializer='glorot_uniform',
                 bias_initializer='zeros',
                 depthwise_regularizer=None,
                 pointwise_regularizer=None,
                 bias_regularizer=None,
                 activity_regularizer=None,
                 depthwise_constraint=None,
                 pointwise_constraint=None,
                 bias_constraint=None,
                 W_learning_rate_multiplier=None,
                 b_learning_rate_multiplier=None,
                 W_decay_multiplier=None,
                 b_decay_multiplier=None,
                 **kwargs):
        super(_SeparableConv, self).__init__(
            rank=rank,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            bias_initializer=bias_initializer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            bias_constraint=bias_constraint,
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier,
            **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape):
        channel_axis, input_dim = self._input_channels(input_shape)
        depthwise_kernel_shape = self.kernel_size + (input_dim,
                                                     self.depth_multiplier)
        pointwise_kernel_shape = ((1,) * self.rank +
                                  (self.depth_multiplier * input_dim,
                                   self.filters))
        self.depthwise_kernel = self.add_weight(
            shape=depthwise_kernel_shape,
            initializer=self.depthwise_initializer,
            name='depthwise_kernel',
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            shape=pointwise_kernel_shape,
            initializer=self.pointwise_initializer,
            name='pointwise_kernel',
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)
        self._build_bias(self.filters)
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={channel_axis: input_dim})
        self.built = True

    def call(self, inputs):
        if self.rank == 1:
            inputs, padding = self._causal_inputs(inputs)
            outputs = K.separable_conv1d(inputs,
                                         self.depthwise_kernel,
                                         self.pointwise_kernel,
                                         data_format=self.data_format,
                                         strides=self.strides[0],
                                         padding=padding,
                                         dilation_rate=self.dilation_rate[0])
        elif self.rank == 2:
            outputs = K.separable_conv2d(inputs,
                                         self.depthwise_kernel,
                                         self.pointwise_kernel,
                                         data_format=self.data_format,
                                         strides=self.strides,
                                         padding=self.padding,
                                         dilation_rate=self.dilation_rate)
        else:
            raise ValueError('Layer %s: separable convolutions of rank %r '
                             'are not supported (1 or 2).'
                             % (self.name, self.rank))
        return self._finish(outputs)

    def get_config(self):
        config = super(_SeparableConv, self).get_config()
        config.pop('rank')
        for key in ('kernel_initializer', 'kernel_regularizer',
                    'kernel_constraint'):
            config.pop(key)
        config['depth_multiplier'] = self.depth_multiplier
        config['depthwise_initializer'] = initializers.serialize(
            self.depthwise_initializer)
        config['pointwise_initializer'] = initializers.serialize(
            self.pointwise_initializer)
        config['depthwise_regularizer'] = regularizers.serialize(
            self.depthwise_regularizer)
        config['pointwise_regularizer'] = regularizers.serialize(
            self.pointwise_regularizer)
        config['depthwise_constraint'] = constraints.serialize(
            self.depthwise_constraint)
        config['pointwise_constraint'] = constraints.serialize(
            self.pointwise_constraint)
        return config


class SeparableConv1D(_SeparableConv):
    """Depthwise separable 1D convolution.

    # Arguments
        filters: number of output channels (of kernels).
        kernel_size: an int or a tuple of 1 int: the length of the convolution
            window.
        strides: an int or a tuple of 1 int: the step of the window. A stride
            other than 1 cannot be combined with a dilation rate other than 1.
        padding: `'valid'`, `'same'` or `'causal'` (dilated causal convolution,
            as in WaveNet: the input is zero-padded on the left so that the
            output at `t` depends on no input after `t`).
        data_format: `'channels_last'` (`(batch, steps, channels)`, the
            default) or `'channels_first'` (`(batch, channels, steps)`).
        dilation_rate: an int or a tuple of 1 int: the dilation of the kernel,
            for dilated (atrous) convolution; 1: none.
        depth_multiplier: number of depthwise output channels per input channel
            (the depthwise step outputs `channels * depth_multiplier`
            channels).
        activation: activation function applied to the output (a name or a
            function, see `keras.activations`); None: linear, `a(x) = x`.
        use_bias: whether the layer adds a bias vector.
        depthwise_initializer: initializer of the depthwise kernel (see
            `keras.initializers`).
        pointwise_initializer: initializer of the pointwise kernel (see
            `keras.initializers`).
        bias_initializer: initializer of the bias vector.
        depthwise_regularizer: regularizer applied to the depthwise kernel (see
            `keras.regularizers`), or None.
        pointwise_regularizer: regularizer applied to the pointwise kernel (see
            `keras.regularizers`), or None.
        bias_regularizer: regularizer applied to the bias vector, or None.
        activity_regularizer: regularizer applied to the output of the layer,
            or None.
        depthwise_constraint: constraint applied to the depthwise kernel after
            each update (see `keras.constraints`), or None.
        pointwise_constraint: constraint applied to the pointwise kernel after
            each update (see `keras.constraints`), or None.
        bias_constraint: constraint applied to the bias vector after each
            update, or None.
        W_learning_rate_multiplier: learning-rate multiplier of both the
            depthwise and the pointwise kernel (a number >= 0; 0 freezes
            them), or None (no multiplier).
        b_learning_rate_multiplier: learning-rate multiplier of the bias
            vector, or None.
        W_decay_multiplier: weight-decay multiplier of both the depthwise and
            the pointwise kernel (a number >= 0 scaling the optimizer's
            `weight_decay`; 0: not decayed), or None for the default, 1.
        b_decay_multiplier: weight-decay multiplier of the bias vector, or None
            for the default, 0.

    # Input shape
        3D tensor `(batch, steps, channels)` (channels_last) or
        `(batch, channels, steps)` (channels_first).

    # Output shape
        3D tensor with `filters` channels.
    """

    def __init__(self, filters,
                 kernel_size,
                 strides=1,
                 padding='valid',
                 data_format='channels_last',
                 dilation_rate=1,
                 depth_multiplier=1,
                 activation=None,
                 use_bias=True,
                 depthwise_initializer='glorot_uniform',
                 pointwise_initializer='glorot_uniform',
                 bias_initializer='zeros',
                 depthwise_regularizer=None,
                 pointwise_regularizer=None,
                 bias_regularizer=None,
                 activity_regularizer=None,
                 depthwise_constraint=None,
                 pointwise_constraint=None,
                 bias_constraint=None,
                 W_learning_rate_multiplier=None,
                 b_learning_rate_multiplier=None,
                 W_decay_multiplier=None,
                 b_decay_multiplier=None,
                 **kwargs):
        super(SeparableConv1D, self).__init__(
            rank=1,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            depth_multiplier=depth_multiplier,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier,
            **kwargs)


class SeparableConv2D(_SeparableConv):
    """Depthwise separable 2D convolution.

    # Arguments
        filters: number of output channels (of kernels).
        kernel_size: an int or a tuple of 2 ints: the size of the convolution
            window (one int: the same along every spatial dimension).
        strides: an int or a tuple of 2 ints: the step of the window along each
            spatial dimension. Strides other than 1 cannot be combined with a
            dilation rate other than 1.
        padding: `'valid'` (no padding: the output shrinks) or `'same'` (the
            input is zero-padded so that, with stride 1, the output has its
            spatial size).
        data_format: `'channels_last'` (channels on the last axis) or
            `'channels_first'`; None (the default) takes the
            `image_data_format` of the Keras config (`~/.keras/keras.json`,
            `'channels_last'` if never set).
        dilation_rate: an int or a tuple of 2 ints: the dilation of the kernel,
            for dilated (atrous) convolution; 1: none.
        depth_multiplier: number of depthwise output channels per input channel
            (the depthwise step outputs `channels * depth_multiplier`
            channels).
        activation: activation function applied to the output (a name or a
            function, see `keras.activations`); None: linear, `a(x) = x`.
        use_bias: whether the layer adds a bias vector.
        depthwise_initializer: initializer of the depthwise kernel (see
            `keras.initializers`).
        pointwise_initializer: initializer of the pointwise kernel (see
            `keras.initializers`).
        bias_initializer: initializer of the bias vector.
        depthwise_regularizer: regularizer applied to the depthwise kernel (see
            `keras.regularizers`), or None.
        pointwise_regularizer: regularizer applied to the pointwise kernel (see
            `keras.regularizers`), or None.
        bias_regularizer: regularizer applied to the bias vector, or None.
        activity_regularizer: regularizer applied to the output of the layer,
            or None.
        depthwise_constraint: constraint applied to the depthwise kernel after
            each update (see `keras.constraints`), or None.
        pointwise_constraint: constraint applied to the pointwise kernel after
            each update (see `keras.constraints`), or None.
        bias_constraint: constraint applied to the bias vector after each
            update, or None.
        W_learning_rate_multiplier: learning-rate multiplier of both the
            depthwise and the pointwise kernel (a number >= 0; 0 freezes
            them), or None (no multiplier).
        b_learning_rate_multiplier: learning-rate multiplier of the bias
            vector, or None.
        W_decay_multiplier: weight-decay multiplier of both the depthwise and
            the pointwise kernel (a number >= 0 scaling the optimizer's
            `weight_decay`; 0: not decayed), or None for the default, 1.
        b_decay_multiplier: weight-decay multiplier of the bias vector, or None
            for the default, 0.

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        4D tensor with `filters` channels.
    """

    @interfaces.legacy_separable_conv2d_support
    def __init__(self, filters,
                 kernel_size,
                 strides=(1, 1),
                 padding='valid',
                 data_format=None,
                 dilation_rate=(1, 1),
                 depth_multiplier=1,
                 activation=None,
                 use_bias=True,
                 depthwise_initializer='glorot_uniform',
                 pointwise_initializer='glorot_uniform',
                 bias_initializer='zeros',
                 depthwise_regularizer=None,
                 pointwise_regularizer=None,
                 bias_regularizer=None,
                 activity_regularizer=None,
                 depthwise_constraint=None,
                 pointwise_constraint=None,
                 bias_constraint=None,
                 W_learning_rate_multiplier=None,
                 b_learning_rate_multiplier=None,
                 W_decay_multiplier=None,
                 b_decay_multiplier=None,
                 **kwargs):
        super(SeparableConv2D, self).__init__(
            rank=2,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            depth_multiplier=depth_multiplier,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier,
            **kwargs)


class DepthwiseConv2D(Conv2D):
    """Depthwise 2D convolution: each input channel is convolved on its own
    with `depth_multiplier` kernels (the first step of a separable
    convolution).

    # Arguments
        kernel_size: an int or a tuple of 2 ints: the size of the convolution
            window (one int: the same along every spatial dimension).
        strides: an int or a tuple of 2 ints: the step of the window along each
            spatial dimension. Strides other than 1 cannot be combined with a
            dilation rate other than 1.
        padding: `'valid'` (no padding: the output shrinks) or `'same'` (the
            input is zero-padded so that, with stride 1, the output has its
            spatial size).
        depth_multiplier: number of output channels per input channel: the
            layer outputs `channels * depth_multiplier` channels.
        data_format: `'channels_last'` (channels on the last axis) or
            `'channels_first'`; None (the default) takes the
            `image_data_format` of the Keras config (`~/.keras/keras.json`,
            `'channels_last'` if never set).
        activation: activation function applied to the output (a name or a
            function, see `keras.activations`); None: linear, `a(x) = x`.
        use_bias: whether the layer adds a bias vector.
        depthwise_initializer: initializer of the depthwise kernel (see
            `keras.initializers`).
        bias_initializer: initializer of the bias vector.
        depthwise_regularizer: regularizer applied to the depthwise kernel (see
            `keras.regularizers`), or None.
        bias_regularizer: regularizer applied to the bias vector, or None.
        activity_regularizer: regularizer applied to the output of the layer,
            or None.
        depthwise_constraint: constraint applied to the depthwise kernel after
            each update (see `keras.constraints`), or None.
        bias_constraint: constraint applied to the bias vector after each
            update, or None.
        W_learning_rate_multiplier: learning-rate multiplier of the depthwise
            kernel (a number >= 0; 0 freezes it), or None (no multiplier).
        b_learning_rate_multiplier: learning-rate multiplier of the bias
            vector, or None.
        W_decay_multiplier: weight-decay multiplier of the depthwise kernel (a
            number >= 0 scaling the optimizer's `weight_decay`; 0: not
            decayed), or None for the default, 1.
        b_decay_multiplier: weight-decay multiplier of the bias vector, or None
            for the default, 0.

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        4D tensor with `channels * depth_multiplier` channels.
    """

    _wb_kernel_names = ('depthwise_kernel',)

    def __init__(self, kernel_size,
                 strides=(1, 1),
                 padding='valid',
                 depth_multiplier=1,
                 data_format=None,
                 activation=None,
                 use_bias=True,
                 depthwise_initializer='glorot_uniform',
                 bias_initializer='zeros',
                 depthwise_regularizer=None,
                 bias_regularizer=None,
                 activity_regularizer=None,
                 depthwise_constraint=None,
                 bias_constraint=None,
                 W_learning_rate_multiplier=None,
                 b_learning_rate_multiplier=None,
                 W_decay_multiplier=None,
                 b_decay_multiplier=None,
                 **kwargs):
        super(DepthwiseConv2D, self).__init__(
            filters=None,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            activation=activation,
            use_bias=use_bias,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            bias_constraint=bias_constraint,
            bias_initializer=bias_initializer,
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier,
            **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)

    def build(self, input_shape):
        if len(input_shape) < 4:
            raise ValueError('Inputs to layer %s (DepthwiseConv2D) should '
                             'have rank 4, got input shape %s.'
                             % (self.name, tuple(input_shape)))
        channel_axis, input_dim = self._input_channels(input_shape)
        depthwise_kernel_shape = (self.kernel_size[0], self.kernel_size[1],
                                  input_dim, self.depth_multiplier)
        self.depthwise_kernel = self.add_weight(
            shape=depthwise_kernel_shape,
            initializer=self.depthwise_initializer,
            name='depthwise_kernel',
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self._build_bias(input_dim * self.depth_multiplier)
        self.input_spec = InputSpec(ndim=4, axes={channel_axis: input_dim})
        self.built = True

    def call(self, inputs, training=None):
        """Applies the depthwise convolution, the bias and the activation.

        # Arguments
            inputs: 4D input tensor.
            training: unused (the layer behaves the same in training and
                inference); accepted for Keras 2.2.4's signature.

        # Returns
            The output tensor.
        """
        outputs = K.depthwise_conv2d(inputs,
                                     self.depthwise_kernel,
                                     strides=self.strides,
                                     padding=self.padding,
                                     dilation_rate=self.dilation_rate,
                                     data_format=self.data_format)
        return self._finish(outputs)

    def compute_output_shape(self, input_shape):
        if self.data_format == 'channels_first':
            space = input_shape[2:4]
            out_filters = _mul(input_shape[1], self.depth_multiplier)
        else:
            space = input_shape[1:3]
            out_filters = _mul(input_shape[3], self.depth_multiplier)
        rows, cols = self._output_space(space)
        if self.data_format == 'channels_first':
            return (input_shape[0], out_filters, rows, cols)
        return (input_shape[0], rows, cols, out_filters)

    def get_config(self):
        config = super(DepthwiseConv2D, self).get_config()
        for key in ('filters', 'kernel_initializer', 'kernel_regularizer',
                    'kernel_constraint'):
            config.pop(key)
        config['depth_multiplier'] = self.depth_multiplier
        config['depthwise_initializer'] = initializers.serialize(
            self.depthwise_initializer)
        config['depthwise_regularizer'] = regularizers.serialize(
            self.depthwise_regularizer)
        config['depthwise_constraint'] = constraints.serialize(
            self.depthwise_constraint)
        return config


def _mul(dim, factor):
    return None if dim is None else dim * factor


def _add(dim, *amounts):
    return None if dim is None else dim + sum(amounts)


def _sub(dim, *amounts):
    if dim is None:
        return None
    return dim - sum(amounts)


class UpSampling1D(Layer):
    """Repeats each temporal step `size` times along the time axis.

    # Arguments
        size: integer, the up-sampling factor.

    # Input shape
        3D tensor `(batch, steps, features)`.

    # Output shape
        3D tensor `(batch, upsampled_steps, features)`.
    """

    @interfaces.legacy_upsampling1d_support
    def __init__(self, size=2, **kwargs):
        super(UpSampling1D, self).__init__(**kwargs)
        self.size = int(size)
        self.input_spec = InputSpec(ndim=3)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], _mul(input_shape[1], self.size),
                input_shape[2])

    def call(self, inputs):
        return K.repeat_elements(inputs, self.size, axis=1)

    def get_config(self):
        config = {'size': self.size}
        base_config = super(UpSampling1D, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class UpSampling2D(Layer):
    """Up-samples images: rows and columns are enlarged by `size[0]` and
    `size[1]`.

    # Arguments
        size: int or tuple of 2 ints, the factors for rows and columns.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).
        interpolation: `'nearest'` (each pixel repeated) or `'bilinear'`.

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        4D tensor with `rows * size[0]` rows and `cols * size[1]` columns.

    # Raises
        ValueError: for an unknown `interpolation`.
    """

    @interfaces.legacy_upsampling2d_support
    def __init__(self, size=(2, 2), data_format=None, interpolation='nearest',
                 **kwargs):
        super(UpSampling2D, self).__init__(**kwargs)
        self.data_format = K.normalize_data_format(data_format)
        self.size = conv_utils.normalize_tuple(size, 2, 'size')
        if interpolation not in ('nearest', 'bilinear'):
            raise ValueError('Layer %s: `interpolation` should be one of '
                             '"nearest" or "bilinear", got %r.'
                             % (self.name, interpolation))
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def compute_output_shape(self, input_shape):
        if self.data_format == 'channels_first':
            return (input_shape[0], input_shape[1],
                    _mul(input_shape[2], self.size[0]),
                    _mul(input_shape[3], self.size[1]))
        return (input_shape[0],
                _mul(input_shape[1], self.size[0]),
                _mul(input_shape[2], self.size[1]),
                input_shape[3])

    def call(self, inputs):
        return K.resize_images(inputs, self.size[0], self.size[1],
                               self.data_format, self.interpolation)

    def get_config(self):
        config = {'size': self.size,
                  'data_format': self.data_format,
                  'interpolation': self.interpolation}
        base_config = super(UpSampling2D, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class UpSampling3D(Layer):
    """Up-samples volumes: the three spatial dimensions are enlarged by
    `size[0]`, `size[1]` and `size[2]` (nearest neighbour).

    # Arguments
        size: int or tuple of 3 ints, the factors.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        5D tensor `(batch, d1, d2, d3, channels)` (channels_last) or
        `(batch, channels, d1, d2, d3)` (channels_first).

    # Output shape
        5D tensor with each spatial dimension multiplied by its factor.
    """

    @interfaces.legacy_upsampling3d_support
    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super(UpSampling3D, self).__init__(**kwargs)
        self.data_format = K.normalize_data_format(data_format)
        self.size = conv_utils.normalize_tuple(size, 3, 'size')
        self.input_spec = InputSpec(ndim=5)

    def compute_output_shape(self, input_shape):
        if self.data_format == 'channels_first':
            return ((input_shape[0], input_shape[1]) +
                    tuple(_mul(input_shape[2 + i], self.size[i])
                          for i in range(3)))
        return ((input_shape[0],) +
                tuple(_mul(input_shape[1 + i], self.size[i])
                      for i in range(3)) +
                (input_shape[4],))

    def call(self, inputs):
        return K.resize_volumes(inputs, self.size[0], self.size[1],
                                self.size[2], self.data_format)

    def get_config(self):
        config = {'size': self.size,
                  'data_format': self.data_format}
        base_config = super(UpSampling3D, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def _normalize_pairs(value, rank, name, layer_name):
    """Turns a padding/cropping argument into `rank` pairs of ints.

    Accepts an int (the same on both sides of every spatial dimension), a
    tuple of `rank` ints (symmetric per dimension), or a tuple of `rank`
    pairs of ints.

    # Raises
        ValueError: for anything else.
    """
    message = ('Layer %s: `%s` should be either an int, a tuple of %d ints '
               '(symmetric amounts per dimension), or a tuple of %d tuples of '
               '2 ints ((before, after) per dimension). Found: %r'
               % (layer_name, name, rank, rank, value))
    if isinstance(value, int) and not isinstance(value, bool):
        return tuple((value, value) for _ in range(rank))
    if not hasattr(value, '__len__') or len(value) != rank:
        raise ValueError(message)
    pairs = []
    for item in value:
        if isinstance(item, int) and not isinstance(item, bool):
            pairs.append((item, item))
        elif hasattr(item, '__len__') and len(item) == 2:
            pairs.append(conv_utils.normalize_tuple(item, 2, name))
        else:
            raise ValueError(message)
    for pair in pairs:
        if any(int(v) < 0 for v in pair):
            raise ValueError(message + ' (amounts must be >= 0).')
    return tuple(tuple(int(v) for v in pair) for pair in pairs)


class _ZeroPadding(Layer):
    """Base class of the zero-padding layers.

    # Arguments
        padding: tuple of `rank` pairs `(before, after)`.
        data_format: `'channels_last'` or `'channels_first'`.
    """

    def __init__(self, padding, data_format=None, **kwargs):
        super(_ZeroPadding, self).__init__(**kwargs)
        self.padding = padding
        self.data_format = K.normalize_data_format(data_format)
        self.rank = len(padding)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _spatial_axes(self):
        if self.data_format == 'channels_first':
            return range(2, 2 + self.rank)
        return range(1, 1 + self.rank)

    def compute_output_shape(self, input_shape):
        output_shape = list(input_shape)
        for i, axis in enumerate(self._spatial_axes()):
            output_shape[axis] = _add(output_shape[axis], *self.padding[i])
        return tuple(output_shape)

    def get_config(self):
        config = {'padding': self.padding,
                  'data_format': self.data_format}
        base_config = super(_ZeroPadding, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class ZeroPadding1D(_ZeroPadding):
    """Adds zeros at the start and end of a temporal input.

    # Arguments
        padding: int (the same on both sides) or tuple of 2 ints
            `(left_pad, right_pad)`.

    # Input shape
        3D tensor `(batch, steps, features)`.

    # Output shape
        3D tensor `(batch, padded_steps, features)`.
    """

    def __init__(self, padding=1, **kwargs):
        normalized = (conv_utils.normalize_tuple(padding, 2, 'padding'),)
        super(ZeroPadding1D, self).__init__(normalized,
                                            data_format='channels_last',
                                            **kwargs)

    def call(self, inputs):
        return K.temporal_padding(inputs, padding=self.padding[0])

    def get_config(self):
        config = super(ZeroPadding1D, self).get_config()
        config['padding'] = config['padding'][0]
        config.pop('data_format')
        return config


class ZeroPadding2D(_ZeroPadding):
    """Adds rows and columns of zeros around an image.

    # Arguments
        padding: int (the same everywhere), tuple of 2 ints
            `(symmetric_height_pad, symmetric_width_pad)`, or tuple of 2
            tuples of 2 ints `((top_pad, bottom_pad), (left_pad, right_pad))`.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        4D tensor with padded rows and columns.
    """

    @interfaces.legacy_zeropadding2d_support
    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        name = kwargs.get('name') or 'ZeroPadding2D'
        normalized = _normalize_pairs(padding, 2, 'padding', name)
        super(ZeroPadding2D, self).__init__(normalized,
                                            data_format=data_format,
                                            **kwargs)

    def call(self, inputs):
        return K.spatial_2d_padding(inputs, padding=self.padding,
                                    data_format=self.data_format)


class ZeroPadding3D(_ZeroPadding):
    """Adds zeros around a volume.

    # Arguments
        padding: int, tuple of 3 ints, or tuple of 3 tuples of 2 ints
            `((left_dim1, right_dim1), (left_dim2, right_dim2),
            (left_dim3, right_dim3))`.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        5D tensor `(batch, d1, d2, d3, channels)` (channels_last) or
        `(batch, channels, d1, d2, d3)` (channels_first).

    # Output shape
        5D tensor with padded spatial dimensions.
    """

    @interfaces.legacy_zeropadding3d_support
    def __init__(self, padding=(1, 1, 1), data_format=None, **kwargs):
        name = kwargs.get('name') or 'ZeroPadding3D'
        normalized = _normalize_pairs(padding, 3, 'padding', name)
        super(ZeroPadding3D, self).__init__(normalized,
                                            data_format=data_format,
                                            **kwargs)

    def call(self, inputs):
        return K.spatial_3d_padding(inputs, padding=self.padding,
                                    data_format=self.data_format)


class _Cropping(Layer):
    """Base class of the cropping layers.

    # Arguments
        cropping: tuple of `rank` pairs `(before, after)`.
        data_format: `'channels_last'` or `'channels_first'`.
    """

    def __init__(self, cropping, data_format=None, **kwargs):
        super(_Cropping, self).__init__(**kwargs)
        self.cropping = cropping
        self.data_format = K.normalize_data_format(data_format)
        self.rank = len(cropping)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _spatial_axes(self):
        if self.data_format == 'channels_first':
            return list(range(2, 2 + self.rank))
        return list(range(1, 1 + self.rank))

    def compute_output_shape(self, input_shape):
        output_shape = list(input_shape)
        for i, axis in enumerate(self._spatial_axes()):
            length = _sub(output_shape[axis], *self.cropping[i])
            # Cropping everything gives a length of 0, as in Keras 2.2.4;
            # only cropping more than there is is an error.
            if length is not None and length < 0:
                raise ValueError('Layer %s: cropping %s removes more than '
                                 'the %d steps of dimension %d of the input '
                                 '(shape %s); at most all of them can be '
                                 'cropped.'
                                 % (self.name, self.cropping[i],
                                    output_shape[axis], axis,
                                    tuple(input_shape)))
            output_shape[axis] = length
        return tuple(output_shape)

    def call(self, inputs):
        slices = [slice(None)] * (self.rank + 2)
        for i, axis in enumerate(self._spatial_axes()):
            start, end = self.cropping[i]
            slices[axis] = slice(start, -end if end else None)
        return inputs[tuple(slices)]

    def get_config(self):
        config = {'cropping': self.cropping,
                  'data_format': self.data_format}
        base_config = super(_Cropping, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Cropping1D(_Cropping):
    """Crops a temporal input along the time axis.

    # Arguments
        cropping: int (the same at both ends) or tuple of 2 ints, the number
            of steps removed at the start and at the end.

    # Input shape
        3D tensor `(batch, steps, features)`.

    # Output shape
        3D tensor `(batch, cropped_steps, features)`.
    """

    def __init__(self, cropping=(1, 1), **kwargs):
        normalized = (conv_utils.normalize_tuple(cropping, 2, 'cropping'),)
        super(Cropping1D, self).__init__(normalized,
                                         data_format='channels_last',
                                         **kwargs)

    def get_config(self):
        config = super(Cropping1D, self).get_config()
        config['cropping'] = config['cropping'][0]
        config.pop('data_format')
        return config


class Cropping2D(_Cropping):
    """Crops an image along rows and columns.

    # Arguments
        cropping: int (the same everywhere), tuple of 2 ints
            `(symmetric_height_crop, symmetric_width_crop)`, or tuple of 2
            tuples of 2 ints `((top_crop, bottom_crop), (left_crop,
            right_crop))`.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        4D tensor with cropped rows and columns.
    """

    @interfaces.legacy_cropping2d_support
    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        name = kwargs.get('name') or 'Cropping2D'
        normalized = _normalize_pairs(cropping, 2, 'cropping', name)
        super(Cropping2D, self).__init__(normalized, data_format=data_format,
                                         **kwargs)


class Cropping3D(_Cropping):
    """Crops a volume along its three spatial dimensions.

    # Arguments
        cropping: int, tuple of 3 ints, or tuple of 3 tuples of 2 ints
            `((left_dim1, right_dim1), (left_dim2, right_dim2),
            (left_dim3, right_dim3))`.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        5D tensor `(batch, d1, d2, d3, channels)` (channels_last) or
        `(batch, channels, d1, d2, d3)` (channels_first).

    # Output shape
        5D tensor with cropped spatial dimensions.
    """

    @interfaces.legacy_cropping3d_support
    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None,
                 **kwargs):
        name = kwargs.get('name') or 'Cropping3D'
        normalized = _normalize_pairs(cropping, 3, 'cropping', name)
        super(Cropping3D, self).__init__(normalized, data_format=data_format,
                                         **kwargs)


# Aliases (as in Keras 2.2.4).

Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
Convolution2DTranspose = Conv2DTranspose
Deconvolution2D = Deconv2D = Conv2DTranspose
Deconvolution3D = Deconv3D = Conv3DTranspose


# Keras 2.2.4 also made the pooling layers importable from this module
# (`from keras.layers.convolutional import MaxPooling2D` is common in old
# scripts).
from .pooling import AveragePooling1D  # noqa: E402
from .pooling import AveragePooling2D  # noqa: E402
from .pooling import AveragePooling3D  # noqa: E402
from .pooling import MaxPooling1D  # noqa: E402
from .pooling import MaxPooling2D  # noqa: E402
from .pooling import MaxPooling3D  # noqa: E402


# ... and the deprecated atrous factories. They live in keras/legacy/layers.py,
# which imports this module; they are loaded on first access (PEP 562), so
# this module does not import it back.
_LEGACY_NAMES = ('AtrousConvolution1D', 'AtrousConvolution2D')


def __getattr__(name):
    if name in _LEGACY_NAMES:
        from ..legacy import layers as legacy_layers
        return getattr(legacy_layers, name)
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
