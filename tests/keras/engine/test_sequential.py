"""Tests of keras.engine.sequential.Sequential."""
import json
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.input_layer import InputLayer
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers import Dense


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


def dense_forward(model, x):
    """NumPy forward pass of a stack of linear Dense layers."""
    out = x
    for layer in model.layers:
        kernel, bias = layer.get_weights()
        out = out.dot(kernel) + bias
    return out


class TwoOutputs(Layer):
    def call(self, inputs):
        return [inputs, inputs * 2.]

    def compute_output_shape(self, input_shape):
        return [input_shape, input_shape]


def test_add_with_input_shape_builds_graph():
    model = Sequential(name='seq')
    model.add(Dense(4, input_shape=(3,), name='d1'))
    assert model.built
    assert isinstance(model._layers[0], InputLayer)
    assert model._layers[0].name == 'd1_input'
    model.add(Dense(2, name='d2'))
    assert [l.name for l in model.layers] == ['d1', 'd2']
    assert model.inputs[0]._keras_shape == (None, 3)
    assert model.outputs[0]._keras_shape == (None, 2)
    assert model.output_shape == (None, 2)
    assert model.count_params() == 3 * 4 + 4 + 4 * 2 + 2
    x = np.random.rand(5, 3).astype('float32')
    np.testing.assert_allclose(model.predict(x), dense_forward(model, x),
                               rtol=1e-5, atol=1e-6)


def test_constructor_list_and_default_name():
    model = Sequential([Dense(2, input_shape=(3,)), Dense(1)])
    assert model.name.startswith('sequential_')
    assert len(model.layers) == 2 and model.built


def test_deferred_build():
    model = Sequential()
    model.add(Dense(4))
    model.add(Dense(2))
    assert not model.built and model.inputs is None
    assert len(model.layers) == 2
    with pytest.raises(ValueError, match='not yet been built'):
        model.summary()
    model.build((None, 3))
    assert model.built
    assert model.outputs[0]._keras_shape == (None, 2)
    assert model.layers[0].kernel.shape.as_list() == [3, 4]
    config = model.get_config()
    assert config['build_input_shape'] == (None, 3)
    clone = Sequential.from_config(config)
    assert clone.built and clone.outputs[0]._keras_shape == (None, 2)


def test_explicit_input_layer():
    model = Sequential()
    model.add(InputLayer(input_shape=(3,), name='inp'))
    model.add(Dense(2))
    assert model.built and len(model.layers) == 1
    assert isinstance(model.layers[0], Dense)
    assert model._layers[0].name == 'inp'


def test_pop():
    model = Sequential([Dense(4, input_shape=(3,)), Dense(2), Dense(1)])
    model.pop()
    assert len(model.layers) == 2
    assert model.outputs[0]._keras_shape == (None, 2)
    assert model.layers[-1]._outbound_nodes == []
    x = np.random.rand(2, 3).astype('float32')
    np.testing.assert_allclose(model.predict(x), dense_forward(model, x),
                               rtol=1e-5, atol=1e-6)
    model.add(Dense(5))
    assert model.output_shape == (None, 5)
    model.pop()
    model.pop()
    model.pop()
    assert model.layers == [] and model.inputs is None and model.outputs is None
    with pytest.raises(TypeError, match='no layers'):
        model.pop()


def test_add_errors():
    model = Sequential()
    with pytest.raises(TypeError, match='instance of class Layer'):
        model.add('dense')
    model.add(Dense(2, input_shape=(3,)))
    with pytest.raises(TypeError, match='single output tensor'):
        model.add(TwoOutputs())
    with pytest.raises(ValueError, match='single output tensor'):
        Sequential().add(TwoOutputs(input_shape=(3,)))
    with pytest.raises(ValueError, match='empty model'):
        Sequential().add(Sequential())


def test_nested_sequential_and_model():
    inner = Sequential([Dense(3, input_shape=(4,), name='inner_d')],
                       name='inner')
    outer = Sequential([inner, Dense(1, name='head')])
    assert outer.built
    assert outer.inputs[0]._keras_shape == (None, 4)
    x = np.random.rand(2, 4).astype('float32')
    k1, b1 = inner.layers[0].get_weights()
    k2, b2 = outer.layers[1].get_weights()
    np.testing.assert_allclose(outer.predict(x), (x.dot(k1) + b1).dot(k2) + b2,
                               rtol=1e-5, atol=1e-6)
    i = Input((4,))
    functional = Model(i, Dense(2)(i))
    wrapped = Sequential([functional])
    assert wrapped.output_shape == (None, 2)


