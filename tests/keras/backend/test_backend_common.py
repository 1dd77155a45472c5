"""Settings (keras.backend.common) and configuration file handling."""
import json
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras.backend import common
from keras.backend import load_backend


@pytest.fixture
def restore_settings():
    saved = (K.floatx(), K.epsilon(), K.image_data_format())
    yield
    K.set_floatx(saved[0])
    K.set_epsilon(saved[1])
    K.set_image_data_format(saved[2])


def test_defaults():
    assert K.floatx() == 'float32'
    assert K.epsilon() == 1e-7
    assert K.image_data_format() == 'channels_last'
    assert K.backend() == 'tensorflow'


def test_setters(restore_settings):
    K.set_floatx('float64')
    assert K.floatx() == 'float64'
    assert K.cast_to_floatx([1, 2]).dtype == np.float64
    K.set_epsilon(1e-4)
    assert K.epsilon() == 1e-4
    K.set_image_data_format('channels_first')
    assert K.image_data_format() == 'channels_first'
    assert K.image_dim_ordering() == 'th'
    assert K.normalize_data_format(None) == 'channels_first'
    K.set_image_dim_ordering('tf')
    assert K.image_data_format() == 'channels_last'
    assert K.image_dim_ordering() == 'tf'
    K.set_image_dim_ordering('th')
    assert K.image_data_format() == 'channels_first'


@pytest.mark.parametrize('setter,value', [
    (K.set_floatx, 'float8'),
    (K.set_image_data_format, 'channels_middle'),
    (K.set_image_dim_ordering, 'xx'),
    (K.normalize_data_format, 'nchw'),
])
def test_setters_reject_bad_values(setter, value, restore_settings):
    with pytest.raises(ValueError):
        setter(value)


def test_normalize_data_format_case():
    assert K.normalize_data_format('Channels_First') == 'channels_first'


def test_cast_to_floatx():
    out = K.cast_to_floatx(np.arange(3))
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [0., 1., 2.])


@pytest.mark.parametrize('fmt,expected', [
    ('channels_last', [[0, 0], [1, 1], [2, 2], [0, 0]]),
    ('channels_first', [[0, 0], [0, 0], [1, 1], [2, 2]]),
])
def test_transpose_shape(fmt, expected):
    shape = [[0, 0], [1, 1], [2, 2], [0, 0]]
    assert K.transpose_shape(shape, fmt, spatial_axes=(1, 2)) == expected
    as_tuple = K.transpose_shape((5, 6, 7, 3), fmt, spatial_axes=(1, 2))
    assert isinstance(as_tuple, tuple)
    with pytest.raises(ValueError):
        K.transpose_shape(shape, 'nchw', spatial_axes=(1, 2))


def test_config_file_read(tmp_path, monkeypatch, restore_settings):
    (tmp_path / 'keras.json').write_text(json.dumps({
        'floatx': 'float64', 'epsilon': 1e-5, 'backend': 'tensorflow',
        'image_data_format': 'channels_first'}))
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.delenv('KERAS_BACKEND', raising=False)
    load_backend.load_config()
    assert K.floatx() == 'float64'
    assert K.epsilon() == 1e-5
    assert K.image_data_format() == 'channels_first'


def test_config_file_written_when_missing(tmp_path, monkeypatch):
    home = tmp_path / 'khome'
    monkeypatch.setenv('KERAS_HOME', str(home))
    monkeypatch.delenv('KERAS_BACKEND', raising=False)
    load_backend.load_config()
    config = json.loads((home / 'keras.json').read_text())
    assert config == {'floatx': 'float32', 'epsilon': 1e-7,
                      'backend': 'tensorflow',
                      'image_data_format': 'channels_last'}


def test_config_file_malformed_or_invalid(tmp_path, monkeypatch,
                                          restore_settings):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.delenv('KERAS_BACKEND', raising=False)
    (tmp_path / 'keras.json').write_text('{not json')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        load_backend.load_config()
    assert any('keras.json' in str(w.message) for w in caught)
    assert K.floatx() == 'float32'
    (tmp_path / 'keras.json').write_text(json.dumps(
        {'floatx': 'float8', 'image_data_format': 'channels_last'}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        load_backend.load_config()
    assert any('floatx' in str(w.message) for w in caught)
    assert K.floatx() == 'float32'


def test_config_dir_not_writable(tmp_path, monkeypatch):
    blocker = tmp_path / 'file'
    blocker.write_text('x')
    # A path below a regular file can neither be created nor written.
    monkeypatch.setenv('KERAS_HOME', str(blocker / 'sub'))
    monkeypatch.delenv('KERAS_BACKEND', raising=False)
    load_backend.load_config()  # must not raise
    assert not (blocker / 'sub').exists()


def test_keras_backend_env_other_than_tensorflow(monkeypatch, tmp_path):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setenv('KERAS_BACKEND', 'theano')
    with pytest.raises(ImportError) as info:
        load_backend.load_config()
    assert 'theano' in str(info.value)
    assert 'tensorflow' in str(info.value)
    monkeypatch.setenv('KERAS_BACKEND', 'tensorflow')
    load_backend.load_config()


def test_common_module_globals(restore_settings):
    K.set_epsilon(0.5)
    assert common._EPSILON == 0.5


def test_k_tf_is_the_v1_api():
    from keras import backend as K
    import tensorflow as tf_module
    assert K.tf is tf_module.compat.v1
    x = K.placeholder((None, 2))
    y = K.tf.where(K.tf.greater(x, 0.), x, K.tf.zeros_like(x))
    out = K.function([x], [y])([np.array([[1., -2.]], dtype='float32')])[0]
    np.testing.assert_array_equal(out, [[1., 0.]])
