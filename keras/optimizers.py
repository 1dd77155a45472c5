"""Optimizers: the update rules that train a model's weights.

Every optimizer here supports learning-rate multipliers (differential learning
rates): ``get_updates(loss, params, multipliers=None)`` takes a dict
{weight variable: multiplier}. A weight's step uses ``lr_t * m`` where ``lr_t``
is the learning rate after decay (and, for the Adam family, after bias
correction) and ``m`` its multiplier; a weight without a multiplier uses
``lr_t``; a weight whose multiplier is exactly 0 is left out entirely (no
gradient, no slot, no update, no constraint). See ``keras/multipliers.py``.

Every optimizer also has weight decay, off by default (``weight_decay=0.``:
then not one op of it is in the graph, and the numbers are Keras 2.2.4's).
With ``weight_decay > 0`` each weight also decays by ``weight_decay * d``,
``d`` being its decay multiplier (``get_updates(...,
decay_multipliers=None)``, see ``keras/multipliers.py``; 1 for weights the
dict does not name): decoupled (``decoupled=True``, AdamW / SGDW of
Loshchilov & Hutter) ``p -= lr_t * m * weight_decay * d * p`` next to the
rule's step, ``lr_t`` without Adam's bias correction; or coupled
(``decoupled=False``, Caffe's and L2's) ``g += weight_decay * d * p`` before
the rule, after clipping.

The shared work (dropping frozen weights, gradients, clipping, weight decay,
the iteration counter, per-weight slot variables, the order of reads and
writes, constraints) lives in ``Optimizer``; each optimizer only states its
update rule through these hooks:

- ``_slot_names``: the names of its per-weight state variables (saved with
  the model); ``_work_slot_names``: per-weight work buffers that are not
  state (not in ``weights``, not saved);
- ``_prepare(step)``: the per-step scalars (decayed learning rate, powers of
  the betas) from ``step``, the number of steps already done (a float
  tensor, 0 at the first step);
- ``_apply(param, grad, slots, lr, context)``: the rule for one weight,
  ``lr`` being the step's learning rate times the weight's multiplier. It
  either runs one of TensorFlow's fused training kernels on the weight and
  its slots in place (``self._fused(tf.raw_ops.ResourceApplyAdam, ...)``:
  one op per weight, as ``tf.compat.v1.train`` optimizers do), or returns the
  new values (elementwise ops) for the base class to assign.

The fused kernels used compute Keras 2.2.4's formulas (``ApplyKerasMomentum``,
``ApplyAdagradV2``, ``ApplyAdadelta``, ``ApplyAdam``, ``ApplyAdamWithAmsgrad``,
``ApplyAdaMax``; RMSprop runs ``ApplyAdam`` with ``beta_1 = 0``, see
``RMSprop``); Nadam, which no kernel computes, is elementwise. They act on
resource variables (the backend's variables), in their ``Resource*`` form.

Slot variables are created the first time a weight is trained and cached by
weight identity: when the train function is rebuilt (new multipliers, weights
made trainable), weights that were already training keep their state.
``optimizer.slots_for(weight)`` and ``optimizer.slot_items()`` map slots back
to their weights (for saving and loading).
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import functools
import warnings

import numpy as np
import six
import tensorflow.compat.v1 as tf

from . import backend as K
from . import multipliers as multipliers_lib


def clip_norm(g, c, n):
    """Rescales a gradient so that the global norm it belongs to is at most ``c``.

    # Arguments
        g: the gradient (a tensor or a ``tf.IndexedSlices``).
        c: the maximum norm (a Python number; ``<= 0`` disables clipping).
        n: the global norm of all the gradients (a scalar tensor).

    # Returns
        ``g * c / n`` when ``n >= c``, else ``g`` unchanged.
    """
    if c <= 0:
        return g
    # c / max(n, c) is c / n when n >= c and exactly 1 otherwise.
    factor = c / K.maximum(n, c)
    if isinstance(g, tf.IndexedSlices):
        return tf.IndexedSlices(g.values * factor, g.indices, g.dense_shape)
    return g * factor


def _short_name(weight):
    name = getattr(weight, 'name', None) or 'weight'
    return name.split(':')[0].replace('/', '_')


def _is_resource_variable(x):
    # Resource variables expose their handle; reference variables have none
    # (and on TensorFlow 2.x, resource variables are not `tf.compat.v1.Variable`s).
    return getattr(x, 'handle', None) is not None and hasattr(x, 'assign')


def _check_resource_variable(param, kernel):
    if not _is_resource_variable(param):
        raise ValueError(
            'Weight %s is a reference variable; the Keras optimizers '
            'update resource variables only (with the fused kernel '
            '%s). Create the weight with keras.backend.variable() '
            'or tf.compat.v1.Variable(..., use_resource=True).'
            % (getattr(param, 'name', param), kernel.__name__))


def _legacy_get_updates_support(method):
    """Lets ``get_updates`` also take Keras 1's call,
    ``get_updates(params, constraints, loss)``, in any mix of positional and
    keyword arguments, with a warning. A call is read in the Keras 1 order
    when its first positional argument is a list or tuple (the weights; a
    Keras 2 call starts with the loss tensor), or when it passes
    ``constraints``."""
    @functools.wraps(method)
    def get_updates(self, *args, **kwargs):
        legacy_order = bool(args) and isinstance(args[0], (list, tuple))
        if legacy_order or 'constraints' in kwargs:
            warnings.warn(
                '`get_updates(params, constraints, loss)` is the Keras 1 call; '
                'it is deprecated. Call `get_updates(loss, params)` (Keras 2), '
                'and set constraints on the weights (e.g. `kernel_constraint=`).',
                stacklevel=2)
        if legacy_order:
            if len(args) > 3:
                raise TypeError('get_updates() takes at most 3 arguments in '
                                'the Keras 1 order (params, constraints, '
                                'loss), got %d.' % len(args))
            for name, value in zip(('params', 'constraints', 'loss'), args):
                if name in kwargs:
                    raise TypeError('get_updates() got multiple values for '
                                    'argument %r.' % name)
                kwargs[name] = value
            args = ()
        return method(self, *args, **kwargs)
    return get_updates


class Optimizer(object):
    """Abstract optimizer base class.

    All Keras optimizers accept the keyword arguments below.

    A subclass either states its update rule through the hooks ``_prepare``
    and ``_apply`` (and gets learning-rate multipliers, clipping,
    constraints and the ordering of reads and writes from this class), or
    overrides ``get_updates``. An overriding ``get_updates`` that takes a
    ``multipliers`` argument is given the model's multipliers; one that
    does not name it (``get_updates(self, loss, params)`` or
    ``get_updates(self, loss, params, **kwargs)``) is called without them,
    and a model whose multipliers are not all 1 refuses it with a
    ``ValueError``, unless the class that defines that ``get_updates`` sets
    the class attribute ``applies_multipliers = True`` to state that it
    applies the ``multipliers`` keyword it receives in ``**kwargs``.

    Weight decay (``weight_decay > 0``) is shared work too: a weight with
    learning-rate multiplier ``m`` and decay multiplier ``d`` (given to
    ``get_updates`` as ``decay_multipliers``; models pass theirs, see
    ``Model.decay_multipliers``) decays by ``c = weight_decay * d``:

    - decoupled (AdamW, SGDW; Loshchilov & Hutter, "Decoupled Weight Decay
      Regularization"): ``p -= lr_t * m * c * p_old`` next to the rule's
      own step, ``p_old`` being the weight before this step and ``lr_t``
      the learning rate after the optimizer's ``decay`` (and whatever a
      schedule set ``lr`` to), without Adam's bias correction (as PyTorch's
      ``AdamW``). It is one fused op per weight (TensorFlow's
      ``ApplyGradientDescent`` with the old weight as its step), run before
      the rule's kernel, whose step does not depend on the weight;
    - coupled (L2, Caffe's ``weight_decay``): ``g += c * p`` before the
      rule, after ``clipnorm``/``clipvalue`` have clipped the gradient of
      the loss (Caffe's order too: clip, then regularize, then update), so
      adaptive optimizers normalize the decay with the gradient.

    A weight with learning-rate multiplier 0 is not decayed (it is not
    trained at all), nor is a weight with decay multiplier 0 (no op for
    it). Constraints apply after the whole step.

    # Arguments
        clipnorm: float >= 0. Gradients are rescaled so that their global L2
            norm is at most this value.
        clipvalue: float >= 0. Gradients are clipped element-wise to
            ``[-clipvalue, clipvalue]``.
        weight_decay: float >= 0 (default 0: off). The weight-decay factor,
            scaled per weight by its decay multiplier.
        decoupled: bool (default True). True: decoupled weight decay
            (AdamW/SGDW); False: coupled (L2 added to the gradient).

    # Raises
        TypeError: for any other keyword argument, for a ``weight_decay``
            that is not a number or a ``decoupled`` that is not a bool.
        ValueError: for a negative, NaN or infinite ``weight_decay``.

    # Attributes
        iterations: int64 variable, the number of training steps done.
        weights: ``[iterations]`` followed by the slot variables (moments,
            accumulators) slot kind by slot kind, as Keras 2.2.4 ordered them.
        updates: the update ops returned by the last ``get_updates`` call.
    """

    # Names of the per-weight state variables, in the order 2.2.4 listed them.
    _slot_names = ()
    # Names of per-weight work buffers: created like slots, but not state.
    _work_slot_names = ()
    # RMSprop, Adagrad and Adadelta of Keras 2.2.4 saved no `iterations`.
    _legacy_weights_without_iterations = False

    def __init__(self, **kwargs):
        allowed_kwargs = {'clipnorm', 'clipvalue', 'weight_decay', 'decoupled'}
        for k in kwargs:
            if k not in allowed_kwargs:
                raise TypeError('Unexpected keyword argument passed to '
                                'optimizer %s: %r. Accepted keyword arguments: '
                                'clipnorm, clipvalue, weight_decay, decoupled.'
                                % (type(self).__name__, k))
        weight_decay = kwargs.pop('weight_decay', 0.)
        decoupled = kwargs.pop('decoupled', True)
        self.__dict__.update(kwargs)
        self.weight_decay = multipliers_lib.check_value(
            weight_decay, type(self).__name__, 'weight_decay',
            multipliers_lib.DECAY, owner='Optimizer')
        if not isinstance(decoupled, (bool, np.bool_)):
            raise TypeError('Optimizer %r: decoupled must be True (decoupled '
                            'weight decay, as AdamW/SGDW) or False (coupled: '
                            'L2 added to the gradient), got %r.'
                            % (type(self).__name__, decoupled))
        self.decoupled = bool(decoupled)
        self.updates = []
        self.weights = []
        # id(weight) -> (weight, [slot variables]), in creation order.
        self._slots = {}
        self._slot_order = []
        # id(weight) -> [work buffers].
        self._work_slots = {}
        # During `get_updates`: (id(scalar), dtype) -> (scalar, its tensor).
        self._step_scalars = {}

    def _create_hypers(self, **values):
        """Creates ``iterations`` and the given hyper-parameters as variables
        (``self.<name>``), in a name scope of the optimizer's class name."""
        with K.name_scope(type(self).__name__):
            self.iterations = K.variable(0, dtype='int64', name='iterations')
            for name, value in values.items():
                setattr(self, name, K.variable(value, name=name))

    # ------------------------------------------------------------------
    # The update rule (subclass hooks)
    # ------------------------------------------------------------------

    def _slot_shape(self, slot_name, param):
        """Shape of slot ``slot_name`` of weight ``param`` (default: its shape)."""
        return K.int_shape(param)

    def _prepare(self, step):
        """Per-step scalars, computed once per call of ``get_updates``.

        # Arguments
            step: float tensor, the number of steps done before this one.

        # Returns
            ``(lr_t, context)``: the step's learning rate (before multipliers)
            and anything ``_apply`` needs.
        """
        raise NotImplementedError

    def _apply(self, param, grad, slots, lr, context):
        """The update rule of one weight.

        # Arguments
            param: the weight variable.
            grad: its gradient (dense).
            slots: its slot variables, in the order of ``_slot_names``,
                followed by its work buffers (``_work_slot_names``).
            lr: the learning rate of this weight's step (``lr_t * m``).
            context: what ``_prepare`` returned.

        # Returns
            Either the op of a fused kernel that updated the weight and its
            slots in place (see ``_fused``), or ``(new_param, new_slots)``:
            the weight's new value (before its constraint) and one new value
            per slot (``None``: unchanged), which the base class assigns.
        """
        raise NotImplementedError

    def _extra_updates(self, context):
        """Updates to run once per step besides the weights' (e.g. Nadam's
        momentum schedule)."""
        return []

    def _fused(self, kernel, param, grad, slots, **inputs):
        """Runs TensorFlow's fused training kernel ``kernel`` on a weight.

        # Arguments
            kernel: the kernel, a ``tf.raw_ops.ResourceApply*`` function
                (``ResourceApplyAdam``, ``ResourceApplyKerasMomentum``, ...).
            param: the weight (a resource variable).
            grad: its dense gradient.
            slots: dict {kernel input name: slot variable}.
            **inputs: the kernel's other inputs by name: scalars (tensors,
                variables or numbers, cast to the weight's dtype) and
                boolean attributes.

        # Returns
            The kernel's op.

        # Raises
            ValueError: if ``param`` is not a resource variable.
        """
        _check_resource_variable(param, kernel)
        dtype = param.dtype.base_dtype
        args = dict((name, slot.handle) for name, slot in slots.items())
        for name, value in inputs.items():
            if isinstance(value, bool):
                args[name] = value
                continue
            args[name] = self._step_scalar(value, dtype)
        return kernel(var=param.handle, grad=grad, use_locking=False, **args)

    def _step_scalar(self, value, dtype):
        """``value`` (a number, tensor or variable) as a scalar of ``dtype``,
        made once per ``get_updates`` call: a hyper-parameter variable is
        read once per step, not once per weight."""
        key = (id(value), dtype)
        if key not in self._step_scalars:
            if isinstance(value, (int, float)):
                tensor = tf.constant(value, dtype=dtype)
            else:
                tensor = tf.cast(tf.convert_to_tensor(value), dtype)
            self._step_scalars[key] = (value, tensor)
        return self._step_scalars[key][1]

    def _decay_coefficients(self, params, decay_multipliers):
        """``weight_decay * d`` for each weight (``d`` its decay
        multiplier), None where it is 0 (no decay, no op): all None when
        weight decay is off."""
        weight_decay = getattr(self, 'weight_decay', 0.)
        if not weight_decay > 0:
            return [None] * len(params)
        return [weight_decay * d if d > 0 else None
                for d in multipliers_lib.decay_values(params, decay_multipliers)]

    def _decay_decoupled(self, param, rate):
        """``param -= rate * param`` in place (decoupled weight decay, the
        weight read before any step of it): one fused kernel,
        ``ResourceApplyGradientDescent`` with the weight as its step."""
        kernel = tf.raw_ops.ResourceApplyGradientDescent
        _check_resource_variable(param, kernel)
        return kernel(var=param.handle,
                      alpha=self._step_scalar(rate, param.dtype.base_dtype),
                      delta=tf.convert_to_tensor(param), use_locking=False)

    # ------------------------------------------------------------------
    # Shared skeleton
    # ------------------------------------------------------------------

    @_legacy_get_updates_support
    def get_updates(self, loss, params, multipliers=None,
                    decay_multipliers=None, constraints=None):
        """Builds the ops of one training step.

        The loss and every gradient are computed before any weight is
        written, and ``iterations`` is read before it is advanced. The
        gradients come from ``self.get_gradients(loss, params)`` (clipped
        there); weight decay, when on, is added after (see the class
        docstring).

        # Arguments
            loss: scalar tensor to minimize.
            params: list of the weights (variables) to train.
            multipliers: optional dict {weight variable: multiplier >= 0}.
                A weight's step is scaled by its multiplier; a weight with
                multiplier 0 is not trained at all (no gradient, no optimizer
                state, no update, no constraint). Weights not in the dict
                train with the plain learning rate.
            decay_multipliers: optional dict {weight variable: decay
                multiplier >= 0}, used when ``weight_decay > 0``: a weight
                decays by ``weight_decay`` times its decay multiplier (0: not
                decayed). Weights not in the dict (all, when it is None)
                decay with multiplier 1. ``Model`` passes
                ``model.decay_multipliers`` (0 for biases and
                BatchNormalization's ``gamma``/``beta`` by default).
            constraints: deprecated (Keras 1): dict {weight: constraint}
                applied after the step in place of the weight's own
                ``constraint``. Keras 1's positional order
                ``get_updates(params, constraints, loss)`` is accepted too,
                with a warning.

        # Returns
            The list of update ops (the first one advances ``iterations``).

        # Raises
            ValueError: when a gradient is ``None`` or a multiplier is invalid.
        """
        if type(self)._prepare is Optimizer._prepare:
            raise NotImplementedError(
                'Optimizer %s does not implement get_updates.' % type(self).__name__)
        params, mults = multipliers_lib.split_params(params, multipliers)
        decays = self._decay_coefficients(params, decay_multipliers)
        grads = self.get_gradients(loss, params) if params else []
        self._create_slots(params)

        # Read `iterations` once, then advance it after that read.
        step = K.cast(tf.identity(self.iterations), K.floatx())
        with tf.control_dependencies([step]):
            self.updates = [K.update_add(self.iterations, 1)]
        lr_t, context = self._prepare(step)
        # One read of the learning rate, shared by every multiplier.
        lr_t = tf.convert_to_tensor(lr_t)
        self.updates.extend(self._extra_updates(context))

        self._step_scalars = {}
        # Weights are written only once the loss and every gradient (which
        # may read any weight) have been computed.
        ready = tf.group(*K._fresh_control_inputs([loss] + list(grads)))
        scaled = {}
        decay_rates = {}
        for p, g, m, c in zip(params, grads, mults, decays):
            if m not in scaled:
                scaled[m] = multipliers_lib.scale(lr_t, m)
            slots = self._slots[id(p)][1]
            constraint = getattr(p, 'constraint', None)
            if constraints and p in constraints:
                constraint = constraints[p]
            with tf.control_dependencies([ready]):
                g = tf.convert_to_tensor(g)
                step_after = [ready]
                if c is not None and self.decoupled:
                    # p -= lr_t * m * c * p_old, then the rule's step (which
                    # does not depend on p) from the decayed weight.
                    if (m, c) not in decay_rates:
                        decay_rates[(m, c)] = scaled[m] * c
                    step_after = [self._decay_decoupled(p, decay_rates[(m, c)])]
                elif c is not None:
                    g = g + c * p
            with tf.control_dependencies(step_after):
                result = self._apply(p, g, slots + self._work_slots[id(p)],
                                     scaled[m], context)
                if isinstance(result, tuple):
                    new_p, new_slots = result
                    for slot, value in zip(slots, new_slots):
                        if value is not None:
                            self.updates.append(K.update(slot, value))
                    if constraint is not None:
                        new_p = constraint(new_p)
                    self.updates.append(K.update(p, new_p))
                elif constraint is not None:
                    with tf.control_dependencies([result]):
                        self.updates.append(K.update(p, constraint(tf.identity(p))))
                else:
                    self.updates.append(result)
        self._step_scalars = {}
        # Keras 2.2.4's order: iterations, then slot kind by slot kind
        # (all first moments, then all second moments, ...).
        self.weights = [self.iterations] + [
            self._slots[key][1][k]
            for k in range(len(self._slot_names)) for key in self._slot_order]
        return self.updates

    def _create_slots(self, params):
        new = []
        for p in params:
            if id(p) not in self._slots and all(p is not q for q in new):
                new.append(p)
        if not new:
            return
        # Slot kind by slot kind, as Keras 2.2.4 ordered its weights.
        created = dict((id(p), []) for p in new)
        names = tuple(self._slot_names) + tuple(self._work_slot_names)
        for slot_name in names:
            for p in new:
                created[id(p)].append(K.zeros(
                    self._slot_shape(slot_name, p), dtype=K.dtype(p),
                    name='%s_%s' % (slot_name, _short_name(p))))
        n_state = len(self._slot_names)
        for p in new:
            self._slots[id(p)] = (p, created[id(p)][:n_state])
            self._work_slots[id(p)] = created[id(p)][n_state:]
            self._slot_order.append(id(p))
    def slots_for(self, weight):
        """The slot variables (optimizer state) of a model weight.

        # Arguments
            weight: a weight variable given to ``get_updates``.

        # Returns
            The list of its slot variables in the order of the optimizer's
            slot names (empty when it was never trained, e.g. frozen by a
            multiplier of 0, or for optimizers without per-weight state).
        """
        entry = self._slots.get(id(weight))
        if entry is None or entry[0] is not weight:
            return []
        return list(entry[1])

    def slot_items(self):
        """``[(weight, [slot variables]), ...]`` for every weight the
        optimizer holds state for, in creation order."""
        return [(self._slots[k][0], list(self._slots[k][1])) for k in self._slot_order]

    @property
    def slot_names(self):
        """The names of the per-weight slots, in the order of ``slots_for``."""
        return tuple(self._slot_names)

    def get_gradients(self, loss, params):
        """Gradients of ``loss`` with respect to ``params``, clipped as
        configured (``clipnorm``, ``clipvalue``).

        ``get_updates`` computes its gradients here, so a subclass can
        change them by overriding this method (Horovod's
        ``DistributedOptimizer`` averages them across processes this way).

        # Arguments
            loss: scalar tensor to differentiate.
            params: list of the weights (variables) to differentiate it by.

        # Returns
            One gradient (tensor or ``tf.IndexedSlices``) per weight.

        # Raises
            ValueError: if a weight has no gradient (``None``).
        """
        # As `K.gradients`, with the gradients of each op gated (what the
        # `tf.compat.v1.train` optimizers do by default): same values (to
        # rounding), and TensorFlow's oneDNN build then keeps a convolution's
        # filter gradient and its bias gradient as two kernels, which run
        # faster than the fused pair it otherwise substitutes
        # (benchmarks/README.md, cnn).
        grads = tf.gradients(loss, params, colocate_gradients_with_ops=True,
                             gate_gradients=True)
        missing = [getattr(p, 'name', repr(p)) for p, g in zip(params, grads) if g is None]
        if missing:
            raise ValueError(
                'An operation has `None` for gradient: the loss does not depend '
                'differentiably on weight(s) %s. Please make sure that all of '
                'your ops have a gradient defined (i.e. are differentiable). '
                'Common ops without gradient: K.argmax, K.round, K.eval. '
                'Freeze such weights (trainable=False or a learning-rate '
                'multiplier of 0) if they are not meant to train.'
                % ', '.join(missing))
        if hasattr(self, 'clipnorm') and self.clipnorm > 0:
            norm = K.sqrt(sum([K.sum(K.square(g)) for g in grads]))
            grads = [clip_norm(g, self.clipnorm, norm) for g in grads]
        if hasattr(self, 'clipvalue') and self.clipvalue > 0:
            grads = [_clip_value(g, self.clipvalue) for g in grads]
        return grads

    def set_weights(self, weights):
        """Sets the optimizer's state from a list of NumPy arrays.

        # Arguments
            weights: arrays in the order of ``self.weights`` (as returned by
                ``get_weights``). For RMSprop, Adagrad and Adadelta the list
                of Keras 2.2.4 (without ``iterations``) is accepted too.

        # Raises
            ValueError: when the number of arrays or a shape does not match.
        """
        params = self.weights
        weights = list(weights)
        if (self._legacy_weights_without_iterations and params and
                len(weights) == len(params) - 1):
            weights = [K.get_value(params[0])] + weights
        if len(params) != len(weights):
            raise ValueError('Length of the specified weight list (%d) does not '
                             'match the number of weights of the optimizer %s '
                             '(%d).' % (len(weights), type(self).__name__, len(params)))
        pairs = []
        for p, value, w in zip(params, K.batch_get_value(params), weights):
            w = np.asarray(w)
            if value.shape != w.shape:
                raise ValueError('Optimizer weight shape %s of %s not compatible '
                                 'with provided weight shape %s.'
                                 % (value.shape, getattr(p, 'name', '?'), w.shape))
            pairs.append((p, w))
        K.batch_set_value(pairs)

    def get_weights(self):
        """Returns the current optimizer state as a list of NumPy arrays
        (in the order of ``self.weights``)."""
        return K.batch_get_value(self.weights)

    def get_config(self):
        """The constructor arguments, as a serializable dict.

        ``weight_decay`` and ``decoupled`` are in it only when weight decay
        is on, so that an optimizer with default arguments has exactly
        Keras 2.2.4's config (scripts compare them).
        """
        config = {}
        if hasattr(self, 'clipnorm'):
            config['clipnorm'] = self.clipnorm
        if hasattr(self, 'clipvalue'):
            config['clipvalue'] = self.clipvalue
        if getattr(self, 'weight_decay', 0.) > 0:
            config['weight_decay'] = self.weight_decay
            config['decoupled'] = self.decoupled
        return config

    @classmethod
    def from_config(cls, config):
        """Creates an optimizer from the dict returned by ``get_config``.

        # Arguments
            config: the dict; its entries are passed to the constructor as
                keyword arguments.

        # Returns
            A new optimizer instance.
        """
        return cls(**config)

    # Helpers for subclasses.
    def _decayed_lr(self, step):
        lr = self.lr
        if self.initial_decay > 0:
            lr = lr * (1. / (1. + self.decay * K.cast(step, K.dtype(self.decay))))
        return lr


def _clip_value(g, value):
    if isinstance(g, tf.IndexedSlices):
        return tf.IndexedSlices(K.clip(g.values, -value, value), g.indices,
                                g.dense_shape)
    return K.clip(g, -value, value)


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum and Nesterov momentum.

    # Arguments
        lr: float >= 0. Learning rate.
        momentum: float >= 0. Accelerates SGD in the relevant direction and
            dampens oscillations.
        decay: float >= 0. Learning-rate decay over each update
            (``lr / (1 + decay * iterations)``).
        nesterov: boolean. Whether to apply Nesterov momentum.
    """

    _slot_names = ('moment',)

    def __init__(self, lr=0.01, momentum=0., decay=0., nesterov=False, **kwargs):
        super(SGD, self).__init__(**kwargs)
        self._create_hypers(lr=lr, momentum=momentum, decay=decay)
        self.initial_decay = decay
        self.nesterov = nesterov

    def _prepare(self, step):
        return self._decayed_lr(step), None

    def _apply(self, p, g, slots, lr, context):
        # v = momentum * v - lr * g; p += v (Nesterov: p += momentum * v - lr * g).
        moment, = slots
        return self._fused(tf.raw_ops.ResourceApplyKerasMomentum, p, g,
                           {'accum': moment}, lr=lr, momentum=self.momentum,
                           use_nesterov=bool(self.nesterov))

    def get_config(self):
        config = {'lr': float(K.get_value(self.lr)),
                  'momentum': float(K.get_value(self.momentum)),
                  'decay': float(K.get_value(self.decay)),
                  'nesterov': self.nesterov}
        base_config = super(SGD, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class RMSprop(Optimizer):
    """RMSProp optimizer.

    It is recommended to leave the parameters at their defaults (except the
    learning rate). A good choice for recurrent networks.

    # Arguments
        lr: float >= 0. Learning rate.
        rho: float >= 0. Decay of the moving average of squared gradients.
        epsilon: float >= 0. Fuzz factor; ``None`` means ``K.epsilon()``.
        decay: float >= 0. Learning-rate decay over each update.

    # References
        - [rmsprop: Divide the gradient by a running average of its recent
          magnitude](http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf)
    """

    _slot_names = ('accumulator',)
    # ApplyAdam's first moment, computed but multiplied by beta_1 = 0.
    _work_slot_names = ('work',)
    _legacy_weights_without_iterations = True

    def __init__(self, lr=0.001, rho=0.9, epsilon=None, decay=0., **kwargs):
        super(RMSprop, self).__init__(**kwargs)
        self._create_hypers(lr=lr, rho=rho, decay=decay)
        if epsilon is None:
            epsilon = K.epsilon()
        self.epsilon = epsilon
        self.initial_decay = decay

    def _prepare(self, step):
        return self._decayed_lr(step), None

    def _apply(self, p, g, slots, lr, context):
        # a = rho * a + (1 - rho) * g**2; p -= lr * g / (sqrt(a) + epsilon).
        # TensorFlow's RMSProp kernel puts epsilon inside the square root;
        # ApplyAdam computes exactly the rule above when beta_1 = 0 (its
        # Nesterov form then steps along g itself), beta_2 = rho and both
        # bias corrections are 1 (powers 0).
        a, work = slots
        return self._fused(tf.raw_ops.ResourceApplyAdam, p, g,
                           {'m': work, 'v': a}, beta1_power=0.,
                           beta2_power=0., lr=lr, beta1=0., beta2=self.rho,
                           epsilon=self.epsilon, use_nesterov=True)

    def get_config(self):
        config = {'lr': float(K.get_value(self.lr)),
                  'rho': float(K.get_value(self.rho)),
                  'decay': float(K.get_value(self.decay)),
                  'epsilon': self.epsilon}
        base_config = super(RMSprop, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Adagrad(Optimizer):
    """Adagrad optimizer: per-weight learning rates that shrink with the sum
    of the squared gradients seen so far.

    # Arguments
        lr: float >= 0. Initial learning rate.
        epsilon: float >= 0. Fuzz factor; ``None`` means ``K.epsilon()``.
        decay: float >= 0. Learning-rate decay over each update.

    # References
        - [Adaptive Subgradient Methods for Online Learning and Stochastic
          Optimization](http://www.jmlr.org/papers/volume12/duchi11a/duchi11a.pdf)
    """

    _slot_names = ('accumulator',)
    _legacy_weights_without_iterations = True

    def __init__(self, lr=0.01, epsilon=None, decay=0., **kwargs):
        super(Adagrad, self).__init__(**kwargs)
        self._create_hypers(lr=lr, decay=decay)
        if epsilon is None:
            epsilon = K.epsilon()
        self.epsilon = epsilon
        self.initial_decay = decay

    def _prepare(self, step):
        return self._decayed_lr(step), None

    def _apply(self, p, g, slots, lr, context):
        # a += g**2; p -= lr * g / (sqrt(a) + epsilon).
        a, = slots
        return self._fused(tf.raw_ops.ResourceApplyAdagradV2, p, g,
                           {'accum': a}, lr=lr, epsilon=self.epsilon,
                           update_slots=True)

    def get_config(self):
        config = {'lr': float(K.get_value(self.lr)),
                  'decay': float(K.get_value(self.decay)),
                  'epsilon': self.epsilon}
        base_config = super(Adagrad, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Adadelta(Optimizer):
    """Adadelta optimizer: adapts the step from a moving window of gradient
    updates. It is recommended to keep the defaults (initial ``lr`` 1.0).

    # Arguments
        lr: float >= 0. Initial learning rate.
        rho: float >= 0. Decay factor of the moving averages.
        epsilon: float >= 0. Fuzz factor; ``None`` means ``K.epsilon()``.
        decay: float >= 0. Learning-rate decay over each update.

    # References
        - [Adadelta - an adaptive learning rate method](https://arxiv.org/abs/1212.5701)
    """

    _slot_names = ('accumulator', 'delta_accumulator')
    _legacy_weights_without_iterations = True

    def __init__(self, lr=1.0, rho=0.95, epsilon=None, decay=0., **kwargs):
        super(Adadelta, self).__init__(**kwargs)
        self._create_hypers(lr=lr, decay=decay)
        if epsilon is None:
            epsilon = K.epsilon()
        self.rho = rho
        self.epsilon = epsilon
        self.initial_decay = decay

    def _prepare(self, step):
        return self._decayed_lr(step), None

    def _apply(self, p, g, slots, lr, context):
        # a = rho * a + (1 - rho) * g**2;
        # u = g * sqrt(d_a + epsilon) / sqrt(a + epsilon); p -= lr * u;
        # d_a = rho * d_a + (1 - rho) * u**2.
        a, d_a = slots
        return self._fused(tf.raw_ops.ResourceApplyAdadelta, p, g,
                           {'accum': a, 'accum_update': d_a}, lr=lr,
                           rho=self.rho, epsilon=self.epsilon)

    def get_config(self):
        config = {'lr': float(K.get_value(self.lr)),
                  'rho': self.rho,
                  'decay': float(K.get_value(self.decay)),
                  'epsilon': self.epsilon}
        base_config = super(Adadelta, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Adam(Optimizer):
    """Adam optimizer.

    # Arguments
        lr: float >= 0. Learning rate.
        beta_1: float, 0 < beta < 1. Decay of the first-moment estimate.
        beta_2: float, 0 < beta < 1. Decay of the second-moment estimate.
        epsilon: float >= 0. Fuzz factor; ``None`` means ``K.epsilon()``.
        decay: float >= 0. Learning-rate decay over each update.
        amsgrad: boolean. Whether to apply the AMSGrad variant (the maximum
            of past second moments is used).

    # References
        - [Adam - A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980v8)
        - [On the Convergence of Adam and Beyond](https://openreview.net/forum?id=ryQu7f-RZ)
    """

    _slot_names = ('m', 'v', 'vhat')

    def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None,
                 decay=0., amsgrad=False, **kwargs):
        super(Adam, self).__init__(**kwargs)
        self._create_hypers(lr=lr, beta_1=beta_1, beta_2=beta_2, decay=decay)
        if epsilon is None:
            epsilon = K.epsilon()
        self.epsilon = epsilon
        self.initial_decay = decay
        self.amsgrad = amsgrad

    def _slot_shape(self, slot_name, param):
        if slot_name == 'vhat' and not self.amsgrad:
            return (1,)  # unused placeholder, kept for 2.2.4's weight list
        return K.int_shape(param)

    def _prepare(self, step):
        t = step + 1
        powers = {'beta1_power': K.pow(self.beta_1, t),
                  'beta2_power': K.pow(self.beta_2, t)}
        return self._decayed_lr(step), powers

    def _apply(self, p, g, slots, lr, context):
        # m = beta_1 * m + (1 - beta_1) * g; v = beta_2 * v + (1 - beta_2) * g**2;
        # (AMSGrad: vhat = max(vhat, v), used in place of v);
        # p -= lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon).
        m, v, vhat = slots
        scalars = dict(context, lr=lr, beta1=self.beta_1, beta2=self.beta_2,
                       epsilon=self.epsilon)
        if self.amsgrad:
            return self._fused(tf.raw_ops.ResourceApplyAdamWithAmsgrad, p, g,
                               {'m': m, 'v': v, 'vhat': vhat}, **scalars)
        return self._fused(tf.raw_ops.ResourceApplyAdam, p, g,
                           {'m': m, 'v': v}, use_nesterov=False, **scalars)

    def get_config(self):
        config = {'lr': float(K.get_value(self.lr)),
                  'beta_1': float(K.get_value(self.beta_1)),
                  'beta_2': float(K.get_value(self.beta_2)),
                  'decay': float(K.get_value(self.decay)),
                  'epsilon': self.epsilon,
                  'amsgrad': self.amsgrad}
        base_config = super(Adam, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Adamax(Optimizer):
    """Adamax optimizer: the variant of Adam based on the infinity norm.

    # Arguments
        lr: float >= 0. Learning rate.
        beta_1: float, 0 < beta < 1. Decay of the first-moment estimate.
        beta_2: float, 0 < beta < 1. Decay of the exponentially weighted
            infinity norm.
        epsilon: float >= 0. Fuzz factor; ``None`` means ``K.epsilon()``.
        decay: float >= 0. Learning-rate decay over each update.

    # References
        - [Adam - A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980v8)
    """

    _slot_names = ('m', 'u')

    def __init__(self, lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=None,
                 decay=0., **kwargs):
        super(Adamax, self).__init__(**kwargs)
        self._create_hypers(lr=lr, beta_1=beta_1, beta_2=beta_2, decay=decay)
        if epsilon is None:
            epsilon = K.epsilon()
        self.epsilon = epsilon
        self.initial_decay = decay

    def _prepare(self, step):
        return self._decayed_lr(step), K.pow(self.beta_1, step + 1)

    def _apply(self, p, g, slots, lr, context):
        # m = beta_1 * m + (1 - beta_1) * g; u = max(beta_2 * u, |g|);
        # p -= lr / (1 - beta_1**t) * m / (u + epsilon).
        m, u = slots
        return self._fused(tf.raw_ops.ResourceApplyAdaMax, p, g,
                           {'m': m, 'v': u}, beta1_power=context, lr=lr,
                           beta1=self.beta_1, beta2=self.beta_2,
                           epsilon=self.epsilon)

    def get_config(self):
        config = {'lr': float(K.get_value(self.lr)),
                  'beta_1': float(K.get_value(self.beta_1)),
                  'beta_2': float(K.get_value(self.beta_2)),
                  'decay': float(K.get_value(self.decay)),
                  'epsilon': self.epsilon}
        base_config = super(Adamax, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Nadam(Optimizer):
    """Nesterov Adam optimizer: Adam with Nesterov momentum.

    It is recommended to keep the defaults.

    # Arguments
        lr: float >= 0. Learning rate.
        beta_1: float, 0 < beta < 1. Decay of the first-moment estimate
            (the momentum, warmed up by the schedule).
        beta_2: float, 0 < beta < 1. Decay of the second-moment estimate.
        epsilon: float >= 0. Fuzz factor; ``None`` means ``K.epsilon()``.
        schedule_decay: float, the decay of the momentum schedule.

    # References
        - [Nadam report](http://cs229.stanford.edu/proj2015/054_report.pdf)
        - [On the importance of initialization and momentum in deep
          learning](http://www.cs.toronto.edu/~fritz/absps/momentum.pdf)
    """

    _slot_names = ('m', 'v')

    def __init__(self, lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=None,
                 schedule_decay=0.004, **kwargs):
        super(Nadam, self).__init__(**kwargs)
        self._create_hypers(lr=lr, beta_1=beta_1, beta_2=beta_2)
        with K.name_scope(type(self).__name__):
            # Product of the momentum caches of the steps done so far.
            self.m_schedule = K.variable(1., name='m_schedule')
        if epsilon is None:
            epsilon = K.epsilon()
        self.epsilon = epsilon
        self.schedule_decay = schedule_decay

    def _momentum_cache(self, t):
        return self.beta_1 * (1. - 0.5 * K.pow(K.cast_to_floatx(0.96),
                                               t * self.schedule_decay))

    def _prepare(self, step):
        # Every factor that does not depend on the weight is a per-step
        # scalar, computed once: the rule below then costs as few tensor
        # ops as Keras 2.2.4's formula allows (no fused kernel computes it).
        t = step + 1
        cache_t = self._momentum_cache(t)
        cache_t_1 = self._momentum_cache(t + 1)
        m_schedule_new = self.m_schedule * cache_t
        m_schedule_next = m_schedule_new * cache_t_1
        context = {'m_schedule_new': m_schedule_new,
                   'grad_factor': (1. - cache_t) / (1. - m_schedule_new),
                   'moment_factor': cache_t_1 / (1. - m_schedule_next),
                   'v_factor': 1. / (1. - K.pow(self.beta_2, t)),
                   'one_minus_beta_1': 1. - self.beta_1,
                   'one_minus_beta_2': 1. - self.beta_2}
        return self.lr, context

    def _extra_updates(self, context):
        return [K.update(self.m_schedule, context['m_schedule_new'])]

    def _apply(self, p, g, slots, lr, context):
        # m = beta_1 * m + (1 - beta_1) * g; v = beta_2 * v + (1 - beta_2) * g**2;
        # m_bar = (1 - cache_t) * g / (1 - schedule_t)
        #         + cache_{t+1} * m / (1 - schedule_{t+1});
        # p -= lr * m_bar / (sqrt(v / (1 - beta_2**t)) + epsilon).
        m, v = slots
        m_t = self.beta_1 * m + context['one_minus_beta_1'] * g
        v_t = self.beta_2 * v + context['one_minus_beta_2'] * K.square(g)
        m_bar = context['grad_factor'] * g + context['moment_factor'] * m_t
        new_p = p - lr * m_bar / (K.sqrt(v_t * context['v_factor']) + self.epsilon)
        return new_p, [m_t, v_t]

    def set_weights(self, weights):
        """Sets the state as ``Optimizer.set_weights`` and recomputes the
        momentum schedule (which is not among the weights, as in Keras 2.2.4)
        from the restored ``iterations``.

        # Arguments
            weights: arrays in the order of ``self.weights`` (``iterations``
                first, then the moments), as ``get_weights`` returns them.

        # Raises
            ValueError: when the number of arrays or a shape does not match.
        """
        super(Nadam, self).set_weights(weights)
        steps = int(K.get_value(self.iterations))
        beta_1 = float(K.get_value(self.beta_1))
        schedule = np.float32(1.)
        for t in range(1, steps + 1):
            schedule = schedule * np.float32(
                beta_1 * (1. - 0.5 * 0.96 ** (t * self.schedule_decay)))
        K.set_value(self.m_schedule, schedule)

    def get_config(self):
        config = {'lr': float(K.get_value(self.lr)),
                  'beta_1': float(K.get_value(self.beta_1)),
                  'beta_2': float(K.get_value(self.beta_2)),
                  'epsilon': self.epsilon,
                  'schedule_decay': self.schedule_decay}
        base_config = super(Nadam, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class TFOptimizer(Optimizer):
    """Wraps a TensorFlow optimizer (``tf.train.Optimizer``) for Keras.

    Learning-rate multipliers are not supported: ``get_updates`` raises a
    ``ValueError`` when any weight has a multiplier other than 1.

    # Arguments
        optimizer: a ``tf.compat.v1.train.Optimizer`` instance.
    """

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.updates = []
        self._slots = {}
        self._slot_order = []
        with K.name_scope(type(self).__name__):
            self.iterations = K.variable(0, dtype='int64', name='iterations')

    @_legacy_get_updates_support
    def get_updates(self, loss, params, multipliers=None, constraints=None):
        """Builds the update op of the wrapped TensorFlow optimizer.

        # Arguments
            loss: scalar tensor to minimize.
            params: list of the weights (variables) to train.
            multipliers: optional dict {weight variable: multiplier}; only
                multipliers of 1 are accepted.
            constraints: deprecated (Keras 1); must be empty: a TensorFlow
                optimizer applies no constraint.

        # Returns
            The list with the one update op.

        # Raises
            ValueError: when ``multipliers`` gives any weight a multiplier
                other than 1 (0 included), naming those weights, or when
                ``constraints`` is not empty.
        """
        if constraints:
            raise ValueError(
                'TFOptimizer (wrapping %s) cannot apply constraints (given for '
                '%s); use a keras.optimizers optimizer.'
                % (type(self.optimizer).__name__,
                   ', '.join(sorted(getattr(w, 'name', repr(w)) for w in constraints))))
        special = sorted(set(getattr(w, 'name', repr(w))
                             for w, m in (multipliers or {}).items()
                             if m is not None and m != 1))
        if special:
            raise ValueError(
                'TFOptimizer (wrapping %s) cannot apply learning-rate '
                'multipliers; weights %s have multipliers other than 1. Use a '
                'keras.optimizers optimizer (SGD, Adam, ...) or remove the '
                'multipliers (freeze weights with trainable=False instead of 0).'
                % (type(self.optimizer).__name__, ', '.join(special[:10])))
        grads = self.optimizer.compute_gradients(loss, params)
        # apply_gradients advances `iterations` (its global step) exactly once.
        opt_update = self.optimizer.apply_gradients(grads, global_step=self.iterations)
        self.updates = [opt_update]
        return self.updates

    @property
    def weights(self):
        raise NotImplementedError('TFOptimizer does not expose its weights.')

    def get_config(self):
        raise NotImplementedError('TFOptimizer cannot be serialized.')

    def from_config(self, config):
        """Not supported: a wrapped TensorFlow optimizer has no config.

        # Arguments
            config: ignored.

        # Raises
            NotImplementedError: always.
        """
        raise NotImplementedError('TFOptimizer cannot be deserialized.')


# Aliases.
sgd = SGD
rmsprop = RMSprop
adagrad = Adagrad
adadelta = Adadelta
adam = Adam
adamax = Adamax
nadam = Nadam


def serialize(optimizer):
    """Returns ``{'class_name': ..., 'config': ...}`` for an optimizer.

    # Arguments
        optimizer: a Keras optimizer instance.

    # Returns
        A dict that ``deserialize`` turns back into an equal optimizer.
    """
    from .utils.generic_utils import serialize_keras_object
    return serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """Creates an optimizer from its serialized form.

    # Arguments
        config: dict ``{'class_name': ..., 'config': ...}``. Built-in class
            names are matched case-insensitively, and lower-cased in
            ``config`` itself, as Keras 2.2.4 did.
        custom_objects: optional dict {name: class} of custom optimizers.

    # Returns
        An ``Optimizer`` instance.
    """
    from .utils.generic_utils import deserialize_keras_object
    all_classes = {
        'sgd': SGD,
        'rmsprop': RMSprop,
        'adagrad': Adagrad,
        'adadelta': Adadelta,
        'adam': Adam,
        'adamax': Adamax,
        'nadam': Nadam,
        'tfoptimizer': TFOptimizer,
    }
    # As Keras 2.2.4, a built-in class name is lower-cased in the caller's
    # dict itself (scripts compare configs after deserializing).
    if isinstance(config, dict) and str(config.get('class_name', '')).lower() in all_classes:
        config['class_name'] = str(config['class_name']).lower()
    return deserialize_keras_object(config,
                                    module_objects=all_classes,
                                    custom_objects=custom_objects,
                                    printable_module_name='optimizer')


def get(identifier):
    """Retrieves an optimizer.

    # Arguments
        identifier: an optimizer name (``'sgd'``, ``'adam'``, ...), a config
            dict, an ``Optimizer`` instance (returned as is) or a TensorFlow
            ``tf.train.Optimizer`` (wrapped in a ``TFOptimizer``).

    # Returns
        An optimizer instance.

    # Raises
        ValueError: if ``identifier`` cannot be interpreted.
    """
    if isinstance(identifier, tf.train.Optimizer):
        return TFOptimizer(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, six.string_types):
        return deserialize({'class_name': str(identifier), 'config': {}})
    if isinstance(identifier, Optimizer):
        return identifier
    raise ValueError('Could not interpret optimizer identifier: %r. Expected a '
                     'name such as "sgd" or "adam", a config dict, or an '
                     'optimizer instance.' % (identifier,))
