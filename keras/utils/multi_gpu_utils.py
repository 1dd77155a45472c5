"""Data-parallel replication of a model over several GPUs."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import importlib

from .generic_utils import to_list

# Keras 2.2.4 exposes these names in this module. They live in modules that
# import the engine, so they are resolved on first access (importing
# `keras.utils` must not import the engine).
_LAZY_NAMES = {
    'Lambda': ('..layers.core', 'Lambda'),
    'Model': ('..engine.training', 'Model'),
    'clone_model': ('..models', 'clone_model'),
    'concatenate': ('..layers.merge', 'concatenate'),
}


def __getattr__(name):
    if name in _LAZY_NAMES:
        module_name, attribute = _LAZY_NAMES[name]
        module = importlib.import_module(module_name, __package__)
        return getattr(module, attribute)
    raise AttributeError('module %r has no attribute %r' % (__name__, name))


def _get_available_devices():
    from .. import backend as K
    return [device.name for device in K.get_session().list_devices()]


def _normalize_device_name(name):
    """'/job:localhost/replica:0/task:0/device:GPU:1' -> '/gpu:1'."""
    return '/' + ':'.join(name.lower().replace('/', '').split(':')[-2:])


def _get_slice(data, i, parts):
    """Slice `i` of `parts` of a tensor along the batch axis (the last
    slice takes the remainder)."""
    from .. import backend as K
    shape = K.shape(data)
    batch_size = shape[:1]
    input_shape = shape[1:]
    step = batch_size // parts
    if i == parts - 1:
        size = batch_size - step * i
    else:
        size = step
    size = K.concatenate([size, input_shape], axis=0)
    stride = K.concatenate([step, input_shape * 0], axis=0)
    start = stride * i
    return K.slice(data, start, size)


def multi_gpu_model(model, gpus=None, cpu_merge=True, cpu_relocation=False):
    """Replicates a model on several GPUs (data parallelism).

    Each GPU runs a replica of `model` on a slice of the batch; the
    outputs are concatenated (on the CPU by default) into one model, which
    is trained like any other. A batch of 256 on 8 GPUs gives each GPU 32
    samples.

    # Arguments
        model: the Keras model to replicate. Build it under the CPU device
            scope (`with tf.device('/cpu:0')`) so that its weights live on
            the CPU, or pass `cpu_relocation=True`.
        gpus: an int >= 2 (the number of GPUs) or a list of GPU ids; by
            default all visible GPUs.
        cpu_merge: whether the outputs are merged on the CPU.
        cpu_relocation: whether to rebuild `model` under the CPU device
            scope first (for models not created under it).

    # Returns
        A `Model` with the same inputs and outputs as `model`, each output
        computed in pieces on the GPUs.

    # Raises
        ValueError: if fewer than 2 GPUs are requested or available, or if
            a requested device does not exist.
    """
    import tensorflow.compat.v1 as tf
    from .. import backend as K
    from ..engine.training import Model
    from ..layers.core import Lambda
    from ..layers.merge import concatenate

    available_devices = [_normalize_device_name(name)
                         for name in _get_available_devices()]
    if not gpus:
        # All visible GPUs (e.g. those in CUDA_VISIBLE_DEVICES).
        gpus = len([d for d in available_devices if 'gpu' in d])

    if isinstance(gpus, (list, tuple)):
        if len(gpus) <= 1:
            raise ValueError('For multi-gpu usage to be effective, call '
                             '`multi_gpu_model` with `len(gpus) >= 2`. '
                             'Received: `gpus=%s`' % (gpus,))
        num_gpus = len(gpus)
        target_gpu_ids = list(gpus)
    else:
        if gpus <= 1:
            raise ValueError('For multi-gpu usage to be effective, call '
                             '`multi_gpu_model` with `gpus >= 2`. '
                             'Received: `gpus=%s`' % (gpus,))
        num_gpus = gpus
        target_gpu_ids = list(range(num_gpus))

    target_devices = ['/cpu:0'] + ['/gpu:%d' % i for i in target_gpu_ids]
    for device in target_devices:
        if device not in available_devices:
            raise ValueError('To call `multi_gpu_model` with `gpus=%s`, we '
                             'expect the following devices to be available: '
                             '%s. However this machine only has: %s. Try '
                             'reducing `gpus`.' % (gpus, target_devices,
                                                   available_devices))

    if cpu_relocation:
        from ..models import clone_model
        with tf.device('/cpu:0'):
            model = clone_model(model)

    all_outputs = [[] for _ in model.outputs]
    for i, gpu_id in enumerate(target_gpu_ids):
        with tf.device('/gpu:%d' % gpu_id):
            with tf.name_scope('replica_%d' % gpu_id):
                inputs = []
                for x in model.inputs:
                    # Slice where the input lives, so that each GPU only
                    # receives its part of the batch.
                    with tf.device(x.device):
                        input_shape = K.int_shape(x)[1:]
                        slice_i = Lambda(_get_slice,
                                         output_shape=input_shape,
                                         arguments={'i': i,
                                                    'parts': num_gpus})(x)
                        inputs.append(slice_i)
                outputs = to_list(model(inputs))
                for o, output in enumerate(outputs):
                    all_outputs[o].append(output)

    # Output names must be unique (a Siamese model may repeat one).
    counts = {}
    for name in model.output_names:
        counts[name] = counts.get(name, 0) + 1
    seen = {}
    output_names = []
    for name in model.output_names:
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = '%s_%d' % (name, seen[name])
        output_names.append(name)

    merge_device = '/cpu:0' if cpu_merge else '/gpu:%d' % target_gpu_ids[0]
    with tf.device(merge_device):
        merged = [concatenate(outputs, axis=0, name=name)
                  for name, outputs in zip(output_names, all_outputs)]
        return Model(model.inputs, merged)
