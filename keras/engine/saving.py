"""Saving and loading models and weights (Keras 2.2.4's HDF5 layout).

An HDF5 model file written by `save_model` holds:

- root attributes `keras_version`, `backend`, `model_config` (JSON of
  `{'class_name', 'config'}`) and, for a compiled model, `training_config`
  (JSON: `optimizer_config`, `loss`, `metrics`, `sample_weight_mode`,
  `loss_weights`, plus `weighted_metrics`);
- group `model_weights`: attributes `layer_names`, `backend`,
  `keras_version`; one group per layer with attribute `weight_names` and a
  dataset per weight, at the weight's name;
- group `optimizer_weights` (compiled models whose optimizer has state):
  attribute `weight_names` and a dataset per optimizer variable. Keras
  2.2.4 matched these by position. Here they are written in 2.2.4's order
  and, in addition, attribute `weight_keys` (JSON) says which model weight
  and which slot each one belongs to, so that they are matched by weight
  identity on load (weights frozen by a learning-rate multiplier of 0 have
  no slots, so positions alone would be ambiguous). Files without
  `weight_keys` (written by Keras 2.2.4) are loaded by position.

Every write to a path goes to a temporary file in the same folder which is
then renamed over the target, so an interrupted save leaves the previous file
intact. Every load reads and checks the whole file before any weight of the
model is assigned.

Lambda layers holding Python bytecode are refused by the functions that
deserialize configs unless they are given `safe_mode=False`; see
`safe_mode_scope` and `check_lambda_allowed`.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import contextlib
import json
import os
import shutil
import tempfile
import threading
import warnings

import numpy as np
import six

from .. import backend as K
from .. import optimizers
from ..utils import conv_utils
from ..utils.io_utils import H5Dict
from ..utils.io_utils import as_text
from ..utils.io_utils import ask_to_proceed_with_overwrite
from ..utils.io_utils import load_attributes_from_hdf5_group
from ..utils.io_utils import save_attributes_to_hdf5_group

try:
    from collections.abc import Mapping
except ImportError:  # pragma: no cover
    from collections import Mapping

try:
    import h5py
except ImportError:  # pragma: no cover
    h5py = None


# ---------------------------------------------------------------------------
# Safe mode (Lambda bytecode)
# ---------------------------------------------------------------------------

_SAFE_MODE = threading.local()


@contextlib.contextmanager
def safe_mode_scope(safe_mode=True):
    """Context in which deserialized `Lambda` layers may (`False`) or may
    not (`True`) be rebuilt from Python bytecode.

    `load_model`, `model_from_json`, `model_from_yaml` and
    `model_from_config` enter it with their `safe_mode` argument;
    `Lambda.from_config` consults it through `check_lambda_allowed`.

    # Arguments
        safe_mode: True refuses bytecode, False allows it.
    """
    previous = getattr(_SAFE_MODE, 'value', None)
    _SAFE_MODE.value = bool(safe_mode)
    try:
        yield
    finally:
        _SAFE_MODE.value = previous


def in_safe_mode():
    """Whether bytecode is currently refused (True outside any
    `safe_mode_scope`)."""
    value = getattr(_SAFE_MODE, 'value', None)
    return True if value is None else value


def _bytecode_locations(config, found=None):
    """(class name, layer name) of every config in `config` (searched
    recursively) that holds Python bytecode (`function_type` or
    `output_shape_type` equal to `'lambda'`)."""
    if found is None:
        found = []
    if isinstance(config, Mapping):
        inner = config.get('config')
        if isinstance(inner, Mapping) and (
                inner.get('function_type') == 'lambda' or
                inner.get('output_shape_type') == 'lambda'):
            found.append((config.get('class_name', '?'), inner.get('name', '?')))
        elif (config.get('function_type') == 'lambda' or
              config.get('output_shape_type') == 'lambda') and \
                not isinstance(inner, Mapping):
            found.append(('Lambda', config.get('name', '?')))
        for value in config.values():
            if isinstance(value, (Mapping, list, tuple)):
                _bytecode_locations(value, found)
    elif isinstance(config, (list, tuple)):
        for value in config:
            _bytecode_locations(value, found)
    return found


def check_lambda_allowed(config, safe_mode=None):
    """Raises unless Python bytecode in `config` may be deserialized.

    `Lambda.from_config(config)` calls this first; the model loading
    functions call it on the whole model config.

    # Arguments
        config: a layer config (the inner `config` dict of a `Lambda`) or a
            whole serialized model.
        safe_mode: True refuses bytecode, False allows it; None (default)
            uses the current `safe_mode_scope` (True outside any).

    # Raises
        ValueError: when bytecode is found in safe mode; the message names
            the layers and says how to opt in (`safe_mode=False`).
    """
    if safe_mode is None:
        safe_mode = in_safe_mode()
    if not safe_mode:
        return
    found = _bytecode_locations(config)
    if found:
        names = ', '.join('%s %r' % (cls, name) for cls, name in found)
        raise ValueError(
            'Refusing to deserialize %s: the config holds Python bytecode, '
            'and loading it would run code stored in the file or string. If '
            'you trust its source, pass `safe_mode=False` (e.g. '
            '`load_model(path, safe_mode=False)`, `model_from_json(s, '
            'safe_mode=False)`), or wrap the call in `with '
            'keras.engine.saving.safe_mode_scope(False):`.' % names)


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def get_json_type(obj):
    """`default=` hook of `json.dumps` for model and training configs:
    Keras objects become `{'class_name', 'config'}`, NumPy values plain
    numbers and lists, functions and classes their name.

    # Raises
        TypeError: for anything else.
    """
    if hasattr(obj, 'get_config'):
        return {'class_name': obj.__class__.__name__,
                'config': obj.get_config()}
    if type(obj).__module__ == np.__name__:
        if isinstance(obj, np.ndarray):
            return obj.tolist()
        return obj.item()
    if callable(obj):
        return obj.__name__
    if type(obj).__name__ == type.__name__:
        return obj.__name__
    raise TypeError('Not JSON Serializable: %r' % (obj,))


def _require_h5py():
    if h5py is None:
        raise ImportError('`save_model`, `load_model` and the HDF5 weight '
                          'functions require h5py: `pip install h5py`.')


def _is_h5_group(obj):
    return h5py is not None and isinstance(obj, h5py.Group)


def _as_h5dict(group, mode='a'):
    if isinstance(group, H5Dict):
        return group
    return H5Dict(group, mode=mode)


def _source_name(f):
    """A description of where `f` (an H5Dict) reads from, for errors."""
    data = getattr(f, 'data', f)
    if h5py is not None and isinstance(data, h5py.Group):
        try:
            filename = data.file.filename
        except (ValueError, RuntimeError, OSError):
            return 'HDF5 group %r' % data.name
        if data.name == '/':
            return 'file %r' % filename
        return 'file %r (group %r)' % (filename, data.name)
    return 'in-memory model dict'


def _read(f, key, source, what):
    """`f[key]`, with any HDF5 read error turned into an IOError naming the
    source and what was being read."""
    try:
        return f[key]
    except (OSError, RuntimeError, KeyError, ValueError) as e:
        raise IOError('Cannot read %s from %s: the file is truncated or '
                      'corrupt (%s: %s).' % (what, source, type(e).__name__, e))


def _decode_json(value, source, what):
    text = as_text(value)
    if isinstance(text, list):
        text = ''.join(text)
    try:
        return json.loads(text)
    except ValueError as e:
        raise ValueError('The %s attribute of %s is not valid JSON (%s); the '
                         'file is corrupt or was not written by Keras.'
                         % (what, source, e))


def _layer_weight_names(layer):
    """Names under which `layer`'s weights are stored (unique in the
    layer's group)."""
    names = []
    seen = set()
    for i, w in enumerate(layer.weights):
        name = getattr(w, 'name', None) or 'param_%d' % i
        name = str(name)
        base, k = name, 1
        while name in seen:
            name = '%s_%d' % (base, k)
            k += 1
        seen.add(name)
        names.append(name)
    return names


