"""Keras 2.2.4 API on a TensorFlow graph backend, with per-layer learning-rate
multipliers (differential learning rates). See README.md."""
from __future__ import absolute_import

from . import utils
from . import activations
from . import applications
from . import backend
from . import datasets
from . import engine
from . import layers
from . import preprocessing
from . import wrappers
from . import callbacks
from . import constraints
from . import initializers
from . import metrics
from . import models
from . import losses
from . import optimizers
from . import regularizers
from . import multipliers

# Also importable as keras.Input / keras.Model / keras.Sequential (as in 2.2.4).
from .layers import Input
from .models import Model
from .models import Sequential

__version__ = '2.2.4.post1'
