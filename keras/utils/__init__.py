"""Utilities: `keras.utils` exports what Keras 2.2.4's `keras.utils` does.

The modules that depend only on NumPy are imported at once. The others
(`data_utils`, `io_utils`, `layer_utils`, `vis_utils`, `multi_gpu_utils`)
are imported on first access to one of their names: the backend imports
`keras.utils.generic_utils`, which runs this file, so it must not import
modules that import the backend or the engine.
"""
from __future__ import absolute_import

import importlib

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

# Names imported lazily: exported name -> (module, attribute in the module).
# `None` as attribute means the module itself.
_LAZY_NAMES = {
    'data_utils': ('data_utils', None),
    'io_utils': ('io_utils', None),
    'layer_utils': ('layer_utils', None),
    'vis_utils': ('vis_utils', None),
    'multi_gpu_utils': ('multi_gpu_utils', None),
    'get_file': ('data_utils', 'get_file'),
    'Sequence': ('data_utils', 'Sequence'),
    'GeneratorEnqueuer': ('data_utils', 'GeneratorEnqueuer'),
    'OrderedEnqueuer': ('data_utils', 'OrderedEnqueuer'),
    'SequenceEnqueuer': ('data_utils', 'SequenceEnqueuer'),
    'HDF5Matrix': ('io_utils', 'HDF5Matrix'),
    'H5Dict': ('io_utils', 'H5Dict'),
    'h5dict': ('io_utils', 'h5dict'),
    'convert_all_kernels_in_model': ('layer_utils',
                                     'convert_all_kernels_in_model'),
    'get_source_inputs': ('layer_utils', 'get_source_inputs'),
    'print_summary': ('layer_utils', 'print_summary'),
    'plot_model': ('vis_utils', 'plot_model'),
    'multi_gpu_model': ('multi_gpu_utils', 'multi_gpu_model'),
}

__all__ = ['conv_utils', 'generic_utils', 'np_utils', 'CustomObjectScope',
           'Progbar', 'custom_object_scope', 'deserialize_keras_object',
           'get_custom_objects', 'serialize_keras_object', 'normalize',
           'to_categorical'] + sorted(_LAZY_NAMES)


def __getattr__(name):
    if name not in _LAZY_NAMES:
        raise AttributeError('module %r has no attribute %r' %
                             (__name__, name))
    module_name, attribute = _LAZY_NAMES[name]
    module = importlib.import_module('.' + module_name, __name__)
    value = module if attribute is None else getattr(module, attribute)
    # Cache it: later lookups are plain attribute reads.
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY_NAMES))