# ---------------------------------------------------------------------------
# Weights: writing
# ---------------------------------------------------------------------------

def save_weights_to_hdf5_group(f, layers):
    """Writes the weights of `layers` into an HDF5 group, in Keras 2.2.4's
    layout: attributes `layer_names`, `backend`, `keras_version`; one
    sub-group per layer with attribute `weight_names` and one dataset per
    weight.

    # Arguments
        f: an h5py `File`/`Group` (or `H5Dict`) to write into.
        layers: the layers (e.g. `model.layers`).
    """
    from .. import __version__ as keras_version
    f = _as_h5dict(f)
    f['layer_names'] = [layer.name.encode('utf8') for layer in layers]
    f['backend'] = K.backend().encode('utf8')
    f['keras_version'] = str(keras_version).encode('utf8')
    values = K.batch_get_value([w for layer in layers for w in layer.weights])
    position = 0
    for layer in layers:
        group = f[layer.name]
        names = _layer_weight_names(layer)
        group['weight_names'] = [n.encode('utf8') for n in names]
        for name in names:
            value = np.asarray(values[position])
            position += 1
            group[name] = value


# ---------------------------------------------------------------------------
# Weights: reading (everything is read and checked before any assignment)
# ---------------------------------------------------------------------------

class _SavedLayer(object):
    """The weights of one layer as read from a file."""

    def __init__(self, name, weight_names, values):
        self.name = name
        self.weight_names = weight_names
        self.values = values


def _read_weights(f, source=None):
    """Reads every layer's weights from a weights group.

    # Returns
        `(saved_layers, original_keras_version, original_backend)` where
        `saved_layers` lists the `_SavedLayer`s in file order (layers
        without weights included).

    # Raises
        ValueError: when the group is not a Keras weights group.
        IOError: when a weight cannot be read (truncated or corrupt file).
    """
    f = _as_h5dict(f, mode='r')
    source = source or _source_name(f)
    if 'layer_names' not in f:
        raise ValueError(
            'Cannot load weights from %s: it is not a Keras weights file (no '
            '`layer_names` attribute at its root, nor a `model_weights` '
            'group).' % source)
    layer_names = as_text(_read(f, 'layer_names', source, 'the layer names'))
    if not isinstance(layer_names, list):
        layer_names = [layer_names]
    if 'keras_version' in f:
        original_keras_version = as_text(f['keras_version'])
    else:
        original_keras_version = '1'
    original_backend = as_text(f['backend']) if 'backend' in f else None
    saved = []
    for name in layer_names:
        if name not in f:
            raise IOError('Cannot load weights from %s: layer %r is listed in '
                          '`layer_names` but its group is missing (truncated '
                          'or corrupt file).' % (source, name))
        group = _read(f, name, source, 'the group of layer %r' % name)
        if 'weight_names' not in group:
            raise IOError('Cannot load weights from %s: the group of layer %r '
                          'has no `weight_names` attribute (truncated or '
                          'corrupt file).' % (source, name))
        weight_names = as_text(_read(group, 'weight_names', source,
                                     'the weight names of layer %r' % name))
        if not isinstance(weight_names, list):
            weight_names = [weight_names]
        values = []
        for weight_name in weight_names:
            if weight_name not in group:
                raise IOError('Cannot load weights from %s: weight %r of layer '
                              '%r is missing (truncated or corrupt file).'
                              % (source, weight_name, name))
            value = _read(group, weight_name, source,
                          'weight %r of layer %r' % (weight_name, name))
            if not isinstance(value, np.ndarray):
                raise IOError('Cannot load weights from %s: %r of layer %r is '
                              'not a dataset.' % (source, weight_name, name))
            values.append(value)
        saved.append(_SavedLayer(name, weight_names, values))
    return saved, original_keras_version, original_backend


