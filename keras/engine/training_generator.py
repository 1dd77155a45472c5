"""The loops behind ``Model.fit_generator``, ``Model.evaluate_generator`` and
``Model.predict_generator``: data from Python generators or
``keras.utils.Sequence`` objects, read in background workers."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import warnings

import numpy as np

from .. import callbacks as cbks
from ..utils.data_utils import GeneratorEnqueuer
from ..utils.data_utils import OrderedEnqueuer
from ..utils.data_utils import iter_sequence_infinite
from ..utils.generic_utils import Progbar
from ..utils.generic_utils import to_list
from ..utils.generic_utils import unpack_singleton
from .training_utils import check_loop_arguments
from .training_utils import is_sequence as _is_sequence


def _is_generator_like(data):
    return (hasattr(data, 'next') or hasattr(data, '__next__') or
            _is_sequence(data))


def _warn_multiprocessing_generator(generator, workers, use_multiprocessing):
    if not _is_sequence(generator) and use_multiprocessing and workers > 1:
        warnings.warn(UserWarning(
            'Using a generator with `use_multiprocessing=True` and multiple '
            'workers may duplicate your data. Please consider using the '
            '`keras.utils.Sequence` class.'))


def _check_not_empty_sequence(data, argument, method):
    """Raises a ValueError when ``data`` is a ``Sequence`` of length 0
    (it has no batch to give; cycling over it would never end)."""
    if _is_sequence(data) and len(data) == 0:
        raise ValueError('`%s` received an empty Sequence as `%s` (its '
                         '`__len__` is 0); it needs a Sequence with at least '
                         'one batch.' % (method, argument))


def _next_batch(iterator, method, steps_name, steps, steps_done, where=''):
    """The next item of a generator; a generator that runs out before
    ``steps`` batches were drawn raises a ValueError naming ``steps_name``."""
    try:
        return next(iterator)
    except StopIteration:
        raise ValueError('`%s`: the generator stopped%s after %d batches, '
                         'before the %d batches that `%s` asks for. Pass a '
                         'generator that loops over its data indefinitely '
                         '(or a `keras.utils.Sequence`), or a smaller `%s`.'
                         % (method, where, steps_done, steps, steps_name,
                            steps_name)) from None


def _start(generator, workers, use_multiprocessing, max_queue_size, shuffle):
    """(enqueuer or None, iterator over the generator's items)."""
    if workers > 0:
        if _is_sequence(generator):
            enqueuer = OrderedEnqueuer(generator,
                                       use_multiprocessing=use_multiprocessing,
                                       shuffle=shuffle)
        else:
            enqueuer = GeneratorEnqueuer(generator,
                                         use_multiprocessing=use_multiprocessing)
        enqueuer.start(workers=workers, max_queue_size=max_queue_size)
        return enqueuer, enqueuer.get()
    if _is_sequence(generator):
        return None, iter_sequence_infinite(generator)
    return None, generator


def _unpack(generator_output, allow_x_only=False):
    """(x, y, sample_weight) from one item of a generator.

    For training and evaluation the item must be ``(x, y)`` or
    ``(x, y, sample_weight)``; for prediction (``allow_x_only``) a tuple of
    that form or the inputs ``x`` alone.
    """
    if allow_x_only:
        if isinstance(generator_output, tuple):
            if len(generator_output) in (2, 3):
                return generator_output[0], None, None
            raise ValueError('Output of generator should be a tuple '
                             '`(x, y, sample_weight)` or `(x, y)`. Found: ' +
                             str(generator_output)[:200])
        return generator_output, None, None
    if (not hasattr(generator_output, '__len__') or
            isinstance(generator_output, (np.ndarray, dict)) or
            len(generator_output) not in (2, 3)):
        raise ValueError('Output of generator should be a tuple '
                         '`(x, y, sample_weight)` or `(x, y)`. Found: ' +
                         str(generator_output)[:200])
    if len(generator_output) == 2:
        return generator_output[0], generator_output[1], None
    return generator_output[0], generator_output[1], generator_output[2]


def _batch_size_of(x):
    if x is None or (isinstance(x, (list, dict)) and len(x) == 0):
        return 1
    if isinstance(x, list):
        return x[0].shape[0]
    if isinstance(x, dict):
        return list(x.values())[0].shape[0]
    return x.shape[0]


def fit_generator(model,
                  generator,
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
    """Trains ``model`` on batches from a generator or a ``Sequence``.

    The implementation of ``Model.fit_generator``. The train function is
    fetched again at the start of every epoch, after the ``on_epoch_begin``
    callbacks, so that changes of learning-rate multipliers take effect.

    # Arguments
        model: the compiled ``Model``.
        generator: a generator (or ``Sequence``) of ``(x, y)`` or
            ``(x, y, sample_weight)`` batches.
        steps_per_epoch: number of batches per epoch (default for a
            ``Sequence``: its length; required otherwise).
        epochs: index of the epoch at which training stops.
        verbose: 0 (silent), 1 (progress bar) or 2 (one line per epoch).
        callbacks: list of ``Callback``s, run after the progress logger and
            before ``History``.
        validation_data: evaluated at the end of each epoch: a generator or
            ``Sequence`` of batches, or a tuple ``(x_val, y_val)`` or
            ``(x_val, y_val, val_sample_weight)`` of arrays.
        validation_steps: number of batches of a validation generator
            (default for a ``Sequence``: its length).
        class_weight: optional dict {class index: weight} scaling the loss
            of the training samples.
        max_queue_size: maximum number of batches waiting in the queue of
            the workers.
        workers: number of threads or processes reading the generator; 0
            reads it in the main thread.
        use_multiprocessing: use processes instead of threads (a plain
            generator is then copied into each process).
        shuffle: shuffle the order of the batches of a ``Sequence`` every
            epoch (with ``workers > 0``).
        initial_epoch: epoch at which to start (to resume a training).

    # Returns
        The ``History`` callback.

    # Raises
        ValueError: for missing steps, badly formed batches or validation
            data, or an empty ``Sequence``.
    """
    check_loop_arguments('fit_generator', epochs=epochs,
                         initial_epoch=initial_epoch,
                         steps_per_epoch=steps_per_epoch)
    _check_not_empty_sequence(generator, 'generator', 'fit_generator')
    _check_not_empty_sequence(validation_data, 'validation_data',
                              'fit_generator')
    epoch = initial_epoch
    do_validation = bool(validation_data)
    model._make_train_function()
    if do_validation:
        model._make_test_function()

    is_sequence = _is_sequence(generator)
    _warn_multiprocessing_generator(generator, workers, use_multiprocessing)
    if steps_per_epoch is None:
        if is_sequence:
            steps_per_epoch = len(generator)
        else:
            raise ValueError('`steps_per_epoch=None` is only valid for a '
                             'generator based on the `keras.utils.Sequence` '
                             'class. Please specify `steps_per_epoch` or use '
                             'the `keras.utils.Sequence` class.')

    val_gen = _is_generator_like(validation_data)
    if val_gen and not _is_sequence(validation_data) and not validation_steps:
        raise ValueError('`validation_steps=None` is only valid for a '
                         'generator based on the `keras.utils.Sequence` class. '
                         'Please specify `validation_steps` or use the '
                         '`keras.utils.Sequence` class.')

    out_labels = model.metrics_names
    callback_metrics = out_labels + ['val_' + n for n in out_labels]

    stateful_names = getattr(model, 'stateful_metric_names', [])
    model.history = cbks.History()
    all_callbacks = [cbks.BaseLogger(stateful_metrics=stateful_names)]
    if verbose:
        all_callbacks.append(cbks.ProgbarLogger(count_mode='steps',
                                                stateful_metrics=stateful_names))
    all_callbacks += (callbacks or []) + [model.history]
    callbacks = cbks.CallbackList(all_callbacks)

    callback_model = getattr(model, 'callback_model', None) or model
    callbacks.set_model(callback_model)
    callbacks.set_params({
        'epochs': epochs,
        'steps': steps_per_epoch,
        'verbose': verbose,
        'do_validation': do_validation,
        'metrics': callback_metrics,
    })
    callbacks.on_train_begin()

    enqueuer = None
    val_enqueuer = None
    stateful_fns = getattr(model, 'stateful_metric_functions', [])
    try:
        if do_validation:
            if val_gen:
                if _is_sequence(validation_data):
                    validation_steps = validation_steps or len(validation_data)
                val_enqueuer, val_iterator = _start(
                    validation_data, workers, use_multiprocessing,
                    max_queue_size, shuffle=False)
            else:
                if len(validation_data) == 2:
                    val_x, val_y = validation_data
                    val_sample_weight = None
                elif len(validation_data) == 3:
                    val_x, val_y, val_sample_weight = validation_data
                else:
                    raise ValueError('`validation_data` should be a tuple '
                                     '`(val_x, val_y, val_sample_weight)` or '
                                     '`(val_x, val_y)`. Found: ' +
                                     str(validation_data)[:200])
                val_x, val_y, val_sample_weights = model._standardize_user_data(
                    val_x, val_y, val_sample_weight)
                val_data = val_x + val_y + val_sample_weights
                if model._uses_dynamic_learning_phase():
                    val_data += [0.]
                for cbk in callbacks:
                    cbk.validation_data = val_data

        enqueuer, output_generator = _start(generator, workers,
                                            use_multiprocessing,
                                            max_queue_size, shuffle)

        callback_model.stop_training = False
        epoch_logs = {}
        while epoch < epochs:
            for m in stateful_fns:
                m.reset_states()
            callbacks.on_epoch_begin(epoch)
            # Multipliers may have changed in on_epoch_begin: rebuild if so,
            # once per epoch; the batches below skip the check.
            model._make_train_function()
            steps_done = 0
            batch_index = 0
            while steps_done < steps_per_epoch:
                x, y, sample_weight = _unpack(_next_batch(
                    output_generator, 'fit_generator', 'steps_per_epoch',
                    steps_per_epoch, steps_done,
                    where=' in epoch %d' % (epoch + 1)))
                batch_logs = {'batch': batch_index, 'size': _batch_size_of(x)}
                callbacks.on_batch_begin(batch_index, batch_logs)
                outs = model._train_on_batch(x, y, sample_weight=sample_weight,
                                             class_weight=class_weight)
                for label, value in zip(out_labels, outs):
                    batch_logs[label] = value
                callbacks.on_batch_end(batch_index, batch_logs)
                batch_index += 1
                steps_done += 1

                if steps_done >= steps_per_epoch and do_validation:
                    if val_gen:
                        val_outs = evaluate_generator(
                            model, val_iterator, validation_steps, workers=0,
                            _method='fit_generator',
                            _steps_name='validation_steps')
                    else:
                        val_outs = model.evaluate(
                            val_x, val_y, batch_size=batch_logs['size'],
                            sample_weight=val_sample_weights, verbose=0)
                    val_outs = to_list(val_outs)
                    for label, value in zip(out_labels, val_outs):
                        epoch_logs['val_' + label] = value
                if callback_model.stop_training:
                    break
            callbacks.on_epoch_end(epoch, epoch_logs)
            epoch += 1
            if callback_model.stop_training:
                break
    finally:
        try:
            if enqueuer is not None:
                enqueuer.stop()
        finally:
            if val_enqueuer is not None:
                val_enqueuer.stop()

    callbacks.on_train_end()
    return model.history


def evaluate_generator(model, generator,
                       steps=None,
                       max_queue_size=10,
                       workers=1,
                       use_multiprocessing=False,
                       verbose=0,
                       _method='evaluate_generator',
                       _steps_name='steps'):
    """Evaluates ``model`` on batches from a generator or a ``Sequence``.

    The implementation of ``Model.evaluate_generator``; ``fit_generator``
    evaluates its validation generator here too.

    # Arguments
        model: the compiled ``Model``.
        generator: a generator (or ``Sequence``) of ``(x, y)`` or
            ``(x, y, sample_weight)`` batches.
        steps: number of batches to evaluate (default for a ``Sequence``:
            its length; required otherwise).
        max_queue_size: maximum number of batches waiting in the queue of
            the workers.
        workers: number of threads or processes reading the generator; 0
            reads it in the main thread.
        use_multiprocessing: use processes instead of threads (a plain
            generator is then copied into each process).
        verbose: 1 shows a progress bar, 0 nothing.
        _method: name of the user's method, for error messages.
        _steps_name: name of the user's argument giving ``steps``, for error
            messages (``validation_steps`` from ``fit_generator``).

    # Returns
        A scalar or a list of scalars: the averages over the batches,
        weighted by batch size (stateful metrics: the last value).

    # Raises
        ValueError: for missing steps, badly formed or empty batches, or an
            empty ``Sequence``.
    """
    check_loop_arguments(_method, steps=steps)
    _check_not_empty_sequence(generator, 'generator', _method)
    model._make_test_function()
    for m in getattr(model, 'stateful_metric_functions', []):
        m.reset_states()
    stateful_names = getattr(model, 'stateful_metric_names', [])
    stateful = set(i for i, name in enumerate(model.metrics_names)
                   if str(name) in stateful_names)

    _warn_multiprocessing_generator(generator, workers, use_multiprocessing)
    if steps is None:
        if _is_sequence(generator):
            steps = len(generator)
        else:
            raise ValueError('`steps=None` is only valid for a generator based '
                             'on the `keras.utils.Sequence` class. Please '
                             'specify `steps` or use the `keras.utils.Sequence` '
                             'class.')
    outs_per_batch = []
    batch_sizes = []
    enqueuer = None
    try:
        enqueuer, output_generator = _start(generator, workers,
                                            use_multiprocessing,
                                            max_queue_size, shuffle=False)
        progbar = Progbar(target=steps) if verbose == 1 else None
        steps_done = 0
        while steps_done < steps:
            x, y, sample_weight = _unpack(_next_batch(
                output_generator, _method, _steps_name, steps, steps_done))
            outs = to_list(model.test_on_batch(x, y, sample_weight=sample_weight))
            outs_per_batch.append(outs)
            batch_size = _batch_size_of(x)
            if batch_size == 0:
                raise ValueError('Received an empty batch. Batches should '
                                 'contain at least one item.')
            batch_sizes.append(batch_size)
            steps_done += 1
            if progbar is not None:
                progbar.update(steps_done)
    finally:
        if enqueuer is not None:
            enqueuer.stop()

    averages = []
    for i in range(len(outs_per_batch[0])):
        if i in stateful:
            averages.append(np.float64(outs_per_batch[-1][i]))
        else:
            averages.append(np.average([out[i] for out in outs_per_batch],
                                       weights=batch_sizes))
    return unpack_singleton(averages)


def predict_generator(model, generator,
                      steps=None,
                      max_queue_size=10,
                      workers=1,
                      use_multiprocessing=False,
                      verbose=0):
    """Predicts on batches from a generator or a ``Sequence``.

    The implementation of ``Model.predict_generator``. Items of the generator
    may be ``x`` alone or tuples ``(x, y)`` / ``(x, y, sample_weight)``
    (targets are ignored).

    # Arguments
        model: the ``Model``.
        generator: a generator (or ``Sequence``) of input batches.
        steps: number of batches to predict (default for a ``Sequence``: its
            length; required otherwise).
        max_queue_size: maximum number of batches waiting in the queue of
            the workers.
        workers: number of threads or processes reading the generator; 0
            reads it in the main thread.
        use_multiprocessing: use processes instead of threads (a plain
            generator is then copied into each process).
        verbose: 1 shows a progress bar, 0 nothing.

    # Returns
        An array, or a list of arrays (one per output).

    # Raises
        ValueError: for missing steps, badly formed batches or an empty
            ``Sequence``.
    """
    check_loop_arguments('predict_generator', steps=steps)
    _check_not_empty_sequence(generator, 'generator', 'predict_generator')
    model._make_predict_function()
    _warn_multiprocessing_generator(generator, workers, use_multiprocessing)
    if steps is None:
        if _is_sequence(generator):
            steps = len(generator)
        else:
            raise ValueError('`steps=None` is only valid for a generator based '
                             'on the `keras.utils.Sequence` class. Please '
                             'specify `steps` or use the `keras.utils.Sequence` '
                             'class.')
    all_outs = []
    enqueuer = None
    try:
        enqueuer, output_generator = _start(generator, workers,
                                            use_multiprocessing,
                                            max_queue_size, shuffle=False)
        progbar = Progbar(target=steps) if verbose == 1 else None
        steps_done = 0
        while steps_done < steps:
            x, _, _ = _unpack(_next_batch(output_generator,
                                          'predict_generator', 'steps', steps,
                                          steps_done),
                              allow_x_only=True)
            outs = to_list(model.predict_on_batch(x))
            if not all_outs:
                all_outs = [[] for _ in outs]
            for i, value in enumerate(outs):
                all_outs[i].append(value)
            steps_done += 1
            if progbar is not None:
                progbar.update(steps_done)
    finally:
        if enqueuer is not None:
            enqueuer.stop()

    if len(all_outs) == 1:
        if steps_done == 1:
            return all_outs[0][0]
        return np.concatenate(all_outs[0])
    if steps_done == 1:
        return [out[0] for out in all_outs]
    return [np.concatenate(out) for out in all_outs]
