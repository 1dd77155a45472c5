"""ImageNet helpers shared by the applications: `preprocess_input` and
`decode_predictions` (from `keras_applications.imagenet_utils`, run with this
package's Keras modules), as Keras 2.2.4 exposed them."""
from __future__ import absolute_import

from keras_applications import imagenet_utils as _base

from . import keras_modules_injection


@keras_modules_injection
def preprocess_input(*args, **kwargs):
    """Prepares a batch of images for an ImageNet model.

    # Arguments
        x: NumPy array or symbolic tensor of images (3D or 4D).
        data_format: 'channels_first' or 'channels_last' (default: the
            backend's image data format).
        mode: 'caffe' (RGB to BGR, ImageNet mean subtracted), 'tf' (scaled
            to [-1, 1]) or 'torch' (scaled to [0, 1], then normalised with
            the ImageNet mean and standard deviation).

    # Returns
        The preprocessed array or tensor.
    """
    return _base.preprocess_input(*args, **kwargs)


@keras_modules_injection
def decode_predictions(*args, **kwargs):
    """Turns ImageNet class probabilities into readable labels.

    # Arguments
        preds: array of shape (samples, 1000).
        top: how many of the most likely classes to return per sample.

    # Returns
        One list per sample of `(class_id, class_name, score)` tuples.

    # Raises
        ValueError: if `preds` does not have shape (samples, 1000).
    """
    return _base.decode_predictions(*args, **kwargs)
