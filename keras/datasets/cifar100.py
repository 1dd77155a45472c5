"""CIFAR-100: 60,000 colour 32x32 images in 100 fine (20 coarse) classes."""
from __future__ import absolute_import

import os

from ..utils.data_utils import get_file
from .cifar import _image_layout
from .cifar import _stack_batches
from .cifar import load_batch

_DIRNAME = 'cifar-100-python'
_ORIGIN = 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz'


def load_data(label_mode='fine'):
    """Loads the CIFAR-100 data set.

    The archive `cifar-100-python.tar.gz` is extracted to
    `~/.keras/datasets/cifar-100-python` (files `train` and `test`).

    # Arguments
        label_mode: 'fine' (100 classes) or 'coarse' (20 super-classes).

    # Returns
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape
        `(50000, 32, 32, 3)` and `(10000, 32, 32, 3)` (channels first when
        `K.image_data_format()` is 'channels_first') and labels of shape
        `(n, 1)`.

    # Raises
        ValueError: for another `label_mode`.
        Exception: when the data are not in the cache and cannot be
            downloaded (the message says where to place the archive).
    """
    if label_mode not in ('fine', 'coarse'):
        raise ValueError('cifar100.load_data: label_mode must be "fine" or '
                         '"coarse", got %r.' % (label_mode,))
    path = get_file(_DIRNAME, origin=_ORIGIN, untar=True)
    label_key = label_mode + '_labels'
    x_train, y_train = _stack_batches(
        [load_batch(os.path.join(path, 'train'), label_key=label_key)])
    x_test, y_test = _stack_batches(
        [load_batch(os.path.join(path, 'test'), label_key=label_key)])
    return (_image_layout(x_train), y_train), (_image_layout(x_test), y_test)
