"""MNIST: 70,000 grayscale 28x28 images of handwritten digits (10 classes)."""
from __future__ import absolute_import

import numpy as np

from ..utils.data_utils import get_file

_ORIGIN = 'https://s3.amazonaws.com/img-datasets/mnist.npz'
_FILE_HASH = '8a61469f7ea1b51cbae51d4f78837e45'


def load_data(path='mnist.npz'):
    """Loads the MNIST data set.

    # Arguments
        path: file name in the cache (`~/.keras/datasets`), or an absolute
            path.

    # Returns
        `(x_train, y_train), (x_test, y_test)`: uint8 arrays of shapes
        `(60000, 28, 28)`, `(60000,)`, `(10000, 28, 28)`, `(10000,)`.

    # Raises
        Exception: when the file is not in the cache and cannot be
            downloaded (the message says where to place it).
    """
    path = get_file(path, origin=_ORIGIN, file_hash=_FILE_HASH)
    with np.load(path, allow_pickle=True) as data:
        x_train, y_train = data['x_train'], data['y_train']
        x_test, y_test = data['x_test'], data['y_test']
    return (x_train, y_train), (x_test, y_test)
