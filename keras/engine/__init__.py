"""The Keras engine: layers, the layer graph (`Network`) and `Model`.

Exports, as Keras 2.2.4's `keras.engine`: `Input`, `InputLayer`,
`InputSpec`, `Layer`, `get_source_inputs`, `Model` (and `Network`).
"""
from __future__ import absolute_import

from .input_layer import Input
from .input_layer import InputLayer
from .base_layer import InputSpec
from .base_layer import Layer


def __getattr__(name):
    # `Network` and `Model` are loaded on first use (PEP 562), so that
    # importing `keras.engine.base_layer` does not pull in the training code.
    if name in ('Network', 'get_source_inputs'):
        from . import network
        return getattr(network, name)
    if name == 'Model':
        from .training import Model
        return Model
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
