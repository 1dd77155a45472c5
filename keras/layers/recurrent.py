"""Recurrent layers: the generic `RNN` layer, the cells `SimpleRNNCell`,
`GRUCell`, `LSTMCell`, the cell stack `StackedRNNCells`, and the ready-made
layers `SimpleRNN`, `GRU` and `LSTM`.

An RNN layer owns no weights of its own: they belong to its cell. For
learning-rate multipliers the layer therefore reports its cell as a
sub-layer (`_multiplier_sublayers`), so that
`SimpleRNN(..., learning_rate_multipliers={'recurrent_kernel': 0.1})`
reaches the cell's `kernel`, `recurrent_kernel` and `bias`.
"""
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
from ..legacy import interfaces
from ..utils.generic_utils import has_arg
from ..utils.generic_utils import to_list


# ---------------------------------------------------------------------------
# Helpers shared with the wrappers and the convolutional recurrent layers
# ---------------------------------------------------------------------------

def _standardize_args(inputs, initial_state, constants, num_constants):
    """Splits a call's arguments into `(inputs, initial_state, constants)`.

    An RNN may be called with a list `[inputs] + initial_state + constants`
    (that is how the layer graph records calls with Keras tensors as states);
    the last `num_constants` entries are then the constants.

    # Arguments
        inputs: input tensor, or a list `[inputs, *states, *constants]`.
        initial_state: None, a tensor or a list of tensors (must be None when
            `inputs` is a list).
        constants: None, a tensor or a list of tensors (must be None when
            `inputs` is a list).
        num_constants: number of constants at the end of a list `inputs`, or
            None.

    # Returns
        `inputs` (one tensor), `initial_state` and `constants` (lists or
        None).

    # Raises
        ValueError: when `inputs` is a list and `initial_state` or
            `constants` is given too.
    """
    if isinstance(inputs, list):
        if initial_state is not None or constants is not None:
            raise ValueError('When `inputs` is a list [inputs, *states, '
                             '*constants], `initial_state` and `constants` '
                             'must not be passed separately.')
        if num_constants is not None:
            constants = inputs[-num_constants:]
            inputs = inputs[:-num_constants]
        if len(inputs) > 1:
            initial_state = inputs[1:]
        inputs = inputs[0]

    def to_list_or_none(x):
        if x is None or isinstance(x, list):
            return x
        if isinstance(x, tuple):
            return list(x)
        return [x]

    initial_state = to_list_or_none(initial_state)
    constants = to_list_or_none(constants)
    return inputs, initial_state, constants


def _generate_dropout_mask(ones, rate, training=None, count=1):
    """Dropout mask(s) shaped like `ones`: dropped and rescaled in the
    training phase, all ones in the test phase.

    # Arguments
        ones: tensor of ones with the shape of the mask.
        rate: float in (0, 1), the fraction of units dropped.
        training: Python bool or scalar tensor selecting the phase (default:
            the learning phase).
        count: number of independent masks to draw.

    # Returns
        A tensor, or a list of `count` independent tensors when `count > 1`.
    """
    def dropped_inputs():
        return K.dropout(ones, rate)

    if count > 1:
        return [K.in_train_phase(dropped_inputs, ones, training=training)
                for _ in range(count)]
    return K.in_train_phase(dropped_inputs, ones, training=training)


def _reset_dropout_masks(cell):
    """Forgets the dropout masks a cell made during its previous call, so that
    each call of the layer draws new ones (once per batch)."""
    for sub in getattr(cell, 'cells', None) or []:
        _reset_dropout_masks(sub)
    if hasattr(cell, '_dropout_mask'):
        cell._dropout_mask = None
    if hasattr(cell, '_recurrent_dropout_mask'):
        cell._recurrent_dropout_mask = None


def _state_size_list(cell):
    size = cell.state_size
    if hasattr(size, '__len__'):
        return list(size)
    return [size]


def _forget_bias_initializer(units, bias_initializer, n_rest):
    """Bias initializer of LSTM-like cells with `unit_forget_bias`: the
    `bias_initializer` everywhere but 1 on the forget gate (second block)."""
    def initializer(shape, *args, **kwargs):
        return K.concatenate([
            bias_initializer((units,), *args, **kwargs),
            initializers.Ones()((units,), *args, **kwargs),
            bias_initializer((units * n_rest,), *args, **kwargs),
        ])
    return initializer


def _mark_learning_phase(output, cell, training):
    if 0 < cell.dropout + cell.recurrent_dropout and training is None:
        output._uses_learning_phase = True


def _serialize_cell(cell):
    return {'class_name': cell.__class__.__name__,
            'config': cell.get_config()}


def _serialize_attribute(name, value):
    """The config value of a layer attribute: activations, initializers,
    regularizers and constraints (known by the attribute's name) are
    serialized, other values are kept as they are."""
    if name == 'activation' or name.endswith('_activation'):
        return activations.serialize(value)
    if name.endswith('_initializer'):
        return initializers.serialize(value)
    if name.endswith('_regularizer'):
        return regularizers.serialize(value)
    if name.endswith('_constraint'):
        return constraints.serialize(value)
    return value


def _attributes_config(layer, names):
    """Config entries (in the order of `names`) of the layer's attributes
    `names`, serialized with `_serialize_attribute`."""
    config = {}
    for name in names:
        config[name] = _serialize_attribute(name, getattr(layer, name))
    return config


def _cell_property(name):
    def getter(self):
        return getattr(self.cell, name)
    getter.__name__ = name
    getter.__doc__ = 'The cell\'s `%s`.' % name
    return property(getter)


def _expose_cell_attributes(layer_class, names):
    """Gives `layer_class` a read-only property for each of the cell's
    attributes `names` (as `LSTM.units` is `LSTM.cell.units`)."""
    for name in names:
        setattr(layer_class, name, _cell_property(name))


def _common_cell_config(cell):
    config = cell.get_config()
    for key in ('name', 'trainable', 'dtype', 'batch_input_shape',
                'learning_rate_multipliers'):
        config.pop(key, None)
    return config


class _OwnCellMixin(object):
    """For RNN layers that make their cell from their own arguments
    (`SimpleRNN`, `GRU`, `LSTM`, `ConvLSTM2D`): each call draws new dropout
    masks, and the config holds the cell's arguments in place of a `cell`
    entry."""

    def call(self, inputs, mask=None, training=None, initial_state=None):
        """Runs the RNN on `inputs`, with new dropout masks for this call.

        # Arguments
            inputs: 3D input tensor `(batch, timesteps, features)` (5D for
                `ConvLSTM2D`).
            mask: optional `(batch, timesteps)` boolean mask.
            training: Python bool or scalar tensor: whether dropout applies
                (default: the learning phase).
            initial_state: optional list of the initial state tensors.

        # Returns
            As `RNN.call`.
        """
        _reset_dropout_masks(self.cell)
        return super(_OwnCellMixin, self).call(inputs, mask=mask,
                                               training=training,
                                               initial_state=initial_state)

    def get_config(self):
        """The layer's config: the cell's arguments (in place of a `cell`
        entry), the RNN's own ones and `activity_regularizer`.

        # Returns
            A dict.
        """
        config = _common_cell_config(self.cell)
        config['activity_regularizer'] = regularizers.serialize(
            self.activity_regularizer)
        base_config = super(_OwnCellMixin, self).get_config()
        del base_config['cell']
        return dict(list(base_config.items()) + list(config.items()))


# The arguments of the ready-made cells, in the order of their configs.
_COMMON_CELL_ATTRIBUTES = (
    'units', 'activation', 'use_bias', 'kernel_initializer',
    'recurrent_initializer', 'bias_initializer', 'kernel_regularizer',
    'recurrent_regularizer', 'bias_regularizer', 'kernel_constraint',
    'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout')

