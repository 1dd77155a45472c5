"""Tests for keras.utils.io_utils: HDF5Matrix, H5Dict, chunked attributes,
ask_to_proceed_with_overwrite."""
import os

import numpy as np
import pytest

h5py = pytest.importorskip('h5py')

from keras.utils import io_utils  # noqa: E402
from keras.utils.io_utils import H5Dict  # noqa: E402
from keras.utils.io_utils import HDF5Matrix  # noqa: E402


@pytest.fixture
def data_file(tmp_path):
    path = str(tmp_path / 'data.h5')
    data = np.arange(60, dtype='float32').reshape(20, 3)
    with h5py.File(path, 'w') as f:
        f.create_dataset('x', data=data)
        f.create_dataset('labels', data=np.arange(20))
    yield path, data
    # Files are shared through HDF5Matrix.refs: close ours.
    f = HDF5Matrix.refs.pop(path, None)
    if f:
        f.close()


def test_constants_and_exports():
    assert io_utils.HDF5_OBJECT_HEADER_LIMIT == 64512
    assert io_utils.h5dict is io_utils.H5Dict
    import keras.utils
    assert keras.utils.HDF5Matrix is HDF5Matrix
    assert keras.utils.h5dict is H5Dict


def test_hdf5_matrix_start_end_and_indexing(data_file):
    path, data = data_file
    m = HDF5Matrix(path, 'x', start=5, end=15)
    ref = data[5:15]
    assert len(m) == 10
    assert m.shape == (10, 3)
    assert m.ndim == 2 and m.size == 30 and m.dtype == np.float32
    np.testing.assert_array_equal(m[0], ref[0])
    np.testing.assert_array_equal(m[-1], ref[-1])
    np.testing.assert_array_equal(m[2:6], ref[2:6])
    np.testing.assert_array_equal(m[:], ref)
    np.testing.assert_array_equal(m[[1, 3, 4]], ref[[1, 3, 4]])
    np.testing.assert_array_equal(m[np.array([0, 9])], ref[[0, 9]])
    # Unsorted and repeated indices (h5py alone refuses them).
    np.testing.assert_array_equal(m[[7, 2, 2, 0]], ref[[7, 2, 2, 0]])
    with pytest.raises(IndexError):
        m[10]
    with pytest.raises(IndexError):
        m[5:11]
    with pytest.raises(IndexError):
        m[[3, 10]]
    with pytest.raises(IndexError):
        m['a']


def test_hdf5_matrix_normalizer_and_default_end(data_file):
    path, data = data_file
    m = HDF5Matrix(path, 'x', normalizer=lambda a: a / 2.0 + 1)
    assert m.shape == (20, 3)
    np.testing.assert_allclose(m[3:5], data[3:5] / 2.0 + 1)
    np.testing.assert_allclose(m[[0, 19]], data[[0, 19]] / 2.0 + 1)
    # Normalizer changing dtype and shape: reported by shape/dtype.
    flat = HDF5Matrix(path, 'x', normalizer=lambda a: a.reshape(len(a), 3, 1)
                      .astype('float64'))
    assert flat.shape == (20, 3, 1) and flat.dtype == np.float64
    with pytest.raises(KeyError, match='no dataset'):
        HDF5Matrix(path, 'missing')


def test_hdf5_matrix_end_none_means_to_the_end(data_file, tmp_path):
    path, data = data_file
    m = HDF5Matrix(path, 'x', start=0, end=None)
    assert m.end == 20 and len(m) == 20 and m.shape == (20, 3)
    np.testing.assert_array_equal(m[:], data)
    m = HDF5Matrix(path, 'x', 4, None)
    assert len(m) == 16
    np.testing.assert_array_equal(m[-1], data[-1])
    # The path replaced by a longer file: "the end" is the new file's.
    other = str(tmp_path / 'grows.h5')
    with h5py.File(other, 'w') as f:
        f.create_dataset('x', data=np.zeros((5, 3)))
    assert len(HDF5Matrix(other, 'x', start=0, end=None)) == 5
    os.remove(other)
    with h5py.File(other, 'w') as f:
        f.create_dataset('x', data=np.ones((8, 3)))
    try:
        grown = HDF5Matrix(other, 'x', start=0, end=None)
        assert len(grown) == 8
        np.testing.assert_array_equal(grown[7], np.ones(3))
    finally:
        HDF5Matrix.refs.pop(other).close()


def test_hdf5_matrix_feeds_fit(data_file):
    from keras.layers import Dense
    from keras.models import Sequential
    path, data = data_file
    x = HDF5Matrix(path, 'x', end=16)
    y = HDF5Matrix(path, 'x', end=16, normalizer=lambda a: a[:, :1])
    model = Sequential([Dense(1, input_shape=(3,), kernel_initializer='zeros')])
    model.compile('sgd', 'mse')
    model.fit(x, y, batch_size=4, epochs=1, shuffle='batch', verbose=0)
    pred = model.predict(x, batch_size=8)
    assert pred.shape == (16, 1)
    assert np.any(pred != 0)


