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

Two kinds of multiplier share all of this. ``MultiplierKind`` describes one
kind (its argument names, layer attribute and property, rules method, the
words of its messages, its default); ``LEARNING_RATE`` and ``DECAY`` are the
two instances (``KINDS`` holds both), and the functions below take the kind
as a ``kind=`` argument (learning rate by default). A weight-decay
multiplier (Caffe's ``decay_mult``: ``decay_multipliers=`` on every layer,
the W/b arguments ``W_decay_multiplier`` / ``b_decay_multiplier``,
``layer.decay_multipliers``, ``model.decay_multipliers``,
``Model.set_decay_multipliers``) scales the optimizer's ``weight_decay`` for
one weight. Unlike learning-rate multipliers, decay multipliers have
defaults, given by ``default_decay_multiplier``: 0 for biases and
normalization scales/offsets (``NO_DECAY_NAMES``), 1 for every other weight.

Layers, models and optimizers do not re-implement any of this; they call the
functions below (imported everywhere as ``multipliers_lib``):

- values: ``check_value`` (one number) and ``normalize_spec`` (a number or
  a dict {weight name: number}), used by all of the below;
- layers (``engine/base_layer.py``): ``layer_spec`` (the
  ``learning_rate_multipliers`` / ``decay_multipliers`` arguments, with the
  W/b arguments folded in by ``wb_values``, once, in ``Layer.__init__``),
  ``layer_config`` (the entries of ``get_config``, the W/b ones from
  ``wb_config``), ``named_weights`` (the weights a spec can name, sub-layers'
  included), ``resolve_layer`` (``layer.multipliers``,
  ``layer.decay_multipliers``), ``check_layer`` (after ``build()``);
  ``describe`` and ``has_spec`` (the columns of ``summary()``, in
  ``utils/layer_utils.py``);
