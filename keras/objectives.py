"""Legacy alias of `keras.losses` (Keras 1 name, kept by Keras 2.2.4)."""
from __future__ import absolute_import

from .losses import *  # noqa: F401,F403
