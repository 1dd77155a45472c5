"""Callbacks: hooks called by the training loops at given stages of training.

Besides Keras 2.2.4's callbacks, the fine-tuning ones: ``MultiplierScheduler``
and ``GradualUnfreezing`` change learning-rate multipliers during ``fit``
(the multiplier logic itself is in ``keras.multipliers``);
``CosineAnnealing``, ``LinearWarmup`` and ``OneCycle`` schedule the base
learning rate (``optimizer.lr``, which the multipliers scale); and
``TensorBoard`` can write the effective learning rate of each multiplier
group and each kernel's update-to-weight ratio.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import csv
import fractions
import inspect
import io
import json
import numbers
import os
import time
import warnings
from collections.abc import Iterable
from collections.abc import Mapping

import numpy as np
import six
import tensorflow.compat.v1 as tf

from . import backend as K
from . import multipliers as multipliers_lib
from .engine.training_utils import standardize_input_data  # noqa: F401 (2.2.4 name)
from .utils.generic_utils import Progbar


class Callback(object):
    """Base class of the objects that the training loops call back.

    Subclass it and override the ``on_*`` methods you need.

    # Properties
        params: dict of training parameters (``batch_size``, ``epochs``,
            ``steps``, ``samples``, ``verbose``, ``do_validation``,
            ``metrics``).
        model: the ``keras.models.Model`` being trained.

    The ``logs`` dict passed to the methods holds: in ``on_epoch_end`` the
    epoch's metrics (with ``val_`` entries when validating); in
    ``on_batch_begin`` the key ``size``; in ``on_batch_end`` the batch's
    metrics and ``size``.
    """

    def __init__(self):
        self.validation_data = None
        self.model = None

    def set_params(self, params):
        """Stores the training parameters as ``self.params`` (the loops call
        it before training starts).

        # Arguments
            params: dict of training parameters (see the class docstring).
        """
        self.params = params

    def set_model(self, model):
        """Stores the model being trained as ``self.model`` (the loops call
        it before training starts).

        # Arguments
            model: the ``keras.models.Model`` instance.
        """
        self.model = model

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of each epoch (does nothing here).

        # Arguments
            epoch: 0-based index of the epoch.
            logs: dict; empty at this stage.
        """
        pass

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of each epoch (does nothing here).

        # Arguments
            epoch: 0-based index of the epoch.
            logs: dict of the epoch's metric values (with ``val_`` entries
                when validating); a callback may add entries to it.
        """
        pass

    def on_batch_begin(self, batch, logs=None):
        """Called before each batch is trained on (does nothing here).

        # Arguments
            batch: 0-based index of the batch within the epoch.
            logs: dict with the keys ``batch`` and ``size`` (number of
                samples in the batch).
        """
        pass

    def on_batch_end(self, batch, logs=None):
        """Called after each batch is trained on (does nothing here).

        # Arguments
            batch: 0-based index of the batch within the epoch.
            logs: dict of the batch's metric values, with ``batch`` and
                ``size``.
        """
        pass

    def on_train_begin(self, logs=None):
        """Called once when training starts (does nothing here).

        # Arguments
            logs: dict; empty at this stage.
        """
        pass

    def on_train_end(self, logs=None):
        """Called once when training ends (does nothing here).

        # Arguments
            logs: dict; empty at this stage.
        """
        pass


class CallbackList(object):
    """A list of callbacks called together.

    # Arguments
        callbacks: list of ``Callback`` instances.
        queue_length: number of recent batches over which the time spent in
            the callbacks is watched (a warning is printed when callbacks
            are slow compared to the batch itself).
    """

    def __init__(self, callbacks=None, queue_length=10):
        self.callbacks = list(callbacks or [])
        self.queue_length = queue_length
        self.params = {}
        self.model = None
        self._reset_batch_timing()

    def _reset_batch_timing(self):
        self._delta_t_batch = 0.
        self._delta_ts = collections.defaultdict(
            lambda: collections.deque([], maxlen=self.queue_length))

    def append(self, callback):
        """Adds a callback at the end of the list.

        # Arguments
            callback: a ``Callback`` instance.
        """
        self.callbacks.append(callback)

    def set_params(self, params):
        """Gives the training parameters to the list and to every callback.

        # Arguments
            params: dict of training parameters.
        """
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model):
        """Gives the model being trained to the list and to every callback.

        # Arguments
            model: the ``keras.models.Model`` instance.
        """
        self.model = model
        for callback in self.callbacks:
            callback.set_model(model)

    def on_epoch_begin(self, epoch, logs=None):
        """Calls ``on_epoch_begin`` of every callback, in order, and restarts
        the watch on the time the callbacks take per batch.

        # Arguments
            epoch: 0-based index of the epoch.
            logs: dict passed on to each callback (None: an empty dict).
        """
        logs = logs or {}
        for callback in self.callbacks:
            callback.on_epoch_begin(epoch, logs)
        self._reset_batch_timing()

    def on_epoch_end(self, epoch, logs=None):
        """Calls ``on_epoch_end`` of every callback, in order.

        # Arguments
            epoch: 0-based index of the epoch.
            logs: dict of the epoch's metric values, passed on to each
                callback (None: an empty dict).
        """
        logs = logs or {}
        for callback in self.callbacks:
            callback.on_epoch_end(epoch, logs)

    def _watch(self, hook, spent):
        times = self._delta_ts[hook]
        times.append(spent)
        # The median is only worth computing when this call was slow.
        if spent > 0.1 and self._delta_t_batch > 0.:
            median = np.median(times)
            if median > 0.95 * self._delta_t_batch and median > 0.1:
                warnings.warn('Method %s() is slow compared to the batch update '
                              '(%f). Check your callbacks.' % (hook, median))

    def on_batch_begin(self, batch, logs=None):
        """Calls ``on_batch_begin`` of every callback, in order, and warns
        when they are slow compared to the batch itself.

        # Arguments
            batch: 0-based index of the batch within the epoch.
            logs: dict passed on to each callback (None: an empty dict).
        """
        logs = logs or {}
        start = time.time()
        for callback in self.callbacks:
            callback.on_batch_begin(batch, logs)
        self._t_enter_batch = time.time()
        self._watch('on_batch_begin', self._t_enter_batch - start)

    def on_batch_end(self, batch, logs=None):
        """Calls ``on_batch_end`` of every callback, in order, and warns when
        they are slow compared to the batch itself.

        # Arguments
            batch: 0-based index of the batch within the epoch.
            logs: dict of the batch's metric values, passed on to each
                callback (None: an empty dict).
        """
        logs = logs or {}
        start = time.time()
        if not hasattr(self, '_t_enter_batch'):
            self._t_enter_batch = start
        self._delta_t_batch = start - self._t_enter_batch
        for callback in self.callbacks:
            callback.on_batch_end(batch, logs)
        self._watch('on_batch_end', time.time() - start)

    def on_train_begin(self, logs=None):
        """Calls ``on_train_begin`` of every callback, in order.

        # Arguments
            logs: dict passed on to each callback (None: an empty dict).
        """
        logs = logs or {}
        for callback in self.callbacks:
            callback.on_train_begin(logs)

    def on_train_end(self, logs=None):
        """Calls ``on_train_end`` of every callback, in order.

        # Arguments
            logs: dict passed on to each callback (None: an empty dict).
        """
        logs = logs or {}
        for callback in self.callbacks:
            callback.on_train_end(logs)

    def __iter__(self):
        return iter(self.callbacks)


class BaseLogger(Callback):
    """Averages the batch metrics over each epoch (weighted by batch size)
    and puts the averages into the epoch logs. Added to every ``fit``.

    # Arguments
        stateful_metrics: names of metrics that must not be averaged (their
            last value is reported).
    """

    def __init__(self, stateful_metrics=None):
        super(BaseLogger, self).__init__()
        self.stateful_metrics = set(stateful_metrics or ())

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        batch_size = logs.get('size', 0)
        self.seen += batch_size
        totals = self.totals
        for k, v in logs.items():
            if k in self.stateful_metrics:
                totals[k] = v
            elif k in totals:
                totals[k] += v * batch_size
            else:
                totals[k] = v * batch_size

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        for k in self.params['metrics']:
            if k in self.totals:
                if k in self.stateful_metrics:
                    logs[k] = self.totals[k]
                else:
                    logs[k] = self.totals[k] / self.seen


class TerminateOnNaN(Callback):
    """Stops training as soon as a batch loss is NaN or infinite."""

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        loss = logs.get('loss')
        if loss is not None and (np.isnan(loss) or np.isinf(loss)):
            print('Batch %d: Invalid loss, terminating training' % batch)
            self.model.stop_training = True


class ProgbarLogger(Callback):
    """Prints the metrics to stdout with a progress bar (``verbose=1``) or
    one line per epoch (``verbose=2``).

    # Arguments
        count_mode: 'samples' or 'steps': what the progress bar counts.
        stateful_metrics: names of metrics shown as given, not averaged.

    # Raises
        ValueError: for an unknown ``count_mode``.
    """

    def __init__(self, count_mode='samples', stateful_metrics=None):
        super(ProgbarLogger, self).__init__()
        if count_mode == 'samples':
            self.use_steps = False
        elif count_mode == 'steps':
            self.use_steps = True
        else:
            raise ValueError('Unknown `count_mode`: %r; accepted: "samples", '
                             '"steps".' % (count_mode,))
        self.stateful_metrics = set(stateful_metrics or ())

    def on_train_begin(self, logs=None):
        self.verbose = self.params['verbose']
        self.epochs = self.params['epochs']

    def on_epoch_begin(self, epoch, logs=None):
        if self.verbose:
            print('Epoch %d/%d' % (epoch + 1, self.epochs))
            self.target = (self.params['steps'] if self.use_steps
                           else self.params['samples'])
            self.progbar = Progbar(target=self.target,
                                   verbose=self.verbose,
                                   stateful_metrics=self.stateful_metrics)
        self.seen = 0

    def on_batch_begin(self, batch, logs=None):
        if self.target is None or self.seen < self.target:
            self.log_values = []

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self.seen += 1 if self.use_steps else logs.get('size', 0)
        for k in self.params['metrics']:
            if k in logs:
                self.log_values.append((k, logs[k]))
        # The last batch is shown by on_epoch_end, with the validation values.
        if self.verbose and (self.target is None or self.seen < self.target):
            self.progbar.update(self.seen, self.log_values)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        for k in self.params['metrics']:
            if k in logs:
                self.log_values.append((k, logs[k]))
        if self.verbose:
            self.progbar.update(self.seen, self.log_values)

    target = None
    log_values = ()


class History(Callback):
    """Records the epoch logs: ``history.epoch`` (list of epoch indices) and
    ``history.history`` ({metric name: list of values}). ``fit`` returns it.
    """

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epoch.append(epoch)
        for k, v in logs.items():
            self.history.setdefault(k, []).append(v)


def _monitor_op(mode, monitor, owner):
    """(comparison, initial best) for a monitored quantity."""
    if mode not in ('auto', 'min', 'max'):
        warnings.warn('%s mode %s is unknown, fallback to auto mode.'
                      % (owner, mode), RuntimeWarning)
        mode = 'auto'
    if mode == 'auto':
        mode = ('max' if 'acc' in monitor or monitor.startswith('fmeasure')
                else 'min')
    if mode == 'max':
        return np.greater, -np.inf
    return np.less, np.inf


class ModelCheckpoint(Callback):
    """Saves the model (or its weights) after every ``period`` epochs.

    ``filepath`` may hold format fields filled with the epoch number
    (1-based) and the epoch logs, e.g. ``weights.{epoch:02d}-{val_loss:.2f}.hdf5``.
    Files are written by ``model.save`` / ``model.save_weights``.

    # Arguments
        filepath: path of the file to write.
        monitor: quantity to watch with ``save_best_only``.
        verbose: 0 or 1.
        save_best_only: only save when the monitored quantity improved.
        save_weights_only: save only the weights (``save_weights``).
        mode: 'auto', 'min' or 'max': whether an improvement is a decrease
            or an increase ('auto' decides from the name: 'acc' -> max).
        period: number of epochs between two checkpoints.
    """

    def __init__(self, filepath, monitor='val_loss', verbose=0,
                 save_best_only=False, save_weights_only=False,
                 mode='auto', period=1):
        super(ModelCheckpoint, self).__init__()
        self.monitor = monitor
        self.verbose = verbose
        self.filepath = filepath
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.period = period
        self.epochs_since_last_save = 0
        self.monitor_op, self.best = _monitor_op(mode, monitor, 'ModelCheckpoint')

    def _save(self, filepath):
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epochs_since_last_save += 1
        if self.epochs_since_last_save < self.period:
            return
        self.epochs_since_last_save = 0
        filepath = self.filepath.format(epoch=epoch + 1, **logs)
        if not self.save_best_only:
            if self.verbose > 0:
                print('\nEpoch %05d: saving model to %s' % (epoch + 1, filepath))
            self._save(filepath)
            return
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn('Can save best model only with %s available, '
                          'skipping.' % self.monitor, RuntimeWarning)
        elif self.monitor_op(current, self.best):
            if self.verbose > 0:
                print('\nEpoch %05d: %s improved from %0.5f to %0.5f, saving '
                      'model to %s' % (epoch + 1, self.monitor, self.best,
                                       current, filepath))
            self.best = current
            self._save(filepath)
        elif self.verbose > 0:
            print('\nEpoch %05d: %s did not improve from %0.5f'
                  % (epoch + 1, self.monitor, self.best))


class EarlyStopping(Callback):
    """Stops training when a monitored quantity has stopped improving.

    # Arguments
        monitor: quantity to watch.
        min_delta: smallest change that counts as an improvement.
        patience: epochs without improvement after which training stops.
        verbose: 0 or 1.
        mode: 'auto', 'min' or 'max'.
        baseline: value the quantity must beat; training stops if it does
            not within ``patience`` epochs.
        restore_best_weights: when stopping, restore the weights of the
            best epoch.
    """

    def __init__(self, monitor='val_loss', min_delta=0, patience=0, verbose=0,
                 mode='auto', baseline=None, restore_best_weights=False):
        super(EarlyStopping, self).__init__()
        self.monitor = monitor
        self.baseline = baseline
        self.patience = patience
        self.verbose = verbose
        self.min_delta = min_delta
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        if mode not in ('auto', 'min', 'max'):
            warnings.warn('EarlyStopping mode %s is unknown, fallback to auto '
                          'mode.' % mode, RuntimeWarning)
            mode = 'auto'
        if mode == 'min' or (mode == 'auto' and 'acc' not in monitor):
            self.monitor_op = np.less
            self.min_delta = -min_delta
        else:
            self.monitor_op = np.greater
            self.min_delta = min_delta

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        if self.baseline is not None:
            self.best = self.baseline
        else:
            self.best = np.inf if self.monitor_op is np.less else -np.inf

    def on_epoch_end(self, epoch, logs=None):
        current = self.get_monitor_value(logs or {})
        if current is None:
            return
        if self.monitor_op(current - self.min_delta, self.best):
            self.best = current
            self.wait = 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                if self.verbose > 0:
                    print('Restoring model weights from the end of the best '
                          'epoch')
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print('Epoch %05d: early stopping' % (self.stopped_epoch + 1))

    def get_monitor_value(self, logs):
        """The value of the monitored quantity in ``logs``, or None (with a
        ``RuntimeWarning`` listing the available metrics) when it is not
        there.

        # Arguments
            logs: dict of the epoch's metric values.

        # Returns
            The value, or None.
        """
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn('Early stopping conditioned on metric `%s` which is '
                          'not available. Available metrics are: %s'
                          % (self.monitor, ','.join(list(logs.keys()))),
                          RuntimeWarning)
        return value


class RemoteMonitor(Callback):
    """Posts the epoch logs to a server (needs the ``requests`` library).

    The logs are sent as a form field ``field`` holding JSON, or as a JSON
    body with ``send_as_json=True``.

    # Arguments
        root: root URL of the server.
        path: path of the endpoint, appended to ``root``.
        field: name of the form field holding the data.
        headers: optional dict of HTTP headers.
        send_as_json: send the logs as the JSON body (``application/json``).
    """

    def __init__(self, root='http://localhost:9000', path='/publish/epoch/end/',
                 field='data', headers=None, send_as_json=False):
        super(RemoteMonitor, self).__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        try:
            import requests
        except ImportError:
            raise ImportError('RemoteMonitor requires the `requests` library '
                              '(pip install requests).')
        logs = logs or {}
        send = {'epoch': epoch}
        for k, v in logs.items():
            send[k] = v.item() if isinstance(v, (np.ndarray, np.generic)) else v
        url = self.root + self.path
        try:
            if self.send_as_json:
                requests.post(url, json=send, headers=self.headers)
            else:
                requests.post(url, {self.field: json.dumps(send)},
                              headers=self.headers)
        except requests.exceptions.RequestException:
            warnings.warn('Warning: could not reach RemoteMonitor root server '
                          'at ' + str(self.root))


def _accepts_two_args(fn):
    """Whether ``fn`` can be called as ``fn(epoch, lr)``."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    positional = 0
    for p in params:
        if p.kind == p.VAR_POSITIONAL:
            return True
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            positional += 1
    return positional >= 2


