"""Reuters newswire topics: 11,228 newswires labelled with 46 topics, as
lists of word indices."""
from __future__ import absolute_import

import numpy as np

from ..utils.data_utils import get_file
from . import _word_sequences as _ws

_ORIGIN = 'https://s3.amazonaws.com/text-datasets/reuters.npz'
_FILE_HASH = '87aedbeb0cb229e378797a632c1997b6'
_INDEX_ORIGIN = ('https://s3.amazonaws.com/text-datasets/'
                 'reuters_word_index.json')
_INDEX_HASH = '4d44cc38712099c9e383dc6e5f11a921'


def load_data(path='reuters.npz', num_words=None, skip_top=0, maxlen=None,
              test_split=0.2, seed=113, start_char=1, oov_char=2,
              index_from=3, **kwargs):
    """Loads the Reuters newswire topic data set.

    The samples are shuffled with NumPy's global random generator seeded
    with `seed`, indexed as in `imdb.load_data`, and the last `test_split`
    of them form the test set.

    # Arguments
        path: file name in the cache (`~/.keras/datasets`), or an absolute
            path.
        num_words: keep only the indices below this (default: all).
        skip_top: also treat the indices below this as out of vocabulary.
        maxlen: keep only the samples shorter than this (counting
            `start_char`).
        test_split: fraction of the samples kept for the test set.
        seed: random seed of the shuffle.
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
    num_words = _ws.check_kwargs(kwargs, num_words, 'reuters.load_data')
    path = get_file(path, origin=_ORIGIN, file_hash=_FILE_HASH)
    with np.load(path, allow_pickle=True) as data:
        xs, labels = data['x'], data['y']

    np.random.seed(seed)
    xs, labels = _ws.shuffle_together(xs, labels)

    xs = _ws.shift_indices(xs, start_char, index_from)
    labels = list(labels)
    if maxlen:
        xs, labels = _ws.drop_long(maxlen, xs, labels)
        if not xs:
            raise ValueError('reuters.load_data: no sample is shorter than '
                             'maxlen=%r; increase maxlen.' % (maxlen,))
    if not num_words:
        num_words = _ws.max_index(xs)
    xs = _ws.limit_vocabulary(xs, num_words, skip_top, oov_char)

    split = int(len(xs) * (1 - test_split))
    return ((_ws.object_array(xs[:split]), np.array(labels[:split])),
            (_ws.object_array(xs[split:]), np.array(labels[split:])))


def get_word_index(path='reuters_word_index.json'):
    """Loads the word index of the Reuters data set.

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
