"""Helpers for testing layers and models: `layer_test`, `get_test_data`,
`keras_test`.

`layer_test` is what Keras 2.2.4's layer tests (and many third-party layer
libraries) use to check a layer end to end; it is part of the public API.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import functools
import inspect

import numpy as np
from numpy.testing import assert_allclose

from .. import backend as K
from ..engine.input_layer import Input
from ..engine.training import Model


def get_test_data(num_train=1000, num_test=500, input_shape=(10,),
                  output_shape=(2,), classification=True, num_classes=2):
    """Makes a random, learnable data set.

    For classification, each sample of class `c` is drawn from a normal
    distribution centred on `c` (standard deviation 0.7), so the classes
    can be told apart. For regression, each sample and its target are drawn
    around the same random centre in `[0, 1)`.

    # Arguments
        num_train: number of training samples.
        num_test: number of test samples.
        input_shape: shape of one input sample.
        output_shape: shape of one target (regression only).
        classification: whether to make integer class labels (shape
            `(samples,)`) or real-valued targets.
        num_classes: number of classes (classification only).

    # Returns
        `(x_train, y_train), (x_test, y_test)`; the inputs are float32.
    """
    samples = num_train + num_test
    input_shape = tuple(input_shape)
    if classification:
        y = np.random.randint(0, num_classes, size=(samples,))
        centres = y.reshape((samples,) + (1,) * len(input_shape))
        x = np.random.normal(loc=centres, scale=0.7,
                             size=(samples,) + input_shape)
    else:
        output_shape = tuple(output_shape)
        y_loc = np.random.random((samples,))
        x = np.random.normal(
            loc=y_loc.reshape((samples,) + (1,) * len(input_shape)),
            scale=0.7, size=(samples,) + input_shape)
        y = np.random.normal(
            loc=y_loc.reshape((samples,) + (1,) * len(output_shape)),
            scale=0.7, size=(samples,) + output_shape).astype(np.float32)
    x = x.astype(np.float32)
    return (x[:num_train], y[:num_train]), (x[num_train:], y[num_train:])


def _random_input(input_shape, input_dtype):
    shape = [np.random.randint(1, 4) if dim is None else dim
             for dim in input_shape]
    data = 10 * np.random.random(shape)
    return data.astype(input_dtype)


def _check_shape(expected_shape, actual_shape, layer, where):
    """Checks the statically inferred output shape against the real one."""
    expected_shape = tuple(expected_shape)
    assert len(expected_shape) == len(actual_shape), (
        '%s: layer %s infers output rank %d (%s) but outputs rank %d (%s).'
        % (where, layer.name, len(expected_shape), expected_shape,
           len(actual_shape), actual_shape))
    for expected_dim, actual_dim in zip(expected_shape, actual_shape):
        if expected_dim is not None:
            assert expected_dim == actual_dim, (
                '%s: layer %s infers output shape %s but outputs shape %s.'
                % (where, layer.name, expected_shape, actual_shape))


def _init_accepts_weights(layer_cls):
    init = layer_cls.__init__
    try:
        params = inspect.signature(init).parameters
    except (TypeError, ValueError):
        return False
    return 'weights' in params


def _train_one_step(model, input_data, actual_output, layer):
    """Compiles `model` ('rmsprop', 'mse') and runs one training step on
    random targets; checks that the loss and the weights stay finite."""
    model.compile('rmsprop', 'mse')
    target = np.random.random(actual_output.shape).astype(actual_output.dtype)
    loss = model.train_on_batch(input_data, target)
    losses = np.asarray(loss, dtype='float64').ravel()
    assert np.all(np.isfinite(losses)), (
        'Layer %s: training step gave a non-finite loss %s.'
        % (layer.name, loss))
    for weight in model.get_weights():
        weight = np.asarray(weight)
        if np.issubdtype(weight.dtype, np.floating):
            assert np.all(np.isfinite(weight)), (
                'Layer %s: training step made a weight non-finite.'
                % layer.name)


def _check_masking(layer_cls, layer, input_shape, input_dtype, input_data):
    """When the layer supports masking and takes sequence-like float
    inputs (time on axis 1), calls a fresh copy of it behind a `Masking` layer and checks that
    the model runs and that the output mask (if any) is a boolean tensor
    whose shape starts like the output's."""
    from ..layers.core import Masking
    if not getattr(layer, 'supports_masking', False):
        return
    if getattr(layer, 'data_format', None) == 'channels_first':
        # `Masking` masks axis 1 as time steps: not the layout of this data.
        return
    if len(input_shape) < 3 or not np.issubdtype(np.dtype(input_dtype),
                                                 np.floating):
        return
    config = layer.get_config()
    config.pop('batch_input_shape', None)
    config.pop('name', None)
    fresh = layer_cls.from_config(config)
    x = Input(shape=tuple(input_shape[1:]), dtype=input_dtype)
    masked = Masking(mask_value=0.)(x)
    y = fresh(masked)
    mask = fresh.get_output_mask_at(0)
    masked_input = np.array(input_data, copy=True)
    masked_input[:, 0] = 0.  # masks the first timestep of every sample
    outputs = [y]
    if mask is not None:
        assert K.dtype(mask) == 'bool', (
            'Layer %s: output mask of dtype %s (expected bool).'
            % (fresh.name, K.dtype(mask)))
        outputs.append(mask)
    inputs, feed = [x], [masked_input]
    learning_phase = K.learning_phase()
    if not isinstance(learning_phase, int):  # else fixed by set_learning_phase
        inputs.append(learning_phase)
        feed.append(0)
    values = K.function(inputs, outputs)(feed)
    if mask is not None:
        out_shape, mask_shape = values[0].shape, values[1].shape
        assert tuple(mask_shape) == tuple(out_shape[:len(mask_shape)]), (
            'Layer %s: output mask shape %s does not match output shape %s.'
            % (fresh.name, mask_shape, out_shape))


