"""The input layer of a model and the `Input()` function that creates it."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from .. import backend as K
from ..legacy import interfaces
from ..utils.generic_utils import unpack_singleton
from .base_layer import Layer
from .base_layer import Node


class InputLayer(Layer):
    """The layer a model's input tensor comes from.

    It holds a placeholder (or wraps an existing tensor) and is the start of
    the layer graph. Usually created through `Input()`.

    # Arguments
        input_shape: shape tuple without the batch axis.
        batch_size: fixed batch size, or None.
        batch_input_shape: shape tuple including the batch axis.
        dtype: dtype of the input (default `K.floatx()`, or the dtype of
            `input_tensor`).
        input_tensor: an existing tensor to use as the input instead of a
            new placeholder.
        sparse: whether the placeholder is sparse.
        name: name of the layer.

    # Raises
        ValueError: if both `input_shape` and `batch_input_shape` are given,
            or if no shape is given and none can be inferred.
    """

    @interfaces.legacy_input_support
    def __init__(self, input_shape=None, batch_size=None,
                 batch_input_shape=None, dtype=None, input_tensor=None,
                 sparse=False, name=None):
        if not name:
            prefix = 'input'
            name = prefix + '_' + str(K.get_uid(prefix))
        super(InputLayer, self).__init__(dtype=dtype, name=name)

        self.trainable = False
        self.built = True
        self.sparse = sparse

        if input_shape and batch_input_shape:
            raise ValueError('InputLayer %s: give `input_shape` or '
                             '`batch_input_shape`, not both.' % name)
        if input_tensor is not None and batch_input_shape is None \
                and not input_shape:
            batch_input_shape = K.int_shape(input_tensor)
            if batch_input_shape is None:
                raise ValueError('InputLayer %s was given an `input_tensor` '
                                 'whose shape cannot be inferred. Pass an '
                                 '`input_shape` or `batch_input_shape` too.'
                                 % name)
        if not batch_input_shape:
            if not input_shape:
                raise ValueError('An Input layer should be passed either a '
                                 '`batch_input_shape` or an `input_shape` '
                                 '(layer %s).' % name)
            batch_input_shape = (batch_size,) + tuple(input_shape)
        else:
            batch_input_shape = tuple(batch_input_shape)

        if not dtype:
            if input_tensor is None:
                dtype = K.floatx()
            else:
                dtype = K.dtype(input_tensor)

        self.batch_input_shape = batch_input_shape
        self.dtype = dtype

        if input_tensor is None:
            self.is_placeholder = True
            input_tensor = K.placeholder(shape=batch_input_shape,
                                         dtype=dtype,
                                         sparse=self.sparse,
                                         name=self.name)
        else:
            self.is_placeholder = False
            input_tensor._keras_shape = batch_input_shape
        input_tensor._uses_learning_phase = False
        input_tensor._keras_history = (self, 0, 0)
        Node(self,
             inbound_layers=[],
             node_indices=[],
             tensor_indices=[],
             input_tensors=[input_tensor],
             output_tensors=[input_tensor],
             input_masks=[None],
             output_masks=[None],
             input_shapes=[batch_input_shape],
             output_shapes=[batch_input_shape])

    def get_config(self):
        return {'batch_input_shape': self.batch_input_shape,
                'dtype': self.dtype,
                'sparse': self.sparse,
                'name': self.name}


def Input(shape=None, batch_shape=None, name=None, dtype=None, sparse=False,
          tensor=None):
    """Creates a Keras input tensor (a placeholder tagged with its layer).

    # Arguments
        shape: shape tuple without the batch axis, e.g. `(32,)` for batches
            of 32-dimensional vectors.
        batch_shape: shape tuple including the batch axis, e.g. `(10, 32)`.
        name: name of the input layer.
        dtype: data type (default `K.floatx()`, or the dtype of `tensor`).
        sparse: whether the placeholder is sparse.
        tensor: an existing tensor to wrap instead of a new placeholder.

    # Returns
        A tensor to build a model with: `Model(inputs=x, outputs=...)`.

    # Raises
        ValueError: if neither `shape` nor `batch_shape` (nor `tensor`) is
            given.
    """
    if not batch_shape and tensor is None and shape is None:
        raise ValueError('Please provide to Input either a `shape` or a '
                         '`batch_shape` argument. Note that `shape` does not '
                         'include the batch dimension.')
    if shape is not None and not batch_shape:
        batch_shape = (None,) + tuple(shape)
    if not dtype and tensor is None:
        dtype = K.floatx()
    layer = InputLayer(batch_input_shape=batch_shape, name=name, dtype=dtype,
                       sparse=sparse, input_tensor=tensor)
    return unpack_singleton(layer._inbound_nodes[0].output_tensors)
