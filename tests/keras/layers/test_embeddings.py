"""Tests of keras.layers.Embedding."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers.embeddings import Embedding
from keras.utils.test_utils import layer_test


@pytest.fixture(autouse=True)
def _clear_session():
    K.clear_session()
    yield
    K.clear_session()


def test_lookup_matches_numpy():
    rng = np.random.RandomState(0)
    layer = Embedding(10, 4)
    inp = Input(shape=(5,), dtype='int32')
    out = layer(inp)
    table = rng.randn(10, 4).astype('float32')
    layer.set_weights([table])
    ids = rng.randint(0, 10, size=(3, 5))
    y = K.function([inp], [out])([ids])[0]
    np.testing.assert_allclose(y, table[ids])
    assert K.int_shape(out) == (None, 5, 4)


def test_float_inputs_are_cast():
    layer = Embedding(6, 2, embeddings_initializer='ones')
    inp = Input(shape=(3,))  # float32 placeholder, as Sequential makes
    out = layer(inp)
    table = np.arange(12, dtype='float32').reshape(6, 2)
    layer.set_weights([table])
    ids = np.array([[0, 5, 2]], dtype='float32')
    y = K.function([inp], [out])([ids])[0]
    np.testing.assert_allclose(y, table[[[0, 5, 2]]])


def test_mask_zero():
    layer = Embedding(5, 3, mask_zero=True)
    inp = Input(shape=(4,), dtype='int32')
    out = layer(inp)
    ids = np.array([[1, 2, 0, 0], [0, 3, 4, 0]])
    mask = K.function([inp], [layer.compute_mask(inp)])([ids])[0]
    np.testing.assert_array_equal(mask, ids != 0)
    # The mask travels with the output tensor.
    node_mask = layer._inbound_nodes[0].output_masks[0]
    assert node_mask is not None
    np.testing.assert_array_equal(K.function([inp], [node_mask])([ids])[0],
                                  ids != 0)
    assert Embedding(5, 3).compute_mask(inp) is None
    assert out is not None


def test_output_shape_with_input_length():
    layer = Embedding(10, 3, input_length=7)
    assert layer.batch_input_shape == (None, 7)
    assert layer.compute_output_shape((None, 7)) == (None, 7, 3)
    assert layer.compute_output_shape((None, None)) == (None, 7, 3)
    with pytest.raises(ValueError, match='input_length'):
        layer.compute_output_shape((None, 6))
    layer = Embedding(10, 3, input_length=(None, 4))
    assert layer.compute_output_shape((2, 5, 4)) == (2, 5, 4, 3)
    with pytest.raises(ValueError, match='input_length'):
        layer.compute_output_shape((2, 5))
    assert Embedding(10, 3).batch_input_shape == (None, None)
    assert Embedding(10, 3).compute_output_shape((4, 9)) == (4, 9, 3)


def test_embedding_in_model_with_flatten_shape():
    inp = Input(shape=(6,))
    out = Embedding(20, 5, input_length=6)(inp)
    assert K.int_shape(out) == (None, 6, 5)
    model = Model(inp, out)
    pred = model.predict(np.zeros((2, 6)))
    assert pred.shape == (2, 6, 5)
    np.testing.assert_allclose(pred[0], np.repeat(pred[0, :1], 6, axis=0))


def test_config_round_trip():
    layer = Embedding(10, 3, mask_zero=True, input_length=4,
                      embeddings_regularizer='l2',
                      learning_rate_multipliers={'embeddings': 0})
    config = layer.get_config()
    assert config['input_dim'] == 10 and config['output_dim'] == 3
    assert config['mask_zero'] is True and config['input_length'] == 4
    assert config['learning_rate_multipliers'] == {'embeddings': 0.0}
    clone = Embedding.from_config(config)
    assert clone.get_config() == config


def test_legacy_arguments():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        layer = Embedding(10, 3, init='zeros', W_regularizer='l1',
                          dropout=0.2)
    messages = [str(w.message) for w in caught]
    assert any('Keras 2 API' in m for m in messages)
    assert any('SpatialDropout1D' in m for m in messages)
    assert layer.embeddings_initializer.__class__.__name__ == 'Zeros'
    assert layer.embeddings_regularizer is not None
    with pytest.raises(TypeError, match='positional'):
        Embedding(10, 3, 'uniform')


def test_layer_test():
    layer_test(Embedding, kwargs={'input_dim': 10, 'output_dim': 4},
               input_shape=(3, 2), input_dtype='int32',
               expected_output_dtype='float32')
    layer_test(Embedding, kwargs={'input_dim': 10, 'output_dim': 4,
                                  'mask_zero': True, 'input_length': 2},
               input_shape=(3, 2), input_dtype='int32',
               expected_output_dtype='float32')
    layer_test(Embedding, kwargs={'input_dim': 10, 'output_dim': 4,
                                  'input_length': (None, 5)},
               input_shape=(3, 2, 5), input_dtype='int32',
               expected_output_dtype='float32')
