"""The Keras engine: layers, the layer graph (`Network`) and `Model`.

Exports, as Keras 2.2.4's `keras.engine`: `Input`, `InputLayer`,
`InputSpec`, `Layer`, `get_source_inputs`, `Model` (and `Network`).
"""
from __future__ import absolute_import

from .input_layer import Input
from .input_layer import InputLayer
from .base_layer import InputSpec
from .base_layer import Layer
from .network import Network
from .network import get_source_inputs

__all__ = ['Input', 'InputLayer', 'InputSpec', 'Layer', 'Network',
           'get_source_inputs', 'Model']


def __getattr__(name):
    # `Model` is loaded on first use (PEP 562): the training code imports
    # optimizers, losses, callbacks..., which import layers, which import
    # this package; loading it lazily keeps `keras.engine.base_layer`
    # importable on its own and avoids an import cycle.
    if name == 'Model':
        from .training import Model
        return Model
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
