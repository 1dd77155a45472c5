"""Callbacks: hooks called by the training loops at given stages of training.

This module must not import the engine at import time (``keras.multipliers``
imports ``Callback`` from here).
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function


class Callback(object):
    """Base class of the objects that the training loops call back.

    Subclass it and override the ``on_*`` methods you need.

    # Properties
        params: dict of training parameters (``batch_size``, ``epochs``,
            ``steps``, ``samples``, ``verbose``, ``do_validation``,
            ``metrics``).
        model: the ``keras.models.Model`` being trained.

    The ``logs`` dict passed to the methods holds: in ``on_epoch_end`` the
    epoch's metrics (with ``val_`` entries when validating); in
    ``on_batch_begin`` the key ``size``; in ``on_batch_end`` the batch's
    metrics and ``size``.
    """

    def __init__(self):
        self.validation_data = None
        self.model = None

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass
