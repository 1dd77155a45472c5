"""Differential learning rates: the one home of the multiplier logic.

A learning-rate multiplier scales the optimizer's step for one weight
(Caffe's ``lr_mult``): the weight moves with ``lr_t * m`` where ``lr_t`` is the
learning rate after decay.  ``0`` freezes the weight, ``1`` is the same as no
multiplier.

Where the names come from: the seed article of this project (a Chinese blog
post, "Differential learning rate: implementing and using it in Keras",
summarised in ``shared/seed/README.md``) patched Keras 2 at five places, and
its names are kept so that scripts written for it run unchanged: the "W/b
arguments" ``W_learning_rate_multiplier`` / ``b_learning_rate_multiplier``
of ``Dense`` and ``_Conv`` (Keras 1 called the kernel ``W`` and the bias
``b``), the attribute ``layer.multipliers``, ``Model.multipliers``,
``Optimizer.get_updates(loss, params, multipliers)`` (here with
``multipliers=None``, so that old optimizers keep working), and
``Model._make_train_function`` passing ``multipliers=self.multipliers``.
The ``learning_rate_multipliers`` argument of every layer and
``Model.set_learning_rate_multipliers`` are this project's own.

Layers, models and optimizers do not re-implement any of this; they call the
functions below (imported everywhere as ``multipliers_lib``):

- layers (``engine/base_layer.py``): ``layer_spec`` (the
  ``learning_rate_multipliers`` argument, with the W/b arguments folded in,
  once, in ``Layer.__init__``), ``wb_config`` (the W/b entries of
  ``get_config``), ``resolve_layer`` (``layer.multipliers``),
  ``check_layer`` (after ``build()``); ``describe`` (``summary()``'s column);
- models: ``merge`` (``Model.multipliers``), ``apply_rules``
  (``Model.set_learning_rate_multipliers``), ``signature`` (when to rebuild the
  train function), ``check_optimizer`` (old-style optimizers);
- optimizers: ``split_params`` (which weights train and with what
  multiplier) and ``scale`` (``lr * multiplier``);
- values: ``check_value`` and ``normalize_spec`` (used by all of the above).

Fine-tuning helpers: ``geometric_spread``, ``spread_rules``, ``group_rules``.
The fine-tuning callbacks ``MultiplierScheduler`` / ``GradualUnfreezing`` live
in ``keras.callbacks`` (also importable from here). This module imports no
other module of the package (the callbacks are loaded on first access), so
every module may import it.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import fnmatch
import inspect
import math
import numbers
import warnings

import six

from collections.abc import Mapping

# The constructor argument of every weighted layer.
SPEC_ARGUMENT = 'learning_rate_multipliers'


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

def check_value(value, layer_name, argument):
    """Validates one multiplier and returns it as a Python float.

    # Arguments
        value: the multiplier: a real number >= 0 (int or float, not bool).
        layer_name: name of the layer it is given to (for the error message).
        argument: name of the argument or weight it was given as.

    # Returns
        The multiplier as a float.

    # Raises
        TypeError: for bools, strings, lists and any other non-number.
        ValueError: for NaN, infinity and negative numbers.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            'Layer %r: %s must be a real number >= 0 (int or float), '
            'got %r of type %s.' % (layer_name, argument, value,
                                    type(value).__name__))
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        raise ValueError('Layer %r: %s must be a finite number >= 0, got %r.'
                         % (layer_name, argument, value))
    if value < 0:
        raise ValueError('Layer %r: %s must be >= 0 (0 freezes the weight), '
                         'got %r.' % (layer_name, argument, value))
    return value


def normalize_spec(spec, layer_name, argument=SPEC_ARGUMENT):
    """Validates a layer's ``learning_rate_multipliers`` argument.

    # Arguments
        spec: ``None``, a number (all the layer's trainable weights), or a
            dict from weight attribute name (``'kernel'``, ``'bias'``,
            ``'gamma'``, ...) to a number; the key ``'*'`` gives the
            multiplier of the weights the dict does not name.
        layer_name: name of the layer, for error messages.
        argument: name of the argument, for error messages.

    # Returns
        ``None``, a float, or a new dict {str: float}.

    # Raises
        TypeError / ValueError: on invalid values or keys.
    """
    if spec is None:
        return None
    if isinstance(spec, Mapping):
        out = collections.OrderedDict()
        for key in spec:
            if not isinstance(key, six.string_types):
                raise TypeError('Layer %r: the keys of %s must be weight names '
                                '(strings such as "kernel" or "bias"), got %r.'
                                % (layer_name, argument, key))
            out[str(key)] = check_value(spec[key], layer_name,
                                        '%s[%r]' % (argument, str(key)))
        return dict(out)
    return check_value(spec, layer_name, argument)


