"""multi_gpu_utils: the errors on a machine without 2 GPUs, and the batch
slicing used by the replicas."""
import numpy as np
import pytest

from keras import backend as K
from keras.utils import multi_gpu_utils
from keras.utils import multi_gpu_model


def _model():
    from keras.layers import Dense
    from keras.models import Sequential
    return Sequential([Dense(2, input_shape=(3,))])


def test_requires_two_gpus(monkeypatch):
    monkeypatch.setattr(multi_gpu_utils, '_get_available_devices',
                        lambda: ['/job:localhost/replica:0/task:0/'
                                 'device:CPU:0'])
    model = _model()
    with pytest.raises(ValueError, match='`gpus >= 2`. Received: `gpus=0`'):
        multi_gpu_model(model)
    with pytest.raises(ValueError, match='`len\\(gpus\\) >= 2`'):
        multi_gpu_model(model, gpus=[0])
    with pytest.raises(ValueError, match='this machine only has'):
        multi_gpu_model(model, gpus=2)


def test_real_devices_without_gpus():
    devices = [multi_gpu_utils._normalize_device_name(d)
               for d in multi_gpu_utils._get_available_devices()]
    assert '/cpu:0' in devices
    if not any('gpu' in d for d in devices):
        with pytest.raises(ValueError, match='gpus'):
            multi_gpu_model(_model())


def test_normalize_device_name():
    assert multi_gpu_utils._normalize_device_name(
        '/job:localhost/replica:0/task:0/device:GPU:1') == '/gpu:1'
    assert multi_gpu_utils._normalize_device_name('/cpu:0') == '/cpu:0'


@pytest.mark.parametrize('batch,parts', [(10, 3), (8, 2), (2, 4)])
def test_get_slice_covers_the_batch(batch, parts):
    data = np.arange(batch * 2, dtype='float32').reshape(batch, 2)
    x = K.placeholder(shape=(None, 2))
    slices = [multi_gpu_utils._get_slice(x, i, parts) for i in range(parts)]
    values = K.function([x], slices)([data])
    step = batch // parts
    for i, value in enumerate(values):
        stop = batch if i == parts - 1 else (i + 1) * step
        np.testing.assert_array_equal(value, data[i * step:stop])
    np.testing.assert_array_equal(np.concatenate(values), data)


def test_lazy_module_names():
    from keras.layers.core import Lambda
    from keras.engine.training import Model
    assert multi_gpu_utils.Lambda is Lambda
    assert multi_gpu_utils.Model is Model
    with pytest.raises(AttributeError):
        multi_gpu_utils.not_a_name
