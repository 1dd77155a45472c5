"""keras.datasets: load_data on small fake files in a temporary KERAS_HOME
cache (same formats and file names as the real ones); no network."""
import gzip
import hashlib
import json
import os
import pickle
import tarfile

import numpy as np
import pytest
from six.moves.urllib.error import URLError

from keras import backend as K
from keras.datasets import boston_housing
from keras.datasets import cifar10
from keras.datasets import cifar100
from keras.datasets import fashion_mnist
from keras.datasets import imdb
from keras.datasets import mnist
from keras.datasets import reuters
from keras.utils import data_utils


@pytest.fixture
def attempts(monkeypatch):
    """The URLs get_file tries to download; every try fails as offline."""
    urls = []

    def offline(url, filename, reporthook=None, data=None):
        urls.append(url)
        raise URLError('no network in tests')

    monkeypatch.setattr(data_utils, 'urlretrieve', offline)
    return urls


@pytest.fixture
def cache(tmp_path, monkeypatch, attempts):
    """The datasets directory of a fresh KERAS_HOME (offline)."""
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    datasets = tmp_path / 'datasets'
    datasets.mkdir()
    return datasets


def md5(path):
    return hashlib.md5(open(str(path), 'rb').read()).hexdigest()


def ragged(rng, n, low, high, vocab):
    out = np.empty(n, dtype=object)
    for i in range(n):
        out[i] = list(rng.randint(1, vocab, size=rng.randint(low, high)))
    return out


# ---------------------------------------------------------------- MNIST