_GRU_ATTRIBUTES = (
    'units', 'activation', 'recurrent_activation', 'use_bias',
    'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
    'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer',
    'kernel_constraint', 'recurrent_constraint', 'bias_constraint',
    'dropout', 'recurrent_dropout', 'implementation', 'reset_after')

_LSTM_ATTRIBUTES = (
    'units', 'activation', 'recurrent_activation', 'use_bias',
    'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
    'unit_forget_bias', 'kernel_regularizer', 'recurrent_regularizer',
    'bias_regularizer', 'kernel_constraint', 'recurrent_constraint',
    'bias_constraint', 'dropout', 'recurrent_dropout', 'implementation')


# ---------------------------------------------------------------------------
# StackedRNNCells
# ---------------------------------------------------------------------------

class StackedRNNCells(Layer):
    """Makes a stack of RNN cells behave as one cell.

    Used to build stacked RNNs efficiently: `RNN([cell1, cell2])` runs one
    loop over time in which each step goes through all the cells.

    The states of the stack are the cells' states flattened in reverse order
    of the stack (for two LSTM cells: `[h2, c2, h1, c1]`), so that the first
    state is the output of the last cell.

    # Arguments
        cells: list of RNN cell instances.

    # Raises
        ValueError: if one of the cells has no `call` method or no
            `state_size` attribute.
    """

    def __init__(self, cells, **kwargs):
        for cell in cells:
            if not hasattr(cell, 'call'):
                raise ValueError('All cells of StackedRNNCells must have a '
                                 '`call` method. Received cell without a '
                                 '`call` method: %r' % (cell,))
            if not hasattr(cell, 'state_size'):
                raise ValueError('All cells of StackedRNNCells must have a '
                                 '`state_size` attribute (one integer per '
                                 'state). Received cell without a '
                                 '`state_size`: %r' % (cell,))
        self.cells = list(cells)
        super(StackedRNNCells, self).__init__(**kwargs)

    @property
    def state_size(self):
        sizes = []
        for cell in self.cells[::-1]:
            sizes.extend(_state_size_list(cell))
        return tuple(sizes)

    @property
    def output_size(self):
        last = self.cells[-1]
        if getattr(last, 'output_size', None) is not None:
            return last.output_size
        return _state_size_list(last)[0]

    def _multiplier_sublayers(self):
        return [cell for cell in self.cells if isinstance(cell, Layer)]

    def call(self, inputs, states, constants=None, **kwargs):
        """Runs one step of every cell, bottom to top.

        # Arguments
            inputs: input of the first cell at this time step.
            states: flat list of the states (reverse stack order).
            constants: list of constant tensors, passed to the cells whose
                `call` takes `constants`.
            **kwargs: passed to the cells whose `call` takes them
                (`training`).

        # Returns
            `(output of the last cell, flat list of new states)`.
        """
        # Split the flat state list into one list per cell (stack order).
        per_cell = []
        position = 0
        for cell in self.cells[::-1]:
            n = len(_state_size_list(cell))
            per_cell.append(list(states[position:position + n]))
            position += n
        per_cell = per_cell[::-1]

        new_states = []
        for cell, cell_states in zip(self.cells, per_cell):
            call_kwargs = {}
            for key, value in kwargs.items():
                if has_arg(cell.call, key):
                    call_kwargs[key] = value
            if has_arg(cell.call, 'constants'):
                inputs, cell_new = cell.call(inputs, cell_states,
                                             constants=constants,
                                             **call_kwargs)
            else:
                inputs, cell_new = cell.call(inputs, cell_states,
                                             **call_kwargs)
            new_states.append(to_list(cell_new, allow_tuple=True))

        flat = []
        for cell_new in new_states[::-1]:
            flat.extend(cell_new)
        return inputs, flat

    def build(self, input_shape):
        if isinstance(input_shape, list):
            constants_shape = input_shape[1:]
            input_shape = input_shape[0]
        else:
            constants_shape = None
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                # Only the cells that take constants get their shapes
                # (the others, e.g. a GRUCell, build on the input shape).
                if constants_shape and has_arg(cell.call, 'constants'):
                    cell.build([input_shape] + list(constants_shape))
                else:
                    cell.build(input_shape)
                cell.built = True
            if getattr(cell, 'output_size', None) is not None:
                output_dim = cell.output_size
            else:
                output_dim = _state_size_list(cell)[0]
            input_shape = (input_shape[0], output_dim)
        self.built = True

    def get_config(self):
        config = {'cells': [_serialize_cell(cell) for cell in self.cells]}
        base_config = super(StackedRNNCells, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the stack from the output of `get_config()`.

        # Arguments
            config: the config dict; its `'cells'` entry holds the cells'
                configs.
            custom_objects: dict of user classes (custom cells) by name.

        # Returns
            A `StackedRNNCells`.
        """
        from . import deserialize as deserialize_layer
        config = dict(config)
        cells = [deserialize_layer(cell_config, custom_objects=custom_objects)
                 for cell_config in config.pop('cells')]
        return cls(cells, **config)

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        weights = []
        for cell in self.cells:
            if isinstance(cell, Layer):
                weights += cell.trainable_weights
        return weights

    @property
    def non_trainable_weights(self):
        weights = []
        for cell in self.cells:
            if isinstance(cell, Layer):
                weights += cell.non_trainable_weights
        if not self.trainable:
            trainable = []
            for cell in self.cells:
                if isinstance(cell, Layer):
                    trainable += cell.trainable_weights
            return trainable + weights
        return weights

    def get_weights(self):
        """The cells' weights, cell after cell, as Numpy arrays."""
        weights = []
        for cell in self.cells:
            if isinstance(cell, Layer):
                weights += cell.weights
        return K.batch_get_value(weights)

    def set_weights(self, weights):
        """Sets the cells' weights, cell after cell.

        # Arguments
            weights: list of Numpy arrays, those of the first cell, then
                those of the second, and so on (as `get_weights()`).

        # Raises
            ValueError: if the number of arrays does not match.
        """
        weights = list(weights)
        expected = sum(len(cell.weights) for cell in self.cells
                       if isinstance(cell, Layer))
        if len(weights) != expected:
            raise ValueError('StackedRNNCells %r expects %d weight arrays, got '
                             '%d.' % (self.name, expected, len(weights)))
        tuples = []
        for cell in self.cells:
            if isinstance(cell, Layer):
                n = len(cell.weights)
                for sw, w in zip(cell.weights, weights[:n]):
                    tuples.append((sw, np.asarray(w)))
                weights = weights[n:]
        K.batch_set_value(tuples)

    @property
    def losses(self):
        losses = []
        for cell in self.cells:
            if isinstance(cell, Layer):
                losses += cell.losses
        return losses + self._losses

    def get_losses_for(self, inputs=None):
        """The cells' losses and the stack's own added with `inputs`.

        # Arguments
            inputs: input tensor(s), or None for the unconditional losses.

        # Returns
            A list of loss tensors.
        """
        losses = []
        for cell in self.cells:
            if isinstance(cell, Layer):
                losses += cell.get_losses_for(inputs)
        return losses + super(StackedRNNCells, self).get_losses_for(inputs)


# ---------------------------------------------------------------------------
# RNN
# ---------------------------------------------------------------------------

class RNN(Layer):
    """Base class of recurrent layers: runs a cell over the time axis.

    # Arguments
        cell: an RNN cell: an object with
            - a `call(input_at_t, states_at_t)` method returning
              `(output_at_t, states_at_t_plus_1)` (it may also take
              `training` and `constants` keyword arguments);
            - a `state_size` attribute: one integer (a single state) or a
              list/tuple of integers (one per state); the first one must be
              the size of the cell's output unless it has
            - an optional `output_size` attribute.
            A list of cells is stacked with `StackedRNNCells`.
        return_sequences: whether to return the whole output sequence
            `(batch, timesteps, units)` or only the last output
            `(batch, units)`.
        return_state: whether to return the last states after the output.
        go_backwards: whether to process the sequence backwards (the output
            sequence is then in reversed order too).
        stateful: whether the last state of sample `i` of a batch is the
            initial state of sample `i` of the next batch (needs a fixed
            batch size: `batch_input_shape`, or `batch_size` with an `Input`).
        unroll: whether to build a Python loop over the time steps instead of
            a symbolic loop (faster for short sequences, needs a fixed number
            of time steps, uses more memory).
        input_dim: (legacy) dimension of the input vectors; with
            `input_length`, gives the layer an `input_shape`.
        input_length: (legacy) length of the input sequences.

    # Call arguments
        inputs: 3D tensor `(batch, timesteps, input_dim)`.
        mask: boolean tensor `(batch, timesteps)` (from a `Masking` or
            `Embedding(mask_zero=True)` layer): masked steps keep the
            previous output and states.
        training: Python bool or tensor, for cells with dropout.
        initial_state: list of tensors, the initial states (Keras tensors in
            the functional API are recorded as extra inputs of the layer).
        constants: list of tensors passed to the cell at every step (the cell
            `call` must take a `constants` argument).

    # Input shape
        3D tensor `(batch_size, timesteps, input_dim)`.

    # Output shape
        - with `return_state`: a list `[output] + states`, each state of
          shape `(batch_size, units)`;
        - with `return_sequences`: `(batch_size, timesteps, units)`;
        - else `(batch_size, units)`.

    # Masking
        The layer supports masking of time steps; the output mask is the
        input mask when `return_sequences` is set, else None.

    # Stateful RNNs
        With `stateful=True` the layer keeps its states between batches;
        `reset_states()` sets them to zeros (or to given values).

    # Raises
        ValueError: if `cell` has no `call` method or no `state_size`.
    """

    def __init__(self, cell,
                 return_sequences=False,
                 return_state=False,
                 go_backwards=False,
                 stateful=False,
                 unroll=False,
                 **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, 'call'):
            raise ValueError('`cell` should have a `call` method. The RNN was '
                             'passed: %r' % (cell,))
        if not hasattr(cell, 'state_size'):
            raise ValueError('The RNN cell should have an attribute '
                             '`state_size` (an integer, or a tuple of integers '
                             'with one entry per RNN state). The RNN was '
                             'passed: %r' % (cell,))
        if ('input_dim' in kwargs or 'input_length' in kwargs) and \
                'input_shape' not in kwargs and \
                'batch_input_shape' not in kwargs:
            kwargs['input_shape'] = (kwargs.pop('input_length', None),
                                     kwargs.pop('input_dim', None))
        else:
            kwargs.pop('input_dim', None)
            kwargs.pop('input_length', None)
        super(RNN, self).__init__(**kwargs)
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll

        self.supports_masking = True
        self.input_spec = [InputSpec(ndim=3)]
        self.state_spec = None
        self._states = None
        self.constants_spec = None
        self._num_constants = None

    # -- multipliers -------------------------------------------------------

    def _multiplier_sublayers(self):
        if isinstance(self.cell, Layer):
            return [self.cell]
        return []

    # -- states ------------------------------------------------------------

    @property
    def states(self):
        if self._states is None:
            return [None] * len(_state_size_list(self.cell))
        return self._states

    @states.setter
    def states(self, states):
        self._states = states

    # -- shapes ------------------------------------------------------------

    def _output_dim(self):
        if getattr(self.cell, 'output_size', None) is not None:
            return self.cell.output_size
        return _state_size_list(self.cell)[0]

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        input_shape = tuple(input_shape)
        output_dim = self._output_dim()
        if self.return_sequences:
            output_shape = (input_shape[0], input_shape[1], output_dim)
        else:
            output_shape = (input_shape[0], output_dim)
        if self.return_state:
            state_shapes = [(input_shape[0], dim)
                            for dim in _state_size_list(self.cell)]
            return [output_shape] + state_shapes
        return output_shape

    def compute_mask(self, inputs, mask):
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.states]
        return output_mask

    def build(self, input_shape):
        if self._num_constants:
            constants_shape = list(input_shape[-self._num_constants:])
        else:
            constants_shape = None
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        input_shape = tuple(input_shape)

        batch_size = input_shape[0] if self.stateful else None
        input_dim = input_shape[-1]
        self.input_spec[0] = InputSpec(shape=(batch_size, None, input_dim))

        step_input_shape = (input_shape[0],) + input_shape[2:]
        if isinstance(self.cell, Layer) and not self.cell.built:
            # No name scope of its own: the weights are named
            # '<layer>/kernel', as in Keras 2.2.4.
            if constants_shape is not None:
                self.cell.build([step_input_shape] + constants_shape)
            else:
                self.cell.build(step_input_shape)
            self.cell.built = True

        state_size = _state_size_list(self.cell)
        if self.state_spec is not None:
            given = [spec.shape[-1] for spec in self.state_spec]
            if given != state_size:
                raise ValueError(
                    'Layer %s: an `initial_state` was passed that is not '
                    'compatible with `cell.state_size`. Received state sizes '
                    '%s, expected %s.' % (self.name, given, state_size))
        else:
            self.state_spec = [InputSpec(shape=(None, dim))
                               for dim in state_size]
        if self.stateful:
            self.reset_states()
        self.built = True

    def get_initial_state(self, inputs):
        """Zero states for `inputs`, one per entry of `cell.state_size`.

        # Arguments
            inputs: the input tensor `(batch, timesteps, ...)`.

        # Returns
            List of tensors `(batch, state_dim)`.
        """
        initial_state = K.zeros_like(inputs)
        initial_state = K.sum(initial_state,
                              axis=list(range(1, K.ndim(inputs))))
        initial_state = K.expand_dims(initial_state)  # (samples, 1)
        return [K.tile(initial_state, [1, dim])
                for dim in _state_size_list(self.cell)]

    # -- calling -----------------------------------------------------------

    def __call__(self, inputs, initial_state=None, constants=None, **kwargs):
        inputs, initial_state, constants = _standardize_args(
            inputs, initial_state, constants, self._num_constants)

        if initial_state is None and constants is None:
            return super(RNN, self).__call__(inputs, **kwargs)

        # Initial states and constants that are Keras tensors become extra
        # inputs of the layer, so that the layer graph tracks them.
        additional_inputs = []
        additional_specs = []
        if initial_state is not None:
            additional_inputs += initial_state
            self.state_spec = [InputSpec(shape=K.int_shape(state))
                               for state in initial_state]
            additional_specs += self.state_spec
        if constants is not None:
            if not has_arg(self.cell.call, 'constants'):
                raise ValueError('Layer %s: the RNN cell %r does not support '
                                 'constants (its `call` has no `constants` '
                                 'argument).' % (self.name, self.cell))
            additional_inputs += constants
            self.constants_spec = [InputSpec(shape=K.int_shape(constant))
                                   for constant in constants]
            self._num_constants = len(constants)
            additional_specs += self.constants_spec

        is_keras_tensor = K.is_keras_tensor(additional_inputs[0])
        for tensor in additional_inputs:
            if K.is_keras_tensor(tensor) != is_keras_tensor:
                raise ValueError(
                    'Layer %s: the initial state or constants of an RNN layer '
                    'cannot be a mix of Keras tensors and non-Keras tensors '
                    '(a "Keras tensor" is a tensor returned by a Keras layer '
                    'or by `Input`).' % self.name)

        if is_keras_tensor:
            # The states and constants travel in the input list only (`call`
            # splits it), so the recorded call has no tensor arguments and
            # the model config needs none.
            full_input = [inputs] + additional_inputs
            original_input_spec = self.input_spec
            full_input_spec = list(original_input_spec) + additional_specs
            self.input_spec = full_input_spec
            try:
                output = super(RNN, self).__call__(full_input, **kwargs)
            finally:
                # `build` updated the first spec in place: keep it.
                self.input_spec = full_input_spec[:len(original_input_spec)]
            return output
        if initial_state is not None:
            kwargs['initial_state'] = initial_state
        if constants is not None:
            kwargs['constants'] = constants
        return super(RNN, self).__call__(inputs, **kwargs)

    def _split_call_inputs(self, inputs, initial_state, constants):
        """Inputs given as `[inputs] + states + constants` (as the layer
        graph passes them) are split back."""
        if isinstance(inputs, list):
            if self._num_constants:
                constants = inputs[-self._num_constants:]
                states = inputs[1:-self._num_constants]
            else:
                states = inputs[1:]
            initial_state = states if states else None
            inputs = inputs[0]
        return inputs, initial_state, constants

    def call(self, inputs, mask=None, training=None, initial_state=None,
             constants=None):
        """Runs the cell over the time steps of `inputs`.

        # Arguments
            inputs: 3D input tensor, or the list `[inputs] + initial states
                + constants` recorded by the layer graph.
            mask: boolean tensor `(batch, timesteps)` or None.
            training: Python bool or tensor, for cells with dropout.
            initial_state: list of initial state tensors, or None (zeros,
                or the kept states of a stateful layer).
            constants: list of tensors given to the cell at every step, or
                None.

        # Returns
            The output, followed by the last states with `return_state`.

        # Raises
            ValueError: for a wrong number of initial states, `unroll`
                with an unknown number of time steps, or constants given
                to a cell that does not take them.
        """
        inputs, initial_state, constants = self._split_call_inputs(
            inputs, initial_state, constants)
        if initial_state is not None:
            initial_state = to_list(initial_state, allow_tuple=True)
        elif self.stateful:
            initial_state = self.states
        else:
            initial_state = self.get_initial_state(inputs)

        if isinstance(mask, list):
            mask = mask[0]

        if len(initial_state) != len(self.states):
            raise ValueError('Layer %s has %d states but was passed %d '
                             'initial states.' % (self.name, len(self.states),
                                                  len(initial_state)))
        input_shape = K.int_shape(inputs)
        timesteps = input_shape[1]
        if self.unroll and timesteps is None:
            raise ValueError(
                'Layer %s: cannot unroll a RNN if the time dimension is '
                'undefined. If using a Sequential model, specify the time '
                'dimension by passing an `input_shape` or `batch_input_shape` '
                'argument to your first layer; with the functional API, give '
                'the time dimension in the `shape` of your `Input`.'
                % self.name)

        _reset_dropout_masks(self.cell)
        kwargs = {}
        if has_arg(self.cell.call, 'training'):
            kwargs['training'] = training

        if constants:
            if not has_arg(self.cell.call, 'constants'):
                raise ValueError('Layer %s: the RNN cell %r does not support '
                                 'constants (its `call` has no `constants` '
                                 'argument).' % (self.name, self.cell))
            num_constants = len(constants)

            def step(step_inputs, states):
                step_constants = states[-num_constants:]
                states = states[:-num_constants]
                return self.cell.call(step_inputs, states,
                                      constants=step_constants, **kwargs)
        else:
            def step(step_inputs, states):
                return self.cell.call(step_inputs, states, **kwargs)

        last_output, outputs, states = K.rnn(step,
                                             inputs,
                                             initial_state,
                                             constants=constants,
                                             go_backwards=self.go_backwards,
                                             mask=mask,
                                             unroll=self.unroll,
                                             input_length=timesteps)
        states = to_list(states, allow_tuple=True)
        if self.stateful:
            # (variable, new value) pairs, as in Keras 2.2.4: `K.function`
            # assigns them only after its outputs are computed. An assign op
            # made here could run while a step of the loop has yet to read
            # the old value of another state (reads of reference variables
            # are not copies), e.g. when one state's chain does not depend
            # on the others.
            updates = [(self.states[i], states[i])
                       for i in range(len(states))]
            self.add_update(updates, inputs)

        output = outputs if self.return_sequences else last_output

        if getattr(last_output, '_uses_learning_phase', False):
            output._uses_learning_phase = True
            for state in states:
                state._uses_learning_phase = True

        if self.return_state:
            return [output] + list(states)
        return output

    def reset_states(self, states=None):
        """Resets the states of a stateful RNN.

        # Arguments
            states: None (zeros), or a Numpy array / list of arrays, one per
                state, of shape `(batch_size, state_dim)`.

        # Raises
            AttributeError: if the layer is not stateful.
            ValueError: if the batch size is unknown, or the given states do
                not match in number or shape.
        """
        if not self.stateful:
            raise AttributeError('Layer %s must be stateful to reset its '
                                 'states.' % self.name)
        shapes = self._stateful_state_shapes()
        if self.states[0] is None:
            self.states = [K.zeros(shape) for shape in shapes]
        elif states is None:
            for state, shape in zip(self.states, shapes):
                K.set_value(state, np.zeros(shape))
        else:
            states = to_list(states, allow_tuple=True)
            if len(states) != len(self.states):
                raise ValueError('Layer %s expects %d states, but it received '
                                 '%d state values. Input received: %s'
                                 % (self.name, len(self.states), len(states),
                                    states))
            for index, (value, state) in enumerate(zip(states, self.states)):
                value = np.asarray(value)
                if value.shape != shapes[index]:
                    raise ValueError('State %d is incompatible with layer %s: '
                                     'expected shape=%s, found shape=%s'
                                     % (index, self.name, shapes[index],
                                        value.shape))
                K.set_value(state, value)

    def _stateful_state_shapes(self):
        """Full shapes (batch included) of the states of a stateful layer.

        # Raises
            ValueError: if the batch size is unknown.
        """
        batch_size = self.input_spec[0].shape[0]
        if not batch_size:
            raise ValueError(
                'Layer %s: if a RNN is stateful, it needs to know its batch '
                'size. Specify the batch size of your input tensors: with a '
                'Sequential model, pass a `batch_input_shape` argument to '
                'your first layer (e.g. `batch_input_shape=(32, 10, 16)`); '
                'with the functional API, pass a `batch_shape` argument to '
                'your Input layer.' % self.name)
        return [(batch_size, dim) for dim in _state_size_list(self.cell)]

    # -- configuration -----------------------------------------------------

    def get_config(self):
        config = {'return_sequences': self.return_sequences,
                  'return_state': self.return_state,
                  'go_backwards': self.go_backwards,
                  'stateful': self.stateful,
                  'unroll': self.unroll}
        if self._num_constants is not None:
            config['num_constants'] = self._num_constants
        config['cell'] = _serialize_cell(self.cell)
        base_config = super(RNN, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the layer from the output of `get_config()`.

        # Arguments
            config: the config dict; its `'cell'` entry holds the cell's
                class name and config.
            custom_objects: dict of user classes (custom cells) by name.

        # Returns
            An RNN layer.
        """
        from . import deserialize as deserialize_layer
        config = dict(config)
        cell = deserialize_layer(config.pop('cell'),
                                 custom_objects=custom_objects)
        num_constants = config.pop('num_constants', None)
        layer = cls(cell, **config)
        layer._num_constants = num_constants
        return layer

    # -- weights and losses: those of the cell -----------------------------

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        if isinstance(self.cell, Layer):
            return self.cell.trainable_weights
        return []

    @property
    def non_trainable_weights(self):
        if isinstance(self.cell, Layer):
            if not self.trainable:
                return self.cell.weights
            return self.cell.non_trainable_weights
        return []

    @property
    def losses(self):
        layer_losses = super(RNN, self).losses
        if isinstance(self.cell, Layer):
            return self.cell.losses + layer_losses
        return layer_losses

    def get_losses_for(self, inputs=None):
        """The cell's losses and the layer's own added with `inputs`.

        # Arguments
            inputs: input tensor(s), or None for the unconditional losses.

        # Returns
            A list of loss tensors.
        """
        if isinstance(self.cell, Layer):
            cell_losses = self.cell.get_losses_for(inputs)
            return cell_losses + super(RNN, self).get_losses_for(inputs)
        return super(RNN, self).get_losses_for(inputs)


# ---------------------------------------------------------------------------
# SimpleRNN
# ---------------------------------------------------------------------------

class SimpleRNNCell(Layer):
    """Cell of a fully-connected RNN whose output is fed back as input:
    `h_t = activation(x_t . kernel + h_{t-1} . recurrent_kernel + bias)`.

    # Arguments
        units: positive integer, dimension of the output space.
        activation: activation function (default `tanh`; None: linear).
        use_bias: whether the layer uses a bias vector.
        kernel_initializer: initializer of the `kernel` (input weights).
        recurrent_initializer: initializer of the `recurrent_kernel`.
        bias_initializer: initializer of the `bias`.
        kernel_regularizer: regularizer of the `kernel`.
        recurrent_regularizer: regularizer of the `recurrent_kernel`.
        bias_regularizer: regularizer of the `bias`.
        kernel_constraint: constraint on the `kernel`.
        recurrent_constraint: constraint on the `recurrent_kernel`.
        bias_constraint: constraint on the `bias`.
        dropout: float in [0, 1], fraction of the input units to drop (the
            mask is drawn once per batch and reused at every step).
        recurrent_dropout: float in [0, 1], fraction of the recurrent state
            units to drop.
        learning_rate_multipliers: number or dict over `'kernel'`,
            `'recurrent_kernel'`, `'bias'`.
    """

    def __init__(self, units,
                 activation='tanh',
                 use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros',
                 kernel_regularizer=None,
                 recurrent_regularizer=None,
                 bias_regularizer=None,
                 kernel_constraint=None,
                 recurrent_constraint=None,
                 bias_constraint=None,
                 dropout=0.,
                 recurrent_dropout=0.,
                 **kwargs):
        super(SimpleRNNCell, self).__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias

        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)

        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)

        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

        self.dropout = min(1., max(0., dropout))
        self.recurrent_dropout = min(1., max(0., recurrent_dropout))
        self.state_size = self.units
        self.output_size = self.units
        self._dropout_mask = None
        self._recurrent_dropout_mask = None

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      name='kernel',
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units),
            name='recurrent_kernel',
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.units,),
                                        name='bias',
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None
        self.built = True

    def call(self, inputs, states, training=None):
        """Computes one time step.

        # Arguments
            inputs: the input at this step, `(batch, input_dim)`.
            states: list of the states at the previous step.
            training: Python bool or tensor, for dropout.

        # Returns
            `(output, new_states)`.
        """
        prev_output = states[0]
        if 0 < self.dropout < 1 and self._dropout_mask is None:
            self._dropout_mask = _generate_dropout_mask(
                K.ones_like(inputs), self.dropout, training=training)
        if (0 < self.recurrent_dropout < 1 and
                self._recurrent_dropout_mask is None):
            self._recurrent_dropout_mask = _generate_dropout_mask(
                K.ones_like(prev_output), self.recurrent_dropout,
                training=training)
        dp_mask = self._dropout_mask
        rec_dp_mask = self._recurrent_dropout_mask

        if dp_mask is not None:
            h = K.dot(inputs * dp_mask, self.kernel)
        else:
            h = K.dot(inputs, self.kernel)
        if self.bias is not None:
            h = K.bias_add(h, self.bias)
        if rec_dp_mask is not None:
            prev_output = prev_output * rec_dp_mask
        output = h + K.dot(prev_output, self.recurrent_kernel)
        if self.activation is not None:
            output = self.activation(output)
        _mark_learning_phase(output, self, training)
        return output, [output]

    def get_config(self):
        config = _attributes_config(self, _COMMON_CELL_ATTRIBUTES)
        base_config = super(SimpleRNNCell, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class SimpleRNN(_OwnCellMixin, RNN):
    """Fully-connected RNN whose output is fed back as input.

    # Arguments
        units: positive integer, dimension of the output space.
        activation: activation function (default `tanh`; None: linear).
        use_bias: whether the layer uses a bias vector.
        kernel_initializer: initializer of the `kernel` (input weights).
        recurrent_initializer: initializer of the `recurrent_kernel`.
        bias_initializer: initializer of the `bias`.
        kernel_regularizer: regularizer of the `kernel`.
        recurrent_regularizer: regularizer of the `recurrent_kernel`.
        bias_regularizer: regularizer of the `bias`.
        activity_regularizer: regularizer of the output.
        kernel_constraint: constraint on the `kernel`.
        recurrent_constraint: constraint on the `recurrent_kernel`.
        bias_constraint: constraint on the `bias`.
        dropout: fraction of the input units to drop.
        recurrent_dropout: fraction of the recurrent units to drop.
        return_sequences: return the whole output sequence rather than the
            last output (see `RNN`).
        return_state: also return the last states (see `RNN`).
        go_backwards: process the sequence backwards (see `RNN`).
        stateful: keep the last states of a batch as the initial states of
            the next one (see `RNN`).
        unroll: unroll the loop over time (see `RNN`).
        learning_rate_multipliers: number or dict over `'kernel'`,
            `'recurrent_kernel'`, `'bias'` (the cell's weights).
    """

    @interfaces.legacy_recurrent_support
    def __init__(self, units,
                 activation='tanh',
                 use_bias=True,
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
                 dropout=0.,
                 recurrent_dropout=0.,
                 return_sequences=False,
                 return_state=False,
                 go_backwards=False,
                 stateful=False,
                 unroll=False,
                 **kwargs):
        if 'implementation' in kwargs:
            kwargs.pop('implementation')
            warnings.warn('The `implementation` argument in `SimpleRNN` has '
                          'been deprecated. Please remove it from your layer '
                          'call.')
        cell = SimpleRNNCell(units,
                             activation=activation,
                             use_bias=use_bias,
                             kernel_initializer=kernel_initializer,
                             recurrent_initializer=recurrent_initializer,
                             bias_initializer=bias_initializer,
                             kernel_regularizer=kernel_regularizer,
                             recurrent_regularizer=recurrent_regularizer,
                             bias_regularizer=bias_regularizer,
                             kernel_constraint=kernel_constraint,
                             recurrent_constraint=recurrent_constraint,
                             bias_constraint=bias_constraint,
                             dropout=dropout,
                             recurrent_dropout=recurrent_dropout)
        super(SimpleRNN, self).__init__(cell,
                                        return_sequences=return_sequences,
                                        return_state=return_state,
                                        go_backwards=go_backwards,
                                        stateful=stateful,
                                        unroll=unroll,
                                        **kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)

    @classmethod
    def from_config(cls, config):
        """Rebuilds the layer from the output of `get_config()`.

        # Arguments
            config: the config dict (an `implementation` entry, written by
                older versions, is ignored).

        # Returns
            A `SimpleRNN` layer.
        """
        config = dict(config)
        config.pop('implementation', None)
        return cls(**config)


_expose_cell_attributes(SimpleRNN, _COMMON_CELL_ATTRIBUTES)


# ---------------------------------------------------------------------------
# GRU
# ---------------------------------------------------------------------------

class GRUCell(Layer):
    """Cell of a Gated Recurrent Unit (Cho et al. 2014).

    Gates in the order update `z`, reset `r`, candidate `h` (the kernels are
    the three blocks side by side):
    `z = recurrent_activation(x.Wz + h_{t-1}.Uz + bz)`,
    `r = recurrent_activation(x.Wr + h_{t-1}.Ur + br)`,
    `hh = activation(x.Wh + (r * h_{t-1}).Uh + bh)` (or, with `reset_after`,
    `activation(x.Wh + bh + r * (h_{t-1}.Uh + bh'))`),
    `h_t = z * h_{t-1} + (1 - z) * hh`.

    # Arguments
        units: positive integer, dimension of the output space.
        activation: activation of the candidate (default `tanh`).
        recurrent_activation: activation of the gates (default
            `hard_sigmoid`).
        use_bias: whether the layer uses a bias.
        kernel_initializer: initializer of the `kernel` (input weights).
        recurrent_initializer: initializer of the `recurrent_kernel`.
        bias_initializer: initializer of the `bias`.
        kernel_regularizer: regularizer of the `kernel`.
        recurrent_regularizer: regularizer of the `recurrent_kernel`.
        bias_regularizer: regularizer of the `bias`.
        kernel_constraint: constraint on the `kernel`.
        recurrent_constraint: constraint on the `recurrent_kernel`.
        bias_constraint: constraint on the `bias`.
        dropout: fraction of the input units to drop.
        recurrent_dropout: fraction of the recurrent units to drop.
        implementation: 1 computes each gate with its own small products;
            2 computes them together with larger products. Same results.
        reset_after: apply the reset gate after the recurrent product (the
            CuDNN convention); the bias then has shape `(2, 3 * units)`: row
            0 the input bias, row 1 the recurrent bias.
        learning_rate_multipliers: number or dict over `'kernel'`,
            `'recurrent_kernel'`, `'bias'`.
    """

    def __init__(self, units,
                 activation='tanh',
                 recurrent_activation='hard_sigmoid',
                 use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros',
                 kernel_regularizer=None,
                 recurrent_regularizer=None,
                 bias_regularizer=None,
                 kernel_constraint=None,
                 recurrent_constraint=None,
                 bias_constraint=None,
                 dropout=0.,
                 recurrent_dropout=0.,
                 implementation=1,
                 reset_after=False,
                 **kwargs):
        super(GRUCell, self).__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias

        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)

        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)

        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

        self.dropout = min(1., max(0., dropout))
        self.recurrent_dropout = min(1., max(0., recurrent_dropout))
        self.implementation = implementation
        self.reset_after = reset_after
        self.state_size = self.units
        self.output_size = self.units
        self._dropout_mask = None
        self._recurrent_dropout_mask = None

    def build(self, input_shape):
        input_dim = input_shape[-1]
        units = self.units
        self.kernel = self.add_weight(shape=(input_dim, units * 3),
                                      name='kernel',
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(units, units * 3),
            name='recurrent_kernel',
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)

        if self.use_bias:
            # With reset_after, the input and recurrent biases are kept
            # apart; the 2D shape also tells these weights from a CuDNNGRU's
            # flat (6 * units,) bias when converting saved weights.
            bias_shape = (2, 3 * units) if self.reset_after else (3 * units,)
            self.bias = self.add_weight(shape=bias_shape,
                                        name='bias',
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
            if self.reset_after:
                self.input_bias = K.flatten(self.bias[0])
                self.recurrent_bias = K.flatten(self.bias[1])
            else:
                self.input_bias = self.bias
                self.recurrent_bias = None
        else:
            self.bias = None
            self.input_bias = None
            self.recurrent_bias = None

        self.kernel_z = self.kernel[:, :units]
        self.recurrent_kernel_z = self.recurrent_kernel[:, :units]
        self.kernel_r = self.kernel[:, units:units * 2]
        self.recurrent_kernel_r = self.recurrent_kernel[:, units:units * 2]
        self.kernel_h = self.kernel[:, units * 2:]
        self.recurrent_kernel_h = self.recurrent_kernel[:, units * 2:]

        if self.use_bias:
            self.input_bias_z = self.input_bias[:units]
            self.input_bias_r = self.input_bias[units:units * 2]
            self.input_bias_h = self.input_bias[units * 2:]
            if self.reset_after:
                self.recurrent_bias_z = self.recurrent_bias[:units]
                self.recurrent_bias_r = self.recurrent_bias[units:units * 2]
                self.recurrent_bias_h = self.recurrent_bias[units * 2:]
            else:
                self.recurrent_bias_z = None
                self.recurrent_bias_r = None
                self.recurrent_bias_h = None
        else:
            self.input_bias_z = None
            self.input_bias_r = None
            self.input_bias_h = None
            self.recurrent_bias_z = None
            self.recurrent_bias_r = None
            self.recurrent_bias_h = None
        self.built = True

    def call(self, inputs, states, training=None):
        """Computes one time step.

        # Arguments
            inputs: the input at this step, `(batch, input_dim)`.
            states: list of the states at the previous step.
            training: Python bool or tensor, for dropout.

        # Returns
            `(output, new_states)`.
        """
        h_tm1 = states[0]
        units = self.units
        if 0 < self.dropout < 1 and self._dropout_mask is None:
            self._dropout_mask = _generate_dropout_mask(
                K.ones_like(inputs), self.dropout, training=training, count=3)
        if (0 < self.recurrent_dropout < 1 and
                self._recurrent_dropout_mask is None):
            self._recurrent_dropout_mask = _generate_dropout_mask(
                K.ones_like(h_tm1), self.recurrent_dropout,
                training=training, count=3)
        dp_mask = self._dropout_mask
        rec_dp_mask = self._recurrent_dropout_mask

        if self.implementation == 1:
            if 0. < self.dropout < 1.:
                inputs_z = inputs * dp_mask[0]
                inputs_r = inputs * dp_mask[1]
                inputs_h = inputs * dp_mask[2]
            else:
                inputs_z = inputs_r = inputs_h = inputs
            x_z = K.dot(inputs_z, self.kernel_z)
            x_r = K.dot(inputs_r, self.kernel_r)
            x_h = K.dot(inputs_h, self.kernel_h)
            if self.use_bias:
                x_z = K.bias_add(x_z, self.input_bias_z)
                x_r = K.bias_add(x_r, self.input_bias_r)
                x_h = K.bias_add(x_h, self.input_bias_h)

            if 0. < self.recurrent_dropout < 1.:
                h_tm1_z = h_tm1 * rec_dp_mask[0]
                h_tm1_r = h_tm1 * rec_dp_mask[1]
                h_tm1_h = h_tm1 * rec_dp_mask[2]
            else:
                h_tm1_z = h_tm1_r = h_tm1_h = h_tm1

            recurrent_z = K.dot(h_tm1_z, self.recurrent_kernel_z)
            recurrent_r = K.dot(h_tm1_r, self.recurrent_kernel_r)
            if self.reset_after and self.use_bias:
                recurrent_z = K.bias_add(recurrent_z, self.recurrent_bias_z)
                recurrent_r = K.bias_add(recurrent_r, self.recurrent_bias_r)

            z = self.recurrent_activation(x_z + recurrent_z)
            r = self.recurrent_activation(x_r + recurrent_r)

            if self.reset_after:
                recurrent_h = K.dot(h_tm1_h, self.recurrent_kernel_h)
                if self.use_bias:
                    recurrent_h = K.bias_add(recurrent_h,
                                             self.recurrent_bias_h)
                recurrent_h = r * recurrent_h
            else:
                recurrent_h = K.dot(r * h_tm1_h, self.recurrent_kernel_h)
            hh = self.activation(x_h + recurrent_h)
        else:
            if 0. < self.dropout < 1.:
                inputs = inputs * dp_mask[0]
            matrix_x = K.dot(inputs, self.kernel)
            if self.use_bias:
                matrix_x = K.bias_add(matrix_x, self.input_bias)
            x_z = matrix_x[:, :units]
            x_r = matrix_x[:, units:2 * units]
            x_h = matrix_x[:, 2 * units:]

            if 0. < self.recurrent_dropout < 1.:
                # As in Keras 2.2.4, the dropped state is also the one mixed
                # into the new state below.
                h_tm1 = h_tm1 * rec_dp_mask[0]

            if self.reset_after:
                matrix_inner = K.dot(h_tm1, self.recurrent_kernel)
                if self.use_bias:
                    matrix_inner = K.bias_add(matrix_inner,
                                              self.recurrent_bias)
            else:
                matrix_inner = K.dot(h_tm1,
                                     self.recurrent_kernel[:, :2 * units])
            recurrent_z = matrix_inner[:, :units]
            recurrent_r = matrix_inner[:, units:2 * units]

            z = self.recurrent_activation(x_z + recurrent_z)
            r = self.recurrent_activation(x_r + recurrent_r)

            if self.reset_after:
                recurrent_h = r * matrix_inner[:, 2 * units:]
            else:
                recurrent_h = K.dot(r * h_tm1,
                                    self.recurrent_kernel[:, 2 * units:])
            hh = self.activation(x_h + recurrent_h)

        h = z * h_tm1 + (1 - z) * hh
        _mark_learning_phase(h, self, training)
        return h, [h]

    def get_config(self):
        config = _attributes_config(self, _GRU_ATTRIBUTES)
        base_config = super(GRUCell, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def _check_implementation(implementation):
    if implementation == 0:
        warnings.warn('`implementation=0` has been deprecated, and now '
                      'defaults to `implementation=1`. Please update your '
                      'layer call.')
        return 1
    return implementation


class GRU(_OwnCellMixin, RNN):
    """Gated Recurrent Unit (Cho et al. 2014); see `GRUCell` for the math.

    There are two variants: the default one applies the reset gate to the
    previous state before the recurrent product; `reset_after=True` applies
    it after, with separate input and recurrent biases (the CuDNNGRU
    convention: use it with `recurrent_activation='sigmoid'` to run weights
    trained with `CuDNNGRU`).

    # Arguments
        units: positive integer, dimension of the output space.
        activation: activation of the candidate (default `tanh`).
        recurrent_activation: activation of the gates (default
            `hard_sigmoid`).
        use_bias: whether the layer uses a bias.
        kernel_initializer: initializer of the `kernel` (input weights).
        recurrent_initializer: initializer of the `recurrent_kernel`.
        bias_initializer: initializer of the `bias`.
        kernel_regularizer: regularizer of the `kernel`.
        recurrent_regularizer: regularizer of the `recurrent_kernel`.
        bias_regularizer: regularizer of the `bias`.
        activity_regularizer: regularizer of the output.
        kernel_constraint: constraint on the `kernel`.
        recurrent_constraint: constraint on the `recurrent_kernel`.
        bias_constraint: constraint on the `bias`.
        dropout: fraction of the input units to drop.
        recurrent_dropout: fraction of the recurrent units to drop.
        implementation: 1 or 2, see `GRUCell` (same results).
        return_sequences: return the whole output sequence rather than the
            last output (see `RNN`).
        return_state: also return the last states (see `RNN`).
        go_backwards: process the sequence backwards (see `RNN`).
        stateful: keep the last states of a batch as the initial states of
            the next one (see `RNN`).
        unroll: unroll the loop over time (see `RNN`).
        reset_after: apply the reset gate after the recurrent product (see
            `GRUCell`).
        learning_rate_multipliers: number or dict over `'kernel'`,
            `'recurrent_kernel'`, `'bias'` (the cell's weights).
    """

    @interfaces.legacy_recurrent_support
    def __init__(self, units,
                 activation='tanh',
                 recurrent_activation='hard_sigmoid',
                 use_bias=True,
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
                 dropout=0.,
                 recurrent_dropout=0.,
                 implementation=1,
                 return_sequences=False,
                 return_state=False,
                 go_backwards=False,
                 stateful=False,
                 unroll=False,
                 reset_after=False,
                 **kwargs):
        implementation = _check_implementation(implementation)
        cell = GRUCell(units,
                       activation=activation,
                       recurrent_activation=recurrent_activation,
                       use_bias=use_bias,
                       kernel_initializer=kernel_initializer,
                       recurrent_initializer=recurrent_initializer,
                       bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer,
                       recurrent_regularizer=recurrent_regularizer,
                       bias_regularizer=bias_regularizer,
                       kernel_constraint=kernel_constraint,
                       recurrent_constraint=recurrent_constraint,
                       bias_constraint=bias_constraint,
                       dropout=dropout,
                       recurrent_dropout=recurrent_dropout,
                       implementation=implementation,
                       reset_after=reset_after)
        super(GRU, self).__init__(cell,
                                  return_sequences=return_sequences,
                                  return_state=return_state,
                                  go_backwards=go_backwards,
                                  stateful=stateful,
                                  unroll=unroll,
                                  **kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)

    @classmethod
    def from_config(cls, config):
        """Rebuilds the layer from the output of `get_config()`.

        # Arguments
            config: the config dict (`implementation=0` of Keras 1 configs
                becomes 1).

        # Returns
            The layer.
        """
        config = dict(config)
        if config.get('implementation') == 0:
            config['implementation'] = 1
        return cls(**config)


_expose_cell_attributes(GRU, _GRU_ATTRIBUTES)


# ---------------------------------------------------------------------------
# LSTM
# ---------------------------------------------------------------------------

class LSTMCell(Layer):
    """Cell of a Long Short-Term Memory layer (Hochreiter 1997).

    Gates in the order input `i`, forget `f`, cell candidate `c`, output `o`
    (the kernels hold the four blocks side by side):
    `i = recurrent_activation(x.Wi + h.Ui + bi)`, `f` and `o` alike,
    `c_t = f * c_{t-1} + i * activation(x.Wc + h.Uc + bc)`,
    `h_t = o * activation(c_t)`. The states are `[h, c]`.

    # Arguments
        units: positive integer, dimension of the output space.
        activation: activation of the candidate and of the output
            (default `tanh`).
        recurrent_activation: activation of the gates (default
            `hard_sigmoid`).
        use_bias: whether the layer uses a bias.
        kernel_initializer: initializer of the `kernel` (input weights).
        recurrent_initializer: initializer of the `recurrent_kernel`.
        bias_initializer: initializer of the `bias`.
        unit_forget_bias: add 1 to the forget gate's bias at
            initialization (the bias initializer then gives the other
            gates' biases; Jozefowicz et al. 2015).
        kernel_regularizer: regularizer of the `kernel`.
        recurrent_regularizer: regularizer of the `recurrent_kernel`.
        bias_regularizer: regularizer of the `bias`.
        kernel_constraint: constraint on the `kernel`.
        recurrent_constraint: constraint on the `recurrent_kernel`.
        bias_constraint: constraint on the `bias`.
        dropout: fraction of the input units to drop.
        recurrent_dropout: fraction of the recurrent units to drop.
        implementation: 1 computes each gate with its own small products;
            2 computes them together with larger products. Same results.
        learning_rate_multipliers: number or dict over `'kernel'`,
            `'recurrent_kernel'`, `'bias'`.
    """

    def __init__(self, units,
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
                 implementation=1,
                 **kwargs):
        super(LSTMCell, self).__init__(**kwargs)
        self.units = units
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
        self.implementation = implementation
        self.state_size = (self.units, self.units)
        self.output_size = self.units
        self._dropout_mask = None
        self._recurrent_dropout_mask = None

    def build(self, input_shape):
        input_dim = input_shape[-1]
        units = self.units
        self.kernel = self.add_weight(shape=(input_dim, units * 4),
                                      name='kernel',
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(units, units * 4),
            name='recurrent_kernel',
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)

        if self.use_bias:
            if self.unit_forget_bias:
                bias_initializer = _forget_bias_initializer(
                    units, self.bias_initializer, 2)
            else:
                bias_initializer = self.bias_initializer
            self.bias = self.add_weight(shape=(units * 4,),
                                        name='bias',
                                        initializer=bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None

        self.kernel_i = self.kernel[:, :units]
        self.kernel_f = self.kernel[:, units:units * 2]
        self.kernel_c = self.kernel[:, units * 2:units * 3]
        self.kernel_o = self.kernel[:, units * 3:]

        self.recurrent_kernel_i = self.recurrent_kernel[:, :units]
        self.recurrent_kernel_f = self.recurrent_kernel[:, units:units * 2]
        self.recurrent_kernel_c = self.recurrent_kernel[:, units * 2:units * 3]
        self.recurrent_kernel_o = self.recurrent_kernel[:, units * 3:]

        if self.use_bias:
            self.bias_i = self.bias[:units]
            self.bias_f = self.bias[units:units * 2]
            self.bias_c = self.bias[units * 2:units * 3]
            self.bias_o = self.bias[units * 3:]
        else:
            self.bias_i = None
            self.bias_f = None
            self.bias_c = None
            self.bias_o = None
        self.built = True

    def call(self, inputs, states, training=None):
        """Computes one time step.

        # Arguments
            inputs: the input at this step, `(batch, input_dim)`.
            states: list of the states at the previous step.
            training: Python bool or tensor, for dropout.

        # Returns
            `(output, new_states)`.
        """
        h_tm1 = states[0]  # previous memory state
        c_tm1 = states[1]  # previous carry state
        units = self.units
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

        if self.implementation == 1:
            if 0 < self.dropout < 1.:
                inputs_i = inputs * dp_mask[0]
                inputs_f = inputs * dp_mask[1]
                inputs_c = inputs * dp_mask[2]
                inputs_o = inputs * dp_mask[3]
            else:
                inputs_i = inputs_f = inputs_c = inputs_o = inputs
            x_i = K.dot(inputs_i, self.kernel_i)
            x_f = K.dot(inputs_f, self.kernel_f)
            x_c = K.dot(inputs_c, self.kernel_c)
            x_o = K.dot(inputs_o, self.kernel_o)
            if self.use_bias:
                x_i = K.bias_add(x_i, self.bias_i)
                x_f = K.bias_add(x_f, self.bias_f)
                x_c = K.bias_add(x_c, self.bias_c)
                x_o = K.bias_add(x_o, self.bias_o)

            if 0 < self.recurrent_dropout < 1.:
                h_tm1_i = h_tm1 * rec_dp_mask[0]
                h_tm1_f = h_tm1 * rec_dp_mask[1]
                h_tm1_c = h_tm1 * rec_dp_mask[2]
                h_tm1_o = h_tm1 * rec_dp_mask[3]
            else:
                h_tm1_i = h_tm1_f = h_tm1_c = h_tm1_o = h_tm1
            i = self.recurrent_activation(
                x_i + K.dot(h_tm1_i, self.recurrent_kernel_i))
            f = self.recurrent_activation(
                x_f + K.dot(h_tm1_f, self.recurrent_kernel_f))
            c = f * c_tm1 + i * self.activation(
                x_c + K.dot(h_tm1_c, self.recurrent_kernel_c))
            o = self.recurrent_activation(
                x_o + K.dot(h_tm1_o, self.recurrent_kernel_o))
        else:
            if 0. < self.dropout < 1.:
                inputs = inputs * dp_mask[0]
            z = K.dot(inputs, self.kernel)
            if 0. < self.recurrent_dropout < 1.:
                h_tm1 = h_tm1 * rec_dp_mask[0]
            z = z + K.dot(h_tm1, self.recurrent_kernel)
            if self.use_bias:
                z = K.bias_add(z, self.bias)
            z0 = z[:, :units]
            z1 = z[:, units:2 * units]
            z2 = z[:, 2 * units:3 * units]
            z3 = z[:, 3 * units:]
            i = self.recurrent_activation(z0)
            f = self.recurrent_activation(z1)
            c = f * c_tm1 + i * self.activation(z2)
            o = self.recurrent_activation(z3)

        h = o * self.activation(c)
        _mark_learning_phase(h, self, training)
        return h, [h, c]

    def get_config(self):
        config = _attributes_config(self, _LSTM_ATTRIBUTES)
        base_config = super(LSTMCell, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class LSTM(_OwnCellMixin, RNN):
    """Long Short-Term Memory layer (Hochreiter 1997); see `LSTMCell` for
    the math.

    # Arguments
        units: positive integer, dimension of the output space.
        activation: activation of the candidate and of the output
            (default `tanh`).
        recurrent_activation: activation of the gates (default
            `hard_sigmoid`).
        use_bias: whether the layer uses a bias.
        kernel_initializer: initializer of the `kernel` (input weights).
        recurrent_initializer: initializer of the `recurrent_kernel`.
        bias_initializer: initializer of the `bias`.
        unit_forget_bias: add 1 to the forget gate's bias at
            initialization (see `LSTMCell`).
        kernel_regularizer: regularizer of the `kernel`.
        recurrent_regularizer: regularizer of the `recurrent_kernel`.
        bias_regularizer: regularizer of the `bias`.
        activity_regularizer: regularizer of the output.
        kernel_constraint: constraint on the `kernel`.
        recurrent_constraint: constraint on the `recurrent_kernel`.
        bias_constraint: constraint on the `bias`.
        dropout: fraction of the input units to drop.
        recurrent_dropout: fraction of the recurrent units to drop.
        implementation: 1 or 2, see `LSTMCell` (same results).
        return_sequences: return the whole output sequence rather than the
            last output (see `RNN`).
        return_state: also return the last states (see `RNN`).
        go_backwards: process the sequence backwards (see `RNN`).
        stateful: keep the last states of a batch as the initial states of
            the next one (see `RNN`).
        unroll: unroll the loop over time (see `RNN`).
        learning_rate_multipliers: number or dict over `'kernel'`,
            `'recurrent_kernel'`, `'bias'` (the cell's weights).
    """

    @interfaces.legacy_recurrent_support
    def __init__(self, units,
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
                 dropout=0.,
                 recurrent_dropout=0.,
                 implementation=1,
                 return_sequences=False,
                 return_state=False,
                 go_backwards=False,
                 stateful=False,
                 unroll=False,
                 **kwargs):
        implementation = _check_implementation(implementation)
        cell = LSTMCell(units,
                        activation=activation,
                        recurrent_activation=recurrent_activation,
                        use_bias=use_bias,
                        kernel_initializer=kernel_initializer,
                        recurrent_initializer=recurrent_initializer,
                        unit_forget_bias=unit_forget_bias,
                        bias_initializer=bias_initializer,
                        kernel_regularizer=kernel_regularizer,
                        recurrent_regularizer=recurrent_regularizer,
                        bias_regularizer=bias_regularizer,
                        kernel_constraint=kernel_constraint,
                        recurrent_constraint=recurrent_constraint,
                        bias_constraint=bias_constraint,
                        dropout=dropout,
                        recurrent_dropout=recurrent_dropout,
                        implementation=implementation)
        super(LSTM, self).__init__(cell,
                                   return_sequences=return_sequences,
                                   return_state=return_state,
                                   go_backwards=go_backwards,
                                   stateful=stateful,
                                   unroll=unroll,
                                   **kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)

    @classmethod
    def from_config(cls, config):
        """Rebuilds the layer from the output of `get_config()`.

        # Arguments
            config: the config dict (`implementation=0` of Keras 1 configs
                becomes 1).

        # Returns
            The layer.
        """
        config = dict(config)
        if config.get('implementation') == 0:
            config['implementation'] = 1
        return cls(**config)


_expose_cell_attributes(LSTM, _LSTM_ATTRIBUTES)


# Keras 2.2.4 kept the legacy `Recurrent` base class importable from here.
from ..legacy.layers import Recurrent  # noqa: E402
