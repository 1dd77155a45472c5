"""Pooling layers: max and average pooling over 1D, 2D and 3D windows, the
global poolings, and their Keras 2.2.4 aliases (`MaxPool2D`, ...)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from .. import backend as K
from ..engine.base_layer import InputSpec
from ..engine.base_layer import Layer
from ..utils import conv_utils
from ..legacy import interfaces


class _Pooling1D(Layer):
    """Base class of the 1D pooling layers.

    # Arguments
        pool_size: integer, the window size.
        strides: integer or None (None: `pool_size`).
        padding: `'valid'` or `'same'`.
        data_format: `'channels_last'` (`(batch, steps, features)`) or
            `'channels_first'` (`(batch, features, steps)`).
    """

    def __init__(self, pool_size=2, strides=None,
                 padding='valid', data_format='channels_last', **kwargs):
        super(_Pooling1D, self).__init__(**kwargs)
        if strides is None:
            strides = pool_size
        self.pool_size = conv_utils.normalize_tuple(pool_size, 1, 'pool_size')
        self.strides = conv_utils.normalize_tuple(strides, 1, 'strides')
        self.padding = _pool_padding(padding, self)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=3)

    def compute_output_shape(self, input_shape):
        steps_axis = 2 if self.data_format == 'channels_first' else 1
        length = conv_utils.conv_output_length(input_shape[steps_axis],
                                               self.pool_size[0],
                                               self.padding,
                                               self.strides[0])
        output_shape = list(input_shape)
        output_shape[steps_axis] = length
        return tuple(output_shape)

    # The backend's `pool_mode` (`'max'` or `'avg'`) of the concrete layers.
    _pool_mode = None

    def _pooling_function(self, inputs, pool_size, strides,
                          padding, data_format):
        return K.pool2d(inputs, pool_size, strides, padding, data_format,
                        pool_mode=self._pool_mode)

    def call(self, inputs):
        # Pool as a 2D input with a dummy width axis.
        dummy_axis = 2 if self.data_format == 'channels_last' else 3
        inputs = K.expand_dims(inputs, dummy_axis)
        output = self._pooling_function(inputs=inputs,
                                        pool_size=self.pool_size + (1,),
                                        strides=self.strides + (1,),
                                        padding=self.padding,
                                        data_format=self.data_format)
        return K.squeeze(output, dummy_axis)

    def get_config(self):
        config = {'strides': self.strides,
                  'pool_size': self.pool_size,
                  'padding': self.padding,
                  'data_format': self.data_format}
        base_config = super(_Pooling1D, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def _pool_padding(padding, layer):
    padding = conv_utils.normalize_padding(padding)
    if padding not in ('valid', 'same'):
        raise ValueError('Layer %s: pooling `padding` must be "valid" or '
                         '"same", got %r.' % (layer.name, padding))
    return padding


class MaxPooling1D(_Pooling1D):
    """Max pooling over temporal windows.

    # Arguments
        pool_size: integer, the window size.
        strides: integer, or None (then `pool_size`).
        padding: `'valid'` or `'same'`.
        data_format: `'channels_last'` (default) or `'channels_first'`.

    # Input shape
        3D tensor `(batch, steps, features)` (channels_last) or
        `(batch, features, steps)` (channels_first).

    # Output shape
        3D tensor with the pooled number of steps.
    """

    @interfaces.legacy_pooling1d_support
    def __init__(self, pool_size=2, strides=None,
                 padding='valid', data_format='channels_last', **kwargs):
        super(MaxPooling1D, self).__init__(pool_size, strides, padding,
                                           data_format, **kwargs)

    _pool_mode = 'max'


class AveragePooling1D(_Pooling1D):
    """Average pooling over temporal windows.

    With `'same'` padding, a window that overlaps the border averages only
    the values inside the input.

    # Arguments
        pool_size: integer, the window size.
        strides: integer, or None (then `pool_size`).
        padding: `'valid'` or `'same'`.
        data_format: `'channels_last'` (default) or `'channels_first'`.

    # Input shape
        3D tensor `(batch, steps, features)` (channels_last) or
        `(batch, features, steps)` (channels_first).

    # Output shape
        3D tensor with the pooled number of steps.
    """

    @interfaces.legacy_pooling1d_support
    def __init__(self, pool_size=2, strides=None,
                 padding='valid', data_format='channels_last', **kwargs):
        super(AveragePooling1D, self).__init__(pool_size, strides, padding,
                                               data_format, **kwargs)

    _pool_mode = 'avg'


class _PoolingND(Layer):
    """Base class of the 2D and 3D pooling layers.

    # Arguments
        rank: 2 or 3.
        pool_size: int or tuple of `rank` ints, the window size.
        strides: int, tuple of `rank` ints, or None (None: `pool_size`).
        padding: `'valid'` or `'same'`.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).
    """

    def __init__(self, rank, pool_size, strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(_PoolingND, self).__init__(**kwargs)
        self.rank = rank
        if strides is None:
            strides = pool_size
        self.pool_size = conv_utils.normalize_tuple(pool_size, rank,
                                                    'pool_size')
        self.strides = conv_utils.normalize_tuple(strides, rank, 'strides')
        self.padding = _pool_padding(padding, self)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def compute_output_shape(self, input_shape):
        if self.data_format == 'channels_first':
            axes = range(2, 2 + self.rank)
        else:
            axes = range(1, 1 + self.rank)
        output_shape = list(input_shape)
        for i, axis in enumerate(axes):
            output_shape[axis] = conv_utils.conv_output_length(
                input_shape[axis], self.pool_size[i], self.padding,
                self.strides[i])
        return tuple(output_shape)

    # The backend's `pool_mode` (`'max'` or `'avg'`) of the concrete layers.
    _pool_mode = None

    def _pooling_function(self, inputs, pool_size, strides,
                          padding, data_format):
        pool = K.pool2d if self.rank == 2 else K.pool3d
        return pool(inputs, pool_size, strides, padding, data_format,
                    pool_mode=self._pool_mode)

    def call(self, inputs):
        return self._pooling_function(inputs=inputs,
                                      pool_size=self.pool_size,
                                      strides=self.strides,
                                      padding=self.padding,
                                      data_format=self.data_format)

    def get_config(self):
        config = {'pool_size': self.pool_size,
                  'padding': self.padding,
                  'strides': self.strides,
                  'data_format': self.data_format}
        base_config = super(_PoolingND, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class _Pooling2D(_PoolingND):
    """Base class of the 2D pooling layers (see `_PoolingND`)."""

    def __init__(self, pool_size=(2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(_Pooling2D, self).__init__(2, pool_size, strides, padding,
                                         data_format, **kwargs)


class _Pooling3D(_PoolingND):
    """Base class of the 3D pooling layers (see `_PoolingND`)."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(_Pooling3D, self).__init__(3, pool_size, strides, padding,
                                         data_format, **kwargs)


