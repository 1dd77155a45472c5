"""Legacy weight conversion: weights saved by older Keras versions, by
other backends or by other variants of a layer, converted to the layout a
layer of this package expects (`preprocess_weights_for_loading`, as Keras
2.2.4 converted them): Keras 1 layouts, Theano-flipped convolution kernels,
`CuDNNLSTM`/`LSTM` and `CuDNNGRU`/`GRU` weights, and the sub-layers of
nested models, `Bidirectional` and `TimeDistributed`.

Imports the backend, `conv_utils` and NumPy only; works on lists of arrays
(no file access).
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import numpy as np

from .. import backend as K
from ..utils import conv_utils


def _is_network(layer):
    return hasattr(layer, '_is_graph_network') and hasattr(layer, 'layers')


def preprocess_weights_for_loading(layer, weights,
                                   original_keras_version=None,
                                   original_backend=None,
                                   reshape=False):
    """Converts weights saved by older Keras versions or other layer
    variants to the layout `layer` expects.

    Conversions (as Keras 2.2.4): nested models, `Bidirectional` and
    `TimeDistributed` convert their sub-layers' weights; files of Keras 1:
    `Conv1D`, `Conv2D`/`Conv3D` (`channels_first` kernels),
    `Conv2DTranspose` kernels, `GRU`/`LSTM`/`ConvLSTM2D` per-gate weights
    merged into one kernel, recurrent kernel and bias; Theano-era kernels
    (flipped) of `Conv1D/2D/3D`, `Conv2DTranspose`, `ConvLSTM2D`, and
    kernels saved in `(out, in, rows, cols)` order; `CuDNNLSTM` <-> `LSTM`
    and `CuDNNGRU` <-> `GRU(reset_after=True)` weights.

    # Arguments
        layer: the layer the weights are for.
        weights: list of NumPy arrays as saved.
        original_keras_version: Keras version that wrote them (`'1'` for
            Keras 1 files).
        original_backend: backend that wrote them (`'theano'` flips
            convolution kernels).
        reshape: reshape each array to the layer's weight shape when the
            sizes agree and the shapes do not.

    # Returns
        The list of converted arrays.
    """
    weights = [np.asarray(w) for w in weights]
    class_name = layer.__class__.__name__

    def convert_sublayer(sublayer, sub_weights):
        return preprocess_weights_for_loading(
            sublayer, sub_weights, original_keras_version, original_backend,
            reshape=reshape)

    if class_name == 'Bidirectional':
        half = len(weights) // 2
        forward = convert_sublayer(layer.forward_layer, weights[:half])
        backward = convert_sublayer(layer.backward_layer, weights[half:])
        weights = forward + backward
    elif class_name == 'TimeDistributed':
        weights = convert_sublayer(layer.layer, weights)
    elif _is_network(layer):
        weights = _convert_nested_model(layer, weights, convert_sublayer)

    if original_keras_version == '1':
        weights = _convert_keras1(layer, class_name, weights)

    conv_layers = ('Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose',
                   'ConvLSTM2D')
    if class_name in conv_layers and weights and layer.weights:
        if original_backend == 'theano':
            weights[0] = conv_utils.convert_kernel(weights[0])
            if class_name == 'ConvLSTM2D':
                weights[1] = conv_utils.convert_kernel(weights[1])
        expected = tuple(K.int_shape(layer.weights[0]))
        if expected != weights[0].shape and weights[0].ndim == 4 and \
                np.transpose(weights[0], (3, 2, 0, 1)).shape == expected:
            weights[0] = np.transpose(weights[0], (3, 2, 0, 1))
            if class_name == 'ConvLSTM2D':
                weights[1] = np.transpose(weights[1], (3, 2, 0, 1))

    weights = _convert_rnn_weights(layer, weights)

    if reshape and len(weights) == len(layer.weights):
        out = []
        for w, value in zip(layer.weights, weights):
            shape = tuple(K.int_shape(w))
            if value.shape != shape and value.size == int(np.prod(shape)):
                value = np.reshape(value, shape)
            out.append(value)
        weights = out
    return weights


def _convert_nested_model(model, weights, convert_sublayer):
    """A nested model's weights are saved as its `weights`: the trainable
    ones of every sub-layer, then the non-trainable ones; convert each
    sub-layer's share."""
    trainable = []
    non_trainable = []
    for sublayer in model.layers:
        n = len(sublayer.trainable_weights)
        if n:
            trainable.append((sublayer, weights[:n]))
            weights = weights[n:]
    for sublayer in model.layers:
        n = len(sublayer.weights) - len(sublayer.trainable_weights)
        if n:
            non_trainable.append((sublayer, weights[:n]))
            weights = weights[n:]
    if weights:
        # Counts do not line up: leave the rest to the length check.
        return [w for _, ws in trainable + non_trainable for w in ws] + weights
    new_weights = []
    for sublayer, sub_weights in trainable:
        if len(sublayer.non_trainable_weights) == 0:
            new_weights.extend(convert_sublayer(sublayer, sub_weights))
        else:
            new_weights.extend(sub_weights)
    for sublayer, sub_weights in non_trainable:
        new_weights.extend(sub_weights)
    return new_weights


