"""Model configs as JSON and YAML: `model_from_config`, `model_from_json`,
`model_from_yaml` (with safe mode for `Lambda` bytecode, and a YAML loader
that reads plain data and tuples only), and `get_json_type`, the
`json.dumps` hook for configs.

Imports `safe_mode` and `utils.io_utils`; `keras.layers` is imported when
a config is deserialized (it imports the engine).
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import json

import numpy as np

from ..utils.io_utils import as_text
from .safe_mode import check_lambda_allowed
from .safe_mode import safe_mode_scope


def get_json_type(obj):
    """`default=` hook of `json.dumps` for model and training configs:
    Keras objects become `{'class_name', 'config'}`, NumPy values plain
    numbers and lists, functions and classes their name.

    # Arguments
        obj: an object `json.dumps` cannot serialize by itself.

    # Returns
        A JSON-serializable value.

    # Raises
        TypeError: for anything else.
    """
    if hasattr(obj, 'get_config'):
        return {'class_name': obj.__class__.__name__,
                'config': obj.get_config()}
    if type(obj).__module__ == np.__name__:
        if isinstance(obj, np.ndarray):
            return obj.tolist()
        return obj.item()
    if callable(obj):
        return obj.__name__
    if type(obj).__name__ == type.__name__:
        return obj.__name__
    raise TypeError('Not JSON Serializable: %r' % (obj,))


def model_from_config(config, custom_objects=None, safe_mode=True):
    """Builds a model (or layer) from its serialized config
    (`{'class_name': ..., 'config': ...}`).

    # Arguments
        config: the config dict.
        custom_objects: dict mapping names to custom classes or functions.
        safe_mode: if True (default), refuse `Lambda` layers stored as Python
            bytecode; pass False for configs you trust.

    # Returns
        A model instance (new weights).

    # Raises
        TypeError: if `config` is a list.
        ValueError: bytecode in safe mode, unknown class names.
    """
    if isinstance(config, list):
        raise TypeError('`model_from_config` expects a dictionary, not a list. '
                        'Maybe you meant to use `Sequential.from_config(config)`?')
    check_lambda_allowed(config, safe_mode)
    from ..layers import deserialize
    with safe_mode_scope(safe_mode):
        return deserialize(config, custom_objects=custom_objects)


def _yaml_safe_loader():
    """A YAML SafeLoader that also reads the `!!python/tuple` tags written
    by `yaml.dump` (Keras 2.2.4's `to_yaml`), and nothing else."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def construct_tuple(loader, node):
        return tuple(loader.construct_sequence(node))

    Loader.add_constructor(u'tag:yaml.org,2002:python/tuple', construct_tuple)
    return Loader


def model_from_yaml(yaml_string, custom_objects=None, safe_mode=True):
    """Builds a model from the YAML string of `model.to_yaml()`.

    The YAML is read with a safe loader (plain data and tuples only).

    # Arguments
        yaml_string: the YAML text.
        custom_objects: dict mapping names to custom classes or functions.
        safe_mode: as `model_from_config`.

    # Returns
        A model instance.
    """
    import yaml
    config = yaml.load(yaml_string, Loader=_yaml_safe_loader())
    return model_from_config(config, custom_objects=custom_objects,
                             safe_mode=safe_mode)


def model_from_json(json_string, custom_objects=None, safe_mode=True):
    """Builds a model from the JSON string of `model.to_json()`.

    # Arguments
        json_string: the JSON text.
        custom_objects: dict mapping names to custom classes or functions.
        safe_mode: as `model_from_config`.

    # Returns
        A model instance.
    """
    config = json.loads(as_text(json_string))
    return model_from_config(config, custom_objects=custom_objects,
                             safe_mode=safe_mode)
