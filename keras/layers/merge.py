"""Layers that merge a list of tensors into one: element-wise operations
(Add, Subtract, Multiply, Average, Maximum, Minimum), Concatenate and Dot,
and their functional forms (`add`, `concatenate`, ...)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import operator

from .. import backend as K
from ..engine.base_layer import Layer

__all__ = ['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum',
           'Concatenate', 'Dot', 'add', 'subtract', 'multiply', 'average',
           'maximum', 'minimum', 'concatenate', 'dot']


def _batch_size_of(shapes):
    """The set of known batch sizes of a list of shapes."""
    sizes = set(s[0] for s in shapes if s is not None)
    sizes.discard(None)
    return sizes


def _fold(function, inputs):
    """`function(function(inputs[0], inputs[1]), inputs[2])...`: a binary
    element-wise operation applied from left to right over the inputs."""
    output = inputs[0]
    for x in inputs[1:]:
        output = function(output, x)
    return output


class _Merge(Layer):
    """Base class of the element-wise merge layers.

    The inputs may have different ranks: shapes are broadcast NumPy-style,
    aligned on their last axes (the batch axis aside), so `(batch, 3)` and
    `(batch, 4, 3)` give `(batch, 4, 3)`. The output mask is the logical AND
    of the input masks.

    # Arguments
        **kwargs: standard layer keyword arguments.
    """

    def __init__(self, **kwargs):
        super(_Merge, self).__init__(**kwargs)
        self.supports_masking = True

    def _merge_function(self, inputs):
        raise NotImplementedError

    def _compute_elemwise_op_output_shape(self, shape1, shape2):
        """Broadcast shape of two shapes without the batch axis.

        # Arguments
            shape1: tuple or None.
            shape2: tuple or None.

        # Returns
            A tuple, or None when a shape is unknown.

        # Raises
            ValueError: if the shapes cannot be broadcast together.
        """
        if shape1 is None or shape2 is None:
            return None
        if len(shape1) < len(shape2):
            return self._compute_elemwise_op_output_shape(shape2, shape1)
        if not shape2:
            return tuple(shape1)
        output_shape = list(shape1[:-len(shape2)])
        for i, j in zip(shape1[-len(shape2):], shape2):
            if i is None or j is None:
                output_shape.append(None)
            elif i == 1:
                output_shape.append(j)
            elif j == 1:
                output_shape.append(i)
            else:
                if i != j:
                    raise ValueError('Layer %s: operands could not be broadcast '
                                     'together with shapes %s %s.'
                                     % (self.name, shape1, shape2))
                output_shape.append(i)
        return tuple(output_shape)

    def _check_inputs(self, input_shape):
        if not isinstance(input_shape, list):
            raise ValueError('A merge layer (%s) should be called on a list '
                             'of inputs.' % self.name)
        if len(input_shape) < 2:
            raise ValueError('A merge layer (%s) should be called on a list '
                             'of at least 2 inputs. Got %d inputs.'
                             % (self.name, len(input_shape)))

    def build(self, input_shape):
        self._check_inputs(input_shape)
        if len(_batch_size_of(input_shape)) > 1:
            raise ValueError('Layer %s: cannot merge tensors with different '
                             'batch sizes. Got tensors with shapes: %s'
                             % (self.name, input_shape))
        output_shape = None if input_shape[0] is None else input_shape[0][1:]
        for shape in input_shape[1:]:
            shape = None if shape is None else shape[1:]
            output_shape = self._compute_elemwise_op_output_shape(output_shape,
                                                                  shape)
        # Inputs of different ranks are reshaped in `call` to broadcast.
        if None not in input_shape and len(set(map(len, input_shape))) == 1:
            self._reshape_required = False
        else:
            self._reshape_required = True
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, list):
            raise ValueError('A merge layer (%s) should be called on a list '
                             'of inputs.' % self.name)
        if not getattr(self, '_reshape_required', False):
            return self._merge_function(inputs)
        ndims = [K.ndim(x) for x in inputs]
        if None not in ndims:
            # Known ranks: insert axes after the batch axis until all inputs
            # have the largest rank, which aligns them on their last axes.
            max_ndim = max(ndims)
            reshaped = []
            for x, x_ndim in zip(inputs, ndims):
                for _ in range(max_ndim - x_ndim):
                    x = K.expand_dims(x, 1)
                reshaped.append(x)
            return self._merge_function(reshaped)
        # Unknown ranks: move the batch axis last on every input, so that
        # broadcasting aligns the remaining axes, then move it back.
        reshaped = []
        transposed = False
        for x, x_ndim in zip(inputs, ndims):
            if x_ndim is None:
                x_shape = K.shape(x)
                batch_size = x_shape[0]
                new_shape = K.concatenate([x_shape[1:],
                                           K.expand_dims(batch_size)])
                x_t = K.reshape(x, K.stack([batch_size,
                                            K.prod(x_shape[1:])]))
                x_t = K.permute_dimensions(x_t, (1, 0))
                reshaped.append(K.reshape(x_t, new_shape))
                transposed = True
            elif x_ndim > 1:
                reshaped.append(K.permute_dimensions(
                    x, list(range(1, x_ndim)) + [0]))
                transposed = True
            else:
                reshaped.append(x)
        y = self._merge_function(reshaped)
        if not transposed:
            return y
        y_ndim = K.ndim(y)
        if y_ndim is None:
            y_shape = K.shape(y)
            y_ndim = K.shape(y_shape)[0]
            batch_size = y_shape[y_ndim - 1]
            new_shape = K.concatenate([K.expand_dims(batch_size),
                                       y_shape[:y_ndim - 1]])
            y = K.reshape(y, (-1, batch_size))
            y = K.permute_dimensions(y, (1, 0))
            return K.reshape(y, new_shape)
        if y_ndim > 1:
            return K.permute_dimensions(y, [y_ndim - 1] + list(range(y_ndim - 1)))
        return y

    def compute_output_shape(self, input_shape):
        output_shape = None if input_shape[0] is None else input_shape[0][1:]
        for shape in input_shape[1:]:
            shape = None if shape is None else shape[1:]
            output_shape = self._compute_elemwise_op_output_shape(output_shape,
                                                                  shape)
        if output_shape is None:
            return None
        sizes = _batch_size_of(input_shape)
        batch = list(sizes)[0] if len(sizes) == 1 else None
        return (batch,) + tuple(output_shape)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, list):
            raise ValueError('Layer %s: `mask` should be a list.' % self.name)
        if not isinstance(inputs, list):
            raise ValueError('Layer %s: `inputs` should be a list.' % self.name)
        if len(mask) != len(inputs):
            raise ValueError('Layer %s: the lists `inputs` and `mask` should '
                             'have the same length.' % self.name)
        if all(m is None for m in mask):
            return None
        masks = [K.expand_dims(m, 0) for m in mask if m is not None]
        return K.all(K.concatenate(masks, axis=0), axis=0, keepdims=False)


class Add(_Merge):
    """Adds a list of inputs element-wise (same or broadcastable shapes).

    # Examples

    ```python
        x1 = keras.layers.Input(shape=(16,))
        x2 = keras.layers.Input(shape=(16,))
        y = keras.layers.Add()([x1, x2])
    ```
    """

    def _merge_function(self, inputs):
        return _fold(operator.add, inputs)


class Subtract(_Merge):
    """Subtracts the second of exactly two inputs from the first.

    # Examples

    ```python
        diff = keras.layers.Subtract()([x1, x2])  # x1 - x2
    ```
    """

    def build(self, input_shape):
        super(Subtract, self).build(input_shape)
        if len(input_shape) != 2:
            raise ValueError('A `Subtract` layer (%s) should be called on '
                             'exactly 2 inputs, got %d.'
                             % (self.name, len(input_shape)))

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError('A `Subtract` layer (%s) should be called on '
                             'exactly 2 inputs, got %d.'
                             % (self.name, len(inputs)))
        return inputs[0] - inputs[1]


class Multiply(_Merge):
    """Multiplies a list of inputs element-wise."""

    def _merge_function(self, inputs):
        return _fold(operator.mul, inputs)


class Average(_Merge):
    """Averages a list of inputs element-wise."""

    def _merge_function(self, inputs):
        return _fold(operator.add, inputs) / len(inputs)


class Maximum(_Merge):
    """Element-wise maximum of a list of inputs."""

    def _merge_function(self, inputs):
        return _fold(K.maximum, inputs)


class Minimum(_Merge):
    """Element-wise minimum of a list of inputs."""

    def _merge_function(self, inputs):
        return _fold(K.minimum, inputs)


class Concatenate(_Merge):
    """Concatenates a list of inputs along one axis.

    All inputs must have the same shape except along that axis. With masks,
    a position of the output is masked out when it is masked in the input
    it comes from (inputs without a mask count as all valid).

    # Arguments
        axis: the concatenation axis.
        **kwargs: standard layer keyword arguments.
    """

    def __init__(self, axis=-1, **kwargs):
        super(Concatenate, self).__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self._reshape_required = False

    def build(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            raise ValueError('A `Concatenate` layer (%s) should be called on a '
                             'list of at least 2 inputs.' % self.name)
        if all(shape is None for shape in input_shape):
            self.built = True
            return
        reduced = set()
        for shape in input_shape:
            if shape is None:
                continue
            shape = list(shape)
            del shape[self.axis]
            reduced.add(tuple(shape))
        if len(reduced) > 1:
            raise ValueError('A `Concatenate` layer (%s) requires inputs with '
                             'matching shapes except for the concat axis. Got '
                             'inputs shapes: %s' % (self.name, input_shape))
        self.built = True

    def _merge_function(self, inputs):
        return K.concatenate(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, list):
            raise ValueError('A `Concatenate` layer (%s) should be called on a '
                             'list of inputs.' % self.name)
        output_shape = list(input_shape[0])
        for shape in input_shape[1:]:
            if output_shape[self.axis] is None or shape[self.axis] is None:
                output_shape[self.axis] = None
                break
            output_shape[self.axis] += shape[self.axis]
        return tuple(output_shape)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, list):
            raise ValueError('Layer %s: `mask` should be a list.' % self.name)
        if not isinstance(inputs, list):
            raise ValueError('Layer %s: `inputs` should be a list.' % self.name)
        if len(mask) != len(inputs):
            raise ValueError('Layer %s: the lists `inputs` and `mask` should '
                             'have the same length.' % self.name)
        if all(m is None for m in mask):
            return None
        # Masks usually lack the features axis; they then get a last axis
        # of size 1, and an input without mask gets an all-True mask of the
        # same form (Keras 2.2.4 used the input's full shape, which cannot
        # be concatenated with the others unless axis is the last one).
        full_rank = any(m is not None and K.ndim(m) == K.ndim(x)
                        for x, m in zip(inputs, mask))
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                if full_rank:
                    masks.append(K.cast(K.ones_like(x), 'bool'))
                else:
                    masks.append(K.expand_dims(
                        K.cast(K.ones_like(x[..., 0]), 'bool')))
            elif K.ndim(m) < K.ndim(x):
                masks.append(K.expand_dims(m))
            else:
                masks.append(m)
        concatenated = K.concatenate(masks, axis=self.axis)
        return K.all(concatenated, axis=-1, keepdims=False)

    def get_config(self):
        config = {'axis': self.axis}
        base_config = super(Concatenate, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Dot(_Merge):
    """Dot product of two batches of tensors along given axes.

    For inputs of shapes `(batch, n)` and `(batch, n)` the output has shape
    `(batch, 1)`: entry `i` is `sum_j x1[i, j] * x2[i, j]`.

    # Arguments
        axes: int or pair of ints, the axis (per input) along which to take
            the products and sum. Negative values count from the end.
        normalize: whether to L2-normalize the inputs along `axes` first;
            the output is then the cosine proximity.
        **kwargs: standard layer keyword arguments.

    # Raises
        TypeError / ValueError: for an `axes` that is not an int or a pair of
            ints.
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super(Dot, self).__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError('Invalid type for `axes` of Dot layer %s: '
                                'should be a list or an int, got %r.'
                                % (self.name, axes))
            if len(axes) != 2:
                raise ValueError('Invalid format for `axes` of Dot layer %s: '
                                 'should contain two elements, got %r.'
                                 % (self.name, axes))
            if not isinstance(axes[0], int) or not isinstance(axes[1], int):
                raise ValueError('Invalid format for `axes` of Dot layer %s: '
                                 'list elements should be "int", got %r.'
                                 % (self.name, axes))
        self.axes = axes
        self.normalize = normalize
        self.supports_masking = True
        self._reshape_required = False

    def _resolve_axes(self, ndim1, ndim2):
        if isinstance(self.axes, int):
            if self.axes < 0:
                return [self.axes % ndim1, self.axes % ndim2]
            return [self.axes] * 2
        return [a % n if a < 0 else a
                for a, n in zip(self.axes, (ndim1, ndim2))]

    def build(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) != 2:
            raise ValueError('A `Dot` layer (%s) should be called on a list of '
                             '2 inputs.' % self.name)
        shape1, shape2 = input_shape
        if shape1 is None or shape2 is None:
            self.built = True
            return
        axes = self._resolve_axes(len(shape1), len(shape2))
        if shape1[axes[0]] != shape2[axes[1]]:
            raise ValueError('Dot layer %s: dimension incompatibility %s != %s. '
                             'Layer shapes: %s, %s'
                             % (self.name, shape1[axes[0]], shape2[axes[1]],
                                shape1, shape2))
        self.built = True

    def _merge_function(self, inputs):
        x1, x2 = inputs
        axes = self._resolve_axes(K.ndim(x1), K.ndim(x2))
        if self.normalize:
            x1 = K.l2_normalize(x1, axis=axes[0])
            x2 = K.l2_normalize(x2, axis=axes[1])
        return K.batch_dot(x1, x2, axes)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) != 2:
            raise ValueError('A `Dot` layer (%s) should be called on a list of '
                             '2 inputs.' % self.name)
        shape1 = list(input_shape[0])
        shape2 = list(input_shape[1])
        axes = self._resolve_axes(len(shape1), len(shape2))
        shape1.pop(axes[0])
        shape2.pop(axes[1])
        shape2.pop(0)
        output_shape = shape1 + shape2
        if len(output_shape) == 1:
            output_shape += [1]
        return tuple(output_shape)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        config = {'axes': self.axes, 'normalize': self.normalize}
        base_config = super(Dot, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def add(inputs, **kwargs):
    """Functional form of `Add`.

    # Arguments
        inputs: list of at least 2 tensors of broadcastable shapes.
        **kwargs: standard layer keyword arguments.

    # Returns
        The element-wise sum.
    """
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """Functional form of `Subtract`.

    # Arguments
        inputs: list of exactly 2 tensors.
        **kwargs: standard layer keyword arguments.

    # Returns
        `inputs[0] - inputs[1]`.
    """
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """Functional form of `Multiply`.

    # Arguments
        inputs: list of at least 2 tensors.
        **kwargs: standard layer keyword arguments.

    # Returns
        The element-wise product.
    """
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """Functional form of `Average`.

    # Arguments
        inputs: list of at least 2 tensors.
        **kwargs: standard layer keyword arguments.

    # Returns
        The element-wise mean.
    """
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """Functional form of `Maximum`.

    # Arguments
        inputs: list of at least 2 tensors.
        **kwargs: standard layer keyword arguments.

    # Returns
        The element-wise maximum.
    """
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """Functional form of `Minimum`.

    # Arguments
        inputs: list of at least 2 tensors.
        **kwargs: standard layer keyword arguments.

    # Returns
        The element-wise minimum.
    """
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form of `Concatenate`.

    # Arguments
        inputs: list of at least 2 tensors.
        axis: the concatenation axis.
        **kwargs: standard layer keyword arguments.

    # Returns
        The concatenation.
    """
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes, normalize=False, **kwargs):
    """Functional form of `Dot`.

    # Arguments
        inputs: list of 2 tensors.
        axes: int or pair of ints.
        normalize: whether to L2-normalize the inputs along `axes` first.
        **kwargs: standard layer keyword arguments.

    # Returns
        The batch-wise dot product.
    """
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