def _convert_keras1(layer, class_name, weights):
    """Keras 1 layouts -> Keras 2."""
    if class_name == 'Conv1D' and weights:
        shape = weights[0].shape
        kernel_size = layer.kernel_size[0]
        if len(shape) == 4:
            if shape[:2] != (kernel_size, 1) or shape[3] != layer.filters:
                # Keras 1.1 layout: (filters, input_dim, length, 1).
                weights[0] = np.transpose(weights[0], (2, 3, 1, 0))
            weights[0] = weights[0][:, 0, :, :]
    if class_name == 'Conv2D' and weights and \
            layer.data_format == 'channels_first':
        # (out, in, rows, cols) -> (rows, cols, in, out)
        weights[0] = np.transpose(weights[0], (2, 3, 1, 0))
    if class_name == 'Conv2DTranspose' and weights:
        # Keras 2 kernel: (rows, cols, filters, input channels). Keras 1:
        # (rows, cols, input channels, filters) with channels_last, and
        # (filters, input channels, rows, cols) with channels_first.
        if layer.data_format == 'channels_last':
            weights[0] = np.transpose(weights[0], (0, 1, 3, 2))
        else:
            weights[0] = np.transpose(weights[0], (2, 3, 0, 1))
    if class_name == 'Conv3D' and weights and \
            layer.data_format == 'channels_first':
        weights[0] = np.transpose(weights[0], (2, 3, 4, 1, 0))
    if class_name == 'GRU' and len(weights) == 9:
        # Keras 1: W_z, U_z, b_z, W_r, U_r, b_r, W_h, U_h, b_h.
        weights = [np.concatenate([weights[0], weights[3], weights[6]], axis=-1),
                   np.concatenate([weights[1], weights[4], weights[7]], axis=-1),
                   np.concatenate([weights[2], weights[5], weights[8]], axis=-1)]
    if class_name in ('LSTM', 'ConvLSTM2D') and len(weights) == 12:
        # Keras 1 gate order i, c, f, o; Keras 2: i, f, c, o.
        kernel = np.concatenate([weights[0], weights[6], weights[3],
                                 weights[9]], axis=-1)
        recurrent = np.concatenate([weights[1], weights[7], weights[4],
                                    weights[10]], axis=-1)
        bias = np.concatenate([weights[2], weights[8], weights[5],
                               weights[11]], axis=-1)
        if class_name == 'ConvLSTM2D' and layer.data_format == 'channels_first':
            kernel = np.transpose(kernel, (2, 3, 1, 0))
            recurrent = np.transpose(recurrent, (2, 3, 1, 0))
        weights = [kernel, recurrent, bias]
    return weights


def _transform_kernels(kernels, func, n_gates):
    return np.hstack([func(k) for k in np.hsplit(kernels, n_gates)])


def _transpose_input(from_cudnn):
    order = 'F' if from_cudnn else 'C'

    def transform(kernel):
        return kernel.T.reshape(kernel.shape, order=order)
    return transform


def _rnn_variant(layer, weights):
    """`(n_gates, source, target)`: the variants of the saved weights
    (recognised from the bias shape) and of `layer`, or None for a layer
    that is not an LSTM/GRU (CuDNN or not) or not 3 weights."""
    target_class = layer.__class__.__name__
    if len(weights) != 3 or target_class not in ('LSTM', 'CuDNNLSTM', 'GRU',
                                                 'CuDNNGRU'):
        return None
    is_lstm = target_class.endswith('LSTM')
    n_gates = 4 if is_lstm else 3
    units = weights[1].shape[0]
    width = units * n_gates
    family = 'LSTM' if is_lstm else 'GRU'
    sources = {(2 * width,): 'CuDNN' + family}
    if is_lstm:
        sources[(width,)] = 'LSTM'
    else:
        sources[(2, width)] = 'GRU(reset_after=True)'
        sources[(width,)] = 'GRU(reset_after=False)'
    source = sources.get(tuple(weights[2].shape))
    if source is None:
        raise ValueError('Layer %r (%s): invalid saved bias shape %s for %d '
                         'units.' % (layer.name, target_class,
                                     weights[2].shape, units))
    target = target_class
    if target_class == 'GRU':
        target = 'GRU(reset_after=%s)' % bool(getattr(layer, 'reset_after',
                                                      False))
    return n_gates, source, target


def _convert_rnn_weights(layer, weights):
    """Converts between the weights of `CuDNNLSTM` and `LSTM`, and of
    `CuDNNGRU` and `GRU(reset_after=True)`, recognising the source from the
    bias shape.

    # Arguments
        layer: the layer the weights are for.
        weights: list of NumPy arrays as saved.

    # Returns
        The list of converted arrays (unchanged for other layers).

    # Raises
        ValueError: for an unknown bias shape, or between `GRU(reset_after=
            False)` and the CuDNN/`reset_after=True` variants (not
            convertible).
    """
    variant = _rnn_variant(layer, weights)
    if variant is None or variant[1] == variant[2]:
        return weights
    n_gates, source, target = variant
    if 'GRU(reset_after=False)' in (source, target):
        raise ValueError('Layer %r: weights of %s cannot be loaded into %s.'
                         % (layer.name, source, target))
    from_cudnn = source.startswith('CuDNN')
    kernels = _transform_kernels(weights[0], _transpose_input(from_cudnn),
                                 n_gates)
    recurrent = _transform_kernels(weights[1], lambda k: k.T, n_gates)
    if n_gates == 3:  # GRU: CuDNN's flat bias <-> reset_after's 2 rows
        biases = np.array(weights[2]).reshape((2, -1) if from_cudnn else -1)
    elif from_cudnn:  # LSTM: CuDNN's 2 biases are summed
        biases = np.sum(np.split(weights[2], 2, axis=0), axis=0)
    else:
        biases = np.tile(0.5 * weights[2], 2)
    return [kernels, recurrent, biases]
