"""All Keras 2.2.4 layers, and `serialize` / `deserialize` for layer configs."""
from __future__ import absolute_import

from ..utils.generic_utils import deserialize_keras_object
from ..engine.base_layer import Layer
from ..engine.base_layer import InputSpec
from ..engine.input_layer import Input
from ..engine.input_layer import InputLayer
from .core import *
from .convolutional import *
from .pooling import *
from .local import *
from .recurrent import *
from .cudnn_recurrent import *
from .normalization import *
from .embeddings import *
from .noise import *
from .advanced_activations import *
from .merge import *
from .wrappers import *
from .convolutional_recurrent import *
from ..legacy.layers import *


def serialize(layer):
    """Returns `{'class_name': ..., 'config': ...}` for a layer instance.

    # Arguments
        layer: a `Layer` instance.

    # Returns
        A dict, which `deserialize` turns back into a layer.
    """
    return {'class_name': layer.__class__.__name__,
            'config': layer.get_config()}


def deserialize(config, custom_objects=None, safe_mode=None):
    """Builds a layer (or model) from the output of `serialize`.

    # Arguments
        config: dict with keys `class_name` and `config`.
        custom_objects: dict of names to custom classes or functions.
        safe_mode: False allows `Lambda` layers stored as Python bytecode to
            be rebuilt (this runs code from the config); True refuses them;
            None (default) keeps the current `saving.safe_mode_scope`, which
            refuses them outside any scope.

    # Returns
        A layer instance (Model, Sequential, Network, or any layer).

    # Raises
        ValueError: for unknown layer classes, and for bytecode in safe mode.
    """
    from .. import models
    from ..engine import network
    from ..engine.safe_mode import safe_mode_scope
    globs = dict(globals())
    globs['Model'] = models.Model
    globs['Sequential'] = models.Sequential
    globs['Network'] = network.Network
    if safe_mode is None:
        return deserialize_keras_object(config,
                                        module_objects=globs,
                                        custom_objects=custom_objects,
                                        printable_module_name='layer')
    with safe_mode_scope(safe_mode):
        return deserialize_keras_object(config,
                                        module_objects=globs,
                                        custom_objects=custom_objects,
                                        printable_module_name='layer')