class MaxPooling2D(_Pooling2D):
    """Max pooling over 2D windows (images).

    # Arguments
        pool_size: int or tuple of 2 ints, the window size; `(2, 2)` halves
            both spatial dimensions.
        strides: int, tuple of 2 ints, or None (then `pool_size`).
        padding: `'valid'` or `'same'`.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        4D tensor with pooled rows and columns.
    """

    @interfaces.legacy_pooling2d_support
    def __init__(self, pool_size=(2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(MaxPooling2D, self).__init__(pool_size, strides, padding,
                                           data_format, **kwargs)

    _pool_mode = 'max'


class AveragePooling2D(_Pooling2D):
    """Average pooling over 2D windows (images).

    # Arguments
        pool_size: int or tuple of 2 ints, the window size.
        strides: int, tuple of 2 ints, or None (then `pool_size`).
        padding: `'valid'` or `'same'` (border windows average only the
            values inside the input).
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        4D tensor with pooled rows and columns.
    """

    @interfaces.legacy_pooling2d_support
    def __init__(self, pool_size=(2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(AveragePooling2D, self).__init__(pool_size, strides, padding,
                                               data_format, **kwargs)

    _pool_mode = 'avg'


class MaxPooling3D(_Pooling3D):
    """Max pooling over 3D windows (volumes).

    # Arguments
        pool_size: int or tuple of 3 ints, the window size.
        strides: int, tuple of 3 ints, or None (then `pool_size`).
        padding: `'valid'` or `'same'`.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        5D tensor `(batch, d1, d2, d3, channels)` (channels_last) or
        `(batch, channels, d1, d2, d3)` (channels_first).

    # Output shape
        5D tensor with pooled spatial dimensions.
    """

    @interfaces.legacy_pooling3d_support
    def __init__(self, pool_size=(2, 2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(MaxPooling3D, self).__init__(pool_size, strides, padding,
                                           data_format, **kwargs)

    _pool_mode = 'max'


class AveragePooling3D(_Pooling3D):
    """Average pooling over 3D windows (volumes).

    # Arguments
        pool_size: int or tuple of 3 ints, the window size.
        strides: int, tuple of 3 ints, or None (then `pool_size`).
        padding: `'valid'` or `'same'`.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        5D tensor `(batch, d1, d2, d3, channels)` (channels_last) or
        `(batch, channels, d1, d2, d3)` (channels_first).

    # Output shape
        5D tensor with pooled spatial dimensions.
    """

    @interfaces.legacy_pooling3d_support
    def __init__(self, pool_size=(2, 2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(AveragePooling3D, self).__init__(pool_size, strides, padding,
                                               data_format, **kwargs)

    _pool_mode = 'avg'


class _GlobalPooling1D(Layer):
    """Base class of the global temporal pooling layers.

    # Arguments
        data_format: `'channels_last'` (`(batch, steps, features)`, the
            default) or `'channels_first'` (`(batch, features, steps)`).
    """

    def __init__(self, data_format='channels_last', **kwargs):
        super(_GlobalPooling1D, self).__init__(**kwargs)
        self.input_spec = InputSpec(ndim=3)
        self.data_format = K.normalize_data_format(data_format)

    def _steps_axis(self):
        return 2 if self.data_format == 'channels_first' else 1

    def compute_output_shape(self, input_shape):
        if self.data_format == 'channels_first':
            return (input_shape[0], input_shape[1])
        return (input_shape[0], input_shape[2])

    def call(self, inputs):
        raise NotImplementedError

    def get_config(self):
        config = {'data_format': self.data_format}
        base_config = super(_GlobalPooling1D, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class GlobalAveragePooling1D(_GlobalPooling1D):
    """Average over the time axis.

    Supports masking: with a mask (e.g. from `Embedding(mask_zero=True)` or
    `Masking`), only the unmasked timesteps are averaged. The output has no
    mask.

    # Arguments
        data_format: `'channels_last'` (default) or `'channels_first'`.

    # Input shape
        3D tensor `(batch, steps, features)` (channels_last) or
        `(batch, features, steps)` (channels_first).

    # Output shape
        2D tensor `(batch, features)`.
    """

    @interfaces.legacy_global_pooling_support
    def __init__(self, data_format='channels_last', **kwargs):
        super(GlobalAveragePooling1D, self).__init__(data_format, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        """Averages over the steps axis.

        # Arguments
            inputs: 3D tensor.
            mask: optional `(batch, steps)` mask: only the steps it keeps are
                averaged.

        # Returns
            2D tensor `(batch, channels)`.
        """
        steps_axis = self._steps_axis()
        if mask is None:
            return K.mean(inputs, axis=steps_axis)
        mask = K.cast(mask, K.dtype(inputs))
        # (batch, steps) -> broadcastable against the inputs.
        channel_axis = 1 if self.data_format == 'channels_first' else 2
        mask = K.expand_dims(mask, channel_axis)
        inputs = inputs * mask
        return (K.sum(inputs, axis=steps_axis) /
                K.sum(mask, axis=steps_axis))

    def compute_mask(self, inputs, mask=None):
        return None


class GlobalMaxPooling1D(_GlobalPooling1D):
    """Maximum over the time axis.

    # Arguments
        data_format: `'channels_last'` (default) or `'channels_first'`.

    # Input shape
        3D tensor `(batch, steps, features)` (channels_last) or
        `(batch, features, steps)` (channels_first).

    # Output shape
        2D tensor `(batch, features)`.
    """

    @interfaces.legacy_global_pooling_support
    def __init__(self, data_format='channels_last', **kwargs):
        super(GlobalMaxPooling1D, self).__init__(data_format, **kwargs)

    def call(self, inputs):
        return K.max(inputs, axis=self._steps_axis())


class _GlobalPoolingND(Layer):
    """Base class of the global 2D and 3D pooling layers.

    # Arguments
        rank: 2 or 3.
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).
    """

    def __init__(self, rank, data_format=None, **kwargs):
        super(_GlobalPoolingND, self).__init__(**kwargs)
        self.rank = rank
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def _spatial_axes(self):
        if self.data_format == 'channels_first':
            return list(range(2, 2 + self.rank))
        return list(range(1, 1 + self.rank))

    def compute_output_shape(self, input_shape):
        if self.data_format == 'channels_first':
            return (input_shape[0], input_shape[1])
        return (input_shape[0], input_shape[-1])

    def call(self, inputs):
        raise NotImplementedError

    def get_config(self):
        config = {'data_format': self.data_format}
        base_config = super(_GlobalPoolingND, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class _GlobalPooling2D(_GlobalPoolingND):
    """Base class of the global 2D pooling layers."""

    def __init__(self, data_format=None, **kwargs):
        super(_GlobalPooling2D, self).__init__(2, data_format, **kwargs)


class _GlobalPooling3D(_GlobalPoolingND):
    """Base class of the global 3D pooling layers."""

    def __init__(self, data_format=None, **kwargs):
        super(_GlobalPooling3D, self).__init__(3, data_format, **kwargs)


class GlobalAveragePooling2D(_GlobalPooling2D):
    """Average over the spatial dimensions of images.

    # Arguments
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        2D tensor `(batch, channels)`.
    """

    @interfaces.legacy_global_pooling_support
    def __init__(self, data_format=None, **kwargs):
        super(GlobalAveragePooling2D, self).__init__(data_format, **kwargs)

    def call(self, inputs):
        return K.mean(inputs, axis=self._spatial_axes())


class GlobalMaxPooling2D(_GlobalPooling2D):
    """Maximum over the spatial dimensions of images.

    # Arguments
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        4D tensor `(batch, rows, cols, channels)` (channels_last) or
        `(batch, channels, rows, cols)` (channels_first).

    # Output shape
        2D tensor `(batch, channels)`.
    """

    @interfaces.legacy_global_pooling_support
    def __init__(self, data_format=None, **kwargs):
        super(GlobalMaxPooling2D, self).__init__(data_format, **kwargs)

    def call(self, inputs):
        return K.max(inputs, axis=self._spatial_axes())


class GlobalAveragePooling3D(_GlobalPooling3D):
    """Average over the spatial dimensions of volumes.

    # Arguments
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        5D tensor `(batch, d1, d2, d3, channels)` (channels_last) or
        `(batch, channels, d1, d2, d3)` (channels_first).

    # Output shape
        2D tensor `(batch, channels)`.
    """

    @interfaces.legacy_global_pooling_support
    def __init__(self, data_format=None, **kwargs):
        super(GlobalAveragePooling3D, self).__init__(data_format, **kwargs)

    def call(self, inputs):
        return K.mean(inputs, axis=self._spatial_axes())


class GlobalMaxPooling3D(_GlobalPooling3D):
    """Maximum over the spatial dimensions of volumes.

    # Arguments
        data_format: `'channels_last'` or `'channels_first'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        5D tensor `(batch, d1, d2, d3, channels)` (channels_last) or
        `(batch, channels, d1, d2, d3)` (channels_first).

    # Output shape
        2D tensor `(batch, channels)`.
    """

    @interfaces.legacy_global_pooling_support
    def __init__(self, data_format=None, **kwargs):
        super(GlobalMaxPooling3D, self).__init__(data_format, **kwargs)

    def call(self, inputs):
        return K.max(inputs, axis=self._spatial_axes())


# Aliases (as in Keras 2.2.4).

AvgPool1D = AveragePooling1D
MaxPool1D = MaxPooling1D
AvgPool2D = AveragePooling2D
MaxPool2D = MaxPooling2D
AvgPool3D = AveragePooling3D
MaxPool3D = MaxPooling3D
GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