def test_get_config_format_and_round_trip():
    model = Sequential([Dense(3, input_shape=(2,), name='a',
                              learning_rate_multipliers={'kernel': 0}),
                        Dense(1, name='b', activation='sigmoid')],
                       name='seq')
    config = model.get_config()
    assert set(config) == {'name', 'layers'}
    assert config['name'] == 'seq'
    assert [c['class_name'] for c in config['layers']] == ['Dense', 'Dense']
    assert config['layers'][0]['config']['batch_input_shape'] == (None, 2)
    json.dumps(config)
    clone = Sequential.from_config(config)
    assert clone.name == 'seq' and [l.name for l in clone.layers] == ['a', 'b']
    clone.set_weights(model.get_weights())
    x = np.random.rand(3, 2).astype('float32')
    np.testing.assert_allclose(clone.predict(x), model.predict(x), rtol=1e-6)
    assert clone.multipliers == {clone.layers[0].kernel: 0.0}
    # Older Keras wrote the plain list of layer configs.
    legacy = Sequential.from_config(config['layers'])
    assert [l.name for l in legacy.layers] == ['a', 'b'] and legacy.built


def test_model_property_warns_and_returns_self():
    model = Sequential([Dense(1, input_shape=(2,))])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        assert model.model is model
    assert any('deprecated' in str(w.message) for w in caught)


def test_predict_classes_and_proba():
    model = Sequential([Dense(3, input_shape=(2,), activation='softmax')])
    x = np.random.rand(6, 2).astype('float32')
    proba = model.predict_proba(x)
    np.testing.assert_allclose(proba.sum(axis=-1), np.ones(6), rtol=1e-5)
    np.testing.assert_array_equal(model.predict_classes(x),
                                  proba.argmax(axis=-1))
    binary = Sequential([Dense(1, input_shape=(2,), activation='sigmoid')])
    p = binary.predict(x)
    np.testing.assert_array_equal(binary.predict_classes(x),
                                  (p > 0.5).astype('int32'))
    raw = Sequential([Dense(1, input_shape=(2,), kernel_initializer='ones',
                            bias_initializer='ones')])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        raw.predict_proba(x)
    assert any('invalid probability' in str(w.message) for w in caught)


def test_fit_trains_sequential():
    model = Sequential([Dense(1, input_shape=(2,), kernel_initializer='zeros')])
    model.compile('sgd', 'mse')
    x = np.random.rand(32, 2).astype('float32')
    y = x.dot(np.array([[1.], [-2.]], dtype='float32'))
    first = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=5, batch_size=8, verbose=0)
    assert model.evaluate(x, y, verbose=0) < first


def test_summary_of_sequential():
    model = Sequential([Dense(4, input_shape=(3,), name='d1'),
                        Dense(2, name='d2', W_learning_rate_multiplier=0.5)])
    lines = []
    model.summary(print_fn=lines.append)
    text = '\n'.join(lines)
    assert 'd1_input' not in text  # as 2.2.4: the InputLayer is not listed
    assert 'LR mult' in lines[1]
    row = [l for l in lines if l.startswith('d2 (Dense)')][0]
    assert row.rstrip().endswith('kernel:0.5')
    assert 'Total params: 26' in lines


def test_compile_before_deferred_build_then_fit():
    model = Sequential([Dense(3), Dense(1)])
    model.trainable = False
    model.trainable = True
    model.compile('sgd', 'mse')
    x = np.random.rand(8, 2).astype('float32')
    history = model.fit(x, np.ones((8, 1)), epochs=2, verbose=0)
    assert model.built and model.inputs[0]._keras_shape == (None, 2)
    assert len(history.history['loss']) == 2
    frozen = Sequential([Dense(1)])
    frozen.trainable = False
    frozen.build((None, 2))
    assert frozen.trainable is False and frozen.trainable_weights == []


def test_config_round_trip_keeps_shape_of_explicit_input_layer():
    import numpy as np
    from keras.engine.input_layer import InputLayer
    from keras.engine.sequential import Sequential
    from keras.layers import Dense
    model = Sequential()
    model.add(InputLayer(input_shape=(3,)))
    model.add(Dense(2))
    x = np.arange(6, dtype='float32').reshape(2, 3)
    clone = Sequential.from_config(model.get_config())
    assert clone.inputs and clone.input_shape == (None, 3)
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict(x), model.predict(x), rtol=1e-6)
