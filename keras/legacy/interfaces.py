"""Keras 1 argument names accepted by Keras 2 constructors and methods.

Keras 2.2.4 still ran many Keras 1 scripts: a call such as
``Dense(output_dim=10, init='normal')`` was converted to
``Dense(units=10, kernel_initializer='normal')`` and a ``UserWarning`` told
the user the Keras 2 spelling. This module provides that conversion as a
generic decorator factory, ``generate_legacy_interface``, and the ready-made
decorators that Keras 2.2.4 applied to its layers, models and optimizers
(``legacy_dense_support``, ``legacy_conv2d_support``, ...).

A decorator is applied to ``__init__`` (or to a method) and keeps the
decorated function's signature visible to ``inspect.signature``.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import functools
import warnings

import numpy as np
import six


# Keras 1 image layout names -> Keras 2 ``data_format`` values.
_DIM_ORDERING = {'tf': 'channels_last',
                 'th': 'channels_first',
                 'default': None}


def raise_duplicate_arg_error(old_arg, new_arg):
    """Raises the error for a call that gives both spellings of an argument.

    # Arguments
        old_arg: the Keras 1 name.
        new_arg: the Keras 2 name.

    # Raises
        TypeError: always.
    """
    raise TypeError('For the `' + new_arg + '` argument, the layer received '
                    'both the legacy keyword argument `' + old_arg + '` and '
                    'the Keras 2 keyword argument `' + new_arg + '`. Stick '
                    'to the latter!')


def _format_value(value):
    if isinstance(value, six.string_types):
        return '"%s"' % value
    if isinstance(value, np.ndarray):
        return 'array'
    return str(value)


def _keras2_call(object_name, args, kwargs):
    """The text ``Name(arg, key=value, ...)`` of the converted call."""
    parts = [_format_value(a) for a in args]
    parts.extend('%s=%s' % (k, _format_value(v)) for k, v in kwargs.items())
    return '`%s(%s)`' % (object_name, ', '.join(parts))


def generate_legacy_interface(allowed_positional_args=None,
                              conversions=None,
                              preprocessor=None,
                              value_conversions=None,
                              object_type='class'):
    """Makes a decorator that converts Keras 1 arguments to Keras 2 ones.

    The decorated function is called as ``func(self_or_first, *args, **kwargs)``
    (``self`` for a constructor or method). The conversion, in order:

    1. ``preprocessor(args, kwargs)`` (if given) rewrites arguments that
       need more than a rename and returns ``(args, kwargs, converted)``,
       ``converted`` being a list of ``(new_name, old_name)`` it changed;
    2. more positional arguments than ``allowed_positional_args`` (not
       counting ``self``) is a ``TypeError``;
    3. ``value_conversions`` ({old keyword: {old value: new value}}) maps
       Keras 1 values, e.g. ``dim_ordering='th'`` -> ``'channels_first'``;
    4. ``conversions`` (list of ``(old name, new name)``) renames keywords;
       giving both names is a ``TypeError``.

    If anything was converted a ``UserWarning`` shows the Keras 2 call.

    # Arguments
        allowed_positional_args: list of the names that may be given
            positionally, or ``None`` for no limit.
        conversions: list of ``(old_name, new_name)`` pairs.
        preprocessor: optional function ``(args, kwargs) -> (args, kwargs,
            converted)``.
        value_conversions: optional dict {old keyword: {old value: new value}}.
        object_type: ``'class'`` (the first argument is the instance; its class
            name is used in messages) or ``'method'`` (the function's name is
            used).

    # Returns
        A decorator.
    """
    allowed_positional_args = (None if allowed_positional_args is None
                               else list(allowed_positional_args))
    conversions = list(conversions or [])
    value_conversions = dict(value_conversions or {})

    def legacy_support(func):
        """The decorator: wraps `func` so that it converts Keras 1 arguments.

        # Arguments
            func: the constructor or method to wrap.

        # Returns
            A function with `func`'s name, docstring and signature that
            converts the call's arguments, warns when it converted any,
            then calls `func` (kept as the wrapper's `_original_function`).
        """
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if object_type == 'class':
                object_name = type(args[0]).__name__
            else:
                object_name = func.__name__
            if preprocessor is not None:
                args, kwargs, converted = preprocessor(args, kwargs)
                converted = list(converted)
            else:
                converted = []
            args = tuple(args)
            if (allowed_positional_args is not None and
                    len(args) > len(allowed_positional_args) + 1):
                raise TypeError(
                    '`%s` can accept only %d positional arguments %s, but you '
                    'passed the following positional arguments: %s'
                    % (object_name, len(allowed_positional_args),
                       tuple(allowed_positional_args), list(args[1:])))
            for key, mapping in value_conversions.items():
                if key in kwargs:
                    value = kwargs[key]
                    try:
                        known = value in mapping
                    except TypeError:  # unhashable value: leave it alone
                        known = False
                    if known:
                        kwargs[key] = mapping[value]
            for old_name, new_name in conversions:
                if old_name in kwargs:
                    value = kwargs.pop(old_name)
                    if new_name in kwargs:
                        raise_duplicate_arg_error(old_name, new_name)
                    kwargs[new_name] = value
                    converted.append((new_name, old_name))
            if converted:
                warnings.warn('Update your `%s` call to the Keras 2 API: %s'
                              % (object_name,
                                 _keras2_call(object_name, args[1:], kwargs)),
                              stacklevel=2)
            return func(*args, **kwargs)
        wrapper._original_function = func
        return wrapper
    return legacy_support


generate_legacy_method_interface = functools.partial(generate_legacy_interface,
                                                     object_type='method')


# ---------------------------------------------------------------------------
# Shared preprocessors
# ---------------------------------------------------------------------------

def _input_dim_preprocessor(args, kwargs):
    """``input_dim`` / ``input_length`` -> ``input_shape=(length, dim)``."""
    converted = []
    if 'input_dim' in kwargs:
        if 'input_length' in kwargs:
            length = kwargs.pop('input_length')
        else:
            length = None
        input_shape = (length, kwargs.pop('input_dim'))
        kwargs['input_shape'] = input_shape
        converted.append(('input_shape', 'input_dim'))
    return args, kwargs, converted


def _kernel_weight_conversions():
    return [('init', 'kernel_initializer'),
            ('W_regularizer', 'kernel_regularizer'),
            ('b_regularizer', 'bias_regularizer'),
            ('W_constraint', 'kernel_constraint'),
            ('b_constraint', 'bias_constraint'),
            ('bias', 'use_bias')]


# ---------------------------------------------------------------------------
# Core layers
# ---------------------------------------------------------------------------

legacy_dense_support = generate_legacy_interface(
    allowed_positional_args=['units'],
    conversions=[('output_dim', 'units')] + _kernel_weight_conversions())

legacy_dropout_support = generate_legacy_interface(
    allowed_positional_args=['rate', 'noise_shape', 'seed'],
    conversions=[('p', 'rate')])


def embeddings_param_preprocessor(args, kwargs):
    """Drops Keras 1's ``Embedding(dropout=...)`` (gone in Keras 2) with a
    warning pointing at ``SpatialDropout1D``.

    # Arguments
        args: tuple of the positional arguments of an `Embedding` call, the
            layer (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of an `Embedding` call
        rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).
    """
    converted = []
    if 'dropout' in kwargs:
        kwargs.pop('dropout')
        warnings.warn('The `dropout` argument is no longer supported in '
                      '`Embedding`. You can apply a `keras.layers.'
                      'SpatialDropout1D` layer right after the `Embedding` '
                      'layer to get the same behavior.', stacklevel=3)
    return args, kwargs, converted


legacy_embedding_support = generate_legacy_interface(
    allowed_positional_args=['input_dim', 'output_dim'],
    conversions=[('init', 'embeddings_initializer'),
                 ('W_regularizer', 'embeddings_regularizer'),
                 ('W_constraint', 'embeddings_constraint')],
    preprocessor=embeddings_param_preprocessor)

legacy_lambda_support = generate_legacy_interface(
    allowed_positional_args=['function', 'output_shape'])


# ---------------------------------------------------------------------------
# Noise, advanced activations, normalization
# ---------------------------------------------------------------------------

legacy_gaussiannoise_support = generate_legacy_interface(
    allowed_positional_args=['stddev'],
    conversions=[('sigma', 'stddev')])

legacy_gaussiandropout_support = generate_legacy_interface(
    allowed_positional_args=['rate'],
    conversions=[('p', 'rate')])

legacy_prelu_support = generate_legacy_interface(
    allowed_positional_args=['alpha_initializer'],
    conversions=[('init', 'alpha_initializer')])


def batchnorm_args_preprocessor(args, kwargs):
    """Rejects positional arguments and Keras 1's ``mode`` other than 0.

    # Arguments
        args: tuple of the positional arguments of a `BatchNormalization` call,
            the layer (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a `BatchNormalization`
        call rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).

    # Raises
        TypeError: for positional arguments after `self`, or `mode` other
            than 0.
    """
    converted = []
    if len(args) > 1:
        raise TypeError('The `BatchNormalization` layer does not accept '
                        'positional arguments. Use keyword arguments instead.')
    if 'mode' in kwargs:
        value = kwargs.pop('mode')
        if value != 0:
            raise TypeError('The `mode` argument of `BatchNormalization` no '
                            'longer exists: only the default `mode=0` is '
                            'supported (`mode=1` and `mode=2` were removed).')
        converted.append(('mode', None))
    return args, kwargs, converted


legacy_batchnorm_support = generate_legacy_interface(
    allowed_positional_args=[],
    conversions=[('beta_init', 'beta_initializer'),
                 ('gamma_init', 'gamma_initializer')],
    preprocessor=batchnorm_args_preprocessor)


# ---------------------------------------------------------------------------
# Recurrent layers
# ---------------------------------------------------------------------------

def recurrent_args_preprocessor(args, kwargs):
    """Keras 1 recurrent arguments: ``forget_bias_init`` and
    ``input_dim`` / ``input_length``.

    ``forget_bias_init='one'`` becomes ``unit_forget_bias=True``; any other
    value is dropped with a warning. ``input_dim`` (with ``input_length``)
    becomes ``input_shape=(input_length, input_dim)``.

    # Arguments
        args: tuple of the positional arguments of a recurrent layer call, the
            layer (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a recurrent layer call
        rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).
    """
    converted = []
    if 'forget_bias_init' in kwargs:
        value = kwargs.pop('forget_bias_init')
        if value == 'one':
            kwargs['unit_forget_bias'] = True
            converted.append(('forget_bias_init', 'unit_forget_bias'))
        else:
            warnings.warn('The `forget_bias_init` argument has been ignored. '
                          'Use `unit_forget_bias=True` instead to initialize '
                          'with ones.', stacklevel=3)
    args, kwargs, more = _input_dim_preprocessor(args, kwargs)
    return args, kwargs, converted + more


legacy_recurrent_support = generate_legacy_interface(
    allowed_positional_args=['units'],
    conversions=[('output_dim', 'units'),
                 ('init', 'kernel_initializer'),
                 ('inner_init', 'recurrent_initializer'),
                 ('inner_activation', 'recurrent_activation'),
                 ('W_regularizer', 'kernel_regularizer'),
                 ('b_regularizer', 'bias_regularizer'),
                 ('U_regularizer', 'recurrent_regularizer'),
                 ('dropout_W', 'dropout'),
                 ('dropout_U', 'recurrent_dropout'),
                 ('consume_less', 'implementation')],
    value_conversions={'consume_less': {'cpu': 0, 'mem': 1, 'gpu': 2}},
    preprocessor=recurrent_args_preprocessor)


# ---------------------------------------------------------------------------
# Pooling, up-sampling, padding, cropping, spatial dropout
# ---------------------------------------------------------------------------

legacy_pooling1d_support = generate_legacy_interface(
    allowed_positional_args=['pool_size', 'strides', 'padding'],
    conversions=[('pool_length', 'pool_size'),
                 ('stride', 'strides'),
                 ('border_mode', 'padding')])

legacy_pooling2d_support = generate_legacy_interface(
    allowed_positional_args=['pool_size', 'strides', 'padding', 'data_format'],
    conversions=[('border_mode', 'padding'),
                 ('dim_ordering', 'data_format')],
    value_conversions={'dim_ordering': _DIM_ORDERING})

legacy_pooling3d_support = generate_legacy_interface(
    allowed_positional_args=['pool_size', 'strides', 'padding', 'data_format'],
    conversions=[('border_mode', 'padding'),
                 ('dim_ordering', 'data_format')],
    value_conversions={'dim_ordering': _DIM_ORDERING})

legacy_global_pooling_support = generate_legacy_interface(
    conversions=[('dim_ordering', 'data_format')],
    value_conversions={'dim_ordering': _DIM_ORDERING})

legacy_upsampling1d_support = generate_legacy_interface(
    allowed_positional_args=['size'],
    conversions=[('length', 'size')])

legacy_upsampling2d_support = generate_legacy_interface(
    allowed_positional_args=['size'],
    conversions=[('dim_ordering', 'data_format')],
    value_conversions={'dim_ordering': _DIM_ORDERING})

legacy_upsampling3d_support = generate_legacy_interface(
    allowed_positional_args=['size'],
    conversions=[('dim_ordering', 'data_format')],
    value_conversions={'dim_ordering': _DIM_ORDERING})


def zeropadding2d_args_preprocessor(args, kwargs):
    """Keras 1's ``ZeroPadding2D(padding=(top, bottom, left, right))`` and
    ``padding={'top_pad': ...}`` -> ``((top, bottom), (left, right))``.

    # Arguments
        args: tuple of the positional arguments of a `ZeroPadding2D` call, the
            layer (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a `ZeroPadding2D` call
        rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).

    # Raises
        ValueError: for a padding dict with keys other than `top_pad`,
            `bottom_pad`, `left_pad` and `right_pad`.
    """
    converted = []
    padding = None
    if 'padding' in kwargs:
        padding = kwargs['padding']
        where = 'kwargs'
    elif len(args) == 2:
        padding = args[1]
        where = 'args'
    if isinstance(padding, dict):
        keys = ('top_pad', 'bottom_pad', 'left_pad', 'right_pad')
        if set(padding.keys()) <= set(keys):
            padding = ((padding.get('top_pad', 0), padding.get('bottom_pad', 0)),
                       (padding.get('left_pad', 0), padding.get('right_pad', 0)))
        else:
            raise ValueError('ZeroPadding2D: unexpected key(s) in the legacy '
                             '`padding` dict: %s. Accepted keys: %s.'
                             % (sorted(set(padding) - set(keys)), keys))
    elif isinstance(padding, (tuple, list)) and len(padding) == 4:
        padding = ((padding[0], padding[1]), (padding[2], padding[3]))
    else:
        return args, kwargs, converted
    if where == 'kwargs':
        kwargs['padding'] = padding
    else:
        args = (args[0], padding)
    converted.append(('padding', 'padding'))
    return args, kwargs, converted


legacy_zeropadding2d_support = generate_legacy_interface(
    allowed_positional_args=['padding'],
    conversions=[('dim_ordering', 'data_format')],
    value_conversions={'dim_ordering': _DIM_ORDERING},
    preprocessor=zeropadding2d_args_preprocessor)

legacy_zeropadding3d_support = generate_legacy_interface(
    allowed_positional_args=['padding'],
    conversions=[('dim_ordering', 'data_format')],
    value_conversions={'dim_ordering': _DIM_ORDERING})

legacy_cropping2d_support = generate_legacy_interface(
    allowed_positional_args=['cropping'],
    conversions=[('dim_ordering', 'data_format')],
    value_conversions={'dim_ordering': _DIM_ORDERING})

legacy_cropping3d_support = generate_legacy_interface(
    allowed_positional_args=['cropping'],
    conversions=[('dim_ordering', 'data_format')],
    value_conversions={'dim_ordering': _DIM_ORDERING})

legacy_spatialdropout1d_support = generate_legacy_interface(
    allowed_positional_args=['rate'],
    conversions=[('p', 'rate')])

legacy_spatialdropoutNd_support = generate_legacy_interface(
    allowed_positional_args=['rate'],
    conversions=[('p', 'rate'),
                 ('dim_ordering', 'data_format')],
    value_conversions={'dim_ordering': _DIM_ORDERING})


# ---------------------------------------------------------------------------
# Convolutions
# ---------------------------------------------------------------------------

def conv1d_args_preprocessor(args, kwargs):
    """Keras 1 ``Convolution1D(input_dim=..., input_length=...)`` ->
    ``input_shape=(input_length, input_dim)``.

    # Arguments
        args: tuple of the positional arguments of a `Conv1D` call, the layer
            (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a `Conv1D` call
        rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).
    """
    return _input_dim_preprocessor(args, kwargs)


legacy_conv1d_support = generate_legacy_interface(
    allowed_positional_args=['filters', 'kernel_size'],
    conversions=[('nb_filter', 'filters'),
                 ('filter_length', 'kernel_size'),
                 ('subsample_length', 'strides'),
                 ('border_mode', 'padding')] + _kernel_weight_conversions(),
    preprocessor=conv1d_args_preprocessor)


def _is_int(value):
    return isinstance(value, six.integer_types) and not isinstance(value, bool)


def conv2d_args_preprocessor(args, kwargs):
    """Keras 1 ``Convolution2D(nb_filter, nb_row, nb_col, ...)``: the two
    kernel dimensions (positional or ``nb_row=``/``nb_col=``) become
    ``kernel_size=(nb_row, nb_col)``.

    # Arguments
        args: tuple of the positional arguments of a `Conv2D` call, the layer
            (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a `Conv2D` call
        rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).

    # Raises
        TypeError: for more than three positional arguments after `self`.
        ValueError: for three integer positional arguments after the filters
            together with `padding`, `strides` or `data_format` keywords
            (ambiguous between the two APIs).
    """
    converted = []
    args = list(args)
    if len(args) > 4:
        raise TypeError('Layer can receive at most 3 positional arguments '
                        '(filters, nb_row, nb_col in the Keras 1 API).')
    if len(args) == 4:
        if _is_int(args[2]) and _is_int(args[3]):
            for key in ('padding', 'strides', 'data_format'):
                if key in kwargs:
                    raise ValueError(
                        'It seems that you are using the Keras 2 API and '
                        'passing both `kernel_size` and `strides` as integer '
                        'positional arguments. For safety reasons this is '
                        'disallowed: pass `strides` as a keyword argument '
                        'instead.')
            args = [args[0], args[1], (args[2], args[3])]
            converted.append(('kernel_size', 'nb_row/nb_col'))
    elif len(args) == 3 and _is_int(args[2]):
        if 'nb_col' in kwargs:
            args = [args[0], args[1], (args[2], kwargs.pop('nb_col'))]
            converted.append(('kernel_size', 'nb_row/nb_col'))
    elif len(args) == 2:
        if 'nb_row' in kwargs and 'nb_col' in kwargs:
            kwargs['kernel_size'] = (kwargs.pop('nb_row'), kwargs.pop('nb_col'))
            converted.append(('kernel_size', 'nb_row/nb_col'))
    elif len(args) == 1:
        if 'nb_row' in kwargs and 'nb_col' in kwargs:
            kwargs['kernel_size'] = (kwargs.pop('nb_row'), kwargs.pop('nb_col'))
            converted.append(('kernel_size', 'nb_row/nb_col'))
    return tuple(args), kwargs, converted


_CONV2D_CONVERSIONS = [('nb_filter', 'filters'),
                       ('subsample', 'strides'),
                       ('border_mode', 'padding'),
                       ('dim_ordering', 'data_format')]

legacy_conv2d_support = generate_legacy_interface(
    allowed_positional_args=['filters', 'kernel_size'],
    conversions=_CONV2D_CONVERSIONS + _kernel_weight_conversions(),
    value_conversions={'dim_ordering': _DIM_ORDERING},
    preprocessor=conv2d_args_preprocessor)


def separable_conv2d_args_preprocessor(args, kwargs):
    """Keras 1 ``SeparableConvolution2D``: ``init`` initializes both the
    depthwise and the pointwise kernel; then as ``conv2d_args_preprocessor``.

    # Arguments
        args: tuple of the positional arguments of a `SeparableConv2D` call,
            the layer (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a `SeparableConv2D` call
        rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).

    # Raises
        TypeError, ValueError: as `conv2d_args_preprocessor`.
    """
    converted = []
    if 'init' in kwargs:
        init = kwargs.pop('init')
        kwargs['depthwise_initializer'] = init
        kwargs['pointwise_initializer'] = init
        converted.append(('depthwise_initializer/pointwise_initializer', 'init'))
    args, kwargs, more = conv2d_args_preprocessor(args, kwargs)
    return args, kwargs, converted + more


legacy_separable_conv2d_support = generate_legacy_interface(
    allowed_positional_args=['filters', 'kernel_size'],
    conversions=_CONV2D_CONVERSIONS + [('b_regularizer', 'bias_regularizer'),
                                       ('b_constraint', 'bias_constraint'),
                                       ('bias', 'use_bias')],
    value_conversions={'dim_ordering': _DIM_ORDERING},
    preprocessor=separable_conv2d_args_preprocessor)


def deconv2d_args_preprocessor(args, kwargs):
    """Keras 1 ``Deconvolution2D(nb_filter, nb_row, nb_col, output_shape)``:
    ``output_shape`` is computed in Keras 2, so it is dropped; then as
    ``conv2d_args_preprocessor``.

    # Arguments
        args: tuple of the positional arguments of a `Conv2DTranspose` call,
            the layer (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a `Conv2DTranspose` call
        rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).

    # Raises
        TypeError, ValueError: as `conv2d_args_preprocessor`.
    """
    converted = []
    args = list(args)
    if len(args) == 5:
        if isinstance(args[4], tuple):
            args = args[:-1]
            converted.append(('output_shape', None))
    if 'output_shape' in kwargs:
        kwargs.pop('output_shape')
        converted.append(('output_shape', None))
    args, kwargs, more = conv2d_args_preprocessor(tuple(args), kwargs)
    return args, kwargs, converted + more


legacy_deconv2d_support = generate_legacy_interface(
    allowed_positional_args=['filters', 'kernel_size'],
    conversions=_CONV2D_CONVERSIONS + _kernel_weight_conversions(),
    value_conversions={'dim_ordering': _DIM_ORDERING},
    preprocessor=deconv2d_args_preprocessor)


def conv3d_args_preprocessor(args, kwargs):
    """Keras 1 ``Convolution3D(nb_filter, kernel_dim1, kernel_dim2,
    kernel_dim3)`` -> ``kernel_size=(d1, d2, d3)``.

    # Arguments
        args: tuple of the positional arguments of a `Conv3D` call, the layer
            (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a `Conv3D` call
        rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).

    # Raises
        TypeError: for more than four positional arguments after `self`.
    """
    converted = []
    args = list(args)
    if len(args) > 5:
        raise TypeError('Layer can receive at most 4 positional arguments '
                        '(filters, kernel_dim1, kernel_dim2, kernel_dim3 in '
                        'the Keras 1 API).')
    if len(args) == 5:
        if all(_is_int(a) for a in args[2:5]):
            args = [args[0], args[1], tuple(args[2:5])]
            converted.append(('kernel_size', 'kernel_dim*'))
    elif len(args) == 4 and _is_int(args[2]) and _is_int(args[3]):
        if 'kernel_dim3' in kwargs:
            args = [args[0], args[1],
                    (args[2], args[3], kwargs.pop('kernel_dim3'))]
            converted.append(('kernel_size', 'kernel_dim*'))
    elif len(args) == 3 and _is_int(args[2]):
        if 'kernel_dim2' in kwargs and 'kernel_dim3' in kwargs:
            args = [args[0], args[1], (args[2], kwargs.pop('kernel_dim2'),
                                       kwargs.pop('kernel_dim3'))]
            converted.append(('kernel_size', 'kernel_dim*'))
    elif len(args) in (1, 2):
        names = ('kernel_dim1', 'kernel_dim2', 'kernel_dim3')
        if all(n in kwargs for n in names):
            kwargs['kernel_size'] = tuple(kwargs.pop(n) for n in names)
            converted.append(('kernel_size', 'kernel_dim*'))
    return tuple(args), kwargs, converted


legacy_conv3d_support = generate_legacy_interface(
    allowed_positional_args=['filters', 'kernel_size'],
    conversions=_CONV2D_CONVERSIONS + _kernel_weight_conversions(),
    value_conversions={'dim_ordering': _DIM_ORDERING},
    preprocessor=conv3d_args_preprocessor)


def convlstm2d_args_preprocessor(args, kwargs):
    """Keras 1 ``ConvLSTM2D``: ``forget_bias_init`` (as in
    ``recurrent_args_preprocessor``) and ``nb_row``/``nb_col`` (as in
    ``conv2d_args_preprocessor``).

    # Arguments
        args: tuple of the positional arguments of a `ConvLSTM2D` call, the
            layer (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a `ConvLSTM2D` call
        rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).

    # Raises
        TypeError, ValueError: as `conv2d_args_preprocessor`.
    """
    converted = []
    if 'forget_bias_init' in kwargs:
        value = kwargs.pop('forget_bias_init')
        if value == 'one':
            kwargs['unit_forget_bias'] = True
            converted.append(('forget_bias_init', 'unit_forget_bias'))
        else:
            warnings.warn('The `forget_bias_init` argument has been ignored. '
                          'Use `unit_forget_bias=True` instead to initialize '
                          'with ones.', stacklevel=3)
    args, kwargs, more = conv2d_args_preprocessor(args, kwargs)
    return args, kwargs, converted + more


legacy_convlstm2d_support = generate_legacy_interface(
    allowed_positional_args=['filters', 'kernel_size'],
    conversions=[('nb_filter', 'filters'),
                 ('subsample', 'strides'),
                 ('border_mode', 'padding'),
                 ('dim_ordering', 'data_format'),
                 ('init', 'kernel_initializer'),
                 ('inner_init', 'recurrent_initializer'),
                 ('W_regularizer', 'kernel_regularizer'),
                 ('U_regularizer', 'recurrent_regularizer'),
                 ('b_regularizer', 'bias_regularizer'),
                 ('inner_activation', 'recurrent_activation'),
                 ('dropout_W', 'dropout'),
                 ('dropout_U', 'recurrent_dropout'),
                 ('bias', 'use_bias')],
    value_conversions={'dim_ordering': _DIM_ORDERING},
    preprocessor=convlstm2d_args_preprocessor)


# ---------------------------------------------------------------------------
# Models, engine, optimizers
# ---------------------------------------------------------------------------

def generator_methods_args_preprocessor(args, kwargs):
    """Keras 1 ``fit_generator(generator, samples_per_epoch, nb_epoch)``:
    ``samples_per_epoch`` becomes ``steps_per_epoch``, divided by the
    generator's ``batch_size`` when it has one (at least 1).

    Keras 2 counts steps, not samples, so a sample count kept as it is would
    run far longer epochs.

    # Arguments
        args: tuple of the positional arguments of a `Model` generator method
            call, the model (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a `Model` generator
        method call rewritten, and a list of `(new_name, old_name)` pairs, one
        per conversion made (named in the warning).
    """
    converted = []
    if len(args) < 3:
        if 'samples_per_epoch' in kwargs:
            samples_per_epoch = kwargs.pop('samples_per_epoch')
            if len(args) > 1:
                generator = args[1]
            else:
                generator = kwargs.get('generator')
            batch_size = getattr(generator, 'batch_size', None)
            if batch_size:
                kwargs['steps_per_epoch'] = max(1, samples_per_epoch // batch_size)
            else:
                kwargs['steps_per_epoch'] = samples_per_epoch
            converted.append(('samples_per_epoch', 'steps_per_epoch'))
    return args, kwargs, converted


legacy_generator_methods_support = generate_legacy_method_interface(
    allowed_positional_args=['generator', 'steps_per_epoch', 'epochs'],
    conversions=[('samples_per_epoch', 'steps_per_epoch'),
                 ('val_samples', 'steps'),
                 ('nb_epoch', 'epochs'),
                 ('nb_val_samples', 'validation_steps'),
                 ('nb_worker', 'workers'),
                 ('pickle_safe', 'use_multiprocessing'),
                 ('max_q_size', 'max_queue_size')],
    preprocessor=generator_methods_args_preprocessor)

legacy_model_constructor_support = generate_legacy_interface(
    allowed_positional_args=None,
    conversions=[('input', 'inputs'),
                 ('output', 'outputs')])

legacy_input_support = generate_legacy_interface(
    allowed_positional_args=None,
    conversions=[('input_dtype', 'dtype')])


def add_weight_args_preprocessing(args, kwargs):
    """Keras 1 ``add_weight(shape, name, ...)``: a shape given first (a tuple
    or list) becomes ``shape=``, and a name string after it ``name=``.

    # Arguments
        args: tuple of the positional arguments of a `Layer.add_weight` call,
            the layer (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of a `Layer.add_weight` call
        rewritten, and a list of `(new_name, old_name)` pairs, one per
        conversion made (named in the warning).
    """
    if len(args) > 1 and isinstance(args[1], (tuple, list)):
        kwargs['shape'] = args[1]
        args = (args[0],) + tuple(args[2:])
        if len(args) > 1 and isinstance(args[1], six.string_types):
            kwargs['name'] = args[1]
            args = (args[0],) + tuple(args[2:])
    return args, kwargs, []


legacy_add_weight_support = generate_legacy_interface(
    allowed_positional_args=['name', 'shape'],
    preprocessor=add_weight_args_preprocessing)


def get_updates_arg_preprocessing(args, kwargs):
    """Keras 1 ``Optimizer.get_updates(params, constraints, loss)`` ->
    ``get_updates(loss=loss, params=params)`` (constraints now live on the
    weights). The old form is recognised by its constraints dict, so the
    Keras 2 form ``get_updates(loss, params, multipliers)`` passes through.

    # Arguments
        args: tuple of the positional arguments of an `Optimizer.get_updates`
            call, the optimizer (`self`) first.
        kwargs: dict of its keyword arguments.

    # Returns
        `(args, kwargs, converted)`: the arguments of an
        `Optimizer.get_updates` call rewritten, and a list of `(new_name,
        old_name)` pairs, one per conversion made (named in the warning).

    # Raises
        TypeError: for more than three positional arguments after `self`.
    """
    if len(args) > 4:
        raise TypeError('`get_updates` received %d positional arguments; it '
                        'takes (loss, params[, multipliers]).'
                        % (len(args) - 1,))
    if (len(args) == 4 and isinstance(args[1], (list, tuple)) and
            isinstance(args[2], dict)):
        opt, params, _, loss = args
        kwargs['loss'] = loss
        kwargs['params'] = params
        return (opt,), kwargs, []
    if (len(args) == 3 and isinstance(args[1], (list, tuple)) and
            isinstance(args[2], dict) and 'loss' in kwargs):
        opt, params, _ = args
        kwargs['params'] = params
        return (opt,), kwargs, []
    return args, kwargs, []


legacy_get_updates_support = generate_legacy_interface(
    allowed_positional_args=None,
    conversions=[],
    preprocessor=get_updates_arg_preprocessing)
