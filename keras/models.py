"""Model classes and functions: ``Model``, ``Sequential``, ``Input``,
``InputLayer`` (saving and loading functions are added to this module by the
saving code)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from .engine.input_layer import Input
from .engine.input_layer import InputLayer
from .engine.sequential import Sequential
from .engine.training import Model

__all__ = ['Model', 'Sequential', 'Input', 'InputLayer']
