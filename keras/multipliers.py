"""Differential learning rates: the one home of the multiplier logic.

A learning-rate multiplier scales the optimizer's step for one weight
(Caffe's ``lr_mult``): the weight moves with ``lr_t * m`` where ``lr_t`` is the
learning rate after decay.  ``0`` freezes the weight, ``1`` is the same as no
multiplier.

Layers, models and optimizers do not re-implement any of this; they call the
functions below:

- layers: ``normalize_spec`` (constructor argument ``learning_rate_multipliers``),
  ``combine_article_args`` / ``article_args`` (the ``W_learning_rate_multiplier``
  and ``b_learning_rate_multiplier`` arguments of ``Dense`` and ``_Conv``),
  ``resolve_layer`` (``layer.multipliers``), ``describe`` (``summary()``);
- models: ``merge`` (``Model.multipliers``), ``apply_rules``
  (``Model.set_learning_rate_multipliers``), ``signature`` (when to rebuild the
  train function), ``check_optimizer`` (old-style optimizers);
- optimizers: ``split_params`` (which weights train and with what multiplier).

Fine-tuning helpers: ``geometric_spread``, ``spread_rules`` and the
``MultiplierScheduler`` / ``GradualUnfreezing`` callbacks.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import fnmatch
import inspect
import math
import numbers

import six

from collections.abc import Mapping

from .callbacks import Callback

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


def combine_article_args(spec, W_multiplier, b_multiplier, layer_name,
                         kernel_names=('kernel',), bias_names=('bias',)):
    """Folds the article's ``W_/b_learning_rate_multiplier`` into one spec.

    ``W_learning_rate_multiplier`` applies to every weight named in
    ``kernel_names`` (for separable convolutions: the depthwise and the
    pointwise kernel), ``b_learning_rate_multiplier`` to ``bias_names``.
    A number given as ``learning_rate_multipliers`` stays the default of the
    other weights (key ``'*'``). When ``learning_rate_multipliers`` names one
    of those weights too, the values must agree (a config written by
    ``get_config`` holds both).

    # Returns
        The normalized spec (``None``, a float or a dict).

    # Raises
        ValueError: when the two ways of giving a multiplier disagree.
    """
    spec = normalize_spec(spec, layer_name)
    extra = []
    if W_multiplier is not None:
        value = check_value(W_multiplier, layer_name, 'W_learning_rate_multiplier')
        extra.extend((name, 'W_learning_rate_multiplier', value) for name in kernel_names)
    if b_multiplier is not None:
        value = check_value(b_multiplier, layer_name, 'b_learning_rate_multiplier')
        extra.extend((name, 'b_learning_rate_multiplier', value) for name in bias_names)
    if not extra:
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
                % (layer_name, argument, value, combined[name], name))
        combined[name] = value
    return combined


def article_args(spec, kernel_names=('kernel',), bias_names=('bias',)):
    """The ``(W_learning_rate_multiplier, b_learning_rate_multiplier)`` that a
    normalized spec implies, for ``get_config`` (``None`` where unset)."""
    def pick(names):
        if spec is None:
            return None
        if isinstance(spec, float):
            return spec
        values = [spec.get(n, spec.get('*')) for n in names]
        return values[0] if values and all(v == values[0] for v in values) else None
    return pick(kernel_names), pick(bias_names)


# ---------------------------------------------------------------------------
# Layers
# ---------------------------------------------------------------------------

def set_article_multipliers(layer, spec, W_multiplier, b_multiplier,
                             kernel_names=('kernel',), bias_names=('bias',)):
    """For `Dense`, `_Conv` and the other layers with the article's arguments:
    stores in `layer._learning_rate_multipliers` the spec made of the
    `learning_rate_multipliers` argument and the article's
    `W_learning_rate_multiplier` / `b_learning_rate_multiplier`.

    Called after `Layer.__init__` so that error messages name the layer.
    When the two ways agree (a config written by `get_config` holds both),
    the `learning_rate_multipliers` form is kept as it was given, so that a
    config round trip is the identity.

    # Arguments
        layer: the layer being constructed (its `name` is set).
        spec: the `learning_rate_multipliers` argument, or None.
        W_multiplier: `W_learning_rate_multiplier`, or None.
        b_multiplier: `b_learning_rate_multiplier`, or None.
        kernel_names: weights `W_learning_rate_multiplier` applies to.
        bias_names: weights `b_learning_rate_multiplier` applies to (empty
            for a layer without bias: the multiplier is checked, then
            ignored).

    # Raises
        TypeError / ValueError: for invalid multipliers (naming the layer
            and the argument), or when the two forms disagree.
    """
    combined = combine_article_args(
        spec, W_multiplier, b_multiplier, layer.name,
        kernel_names=kernel_names, bias_names=bias_names)
    if spec is not None:
        normalized = normalize_spec(spec, layer.name)
        implied = article_args(normalized, kernel_names, bias_names)
        if implied == (W_multiplier, b_multiplier):
            combined = normalized
    layer._learning_rate_multipliers = combined
    layer._multiplier_kernel_names = tuple(kernel_names)
    layer._multiplier_bias_names = tuple(bias_names)


def article_config(layer):
    """`{'W_learning_rate_multiplier': ..., 'b_learning_rate_multiplier': ...}`
    for `get_config` (0 is kept; None when unset)."""
    W, b = article_args(
        getattr(layer, '_learning_rate_multipliers', None),
        getattr(layer, '_multiplier_kernel_names', ('kernel',)),
        getattr(layer, '_multiplier_bias_names', ('bias',)))
    return {'W_learning_rate_multiplier': W,
            'b_learning_rate_multiplier': b}


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
    """The article's ``layer.multipliers``: {weight variable: multiplier} for
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