# ---------------------------------------------------------------------------
# The W/b arguments (W_learning_rate_multiplier, b_learning_rate_multiplier)
# ---------------------------------------------------------------------------

WB_ARGUMENTS = ('W_learning_rate_multiplier', 'b_learning_rate_multiplier')


def wb_values(spec, kernel_names, bias_names):
    """The ``(W_learning_rate_multiplier, b_learning_rate_multiplier)`` that
    a normalized spec implies (``None`` where it gives none, or where the
    weights of one group get different values).

    # Arguments
        spec: a normalized spec (``None``, a float or a dict).
        kernel_names: the weights ``W_learning_rate_multiplier`` applies to.
        bias_names: the weights ``b_learning_rate_multiplier`` applies to
            (empty for a layer without bias).

    # Returns
        A pair of floats or ``None``.
    """
    def pick(names):
        if spec is None:
            return None
        if isinstance(spec, float):
            return spec
        values = [spec.get(n, spec.get('*')) for n in names]
        return values[0] if values and all(v == values[0] for v in values) else None
    return pick(kernel_names), pick(bias_names)


def layer_spec(layer, spec, W_multiplier=None, b_multiplier=None,
               wb_names=None):
    """The spec a layer stores at construction (``Layer.__init__``): its
    ``learning_rate_multipliers`` argument, with the W/b arguments folded in.

    ``W_learning_rate_multiplier`` applies to every weight named in the
    kernel names (for separable convolutions: the depthwise and the
    pointwise kernel), ``b_learning_rate_multiplier`` to the bias names. A
    number given as ``learning_rate_multipliers`` stays the multiplier of
    the other weights (key ``'*'``). When the W/b arguments are what
    ``learning_rate_multipliers`` implies anyway (a config written by
    ``get_config`` holds both), the spec is kept as given, so that a config
    round trip is the identity. A ``b_learning_rate_multiplier`` on a layer
    without bias warns and is ignored (scripts written for the original
    patch pass both arguments to every layer).

    # Arguments
        layer: the layer being constructed (its ``name`` is set).
        spec: the ``learning_rate_multipliers`` argument, or None.
        W_multiplier: ``W_learning_rate_multiplier``, or None.
        b_multiplier: ``b_learning_rate_multiplier``, or None.
        wb_names: ``(kernel names, bias names)``, the weights the W/b
            arguments apply to (bias names empty for a layer without bias);
            None for a layer that does not take the W/b arguments.

    # Returns
        The normalized spec: ``None``, a float or a dict.

    # Raises
        TypeError / ValueError: for invalid multipliers (naming the layer
            and the argument), or when the W/b arguments disagree with
            ``learning_rate_multipliers``.
    """
    spec = normalize_spec(spec, layer.name)
    if wb_names is None or (W_multiplier is None and b_multiplier is None):
        return spec
    kernel_names, bias_names = wb_names
    extra = []
    for argument, value, names in ((WB_ARGUMENTS[0], W_multiplier, kernel_names),
                                   (WB_ARGUMENTS[1], b_multiplier, bias_names)):
        if value is not None:
            value = check_value(value, layer.name, argument)
            extra.extend((name, argument, value) for name in names)
    implied = wb_values(spec, kernel_names, bias_names)
    if b_multiplier is not None and not bias_names and implied[1] != b_multiplier:
        warnings.warn('Layer %r (%s) has no bias weight (%s=False), so its '
                      'b_learning_rate_multiplier=%r is ignored.'
                      % (layer.name, type(layer).__name__,
                         getattr(layer, '_wb_bias_flag', 'use_bias'),
                         b_multiplier))
    if not extra or implied == (W_multiplier, b_multiplier):
        return spec
    if spec is None:
        combined = {}
    elif isinstance(spec, float):
        combined = {'*': spec}
    else:
        combined = dict(spec)
    for name, argument, value in extra:
        if name in combined and combined[name] != value:
            raise ValueError(
                'Layer %r: %s=%r disagrees with learning_rate_multipliers, '
                'which gives %r to weight %r. Give the multiplier once.'
                % (layer.name, argument, value, combined[name], name))
        combined[name] = value
    return combined


