"""conv_utils: argument normalization, kernel flipping and length
arithmetic checked against brute-force enumeration and the backend."""
import itertools

import numpy as np
import pytest

from keras import backend as K
from keras.utils import conv_utils


def _brute_output_length(length, k, padding, stride, dilation):
    """Counts the window positions of a 1D convolution."""
    span = (k - 1) * dilation + 1
    if padding == 'full':
        length = length + 2 * (span - 1)
    elif padding == 'causal':
        length = length + span - 1
    elif padding == 'same':
        # Padded so that every stride-th input position starts a window.
        return len(range(0, length, stride))
    return len([start for start in range(0, length, stride)
                if start + span <= length])


@pytest.mark.parametrize('padding', ['valid', 'same', 'full', 'causal'])
def test_conv_output_length_brute_force(padding):
    for length, k, stride, dilation in itertools.product(
            range(1, 14), (1, 2, 3, 5), (1, 2, 3), (1, 2)):
        expected = _brute_output_length(length, k, padding, stride, dilation)
        if padding == 'valid' and expected == 0:
            continue  # kernel longer than the input
        assert conv_utils.conv_output_length(
            length, k, padding, stride, dilation) == expected, \
            (length, k, padding, stride, dilation)
    assert conv_utils.conv_output_length(None, 3, padding, 1) is None


@pytest.mark.parametrize('padding', ['valid', 'same', 'causal'])
def test_conv_output_length_matches_backend(padding):
    for length, k, stride, dilation in [(10, 3, 1, 1), (11, 3, 2, 1),
                                        (12, 4, 3, 1), (13, 3, 1, 2),
                                        (9, 2, 1, 3), (7, 5, 2, 1)]:
        x = K.placeholder(shape=(2, length, 1))
        kernel = K.constant(np.ones((k, 1, 1)))
        y = K.conv1d(x, kernel, strides=stride, padding=padding,
                     dilation_rate=dilation)
        assert K.int_shape(y)[1] == conv_utils.conv_output_length(
            length, k, padding, stride, dilation)


@pytest.mark.parametrize('padding', ['valid', 'same', 'full'])
def test_conv_input_length_inverts_output_length(padding):
    for n, k, stride in itertools.product(range(1, 8), (1, 3, 5), (1, 2, 3)):
        length = conv_utils.conv_input_length(n, k, padding, stride)
        assert conv_utils.conv_output_length(length, k, padding,
                                             stride) == n
    assert conv_utils.conv_input_length(None, 3, 'same', 1) is None


