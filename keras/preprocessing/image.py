"""Image preprocessing: conversions between PIL images and arrays, random
affine transformations, and `ImageDataGenerator` with its batch iterators.

The work is done by `keras_preprocessing.image`. This module gives its
functions and classes this package's defaults (`data_format=None` means
`K.image_data_format()`, `dtype=None` means `K.floatx()`), and its iterators
are `keras.utils.Sequence` objects, so `fit_generator` runs them with any
number of workers.
"""
from __future__ import absolute_import

import warnings

from keras_preprocessing import image as _image

from .. import backend
from .. import utils

# Functions taken as they are (they have no data-format or dtype default).
random_rotation = _image.random_rotation
random_shift = _image.random_shift
random_shear = _image.random_shear
random_zoom = _image.random_zoom
apply_channel_shift = _image.apply_channel_shift
random_channel_shift = _image.random_channel_shift
apply_brightness_shift = _image.apply_brightness_shift
random_brightness = _image.random_brightness
apply_affine_transform = _image.apply_affine_transform
transform_matrix_offset_center = _image.transform_matrix_offset_center
flip_axis = _image.flip_axis
load_img = _image.load_img
list_pictures = _image.list_pictures


def _data_format(data_format):
    if data_format is None:
        return backend.image_data_format()
    return data_format


def _dtype(dtype):
    if dtype is None:
        return backend.floatx()
    return dtype


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """Converts a 3D array to a PIL image.

    # Arguments
        x: array of shape `(rows, cols, channels)` (channels_last) or
            `(channels, rows, cols)` (channels_first), with 1, 3 or 4
            channels.
        data_format: 'channels_first' or 'channels_last'; default
            `K.image_data_format()`.
        scale: stretch the values to the range 0-255 first.
        dtype: dtype in which the values are handled; default `K.floatx()`.

    # Returns
        A PIL image (mode 'L', 'RGB' or 'RGBA').

    # Raises
        ImportError: when PIL is not installed.
        ValueError: for an array of another rank or channel count.
    """
    return _image.array_to_img(x, data_format=_data_format(data_format),
                               scale=scale, dtype=_dtype(dtype))


def img_to_array(img, data_format=None, dtype=None):
    """Converts a PIL image to a 3D array.

    # Arguments
        img: PIL image.
        data_format: 'channels_first' or 'channels_last'; default
            `K.image_data_format()`.
        dtype: dtype of the array; default `K.floatx()`.

    # Returns
        An array of shape `(rows, cols, channels)` or
        `(channels, rows, cols)`.

    # Raises
        ValueError: for an unknown `data_format` or image shape.
    """
    return _image.img_to_array(img, data_format=_data_format(data_format),
                               dtype=_dtype(dtype))


def save_img(path, x, data_format=None, file_format=None, scale=True,
             **kwargs):
    """Writes an image stored as a 3D array to a file.

    # Arguments
        path: path or file object to write to.
        x: the image array (see `array_to_img`).
        data_format: 'channels_first' or 'channels_last'; default
            `K.image_data_format()`.
        file_format: image format ('png', 'jpeg', ...); default: guessed
            from the file name.
        scale: stretch the values to the range 0-255 first.
        **kwargs: passed on to PIL's `Image.save`.
    """
    _image.save_img(path, x, data_format=_data_format(data_format),
                    file_format=file_format, scale=scale, **kwargs)


def _new_without_tf_keras(cls):
    # keras_preprocessing's iterator classes define `__new__` to graft
    # `tensorflow.keras.utils.Sequence` onto themselves; ours are already
    # `keras.utils.Sequence` objects and must not import `tf.keras`.
    return object.__new__(cls)


class Iterator(_image.Iterator, utils.Sequence):
    """Base class of the image batch iterators (a `keras.utils.Sequence`).

    Subclasses implement `_get_batches_of_transformed_samples(index_array)`.

    # Arguments
        n: number of samples.
        batch_size: number of samples per batch.
        shuffle: draw the samples in a new random order at each epoch.
        seed: seed of the shuffling.
    """


