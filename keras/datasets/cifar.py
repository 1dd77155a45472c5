"""Reading the pickled batch files of the CIFAR data sets."""
from __future__ import absolute_import

import sys

import numpy as np
from six.moves import cPickle

from .. import backend as K


def load_batch(fpath, label_key='labels'):
    """Reads one batch file of CIFAR-10 or CIFAR-100 (Python pickle format).

    # Arguments
        fpath: path of the batch file.
        label_key: key of the labels in the pickled dict ('labels' for
            CIFAR-10, 'fine_labels' or 'coarse_labels' for CIFAR-100).

    # Returns
        `(data, labels)`: uint8 images of shape `(n, 3, 32, 32)` and the
        list of their labels.

    # Raises
        KeyError: when the file has no `label_key` entry.
    """
    with open(fpath, 'rb') as f:
        if sys.version_info < (3,):
            batch = cPickle.load(f)
        else:
            # The files were written by Python 2: their str are bytes here.
            batch = cPickle.load(f, encoding='bytes')
    decoded = {}
    for key, value in batch.items():
        if isinstance(key, bytes):
            key = key.decode('utf8')
        decoded[key] = value
    if label_key not in decoded:
        raise KeyError('load_batch: %s has no %r entry (it has %s).'
                       % (fpath, label_key, sorted(decoded)))
    data = np.asarray(decoded['data'])
    data = data.reshape(data.shape[0], 3, 32, 32)
    return data, decoded[label_key]


def _image_layout(x):
    """Images of shape `(n, 3, 32, 32)` in the layout of
    `K.image_data_format()` (transposed to `(n, 32, 32, 3)` for
    'channels_last')."""
    if K.image_data_format() == 'channels_last':
        return np.ascontiguousarray(x.transpose(0, 2, 3, 1))
    return x


def _stack_batches(batches, label_dtype=None):
    """Concatenates `(data, labels)` pairs: uint8 images and labels of
    shape `(n, 1)` (of `label_dtype`, default: NumPy's for the labels)."""
    x = np.concatenate([np.asarray(d, dtype='uint8') for d, _ in batches])
    y = np.concatenate([np.asarray(l, dtype=label_dtype).reshape(-1)
                        for _, l in batches])
    return x, y.reshape((len(y), 1))
