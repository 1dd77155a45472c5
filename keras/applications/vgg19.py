"""VGG19 for Keras: the builder, `preprocess_input` and `decode_predictions`
(from `keras_applications.vgg19`, built with this package's modules)."""
from __future__ import absolute_import

from keras_applications import vgg19 as _base

from . import keras_modules_injection


@keras_modules_injection
def VGG19(*args, **kwargs):
    """Builds the VGG19 network (Simonyan and Zisserman, 2014).

    # Arguments
        include_top: include the fully-connected classifier at the top.
        weights: None (random initialisation), 'imagenet' (pre-trained on
            ImageNet; read from `~/.keras/models` or downloaded) or the path
            of a weights file to load.
        input_tensor: optional Keras tensor used as the image input.
        input_shape: shape of the image input without the batch axis, for
            `include_top=False` (with the top and ImageNet weights it must
            be (224, 224, 3)); height and width at least 32.
        pooling: with `include_top=False`: None (the 4D output of the last
            convolutional block), 'avg' or 'max' (global pooling, 2D output).
        classes: number of classes, for `include_top=True` without
            ImageNet weights.

    # Returns
        A Keras `Model`.

    # Raises
        ValueError: for invalid `weights`, or an input shape that the
            architecture or the weights do not allow.
    """
    return _base.VGG19(*args, **kwargs)


@keras_modules_injection
def preprocess_input(*args, **kwargs):
    """Prepares a batch of images for this model.

    The 'caffe' mode: converts RGB to BGR and subtracts the ImageNet
    channel means (no scaling).

    # Arguments
        x: NumPy array or tensor of images with values in [0, 255]
            (3 channels, RGB).
        data_format: 'channels_first' or 'channels_last'; default
            `K.image_data_format()`.

    # Returns
        The preprocessed images (a float array or tensor).
    """
    return _base.preprocess_input(*args, **kwargs)


@keras_modules_injection
def decode_predictions(*args, **kwargs):
    """Turns ImageNet class probabilities into readable labels.

    The ImageNet class index `imagenet_class_index.json` is read from
    `~/.keras/models` (downloaded on first use).

    # Arguments
        preds: array of shape `(samples, 1000)`.
        top: number of best classes returned per sample.

    # Returns
        One list per sample of `(class_id, class_name, score)` tuples,
        best first.

    # Raises
        ValueError: when `preds` does not have shape `(samples, 1000)`.
    """
    return _base.decode_predictions(*args, **kwargs)