def _check_shapes(layer, symbolic, values, source, saved_name):
    """Errors naming the layer and weight whose shape differs."""
    for w, value in zip(symbolic, values):
        expected = tuple(K.int_shape(w))
        if expected != tuple(value.shape):
            raise ValueError(
                'Layer %r (%s) of the model: weight %r has shape %s, but the '
                'weight saved for layer %r in %s has shape %s.'
                % (layer.name, type(layer).__name__, getattr(w, 'name', '?'),
                   expected, saved_name, source, tuple(value.shape)))


def _weight_pairs_by_order(saved, layers, original_keras_version,
                           original_backend, reshape, source):
    layers_with_weights = [layer for layer in layers if layer.weights]
    saved_with_weights = [s for s in saved if s.values]
    if len(saved_with_weights) != len(layers_with_weights):
        raise ValueError(
            'You are trying to load a weight file containing %d layers with '
            'weights into a model with %d layers with weights (%s). File '
            'layers: %s. Model layers: %s. Use `by_name=True` to load the '
            'layers whose names match.'
            % (len(saved_with_weights), len(layers_with_weights), source,
               ', '.join(s.name for s in saved_with_weights) or '(none)',
               ', '.join(l.name for l in layers_with_weights) or '(none)'))
    pairs = []
    for k, (layer, entry) in enumerate(zip(layers_with_weights,
                                           saved_with_weights)):
        symbolic = layer.weights
        values = preprocess_weights_for_loading(
            layer, list(entry.values), original_keras_version,
            original_backend, reshape=reshape)
        if len(values) != len(symbolic):
            raise ValueError(
                'Layer #%d (named %r in the current model) was found to '
                'correspond to layer %r in %s. However the new layer %r '
                'expects %d weights, but the saved weights have %d elements.'
                % (k, layer.name, entry.name, source, layer.name,
                   len(symbolic), len(values)))
        _check_shapes(layer, symbolic, values, source, entry.name)
        pairs.extend(zip(symbolic, values))
    return pairs


def _weight_pairs_by_name(saved, layers, skip_mismatch, original_keras_version,
                          original_backend, reshape, source):
    index = {}
    for layer in layers:
        if layer.name:
            index.setdefault(layer.name, []).append(layer)
    pairs = []
    for entry in saved:
        for layer in index.get(entry.name, []):
            symbolic = layer.weights
            values = preprocess_weights_for_loading(
                layer, list(entry.values), original_keras_version,
                original_backend, reshape=reshape)
            if len(values) != len(symbolic):
                if skip_mismatch:
                    warnings.warn('Skipping loading of weights for layer %r due '
                                  'to mismatch in number of weights (%d vs %d).'
                                  % (layer.name, len(symbolic), len(values)))
                    continue
                raise ValueError(
                    'Layer %r expects %d weight(s), but the saved weights of '
                    'layer %r in %s have %d element(s).'
                    % (layer.name, len(symbolic), entry.name, source,
                       len(values)))
            mismatch = [(w, v) for w, v in zip(symbolic, values)
                        if tuple(K.int_shape(w)) != tuple(v.shape)]
            if mismatch:
                if skip_mismatch:
                    w, v = mismatch[0]
                    warnings.warn('Skipping loading of weights for layer %r due '
                                  'to mismatch in shape (%s vs %s) of weight %r.'
                                  % (layer.name, tuple(K.int_shape(w)),
                                     tuple(v.shape), getattr(w, 'name', '?')))
                    continue
                _check_shapes(layer, symbolic, values, source, entry.name)
            pairs.extend(zip(symbolic, values))
    return pairs


def _assign(pairs):
    if pairs:
        K.batch_set_value([(w, np.asarray(v)) for w, v in pairs])


def load_weights_from_hdf5_group(f, layers, reshape=False):
    """Loads weights into `layers` from an HDF5 group written by
    `save_weights_to_hdf5_group` (or by tf.keras / tf_keras, or an older
    Keras), matching the layers that have weights by order.

    The whole group is read and checked first; no weight is assigned when
    anything is wrong.

    # Arguments
        f: an h5py `File`/`Group` (or `H5Dict`).
        layers: the layers to load into (e.g. `model.layers`).
        reshape: reshape saved weights to the layers' shapes when their
            sizes agree.

    # Raises
        ValueError: when the numbers of layers or weights, or shapes, differ
            (naming the layers and weights), or the group is not a Keras
            weights group.
        IOError: for truncated or corrupt files.
    """
    source = _source_name(_as_h5dict(f, 'r'))
    saved, version, backend = _read_weights(f, source)
    pairs = _weight_pairs_by_order(saved, layers, version, backend, reshape,
                                   source)
    _assign(pairs)


