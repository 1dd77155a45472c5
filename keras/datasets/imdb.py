"""IMDB movie reviews: 25,000 training and 25,000 test reviews labelled by
sentiment (positive 1 / negative 0), as lists of word indices."""
from __future__ import absolute_import

import numpy as np

from ..utils.data_utils import get_file
from . import _word_sequences as _ws

_ORIGIN = 'https://s3.amazonaws.com/text-datasets/imdb.npz'
_FILE_HASH = '599dadb1135973df5b59232a0e9a887c'
_INDEX_ORIGIN = 'https://s3.amazonaws.com/text-datasets/imdb_word_index.json'
_INDEX_HASH = 'bfafd718b763782e994055a2d397834f'


def load_data(path='imdb.npz', num_words=None, skip_top=0, maxlen=None,
              seed=113, start_char=1, oov_char=2, index_from=3, **kwargs):
    """Loads the IMDB sentiment data set.

    Words are indexed by decreasing frequency in the data set (1 is the
    most frequent word), then shifted by `index_from`; the indices below
    it are reserved (0 padding, `start_char`, `oov_char`). The training
    and the test samples are each shuffled with NumPy's global random
    generator seeded with `seed`.

    # Arguments
        path: file name in the cache (`~/.keras/datasets`), or an absolute
            path.
        num_words: keep only the indices below this (default: all).
        skip_top: also treat the indices below this as out of vocabulary.
        maxlen: keep only the samples shorter than this (counting
            `start_char`), in both sets.
        seed: random seed of the shuffles.
        start_char: index put at the start of every sample (None: none).
        oov_char: index replacing the words outside the vocabulary (None:
            such words are dropped).
        index_from: offset added to every word index.
        **kwargs: only the deprecated `nb_words` (= `num_words`).

    # Returns
        `(x_train, y_train), (x_test, y_test)`: object arrays of lists of
        indices, and integer label arrays.

    # Raises
        TypeError: for an unknown keyword argument.
        ValueError: when `maxlen` leaves no sample.
        Exception: when the file is not in the cache and cannot be
            downloaded (the message says where to place it).
    """
    num_words = _ws.check_kwargs(kwargs, num_words, 'imdb.load_data')
    path = get_file(path, origin=_ORIGIN, file_hash=_FILE_HASH)
    with np.load(path, allow_pickle=True) as data:
        x_train, labels_train = data['x_train'], data['y_train']
        x_test, labels_test = data['x_test'], data['y_test']

    np.random.seed(seed)
    x_train, labels_train = _ws.shuffle_together(x_train, labels_train)
    x_test, labels_test = _ws.shuffle_together(x_test, labels_test)

    x_train = _ws.shift_indices(x_train, start_char, index_from)
    x_test = _ws.shift_indices(x_test, start_char, index_from)
    labels_train, labels_test = list(labels_train), list(labels_test)
    if maxlen:
        # Unlike Keras 2.2.4, which split the filtered samples at the
        # unfiltered training size, each set is filtered on its own.
        x_train, labels_train = _ws.drop_long(maxlen, x_train, labels_train)
        x_test, labels_test = _ws.drop_long(maxlen, x_test, labels_test)
        if not x_train and not x_test:
            raise ValueError('imdb.load_data: no sample is shorter than '
                             'maxlen=%r; increase maxlen.' % (maxlen,))
    if not num_words:
        num_words = _ws.max_index(x_train + x_test)
    x_train = _ws.limit_vocabulary(x_train, num_words, skip_top, oov_char)
    x_test = _ws.limit_vocabulary(x_test, num_words, skip_top, oov_char)
    return ((_ws.object_array(x_train), np.array(labels_train)),
            (_ws.object_array(x_test), np.array(labels_test)))


def get_word_index(path='imdb_word_index.json'):
    """Loads the word index of the IMDB data set.

    # Arguments
        path: file name in the cache (`~/.keras/datasets`), or an absolute
            path.

    # Returns
        A dict {word: index} (indices before the `index_from` shift).

    # Raises
        Exception: when the file is not in the cache and cannot be
            downloaded (the message says where to place it).
    """
    path = get_file(path, origin=_INDEX_ORIGIN, file_hash=_INDEX_HASH)
    return _ws.load_json(path)