class NumpyArrayIterator(_image.NumpyArrayIterator, Iterator):
    """Batches of (transformed) images from NumPy arrays.

    # Arguments
        x: 4D array of images, or a tuple `(images, extra)` where `extra`
            is an array or a list of arrays passed through untransformed.
        y: labels (or None).
        image_data_generator: `ImageDataGenerator` applying the random
            transformations and normalisation (or None for none).
        batch_size: number of images per batch.
        shuffle: shuffle the images at each epoch.
        sample_weight: per-image weights (or None).
        seed: random seed of shuffling and transformations.
        data_format: 'channels_first' or 'channels_last'; default
            `K.image_data_format()`.
        save_to_dir: directory where the generated images are also saved
            (for inspection), or None.
        save_prefix: file-name prefix of the saved images.
        save_format: 'png' or 'jpeg'.
        subset: 'training' or 'validation' when the generator has a
            `validation_split`.
        dtype: dtype of the batches; default `K.floatx()`.
    """

    def __new__(cls, *args, **kwargs):
        return _new_without_tf_keras(cls)

    def __init__(self, x, y, image_data_generator,
                 batch_size=32,
                 shuffle=False,
                 sample_weight=None,
                 seed=None,
                 data_format=None,
                 save_to_dir=None,
                 save_prefix='',
                 save_format='png',
                 subset=None,
                 dtype=None):
        super(NumpyArrayIterator, self).__init__(
            x, y, image_data_generator,
            batch_size=batch_size,
            shuffle=shuffle,
            sample_weight=sample_weight,
            seed=seed,
            data_format=_data_format(data_format),
            save_to_dir=save_to_dir,
            save_prefix=save_prefix,
            save_format=save_format,
            subset=subset,
            dtype=_dtype(dtype))


class DirectoryIterator(_image.DirectoryIterator, Iterator):
    """Batches of (transformed) images read from a directory tree with one
    sub-directory per class.

    # Arguments
        directory: the root directory.
        image_data_generator: `ImageDataGenerator` applying the random
            transformations and normalisation (or None for none).
        target_size: `(height, width)` the images are resized to.
        color_mode: 'grayscale', 'rgb' or 'rgba'.
        classes: list of sub-directory names (default: all of them, in
            alphabetical order).
        class_mode: 'categorical', 'binary', 'sparse', 'input' or None.
        batch_size: number of images per batch.
        shuffle: shuffle the images at each epoch.
        seed: random seed of shuffling and transformations.
        data_format: 'channels_first' or 'channels_last'; default
            `K.image_data_format()`.
        save_to_dir: directory where the generated images are also saved,
            or None.
        save_prefix: file-name prefix of the saved images.
        save_format: 'png' or 'jpeg'.
        follow_links: follow symbolic links in the class sub-directories.
        subset: 'training' or 'validation' when the generator has a
            `validation_split`.
        interpolation: resampling method of the resize ('nearest',
            'bilinear', 'bicubic', ...).
        dtype: dtype of the batches; default `K.floatx()`.
    """

    def __new__(cls, *args, **kwargs):
        return _new_without_tf_keras(cls)

    def __init__(self, directory, image_data_generator,
                 target_size=(256, 256),
                 color_mode='rgb',
                 classes=None,
                 class_mode='categorical',
                 batch_size=32,
                 shuffle=True,
                 seed=None,
                 data_format=None,
                 save_to_dir=None,
                 save_prefix='',
                 save_format='png',
                 follow_links=False,
                 subset=None,
                 interpolation='nearest',
                 dtype=None):
        super(DirectoryIterator, self).__init__(
            directory, image_data_generator,
            target_size=target_size,
            color_mode=color_mode,
            classes=classes,
            class_mode=class_mode,
            batch_size=batch_size,
            shuffle=shuffle,
            seed=seed,
            data_format=_data_format(data_format),
            save_to_dir=save_to_dir,
            save_prefix=save_prefix,
            save_format=save_format,
            follow_links=follow_links,
            subset=subset,
            interpolation=interpolation,
            dtype=_dtype(dtype))