def wb_config(layer):
    """``{'W_learning_rate_multiplier': ..., 'b_learning_rate_multiplier':
    ...}`` of a layer that takes the W/b arguments, for ``get_config`` (0 is
    kept; None when unset)."""
    kernel_names, bias_names = layer._wb_names
    return dict(zip(WB_ARGUMENTS, wb_values(layer._learning_rate_multipliers,
                                            kernel_names, bias_names)))


# ---------------------------------------------------------------------------
# Layers
# ---------------------------------------------------------------------------

def named_weights(layer):
    """{attribute name: [variables]} of the trainable weights a multiplier can
    reach in ``layer``: the ones it created with ``add_weight`` (recorded in
    ``layer._multiplier_weights``) and those of its sub-layers
    (``layer._multiplier_sublayers()``: an RNN's cell, a wrapper's layer)."""
    out = collections.OrderedDict()
    for name, weight in getattr(layer, '_multiplier_weights', ()):
        out.setdefault(name, []).append(weight)
    for sub in _sublayers(layer):
        for name, weights in named_weights(sub).items():
            out.setdefault(name, []).extend(weights)
    return out


def _sublayers(layer):
    getter = getattr(layer, '_multiplier_sublayers', None)
    return list(getter()) if getter is not None else []


def _spec_of(layer):
    return getattr(layer, '_learning_rate_multipliers', None)


def resolve_layer(layer):
    """``layer.multipliers`` (the seed article's attribute): {weight variable: multiplier} for
    the weights of a built layer that have a multiplier.

    # Raises
        ValueError: if the spec names a weight the layer does not have (the
            message lists the valid names), or if a sub-layer and its parent
            give one weight two different multipliers.
    """
    result = {}
    owners = {}
    for sub in _sublayers(layer):
        for weight, value in resolve_layer(sub).items():
            result[weight] = value
            owners[weight] = sub.name
    spec = _spec_of(layer)
    if spec is None:
        return result
    candidates = named_weights(layer)
    if isinstance(spec, float):
        assignments = [(w, spec) for ws in candidates.values() for w in ws]
    else:
        unknown = [k for k in spec if k != '*' and k not in candidates]
        if unknown:
            raise ValueError(
                'Layer %r (%s) has no trainable weight named %s for '
                'learning_rate_multipliers. Valid names: %s.'
                % (layer.name, type(layer).__name__,
                   ', '.join(repr(k) for k in unknown),
                   ', '.join(repr(k) for k in candidates) or '(none: the '
                   'layer has no trainable weights)'))
        assignments = []
        for name, weights in candidates.items():
            value = spec.get(name, spec.get('*'))
            if value is not None:
                assignments.extend((w, value) for w in weights)
    for weight, value in assignments:
        if weight in result and result[weight] != value:
            raise ValueError(
                'Weight %r gets learning-rate multiplier %r from layer %r and '
                '%r from layer %r.' % (weight.name, result[weight], owners[weight],
                                       value, layer.name))
        result[weight] = value
    return result


def check_layer(layer):
    """Called by ``Layer.__call__`` right after ``build()``: raises the errors
    of ``resolve_layer`` (unknown weight names) at build time."""
    if _spec_of(layer) is not None or _sublayers(layer):
        resolve_layer(layer)


def describe(layer):
    """A short text for ``summary()``'s learning-rate-multiplier column."""
    spec = _spec_of(layer)
    parts = []
    if isinstance(spec, float):
        parts.append('%g' % spec)
    elif spec:
        parts.extend('%s:%g' % (k, v) for k, v in sorted(spec.items()))
    for sub in _sublayers(layer):
        text = describe(sub)
        if text:
            parts.append(text)
    return ' '.join(parts)


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------

