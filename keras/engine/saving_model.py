"""Whole models in HDF5 files: `save_model` / `load_model` (Keras 2.2.4's
layout, described in `keras.engine.saving`), and `pickle_model` /
`unpickle_model`, the same layout in a dict (used by `Model.__getstate__`
/ `__setstate__`).

A model file is read and checked whole (config, weights, optimizer state)
before the new model is returned.

Imports the backend, `optimizers`, `utils.io_utils` and the other saving
modules: `saving_weights` (weights and file access), `saving_optimizer`,
`saving_config`.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import json
import warnings

import six

from .. import backend as K
from .. import optimizers
from ..utils.io_utils import H5Dict
from ..utils.io_utils import _require_h5py
from .saving_config import get_json_type
from .saving_config import model_from_config
from .saving_optimizer import optimizer_assignment
from .saving_optimizer import read_optimizer_weights
from .saving_optimizer import save_optimizer_weights
from .saving_weights import _assign
from .saving_weights import _decode_json
from .saving_weights import _read
from .saving_weights import _read_weights
from .saving_weights import _source_name
from .saving_weights import _weight_pairs_by_order
from .saving_weights import open_for_reading
from .saving_weights import save_weights_to_hdf5_group
from .saving_weights import write_hdf5


def _serialize_model(model, f, include_optimizer=True):
    """Writes `model` (config, weights, training config and optimizer
    state) into `f`, an `H5Dict`.

    # Arguments
        model: the model to save.
        f: an `H5Dict` open for writing (an HDF5 file or group, or a dict).
        include_optimizer: whether the training config (optimizer, loss,
            metrics, ...) and the optimizer's state are written too; they are
            not when the model is not compiled, nor for a `TFOptimizer` (with
            a warning).
    """
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
    save_optimizer_weights(model, f)


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

    Everything is read and checked before the new model is returned.

    # Arguments
        f: an `H5Dict` open for reading.
        custom_objects: optional dict {name: class or function} of the
            user's layers, losses, metrics, optimizers, ... used in the file.
        compile: whether to compile the model with the saved training
            config and restore the optimizer's state (without a training
            config, a warning says the model was not compiled).
        safe_mode: when True, `Lambda` layers stored as Python bytecode are
            refused (loading them runs code from the file).
        source: description of the file used in error messages (default:
            taken from `f`).

    # Returns
        The model.

    # Raises
        ValueError: when `f` holds no model or a malformed config, or the
            weights or optimizer state do not match the model.
        IOError: when the weights group is missing (truncated file).
    """
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
        optimizer_state = read_optimizer_weights(f, source)

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
            ordered = optimizer_assignment(model, names, keys, values, source)
            _assign(pairs)
            pairs = []
            if ordered:
                model.optimizer.set_weights(ordered)
    _assign(pairs)
    return model


def save_model(model, filepath, overwrite=True, include_optimizer=True):
    """Saves a model to an HDF5 file: architecture, weights, training
    configuration and optimizer state (Keras 2.2.4's layout; see
    `keras.engine.saving`).

    A path is written atomically (`saving_atomic`): a crash or a kill
    during the save leaves any previous file unchanged; a write-protected
    file is refused, a symlink written through, permission bits kept.

    # Arguments
        model: the model.
        filepath: a path, an open h5py `File`/`Group` to write into, or a
            binary file-like object (e.g. `io.BytesIO`).
        overwrite: if False and the file exists, ask before overwriting.
        include_optimizer: also save the training configuration and the
            optimizer state.

    # Raises
        ImportError: if h5py is not installed.
        TypeError: for an unsupported `filepath`.
        PermissionError: naming `filepath`, when the file or its folder
            may not be written.
    """
    write_hdf5(filepath,
               lambda f: _serialize_model(model, f, include_optimizer),
               overwrite=overwrite)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved by `save_model` / `model.save`.

    # Arguments
        filepath: a path, an open h5py `File`/`Group`, or a binary
            file-like object (e.g. `io.BytesIO`).
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
    with open_for_reading(filepath, 'the model') as f:
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