def layer_test(layer_cls, kwargs={}, input_shape=None, input_dtype=None,
               input_data=None, expected_output=None,
               expected_output_dtype=None, fixed_batch_size=False):
    """Tests a layer end to end.

    Checks, in order: construction from `kwargs`; `get_weights` /
    `set_weights` (and the `weights=` constructor argument when the layer
    has one); a functional model `Model(x, layer(x))` whose output dtype is
    `expected_output_dtype` and whose real output shape matches
    `compute_output_shape`; `expected_output` (if given); the model's
    config round trip with its weights; one training step of the model
    (`'rmsprop'`, `'mse'`); masks, for layers that support them; and the
    same through a `Sequential` model built from the layer's config with a
    `batch_input_shape`.

    # Arguments
        layer_cls: the layer class.
        kwargs: constructor arguments.
        input_shape: input shape including the batch axis; `None` entries
            get a random size (ignored when `input_data` is given).
        input_dtype: input dtype (default: `K.floatx()`, or that of
            `input_data`).
        input_data: the input array (default: random values in `[0, 10)`).
        expected_output: array the output must be close to (rtol 1e-3).
        expected_output_dtype: dtype of the output (default: the input's).
        fixed_batch_size: whether the input has a fixed batch size.

    # Returns
        The output of the `Sequential` model on `input_data`.

    # Raises
        AssertionError: when a check fails.
    """
    from ..engine import saving
    # The configs round-tripped here come from the layer under test, not
    # from a file: rebuilding a Lambda from its bytecode is allowed.
    with saving.safe_mode_scope(False):
        return _layer_test(layer_cls, kwargs, input_shape, input_dtype,
                           input_data, expected_output, expected_output_dtype,
                           fixed_batch_size)


def _layer_test(layer_cls, kwargs, input_shape, input_dtype, input_data,
                expected_output, expected_output_dtype, fixed_batch_size):
    from ..engine.sequential import Sequential

    if input_data is None:
        assert input_shape, 'layer_test needs input_shape or input_data.'
        if not input_dtype:
            input_dtype = K.floatx()
        input_data = _random_input(input_shape, input_dtype)
    else:
        if input_shape is None:
            input_shape = input_data.shape
        if input_dtype is None:
            input_dtype = input_data.dtype
    if expected_output_dtype is None:
        expected_output_dtype = input_dtype
    input_dtype = np.dtype(input_dtype).name
    expected_output_dtype = np.dtype(expected_output_dtype).name
    input_shape = tuple(input_shape)

    kwargs = dict(kwargs)
    layer = layer_cls(**kwargs)

    # Weights at layer level (empty before build).
    weights = layer.get_weights()
    layer.set_weights(weights)

    # Construction with initial weights.
    if _init_accepts_weights(layer_cls):
        kwargs['weights'] = weights
        layer = layer_cls(**kwargs)

    # Functional API.
    if fixed_batch_size:
        x = Input(batch_shape=input_shape, dtype=input_dtype)
    else:
        x = Input(shape=tuple(input_shape[1:]), dtype=input_dtype)
    y = layer(x)
    assert K.dtype(y) == expected_output_dtype, (
        'Layer %s: output dtype %s, expected %s.'
        % (layer.name, K.dtype(y), expected_output_dtype))

    model = Model(x, y)
    expected_output_shape = layer.compute_output_shape(input_shape)
    actual_output = model.predict(input_data)
    _check_shape(expected_output_shape, actual_output.shape, layer,
                 'functional model')
    if expected_output is not None:
        assert_allclose(actual_output, expected_output, rtol=1e-3)

    # Config round trip and weights at model level.
    model_config = model.get_config()
    recovered_model = Model.from_config(model_config)
    if model.weights:
        recovered_model.set_weights(model.get_weights())
        output = recovered_model.predict(input_data)
        assert_allclose(output, actual_output, rtol=1e-3)

    # One training step (the layer's training-time behaviour, gradients).
    if np.issubdtype(actual_output.dtype, np.floating):
        _train_one_step(model, input_data, actual_output, layer)

    # Masks.
    _check_masking(layer_cls, layer, input_shape, input_dtype, input_data)

    # First layer of a Sequential model, built from the layer's config.
    layer_config = layer.get_config()
    layer_config['batch_input_shape'] = input_shape
    layer = layer.__class__.from_config(layer_config)
    model = Sequential()
    model.add(layer)
    actual_output = model.predict(input_data)
    expected_output_shape = layer.compute_output_shape(input_shape)
    _check_shape(expected_output_shape, actual_output.shape, layer,
                 'Sequential model')
    if expected_output is not None:
        assert_allclose(actual_output, expected_output, rtol=1e-3)

    model_config = model.get_config()
    recovered_model = Sequential.from_config(model_config)
    if model.weights:
        recovered_model.set_weights(model.get_weights())
        output = recovered_model.predict(input_data)
        assert_allclose(output, actual_output, rtol=1e-3)

    return actual_output


def keras_test(func):
    """Decorator for tests that build Keras graphs: clears the Keras session
    after the test (even when it fails), so that tests do not share graphs,
    layer-name counters or variables.

    # Arguments
        func: the test function.

    # Returns
        The wrapped function.
    """
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        finally:
            K.clear_session()
    return wrapper