class LearningRateScheduler(Callback):
    """Sets the learning rate at the start of every epoch.

    # Arguments
        schedule: ``f(epoch, lr) -> new lr`` (``epoch`` 0-based, ``lr`` the
            current learning rate), or the older ``f(epoch) -> new lr``.
        verbose: 0 or 1.

    # Raises
        ValueError: if the optimizer has no ``lr`` or the schedule does not
            return a float.
    """

    def __init__(self, schedule, verbose=0):
        super(LearningRateScheduler, self).__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        if not hasattr(self.model.optimizer, 'lr'):
            raise ValueError('Optimizer must have a "lr" attribute.')
        lr = float(K.get_value(self.model.optimizer.lr))
        if _accepts_two_args(self.schedule):
            lr = self.schedule(epoch, lr)
        else:
            lr = self.schedule(epoch)
        if not isinstance(lr, (float, np.float32, np.float64)):
            raise ValueError('The output of the "schedule" function should be '
                             'float, got %r.' % (lr,))
        K.set_value(self.model.optimizer.lr, lr)
        if self.verbose > 0:
            print('\nEpoch %05d: LearningRateScheduler setting learning rate '
                  'to %s.' % (epoch + 1, lr))

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs['lr'] = K.get_value(self.model.optimizer.lr)


