"""NumPy helpers for preparing data."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import numpy as np


def to_categorical(y, num_classes=None, dtype='float32'):
    """Converts integer class labels to one-hot rows.

    # Arguments
        y: array-like of integer labels from 0 to `num_classes - 1`. A
            trailing axis of size 1 (labels of shape `(n, 1)`) is dropped.
        num_classes: total number of classes (default: `max(y) + 1`).
        dtype: data type of the result, as a string.

    # Returns
        An array of shape `y.shape + (num_classes,)` with a 1 at each
        label's index and 0 elsewhere.

    # Raises
        ValueError: if a label is negative or not below `num_classes`.
    """
    y = np.array(y, dtype='int')
    input_shape = y.shape
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = tuple(input_shape[:-1])
    y = y.ravel()
    if not num_classes:
        num_classes = int(np.max(y)) + 1 if y.size else 0
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError('to_categorical: labels must be in [0, %d) for '
                         'num_classes=%d; received labels from %d to %d.' %
                         (num_classes, num_classes, y.min(), y.max()))
    n = y.shape[0]
    categorical = np.zeros((n, num_classes), dtype=dtype)
    categorical[np.arange(n), y] = 1
    return np.reshape(categorical, tuple(input_shape) + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Scales an array to unit norm along an axis (zero vectors are left
    as they are).

    # Arguments
        x: Numpy array.
        axis: the axis along which to normalize.
        order: the order of the norm (2 for L2).

    # Returns
        The normalized array.
    """
    norms = np.atleast_1d(np.linalg.norm(x, order, axis))
    norms[norms == 0] = 1
    return x / np.expand_dims(norms, axis)
