"""Utilities: `keras.utils` exports what Keras 2.2.4's `keras.utils` does.

Every utils module is imported at once, as in 2.2.4. None of them imports
the engine or the layers at module level (`multi_gpu_utils` loads `Model`,
`Lambda`, `concatenate` on first use), so importing `keras.utils` first
creates no import cycle.
"""
from __future__ import absolute_import

from . import conv_utils
from . import generic_utils
from . import np_utils

from .generic_utils import CustomObjectScope
from .generic_utils import Progbar
from .generic_utils import custom_object_scope
from .generic_utils import deserialize_keras_object
from .generic_utils import get_custom_objects
from .generic_utils import serialize_keras_object
from .np_utils import normalize
from .np_utils import to_categorical

from . import data_utils
from . import io_utils
from . import layer_utils
from . import vis_utils
from . import multi_gpu_utils

from .data_utils import GeneratorEnqueuer
from .data_utils import OrderedEnqueuer
from .data_utils import Sequence
from .data_utils import SequenceEnqueuer
from .data_utils import get_file
from .io_utils import H5Dict
from .io_utils import HDF5Matrix
from .io_utils import h5dict
from .layer_utils import convert_all_kernels_in_model
from .layer_utils import get_source_inputs
from .layer_utils import print_summary
from .multi_gpu_utils import multi_gpu_model
from .vis_utils import plot_model
