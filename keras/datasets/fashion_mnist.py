"""Fashion-MNIST: 70,000 grayscale 28x28 images of clothes (10 classes)."""
from __future__ import absolute_import

import gzip
import os

import numpy as np

from ..utils.data_utils import get_file

_BASE = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'
_FILES = ['train-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz',
          't10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz']
# Header sizes of the IDX files: labels 8 bytes, images 16 bytes.
_LABELS_OFFSET = 8
_IMAGES_OFFSET = 16


def _read_idx(labels_path, images_path):
    with gzip.open(labels_path, 'rb') as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=_LABELS_OFFSET)
    with gzip.open(images_path, 'rb') as f:
        images = np.frombuffer(f.read(), np.uint8, offset=_IMAGES_OFFSET)
    return images.reshape(len(labels), 28, 28), labels


def load_data():
    """Loads the Fashion-MNIST data set.

    The four gzipped IDX files are kept in `~/.keras/datasets/fashion-mnist`.

    # Returns
        `(x_train, y_train), (x_test, y_test)`: uint8 arrays of shapes
        `(60000, 28, 28)`, `(60000,)`, `(10000, 28, 28)`, `(10000,)`.

    # Raises
        Exception: when a file is not in the cache and cannot be
            downloaded (the message says where to place it).
    """
    cache_subdir = os.path.join('datasets', 'fashion-mnist')
    paths = [get_file(fname, origin=_BASE + fname, cache_subdir=cache_subdir)
             for fname in _FILES]
    x_train, y_train = _read_idx(paths[0], paths[1])
    x_test, y_test = _read_idx(paths[2], paths[3])
    return (x_train, y_train), (x_test, y_test)
