"""Safe mode: whether a `Lambda` layer may be rebuilt from Python bytecode
found in a config (doing so runs code that comes from a file or string).

`load_model`, `model_from_json`, `model_from_yaml`, `model_from_config` and
`layers.deserialize` enter `safe_mode_scope(safe_mode)`;
`Lambda.from_config` asks `check_lambda_allowed`. Outside any scope
bytecode is refused.

This module is a leaf (standard library only), so that `keras.layers` can
import it without importing the saving code.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import contextlib
import threading

try:
    from collections.abc import Mapping
except ImportError:  # pragma: no cover
    from collections import Mapping

_SAFE_MODE = threading.local()


@contextlib.contextmanager
def safe_mode_scope(safe_mode=True):
    """Context in which deserialized `Lambda` layers may (`False`) or may
    not (`True`) be rebuilt from Python bytecode.

    `load_model`, `model_from_json`, `model_from_yaml` and
    `model_from_config` enter it with their `safe_mode` argument;
    `Lambda.from_config` consults it through `check_lambda_allowed`.

    # Arguments
        safe_mode: True refuses bytecode, False allows it.
    """
    previous = getattr(_SAFE_MODE, 'value', None)
    _SAFE_MODE.value = bool(safe_mode)
    try:
        yield
    finally:
        _SAFE_MODE.value = previous


def in_safe_mode():
    """Whether bytecode is currently refused (True outside any
    `safe_mode_scope`)."""
    value = getattr(_SAFE_MODE, 'value', None)
    return True if value is None else value


def _bytecode_locations(config, found=None):
    """(class name, layer name) of every config in `config` (searched
    recursively) that holds Python bytecode (`function_type` or
    `output_shape_type` equal to `'lambda'`)."""
    if found is None:
        found = []
    if isinstance(config, Mapping):
        inner = config.get('config')
        if isinstance(inner, Mapping) and (
                inner.get('function_type') == 'lambda' or
                inner.get('output_shape_type') == 'lambda'):
            found.append((config.get('class_name', '?'), inner.get('name', '?')))
        elif (config.get('function_type') == 'lambda' or
              config.get('output_shape_type') == 'lambda') and \
                not isinstance(inner, Mapping):
            found.append(('Lambda', config.get('name', '?')))
        for value in config.values():
            if isinstance(value, (Mapping, list, tuple)):
                _bytecode_locations(value, found)
    elif isinstance(config, (list, tuple)):
        for value in config:
            _bytecode_locations(value, found)
    return found


def check_lambda_allowed(config, safe_mode=None):
    """Raises unless Python bytecode in `config` may be deserialized.

    `Lambda.from_config(config)` calls this first; the model loading
    functions call it on the whole model config.

    # Arguments
        config: a layer config (the inner `config` dict of a `Lambda`) or a
            whole serialized model.
        safe_mode: True refuses bytecode, False allows it; None (default)
            uses the current `safe_mode_scope` (True outside any).

    # Raises
        ValueError: when bytecode is found in safe mode; the message names
            the layers and says how to opt in (`safe_mode=False`).
    """
    if safe_mode is None:
        safe_mode = in_safe_mode()
    if not safe_mode:
        return
    found = _bytecode_locations(config)
    if found:
        names = ', '.join('%s %r' % (cls, name) for cls, name in found)
        raise ValueError(
            'Refusing to deserialize %s: the config holds Python bytecode, '
            'and loading it would run code stored in the file or string. If '
            'you trust its source, pass `safe_mode=False` (e.g. '
            '`load_model(path, safe_mode=False)`, `model_from_json(s, '
            'safe_mode=False)`), or wrap the call in `with '
            'keras.engine.saving.safe_mode_scope(False):`.' % names)
