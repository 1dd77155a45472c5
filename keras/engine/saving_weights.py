"""HDF5 weight I/O: writing and reading the weights of a list of layers in
Keras 2.2.4's layout (`save_weights_to_hdf5_group`,
`load_weights_from_hdf5_group`, `load_weights_from_hdf5_group_by_name`),
and opening HDF5 files, groups and file-like objects for the saving code
(`open_for_reading`, `write_hdf5`, with clear errors for missing,
truncated, corrupt and non-HDF5 files).

Every load reads and checks the whole group before any weight of the model
is assigned. Weights saved in older layouts are converted by
`saving_legacy.preprocess_weights_for_loading`; writes to a path go through
`saving_atomic.write_atomically`.

Imports the backend, `utils.io_utils`, `saving_legacy` and `saving_atomic`.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import contextlib
import json
import os
import warnings

import numpy as np
import six

from .. import backend as K
from ..utils.io_utils import H5Dict
from ..utils.io_utils import _is_h5_group
from ..utils.io_utils import _require_h5py
from ..utils.io_utils import as_text
from ..utils.io_utils import ask_to_proceed_with_overwrite
from .saving_atomic import write_atomically
from .saving_legacy import preprocess_weights_for_loading

try:
    import h5py
except ImportError:  # pragma: no cover
    h5py = None


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


def unique_names(names):
    """Makes names unique (HDF5 dataset names in a group must differ).

    # Arguments
        names: list of str.

    # Returns
        `names`, with each repeat given a suffix `_1`, `_2`, ...
    """
    seen = set()
    out = []
    for name in names:
        base, k = name, 1
        while name in seen:
            name = '%s_%d' % (base, k)
            k += 1
        seen.add(name)
        out.append(name)
    return out


def _layer_weight_names(layer):
    """Names under which `layer`'s weights are stored (unique in the
    layer's group)."""
    return unique_names([str(getattr(w, 'name', None) or 'param_%d' % i)
                         for i, w in enumerate(layer.weights)])


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
    """`[(variable, value)]` for the layers whose names match a saved layer.
    Mismatches raise (Keras 2.2.4's messages: `Layer #k` is the saved
    layer's position in the file) or, with `skip_mismatch`, warn; when no
    layer with weights matches, a warning names the layers of both sides."""
    index = {}
    for layer in layers:
        if layer.name:
            index.setdefault(layer.name, []).append(layer)
    pairs = []
    matched = False
    for k, entry in enumerate(saved):
        for layer in index.get(entry.name, []):
            symbolic = layer.weights
            matched = matched or bool(symbolic and entry.values)
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
                    'Layer #%d (named "%s") expects %d weight(s), but the '
                    'saved weights have %d element(s).'
                    % (k, layer.name, len(symbolic), len(values)))
            mismatch = [(w, v) for w, v in zip(symbolic, values)
                        if tuple(K.int_shape(w)) != tuple(v.shape)]
            if mismatch:
                w, v = mismatch[0]
                if skip_mismatch:
                    warnings.warn('Skipping loading of weights for layer %r due '
                                  'to mismatch in shape (%s vs %s) of weight %r.'
                                  % (layer.name, tuple(K.int_shape(w)),
                                     tuple(v.shape), getattr(w, 'name', '?')))
                    continue
                raise ValueError(
                    'Layer #%d (named "%s"), weight %s has shape %s, but the '
                    'saved weight has shape %s.'
                    % (k, layer.name, w, tuple(K.int_shape(w)),
                       tuple(v.shape)))
            pairs.extend(zip(symbolic, values))
    saved_names = [entry.name for entry in saved if entry.values]
    if saved_names and not matched:
        warnings.warn(
            'load_weights(by_name=True) loaded nothing from %s: no layer with '
            'weights in the model has the name of a layer with weights in the '
            'file. Layers with weights in the file: %s. In the model: %s.'
            % (source, ', '.join(saved_names),
               ', '.join(l.name for l in layers if l.weights) or '(none)'))
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


def _is_path(filepath):
    return isinstance(filepath, six.string_types) or \
        hasattr(filepath, '__fspath__')


_ACCEPTED = ('a file path, an open h5py File or Group, or a binary file-like '
             'object (e.g. io.BytesIO)')


@contextlib.contextmanager
def open_for_reading(filepath, what):
    """Yields a read-only `H5Dict` over `filepath`, with clear errors for
    files that cannot be opened.

    # Arguments
        filepath: a path, an h5py `File`/`Group`, a binary file-like object
            or a dict (the in-memory layout of `pickle_model`).
        what: what is being loaded, for the error messages.

    # Raises
        TypeError: for another kind of `filepath`.
        IOError: for a missing file, or one that is not a readable HDF5
            file.
    """
    if _is_path(filepath):
        name = os.fspath(filepath)
        if not os.path.exists(name):
            raise IOError('Cannot load %s: no file %r.' % (what, name))
    elif not H5Dict.is_supported_type(filepath):
        raise TypeError('Cannot load %s from %r: expected %s.'
                        % (what, filepath, _ACCEPTED))
    else:
        name = filepath
    try:
        f = H5Dict(filepath, mode='r')
    except (OSError, RuntimeError, ValueError) as e:
        raise IOError('Cannot load %s from %r: it is not a readable HDF5 file '
                      '(truncated, corrupt, or another format): %s'
                      % (what, name, e))
    try:
        yield f
    finally:
        f.close()


def write_hdf5(filepath, fill, overwrite=True):
    """Writes an HDF5 file by calling `fill(h5dict)` on it.

    A path is written atomically (`saving_atomic.write_atomically`); an
    open h5py `File`/`Group` or a binary file-like object is written into
    directly (the caller's object is left open).

    # Arguments
        filepath: a path, an h5py `File`/`Group` or a binary file-like
            object.
        fill: function writing the content into the `H5Dict` it is given.
        overwrite: if False and the path exists, ask on the console first.

    # Raises
        ImportError: if h5py is not installed.
        TypeError: for another kind of `filepath`.
    """
    _require_h5py()
    if _is_path(filepath):
        path = os.fspath(filepath)
        if not overwrite and os.path.isfile(path) and \
                not ask_to_proceed_with_overwrite(path):
            return

        def write(tmp_path):
            with H5Dict(tmp_path, mode='w') as f:
                fill(f)
                f.flush()
        write_atomically(path, write)
        return
    if isinstance(filepath, dict) or not H5Dict.is_supported_type(filepath):
        raise TypeError('Cannot save to %r: expected %s.'
                        % (filepath, _ACCEPTED))
    f = H5Dict(filepath, mode='w')
    try:
        fill(f)
        f.flush()
    finally:
        f.close()