def load_weights_from_hdf5_group_by_name(f, layers, skip_mismatch=False,
                                         reshape=False):
    """Loads weights into the layers whose names match a layer saved in
    the group. Layers absent from either side are left alone.

    # Arguments
        f: an h5py `File`/`Group` (or `H5Dict`).
        layers: the layers to load into.
        skip_mismatch: skip (with a warning per layer) the layers whose
            number or shapes of weights differ, instead of raising.
        reshape: reshape saved weights to the layers' shapes when their
            sizes agree.

    # Raises
        ValueError: for mismatches when `skip_mismatch` is False.
        IOError: for truncated or corrupt files.
    """
    source = _source_name(_as_h5dict(f, 'r'))
    saved, version, backend = _read_weights(f, source)
    pairs = _weight_pairs_by_name(saved, layers, skip_mismatch, version,
                                  backend, reshape, source)
    _assign(pairs)


def load_weights(model, filepath, by_name=False, skip_mismatch=False,
                 reshape=False):
    """`model.load_weights(filepath, ...)` with clear errors for missing,
    truncated and non-HDF5 files (`Network.load_weights` can delegate here).

    # Arguments
        model: the model (or any object with `layers`).
        filepath: path of an HDF5 file written by `save_weights` or `save`
            (or by tf.keras / tf_keras), or an open h5py `File`/`Group`.
        by_name, skip_mismatch, reshape: as `Network.load_weights`.

    # Raises
        IOError: missing, unreadable, truncated or corrupt file.
        ValueError: not a Keras weights file, or weights that do not match.
    """
    _require_h5py()
    with _open_for_reading(filepath, 'weights') as f:
        if 'layer_names' not in f and 'model_weights' in f:
            f = f['model_weights']
        f = f.data if _is_h5_group(f.data) else f
        if by_name:
            load_weights_from_hdf5_group_by_name(
                f, model.layers, skip_mismatch=skip_mismatch, reshape=reshape)
        else:
            load_weights_from_hdf5_group(f, model.layers, reshape=reshape)


@contextlib.contextmanager
def _open_for_reading(filepath, what):
    """Yields a read-only `H5Dict` over `filepath` (a path, an h5py group
    or a dict), with clear errors for files that cannot be opened."""
    if not isinstance(filepath, six.string_types) and \
            not hasattr(filepath, '__fspath__'):
        if not H5Dict.is_supported_type(filepath):
            raise TypeError('Cannot load %s from %r: expected a file path, an '
                            'h5py File or Group, or a dict.' % (what, filepath))
        yield H5Dict(filepath, mode='r')
        return
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise IOError('Cannot load %s: no file %r.' % (what, filepath))
    try:
        f = H5Dict(filepath, mode='r')
    except (OSError, RuntimeError, ValueError) as e:
        raise IOError('Cannot load %s from %r: it is not a readable HDF5 file '
                      '(truncated, corrupt, or another format): %s'
                      % (what, filepath, e))
    try:
        yield f
    finally:
        f.close()


# ---------------------------------------------------------------------------
# Weight layout conversions
# ---------------------------------------------------------------------------

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
    elif class_name == 'TimeDistributed' or (
            original_keras_version == '1' and hasattr(layer, 'layer') and
            class_name in ('TimeDistributed',)):
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
    if class_name == 'Conv2DTranspose' and weights and \
            layer.data_format == 'channels_last':
        weights[0] = np.transpose(weights[0], (0, 1, 3, 2))
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


def _convert_rnn_weights(layer, weights):
    """Converts between the weights of `CuDNNLSTM` and `LSTM`, and of
    `CuDNNGRU` and `GRU(reset_after=True)`, recognising the source from the
    bias shape.

    # Raises
        ValueError: for an unknown bias shape, or between `GRU(reset_after=
            False)` and the CuDNN/`reset_after=True` variants (not
            convertible).
    """
    target_class = layer.__class__.__name__
    if target_class in ('LSTM', 'CuDNNLSTM') and len(weights) == 3:
        units = weights[1].shape[0]
        bias_shape = weights[2].shape
        n_gates = 4
        if bias_shape == (2 * units * n_gates,):
            source = 'CuDNNLSTM'
        elif bias_shape == (units * n_gates,):
            source = 'LSTM'
        else:
            raise ValueError('Layer %r (%s): invalid saved bias shape %s for %d '
                             'units.' % (layer.name, target_class, bias_shape,
                                         units))
        if source != target_class:
            from_cudnn = source == 'CuDNNLSTM'
            kernels = _transform_kernels(weights[0], _transpose_input(from_cudnn),
                                         n_gates)
            recurrent = _transform_kernels(weights[1], lambda k: k.T, n_gates)
            if from_cudnn:
                biases = np.sum(np.split(weights[2], 2, axis=0), axis=0)
            else:
                biases = np.tile(0.5 * weights[2], 2)
            weights = [kernels, recurrent, biases]

    if target_class in ('GRU', 'CuDNNGRU') and len(weights) == 3:
        units = weights[1].shape[0]
        bias_shape = weights[2].shape
        n_gates = 3
        if bias_shape == (2 * units * n_gates,):
            source = 'CuDNNGRU'
        elif bias_shape == (2, units * n_gates):
            source = 'GRU(reset_after=True)'
        elif bias_shape == (units * n_gates,):
            source = 'GRU(reset_after=False)'
        else:
            raise ValueError('Layer %r (%s): invalid saved bias shape %s for %d '
                             'units.' % (layer.name, target_class, bias_shape,
                                         units))
        if target_class == 'CuDNNGRU':
            target = 'CuDNNGRU'
        elif getattr(layer, 'reset_after', False):
            target = 'GRU(reset_after=True)'
        else:
            target = 'GRU(reset_after=False)'
        if source != target:
            if 'GRU(reset_after=False)' in (source, target):
                raise ValueError('Layer %r: weights of %s cannot be loaded into '
                                 '%s.' % (layer.name, source, target))
            from_cudnn = source == 'CuDNNGRU'
            kernels = _transform_kernels(weights[0], _transpose_input(from_cudnn),
                                         n_gates)
            recurrent = _transform_kernels(weights[1], lambda k: k.T, n_gates)
            biases = np.array(weights[2]).reshape((2, -1) if from_cudnn else -1)
            weights = [kernels, recurrent, biases]
    return weights


