"""Reads the Keras configuration file and checks the requested backend.

Configuration: `$KERAS_HOME/keras.json`, or `~/.keras/keras.json` (with
`/tmp/.keras` when the home directory is not writable), as in Keras 2.2.4.
The file is read when present (keys `floatx`, `epsilon`, `image_data_format`,
`backend`); when it is missing, a file with the defaults is written if the
directory is writable. Nothing here raises on a missing, unreadable or
malformed file: invalid entries are reported with a warning and ignored.

Only the TensorFlow backend exists in this package: `KERAS_BACKEND` set to
anything else raises an `ImportError` that says so.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import json
import os
import warnings

from . import common

_BACKEND = 'tensorflow'


def _config_dir():
    if 'KERAS_HOME' in os.environ:
        return os.environ['KERAS_HOME']
    base = os.path.expanduser('~')
    if not os.access(base, os.W_OK):
        base = '/tmp'
    return os.path.join(base, '.keras')


def _read_config(path):
    """Returns the dict stored in `path` ({} when unreadable or malformed)."""
    try:
        with open(path) as handle:
            config = json.load(handle)
    except (OSError, IOError, ValueError) as error:
        warnings.warn('Could not read the Keras configuration file %s (%s); '
                      'using the defaults.' % (path, error))
        return {}
    if not isinstance(config, dict):
        warnings.warn('The Keras configuration file %s does not hold a JSON '
                      'object; using the defaults.' % path)
        return {}
    return config


def _apply_config(config, path):
    """Applies the entries of a configuration dict to `common`."""
    setters = (('floatx', common.set_floatx),
               ('epsilon', common.set_epsilon),
               ('image_data_format', common.set_image_data_format))
    for key, setter in setters:
        if key not in config:
            continue
        try:
            setter(config[key])
        except (TypeError, ValueError) as error:
            warnings.warn('Ignoring %r in %s: %s' % (key, path, error))
    backend = config.get('backend', _BACKEND)
    if backend != _BACKEND:
        warnings.warn('%s asks for the %r backend; this Keras only has the '
                      'TensorFlow backend, which is used.' % (path, backend))


def _write_default_config(directory, path):
    """Writes the current settings to `path` when possible (never raises)."""
    if not os.path.exists(directory):
        try:
            os.makedirs(directory)
        except OSError:
            return
    if os.path.exists(path):
        return
    config = {'floatx': common.floatx(),
              'epsilon': common.epsilon(),
              'backend': _BACKEND,
              'image_data_format': common.image_data_format()}
    try:
        with open(path, 'w') as handle:
            handle.write(json.dumps(config, indent=4))
    except (OSError, IOError):
        pass


def load_config():
    """Reads (or creates) the configuration file and checks `KERAS_BACKEND`.

    # Raises
        ImportError: when `KERAS_BACKEND` names a backend other than
            TensorFlow.
    """
    requested = os.environ.get('KERAS_BACKEND')
    if requested is not None and requested != _BACKEND:
        raise ImportError(
            'KERAS_BACKEND=%r: this Keras (a Keras 2.2.4 re-implementation '
            'on TensorFlow) only supports the "tensorflow" backend. Unset '
            'KERAS_BACKEND or set it to "tensorflow".' % requested)
    directory = _config_dir()
    path = os.path.expanduser(os.path.join(directory, 'keras.json'))
    if os.path.exists(path):
        _apply_config(_read_config(path), path)
    else:
        _write_default_config(directory, path)


_keras_dir = _config_dir()
load_config()
