"""Sequence preprocessing: padding, skip-gram pairs and batches of
time-series windows (from `keras_preprocessing.sequence`)."""
from __future__ import absolute_import

import json

import numpy as np
import six

from keras_preprocessing import sequence as _sequence

from .. import utils


def pad_sequences(sequences, maxlen=None, dtype='int32', padding='pre',
                  truncating='pre', value=0.):
    """Pads (and truncates) sequences to one length, in a 2D array.

    Written here rather than taken from keras_preprocessing 1.1.2, whose
    version fails on NumPy 2 (it refers to the removed `np.unicode_`).

    # Arguments
        sequences: list of sequences (lists or arrays; the items may
            themselves be arrays of one common shape).
        maxlen: length of the output sequences (default: the longest).
        dtype: dtype of the output; `object` for strings of any length.
        padding: 'pre' or 'post': pad before or after each sequence.
        truncating: 'pre' or 'post': drop the values at the start or at
            the end of the sequences longer than `maxlen`.
        value: the padding value (a number, or a string with a string or
            object `dtype`).

    # Returns
        An array of shape `(len(sequences), maxlen) + item_shape`.

    # Raises
        ValueError: for an unknown `padding` or `truncating`, an entry that
            is not a sequence, items of different shapes, or a string
            `value` with a numeric `dtype`.
    """
    if not hasattr(sequences, '__len__'):
        raise ValueError('pad_sequences: `sequences` must be a list of '
                         'sequences, got %r.' % (type(sequences),))
    if padding not in ('pre', 'post'):
        raise ValueError('pad_sequences: padding must be "pre" or "post", '
                         'got %r.' % (padding,))
    if truncating not in ('pre', 'post'):
        raise ValueError('pad_sequences: truncating must be "pre" or '
                         '"post", got %r.' % (truncating,))
    lengths = []
    item_shape = None
    for position, seq in enumerate(sequences):
        try:
            lengths.append(len(seq))
        except TypeError:
            raise ValueError('pad_sequences: `sequences` must be a list of '
                             'sequences; entry %d is %r.' % (position, seq))
        if item_shape is None and len(seq):
            item_shape = np.asarray(seq).shape[1:]
    if item_shape is None:
        item_shape = ()
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0
    kind = np.dtype(dtype).kind
    if isinstance(value, six.string_types) and kind not in ('U', 'S', 'O'):
        raise ValueError('pad_sequences: a string padding value %r needs a '
                         'string or object dtype, got dtype %r (use '
                         'dtype=object for strings of any length).'
                         % (value, dtype))

    out = np.full((len(lengths), maxlen) + tuple(item_shape), value,
                  dtype=dtype)
    if maxlen == 0:
        return out
    for position, seq in enumerate(sequences):
        if not len(seq):
            continue
        kept = seq[-maxlen:] if truncating == 'pre' else seq[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != item_shape:
            raise ValueError('pad_sequences: the items of sequence %d have '
                             'shape %s, those of the first non-empty '
                             'sequence %s.' % (position, kept.shape[1:],
                                               item_shape))
        if padding == 'post':
            out[position, :len(kept)] = kept
        else:
            out[position, maxlen - len(kept):] = kept
    return out

make_sampling_table = _sequence.make_sampling_table
skipgrams = _sequence.skipgrams
# Private in Keras 2.2.4 too, but its datasets (and users' copies of them)
# import it from here.
_remove_long_seq = _sequence._remove_long_seq


class TimeseriesGenerator(_sequence.TimeseriesGenerator, utils.Sequence):
    """Batches of fixed-length windows taken from a time series, for
    training on sequential data with `fit_generator`.

    A `keras.utils.Sequence`: it can be given to `fit_generator`,
    `evaluate_generator` and `predict_generator`, with any number of workers.

    # Arguments
        data: indexable sequence of time steps (list or NumPy array); the
            first axis is time.
        targets: targets of the time steps, as long as `data`.
        length: number of time steps seen by each window (before
            `sampling_rate` is applied).
        sampling_rate: keep one step every `sampling_rate` steps in a window.
        stride: distance between the starts of consecutive windows.
        start_index: first step that can end a window (steps before it
            only appear as history).
        end_index: last step that can be a target (default: the end).
        shuffle: draw the windows of each batch at random.
        reverse: give the steps of a window in reverse order.
        batch_size: number of windows per batch (the last may be shorter).

    # Returns
        A `Sequence` whose items are `(samples, targets)` tuples with
        samples of shape `(batch, length // sampling_rate, ...)`.
    """

    def get_config(self):
        """The constructor arguments of this generator (for `to_json`).

        # Returns
            A dict; `data` and `targets` are JSON strings.
        """
        config = super(TimeseriesGenerator, self).get_config()
        # The instance keeps `start_index + length`; the config holds the
        # argument, so that `TimeseriesGenerator(**config)` is the same.
        config['start_index'] = self.start_index - self.length
        return config


def timeseries_generator_from_json(json_string):
    """Rebuilds a `TimeseriesGenerator` from the JSON of its `to_json()`.

    # Arguments
        json_string: string written by `TimeseriesGenerator.to_json()`.

    # Returns
        A `keras.preprocessing.sequence.TimeseriesGenerator`.
    """
    config = dict(json.loads(json_string)['config'])
    for key in ('data', 'targets'):
        value = config[key]
        if isinstance(value, str):
            value = json.loads(value)
        # Windows are gathered with index arrays: lists will not do.
        config[key] = np.asarray(value)
    return TimeseriesGenerator(**config)


__all__ = ['pad_sequences', 'make_sampling_table', 'skipgrams',
           'TimeseriesGenerator', 'timeseries_generator_from_json']