# ---------------------------------------------------------------------------
# Optimizer state
# ---------------------------------------------------------------------------

def _weight_owners(model):
    """{id(weight): (layer name, index in layer.weights, variable name)}
    for the weights of `model`'s layers (first owner wins)."""
    owners = {}
    for layer in model.layers:
        for i, w in enumerate(layer.weights):
            owners.setdefault(id(w), (layer.name, i, getattr(w, 'name', '?')))
    return owners


def _has_slot_api(optimizer):
    return (hasattr(optimizer, 'slot_items') and
            hasattr(optimizer, 'slot_names') and
            hasattr(optimizer, 'iterations'))


def _keyed_entries(model, optimizer):
    """`[(variable, key, readable name)]` for the optimizer's state in
    Keras 2.2.4's order (`iterations`, then slot kind by slot kind over the
    trained weights), or None when the optimizer's weights are not all
    `iterations` and per-weight slots (then positions are all we have).

    A key is `[layer name, weight index in the layer, slot name]`, or
    `[None, None, 'iterations']`."""
    if not _has_slot_api(optimizer):
        return None
    try:
        opt_weights = list(optimizer.weights)
    except NotImplementedError:
        return None
    items = optimizer.slot_items()
    owners = _weight_owners(model)
    covered = set([id(optimizer.iterations)])
    for _, slots in items:
        covered.update(id(s) for s in slots)
    if set(id(w) for w in opt_weights) != covered:
        return None
    by_id = dict((id(w), (w, slots)) for w, slots in items)
    collected = getattr(model, '_collected_trainable_weights', None)
    if collected is None:
        collected = model.trainable_weights
    ordered = [by_id[id(w)] for w in collected if id(w) in by_id]
    seen = set(id(w) for w, _ in ordered)
    ordered += [(w, s) for w, s in items if id(w) not in seen]
    missing = [w for w, _ in ordered if id(w) not in owners]
    if missing:
        warnings.warn('The optimizer holds state for weight(s) %s that belong '
                      'to no layer of model %r; their state is not saved.'
                      % (', '.join(getattr(w, 'name', '?') for w in missing),
                         model.name))
        ordered = [(w, s) for w, s in ordered if id(w) in owners]
    entries = [(optimizer.iterations, [None, None, 'iterations'],
                str(getattr(optimizer.iterations, 'name', 'iterations')))]
    for k, slot_name in enumerate(optimizer.slot_names):
        for w, slots in ordered:
            layer_name, index, var_name = owners[id(w)]
            entries.append((slots[k], [layer_name, index, slot_name],
                            '%s/%s/%s' % (slot_name, layer_name, var_name)))
    return entries


def _save_optimizer_weights(model, f):
    optimizer = model.optimizer
    entries = _keyed_entries(model, optimizer)
    if entries is not None:
        if len(entries) == 1 and not optimizer.slot_items() and \
                not list(optimizer.weights):
            return  # never trained: no state to save (as Keras 2.2.4)
        variables = [e[0] for e in entries]
        names = [e[2] for e in entries]
        keys = [e[1] for e in entries]
    else:
        variables = list(getattr(optimizer, 'weights', []))
        if not variables:
            return
        names = [str(getattr(w, 'name', None) or 'param_%d' % i)
                 for i, w in enumerate(variables)]
        keys = None
    # Unique dataset names.
    seen = set()
    for i, name in enumerate(names):
        base, k = name, 1
        while name in seen:
            name = '%s_%d' % (base, k)
            k += 1
        seen.add(name)
        names[i] = name
    values = K.batch_get_value(variables)
    group = f['optimizer_weights']
    group['weight_names'] = [n.encode('utf8') for n in names]
    if keys is not None:
        group['weight_keys'] = json.dumps(keys).encode('utf8')
    for name, value in zip(names, values):
        group[name] = np.asarray(value)