- models (``engine/network.py``, ``engine/training.py``): ``merge``
  (``Model.multipliers``, ``Model.decay_multipliers``), ``leaf_layers`` (the
  layers of nested models, with the ``'outer/inner'`` paths that rules and
  ``TensorBoard``'s diagnostics name),
  ``apply_rules`` (``Model.set_learning_rate_multipliers``,
  ``Model.set_decay_multipliers``), ``signature`` (when to rebuild the train
  function), ``check_optimizer`` and ``accepts_multipliers`` (old-style
  optimizers), ``applies_weight_decay`` (whether to pass
  ``decay_multipliers``), ``effective_learning_rates``
  (``Model.effective_learning_rates``, also used by ``TensorBoard``'s
  learning-rate diagnostics);
- optimizers: ``split_params`` (which weights train and with what
  multiplier), ``decay_values`` (the decay multiplier of each) and
  ``scale`` (``lr * multiplier``).

Fine-tuning helpers, for users: ``geometric_spread`` and ``spread_rules``
(fastai's ``slice(low, high)``), ``group_rules`` (one value per group of
layer patterns) and ``layer_decay`` (layer-wise learning-rate decay by
depth, BEiT's ``decay ** depth``); they return rules for
``Model.set_learning_rate_multipliers``. The fine-tuning callbacks
``MultiplierScheduler`` / ``GradualUnfreezing`` live in ``keras.callbacks``
(also importable from here). This module imports no other module of the
package (the callbacks are loaded on first access), so every module may
import it.
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

# ---------------------------------------------------------------------------
# Kinds of multiplier
# ---------------------------------------------------------------------------

class MultiplierKind(object):
    """One kind of per-weight multiplier: the names and wordings that
    differ between learning-rate multipliers (``LEARNING_RATE``) and
    weight-decay multipliers (``DECAY``). Everything else (validation,
    layer specs, the W/b arguments, resolution, merging, rules, configs)
    is the same code, given the kind as ``kind=``.

    # Arguments
        argument: the constructor argument of every layer (a number or a
            dict {weight attribute name: number}).
        wb_arguments: the pair of W/b arguments ``(kernel argument, bias
            argument)`` of the layers that take them.
        attribute: the layer attribute holding the normalized spec.
        layer_property: the property of layers and models giving
            {weight variable: value}.
        rules_method: the ``Model`` method that sets specs by rules.
        label: what one value is called in messages.
        zero_means: what a value of 0 does, for messages.
        default: None (a weight without a value has none: optimizers use
            1), or a function ``(layer, weight attribute name) -> float``
            giving every weight of a layer its value when none is set.
        wb_in_config: whether ``get_config`` of a layer that takes the W/b
            arguments always writes them (the seed article's configs), or
            only when the layer has a spec of this kind.
    """

    def __init__(self, argument, wb_arguments, attribute, layer_property,
                 rules_method, label, zero_means, default=None,
                 wb_in_config=False):
        self.argument = argument
        self.wb_arguments = tuple(wb_arguments)
        self.attribute = attribute
        self.layer_property = layer_property
        self.rules_method = rules_method
        self.label = label
        self.zero_means = zero_means
        self.default = default
        self.wb_in_config = wb_in_config

    def __repr__(self):
        return 'MultiplierKind(%r)' % (self.argument,)


# Weight attribute names that are not decayed unless a decay multiplier is
# given: every Keras layer's bias, and BatchNormalization's scale and offset.
NO_DECAY_NAMES = ('bias', 'gamma', 'beta')


def default_decay_multiplier(layer, name):
    """The decay multiplier of a weight that none is set for (what Caffe
    models and timm do: biases and normalization parameters are not
    decayed).

    It is 0 when the weight's attribute name is ``'bias'``, ``'gamma'`` or
    ``'beta'`` (the bias of every Keras layer, recurrent cells and
    ``ConvLSTM2D`` included; ``BatchNormalization``'s scale and offset), or
    is one of the bias names of a layer that takes the W/b arguments (the
    legacy ``MaxoutDense``'s ``'b'``, ``Highway``'s ``'b'`` and
    ``'b_carry'``); it is 1 for every other weight (kernels, recurrent,
    depthwise and pointwise kernels, embeddings, PReLU's ``alpha``, ...).

    # Arguments
        layer: the layer that created the weight (with ``add_weight``).
        name: the weight's attribute name (the name given to
            ``add_weight``).

    # Returns
        0.0 or 1.0.
    """
    if name in NO_DECAY_NAMES or name in getattr(layer, '_wb_bias_names', ()):
        return 0.0
    return 1.0


LEARNING_RATE = MultiplierKind(
    argument='learning_rate_multipliers',
    wb_arguments=('W_learning_rate_multiplier', 'b_learning_rate_multiplier'),
    attribute='_learning_rate_multipliers', layer_property='multipliers',
    rules_method='set_learning_rate_multipliers',
    label='learning-rate multiplier', zero_means='0 freezes the weight',
    wb_in_config=True)

DECAY = MultiplierKind(
    argument='decay_multipliers',
    wb_arguments=('W_decay_multiplier', 'b_decay_multiplier'),
    attribute='_decay_multipliers', layer_property='decay_multipliers',
    rules_method='set_decay_multipliers',
    label='decay multiplier', zero_means='0 turns weight decay off for it',
    default=default_decay_multiplier)

KINDS = (LEARNING_RATE, DECAY)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

def check_value(value, layer_name, argument, kind=LEARNING_RATE,
                owner='Layer'):
    """Validates one multiplier and returns it as a Python float.

    # Arguments
        value: the multiplier: a real number >= 0 (int or float, not bool).
        layer_name: name of the layer it is given to (for the error message).
        argument: name of the argument or weight it was given as.
        kind: the kind of multiplier (``LEARNING_RATE`` or ``DECAY``), for
            the error message.
        owner: what ``layer_name`` names (``'Layer'``, ``'Optimizer'``,
            ``'Weight'``), for the error message.

    # Returns
        The multiplier as a float.

    # Raises
        TypeError: for bools, strings, lists and any other non-number.
        ValueError: for NaN, infinity and negative numbers.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            '%s %r: %s must be a real number >= 0 (int or float), '
            'got %r of type %s.' % (owner, layer_name, argument, value,
                                    type(value).__name__))
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        raise ValueError('%s %r: %s must be a finite number >= 0, got %r.'
                         % (owner, layer_name, argument, value))
    if value < 0:
        raise ValueError('%s %r: %s must be >= 0 (%s), got %r.'
                         % (owner, layer_name, argument, kind.zero_means, value))
    return value


def normalize_spec(spec, layer_name, argument=None, kind=LEARNING_RATE):
    """Validates a layer's ``learning_rate_multipliers`` (or
    ``decay_multipliers``) argument.

    # Arguments
        spec: ``None``, a number (all the layer's trainable weights), or a
            dict from weight attribute name (``'kernel'``, ``'bias'``,
            ``'gamma'``, ...) to a number; the key ``'*'`` gives the
            multiplier of the weights the dict does not name.
        layer_name: name of the layer, for error messages.
        argument: name of the argument, for error messages (default: the
            kind's argument).
        kind: ``LEARNING_RATE`` (default) or ``DECAY``.

    # Returns
        ``None``, a float, or a new dict {str: float}.

    # Raises
        TypeError / ValueError: on invalid values or keys.
    """
    argument = argument or kind.argument
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
                                        '%s[%r]' % (argument, str(key)), kind)
        return dict(out)
    return check_value(spec, layer_name, argument, kind)


# ---------------------------------------------------------------------------
# The W/b arguments (W_learning_rate_multiplier, b_learning_rate_multiplier;
# W_decay_multiplier, b_decay_multiplier)
# ---------------------------------------------------------------------------


def wb_values(spec, kernel_names, bias_names):
    """The ``(W_..._multiplier, b_..._multiplier)`` that a normalized spec
    implies (``None`` where it gives none, or where the weights of one
    group get different values).

    # Arguments
        spec: a normalized spec (``None``, a float or a dict).
        kernel_names: the weights the W argument applies to.
        bias_names: the weights the b argument applies to (empty for a
            layer without bias).

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
               wb_names=None, kind=LEARNING_RATE):
    """The spec a layer stores at construction (``Layer.__init__``): its
    ``learning_rate_multipliers`` (or ``decay_multipliers``) argument, with
    the W/b arguments of the same kind folded in.

    The W argument (``W_learning_rate_multiplier``, ``W_decay_multiplier``)
    applies to every weight named in the kernel names (for separable
    convolutions: the depthwise and the pointwise kernel), the b argument
    to the bias names. A number given as the spec argument stays the
    multiplier of the other weights (key ``'*'``). When the W/b arguments
    are what the spec implies anyway (a config written by ``get_config``
    holds both), the spec is kept as given, so that a config round trip is
    the identity. A b argument on a layer without bias warns and is ignored
    (scripts written for the original patch pass both arguments to every
    layer).

    # Arguments
        layer: the layer being constructed (its ``name`` is set).
        spec: the spec argument (``learning_rate_multipliers`` or
            ``decay_multipliers``), or None.
        W_multiplier: the W argument, or None.
        b_multiplier: the b argument, or None.
        wb_names: ``(kernel names, bias names)``, the weights the W/b
            arguments apply to (bias names empty for a layer without bias);
            None for a layer that does not take the W/b arguments.
        kind: ``LEARNING_RATE`` (default) or ``DECAY``.

    # Returns
        The normalized spec: ``None``, a float or a dict.

    # Raises
        TypeError / ValueError: for invalid multipliers (naming the layer
            and the argument), or when the W/b arguments disagree with the
            spec argument.
    """
    spec = normalize_spec(spec, layer.name, kind=kind)
    if wb_names is None or (W_multiplier is None and b_multiplier is None):
        return spec
    kernel_names, bias_names = wb_names
    extra = []
    for argument, value, names in ((kind.wb_arguments[0], W_multiplier, kernel_names),
                                   (kind.wb_arguments[1], b_multiplier, bias_names)):
        if value is not None:
            value = check_value(value, layer.name, argument, kind)
            extra.extend((name, argument, value) for name in names)
    implied = wb_values(spec, kernel_names, bias_names)
    if b_multiplier is not None and not bias_names and implied[1] != b_multiplier:
        warnings.warn('Layer %r (%s) has no bias weight (%s=False), so its '
                      '%s=%r is ignored.'
                      % (layer.name, type(layer).__name__,
                         getattr(layer, '_wb_bias_flag', 'use_bias'),
                         kind.wb_arguments[1], b_multiplier))
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
                'Layer %r: %s=%r disagrees with %s, which gives %r to weight '
                '%r. Give the multiplier once.'
                % (layer.name, argument, value, kind.argument, combined[name],
                   name))
        combined[name] = value
    return combined


def wb_config(layer, kind=LEARNING_RATE):
    """``{'W_learning_rate_multiplier': ..., 'b_learning_rate_multiplier':
    ...}`` (or the ``W_decay_multiplier`` / ``b_decay_multiplier`` pair) of
    a layer that takes the W/b arguments, for ``get_config`` (0 is kept;
    None when unset).

    # Arguments
        layer: a layer that takes the W/b arguments.
        kind: ``LEARNING_RATE`` (default) or ``DECAY``.
    """
    kernel_names, bias_names = layer._wb_names
    return dict(zip(kind.wb_arguments, wb_values(_spec_of(layer, kind),
                                                 kernel_names, bias_names)))


def layer_config(layer):
    """The multiplier entries of ``Layer.get_config()``, for every kind:
    the spec when one is set (0 is kept), and for a layer that takes the
    W/b arguments their values: always for learning rates (the seed
    article's configs), only with a spec for decay (so that a layer without
    decay multipliers keeps Keras 2.2.4's config).

    # Arguments
        layer: the layer.

    # Returns
        A dict to merge into the layer's config.
    """
    config = {}
    for kind in KINDS:
        spec = _spec_of(layer, kind)
        if spec is not None:
            config[kind.argument] = dict(spec) if isinstance(spec, dict) else spec
        if (getattr(layer, '_wb_names', None) is not None and
                (spec is not None or kind.wb_in_config)):
            config.update(wb_config(layer, kind))
    return config


# ---------------------------------------------------------------------------
# Layers
# ---------------------------------------------------------------------------

def named_weights(layer):
    """{attribute name: [variables]} of the trainable weights a multiplier can
    reach in ``layer``: the ones it created with ``add_weight`` (recorded in
    ``layer._multiplier_weights``) and those of its sub-layers
    (``layer._multiplier_sublayers()``: an RNN's cell, a wrapper's layer).

    # Arguments
        layer: a layer (built, else the dict is empty).

    # Returns
        An ``OrderedDict`` {attribute name: list of variables}, the layer's
        own names first (several variables under one name for a
        ``Bidirectional`` layer's two directions, for example).
    """
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


def _spec_of(layer, kind=LEARNING_RATE):
    return getattr(layer, kind.attribute, None)


def _explicit(layer, kind):
    """{weight: value} of the weights that the specs of ``layer`` and of its
    sub-layers give a value of ``kind`` (no defaults)."""
    result = {}
    owners = {}
    for sub in _sublayers(layer):
        for weight, value in _explicit(sub, kind).items():
            result[weight] = value
            owners[weight] = sub.name
    spec = _spec_of(layer, kind)
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
                '%s. Valid names: %s.'
                % (layer.name, type(layer).__name__,
                   ', '.join(repr(k) for k in unknown), kind.argument,
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
                'Weight %r gets %s %r from layer %r and %r from layer %r.'
                % (weight.name, kind.label, result[weight], owners[weight],
                   value, layer.name))
        result[weight] = value
    return result


def _defaults(layer, kind):
    """{weight: the kind's default value} for every weight of ``layer`` and
    of its sub-layers, each by the layer that created it."""
    out = {}
    for sub in _sublayers(layer):
        out.update(_defaults(sub, kind))
    for name, weight in getattr(layer, '_multiplier_weights', ()):
        out[weight] = kind.default(layer, name)
    return out


def resolve_layer(layer, kind=LEARNING_RATE):
    """``layer.multipliers`` (the seed article's attribute): {weight
    variable: multiplier} for the weights of a built layer that have a
    multiplier; with ``kind=DECAY``, ``layer.decay_multipliers``: the decay
    multiplier of every trainable weight (set, or the default of
    ``default_decay_multiplier``).

    # Arguments
        layer: a layer.
        kind: ``LEARNING_RATE`` (default) or ``DECAY``.

    # Raises
        ValueError: if the spec names a weight the layer does not have (the
            message lists the valid names), or if a sub-layer and its parent
            give one weight two different multipliers.
    """
    result = _explicit(layer, kind)
    if kind.default is not None:
        for weight, value in _defaults(layer, kind).items():
            result.setdefault(weight, value)
    return result


def check_layer(layer):
    """Called by ``Layer.__call__`` right after ``build()``: raises the errors
    of ``resolve_layer`` (unknown weight names) at build time, for every
    kind of multiplier.

    # Arguments
        layer: the layer just built.

    # Raises
        ValueError: as ``resolve_layer``.
    """
    for kind in KINDS:
        if _spec_of(layer, kind) is not None or _sublayers(layer):
            _explicit(layer, kind)


def has_spec(layer, kind=LEARNING_RATE):
    """Whether a spec of ``kind`` is set on ``layer``, on one of its
    sub-layers or, for a nested model, on one of its layers.

    # Arguments
        layer: a layer or a model.
        kind: ``LEARNING_RATE`` (default) or ``DECAY``.
    """
    if _spec_of(layer, kind) is not None:
        return True
    if any(has_spec(sub, kind) for sub in _sublayers(layer)):
        return True
    return _is_model(layer) and any(has_spec(l, kind) for l in layer.layers)


def _spec_text(layer, kind):
    spec = _spec_of(layer, kind)
    parts = []
    if isinstance(spec, float):
        parts.append('%g' % spec)
    elif spec:
        parts.extend('%s:%g' % (k, v) for k, v in sorted(spec.items()))
    for sub in _sublayers(layer):
        text = _spec_text(sub, kind)
        if text:
            parts.append(text)
    return ' '.join(parts)


def describe(layer, kind=LEARNING_RATE):
    """A short text for ``summary()``'s multiplier columns.

    For learning rates, the spec as given (``'0.1'``, ``'bias:0
    kernel:0.5'``). For decay multipliers, which have defaults, the value
    each weight name of a built layer decays with (``'bias:0 kernel:1'``;
    one number when they all agree).

    # Arguments
        layer: a layer.
        kind: ``LEARNING_RATE`` (default) or ``DECAY``.
    """
    names = named_weights(layer) if kind.default is not None else None
    if not names:
        return _spec_text(layer, kind)
    values = resolve_layer(layer, kind)
    by_name = {}
    for name, weights in names.items():
        found = set(values[w] for w in weights)
        by_name[name] = '%g' % found.pop() if len(found) == 1 else 'mixed'
    if len(set(by_name.values())) == 1:
        return by_name[name]
    return ' '.join('%s:%s' % item for item in sorted(by_name.items()))


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------

def merge(layers, kind=LEARNING_RATE):
    """``Model.multipliers`` (``Model.decay_multipliers`` with
    ``kind=DECAY``): the layers' dicts merged (nested models contribute
    theirs).

    # Arguments
        layers: the model's layers.
        kind: ``LEARNING_RATE`` (default) or ``DECAY``.

    # Raises
        ValueError: when one weight gets two different multipliers, naming the
            weight and both layers.
    """
    result = {}
    owners = {}
    for layer in layers:
        for weight, value in getattr(layer, kind.layer_property).items():
            if weight in result and result[weight] != value:
                raise ValueError(
                    'Weight %r has two %ss: %r from layer %r and %r from '
                    'layer %r.' % (weight.name, kind.label, result[weight],
                                   owners[weight], value, layer.name))
            result[weight] = value
            owners.setdefault(weight, layer.name)
    return result


def _is_model(layer):
    """Whether ``layer`` is a nested model (a ``Network``), recognized by its
    attributes since this module cannot import the engine."""
    return hasattr(layer, 'layers') and hasattr(layer, '_is_graph_network')


def leaf_layers(model, prefix=''):
    """(path, layer) for the layers of ``model``, descending into nested
    models; ``path`` is ``'outer/inner'`` for a layer of a nested model.

    # Arguments
        model: a model (anything with ``layers``).
        prefix: text put before every path (the path of ``model`` itself
            followed by ``'/'`` when it is nested; ``''`` at the top).

    # Returns
        A generator of ``(path, layer)`` pairs, in the order of
        ``model.layers``, nested models expanded in place (they are not
        listed themselves).
    """
    for layer in model.layers:
        path = prefix + layer.name
        if _is_model(layer):
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


def apply_rules(model, rules, kind=LEARNING_RATE):
    """``Model.set_learning_rate_multipliers`` (``Model.set_decay_multipliers``
    with ``kind=DECAY``).

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
        kind: ``LEARNING_RATE`` (default) or ``DECAY``: which spec of the
            layers the rules set.

    # Raises
        TypeError: for ``rules`` of any other type (None, a string, a list
            of anything but pairs...), naming what is accepted.
        ValueError: for a pattern that matches no layer, for invalid values,
            or for weight names a matched layer does not have (nothing is
            changed then).
    """
    method = kind.rules_method
    layers = list(leaf_layers(model))
    new_specs = []
    if isinstance(rules, numbers.Number):
        value = check_value(rules, model.name, '%s(rules)' % method, kind)
        new_specs = [(layer, value) for _, layer in layers]
    elif callable(rules) and not isinstance(rules, Mapping):
        for path, layer in layers:
            value = rules(layer)
            if value is not None:
                new_specs.append((layer, normalize_spec(value, layer.name,
                                                        kind=kind)))
    elif isinstance(rules, (Mapping, list, tuple)):
        items = list(rules.items()) if isinstance(rules, Mapping) else list(rules)
        for item in items:
            if not (isinstance(item, (tuple, list)) and len(item) == 2
                    and isinstance(item[0], six.string_types)):
                raise TypeError('%s: rules must map glob patterns (strings) '
                                'to multipliers, got %r. Accepted: %s.'
                                % (method, item, _RULES_ACCEPTED))
        used = set()
        for path, layer in layers:
            for index, (pattern, value) in enumerate(items):
                if _matches(pattern, path, layer):
                    used.add(index)
                    new_specs.append((layer, normalize_spec(value, layer.name,
                                                            kind=kind)))
                    break
        unmatched = [items[i][0] for i in range(len(items)) if i not in used]
        if unmatched:
            matched_elsewhere = [p for p in unmatched
                                 if any(_matches(p, path, l) for path, l in layers)]
            if matched_elsewhere:
                raise ValueError(
                    '%s: pattern(s) %s only match layers already matched by '
                    'an earlier pattern (the first match wins).'
                    % (method, ', '.join(repr(p) for p in matched_elsewhere)))
            raise ValueError(
                '%s: pattern(s) %s match no layer of model %r. Layer names: %s.'
                % (method, ', '.join(repr(p) for p in unmatched), model.name,
                   ', '.join(path for path, _ in layers)))
    else:
        raise TypeError('%s: rules must be %s; got %r (of type %s).'
                        % (method, _RULES_ACCEPTED, rules, type(rules).__name__))
    # Check everything before changing anything.
    old = [(layer, _spec_of(layer, kind)) for layer, _ in new_specs]
    try:
        for layer, spec in new_specs:
            setattr(layer, kind.attribute, spec)
            if getattr(layer, 'built', False):
                _explicit(layer, kind)
    except (TypeError, ValueError):
        for layer, spec in old:
            setattr(layer, kind.attribute, spec)
        raise
    return model


def signature(weights, multipliers, decay_multipliers=None):
    """What the train function depends on: the trainable weights, their
    multipliers and (when weight decay is on) their decay multipliers.
    ``Model._make_train_function`` rebuilds when it changes.

    # Arguments
        weights: the trainable weights.
        multipliers: {weight: learning-rate multiplier}.
        decay_multipliers: {weight: decay multiplier}, or None when the
            optimizer does not decay weights.
    """
    if decay_multipliers is None:
        return tuple((id(w), multipliers.get(w)) for w in weights)
    return tuple((id(w), multipliers.get(w), decay_multipliers.get(w))
                 for w in weights)


def accepts_multipliers(optimizer, keyword='multipliers'):
    """Whether ``optimizer.get_updates`` applies learning-rate multipliers
    (with ``keyword='decay_multipliers'``: decay multipliers).

    True when its ``get_updates`` has a parameter named ``keyword``, or
    when it takes ``**kwargs`` and the class that defines that
    ``get_updates`` sets ``applies_multipliers = True`` (it states that it
    applies the multiplier keywords it receives). A ``**kwargs`` method
    without that statement is not trusted with them: it could drop them
    silently.

    # Arguments
        optimizer: an optimizer.
        keyword: ``'multipliers'`` (default) or ``'decay_multipliers'``.
    """
    try:
        params = inspect.signature(optimizer.get_updates).parameters
    except (TypeError, ValueError):
        return False
    if keyword in params:
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


def applies_weight_decay(optimizer):
    """For ``Model._make_train_function``: whether to pass the model's decay
    multipliers (``decay_multipliers=``) to ``optimizer.get_updates``.

    True when the optimizer's weight decay is on (its ``weight_decay`` is a
    number > 0, as for a ``keras.optimizers`` optimizer built with
    ``weight_decay=``) and its ``get_updates`` takes them (see
    ``accepts_multipliers``). Otherwise the model does not even compute
    them: with weight decay off, nothing of it reaches the graph; an
    optimizer from elsewhere that decays weights its own way is called as
    before.

    # Arguments
        optimizer: the model's optimizer.
    """
    decay = getattr(optimizer, 'weight_decay', None)
    if isinstance(decay, bool) or not isinstance(decay, numbers.Real):
        return False
    return decay > 0 and accepts_multipliers(optimizer, 'decay_multipliers')


# ---------------------------------------------------------------------------
# Optimizers
# ---------------------------------------------------------------------------

def split_params(params, multipliers):
    """For ``Optimizer.get_updates``: the weights to train and their multipliers.

    Weights whose multiplier is exactly 0 are left out (no gradient, slot,
    update or constraint). Lookup is by weight identity.

    # Arguments
        params: the weights the optimizer was given (variables).
        multipliers: dict {weight variable: multiplier} (``model.multipliers``),
            or None (every weight trains with the base learning rate).

    # Returns
        ``(params, mults)``: the weights to train, and for each its multiplier
        as a float, or ``None`` when it has none (or 1: the same step).

    # Raises
        TypeError / ValueError: for an invalid multiplier, naming the weight.
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


def decay_values(params, decay_multipliers):
    """For ``Optimizer.get_updates``: the decay multiplier of each weight.

    Lookup is by weight identity; a weight the dict does not name (or every
    weight, when it is None) gets 1, as in PyTorch's ``AdamW`` or
    keras-adamw. Models pass a dict that names every weight of their layers
    (``model.decay_multipliers``, defaults included).

    # Arguments
        params: the weights to train (after ``split_params``).
        decay_multipliers: dict {weight variable: decay multiplier >= 0},
            or None.

    # Returns
        A list of floats, one per weight.

    # Raises
        TypeError / ValueError: for an invalid decay multiplier, naming the
            weight.
    """
    decay_multipliers = decay_multipliers or {}
    values = []
    for p in params:
        value = decay_multipliers.get(p)
        values.append(1.0 if value is None else check_value(
            value, getattr(p, 'name', '?'), 'decay multiplier', DECAY,
            owner='Weight'))
    return values


def scale(lr, multiplier):
    """``lr * multiplier``, with the multiplier a graph constant (no variable
    read); ``lr`` itself when there is no multiplier.

    # Arguments
        lr: the learning rate (a tensor, or a number).
        multiplier: a float, or None (as ``split_params`` gives them).

    # Returns
        ``lr`` or ``lr * multiplier``.
    """
    return lr if multiplier is None else lr * multiplier


# ---------------------------------------------------------------------------
# Fine-tuning helpers
# ---------------------------------------------------------------------------

def geometric_spread(low, high, n):
    """Multipliers for ``n`` ordered layer groups, spread geometrically from
    ``low`` (first group) to ``high`` (last), as fastai's ``slice(low, high)``:
    group ``i`` gets ``low * (high / low) ** (i / (n - 1))``.

    # Arguments
        low: multiplier of the first group, a number > 0.
        high: multiplier of the last group, a number > 0 (also the only
            value when ``n`` is 1).
        n: number of groups, an int >= 1.

    # Returns
        A list of ``n`` floats.

    # Raises
        ValueError: if ``n < 1`` or the bounds are not positive numbers
            (TypeError for bounds that are not numbers).
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
        low: multiplier of the first group, a number > 0.
        high: multiplier of the last group, a number > 0.

    # Returns
        An ``OrderedDict`` {pattern: multiplier}.

    # Raises
        ValueError: as ``geometric_spread``.
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
            if _is_model(layer):
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
