"""`CuDNNGRU` and `CuDNNLSTM`: the recurrent layers of Keras 2.2.4 that ran
on NVIDIA's cuDNN kernels, with the same weights, configs and results.

This package has no cuDNN kernels (it only uses the public
`tf.compat.v1` API, and the machines it targets are often CPU-only). The
two layers therefore *work everywhere*: they compute the function the cuDNN
kernel computes with standard TensorFlow ops (a `K.rnn` loop), on CPU or
GPU. They are slower than the real cuDNN kernels but give the same outputs
for the same weights, so models trained with Keras 2.2.4's CuDNN layers
load and predict unchanged.

Weight layout (as in Keras 2.2.4):
- `kernel` `(input_dim, n * units)` and `recurrent_kernel`
  `(units, n * units)` hold one block per gate (GRU: z, r, h; LSTM: i, f, c,
  o). Keras 2.2.4 handed each block to cuDNN as a flat buffer, which cuDNN
  reads as a row-major `(units, input_dim)` matrix `W` applied as `W x`: the
  input block `k` (shape `(input_dim, units)`) acts as
  `reshape(k, (units, input_dim)).T` and the recurrent block `r` as `r.T`.
  These layers apply the blocks the same way.
- `bias` `(2 * n * units,)`: the input biases of the n gates, then the
  recurrent biases.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections

from .. import backend as K
from .. import constraints
from .. import initializers
from .. import regularizers
from ..engine.base_layer import InputSpec
from ..engine.base_layer import Layer
from .recurrent import RNN
from .recurrent import _attributes_config


_CellInfo = collections.namedtuple('cell', 'state_size')

# The arguments of the layers, in the order of their configs.
_CUDNN_GRU_ATTRIBUTES = (
    'units', 'kernel_initializer', 'recurrent_initializer',
    'bias_initializer', 'kernel_regularizer', 'recurrent_regularizer',
    'bias_regularizer', 'activity_regularizer', 'kernel_constraint',
    'recurrent_constraint', 'bias_constraint')

_CUDNN_LSTM_ATTRIBUTES = (
    'units', 'kernel_initializer', 'recurrent_initializer',
    'bias_initializer', 'unit_forget_bias', 'kernel_regularizer',
    'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer',
    'kernel_constraint', 'recurrent_constraint', 'bias_constraint')


class _CuDNNRNN(RNN):
    """Common base of the CuDNN layers (not a public class).

    # Arguments
        return_sequences: whether to return the whole output sequence or
            only the last output.
        return_state: whether to return the last states after the output.
        go_backwards: whether to process the input sequence backwards.
        stateful: whether the last states of a batch are the initial states
            of the next one.
    """

    def __init__(self,
                 return_sequences=False,
                 return_state=False,
                 go_backwards=False,
                 stateful=False,
                 **kwargs):
        # RNN.__init__ expects a cell object: set the RNN attributes here.
        Layer.__init__(self, **kwargs)
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = False
        self.supports_masking = False
        self.input_spec = [InputSpec(ndim=3)]
        state_size = self.cell.state_size
        if not hasattr(state_size, '__len__'):
            state_size = [state_size]
        self.state_spec = [InputSpec(shape=(None, dim)) for dim in state_size]
        self.constants_spec = None
        self._states = None
        self._num_constants = None

    def _multiplier_sublayers(self):
        return []

    def call(self, inputs, mask=None, training=None, initial_state=None):
        if isinstance(mask, list):
            mask = mask[0]
        if mask is not None:
            raise ValueError('Layer %s: masking is not supported by the CuDNN '
                             'RNN layers (CuDNNGRU, CuDNNLSTM). Use GRU(reset_'
                             'after=True, recurrent_activation="sigmoid") or '
                             'LSTM(recurrent_activation="sigmoid") for masked '
                             'sequences.' % self.name)
        if isinstance(inputs, list):
            initial_state = inputs[1:]
            inputs = inputs[0]
        elif initial_state is not None:
            pass
        elif self.stateful:
            initial_state = self.states
        else:
            initial_state = self.get_initial_state(inputs)
        initial_state = list(initial_state)

        if len(initial_state) != len(self.states):
            raise ValueError('Layer %s has %d states but was passed %d initial '
                             'states.' % (self.name, len(self.states),
                                          len(initial_state)))
        if self.go_backwards:
            # The outputs stay in processing order, as with cuDNN.
            inputs = K.reverse(inputs, 1)
        output, states = self._process_batch(inputs, initial_state)

        if self.stateful:
            # (variable, new value) pairs, assigned by `K.function` after
            # its outputs are computed, as in `RNN.call`.
            updates = [(self.states[i], states[i])
                       for i in range(len(states))]
            self.add_update(updates, inputs)

        if self.return_state:
            return [output] + states
        return output

    def _run(self, step, projected, initial_state):
        """Runs `step` over the time axis of the projected inputs."""
        timesteps = K.int_shape(projected)[1]
        last_output, outputs, states = K.rnn(step, projected, initial_state,
                                             input_length=timesteps)
        output = outputs if self.return_sequences else last_output
        return output, list(states)

    def _build_weights(self, input_shape, n_gates, bias_initializer):
        """Builds the layer and adds `kernel` `(input_dim, n_gates * units)`,
        `recurrent_kernel` `(units, n_gates * units)` and `bias`
        `(2 * n_gates * units,)` (initialized by `bias_initializer`)."""
        super(_CuDNNRNN, self).build(input_shape)
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        input_dim = input_shape[-1]
        units = self.units
        self.kernel = self.add_weight(shape=(input_dim, units * n_gates),
                                      name='kernel',
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(units, units * n_gates),
            name='recurrent_kernel',
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        self.bias = self.add_weight(shape=(units * n_gates * 2,),
                                    name='bias',
                                    initializer=bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint)

    def _gate_kernels(self, n_gates):
        """The input and recurrent kernels as cuDNN applies them, in Keras's
        `x . kernel` convention: `(input_dim, n * units)` and
        `(units, n * units)`."""
        units = self.units
        input_dim = K.int_shape(self.kernel)[0]
        kernels = []
        recurrent_kernels = []
        for gate in range(n_gates):
            block = self.kernel[:, gate * units:(gate + 1) * units]
            kernels.append(K.transpose(K.reshape(block, (units, input_dim))))
            recurrent = self.recurrent_kernel[:, gate * units:(gate + 1) * units]
            recurrent_kernels.append(K.transpose(recurrent))
        return (K.concatenate(kernels, axis=1),
                K.concatenate(recurrent_kernels, axis=1))

    def get_config(self):
        config = {'return_sequences': self.return_sequences,
                  'return_state': self.return_state,
                  'go_backwards': self.go_backwards,
                  'stateful': self.stateful}
        base_config = Layer.get_config(self)
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    @property
    def trainable_weights(self):
        if self.trainable and self.built:
            return [self.kernel, self.recurrent_kernel, self.bias]
        return []

    @property
    def non_trainable_weights(self):
        if not self.trainable and self.built:
            return [self.kernel, self.recurrent_kernel, self.bias]
        return []

    @property
    def losses(self):
        return Layer.losses.fget(self)

    def get_losses_for(self, inputs=None):
        return Layer.get_losses_for(self, inputs)


class CuDNNGRU(_CuDNNRNN):
    """GRU with the cuDNN kernel's formulation (Keras 2.2.4's `CuDNNGRU`).

    On this package it runs everywhere (CPU included): the cuDNN function is
    computed with standard ops, which is slower than cuDNN but gives the
    same results. It equals `GRU(reset_after=True,
    recurrent_activation='sigmoid')` with the weights converted (see the
    module docstring for the layout).

    # Arguments
        units: positive integer, dimension of the output space.
        kernel_initializer: initializer of the `kernel`.
        recurrent_initializer: initializer of the `recurrent_kernel`.
        bias_initializer: initializer of the `bias`.
        kernel_regularizer: regularizer of the `kernel`.
        recurrent_regularizer: regularizer of the `recurrent_kernel`.
        bias_regularizer: regularizer of the `bias`.
        activity_regularizer: regularizer of the output.
        kernel_constraint: constraint on the `kernel`.
        recurrent_constraint: constraint on the `recurrent_kernel`.
        bias_constraint: constraint on the `bias`.
        return_sequences: whether to return the whole sequence.
        return_state: whether to return the last state after the output.
        stateful: whether the last states of a batch are the initial
            states of the next one.
        go_backwards: whether to process the input sequence backwards.
        learning_rate_multipliers: number or dict over `'kernel'`,
            `'recurrent_kernel'`, `'bias'`.
    """

    def __init__(self, units,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros',
                 kernel_regularizer=None,
                 recurrent_regularizer=None,
                 bias_regularizer=None,
                 activity_regularizer=None,
                 kernel_constraint=None,
                 recurrent_constraint=None,
                 bias_constraint=None,
                 return_sequences=False,
                 return_state=False,
                 stateful=False,
                 **kwargs):
        self.units = units
        super(CuDNNGRU, self).__init__(return_sequences=return_sequences,
                                       return_state=return_state,
                                       stateful=stateful,
                                       **kwargs)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)

        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)

        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    @property
    def cell(self):
        return _CellInfo(state_size=self.units)

    def build(self, input_shape):
        self._build_weights(input_shape, 3, self.bias_initializer)
        units = self.units
        self.kernel_z = self.kernel[:, :units]
        self.recurrent_kernel_z = self.recurrent_kernel[:, :units]
        self.kernel_r = self.kernel[:, units:units * 2]
        self.recurrent_kernel_r = self.recurrent_kernel[:, units:units * 2]
        self.kernel_h = self.kernel[:, units * 2:]
        self.recurrent_kernel_h = self.recurrent_kernel[:, units * 2:]

        self.bias_z_i = self.bias[:units]
        self.bias_r_i = self.bias[units:units * 2]
        self.bias_h_i = self.bias[units * 2:units * 3]
        self.bias_z = self.bias[units * 3:units * 4]
        self.bias_r = self.bias[units * 4:units * 5]
        self.bias_h = self.bias[units * 5:]
        self.built = True

    def _process_batch(self, inputs, initial_state):
        units = self.units
        kernel, recurrent_kernel = self._gate_kernels(3)
        input_bias = self.bias[:units * 3]
        recurrent_bias = self.bias[units * 3:]
        projected = K.bias_add(K.dot(inputs, kernel), input_bias)

        def step(x, states):
            h_tm1 = states[0]
            inner = K.bias_add(K.dot(h_tm1, recurrent_kernel), recurrent_bias)
            z = K.sigmoid(x[:, :units] + inner[:, :units])
            r = K.sigmoid(x[:, units:2 * units] + inner[:, units:2 * units])
            hh = K.tanh(x[:, 2 * units:] + r * inner[:, 2 * units:])
            h = z * h_tm1 + (1. - z) * hh
            return h, [h]

        return self._run(step, projected, initial_state)

    def get_config(self):
        config = _attributes_config(self, _CUDNN_GRU_ATTRIBUTES)
        base_config = super(CuDNNGRU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class CuDNNLSTM(_CuDNNRNN):
    """LSTM with the cuDNN kernel's formulation (Keras 2.2.4's `CuDNNLSTM`).

    On this package it runs everywhere (CPU included): the cuDNN function is
    computed with standard ops, which is slower than cuDNN but gives the
    same results. It equals `LSTM(recurrent_activation='sigmoid')` with the
    weights converted: kernels as in the module docstring, and the LSTM bias
    the sum of the input and recurrent biases.

    # Arguments
        units: positive integer, dimension of the output space.
        kernel_initializer: initializer of the `kernel`.
        recurrent_initializer: initializer of the `recurrent_kernel`.
        bias_initializer: initializer of the `bias`.
        unit_forget_bias: initialize the (recurrent) forget-gate bias to 1.
        kernel_regularizer: regularizer of the `kernel`.
        recurrent_regularizer: regularizer of the `recurrent_kernel`.
        bias_regularizer: regularizer of the `bias`.
        activity_regularizer: regularizer of the output.
        kernel_constraint: constraint on the `kernel`.
        recurrent_constraint: constraint on the `recurrent_kernel`.
        bias_constraint: constraint on the `bias`.
        return_sequences: whether to return the whole sequence.
        return_state: whether to return the last states `[h, c]` after the
            output.
        stateful: whether the last states of a batch are the initial
            states of the next one.
        go_backwards: whether to process the input sequence backwards.
        learning_rate_multipliers: number or dict over `'kernel'`,
            `'recurrent_kernel'`, `'bias'`.
    """

    def __init__(self, units,
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
                 return_state=False,
                 stateful=False,
                 **kwargs):
        self.units = units
        super(CuDNNLSTM, self).__init__(return_sequences=return_sequences,
                                        return_state=return_state,
                                        stateful=stateful,
                                        **kwargs)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = unit_forget_bias

        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)

        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    @property
    def cell(self):
        return _CellInfo(state_size=(self.units, self.units))

    def build(self, input_shape):
        units = self.units
        if self.unit_forget_bias:
            # Zeros (from bias_initializer) but for the recurrent forget-gate
            # bias, block 6 of 8, which starts at 1.
            bias_initializer = _forget_bias_initializer_cudnn(
                units, self.bias_initializer)
        else:
            bias_initializer = self.bias_initializer
        self._build_weights(input_shape, 4, bias_initializer)

        self.kernel_i = self.kernel[:, :units]
        self.kernel_f = self.kernel[:, units:units * 2]
        self.kernel_c = self.kernel[:, units * 2:units * 3]
        self.kernel_o = self.kernel[:, units * 3:]

        self.recurrent_kernel_i = self.recurrent_kernel[:, :units]
        self.recurrent_kernel_f = self.recurrent_kernel[:, units:units * 2]
        self.recurrent_kernel_c = self.recurrent_kernel[:, units * 2:units * 3]
        self.recurrent_kernel_o = self.recurrent_kernel[:, units * 3:]

        self.bias_i_i = self.bias[:units]
        self.bias_f_i = self.bias[units:units * 2]
        self.bias_c_i = self.bias[units * 2:units * 3]
        self.bias_o_i = self.bias[units * 3:units * 4]
        self.bias_i = self.bias[units * 4:units * 5]
        self.bias_f = self.bias[units * 5:units * 6]
        self.bias_c = self.bias[units * 6:units * 7]
        self.bias_o = self.bias[units * 7:]
        self.built = True

    def _process_batch(self, inputs, initial_state):
        units = self.units
        kernel, recurrent_kernel = self._gate_kernels(4)
        bias = self.bias[:units * 4] + self.bias[units * 4:]
        projected = K.bias_add(K.dot(inputs, kernel), bias)

        def step(x, states):
            h_tm1, c_tm1 = states[0], states[1]
            z = x + K.dot(h_tm1, recurrent_kernel)
            i = K.sigmoid(z[:, :units])
            f = K.sigmoid(z[:, units:2 * units])
            c = f * c_tm1 + i * K.tanh(z[:, 2 * units:3 * units])
            o = K.sigmoid(z[:, 3 * units:])
            h = o * K.tanh(c)
            return h, [h, c]

        return self._run(step, projected, initial_state)

    def get_config(self):
        config = _attributes_config(self, _CUDNN_LSTM_ATTRIBUTES)
        base_config = super(CuDNNLSTM, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def _forget_bias_initializer_cudnn(units, bias_initializer):
    """CuDNNLSTM's `unit_forget_bias` initializer: `bias_initializer` for the
    8 blocks but 1 for block 6 (the recurrent forget-gate bias)."""
    def initializer(shape, *args, **kwargs):
        return K.concatenate([
            bias_initializer((units * 5,), *args, **kwargs),
            initializers.Ones()((units,), *args, **kwargs),
            bias_initializer((units * 2,), *args, **kwargs),
        ])
    return initializer
