"""The Keras 2.2.4 name of the `mobilenet_v2` module, kept so that
`from keras.applications.mobilenetv2 import MobileNetV2` still works.
Everything lives in `keras.applications.mobilenet_v2`."""
from __future__ import absolute_import

from .mobilenet_v2 import MobileNetV2
from .mobilenet_v2 import decode_predictions
from .mobilenet_v2 import preprocess_input

__all__ = ['MobileNetV2', 'decode_predictions', 'preprocess_input']
