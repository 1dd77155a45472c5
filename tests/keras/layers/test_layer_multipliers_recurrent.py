"""Learning-rate multipliers on recurrent layers and wrappers: the spec given
to an RNN layer, a cell, a wrapper or the wrapped layer reaches the inner
variables (`layer.multipliers`); each weight's first training step is
exactly `multiplier x` the step without a multiplier (SGD and Adam);
multiplier-0 weights do not move and get no optimizer slot; configs keep the
multipliers (0 included); unknown weight names are errors listing the valid
ones."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras import multipliers as lr_multipliers
from keras import optimizers
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers.convolutional_recurrent import ConvLSTM2D
from keras.layers.core import Dense
from keras.layers.cudnn_recurrent import CuDNNGRU
from keras.layers.cudnn_recurrent import CuDNNLSTM
from keras.layers.recurrent import GRU
from keras.layers.recurrent import GRUCell
from keras.layers.recurrent import LSTM
from keras.layers.recurrent import LSTMCell
from keras.layers.recurrent import RNN
from keras.layers.recurrent import SimpleRNN
from keras.layers.recurrent import SimpleRNNCell
from keras.layers.wrappers import Bidirectional
from keras.layers.wrappers import TimeDistributed

SEQ = (2, 3, 4)
IMAGES = (2, 2, 4, 4, 2)


def _quiet(fn):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return fn()


# name -> (factory(**multiplier kwargs), input shape,
#          multiplier kwargs, expected multiplier per recorded weight name;
#          names not listed have no multiplier)
CASES = {
    'simple_rnn': (lambda **kw: SimpleRNN(3, return_sequences=True, **kw),
                   SEQ,
                   {'learning_rate_multipliers': {'kernel': 0.5,
                                                  'recurrent_kernel': 0}},
                   {'kernel': 0.5, 'recurrent_kernel': 0.0}),
    'gru_reset_after': (lambda **kw: GRU(3, reset_after=True, **kw), SEQ,
                        {'learning_rate_multipliers': 2},
                        {'kernel': 2.0, 'recurrent_kernel': 2.0,
                         'bias': 2.0}),
    'lstm': (lambda **kw: LSTM(3, implementation=2, **kw), SEQ,
             {'learning_rate_multipliers': {'bias': 3, 'recurrent_kernel':
                                            0.25}},
             {'bias': 3.0, 'recurrent_kernel': 0.25}),
    'rnn_cell_spec': (lambda **kw: RNN(LSTMCell(3, **kw)), SEQ,
                      {'learning_rate_multipliers': {'kernel': 0,
                                                     '*': 0.5}},
                      {'kernel': 0.0, 'recurrent_kernel': 0.5,
                       'bias': 0.5}),
    'stacked_cells': (lambda **kw: RNN([SimpleRNNCell(3), GRUCell(2)], **kw),
                      SEQ, {'learning_rate_multipliers': {'kernel': 0.5}},
                      {'kernel': 0.5}),
    'conv_lstm': (lambda **kw: ConvLSTM2D(2, 2, padding='same', **kw),
                  IMAGES,
                  {'learning_rate_multipliers': {'recurrent_kernel': 0.5,
                                                 'bias': 0}},
                  {'recurrent_kernel': 0.5, 'bias': 0.0}),
    'cudnn_gru': (lambda **kw: CuDNNGRU(3, **kw), SEQ,
                  {'learning_rate_multipliers': {'kernel': 2}},
                  {'kernel': 2.0}),
    'cudnn_lstm': (lambda **kw: CuDNNLSTM(3, return_sequences=True, **kw),
                   SEQ, {'learning_rate_multipliers': 0.5},
                   {'kernel': 0.5, 'recurrent_kernel': 0.5, 'bias': 0.5}),
    'bidirectional_inner_spec': (
        lambda **kw: Bidirectional(LSTM(3, **kw)), SEQ,
        {'learning_rate_multipliers': {'kernel': 0.5, 'bias': 0}},
        {'kernel': 0.5, 'bias': 0.0}),
    'bidirectional_wrapper_spec': (
        lambda **kw: Bidirectional(GRU(2, return_sequences=True),
                                   merge_mode='sum', **kw), SEQ,
        {'learning_rate_multipliers': {'recurrent_kernel': 3}},
        {'recurrent_kernel': 3.0}),
    'time_distributed_wb_args': (
        lambda **kw: TimeDistributed(Dense(2, **kw)), SEQ,
        {'W_learning_rate_multiplier': 0.5, 'b_learning_rate_multiplier': 0},
        {'kernel': 0.5, 'bias': 0.0}),
    'time_distributed_wrapper_spec': (
        lambda **kw: TimeDistributed(Dense(2), **kw), SEQ,
        {'learning_rate_multipliers': {'kernel': 2}},
        {'kernel': 2.0}),
}


def _model(factory, shape, **kwargs):
    layer = _quiet(lambda: factory(**kwargs))
    inp = Input(shape=shape[1:])
    return Model(inp, layer(inp)), layer


def _recorded_names(layer):
    """{variable: recorded weight name} over the layer and its sub-layers."""
    out = {}
    for name, weights in lr_multipliers.named_weights(layer).items():
        for w in weights:
            out[w] = name
    return out


def _expected_by_weight(layer, expected):
    return dict((w, expected[name])
                for w, name in _recorded_names(layer).items()
                if name in expected)


@pytest.mark.parametrize('case', sorted(CASES))
def test_multipliers_map_inner_variables(case):
    factory, shape, mult_kwargs, expected = CASES[case]
    _, layer = _model(factory, shape, **mult_kwargs)
    names = _recorded_names(layer)
    assert set(names) == set(layer.trainable_weights)
    assert set(names.values()) >= set(expected)
    assert layer.multipliers == _expected_by_weight(layer, expected)
    if case.startswith('bidirectional'):
        # Both directions get the spec.
        assert len(layer.multipliers) == 2 * len(expected)


@pytest.mark.parametrize('optimizer', ['sgd', 'adam'])
@pytest.mark.parametrize('case', sorted(CASES))
def test_first_step_is_scaled_by_multiplier(case, optimizer):
    factory, shape, mult_kwargs, expected = CASES[case]
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, size=shape).astype('float32')

    plain, plain_layer = _model(factory, shape)
    scaled, scaled_layer = _model(factory, shape, **mult_kwargs)
    # Identical initial weights, with nonzero biases.
    start = [rng.uniform(-0.5, 0.5, size=w.shape).astype('float32')
             for w in plain_layer.get_weights()]
    plain_layer.set_weights(start)
    scaled_layer.set_weights(start)
    y = rng.uniform(-1, 1, size=(shape[0],) + plain.output_shape[1:])

    def make_opt():
        if optimizer == 'sgd':
            return optimizers.SGD(lr=0.1)
        return optimizers.Adam(lr=0.01)
    plain.compile(make_opt(), 'mse')
    scaled.compile(make_opt(), 'mse')
    plain.train_on_batch(x, y)
    scaled.train_on_batch(x, y)

    names = _recorded_names(scaled_layer)
    scaled_names = [names[w] for w in scaled_layer.weights]
    for name, w0, w_plain, w_scaled in zip(scaled_names, start,
                                           plain_layer.get_weights(),
                                           scaled_layer.get_weights()):
        step_plain = w_plain - w0
        step_scaled = w_scaled - w0
        assert np.abs(step_plain).max() > 1e-5, name
        m = expected.get(name, 1.0)
        if m == 0:
            np.testing.assert_array_equal(w_scaled, w0)
        else:
            np.testing.assert_allclose(step_scaled, m * step_plain,
                                       rtol=2e-3, atol=1e-6)


def test_frozen_weights_get_no_optimizer_slot():
    factory, shape, mult_kwargs, _ = CASES['rnn_cell_spec']
    model, layer = _model(factory, shape, **mult_kwargs)
    model.compile(optimizers.Adam(), 'mse')
    rng = np.random.RandomState(1)
    model.train_on_batch(rng.rand(*shape), rng.rand(shape[0], 3))
    kernel_shape = K.int_shape(layer.cell.kernel)
    assert kernel_shape == (4, 12)
    assert [w for w in model.optimizer.weights
            if tuple(K.int_shape(w)) == kernel_shape] == []
    # The recurrent kernel and bias train: two Adam slots each.
    assert len([w for w in model.optimizer.weights
                if tuple(K.int_shape(w)) == (3, 12)]) == 2


@pytest.mark.parametrize('case', sorted(CASES))
def test_config_round_trip(case):
    factory, shape, mult_kwargs, expected = CASES[case]
    model, layer = _model(factory, shape, **mult_kwargs)
    config = layer.get_config()
    clone = _quiet(lambda: type(layer).from_config(config))
    assert _quiet(clone.get_config) == config
    rebuilt = _quiet(lambda: Model.from_config(model.get_config()))
    new_layer = rebuilt.layers[-1]
    assert type(new_layer) is type(layer)
    by_weight = new_layer.multipliers
    assert by_weight == _expected_by_weight(new_layer, expected)
    assert sorted(by_weight.values()) == sorted(layer.multipliers.values())


def test_bidirectional_backward_layer_gets_the_spec():
    layer = Bidirectional(SimpleRNN(2, learning_rate_multipliers={
        'recurrent_kernel': 0}))
    assert layer.backward_layer._learning_rate_multipliers == {
        'recurrent_kernel': 0.0}
    assert layer.forward_layer._learning_rate_multipliers == {
        'recurrent_kernel': 0.0}
    layer(Input(SEQ[1:]))
    values = sorted(layer.multipliers.values())
    assert values == [0.0, 0.0]


def test_set_learning_rate_multipliers_reaches_wrapped_weights():
    inp = Input(SEQ[1:])
    bi = Bidirectional(LSTM(2, return_sequences=True), name='bi')
    td = TimeDistributed(Dense(1), name='td')
    model = Model(inp, td(bi(inp)))
    if not hasattr(model, 'set_learning_rate_multipliers'):
        pytest.skip('Model.set_learning_rate_multipliers not written yet')
    model.set_learning_rate_multipliers({'bi': {'kernel': 0}, 'td': 2})
    mults = model.multipliers
    bi_kernels = [bi.forward_layer.cell.kernel, bi.backward_layer.cell.kernel]
    for kernel in bi_kernels:
        assert mults[kernel] == 0.0
    assert mults[td.layer.kernel] == 2.0 and mults[td.layer.bias] == 2.0
    assert len(mults) == 4


@pytest.mark.parametrize('factory,shape', [
    (lambda **kw: SimpleRNN(2, **kw), SEQ),
    (lambda **kw: LSTM(2, **kw), SEQ),
    (lambda **kw: GRU(2, **kw), SEQ),
    (lambda **kw: ConvLSTM2D(2, 2, **kw), IMAGES),
    (lambda **kw: CuDNNGRU(2, **kw), SEQ),
    (lambda **kw: CuDNNLSTM(2, **kw), SEQ),
    (lambda **kw: Bidirectional(LSTM(2, **kw)), SEQ),
    (lambda **kw: Bidirectional(LSTM(2), **kw), SEQ),
    (lambda **kw: RNN(SimpleRNNCell(2, **kw)), SEQ),
])
def test_unknown_weight_name_is_an_error(factory, shape):
    layer = factory(learning_rate_multipliers={'gamma': 0.5})
    with pytest.raises(ValueError) as info:
        layer(Input(shape[1:]))
    message = str(info.value)
    assert "'gamma'" in message
    for name in ("'kernel'", "'recurrent_kernel'", "'bias'"):
        assert name in message


def test_unknown_weight_name_in_time_distributed():
    layer = TimeDistributed(Dense(2), learning_rate_multipliers={
        'recurrent_kernel': 1})
    with pytest.raises(ValueError) as info:
        layer(Input(SEQ[1:]))
    assert "'kernel'" in str(info.value) and "'bias'" in str(info.value)


def test_invalid_values_rejected_at_construction():
    with pytest.raises(ValueError, match='>= 0'):
        LSTM(2, learning_rate_multipliers={'kernel': -1})
    with pytest.raises(TypeError):
        GRU(2, learning_rate_multipliers=True)
    with pytest.raises(ValueError):
        Bidirectional(SimpleRNN(2), learning_rate_multipliers=float('inf'))
    with pytest.raises(ValueError):
        ConvLSTM2D(2, 2, learning_rate_multipliers={'bias': float('nan')})


def test_save_and_load_model_keep_multipliers(tmpdir):
    from keras.models import load_model
    inp = Input(SEQ[1:])
    bi = Bidirectional(LSTM(2, return_sequences=True,
                            learning_rate_multipliers={'kernel': 0}))
    td = TimeDistributed(Dense(1, b_learning_rate_multiplier=0.5))
    model = Model(inp, td(bi(inp)))
    model.compile(optimizers.SGD(lr=0.1), 'mse')
    path = str(tmpdir.join('model.h5'))
    model.save(path)
    loaded = _quiet(lambda: load_model(path))
    x = np.random.RandomState(0).rand(*SEQ).astype('float32')
    np.testing.assert_allclose(loaded.predict(x), model.predict(x),
                               atol=1e-6)
    values = sorted(loaded.multipliers.values())
    assert values == [0.0, 0.0, 0.5]
    kernels = [loaded.layers[1].forward_layer.cell.kernel,
               loaded.layers[1].backward_layer.cell.kernel]
    for kernel in kernels:
        assert loaded.multipliers[kernel] == 0.0
    before = K.batch_get_value(kernels)
    loaded.train_on_batch(x, np.ones((SEQ[0], SEQ[1], 1)))
    for b, a in zip(before, K.batch_get_value(kernels)):
        np.testing.assert_array_equal(a, b)