def merge(layers):
    """``Model.multipliers``: the layers' ``multipliers`` dicts merged (nested
    models contribute theirs).

    # Raises
        ValueError: when one weight gets two different multipliers, naming the
            weight and both layers.
    """
    result = {}
    owners = {}
    for layer in layers:
        for weight, value in layer.multipliers.items():
            if weight in result and result[weight] != value:
                raise ValueError(
                    'Weight %r has two learning-rate multipliers: %r from layer '
                    '%r and %r from layer %r.' % (weight.name, result[weight],
                                                  owners[weight], value, layer.name))
            result[weight] = value
            owners.setdefault(weight, layer.name)
    return result


def leaf_layers(model, prefix=''):
    """(path, layer) for the layers of ``model``, descending into nested
    models; ``path`` is ``'outer/inner'`` for a layer of a nested model."""
    for layer in model.layers:
        path = prefix + layer.name
        if hasattr(layer, 'layers') and hasattr(layer, '_is_graph_network'):
            for item in leaf_layers(layer, path + '/'):
                yield item
        else:
            yield path, layer


def _matches(pattern, path, layer):
    """Whether a rule pattern selects the leaf layer at ``path``: by its name,
    its path, or the path of a nested model containing it."""
    if fnmatch.fnmatchcase(layer.name, pattern) or fnmatch.fnmatchcase(path, pattern):
        return True
    parts = path.split('/')[:-1]
    return any(fnmatch.fnmatchcase('/'.join(parts[:i + 1]), pattern)
               for i in range(len(parts)))


_RULES_ACCEPTED = (
    'a number (given to every layer), a dict or OrderedDict {glob pattern on '
    'layer names: number or {weight name: number}}, a list of (pattern, '
    'value) pairs, or a callable layer -> number | dict | None')


def apply_rules(model, rules):
    """``Model.set_learning_rate_multipliers``.

    # Arguments
        model: a built model.
        rules: a number: the multiplier of every weight of every layer (as
            the layer argument ``learning_rate_multipliers=number``, nested
            models included). Or an ordered dict (or list of pairs) {glob
            pattern on layer names: number or per-weight dict}; for each
            layer the first matching pattern wins (patterns are matched
            against the layer's name and, inside nested models, against
            ``'outer/inner'``; a pattern matching a nested model's name,
            e.g. ``'resnet50'``, applies to every layer inside it).
            Or a callable ``layer -> number | dict | None`` (``None`` leaves the
            layer as it is). Layers no rule matches keep their multipliers.

    # Raises
        TypeError: for ``rules`` of any other type (None, a string, a list
            of anything but pairs...), naming what is accepted.
        ValueError: for a pattern that matches no layer, for invalid values,
            or for weight names a matched layer does not have (nothing is
            changed then).
    """
    layers = list(leaf_layers(model))
    new_specs = []
    if isinstance(rules, numbers.Number):
        value = check_value(rules, model.name, 'set_learning_rate_multipliers(rules)')
        new_specs = [(layer, value) for _, layer in layers]
    elif callable(rules) and not isinstance(rules, Mapping):
        for path, layer in layers:
            value = rules(layer)
            if value is not None:
                new_specs.append((layer, normalize_spec(value, layer.name)))
    elif isinstance(rules, (Mapping, list, tuple)):
        items = list(rules.items()) if isinstance(rules, Mapping) else list(rules)
        for item in items:
            if not (isinstance(item, (tuple, list)) and len(item) == 2
                    and isinstance(item[0], six.string_types)):
                raise TypeError('set_learning_rate_multipliers: rules must map glob '
                                'patterns (strings) to multipliers, got %r. '
                                'Accepted: %s.' % (item, _RULES_ACCEPTED))
        used = set()
        for path, layer in layers:
            for index, (pattern, value) in enumerate(items):
                if _matches(pattern, path, layer):
                    used.add(index)
                    new_specs.append((layer, normalize_spec(value, layer.name)))
                    break
        unmatched = [items[i][0] for i in range(len(items)) if i not in used]
        if unmatched:
            matched_elsewhere = [p for p in unmatched
                                 if any(_matches(p, path, l) for path, l in layers)]
            if matched_elsewhere:
                raise ValueError(
                    'set_learning_rate_multipliers: pattern(s) %s only match layers '
                    'already matched by an earlier pattern (the first match wins).'
                    % ', '.join(repr(p) for p in matched_elsewhere))
            raise ValueError(
                'set_learning_rate_multipliers: pattern(s) %s match no layer of '
                'model %r. Layer names: %s.'
                % (', '.join(repr(p) for p in unmatched), model.name,
                   ', '.join(path for path, _ in layers)))
    else:
        raise TypeError('set_learning_rate_multipliers: rules must be %s; got %r '
                        '(of type %s).' % (_RULES_ACCEPTED, rules,
                                           type(rules).__name__))
    # Check everything before changing anything.
    old = [(layer, _spec_of(layer)) for layer, _ in new_specs]
    try:
        for layer, spec in new_specs:
            layer._learning_rate_multipliers = spec
            if getattr(layer, 'built', False):
                resolve_layer(layer)
    except (TypeError, ValueError):
        for layer, spec in old:
            layer._learning_rate_multipliers = spec
        raise
    return model


