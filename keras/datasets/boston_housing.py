"""Boston housing prices: 506 samples of 13 attributes of houses in suburbs
of Boston in the 1970s, with their median value (in k$)."""
from __future__ import absolute_import

import numpy as np

from ..utils.data_utils import get_file

_ORIGIN = 'https://s3.amazonaws.com/keras-datasets/boston_housing.npz'
_FILE_HASH = ('f553886a1f8d56431e820c5b82552d9d'
              '95cfcb96d1e678153f8839538947dff5')


def load_data(path='boston_housing.npz', test_split=0.2, seed=113):
    """Loads the Boston housing data set.

    The samples are shuffled with NumPy's global random generator seeded
    with `seed`, then the last `test_split` of them form the test set.

    # Arguments
        path: file name in the cache (`~/.keras/datasets`), or an absolute
            path.
        test_split: fraction of the samples kept for the test set.
        seed: random seed of the shuffle.

    # Returns
        `(x_train, y_train), (x_test, y_test)` NumPy arrays.

    # Raises
        ValueError: when `test_split` is not in [0, 1).
        Exception: when the file is not in the cache and cannot be
            downloaded (the message says where to place it).
    """
    if not 0 <= test_split < 1:
        raise ValueError('boston_housing.load_data: test_split must be in '
                         '[0, 1), got %r.' % (test_split,))
    path = get_file(path, origin=_ORIGIN, file_hash=_FILE_HASH)
    with np.load(path, allow_pickle=True) as data:
        x = data['x']
        y = data['y']
    np.random.seed(seed)
    order = np.arange(len(x))
    np.random.shuffle(order)
    x = x[order]
    y = y[order]
    split = int(len(x) * (1 - test_split))
    return ((np.array(x[:split]), np.array(y[:split])),
            (np.array(x[split:]), np.array(y[split:])))
