"""Optimizer state in model files, keyed by weight.

Keras 2.2.4 wrote the optimizer's variables (group `optimizer_weights`)
and matched them back by position. Weights frozen by a learning-rate
multiplier of 0 have no slots, so positions alone are ambiguous here: the
variables are still written in 2.2.4's order (`iterations`, then slot kind
by slot kind over the trained weights), and attribute `weight_keys` (JSON)
says which model weight (layer name, index in `layer.weights`) and which
slot each one is, so that a load matches them by weight identity. Files
without `weight_keys` (written by Keras 2.2.4) are matched by position.

Imports the backend, `utils.io_utils` and the read helpers of
`saving_weights`.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import json
import warnings

import numpy as np

from .. import backend as K
from ..utils.io_utils import as_text
from .saving_weights import _decode_json
from .saving_weights import _read
from .saving_weights import unique_names


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


def save_optimizer_weights(model, f):
    """Writes the state of `model.optimizer` into group `optimizer_weights`
    of `f` (nothing for an optimizer without state).

    # Arguments
        model: the compiled model.
        f: the `H5Dict` of the model file.
    """
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
    names = unique_names(names)
    values = K.batch_get_value(variables)
    group = f['optimizer_weights']
    group['weight_names'] = [n.encode('utf8') for n in names]
    if keys is not None:
        group['weight_keys'] = json.dumps(keys).encode('utf8')
    for name, value in zip(names, values):
        group[name] = np.asarray(value)


def read_optimizer_weights(f, source):
    """Reads group `optimizer_weights` of a model file.

    # Arguments
        f: the read-only `H5Dict` of the model file.
        source: a description of the file, for errors.

    # Returns
        `(names, keys or None, values)`.

    # Raises
        IOError: for a truncated or corrupt group.
    """
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


def optimizer_assignment(model, names, keys, values, source):
    """Matches the saved optimizer state to the model's optimizer.

    # Arguments
        model: the compiled model (its train function made).
        names: the saved optimizer weight names (first item returned by
            `read_optimizer_weights`).
        keys: the saved weight-and-slot keys, one per value, or None for a
            file that stores the state by position (Keras 2.2.4's layout).
        values: the saved arrays.
        source: a description of the file, for errors.

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
