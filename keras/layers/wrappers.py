"""Layer wrappers: `Wrapper` (base class), `TimeDistributed` and
`Bidirectional`.

A wrapper's weights are those of the layer(s) it wraps; for learning-rate
multipliers it reports them as sub-layers (`_multiplier_sublayers`), so a
multiplier given to the wrapped layer, or to the wrapper itself, reaches the
inner weights. `Bidirectional` builds its backward layer from the forward
layer's config, so a multiplier given to the wrapped RNN applies to both
directions.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import copy

from .. import backend as K
from ..engine.base_layer import InputSpec
from ..engine.base_layer import Layer
from ..utils.generic_utils import has_arg
from ..utils.generic_utils import object_list_uid
from .recurrent import _standardize_args


class Wrapper(Layer):
    """Base class of the layers that wrap another layer.

    Not used directly: subclasses such as `TimeDistributed` and
    `Bidirectional` change how the wrapped layer is applied.

    # Arguments
        layer: the wrapped layer instance.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError('%s must wrap a Keras `Layer` instance, got %r.'
                             % (self.__class__.__name__, layer))
        self.layer = layer
        # Inputs of the wrapper -> inputs the inner layer actually saw, to
        # find the inner layer's input-conditional updates.
        self._input_map = {}
        # The wrapper starts with the wrapped layer's trainability.
        kwargs.setdefault('trainable', getattr(layer, 'trainable', True))
        super(Wrapper, self).__init__(**kwargs)

    def _multiplier_sublayers(self):
        return [self.layer]

    def build(self, input_shape=None):
        self.built = True

    @property
    def activity_regularizer(self):
        return getattr(self.layer, 'activity_regularizer', None)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = value
        if hasattr(self, 'layer'):
            self.layer.trainable = value

    @property
    def trainable_weights(self):
        return self.layer.trainable_weights

    @property
    def non_trainable_weights(self):
        return self.layer.non_trainable_weights

    @property
    def updates(self):
        return list(getattr(self.layer, 'updates', [])) + self._updates

    def get_updates_for(self, inputs=None):
        """The wrapped layer's updates and the wrapper's own for `inputs`.

        # Arguments
            inputs: input tensor(s) of the wrapper, or None for the
                unconditional updates.

        # Returns
            A list of update ops.
        """
        inner_inputs = inputs
        if inputs is not None:
            uid = object_list_uid(inputs)
            if uid in self._input_map:
                inner_inputs = self._input_map[uid]
        updates = list(self.layer.get_updates_for(inner_inputs))
        updates += super(Wrapper, self).get_updates_for(inputs)
        return updates

    @property
    def losses(self):
        return list(getattr(self.layer, 'losses', [])) + self._losses

    def get_losses_for(self, inputs=None):
        """The losses added with `inputs` (with None: the wrapped layer's
        unconditional losses too).

        # Arguments
            inputs: input tensor(s), or None for the unconditional losses.

        # Returns
            A list of loss tensors.
        """
        if inputs is None:
            losses = list(self.layer.get_losses_for(None))
            return losses + super(Wrapper, self).get_losses_for(None)
        return super(Wrapper, self).get_losses_for(inputs)

    def get_weights(self):
        return self.layer.get_weights()

    def set_weights(self, weights):
        self.layer.set_weights(weights)

    def get_config(self):
        config = {'layer': {'class_name': self.layer.__class__.__name__,
                            'config': self.layer.get_config()}}
        base_config = super(Wrapper, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the wrapper from the output of `get_config()`.

        # Arguments
            config: the config dict; its `'layer'` entry holds the wrapped
                layer's class name and config.
            custom_objects: dict of user classes by name.

        # Returns
            The wrapper.
        """
        from . import deserialize as deserialize_layer
        config = dict(config)
        layer = deserialize_layer(config.pop('layer'),
                                  custom_objects=custom_objects)
        return cls(layer, **config)


class TimeDistributed(Wrapper):
    """Applies a layer to every temporal slice of an input.

    The input must be at least 3D; axis 1 is the time axis. For instance
    `TimeDistributed(Dense(8), input_shape=(10, 16))` applies the same
    `Dense` (same weights) to each of the 10 time steps and outputs
    `(batch, 10, 8)`.

    When the batch size is unknown, the input is folded to
    `(batch * timesteps, ...)`, the layer applied once, and the result
    unfolded; when the batch size is fixed, the layer is applied step by step
    in a symbolic loop.

    # Arguments
        layer: a layer instance.

    # Raises
        ValueError: if the input has fewer than 3 dimensions.
    """

    def __init__(self, layer, **kwargs):
        super(TimeDistributed, self).__init__(layer, **kwargs)
        self.supports_masking = True

    def _get_shape_tuple(self, init_tuple, tensor, start_idx, int_shape=None):
        """`init_tuple + shape of tensor[start_idx:]`, using the dynamic
        shape where the static one is unknown."""
        if int_shape is None:
            int_shape = K.int_shape(tensor)[start_idx:]
        int_shape = tuple(int_shape)
        if all(int_shape):
            return init_tuple + int_shape
        tensor_shape = K.shape(tensor)
        int_shape = list(int_shape)
        for i, s in enumerate(int_shape):
            if not s:
                int_shape[i] = tensor_shape[start_idx + i]
        return init_tuple + tuple(int_shape)

    def build(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) < 3:
            raise ValueError('Layer %s: TimeDistributed needs an input of '
                             'at least 3 dimensions (batch, time, ...), got '
                             'shape %s.' % (self.name, input_shape))
        self.input_spec = InputSpec(shape=input_shape)
        child_input_shape = (input_shape[0],) + input_shape[2:]
        if not self.layer.built:
            self.layer.build(child_input_shape)
            self.layer.built = True
            initial = getattr(self.layer, '_initial_weights', None)
            if initial is not None:
                self.layer.set_weights(initial)
                self.layer._initial_weights = None
        super(TimeDistributed, self).build()

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        child_input_shape = (input_shape[0],) + input_shape[2:]
        child_output_shape = tuple(
            self.layer.compute_output_shape(child_input_shape))
        timesteps = input_shape[1]
        return (child_output_shape[0], timesteps) + child_output_shape[1:]

    def call(self, inputs, training=None, mask=None):
        """Applies the wrapped layer to every time step of `inputs`.

        # Arguments
            inputs: tensor `(batch, time, ...)`.
            training: Python bool or tensor, passed to the wrapped layer
                when its `call` takes it.
            mask: mask of `inputs`, or None (passed, reshaped, to the
                wrapped layer when its `call` takes one).

        # Returns
            Tensor `(batch, time, ...)`.
        """
        kwargs = {}
        if has_arg(self.layer.call, 'training'):
            kwargs['training'] = training
        uses_learning_phase = [False]

        input_shape = K.int_shape(inputs)
        if input_shape[0]:
            # Fixed batch size: apply the layer step by step.
            def step(x, _):
                output = self.layer.call(x, **kwargs)
                if getattr(output, '_uses_learning_phase', False):
                    uses_learning_phase[0] = True
                return output, []

            _, outputs, _ = K.rnn(step, inputs,
                                  initial_states=[],
                                  input_length=input_shape[1],
                                  unroll=False)
            y = outputs
        else:
            # Any batch size: fold time into the batch axis.
            input_length = input_shape[1]
            if not input_length:
                input_length = K.shape(inputs)[1]
            inner_input_shape = self._get_shape_tuple((-1,), inputs, 2)
            input_uid = object_list_uid(inputs)
            inner_inputs = K.reshape(inputs, inner_input_shape)
            self._input_map[input_uid] = inner_inputs
            if has_arg(self.layer.call, 'mask') and mask is not None:
                inner_mask_shape = self._get_shape_tuple((-1,), mask, 2)
                kwargs['mask'] = K.reshape(mask, inner_mask_shape)
            y = self.layer.call(inner_inputs, **kwargs)
            if getattr(y, '_uses_learning_phase', False):
                uses_learning_phase[0] = True
            output_shape = self.compute_output_shape(input_shape)
            output_shape = self._get_shape_tuple((-1, input_length), y, 1,
                                                 output_shape[2:])
            y = K.reshape(y, output_shape)

        regularizer = getattr(self.layer, 'activity_regularizer', None)
        if regularizer is not None:
            self.add_loss(regularizer(y), inputs)

        if uses_learning_phase[0]:
            y._uses_learning_phase = True
        return y

    @property
    def activity_regularizer(self):
        # The inner layer's activity regularizer is applied in `call`, to the
        # whole output sequence; `Layer.__call__` must not apply it again.
        return None

    def compute_mask(self, inputs, mask=None):
        """Output mask: the inner layer's mask at each step, or, when the
        inner layer gives none, the input mask reduced to `(batch, time)`.

        # Arguments
            inputs: the input tensor of the wrapper.
            mask: its mask, or None.

        # Returns
            None, or a boolean tensor whose first axes are `(batch, time)`.
        """
        inner_mask = mask
        if mask is not None:
            inner_mask_shape = self._get_shape_tuple((-1,), mask, 2)
            inner_mask = K.reshape(inner_mask, inner_mask_shape)
        input_uid = object_list_uid(inputs)
        inner_inputs = self._input_map.get(input_uid, inputs)
        output_mask = self.layer.compute_mask(inner_inputs, inner_mask)
        if output_mask is None:
            if mask is None:
                return None
            output_mask = mask
            for _ in range(2, len(K.int_shape(mask))):
                output_mask = K.any(output_mask, axis=-1)
        else:
            input_length = K.int_shape(inputs)[1]
            if not input_length:
                input_length = K.shape(inputs)[1]
            output_mask_int_shape = K.int_shape(output_mask)
            if output_mask_int_shape is None:
                if mask is not None:
                    output_mask_int_shape = K.int_shape(mask)
                else:
                    output_mask_int_shape = self.compute_output_shape(
                        K.int_shape(inputs))[:-1]
            output_mask_shape = self._get_shape_tuple(
                (-1, input_length), output_mask, 1, output_mask_int_shape[1:])
            output_mask = K.reshape(output_mask, output_mask_shape)
        return output_mask


_MERGE_MODES = ('sum', 'mul', 'ave', 'concat', None)


class Bidirectional(Wrapper):
    """Bidirectional wrapper for RNNs: runs a copy of the layer forwards and
    another one backwards over the sequence and merges their outputs.

    # Arguments
        layer: a recurrent layer instance (`RNN`, `SimpleRNN`, `GRU`,
            `LSTM`, `CuDNNGRU`, `CuDNNLSTM`, ...). The backward copy is
            built from its config with `go_backwards` flipped, so it has the
            same arguments (learning-rate multipliers included).
        merge_mode: how the two outputs are combined: `'sum'`, `'mul'`,
            `'concat'` (default), `'ave'`, or None (a list of both outputs).
        weights: optional list of Numpy arrays: the forward layer's weights
            followed by the backward layer's, set when the layer is built.

    # Call arguments
        initial_state: list of states: those of the forward layer followed
            by those of the backward layer.
        constants: list of constants, given to both directions.

    # Raises
        ValueError: for an invalid `merge_mode` or a layer that is not a
            recurrent layer.
    """

    def __init__(self, layer, merge_mode='concat', weights=None, **kwargs):
        if merge_mode not in _MERGE_MODES:
            raise ValueError('Invalid merge mode %r for Bidirectional. Merge '
                             'mode should be one of {"sum", "mul", "ave", '
                             '"concat", None}.' % (merge_mode,))
        if not isinstance(layer, Layer):
            raise ValueError('Bidirectional must wrap a recurrent layer '
                             'instance, got %r.' % (layer,))
        config = layer.get_config()
        if 'go_backwards' not in config:
            raise ValueError('Bidirectional must wrap a recurrent layer (one '
                             'with a `go_backwards` argument), got %s %r.'
                             % (layer.__class__.__name__, layer.name))
        self.forward_layer = copy.copy(layer)
        config['go_backwards'] = not config['go_backwards']
        self.backward_layer = layer.__class__.from_config(config)
        self.forward_layer.name = 'forward_' + self.forward_layer.name
        self.backward_layer.name = 'backward_' + self.backward_layer.name
        self.merge_mode = merge_mode
        if weights:
            nw = len(weights)
            self.forward_layer.initial_weights = weights[:nw // 2]
            self.backward_layer.initial_weights = weights[nw // 2:]
        self._bidirectional_weights = list(weights) if weights else None
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self._trainable = True
        super(Bidirectional, self).__init__(layer, **kwargs)
        # Layer.__init__ reset these two.
        self.stateful = layer.stateful
        self.supports_masking = True
        self.input_spec = layer.input_spec
        self._num_constants = None

    def _multiplier_sublayers(self):
        return [self.forward_layer, self.backward_layer]

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = value
        if hasattr(self, 'forward_layer'):
            self.forward_layer.trainable = value
            self.backward_layer.trainable = value

    def get_weights(self):
        return (self.forward_layer.get_weights() +
                self.backward_layer.get_weights())

    def set_weights(self, weights):
        nw = len(weights)
        self.forward_layer.set_weights(weights[:nw // 2])
        self.backward_layer.set_weights(weights[nw // 2:])

    def compute_output_shape(self, input_shape):
        output_shape = self.forward_layer.compute_output_shape(input_shape)
        if self.return_state:
            state_shape = list(output_shape[1:])
            output_shape = output_shape[0]
        output_shape = tuple(output_shape)

        if self.merge_mode == 'concat':
            output_shape = output_shape[:-1] + (output_shape[-1] * 2,)
        elif self.merge_mode is None:
            output_shape = [output_shape, copy.copy(output_shape)]

        if self.return_state:
            if self.merge_mode is None:
                return output_shape + state_shape + copy.copy(state_shape)
            return [output_shape] + state_shape + copy.copy(state_shape)
        return output_shape

    def __call__(self, inputs, initial_state=None, constants=None, **kwargs):
        inputs, initial_state, constants = _standardize_args(
            inputs, initial_state, constants, self._num_constants)

        if initial_state is None and constants is None:
            return super(Bidirectional, self).__call__(inputs, **kwargs)

        additional_inputs = []
        additional_specs = []
        if initial_state is not None:
            num_states = len(initial_state)
            if num_states % 2 > 0:
                raise ValueError(
                    'Layer %s: when passing `initial_state` to a Bidirectional '
                    'RNN, the state should be a list containing the states of '
                    'the forward RNN followed by those of the backward RNN '
                    '(an even number of states). Found: %s'
                    % (self.name, initial_state))
            additional_inputs += initial_state
            state_specs = [InputSpec(shape=K.int_shape(state))
                           for state in initial_state]
            self.forward_layer.state_spec = state_specs[:num_states // 2]
            self.backward_layer.state_spec = state_specs[num_states // 2:]
            additional_specs += state_specs
        if constants is not None:
            additional_inputs += constants
            constants_spec = [InputSpec(shape=K.int_shape(constant))
                              for constant in constants]
            self.forward_layer.constants_spec = constants_spec
            self.backward_layer.constants_spec = constants_spec
            additional_specs += constants_spec
            self._num_constants = len(constants)
            self.forward_layer._num_constants = self._num_constants
            self.backward_layer._num_constants = self._num_constants

        is_keras_tensor = K.is_keras_tensor(additional_inputs[0])
        for tensor in additional_inputs:
            if K.is_keras_tensor(tensor) != is_keras_tensor:
                raise ValueError(
                    'Layer %s: the initial state of a Bidirectional layer '
                    'cannot be specified with a mix of Keras tensors and '
                    'non-Keras tensors (a "Keras tensor" is a tensor that was '
                    'returned by a Keras layer, or by `Input`).' % self.name)

        if is_keras_tensor:
            full_input = [inputs] + additional_inputs
            original_input_spec = self.input_spec
            full_input_spec = list(original_input_spec) + additional_specs
            self.input_spec = full_input_spec
            try:
                output = super(Bidirectional, self).__call__(full_input,
                                                             **kwargs)
            finally:
                self.input_spec = original_input_spec
            return output
        if initial_state is not None:
            kwargs['initial_state'] = initial_state
        if constants is not None:
            kwargs['constants'] = constants
        return super(Bidirectional, self).__call__(inputs, **kwargs)

    def call(self, inputs, mask=None, training=None, initial_state=None,
             constants=None):
        """Runs the forward and the backward layers and merges them.

        # Arguments
            inputs: input tensor, or the list `[inputs] + initial states +
                constants` recorded by the layer graph.
            mask: mask of the inputs, or None.
            training: Python bool or tensor, for layers with dropout.
            initial_state: list of initial states, the forward layer's then
                the backward layer's, or None.
            constants: list of constant tensors given to both layers, or
                None.

        # Returns
            The merged output (a list `[forward, backward]` when
            `merge_mode` is None), followed by the states of both layers
            with `return_state`.
        """
        kwargs = {}
        if has_arg(self.layer.call, 'training'):
            kwargs['training'] = training
        if has_arg(self.layer.call, 'mask'):
            kwargs['mask'] = mask
        if has_arg(self.layer.call, 'constants'):
            kwargs['constants'] = constants

        if isinstance(inputs, list):
            # [inputs] + forward states + backward states + constants, as the
            # layer graph passes them.
            num_constants = self._num_constants or 0
            end = len(inputs) - num_constants
            states = inputs[1:end]
            if num_constants:
                kwargs['constants'] = inputs[end:]
            initial_state = states if states else None
            inputs = inputs[0]
        if isinstance(mask, list):
            mask = mask[0]
            if 'mask' in kwargs:
                kwargs['mask'] = mask

        if initial_state is not None and has_arg(self.layer.call,
                                                 'initial_state'):
            pivot = len(initial_state) // 2
            forward_state = list(initial_state[:pivot])
            backward_state = list(initial_state[pivot:])
            y = self.forward_layer.call(inputs, initial_state=forward_state,
                                        **kwargs)
            y_rev = self.backward_layer.call(inputs,
                                             initial_state=backward_state,
                                             **kwargs)
        else:
            y = self.forward_layer.call(inputs, **kwargs)
            y_rev = self.backward_layer.call(inputs, **kwargs)

        if self.return_state:
            states = list(y[1:]) + list(y_rev[1:])
            y = y[0]
            y_rev = y_rev[0]

        if self.return_sequences:
            y_rev = K.reverse(y_rev, 1)
        if self.merge_mode == 'concat':
            output = K.concatenate([y, y_rev])
        elif self.merge_mode == 'sum':
            output = y + y_rev
        elif self.merge_mode == 'ave':
            output = (y + y_rev) / 2
        elif self.merge_mode == 'mul':
            output = y * y_rev
        else:
            output = [y, y_rev]

        if (getattr(y, '_uses_learning_phase', False) or
                getattr(y_rev, '_uses_learning_phase', False)):
            if self.merge_mode is None:
                for out in output:
                    out._uses_learning_phase = True
            else:
                output._uses_learning_phase = True

        if self.return_state:
            if self.merge_mode is None:
                return output + states
            return [output] + states
        return output

    def reset_states(self):
        """Resets the states of both directions (stateful layers only)."""
        self.forward_layer.reset_states()
        self.backward_layer.reset_states()

    def build(self, input_shape):
        with K.name_scope(self.forward_layer.name):
            self.forward_layer.build(input_shape)
            self.forward_layer.built = True
        with K.name_scope(self.backward_layer.name):
            self.backward_layer.build(input_shape)
            self.backward_layer.built = True
        if self._bidirectional_weights is not None:
            self.set_weights(self._bidirectional_weights)
            self._bidirectional_weights = None
        self.built = True

    def compute_mask(self, inputs, mask):
        if isinstance(mask, list):
            mask = mask[0]
        if self.return_sequences:
            if not self.merge_mode:
                output_mask = [mask, mask]
            else:
                output_mask = mask
        else:
            output_mask = [None, None] if not self.merge_mode else None

        if self.return_state:
            state_mask = [None for _ in self.forward_layer.states]
            if isinstance(output_mask, list):
                return output_mask + state_mask * 2
            return [output_mask] + state_mask * 2
        return output_mask

    @property
    def trainable_weights(self):
        if hasattr(self.forward_layer, 'trainable_weights'):
            return (self.forward_layer.trainable_weights +
                    self.backward_layer.trainable_weights)
        return []

    @property
    def non_trainable_weights(self):
        if hasattr(self.forward_layer, 'non_trainable_weights'):
            return (self.forward_layer.non_trainable_weights +
                    self.backward_layer.non_trainable_weights)
        return []

    @property
    def updates(self):
        if hasattr(self.forward_layer, 'updates'):
            return (self.forward_layer.updates +
                    self.backward_layer.updates + self._updates)
        return self._updates

    def get_updates_for(self, inputs=None):
        """The forward and backward layers' updates and the wrapper's own.

        # Arguments
            inputs: input tensor(s), or None for the unconditional updates.

        # Returns
            A list of update ops.
        """
        forward_updates = self.forward_layer.get_updates_for(inputs)
        backward_updates = self.backward_layer.get_updates_for(inputs)
        return (Layer.get_updates_for(self, inputs) +
                forward_updates + backward_updates)

    @property
    def losses(self):
        if hasattr(self.forward_layer, 'losses'):
            return (self.forward_layer.losses +
                    self.backward_layer.losses + self._losses)
        return self._losses

    def get_losses_for(self, inputs=None):
        """The forward and backward layers' losses and the wrapper's own.

        # Arguments
            inputs: input tensor(s), or None for the unconditional losses.

        # Returns
            A list of loss tensors.
        """
        forward_losses = self.forward_layer.get_losses_for(inputs)
        backward_losses = self.backward_layer.get_losses_for(inputs)
        return (Layer.get_losses_for(self, inputs) +
                forward_losses + backward_losses)

    @property
    def constraints(self):
        constraints = {}
        if hasattr(self.forward_layer, 'constraints'):
            constraints.update(self.forward_layer.constraints)
            constraints.update(self.backward_layer.constraints)
        return constraints

    def get_config(self):
        config = {'merge_mode': self.merge_mode}
        if self._num_constants is not None:
            config['num_constants'] = self._num_constants
        base_config = super(Bidirectional, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the wrapper from the output of `get_config()`.

        # Arguments
            config: the config dict (with the wrapped layer's config and,
                if the layer was called with constants, `num_constants`).
            custom_objects: dict of user classes by name.

        # Returns
            A `Bidirectional` layer.
        """
        config = dict(config)
        num_constants = config.pop('num_constants', None)
        layer = super(Bidirectional, cls).from_config(
            config, custom_objects=custom_objects)
        layer._num_constants = num_constants
        return layer
