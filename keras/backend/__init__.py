"""Keras backend API (TensorFlow graph backend, ``tf.compat.v1``).

Import it as ``from keras import backend as K``.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from .load_backend import load_config as _load_config
from .load_backend import check_backend as _check_backend

_BACKEND = _load_config()
_check_backend(_BACKEND)

from .common import epsilon  # noqa: E402
from .common import floatx  # noqa: E402
from .common import set_epsilon  # noqa: E402
from .common import set_floatx  # noqa: E402
from .common import cast_to_floatx  # noqa: E402
from .common import image_data_format  # noqa: E402
from .common import set_image_data_format  # noqa: E402
from .common import image_dim_ordering  # noqa: E402
from .common import set_image_dim_ordering  # noqa: E402
from .common import normalize_data_format  # noqa: E402

from .tensorflow_backend import *  # noqa: E402,F401,F403
from .tensorflow_backend import _get_available_gpus  # noqa: E402,F401
from .tensorflow_backend import _has_nchw_support  # noqa: E402,F401
from .tensorflow_backend import _to_tensor  # noqa: E402,F401
from .tensorflow_backend import _preprocess_padding  # noqa: E402,F401
from . import tensorflow_backend  # noqa: E402,F401


def backend():
    """Returns the name of the current backend: ``'tensorflow'``.

    # Returns
        A string.
    """
    return _BACKEND
