"""Input/output utilities: `HDF5Matrix`, `H5Dict` / `h5dict`,
`ask_to_proceed_with_overwrite`, and the helpers that write and read list
attributes too large for one HDF5 object header."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import collections
import os
import pickle

import numpy as np
import six

try:
    import h5py
except ImportError:  # h5py is optional until something needs it.
    h5py = None

try:
    from collections.abc import Mapping
except ImportError:  # Python 2 layout, never used on 3.7+.
    from collections import Mapping


# An HDF5 object header holds at most 64 KiB of messages; attributes are
# stored there, so list attributes above this size are split into chunks
# named `<name>0`, `<name>1`, ... (as Keras 2.2.4 did).
HDF5_OBJECT_HEADER_LIMIT = 64512


def _is_h5_group(obj):
    """True for h5py `File` and `Group` objects (which are also Mappings)."""
    return h5py is not None and isinstance(obj, h5py.Group)


def _is_file_like(obj):
    """True for binary file-like objects h5py can read and write
    (`io.BytesIO`, files opened in `'w+b'`/`'r+b'`/`'rb'` mode)."""
    return hasattr(obj, 'read') and hasattr(obj, 'seek') and \
        not isinstance(obj, Mapping)


def _require_h5py():
    if h5py is None:
        raise ImportError('h5py is required to read and write HDF5 files: '
                          '`pip install h5py`.')


def as_text(value):
    """Decodes an HDF5 attribute value to `str` (h5py 2.x returns `bytes`,
    h5py 3.x `str`); arrays and lists are decoded element-wise.

    # Arguments
        value: `bytes`, `str`, NumPy string scalar or array, or list of them.

    # Returns
        A `str`, or a list of `str` for array/list input.
    """
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode('utf8')
    if isinstance(value, six.string_types):
        return str(value)
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return as_text(value.item())
        return [as_text(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [as_text(v) for v in value]
    return value


def save_attributes_to_hdf5_group(group, name, data):
    """Writes a list of strings as attribute `name` of an HDF5 group,
    splitting it into chunks `name0`, `name1`, ... when it does not fit in
    one object header.

    # Arguments
        group: an h5py `Group` or `File`.
        name: attribute name.
        data: list of `str` or `bytes`.

    # Raises
        RuntimeError: if a single item is larger than
            `HDF5_OBJECT_HEADER_LIMIT` bytes (no chunking can store it).
    """
    encoded = [d.encode('utf8') if isinstance(d, six.text_type) else bytes(d)
               for d in data]
    too_big = [d for d in encoded if len(d) > HDF5_OBJECT_HEADER_LIMIT]
    if too_big:
        raise RuntimeError('Cannot save attribute %r of %r: items longer than '
                           '%d bytes cannot be stored in an HDF5 attribute '
                           '(first one: %r...).'
                           % (name, group.name, HDF5_OBJECT_HEADER_LIMIT,
                              too_big[0][:60]))
    # Remove an earlier value (plain or chunked) so that no stale chunk
    # survives next to the new one.
    for key in list(group.attrs.keys()):
        key = as_text(key)
        if key == name or (key.startswith(name) and key[len(name):].isdigit()):
            del group.attrs[key]
    array = np.array(encoded) if encoded else np.array([], dtype='S1')
    num_chunks = 1
    chunks = np.array_split(array, num_chunks)
    while any(c.nbytes > HDF5_OBJECT_HEADER_LIMIT for c in chunks):
        num_chunks += 1
        chunks = np.array_split(array, num_chunks)
    if num_chunks > 1:
        for index, chunk in enumerate(chunks):
            group.attrs['%s%d' % (name, index)] = chunk
    else:
        group.attrs[name] = array


def load_attributes_from_hdf5_group(group, name):
    """Reads a list-of-strings attribute written by
    `save_attributes_to_hdf5_group` (plain or chunked).

    # Arguments
        group: an h5py `Group` or `File`.
        name: attribute name.

    # Returns
        A list of `str`.

    # Raises
        KeyError: if the group has neither `name` nor `name0`.
    """
    if name in group.attrs:
        return _as_list(group.attrs[name])
    if '%s0' % name not in group.attrs:
        raise KeyError('HDF5 group %r has no attribute %r.' % (group.name, name))
    data = []
    index = 0
    while '%s%d' % (name, index) in group.attrs:
        data.extend(_as_list(group.attrs['%s%d' % (name, index)]))
        index += 1
    return data


def _as_list(value):
    text = as_text(value)
    if isinstance(text, list):
        return text
    return [text]


def ask_to_proceed_with_overwrite(filepath):
    """Asks on the console whether to overwrite `filepath`.

    # Arguments
        filepath: the path of the existing file.

    # Returns
        True to overwrite, False to keep the file.
    """
    overwrite = six.moves.input('[WARNING] %s already exists - overwrite? '
                                '[y/n]' % filepath)
    while overwrite not in ('y', 'n'):
        overwrite = six.moves.input('Enter "y" (overwrite) or "n" (cancel).')
    if overwrite == 'n':
        return False
    print('[TIP] Next time specify overwrite=True!')
    return True


class HDF5Matrix(object):
    """A NumPy-like view of an HDF5 dataset, usable as model input.

    Rows `start` (included) to `end` (excluded) of `dataset` in file
    `datapath` are exposed; indexing with an int, a slice, a list or an
    array of indices reads only the rows asked for. Files are opened once
    and shared by all matrices reading from the same path (opened again
    when the path has since been replaced by another file).

    # Arguments
        datapath: path of the HDF5 file.
        dataset: name of the dataset in the file.
        start: first row.
        end: one past the last row (default: the whole dataset).
        normalizer: function applied to the data each time it is read.

    # Returns
        An array-like object with `shape`, `dtype`, `ndim`, `size` and
        indexing.

    # Raises
        IndexError: for rows outside `[start, end)`.
    """

    refs = collections.defaultdict(int)
    # `os.stat` of each file in `refs` when it was opened.
    _ref_stats = {}

    def __init__(self, datapath, dataset, start=0, end=None, normalizer=None):
        _require_h5py()
        f = self._open(datapath)
        if dataset not in f:
            raise KeyError('HDF5Matrix: file %r has no dataset %r (it has: %s).'
                           % (datapath, dataset, ', '.join(sorted(f.keys()))))
        self.data = f[dataset]
        self.start = start
        if end is None:
            self.end = self.data.shape[0]
        else:
            self.end = end
        self.normalizer = normalizer
        if self.normalizer is not None:
            first_val = self.normalizer(self.data[0:1])
        else:
            first_val = self.data[0:1]
        self._base_shape = first_val.shape[1:]
        self._base_dtype = first_val.dtype

    @classmethod
    def _open(cls, datapath):
        """The shared read-only h5py `File` of `datapath`, reopened when the
        cached one was closed or the path now holds another file."""
        now = os.stat(datapath)
        now = (now.st_dev, now.st_ino, now.st_size, now.st_mtime)
        f = cls.refs.get(datapath)
        if not f or cls._ref_stats.get(datapath) != now:
            f = h5py.File(datapath, 'r')
            cls.refs[datapath] = f
            cls._ref_stats[datapath] = now
        return f

    def __len__(self):
        return self.end - self.start

    def _check_row(self, row, key):
        if not self.start <= row < self.end:
            raise IndexError('HDF5Matrix index %r out of range: the matrix has '
                             '%d rows.' % (key, len(self)))

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.start, key.stop, key.step
            if start is None:
                start = 0
            if stop is None:
                stop = len(self)
            if start < 0:
                start += len(self)
            if stop < 0:
                stop += len(self)
            if stop + self.start <= self.end and start >= 0:
                idx = slice(start + self.start, stop + self.start, step)
            else:
                raise IndexError('HDF5Matrix slice %r out of range: the matrix '
                                 'has %d rows.' % (key, len(self)))
        elif isinstance(key, (int, np.integer)):
            key = int(key)
            if key < 0:
                key += len(self)
            idx = key + self.start
            self._check_row(idx, key)
        elif isinstance(key, np.ndarray) or isinstance(key, list):
            rows = (np.asarray(key, dtype='int64') + self.start).tolist()
            for row in rows:
                self._check_row(row, key)
            if rows and (np.diff(rows) > 0).all():
                idx = rows
            else:
                # h5py wants increasing indices: read sorted, put back in order.
                unique, inverse = np.unique(rows, return_inverse=True)
                values = self.data[unique.tolist()]
                values = values[inverse]
                if self.normalizer is not None:
                    return self.normalizer(values)
                return values
        else:
            raise IndexError('HDF5Matrix indices must be ints, slices, lists '
                             'or arrays of ints; got %r.' % (key,))
        if self.normalizer is not None:
            return self.normalizer(self.data[idx])
        return self.data[idx]

    @property
    def shape(self):
        """Shape of the (normalized) matrix: `(end - start,) + row shape`."""
        return (self.end - self.start,) + self._base_shape

    @property
    def dtype(self):
        """Data type of the (normalized) rows."""
        return self._base_dtype

    @property
    def ndim(self):
        """Number of dimensions."""
        return len(self.shape)

    @property
    def size(self):
        """Total number of elements."""
        return int(np.prod(self.shape))


class H5Dict(object):
    """A dict-like view of an HDF5 group (or of a plain dict), as used by
    the model saving code.

    Strings, numbers and lists of strings are stored as attributes (lists
    too large for one object header are chunked); NumPy arrays as datasets;
    reading a missing key in a writable dict creates a sub-group.

    String attributes are read as `str` (or lists of `str`) whether h5py
    returns them as `bytes` (h5py 2.10) or `str` (h5py 3.x).

    # Arguments
        path: a file path or a binary file-like object (opened as an HDF5
            file here and closed by `close()`; a file-like object itself
            stays open), an open `h5py.File` or `h5py.Group` (not closed by
            `close()`), or a `dict` (in-memory storage, used for
            pickling).
        mode: `'a'`, `'r'` or `'w'` (for a path); `'r'` makes the view
            read-only for any kind of `path`.

    # Raises
        TypeError: for any other kind of `path`.
    """

    def __init__(self, path, mode='a'):
        if _is_h5_group(path):
            self.data = path
            self._is_file = False
        elif isinstance(path, Mapping):
            self.data = path
            self._is_file = False
        elif isinstance(path, six.string_types) or \
                hasattr(path, '__fspath__') or _is_file_like(path):
            _require_h5py()
            self.data = h5py.File(path, mode)
            self._is_file = True
        else:
            raise TypeError('H5Dict requires a file path, a binary file-like '
                            'object, an h5py File or Group, or a dict; '
                            'received %r.' % (path,))
        self.read_only = mode == 'r'

    @staticmethod
    def is_supported_type(path):
        """True for the kinds of `path` `H5Dict` accepts.

        # Arguments
            path: a value to test: a path (string or path-like object), a
                dict-like mapping, a file-like object or an `h5py.Group` are
                accepted.

        # Returns
            A bool.
        """
        return (isinstance(path, six.string_types) or
                hasattr(path, '__fspath__') or
                isinstance(path, Mapping) or _is_file_like(path) or
                (h5py is not None and isinstance(path, h5py.Group)))

    def _in_memory(self):
        return not _is_h5_group(self.data)

    def __setitem__(self, attr, val):
        if self.read_only:
            raise ValueError('Cannot set item %r: this H5Dict is read-only.'
                             % (attr,))
        attr = as_text(attr)
        is_array = type(val).__module__ == np.__name__
        if self._in_memory():
            if is_array:
                self.data[attr] = pickle.dumps(val)
                self.data['_%s_pickled' % attr] = True
            else:
                self.data[attr] = val
            return
        if attr in self.data:
            raise KeyError('Cannot set attribute %r: a group or dataset with '
                           'that name exists.' % attr)
        if is_array:
            val = np.asarray(val)
            dataset = self.data.create_dataset(attr, val.shape, dtype=val.dtype)
            if not val.shape:
                dataset[()] = val
            else:
                dataset[:] = val
        elif isinstance(val, (list, tuple)):
            save_attributes_to_hdf5_group(self.data, attr, val)
        else:
            self.data.attrs[attr] = val

    def __getitem__(self, attr):
        attr = as_text(attr)
        if self._in_memory():
            if attr in self.data:
                val = self.data[attr]
                if self.data.get('_%s_pickled' % attr):
                    val = pickle.loads(val)
                elif isinstance(val, Mapping):
                    val = H5Dict(val, mode='r' if self.read_only else 'a')
                return val
            if self.read_only:
                raise KeyError('H5Dict has no key %r.' % attr)
            self.data[attr] = {}
            return H5Dict(self.data[attr])
        if attr in self.data.attrs:
            val = self.data.attrs[attr]
            # h5py 2.10 returns strings as bytes, h5py 3.x as str (or
            # NumPy bytes for fixed-length strings): always give str.
            if isinstance(val, (bytes, np.bytes_)) or (
                    isinstance(val, np.ndarray) and
                    val.dtype.kind in ('S', 'O', 'U')):
                val = as_text(val)
            return val
        if attr in self.data:
            val = self.data[attr]
            if isinstance(val, h5py.Dataset):
                return np.asarray(val)
            return H5Dict(val, mode='r' if self.read_only else 'a')
        if '%s0' % attr in self.data.attrs:
            return load_attributes_from_hdf5_group(self.data, attr)
        if self.read_only:
            raise KeyError('HDF5 group %r has no attribute, group or dataset %r.'
                           % (self.data.name, attr))
        return H5Dict(self.data.create_group(attr))

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        return iter(self.data)

    def iter(self):
        """Iterates over the keys (groups and datasets; for a dict, keys)."""
        return iter(self.data)

    def keys(self):
        """The keys (groups and datasets; for a dict, its keys)."""
        return self.data.keys()

    def __contains__(self, key):
        key = as_text(key)
        if self._in_memory():
            return key in self.data
        return (key in self.data or key in self.data.attrs or
                '%s0' % key in self.data.attrs)

    def get(self, key, default=None):
        """`self[key]` if `key` exists, else `default`.

        # Arguments
            key: the name of an attribute, dataset or group.
            default: what to return when there is none.

        # Returns
            The value (an attribute's value, an array for a dataset, an
            `H5Dict` for a group), or `default`.
        """
        if key in self:
            return self[key]
        return default

    def update(self, *args):
        """Sets several items, as `dict.update`."""
        if self._in_memory():
            self.data.update(*args)
            return
        for arg in args:
            items = arg.items() if isinstance(arg, Mapping) else arg
            for key, value in items:
                self[key] = value

    def flush(self):
        """Flushes the underlying file (no-op for dicts)."""
        if hasattr(self.data, 'flush'):
            self.data.flush()

    def close(self):
        """Closes the file when this object opened it."""
        if self._is_file and self.data:
            self.data.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()


h5dict = H5Dict