def _read_optimizer_weights(f, source):
    """`(names, keys or None, values)` of the `optimizer_weights` group."""
    group = _read(f, 'optimizer_weights', source, 'the optimizer state')
    if 'weight_names' not in group:
        raise IOError('Cannot load the optimizer state from %s: group '
                      '`optimizer_weights` has no `weight_names` attribute '
                      '(truncated or corrupt file).' % source)
    names = as_text(_read(group, 'weight_names', source,
                          'the optimizer weight names'))
    if not isinstance(names, list):
        names = [names]
    keys = None
    if 'weight_keys' in group:
        keys = _decode_json(group['weight_keys'], source,
                            'optimizer_weights/weight_keys')
        if not isinstance(keys, list) or len(keys) != len(names):
            raise IOError('Cannot load the optimizer state from %s: '
                          '`weight_keys` does not match `weight_names`.'
                          % source)
        keys = [tuple(k) for k in keys]
    values = []
    for name in names:
        if name not in group:
            raise IOError('Cannot load the optimizer state from %s: optimizer '
                          'weight %r is missing (truncated or corrupt file).'
                          % (source, name))
        values.append(np.asarray(_read(group, name, source,
                                       'optimizer weight %r' % name)))
    return names, keys, values


def _describe_key(key):
    if key[2] == 'iterations' and key[0] is None:
        return 'iterations'
    return 'slot %r of weight #%d of layer %r' % (key[2], key[1], key[0])


