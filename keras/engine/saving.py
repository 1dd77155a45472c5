"""Saving and loading models and weights (Keras 2.2.4's module and names).

This module is the entry point: it keeps every name Keras 2.2.4's
`keras.engine.saving` had (and those this package's code and tests use)
and holds the two functions `Network.save_weights` / `load_weights` call.
The work is done by one module per concern:

- `safe_mode`: whether `Lambda` bytecode may be deserialized
  (`safe_mode_scope`, `in_safe_mode`, `check_lambda_allowed`); standard
  library only, so that `keras.layers` imports it, not the saving code.
- `saving_atomic`: atomic writes to a path (temporary file + rename),
  respecting write-protected files, symlinks, permission bits, and
  removing the temporary files of dead writers; standard library only.
- `saving_legacy`: converting weights of Keras 1, Theano, CuDNN/plain RNN
  layers and nested models (`preprocess_weights_for_loading`).
- `saving_weights`: the HDF5 weight layout of a list of layers, and
  opening files, groups and file-like objects for reading and writing.
- `saving_optimizer`: the optimizer state, keyed by weight and slot.
- `saving_config`: model configs as JSON/YAML (`model_from_*`).
- `saving_model`: whole models in HDF5 files and pickles (`save_model`,
  `load_model`, `pickle_model`, `unpickle_model`).

An HDF5 model file written by `save_model` holds:

- root attributes `keras_version`, `backend`, `model_config` (JSON of
  `{'class_name', 'config'}`) and, for a compiled model, `training_config`
  (JSON: `optimizer_config`, `loss`, `metrics`, `sample_weight_mode`,
  `loss_weights`, plus `weighted_metrics`);
- group `model_weights`: attributes `layer_names`, `backend`,
  `keras_version`; one group per layer with attribute `weight_names` and a
  dataset per weight, at the weight's name;
- group `optimizer_weights` (compiled models whose optimizer has state):
  attribute `weight_names`, a dataset per optimizer variable in 2.2.4's
  order, and attribute `weight_keys` naming the weight and slot of each
  (see `saving_optimizer`).
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from ..utils.io_utils import H5Dict
from ..utils.io_utils import _is_h5_group
from ..utils.io_utils import _require_h5py
from ..utils.io_utils import as_text
from ..utils.io_utils import ask_to_proceed_with_overwrite
from ..utils.io_utils import h5dict
from ..utils.io_utils import load_attributes_from_hdf5_group
from ..utils.io_utils import save_attributes_to_hdf5_group
from .safe_mode import check_lambda_allowed
from .safe_mode import in_safe_mode
from .safe_mode import safe_mode_scope
from .saving_atomic import write_atomically
from .saving_config import get_json_type
from .saving_config import model_from_config
from .saving_config import model_from_json
from .saving_config import model_from_yaml
from .saving_legacy import _convert_rnn_weights
from .saving_legacy import preprocess_weights_for_loading
from .saving_model import _deserialize_model
from .saving_model import _serialize_model
from .saving_model import load_model
from .saving_model import pickle_model
from .saving_model import save_model
from .saving_model import unpickle_model
from .saving_optimizer import _keyed_entries
from .saving_optimizer import optimizer_assignment as _optimizer_assignment
from .saving_optimizer import read_optimizer_weights as _read_optimizer_weights
from .saving_weights import h5py
from .saving_weights import load_weights_from_hdf5_group
from .saving_weights import load_weights_from_hdf5_group_by_name
from .saving_weights import open_for_reading
from .saving_weights import save_weights_to_hdf5_group
from .saving_weights import write_hdf5

__all__ = ['save_model', 'load_model', 'pickle_model', 'unpickle_model',
           'model_from_config', 'model_from_json', 'model_from_yaml',
           'save_weights_to_hdf5_group', 'load_weights_from_hdf5_group',
           'load_weights_from_hdf5_group_by_name',
           'preprocess_weights_for_loading', 'save_attributes_to_hdf5_group',
           'load_attributes_from_hdf5_group', 'safe_mode_scope',
           'in_safe_mode', 'check_lambda_allowed', 'write_atomically',
           'save_weights', 'load_weights', 'get_json_type', 'H5Dict',
           'h5dict', 'as_text', 'ask_to_proceed_with_overwrite']


def save_weights(model, filepath, overwrite=True):
    """`model.save_weights(filepath, overwrite)`: the weights of all layers
    in Keras 2.2.4's layout (see `save_weights_to_hdf5_group`).

    A path is written atomically, as `save_model` does.

    # Arguments
        model: the model (or any object with `layers`).
        filepath: a path, an open h5py `File`/`Group`, or a binary
            file-like object.
        overwrite: if False and the file exists, ask before overwriting.

    # Raises
        ImportError: if h5py is not installed.
        PermissionError: naming `filepath`, when the file or its folder
            may not be written.
    """
    write_hdf5(filepath,
               lambda f: save_weights_to_hdf5_group(f.data, model.layers),
               overwrite=overwrite)


def load_weights(model, filepath, by_name=False, skip_mismatch=False,
                 reshape=False):
    """`model.load_weights(filepath, ...)`, with clear errors for missing,
    truncated and non-HDF5 files. A model file (`model.save`) is read from
    its `model_weights` group.

    # Arguments
        model: the model (or any object with `layers`).
        filepath: a path of an HDF5 file written by `save_weights` or `save`
            (or by tf.keras / tf_keras), an open h5py `File`/`Group`, or a
            binary file-like object.
        by_name: load into the layers whose names match a saved layer
            (warns when none does), instead of by order.
        skip_mismatch: with `by_name`, skip (with a warning) the layers
            whose weights differ in number or shape.
        reshape: reshape saved weights to the layers' shapes when their
            sizes agree.

    # Raises
        IOError: missing, unreadable, truncated or corrupt file.
        ValueError: not a Keras weights file, or weights that do not match.
    """
    _require_h5py()
    with open_for_reading(filepath, 'weights') as f:
        if 'layer_names' not in f and 'model_weights' in f:
            f = f['model_weights']
        f = f.data if _is_h5_group(f.data) else f
        if by_name:
            load_weights_from_hdf5_group_by_name(
                f, model.layers, skip_mismatch=skip_mismatch, reshape=reshape)
        else:
            load_weights_from_hdf5_group(f, model.layers, reshape=reshape)