def signature(weights, multipliers):
    """What the train function depends on: the trainable weights and their
    multipliers. ``Model._make_train_function`` rebuilds when it changes."""
    return tuple((id(w), multipliers.get(w)) for w in weights)


def accepts_multipliers(optimizer):
    """Whether ``optimizer.get_updates`` applies learning-rate multipliers.

    True when its ``get_updates`` has a ``multipliers`` parameter, or when it
    takes ``**kwargs`` and the class that defines that ``get_updates`` sets
    ``applies_multipliers = True`` (it states that it applies the
    ``multipliers`` keyword it receives). A ``**kwargs`` method without that
    statement is not trusted with them: it could drop them silently.
    """
    try:
        params = inspect.signature(optimizer.get_updates).parameters
    except (TypeError, ValueError):
        return False
    if 'multipliers' in params:
        return True
    if not any(p.kind == p.VAR_KEYWORD for p in params.values()):
        return False
    for klass in type(optimizer).__mro__:
        if 'get_updates' in vars(klass):
            return vars(klass).get('applies_multipliers', False) is True
    return False


def check_optimizer(optimizer, multipliers):
    """For ``Model._make_train_function``: whether to pass ``multipliers``.

    # Arguments
        optimizer: the model's optimizer.
        multipliers: the model's multipliers, {weight: multiplier}.

    # Returns
        True when ``multipliers`` should be passed to ``get_updates``; False
        for an optimizer that does not apply them (see
        ``accepts_multipliers``) on a model whose multipliers are all 1 (or
        absent).

    # Raises
        ValueError: such an optimizer and a multiplier other than 1.
    """
    if accepts_multipliers(optimizer):
        return True
    special = sorted(set(w.name for w, m in (multipliers or {}).items() if m != 1.0))
    if special:
        raise ValueError(
            'Optimizer %s has a get_updates without a `multipliers` argument, '
            'so it cannot apply the learning-rate multipliers set on weights '
            '%s. Use a keras.optimizers optimizer, add a `multipliers=None` '
            'argument to its get_updates and apply them, or, if its '
            'get_updates(..., **kwargs) does apply the `multipliers` keyword, '
            'set `applies_multipliers = True` on the class that defines it; '
            'or remove the multipliers.'
            % (type(optimizer).__name__, ', '.join(special[:10])))
    return False


# ---------------------------------------------------------------------------
# Optimizers
# ---------------------------------------------------------------------------

def split_params(params, multipliers):
    """For ``Optimizer.get_updates``: the weights to train and their multipliers.

    Weights whose multiplier is exactly 0 are left out (no gradient, slot,
    update or constraint). Lookup is by weight identity.

    # Returns
        ``(params, mults)``: the weights to train, and for each its multiplier
        as a float, or ``None`` when it has none (or 1: the same step).
    """
    multipliers = multipliers or {}
    kept, mults = [], []
    for p in params:
        m = multipliers.get(p)
        if m is not None:
            m = check_value(m, getattr(p, 'name', '?'), 'multiplier')
        if m == 0.0:
            continue
        kept.append(p)
        mults.append(None if m is None or m == 1.0 else m)
    return kept, mults


def scale(lr, multiplier):
    """``lr * multiplier``, with the multiplier a graph constant (no variable
    read); ``lr`` itself when there is no multiplier."""
    return lr if multiplier is None else lr * multiplier