class DataFrameIterator(_image.DataFrameIterator, Iterator):
    """Batches of (transformed) images whose file names and labels are
    columns of a pandas DataFrame (requires pandas).

    # Arguments
        dataframe: the DataFrame.
        directory: directory the file names are relative to (None: they
            are absolute paths).
        image_data_generator: `ImageDataGenerator` (or None).
        x_col: column of the file names.
        y_col: column(s) of the labels.
        weight_col: column of the sample weights (or None).
        target_size: `(height, width)` the images are resized to.
        color_mode: 'grayscale', 'rgb' or 'rgba'.
        classes: list of the class labels (default: inferred from
            `y_col`).
        class_mode: 'categorical', 'binary', 'sparse', 'input',
            'multi_output', 'raw' or None.
        batch_size: number of images per batch.
        shuffle: shuffle the images at each epoch.
        seed: random seed of shuffling and transformations.
        data_format: 'channels_first' or 'channels_last'; default
            `K.image_data_format()`.
        save_to_dir: directory where the generated images are also saved,
            or None.
        save_prefix: file-name prefix of the saved images.
        save_format: 'png' or 'jpeg'.
        subset: 'training' or 'validation' when the generator has a
            `validation_split`.
        interpolation: resampling method of the resize ('nearest',
            'bilinear', 'bicubic', ...).
        dtype: dtype of the batches; default `K.floatx()`.
        validate_filenames: drop rows whose file is missing or not an image.
    """

    def __new__(cls, *args, **kwargs):
        return _new_without_tf_keras(cls)

    def __init__(self, dataframe,
                 directory=None,
                 image_data_generator=None,
                 x_col='filename',
                 y_col='class',
                 weight_col=None,
                 target_size=(256, 256),
                 color_mode='rgb',
                 classes=None,
                 class_mode='categorical',
                 batch_size=32,
                 shuffle=True,
                 seed=None,
                 data_format=None,
                 save_to_dir=None,
                 save_prefix='',
                 save_format='png',
                 subset=None,
                 interpolation='nearest',
                 dtype=None,
                 validate_filenames=True):
        super(DataFrameIterator, self).__init__(
            dataframe, directory, image_data_generator,
            x_col=x_col,
            y_col=y_col,
            weight_col=weight_col,
            target_size=target_size,
            color_mode=color_mode,
            classes=classes,
            class_mode=class_mode,
            batch_size=batch_size,
            shuffle=shuffle,
            seed=seed,
            data_format=_data_format(data_format),
            save_to_dir=save_to_dir,
            save_prefix=save_prefix,
            save_format=save_format,
            subset=subset,
            interpolation=interpolation,
            dtype=_dtype(dtype),
            validate_filenames=validate_filenames)


