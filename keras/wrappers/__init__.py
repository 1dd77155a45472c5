"""Wrappers that let Keras models be used by other libraries
(`keras.wrappers.scikit_learn`)."""
from __future__ import absolute_import
