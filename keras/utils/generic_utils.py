"""General-purpose helpers: custom objects, (de)serialization of Keras
objects, function marshalling, the progress bar and small list utilities.

This module imports nothing from the rest of the package at import time, so
every other module (backend, engine, layers) may import it freely.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import binascii
import codecs
import collections
import inspect
import marshal
import sys
import time
import types as python_types

import numpy as np

# Objects registered by the user (`get_custom_objects()[name] = obj`) or made
# visible temporarily by `CustomObjectScope`.
_GLOBAL_CUSTOM_OBJECTS = {}


class CustomObjectScope(object):
    """Context manager that makes custom objects visible to deserialization.

    Inside the `with` block, the names in the given dictionaries resolve to
    the given objects wherever Keras looks up a class or function by name
    (`load_model`, `model_from_json`, `activations.get('my_fn')`, ...).
    The previous global registry is restored on exit.

    # Arguments
        *args: dictionaries `{name: object}`.

    # Example

    ```python
    with CustomObjectScope({'MyLayer': MyLayer}):
        model = load_model('my_model.h5')
    ```
    """

    def __init__(self, *args):
        for arg in args:
            if not isinstance(arg, dict):
                raise TypeError('CustomObjectScope expects dictionaries '
                                '{name: object}; received: %r' % (arg,))
        self.custom_objects = args
        self.backup = None

    def __enter__(self):
        self.backup = dict(_GLOBAL_CUSTOM_OBJECTS)
        for objects in self.custom_objects:
            _GLOBAL_CUSTOM_OBJECTS.update(objects)
        return self

    def __exit__(self, *args, **kwargs):
        _GLOBAL_CUSTOM_OBJECTS.clear()
        _GLOBAL_CUSTOM_OBJECTS.update(self.backup)


def custom_object_scope(*args):
    """Returns a `CustomObjectScope` for the given dictionaries.

    # Arguments
        *args: dictionaries `{name: object}` to register inside the scope.

    # Returns
        A `CustomObjectScope`, to be used in a `with` statement.
    """
    return CustomObjectScope(*args)


def get_custom_objects():
    """Returns the global registry of custom objects (a mutable dict).

    Adding an entry, e.g. `get_custom_objects()['my_loss'] = my_loss`, makes
    the object resolvable by name everywhere, permanently.

    # Returns
        The global dictionary `{name: object}`.
    """
    return _GLOBAL_CUSTOM_OBJECTS


def serialize_keras_object(instance):
    """Turns a Keras object into something JSON-serializable.

    # Arguments
        instance: `None`, an object with a `get_config()` method (layer,
            initializer, regularizer, constraint, optimizer, ...), or a named
            function or class.

    # Returns
        `None`, a dict `{'class_name': ..., 'config': ...}` or the object's
        `__name__`.

    # Raises
        ValueError: if the object can be serialized in none of these ways.
    """
    if instance is None:
        return None
    if hasattr(instance, 'get_config'):
        return {
            'class_name': instance.__class__.__name__,
            'config': instance.get_config(),
        }
    if hasattr(instance, '__name__'):
        return instance.__name__
    raise ValueError('Cannot serialize %r: it has neither a `get_config()` '
                     'method nor a `__name__`.' % (instance,))


def _lookup(name, module_objects, custom_objects):
    """Finds `name` in the custom objects, the global registry, the module."""
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in _GLOBAL_CUSTOM_OBJECTS:
        return _GLOBAL_CUSTOM_OBJECTS[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None


def deserialize_keras_object(identifier,
                             module_objects=None,
                             custom_objects=None,
                             printable_module_name='object'):
    """Re-creates a Keras object from its serialized form.

    # Arguments
        identifier: a dict `{'class_name': ..., 'config': ...}` (as returned
            by `serialize_keras_object`) or a string naming a function or
            class.
        module_objects: dict of the objects the calling module provides by
            name (usually the module's `globals()`).
        custom_objects: optional dict of user objects; they take precedence
            over the global registry and the module's objects.
        printable_module_name: what kind of object is looked up, used in
            error messages (e.g. `'layer'`, `'loss function'`).

    # Returns
        For a dict: an instance built with the class's `from_config()` (or
        its constructor). For a string: the object registered under it.

    # Raises
        ValueError: for a malformed config, an unknown name, or an identifier
            that is neither a dict nor a string.
    """
    if isinstance(identifier, dict):
        config = identifier
        if 'class_name' not in config or 'config' not in config:
            raise ValueError('Improper config format for a serialized %s '
                             '(expected the keys "class_name" and "config"): '
                             '%s' % (printable_module_name, config))
        class_name = config['class_name']
        cls = _lookup(class_name, module_objects, custom_objects)
        if cls is None:
            raise ValueError('Unknown ' + printable_module_name + ': ' +
                             str(class_name))
        custom_objects = custom_objects or {}
        if hasattr(cls, 'from_config'):
            if has_arg(cls.from_config, 'custom_objects'):
                merged = dict(_GLOBAL_CUSTOM_OBJECTS)
                merged.update(custom_objects)
                return cls.from_config(config['config'],
                                       custom_objects=merged)
            with CustomObjectScope(custom_objects):
                return cls.from_config(config['config'])
        # No `from_config`: the config holds the constructor's arguments.
        with CustomObjectScope(custom_objects):
            return cls(**config['config'])
    if isinstance(identifier, str):
        obj = _lookup(identifier, module_objects, custom_objects)
        if obj is None:
            raise ValueError('Unknown ' + printable_module_name + ': ' +
                             identifier)
        return obj
    raise ValueError('Could not interpret serialized ' +
                     printable_module_name + ': ' + str(identifier))


def _make_cell(value):
    """Returns a closure cell holding `value` (works on Python 3.7+)."""
    def enclosing():
        return value
    return enclosing.__closure__[0]


_CELL_TYPE = type(_make_cell(None))


def func_dump(func):
    """Serializes a Python function (code, defaults, closure).

    # Arguments
        func: the function to serialize.

    # Returns
        A tuple `(code, defaults, closure)`: the marshalled bytecode encoded
        as a base64 ASCII string, the default argument values (or `None`)
        and the values captured by the closure (or `None`).
    """
    raw_code = marshal.dumps(func.__code__)
    code = codecs.encode(raw_code, 'base64').decode('ascii')
    defaults = func.__defaults__
    if func.__closure__:
        closure = tuple(cell.cell_contents for cell in func.__closure__)
    else:
        closure = None
    return code, defaults, closure


def _unmarshal_code(code):
    """The code object encoded in `code`: the base64 text `func_dump`
    writes, or the raw marshal string Keras 2.2.4 stored on Python 3
    (`marshal.dumps(code).decode('raw_unicode_escape')`)."""
    attempts = []
    try:
        attempts.append(codecs.decode(code.encode('ascii'), 'base64'))
    except (UnicodeEncodeError, binascii.Error):
        pass  # not base64 text: a raw marshal string
    attempts.append(code.encode('raw_unicode_escape'))
    for raw_code in attempts:
        try:
            loaded = marshal.loads(raw_code)
        except (ValueError, EOFError, TypeError):
            continue
        if isinstance(loaded, python_types.CodeType):
            return loaded
    raise ValueError('func_load: the code is neither the base64 text written '
                     'by func_dump nor a raw marshal string of a code object '
                     '(or it was written by another Python version).')


def func_load(code, defaults=None, closure=None, globs=None):
    """Re-creates a function serialized by `func_dump`.

    Unmarshalling bytecode executes code from its source: only load
    functions from trusted files.

    # Arguments
        code: the base64 string produced by `func_dump`, or the raw marshal
            string Keras 2.2.4 wrote on Python 3 (or the whole tuple
            `(code, defaults, closure)`).
        defaults: the default argument values (tuple or list), or `None`.
        closure: the closure values (tuple or list), or `None`.
        globs: the globals dict the function sees (default: this module's).

    # Returns
        The function.

    # Raises
        ValueError: if `code` cannot be decoded.
    """
    if isinstance(code, (tuple, list)):
        code, defaults, closure = code
    if isinstance(defaults, list):
        defaults = tuple(defaults)
    if closure is not None:
        closure = tuple(value if isinstance(value, _CELL_TYPE)
                        else _make_cell(value) for value in closure)
    code = _unmarshal_code(code)
    if globs is None:
        globs = globals()
    return python_types.FunctionType(code, globs, name=code.co_name,
                                     argdefs=defaults, closure=closure)


def has_arg(fn, name, accept_all=False):
    """Tells whether a callable accepts a given keyword argument.

    # Arguments
        fn: the callable to inspect.
        name: the argument name.
        accept_all: if `True`, a callable with a `**kwargs` parameter counts
            as accepting any name.

    # Returns
        A bool.
    """
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return False
    parameters = signature.parameters
    if accept_all and any(p.kind == inspect.Parameter.VAR_KEYWORD
                          for p in parameters.values()):
        return True
    parameter = parameters.get(name)
    if parameter is None:
        return False
    return parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                              inspect.Parameter.KEYWORD_ONLY)


def _format_eta(seconds):
    if seconds > 3600:
        return '%d:%02d:%02d' % (seconds // 3600, (seconds % 3600) // 60,
                                 seconds % 60)
    if seconds > 60:
        return '%d:%02d' % (seconds // 60, seconds % 60)
    return '%ds' % seconds


def _format_time_per_step(time_per_unit):
    if time_per_unit >= 1:
        return ' %.0fs/step' % time_per_unit
    if time_per_unit >= 1e-3:
        return ' %.0fms/step' % (time_per_unit * 1e3)
    return ' %.0fus/step' % (time_per_unit * 1e6)


class Progbar(object):
    """Text progress bar, as printed by `fit`, `evaluate` and `predict`.

    # Arguments
        target: total number of steps expected, or `None` if unknown.
        width: width of the bar, in characters.
        verbose: 0 (silent), 1 (bar redrawn as it advances) or 2 (one line
            when the target is reached).
        interval: minimum time, in seconds, between two redraws.
        stateful_metrics: names of the metrics that are shown as given,
            not averaged over the steps (e.g. metrics that are already
            averaged over the epoch).
    """

    def __init__(self, target, width=30, verbose=1, interval=0.05,
                 stateful_metrics=None):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.stateful_metrics = set(stateful_metrics or ())
        self._dynamic_display = ((hasattr(sys.stdout, 'isatty') and
                                  sys.stdout.isatty()) or
                                 'ipykernel' in sys.modules)
        self._total_width = 0
        self._seen_so_far = 0
        # name -> [weighted sum, weight]: the running average of a metric.
        self._values = collections.OrderedDict()
        self._start = time.time()
        self._last_update = 0

    def _accumulate(self, current, values):
        steps = current - self._seen_so_far
        for name, value in values:
            if name in self.stateful_metrics:
                # Shown as given (an average of one value).
                self._values[name] = [value, 1]
            elif name in self._values:
                self._values[name][0] += value * steps
                self._values[name][1] += steps
            else:
                self._values[name] = [value * steps, steps]
        self._seen_so_far = current

    def _average(self, name):
        total, count = self._values[name]
        return np.mean(total / max(1, count))

    def _bar(self, current):
        if self.target is None:
            return '%7d/Unknown' % current
        digits = int(np.floor(np.log10(self.target))) + 1 if self.target > 0 \
            else 1
        bar = ('%' + str(digits) + 'd/%d [') % (current, self.target)
        filled = int(self.width * float(current) / self.target) \
            if self.target > 0 else self.width
        if filled > 0:
            bar += '=' * (filled - 1)
            bar += '>' if current < self.target else '='
        bar += '.' * (self.width - filled)
        bar += ']'
        return bar

    def update(self, current, values=None):
        """Moves the bar to step `current`.

        # Arguments
            current: index of the current step (number of steps done).
            values: list of tuples `(name, value_for_last_step)`. Values of
                metrics not in `stateful_metrics` are averaged, weighted by
                the number of steps since the previous update.
        """
        self._accumulate(current, values or [])
        now = time.time()
        info = ' - %.0fs' % (now - self._start)
        finished = self.target is not None and current >= self.target

        if self.verbose == 1:
            if (now - self._last_update < self.interval and
                    self.target is not None and current < self.target):
                return
            previous_width = self._total_width
            if self._dynamic_display:
                sys.stdout.write('\b' * previous_width)
                sys.stdout.write('\r')
            else:
                sys.stdout.write('\n')
            bar = self._bar(current)
            self._total_width = len(bar)
            sys.stdout.write(bar)

            time_per_unit = (now - self._start) / current if current else 0
            if self.target is not None and current < self.target:
                eta = time_per_unit * (self.target - current)
                info = ' - ETA: %s' % _format_eta(eta)
            else:
                info += _format_time_per_step(time_per_unit)
            for name in self._values:
                average = self._average(name)
                if abs(average) > 1e-3:
                    info += ' - %s: %.4f' % (name, average)
                else:
                    info += ' - %s: %.4e' % (name, average)
            self._total_width += len(info)
            if previous_width > self._total_width:
                info += ' ' * (previous_width - self._total_width)
            if finished:
                info += '\n'
            sys.stdout.write(info)
            sys.stdout.flush()

        elif self.verbose == 2:
            if self.target is None or finished:
                for name in self._values:
                    average = self._average(name)
                    # Keras 2.2.4 compares the signed value here, so
                    # negative averages use the exponent format.
                    if average > 1e-3:
                        info += ' - %s: %.4f' % (name, average)
                    else:
                        info += ' - %s: %.4e' % (name, average)
                info += '\n'
                sys.stdout.write(info)
                sys.stdout.flush()

        self._last_update = now

    def add(self, n, values=None):
        """Advances the bar by `n` steps (see `update`).

        # Arguments
            n: number of steps done since the last call.
            values: list of tuples `(name, value_for_last_step)`, as in
                `update`.
        """
        self.update(self._seen_so_far + n, values)


def to_list(x, allow_tuple=False):
    """Wraps `x` in a list unless it already is one.

    # Arguments
        x: any object.
        allow_tuple: if `True`, a tuple is converted to a list instead of
            being wrapped.

    # Returns
        A list.
    """
    if isinstance(x, list):
        return x
    if allow_tuple and isinstance(x, tuple):
        return list(x)
    return [x]


def unpack_singleton(x):
    """Returns the only element of a one-element list/tuple, else `x`.

    # Arguments
        x: a list or tuple.

    # Returns
        `x[0]` if `len(x) == 1`, otherwise `x` unchanged.
    """
    if len(x) == 1:
        return x[0]
    return x


def object_list_uid(object_list):
    """Returns a string identifying a list of objects by their ids.

    # Arguments
        object_list: an object or a list of objects.

    # Returns
        The comma-separated ids.
    """
    return ', '.join(str(abs(id(obj))) for obj in to_list(object_list))


def is_all_none(iterable_or_element):
    """Tells whether an element, or every element of a list/tuple, is None.

    # Arguments
        iterable_or_element: an object, a list or a tuple.

    # Returns
        A bool.
    """
    return all(element is None
               for element in to_list(iterable_or_element, allow_tuple=True))


def slice_arrays(arrays, start=None, stop=None):
    """Slices an array or a list of arrays (`None` entries are kept).

    `start` may also be a list or array of indices (then `stop` is ignored);
    it is passed to the arrays as a list, which HDF5 datasets require.

    # Arguments
        arrays: a single array, a list of arrays (or `None`s), or `None`.
        start: start index, or an array-like of indices.
        stop: end index (exclusive) when `start` is an index.

    # Returns
        The sliced array, or the list of sliced arrays. `None` gives `[None]`.
    """
    if arrays is None:
        return [None]
    if hasattr(start, '__len__'):
        if hasattr(start, 'shape'):
            start = start.tolist()
        if isinstance(arrays, list):
            return [None if x is None else x[start] for x in arrays]
        return arrays[start]
    if isinstance(arrays, list):
        return [None if x is None else x[start:stop] for x in arrays]
    return arrays[start:stop]


def transpose_shape(shape, target_format, spatial_axes):
    """Converts a channels-last shape to the given data format.

    # Arguments
        shape: a tuple or list, in `channels_last` order
            (batch, spatial dims..., channels).
        target_format: `'channels_first'` or `'channels_last'`.
        spatial_axes: indices of the spatial dimensions in `shape`.

    # Returns
        The shape (same type as `shape`) in the target format.

    # Raises
        ValueError: if `target_format` is not one of the two formats.
    """
    if target_format == 'channels_first':
        new_shape = tuple(shape[:spatial_axes[0]])
        new_shape += (shape[-1],)
        new_shape += tuple(shape[axis] for axis in spatial_axes)
        if isinstance(shape, list):
            return list(new_shape)
        return new_shape
    if target_format == 'channels_last':
        return shape
    raise ValueError('The `data_format` argument must be one of '
                     '"channels_first", "channels_last". Received: ' +
                     str(target_format))
