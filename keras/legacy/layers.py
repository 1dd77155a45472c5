"""Layers Keras 2.2.4 kept for Keras 1 scripts: MaxoutDense, Highway, the
Atrous convolution factories, and the legacy recurrent base classes
`Recurrent` and `ConvRecurrent2D`. They are exported by `keras.layers`."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import warnings

import numpy as np

from .. import activations
from .. import backend as K
from .. import constraints
from .. import initializers
from .. import regularizers
from ..engine.base_layer import InputSpec
from ..engine.base_layer import Layer
from ..layers.convolutional import Conv1D
from ..layers.convolutional import Conv2D
from ..utils import conv_utils
from ..utils.generic_utils import to_list

__all__ = ['MaxoutDense', 'Highway', 'AtrousConvolution1D',
           'AtrousConvolution2D', 'AtrousConv1D', 'AtrousConv2D',
           'Recurrent', 'ConvRecurrent2D']


class MaxoutDense(Layer):
    """Dense maxout layer (Goodfellow et al., 2013), deprecated since Keras 2.

    Computes `nb_feature` linear maps of the input and returns their
    element-wise maximum: `y = max_k (x . W[k] + b[k])`.

    # Arguments
        output_dim: int > 0, size of the output.
        nb_feature: number of linear pieces the maximum is taken over.
        init: initializer of `W`.
        weights: list of initial weights `[W, b]`.
        W_regularizer: regularizer applied to `W` (see
            `keras.regularizers`), or None.
        b_regularizer: regularizer applied to `b`, or None.
        activity_regularizer: regularizer applied to the output, or None.
        W_constraint: constraint applied to `W` after each update (see
            `keras.constraints`), or None.
        b_constraint: constraint applied to `b` after each update, or None.
        bias: whether to add the biases `b`.
        input_dim: size of the input, when it is the first layer.
        W_learning_rate_multiplier: learning-rate multiplier of `W`.
        b_learning_rate_multiplier: learning-rate multiplier of `b`.
        W_decay_multiplier: decay multiplier of `W` (None: the default, 1).
        b_decay_multiplier: decay multiplier of `b` (None: the default, 0).
        learning_rate_multipliers: number or `{'W': ..., 'b': ...}`.

    # Input shape
        2D tensor `(nb_samples, input_dim)`.

    # Output shape
        2D tensor `(nb_samples, output_dim)`.
    """

    _wb_kernel_names = ('W',)
    _wb_bias_names = ('b',)
    _wb_bias_flag = 'bias'

    def __init__(self, output_dim,
                 nb_feature=4,
                 init='glorot_uniform',
                 weights=None,
                 W_regularizer=None,
                 b_regularizer=None,
                 activity_regularizer=None,
                 W_constraint=None,
                 b_constraint=None,
                 bias=True,
                 input_dim=None,
                 W_learning_rate_multiplier=None,
                 b_learning_rate_multiplier=None,
                 W_decay_multiplier=None,
                 b_decay_multiplier=None,
                 **kwargs):
        warnings.warn('The `MaxoutDense` layer is deprecated and will be '
                      'removed after 06/2017.', stacklevel=2)
        self.output_dim = output_dim
        self.nb_feature = nb_feature
        self.init = initializers.get(init)
        self.W_regularizer = regularizers.get(W_regularizer)
        self.b_regularizer = regularizers.get(b_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.W_constraint = constraints.get(W_constraint)
        self.b_constraint = constraints.get(b_constraint)
        self.bias = bias
        self.input_dim = input_dim
        if self.input_dim:
            kwargs['input_shape'] = (self.input_dim,)
        if weights:  # an empty list (weights of an unbuilt layer): none
            kwargs['weights'] = weights
        super(MaxoutDense, self).__init__(
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier, **kwargs)
        self.input_spec = InputSpec(ndim=2)

    def build(self, input_shape):
        input_dim = input_shape[1]
        self.input_spec = InputSpec(dtype=K.floatx(), shape=(None, input_dim))
        self.W = self.add_weight(shape=(self.nb_feature, input_dim,
                                        self.output_dim),
                                 initializer=self.init,
                                 name='W',
                                 regularizer=self.W_regularizer,
                                 constraint=self.W_constraint)
        if self.bias:
            self.b = self.add_weight(shape=(self.nb_feature, self.output_dim),
                                     initializer='zeros',
                                     name='b',
                                     regularizer=self.b_regularizer,
                                     constraint=self.b_constraint)
        else:
            self.b = None
        self.built = True

    def compute_output_shape(self, input_shape):
        if not input_shape or len(input_shape) != 2:
            raise ValueError('MaxoutDense layer %r expects 2D inputs, got '
                             'shape %s.' % (self.name, input_shape))
        return (input_shape[0], self.output_dim)

    def call(self, x):
        """The maximum over the `nb_feature` affine maps of `x`.

        # Arguments
            x: 2D input tensor `(nb_samples, input_dim)`.

        # Returns
            2D tensor `(nb_samples, output_dim)`.
        """
        # One matrix product for all pieces: W as (input_dim, pieces * out).
        input_dim = K.int_shape(self.W)[1]
        kernel = K.reshape(K.permute_dimensions(self.W, (1, 0, 2)),
                           (input_dim, self.nb_feature * self.output_dim))
        output = K.reshape(K.dot(x, kernel),
                           (-1, self.nb_feature, self.output_dim))
        if self.bias:
            output += self.b
        # No activation: maxout is itself the non-linearity.
        return K.max(output, axis=1)

    def get_config(self):
        config = {'output_dim': self.output_dim,
                  'init': initializers.serialize(self.init),
                  'nb_feature': self.nb_feature,
                  'W_regularizer': regularizers.serialize(self.W_regularizer),
                  'b_regularizer': regularizers.serialize(self.b_regularizer),
                  'activity_regularizer':
                      regularizers.serialize(self.activity_regularizer),
                  'W_constraint': constraints.serialize(self.W_constraint),
                  'b_constraint': constraints.serialize(self.b_constraint),
                  'bias': self.bias,
                  'input_dim': self.input_dim}
        base_config = super(MaxoutDense, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Highway(Layer):
    """Densely connected highway network (Srivastava et al., 2015),
    deprecated since Keras 2.

    `y = T(x) * f(x . W + b) + (1 - T(x)) * x` with the transform gate
    `T(x) = sigmoid(x . W_carry + b_carry)`; `b_carry` starts at 1.

    # Arguments
        init: initializer of `W` and `W_carry`.
        activation: activation `f` (None: linear).
        weights: list of initial weights `[W, W_carry, b, b_carry]`.
        W_regularizer: regularizer applied to `W` (not to `W_carry`), or
            None.
        b_regularizer: regularizer applied to `b` (not to `b_carry`), or
            None.
        activity_regularizer: regularizer applied to the output, or None.
        W_constraint: constraint applied to `W` after each update, or None.
        b_constraint: constraint applied to `b` after each update, or None.
        bias: whether to use the biases `b` and `b_carry`.
        input_dim: size of the input, when it is the first layer.
        W_learning_rate_multiplier: learning-rate multiplier of `W` and
            `W_carry`.
        b_learning_rate_multiplier: learning-rate multiplier of `b` and
            `b_carry`.
        W_decay_multiplier: decay multiplier of `W` and `W_carry` (None:
            the default, 1).
        b_decay_multiplier: decay multiplier of `b` and `b_carry` (None:
            the default, 0).
        learning_rate_multipliers: number or dict with keys among `'W'`,
            `'W_carry'`, `'b'`, `'b_carry'`.

    # Input shape
        2D tensor `(nb_samples, input_dim)`.

    # Output shape
        Same as the input.
    """

    _wb_kernel_names = ('W', 'W_carry')
    _wb_bias_names = ('b', 'b_carry')
    _wb_bias_flag = 'bias'

    def __init__(self,
                 init='glorot_uniform',
                 activation=None,
                 weights=None,
                 W_regularizer=None,
                 b_regularizer=None,
                 activity_regularizer=None,
                 W_constraint=None,
                 b_constraint=None,
                 bias=True,
                 input_dim=None,
                 W_learning_rate_multiplier=None,
                 b_learning_rate_multiplier=None,
                 W_decay_multiplier=None,
                 b_decay_multiplier=None,
                 **kwargs):
        warnings.warn('The `Highway` layer is deprecated and will be removed '
                      'after 06/2017.', stacklevel=2)
        if 'transform_bias' in kwargs:
            kwargs.pop('transform_bias')
            warnings.warn('The `transform_bias` argument of `Highway` has been '
                          'removed and is ignored.', stacklevel=2)
        self.init = initializers.get(init)
        self.activation = activations.get(activation)
        self.W_regularizer = regularizers.get(W_regularizer)
        self.b_regularizer = regularizers.get(b_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.W_constraint = constraints.get(W_constraint)
        self.b_constraint = constraints.get(b_constraint)
        self.bias = bias
        self.input_dim = input_dim
        if self.input_dim:
            kwargs['input_shape'] = (self.input_dim,)
        if weights:  # an empty list (weights of an unbuilt layer): none
            kwargs['weights'] = weights
        super(Highway, self).__init__(
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier, **kwargs)
        self.input_spec = InputSpec(ndim=2)

    def build(self, input_shape):
        input_dim = input_shape[1]
        self.input_spec = InputSpec(dtype=K.floatx(), shape=(None, input_dim))
        self.W = self.add_weight(shape=(input_dim, input_dim),
                                 initializer=self.init,
                                 name='W',
                                 regularizer=self.W_regularizer,
                                 constraint=self.W_constraint)
        self.W_carry = self.add_weight(shape=(input_dim, input_dim),
                                       initializer=self.init,
                                       name='W_carry')
        if self.bias:
            self.b = self.add_weight(shape=(input_dim,),
                                     initializer='zeros',
                                     name='b',
                                     regularizer=self.b_regularizer,
                                     constraint=self.b_constraint)
            self.b_carry = self.add_weight(shape=(input_dim,),
                                           initializer='ones',
                                           name='b_carry')
        else:
            self.b = None
            self.b_carry = None
        self.built = True

    def call(self, x):
        """Mixes the transformed input and the input itself by the gate.

        # Arguments
            x: 2D input tensor `(nb_samples, input_dim)`.

        # Returns
            2D tensor of the input's shape.
        """
        gate = K.dot(x, self.W_carry)
        if self.bias:
            gate += self.b_carry
        transform_weight = activations.sigmoid(gate)
        y = K.dot(x, self.W)
        if self.bias:
            y += self.b
        act = self.activation(y) * transform_weight
        return act + (1 - transform_weight) * x

    def get_config(self):
        config = {'init': initializers.serialize(self.init),
                  'activation': activations.serialize(self.activation),
                  'W_regularizer': regularizers.serialize(self.W_regularizer),
                  'b_regularizer': regularizers.serialize(self.b_regularizer),
                  'activity_regularizer':
                      regularizers.serialize(self.activity_regularizer),
                  'W_constraint': constraints.serialize(self.W_constraint),
                  'b_constraint': constraints.serialize(self.b_constraint),
                  'bias': self.bias,
                  'input_dim': self.input_dim}
        base_config = super(Highway, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def _atrous(name, conv_class, args, kwargs):
    """The deprecated factory `name`: warns, then builds `conv_class` with
    `dilation_rate` = the `atrous_rate` keyword argument (default 1)."""
    kwargs['dilation_rate'] = kwargs.pop('atrous_rate', 1)
    warnings.warn('The `%s` layer has been deprecated. Use instead the `%s` '
                  'layer with the `dilation_rate` argument.'
                  % (name, conv_class.__name__), stacklevel=3)
    return conv_class(*args, **kwargs)


def AtrousConvolution1D(*args, **kwargs):
    """Deprecated: a `Conv1D` with `dilation_rate=atrous_rate`.

    # Arguments
        *args, **kwargs: as for `Conv1D` (Keras 1 names accepted), plus
            `atrous_rate` (default 1).

    # Returns
        A `Conv1D` layer.
    """
    return _atrous('AtrousConvolution1D', Conv1D, args, kwargs)


def AtrousConvolution2D(*args, **kwargs):
    """Deprecated: a `Conv2D` with `dilation_rate=atrous_rate`.

    # Arguments
        *args, **kwargs: as for `Conv2D` (Keras 1 names accepted), plus
            `atrous_rate` (default 1).

    # Returns
        A `Conv2D` layer.
    """
    return _atrous('AtrousConvolution2D', Conv2D, args, kwargs)


AtrousConv1D = AtrousConvolution1D
AtrousConv2D = AtrousConvolution2D


class Recurrent(Layer):
    """Abstract base class of Keras 2.0's recurrent layers (superseded by
    `keras.layers.RNN` with a cell; kept for custom layers written against it).

    A subclass defines `units`, builds its weights and `self.states` (a list
    with one entry per state, `None` until a stateful layer is reset) in
    `build`, and implements `step(inputs, states) -> (output, new_states)`.
    It may override `get_constants` (extra tensors appended to `states` at
    every step) and `preprocess_input`.

    # Arguments
        return_sequences: whether to return the whole output sequence or only
            the last output.
        return_state: whether to return the last states after the output.
        go_backwards: whether to process the sequence backwards.
        stateful: whether the last state of batch `i` is the initial state
            of batch `i` of the next call (needs a fixed batch size).
        unroll: whether to unroll the loop (needs a fixed number of steps).
        implementation: implementation mode, used by subclasses.

    # Input shape
        3D tensor `(batch_size, timesteps, input_dim)`.

    # Output shape
        `(batch_size, timesteps, units)` with `return_sequences`, else
        `(batch_size, units)`; with `return_state`, a list whose first entry
        is the output, followed by one `(batch_size, units)` per state.
    """

    def __init__(self, return_sequences=False,
                 return_state=False,
                 go_backwards=False,
                 stateful=False,
                 unroll=False,
                 implementation=0,
                 **kwargs):
        super(Recurrent, self).__init__(**kwargs)
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.implementation = implementation
        self.supports_masking = True
        self.input_spec = [InputSpec(ndim=3)]
        self.state_spec = None
        self.dropout = 0
        self.recurrent_dropout = 0

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        if self.return_sequences:
            output_shape = (input_shape[0], input_shape[1], self.units)
        else:
            output_shape = (input_shape[0], self.units)
        if self.return_state:
            return [output_shape] + [(input_shape[0], self.units)
                                     for _ in self.states]
        return output_shape

    def compute_mask(self, inputs, mask):
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.states]
        return output_mask

    def step(self, inputs, states):
        """One time step.

        # Arguments
            inputs: tensor `(batch_size, input_dim)` (after
                `preprocess_input`).
            states: list of the states, followed by the constants.

        # Returns
            `(output, new_states)`.
        """
        raise NotImplementedError

    def get_constants(self, inputs, training=None):
        """Tensors passed to every `step` after the states (e.g. dropout
        masks). None here.

        # Arguments
            inputs: the 3D input tensor.
            training: whether the layer is called in training mode (`call`
                passes None, as Keras 2.2.4 did).

        # Returns
            A list of tensors (empty here).
        """
        return []

    def get_initial_state(self, inputs):
        """All-zero initial states of shape `(batch_size, units)`, one per
        entry of `self.states`.

        # Arguments
            inputs: the 3D input tensor (gives the batch size).

        # Returns
            A list of tensors.
        """
        # Sum a zero tensor over time and features to get (batch_size,).
        initial = K.sum(K.zeros_like(inputs), axis=(1, 2))
        initial = K.tile(K.expand_dims(initial), [1, self.units])
        return [initial for _ in range(len(self.states))]

    def preprocess_input(self, inputs, training=None):
        """Transforms the whole input sequence before the loop (identity
        here).

        # Arguments
            inputs: the 3D input tensor.
            training: whether the layer is called in training mode (`call`
                passes None, as Keras 2.2.4 did).

        # Returns
            The tensor the loop iterates over.
        """
        return inputs

    def __call__(self, inputs, initial_state=None, **kwargs):
        # A list [inputs, state, ...] (as models loaded from files call it)
        # carries the initial states after the inputs.
        if (isinstance(inputs, (list, tuple)) and len(inputs) > 1 and
                initial_state is None):
            initial_state = inputs[1:]
            inputs = inputs[0]
        if initial_state is None:
            return super(Recurrent, self).__call__(inputs, **kwargs)
        initial_state = to_list(initial_state)
        is_keras_tensor = hasattr(initial_state[0], '_keras_history')
        for tensor in initial_state:
            if hasattr(tensor, '_keras_history') != is_keras_tensor:
                raise ValueError('Layer %s: the initial state of an RNN layer '
                                 'cannot be specified with a mix of Keras '
                                 'tensors and non-Keras tensors.' % self.name)
        if not is_keras_tensor:
            kwargs['initial_state'] = initial_state
            return super(Recurrent, self).__call__(inputs, **kwargs)
        # Keras tensors: they become inputs of the layer (so the graph of
        # the model includes them), with an input spec extended by the
        # states' spec for the duration of the call.
        input_spec = to_list(self.input_spec)
        state_spec = to_list(self.state_spec)
        self.input_spec = input_spec + state_spec
        try:
            output = super(Recurrent, self).__call__(
                [inputs] + list(initial_state), **kwargs)
        finally:
            self.input_spec = input_spec
        return output

    def call(self, inputs, mask=None, training=None, initial_state=None):
        """Runs `step` over the time steps of the inputs (`K.rnn`).

        # Arguments
            inputs: 3D input tensor, or a list `[inputs, state, ...]` that
                carries the initial states after the inputs.
            mask: the input mask `(batch_size, timesteps)` (or a list whose
                first entry is it), or None; masked steps keep the previous
                output and states.
            training: not used: `get_constants` and `preprocess_input` are
                called with `training=None`, as in Keras 2.2.4.
            initial_state: list of initial state tensors, or None: the
                layer's states when it is stateful, else
                `get_initial_state(inputs)`.

        # Returns
            The last output, or the output sequence with
            `return_sequences`; with `return_state`, a list of it followed by
            the last states.

        # Raises
            ValueError: if the number of initial states differs from the
                number of states, or for `unroll=True` with an undefined
                number of time steps.
        """
        if isinstance(inputs, list):
            initial_state = inputs[1:]
            inputs = inputs[0]
        elif initial_state is not None:
            pass
        elif self.stateful:
            initial_state = self.states
        else:
            initial_state = self.get_initial_state(inputs)
        if isinstance(mask, list):
            mask = mask[0]
        if len(initial_state) != len(self.states):
            raise ValueError('Layer %s has %d states but was passed %d initial '
                             'states.' % (self.name, len(self.states),
                                          len(initial_state)))
        timesteps = K.int_shape(inputs)[1]
        if self.unroll and timesteps is None:
            raise ValueError('Layer %s: cannot unroll an RNN if the time '
                             'dimension is undefined. Either set '
                             '`unroll=False` or give the number of timesteps '
                             '(`input_shape` / `batch_input_shape` with a '
                             'fixed second dimension).' % self.name)
        constants = self.get_constants(inputs, training=None)
        preprocessed = self.preprocess_input(inputs, training=None)
        last_output, outputs, states = K.rnn(self.step,
                                             preprocessed,
                                             initial_state,
                                             go_backwards=self.go_backwards,
                                             mask=mask,
                                             constants=constants,
                                             unroll=self.unroll,
                                             input_length=timesteps)
        if self.stateful:
            self.add_update([(self.states[i], states[i])
                             for i in range(len(states))], inputs)
        if 0 < self.dropout + self.recurrent_dropout:
            last_output._uses_learning_phase = True
            outputs._uses_learning_phase = True
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            if not isinstance(states, (list, tuple)):
                states = [states]
            return [output] + list(states)
        return output

    def reset_states(self, states=None):
        """Resets the states of a stateful layer to zeros (or to `states`).

        # Arguments
            states: None, or a Numpy array / list of arrays of shape
                `(batch_size, units)`, one per state.

        # Raises
            AttributeError: if the layer is not stateful.
            ValueError: if the batch size is unknown or `states` do not fit.
        """
        if not self.stateful:
            raise AttributeError('Layer %s must be stateful to reset its '
                                 'states.' % self.name)
        batch_size = self.input_spec[0].shape[0] if self.input_spec[0].shape else None
        if not batch_size:
            raise ValueError('Layer %s: a stateful RNN needs to know its batch '
                             'size. Specify the batch size of your input '
                             'tensors: for a Sequential model, pass '
                             '`batch_input_shape=(...)` to the first layer; '
                             'for a functional model, pass `batch_shape=(...)` '
                             'to the Input layer.' % self.name)
        if self.states[0] is None:
            self.states = [K.zeros((batch_size, self.units))
                           for _ in self.states]
        elif states is None:
            for state in self.states:
                K.set_value(state, np.zeros((batch_size, self.units)))
        else:
            states = to_list(states, allow_tuple=True)
            if len(states) != len(self.states):
                raise ValueError('Layer %s expects %d states, but it received '
                                 '%d state values. Input received: %s'
                                 % (self.name, len(self.states), len(states),
                                    states))
            for index, (value, state) in enumerate(zip(states, self.states)):
                if value.shape != (batch_size, self.units):
                    raise ValueError('State %d is incompatible with layer %s: '
                                     'expected shape=%s, found shape=%s'
                                     % (index, self.name,
                                        (batch_size, self.units), value.shape))
                K.set_value(state, value)

    def get_config(self):
        config = {'return_sequences': self.return_sequences,
                  'return_state': self.return_state,
                  'go_backwards': self.go_backwards,
                  'stateful': self.stateful,
                  'unroll': self.unroll,
                  'implementation': self.implementation}
        base_config = super(Recurrent, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class ConvRecurrent2D(Recurrent):
    """Abstract base class of Keras 2.0's convolutional recurrent layers
    (superseded by `keras.layers.ConvRNN2D`).

    # Arguments
        filters: number of output filters.
        kernel_size: int or tuple of 2 ints.
        strides: int or tuple of 2 ints.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            `image_data_format` of `~/.keras/keras.json`).
        dilation_rate: int or tuple of 2 ints.
        return_sequences: whether to return the whole output sequence.
        go_backwards: whether to process the sequence backwards.
        stateful: whether states carry over between batches.

    # Input shape
        5D tensor `(samples, time, channels, rows, cols)` (channels_first) or
        `(samples, time, rows, cols, channels)` (channels_last).

    # Output shape
        `(samples, time, filters, rows, cols)` / `(samples, time, rows, cols,
        filters)` with `return_sequences`, else without the time axis.
    """

    def __init__(self, filters,
                 kernel_size,
                 strides=(1, 1),
                 padding='valid',
                 data_format=None,
                 dilation_rate=(1, 1),
                 return_sequences=False,
                 go_backwards=False,
                 stateful=False,
                 **kwargs):
        super(ConvRecurrent2D, self).__init__(**kwargs)
        self.filters = filters
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, 2,
                                                      'kernel_size')
        self.strides = conv_utils.normalize_tuple(strides, 2, 'strides')
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.dilation_rate = conv_utils.normalize_tuple(dilation_rate, 2,
                                                        'dilation_rate')
        self.return_sequences = return_sequences
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.input_spec = [InputSpec(ndim=5)]
        self.state_spec = None

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        if self.data_format == 'channels_first':
            rows, cols = input_shape[3], input_shape[4]
        else:
            rows, cols = input_shape[2], input_shape[3]
        rows = conv_utils.conv_output_length(rows, self.kernel_size[0],
                                             padding=self.padding,
                                             stride=self.strides[0],
                                             dilation=self.dilation_rate[0])
        cols = conv_utils.conv_output_length(cols, self.kernel_size[1],
                                             padding=self.padding,
                                             stride=self.strides[1],
                                             dilation=self.dilation_rate[1])
        if self.data_format == 'channels_first':
            step_shape = (input_shape[0], self.filters, rows, cols)
        else:
            step_shape = (input_shape[0], rows, cols, self.filters)
        if self.return_sequences:
            output_shape = step_shape[:1] + (input_shape[1],) + step_shape[1:]
        else:
            output_shape = step_shape
        if self.return_state:
            return [output_shape] + [step_shape for _ in range(2)]
        return output_shape

    def get_config(self):
        config = {'filters': self.filters,
                  'kernel_size': self.kernel_size,
                  'strides': self.strides,
                  'padding': self.padding,
                  'data_format': self.data_format,
                  'dilation_rate': self.dilation_rate,
                  'return_sequences': self.return_sequences,
                  'go_backwards': self.go_backwards,
                  'stateful': self.stateful}
        base_config = super(ConvRecurrent2D, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
