"""Data helpers: downloading and caching files, ``Sequence`` and the enqueuers
that run data generation in background threads or processes."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import hashlib
import multiprocessing
import os
import random
import shutil
import sys
import tarfile
import threading
import time
import zipfile
from abc import abstractmethod
from contextlib import closing
from multiprocessing.pool import ThreadPool

import numpy as np
import six
from six.moves import queue
from six.moves.urllib.error import HTTPError
from six.moves.urllib.error import URLError
from six.moves.urllib.request import urlopen

from .generic_utils import Progbar


def urlretrieve(url, filename, reporthook=None, data=None):
    """Downloads ``url`` into the local file ``filename``.

    # Arguments
        url: the URL to fetch.
        filename: local path to write to.
        reporthook: optional ``f(block_count, block_size, total_size)``
            called after each block (``total_size`` is -1 when unknown).
        data: optional data to POST.
    """
    block_size = 8192
    response = urlopen(url, data)
    with closing(response):
        header = response.info().get('Content-Length')
        total_size = int(header.strip()) if header else -1
        count = 0
        with open(filename, 'wb') as fd:
            while True:
                chunk = response.read(block_size)
                count += 1
                if reporthook is not None:
                    reporthook(count, block_size, total_size)
                if not chunk:
                    break
                fd.write(chunk)


def _extract_archive(file_path, path='.', archive_format='auto'):
    """Extracts a tar or zip archive into ``path``.

    # Arguments
        file_path: the archive.
        path: the directory to extract into.
        archive_format: 'auto', 'tar', 'zip', None, or a list of them.

    # Returns
        True when the file was an archive of an accepted format and was
        extracted, False otherwise.
    """
    if archive_format is None:
        return False
    if archive_format == 'auto':
        archive_format = ['tar', 'zip']
    if isinstance(archive_format, six.string_types):
        archive_format = [archive_format]
    for kind in archive_format:
        if kind == 'tar':
            is_kind, opener = tarfile.is_tarfile, tarfile.open
        elif kind == 'zip':
            is_kind, opener = zipfile.is_zipfile, zipfile.ZipFile
        else:
            raise ValueError('archive_format: unknown format %r; accepted: '
                             '"auto", "tar", "zip", None.' % (kind,))
        if not is_kind(file_path):
            continue
        with opener(file_path) as archive:
            try:
                if kind == 'tar':
                    _safe_tar_extract(archive, path)
                else:
                    archive.extractall(path)
            except (tarfile.TarError, RuntimeError, KeyboardInterrupt):
                if os.path.exists(path):
                    if os.path.isfile(path):
                        os.remove(path)
                    else:
                        shutil.rmtree(path)
                raise
        return True
    return False


def _safe_tar_extract(archive, path):
    base = os.path.realpath(path)
    for member in archive.getmembers():
        target = os.path.realpath(os.path.join(path, member.name))
        if target != base and not target.startswith(base + os.sep):
            raise RuntimeError('Refusing to extract %r: it points outside '
                               'the target directory %r.' % (member.name, path))
    if hasattr(tarfile, 'data_filter'):
        # Python 3.12+ (and security back-ports): no links out, no devices.
        archive.extractall(path, filter='data')
    else:
        archive.extractall(path)


def _cache_root(cache_dir):
    if cache_dir is not None:
        return os.path.expanduser(cache_dir)
    if 'KERAS_HOME' in os.environ:
        return os.environ['KERAS_HOME']
    return os.path.join(os.path.expanduser('~'), '.keras')


def get_file(fname,
             origin,
             untar=False,
             md5_hash=None,
             file_hash=None,
             cache_subdir='datasets',
             hash_algorithm='auto',
             extract=False,
             archive_format='auto',
             cache_dir=None):
    """Returns the local path of a file, downloading it first if it is not
    in the cache.

    The cache is ``cache_dir`` when given, else ``$KERAS_HOME`` when set,
    else ``~/.keras``; files go to its ``cache_subdir`` sub-directory (falling
    back to ``/tmp/.keras`` when that directory cannot be written).

    # Arguments
        fname: name of the file. An absolute path is used as is.
        origin: URL of the file.
        untar: deprecated, use ``extract``. Extracts the tar archive and
            returns the path of the extracted directory ``fname``.
        md5_hash: deprecated, use ``file_hash``: MD5 of the file.
        file_hash: expected SHA-256 or MD5 hash of the file.
        cache_subdir: sub-directory of the cache. An absolute path is used
            as is.
        hash_algorithm: 'md5', 'sha256' or 'auto' (guessed from the hash length).
        extract: extract the file when it is a tar or zip archive.
        archive_format: 'auto', 'tar', 'zip' or None (see ``extract``).
        cache_dir: root of the cache.

    # Returns
        The path to the file (or to the extracted directory with ``untar``).

    # Raises
        Exception: when the download fails (the message gives the URL and the
            local path at which to place the file by hand).
        ValueError: when the downloaded file does not match ``file_hash``.
    """
    cache_root = _cache_root(cache_dir)
    if md5_hash is not None and file_hash is None:
        file_hash = md5_hash
        hash_algorithm = 'md5'
    datadir_base = os.path.expanduser(cache_root)
    if not os.access(datadir_base, os.W_OK) and os.path.exists(datadir_base):
        datadir_base = os.path.join('/tmp', '.keras')
    datadir = os.path.join(datadir_base, cache_subdir)
    if not os.path.exists(datadir):
        try:
            os.makedirs(datadir)
        except OSError:
            if not os.path.isdir(datadir):
                datadir_base = os.path.join('/tmp', '.keras')
                datadir = os.path.join(datadir_base, cache_subdir)
                if not os.path.isdir(datadir):
                    os.makedirs(datadir)

    if untar:
        untar_fpath = os.path.join(datadir, fname)
        fpath = untar_fpath + '.tar.gz'
    else:
        fpath = os.path.join(datadir, fname)

    download = False
    stale = ''
    if os.path.exists(fpath):
        if file_hash is not None and not validate_file(fpath, file_hash,
                                                       algorithm=hash_algorithm):
            print('A local file was found, but it seems to be incomplete or '
                  'outdated because its %s hash does not match the expected '
                  'value %s, so it is downloaded again.'
                  % (_resolve_algorithm(hash_algorithm, file_hash), file_hash))
            download = True
            stale = (' (the file already there does not match the expected '
                     '%s hash %s: replace it with the right one)'
                     % (_resolve_algorithm(hash_algorithm, file_hash), file_hash))
    else:
        download = True

    if download:
        print('Downloading data from', origin)
        progress = [None]

        def report(count, block_size, total_size):
            if progress[0] is None:
                progress[0] = Progbar(total_size if total_size != -1 else None)
            progress[0].update(count * block_size if total_size == -1
                               else min(count * block_size, total_size))

        partial = fpath + '.part'
        try:
            try:
                urlretrieve(origin, partial, report)
            except HTTPError as e:
                raise Exception('Could not download %s (HTTP error %s: %s). '
                                'Without network access, place the file at '
                                '%s by hand%s.' % (origin, e.code, e.msg, fpath,
                                                   stale))
            except (URLError, OSError) as e:
                raise Exception('Could not download %s (%s). Without network '
                                'access, place the file at %s by hand%s.'
                                % (origin, getattr(e, 'reason', e), fpath, stale))
            os.rename(partial, fpath)
        except (Exception, KeyboardInterrupt):
            if os.path.exists(partial):
                os.remove(partial)
            raise
        if file_hash is not None and not validate_file(fpath, file_hash,
                                                       algorithm=hash_algorithm):
            os.remove(fpath)
            raise ValueError('The file downloaded from %s does not match the '
                             'expected hash %s; it was removed.'
                             % (origin, file_hash))

    if untar:
        if not os.path.exists(untar_fpath):
            _extract_archive(fpath, datadir, archive_format='tar')
        return untar_fpath
    if extract:
        _extract_archive(fpath, datadir, archive_format)
    return fpath


def _resolve_algorithm(algorithm, file_hash):
    if algorithm == 'sha256' or (algorithm == 'auto' and len(file_hash) == 64):
        return 'sha256'
    if algorithm not in ('auto', 'md5', 'sha256'):
        raise ValueError('hash_algorithm must be "auto", "md5" or "sha256", '
                         'got %r.' % (algorithm,))
    return 'md5'


def _hash_file(fpath, algorithm='sha256', chunk_size=65535):
    """The hex digest of a file ('sha256', 'md5' or 'auto' = sha256)."""
    if algorithm in ('sha256', 'auto'):
        hasher = hashlib.sha256()
    else:
        hasher = hashlib.md5()
    with open(fpath, 'rb') as f:
        for chunk in iter(lambda: f.read(chunk_size), b''):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm='auto', chunk_size=65535):
    """Checks a file against an expected hash.

    # Arguments
        fpath: path of the file.
        file_hash: the expected SHA-256 or MD5 hex digest.
        algorithm: 'sha256', 'md5' or 'auto' (SHA-256 for a 64-character
            hash, MD5 otherwise).
        chunk_size: bytes read at a time.

    # Returns
        Whether the file matches.
    """
    algorithm = _resolve_algorithm(algorithm, str(file_hash))
    return str(_hash_file(fpath, algorithm, chunk_size)) == str(file_hash)


class Sequence(object):
    """Base class for datasets read batch by batch, for ``fit_generator``.

    Implement ``__getitem__`` (returns one complete batch) and ``__len__``
    (the number of batches); optionally ``on_epoch_end``. Unlike a Python
    generator, a ``Sequence`` is safe to use with several workers and
    processes: each batch is read exactly once per epoch.

    # Example

    ```python
    class Batches(Sequence):
        def __init__(self, x, y, batch_size):
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):
            return int(np.ceil(len(self.x) / float(self.batch_size)))

        def __getitem__(self, idx):
            s = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
            return self.x[s], self.y[s]
    ```
    """

    use_sequence_api = True

    @abstractmethod
    def __getitem__(self, index):
        """Returns batch number ``index``."""
        raise NotImplementedError

    @abstractmethod
    def __len__(self):
        """Returns the number of batches of one epoch."""
        raise NotImplementedError

    def on_epoch_end(self):
        """Called at the end of every epoch (e.g. to shuffle)."""
        pass

    def __iter__(self):
        """Iterates over the batches of one epoch."""
        for index in range(len(self)):
            yield self[index]


def iter_sequence_infinite(seq):
    """Cycles over a ``Sequence`` forever (epoch after epoch).

    # Arguments
        seq: a ``Sequence`` (or any iterable that can be iterated again).

    # Returns
        A generator of the items of ``seq``, from the first again after the
        last.
    """
    while True:
        for item in seq:
            yield item


# Objects shared with the worker processes/threads, indexed by enqueuer uid.
_SHARED_SEQUENCES = {}
# Source of the enqueuers' uids.
_SEQUENCE_COUNTER = None


def init_pool(seqs):
    """Initializer of the worker processes of an ``OrderedEnqueuer``.

    # Arguments
        seqs: dict {enqueuer id: ``Sequence``}, installed as the worker's
            shared table.
    """
    global _SHARED_SEQUENCES
    _SHARED_SEQUENCES = seqs


def get_index(uid, i):
    """Item ``i`` of the sequence of the enqueuer ``uid`` (run in a worker).

    # Arguments
        uid: int, the id of the enqueuer (key of its sequence in the worker's
            shared table).
        i: int, the index of the item.

    # Returns
        ``sequence[i]``.
    """
    return _SHARED_SEQUENCES[uid][i]


def init_pool_generator(gens, random_seed=None):
    """Initializer of the worker processes of a ``GeneratorEnqueuer``; seeds
    NumPy's and Python's generators so that workers do not repeat each other.

    # Arguments
        gens: dict {enqueuer id: generator}, installed as the worker's shared
            table.
        random_seed: optional int; each worker seeds with it plus its process
            id (modulo 2 ** 16). Without it, nothing is seeded.
    """
    global _SHARED_SEQUENCES
    _SHARED_SEQUENCES = gens
    if random_seed is not None:
        ident = multiprocessing.current_process().ident or 0
        np.random.seed(random_seed + ident % (2 ** 16))
        random.seed(random_seed + ident % (2 ** 16))


def next_sample(uid):
    """The next item of the generator of the enqueuer ``uid`` (run in a
    worker).

    # Arguments
        uid: int, the id of the enqueuer (key of its generator in the
            worker's shared table).

    # Returns
        The generator's next item.

    # Raises
        StopIteration: when the generator is exhausted.
    """
    return six.next(_SHARED_SEQUENCES[uid])


def _process_context():
    # Enqueuers share their objects with the workers by forking (generators
    # cannot be pickled); use fork explicitly where it exists.
    if 'fork' in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context('fork')
    return multiprocessing.get_context()


class SequenceEnqueuer(object):
    """Base class of the objects that fill a queue from a ``Sequence`` or a
    generator in background workers.

    # Arguments
        sequence: a ``keras.utils.Sequence`` or a generator.
        use_multiprocessing: use processes instead of threads.

    # Example

    ```python
    enqueuer = OrderedEnqueuer(sequence)
    enqueuer.start(workers=2, max_queue_size=10)
    batches = enqueuer.get()
    for _ in range(steps):
        x, y = next(batches)
    enqueuer.stop()
    ```
    """

    def __init__(self, sequence, use_multiprocessing=False):
        self.sequence = sequence
        self.use_multiprocessing = use_multiprocessing

        global _SEQUENCE_COUNTER
        if _SEQUENCE_COUNTER is None:
            try:
                _SEQUENCE_COUNTER = multiprocessing.Value('i', 0)
            except OSError:
                # No shared memory (e.g. some sandboxes): a plain counter.
                _SEQUENCE_COUNTER = 0
        if isinstance(_SEQUENCE_COUNTER, int):
            self.uid = _SEQUENCE_COUNTER
            _SEQUENCE_COUNTER += 1
        else:
            with _SEQUENCE_COUNTER.get_lock():
                self.uid = _SEQUENCE_COUNTER.value
                _SEQUENCE_COUNTER.value += 1

        self.workers = 0
        self.executor_fn = None
        self.queue = None
        self.run_thread = None
        self.stop_signal = None

    def is_running(self):
        """Whether the enqueuer has been started and not stopped."""
        return self.stop_signal is not None and not self.stop_signal.is_set()

    def start(self, workers=1, max_queue_size=10):
        """Starts the background thread that fills the queue.

        # Arguments
            workers: number of worker threads or processes.
            max_queue_size: capacity of the queue.
        """
        if self.use_multiprocessing:
            self.executor_fn = self._get_executor_init(workers)
        else:
            self.executor_fn = lambda _: ThreadPool(workers)
        self.workers = workers
        self.queue = queue.Queue(max_queue_size)
        self.stop_signal = threading.Event()
        self.run_thread = threading.Thread(target=self._run)
        self.run_thread.daemon = True
        self.run_thread.start()

    def _send_sequence(self):
        """Publishes ``self.sequence`` to the workers created from now on."""
        _SHARED_SEQUENCES[self.uid] = self.sequence

    def stop(self, timeout=None):
        """Stops the background work and waits for the filling thread.

        # Arguments
            timeout: seconds to wait for the thread (None: no limit).
        """
        if self.stop_signal is None:
            return
        self.stop_signal.set()
        with self.queue.mutex:
            self.queue.queue.clear()
            self.queue.unfinished_tasks = 0
            self.queue.not_full.notify()
        self.run_thread.join(timeout)
        _SHARED_SEQUENCES.pop(self.uid, None)

    @abstractmethod
    def _run(self):
        raise NotImplementedError

    @abstractmethod
    def _get_executor_init(self, workers):
        raise NotImplementedError

    @abstractmethod
    def get(self):
        """A generator yielding the queued items; stops when the enqueuer
        stops."""
        raise NotImplementedError


class OrderedEnqueuer(SequenceEnqueuer):
    """Reads a ``Sequence`` in background workers and yields its batches in
    order (or in a shuffled order each epoch), each exactly once per epoch.

    # Arguments
        sequence: a ``keras.utils.data_utils.Sequence``.
        use_multiprocessing: use processes instead of threads.
        shuffle: shuffle the batch order at every epoch.
    """

    def __init__(self, sequence, use_multiprocessing=False, shuffle=False):
        super(OrderedEnqueuer, self).__init__(sequence, use_multiprocessing)
        self.shuffle = shuffle

    def _get_executor_init(self, workers):
        def pool_fn(seqs):
            return _process_context().Pool(workers, initializer=init_pool,
                                           initargs=(seqs,))
        return pool_fn

    def _wait_queue(self):
        """Waits until the consumer took every queued item (or stop)."""
        while True:
            time.sleep(0.01)
            if self.queue.unfinished_tasks == 0 or self.stop_signal.is_set():
                return

    def _run(self):
        order = list(range(len(self.sequence)))
        self._send_sequence()
        while True:
            if self.shuffle:
                random.shuffle(order)
            with closing(self.executor_fn(_SHARED_SEQUENCES)) as executor:
                for i in order:
                    if self.stop_signal.is_set():
                        return
                    self.queue.put(executor.apply_async(get_index, (self.uid, i)),
                                   block=True)
                self._wait_queue()
                if self.stop_signal.is_set():
                    return
            self.sequence.on_epoch_end()
            self._send_sequence()

    def get(self):
        try:
            while self.is_running():
                item = self.queue.get(block=True).get()
                self.queue.task_done()
                if item is not None:
                    yield item
        except Exception:
            self.stop()
            six.reraise(*sys.exc_info())


class GeneratorEnqueuer(SequenceEnqueuer):
    """Runs a Python generator in background workers and queues its items.

    With ``use_multiprocessing=False`` and several workers, the generator
    must be thread-safe; with processes every worker gets a copy of it (so
    items can repeat; prefer a ``Sequence``).

    # Arguments
        sequence: a generator.
        use_multiprocessing: use processes instead of threads.
        wait_time: unused, kept for compatibility.
        random_seed: seed of the workers' random generators.
    """

    def __init__(self, sequence, use_multiprocessing=False, wait_time=None,
                 random_seed=None):
        super(GeneratorEnqueuer, self).__init__(sequence, use_multiprocessing)
        self.random_seed = random_seed
        self.wait_time = wait_time

    def _get_executor_init(self, workers):
        def pool_fn(seqs):
            return _process_context().Pool(
                workers, initializer=init_pool_generator,
                initargs=(seqs, self.random_seed))
        return pool_fn

    def _run(self):
        self._send_sequence()
        with closing(self.executor_fn(_SHARED_SEQUENCES)) as executor:
            while True:
                if self.stop_signal.is_set():
                    return
                self.queue.put(executor.apply_async(next_sample, (self.uid,)),
                               block=True)

    def get(self):
        try:
            while self.is_running():
                item = self.queue.get(block=True).get()
                self.queue.task_done()
                if item is not None:
                    yield item
        except StopIteration:
            # A finite generator is exhausted: deliver what is already queued.
            pending = []
            while self.queue.qsize() > 0:
                pending.append(self.queue.get(block=True))
            for future in pending:
                future.wait()
            for future in pending:
                if future.successful():
                    item = future.get()
                    if item is not None:
                        yield item
        except Exception as e:
            self.stop()
            if 'generator already executing' in str(e):
                raise RuntimeError(
                    'Your generator is not thread-safe: with '
                    '`use_multiprocessing=False` and `workers > 1`, Keras needs '
                    'a thread-safe generator (or use a keras.utils.Sequence).')
            six.reraise(*sys.exc_info())
