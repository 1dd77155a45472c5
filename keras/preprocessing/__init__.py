"""Data preprocessing: images (`image`), sequences (`sequence`) and text
(`text`).

As in Keras 2.2.4, the implementation lives in the `keras_preprocessing`
package; this package hands it our `backend` and `utils` modules (so its
iterators are `keras.utils.Sequence` objects) and re-exports its names with
this package's defaults (`image_data_format()`, `floatx()`).
"""
from __future__ import absolute_import

import keras_preprocessing

from .. import backend
from .. import utils

# Must run before `keras_preprocessing.image` is first imported: its
# `Iterator` base class is looked up at import time.
keras_preprocessing.set_keras_submodules(backend=backend, utils=utils)

from . import image  # noqa: E402
from . import sequence  # noqa: E402
from . import text  # noqa: E402