class ImageDataGenerator(_image.ImageDataGenerator):
    """Generates batches of images with real-time data augmentation
    (random rotations, shifts, shears, zooms, flips, brightness and channel
    shifts) and normalisation.

    # Arguments
        featurewise_center: subtract the data set mean (computed by `fit`).
        samplewise_center: subtract each image's own mean.
        featurewise_std_normalization: divide by the data set standard
            deviation (computed by `fit`).
        samplewise_std_normalization: divide each image by its own standard
            deviation.
        zca_whitening: apply ZCA whitening (computed by `fit`).
        zca_epsilon: epsilon of the ZCA whitening.
        rotation_range: maximum random rotation, in degrees.
        width_shift_range: horizontal shift: a fraction of the width
            (float < 1), a number of pixels (int or float >= 1, drawn from
            an interval), or a list of allowed pixel shifts.
        height_shift_range: vertical shift, as `width_shift_range`.
        brightness_range: `(low, high)` range of brightness factors, or None.
        shear_range: maximum shear angle, in degrees (counter-clockwise).
        zoom_range: float `z` for `[1 - z, 1 + z]`, or `[low, high]`.
        channel_shift_range: maximum random shift added to the channels.
        fill_mode: how points outside the input are filled: 'constant',
            'nearest', 'reflect' or 'wrap'.
        cval: the fill value of `fill_mode='constant'`.
        horizontal_flip: flip images left-right at random.
        vertical_flip: flip images upside-down at random.
        rescale: factor applied to the images before anything else but
            `preprocessing_function` (None or 0: none).
        preprocessing_function: function applied to each image (a 3D
            array) before anything else; returns an array of the same shape.
        data_format: 'channels_first' or 'channels_last'; default
            `K.image_data_format()`.
        validation_split: fraction of the images kept for validation
            (`subset='validation'` of the `flow*` methods).
        dtype: dtype of the batches; default `K.floatx()`.
        interpolation_order: spline order of the affine transformations
            (keras_preprocessing extension; default 1).
    """

    def __init__(self,
                 featurewise_center=False,
                 samplewise_center=False,
                 featurewise_std_normalization=False,
                 samplewise_std_normalization=False,
                 zca_whitening=False,
                 zca_epsilon=1e-6,
                 rotation_range=0,
                 width_shift_range=0.,
                 height_shift_range=0.,
                 brightness_range=None,
                 shear_range=0.,
                 zoom_range=0.,
                 channel_shift_range=0.,
                 fill_mode='nearest',
                 cval=0.,
                 horizontal_flip=False,
                 vertical_flip=False,
                 rescale=None,
                 preprocessing_function=None,
                 data_format=None,
                 validation_split=0.0,
                 dtype=None,
                 interpolation_order=1):
        super(ImageDataGenerator, self).__init__(
            featurewise_center=featurewise_center,
            samplewise_center=samplewise_center,
            featurewise_std_normalization=featurewise_std_normalization,
            samplewise_std_normalization=samplewise_std_normalization,
            zca_whitening=zca_whitening,
            zca_epsilon=zca_epsilon,
            rotation_range=rotation_range,
            width_shift_range=width_shift_range,
            height_shift_range=height_shift_range,
            brightness_range=brightness_range,
            shear_range=shear_range,
            zoom_range=zoom_range,
            channel_shift_range=channel_shift_range,
            fill_mode=fill_mode,
            cval=cval,
            horizontal_flip=horizontal_flip,
            vertical_flip=vertical_flip,
            rescale=rescale,
            preprocessing_function=preprocessing_function,
            data_format=_data_format(data_format),
            validation_split=validation_split,
            interpolation_order=interpolation_order,
            dtype=_dtype(dtype))

    def flow(self, x, y=None, batch_size=32, shuffle=True,
             sample_weight=None, seed=None, save_to_dir=None,
             save_prefix='', save_format='png', subset=None):
        """Batches of augmented images (and labels) from arrays.

        # Arguments
            x: 4D array of images, or a tuple `(images, extra)` (see
                `NumpyArrayIterator`).
            y: labels, or None.
            batch_size: number of images per batch.
            shuffle: shuffle the images at each epoch.
            sample_weight: per-image weights, or None.
            seed: random seed of shuffling and transformations.
            save_to_dir: directory where the generated images are also
                saved, or None.
            save_prefix: file-name prefix of the saved images.
            save_format: 'png' or 'jpeg'.
            subset: 'training' or 'validation' (with `validation_split`).

        # Returns
            A `NumpyArrayIterator` (a `keras.utils.Sequence`) yielding
            `(x, y)`, `(x, y, sample_weight)` or, when `y` is None, `x`.
        """
        return NumpyArrayIterator(
            x, y, self,
            batch_size=batch_size,
            shuffle=shuffle,
            sample_weight=sample_weight,
            seed=seed,
            data_format=self.data_format,
            save_to_dir=save_to_dir,
            save_prefix=save_prefix,
            save_format=save_format,
            subset=subset,
            dtype=self.dtype)

    def flow_from_directory(self, directory,
                            target_size=(256, 256),
                            color_mode='rgb',
                            classes=None,
                            class_mode='categorical',
                            batch_size=32,
                            shuffle=True,
                            seed=None,
                            save_to_dir=None,
                            save_prefix='',
                            save_format='png',
                            follow_links=False,
                            subset=None,
                            interpolation='nearest'):
        """Batches of augmented images read from a directory with one
        sub-directory per class (the data format and dtype are this
        generator's; see `DirectoryIterator`).

        # Arguments
            directory: the root directory.
            target_size: `(height, width)` the images are resized to.
            color_mode: 'grayscale', 'rgb' or 'rgba'.
            classes: list of sub-directory names (default: all of them, in
                alphabetical order).
            class_mode: 'categorical', 'binary', 'sparse', 'input' or None.
            batch_size: number of images per batch.
            shuffle: shuffle the images at each epoch.
            seed: random seed of shuffling and transformations.
            save_to_dir: directory where the generated images are also
                saved, or None.
            save_prefix: file-name prefix of the saved images.
            save_format: 'png' or 'jpeg'.
            follow_links: follow symbolic links in the class
                sub-directories.
            subset: 'training' or 'validation' when this generator has a
                `validation_split`.
            interpolation: resampling method of the resize ('nearest',
                'bilinear', 'bicubic', ...).

        # Returns
            A `DirectoryIterator` (a `keras.utils.Sequence`) yielding
            `(x, y)` tuples (or `x` alone with `class_mode=None`).
        """
        return DirectoryIterator(
            directory, self,
            target_size=target_size,
            color_mode=color_mode,
            classes=classes,
            class_mode=class_mode,
            data_format=self.data_format,
            batch_size=batch_size,
            shuffle=shuffle,
            seed=seed,
            save_to_dir=save_to_dir,
            save_prefix=save_prefix,
            save_format=save_format,
            follow_links=follow_links,
            subset=subset,
            interpolation=interpolation,
            dtype=self.dtype)

    def flow_from_dataframe(self, dataframe,
                            directory=None,
                            x_col='filename',
                            y_col='class',
                            weight_col=None,
                            target_size=(256, 256),
                            color_mode='rgb',
                            classes=None,
                            class_mode='categorical',
                            batch_size=32,
                            shuffle=True,
                            seed=None,
                            save_to_dir=None,
                            save_prefix='',
                            save_format='png',
                            subset=None,
                            interpolation='nearest',
                            validate_filenames=True,
                            **kwargs):
        """Batches of augmented images listed in a pandas DataFrame (the
        data format and dtype are this generator's; see
        `DataFrameIterator`).

        # Arguments
            dataframe: the DataFrame.
            directory: directory the file names are relative to (None: they
                are absolute paths).
            x_col: column of the file names.
            y_col: column(s) of the labels.
            weight_col: column of the sample weights (or None).
            target_size: `(height, width)` the images are resized to.
            color_mode: 'grayscale', 'rgb' or 'rgba'.
            classes: list of the class labels (default: inferred from
                `y_col`).
            class_mode: 'categorical', 'binary', 'sparse', 'input',
                'multi_output', 'raw' (or its deprecated name 'other') or
                None.
            batch_size: number of images per batch.
            shuffle: shuffle the images at each epoch.
            seed: random seed of shuffling and transformations.
            save_to_dir: directory where the generated images are also
                saved, or None.
            save_prefix: file-name prefix of the saved images.
            save_format: 'png' or 'jpeg'.
            subset: 'training' or 'validation' when this generator has a
                `validation_split`.
            interpolation: resampling method of the resize ('nearest',
                'bilinear', 'bicubic', ...).
            validate_filenames: drop rows whose file is missing or not an
                image.
            **kwargs: the deprecated `has_ext`, `sort` and
                `drop_duplicates`, accepted and ignored with a warning.

        # Returns
            A `DataFrameIterator` (a `keras.utils.Sequence`).

        # Raises
            TypeError: for any other keyword argument.
        """
        for name in ('has_ext', 'sort', 'drop_duplicates'):
            if name in kwargs:
                kwargs.pop(name)
                warnings.warn('flow_from_dataframe: `%s` is deprecated and '
                              'ignored.' % name, DeprecationWarning)
        if kwargs:
            raise TypeError('flow_from_dataframe: unknown keyword '
                            'argument(s) %s.' % sorted(kwargs))
        if class_mode == 'other':
            warnings.warn('flow_from_dataframe: class_mode "other" is '
                          'deprecated; use "raw".', DeprecationWarning)
            class_mode = 'raw'
        return DataFrameIterator(
            dataframe, directory, self,
            x_col=x_col,
            y_col=y_col,
            weight_col=weight_col,
            target_size=target_size,
            color_mode=color_mode,
            classes=classes,
            class_mode=class_mode,
            data_format=self.data_format,
            batch_size=batch_size,
            shuffle=shuffle,
            seed=seed,
            save_to_dir=save_to_dir,
            save_prefix=save_prefix,
            save_format=save_format,
            subset=subset,
            interpolation=interpolation,
            validate_filenames=validate_filenames,
            dtype=self.dtype)


__all__ = ['random_rotation', 'random_shift', 'random_shear', 'random_zoom',
           'apply_channel_shift', 'random_channel_shift',
           'apply_brightness_shift', 'random_brightness',
           'apply_affine_transform', 'transform_matrix_offset_center',
           'flip_axis', 'load_img', 'list_pictures', 'array_to_img',
           'img_to_array', 'save_img', 'Iterator', 'NumpyArrayIterator',
           'DirectoryIterator', 'DataFrameIterator', 'ImageDataGenerator']
