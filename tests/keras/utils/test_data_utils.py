"""Tests of keras.utils.data_utils: get_file, validate_file, Sequence and the
enqueuers."""
import hashlib
import os
import tarfile
import threading
import zipfile

import numpy as np
import pytest
from six.moves.urllib.request import pathname2url

from keras.utils import data_utils
from keras.utils.data_utils import GeneratorEnqueuer
from keras.utils.data_utils import OrderedEnqueuer
from keras.utils.data_utils import Sequence
from keras.utils.data_utils import get_file
from keras.utils.data_utils import validate_file


def file_url(path):
    return 'file://' + pathname2url(os.path.abspath(path))


@pytest.fixture
def archive_dir(tmpdir):
    src = tmpdir.mkdir('src')
    text = src.join('payload.txt')
    text.write('hello keras')
    tar_path = str(tmpdir.join('payload.tar.gz'))
    with tarfile.open(tar_path, 'w:gz') as tar:
        tar.add(str(text), arcname='payload/payload.txt')
    zip_path = str(tmpdir.join('payload.zip'))
    with zipfile.ZipFile(zip_path, 'w') as z:
        z.write(str(text), arcname='zipped/payload.txt')
    return tmpdir, tar_path, zip_path, str(text)


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def md5(path):
    with open(path, 'rb') as f:
        return hashlib.md5(f.read()).hexdigest()


def test_validate_file(archive_dir):
    _, tar_path, _, _ = archive_dir
    assert validate_file(tar_path, sha256(tar_path))
    assert validate_file(tar_path, md5(tar_path))
    assert validate_file(tar_path, md5(tar_path), algorithm='md5')
    assert not validate_file(tar_path, '0' * 64)
    with pytest.raises(ValueError, match='hash_algorithm'):
        validate_file(tar_path, 'abc', algorithm='crc')


def test_get_file_download_cache_and_extract(archive_dir, monkeypatch):
    tmpdir, tar_path, zip_path, _ = archive_dir
    cache = str(tmpdir.join('cache'))
    path = get_file('payload.tar.gz', file_url(tar_path), cache_dir=cache,
                    file_hash=sha256(tar_path), extract=True)
    assert path == os.path.join(cache, 'datasets', 'payload.tar.gz')
    with open(os.path.join(cache, 'datasets', 'payload', 'payload.txt')) as f:
        assert f.read() == 'hello keras'
    # Cached: no download (the origin is gone).
    os.rename(tar_path, tar_path + '.moved')
    assert get_file('payload.tar.gz', file_url(tar_path), cache_dir=cache,
                    md5_hash=md5(tar_path + '.moved')) == path
    # untar (legacy)
    untarred = get_file('payload', file_url(tar_path + '.moved'), untar=True,
                        cache_dir=cache, cache_subdir='other')
    assert os.path.isdir(untarred)
    # zip, with KERAS_HOME as the cache root
    home = str(tmpdir.join('home'))
    monkeypatch.setenv('KERAS_HOME', home)
    path = get_file('payload.zip', file_url(zip_path), extract=True)
    assert path == os.path.join(home, 'datasets', 'payload.zip')
    assert os.path.exists(os.path.join(home, 'datasets', 'zipped', 'payload.txt'))


def test_get_file_hash_mismatch_and_redownload(archive_dir):
    tmpdir, tar_path, _, _ = archive_dir
    cache = str(tmpdir.join('cache'))
    with pytest.raises(ValueError, match='does not match the expected hash'):
        get_file('bad.tar.gz', file_url(tar_path), cache_dir=cache,
                 file_hash='0' * 64)
    assert not os.path.exists(os.path.join(cache, 'datasets', 'bad.tar.gz'))
    # A corrupt cached file is downloaded again.
    target = os.path.join(cache, 'datasets', 'good.tar.gz')
    with open(target, 'wb') as f:
        f.write(b'truncated')
    get_file('good.tar.gz', file_url(tar_path), cache_dir=cache,
             file_hash=sha256(tar_path))
    assert sha256(target) == sha256(tar_path)


