"""CIFAR-10: 60,000 colour 32x32 images in 10 classes."""
from __future__ import absolute_import

import os

from ..utils.data_utils import get_file
from .cifar import _image_layout
from .cifar import _stack_batches
from .cifar import load_batch

_DIRNAME = 'cifar-10-batches-py'
_ORIGIN = 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz'


def load_data():
    """Loads the CIFAR-10 data set.

    The archive `cifar-10-python.tar.gz` is extracted to
    `~/.keras/datasets/cifar-10-batches-py` (files `data_batch_1` to
    `data_batch_5` and `test_batch`).

    # Returns
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape
        `(50000, 32, 32, 3)` and `(10000, 32, 32, 3)` (channels first when
        `K.image_data_format()` is 'channels_first') and labels of shape
        `(n, 1)` (uint8 for training, NumPy's default integer for test,
        as in Keras 2.2.4).

    # Raises
        Exception: when the data are not in the cache and cannot be
            downloaded (the message says where to place the archive).
    """
    path = get_file(_DIRNAME, origin=_ORIGIN, untar=True)
    train = [load_batch(os.path.join(path, 'data_batch_%d' % i))
             for i in range(1, 6)]
    # As in Keras 2.2.4: uint8 training labels, default-int test labels.
    x_train, y_train = _stack_batches(train, label_dtype='uint8')
    x_test, y_test = _stack_batches([load_batch(os.path.join(path,
                                                             'test_batch'))])
    return (_image_layout(x_train), y_train), (_image_layout(x_test), y_test)
