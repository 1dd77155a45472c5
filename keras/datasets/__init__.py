"""Small reference data sets (MNIST, Fashion-MNIST, CIFAR-10/100, IMDB,
Reuters, Boston housing), as in Keras 2.2.4.

Each module's `load_data()` fetches its files with `keras.utils.get_file`
into `~/.keras/datasets` (or `$KERAS_HOME/datasets`) and returns NumPy
arrays. Files already in that cache are used without network access.
"""
from __future__ import absolute_import

from . import boston_housing
from . import cifar10
from . import cifar100
from . import fashion_mnist
from . import imdb
from . import mnist
from . import reuters
