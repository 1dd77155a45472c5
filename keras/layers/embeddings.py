"""The Embedding layer: maps integer indices to dense vectors."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from .. import backend as K
from .. import constraints
from .. import initializers
from .. import regularizers
from ..engine.base_layer import Layer
from ..legacy import interfaces

__all__ = ['Embedding']


class Embedding(Layer):
    """Turns positive integers (indices) into dense vectors of fixed size,
    e.g. `[[4], [20]] -> [[[0.25, 0.1]], [[0.6, -0.2]]]`.

    It can only be used on integer inputs; float inputs are cast to int32.
    Its weight, `embeddings`, has shape `(input_dim, output_dim)`.

    # Arguments
        input_dim: int > 0, size of the vocabulary (largest index + 1).
        output_dim: int >= 0, size of the dense vectors.
        embeddings_initializer: initializer of the `embeddings` matrix.
        embeddings_regularizer: regularizer of the `embeddings` matrix.
        activity_regularizer: regularizer of the output.
        embeddings_constraint: constraint on the `embeddings` matrix.
        mask_zero: whether the index 0 is a padding value to be masked out
            (for recurrent layers after it). Then index 0 cannot be used as a
            word and `input_dim` should be the vocabulary size + 1.
        input_length: length of the input sequences when constant (needed
            to connect `Flatten` then `Dense` after the layer); a list or
            tuple for inputs of rank > 2.
        learning_rate_multipliers: number, or `{'embeddings': number}`.

    # Input shape
        2D tensor `(batch_size, sequence_length)` (any rank is accepted).

    # Output shape
        The input shape with `output_dim` appended:
        `(batch_size, sequence_length, output_dim)`.
    """

    @interfaces.legacy_embedding_support
    def __init__(self, input_dim, output_dim,
                 embeddings_initializer='uniform',
                 embeddings_regularizer=None,
                 activity_regularizer=None,
                 embeddings_constraint=None,
                 mask_zero=False,
                 input_length=None,
                 **kwargs):
        if 'input_shape' not in kwargs and 'batch_input_shape' not in kwargs:
            if input_length:
                if isinstance(input_length, (list, tuple)):
                    kwargs['input_shape'] = tuple(input_length)
                else:
                    kwargs['input_shape'] = (input_length,)
            else:
                kwargs['input_shape'] = (None,)
        super(Embedding, self).__init__(**kwargs)

        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self.input_length = input_length

    def build(self, input_shape):
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            name='embeddings',
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
            dtype=K.floatx())
        self.built = True

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return K.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        if self.input_length is None:
            return tuple(input_shape) + (self.output_dim,)
        if isinstance(self.input_length, (list, tuple)):
            lengths = list(self.input_length)
        else:
            lengths = [self.input_length]
        if len(lengths) != len(input_shape) - 1:
            raise ValueError('Embedding layer %r: "input_length" is %s, but '
                             'the input has shape %s.'
                             % (self.name, self.input_length, input_shape))
        for i, (given, actual) in enumerate(zip(lengths, input_shape[1:])):
            if given is not None and actual is not None and given != actual:
                raise ValueError('Embedding layer %r: "input_length" is %s, '
                                 'but the input has shape %s.'
                                 % (self.name, self.input_length, input_shape))
            if given is None:
                lengths[i] = actual
        return (input_shape[0],) + tuple(lengths) + (self.output_dim,)

    def call(self, inputs):
        if K.dtype(inputs) != 'int32':
            inputs = K.cast(inputs, 'int32')
        return K.gather(self.embeddings, inputs)

    def get_config(self):
        config = {
            'input_dim': self.input_dim,
            'output_dim': self.output_dim,
            'embeddings_initializer':
                initializers.serialize(self.embeddings_initializer),
            'embeddings_regularizer':
                regularizers.serialize(self.embeddings_regularizer),
            'activity_regularizer':
                regularizers.serialize(self.activity_regularizer),
            'embeddings_constraint':
                constraints.serialize(self.embeddings_constraint),
            'mask_zero': self.mask_zero,
            'input_length': self.input_length,
        }
        base_config = super(Embedding, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
