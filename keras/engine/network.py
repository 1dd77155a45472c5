"""`Network`: a graph of layers built with the functional API.

A `Network` is made from input tensors (from `Input()`) and output tensors
(from calling layers on them). It walks the `_keras_history` of the outputs
back to the inputs, orders the layer calls ("nodes") by depth, and can then
be used as a layer itself: calling it re-runs the graph on new tensors.
`Model` (in `training.py`) adds compile/fit on top of it.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import copy
import json
import warnings

import numpy as np

from .. import backend as K
from .. import multipliers as multipliers_lib
from ..legacy import interfaces
from ..utils.generic_utils import has_arg
from ..utils.generic_utils import object_list_uid
from ..utils.generic_utils import to_list
from ..utils.generic_utils import unpack_singleton
from ..utils.layer_utils import get_source_inputs
from ..utils.layer_utils import print_summary
from .base_layer import Layer
from .base_layer import Node
from .input_layer import InputLayer
from .saving_config import get_json_type

__all__ = ['Network', 'get_source_inputs']


class Network(Layer):
    """A graph of layers, from input tensors to output tensors.

    # Arguments
        inputs: input tensor or list of input tensors (from `Input()`).
        outputs: output tensor or list of output tensors.
        name: name of the network.

    Called without `inputs`/`outputs` (by a subclass that defines `call`),
    it makes a "subclassed" network whose layers are the `Layer` attributes
    set on it.

    # Raises
        ValueError: for inputs that are not Keras inputs, outputs that are
            not layer outputs, repeated inputs or layer names, and outputs
            that cannot be computed from the inputs (a disconnected graph).
    """

    @interfaces.legacy_model_constructor_support
    def __init__(self, *args, **kwargs):
        if (len(args) == 2 or
                (len(args) == 1 and 'outputs' in kwargs) or
                ('inputs' in kwargs and 'outputs' in kwargs)):
            self._init_graph_network(*args, **kwargs)
        else:
            self._init_subclassed_network(**kwargs)

    def _base_init(self, name=None):
        # Layer attributes, set without Layer.__init__ (a Network has no
        # constructor keyword arguments of its own but `name`).
        self._layers = []
        if not name:
            prefix = self.__class__.__name__.lower()
            name = prefix + '_' + str(K.get_uid(prefix))
        self.name = name
        # A `Sequential` re-initialises its graph when it is built or grows:
        # keep what the user set before (`trainable`, the optimizer given to
        # a `compile()` that came before the model was built); the model is
        # compiled again for the new graph.
        self.trainable = getattr(self, 'trainable', True)
        self.optimizer = getattr(self, 'optimizer', None)
        self._is_compiled = False
        self._expects_training_arg = False
        self._initial_weights = None
        self.supports_masking = False
        self._trainable_weights = []
        self._non_trainable_weights = []
        self._updates = []
        self._losses = []
        self._per_input_losses = {}
        self._per_input_updates = {}
        self._outbound_nodes = []
        self._inbound_nodes = []
        self._built = False
        self._input_spec = None
        self._learning_rate_multipliers = None
        self._decay_multipliers = None
        self._multiplier_weights = []
        self._dtype_in_config = False
        self.dtype = K.floatx()

    def _init_graph_network(self, inputs, outputs, name=None):
        self._is_graph_network = True
        self._uses_inputs_arg = True
        cls_name = self.__class__.__name__
        self.inputs = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        self.outputs = (list(outputs) if isinstance(outputs, (list, tuple))
                        else [outputs])

        if len(set(id(x) for x in self.inputs)) != len(self.inputs):
            raise ValueError('The list of inputs passed to the model is '
                             'redundant. All inputs should only appear once. '
                             'Found: %s' % (self.inputs,))
        for x in self.inputs:
            if not hasattr(x, '_keras_history'):
                raise ValueError('Input tensors to a %s must come from '
                                 '`keras.layers.Input`. Received: %s (missing '
                                 'previous layer metadata).' % (cls_name, x))
            layer, node_index, tensor_index = x._keras_history
            if (len(layer._inbound_nodes) > 1 or
                    (layer._inbound_nodes and
                     layer._inbound_nodes[0].inbound_layers)):
                warnings.warn('%s inputs must come from `keras.layers.Input` '
                              '(thus holding past layer metadata), they cannot '
                              'be the output of a previous non-Input layer. '
                              'Here, a tensor specified as input to "%s" was '
                              'not an Input tensor, it was generated by layer '
                              '%s. Note that input tensors are instantiated '
                              'via `tensor = keras.layers.Input(shape)`.'
                              % (cls_name, name or self.__class__.__name__,
                                 layer.name))
        for x in self.outputs:
            if not hasattr(x, '_keras_history'):
                raise ValueError('Output tensors to a %s must be the output of '
                                 'a Keras `Layer` (thus holding past layer '
                                 'metadata). Found: %s' % (cls_name, x))

        self._base_init(name=name)
        self._is_graph_network = True
        self._compute_previous_mask = True

        self._input_layers = []
        self._output_layers = []
        self._input_coordinates = []
        self._output_coordinates = []
        self._output_mask_cache = {}
        self._output_tensor_cache = {}
        self._output_shape_cache = {}

        for x in self.outputs:
            layer, node_index, tensor_index = x._keras_history
            self._output_layers.append(layer)
            self._output_coordinates.append((layer, node_index, tensor_index))
        for x in self.inputs:
            layer, node_index, tensor_index = x._keras_history
            self._input_layers.append(layer)
            self._input_coordinates.append((layer, node_index, tensor_index))

        self.input_names = []
        self.output_names = []
        self._feed_input_names = []
        self._feed_inputs = []
        self._feed_input_shapes = []
        for i, layer in enumerate(self._input_layers):
            self.input_names.append(layer.name)
            if getattr(layer, 'is_placeholder', False):
                self._feed_input_names.append(layer.name)
                self._feed_input_shapes.append(K.int_shape(self.inputs[i]))
                self._feed_inputs.append(self.inputs[i])
        for layer in self._output_layers:
            self.output_names.append(layer.name)

        # The masks of the network's own outputs, for its own inputs.
        input_masks = [_tensor_mask(x) for x in self.inputs]
        output_masks = [_tensor_mask(x) for x in self.outputs]
        key = object_list_uid(self.inputs) + '_' + object_list_uid(input_masks)
        self._output_mask_cache[key] = unpack_singleton(output_masks)

        (self._network_nodes, self._nodes_by_depth, self._layers,
         self._layers_by_depth) = _map_graph_network(self.inputs, self.outputs)

        # The network's own node: from its inputs to its outputs.
        Node(outbound_layer=self,
             inbound_layers=[],
             node_indices=[],
             tensor_indices=[],
             input_tensors=self.inputs,
             output_tensors=self.outputs,
             input_masks=[None for _ in self.inputs],
             output_masks=[None for _ in self.outputs],
             input_shapes=[x._keras_shape for x in self.inputs],
             output_shapes=[x._keras_shape for x in self.outputs])
        self.built = True

    def _init_subclassed_network(self, name=None):
        self._base_init(name=name)
        self._is_graph_network = False
        self._expects_training_arg = has_arg(self.call, 'training')
        self._uses_inputs_arg = has_arg(self.call, 'inputs')
        self.outputs = None
        self.inputs = None
        self.built = False

    def __setattr__(self, name, value):
        # A subclassed network tracks the layers assigned to its attributes.
        if isinstance(value, Layer):
            try:
                is_graph_network = self._is_graph_network
            except AttributeError:
                raise RuntimeError('It looks like you are subclassing `Model` '
                                   'and you forgot to call '
                                   '`super(YourClass, self).__init__()`. Always '
                                   'start with this line.')
            if not is_graph_network and all(value is not l for l in self._layers):
                self._layers.append(value)
        super(Network, self).__setattr__(name, value)

    # ------------------------------------------------------------------
    # Layers
    # ------------------------------------------------------------------

    @property
    def layers(self):
        """The network's layers, in graph (depth) order."""
        return self._layers

    def get_layer(self, name=None, index=None):
        """Retrieves a layer by name or by index (in `layers` order).

        # Arguments
            name: name of the layer.
            index: index of the layer (takes precedence over `name`).

        # Returns
            A layer instance.

        # Raises
            ValueError: for an unknown name or an index out of range.
        """
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError('Was asked to retrieve layer at index %d but '
                                 'model %s only has %d layers.'
                                 % (index, self.name, len(self.layers)))
            return self.layers[index]
        if not name:
            raise ValueError('Provide either a layer name or layer index.')
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError('No such layer: %s. Layers of model %s: %s.'
                         % (name, self.name,
                            ', '.join(l.name for l in self.layers)))

    @property
    def multipliers(self):
        """{weight variable: learning-rate multiplier} of every layer,
        nested models included (`Model.multipliers`, the seed article's
        edit point in `Model`, is this property).

        # Raises
            ValueError: when one weight gets two different multipliers
                (the message names the weight and both layers).
        """
        return multipliers_lib.merge(self.layers)

    @property
    def decay_multipliers(self):
        """{weight variable: decay multiplier} of every trainable weight of
        every layer, nested models included: set ones and defaults (0 for
        biases and BatchNormalization's `gamma`/`beta`, 1 otherwise). The
        optimizer's `weight_decay` is scaled by it per weight.

        # Raises
            ValueError: when one weight gets two different decay
                multipliers (the message names the weight and both layers).
        """
        return multipliers_lib.merge(self.layers, multipliers_lib.DECAY)

    # ------------------------------------------------------------------
    # Weights, updates, losses
    # ------------------------------------------------------------------

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        weights = list(self._trainable_weights)
        for layer in self.layers:
            weights += layer.trainable_weights
        return _unique(weights)

    @property
    def non_trainable_weights(self):
        weights = list(self._non_trainable_weights)
        for layer in self.layers:
            weights += layer.non_trainable_weights
        if not self.trainable:
            trainable = list(self._trainable_weights)
            for layer in self.layers:
                trainable += layer.trainable_weights
            weights = trainable + weights
        return _unique(weights)

    def get_weights(self):
        """The weights of all layers as Numpy arrays, layer after layer
        (each layer's `weights` order)."""
        weights = []
        for layer in self.layers:
            weights += layer.weights
        return K.batch_get_value(weights)

    def set_weights(self, weights):
        """Sets the weights of all layers from Numpy arrays, in the order of
        `get_weights()`.

        # Arguments
            weights: list of Numpy arrays, one per weight of the model
                (`model.weights`, layer by layer), each of the weight's
                shape.

        # Raises
            ValueError: if the number of arrays or a shape does not match.
        """
        params = []
        for layer in self.layers:
            params += [(layer, w) for w in layer.weights]
        if len(params) != len(weights):
            raise ValueError('You called `set_weights(weights)` on model %s '
                             'with a list of %d arrays, but the model has %d '
                             'weights.' % (self.name, len(weights), len(params)))
        pairs = []
        for (layer, param), value in zip(params, weights):
            value = np.asarray(value)
            if tuple(K.int_shape(param)) != tuple(value.shape):
                raise ValueError('Model %s, layer %s: weight %s has shape %s, '
                                 'not compatible with the provided weight '
                                 'shape %s.' % (self.name, layer.name,
                                                param.name,
                                                tuple(K.int_shape(param)),
                                                value.shape))
            pairs.append((param, value))
        K.batch_set_value(pairs)

    def _owned_nodes(self, layer):
        """(node_index, node) of `layer`'s calls that belong to this graph."""
        for node_index, node in enumerate(layer._inbound_nodes):
            if self._node_key(layer, node_index) in self._network_nodes:
                yield node_index, node

    @property
    def updates(self):
        """The update ops of the layers: the unconditional ones, and those
        conditional on inputs that are part of this network's graph."""
        if not self.trainable and not self.stateful:
            return []
        updates = []
        for layer in self.layers:
            if self._is_graph_network:
                for _, node in self._owned_nodes(layer):
                    updates += layer.get_updates_for(node.input_tensors)
                updates += layer.get_updates_for(None)
            else:
                updates += layer.updates
        updates += self._per_input_updates.get(None, [])
        return _unique(updates)

    def get_updates_for(self, inputs):
        """The updates added with `inputs`, as `Layer.get_updates_for`,
        except that for `inputs=None` a network also collects the
        unconditional updates of its layers (each listed once).

        # Arguments
            inputs: the input tensor(s) the updates were added with, or None
                for the updates that depend on no input.

        # Returns
            A list of update ops; empty for a network that is neither
            trainable nor stateful.
        """
        if not self.trainable and not self.stateful:
            return []
        if inputs is None:
            # Unconditional updates: the network's own and its layers'.
            updates = list(self._per_input_updates.get(None, []))
            for layer in self.layers:
                updates += layer.get_updates_for(None)
            return _unique(updates)
        return super(Network, self).get_updates_for(inputs)

    @property
    def losses(self):
        """The losses to minimize with this network, as Keras 2.2.4
        collects them: for each layer, those conditional on the inputs of
        its calls that belong to this network's graph (activity
        regularisation) and its unconditional ones (weight regularisation,
        added once per weight however often the layer is called); then the
        network's own unconditional losses. A loss tensor is listed once
        (a shared layer's or nested model's weight penalty counts once);
        plain numbers are all kept, after the tensors.

        `get_losses_for` is `Layer`'s: a network's `get_losses_for(None)`
        holds the losses given to `add_loss` without inputs, plus, for
        each call of the network on new tensors, the unconditional losses
        of its layers (so a nested model called twice lists its weight
        penalties twice there; `losses` counts them once).
        """
        losses = []
        for layer in self.layers:
            if self._is_graph_network:
                for _, node in self._owned_nodes(layer):
                    losses += layer.get_losses_for(node.input_tensors)
                losses += layer.get_losses_for(None)
            else:
                losses += layer.losses
        losses += self.get_losses_for(None)
        tensors = _unique([l for l in losses if not isinstance(l, (int, float))])
        return tensors + [l for l in losses if isinstance(l, (int, float))]

    @property
    def uses_learning_phase(self):
        if self._is_graph_network:
            return any(getattr(x, '_uses_learning_phase', False)
                       for x in self.outputs)
        return any(getattr(layer, 'uses_learning_phase', False)
                   for layer in self.layers)

    @property
    def stateful(self):
        return any(getattr(layer, 'stateful', False) for layer in self.layers)

    def reset_states(self):
        """Resets the states of the stateful layers."""
        for layer in self.layers:
            if hasattr(layer, 'reset_states') and getattr(layer, 'stateful',
                                                          False):
                layer.reset_states()

    @property
    def state_updates(self):
        """The updates of the stateful layers (RNN states), to run at each
        call, in training and in inference."""
        updates = []
        for layer in self.layers:
            if getattr(layer, 'stateful', False) and hasattr(layer, 'updates'):
                updates += layer.updates
        return updates

    @property
    def input_spec(self):
        """The `InputSpec`s of the input layers (None when they have none)."""
        if self._input_spec is not None:
            return self._input_spec
        if not getattr(self, '_is_graph_network', False):
            return None
        specs = []
        for layer in self._input_layers:
            if layer.input_spec is None:
                specs.append(None)
            else:
                specs += to_list(layer.input_spec)
        if len(specs) == 1:
            return specs[0]
        return specs

    @input_spec.setter
    def input_spec(self, value):
        self._input_spec = value

    # ------------------------------------------------------------------
    # Calling
    # ------------------------------------------------------------------

    def call(self, inputs, mask=None):
        """Runs the network's graph on new tensors.

        # Arguments
            inputs: tensor or list of tensors (one per network input).
            mask: mask or list of masks, or None.

        # Returns
            Output tensor(s).
        """
        inputs = to_list(inputs)
        masks = [None] * len(inputs) if mask is None else to_list(mask)
        key = object_list_uid(inputs) + '_' + object_list_uid(masks)
        if key in self._output_tensor_cache:
            return self._output_tensor_cache[key]
        output_tensors, _, _ = self.run_internal_graph(inputs, masks)
        return output_tensors

    def compute_mask(self, inputs, mask):
        if not self._is_graph_network:
            return None
        inputs = to_list(inputs)
        masks = [None] * len(inputs) if mask is None else to_list(mask)
        key = object_list_uid(inputs) + '_' + object_list_uid(masks)
        if key in self._output_mask_cache:
            return self._output_mask_cache[key]
        _, output_masks, _ = self.run_internal_graph(inputs, masks)
        return output_masks

    def compute_output_shape(self, input_shape):
        if not self._is_graph_network:
            raise NotImplementedError('Subclassed model %s: implement '
                                      '`compute_output_shape`.' % self.name)
        input_shapes = _shape_list(input_shape)
        if len(input_shapes) != len(self._input_layers):
            raise ValueError('Invalid input_shape argument %s: model %s has %d '
                             'tensor inputs.' % (input_shape, self.name,
                                                 len(self._input_layers)))
        key = ', '.join(str(s) for s in input_shapes)
        if key in self._output_shape_cache:
            return unpack_singleton(self._output_shape_cache[key])

        shapes = {}
        for layer, shape in zip(self._input_layers, input_shapes):
            shapes[(id(layer), 0, 0)] = shape
        for depth in sorted(self._nodes_by_depth, reverse=True):
            for node in self._nodes_by_depth[depth]:
                layer = node.outbound_layer
                if not node.inbound_layers:
                    continue
                node_input_shapes = [
                    shapes[(id(l), ni, ti)] for l, ni, ti in
                    zip(node.inbound_layers, node.node_indices,
                        node.tensor_indices)]
                output_shapes = _shape_list(layer.compute_output_shape(
                    unpack_singleton(node_input_shapes)))
                node_index = _index_of(layer._inbound_nodes, node)
                for j, shape in enumerate(output_shapes):
                    shapes[(id(layer), node_index, j)] = shape
        output_shapes = [shapes[(id(l), ni, ti)]
                         for l, ni, ti in self._output_coordinates]
        self._output_shape_cache[key] = output_shapes
        return unpack_singleton(output_shapes)

    def run_internal_graph(self, inputs, masks=None):
        """Computes the network's outputs for new input tensors.

        # Arguments
            inputs: list of tensors, one per network input.
            masks: list of masks (or None), one per input.

        # Returns
            `(output_tensors, output_masks, output_shapes)`; each is a list,
            or a single element for single-output networks; `output_shapes`
            is None when the shapes are not all known.
        """
        inputs = to_list(inputs)
        if masks is None:
            masks = [None] * len(inputs)
        masks = to_list(masks)
        tensor_map = {}
        for x, y, mask in zip(self.inputs, inputs, masks):
            tensor_map[id(x)] = (y, mask)

        for depth in sorted(self._nodes_by_depth, reverse=True):
            for node in self._nodes_by_depth[depth]:
                layer = node.outbound_layer
                if not node.inbound_layers:
                    # An input layer: its tensor was mapped above.
                    continue
                computed = [tensor_map[id(x)] for x in node.input_tensors
                            if id(x) in tensor_map]
                if len(computed) != len(node.input_tensors):
                    continue
                kwargs = dict(node.arguments) if node.arguments else {}
                computed_tensors = [c[0] for c in computed]
                computed_masks = [c[1] for c in computed]
                with K.name_scope(layer.name):
                    if len(computed) == 1:
                        call_inputs = computed_tensors[0]
                        call_masks = computed_masks[0]
                    else:
                        call_inputs = computed_tensors
                        call_masks = computed_masks
                    if has_arg(layer.call, 'mask') and 'mask' not in kwargs:
                        kwargs['mask'] = call_masks
                    output_tensors = to_list(layer.call(call_inputs, **kwargs))
                    output_masks = layer.compute_mask(call_inputs, call_masks)
                    if output_masks is None:
                        output_masks = [None] * len(output_tensors)
                    else:
                        output_masks = to_list(output_masks)
                    regularizer = getattr(layer, 'activity_regularizer', None)
                    if regularizer is not None:
                        with K.name_scope('activity_regularizer'):
                            reg_losses = [regularizer(x) for x in output_tensors]
                        layer.add_loss(reg_losses, inputs=computed_tensors)

                # Updates and losses of the layer that depend on the tensors
                # it was just called on depend on this network's inputs; its
                # unconditional losses become the network's (as in 2.2.4).
                self.add_update(layer.get_updates_for(computed_tensors),
                                inputs)
                self.add_loss(layer.get_losses_for(computed_tensors), inputs)
                self.add_loss(layer.get_losses_for(None), None)

                if all(hasattr(x, '_keras_shape') for x in computed_tensors):
                    input_shapes = unpack_singleton(
                        [x._keras_shape for x in computed_tensors])
                    shapes = _shape_list(layer.compute_output_shape(input_shapes))
                    uses_lp = any(getattr(x, '_uses_learning_phase', False)
                                  for x in computed_tensors)
                    for x, s in zip(output_tensors, shapes):
                        x._keras_shape = s
                        x._uses_learning_phase = (
                            getattr(x, '_uses_learning_phase', False) or uses_lp)

                for x, y, mask in zip(node.output_tensors, output_tensors,
                                      output_masks):
                    tensor_map[id(x)] = (y, mask)

        output_tensors = []
        output_masks = []
        output_shapes = []
        for x in self.outputs:
            if id(x) not in tensor_map:
                raise ValueError('Model %s could not compute output %s.'
                                 % (self.name, x))
            tensor, mask = tensor_map[id(x)]
            if output_shapes is not None and hasattr(tensor, '_keras_shape'):
                output_shapes.append(tensor._keras_shape)
            else:
                output_shapes = None
            output_tensors.append(tensor)
            output_masks.append(mask)
        output_tensors = unpack_singleton(output_tensors)
        output_masks = unpack_singleton(output_masks)

        key = object_list_uid(inputs) + '_' + object_list_uid(masks)
        self._output_tensor_cache[key] = output_tensors
        self._output_mask_cache[key] = output_masks
        if output_shapes is not None:
            if all(hasattr(x, '_keras_shape') for x in inputs):
                shape_key = ', '.join(str(x._keras_shape) for x in inputs)
                self._output_shape_cache[shape_key] = output_shapes
            output_shapes = unpack_singleton(output_shapes)
        return output_tensors, output_masks, output_shapes

    # ------------------------------------------------------------------
    # Configuration
    # ------------------------------------------------------------------

    @staticmethod
    def _node_key(layer, node_index):
        return layer.name + '_ib-' + str(node_index)

    def get_config(self):
        """The network's configuration in Keras 2.2.4's format.

        # Returns
            A dict with `name`, `layers` (each with `name`, `class_name`,
            `config` and `inbound_nodes`: lists of
            `[layer_name, node_index, tensor_index, kwargs]`),
            `input_layers` and `output_layers`.

        # Raises
            NotImplementedError: for subclassed networks.
        """
        if not self._is_graph_network:
            raise NotImplementedError('get_config is only available for '
                                      'networks built from inputs and outputs '
                                      '(not for subclassed model %s).'
                                      % self.name)
        # Node indices change when a layer is rebuilt from the config: only
        # the calls that belong to this graph are re-made, in order, after
        # the node a nested network creates for itself.
        conversion = {}
        for layer in self.layers:
            kept = 1 if isinstance(layer, Network) else 0
            for node_index, _ in self._owned_nodes(layer):
                conversion[self._node_key(layer, node_index)] = kept
                kept += 1

        layer_configs = []
        for layer in self.layers:
            inbound_nodes = []
            for _, node in self._owned_nodes(layer):
                if not node.inbound_layers:
                    continue
                kwargs = node.arguments or {}
                try:
                    json.dumps(kwargs)
                except TypeError:
                    warnings.warn('Layer %s was called with arguments that '
                                  'cannot be serialized (%s); they are left out '
                                  'of the model config.'
                                  % (layer.name, ', '.join(sorted(kwargs))))
                    kwargs = {}
                node_data = []
                for inbound_layer, node_index, tensor_index in zip(
                        node.inbound_layers, node.node_indices,
                        node.tensor_indices):
                    new_index = conversion.get(
                        self._node_key(inbound_layer, node_index), 0)
                    node_data.append([inbound_layer.name, new_index,
                                      tensor_index, kwargs])
                inbound_nodes.append(node_data)
            layer_configs.append({'name': layer.name,
                                  'class_name': layer.__class__.__name__,
                                  'config': layer.get_config(),
                                  'inbound_nodes': inbound_nodes})

        def coordinates(items):
            out = []
            for layer, node_index, tensor_index in items:
                key = self._node_key(layer, node_index)
                if key in self._network_nodes:
                    out.append([layer.name, conversion[key], tensor_index])
            return out

        config = {'name': self.name,
                  'layers': layer_configs,
                  'input_layers': coordinates(self._input_coordinates),
                  'output_layers': coordinates(self._output_coordinates)}
        return copy.deepcopy(config)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds a network from the output of `get_config`.

        # Arguments
            config: the config dict.
            custom_objects: dict of names to custom layer classes/functions.

        # Returns
            A network (an instance of `cls`).

        # Raises
            ValueError: for a malformed config.
        """
        from ..layers import deserialize as deserialize_layer

        created = {}
        pending = collections.OrderedDict()

        def add_pending(layer, node_data):
            pending.setdefault(layer, []).append(node_data)

        def process_node(layer, node_data):
            input_tensors = []
            kwargs = {}
            for input_data in node_data:
                if len(input_data) == 3:
                    name, node_index, tensor_index = input_data
                elif len(input_data) == 4:
                    name, node_index, tensor_index, kwargs = input_data
                else:
                    raise ValueError('Improperly formatted model config for '
                                     'layer %s: inbound node entry %r.'
                                     % (layer.name, input_data))
                if name not in created:
                    raise ValueError('Model config: layer %s is connected to '
                                     'unknown layer %r.' % (layer.name, name))
                inbound_layer = created[name]
                if len(inbound_layer._inbound_nodes) <= node_index:
                    return False
                node = inbound_layer._inbound_nodes[node_index]
                input_tensors.append(node.output_tensors[tensor_index])
            if input_tensors:
                layer(unpack_singleton(input_tensors), **(kwargs or {}))
            return True

        for layer_data in config['layers']:
            layer = deserialize_layer(layer_data, custom_objects=custom_objects)
            created[layer_data['name']] = layer
            for node_data in layer_data.get('inbound_nodes', []):
                add_pending(layer, node_data)

        # Call layers in config order, each call once its inputs exist.
        while pending:
            progress = False
            for layer_data in config['layers']:
                layer = created[layer_data['name']]
                while layer in pending:
                    if not process_node(layer, pending[layer][0]):
                        break
                    progress = True
                    pending[layer].pop(0)
                    if not pending[layer]:
                        del pending[layer]
            if not progress:
                raise ValueError('Model config: cannot connect layers %s; '
                                 'their inputs refer to layer calls that do '
                                 'not exist.' % ', '.join(l.name for l in pending))

        def tensors(entries, what):
            out = []
            for entry in entries:
                name, node_index, tensor_index = entry[:3]
                if name not in created:
                    raise ValueError('Model config: unknown %s layer %r.'
                                     % (what, name))
                node = created[name]._inbound_nodes[node_index]
                out.append(node.output_tensors[tensor_index])
            return out

        inputs = tensors(config['input_layers'], 'input')
        outputs = tensors(config['output_layers'], 'output')
        return cls(inputs=inputs, outputs=outputs, name=config.get('name'))

    def _updated_config(self):
        """The config wrapped with the class name, the Keras version and the
        backend, as written to JSON, YAML and h5 files."""
        from .. import __version__ as keras_version
        return {'class_name': self.__class__.__name__,
                'config': self.get_config(),
                'keras_version': keras_version,
                'backend': K.backend()}

    def to_json(self, **kwargs):
        """The model's architecture as a JSON string.

        # Arguments
            **kwargs: passed to `json.dumps` (e.g. `indent`).
        """
        return json.dumps(self._updated_config(), default=get_json_type,
                          **kwargs)

    def to_yaml(self, **kwargs):
        """The model's architecture as a YAML string.

        # Arguments
            **kwargs: passed to `yaml.dump`.
        """
        import yaml
        # Round-trip through JSON so that the YAML holds plain types only.
        config = json.loads(json.dumps(self._updated_config(),
                                       default=get_json_type))
        return yaml.dump(config, **kwargs)

    # ------------------------------------------------------------------
    # Saving
    # ------------------------------------------------------------------

    def save(self, filepath, overwrite=True, include_optimizer=True):
        """Saves the model (architecture, weights, optimizer state) to an
        HDF5 file; see `keras.models.save_model`. Like `save_weights`, a
        path is written to a temporary file renamed into place.

        # Arguments
            filepath: a path, an open h5py `File`/`Group`, or a binary
                file-like object.
            overwrite: if False and the file exists, ask before overwriting.
            include_optimizer: also save the training configuration and the
                optimizer state.
        """
        from . import saving
        saving.save_model(self, filepath, overwrite, include_optimizer)

    def save_weights(self, filepath, overwrite=True):
        """Saves the weights of all layers to an HDF5 file.

        The file is written next to `filepath` and renamed into place, so an
        interrupted save leaves any previous file intact (see
        `keras.engine.saving_atomic`).

        # Arguments
            filepath: path of the file.
            overwrite: if False and the file exists, ask before overwriting.
        """
        from . import saving
        saving.save_weights(self, filepath, overwrite)

    def load_weights(self, filepath, by_name=False, skip_mismatch=False,
                     reshape=False):
        """Loads weights from an HDF5 file written by `save_weights` or
        `save`.

        # Arguments
            filepath: path of the file.
            by_name: match layers by name instead of by topological order.
            skip_mismatch: with `by_name`, skip layers whose weights do not
                match in number or shape (with a warning).
            reshape: reshape weights to the layer's shapes when possible.

        # Raises
            ValueError / IOError: for a missing, truncated, corrupt or
                non-Keras file, or weights that do not fit the model (the
                message names the file; the model is left unchanged).
        """
        from . import saving
        saving.load_weights(self, filepath, by_name=by_name,
                            skip_mismatch=skip_mismatch, reshape=reshape)

    def __getstate__(self):
        """Pickling support (as Keras 2.2.3+): the model is stored as its
        HDF5 layout in memory (config, weights, training config and
        optimizer state)."""
        from . import saving
        return saving.pickle_model(self)

    def __setstate__(self, state):
        from . import saving
        # `pickle.load` already runs code from its input, so refusing Lambda
        # bytecode here would protect nothing.
        model = saving.unpickle_model(state, safe_mode=False)
        self.__dict__.update(model.__dict__)

    def summary(self, line_length=None, positions=None, print_fn=None,
                show_decay=None):
        """Prints a table of the layers, their output shapes and parameter
        counts (and a learning-rate-multiplier column when any is set, a
        decay-multiplier column when any is set or when asked).

        # Arguments
            line_length: total length of the printed lines.
            positions: relative or absolute end positions of the columns.
            print_fn: function called with each line (default `print`).
            show_decay: whether to show the `Decay mult` column (each
                layer's decay multipliers, defaults included). None (the
                default): when a decay multiplier is set on any layer
                (`decay_multipliers=`, the W/b decay arguments,
                `set_decay_multipliers`).

        # Raises
            ValueError: if the model is not built yet.
        """
        if not self.built:
            raise ValueError('This model has not yet been built. Build the '
                             'model first by calling build() or calling fit() '
                             'with some data. Or specify input_shape or '
                             'batch_input_shape in the first layer for '
                             'automatic build.')
        return print_summary(self, line_length=line_length,
                             positions=positions, print_fn=print_fn,
                             show_decay=show_decay)


def _tensor_mask(x):
    layer, node_index, tensor_index = x._keras_history
    return layer._inbound_nodes[node_index].output_masks[tensor_index]


def _unique(items):
    """`items` without repeats (by identity), order kept."""
    seen = set()
    out = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


def _index_of(items, item):
    for i, other in enumerate(items):
        if other is item:
            return i
    raise ValueError('Node not found among the inbound nodes of its layer.')


def _shape_list(shape):
    """A list of shape tuples from one shape tuple or a list of them."""
    if isinstance(shape, list) and shape and all(
            s is None or isinstance(s, (tuple, list)) for s in shape):
        return [tuple(s) if isinstance(s, list) else s for s in shape]
    if isinstance(shape, list) and not shape:
        return []
    return [tuple(shape) if shape is not None else None]


def _map_graph_network(inputs, outputs):
    """Walks the graph from `outputs` back to `inputs`.

    # Returns
        `(network_nodes, nodes_by_depth, layers, layers_by_depth)`:
        the set of node keys of the graph, {depth: [nodes]} (outputs at depth
        0), the layers ordered from inputs to outputs, {depth: [layers]}.

    # Raises
        ValueError: for cycles, outputs that need a tensor that is not one
            of `inputs` (a disconnected graph), and repeated layer names.
    """
    network_nodes = set()
    nodes_depths = {}
    layers_depths = {}
    layer_indices = {}
    nodes_in_decreasing_depth = []
    finished = set()
    in_progress = set()

    def visit(tensor, layer, node_index):
        node = layer._inbound_nodes[node_index]
        if node in in_progress:
            raise ValueError('The tensor %s at layer "%s" is part of a cycle.'
                             % (tensor, layer.name))
        if node in finished:
            return
        network_nodes.add(Network._node_key(layer, node_index))
        if layer not in layer_indices:
            layer_indices[layer] = len(layer_indices)
        in_progress.add(node)
        for x, inbound_layer, inbound_index in zip(
                node.input_tensors, node.inbound_layers, node.node_indices):
            if inbound_layer is None:
                raise ValueError('Graph disconnected: layer "%s" was called on '
                                 'tensor %s, which is not a Keras tensor (it '
                                 'does not come from `Input` or a Keras '
                                 'layer). Wrap it with `Input(tensor=...)`.'
                                 % (layer.name, x))
            visit(x, inbound_layer, inbound_index)
        finished.add(node)
        in_progress.remove(node)
        nodes_in_decreasing_depth.append(node)

    for x in outputs:
        layer, node_index, _ = x._keras_history
        visit(x, layer, node_index)

    for node in reversed(nodes_in_decreasing_depth):
        depth = nodes_depths.setdefault(node, 0)
        depth = max(depth, layers_depths.get(node.outbound_layer, 0))
        layers_depths[node.outbound_layer] = depth
        nodes_depths[node] = depth
        for inbound_layer, node_index in zip(node.inbound_layers,
                                             node.node_indices):
            inbound_node = inbound_layer._inbound_nodes[node_index]
            nodes_depths[inbound_node] = max(depth + 1,
                                             nodes_depths.get(inbound_node, 0))

    nodes_by_depth = collections.defaultdict(list)
    for node, depth in nodes_depths.items():
        nodes_by_depth[depth].append(node)
    layers_by_depth = collections.defaultdict(list)
    for layer, depth in layers_depths.items():
        layers_by_depth[depth].append(layer)

    depth_keys = sorted(nodes_by_depth, reverse=True)
    # Within a depth, keep the order of the traversal (deterministic).
    for depth in nodes_by_depth:
        nodes_by_depth[depth].sort(
            key=lambda n: layer_indices[n.outbound_layer])
    layers = []
    for depth in sorted(layers_by_depth, reverse=True):
        layers_for_depth = sorted(layers_by_depth[depth],
                                  key=lambda l: layer_indices[l])
        layers_by_depth[depth] = layers_for_depth
        layers.extend(layers_for_depth)

    computable = set(id(x) for x in inputs)
    computed_layers = []
    for depth in depth_keys:
        for node in nodes_by_depth[depth]:
            layer = node.outbound_layer
            for x in node.input_tensors:
                if id(x) not in computable:
                    source = getattr(x, '_keras_history', (None,))[0]
                    raise ValueError(
                        'Graph disconnected: cannot obtain value for tensor '
                        '%s at layer "%s"%s. The following previous layers '
                        'were accessed without issue: %s'
                        % (x, layer.name,
                           ' (it comes from layer "%s", which is not among the '
                           'model inputs)' % source.name
                           if source is not None else '',
                           computed_layers))
            for x in node.output_tensors:
                computable.add(id(x))
            computed_layers.append(layer.name)

    names = [layer.name for layer in layers]
    for name in names:
        if names.count(name) != 1:
            raise ValueError('The name "%s" is used %d times in the model. '
                             'All layer names should be unique.'
                             % (name, names.count(name)))
    return network_nodes, dict(nodes_by_depth), layers, dict(layers_by_depth)
