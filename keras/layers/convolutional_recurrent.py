"""Convolutional recurrent layers: `ConvRNN2D` (runs a convolutional cell
over time), `ConvLSTM2DCell` and `ConvLSTM2D`.

(`ConvRecurrent2D`, the Keras 1 style base class, lives in
`keras.legacy.layers`, as in Keras 2.2.4.)
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import numpy as np

from .. import activations
from .. import backend as K
from .. import constraints
from .. import initializers
from .. import regularizers
from ..engine.base_layer import InputSpec
from ..engine.base_layer import Layer
from ..legacy import interfaces
from ..utils import conv_utils
from .recurrent import RNN
from .recurrent import _OwnCellMixin
from .recurrent import _attributes_config
from .recurrent import _expose_cell_attributes
from .recurrent import _forget_bias_initializer
from .recurrent import _generate_dropout_mask
from .recurrent import _mark_learning_phase
from .recurrent import _state_size_list


def _time_mask(mask):
    """A `(batch, time)` mask from a mask with extra trailing axes (such as
    the `(batch, time, rows, cols)` mask a `Masking` layer gives for image
    sequences): a time step counts when any of its entries does."""
    if isinstance(mask, list):
        return [_time_mask(m) for m in mask]
    if mask is None or K.ndim(mask) <= 2:
        return mask
    return K.any(mask, axis=list(range(2, K.ndim(mask))))


class ConvRNN2D(RNN):
    """Base class of convolutional-recurrent layers: runs a convolutional
    cell over the time axis of a sequence of images.

    # Arguments
        cell: an RNN cell whose inputs and states are images: an object with
            `call(input_at_t, states_at_t)` returning
            `(output_at_t, states_at_t_plus_1)`, a `state_size` attribute
            (number of channels of each state), and the convolution
            attributes `filters`, `kernel_size`, `strides`, `padding`,
            `dilation_rate`, `data_format`, `kernel_shape` and
            `input_conv(x, w, b=None, padding='valid')`
            (see `ConvLSTM2DCell`).
        return_sequences: whether to return the whole output sequence or
            only the last output.
        return_state: whether to return the last states after the output.
        go_backwards: whether to process the input sequence backwards.
        stateful: whether the last states of a batch are the initial states
            of the next one (needs a fixed batch size).
        unroll: must be False (unrolling is not supported here).

    # Input shape
        5D tensor `(samples, time, channels, rows, cols)` with
        `data_format='channels_first'`, or
        `(samples, time, rows, cols, channels)` with `'channels_last'`.

    # Output shape
        - with `return_state`: a list `[output] + states`, each state a 4D
          tensor `(samples, filters, new_rows, new_cols)` (channels first) or
          `(samples, new_rows, new_cols, filters)` (channels last);
        - with `return_sequences`: 5D `(samples, time, ...)`;
        - else 4D `(samples, ...)`.

    # Raises
        TypeError: for `unroll=True` or a list of cells.
    """

    def __init__(self, cell,
                 return_sequences=False,
                 return_state=False,
                 go_backwards=False,
                 stateful=False,
                 unroll=False,
                 **kwargs):
        if unroll:
            raise TypeError('Unrolling is not possible with convolutional '
                            'RNNs (ConvRNN2D): pass unroll=False.')
        if isinstance(cell, (list, tuple)):
            raise TypeError('ConvRNN2D cannot stack convolutional cells: pass '
                            'one cell, or stack several ConvRNN2D layers.')
        super(ConvRNN2D, self).__init__(cell,
                                        return_sequences=return_sequences,
                                        return_state=return_state,
                                        go_backwards=go_backwards,
                                        stateful=stateful,
                                        unroll=unroll,
                                        **kwargs)
        self.input_spec = [InputSpec(ndim=5)]

    def _state_shape(self, input_shape, channels):
        cell = self.cell
        if cell.data_format == 'channels_first':
            rows, cols = input_shape[3], input_shape[4]
        else:
            rows, cols = input_shape[2], input_shape[3]
        rows = conv_utils.conv_output_length(rows, cell.kernel_size[0],
                                             padding=cell.padding,
                                             stride=cell.strides[0],
                                             dilation=cell.dilation_rate[0])
        cols = conv_utils.conv_output_length(cols, cell.kernel_size[1],
                                             padding=cell.padding,
                                             stride=cell.strides[1],
                                             dilation=cell.dilation_rate[1])
        if cell.data_format == 'channels_first':
            return (input_shape[0], channels, rows, cols)
        return (input_shape[0], rows, cols, channels)

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        input_shape = tuple(input_shape)
        step_shape = self._state_shape(input_shape, self.cell.filters)
        if self.return_sequences:
            output_shape = (step_shape[0], input_shape[1]) + step_shape[1:]
        else:
            output_shape = step_shape
        if self.return_state:
            return [output_shape] + [self._state_shape(input_shape, dim)
                                     for dim in _state_size_list(self.cell)]
        return output_shape

    def compute_mask(self, inputs, mask):
        return super(ConvRNN2D, self).compute_mask(inputs,
                                                   _time_mask(mask))

    def build(self, input_shape):
        if self._num_constants:
            constants_shape = list(input_shape[-self._num_constants:])
        else:
            constants_shape = None
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        input_shape = tuple(input_shape)

        batch_size = input_shape[0] if self.stateful else None
        self.input_spec[0] = InputSpec(shape=(batch_size, None) +
                                       input_shape[2:5])

        if isinstance(self.cell, Layer) and not self.cell.built:
            step_input_shape = (input_shape[0],) + input_shape[2:]
            if constants_shape is not None:
                self.cell.build([step_input_shape] + constants_shape)
            else:
                self.cell.build(step_input_shape)
            self.cell.built = True

        state_size = _state_size_list(self.cell)
        channel_axis = 1 if self.cell.data_format == 'channels_first' else 3
        if self.state_spec is not None:
            given = [spec.shape[channel_axis] for spec in self.state_spec]
            if given != state_size:
                raise ValueError(
                    'Layer %s: an `initial_state` was passed that is not '
                    'compatible with `cell.state_size`. Received state '
                    'channels %s, expected %s (channel axis %d, data_format '
                    '%r).' % (self.name, given, state_size, channel_axis,
                              self.cell.data_format))
        else:
            if self.cell.data_format == 'channels_first':
                self.state_spec = [InputSpec(shape=(None, dim, None, None))
                                   for dim in state_size]
            else:
                self.state_spec = [InputSpec(shape=(None, None, None, dim))
                                   for dim in state_size]
        if self.stateful:
            self.reset_states()
        self.built = True

    def get_initial_state(self, inputs):
        """Zero states: the input convolution of a zero image with a zero
        kernel, so they have the output's spatial shape.

        # Arguments
            inputs: the 5D input tensor of the layer.

        # Returns
            List of 4D tensors, one per state.
        """
        initial_state = K.zeros_like(inputs)
        initial_state = K.sum(initial_state, axis=1)
        shape = list(self.cell.kernel_shape)
        shape[-1] = self.cell.filters
        initial_state = self.cell.input_conv(initial_state,
                                             K.zeros(tuple(shape)),
                                             padding=self.cell.padding)
        return [initial_state for _ in _state_size_list(self.cell)]

    def call(self, inputs, mask=None, training=None, initial_state=None,
             constants=None):
        return super(ConvRNN2D, self).call(inputs, mask=_time_mask(mask),
                                           training=training,
                                           initial_state=initial_state,
                                           constants=constants)

    def _stateful_state_shapes(self):
        """Full shapes (batch included) of the states of a stateful layer.

        # Raises
            ValueError: if the batch size or the image size is unknown.
        """
        input_shape = self.input_spec[0].shape
        shapes = [self._state_shape(input_shape, dim)
                  for dim in _state_size_list(self.cell)]
        if any(None in shape for shape in shapes):
            raise ValueError(
                'Layer %s: if a RNN is stateful, it needs to know its batch '
                'size and image size. Specify the batch size of your input '
                'tensors: with a Sequential model, pass a `batch_input_shape` '
                'argument to your first layer; with the functional API, pass '
                'a `batch_shape` argument to your Input layer. Known state '
                'shapes: %s' % (self.name, shapes))
        return shapes


# The arguments of `ConvLSTM2DCell`, in the order of its config.
_CONV_LSTM_ATTRIBUTES = (
    'filters', 'kernel_size', 'strides', 'padding', 'data_format',
    'dilation_rate', 'activation', 'recurrent_activation', 'use_bias',
    'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
    'unit_forget_bias', 'kernel_regularizer', 'recurrent_regularizer',
    'bias_regularizer', 'kernel_constraint', 'recurrent_constraint',
    'bias_constraint', 'dropout', 'recurrent_dropout')


class ConvLSTM2DCell(Layer):
    """Cell of a convolutional LSTM: an LSTM whose input and recurrent
    transformations are 2D convolutions.

    Gates in the order input, forget, cell candidate, output (four blocks of
    `filters` output channels in the kernels). The input convolution uses the
    layer's `strides`, `padding` and `dilation_rate`; the recurrent one has
    stride 1 and `'same'` padding.

    # Arguments
        filters: number of output channels.
        kernel_size: int or tuple of 2 ints, the convolution window.
        strides: int or tuple of 2 ints (a stride other than 1 excludes a
            dilation rate other than 1).
        padding: `'valid'` or `'same'`.
        data_format: `'channels_last'` (inputs `(batch, rows, cols,
            channels)`) or `'channels_first'`; default: the
            `image_data_format` of the Keras config.
        dilation_rate: int or tuple of 2 ints.
        activation: activation of the candidate and of the output.
        recurrent_activation: activation of the gates.
        use_bias: whether the layer uses a bias.
        kernel_initializer: initializer of the `kernel`.
        recurrent_initializer: initializer of the `recurrent_kernel`.
        bias_initializer: initializer of the `bias`.
        unit_forget_bias: add 1 to the forget gate's bias at initialization.
        kernel_regularizer: regularizer of the `kernel`.
        recurrent_regularizer: regularizer of the `recurrent_kernel`.
        bias_regularizer: regularizer of the `bias`.
        kernel_constraint: constraint on the `kernel`.
        recurrent_constraint: constraint on the `recurrent_kernel`.
        bias_constraint: constraint on the `bias`.
        dropout: fraction of the input units to drop.
        recurrent_dropout: fraction of the recurrent units to drop.
        learning_rate_multipliers: number or dict over `'kernel'`,
            `'recurrent_kernel'`, `'bias'`.
    """

    def __init__(self, filters,
                 kernel_size,
                 strides=(1, 1),
                 padding='valid',
                 data_format=None,
                 dilation_rate=(1, 1),
                 activation='tanh',
                 recurrent_activation='hard_sigmoid',
                 use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros',
                 unit_forget_bias=True,
                 kernel_regularizer=None,
                 recurrent_regularizer=None,
                 bias_regularizer=None,
                 kernel_constraint=None,
                 recurrent_constraint=None,
                 bias_constraint=None,
                 dropout=0.,
                 recurrent_dropout=0.,
                 **kwargs):
        super(ConvLSTM2DCell, self).__init__(**kwargs)
        self.filters = filters
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, 2,
                                                      'kernel_size')
        self.strides = conv_utils.normalize_tuple(strides, 2, 'strides')
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = K.normalize_data_format(data_format)
        self.dilation_rate = conv_utils.normalize_tuple(dilation_rate, 2,
                                                        'dilation_rate')
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias

        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = unit_forget_bias

        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)

        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

        self.dropout = min(1., max(0., dropout))
        self.recurrent_dropout = min(1., max(0., recurrent_dropout))
        self.state_size = (self.filters, self.filters)
        self._dropout_mask = None
        self._recurrent_dropout_mask = None

    def build(self, input_shape):
        channel_axis = 1 if self.data_format == 'channels_first' else -1
        if input_shape[channel_axis] is None:
            raise ValueError('Layer %s: the channel dimension of the inputs '
                             'should be defined. Found `None` (input shape '
                             '%s).' % (self.name, input_shape))
        input_dim = input_shape[channel_axis]
        kernel_shape = self.kernel_size + (input_dim, self.filters * 4)
        self.kernel_shape = kernel_shape
        recurrent_kernel_shape = self.kernel_size + (self.filters,
                                                     self.filters * 4)

        self.kernel = self.add_weight(shape=kernel_shape,
                                      initializer=self.kernel_initializer,
                                      name='kernel',
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=recurrent_kernel_shape,
            initializer=self.recurrent_initializer,
            name='recurrent_kernel',
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        if self.use_bias:
            if self.unit_forget_bias:
                bias_initializer = _forget_bias_initializer(
                    self.filters, self.bias_initializer, 2)
            else:
                bias_initializer = self.bias_initializer
            self.bias = self.add_weight(shape=(self.filters * 4,),
                                        name='bias',
                                        initializer=bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None

        f = self.filters
        self.kernel_i = self.kernel[:, :, :, :f]
        self.recurrent_kernel_i = self.recurrent_kernel[:, :, :, :f]
        self.kernel_f = self.kernel[:, :, :, f:f * 2]
        self.recurrent_kernel_f = self.recurrent_kernel[:, :, :, f:f * 2]
        self.kernel_c = self.kernel[:, :, :, f * 2:f * 3]
        self.recurrent_kernel_c = self.recurrent_kernel[:, :, :, f * 2:f * 3]
        self.kernel_o = self.kernel[:, :, :, f * 3:]
        self.recurrent_kernel_o = self.recurrent_kernel[:, :, :, f * 3:]

        if self.use_bias:
            self.bias_i = self.bias[:f]
            self.bias_f = self.bias[f:f * 2]
            self.bias_c = self.bias[f * 2:f * 3]
            self.bias_o = self.bias[f * 3:]
        else:
            self.bias_i = None
            self.bias_f = None
            self.bias_c = None
            self.bias_o = None
        self.built = True

    def call(self, inputs, states, training=None):
        """One step of the cell.

        # Arguments
            inputs: 4D tensor, the input frame of this step.
            states: list `[h, c]` of the previous output and carry (4D
                tensors).
            training: Python bool or scalar tensor, the phase in which the
                dropout masks apply (default: the learning phase).

        # Returns
            `(h, [h, c])`: the output and the new states.
        """
        h_tm1 = states[0]  # previous memory state
        c_tm1 = states[1]  # previous carry state
        if 0 < self.dropout < 1 and self._dropout_mask is None:
            self._dropout_mask = _generate_dropout_mask(
                K.ones_like(inputs), self.dropout, training=training, count=4)
        if (0 < self.recurrent_dropout < 1 and
                self._recurrent_dropout_mask is None):
            self._recurrent_dropout_mask = _generate_dropout_mask(
                K.ones_like(h_tm1), self.recurrent_dropout,
                training=training, count=4)
        dp_mask = self._dropout_mask
        rec_dp_mask = self._recurrent_dropout_mask

        if 0 < self.dropout < 1.:
            inputs_i = inputs * dp_mask[0]
            inputs_f = inputs * dp_mask[1]
            inputs_c = inputs * dp_mask[2]
            inputs_o = inputs * dp_mask[3]
        else:
            inputs_i = inputs_f = inputs_c = inputs_o = inputs

        if 0 < self.recurrent_dropout < 1.:
            h_tm1_i = h_tm1 * rec_dp_mask[0]
            h_tm1_f = h_tm1 * rec_dp_mask[1]
            h_tm1_c = h_tm1 * rec_dp_mask[2]
            h_tm1_o = h_tm1 * rec_dp_mask[3]
        else:
            h_tm1_i = h_tm1_f = h_tm1_c = h_tm1_o = h_tm1

        x_i = self.input_conv(inputs_i, self.kernel_i, self.bias_i,
                              padding=self.padding)
        x_f = self.input_conv(inputs_f, self.kernel_f, self.bias_f,
                              padding=self.padding)
        x_c = self.input_conv(inputs_c, self.kernel_c, self.bias_c,
                              padding=self.padding)
        x_o = self.input_conv(inputs_o, self.kernel_o, self.bias_o,
                              padding=self.padding)
        h_i = self.recurrent_conv(h_tm1_i, self.recurrent_kernel_i)
        h_f = self.recurrent_conv(h_tm1_f, self.recurrent_kernel_f)
        h_c = self.recurrent_conv(h_tm1_c, self.recurrent_kernel_c)
        h_o = self.recurrent_conv(h_tm1_o, self.recurrent_kernel_o)

        i = self.recurrent_activation(x_i + h_i)
        f = self.recurrent_activation(x_f + h_f)
        c = f * c_tm1 + i * self.activation(x_c + h_c)
        o = self.recurrent_activation(x_o + h_o)
        h = o * self.activation(c)
        _mark_learning_phase(h, self, training)
        return h, [h, c]

    def input_conv(self, x, w, b=None, padding='valid'):
        """Convolution of an input image with the cell's strides and
        dilation (plus the bias `b` when given).

        # Arguments
            x: 4D input tensor.
            w: the kernel (a slice of `kernel`).
            b: optional bias vector.
            padding: `'valid'` or `'same'`.

        # Returns
            A 4D tensor.
        """
        conv_out = K.conv2d(x, w, strides=self.strides,
                            padding=padding,
                            data_format=self.data_format,
                            dilation_rate=self.dilation_rate)
        if b is not None:
            conv_out = K.bias_add(conv_out, b, data_format=self.data_format)
        return conv_out

    def recurrent_conv(self, x, w):
        """Convolution of a state with stride 1 and `'same'` padding.

        # Arguments
            x: 4D state tensor.
            w: the kernel (a slice of `recurrent_kernel`).

        # Returns
            A 4D tensor of the state's spatial shape.
        """
        return K.conv2d(x, w, strides=(1, 1), padding='same',
                        data_format=self.data_format)

    def get_config(self):
        config = _attributes_config(self, _CONV_LSTM_ATTRIBUTES)
        base_config = super(ConvLSTM2DCell, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class ConvLSTM2D(_OwnCellMixin, ConvRNN2D):
    """Convolutional LSTM: an LSTM whose input and recurrent transformations
    are convolutions (see `ConvLSTM2DCell`).

    # Arguments
        filters: number of output channels.
        kernel_size: int or tuple of 2 ints, the convolution window.
        strides: int or tuple of 2 ints, the strides of the input
            convolution (a stride other than 1 excludes a dilation rate
            other than 1).
        padding: `'valid'` or `'same'`, the padding of the input
            convolution.
        data_format: `'channels_last'` or `'channels_first'` (the position
            of the channels in each frame); default: the
            `image_data_format` of the Keras config.
        dilation_rate: int or tuple of 2 ints, the dilation of the input
            convolution.
        activation: activation of the candidate and of the output.
        recurrent_activation: activation of the gates.
        use_bias: whether the layer uses a bias.
        kernel_initializer: initializer of the `kernel` (input convolution).
        recurrent_initializer: initializer of the `recurrent_kernel`.
        bias_initializer: initializer of the `bias`.
        unit_forget_bias: add 1 to the forget gate's bias at
            initialization.
        kernel_regularizer: regularizer of the `kernel`.
        recurrent_regularizer: regularizer of the `recurrent_kernel`.
        bias_regularizer: regularizer of the `bias`.
        kernel_constraint: constraint on the `kernel`.
        recurrent_constraint: constraint on the `recurrent_kernel`.
        bias_constraint: constraint on the `bias`.
        dropout: fraction of the input units to drop.
        recurrent_dropout: fraction of the recurrent units to drop.
        activity_regularizer: regularizer of the output.
        return_sequences: whether to return the whole output sequence.
        go_backwards: whether to process the input sequence backwards.
        stateful: whether the last states of a batch are the initial states
            of the next one.
        learning_rate_multipliers: number or dict over `'kernel'`,
            `'recurrent_kernel'`, `'bias'` (the cell's weights).

    # Input shape
        - channels first: 5D `(samples, time, channels, rows, cols)`;
        - channels last: 5D `(samples, time, rows, cols, channels)`.

    # Output shape
        - with `return_sequences`: 5D `(samples, time, filters, rows, cols)`
          (channels first) or `(samples, time, rows, cols, filters)`;
        - else the same without the time axis. `rows` and `cols` change with
          padding and strides.

    # Raises
        ValueError: in case of invalid constructor arguments.
    """

    @interfaces.legacy_convlstm2d_support
    def __init__(self, filters,
                 kernel_size,
                 strides=(1, 1),
                 padding='valid',
                 data_format=None,
                 dilation_rate=(1, 1),
                 activation='tanh',
                 recurrent_activation='hard_sigmoid',
                 use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros',
                 unit_forget_bias=True,
                 kernel_regularizer=None,
                 recurrent_regularizer=None,
                 bias_regularizer=None,
                 activity_regularizer=None,
                 kernel_constraint=None,
                 recurrent_constraint=None,
                 bias_constraint=None,
                 return_sequences=False,
                 go_backwards=False,
                 stateful=False,
                 dropout=0.,
                 recurrent_dropout=0.,
                 **kwargs):
        cell = ConvLSTM2DCell(filters=filters,
                              kernel_size=kernel_size,
                              strides=strides,
                              padding=padding,
                              data_format=data_format,
                              dilation_rate=dilation_rate,
                              activation=activation,
                              recurrent_activation=recurrent_activation,
                              use_bias=use_bias,
                              kernel_initializer=kernel_initializer,
                              recurrent_initializer=recurrent_initializer,
                              bias_initializer=bias_initializer,
                              unit_forget_bias=unit_forget_bias,
                              kernel_regularizer=kernel_regularizer,
                              recurrent_regularizer=recurrent_regularizer,
                              bias_regularizer=bias_regularizer,
                              kernel_constraint=kernel_constraint,
                              recurrent_constraint=recurrent_constraint,
                              bias_constraint=bias_constraint,
                              dropout=dropout,
                              recurrent_dropout=recurrent_dropout)
        super(ConvLSTM2D, self).__init__(cell,
                                         return_sequences=return_sequences,
                                         go_backwards=go_backwards,
                                         stateful=stateful,
                                         **kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)

    @classmethod
    def from_config(cls, config):
        return cls(**config)


_expose_cell_attributes(ConvLSTM2D, _CONV_LSTM_ATTRIBUTES)