class TensorBoard(Callback):
    """Writes TensorBoard logs: the epoch metrics as scalars, the graph, and
    optionally histograms of weights, gradients and layer outputs (computed
    on the validation data every ``histogram_freq`` epochs) and images of
    the weights.

    Run ``tensorboard --logdir=/full_path_to_your_logs`` to view them.

    Embeddings visualization (``embeddings_freq``) is not supported by this
    implementation (it needs TensorFlow's projector plugin, absent from
    ``tf.compat.v1``); a warning says so and the arguments are ignored.

    Fine-tuning diagnostics (off by default; when off, ``fit`` does no extra
    work), written every ``diagnostics_freq`` (at the end of each epoch, or
    every N batches) as scalars:

    - ``write_learning_rates``: the effective learning rate of each group of
      weights sharing a learning-rate multiplier, tagged ``lr/x<multiplier>``
      (``lr/x1``, ``lr/x0.1``, ``lr/x0`` for weights frozen by 0; the
      description of the tag lists the group's layers): the rate of the
      interval's last step, ``lr / (1 + decay * step) * multiplier`` as
      ``Model.effective_learning_rates`` gives it (no Adam bias correction);
    - ``write_update_ratios``: for each kernel (weights named ``*kernel``,
      and ``embeddings``) of each trained layer, ``|w_end - w_start| /
      |w_start|`` (Frobenius norms) over the interval, tagged
      ``update_ratio/<layer>/<weight>`` (nested models' layers as
      ``outer/inner``); a healthy fine-tuning step is around 1e-3 per batch;
      0 means the weight did not move, ``inf`` a zero kernel that did;
    - ``update_ratio_histograms``: per kernel, a histogram of the same ratio
      taken for each output unit (each slice along the kernel's last axis),
      tagged ``update_ratio_hist/<layer>/<weight>``.

    The step of these entries is the epoch index (``diagnostics_freq=
    'epoch'``) or the number of training steps done (the optimizer's
    ``iterations``). ``diagnostics_verbose=1`` also prints them.

    # Arguments
        log_dir: directory of the log files.
        histogram_freq: epochs between histograms (0: none). Needs
            ``validation_data`` (not a generator).
        batch_size: batch size of the validation data fed for histograms.
        write_graph: write the graph.
        write_grads: with histograms, also the gradients' histograms.
        write_images: write the weights as images.
        embeddings_freq: epochs between embedding snapshots; not supported
            (see above): a value other than 0 only warns.
        embeddings_layer_names: not supported (see above), ignored.
        embeddings_metadata: not supported (see above), ignored.
        embeddings_data: not supported (see above), ignored.
        update_freq: 'epoch', 'batch' or an integer number of samples between
            writes of the metrics.
        write_learning_rates: write the effective learning rate of each
            multiplier group (see above).
        write_update_ratios: write each kernel's update-to-weight ratio.
        update_ratio_histograms: write histograms of per-unit update ratios.
        diagnostics_freq: ``'epoch'`` or an integer number of batches: the
            interval of the diagnostics.
        diagnostics_verbose: 1 prints the diagnostics to the console too.

    # Raises
        ValueError: for a ``diagnostics_freq`` that is neither ``'epoch'``
            nor an integer >= 1.
    """

    def __init__(self, log_dir='./logs',
                 histogram_freq=0,
                 batch_size=32,
                 write_graph=True,
                 write_grads=False,
                 write_images=False,
                 embeddings_freq=0,
                 embeddings_layer_names=None,
                 embeddings_metadata=None,
                 embeddings_data=None,
                 update_freq='epoch',
                 write_learning_rates=False,
                 write_update_ratios=False,
                 update_ratio_histograms=False,
                 diagnostics_freq='epoch',
                 diagnostics_verbose=0):
        super(TensorBoard, self).__init__()
        self.log_dir = log_dir
        self.histogram_freq = histogram_freq
        self.merged = None
        self.write_graph = write_graph
        self.write_grads = write_grads
        self.write_images = write_images
        self.embeddings_freq = embeddings_freq
        self.embeddings_layer_names = embeddings_layer_names
        self.embeddings_metadata = embeddings_metadata or {}
        self.embeddings_data = embeddings_data
        self.batch_size = batch_size
        if embeddings_freq:
            warnings.warn('TensorBoard: embeddings visualization '
                          '(embeddings_freq=%r) is not implemented in this Keras '
                          'and is ignored; scalars, graph, histograms and '
                          'images are written.' % (embeddings_freq,))
        if update_freq == 'batch':
            self.update_freq = 1
        else:
            self.update_freq = update_freq
        self.samples_seen = 0
        self.samples_seen_at_last_write = 0
        self.writer = None
        if diagnostics_freq != 'epoch' and (
                isinstance(diagnostics_freq, bool) or
                not isinstance(diagnostics_freq, numbers.Integral) or
                diagnostics_freq < 1):
            raise ValueError('TensorBoard: diagnostics_freq must be "epoch" or '
                             'an integer number of batches >= 1, got %r.'
                             % (diagnostics_freq,))
        self.write_learning_rates = write_learning_rates
        self.write_update_ratios = write_update_ratios
        self.update_ratio_histograms = update_ratio_histograms
        self.diagnostics_freq = diagnostics_freq
        self.diagnostics_verbose = diagnostics_verbose
        self._diagnostics = bool(write_learning_rates or write_update_ratios or
                                 update_ratio_histograms or diagnostics_verbose)
        # Batches between two diagnostics (0: at the end of each epoch).
        self._diagnostics_batches = 0
        if self._diagnostics and diagnostics_freq != 'epoch':
            self._diagnostics_batches = int(diagnostics_freq)
        self._described_tags = set()

    def set_model(self, model):
        self.model = model
        self.sess = K.get_session()
        if self.histogram_freq and self.merged is None:
            for layer in self.model.layers:
                for weight in layer.weights:
                    name = weight.name.replace(':', '_')
                    tf.summary.histogram(name, weight)
                    if self.write_grads and weight in layer.trainable_weights:
                        grads = model.optimizer.get_gradients(model.total_loss,
                                                              [weight])
                        grads = [g.values if type(g).__name__ == 'IndexedSlices'
                                 else g for g in grads]
                        tf.summary.histogram('%s_grad' % name, grads)
                    if self.write_images:
                        image = self._weight_image(weight)
                        if image is not None:
                            tf.summary.image(name, image)
                if hasattr(layer, 'output'):
                    try:
                        outputs = layer.output
                    except AttributeError:
                        continue
                    if isinstance(outputs, list):
                        for i, output in enumerate(outputs):
                            tf.summary.histogram('%s_out_%d' % (layer.name, i),
                                                 output)
                    else:
                        tf.summary.histogram('%s_out' % layer.name, outputs)
            self.merged = tf.summary.merge_all()
        if self.write_graph:
            self.writer = tf.summary.FileWriter(self.log_dir, self.sess.graph)
        else:
            self.writer = tf.summary.FileWriter(self.log_dir)

    @staticmethod
    def _weight_image(weight):
        """A 4D image tensor showing ``weight``, or None when its rank has no
        image form."""
        image = tf.squeeze(weight)
        shape = K.int_shape(image)
        if len(shape) == 2:
            if shape[0] > shape[1]:
                image = tf.transpose(image)
                shape = K.int_shape(image)
            image = tf.reshape(image, [1, shape[0], shape[1], 1])
        elif len(shape) == 3:
            if K.image_data_format() == 'channels_last':
                image = tf.transpose(image, perm=[2, 0, 1])
                shape = K.int_shape(image)
            image = tf.reshape(image, [shape[0], shape[1], shape[2], 1])
        elif len(shape) == 1:
            image = tf.reshape(image, [1, shape[0], 1, 1])
        else:
            return None
        return image

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.histogram_freq and not self.validation_data:
            raise ValueError('If printing histograms, validation_data must be '
                             'provided, and cannot be a generator.')
        if (self.histogram_freq and self.merged is not None and
                epoch % self.histogram_freq == 0):
            val_data = self.validation_data
            tensors = (self.model._feed_inputs + self.model._feed_targets +
                       self.model._feed_sample_weights)
            learning_phase = self.model._uses_dynamic_learning_phase()
            if learning_phase:
                tensors = tensors + [K.learning_phase()]
            if len(val_data) != len(tensors):
                raise ValueError('TensorBoard: validation_data has %d arrays, '
                                 'the model is fed %d.'
                                 % (len(val_data), len(tensors)))
            val_size = val_data[0].shape[0]
            arrays = val_data[:-1] if learning_phase else val_data
            for start in range(0, val_size, self.batch_size):
                batch = [x[start:start + self.batch_size] for x in arrays]
                if learning_phase:
                    batch.append(val_data[-1])
                summary = self.sess.run(self.merged,
                                        feed_dict=dict(zip(tensors, batch)))
                self.writer.add_summary(summary, epoch)
        index = epoch if self.update_freq == 'epoch' else self.samples_seen
        self._write_logs(logs, index)
        if self._diagnostics and not self._diagnostics_batches:
            self._write_diagnostics(epoch, 'Epoch %d' % (epoch + 1))

    def _write_logs(self, logs, index):
        for name, value in logs.items():
            if name in ('batch', 'size'):
                continue
            summary = tf.Summary()
            entry = summary.value.add()
            entry.simple_value = (value.item() if isinstance(value, np.ndarray)
                                  else float(value))
            entry.tag = name
            self.writer.add_summary(summary, index)
        self.writer.flush()

    def on_train_end(self, _):
        """Closes the log writer.

        # Arguments
            _: the logs dict (unused).
        """
        if self.writer is not None:
            self.writer.close()

    def on_batch_end(self, batch, logs=None):
        if self.update_freq != 'epoch':
            logs = logs or {}
            self.samples_seen += logs.get('size', 1)
            if (self.samples_seen - self.samples_seen_at_last_write >=
                    self.update_freq):
                self._write_logs(logs, self.samples_seen)
                self.samples_seen_at_last_write = self.samples_seen
        if self._diagnostics_batches:
            self._batches_since_diagnostics += 1
            if self._batches_since_diagnostics >= self._diagnostics_batches:
                step = int(K.get_value(self.model.optimizer.iterations))
                self._write_diagnostics(step, 'Step %d' % step)

    # Fine-tuning diagnostics ------------------------------------------------

    def on_train_begin(self, logs=None):
        if self._diagnostics:
            if (self.write_learning_rates or self.diagnostics_verbose) and \
                    not hasattr(self.model.optimizer, 'lr'):
                raise ValueError(
                    'TensorBoard: write_learning_rates / diagnostics_verbose '
                    'need an optimizer with an `lr` (a keras.optimizers '
                    'optimizer); %s has none.'
                    % type(self.model.optimizer).__name__)
            self._kernels = self._diagnostic_kernels()
            self._start_interval()

    def _trained_weights(self):
        """The weights the train function trains (as ``compile`` collected
        them), frozen-by-multiplier ones included."""
        weights = getattr(self.model, '_collected_trainable_weights', None)
        return list(self.model.trainable_weights if weights is None else weights)

    def _diagnostic_kernels(self):
        """``[(tag suffix, variable)]``: the kernels of the trained layers."""
        trained = set(id(w) for w in self._trained_weights())
        kernels = []
        for path, layer in multipliers_lib.leaf_layers(self.model):
            for name, weights in multipliers_lib.named_weights(layer).items():
                if not (name.endswith('kernel') or name == 'embeddings'):
                    continue
                weights = [w for w in weights if id(w) in trained]
                for i, weight in enumerate(weights):
                    suffix = '_%d' % i if len(weights) > 1 else ''
                    kernels.append(('%s/%s%s' % (path, name, suffix), weight))
        return kernels

    def _start_interval(self):
        self._batches_since_diagnostics = 0
        if self.write_update_ratios or self.update_ratio_histograms or \
                self.diagnostics_verbose:
            self._kernel_values = K.batch_get_value([w for _, w in self._kernels])

    def _learning_rate_groups(self):
        """``[(multiplier, rate, [layer names])]``, largest multiplier first:
        the effective rate of the last step, per multiplier group."""
        optimizer = self.model.optimizer
        step = max(int(K.get_value(optimizer.iterations)) - 1, 0)
        rates = self.model.effective_learning_rates(step=step)
        multipliers = self.model.multipliers
        owners = {}
        for path, layer in multipliers_lib.leaf_layers(self.model):
            for weight in layer.trainable_weights:
                owners.setdefault(id(weight), path)
        groups = collections.OrderedDict()
        for weight in self._trained_weights():
            multiplier = multipliers.get(weight)
            multiplier = 1. if multiplier is None else float(multiplier)
            rate, layers = groups.setdefault(multiplier, (rates[weight.name], []))
            layer = owners.get(id(weight), weight.name)
            if layer not in layers:
                layers.append(layer)
        return [(m,) + groups[m] for m in sorted(groups, reverse=True)]

    def _write_diagnostics(self, step, label):
        summary = tf.Summary()
        lines = []
        if self.write_learning_rates or self.diagnostics_verbose:
            for multiplier, rate, layers in self._learning_rate_groups():
                tag = 'lr/x%g' % multiplier
                lines.append('  %-40s %.4e  (%s)' % (tag, rate, ', '.join(layers)))
                if self.write_learning_rates:
                    entry = summary.value.add(tag=tag, simple_value=rate)
                    if tag not in self._described_tags:
                        self._described_tags.add(tag)
                        entry.metadata.summary_description = (
                            'Effective learning rate of the weights with '
                            'learning-rate multiplier %g; layers: %s.'
                            % (multiplier, ', '.join(layers)))
        if self.write_update_ratios or self.update_ratio_histograms or \
                self.diagnostics_verbose:
            after = K.batch_get_value([w for _, w in self._kernels])
            for (name, _), old, new in zip(self._kernels, self._kernel_values, after):
                ratio = _update_ratio(old, new)
                lines.append('  %-40s %.4e' % ('update_ratio/' + name, ratio))
                if self.write_update_ratios:
                    summary.value.add(tag='update_ratio/' + name,
                                      simple_value=ratio)
                if self.update_ratio_histograms:
                    summary.value.add(tag='update_ratio_hist/' + name,
                                      histo=_histogram(_unit_update_ratios(old, new)))
        if self.writer is not None and summary.value:
            self.writer.add_summary(summary, step)
            self.writer.flush()
        if self.diagnostics_verbose:
            print('\n%s: learning rates and update/weight ratios\n%s'
                  % (label, '\n'.join(lines)))
        self._start_interval()