def test_mnist_from_cache(cache, monkeypatch, attempts):
    rng = np.random.RandomState(0)
    arrays = dict(x_train=rng.randint(0, 256, (6, 28, 28)).astype('uint8'),
                  y_train=np.arange(6, dtype='uint8'),
                  x_test=rng.randint(0, 256, (4, 28, 28)).astype('uint8'),
                  y_test=np.arange(4, dtype='uint8'))
    np.savez(str(cache / 'mnist.npz'), **arrays)
    monkeypatch.setattr(mnist, '_FILE_HASH', md5(cache / 'mnist.npz'))
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.shape == (6, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (4, 28, 28)
    np.testing.assert_array_equal(x_train, arrays['x_train'])
    np.testing.assert_array_equal(y_test, arrays['y_test'])
    assert attempts == []


def test_mnist_real_hash_is_kept(cache, attempts):
    # A cached file whose hash differs from the published one is not used.
    np.savez(str(cache / 'mnist.npz'), x_train=np.zeros(1))
    with pytest.raises(Exception) as info:
        mnist.load_data()
    assert attempts == ['https://s3.amazonaws.com/img-datasets/mnist.npz']
    assert str(cache / 'mnist.npz') in str(info.value)


def test_missing_file_error_names_file_and_directory(cache):
    with pytest.raises(Exception) as info:
        mnist.load_data()
    message = str(info.value)
    assert os.path.join(str(cache), 'mnist.npz') in message
    assert 'place the file' in message
    assert not os.path.exists(str(cache / 'mnist.npz'))


# --------------------------------------------------------- Fashion-MNIST

def write_idx(path, array, header_size):
    with gzip.open(str(path), 'wb') as f:
        f.write(b'\x00' * header_size + array.tobytes())


def test_fashion_mnist_from_cache(cache, attempts):
    rng = np.random.RandomState(1)
    folder = cache / 'fashion-mnist'
    folder.mkdir()
    x_train = rng.randint(0, 256, (5, 28, 28)).astype('uint8')
    y_train = np.array([0, 9, 3, 3, 1], dtype='uint8')
    x_test = rng.randint(0, 256, (2, 28, 28)).astype('uint8')
    y_test = np.array([7, 2], dtype='uint8')
    write_idx(folder / 'train-labels-idx1-ubyte.gz', y_train, 8)
    write_idx(folder / 'train-images-idx3-ubyte.gz', x_train, 16)
    write_idx(folder / 't10k-labels-idx1-ubyte.gz', y_test, 8)
    write_idx(folder / 't10k-images-idx3-ubyte.gz', x_test, 16)
    (a, b), (c, d) = fashion_mnist.load_data()
    assert a.shape == (5, 28, 28) and a.dtype == np.uint8
    np.testing.assert_array_equal(a, x_train)
    np.testing.assert_array_equal(b, y_train)
    np.testing.assert_array_equal(c, x_test)
    np.testing.assert_array_equal(d, y_test)
    assert attempts == []


# ---------------------------------------------------------------- CIFAR

def write_batch(path, data, labels, label_key):
    # The real files were pickled by Python 2: keys are byte strings.
    with open(str(path), 'wb') as f:
        pickle.dump({b'batch_label': b'fake', b'data': data,
                     label_key.encode('ascii'): labels}, f, protocol=2)


def test_cifar10_from_extracted_cache(cache, attempts):
    rng = np.random.RandomState(2)
    folder = cache / 'cifar-10-batches-py'
    folder.mkdir()
    datas = []
    for i in range(1, 6):
        data = rng.randint(0, 256, (2, 3072)).astype('uint8')
        datas.append(data)
        write_batch(folder / ('data_batch_%d' % i), data, [i, 9 - i],
                    'labels')
    test_data = rng.randint(0, 256, (3, 3072)).astype('uint8')
    write_batch(folder / 'test_batch', test_data, [4, 5, 6], 'labels')
    # get_file(untar=True) checks the archive name; the directory is used.
    open(str(cache / 'cifar-10-batches-py.tar.gz'), 'wb').close()

    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    assert x_train.shape == (10, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.shape == (10, 1) and y_train.dtype == np.uint8
    assert x_test.shape == (3, 32, 32, 3) and y_test.shape == (3, 1)
    assert y_train[:, 0].tolist() == [1, 8, 2, 7, 3, 6, 4, 5, 5, 4]
    assert y_test[:, 0].tolist() == [4, 5, 6]
    # Pixel (row r, col c, channel ch) of image 0 is data[ch*1024 + r*32 + c].
    np.testing.assert_array_equal(x_train[0, 5, 7, :],
                                  datas[0][0, [5 * 32 + 7, 1024 + 5 * 32 + 7,
                                               2048 + 5 * 32 + 7]])
    np.testing.assert_array_equal(
        x_test, test_data.reshape(3, 3, 32, 32).transpose(0, 2, 3, 1))
    assert attempts == []


def test_cifar10_channels_first(cache):
    folder = cache / 'cifar-10-batches-py'
    folder.mkdir()
    data = np.arange(3072, dtype='int64').astype('uint8').reshape(1, 3072)
    for i in range(1, 6):
        write_batch(folder / ('data_batch_%d' % i), data, [0], 'labels')
    write_batch(folder / 'test_batch', data, [1], 'labels')
    open(str(cache / 'cifar-10-batches-py.tar.gz'), 'wb').close()
    old = K.image_data_format()
    K.set_image_data_format('channels_first')
    try:
        (x_train, _), (x_test, _) = cifar10.load_data()
    finally:
        K.set_image_data_format(old)
    assert x_train.shape == (5, 3, 32, 32)
    np.testing.assert_array_equal(x_test[0], data.reshape(3, 32, 32))


def test_cifar100_from_tar_archive(cache, attempts):
    # Only the archive is cached: get_file extracts it.
    rng = np.random.RandomState(3)
    src = cache.parent / 'src' / 'cifar-100-python'
    src.mkdir(parents=True)
    train = rng.randint(0, 256, (4, 3072)).astype('uint8')
    test = rng.randint(0, 256, (2, 3072)).astype('uint8')
    for name, data, n in (('train', train, 4), ('test', test, 2)):
        with open(str(src / name), 'wb') as f:
            pickle.dump({b'data': data,
                         b'fine_labels': list(range(90, 90 + n)),
                         b'coarse_labels': list(range(10, 10 + n))},
                        f, protocol=2)
    with tarfile.open(str(cache / 'cifar-100-python.tar.gz'), 'w:gz') as tar:
        tar.add(str(src), arcname='cifar-100-python')

    (x_train, y_train), (x_test, y_test) = cifar100.load_data()
    assert x_train.shape == (4, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train[:, 0].tolist() == [90, 91, 92, 93]
    assert y_test.shape == (2, 1)
    np.testing.assert_array_equal(
        x_train, train.reshape(4, 3, 32, 32).transpose(0, 2, 3, 1))
    (_, y_train), _ = cifar100.load_data(label_mode='coarse')
    assert y_train[:, 0].tolist() == [10, 11, 12, 13]
    assert attempts == []


def test_cifar100_rejects_unknown_label_mode():
    with pytest.raises(ValueError, match='label_mode'):
        cifar100.load_data(label_mode='medium')


def test_load_batch_reports_missing_label_key(tmp_path):
    write_batch(tmp_path / 'b', np.zeros((1, 3072), 'uint8'), [0], 'labels')
    data, labels = cifar10.load_batch(str(tmp_path / 'b'))
    assert data.shape == (1, 3, 32, 32) and labels == [0]
    with pytest.raises(KeyError, match='fine_labels'):
        cifar100.load_batch(str(tmp_path / 'b'), label_key='fine_labels')


# ----------------------------------------------------------------- IMDB

def imdb_reference(x_train, y_train, x_test, y_test, seed, num_words,
                   skip_top, maxlen, start_char, oov_char, index_from):
    """A plain re-derivation of the documented processing."""
    np.random.seed(seed)
    i = np.arange(len(x_train))
    np.random.shuffle(i)
    j = np.arange(len(x_test))
    np.random.shuffle(j)
    sets = []
    for xs, ys in ((x_train[i], y_train[i]), (x_test[j], y_test[j])):
        xs = [[start_char] + [w + index_from for w in x] for x in xs]
        pairs = [(x, y) for x, y in zip(xs, ys)
                 if maxlen is None or len(x) < maxlen]
        sets.append(pairs)
    if num_words is None:
        num_words = max(max(x) for s in sets for x, _ in s)
    out = []
    for pairs in sets:
        xs = [[w if skip_top <= w < num_words else oov_char for w in x]
              for x, _ in pairs]
        out.append((xs, [y for _, y in pairs]))
    return out


def write_imdb(cache, monkeypatch, rng):
    x_train = ragged(rng, 12, 1, 9, 30)
    x_test = ragged(rng, 7, 1, 9, 30)
    y_train = rng.randint(0, 2, 12)
    y_test = rng.randint(0, 2, 7)
    np.savez(str(cache / 'imdb.npz'), x_train=x_train, y_train=y_train,
             x_test=x_test, y_test=y_test)
    monkeypatch.setattr(imdb, '_FILE_HASH', md5(cache / 'imdb.npz'))
    return x_train, y_train, x_test, y_test


@pytest.mark.parametrize('num_words,skip_top,maxlen', [
    (None, 0, None), (20, 5, None), (None, 0, 7)])
def test_imdb_matches_reference(cache, monkeypatch, num_words, skip_top,
                                maxlen):
    raw = write_imdb(cache, monkeypatch, np.random.RandomState(4))
    (x_train, y_train), (x_test, y_test) = imdb.load_data(
        num_words=num_words, skip_top=skip_top, maxlen=maxlen, seed=7)
    (rx_train, ry_train), (rx_test, ry_test) = imdb_reference(
        *raw, seed=7, num_words=num_words, skip_top=skip_top, maxlen=maxlen,
        start_char=1, oov_char=2, index_from=3)
    assert x_train.dtype == object and x_train.ndim == 1
    assert [list(x) for x in x_train] == rx_train
    assert [list(x) for x in x_test] == rx_test
    assert y_train.tolist() == list(ry_train)
    assert y_test.tolist() == list(ry_test)
    if maxlen is not None:
        assert all(len(x) < maxlen for x in x_train)
        assert len(x_train) < 12
    else:
        assert len(x_train) == 12 and len(x_test) == 7
    for x in list(x_train) + list(x_test):
        # start_char is subject to skip_top like any index (as in 2.2.4).
        assert x[0] == (1 if skip_top <= 1 else 2)


def test_imdb_oov_none_drops_words_and_nb_words_alias(cache, monkeypatch):
    write_imdb(cache, monkeypatch, np.random.RandomState(5))
    with pytest.warns(UserWarning, match='nb_words'):
        (x_train, _), _ = imdb.load_data(nb_words=10, oov_char=None)
    for x in x_train:
        assert all(w < 10 for w in x)
    with pytest.raises(TypeError, match='bogus'):
        imdb.load_data(bogus=1)


def test_imdb_maxlen_too_small(cache, monkeypatch):
    write_imdb(cache, monkeypatch, np.random.RandomState(6))
    with pytest.raises(ValueError, match='maxlen'):
        imdb.load_data(maxlen=1)


def test_imdb_equal_lengths_give_1d_object_array(cache, monkeypatch):
    x = np.empty(3, dtype=object)
    for i in range(3):
        x[i] = [i + 1, i + 2]
    np.savez(str(cache / 'imdb.npz'), x_train=x, y_train=np.arange(3),
             x_test=x, y_test=np.arange(3))
    monkeypatch.setattr(imdb, '_FILE_HASH', md5(cache / 'imdb.npz'))
    (x_train, _), _ = imdb.load_data(index_from=0, start_char=None)
    assert x_train.shape == (3,)
    # Default num_words is the largest index, itself out of vocabulary
    # (`w < num_words`), as in Keras 2.2.4.
    assert sorted(list(v) for v in x_train) == [[1, 2], [2, 3], [3, 2]]


def test_word_indexes(cache, monkeypatch, attempts):
    for module, name in ((imdb, 'imdb_word_index.json'),
                         (reuters, 'reuters_word_index.json')):
        with open(str(cache / name), 'w') as f:
            json.dump({'the': 1, 'and': 2}, f)
        monkeypatch.setattr(module, '_INDEX_HASH', md5(cache / name))
        assert module.get_word_index() == {'the': 1, 'and': 2}
    assert attempts == []


# -------------------------------------------------------------- Reuters

def test_reuters_split_and_indexing(cache, monkeypatch):
    rng = np.random.RandomState(8)
    xs = ragged(rng, 10, 1, 6, 40)
    ys = np.arange(10) % 46
    np.savez(str(cache / 'reuters.npz'), x=xs, y=ys)
    monkeypatch.setattr(reuters, '_FILE_HASH', md5(cache / 'reuters.npz'))
    (x_train, y_train), (x_test, y_test) = reuters.load_data(
        test_split=0.3, num_words=25, seed=11)
    assert len(x_train) == 7 and len(x_test) == 3
    np.random.seed(11)
    order = np.arange(10)
    np.random.shuffle(order)
    assert y_train.tolist() + y_test.tolist() == ys[order].tolist()
    expected = [[1] + [w + 3 if w + 3 < 25 else 2 for w in xs[k]]
                for k in order]
    assert [list(x) for x in x_train] + [list(x) for x in x_test] == expected


# --------------------------------------------------------------- Boston

def test_boston_housing_split(cache, monkeypatch):
    x = np.arange(50 * 13, dtype='float64').reshape(50, 13)
    y = np.arange(50, dtype='float64') * 0.5
    np.savez(str(cache / 'boston_housing.npz'), x=x, y=y)
    monkeypatch.setattr(boston_housing, '_FILE_HASH',
                        md5(cache / 'boston_housing.npz'))
    (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
    assert x_train.shape == (40, 13) and x_test.shape == (10, 13)
    np.random.seed(113)
    order = np.arange(50)
    np.random.shuffle(order)
    np.testing.assert_array_equal(x_train, x[order[:40]])
    np.testing.assert_array_equal(y_test, y[order[40:]])
    with pytest.raises(ValueError, match='test_split'):
        boston_housing.load_data(test_split=1.0)


def test_published_hashes_are_used(cache):
    # The real files are checked against the hashes Keras 2.2.4 published.
    assert mnist._FILE_HASH == '8a61469f7ea1b51cbae51d4f78837e45'
    assert imdb._FILE_HASH == '599dadb1135973df5b59232a0e9a887c'
    assert reuters._FILE_HASH == '87aedbeb0cb229e378797a632c1997b6'
    assert boston_housing._FILE_HASH.startswith('f553886a1f8d5643')