# ---------------------------------------------------------------------------
# Fine-tuning helpers
# ---------------------------------------------------------------------------

def geometric_spread(low, high, n):
    """Multipliers for ``n`` ordered layer groups, spread geometrically from
    ``low`` (first group) to ``high`` (last), as fastai's ``slice(low, high)``:
    group ``i`` gets ``low * (high / low) ** (i / (n - 1))``.

    # Raises
        ValueError: if ``n < 1`` or the bounds are not positive numbers.
    """
    low = check_value(low, 'geometric_spread', 'low')
    high = check_value(high, 'geometric_spread', 'high')
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise ValueError('geometric_spread: n must be an integer >= 1, got %r.' % (n,))
    if low == 0 or high == 0:
        raise ValueError('geometric_spread: low and high must be > 0 '
                         '(got low=%r, high=%r); freeze with a rule of 0 instead.'
                         % (low, high))
    if n == 1:
        return [high]
    return [low * (high / low) ** (i / float(n - 1)) for i in range(n)]


def spread_rules(groups, low, high):
    """Rules for ``set_learning_rate_multipliers`` giving each group of layer
    patterns its share of a geometric spread.

    # Arguments
        groups: ordered list (first = closest to the input) of groups; a
            group is one glob pattern or a list of them.
        low, high: multipliers of the first and the last group.

    # Returns
        An ``OrderedDict`` {pattern: multiplier}.
    """
    return group_rules(groups, geometric_spread(low, high, len(groups)))


def group_rules(groups, values):
    """Rules for ``set_learning_rate_multipliers`` giving group ``i`` of
    layer patterns the multiplier ``values[i]``.

    # Arguments
        groups: ordered list of groups; a group is one glob pattern or a
            list of them.
        values: one multiplier (or per-weight dict) per group.

    # Returns
        An ``OrderedDict`` {pattern: value}.
    """
    rules = collections.OrderedDict()
    for group, value in zip(groups, values):
        patterns = [group] if isinstance(group, six.string_types) else list(group)
        for pattern in patterns:
            rules[pattern] = value
    return rules


# The fine-tuning callbacks live in keras/callbacks.py; they stay importable
# from here (`keras.multipliers.GradualUnfreezing`), loaded on first access
# (PEP 562) so that this module imports nothing that imports the engine.
_CALLBACKS = ('MultiplierScheduler', 'GradualUnfreezing')


def __getattr__(name):
    if name in _CALLBACKS:
        from . import callbacks
        return getattr(callbacks, name)
    raise AttributeError('module %r has no attribute %r' % (__name__, name))


def __dir__():
    return sorted(list(globals()) + list(_CALLBACKS))


# ---------------------------------------------------------------------------
# Layer-wise learning-rate decay by depth, and the rates weights step with
# ---------------------------------------------------------------------------

def _is_network(layer):
    return hasattr(layer, 'layers') and hasattr(layer, '_is_graph_network')


def _propagate_depths(network, output_values, depths):
    """Walks ``network`` from its outputs to its inputs, recording in
    ``depths`` ({id(leaf layer): depth}) the largest number of weighted leaf
    layers found between each leaf layer and an output.

    # Arguments
        network: a graph network (functional or Sequential model).
        output_values: for each of its outputs, the number of weighted layers
            after it (0 for the outputs of the outermost model).
        depths: the dict to update.

    # Returns
        For each of the network's inputs, the number of weighted layers
        after it (None for an input no output depends on).

    # Raises
        ValueError: for a model that is not a built graph network.
    """
    if not getattr(network, '_is_graph_network', False) or \
            getattr(network, '_nodes_by_depth', None) is None or \
            not getattr(network, 'outputs', None):
        raise ValueError(
            'layer_decay: model %r is not a built functional or Sequential '
            'model, so its depth is undefined. Build it first (give the first '
            'layer an input_shape, or call the model on an input); subclassed '
            'models are not supported.' % (network.name,))
    after = {}

    def reach(tensor, value):
        if after.get(id(tensor), -1) < value:
            after[id(tensor)] = value

    for tensor, value in zip(network.outputs, output_values):
        if value is not None:
            reach(tensor, value)
    # Depth 0 holds the nodes that produce the outputs; every consumer of a
    # node's outputs sits at a smaller depth, so it is done before the node.
    for level in sorted(network._nodes_by_depth):
        for node in network._nodes_by_depth[level]:
            if not node.inbound_layers:
                continue  # an InputLayer
            values = [after.get(id(t)) for t in node.output_tensors]
            known = [v for v in values if v is not None]
            if not known:
                continue
            layer = node.outbound_layer
            if _is_network(layer):
                input_values = _propagate_depths(layer, values, depths)
            else:
                depth = max(known)
                if layer.trainable_weights:
                    depths[id(layer)] = max(depths.get(id(layer), 0), depth)
                    depth += 1
                input_values = [depth] * len(node.input_tensors)
            for tensor, value in zip(node.input_tensors, input_values):
                if value is not None:
                    reach(tensor, value)
    return [after.get(id(t)) for t in network.inputs]


