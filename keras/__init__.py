"""Keras 2.2.4 API on a TensorFlow graph backend, with per-layer learning-rate
multipliers (differential learning rates). See README.md."""
from __future__ import absolute_import


def _set_tf_environment():
    """Makes TensorFlow's `tf.keras` resolve to the `tf_keras` package, when
    it is installed, instead of to this package.

    TensorFlow 2.16+ resolves `tf.keras` on first use: to `tf_keras` when the
    environment variable `TF_USE_LEGACY_KERAS` is true, otherwise to the
    installed `keras` package, which here is this one and has no
    `keras.api._v2` - so `tf.keras`, and libraries that use it at import
    (Horovod's `horovod.tensorflow`), would fail. The variable is read when
    `tf.keras` is first touched, so setting it here works whether TensorFlow
    is imported before or after this package (TensorFlow imports `keras`
    during its own import). A value the user set is left alone; without
    `tf_keras` installed nothing is changed. See README.md, "Installing".
    """
    import importlib.util
    import os
    if 'TF_USE_LEGACY_KERAS' in os.environ:
        return
    if importlib.util.find_spec('tf_keras') is not None:
        os.environ['TF_USE_LEGACY_KERAS'] = '1'


_set_tf_environment()

from . import utils  # noqa: E402  (after the TensorFlow environment is set)
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
