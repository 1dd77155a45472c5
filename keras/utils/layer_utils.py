"""Helpers about layers and models: parameter counts, `summary()`, the source
inputs of a tensor, and kernel conversions between backends/data formats."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import numpy as np

from .. import backend as K
from .. import multipliers as multipliers_lib
from .conv_utils import convert_kernel

__all__ = ['count_params', 'print_summary', 'get_source_inputs',
           'convert_all_kernels_in_model', 'convert_dense_weights_data_format',
           'convert_kernel']


def count_params(weights):
    """Number of scalars in a list of weights (each weight counted once).

    # Arguments
        weights: list of variables.

    # Returns
        An int.
    """
    seen = set()
    total = 0
    for w in weights:
        if id(w) in seen:
            continue
        seen.add(id(w))
        total += int(np.prod(K.int_shape(w), dtype='int64'))
    return int(total)


def get_source_inputs(tensor, layer=None, node_index=None):
    """The input tensors (of `InputLayer`s) a tensor is computed from.

    # Arguments
        tensor: a Keras tensor.
        layer: start from this layer instead of the tensor's history.
        node_index: with `layer`, the node of that layer to start from.

    # Returns
        A list of tensors (or `tensor` itself if it has no Keras history).
    """
    if not hasattr(tensor, '_keras_history'):
        return tensor
    if layer is None or node_index is None:
        layer, node_index, _ = tensor._keras_history
    if not layer._inbound_nodes:
        return [tensor]
    node = layer._inbound_nodes[node_index]
    if not node.inbound_layers:
        # An input layer: its node's input is the source.
        return node.input_tensors
    sources = []
    seen = set()
    for x, inbound_layer, inbound_index in zip(
            node.input_tensors, node.inbound_layers, node.node_indices):
        previous = get_source_inputs(x, inbound_layer, inbound_index)
        if not isinstance(previous, list):
            # `x` is not a Keras tensor: it is a source itself.
            previous = [previous]
        for source in previous:
            if id(source) not in seen:
                seen.add(id(source))
                sources.append(source)
    return sources


def _multiplier_text(layer, kind=multipliers_lib.LEARNING_RATE):
    """Text of a multiplier column (learning rate or decay) for one layer."""
    if getattr(layer, '_is_graph_network', None) is not None and \
            hasattr(layer, 'layers'):
        # A nested model: what its layers have, if they agree.
        texts = set(_multiplier_text(sub, kind) for sub in layer.layers)
        texts.discard('')
        if not texts:
            return ''
        return texts.pop() if len(texts) == 1 else 'mixed'
    return multipliers_lib.describe(layer, kind)


def _is_sequential_like(model):
    if model.__class__.__name__ == 'Sequential':
        return True
    if not getattr(model, '_is_graph_network', False):
        return True
    nodes = []
    for depth_nodes in model._nodes_by_depth.values():
        if len(depth_nodes) > 1 or (len(depth_nodes) == 1 and
                                    len(depth_nodes[0].inbound_layers) > 1):
            return False
        nodes += depth_nodes
    node_ids = set(id(n) for n in nodes)
    for layer in model.layers:
        if sum(1 for n in layer._inbound_nodes if id(n) in node_ids) > 1:
            return False
    return True


def print_summary(model, line_length=None, positions=None, print_fn=None,
                  show_decay=None):
    """Prints a table of a model's layers.

    Columns: layer name and type, output shape, number of parameters, and,
    for models that are not a simple stack, the inbound connections
    (`layer_name[node_index][tensor_index]`). When any layer has
    learning-rate multipliers, a column `LR mult` shows them; a last column
    `Decay mult` shows the decay multipliers each layer's weights get
    (defaults included) when any is set or when `show_decay` is True.

    # Arguments
        model: a Keras model.
        line_length: total length of the lines (default 65 for stacks, 98
            otherwise; plus 16 for each multiplier column, or the length
            of its longest text plus 1).
        positions: end positions of the columns, relative (<= 1) or
            absolute.
        print_fn: function called with each line (default `print`).
        show_decay: True or False to show or hide the `Decay mult` column;
            None (default): shown when a decay multiplier is set on any
            layer.
    """
    if print_fn is None:
        print_fn = print
    sequential_like = _is_sequential_like(model)
    layers = model.layers
    extra_columns = []
    mult_texts = [_multiplier_text(layer) for layer in layers]
    if any(mult_texts):
        extra_columns.append(('LR mult', mult_texts))
    if show_decay is None:
        show_decay = any(multipliers_lib.has_spec(layer, multipliers_lib.DECAY)
                         for layer in layers)
    if show_decay:
        extra_columns.append(('Decay mult', [
            _multiplier_text(layer, multipliers_lib.DECAY) for layer in layers]))

    if sequential_like:
        default_length = 65
        default_positions = [.45, .85, 1.]
        columns = ['Layer (type)', 'Output Shape', 'Param #']
    else:
        default_length = 98
        default_positions = [.33, .55, .67, 1.]
        columns = ['Layer (type)', 'Output Shape', 'Param #', 'Connected to']
    base_length = line_length or default_length
    positions = list(positions or default_positions)
    if positions[-1] <= 1:
        positions = [int(base_length * p) for p in positions]
    line_length = base_length
    for title, texts in extra_columns:
        columns.append(title)
        if len(positions) < len(columns):
            # 16 wide, or wider for longer texts.
            line_length = positions[-1] + max([16] + [len(t) + 1 for t in texts])
            positions.append(line_length)
        else:
            line_length = max(line_length, positions[-1])

    relevant_nodes = set()
    if not sequential_like:
        for depth_nodes in model._nodes_by_depth.values():
            relevant_nodes.update(id(n) for n in depth_nodes)

    def print_row(fields):
        line = ''
        for i, field in enumerate(fields):
            if i > 0:
                line = line[:-1] + ' '
            line += str(field)
            line = line[:positions[i]]
            line += ' ' * (positions[i] - len(line))
        print_fn(line)

    print_fn('_' * line_length)
    print_row(columns)
    print_fn('=' * line_length)

    for i, layer in enumerate(layers):
        try:
            output_shape = layer.output_shape
        except AttributeError:
            # Never called, or called with several output shapes.
            output_shape = 'multiple'
        fields = ['%s (%s)' % (layer.name, layer.__class__.__name__),
                  output_shape, layer.count_params()]
        extra_rows = []
        if not sequential_like:
            connections = []
            for node in layer._inbound_nodes:
                if relevant_nodes and id(node) not in relevant_nodes:
                    continue
                for inbound_layer, node_index, tensor_index in zip(
                        node.inbound_layers, node.node_indices,
                        node.tensor_indices):
                    connections.append('%s[%d][%d]' % (
                        inbound_layer.name, node_index, tensor_index))
            fields.append(connections[0] if connections else '')
            extra_rows = [['', '', '', c] for c in connections[1:]]
        for _, texts in extra_columns:
            fields.append(texts[i])
            extra_rows = [row + [''] for row in extra_rows]
        print_row(fields)
        for row in extra_rows:
            print_row(row)
        print_fn(('=' if i == len(layers) - 1 else '_') * line_length)

    check = getattr(model, '_check_trainable_weights_consistency', None)
    if check is not None:
        check()
    if hasattr(model, '_collected_trainable_weights'):
        trainable_count = count_params(model._collected_trainable_weights)
    else:
        trainable_count = count_params(model.trainable_weights)
    non_trainable_count = count_params(model.non_trainable_weights)

    print_fn('Total params: {:,}'.format(trainable_count + non_trainable_count))
    print_fn('Trainable params: {:,}'.format(trainable_count))
    print_fn('Non-trainable params: {:,}'.format(non_trainable_count))
    print_fn('_' * line_length)


def convert_all_kernels_in_model(model):
    """Flips the kernels of the convolution layers of a model (to move
    weights between Theano and TensorFlow conventions).

    # Arguments
        model: a Keras model.
    """
    conv_classes = {'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose'}
    to_assign = []
    for layer in model.layers:
        if layer.__class__.__name__ in conv_classes:
            kernel = K.get_value(layer.kernel)
            to_assign.append((layer.kernel, convert_kernel(kernel)))
    K.batch_set_value(to_assign)


def convert_dense_weights_data_format(dense,
                                      previous_feature_map_shape,
                                      target_data_format='channels_first'):
    """Reorders the kernel rows of a `Dense` layer that follows a `Flatten`,
    after the data format of the feature maps before it changed.

    # Arguments
        dense: the `Dense` layer.
        previous_feature_map_shape: shape of the feature map before
            `Flatten`, without the batch axis, in the *target* format: e.g.
            `(512, 7, 7)` for `'channels_first'`.
        target_data_format: `'channels_first'` (converting weights trained
            channels_last) or `'channels_last'`.

    # Raises
        ValueError: for an unknown `target_data_format` or a kernel whose row
            count does not match the feature map.
    """
    if target_data_format not in {'channels_last', 'channels_first'}:
        raise ValueError('convert_dense_weights_data_format: '
                         'target_data_format must be "channels_first" or '
                         '"channels_last", got %r.' % (target_data_format,))
    weights = dense.get_weights()
    kernel = weights[0]
    shape = tuple(previous_feature_map_shape)
    if int(np.prod(shape)) != kernel.shape[0]:
        raise ValueError('convert_dense_weights_data_format: layer %s has %d '
                         'kernel rows, but the feature map %s has %d values.'
                         % (dense.name, kernel.shape[0], shape,
                            int(np.prod(shape))))
    units = kernel.shape[1]
    if target_data_format == 'channels_first':
        c, h, w = shape
        # Rows are in (h, w, c) order; put them in (c, h, w) order.
        kernel = kernel.reshape((h, w, c, units)).transpose((2, 0, 1, 3))
    else:
        h, w, c = shape
        kernel = kernel.reshape((c, h, w, units)).transpose((1, 2, 0, 3))
    weights[0] = kernel.reshape((-1, units))
    dense.set_weights(weights)
