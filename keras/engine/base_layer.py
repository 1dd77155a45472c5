"""The base `Layer` class, `InputSpec` and the `Node` that links layers.

A layer called on Keras tensors records the call as a `Node`: the node keeps
the input and output tensors, their masks and shapes, and the layers (with
node and tensor indices) the inputs came from. Output tensors get
`_keras_history = (layer, node_index, tensor_index)`, `_keras_shape` and
`_uses_learning_phase`, which is all `Network` needs to rebuild the graph.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import copy
import re

import numpy as np

from .. import backend as K
from .. import initializers
from .. import multipliers as multipliers_lib
from ..legacy import interfaces
from ..utils import layer_utils
from ..utils.generic_utils import has_arg
from ..utils.generic_utils import is_all_none
from ..utils.generic_utils import object_list_uid
from ..utils.generic_utils import to_list
from ..utils.generic_utils import unpack_singleton


def _to_snake_case(name):
    """Turns a class name into the prefix of default layer names.

    `Conv2D` -> `conv2d`, `BatchNormalization` -> `batch_normalization`,
    `LSTM` -> `lstm`. A name that would start with an underscore gets the
    prefix `private`.
    """
    # Split before each capitalised word ("BatchNorm" -> "Batch_Norm"), then
    # between a lower-case letter and a following capital ("aB" -> "a_B").
    words = re.sub(r'(.)([A-Z][a-z0-9]+)', r'\1_\2', name)
    snake = re.sub(r'([a-z])([A-Z])', r'\1_\2', words).lower()
    if snake.startswith('_'):
        return 'private' + snake
    return snake


class InputSpec(object):
    """What a layer expects of each of its inputs: rank, dtype, shape.

    A layer sets `self.input_spec` to one `InputSpec` (single input) or a
    list of them; `Layer.__call__` checks every input against it.

    # Arguments
        dtype: expected data type, or None.
        shape: expected shape tuple (None for free dimensions), or None.
        ndim: expected rank, or None.
        max_ndim: maximum rank, or None.
        min_ndim: minimum rank, or None.
        axes: dict {axis index: expected dimension}, or None.
    """

    def __init__(self, dtype=None, shape=None, ndim=None,
                 max_ndim=None, min_ndim=None, axes=None):
        self.dtype = dtype
        self.shape = shape
        if shape is not None:
            self.ndim = len(shape)
        else:
            self.ndim = ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = axes or {}

    def __repr__(self):
        fields = []
        for key in ('dtype', 'shape', 'ndim', 'max_ndim', 'min_ndim'):
            value = getattr(self, key)
            if value is not None:
                fields.append('%s=%s' % (key, value))
        if self.axes:
            fields.append('axes=%s' % (self.axes,))
        return 'InputSpec(%s)' % ', '.join(fields)


class Node(object):
    """One call of a layer on some inputs: an edge of the layer graph.

    A node is created by `Layer._add_inbound_node` (or by `InputLayer`) and
    registers itself in `outbound_layer._inbound_nodes` and in the
    `_outbound_nodes` of every layer that produced one of its inputs.

    # Arguments
        outbound_layer: the layer that was called.
        inbound_layers: for each input tensor, the layer that produced it.
        node_indices: for each input tensor, the index of the node (of its
            producing layer) that created it.
        tensor_indices: for each input tensor, its index among the outputs of
            that node.
        input_tensors: list of input tensors.
        output_tensors: list of output tensors.
        input_masks: list of input masks (None where there is no mask).
        output_masks: list of output masks.
        input_shapes: list of input shape tuples.
        output_shapes: list of output shape tuples.
        arguments: dict of the keyword arguments given to the call.
    """

    def __init__(self, outbound_layer,
                 inbound_layers, node_indices, tensor_indices,
                 input_tensors, output_tensors,
                 input_masks, output_masks,
                 input_shapes, output_shapes,
                 arguments=None):
        self.outbound_layer = outbound_layer
        self.inbound_layers = inbound_layers
        self.node_indices = node_indices
        self.tensor_indices = tensor_indices
        self.input_tensors = input_tensors
        self.output_tensors = output_tensors
        self.input_masks = input_masks
        self.output_masks = output_masks
        self.input_shapes = input_shapes
        self.output_shapes = output_shapes
        self.arguments = arguments

        for layer in inbound_layers:
            if layer is not None:
                layer._outbound_nodes.append(self)
        outbound_layer._inbound_nodes.append(self)

    def get_config(self):
        """Names and indices of the node's connections (for debugging).

        # Returns
            A dict with keys `outbound_layer`, `inbound_layers`,
            `node_indices` and `tensor_indices`.
        """
        inbound_names = [layer.name if layer is not None else None
                         for layer in self.inbound_layers]
        return {'outbound_layer': self.outbound_layer.name,
                'inbound_layers': inbound_names,
                'node_indices': self.node_indices,
                'tensor_indices': self.tensor_indices}


_ALLOWED_KWARGS = frozenset([
    'input_shape', 'batch_input_shape', 'batch_size', 'dtype', 'name',
    'trainable', 'weights', 'input_dtype'] +
    [kind.argument for kind in multipliers_lib.KINDS])
# The W/b arguments of every kind, for the layers that take them.
_WB_KWARGS = frozenset(argument for kind in multipliers_lib.KINDS
                       for argument in kind.wb_arguments)


class Layer(object):
    """Base class of all layers.

    Subclasses implement `build(input_shape)` (create the weights with
    `add_weight`), `call(inputs, **kwargs)` (the computation) and, when the
    output shape differs from the input shape,
    `compute_output_shape(input_shape)`.

    # Arguments (keyword only)
        input_shape: shape tuple without the batch axis; makes a `Sequential`
            model create its input.
        batch_input_shape: shape tuple including the batch axis.
        batch_size: fixed batch size, used with `input_shape`.
        dtype: dtype of the input the layer creates (with `input_shape`).
        name: layer name, unique in a model; a default one is made from the
            class name.
        trainable: whether the layer's weights are updated by training.
        weights: list of Numpy arrays set as initial weights after build.
        learning_rate_multipliers: number, or dict {weight attribute name:
            number}: learning-rate multipliers of the layer's trainable
            weights (see `keras.multipliers`).
        decay_multipliers: number, or dict {weight attribute name: number}:
            weight-decay multipliers of the layer's trainable weights (they
            scale the optimizer's `weight_decay`). Weights without one decay
            with the default: 0 for biases and BatchNormalization's `gamma`
            and `beta`, 1 for the others (see
            `keras.multipliers.default_decay_multiplier`).
        W_learning_rate_multiplier, b_learning_rate_multiplier: only for the
            layers that take the W/b arguments (`Dense`, the convolutions,
            the locally-connected layers, ...: see `_wb_weight_names`): the
            multiplier of the kernel(s) and of the bias(es).
        W_decay_multiplier, b_decay_multiplier: for the same layers, the
            decay multiplier of the kernel(s) and of the bias(es).

    # Attributes
        name, input_spec, trainable, uses_learning_phase, supports_masking,
        stateful, built, weights, trainable_weights, non_trainable_weights,
        updates, losses, input, output, input_shape, output_shape,
        input_mask, output_mask, multipliers, decay_multipliers.
    """

    def __init__(self, **kwargs):
        self.input_spec = None
        self.supports_masking = False
        self.stateful = False

        self._trainable_weights = []
        self._non_trainable_weights = []
        self._losses = []
        self._updates = []
        self._per_input_losses = {}
        self._per_input_updates = {}
        self._built = False
        self._inbound_nodes = []
        self._outbound_nodes = []
        self._multiplier_weights = []

        wb_names = self._wb_weight_names()
        allowed = _ALLOWED_KWARGS
        if wb_names is not None:
            allowed = allowed.union(_WB_KWARGS)
        for kwarg in kwargs:
            if kwarg not in allowed:
                raise TypeError('Keyword argument not understood by layer %s: '
                                '%r. Accepted keyword arguments: %s.'
                                % (type(self).__name__, kwarg,
                                   ', '.join(sorted(allowed))))

        name = kwargs.get('name')
        if not name:
            prefix = _to_snake_case(self.__class__.__name__)
            name = prefix + '_' + str(K.get_uid(prefix))
        self.name = name

        self.trainable = kwargs.get('trainable', True)

        if 'input_shape' in kwargs or 'batch_input_shape' in kwargs:
            if 'batch_input_shape' in kwargs:
                batch_input_shape = tuple(kwargs['batch_input_shape'])
            else:
                batch_size = kwargs.get('batch_size')
                batch_input_shape = ((batch_size,) +
                                     tuple(kwargs['input_shape']))
            self.batch_input_shape = batch_input_shape

        dtype = kwargs.get('dtype') or kwargs.get('input_dtype')
        # Keras 2.2.4 writes `dtype` in the config only for layers that
        # define their input; keep that file format.
        self._dtype_in_config = (dtype is not None or
                                 hasattr(self, 'batch_input_shape'))
        self.dtype = dtype or K.floatx()

        self._initial_weights = kwargs.get('weights')

        self._wb_names = wb_names
        # `_learning_rate_multipliers` and `_decay_multipliers`.
        for kind in multipliers_lib.KINDS:
            W_argument, b_argument = kind.wb_arguments
            setattr(self, kind.attribute, multipliers_lib.layer_spec(
                self, kwargs.get(kind.argument), kwargs.get(W_argument),
                kwargs.get(b_argument), wb_names, kind=kind))

    # ------------------------------------------------------------------
    # Weights
    # ------------------------------------------------------------------

    @property
    def losses(self):
        return self._losses

    @property
    def updates(self):
        if not self.trainable and not self.stateful:
            return []
        return self._updates

    @property
    def built(self):
        return self._built

    @built.setter
    def built(self, value):
        self._built = value

    @property
    def trainable_weights(self):
        if getattr(self, 'trainable', True):
            return self._trainable_weights
        return []

    @trainable_weights.setter
    def trainable_weights(self, weights):
        self._trainable_weights = weights

    @property
    def non_trainable_weights(self):
        if getattr(self, 'trainable', True):
            return self._non_trainable_weights
        return self._trainable_weights + self._non_trainable_weights

    @non_trainable_weights.setter
    def non_trainable_weights(self, weights):
        self._non_trainable_weights = weights

    @property
    def weights(self):
        """All the layer's weights: trainable first, then non-trainable."""
        return self.trainable_weights + self.non_trainable_weights

    @property
    def multipliers(self):
        """{weight variable: learning-rate multiplier} of the layer's weights
        that have one (empty when none is set).

        # Raises
            ValueError: when `learning_rate_multipliers` names a weight the
                layer does not have.
        """
        return multipliers_lib.resolve_layer(self)

    @property
    def decay_multipliers(self):
        """{weight variable: decay multiplier} of every trainable weight
        of the layer (its sub-layers' included): the one set by
        `decay_multipliers`, the W/b decay arguments or
        `Model.set_decay_multipliers`, else the default (0 for biases and
        BatchNormalization's `gamma`/`beta`, 1 otherwise). Empty before
        `build()`.

        # Raises
            ValueError: when `decay_multipliers` names a weight the layer
                does not have.
        """
        return multipliers_lib.resolve_layer(self, multipliers_lib.DECAY)

    # The weights the W/b arguments (`W_learning_rate_multiplier`,
    # `b_learning_rate_multiplier`, `W_decay_multiplier`,
    # `b_decay_multiplier`) apply to. Empty kernel names (the
    # default): the layer does not take the W/b arguments.
    _wb_kernel_names = ()
    _wb_bias_names = ('bias',)
    # The constructor argument (and attribute) saying whether the layer has
    # its bias weights.
    _wb_bias_flag = 'use_bias'

    def _wb_weight_names(self):
        """The weights the W/b arguments apply to, for the layers that take
        them (`Dense`, the convolutions, ...): `(kernel names, bias names)`,
        bias names empty for a layer without bias (`use_bias=False`); None
        for the layers that do not take them.

        Called once, by `Layer.__init__`: a layer that takes the W/b
        arguments sets its `use_bias` (`_wb_bias_flag`) attribute before.
        """
        if not self._wb_kernel_names:
            return None
        if getattr(self, self._wb_bias_flag, True):
            return self._wb_kernel_names, self._wb_bias_names
        return self._wb_kernel_names, ()

    def _multiplier_sublayers(self):
        """Layers whose weights this layer owns (an RNN's cell, a wrapped
        layer); their multipliers are part of this layer's. None here."""
        return []

    @interfaces.legacy_add_weight_support
    def add_weight(self, name, shape, dtype=None, initializer=None,
                   regularizer=None, trainable=True, constraint=None):
        """Creates a weight variable and tracks it on the layer.

        # Arguments
            name: short name of the weight; it is also the name used by
                `learning_rate_multipliers` (`'kernel'`, `'bias'`, ...).
            shape: shape tuple.
            dtype: dtype (default: `K.floatx()`).
            initializer: initializer instance, name or callable.
            regularizer: regularizer instance or None; its loss is added with
                `add_loss`.
            trainable: whether the weight is trained.
            constraint: constraint instance or None, applied by optimizers
                after each update.

        # Returns
            The variable.
        """
        initializer = initializers.get(initializer)
        if dtype is None:
            dtype = K.floatx()
        weight = K.variable(initializer(shape), dtype=dtype, name=name,
                            constraint=constraint)
        if regularizer is not None:
            with K.name_scope('weight_regularizer'):
                self.add_loss(regularizer(weight))
        if trainable:
            self._trainable_weights.append(weight)
            if not hasattr(self, '_multiplier_weights'):
                self._multiplier_weights = []
            self._multiplier_weights.append((name, weight))
        else:
            self._non_trainable_weights.append(weight)
        return weight

    def get_weights(self):
        """The layer's weights as a list of Numpy arrays (in `weights` order)."""
        return K.batch_get_value(self.weights)

    def set_weights(self, weights):
        """Sets the layer's weights from Numpy arrays.

        # Arguments
            weights: list of arrays, in the order of `get_weights()`.

        # Raises
            ValueError: if the number of arrays or one of their shapes does
                not match the layer's weights.
        """
        params = self.weights
        if len(params) != len(weights):
            raise ValueError(
                'You called `set_weights(weights)` on layer "%s" with a weight '
                'list of length %d, but the layer was expecting %d weights%s. '
                'Provided weights: %s...'
                % (self.name, len(weights), len(params),
                   ' (%s)' % ', '.join(p.name for p in params) if params else '',
                   str(weights)[:50]))
        if not params:
            return
        pairs = []
        for param, value in zip(params, weights):
            value = np.asarray(value)
            expected = tuple(K.int_shape(param))
            if expected != tuple(value.shape):
                raise ValueError(
                    'Layer "%s": weight %s has shape %s, not compatible with '
                    'the provided weight shape %s.'
                    % (self.name, param.name, expected, tuple(value.shape)))
            pairs.append((param, value))
        K.batch_set_value(pairs)

    def count_params(self):
        """Number of scalars in the layer's weights.

        # Raises
            ValueError: if the layer is not built yet.
        """
        if not self.built:
            if self.__class__.__name__ == 'Sequential':
                self.build()
            else:
                raise ValueError('You tried to call `count_params` on %s, but '
                                 'the layer isn\'t built. You can build it '
                                 'manually via: `%s.build(batch_input_shape)`.'
                                 % (self.name, self.name))
        return layer_utils.count_params(self.weights)

    # ------------------------------------------------------------------
    # To override
    # ------------------------------------------------------------------

    def build(self, input_shape):
        """Creates the layer's weights. Subclasses call `add_weight` here.

        # Arguments
            input_shape: shape tuple, or list of them (multi-input layers).
        """
        self.built = True

    def call(self, inputs, **kwargs):
        """The layer's computation (identity here).

        # Arguments
            inputs: tensor or list of tensors.
            **kwargs: extra arguments (`mask`, `training`, ...).

        # Returns
            A tensor or list of tensors.
        """
        return inputs

    def compute_output_shape(self, input_shape):
        """Output shape for a given input shape (same shape here).

        # Arguments
            input_shape: shape tuple or list of them.

        # Returns
            Shape tuple or list of them.
        """
        return input_shape

    def compute_mask(self, inputs, mask=None):
        """Output mask for given inputs and input mask.

        # Arguments
            inputs: tensor or list of tensors.
            mask: tensor or list of tensors, or None.

        # Returns
            The mask (passed through when the layer supports masking) or
            None.

        # Raises
            TypeError: if a mask reaches a layer that does not support masking.
        """
        if not self.supports_masking:
            if mask is not None:
                if isinstance(mask, list):
                    if any(m is not None for m in mask):
                        raise TypeError('Layer ' + self.name + ' does not '
                                        'support masking, but was passed an '
                                        'input_mask: ' + str(mask))
                else:
                    raise TypeError('Layer ' + self.name + ' does not support '
                                    'masking, but was passed an input_mask: ' +
                                    str(mask))
            return None
        return mask

    # ------------------------------------------------------------------
    # Calling
    # ------------------------------------------------------------------

    def __call__(self, inputs, **kwargs):
        """Applies the layer to tensors and records the call in the graph.

        Builds the layer on its first call (then checks the multipliers and
        sets the `weights=` given to the constructor), checks the inputs
        against `input_spec`, propagates masks and shapes, and tags the
        outputs with `_keras_history`.

        # Arguments
            inputs: tensor or list/tuple of tensors.
            **kwargs: passed to `call`.

        # Returns
            Output tensor(s).
        """
        if isinstance(inputs, list):
            inputs = inputs[:]
        with K.name_scope(self.name):
            if not self.built:
                self.assert_input_compatibility(inputs)
                shapes = [_shape_of(x) for x in to_list(inputs)]
                self.build(unpack_singleton(shapes))
                self.built = True
                multipliers_lib.check_layer(self)
                if self._initial_weights is not None:
                    self.set_weights(self._initial_weights)

            self.assert_input_compatibility(inputs)

            previous_mask = _collect_previous_mask(inputs)
            user_kwargs = copy.copy(kwargs)
            if not is_all_none(previous_mask):
                if has_arg(self.call, 'mask') and 'mask' not in kwargs:
                    kwargs['mask'] = previous_mask
            input_shape = _collect_input_shape(inputs)

            output = self.call(inputs, **kwargs)
            output_mask = self.compute_mask(inputs, previous_mask)

            # A layer returning one of its inputs unchanged would overwrite
            # that tensor's Keras metadata: give it a copy instead.
            input_ids = set(id(x) for x in to_list(inputs))
            output_ls = [K.identity(x) if id(x) in input_ids else x
                         for x in to_list(output)]
            output = unpack_singleton(output_ls)

            if all(s is not None for s in to_list(input_shape)):
                try:
                    output_shape = self.compute_output_shape(input_shape)
                except NotImplementedError:
                    # Subclassed models need not define it: use the static
                    # shapes of the outputs they returned.
                    output_shape = unpack_singleton(
                        [K.int_shape(x) for x in output_ls])
            elif isinstance(input_shape, list):
                output_shape = [None] * len(input_shape)
            else:
                output_shape = None

            if not isinstance(output_mask, (list, tuple)) and len(output_ls) > 1:
                output_mask = [output_mask] * len(output_ls)

            self._add_inbound_node(input_tensors=inputs,
                                   output_tensors=output,
                                   input_masks=previous_mask,
                                   output_masks=output_mask,
                                   input_shapes=input_shape,
                                   output_shapes=output_shape,
                                   arguments=user_kwargs)

            regularizer = getattr(self, 'activity_regularizer', None)
            if regularizer is not None:
                with K.name_scope('activity_regularizer'):
                    reg_losses = [regularizer(x) for x in to_list(output)]
                self.add_loss(reg_losses, inputs=to_list(inputs))
        return output

    def _add_inbound_node(self, input_tensors, output_tensors,
                          input_masks, output_masks,
                          input_shapes, output_shapes, arguments=None):
        """Records a call of the layer as a `Node` and tags the outputs."""
        input_tensors = to_list(input_tensors)
        output_tensors = to_list(output_tensors)
        input_masks = to_list(input_masks, allow_tuple=True)
        output_masks = to_list(output_masks, allow_tuple=True)
        input_shapes = to_list(input_shapes)
        output_shapes = to_list(output_shapes)

        inbound_layers = []
        node_indices = []
        tensor_indices = []
        for x in input_tensors:
            if hasattr(x, '_keras_history'):
                layer, node_index, tensor_index = x._keras_history
            else:
                layer, node_index, tensor_index = None, None, None
            inbound_layers.append(layer)
            node_indices.append(node_index)
            tensor_indices.append(tensor_index)

        Node(self,
             inbound_layers=inbound_layers,
             node_indices=node_indices,
             tensor_indices=tensor_indices,
             input_tensors=input_tensors,
             output_tensors=output_tensors,
             input_masks=input_masks,
             output_masks=output_masks,
             input_shapes=input_shapes,
             output_shapes=output_shapes,
             arguments=arguments)

        uses_lp = (getattr(self, 'uses_learning_phase', False) or
                   any(getattr(x, '_uses_learning_phase', False)
                       for x in input_tensors))
        node_index = len(self._inbound_nodes) - 1
        for i, x in enumerate(output_tensors):
            x._keras_shape = output_shapes[i]
            x._uses_learning_phase = (getattr(x, '_uses_learning_phase', False)
                                      or uses_lp)
            x._keras_history = (self, node_index, i)

    def assert_input_compatibility(self, inputs):
        """Checks that the inputs are tensors matching `self.input_spec`.

        # Arguments
            inputs: tensor or list of tensors.

        # Raises
            ValueError: naming the layer and what does not match.
        """
        inputs = to_list(inputs)
        for x in inputs:
            try:
                K.is_keras_tensor(x)
            except ValueError:
                raise ValueError('Layer %s was called with an input that isn\'t '
                                 'a symbolic tensor. Received type: %s. Full '
                                 'input: %s. All inputs to the layer should be '
                                 'tensors.' % (self.name, type(x), inputs))
        if not self.input_spec:
            return
        input_spec = self.input_spec
        if not isinstance(input_spec, (list, tuple)):
            input_spec = to_list(input_spec)
        if len(inputs) != len(input_spec):
            raise ValueError('Layer %s expects %d inputs, but it received %d '
                             'input tensors. Input received: %s'
                             % (self.name, len(input_spec), len(inputs), inputs))
        for index, (x, spec) in enumerate(zip(inputs, input_spec)):
            if spec is None:
                continue
            shape = _shape_of(x)
            ndim = len(shape) if shape is not None else None
            where = 'Input %d is incompatible with layer %s' % (index, self.name)
            if spec.ndim is not None and ndim is not None and ndim != spec.ndim:
                raise ValueError('%s: expected ndim=%d, found ndim=%d (shape %s).'
                                 % (where, spec.ndim, ndim, shape))
            if spec.max_ndim is not None and ndim is not None \
                    and ndim > spec.max_ndim:
                raise ValueError('%s: expected max_ndim=%d, found ndim=%d.'
                                 % (where, spec.max_ndim, ndim))
            if spec.min_ndim is not None and ndim is not None \
                    and ndim < spec.min_ndim:
                raise ValueError('%s: expected min_ndim=%d, found ndim=%d.'
                                 % (where, spec.min_ndim, ndim))
            if spec.dtype is not None and K.dtype(x) != spec.dtype:
                raise ValueError('%s: expected dtype=%s, found dtype=%s.'
                                 % (where, spec.dtype, K.dtype(x)))
            if spec.axes and shape is not None:
                for axis, value in spec.axes.items():
                    if hasattr(value, 'value'):
                        value = value.value
                    if value is None:
                        continue
                    axis = int(axis)
                    if axis >= ndim or axis < -ndim:
                        raise ValueError('%s: expected axis %d to exist, but '
                                         'the input has shape %s.'
                                         % (where, axis, shape))
                    if shape[axis] not in (value, None):
                        raise ValueError('%s: expected axis %d of input shape '
                                         'to have value %s but got shape %s.'
                                         % (where, axis, value, shape))
            if spec.shape is not None and shape is not None:
                for spec_dim, dim in zip(spec.shape, shape):
                    if spec_dim is not None and dim is not None \
                            and spec_dim != dim:
                        raise ValueError('%s: expected shape=%s, found shape=%s.'
                                         % (where, spec.shape, shape))

    # ------------------------------------------------------------------
    # Losses and updates
    # ------------------------------------------------------------------

    def add_loss(self, losses, inputs=None):
        """Adds loss tensors to the layer, optionally conditioned on inputs.

        # Arguments
            losses: loss tensor or list of them.
            inputs: input tensor(s) the losses depend on, or None for
                unconditional losses (weight regularisation).
        """
        if losses is None or (isinstance(losses, (list, tuple)) and not losses):
            return
        losses = to_list(losses)
        self._losses = self._losses + losses
        key = _inputs_key(inputs)
        self._per_input_losses[key] = self._per_input_losses.get(key, []) + losses

    def add_update(self, updates, inputs=None):
        """Adds update ops to the layer, optionally conditioned on inputs.

        # Arguments
            updates: update op or list of them (e.g. `K.update(x, value)`).
            inputs: input tensor(s) the updates depend on, or None for
                unconditional updates.
        """
        if updates is None or (isinstance(updates, (list, tuple)) and not updates):
            return
        updates = to_list(updates)
        self._updates = self._updates + updates
        key = _inputs_key(inputs)
        self._per_input_updates[key] = (self._per_input_updates.get(key, []) +
                                        updates)

    def get_updates_for(self, inputs):
        """The updates added with `inputs` (None: the unconditional ones).

        # Arguments
            inputs: the input tensor(s) the updates were added with (see
                `add_update`), or None for the updates that depend on no
                input.

        # Returns
            A list of update ops; empty for a layer that is neither
            trainable nor stateful.
        """
        if not self.trainable and not self.stateful:
            return []
        return self._per_input_updates.get(_inputs_key(inputs), [])

    def get_losses_for(self, inputs):
        """The losses added with `inputs` (None: the unconditional ones).

        # Arguments
            inputs: the input tensor(s) the losses were added with (see
                `add_loss`), or None for the losses that depend on no input
                (such as weight regularization).

        # Returns
            A list of loss tensors.
        """
        return self._per_input_losses.get(_inputs_key(inputs), [])

    # ------------------------------------------------------------------
    # Node attributes
    # ------------------------------------------------------------------

    def _get_node_attribute_at_index(self, node_index, attr, attr_name):
        if not self._inbound_nodes:
            raise RuntimeError('The layer %s has never been called and thus '
                               'has no defined %s.' % (self.name, attr_name))
        if not len(self._inbound_nodes) > node_index:
            raise ValueError('Asked to get %s at node %d, but the layer %s has '
                             'only %d inbound nodes.'
                             % (attr_name, node_index, self.name,
                                len(self._inbound_nodes)))
        return unpack_singleton(getattr(self._inbound_nodes[node_index], attr))

    def get_input_shape_at(self, node_index):
        """Input shape(s) of the layer's call number `node_index`.

        # Arguments
            node_index: 0-based index of the call (of the inbound node):
                0 is the first time the layer was called.

        # Returns
            A shape tuple, or a list of them for a layer with several inputs.

        # Raises
            RuntimeError: if the layer was never called.
            ValueError: if it was called fewer than `node_index + 1` times.
        """
        return self._get_node_attribute_at_index(node_index, 'input_shapes',
                                                 'input shape')

    def get_output_shape_at(self, node_index):
        """Output shape(s) of the layer's call number `node_index`.

        # Arguments
            node_index: 0-based index of the call (of the inbound node):
                0 is the first time the layer was called.

        # Returns
            A shape tuple, or a list of them for a layer with several outputs.

        # Raises
            RuntimeError: if the layer was never called.
            ValueError: if it was called fewer than `node_index + 1` times.
        """
        return self._get_node_attribute_at_index(node_index, 'output_shapes',
                                                 'output shape')

    def get_input_at(self, node_index):
        """Input tensor(s) of the layer's call number `node_index`.

        # Arguments
            node_index: 0-based index of the call (of the inbound node):
                0 is the first time the layer was called.

        # Returns
            A tensor, or a list of them for a layer with several inputs.

        # Raises
            RuntimeError: if the layer was never called.
            ValueError: if it was called fewer than `node_index + 1` times.
        """
        return self._get_node_attribute_at_index(node_index, 'input_tensors',
                                                 'input')

    def get_output_at(self, node_index):
        """Output tensor(s) of the layer's call number `node_index`.

        # Arguments
            node_index: 0-based index of the call (of the inbound node):
                0 is the first time the layer was called.

        # Returns
            A tensor, or a list of them for a layer with several outputs.

        # Raises
            RuntimeError: if the layer was never called.
            ValueError: if it was called fewer than `node_index + 1` times.
        """
        return self._get_node_attribute_at_index(node_index, 'output_tensors',
                                                 'output')

    def get_input_mask_at(self, node_index):
        """Input mask(s) of the layer's call number `node_index`.

        # Arguments
            node_index: 0-based index of the call (of the inbound node):
                0 is the first time the layer was called.

        # Returns
            A mask tensor or None, or a list of them for a layer with several inputs.

        # Raises
            RuntimeError: if the layer was never called.
            ValueError: if it was called fewer than `node_index + 1` times.
        """
        return self._get_node_attribute_at_index(node_index, 'input_masks',
                                                 'input mask')

    def get_output_mask_at(self, node_index):
        """Output mask(s) of the layer's call number `node_index`.

        # Arguments
            node_index: 0-based index of the call (of the inbound node):
                0 is the first time the layer was called.

        # Returns
            A mask tensor or None, or a list of them for a layer with several outputs.

        # Raises
            RuntimeError: if the layer was never called.
            ValueError: if it was called fewer than `node_index + 1` times.
        """
        return self._get_node_attribute_at_index(node_index, 'output_masks',
                                                 'output mask')

    def _single_node_attribute(self, attr, what):
        if not self._inbound_nodes:
            raise AttributeError('Layer %s is not connected, no %s to return.'
                                 % (self.name, what))
        if len(self._inbound_nodes) > 1:
            raise AttributeError('Layer %s has multiple inbound nodes, hence '
                                 'the notion of "layer %s" is ill-defined. '
                                 'Use `get_%s_at(node_index)` instead.'
                                 % (self.name, what, what.replace(' ', '_')))
        return unpack_singleton(getattr(self._inbound_nodes[0], attr))

    @property
    def input(self):
        """Input tensor(s) of a layer called once.

        # Raises
            AttributeError: if the layer was never called or called more
                than once.
        """
        return self._single_node_attribute('input_tensors', 'input')

    @property
    def output(self):
        """Output tensor(s) of a layer called once."""
        return self._single_node_attribute('output_tensors', 'output')

    @property
    def input_mask(self):
        """Input mask(s) of a layer called once."""
        return self._single_node_attribute('input_masks', 'input mask')

    @property
    def output_mask(self):
        """Output mask(s) of a layer called once."""
        return self._single_node_attribute('output_masks', 'output mask')

    def _shared_shape(self, attr, what):
        if not self._inbound_nodes:
            raise AttributeError('The layer %s has never been called and thus '
                                 'has no defined %s.' % (self.name, what))
        shapes = [getattr(node, attr) for node in self._inbound_nodes]
        if len(set(str(s) for s in shapes)) == 1:
            return unpack_singleton(shapes[0])
        raise AttributeError('The layer "%s" has multiple inbound nodes, with '
                             'different %ss. Hence the notion of "%s" is '
                             'ill-defined for the layer. Use '
                             '`get_%s_at(node_index)` instead.'
                             % (self.name, what, what, what.replace(' ', '_')))

    @property
    def input_shape(self):
        """Input shape(s), when all the layer's calls agree on it.

        # Raises
            AttributeError: if the layer was never called or its calls had
                different input shapes.
        """
        return self._shared_shape('input_shapes', 'input shape')

    @property
    def output_shape(self):
        """Output shape(s), when all the layer's calls agree on it."""
        return self._shared_shape('output_shapes', 'output shape')

    # ------------------------------------------------------------------
    # Serialisation
    # ------------------------------------------------------------------

    def get_config(self):
        """The layer's constructor arguments as a JSON-serialisable dict.

        # Returns
            A dict; `from_config` rebuilds the layer from it.
        """
        config = {'name': self.name, 'trainable': self.trainable}
        if hasattr(self, 'batch_input_shape'):
            config['batch_input_shape'] = self.batch_input_shape
        if getattr(self, '_dtype_in_config', True) and hasattr(self, 'dtype'):
            config['dtype'] = self.dtype
        config.update(multipliers_lib.layer_config(self))
        return config

    @classmethod
    def from_config(cls, config):
        """Creates a layer from the output of `get_config`.

        # Arguments
            config: the dict `get_config` returned; its entries are passed
                to the constructor as keyword arguments.

        # Returns
            A new layer instance.
        """
        return cls(**config)


def _shape_of(x):
    """Static shape of a tensor: its `_keras_shape` if any, else
    `K.int_shape(x)` (None when the rank is unknown)."""
    if hasattr(x, '_keras_shape'):
        return x._keras_shape
    return K.int_shape(x)


def _collect_input_shape(input_tensors):
    shapes = [_shape_of(x) for x in to_list(input_tensors)]
    return unpack_singleton(shapes)


def _collect_previous_mask(input_tensors):
    """The masks the input tensors carry from the layers that made them."""
    masks = []
    for x in to_list(input_tensors):
        if hasattr(x, '_keras_history'):
            layer, node_index, tensor_index = x._keras_history
            node = layer._inbound_nodes[node_index]
            masks.append(node.output_masks[tensor_index])
        else:
            masks.append(None)
    return unpack_singleton(masks)


def _inputs_key(inputs):
    """Key of the per-input losses/updates dicts (None: unconditional)."""
    if inputs is None:
        return None
    if isinstance(inputs, (list, tuple)) and not inputs:
        return None
    return object_list_uid(inputs)
