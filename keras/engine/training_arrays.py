"""The loops behind ``Model.fit``, ``Model.evaluate`` and ``Model.predict``
on arrays held in memory (NumPy arrays, HDF5 datasets, sparse matrices)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import numpy as np

from .. import backend as K
from .. import callbacks as cbks
from ..utils.generic_utils import Progbar
from ..utils.generic_utils import unpack_singleton
from .training_utils import batch_shuffle
from .training_utils import check_num_samples
from .training_utils import make_batches
from .training_utils import run_function

try:
    from scipy.sparse import issparse
except ImportError:  # scipy is optional
    def issparse(x):
        return False


def _dense_indices(model, ins, feed):
    """Positions of the scipy sparse inputs fed to dense placeholders (they
    are converted batch by batch)."""
    return [i for i in range(min(len(feed), len(ins)))
            if issparse(ins[i]) and not K.is_sparse(feed[i])]


def _batch(arrays, index, to_dense):
    """Slices one batch out of ``arrays`` (a list that may end with the
    learning-phase flag, a float, which is passed as is).

    ``index`` is a ``slice`` (contiguous batch: NumPy views, no copy) or an
    integer array (shuffled batch).
    """
    out = []
    for x in arrays:
        if x is None or isinstance(x, float):
            out.append(x)
        elif isinstance(index, slice) or isinstance(x, np.ndarray):
            out.append(x[index])
        else:
            # HDF5 datasets and other array-likes take sorted index lists.
            out.append(x[index.tolist()])
    for i in to_dense:
        out[i] = out[i].toarray()
    return out


def fit_loop(model, f, ins, out_labels=None,
             batch_size=None, epochs=100, verbose=1, callbacks=None,
             val_f=None, val_ins=None, shuffle=True,
             callback_metrics=None, initial_epoch=0, steps_per_epoch=None,
             validation_steps=None):
    """Trains ``model`` on arrays for a number of epochs.

    When ``f`` is the model's ``train_function``, the function is
    fetched again from ``model._make_train_function()`` at the start of every
    epoch, after the ``on_epoch_begin`` callbacks ran: a callback that changes
    learning-rate multipliers (or recompiles) takes effect at that epoch.

    # Arguments
        model: the ``Model``.
        f: ``f(list of arrays) -> list of outputs`` run per batch.
        ins: the arrays (inputs, targets, sample weights and maybe
            the learning-phase flag).
        out_labels: names of the outputs of ``f`` (for the logs).
        batch_size: batch size.
        epochs: index of the epoch to stop at.
        verbose: 0, 1 (progress bar) or 2 (one line per epoch).
        callbacks: list of callbacks.
        val_f: function computing the validation metrics.
        val_ins: its arrays.
        shuffle: whether to shuffle the samples every epoch (``'batch'``:
            shuffle whole batches, for HDF5 data).
        callback_metrics: names of the metrics passed to the callbacks.
        initial_epoch: epoch to start at (to resume training).
        steps_per_epoch: with symbolic input tensors, the number of steps per
            epoch (the arrays are then not sliced).
        validation_steps: steps of validation with ``steps_per_epoch``.

    # Returns
        The ``History`` callback.
    """
    do_validation = False
    if val_f and val_ins:
        do_validation = True
        if (verbose and ins and hasattr(ins[0], 'shape') and
                hasattr(val_ins[0], 'shape')):
            print('Train on %d samples, validate on %d samples' %
                  (ins[0].shape[0], val_ins[0].shape[0]))
    if validation_steps:
        do_validation = True
        if steps_per_epoch is None:
            raise ValueError('Can only use `validation_steps` when doing '
                             'step-wise training, i.e. `steps_per_epoch` '
                             'must be set.')
    elif do_validation and steps_per_epoch:
        raise ValueError('Must specify `validation_steps` to perform '
                         'validation when doing step-wise training.')

    num_train_samples = check_num_samples(ins, batch_size=batch_size,
                                          steps=steps_per_epoch,
                                          steps_name='steps_per_epoch')
    if num_train_samples is not None:
        index_array = np.arange(num_train_samples)

    stateful_names = getattr(model, 'stateful_metric_names', [])
    model.history = cbks.History()
    all_callbacks = [cbks.BaseLogger(stateful_metrics=stateful_names)]
    if verbose:
        count_mode = 'steps' if steps_per_epoch is not None else 'samples'
        all_callbacks.append(cbks.ProgbarLogger(count_mode,
                                                stateful_metrics=stateful_names))
    all_callbacks += (callbacks or []) + [model.history]
    callbacks = cbks.CallbackList(all_callbacks)
    out_labels = out_labels or []

    callback_model = getattr(model, 'callback_model', None) or model
    callbacks.set_model(callback_model)
    callbacks.set_params({
        'batch_size': batch_size,
        'epochs': epochs,
        'steps': steps_per_epoch,
        'samples': num_train_samples,
        'verbose': verbose,
        'do_validation': do_validation,
        'metrics': callback_metrics or [],
    })
    callbacks.on_train_begin()
    callback_model.stop_training = False
    for cbk in callbacks:
        cbk.validation_data = val_ins

    feed = (model._feed_inputs + model._feed_targets +
            model._feed_sample_weights)
    to_dense = _dense_indices(model, ins, feed)
    refresh = (f is not None and
               f is getattr(model, 'train_function', None))
    stateful_fns = getattr(model, 'stateful_metric_functions', [])
    num_labels = len(out_labels)

    for epoch in range(initial_epoch, epochs):
        for m in stateful_fns:
            m.reset_states()
        callbacks.on_epoch_begin(epoch)
        if refresh:
            # Multipliers or trainable weights may have changed.
            model._make_train_function()
            f = model.train_function
        epoch_logs = {}
        if steps_per_epoch is not None:
            for step_index in range(steps_per_epoch):
                batch_logs = {'batch': step_index, 'size': 1}
                callbacks.on_batch_begin(step_index, batch_logs)
                outs = run_function(model, f, ins)
                if not isinstance(outs, list):
                    outs = [outs]
                for i in range(min(num_labels, len(outs))):
                    batch_logs[out_labels[i]] = outs[i]
                callbacks.on_batch_end(step_index, batch_logs)
                if callback_model.stop_training:
                    break
            if do_validation:
                val_outs = test_loop(model, val_f, val_ins,
                                     steps=validation_steps, verbose=0)
                if not isinstance(val_outs, list):
                    val_outs = [val_outs]
                for label, value in zip(out_labels, val_outs):
                    epoch_logs['val_' + label] = value
        else:
            if shuffle == 'batch':
                index_array = batch_shuffle(index_array, batch_size)
            elif shuffle:
                np.random.shuffle(index_array)
            batches = make_batches(num_train_samples, batch_size)
            last = len(batches) - 1
            for batch_index, (batch_start, batch_end) in enumerate(batches):
                if shuffle:
                    index = index_array[batch_start:batch_end]
                else:
                    index = slice(batch_start, batch_end)
                try:
                    ins_batch = _batch(ins, index, to_dense)
                except TypeError:
                    raise TypeError('TypeError while preparing batch. If using '
                                    'HDF5 input data, pass shuffle="batch".')
                batch_logs = {'batch': batch_index,
                              'size': batch_end - batch_start}
                callbacks.on_batch_begin(batch_index, batch_logs)
                outs = run_function(model, f, ins_batch)
                if not isinstance(outs, list):
                    outs = [outs]
                for i in range(min(num_labels, len(outs))):
                    batch_logs[out_labels[i]] = outs[i]
                callbacks.on_batch_end(batch_index, batch_logs)
                if callback_model.stop_training:
                    break
                if batch_index == last and do_validation:
                    val_outs = test_loop(model, val_f, val_ins,
                                         batch_size=batch_size, verbose=0)
                    if not isinstance(val_outs, list):
                        val_outs = [val_outs]
                    for label, value in zip(out_labels, val_outs):
                        epoch_logs['val_' + label] = value
        callbacks.on_epoch_end(epoch, epoch_logs)
        if callback_model.stop_training:
            break
    callbacks.on_train_end()
    return model.history


def _stateful_indices(model):
    names = getattr(model, 'stateful_metric_names', None)
    if not names:
        return set()
    return set(i for i, name in enumerate(getattr(model, 'metrics_names', []))
               if str(name) in names)


def test_loop(model, f, ins, batch_size=None, verbose=0, steps=None):
    """Evaluates ``f`` batch by batch and averages its outputs (weighted by
    batch size; stateful metrics keep their last value).

    # Arguments
        model: the ``Model``.
        f: the test function.
        ins: the arrays.
        batch_size: batch size.
        verbose: 0 or 1 (progress bar).
        steps: with symbolic inputs, the number of steps.

    # Returns
        A scalar, or a list of scalars (one per output of ``f``).
    """
    for m in getattr(model, 'stateful_metric_functions', []):
        m.reset_states()
    stateful = _stateful_indices(model)
    num_samples = check_num_samples(ins, batch_size=batch_size, steps=steps,
                                    steps_name='steps')
    outs = []
    progbar = None
    if verbose == 1:
        progbar = Progbar(target=steps if steps is not None else num_samples)

    feed = (model._feed_inputs + model._feed_targets +
            model._feed_sample_weights)
    to_dense = _dense_indices(model, ins, feed)

    def accumulate(batch_outs, first, weight):
        if not isinstance(batch_outs, list):
            batch_outs = [batch_outs]
        if first:
            outs.extend([0.] * len(batch_outs))
        for i, value in enumerate(batch_outs):
            if i in stateful:
                outs[i] = float(value)
            else:
                outs[i] += value * weight

    if steps is not None:
        for step in range(steps):
            accumulate(run_function(model, f, ins), step == 0, 1)
            if progbar is not None:
                progbar.update(step + 1)
        for i in range(len(outs)):
            if i not in stateful:
                outs[i] /= steps
    else:
        batches = make_batches(num_samples, batch_size)
        for batch_index, (batch_start, batch_end) in enumerate(batches):
            ins_batch = _batch(ins, slice(batch_start, batch_end), to_dense)
            accumulate(run_function(model, f, ins_batch), batch_index == 0,
                       batch_end - batch_start)
            if progbar is not None:
                progbar.update(batch_end)
        for i in range(len(outs)):
            if i not in stateful:
                outs[i] /= num_samples
    return unpack_singleton(outs)


def predict_loop(model, f, ins, batch_size=32, verbose=0, steps=None):
    """Runs ``f`` batch by batch and concatenates its outputs.

    # Arguments
        model: the ``Model``.
        f: the predict function.
        ins: the input arrays.
        batch_size: batch size.
        verbose: 0 or 1 (progress bar).
        steps: with symbolic inputs, the number of steps.

    # Returns
        An array, or a list of arrays (one per output).
    """
    num_samples = check_num_samples(ins, batch_size=batch_size, steps=steps,
                                    steps_name='steps')
    progbar = None
    if verbose == 1:
        progbar = Progbar(target=steps if steps is not None else num_samples)
    to_dense = _dense_indices(model, ins, model._feed_inputs)

    if steps is not None:
        pieces = []
        for step in range(steps):
            batch_outs = run_function(model, f, ins)
            if not isinstance(batch_outs, list):
                batch_outs = [batch_outs]
            if step == 0:
                pieces = [[] for _ in batch_outs]
            for i, value in enumerate(batch_outs):
                pieces[i].append(value)
            if progbar is not None:
                progbar.update(step + 1)
        results = [np.concatenate(p, axis=0) for p in pieces]
        if len(results) == 1:
            return results[0]
        return results

    outs = []
    batches = make_batches(num_samples, batch_size)
    for batch_index, (batch_start, batch_end) in enumerate(batches):
        ins_batch = _batch(ins, slice(batch_start, batch_end), to_dense)
        batch_outs = run_function(model, f, ins_batch)
        if not isinstance(batch_outs, list):
            batch_outs = [batch_outs]
        if batch_index == 0:
            for value in batch_outs:
                shape = (num_samples,) + value.shape[1:]
                outs.append(np.zeros(shape, dtype=value.dtype))
        for i, value in enumerate(batch_outs):
            outs[i][batch_start:batch_end] = value
        if progbar is not None:
            progbar.update(batch_end)
    return unpack_singleton(outs)