def test_save_and_load_chunked_attributes(tmp_path):
    names = [('layer_%05d_' % i + 'x' * 80) for i in range(2000)]
    with h5py.File(str(tmp_path / 'a.h5'), 'w') as f:
        io_utils.save_attributes_to_hdf5_group(f, 'layer_names', names)
        # Too large for one object header: stored in chunks.
        assert 'layer_names' not in f.attrs
        assert 'layer_names0' in f.attrs and 'layer_names1' in f.attrs
        assert all(f.attrs[k].nbytes <= io_utils.HDF5_OBJECT_HEADER_LIMIT
                   for k in f.attrs)
        assert io_utils.load_attributes_from_hdf5_group(f, 'layer_names') == names
        # Re-writing a short list removes the stale chunks.
        io_utils.save_attributes_to_hdf5_group(f, 'layer_names', ['a', 'b'])
        assert sorted(f.attrs.keys()) == ['layer_names']
        assert io_utils.load_attributes_from_hdf5_group(f, 'layer_names') == ['a', 'b']
        with pytest.raises(KeyError, match='no attribute'):
            io_utils.load_attributes_from_hdf5_group(f, 'weight_names')
        with pytest.raises(RuntimeError, match='cannot be stored'):
            io_utils.save_attributes_to_hdf5_group(
                f, 'huge', ['x' * (io_utils.HDF5_OBJECT_HEADER_LIMIT + 1)])


def test_as_text_handles_h5py2_bytes_and_h5py3_str():
    assert io_utils.as_text(b'abc') == 'abc'
    assert io_utils.as_text(np.bytes_(b'abc')) == 'abc'
    assert io_utils.as_text('abc') == 'abc'
    assert io_utils.as_text(np.array([b'a', b'bc'])) == ['a', 'bc']
    assert io_utils.as_text(np.array(['a', 'bc'], dtype=object)) == ['a', 'bc']
    assert io_utils.as_text(np.array([], dtype='float64')) == []


@pytest.mark.parametrize('kind', ['path', 'file', 'group', 'dict',
                                  'file_like'])
def test_h5dict_round_trip(tmp_path, kind):
    import io
    path = str(tmp_path / 'd.h5')
    storage = {}
    handle = None
    buffer = io.BytesIO()
    if kind == 'path':
        f = H5Dict(path, mode='w')
    elif kind == 'file_like':
        f = H5Dict(buffer, mode='w')
    elif kind == 'file':
        handle = h5py.File(path, 'w')
        f = H5Dict(handle)
    elif kind == 'group':
        handle = h5py.File(path, 'w')
        f = H5Dict(handle.create_group('sub'))
    else:
        f = H5Dict(storage)
    array = np.arange(6, dtype='float32').reshape(2, 3)
    f['text'] = b'hello'
    f['names'] = [b'a', b'b']
    f['array'] = array
    f['scalar'] = np.float32(3.5)
    sub = f['group']
    sub['inner'] = np.ones(2)
    f.update({'other': b'x'})
    assert 'text' in f and 'array' in f and 'missing' not in f
    assert f.get('missing', 7) == 7
    if kind in ('file', 'group'):
        f.close()  # does not close a handle it did not open
        assert handle.id.valid
        handle.close()
    elif kind in ('path', 'file_like'):
        f.close()
        assert not buffer.closed

    if kind == 'dict':
        r = H5Dict(storage, mode='r')
    elif kind == 'file_like':
        buffer.seek(0)
        r = H5Dict(buffer, mode='r')
    elif kind == 'group':
        r = H5Dict(h5py.File(path, 'r')['sub'], mode='r')
    else:
        r = H5Dict(path, mode='r')
    assert io_utils.as_text(r['text']) == 'hello'
    assert io_utils.as_text(r['names']) == ['a', 'b']
    np.testing.assert_array_equal(r['array'], array)
    assert float(r['scalar']) == 3.5
    np.testing.assert_array_equal(r['group']['inner'], np.ones(2))
    with pytest.raises(ValueError, match='read-only'):
        r['new'] = b'x'
    with pytest.raises(KeyError):
        r['missing']
    if kind != 'dict':
        r.data.file.close()


def test_h5dict_reads_string_attributes_as_str_however_h5py_stores_them(
        tmp_path):
    """h5py 2.10 returns strings as bytes, h5py 3.x as str or NumPy bytes
    depending on how they were written: H5Dict always gives str."""
    path = str(tmp_path / 'strings.h5')
    with h5py.File(path, 'w') as f:
        f.attrs['fixed_bytes'] = np.bytes_(b'config')   # Keras 2.2.4 / h5py 2
        f.attrs['python_bytes'] = b'config'
        f.attrs['python_str'] = 'config'
        f.attrs.create('vlen_str', 'config', dtype=h5py.string_dtype())
        f.attrs.create('vlen_bytes', b'config',
                       dtype=h5py.string_dtype('ascii'))
        f.attrs['fixed_list'] = np.array([b'a', b'bc'])
        f.attrs.create('vlen_list', ['a', 'bc'], dtype=h5py.string_dtype())
        f.attrs['numbers'] = np.array([1, 2])
    with H5Dict(path, mode='r') as f:
        for key in ('fixed_bytes', 'python_bytes', 'python_str', 'vlen_str',
                    'vlen_bytes'):
            assert type(f[key]) is str and f[key] == 'config', key
        for key in ('fixed_list', 'vlen_list'):
            assert f[key] == ['a', 'bc'], key
            assert all(type(v) is str for v in f[key])
        np.testing.assert_array_equal(f['numbers'], [1, 2])


def test_h5dict_rejects_other_types_and_existing_groups(tmp_path):
    with pytest.raises(TypeError, match='file path'):
        H5Dict(42)
    with H5Dict(str(tmp_path / 'x.h5'), mode='w') as f:
        f['g']['a'] = np.zeros(1)
        with pytest.raises(KeyError, match='exists'):
            f['g'] = b'text'


def test_ask_to_proceed_with_overwrite(monkeypatch):
    answers = iter(['maybe', 'y'])
    monkeypatch.setattr('six.moves.input', lambda prompt='': next(answers))
    assert io_utils.ask_to_proceed_with_overwrite('/tmp/f.h5') is True
    monkeypatch.setattr('six.moves.input', lambda prompt='': 'n')
    assert io_utils.ask_to_proceed_with_overwrite('/tmp/f.h5') is False
