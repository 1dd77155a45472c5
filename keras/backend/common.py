"""Backend-independent settings: float type, fuzz factor, image data format.

These settings are module-level state shared by the whole package. They are
initialised from `~/.keras/keras.json` (or `$KERAS_HOME/keras.json`) when
`keras.backend` is imported.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import numpy as np

# Module-level settings (names kept from Keras 2.2.4: some user code reads them).
_FLOATX = 'float32'
_EPSILON = 1e-7
_IMAGE_DATA_FORMAT = 'channels_last'

_ALLOWED_FLOATX = ('float16', 'float32', 'float64')
_ALLOWED_DATA_FORMATS = ('channels_first', 'channels_last')


def epsilon():
    """Returns the fuzz factor used in numeric expressions.

    # Returns
        A float (default `1e-7`).
    """
    return _EPSILON


def set_epsilon(e):
    """Sets the fuzz factor used in numeric expressions.

    # Arguments
        e: float, the new value of the fuzz factor.
    """
    global _EPSILON
    _EPSILON = float(e)


def floatx():
    """Returns the default float type, as a string.

    # Returns
        One of `'float16'`, `'float32'` (the default) or `'float64'`.
    """
    return _FLOATX


def set_floatx(floatx):
    """Sets the default float type.

    # Arguments
        floatx: string, `'float16'`, `'float32'` or `'float64'`.

    # Raises
        ValueError: for any other value.
    """
    global _FLOATX
    if floatx not in _ALLOWED_FLOATX:
        raise ValueError('Unknown floatx type: ' + str(floatx) +
                         '. Expected one of ' + str(_ALLOWED_FLOATX) + '.')
    _FLOATX = str(floatx)


def cast_to_floatx(x):
    """Casts a Numpy array (or anything array-like) to the default float type.

    # Arguments
        x: Numpy array or Python number.

    # Returns
        The same data as a Numpy array of dtype `floatx()`.
    """
    return np.asarray(x, dtype=_FLOATX)


def image_data_format():
    """Returns the default image data format convention.

    # Returns
        `'channels_first'` or `'channels_last'` (the default).
    """
    return _IMAGE_DATA_FORMAT


def set_image_data_format(data_format):
    """Sets the default image data format convention.

    # Arguments
        data_format: `'channels_first'` or `'channels_last'`.

    # Raises
        ValueError: for any other value.
    """
    global _IMAGE_DATA_FORMAT
    if data_format not in _ALLOWED_DATA_FORMATS:
        raise ValueError('Unknown data_format: ' + str(data_format) +
                         '. Expected "channels_first" or "channels_last".')
    _IMAGE_DATA_FORMAT = str(data_format)


def normalize_data_format(value):
    """Checks a `data_format` argument, replacing `None` by the default.

    # Arguments
        value: `None`, `'channels_first'` or `'channels_last'` (any case).

    # Returns
        `'channels_first'` or `'channels_last'`.

    # Raises
        ValueError: for any other value.
    """
    if value is None:
        value = image_data_format()
    data_format = value.lower()
    if data_format not in _ALLOWED_DATA_FORMATS:
        raise ValueError('The `data_format` argument must be one of '
                         '"channels_first", "channels_last". Received: ' +
                         str(value))
    return data_format


def image_dim_ordering():
    """Legacy getter of the image format: `'th'` or `'tf'`.

    # Returns
        `'th'` when the data format is `'channels_first'`, `'tf'` otherwise.
    """
    if _IMAGE_DATA_FORMAT == 'channels_first':
        return 'th'
    return 'tf'


def set_image_dim_ordering(dim_ordering):
    """Legacy setter of the image format.

    # Arguments
        dim_ordering: `'th'` (channels first) or `'tf'` (channels last).

    # Raises
        ValueError: for any other value.
    """
    global _IMAGE_DATA_FORMAT
    if dim_ordering not in ('tf', 'th'):
        raise ValueError('Unknown dim_ordering: ' + str(dim_ordering) +
                         '. Expected "tf" or "th".')
    if dim_ordering == 'th':
        _IMAGE_DATA_FORMAT = 'channels_first'
    else:
        _IMAGE_DATA_FORMAT = 'channels_last'


def transpose_shape(shape, target_format, spatial_axes):
    """Moves the channels entry of a channels-last shape when needed.

    Useful for arguments such as paddings that are given per spatial axis:
    with `target_format='channels_first'`, the result is the entries before
    the first spatial axis, then the last entry (the channels one), then
    the spatial entries.

    # Arguments
        shape: tuple or list, one entry per axis in channels-last order.
        target_format: `'channels_first'` or `'channels_last'`.
        spatial_axes: tuple of ints, the positions of the spatial axes in
            `shape` (channels-last order).

    # Returns
        A tuple or list (same type as `shape`) in the target order.

    # Raises
        ValueError: if `target_format` is invalid.
    """
    if target_format == 'channels_last':
        return shape
    if target_format != 'channels_first':
        raise ValueError('The `data_format` argument must be one of '
                         '"channels_first", "channels_last". Received: ' +
                         str(target_format))
    items = list(shape)
    new_items = (items[:spatial_axes[0]] + [items[-1]] +
                 [items[axis] for axis in spatial_axes])
    if isinstance(shape, list):
        return new_items
    return tuple(new_items)