def _brute_deconv_length(n, k, padding, stride, output_padding, dilation):
    """Scatters each input position over the kernel taps and measures the
    span, then crops the padding and adds the output padding."""
    span = (k - 1) * dilation + 1
    touched = {i * stride + j * dilation for i in range(n) for j in range(k)}
    full_length = max(touched) + 1
    pad = {'valid': 0, 'same': span // 2, 'full': span - 1}[padding]
    return full_length - 2 * pad + output_padding


@pytest.mark.parametrize('padding', ['valid', 'same', 'full'])
def test_deconv_length_with_output_padding(padding):
    for n, k, stride, dilation in itertools.product(
            range(1, 7), (1, 2, 3, 4), (1, 2, 3), (1, 2)):
        for output_padding in range(stride):
            assert conv_utils.deconv_length(
                n, stride, k, padding, output_padding, dilation) == \
                _brute_deconv_length(n, k, padding, stride, output_padding,
                                     dilation)


def test_deconv_length_inferred():
    for n, k, stride in itertools.product(range(1, 7), (1, 2, 3, 5),
                                          (1, 2, 3)):
        valid = conv_utils.deconv_length(n, stride, k, 'valid', None)
        assert valid == n * stride + max(k - stride, 0)
        # A valid convolution of the result gives back n positions.
        assert conv_utils.conv_output_length(valid, k, 'valid', stride) == n
        same = conv_utils.deconv_length(n, stride, k, 'same', None)
        assert same == n * stride
        assert conv_utils.conv_output_length(same, k, 'same', stride) == n
        full = conv_utils.deconv_length(n, stride, k, 'full', None)
        assert full == n * stride - (stride + k - 2)
    # Dilation widens the kernel.
    assert conv_utils.deconv_length(4, 1, 3, 'valid', None, dilation=2) == 8
    assert conv_utils.deconv_length(None, 2, 3, 'same', None) is None
    with pytest.raises(ValueError, match='padding'):
        conv_utils.deconv_length(3, 1, 3, 'causal', None)


def test_normalize_tuple():
    assert conv_utils.normalize_tuple(3, 2, 'kernel_size') == (3, 3)
    assert conv_utils.normalize_tuple((1, 2, 3), 3, 'strides') == (1, 2, 3)
    assert conv_utils.normalize_tuple([4, 5], 2, 'strides') == (4, 5)
    with pytest.raises(ValueError, match='`strides` argument must be a '
                                         'tuple of 2 integers'):
        conv_utils.normalize_tuple((1, 2, 3), 2, 'strides')
    with pytest.raises(ValueError, match='kernel_size'):
        conv_utils.normalize_tuple(None, 2, 'kernel_size')
    with pytest.raises(ValueError, match='including element a'):
        conv_utils.normalize_tuple((1, 'a'), 2, 'pool_size')


def test_normalize_padding():
    assert conv_utils.normalize_padding('VALID') == 'valid'
    assert conv_utils.normalize_padding('Same') == 'same'
    assert conv_utils.normalize_padding('causal') == 'causal'
    with pytest.raises(ValueError, match='padding'):
        conv_utils.normalize_padding('full')


def test_convert_kernel():
    kernel = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
    flipped = conv_utils.convert_kernel(kernel)
    np.testing.assert_array_equal(flipped, kernel[::-1, ::-1, :, :])
    assert flipped is not kernel
    np.testing.assert_array_equal(conv_utils.convert_kernel(flipped), kernel)
    kernel3 = np.arange(24).reshape(4, 3, 2)
    np.testing.assert_array_equal(conv_utils.convert_kernel(kernel3),
                                  kernel3[::-1])
    kernel5 = np.arange(2 * 2 * 2 * 1 * 3).reshape(2, 2, 2, 1, 3)
    np.testing.assert_array_equal(conv_utils.convert_kernel(kernel5),
                                  kernel5[::-1, ::-1, ::-1])
    with pytest.raises(ValueError, match='kernel'):
        conv_utils.convert_kernel(np.ones((3, 3)))


@pytest.mark.parametrize('call', [
    lambda: conv_utils.conv_output_length(10, 3, 'invalid', 1),
    lambda: conv_utils.conv_input_length(10, 3, 'causal', 1),
    lambda: conv_utils.deconv_length(10, 1, 3, 'invalid', None),
    lambda: conv_utils.normalize_padding('invalid'),
])
def test_invalid_padding_errors_are_keras_224_types(call):
    # Keras 2.2.4 asserts in conv_output_length / conv_input_length /
    # deconv_length and raises ValueError in normalize_padding: scripts
    # catch either type; the error is both, with a message naming the
    # argument and the accepted values.
    with pytest.raises(AssertionError) as info:
        call()
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert 'padding' in message and '"valid"' in message
    assert '"same"' in message


def test_invalid_padding_message_names_function_and_values():
    with pytest.raises(AssertionError,
                       match='conv_output_length: invalid `padding` argument '
                             "'foo'; expected one of \"valid\", \"same\", "
                             '"full", "causal"'):
        conv_utils.conv_output_length(10, 3, 'foo', 1)
    with pytest.raises(AssertionError,
                       match='conv_input_length: invalid `padding` argument '
                             "'causal'; expected one of \"same\", \"valid\", "
                             '"full"'):
        conv_utils.conv_input_length(10, 3, 'causal', 1)
    # None lengths are returned before the check, as in 2.2.4.
    assert conv_utils.conv_output_length(None, 3, 'foo', 1) is None
    assert conv_utils.conv_input_length(None, 3, 'foo', 1) is None