def _optimizer_assignment(model, names, keys, values, source):
    """Matches the saved optimizer state to the model's optimizer.

    # Returns
        The list of arrays to give to `optimizer.set_weights`, or None for
        an optimizer without state.

    # Raises
        ValueError: when the saved and current sets of optimizer weights
            differ (naming them) or shapes differ.
    """
    optimizer = model.optimizer
    entries = _keyed_entries(model, optimizer)
    opt_weights = list(optimizer.weights)
    if keys is not None and entries is not None:
        current = collections.OrderedDict((tuple(k), v) for v, k, _ in entries)
        saved = collections.OrderedDict(zip(keys, values))
        missing = [k for k in current if k not in saved]
        extra = [k for k in saved if k not in current]
        if missing or extra:
            parts = []
            if missing:
                parts.append('the model needs %s, which the file lacks'
                             % '; '.join(_describe_key(k) for k in missing))
            if extra:
                parts.append('the file holds %s, which the model has no use '
                             'for' % '; '.join(_describe_key(k) for k in extra))
            raise ValueError(
                'Cannot load the optimizer state from %s: the saved optimizer '
                'weights do not match those of the model (did the learning-'
                'rate multipliers or the trainable weights change?): %s. '
                'Load with `compile=False` and compile again to start with a '
                'fresh optimizer.' % (source, ' and '.join(parts)))
        by_var = {}
        for key, var in current.items():
            by_var[id(var)] = (key, saved[key])
        ordered = []
        for var in opt_weights:
            key, value = by_var[id(var)]
            expected = tuple(K.int_shape(var))
            if expected != tuple(value.shape):
                raise ValueError('Cannot load the optimizer state from %s: %s '
                                 'has shape %s in the file and %s in the model.'
                                 % (source, _describe_key(key),
                                    tuple(value.shape), expected))
            ordered.append(value)
        return ordered
    if entries is not None:
        # Keras 2.2.4 file: by position, in 2.2.4's order.
        variables = [e[0] for e in entries]
        if len(values) == len(variables):
            pairs = list(zip(variables, values))
        elif (len(values) == len(variables) - 1 and
              getattr(optimizer, '_legacy_weights_without_iterations', False)):
            pairs = list(zip(variables[1:], values))
        else:
            raise ValueError(
                'Cannot load the optimizer state from %s: the file holds %d '
                'optimizer weights (%s), but optimizer %s of the model has %d '
                '(iterations and slots %s for %d weights).'
                % (source, len(values), ', '.join(names[:6]) +
                   (', ...' if len(names) > 6 else ''),
                   type(optimizer).__name__, len(variables),
                   ', '.join(optimizer.slot_names),
                   (len(variables) - 1) // max(1, len(optimizer.slot_names))))
        offset = len(values) - len(pairs)
        for i, (var, value) in enumerate(pairs):
            expected = tuple(K.int_shape(var))
            if expected != tuple(value.shape):
                raise ValueError('Cannot load the optimizer state from %s: '
                                 'optimizer weight %r has shape %s in the file, '
                                 'but the matching variable %r has shape %s.'
                                 % (source, names[i + offset],
                                    tuple(value.shape),
                                    getattr(var, 'name', '?'), expected))
        by_var = dict((id(var), value) for var, value in pairs)
        current_values = K.batch_get_value(opt_weights)
        return [by_var.get(id(var), current)
                for var, current in zip(opt_weights, current_values)]
    if keys is not None:
        raise ValueError('Cannot load the optimizer state from %s: it is keyed '
                         'by weight, but optimizer %s does not expose per-weight '
                         'slots.' % (source, type(optimizer).__name__))
    return list(values)


# ---------------------------------------------------------------------------
# Whole models
# ---------------------------------------------------------------------------

def _serialize_model(model, f, include_optimizer=True):
    """Writes `model` (config, weights, training config and optimizer
    state) into `f`, an `H5Dict`."""
    from .. import __version__ as keras_version
    f['keras_version'] = str(keras_version).encode('utf8')
    f['backend'] = K.backend().encode('utf8')
    model_config = {'class_name': model.__class__.__name__,
                    'config': model.get_config()}
    f['model_config'] = json.dumps(model_config,
                                   default=get_json_type).encode('utf8')
    save_weights_to_hdf5_group(f['model_weights'], model.layers)

    optimizer = getattr(model, 'optimizer', None)
    if not include_optimizer or optimizer is None:
        return
    if isinstance(optimizer, optimizers.TFOptimizer):
        warnings.warn('TensorFlow optimizers do not make it possible to access '
                      'optimizer attributes or optimizer state after '
                      'instantiation. As a result, we cannot save the optimizer '
                      'as part of the model save file. You will have to compile '
                      'your model again after loading it. Prefer using a Keras '
                      'optimizer instead (see keras.io/optimizers).')
        return
    training_config = {
        'optimizer_config': {'class_name': optimizer.__class__.__name__,
                             'config': optimizer.get_config()},
        'loss': model.loss,
        'metrics': model.metrics,
        'weighted_metrics': getattr(model, 'weighted_metrics', None),
        'sample_weight_mode': model.sample_weight_mode,
        'loss_weights': model.loss_weights,
    }
    f['training_config'] = json.dumps(training_config,
                                      default=get_json_type).encode('utf8')
    _save_optimizer_weights(model, f)


def _convert_custom_objects(obj, custom_objects):
    """Replaces the names in `obj` (a name, list or dict of names) that are
    keys of `custom_objects` by the objects."""
    if not custom_objects:
        return obj
    if isinstance(obj, list):
        return [_convert_custom_objects(o, custom_objects) for o in obj]
    if isinstance(obj, dict):
        return dict((k, _convert_custom_objects(v, custom_objects))
                    for k, v in obj.items())
    if isinstance(obj, six.string_types) and obj in custom_objects:
        return custom_objects[obj]
    return obj


def _deserialize_model(f, custom_objects=None, compile=True, safe_mode=True,
                       source=None):
    """Rebuilds a model from an `H5Dict` written by `_serialize_model`.
    Everything is read and checked before the new model is returned."""
    source = source or _source_name(f)
    if 'model_config' not in f:
        if 'layer_names' in f:
            raise ValueError('No model found in %s: it holds only weights '
                             '(written by `save_weights`); build the model and '
                             'call `model.load_weights`.' % source)
        raise ValueError('No model found in %s: it has no `model_config` '
                         'attribute (it is not a file written by '
                         '`model.save`).' % source)
    model_config = _decode_json(_read(f, 'model_config', source,
                                      'the model config'),
                                source, 'model_config')
    if not isinstance(model_config, dict) or 'class_name' not in model_config:
        raise ValueError('The model config in %s is malformed (expected '
                         '{"class_name": ..., "config": ...}).' % source)
    training_config = None
    if 'training_config' in f:
        training_config = _decode_json(
            _read(f, 'training_config', source, 'the training config'),
            source, 'training_config')
    if 'model_weights' not in f:
        raise IOError('Cannot load the model from %s: group `model_weights` '
                      'is missing (truncated or corrupt file).' % source)
    weights_group = _read(f, 'model_weights', source, 'the model weights')
    saved, version, backend = _read_weights(weights_group, source)
    optimizer_state = None
    if compile and training_config is not None and 'optimizer_weights' in f:
        optimizer_state = _read_optimizer_weights(f, source)

    custom_objects = custom_objects or {}
    model = model_from_config(model_config, custom_objects=custom_objects,
                              safe_mode=safe_mode)
    pairs = _weight_pairs_by_order(saved, model.layers, version, backend,
                                   False, source)

    if compile and training_config is None:
        warnings.warn('No training configuration found in save file: the '
                      'model was *not* compiled. Compile it manually.')
    if compile and training_config is not None:
        optimizer_config = training_config['optimizer_config']
        optimizer = optimizers.deserialize(optimizer_config,
                                           custom_objects=custom_objects)
        loss = _convert_custom_objects(training_config.get('loss'),
                                       custom_objects)
        metrics = _convert_custom_objects(training_config.get('metrics'),
                                          custom_objects)
        weighted_metrics = _convert_custom_objects(
            training_config.get('weighted_metrics'), custom_objects)
        model.compile(optimizer=optimizer,
                      loss=loss,
                      metrics=metrics,
                      loss_weights=training_config.get('loss_weights'),
                      sample_weight_mode=training_config.get(
                          'sample_weight_mode'),
                      weighted_metrics=weighted_metrics)
        if optimizer_state is not None:
            model._make_train_function()
            names, keys, values = optimizer_state
            ordered = _optimizer_assignment(model, names, keys, values, source)
            _assign(pairs)
            pairs = []
            if ordered:
                model.optimizer.set_weights(ordered)
    _assign(pairs)
    return model


def save_model(model, filepath, overwrite=True, include_optimizer=True):
    """Saves a model to an HDF5 file: architecture, weights, training
    configuration and optimizer state (Keras 2.2.4's layout; see the module
    docstring).

    With a path, the file is written next to `filepath` under a temporary
    name and renamed into place once complete: a crash or a kill during the
    save leaves any previous file unchanged.

    # Arguments
        model: the model.
        filepath: a path, or an open h5py `File`/`Group` to write into.
        overwrite: if False and the file exists, ask before overwriting.
        include_optimizer: also save the training configuration and the
            optimizer state.

    # Raises
        ImportError: if h5py is not installed.
        TypeError: for an unsupported `filepath`.
    """
    _require_h5py()
    if not isinstance(filepath, six.string_types) and \
            not hasattr(filepath, '__fspath__'):
        if not H5Dict.is_supported_type(filepath):
            raise TypeError('save_model: `filepath` must be a path or an h5py '
                            'File or Group; got %r.' % (filepath,))
        f = H5Dict(filepath, mode='w')
        _serialize_model(model, f, include_optimizer)
        f.flush()
        return
    filepath = os.fspath(filepath)
    if not overwrite and os.path.isfile(filepath):
        if not ask_to_proceed_with_overwrite(filepath):
            return
    write_atomically(filepath,
                     lambda path: _write_model_file(model, path,
                                                    include_optimizer))


def _write_model_file(model, path, include_optimizer):
    with H5Dict(path, mode='w') as f:
        _serialize_model(model, f, include_optimizer)
        f.flush()


def write_atomically(filepath, write):
    """Calls `write(temporary_path)` then renames the temporary file to
    `filepath` (after flushing it to disk); the temporary file is removed if
    `write` fails, and `filepath` is never left half-written.

    # Arguments
        filepath: the final path.
        write: function writing a complete file at the path it is given.
    """
    directory = os.path.dirname(os.path.abspath(filepath))
    fd, tmp_path = tempfile.mkstemp(
        prefix='.%s.' % os.path.basename(filepath), suffix='.tmp',
        dir=directory)
    os.close(fd)
    try:
        write(tmp_path)
        with open(tmp_path, 'rb+') as fh:
            os.fsync(fh.fileno())
        if os.path.exists(filepath):
            try:
                shutil.copymode(filepath, tmp_path)
            except OSError:
                pass  # Keep mkstemp's mode (0600) rather than fail the save.
        else:
            os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, filepath)
    finally:
        if os.path.exists(tmp_path):
            os.remove(tmp_path)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved by `save_model` / `model.save`.

    # Arguments
        filepath: a path, or an open h5py `File`/`Group`.
        custom_objects: dict mapping names (of layers, losses, metrics,
            optimizers, ...) to custom classes or functions.
        compile: if True and the file has a training configuration, compile
            the model and restore the optimizer state, so that training goes
            on where it stopped.
        safe_mode: if True (default), refuse `Lambda` layers stored as Python
            bytecode (loading them runs code from the file); pass False for
            files you trust.

    # Returns
        The model (compiled when `compile` and the file allow).

    # Raises
        IOError: missing, truncated or corrupt file.
        ValueError: the file has no model, bytecode in safe mode, or an
            optimizer state that does not match the model.
    """
    _require_h5py()
    with _open_for_reading(filepath, 'the model') as f:
        return _deserialize_model(f, custom_objects, compile, safe_mode)


def pickle_model(model):
    """The state of `model` as a dict of plain values (the HDF5 layout,
    in memory), for pickling.

    # Arguments
        model: the model.

    # Returns
        A dict.
    """
    d = {}
    f = H5Dict(d)
    _serialize_model(model, f)
    return d


def unpickle_model(state, safe_mode=True):
    """Rebuilds a model from `pickle_model`'s dict.

    # Arguments
        state: the dict.
        safe_mode: as `load_model`.

    # Returns
        The model.
    """
    f = H5Dict(state, mode='r')
    return _deserialize_model(f, safe_mode=safe_mode)


# ---------------------------------------------------------------------------
# Configs
# ---------------------------------------------------------------------------

def model_from_config(config, custom_objects=None, safe_mode=True):
    """Builds a model (or layer) from its serialized config
    (`{'class_name': ..., 'config': ...}`).

    # Arguments
        config: the config dict.
        custom_objects: dict mapping names to custom classes or functions.
        safe_mode: if True (default), refuse `Lambda` layers stored as Python
            bytecode; pass False for configs you trust.

    # Returns
        A model instance (new weights).

    # Raises
        TypeError: if `config` is a list.
        ValueError: bytecode in safe mode, unknown class names.
    """
    if isinstance(config, list):
        raise TypeError('`model_from_config` expects a dictionary, not a list. '
                        'Maybe you meant to use `Sequential.from_config(config)`?')
    check_lambda_allowed(config, safe_mode)
    from ..layers import deserialize
    with safe_mode_scope(safe_mode):
        return deserialize(config, custom_objects=custom_objects)


def _yaml_safe_loader():
    """A YAML SafeLoader that also reads the `!!python/tuple` tags written
    by `yaml.dump` (Keras 2.2.4's `to_yaml`), and nothing else."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def construct_tuple(loader, node):
        return tuple(loader.construct_sequence(node))

    Loader.add_constructor(u'tag:yaml.org,2002:python/tuple', construct_tuple)
    return Loader


def model_from_yaml(yaml_string, custom_objects=None, safe_mode=True):
    """Builds a model from the YAML string of `model.to_yaml()`.

    The YAML is read with a safe loader (plain data and tuples only).

    # Arguments
        yaml_string: the YAML text.
        custom_objects: dict mapping names to custom classes or functions.
        safe_mode: as `model_from_config`.

    # Returns
        A model instance.
    """
    import yaml
    config = yaml.load(yaml_string, Loader=_yaml_safe_loader())
    return model_from_config(config, custom_objects=custom_objects,
                             safe_mode=safe_mode)


def model_from_json(json_string, custom_objects=None, safe_mode=True):
    """Builds a model from the JSON string of `model.to_json()`.

    # Arguments
        json_string: the JSON text.
        custom_objects: dict mapping names to custom classes or functions.
        safe_mode: as `model_from_config`.

    # Returns
        A model instance.
    """
    config = json.loads(as_text(json_string))
    return model_from_config(config, custom_objects=custom_objects,
                             safe_mode=safe_mode)
