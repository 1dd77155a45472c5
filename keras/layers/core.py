"""Core layers: `Dense`, `Activation`, `Dropout` (and its spatial variants),
`Flatten`, `Reshape`, `Permute`, `RepeatVector`, `Lambda`,
`ActivityRegularization` and `Masking`.

`Dense` is one of the seed article's edit points: besides the Keras 2.2.4
arguments it takes the W/b arguments `W_learning_rate_multiplier` and
`b_learning_rate_multiplier`, and `W_decay_multiplier` / `b_decay_multiplier`
(handled by the base `Layer`; see `keras.multipliers`).
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import copy
import types as python_types

import numpy as np
import six

from .. import backend as K
from .. import activations
from .. import initializers
from .. import regularizers
from .. import constraints
from ..engine.base_layer import InputSpec
from ..engine.base_layer import Layer
from ..utils.generic_utils import func_dump
from ..utils.generic_utils import func_load
from ..utils.generic_utils import deserialize_keras_object
from ..utils.generic_utils import has_arg
from ..legacy import interfaces


class Masking(Layer):
    """Masks timesteps whose features all equal `mask_value`.

    For each timestep of the input (axis 1), if every feature (last axis)
    equals `mask_value`, the timestep is masked: its output is zero and the
    layers downstream that support masking skip it.

    # Arguments
        mask_value: the value that marks a feature as padding.

    # Input shape
        Tensor of rank >= 2, usually `(batch, timesteps, features)`.

    # Output shape
        Same as the input.
    """

    def __init__(self, mask_value=0., **kwargs):
        super(Masking, self).__init__(**kwargs)
        self.supports_masking = True
        self.mask_value = mask_value

    def compute_mask(self, inputs, mask=None):
        return K.any(K.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = K.any(K.not_equal(inputs, self.mask_value), axis=-1,
                     keepdims=True)
        return inputs * K.cast(keep, K.dtype(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'mask_value': self.mask_value}
        base_config = super(Masking, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Dropout(Layer):
    """Sets a random fraction `rate` of the inputs to 0 during training.

    The kept inputs are scaled by `1 / (1 - rate)` so that the expected sum
    is unchanged. At test time the layer is the identity.

    # Arguments
        rate: float between 0 and 1, the fraction of inputs to drop.
        noise_shape: 1D integer tuple, the shape of the binary dropout mask
            that is broadcast over the inputs; `None` entries take the input's
            dimension. E.g. `(batch_size, 1, features)` drops the same
            features at every timestep.
        seed: integer random seed.
    """

    @interfaces.legacy_dropout_support
    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super(Dropout, self).__init__(**kwargs)
        self.rate = min(1., max(0., rate))
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def _get_noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        symbolic_shape = K.shape(inputs)
        return tuple(symbolic_shape[axis] if dim is None else dim
                     for axis, dim in enumerate(self.noise_shape))

    def call(self, inputs, training=None):
        """Drops units in training, passes the inputs through otherwise.

        # Arguments
            inputs: input tensor.
            training: None (follow the learning phase, `K.learning_phase()`),
                or a Python bool or boolean tensor forcing training (drop)
                or inference (identity) behaviour.

        # Returns
            A tensor of the input's shape: the kept units scaled by
            `1 / (1 - rate)` in training, the inputs unchanged otherwise (and
            always when `rate` is not strictly between 0 and 1).
        """
        if 0. < self.rate < 1.:
            noise_shape = self._get_noise_shape(inputs)

            def dropped_inputs():
                return K.dropout(inputs, self.rate, noise_shape,
                                 seed=self.seed)
            return K.in_train_phase(dropped_inputs, inputs,
                                    training=training)
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'rate': self.rate,
                  'noise_shape': self.noise_shape,
                  'seed': self.seed}
        base_config = super(Dropout, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class SpatialDropout1D(Dropout):
    """Dropout of whole 1D feature maps (channels) of a temporal input.

    The same channels are dropped at every timestep, which suits inputs whose
    neighbouring timesteps are strongly correlated (e.g. after a Conv1D).

    # Arguments
        rate: float between 0 and 1, the fraction of channels to drop.

    # Input shape
        3D tensor `(samples, timesteps, channels)`.

    # Output shape
        Same as the input.
    """

    @interfaces.legacy_spatialdropout1d_support
    def __init__(self, rate, **kwargs):
        super(SpatialDropout1D, self).__init__(rate, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def _get_noise_shape(self, inputs):
        shape = K.shape(inputs)
        return (shape[0], 1, shape[2])


class SpatialDropout2D(Dropout):
    """Dropout of whole 2D feature maps (channels) of an image input.

    # Arguments
        rate: float between 0 and 1, the fraction of channels to drop.
        data_format: `'channels_first'` or `'channels_last'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        4D tensor `(samples, channels, rows, cols)` (channels_first) or
        `(samples, rows, cols, channels)` (channels_last).

    # Output shape
        Same as the input.
    """

    @interfaces.legacy_spatialdropoutNd_support
    def __init__(self, rate, data_format=None, **kwargs):
        super(SpatialDropout2D, self).__init__(rate, **kwargs)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def _get_noise_shape(self, inputs):
        shape = K.shape(inputs)
        if self.data_format == 'channels_first':
            return (shape[0], shape[1], 1, 1)
        return (shape[0], 1, 1, shape[3])

    def get_config(self):
        config = super(SpatialDropout2D, self).get_config()
        config['data_format'] = self.data_format
        return config


class SpatialDropout3D(Dropout):
    """Dropout of whole 3D feature maps (channels) of a volumetric input.

    # Arguments
        rate: float between 0 and 1, the fraction of channels to drop.
        data_format: `'channels_first'` or `'channels_last'` (default: the
            `image_data_format` of the Keras config).

    # Input shape
        5D tensor `(samples, channels, dim1, dim2, dim3)` (channels_first) or
        `(samples, dim1, dim2, dim3, channels)` (channels_last).

    # Output shape
        Same as the input.
    """

    @interfaces.legacy_spatialdropoutNd_support
    def __init__(self, rate, data_format=None, **kwargs):
        super(SpatialDropout3D, self).__init__(rate, **kwargs)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=5)

    def _get_noise_shape(self, inputs):
        shape = K.shape(inputs)
        if self.data_format == 'channels_first':
            return (shape[0], shape[1], 1, 1, 1)
        return (shape[0], 1, 1, 1, shape[4])

    def get_config(self):
        config = super(SpatialDropout3D, self).get_config()
        config['data_format'] = self.data_format
        return config


class Activation(Layer):
    """Applies an activation function to its input.

    # Arguments
        activation: name of an activation function (see
            `keras.activations`) or any element-wise callable.

    # Input shape
        Any.

    # Output shape
        Same as the input.
    """

    def __init__(self, activation, **kwargs):
        super(Activation, self).__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'activation': activations.serialize(self.activation)}
        base_config = super(Activation, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def _fix_unknown_dimension(input_shape, output_shape):
    """Replaces the `-1` of a `Reshape` target by the inferred dimension.

    # Arguments
        input_shape: the input shape without the batch axis (all known).
        output_shape: the target shape, with at most one `-1`.

    # Returns
        The target shape with `-1` replaced.

    # Raises
        ValueError: for more than one `-1`, or when the sizes do not match.
    """
    output_shape = list(output_shape)
    message = ('Reshape: cannot reshape an input of shape %s (%d values per '
               'sample) to target shape %s.'
               % (tuple(input_shape), int(np.prod(input_shape, dtype='int64')),
                  tuple(output_shape)))
    known, unknown = 1, None
    for index, dim in enumerate(output_shape):
        if dim < 0:
            if unknown is not None:
                raise ValueError('Reshape: can only specify one unknown '
                                 'dimension (-1) in the target shape, got %s.'
                                 % (tuple(output_shape),))
            unknown = index
        else:
            known *= dim
    original = int(np.prod(input_shape, dtype='int64'))
    if unknown is not None:
        if known == 0 or original % known != 0:
            raise ValueError(message)
        output_shape[unknown] = original // known
    elif original != known:
        raise ValueError(message + ' The total size must be unchanged.')
    return tuple(output_shape)


class Reshape(Layer):
    """Reshapes each sample to `target_shape`.

    # Arguments
        target_shape: tuple of integers, the shape of a sample (without the
            batch axis). One dimension may be `-1`: it is inferred from the
            input size.

    # Input shape
        Any, with a fully known sample size when `target_shape` has a `-1`
        to infer statically.

    # Output shape
        `(batch_size,) + target_shape`.

    # Raises
        ValueError: when the target has more than one `-1` or a different
            number of values than the input.
    """

    def __init__(self, target_shape, **kwargs):
        super(Reshape, self).__init__(**kwargs)
        self.target_shape = tuple(target_shape)
        if sum(1 for d in self.target_shape if d is not None and d < 0) > 1:
            raise ValueError('Layer %s: can only specify one unknown '
                             'dimension (-1) in target_shape, got %s.'
                             % (self.name, self.target_shape))

    def _fix_unknown_dimension(self, input_shape, output_shape):
        return _fix_unknown_dimension(input_shape, output_shape)

    def compute_output_shape(self, input_shape):
        if None in input_shape[1:]:
            # The -1 cannot be inferred statically.
            return (input_shape[0],) + tuple(None if d == -1 else d
                                             for d in self.target_shape)
        return ((input_shape[0],) +
                self._fix_unknown_dimension(input_shape[1:],
                                            self.target_shape))

    def call(self, inputs):
        return K.reshape(inputs, (K.shape(inputs)[0],) + self.target_shape)

    def get_config(self):
        config = {'target_shape': self.target_shape}
        base_config = super(Reshape, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Permute(Layer):
    """Permutes the axes of each sample (the batch axis stays first).

    # Arguments
        dims: tuple of integers, a permutation of `1..ndim` (axis 0, the
            batch axis, is not included). E.g. `(2, 1)` swaps the first two
            axes of a sample.

    # Input shape
        Tensor of rank `len(dims) + 1`.

    # Output shape
        The input shape with the axes reordered.

    # Raises
        ValueError: if `dims` is not a permutation of `1..len(dims)`.
    """

    def __init__(self, dims, **kwargs):
        super(Permute, self).__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError('Layer %s: `dims` must be a permutation of the '
                             'axes 1..%d (the batch axis 0 is not included), '
                             'got %s.' % (self.name, len(self.dims),
                                          self.dims))
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def compute_output_shape(self, input_shape):
        input_shape = list(input_shape)
        return tuple([input_shape[0]] + [input_shape[d] for d in self.dims])

    def call(self, inputs):
        return K.permute_dimensions(inputs, (0,) + self.dims)

    def get_config(self):
        config = {'dims': self.dims}
        base_config = super(Permute, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Flatten(Layer):
    """Flattens each sample to a vector (the batch axis is kept).

    # Arguments
        data_format: `'channels_first'` or `'channels_last'` (default: the
            `image_data_format` of the Keras config). With channels_first,
            the channel axis is moved last before flattening, so that the
            order of the values is the one channels_last data would give
            (weights stay portable between the two formats).

    # Input shape
        Tensor of rank >= 3.

    # Output shape
        `(batch_size, product of the other dimensions)`.

    # Raises
        ValueError: when a non-batch dimension is unknown.
    """

    def __init__(self, data_format=None, **kwargs):
        super(Flatten, self).__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=3)
        self.data_format = K.normalize_data_format(data_format)

    def compute_output_shape(self, input_shape):
        if not all(input_shape[1:]):
            raise ValueError('The shape of the input to "Flatten" (layer %s) '
                             'is not fully defined (got %s). Make sure to '
                             'pass a complete "input_shape" or '
                             '"batch_input_shape" argument to the first '
                             'layer in your model.'
                             % (self.name, tuple(input_shape[1:])))
        return (input_shape[0], int(np.prod(input_shape[1:], dtype='int64')))

    def call(self, inputs):
        if self.data_format == 'channels_first':
            ndim = K.ndim(inputs)
            permutation = [0] + list(range(2, ndim)) + [1]
            inputs = K.permute_dimensions(inputs, permutation)
        return K.batch_flatten(inputs)

    def get_config(self):
        config = {'data_format': self.data_format}
        base_config = super(Flatten, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class RepeatVector(Layer):
    """Repeats a vector input `n` times along a new axis 1.

    # Arguments
        n: integer, the number of repetitions.

    # Input shape
        2D tensor `(num_samples, features)`.

    # Output shape
        3D tensor `(num_samples, n, features)`.
    """

    def __init__(self, n, **kwargs):
        super(RepeatVector, self).__init__(**kwargs)
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def call(self, inputs):
        return K.repeat(inputs, self.n)

    def get_config(self):
        config = {'n': self.n}
        base_config = super(RepeatVector, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Lambda(Layer):
    """Wraps an arbitrary expression as a layer.

    # Arguments
        function: the function to evaluate; it takes the input tensor (or
            list of tensors) as first argument, and `mask` if it accepts one.
        output_shape: the expected output shape: a tuple (without the batch
            axis, which is taken from the input), or a function of the input
            shape returning the whole output shape. When `None`, the output
            shape is inferred by running `function` on placeholders.
        mask: `None` (no masking), a tensor (the output mask), or a function
            `(inputs, mask) -> output mask`.
        arguments: optional dict of keyword arguments passed to `function`.

    # Input shape
        Any.

    # Output shape
        Given by `output_shape` (or inferred).

    # Raises
        TypeError: if `output_shape` is not a tuple, a list or a function.
    """

    @interfaces.legacy_lambda_support
    def __init__(self, function, output_shape=None,
                 mask=None, arguments=None, **kwargs):
        super(Lambda, self).__init__(**kwargs)
        self.function = function
        self.arguments = arguments if arguments else {}
        if mask is not None:
            self.supports_masking = True
        self.mask = mask

        if output_shape is None:
            self._output_shape = None
        elif isinstance(output_shape, (tuple, list)):
            self._output_shape = tuple(output_shape)
        else:
            if not callable(output_shape):
                raise TypeError('In Lambda (layer %s), `output_shape` must be '
                                'a list, a tuple, or a function; got %r.'
                                % (self.name, output_shape))
            self._output_shape = output_shape

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            # As Keras 2.2.4: run the function on placeholders of the Keras
            # input shape (the static TensorFlow shape of the real output
            # can know less than Keras does).
            if isinstance(input_shape, list):
                xs = [K.placeholder(shape=shape) for shape in input_shape]
                x = self.call(xs)
            else:
                x = self.call(K.placeholder(shape=input_shape))
            if isinstance(x, list):
                return [K.int_shape(x_elem) for x_elem in x]
            return K.int_shape(x)
        if isinstance(self._output_shape, tuple):
            if isinstance(input_shape, list):
                num_samples = input_shape[0][0]
            else:
                num_samples = input_shape[0] if input_shape else None
            return (num_samples,) + tuple(self._output_shape)
        shape = self._output_shape(input_shape)
        if not isinstance(shape, (list, tuple)):
            raise ValueError('Lambda layer %s: the `output_shape` function '
                             'must return a tuple or a list of tuples, got %r.'
                             % (self.name, shape))
        if isinstance(shape, list):
            if not shape or isinstance(shape[0], six.integer_types) or \
                    shape[0] is None:
                shape = tuple(shape)
        return shape

    def call(self, inputs, mask=None):
        """Calls `function` on the inputs, with `arguments` as keyword
        arguments.

        # Arguments
            inputs: input tensor or list of tensors.
            mask: the input mask(s); passed to `function` as `mask=` when it
                takes a `mask` argument, ignored otherwise.

        # Returns
            What `function` returns.
        """
        arguments = dict(self.arguments)
        if has_arg(self.function, 'mask'):
            arguments['mask'] = mask
        return self.function(inputs, **arguments)

    def compute_mask(self, inputs, mask=None):
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    @staticmethod
    def _serialize_function(function):
        """(value, type) of a function for the config, as Keras 2.2.4:
        Python functions are stored as bytecode (type `'lambda'`), other
        callables (builtins, registered objects) by name (`'function'`)."""
        if isinstance(function, python_types.LambdaType):
            return func_dump(function), 'lambda'
        return function.__name__, 'function'

    def get_config(self):
        function, function_type = self._serialize_function(self.function)

        if callable(self._output_shape):
            output_shape, output_shape_type = self._serialize_function(
                self._output_shape)
        else:
            output_shape = self._output_shape
            output_shape_type = 'raw'

        config = {'function': function,
                  'function_type': function_type,
                  'output_shape': output_shape,
                  'output_shape_type': output_shape_type,
                  'arguments': self.arguments}
        base_config = super(Lambda, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds a `Lambda` layer from its config.

        Functions stored as bytecode (`'lambda'`) are re-created with
        `func_load`: this runs code that comes from the config, so it is
        refused in safe mode (see `keras.engine.saving.safe_mode_scope`). Functions stored by name
        (`'function'`) are looked up in `custom_objects` and the registered
        custom objects.

        # Arguments
            config: the dict returned by `get_config`.
            custom_objects: dict of names to functions and classes.

        # Returns
            A `Lambda` layer.

        # Raises
            TypeError: for an unknown `function_type`.
            ValueError: when the config holds bytecode and safe mode is on
                (the default outside `keras.engine.saving.safe_mode_scope(False)`;
                the loading functions take `safe_mode=False`).
        """
        from ..engine.safe_mode import check_lambda_allowed
        check_lambda_allowed(config)
        config = copy.copy(config)
        globs = globals()
        if custom_objects:
            globs = dict(list(globs.items()) + list(custom_objects.items()))

        def load(value, value_type, what):
            if value_type == 'function':
                return deserialize_keras_object(
                    value, custom_objects=custom_objects,
                    printable_module_name='%s in Lambda layer' % what)
            if value_type == 'lambda':
                return func_load(value, globs=globs)
            raise TypeError('Unknown %s type in the config of Lambda layer '
                            '%s: %r (expected "function" or "lambda").'
                            % (what, config.get('name'), value_type))

        function = load(config.pop('function'), config.pop('function_type'),
                        'function')
        config.pop('function_module', None)
        config.pop('output_shape_module', None)

        output_shape_type = config.pop('output_shape_type', 'raw')
        if output_shape_type == 'raw':
            output_shape = config.pop('output_shape', None)
            if isinstance(output_shape, list):
                output_shape = tuple(output_shape)
        else:
            output_shape = load(config.pop('output_shape'), output_shape_type,
                                'output_shape')

        if config.get('arguments'):
            # Numpy arrays come back from JSON as {'type': 'ndarray', ...}.
            arguments = dict(config['arguments'])
            for key, value in arguments.items():
                if isinstance(value, dict) and value.get('type') == 'ndarray':
                    arguments[key] = np.array(value['value'])
            config['arguments'] = arguments

        config['function'] = function
        config['output_shape'] = output_shape
        return cls(**config)


class Dense(Layer):
    """A densely connected layer: `output = activation(dot(input, kernel) +
    bias)`.

    An input of rank > 2 is contracted on its last axis (the kernel is
    applied to every position of the other axes).

    # Arguments
        units: positive integer, dimensionality of the output space.
        activation: activation function (see `keras.activations`); `None`
            means linear, `a(x) = x`.
        use_bias: whether the layer has a bias vector.
        kernel_initializer: initializer of the `kernel` weight matrix.
        bias_initializer: initializer of the bias vector.
        kernel_regularizer: regularizer applied to the kernel.
        bias_regularizer: regularizer applied to the bias.
        activity_regularizer: regularizer applied to the output.
        kernel_constraint: constraint applied to the kernel.
        bias_constraint: constraint applied to the bias.
        W_learning_rate_multiplier: learning-rate multiplier of the kernel
            (a number >= 0; 0 freezes it), or None.
        b_learning_rate_multiplier: learning-rate multiplier of the bias, or
            None.
        W_decay_multiplier: weight-decay multiplier of the kernel (a number
            >= 0 scaling the optimizer's `weight_decay`; 0: not decayed), or
            None for the default, 1.
        b_decay_multiplier: weight-decay multiplier of the bias, or None for
            the default, 0.

    # Input shape
        nD tensor `(batch_size, ..., input_dim)`, usually 2D.

    # Output shape
        nD tensor `(batch_size, ..., units)`.

    # Raises
        TypeError / ValueError: for invalid learning-rate or decay
            multipliers.
    """

    _wb_kernel_names = ('kernel',)

    @interfaces.legacy_dense_support
    def __init__(self, units,
                 activation=None,
                 use_bias=True,
                 kernel_initializer='glorot_uniform',
                 bias_initializer='zeros',
                 kernel_regularizer=None,
                 bias_regularizer=None,
                 activity_regularizer=None,
                 kernel_constraint=None,
                 bias_constraint=None,
                 W_learning_rate_multiplier=None,
                 b_learning_rate_multiplier=None,
                 W_decay_multiplier=None,
                 b_decay_multiplier=None,
                 **kwargs):
        if 'input_shape' not in kwargs and 'input_dim' in kwargs:
            kwargs['input_shape'] = (kwargs.pop('input_dim'),)
        self.use_bias = use_bias
        super(Dense, self).__init__(
            W_learning_rate_multiplier=W_learning_rate_multiplier,
            b_learning_rate_multiplier=b_learning_rate_multiplier,
            W_decay_multiplier=W_decay_multiplier,
            b_decay_multiplier=b_decay_multiplier, **kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        assert len(input_shape) >= 2
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError('Layer %s: the last dimension of the input of a '
                             'Dense layer must be known, got input shape %s.'
                             % (self.name, tuple(input_shape)))
        self.kernel = self.add_weight(shape=(input_dim, self.units),
                                      initializer=self.kernel_initializer,
                                      name='kernel',
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.units,),
                                        initializer=self.bias_initializer,
                                        name='bias',
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs):
        output = K.dot(inputs, self.kernel)
        if self.use_bias:
            output = K.bias_add(output, self.bias, data_format='channels_last')
        if self.activation is not None:
            output = self.activation(output)
        return output

    def compute_output_shape(self, input_shape):
        assert input_shape and len(input_shape) >= 2
        assert input_shape[-1]
        output_shape = list(input_shape)
        output_shape[-1] = self.units
        return tuple(output_shape)

    def get_config(self):
        config = {
            'units': self.units,
            'activation': activations.serialize(self.activation),
            'use_bias': self.use_bias,
            'kernel_initializer': initializers.serialize(self.kernel_initializer),
            'bias_initializer': initializers.serialize(self.bias_initializer),
            'kernel_regularizer': regularizers.serialize(self.kernel_regularizer),
            'bias_regularizer': regularizers.serialize(self.bias_regularizer),
            'activity_regularizer':
                regularizers.serialize(self.activity_regularizer),
            'kernel_constraint': constraints.serialize(self.kernel_constraint),
            'bias_constraint': constraints.serialize(self.bias_constraint),
        }
        base_config = super(Dense, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class ActivityRegularization(Layer):
    """Identity layer that adds an L1/L2 penalty on its input (the
    activity) to the model's loss.

    # Arguments
        l1: L1 regularization factor (positive float).
        l2: L2 regularization factor (positive float).

    # Input shape
        Any.

    # Output shape
        Same as the input.
    """

    def __init__(self, l1=0., l2=0., **kwargs):
        super(ActivityRegularization, self).__init__(**kwargs)
        self.supports_masking = True
        self.l1 = l1
        self.l2 = l2
        self.activity_regularizer = regularizers.L1L2(l1=l1, l2=l2)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'l1': self.l1,
                  'l2': self.l2}
        base_config = super(ActivityRegularization, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
