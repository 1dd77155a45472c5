"""Shared steps of the word-index data sets (IMDB, Reuters)."""
from __future__ import absolute_import

import json
import warnings

import numpy as np


def check_kwargs(kwargs, num_words, loader):
    """Handles the Keras 1 `nb_words` argument; rejects any other extra one.

    # Returns
        The number of words to keep.

    # Raises
        TypeError: for an unknown keyword argument.
    """
    if 'nb_words' in kwargs:
        warnings.warn('%s: the `nb_words` argument is deprecated; use '
                      '`num_words`.' % loader)
        num_words = kwargs.pop('nb_words')
    if kwargs:
        raise TypeError('%s: unknown keyword argument(s) %s.'
                        % (loader, sorted(kwargs)))
    return num_words


def shuffle_together(xs, labels):
    """`xs` and `labels` in the same random order (from NumPy's global
    generator, which the caller seeds)."""
    order = np.arange(len(xs))
    np.random.shuffle(order)
    return xs[order], labels[order]


def object_array(sequences):
    """A 1D object array holding one list per sample (NumPy would make a 2D
    array of sequences of equal lengths and refuses ragged ones)."""
    out = np.empty(len(sequences), dtype=object)
    for i, seq in enumerate(sequences):
        out[i] = seq
    return out


def shift_indices(xs, start_char, index_from):
    """Adds `index_from` to every word index and puts `start_char` first."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return [list(x) for x in xs]


def drop_long(maxlen, xs, labels):
    """Keeps the samples shorter than `maxlen` words."""
    kept_x, kept_y = [], []
    for x, y in zip(xs, labels):
        if len(x) < maxlen:
            kept_x.append(x)
            kept_y.append(y)
    return kept_x, kept_y


def limit_vocabulary(xs, num_words, skip_top, oov_char):
    """Replaces (or, with `oov_char=None`, drops) the indices outside
    `[skip_top, num_words)`."""
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x]
                for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def max_index(xs):
    """The largest word index of all samples (0 when there is none)."""
    return max([max(x) for x in xs if len(x)] or [0])


def load_json(path):
    with open(path) as f:
        return json.load(f)
