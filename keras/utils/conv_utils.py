"""Helpers shared by the convolution and pooling layers: argument
normalization, kernel flipping and output-length arithmetic."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import numpy as np

_PADDINGS = ('valid', 'same', 'causal')
_LENGTH_PADDINGS = ('valid', 'same', 'full', 'causal')
_INPUT_LENGTH_PADDINGS = ('same', 'valid', 'full')


class _InvalidPaddingError(ValueError, AssertionError):
    """An invalid `padding` argument.

    Both a `ValueError` and an `AssertionError`: Keras 2.2.4 raised the
    first from `normalize_padding` and the second (a bare `assert`) from
    `conv_output_length`, `conv_input_length` and `deconv_length`, and
    scripts catch either type.
    """


def _check_padding(padding, allowed, function):
    """Raises `_InvalidPaddingError` if `padding` is not in `allowed`.

    # Arguments
        padding: the `padding` argument received.
        allowed: tuple of the accepted values.
        function: name of the calling function, for the message.

    # Raises
        _InvalidPaddingError: if `padding` is not accepted.
    """
    if padding not in allowed:
        raise _InvalidPaddingError(
            '%s: invalid `padding` argument %r; expected one of %s.'
            % (function, padding, ', '.join('"%s"' % p for p in allowed)))


def normalize_tuple(value, n, name):
    """Turns an int or an iterable of ints into a tuple of `n` ints.

    # Arguments
        value: an int (repeated `n` times) or an iterable of `n` ints.
        n: the length of the tuple.
        name: the argument's name, for error messages (e.g. `'strides'`).

    # Returns
        A tuple of `n` ints.

    # Raises
        ValueError: if `value` is not an int or an iterable of `n` ints.
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),) * n
    message = ('The `%s` argument must be a tuple of %d integers. '
               'Received: %s' % (name, n, value))
    try:
        value_tuple = tuple(value)
    except TypeError:
        raise ValueError(message)
    if len(value_tuple) != n:
        raise ValueError(message)
    for element in value_tuple:
        try:
            int(element)
        except (ValueError, TypeError):
            raise ValueError(message + ' including element %s of type %s' %
                             (element, type(element)))
    return value_tuple


def normalize_padding(value):
    """Checks a `padding` argument and returns it in lower case.

    # Arguments
        value: `'valid'`, `'same'` or `'causal'` (any case).

    # Returns
        The lower-case padding string.

    # Raises
        ValueError: for any other value (the error is also an
            `AssertionError`).
    """
    padding = str(value).lower()
    if padding not in _PADDINGS:
        raise _InvalidPaddingError(
            'The `padding` argument must be one of "valid", "same" (or '
            '"causal" for Conv1D). Received: ' + str(value))
    return padding


def normalize_data_format(value):
    """Checks a `data_format` argument (see `K.normalize_data_format`).

    # Arguments
        value: `'channels_first'`, `'channels_last'` or `None` (the
            configured `K.image_data_format()`).

    # Returns
        The data format string.

    # Raises
        ValueError: for any other value.
    """
    from .. import backend as K
    return K.normalize_data_format(value)


def convert_kernel(kernel):
    """Flips a convolution kernel spatially (convolution <-> correlation).

    The spatial axes (all but the last two: input and output channels) are
    reversed; used to convert kernels between backends.

    # Arguments
        kernel: a Numpy array of rank 3, 4 or 5.

    # Returns
        The flipped kernel, a new array.

    # Raises
        ValueError: if the kernel's rank is not 3, 4 or 5.
    """
    kernel = np.asarray(kernel)
    if not 3 <= kernel.ndim <= 5:
        raise ValueError('Invalid kernel shape: %s (a convolution kernel has '
                         'rank 3, 4 or 5).' % (kernel.shape,))
    flip = tuple([slice(None, None, -1)] * (kernel.ndim - 2) +
                 [slice(None), slice(None)])
    return np.copy(kernel[flip])


def conv_output_length(input_length, filter_size, padding, stride,
                       dilation=1):
    """Length of a convolution's output along one dimension.

    # Arguments
        input_length: the input length (or `None`).
        filter_size: the kernel size.
        padding: one of `'same'`, `'valid'`, `'full'`, `'causal'`.
        stride: the stride.
        dilation: the dilation rate.

    # Returns
        The output length, or `None` if `input_length` is `None`.

    # Raises
        AssertionError: for an unknown padding (the error is also a
            `ValueError`).
    """
    if input_length is None:
        return None
    _check_padding(padding, _LENGTH_PADDINGS, 'conv_output_length')
    dilated = (filter_size - 1) * dilation + 1
    if padding in ('same', 'causal'):
        length = input_length
    elif padding == 'valid':
        length = input_length - dilated + 1
    else:
        length = input_length + dilated - 1
    return (length + stride - 1) // stride


def conv_input_length(output_length, filter_size, padding, stride):
    """Input length that gives `output_length` (inverse of the above).

    # Arguments
        output_length: the output length (or `None`).
        filter_size: the kernel size.
        padding: one of `'same'`, `'valid'`, `'full'`.
        stride: the stride.

    # Returns
        The input length, or `None` if `output_length` is `None`.

    # Raises
        AssertionError: for an unknown padding (the error is also a
            `ValueError`).
    """
    if output_length is None:
        return None
    _check_padding(padding, _INPUT_LENGTH_PADDINGS, 'conv_input_length')
    if padding == 'same':
        pad = filter_size // 2
    elif padding == 'valid':
        pad = 0
    else:
        pad = filter_size - 1
    return (output_length - 1) * stride - 2 * pad + filter_size


def deconv_length(dim_size, stride_size, kernel_size, padding,
                  output_padding, dilation=1):
    """Output length of a transposed convolution along one dimension.

    # Arguments
        dim_size: the input length (or `None`).
        stride_size: the stride.
        kernel_size: the kernel size.
        padding: one of `'same'`, `'valid'`, `'full'`.
        output_padding: extra length added on one side of the output, or
            `None` to infer the length (as Keras 2.2.4 does).
        dilation: the dilation rate.

    # Returns
        The output length, or `None` if `dim_size` is `None`.

    # Raises
        AssertionError: for an unknown padding (the error is also a
            `ValueError`).
    """
    _check_padding(padding, _INPUT_LENGTH_PADDINGS, 'deconv_length')
    if dim_size is None:
        return None
    kernel_size = (kernel_size - 1) * dilation + 1
    if output_padding is None:
        if padding == 'valid':
            return dim_size * stride_size + max(kernel_size - stride_size, 0)
        if padding == 'full':
            return dim_size * stride_size - (stride_size + kernel_size - 2)
        return dim_size * stride_size
    if padding == 'same':
        pad = kernel_size // 2
    elif padding == 'valid':
        pad = 0
    else:
        pad = kernel_size - 1
    return (dim_size - 1) * stride_size + kernel_size - 2 * pad + \
        output_padding