def layer_decay(model, decay=0.75):
    """Layer-wise learning-rate decay (BEiT, timm's ``layer_decay``): rules
    giving each layer the multiplier ``decay ** depth``, the head keeping 1.

    The depth of a layer is the largest number of *weighted* layers (layers
    with trainable weights) on a path from its output to an output of the
    model. The layers no weighted layer follows (the head; one per output
    branch) have depth 0 and multiplier 1; a layer whose outputs reach the
    head through ``k`` weighted layers on the longest path has depth ``k``.
    Layers without trainable weights (activations, pooling, dropout,
    merges) are walked through and not counted. Nested models count by
    their leaf layers, as if their graph were inlined. A layer called
    several times takes its largest depth.

    # Arguments
        model: a built functional or Sequential model (nested models inside
            it are fine).
        decay: the factor per level of depth, a number >= 0 (typically
            0.65 to 0.9; 1 changes nothing, 0 freezes everything but the
            head).

    # Returns
        An ``OrderedDict`` {layer name: multiplier} with one entry per layer
        that has trainable weights, input side first (the order of
        ``model.layers``, nested models expanded in place). A layer of a
        nested model is named ``'outer/inner'``, as
        ``model.set_learning_rate_multipliers`` matches it. Edit it if you
        like and pass it to ``model.set_learning_rate_multipliers``.

    # Raises
        TypeError / ValueError: for an invalid ``decay``.
        ValueError: for a model that is not built, or is subclassed.

    # Example

    ```python
        rules = keras.multipliers.layer_decay(model, decay=0.75)
        # e.g. OrderedDict([('conv_1', 0.42), ('conv_2', 0.56),
        #                   ('dense_1', 0.75), ('head', 1.0)])
        model.set_learning_rate_multipliers(rules)
    ```
    """
    decay = check_value(decay, 'layer_decay', 'decay')
    depths = {}
    _propagate_depths(model, [0] * len(model.outputs or ()), depths)
    rules = collections.OrderedDict()
    for path, layer in leaf_layers(model):
        if id(layer) in depths:
            rules[path] = decay ** depths[id(layer)]
    return rules


def effective_learning_rates(weights, multipliers, lr, decay=0., step=0):
    """The learning rate each weight steps with, from values (no graph): the
    base rate after the optimizer's time decay, times the weight's
    multiplier. No bias correction (Adam's ``sqrt(1 - beta_2**t) /
    (1 - beta_1**t)``) is included.

    # Arguments
        weights: the trainable weights (variables), in the order wanted.
        multipliers: {weight variable: multiplier} (``model.multipliers``);
            a weight not in it has multiplier 1.
        lr: the base learning rate (the value of ``optimizer.lr``, as a
            schedule set it).
        decay: the optimizer's time decay (0 when it has none).
        step: the 0-based index of the training step (``iterations``
            before the step).

    # Returns
        An ``OrderedDict`` {weight name: ``lr / (1 + decay * step) * m``};
        0 for a weight frozen by a multiplier of 0.
    """
    rate = float(lr) / (1. + float(decay) * float(step))
    rates = collections.OrderedDict()
    for weight in weights:
        multiplier = multipliers.get(weight)
        rates[weight.name] = rate * (1. if multiplier is None else float(multiplier))
    return rates
