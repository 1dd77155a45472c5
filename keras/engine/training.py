"""``Model``: a ``Network`` with a training configuration (``compile``) and
the training, evaluation and prediction methods."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import copy
import numbers
import warnings

import numpy as np

from .. import backend as K
from .. import losses
from .. import metrics as metrics_module
from .. import multipliers as multipliers_lib
from .. import optimizers
from ..legacy import interfaces
from ..utils.generic_utils import slice_arrays
from ..utils.generic_utils import to_list
from ..utils.generic_utils import unpack_singleton
from . import training_arrays
from . import training_generator
from .base_layer import Layer
from .network import Network
from .training_utils import builds_in_graph
from .training_utils import check_array_length_consistency
from .training_utils import check_has_samples
from .training_utils import check_loop_arguments
from .training_utils import check_loss_and_target_compatibility
from .training_utils import check_validation_split
from .training_utils import collect_metrics
from .training_utils import graph_of
from .training_utils import group_new_updates
from .training_utils import in_model_scope
from .training_utils import is_symbolic
from .training_utils import run_function
from .training_utils import standardize_class_weights
from .training_utils import standardize_input_data
from .training_utils import standardize_sample_weights
from .training_utils import standardize_weights
from .training_utils import weighted_masked_objective


_ACCURACY_NAMES = ('accuracy', 'acc')
_CROSSENTROPY_NAMES = ('crossentropy', 'ce')


class Model(Network):
    """A ``Network`` that can be trained: ``compile``, then ``fit``,
    ``evaluate``, ``predict`` and their batch and generator variants.

    Built like a ``Network``: ``Model(inputs, outputs, name=None)``, or by
    subclassing and implementing ``call``.

    Learning-rate multipliers: ``model.multipliers`` merges the layers'
    multipliers and ``model.set_learning_rate_multipliers(rules)`` sets them
    by layer-name patterns; the train function passes them to the optimizer
    and is rebuilt when they change. Decay multipliers likewise:
    ``model.decay_multipliers`` and ``model.set_decay_multipliers(rules)``,
    passed when the optimizer's weight decay is on.
    """

    # ------------------------------------------------------------------
    # Multipliers (``model.multipliers`` is ``Network.multipliers``)
    # ------------------------------------------------------------------

    def set_learning_rate_multipliers(self, rules):
        """Sets learning-rate multipliers by layer name.

        # Arguments
            rules: a number (every layer, as the ``learning_rate_multipliers``
                layer argument); an ordered dict (or list of pairs) {glob
                pattern on layer names: number or {weight name: number}},
                first match wins; or a callable
                ``layer -> number | dict | None``.

        # Returns
            The model.

        # Raises
            TypeError: for ``rules`` of another type (None, a string...).
            ValueError: for patterns that match no layer, invalid values or
                unknown weight names (nothing changes then).
        """
        return multipliers_lib.apply_rules(self, rules)

    def set_decay_multipliers(self, rules):
        """Sets weight-decay multipliers by layer name (Caffe's
        ``decay_mult``): the optimizer's ``weight_decay`` is scaled by them
        per weight. Layers no rule reaches keep theirs (by default 0 for
        biases and BatchNormalization's ``gamma``/``beta``, 1 otherwise).

        # Arguments
            rules: as for ``set_learning_rate_multipliers``: a number (every
                layer, as the ``decay_multipliers`` layer argument); an
                ordered dict (or list of pairs) {glob pattern on layer
                names: number or {weight name: number}}, first match wins;
                or a callable ``layer -> number | dict | None``.

        # Returns
            The model.

        # Raises
            TypeError: for ``rules`` of another type (None, a string...).
            ValueError: for patterns that match no layer, invalid values or
                unknown weight names (nothing changes then).
        """
        return multipliers_lib.apply_rules(self, rules, multipliers_lib.DECAY)

    # ------------------------------------------------------------------
    # compile
    # ------------------------------------------------------------------

    @builds_in_graph
    def compile(self, optimizer,
                loss=None,
                metrics=None,
                loss_weights=None,
                sample_weight_mode=None,
                weighted_metrics=None,
                target_tensors=None,
                **kwargs):
        """Configures the model for training.

        # Arguments
            optimizer: optimizer name or ``Optimizer`` instance.
            loss: name or function of a loss (``fn(y_true, y_pred)``); for
                several outputs, a list or a dict {output name: loss}. The
                minimized loss is the weighted sum of the outputs' losses.
            metrics: list of metrics evaluated during training and testing
                (``'accuracy'``/``'acc'`` picks binary, categorical or sparse
                accuracy from the output shape and loss); or a dict
                {output name: metric(s)}.
            loss_weights: list or dict of scalars weighting the outputs'
                losses.
            sample_weight_mode: None (sample-wise weights) or ``'temporal'``
                (timestep-wise weights, 2D); a list or dict for several
                outputs.
            weighted_metrics: metrics weighted by ``sample_weight`` or
                ``class_weight``.
            target_tensors: tensors (list, dict or single tensor) to use as
                targets instead of placeholders fed with data.
            **kwargs: passed to ``K.function``.

        # Raises
            ValueError: for invalid arguments (unknown output names, list
                lengths, no loss to optimize).
        """
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss or []
        self.metrics = metrics or []
        self.loss_weights = loss_weights
        self.sample_weight_mode = sample_weight_mode
        self.weighted_metrics = weighted_metrics

        if not self.built:
            # Subclassed model whose inputs are not known yet: compiled on
            # the first call with data.
            return
        self._is_compiled = True

        # 1. Losses: one function per output (None: the output has no target).
        self.loss_functions = self._compile_loss_functions(loss)
        skip_target_indices = [i for i, fn in enumerate(self.loss_functions)
                               if fn is None]
        loss_weights_list = self._compile_loss_weights(loss_weights)

        # 2. Targets: placeholders fed with data, or the user's tensors.
        skip_target_weighing_indices = self._compile_targets(
            target_tensors, skip_target_indices)

        # 3. Sample weights (placeholders) and output masks.
        sample_weights, self.sample_weight_modes = self._compile_sample_weights(
            sample_weight_mode, skip_target_weighing_indices)
        self.sample_weights = sample_weights
        self._feed_sample_weight_modes = [
            mode for i, mode in enumerate(self.sample_weight_modes)
            if i not in skip_target_weighing_indices]
        self._feed_sample_weights = [
            weight for i, weight in enumerate(sample_weights)
            if i not in skip_target_weighing_indices]
        masks = self.compute_mask(self.inputs, mask=None)
        if masks is None:
            masks = [None for _ in self.outputs]
        masks = to_list(masks)

        # 4. The total loss (also per-output losses in the metrics).
        self.metrics_names = ['loss']
        self.metrics_tensors = []
        self.total_loss = self._compile_total_loss(
            skip_target_indices, loss_weights_list, sample_weights, masks)

        # 5. Metrics, plain and weighted.
        self._compile_metrics(metrics, weighted_metrics, skip_target_indices,
                              sample_weights, masks)

        # The functions are built lazily, when first needed.
        self._function_kwargs = kwargs
        self.train_function = None
        self.test_function = None
        self.predict_function = None
        self._train_function_signature = None

        # Trainable weights at compile time, in topological order.
        self._collected_trainable_weights = self.trainable_weights

    def _check_per_output_argument(self, value, arg_name):
        """Checks a compile argument given per output: a dict must have only
        output names as keys, a list one entry per output.

        # Arguments
            value: the argument as the user passed it.
            arg_name: its name, for the error messages.

        # Raises
            ValueError: on an unknown output name or a list of the wrong
                length.
        """
        if isinstance(value, dict):
            for name in value:
                if name not in self.output_names:
                    raise ValueError('Unknown entry in %s dictionary: "%s". '
                                     'Only expected the following keys: %s'
                                     % (arg_name, name, self.output_names))
        elif isinstance(value, list) and len(value) != len(self.outputs):
            raise ValueError('When passing a list as %s, it should have one '
                             'entry per model output. The model has %d '
                             'outputs, but you passed %s=%s'
                             % (arg_name, len(self.outputs), arg_name, value))

    def _compile_loss_functions(self, loss):
        """One loss function (or None) per output, from the ``loss``
        argument of ``compile`` (a name/function, a list, or a dict by output
        name; a dict without an output leaves that output without target,
        with a warning)."""
        self._check_per_output_argument(loss, 'loss')
        if isinstance(loss, dict):
            loss_functions = []
            for name in self.output_names:
                if name not in loss:
                    warnings.warn('Output "%s" missing from loss dictionary. '
                                  'We assume this was done on purpose, and we '
                                  'will not be expecting any data to be passed '
                                  'to "%s" during training.' % (name, name),
                                  stacklevel=3)
                loss_functions.append(losses.get(loss.get(name)))
            return loss_functions
        if isinstance(loss, list):
            return [losses.get(l) for l in loss]
        loss_function = losses.get(loss)
        return [loss_function for _ in self.outputs]

    def _compile_loss_weights(self, loss_weights):
        """One scalar weight per output, from ``loss_weights`` (None: all 1,
        a list, or a dict by output name, missing outputs weighing 1)."""
        self._check_per_output_argument(loss_weights, 'loss_weights')
        if loss_weights is None:
            return [1. for _ in self.outputs]
        if isinstance(loss_weights, dict):
            return [loss_weights.get(name, 1.) for name in self.output_names]
        if isinstance(loss_weights, list):
            return loss_weights
        raise TypeError('Could not interpret loss_weights argument: %s - '
                        'expected a list of dicts.' % (loss_weights,))

    def _compile_targets(self, target_tensors, skip_target_indices):
        """Sets ``self.targets`` (one tensor or None per output) and the
        ``_feed_*`` lists of the outputs whose targets are fed with data.

        A target is a new placeholder, or the user's tensor from
        ``target_tensors``; a user tensor that is not a placeholder is not
        fed, and its output gets no sample-weight placeholder.

        # Returns
            The indices of the outputs without sample weights.
        """
        self._check_per_output_argument(target_tensors, '`target_tensors`')
        if isinstance(target_tensors, dict):
            target_tensors = [target_tensors.get(name)
                              for name in self.output_names]
        elif target_tensors is not None and not isinstance(target_tensors,
                                                           list):
            if not K.is_tensor(target_tensors):
                raise TypeError('Expected `target_tensors` to be a tensor, a '
                                'list of tensors, or dict of tensors, but got: '
                                '%s' % (target_tensors,))
            target_tensors = [target_tensors]

        self.targets = []
        self._feed_targets = []
        self._feed_outputs = []
        self._feed_output_names = []
        self._feed_output_shapes = []
        self._feed_loss_fns = []
        skip_target_weighing_indices = list(skip_target_indices)
        for i, output in enumerate(self.outputs):
            if i in skip_target_indices:
                self.targets.append(None)
                continue
            shape = K.int_shape(output)
            name = self.output_names[i]
            target = target_tensors[i] if target_tensors is not None else None
            if target is None or K.is_placeholder(target):
                if target is None:
                    target = K.placeholder(ndim=len(shape),
                                           name=name + '_target',
                                           sparse=K.is_sparse(output),
                                           dtype=K.dtype(output))
                self._feed_targets.append(target)
                self._feed_outputs.append(output)
                self._feed_output_names.append(name)
                self._feed_output_shapes.append(shape)
                self._feed_loss_fns.append(self.loss_functions[i])
            else:
                skip_target_weighing_indices.append(i)
            self.targets.append(target)
        return skip_target_weighing_indices

    def _compile_sample_weights(self, sample_weight_mode,
                                skip_target_weighing_indices):
        """One sample-weight placeholder (or None) and one mode per output.

        # Arguments
            sample_weight_mode: None or ``'temporal'``, or a list or dict
                (by output name; every weighted output must be named) of them.
            skip_target_weighing_indices: outputs that get no weights.

        # Returns
            ``(sample_weights, sample_weight_modes)``, two lists.
        """
        self._check_per_output_argument(sample_weight_mode,
                                        'sample_weight_mode')
        sample_weights = []
        sample_weight_modes = []
        for i, name in enumerate(self.output_names):
            if i in skip_target_weighing_indices:
                sample_weights.append(None)
                sample_weight_modes.append(None)
                continue
            if isinstance(sample_weight_mode, dict):
                if name not in sample_weight_mode:
                    raise ValueError('Output "%s" missing from '
                                     'sample_weight_modes dictionary' % name)
                mode = sample_weight_mode[name]
            elif isinstance(sample_weight_mode, list):
                mode = sample_weight_mode[i]
            else:
                mode = sample_weight_mode
            if mode == 'temporal':
                weight = K.placeholder(ndim=2, name=name + '_sample_weights')
            else:
                weight = K.placeholder(ndim=1, name=name + '_sample_weights')
                mode = None
            sample_weights.append(weight)
            sample_weight_modes.append(mode)
        return sample_weights, sample_weight_modes

    def _compile_total_loss(self, skip_target_indices, loss_weights_list,
                            sample_weights, masks):
        """The loss to minimize: the weighted sum of the outputs' losses
        (each also recorded as a metric when there are several outputs)
        plus the model's own losses (``self.losses``: regularization).

        # Raises
            ValueError: when there is nothing to minimize.
        """
        total_loss = None
        with K.name_scope('loss'):
            for i, output in enumerate(self.outputs):
                if i in skip_target_indices:
                    continue
                weighted_loss = weighted_masked_objective(self.loss_functions[i])
                with K.name_scope(self.output_names[i] + '_loss'):
                    output_loss = weighted_loss(self.targets[i], output,
                                                sample_weights[i], masks[i])
                if len(self.outputs) > 1:
                    self.metrics_tensors.append(output_loss)
                    self.metrics_names.append(self.output_names[i] + '_loss')
                weight = loss_weights_list[i]
                # 1 * loss is loss, bit for bit: no op for the usual weight.
                if not (isinstance(weight, numbers.Number) and weight == 1):
                    output_loss = weight * output_loss
                total_loss = (output_loss if total_loss is None
                              else total_loss + output_loss)
            if total_loss is None:
                if not self.losses:
                    raise ValueError('The model cannot be compiled because it '
                                     'has no loss to optimize.')
                total_loss = 0.
            # Regularization penalties and other layer losses.
            for loss_tensor in self.losses:
                total_loss += loss_tensor
        return total_loss

    def _compile_metrics(self, metrics, weighted_metrics, skip_target_indices,
                         sample_weights, masks):
        """Adds the metric tensors and names of every output with a target:
        first its ``metrics``, then its ``weighted_metrics`` (weighted by the
        sample weights, names prefixed ``weighted_``). Stateful metrics are
        also listed in ``stateful_metric_names``/``_functions``."""
        nested_metrics = collect_metrics(metrics, self.output_names)
        nested_weighted_metrics = collect_metrics(weighted_metrics,
                                                  self.output_names)
        self.metrics_updates = []
        self.stateful_metric_names = []
        self.stateful_metric_functions = []
        with K.name_scope('metrics'):
            for i in range(len(self.outputs)):
                if i in skip_target_indices:
                    continue
                self._add_output_metrics(i, nested_metrics[i], masks[i])
                self._add_output_metrics(i, nested_weighted_metrics[i],
                                         masks[i], weights=sample_weights[i])

    def _add_output_metrics(self, i, output_metrics, mask, weights=None):
        """Adds the metrics ``output_metrics`` of output ``i`` (see
        ``_compile_metrics``); names are made unique with a ``_1``, ``_2``...
        suffix."""
        prefix = 'weighted_' if weights is not None else ''
        for metric in output_metrics:
            if metric in _ACCURACY_NAMES or metric in _CROSSENTROPY_NAMES:
                metric_fn = self._resolve_class_metric(i, metric)
                suffix = 'acc' if metric in _ACCURACY_NAMES else 'ce'
                metric_name = prefix + suffix
            else:
                metric_fn = metrics_module.get(metric)
                metric_name = prefix + (metric_fn.name
                                        if hasattr(metric_fn, 'name')
                                        else metric_fn.__name__)
            weighted_metric_fn = weighted_masked_objective(metric_fn)
            with K.name_scope(metric_name):
                metric_result = weighted_metric_fn(self.targets[i],
                                                   self.outputs[i],
                                                   weights=weights, mask=mask)
            if len(self.output_names) > 1:
                metric_name = self.output_names[i] + '_' + metric_name
            base_name = metric_name
            j = 1
            while metric_name in self.metrics_names:
                metric_name = base_name + '_' + str(j)
                j += 1
            self.metrics_names.append(metric_name)
            self.metrics_tensors.append(metric_result)
            if isinstance(metric_fn, Layer) and getattr(metric_fn, 'stateful',
                                                        False):
                self.stateful_metric_names.append(metric_name)
                self.stateful_metric_functions.append(metric_fn)
                self.metrics_updates += metric_fn.updates

    def _resolve_class_metric(self, i, metric):
        """The accuracy or crossentropy function that fits output ``i``:
        binary for one unit (or binary crossentropy loss), sparse for the
        sparse categorical crossentropy loss, categorical otherwise."""
        output_shape = K.int_shape(self.outputs[i])
        loss_fn = self.loss_functions[i]
        accuracy = metric in _ACCURACY_NAMES
        if output_shape[-1] == 1 or loss_fn is losses.binary_crossentropy:
            return (metrics_module.binary_accuracy if accuracy
                    else metrics_module.binary_crossentropy)
        if loss_fn is losses.sparse_categorical_crossentropy:
            return (metrics_module.sparse_categorical_accuracy if accuracy
                    else metrics_module.sparse_categorical_crossentropy)
        return (metrics_module.categorical_accuracy if accuracy
                else metrics_module.categorical_crossentropy)

    # ------------------------------------------------------------------
    # Functions
    # ------------------------------------------------------------------

    def _check_trainable_weights_consistency(self):
        """Warns when ``trainable`` changed since ``compile``."""
        if not hasattr(self, '_collected_trainable_weights'):
            return
        if len(self.trainable_weights) != len(self._collected_trainable_weights):
            warnings.warn(UserWarning(
                'Discrepancy between trainable weights and collected trainable '
                'weights, did you set `model.trainable` without calling '
                '`model.compile` after ?'))

    def _uses_dynamic_learning_phase(self):
        return (self.uses_learning_phase and
                not isinstance(K.learning_phase(), int))

    @builds_in_graph
    def _make_train_function(self):
        """Builds ``self.train_function`` (when missing, or when the
        trainable weights or their learning-rate multipliers changed since
        it was built).

        The optimizer's ``get_updates`` receives ``multipliers=`` when it
        accepts it; an old-style optimizer (``get_updates(loss, params)``)
        is called without, which is only allowed when no multiplier differs
        from 1. It receives ``decay_multipliers=`` (and the function is
        rebuilt when they change) only when its weight decay is on. The
        optimizer object is kept across rebuilds, so its state (moments,
        accumulators) carries over.

        # Raises
            RuntimeError: if the model was not compiled.
            ValueError: old-style optimizer with multipliers.
        """
        if not hasattr(self, 'train_function'):
            raise RuntimeError('You must compile your model before using it.')
        self._check_trainable_weights_consistency()
        mults = self.multipliers
        decay_mults = (self.decay_multipliers
                       if multipliers_lib.applies_weight_decay(self.optimizer)
                       else None)
        signature = multipliers_lib.signature(
            self._collected_trainable_weights, mults, decay_mults)
        if (self.train_function is not None and
                signature == getattr(self, '_train_function_signature', None)):
            return
        multiplier_kwargs = {}
        if multipliers_lib.check_optimizer(self.optimizer, mults):
            multiplier_kwargs['multipliers'] = mults
        if decay_mults is not None:
            multiplier_kwargs['decay_multipliers'] = decay_mults
        inputs = (self._feed_inputs + self._feed_targets +
                  self._feed_sample_weights)
        if self._uses_dynamic_learning_phase():
            inputs += [K.learning_phase()]

        with K.name_scope('training'):
            known_ops = set(graph_of(self).get_operations())
            with K.name_scope(self.optimizer.__class__.__name__):
                training_updates = self.optimizer.get_updates(
                    loss=self.total_loss,
                    params=self._collected_trainable_weights,
                    **multiplier_kwargs)
            # One fetch for the step's new update ops.
            training_updates = group_new_updates(training_updates, known_ops)
            updates = (self.updates + training_updates +
                       getattr(self, 'metrics_updates', []))
            # Returns the loss and the metrics; updates the weights.
            self.train_function = K.function(
                inputs,
                [self.total_loss] + self.metrics_tensors,
                updates=updates,
                name='train_function',
                **self._function_kwargs)
        self._train_function_signature = signature

    @builds_in_graph
    def _make_test_function(self):
        if not hasattr(self, 'test_function'):
            raise RuntimeError('You must compile your model before using it.')
        if self.test_function is None:
            inputs = (self._feed_inputs + self._feed_targets +
                      self._feed_sample_weights)
            if self._uses_dynamic_learning_phase():
                inputs += [K.learning_phase()]
            self.test_function = K.function(
                inputs,
                [self.total_loss] + self.metrics_tensors,
                updates=self.state_updates + getattr(self, 'metrics_updates', []),
                name='test_function',
                **self._function_kwargs)

    @builds_in_graph
    def _make_predict_function(self):
        if not hasattr(self, 'predict_function'):
            self.predict_function = None
        if self.predict_function is None:
            if self._uses_dynamic_learning_phase():
                inputs = self._feed_inputs + [K.learning_phase()]
            else:
                inputs = self._feed_inputs
            kwargs = getattr(self, '_function_kwargs', {})
            self.predict_function = K.function(inputs,
                                               self.outputs,
                                               updates=self.state_updates,
                                               name='predict_function',
                                               **kwargs)

    # ------------------------------------------------------------------
    # Introspection
    # ------------------------------------------------------------------

    @in_model_scope
    def effective_learning_rates(self, step=None):
        """The learning rate each trainable weight steps with now.

        For each weight the model trains (those ``compile`` collected, in
        order): the optimizer's base learning rate (``optimizer.lr``, as a
        schedule set it) after its time decay (``lr / (1 + decay * step)``,
        for optimizers with ``decay > 0``), times the weight's learning-rate
        multiplier. A weight frozen by a multiplier of 0 has rate 0; weights
        made non-trainable before ``compile`` are absent. Adam's bias
        correction (and the per-element scaling of adaptive optimizers) is
        not included: this is the ``lr`` input of the weight's update rule.

        # Arguments
            step: the 0-based training step the time decay is computed for;
                default: the step the next batch runs (the optimizer's
                ``iterations``).

        # Returns
            An ``OrderedDict`` {weight name: learning rate (float)}.

        # Raises
            RuntimeError: if the model is not compiled.
            ValueError: if the optimizer has no ``lr`` (e.g. a wrapped
                TensorFlow optimizer).
        """
        optimizer = getattr(self, 'optimizer', None)
        if (optimizer is None or not getattr(self, '_is_compiled', False) or
                not hasattr(self, '_collected_trainable_weights')):
            raise RuntimeError('Model %r: effective_learning_rates() needs a '
                               'compiled model; call compile(optimizer, loss) '
                               'first.' % (self.name,))
        if not hasattr(optimizer, 'lr'):
            raise ValueError('Model %r: its optimizer %s has no `lr` '
                             'attribute, so its learning rates are unknown; '
                             'use a keras.optimizers optimizer.'
                             % (self.name, type(optimizer).__name__))
        variables = [optimizer.lr]
        has_decay = (getattr(optimizer, 'initial_decay', 0) > 0 and
                     hasattr(optimizer, 'decay'))
        if has_decay:
            variables.append(optimizer.decay)
        if step is None:
            variables.append(optimizer.iterations)
        values = K.batch_get_value(variables)
        lr = values[0]
        decay = values[1] if has_decay else 0.
        if step is None:
            step = values[-1]
        return multipliers_lib.effective_learning_rates(
            self._collected_trainable_weights, self.multipliers, lr, decay,
            int(step))

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------

    @builds_in_graph
    def _set_inputs(self, inputs, outputs=None, training=None):
        """Sets the inputs of a subclassed model (or builds a deferred
        ``Sequential``) from the first data it sees.

        # Arguments
            inputs: arrays or tensors (one or a list).
            outputs: optional output tensors (default: call the model).
            training: value of the ``training`` argument of ``call``.
        """
        if self.__class__.__name__ == 'Sequential':
            if isinstance(inputs, list):
                if len(inputs) != 1:
                    raise ValueError('A Sequential model has one input; got %d '
                                     'arrays.' % len(inputs))
                inputs = inputs[0]
            shape = K.int_shape(inputs) if K.is_tensor(inputs) else inputs.shape
            self.build(input_shape=(None,) + tuple(shape[1:]))
            return
        if self.inputs:
            raise ValueError('Model inputs are already set.')
        self.inputs = []
        self.input_names = []
        self._feed_inputs = []
        self._feed_input_names = []
        self._feed_input_shapes = []
        for i, v in enumerate(to_list(inputs, allow_tuple=True)):
            name = 'input_%d' % (i + 1)
            self.input_names.append(name)
            if isinstance(v, list):
                v = np.asarray(v)
                if v.ndim == 1:
                    v = np.expand_dims(v, 1)
            if isinstance(v, np.ndarray):
                shape = (None,) + v.shape[1:]
                placeholder = K.placeholder(shape=shape, name=name)
                self.inputs.append(placeholder)
                self._feed_inputs.append(placeholder)
                self._feed_input_names.append(name)
                self._feed_input_shapes.append(shape)
            else:
                self.inputs.append(v)
                if K.is_placeholder(v):
                    self._feed_inputs.append(v)
                    self._feed_input_names.append(name)
                    self._feed_input_shapes.append(K.int_shape(v))
        if outputs is None:
            call_inputs = self.inputs[0] if len(self.inputs) == 1 else self.inputs
            if getattr(self, '_expects_training_arg', False):
                outputs = self.call(call_inputs, training=training)
            else:
                outputs = self.call(call_inputs)
        self.outputs = to_list(outputs, allow_tuple=True)
        self.output_names = ['output_%d' % (i + 1)
                             for i in range(len(self.outputs))]
        self.built = True

    def _check_targets_given(self, y, method):
        """Raises when ``y`` is None although outputs take target data.

        # Arguments
            y: the user's targets.
            method: the method the user called, e.g. ``'fit'``.

        # Raises
            ValueError: naming ``y`` and the outputs that need targets.
        """
        if y is None and getattr(self, '_feed_targets', None):
            raise ValueError('`%s` needs target data for the outputs %s, but '
                             '`y` is None. Pass `y` (a NumPy array, a list of '
                             'arrays or a dict {output name: array}), or give '
                             'the targets as tensors with '
                             '`compile(target_tensors=...)`.'
                             % (method, self._feed_output_names))

    def _standardize_user_data(self, x,
                               y=None,
                               sample_weight=None,
                               class_weight=None,
                               check_array_lengths=True,
                               batch_size=None):
        """Checks the user's data and turns it into lists of arrays.

        # Returns
            ``(x, y, sample_weights)``: lists of arrays (empty lists when the
            model is fed by symbolic tensors).

        # Raises
            ValueError / RuntimeError: on data the model cannot take.
        """
        all_inputs = []
        if not self.built:
            if isinstance(x, (list, tuple)):
                if not all(isinstance(v, np.ndarray) or K.is_tensor(v)
                           for v in x):
                    raise ValueError('Please provide as model inputs either a '
                                     'single array or a list of arrays. You '
                                     'passed: x=' + str(x)[:200])
                all_inputs += list(x)
            elif isinstance(x, dict):
                raise ValueError('Please do not pass a dictionary as model '
                                 'inputs.')
            else:
                if not isinstance(x, np.ndarray) and not K.is_tensor(x):
                    raise ValueError('Please provide as model inputs either a '
                                     'single array or a list of arrays. You '
                                     'passed: x=' + str(x)[:200])
                all_inputs.append(x)
            if not self.inputs:
                self._set_inputs(x)

        if y is not None:
            if not getattr(self, 'optimizer', None):
                raise RuntimeError('You must compile a model before '
                                   'training/testing. '
                                   'Use `model.compile(optimizer, loss)`.')
            if not getattr(self, '_is_compiled', False):
                # On-the-fly compilation, once the inputs are known.
                if isinstance(y, (list, tuple)):
                    if not all(isinstance(v, np.ndarray) or K.is_tensor(v)
                               for v in y):
                        raise ValueError('Please provide as model targets '
                                         'either a single array or a list of '
                                         'arrays. You passed: y=' + str(y)[:200])
                    all_inputs += list(y)
                elif isinstance(y, dict):
                    raise ValueError('Please do not pass a dictionary as model '
                                     'targets.')
                else:
                    if not isinstance(y, np.ndarray) and not K.is_tensor(y):
                        raise ValueError('Please provide as model targets '
                                         'either a single array or a list of '
                                         'arrays. You passed: y=' + str(y)[:200])
                    all_inputs.append(y)
                if any(K.is_tensor(v) for v in all_inputs):
                    if not all(K.is_tensor(v) for v in all_inputs):
                        raise ValueError('Do not pass inputs that mix Numpy '
                                         'arrays and TensorFlow tensors. You '
                                         'passed: x=%s; y=%s'
                                         % (str(x)[:100], str(y)[:100]))
                y_list = list(y) if isinstance(y, (list, tuple)) else [y]
                target_tensors = [v for v in y_list if K.is_tensor(v)] or None
                self.compile(optimizer=self.optimizer,
                             loss=self.loss,
                             metrics=self.metrics,
                             loss_weights=self.loss_weights,
                             sample_weight_mode=self.sample_weight_mode,
                             weighted_metrics=self.weighted_metrics,
                             target_tensors=target_tensors)

        if any(K.is_tensor(v) for v in all_inputs):
            # Symbolic data: nothing to feed.
            return [], [], []

        if not getattr(self, '_is_graph_network', True):
            feed_input_shapes = None
        else:
            feed_input_shapes = self._feed_input_shapes
        x = standardize_input_data(x, self._feed_input_names, feed_input_shapes,
                                   check_batch_axis=False,
                                   exception_prefix='input')
        missing = [name for name, array in zip(self._feed_input_names, x)
                   if array is None]
        if missing:
            raise ValueError('No input data for %s: `x` is None or holds None. '
                             'The model takes its inputs as `x`: a NumPy '
                             'array, a list of arrays or a dict {input name: '
                             'array}.' % missing)

        if y is not None:
            feed_output_names = self._feed_output_names
            feed_sample_weight_modes = self._feed_sample_weight_modes
            if not getattr(self, '_is_graph_network', True):
                feed_output_shapes = None
            else:
                feed_output_shapes = []
                for output_shape, loss_fn in zip(self._feed_output_shapes,
                                                 self._feed_loss_fns):
                    if loss_fn is losses.sparse_categorical_crossentropy:
                        if (K.image_data_format() == 'channels_first' and
                                len(output_shape) in (4, 5)):
                            feed_output_shapes.append(
                                (output_shape[0], 1) + tuple(output_shape[2:]))
                        else:
                            feed_output_shapes.append(
                                tuple(output_shape[:-1]) + (1,))
                    elif (not hasattr(loss_fn, '__name__') or
                          getattr(losses, loss_fn.__name__, None) is None):
                        # A user-defined loss: no assumption on the target.
                        feed_output_shapes.append(None)
                    else:
                        feed_output_shapes.append(output_shape)

            y = standardize_input_data(y, feed_output_names, feed_output_shapes,
                                       check_batch_axis=False,
                                       exception_prefix='target')
            sample_weights = standardize_sample_weights(sample_weight,
                                                        feed_output_names)
            class_weights = standardize_class_weights(class_weight,
                                                      feed_output_names)
            sample_weights = [
                standardize_weights(ref, sw, cw, mode)
                for (ref, sw, cw, mode) in zip(y, sample_weights, class_weights,
                                               feed_sample_weight_modes)]
            if check_array_lengths:
                check_array_length_consistency(x, y, sample_weights)
            if getattr(self, '_is_graph_network', True):
                check_loss_and_target_compatibility(y, self._feed_loss_fns,
                                                    feed_output_shapes)
        else:
            y = []
            sample_weights = []

        if getattr(self, 'stateful', False) and batch_size:
            if x[0].shape[0] % batch_size != 0:
                raise ValueError('In a stateful network, you should only pass '
                                 'inputs with a number of samples that can be '
                                 'divided by the batch size. Found: %d samples'
                                 % x[0].shape[0])
        return x, y, sample_weights

    # ------------------------------------------------------------------
    # Training, evaluation, prediction on arrays
    # ------------------------------------------------------------------

    @in_model_scope
    def fit(self,
            x=None,
            y=None,
            batch_size=None,
            epochs=1,
            verbose=1,
            callbacks=None,
            validation_split=0.,
            validation_data=None,
            shuffle=True,
            class_weight=None,
            sample_weight=None,
            initial_epoch=0,
            steps_per_epoch=None,
            validation_steps=None,
            **kwargs):
        """Trains the model for a number of epochs.

        # Arguments
            x: input data: a NumPy array, a list of arrays (several inputs),
                a dict {input name: array}, or None when the model is fed by
                framework tensors.
            y: target data, in the same forms as ``x``.
            batch_size: samples per gradient update (default 32).
            epochs: index of the epoch at which training stops.
            verbose: 0 (silent), 1 (progress bar) or 2 (one line per epoch).
            callbacks: list of ``keras.callbacks.Callback``.
            validation_split: fraction of the data (taken from the end,
                before shuffling) held out for validation.
            validation_data: ``(x_val, y_val)`` or
                ``(x_val, y_val, val_sample_weights)``; overrides
                ``validation_split``.
            shuffle: shuffle the training data every epoch; ``'batch'``
                shuffles whole batches (for HDF5 data). Ignored with
                ``steps_per_epoch``.
            class_weight: dict {class index: weight} weighting the loss.
            sample_weight: array of per-sample weights (2D with
                ``sample_weight_mode='temporal'``).
            initial_epoch: epoch to start from (to resume training).
            steps_per_epoch: steps per epoch when fed by tensors.
            validation_steps: validation steps with ``steps_per_epoch``.

        # Returns
            A ``History`` object; its ``history`` attribute holds the loss
            and metrics values of every epoch.

        # Raises
            RuntimeError: if the model was never compiled.
            ValueError: on data that does not match the model, 0 samples,
                ``x`` or (fed) ``y`` missing, ``batch_size`` < 1,
                ``epochs`` < 0, ``steps_per_epoch`` < 1, or a
                ``validation_split`` outside [0, 1) or leaving no sample to
                train on.
            TypeError: for a ``batch_size``, ``epochs``, ``initial_epoch`` or
                ``steps_per_epoch`` that is not an integer, or a
                ``validation_split`` that is not a number.
        """
        if batch_size is None and steps_per_epoch is None:
            batch_size = 32
        if 'nb_epoch' in kwargs:
            warnings.warn('The `nb_epoch` argument in `fit` has been renamed '
                          '`epochs`.', stacklevel=2)
            epochs = kwargs.pop('nb_epoch')
        if kwargs:
            raise TypeError('Unrecognized keyword arguments: ' + str(kwargs))
        check_loop_arguments('fit', batch_size=batch_size, epochs=epochs,
                             initial_epoch=initial_epoch,
                             steps_per_epoch=steps_per_epoch)
        check_validation_split(validation_split)
        if x is None and y is None and steps_per_epoch is None:
            raise ValueError('If fitting from data tensors, you should specify '
                             'the `steps_per_epoch` argument.')
        self._check_targets_given(y, 'fit')
        x, y, sample_weights = self._standardize_user_data(
            x, y,
            sample_weight=sample_weight,
            class_weight=class_weight,
            batch_size=batch_size)
        check_has_samples(x, 'x', 'fit')
        check_has_samples(y, 'y', 'fit')

        do_validation = False
        val_ins = []
        if validation_data:
            do_validation = True
            if len(validation_data) == 2:
                val_x, val_y = validation_data
                val_sample_weight = None
            elif len(validation_data) == 3:
                val_x, val_y, val_sample_weight = validation_data
            else:
                raise ValueError('When passing validation_data, it must contain '
                                 '2 (x_val, y_val) or 3 (x_val, y_val, '
                                 'val_sample_weights) items, however it '
                                 'contains %d items' % len(validation_data))
            val_x, val_y, val_sample_weights = self._standardize_user_data(
                val_x, val_y,
                sample_weight=val_sample_weight,
                batch_size=batch_size)
            check_has_samples(val_x + val_y, 'validation_data', 'fit')
            val_ins = val_x + val_y + val_sample_weights
            if self._uses_dynamic_learning_phase():
                val_ins += [0.]
        elif validation_split:
            if not x or any(is_symbolic(t) for t in x):
                raise ValueError('If your data is in the form of symbolic '
                                 'tensors, you cannot use `validation_split`.')
            do_validation = True
            num_samples = int(x[0].shape[0])
            split_at = int(num_samples * (1. - validation_split))
            if split_at == 0:
                raise ValueError('`fit(validation_split=%r)` leaves no sample '
                                 'to train on out of %d samples; pass a '
                                 'smaller `validation_split` or more data.'
                                 % (validation_split, num_samples))
            x, val_x = (slice_arrays(x, 0, split_at),
                        slice_arrays(x, split_at))
            y, val_y = (slice_arrays(y, 0, split_at),
                        slice_arrays(y, split_at))
            sample_weights, val_sample_weights = (
                slice_arrays(sample_weights, 0, split_at),
                slice_arrays(sample_weights, split_at))
            val_ins = val_x + val_y + val_sample_weights
            if self._uses_dynamic_learning_phase():
                val_ins += [0.]
        elif validation_steps:
            do_validation = True
            if self._uses_dynamic_learning_phase():
                val_ins = [0.]

        ins = x + y + sample_weights
        if self._uses_dynamic_learning_phase():
            ins += [1.]
        self._make_train_function()
        f = self.train_function

        out_labels = self.metrics_names
        if do_validation:
            self._make_test_function()
            val_f = self.test_function
            callback_metrics = (copy.copy(out_labels) +
                                ['val_' + n for n in out_labels])
        else:
            callback_metrics = copy.copy(out_labels)
            val_f = None
            val_ins = []

        return training_arrays.fit_loop(self, f, ins,
                                        out_labels=out_labels,
                                        batch_size=batch_size,
                                        epochs=epochs,
                                        verbose=verbose,
                                        callbacks=callbacks,
                                        val_f=val_f,
                                        val_ins=val_ins,
                                        shuffle=shuffle,
                                        callback_metrics=callback_metrics,
                                        initial_epoch=initial_epoch,
                                        steps_per_epoch=steps_per_epoch,
                                        validation_steps=validation_steps)

    @in_model_scope
    def evaluate(self, x=None, y=None,
                 batch_size=None,
                 verbose=1,
                 sample_weight=None,
                 steps=None):
        """Returns the loss and metrics of the model on data, computed batch
        by batch.

        # Arguments
            x: input data (as in ``fit``).
            y: target data.
            batch_size: samples per batch (default 32).
            verbose: 0 or 1 (progress bar).
            sample_weight: per-sample weights of the loss.
            steps: number of steps when fed by tensors.

        # Returns
            The loss (a scalar) when the model has no metrics, else the list
            ``[loss, metric...]`` in the order of ``model.metrics_names``.

        # Raises
            ValueError: on data that does not match the model, 0 samples,
                ``x`` or (fed) ``y`` missing, ``batch_size`` or ``steps`` < 1.
            TypeError: for a ``batch_size`` or ``steps`` that is not an
                integer.
        """
        if batch_size is None and steps is None:
            batch_size = 32
        check_loop_arguments('evaluate', batch_size=batch_size, steps=steps)
        if x is None and y is None and steps is None:
            raise ValueError('If evaluating from data tensors, you should '
                             'specify the `steps` argument.')
        self._check_targets_given(y, 'evaluate')
        x, y, sample_weights = self._standardize_user_data(
            x, y,
            sample_weight=sample_weight,
            batch_size=batch_size)
        check_has_samples(x, 'x', 'evaluate')
        check_has_samples(y, 'y', 'evaluate')
        ins = x + y + sample_weights
        if self._uses_dynamic_learning_phase():
            ins += [0.]
        self._make_test_function()
        return training_arrays.test_loop(self, self.test_function, ins,
                                         batch_size=batch_size,
                                         verbose=verbose,
                                         steps=steps)

    @in_model_scope
    def predict(self, x,
                batch_size=None,
                verbose=0,
                steps=None):
        """Computes the model's outputs for input samples, batch by batch.

        # Arguments
            x: input data (as in ``fit``).
            batch_size: samples per batch (default 32).
            verbose: 0 or 1.
            steps: number of steps when fed by tensors.

        # Returns
            An array (or a list of arrays for several outputs).

        # Raises
            ValueError: on data that does not match the model, 0 samples,
                ``batch_size`` or ``steps`` < 1, or a sample count not
                divisible by the batch size in a stateful model.
            TypeError: for a ``batch_size`` or ``steps`` that is not an
                integer.
        """
        if batch_size is None and steps is None:
            batch_size = 32
        check_loop_arguments('predict', batch_size=batch_size, steps=steps)
        if x is None and steps is None:
            raise ValueError('If predicting from data tensors, you should '
                             'specify the `steps` argument.')
        x, _, _ = self._standardize_user_data(x)
        check_has_samples(x, 'x', 'predict')
        if getattr(self, 'stateful', False):
            if x[0].shape[0] > batch_size and x[0].shape[0] % batch_size != 0:
                raise ValueError('In a stateful network, you should only pass '
                                 'inputs with a number of samples that can be '
                                 'divided by the batch size. Found: %d '
                                 'samples. Batch size: %d.'
                                 % (x[0].shape[0], batch_size))
        ins = x + [0.] if self._uses_dynamic_learning_phase() else x
        self._make_predict_function()
        return training_arrays.predict_loop(self, self.predict_function, ins,
                                            batch_size=batch_size,
                                            verbose=verbose,
                                            steps=steps)

    @in_model_scope
    def train_on_batch(self, x, y,
                       sample_weight=None,
                       class_weight=None):
        """Runs one gradient update on one batch.

        # Arguments
            x: input data (as in ``fit``).
            y: target data.
            sample_weight: per-sample weights.
            class_weight: dict {class index: weight}.

        # Returns
            The loss (scalar) or the list ``[loss, metric...]``.
        """
        self._check_targets_given(y, 'train_on_batch')
        x, y, sample_weights = self._standardize_user_data(
            x, y, sample_weight=sample_weight, class_weight=class_weight)
        ins = x + y + sample_weights
        if self._uses_dynamic_learning_phase():
            ins += [1.]
        self._make_train_function()
        return unpack_singleton(run_function(self, self.train_function, ins))

    def _train_on_batch(self, x, y, sample_weight=None, class_weight=None):
        """``train_on_batch`` without the (per-call) check for changed
        multipliers, for the generator loop (which checks once per epoch).
        Returns the list of outputs."""
        if (getattr(self, 'train_function', None) is None or
                type(self).train_on_batch is not Model.train_on_batch):
            # Not built yet, or a subclass overrides train_on_batch: use it.
            return to_list(self.train_on_batch(x, y, sample_weight=sample_weight,
                                               class_weight=class_weight))
        x, y, sample_weights = self._standardize_user_data(
            x, y, sample_weight=sample_weight, class_weight=class_weight)
        ins = x + y + sample_weights
        if self._uses_dynamic_learning_phase():
            ins += [1.]
        return run_function(self, self.train_function, ins)

    @in_model_scope
    def test_on_batch(self, x, y, sample_weight=None):
        """Computes the loss and metrics on one batch (no update).

        # Arguments
            x: input data of one batch (as in ``evaluate``).
            y: target data of the batch.
            sample_weight: optional per-sample weights of the batch (a 2D
                array with ``sample_weight_mode='temporal'``).

        # Returns
            The loss (scalar) or the list ``[loss, metric...]``.
        """
        self._check_targets_given(y, 'test_on_batch')
        x, y, sample_weights = self._standardize_user_data(
            x, y, sample_weight=sample_weight)
        ins = x + y + sample_weights
        if self._uses_dynamic_learning_phase():
            ins += [0.]
        self._make_test_function()
        return unpack_singleton(run_function(self, self.test_function, ins))

    @in_model_scope
    def predict_on_batch(self, x):
        """Returns the model's outputs for one batch of samples (in test
        mode: dropout off, batch normalization with its moving statistics).

        # Arguments
            x: input data of one batch (as in ``predict``): a Numpy array,
                or a list or dict of them for a model with several inputs.

        # Returns
            A Numpy array of predictions, or a list of them for a model with
            several outputs.
        """
        x, _, _ = self._standardize_user_data(x)
        ins = x + [0.] if self._uses_dynamic_learning_phase() else x
        self._make_predict_function()
        return unpack_singleton(run_function(self, self.predict_function,
                                             ins))

    # ------------------------------------------------------------------
    # Generators
    # ------------------------------------------------------------------

    @interfaces.legacy_generator_methods_support
    @in_model_scope
    def fit_generator(self, generator,
                      steps_per_epoch=None,
                      epochs=1,
                      verbose=1,
                      callbacks=None,
                      validation_data=None,
                      validation_steps=None,
                      class_weight=None,
                      max_queue_size=10,
                      workers=1,
                      use_multiprocessing=False,
                      shuffle=True,
                      initial_epoch=0):
        """Trains the model on batches produced by a Python generator or a
        ``keras.utils.Sequence``, read in background workers.

        # Arguments
            generator: yields ``(inputs, targets)`` or
                ``(inputs, targets, sample_weights)`` batches forever; or a
                ``Sequence`` (safe with several workers and processes).
            steps_per_epoch: batches per epoch (default for a ``Sequence``:
                ``len(generator)``).
            epochs: index of the epoch at which training stops.
            verbose: 0, 1 or 2.
            callbacks: list of callbacks.
            validation_data: a generator or ``Sequence``, or a tuple
                ``(x_val, y_val)`` / ``(x_val, y_val, val_sample_weights)``.
            validation_steps: batches of a validation generator per epoch.
            class_weight: dict {class index: weight}.
            max_queue_size: capacity of the queue of batches.
            workers: number of workers (0: read on the main thread).
            use_multiprocessing: use processes instead of threads.
            shuffle: shuffle the batch order of a ``Sequence`` every epoch.
            initial_epoch: epoch to start from.

        # Returns
            A ``History`` object.

        # Raises
            ValueError: on badly formed generator output, missing steps, an
                empty ``Sequence`` (``generator`` or ``validation_data``), a
                generator that stops before ``steps_per_epoch`` (or
                ``validation_steps``) batches, ``epochs`` < 0 or
                ``steps_per_epoch`` < 1.
            TypeError: for ``epochs``, ``initial_epoch`` or
                ``steps_per_epoch`` that are not integers.
        """
        return training_generator.fit_generator(
            self, generator,
            steps_per_epoch=steps_per_epoch,
            epochs=epochs,
            verbose=verbose,
            callbacks=callbacks,
            validation_data=validation_data,
            validation_steps=validation_steps,
            class_weight=class_weight,
            max_queue_size=max_queue_size,
            workers=workers,
            use_multiprocessing=use_multiprocessing,
            shuffle=shuffle,
            initial_epoch=initial_epoch)

    @interfaces.legacy_generator_methods_support
    @in_model_scope
    def evaluate_generator(self, generator,
                           steps=None,
                           max_queue_size=10,
                           workers=1,
                           use_multiprocessing=False,
                           verbose=0):
        """Evaluates the model on batches from a generator or ``Sequence``.

        # Arguments
            generator: yields ``(inputs, targets)`` or
                ``(inputs, targets, sample_weights)``; or a ``Sequence``.
            steps: number of batches (default for a ``Sequence``: its length).
            max_queue_size: capacity of the queue of batches.
            workers: number of workers (0: main thread).
            use_multiprocessing: use processes instead of threads.
            verbose: 0 or 1.

        # Returns
            The loss or the list ``[loss, metric...]``.

        # Raises
            ValueError: for an empty ``Sequence``, a generator that stops
                before ``steps`` batches, or ``steps`` < 1.
            TypeError: for ``steps`` that is not an integer.
        """
        return training_generator.evaluate_generator(
            self, generator,
            steps=steps,
            max_queue_size=max_queue_size,
            workers=workers,
            use_multiprocessing=use_multiprocessing,
            verbose=verbose)

    @interfaces.legacy_generator_methods_support
    @in_model_scope
    def predict_generator(self, generator,
                          steps=None,
                          max_queue_size=10,
                          workers=1,
                          use_multiprocessing=False,
                          verbose=0):
        """Predicts on batches from a generator or ``Sequence``.

        # Arguments
            generator: yields input batches (or tuples whose first item is
                the inputs); or a ``Sequence``.
            steps: number of batches (default for a ``Sequence``: its length).
            max_queue_size: capacity of the queue of batches.
            workers: number of workers (0: main thread).
            use_multiprocessing: use processes instead of threads.
            verbose: 0 or 1.

        # Returns
            An array (or a list of arrays for several outputs).

        # Raises
            ValueError: for an empty ``Sequence``, a generator that stops
                before ``steps`` batches, or ``steps`` < 1.
            TypeError: for ``steps`` that is not an integer.
        """
        return training_generator.predict_generator(
            self, generator,
            steps=steps,
            max_queue_size=max_queue_size,
            workers=workers,
            use_multiprocessing=use_multiprocessing,
            verbose=verbose)