def _update_ratio(before, after):
    """``|after - before| / |before|`` (Frobenius norms) as a float; 0 when
    nothing moved, inf for a zero weight that moved."""
    delta = float(np.linalg.norm((after - before).ravel()))
    norm = float(np.linalg.norm(before.ravel()))
    if delta == 0.:
        return 0.
    return delta / norm if norm > 0 else float('inf')


def _unit_update_ratios(before, after):
    """The update ratio of each slice along the last axis (output unit)."""
    before = before.reshape(-1, before.shape[-1]) if before.ndim else before.reshape(1, 1)
    after = after.reshape(before.shape)
    return np.array([_update_ratio(before[:, j], after[:, j])
                     for j in range(before.shape[1])])


def _histogram(values, bins=30):
    """A ``tf.HistogramProto`` of the finite ``values`` (NumPy)."""
    values = np.asarray(values, dtype='float64')
    values = values[np.isfinite(values)]
    proto = tf.HistogramProto()
    if values.size == 0:
        return proto
    counts, edges = np.histogram(values, bins=bins)
    proto.min = float(values.min())
    proto.max = float(values.max())
    proto.num = float(values.size)
    proto.sum = float(values.sum())
    proto.sum_squares = float(np.square(values).sum())
    proto.bucket_limit.extend(float(e) for e in edges[1:])
    proto.bucket.extend(float(c) for c in counts)
    return proto


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by ``factor`` when a monitored quantity
    has not improved for ``patience`` epochs.

    # Arguments
        monitor: quantity to watch.
        factor: factor applied to the learning rate (< 1).
        patience: epochs without improvement before a reduction.
        verbose: 0 or 1.
        mode: 'auto', 'min' or 'max'.
        min_delta: smallest change that counts as an improvement.
        cooldown: epochs to wait after a reduction before counting again.
        min_lr: lower bound of the learning rate.
        **kwargs: ``epsilon``: deprecated name of ``min_delta``.

    # Raises
        ValueError: if ``factor >= 1``.
    """

    def __init__(self, monitor='val_loss', factor=0.1, patience=10,
                 verbose=0, mode='auto', min_delta=1e-4, cooldown=0, min_lr=0,
                 **kwargs):
        super(ReduceLROnPlateau, self).__init__()
        self.monitor = monitor
        if factor >= 1.0:
            raise ValueError('ReduceLROnPlateau does not support a factor >= '
                             '1.0 (got %r).' % (factor,))
        if 'epsilon' in kwargs:
            min_delta = kwargs.pop('epsilon')
            warnings.warn('`epsilon` argument is deprecated and will be '
                          'removed, use `min_delta` instead.')
        if kwargs:
            raise TypeError('ReduceLROnPlateau: unexpected arguments %s.'
                            % sorted(kwargs))
        self.factor = factor
        self.min_lr = min_lr
        self.min_delta = min_delta
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0
        self.best = 0
        self.mode = mode
        self.monitor_op = None
        self._reset()

    def _reset(self):
        if self.mode not in ('auto', 'min', 'max'):
            warnings.warn('Learning Rate Plateau Reducing mode %s is unknown, '
                          'fallback to auto mode.' % self.mode, RuntimeWarning)
            self.mode = 'auto'
        if self.mode == 'min' or (self.mode == 'auto' and
                                  'acc' not in self.monitor):
            self.monitor_op = lambda a, b: np.less(a, b - self.min_delta)
            self.best = np.inf
        else:
            self.monitor_op = lambda a, b: np.greater(a, b + self.min_delta)
            self.best = -np.inf
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        logs['lr'] = K.get_value(self.model.optimizer.lr)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn('Reduce LR on plateau conditioned on metric `%s` '
                          'which is not available. Available metrics are: %s'
                          % (self.monitor, ','.join(list(logs.keys()))),
                          RuntimeWarning)
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                old_lr = float(K.get_value(self.model.optimizer.lr))
                if old_lr > self.min_lr:
                    new_lr = max(old_lr * self.factor, self.min_lr)
                    K.set_value(self.model.optimizer.lr, new_lr)
                    if self.verbose > 0:
                        print('\nEpoch %05d: ReduceLROnPlateau reducing '
                              'learning rate to %s.' % (epoch + 1, new_lr))
                    self.cooldown_counter = self.cooldown
                    self.wait = 0

    def in_cooldown(self):
        """Whether the callback is in its cooldown period after a reduction
        (epochs without improvement are not counted while it is).

        # Returns
            A bool.
        """
        return self.cooldown_counter > 0


class CSVLogger(Callback):
    """Writes the epoch logs to a CSV file, one row per epoch.

    # Arguments
        filename: the CSV file.
        separator: the field separator.
        append: append to an existing file (the header is written only if
            the file is empty) instead of overwriting it.
    """

    def __init__(self, filename, separator=',', append=False):
        super(CSVLogger, self).__init__()
        self.sep = separator
        self.filename = filename
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.file_flags = ''
        self._open_args = {'newline': '\n'}

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename, 'r') as f:
                    self.append_header = not bool(len(f.readline()))
            mode = 'a'
        else:
            mode = 'w'
        self.csv_file = io.open(self.filename, mode + self.file_flags,
                                **self._open_args)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}

        def handle_value(value):
            zero_dim = isinstance(value, np.ndarray) and value.ndim == 0
            if isinstance(value, six.string_types):
                return value
            if isinstance(value, Iterable) and not zero_dim:
                return '"[%s]"' % ', '.join(map(str, value))
            return value

        if self.keys is None:
            self.keys = sorted(logs.keys())
        if self.model is not None and getattr(self.model, 'stop_training', False):
            # Missing values of the last epoch are written as NA.
            logs = dict((k, logs[k] if k in logs else 'NA') for k in self.keys)
        if not self.writer:
            class CustomDialect(csv.excel):
                delimiter = self.sep
            self.writer = csv.DictWriter(self.csv_file,
                                         fieldnames=['epoch'] + self.keys,
                                         dialect=CustomDialect)
            if self.append_header:
                self.writer.writeheader()
        row = collections.OrderedDict({'epoch': epoch})
        row.update((key, handle_value(logs[key])) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        self.csv_file.close()
        self.writer = None


class LambdaCallback(Callback):
    """A callback made of plain functions.

    # Arguments
        on_epoch_begin: ``f(epoch, logs)``.
        on_epoch_end: ``f(epoch, logs)``.
        on_batch_begin: ``f(batch, logs)``.
        on_batch_end: ``f(batch, logs)``.
        on_train_begin: ``f(logs)``.
        on_train_end: ``f(logs)``.
        **kwargs: set as attributes of the callback.

    # Example

    ```python
    print_batch = LambdaCallback(
        on_batch_begin=lambda batch, logs: print(batch))
    ```
    """

    def __init__(self,
                 on_epoch_begin=None,
                 on_epoch_end=None,
                 on_batch_begin=None,
                 on_batch_end=None,
                 on_train_begin=None,
                 on_train_end=None,
                 **kwargs):
        super(LambdaCallback, self).__init__()
        self.__dict__.update(kwargs)
        noop2 = lambda index, logs: None  # noqa: E731
        noop1 = lambda logs: None  # noqa: E731
        self.on_epoch_begin = on_epoch_begin if on_epoch_begin is not None else noop2
        self.on_epoch_end = on_epoch_end if on_epoch_end is not None else noop2
        self.on_batch_begin = on_batch_begin if on_batch_begin is not None else noop2
        self.on_batch_end = on_batch_end if on_batch_end is not None else noop2
        self.on_train_begin = on_train_begin if on_train_begin is not None else noop1
        self.on_train_end = on_train_end if on_train_end is not None else noop1


class MultiplierScheduler(Callback):
    """Changes learning-rate multipliers during ``fit``, at the start of epochs.

    The train function is rebuilt with the new multipliers; the optimizer
    state (moments, accumulators) of weights that were already training is
    kept.

    # Arguments
        schedule: a function ``(epoch, model) -> rules`` (rules as for
            ``Model.set_learning_rate_multipliers``, a number included: 0
            freezes every layer; ``None`` or an empty dict or list changes
            nothing), or a dict {epoch: rules} (epochs counted from 0).
        verbose: 1 prints a line when multipliers change.

    # Raises
        TypeError: if ``schedule`` is neither a callable nor a dict whose
            keys are epoch numbers (integers >= 0).
    """

    def __init__(self, schedule, verbose=0):
        super(MultiplierScheduler, self).__init__()
        if isinstance(schedule, Mapping):
            bad = [k for k in schedule
                   if not isinstance(k, numbers.Integral) or isinstance(k, bool)
                   or k < 0]
            if bad:
                raise TypeError(
                    'MultiplierScheduler: the keys of a `schedule` dict must be '
                    'epoch numbers (integers >= 0, counted from 0); got %s.'
                    % ', '.join(repr(k) for k in bad))
        elif not callable(schedule):
            raise TypeError(
                'MultiplierScheduler: `schedule` must be a function '
                '(epoch, model) -> rules, or a dict {epoch: rules}; got %r '
                '(of type %s).' % (schedule, type(schedule).__name__))
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        if isinstance(self.schedule, Mapping):
            rules = self.schedule.get(epoch)
        else:
            rules = self.schedule(epoch, self.model)
        # None or an empty dict/list: no change; a number (0 included)
        # applies to every layer.
        if rules is None or (isinstance(rules, (Mapping, list, tuple)) and
                             not rules):
            return
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
            for all, or a list with one per group (e.g.
            ``keras.multipliers.geometric_spread``).
        epochs_per_stage: epochs between two unfreezing steps.
        verbose: 1 prints a line when multipliers change.

    # Raises
        ValueError: for a list of multipliers whose length is not the number
            of groups, an invalid multiplier, or ``epochs_per_stage`` < 1.
    """

    def __init__(self, groups, multipliers=1.0, epochs_per_stage=1, verbose=0):
        groups = list(groups)
        if isinstance(multipliers, (list, tuple)):
            if len(multipliers) != len(groups):
                raise ValueError('GradualUnfreezing: %d multipliers for %d groups.'
                                 % (len(multipliers), len(groups)))
            values = [multipliers_lib.check_value(m, 'GradualUnfreezing', 'multipliers')
                      for m in multipliers]
        else:
            values = [multipliers_lib.check_value(
                multipliers, 'GradualUnfreezing', 'multipliers')] * len(groups)
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
        frozen = len(self.groups) - min(len(self.groups),
                                        1 + epoch // self.epochs_per_stage)
        return multipliers_lib.group_rules(
            self.groups, [0.0 if i < frozen else value
                          for i, value in enumerate(self.values)])


# ---------------------------------------------------------------------------
# Learning-rate schedules (the base rate; multipliers scale what they set)
# ---------------------------------------------------------------------------

_UPDATES = ('epoch', 'batch')


def _fraction(value, owner, argument, positive=True):
    """``value`` (a finite real number, > 0 or >= 0) as an exact Fraction."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or \
            not np.isfinite(value) or value < 0 or (positive and value == 0):
        raise ValueError('%s: %s must be a finite number %s, got %r.'
                         % (owner, argument, '> 0' if positive else '>= 0',
                            value))
    return fractions.Fraction(value)


def _rate(value, owner, argument):
    """A learning rate (finite, >= 0) as a float; None stays None."""
    if value is None:
        return None
    return float(_fraction(value, owner, argument, positive=False))


def _cos_anneal(start, end, fraction):
    """From ``start`` (fraction 0) to ``end`` (fraction 1) along half a
    cosine."""
    return end + (start - end) * (1. + np.cos(np.pi * fraction)) / 2.


class _Schedule(Callback):
    """Shared clock of the schedule callbacks: sets ``optimizer.lr`` (and
    possibly a momentum) at the start of every epoch or batch from the
    training position, and logs what it set.

    The position is counted in epochs from epoch 0 of ``fit`` (so
    ``initial_epoch`` resumes a schedule where it was): at the start of
    epoch ``e`` it is ``e``; with ``update='batch'``, at the start of batch
    ``b`` of epoch ``e`` it is ``e + b / steps_per_epoch`` (fractional
    epochs; ``steps_per_epoch`` is the ``fit`` argument, or the number of
    batches of the data).

    # Arguments
        update: ``'epoch'`` or ``'batch'``: when the rate is set.
        verbose: 1 prints the rate set at the start of each epoch.
    """

    def __init__(self, update='epoch', verbose=0):
        super(_Schedule, self).__init__()
        if update not in _UPDATES:
            raise ValueError('%s: update must be "epoch" or "batch", got %r.'
                             % (type(self).__name__, update))
        self.update = update
        self.verbose = verbose
        self.initial_lr = None
        self._lr_optimizer = None
        self._momentum_name = None
        self._last = None
        self._steps_per_epoch = 1
        self._epoch = 0

    # What a subclass defines -------------------------------------------

    def _resolve(self, initial_lr, optimizer, params):
        """Fixes what depends on the optimizer and the run (the maximum rate,
        the length of a cycle) at the start of training."""

    def _values(self, position):
        """``(lr, momentum or None)`` at ``position`` (a Fraction of epochs)."""
        raise NotImplementedError

    # The clock -----------------------------------------------------------

    def _per_batch(self):
        return self.update == 'batch'

    def on_train_begin(self, logs=None):
        optimizer = getattr(self.model, 'optimizer', None)
        if optimizer is None or not hasattr(optimizer, 'lr'):
            raise ValueError('%s: the optimizer (%s) has no `lr` attribute; '
                             'use a keras.optimizers optimizer.'
                             % (type(self).__name__, type(optimizer).__name__))
        # The optimizer's rate at the first start is the default maximum; a
        # later `fit` with the same callback and optimizer (resuming) keeps
        # it, a new optimizer (compile again) brings its own.
        if self.initial_lr is None or self._lr_optimizer is not optimizer:
            self.initial_lr = float(K.get_value(optimizer.lr))
            self._lr_optimizer = optimizer
        params = getattr(self, 'params', None) or {}
        self._steps_per_epoch = 1
        if self._per_batch():
            self._steps_per_epoch = _steps_per_epoch(params, type(self).__name__)
        self._resolve(self.initial_lr, optimizer, params)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        if not self._per_batch():
            self._set(fractions.Fraction(epoch))
        if self.verbose > 0 and not self._per_batch():
            print('\nEpoch %05d: %s setting learning rate to %s.'
                  % (epoch + 1, type(self).__name__, self._last[0]))

    def on_batch_begin(self, batch, logs=None):
        if self._per_batch():
            self._set(self._epoch + fractions.Fraction(batch, self._steps_per_epoch))
            if self.verbose > 0 and batch == 0:
                print('\nEpoch %05d: %s setting learning rate to %s (first '
                      'batch).' % (self._epoch + 1, type(self).__name__,
                                   self._last[0]))

    def on_batch_end(self, batch, logs=None):
        if self._per_batch() and logs is not None:
            self._log(logs)

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            self._log(logs)

    def _set(self, position):
        lr, momentum = self._values(position)
        if momentum is None or self._momentum_name is None:
            momentum = None
        # One session call sets both (each costs about 0.15 ms).
        optimizer = self.model.optimizer
        pairs = [(optimizer.lr, lr)]
        if momentum is not None:
            pairs.append((getattr(optimizer, self._momentum_name), momentum))
        K.batch_set_value(pairs)
        self._last = (lr, momentum)

    def _log(self, logs):
        """Puts the rate last set into ``logs`` (``'lr'``, and the cycled
        momentum under the optimizer's name for it)."""
        if self._last is None:
            return
        logs['lr'] = self._last[0]
        if self._last[1] is not None:
            logs[self._momentum_name] = self._last[1]


def _steps_per_epoch(params, owner):
    """Batches per epoch of the current ``fit`` (from its ``params``)."""
    steps = params.get('steps')
    if steps:
        return int(steps)
    samples, batch_size = params.get('samples'), params.get('batch_size')
    if samples and batch_size:
        return int(-(-samples // batch_size))
    raise ValueError('%s: update="batch" needs the number of batches per epoch, '
                     'which this fit does not tell (no steps_per_epoch, no '
                     'samples); pass steps_per_epoch to fit, or use '
                     'update="epoch".' % owner)


class CosineAnnealing(_Schedule):
    """Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter) of the
    base learning rate.

    Cycle ``i`` (from 0) lasts ``period * period_mult ** i`` epochs. At
    position ``t`` epochs into a cycle of length ``T`` the rate is
    ``min_lr + (max_lr - min_lr) * (1 + cos(pi * t / T)) / 2``: ``max_lr`` at
    the start of every cycle (the restart), falling towards ``min_lr`` at its
    end. The position counts epochs from epoch 0 of ``fit``; with
    ``update='batch'`` it advances by ``1 / steps_per_epoch`` per batch
    (fractional epochs, as the SGDR paper anneals), with ``update='epoch'``
    the rate is constant within an epoch.

    The callback sets ``optimizer.lr``: learning-rate multipliers scale it,
    and an optimizer ``decay`` divides it further, so a weight steps with
    ``scheduled_lr / (1 + decay * iterations) * multiplier``. Optimizer
    state (moments, accumulators) is kept. The rate set is logged as
    ``logs['lr']`` (per epoch, so in ``History.history['lr']``; with
    ``update='batch'`` also in every batch's logs).

    # Arguments
        period: length of the first cycle, in epochs (> 0; fractions of an
            epoch are fine with ``update='batch'``).
        period_mult: each cycle is this many times longer than the one
            before (``T_mult``, >= 1; 1 gives cycles of equal length).
        min_lr: the rate at the end of each cycle (>= 0).
        max_lr: the rate at the start of each cycle; default: the optimizer's
            ``lr`` when training first begins with this callback.
        update: ``'epoch'`` (default) or ``'batch'``: when the rate is set.
        verbose: 1 prints the rate set at the start of each epoch.

    # Raises
        ValueError: for invalid arguments, or a ``max_lr`` below ``min_lr``.
    """

    def __init__(self, period, period_mult=1., min_lr=0., max_lr=None,
                 update='epoch', verbose=0):
        super(CosineAnnealing, self).__init__(update=update, verbose=verbose)
        self.period = _fraction(period, 'CosineAnnealing', 'period')
        self.period_mult = _fraction(period_mult, 'CosineAnnealing', 'period_mult')
        if self.period_mult < 1:
            raise ValueError('CosineAnnealing: period_mult must be >= 1, got %r.'
                             % (period_mult,))
        self.min_lr = _rate(min_lr, 'CosineAnnealing', 'min_lr')
        self.max_lr = _rate(max_lr, 'CosineAnnealing', 'max_lr')
        self._max = self.max_lr

    def _resolve(self, initial_lr, optimizer, params):
        self._max = self.max_lr if self.max_lr is not None else initial_lr
        if self._max < self.min_lr:
            raise ValueError('CosineAnnealing: the maximum rate (%r) is below '
                             'min_lr (%r).' % (self._max, self.min_lr))

    def cycle_at(self, position):
        """Where a position falls in the cycles.

        # Arguments
            position: epochs since epoch 0 of ``fit`` (a number or a
                ``fractions.Fraction``).

        # Returns
            ``(cycle index, epochs into the cycle, cycle length)``, the last
            two as exact ``fractions.Fraction``.
        """
        position = fractions.Fraction(position)
        if self.period_mult == 1:
            index = position // self.period
            return int(index), position - index * self.period, self.period
        index, start, length = 0, fractions.Fraction(0), self.period
        while position >= start + length:
            start += length
            length *= self.period_mult
            index += 1
        return index, position - start, length

    def _values(self, position):
        _, elapsed, length = self.cycle_at(position)
        return float(_cos_anneal(self._max, self.min_lr, elapsed / length)), None


class LinearWarmup(_Schedule):
    """Linear warm-up of the base learning rate, optionally followed by
    another schedule (``then``).

    Over the first ``epochs`` epochs (or ``steps`` batches) the rate rises
    linearly from ``start_lr`` to ``target_lr``: at position ``p`` (in
    epochs, or batches with ``steps``) it is ``start_lr + (target_lr -
    start_lr) * p / warmup``, so the first batch runs at ``start_lr`` and
    the rate reaches ``target_lr`` when the warm-up is over. Afterwards the
    rate is ``target_lr``, or, with ``then``, what that schedule gives at
    the position counted from the end of the warm-up (warm-up then cosine:
    ``LinearWarmup(epochs=1, then=CosineAnnealing(period=10))``; the
    cosine starts at its maximum when the warm-up ends).

    As every schedule callback, it sets ``optimizer.lr`` (multipliers and
    the optimizer's ``decay`` apply on top: ``lr / (1 + decay *
    iterations) * multiplier``), keeps optimizer state, and logs the rate as
    ``logs['lr']``.

    # Arguments
        epochs: length of the warm-up in epochs (fractions are fine with
            ``update='batch'``); give this or ``steps``.
        steps: length of the warm-up in batches (training steps); implies
            ``update='batch'``.
        start_lr: the rate of the first batch (>= 0).
        target_lr: the rate at the end of the warm-up; default: the maximum
            of ``then`` if given, else the optimizer's ``lr`` when training
            first begins with this callback.
        then: optional schedule callback (``CosineAnnealing``, ``OneCycle``)
            that takes over after the warm-up; do not also pass it to
            ``fit``. The rate is set per batch if either schedule asks so.
        update: ``'batch'`` (default) or ``'epoch'``.
        verbose: 1 prints the rate set at the start of each epoch.

    # Raises
        ValueError: for invalid arguments (neither or both of ``epochs`` and
            ``steps``, ``steps`` with ``update='epoch'``).
        TypeError: if ``then`` is not a schedule callback.
    """

    def __init__(self, epochs=None, steps=None, start_lr=0., target_lr=None,
                 then=None, update='batch', verbose=0):
        if (epochs is None) == (steps is None):
            raise ValueError('LinearWarmup: give the length of the warm-up as '
                             'either epochs or steps (batches), got epochs=%r, '
                             'steps=%r.' % (epochs, steps))
        if steps is not None:
            if update != 'batch':
                raise ValueError('LinearWarmup: a warm-up in steps sets the rate '
                                 'per batch; update=%r is not accepted with '
                                 'steps.' % (update,))
            if not isinstance(steps, numbers.Integral) or isinstance(steps, bool):
                raise ValueError('LinearWarmup: steps must be an integer >= 1, '
                                 'got %r.' % (steps,))
        if then is not None and not isinstance(then, _Schedule):
            raise TypeError('LinearWarmup: then must be a schedule callback '
                            '(CosineAnnealing, OneCycle), got %r.' % (then,))
        if then is not None and then.update == 'batch':
            update = 'batch'
        super(LinearWarmup, self).__init__(update=update, verbose=verbose)
        self.epochs = None if epochs is None else _fraction(epochs, 'LinearWarmup', 'epochs')
        self.steps = None if steps is None else int(_fraction(steps, 'LinearWarmup', 'steps'))
        self.start_lr = _rate(start_lr, 'LinearWarmup', 'start_lr')
        self.target_lr = _rate(target_lr, 'LinearWarmup', 'target_lr')
        self.then = then
        self._target = self.target_lr
        self._length = self.epochs

    def _resolve(self, initial_lr, optimizer, params):
        if self.then is not None:
            self.then._steps_per_epoch = (self._steps_per_epoch
                                          if self.then._per_batch() else 1)
            self.then._resolve(initial_lr, optimizer, params)
            self._momentum_name = self.then._momentum_name
        if self.target_lr is not None:
            self._target = self.target_lr
        elif self.then is not None:
            self._target = self.then._values(fractions.Fraction(0))[0]
        else:
            self._target = initial_lr
        self._length = (self.epochs if self.steps is None else
                        fractions.Fraction(self.steps, self._steps_per_epoch))

    def _values(self, position):
        if position < self._length:
            lr = self.start_lr + (self._target - self.start_lr) * float(position / self._length)
            momentum = None
            if self.then is not None:
                momentum = self.then._values(fractions.Fraction(0))[1]
            return lr, momentum
        if self.then is None:
            return self._target, None
        position = position - self._length
        if not self.then._per_batch():
            position = fractions.Fraction(position // 1)
        return self.then._values(position)


class OneCycle(_Schedule):
    """The one-cycle policy (Smith; fastai's ``fit_one_cycle``): the base
    learning rate rises from ``max_lr / div_factor`` to ``max_lr``, then
    anneals to ``max_lr / div_factor / final_div_factor``; the momentum
    moves the other way.

    With ``n`` steps in the cycle (batches with ``update='batch'``, else
    epochs) and the peak at step ``k = pct_start * (n - 1)``, step ``s``
    (from 0) runs at ``anneal(max_lr / div_factor, max_lr, s / k)`` for
    ``s <= k`` and ``anneal(max_lr, max_lr / div_factor / final_div_factor,
    (s - k) / (n - 1 - k))`` after, where ``anneal`` is half a cosine
    (``warmup_shape='linear'``: a straight line on the way up, as in
    Smith's paper). The first step runs at the lowest starting rate, the
    last step at the final rate; steps past the cycle keep the final rate.
    PyTorch's ``OneCycleLR`` defaults are used; fastai's are
    ``pct_start=0.25, final_div_factor=4e3`` (its final rate is
    ``max_lr / 1e5``).

    Momentum: if the optimizer has ``beta_1`` (Adam, Adamax, Nadam), it is
    cycled from ``momentums[0]`` down to ``momentums[1]`` at the peak and
    back; otherwise if it has a ``momentum`` that is > 0 when training
    begins (SGD with momentum), that is cycled; other optimizers (RMSprop,
    Adagrad, Adadelta, plain SGD) keep theirs. ``momentums=None`` cycles
    nothing. The momentum set is logged under the optimizer's name for it
    (``logs['beta_1']`` or ``logs['momentum']``) next to ``logs['lr']``.

    As every schedule callback, it sets ``optimizer.lr`` (multipliers and
    the optimizer's ``decay`` apply on top) and keeps optimizer state.

    # Arguments
        max_lr: the peak rate; default: the optimizer's ``lr`` when training
            first begins with this callback.
        epochs: length of the cycle in epochs, from epoch 0; default: the
            ``epochs`` of ``fit``.
        pct_start: the fraction of the cycle spent rising (0 to 1).
        div_factor: the starting rate is ``max_lr / div_factor``.
        final_div_factor: the final rate is ``max_lr / div_factor /
            final_div_factor``.
        momentums: ``(high, low)``: the momentum at the ends of the cycle
            and at the peak; or None.
        warmup_shape: ``'cos'`` (default) or ``'linear'``: the shape of the
            rise.
        update: ``'batch'`` (default) or ``'epoch'``.
        verbose: 1 prints the rate set at the start of each epoch.

    # Raises
        ValueError: for invalid arguments.
    """

    def __init__(self, max_lr=None, epochs=None, pct_start=0.3, div_factor=25.,
                 final_div_factor=1e4, momentums=(0.95, 0.85),
                 warmup_shape='cos', update='batch', verbose=0):
        super(OneCycle, self).__init__(update=update, verbose=verbose)
        self.max_lr = _rate(max_lr, 'OneCycle', 'max_lr')
        self.epochs = None if epochs is None else _fraction(epochs, 'OneCycle', 'epochs')
        if isinstance(pct_start, bool) or not isinstance(pct_start, numbers.Real) \
                or not 0 <= pct_start <= 1:
            raise ValueError('OneCycle: pct_start must be a number in [0, 1], '
                             'got %r.' % (pct_start,))
        self.pct_start = float(pct_start)
        self.div_factor = float(_fraction(div_factor, 'OneCycle', 'div_factor'))
        self.final_div_factor = float(_fraction(final_div_factor, 'OneCycle',
                                                'final_div_factor'))
        if momentums is not None:
            if len(momentums) != 2:
                raise ValueError('OneCycle: momentums must be a pair (high, low) '
                                 'or None, got %r.' % (momentums,))
            momentums = tuple(_rate(m, 'OneCycle', 'momentums') for m in momentums)
        self.momentums = momentums
        if warmup_shape not in ('cos', 'linear'):
            raise ValueError('OneCycle: warmup_shape must be "cos" or "linear", '
                             'got %r.' % (warmup_shape,))
        self.warmup_shape = warmup_shape
        self._max = self.max_lr
        self._steps = None

    def _resolve(self, initial_lr, optimizer, params):
        self._max = self.max_lr if self.max_lr is not None else initial_lr
        epochs = self.epochs
        if epochs is None:
            if not params.get('epochs'):
                raise ValueError('OneCycle: the length of the cycle is unknown; '
                                 'pass epochs=.')
            epochs = fractions.Fraction(params['epochs'])
        self._steps = epochs * self._steps_per_epoch
        self._momentum_name = None
        if self.momentums is not None:
            if hasattr(optimizer, 'beta_1'):
                self._momentum_name = 'beta_1'
            elif hasattr(optimizer, 'momentum') and \
                    float(K.get_value(optimizer.momentum)) > 0:
                self._momentum_name = 'momentum'

    def _values(self, position):
        step = position * self._steps_per_epoch
        last = self._steps - 1
        peak = self.pct_start * float(last)
        low = self._max / self.div_factor
        final = low / self.final_div_factor
        high_m, low_m = self.momentums or (None, None)
        if step >= last:
            return final, high_m
        step = float(step)
        if step <= peak:
            fraction = step / peak if peak > 0 else 1.
            if self.warmup_shape == 'linear':
                lr = low + (self._max - low) * fraction
            else:
                lr = _cos_anneal(low, self._max, fraction)
            momentum = None
            if high_m is not None:
                momentum = float(high_m + (low_m - high_m) * fraction
                                 if self.warmup_shape == 'linear'
                                 else _cos_anneal(high_m, low_m, fraction))
            return float(lr), momentum
        fraction = (step - peak) / (last - peak)
        momentum = None if high_m is None else float(_cos_anneal(low_m, high_m, fraction))
        return float(_cos_anneal(self._max, final, fraction)), momentum
