"""Reads the Keras configuration file and checks the requested backend.

As in Keras 2.2.4: the configuration lives in ``$KERAS_HOME/keras.json``, or
``~/.keras/keras.json`` (``/tmp/.keras`` when the home directory is not
writable). It is read if present; if absent, the defaults are written when
the directory is writable. A missing, unreadable or unwritable file is never
an error; malformed values are ignored with a warning.
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import json
import os
import warnings

from . import common


def _keras_dir():
    if 'KERAS_HOME' in os.environ:
        return os.environ.get('KERAS_HOME')
    base_dir = os.path.expanduser('~')
    if not os.access(base_dir, os.W_OK):
        base_dir = '/tmp'
    return os.path.join(base_dir, '.keras')


def _read_config(path):
    try:
        with open(path) as f:
            config = json.load(f)
    except (IOError, OSError, ValueError) as e:
        warnings.warn('Keras: could not read the configuration file %s (%s); '
                      'using the defaults.' % (path, e))
        return {}
    if not isinstance(config, dict):
        warnings.warn('Keras: the configuration file %s does not hold a JSON '
                      'object; using the defaults.' % path)
        return {}
    return config


def _apply_config(config, path):
    setters = [('floatx', common.set_floatx),
               ('epsilon', common.set_epsilon),
               ('image_data_format', common.set_image_data_format)]
    for key, setter in setters:
        if key in config:
            try:
                setter(config[key])
            except (ValueError, TypeError) as e:
                warnings.warn('Keras: ignoring %r in %s: %s' % (key, path, e))


def load_config():
    """Applies ``keras.json`` and returns the requested backend name.

    # Returns
        The backend name (``KERAS_BACKEND`` if set, else the file's
        ``backend`` entry, else ``'tensorflow'``).
    """
    keras_dir = _keras_dir()
    config_path = os.path.expanduser(os.path.join(keras_dir, 'keras.json'))
    backend = 'tensorflow'
    if os.path.exists(config_path):
        config = _read_config(config_path)
        _apply_config(config, config_path)
        backend = config.get('backend', backend)
    if not os.path.exists(keras_dir):
        try:
            os.makedirs(keras_dir)
        except OSError:
            # Read-only file system or a race with another process.
            pass
    if not os.path.exists(config_path):
        defaults = {'floatx': common.floatx(),
                    'epsilon': common.epsilon(),
                    'backend': backend,
                    'image_data_format': common.image_data_format()}
        try:
            with open(config_path, 'w') as f:
                f.write(json.dumps(defaults, indent=4))
        except (IOError, OSError):
            pass
    if 'KERAS_BACKEND' in os.environ:
        backend = os.environ['KERAS_BACKEND']
    return backend


def check_backend(backend):
    """Raises an error for any backend other than TensorFlow.

    # Arguments
        backend: the requested backend name.

    # Raises
        ValueError: if `backend` is not ``'tensorflow'``.
    """
    if backend != 'tensorflow':
        raise ValueError('This Keras (2.2.4 re-implementation with '
                         'learning-rate multipliers) only supports the '
                         'TensorFlow backend; the requested backend is %r '
                         '(from KERAS_BACKEND or keras.json). Unset '
                         'KERAS_BACKEND or set it to "tensorflow".'
                         % (backend,))
