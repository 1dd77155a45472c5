"""Keras 2.2.4's `keras.engine.topology`: kept so that old imports
(`from keras.engine.topology import Layer, ...`) work. The code lives in
`base_layer`, `input_layer`, `network` and `saving`."""
from __future__ import absolute_import

from .base_layer import InputSpec
from .base_layer import Layer
from .base_layer import Node
from .input_layer import Input
from .input_layer import InputLayer
from .network import Network
from .network import get_source_inputs
from .saving import load_weights_from_hdf5_group
from .saving import load_weights_from_hdf5_group_by_name
from .saving import preprocess_weights_for_loading
from .saving import save_weights_to_hdf5_group

# Keras 2.1 and earlier called `Network` `Container`.
Container = Network

__all__ = ['InputSpec', 'Layer', 'Node', 'Input', 'InputLayer', 'Network',
           'Container', 'get_source_inputs', 'load_weights_from_hdf5_group',
           'load_weights_from_hdf5_group_by_name',
           'preprocess_weights_for_loading', 'save_weights_to_hdf5_group']