def test_get_file_without_network_names_url_and_path(tmpdir):
    cache = str(tmpdir.join('cache'))
    url = 'http://127.0.0.1:9/nothing-here.h5'
    with pytest.raises(Exception) as info:
        get_file('weights.h5', url, cache_dir=cache, cache_subdir='models')
    message = str(info.value)
    assert url in message
    assert os.path.join(cache, 'models', 'weights.h5') in message
    assert not os.listdir(os.path.join(cache, 'models'))


def test_get_file_without_network_and_stale_cached_file_says_so(tmpdir):
    cache = str(tmpdir.join('cache'))
    os.makedirs(os.path.join(cache, 'models'))
    path = os.path.join(cache, 'models', 'weights.h5')
    with open(path, 'wb') as f:
        f.write(b'not the right file')
    url = 'http://127.0.0.1:9/nothing-here.h5'
    with pytest.raises(Exception) as info:
        get_file('weights.h5', url, cache_dir=cache, cache_subdir='models',
                 file_hash='0' * 64)
    message = str(info.value)
    assert path in message and 'does not match the expected sha256' in message


class Squares(Sequence):
    def __init__(self, n=10):
        self.n = n
        self.epochs = 0
        self.lock = threading.Lock()

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return np.array([i * i + 100 * self.epochs])

    def on_epoch_end(self):
        with self.lock:
            self.epochs += 1


def test_sequence_iteration():
    seq = Squares(4)
    assert [int(b[0]) for b in seq] == [0, 1, 4, 9]
    it = data_utils.iter_sequence_infinite(seq)
    assert [int(next(it)[0]) for _ in range(6)] == [0, 1, 4, 9, 0, 1]


@pytest.mark.parametrize('workers', [1, 3])
def test_ordered_enqueuer_order_and_epochs(workers):
    seq = Squares(5)
    enqueuer = OrderedEnqueuer(seq, use_multiprocessing=False)
    enqueuer.start(workers=workers, max_queue_size=3)
    gen = enqueuer.get()
    first = [int(next(gen)[0]) for _ in range(5)]
    second = [int(next(gen)[0]) for _ in range(5)]
    enqueuer.stop()
    assert first == [0, 1, 4, 9, 16]
    assert second == [100, 101, 104, 109, 116]  # on_epoch_end between epochs
    assert not enqueuer.is_running()


def test_ordered_enqueuer_shuffle_covers_epoch():
    np.random.seed(0)
    enqueuer = OrderedEnqueuer(Squares(20), shuffle=True)
    enqueuer.start(workers=2)
    gen = enqueuer.get()
    values = sorted(int(next(gen)[0]) for _ in range(20))
    enqueuer.stop()
    assert values == sorted(i * i for i in range(20))


def test_generator_enqueuer_finite_and_errors():
    enqueuer = GeneratorEnqueuer(iter([np.array([i]) for i in range(6)]))
    enqueuer.start(workers=1, max_queue_size=10)
    values = [int(v[0]) for v in enqueuer.get()]
    enqueuer.stop()
    assert values == list(range(6))

    def failing():
        yield np.array([1])
        raise IndexError('boom')
    enqueuer = GeneratorEnqueuer(failing())
    enqueuer.start(workers=1)
    gen = enqueuer.get()
    assert int(next(gen)[0]) == 1
    with pytest.raises(IndexError, match='boom'):
        next(gen)
    assert not enqueuer.is_running()


def test_ordered_enqueuer_propagates_errors():
    class Broken(Squares):
        def __getitem__(self, i):
            if i == 2:
                raise KeyError('bad batch')
            return np.array([i])
    enqueuer = OrderedEnqueuer(Broken(5))
    enqueuer.start(workers=1)
    gen = enqueuer.get()
    assert [int(next(gen)[0]) for _ in range(2)] == [0, 1]
    with pytest.raises(KeyError, match='bad batch'):
        next(gen)


def test_progbar_reexport():
    from keras.utils.generic_utils import Progbar
    assert data_utils.Progbar is Progbar