def apply_rules(model, rules):
    """``Model.set_learning_rate_multipliers``.

    # Arguments
        model: a built model.
        rules: an ordered dict (or list of pairs) {glob pattern on layer
            names: number or per-weight dict}; for each layer the first
            matching pattern wins (patterns are matched against the layer's
            name and, inside nested models, against ``'outer/inner'``; a
            pattern matching a nested model's name, e.g. ``'resnet50'``,
            applies to every layer inside it).
            Or a callable ``layer -> number | dict | None`` (``None`` leaves the
            layer as it is). Layers no rule matches keep their multipliers.

    # Raises
        ValueError: for a pattern that matches no layer, for invalid values,
            or for weight names a matched layer does not have (nothing is
            changed then).
    """
    layers = list(leaf_layers(model))
    new_specs = []
    if callable(rules) and not isinstance(rules, Mapping):
        for path, layer in layers:
            value = rules(layer)
            if value is not None:
                new_specs.append((layer, normalize_spec(value, layer.name)))
    else:
        items = list(rules.items()) if isinstance(rules, Mapping) else list(rules)
        for item in items:
            if not (isinstance(item, (tuple, list)) and len(item) == 2
                    and isinstance(item[0], six.string_types)):
                raise TypeError('set_learning_rate_multipliers: rules must map glob '
                                'patterns (strings) to multipliers, got %r.' % (item,))
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
    values = geometric_spread(low, high, len(groups))
    rules = collections.OrderedDict()
    for group, value in zip(groups, values):
        patterns = [group] if isinstance(group, six.string_types) else list(group)
        for pattern in patterns:
            rules[pattern] = value
    return rules


class MultiplierScheduler(Callback):
    """Changes learning-rate multipliers during ``fit``, at the start of epochs.

    The train function is rebuilt with the new multipliers; the optimizer
    state (moments, accumulators) of weights that were already training is
    kept.

    # Arguments
        schedule: a function ``(epoch, model) -> rules`` (rules as for
            ``Model.set_learning_rate_multipliers``; ``None`` or an empty dict
            changes nothing), or a dict {epoch: rules}.
        verbose: 1 prints a line when multipliers change.
    """

    def __init__(self, schedule, verbose=0):
        super(MultiplierScheduler, self).__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        if callable(self.schedule):
            rules = self.schedule(epoch, self.model)
        else:
            rules = self.schedule.get(epoch)
        if rules:
            self.model.set_learning_rate_multipliers(rules)
            if self.verbose:
                print('\nEpoch %05d: MultiplierScheduler set learning-rate '
                      'multipliers %r.' % (epoch + 1, rules))


class GradualUnfreezing(MultiplierScheduler):
    """ULMFiT's gradual unfreezing: start with every group frozen (multiplier 0)
    but the last, then unfreeze one more group, from the top, every
    ``epochs_per_stage`` epochs.

    # Arguments
        groups: ordered list of groups (first = closest to the input); a
            group is a glob pattern or a list of them.
        multipliers: the multiplier of each group once unfrozen: one number
            for all, or a list with one per group (e.g. ``geometric_spread``).
        epochs_per_stage: epochs between two unfreezing steps.
    """

    def __init__(self, groups, multipliers=1.0, epochs_per_stage=1, verbose=0):
        groups = list(groups)
        if isinstance(multipliers, (list, tuple)):
            if len(multipliers) != len(groups):
                raise ValueError('GradualUnfreezing: %d multipliers for %d groups.'
                                 % (len(multipliers), len(groups)))
            values = [check_value(m, 'GradualUnfreezing', 'multipliers') for m in multipliers]
        else:
            values = [check_value(multipliers, 'GradualUnfreezing', 'multipliers')] * len(groups)
        if not isinstance(epochs_per_stage, numbers.Integral) or epochs_per_stage < 1:
            raise ValueError('GradualUnfreezing: epochs_per_stage must be an integer '
                             '>= 1, got %r.' % (epochs_per_stage,))
        self.groups = groups
        self.values = values
        self.epochs_per_stage = epochs_per_stage
        super(GradualUnfreezing, self).__init__(self._rules, verbose=verbose)

    def _rules(self, epoch, model):
        if epoch % self.epochs_per_stage:
            return None
        unfrozen = min(len(self.groups), 1 + epoch // self.epochs_per_stage)
        rules = collections.OrderedDict()
        for i, group in enumerate(self.groups):
            value = self.values[i] if i >= len(self.groups) - unfrozen else 0.0
            patterns = [group] if isinstance(group, six.string_types) else list(group)
            for pattern in patterns:
                rules[pattern] = value
        return rules
