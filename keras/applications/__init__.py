"""Reference image-classification models (VGG, ResNet50, Inception,
Xception, MobileNet, DenseNet, NASNet), with optional ImageNet weights.

As in Keras 2.2.4, the architectures come from the `keras_applications`
package; every builder and helper here calls it with this package's
`backend`, `layers`, `models` and `utils` modules (see
`keras_modules_injection`), so the models are made of our layers and train
with our optimizers (learning-rate multipliers included).

Pretrained weights are fetched with `keras.utils.get_file` into
`~/.keras/models` (or `$KERAS_HOME/models`). A weights file already there is
used without network access; without network, the error gives the file name
and the directory to place it in.
"""
from __future__ import absolute_import

import keras_applications

from .. import backend
from .. import layers
from .. import models
from .. import utils


def keras_modules_injection(base_fun):
    """Decorator: calls `base_fun` with this package's Keras modules.

    `keras_applications` functions find the Keras implementation to build
    with in their `backend`, `layers`, `models` and `utils` keyword
    arguments; the returned function fills them in.

    # Arguments
        base_fun: a function forwarding to `keras_applications`.

    # Returns
        A function taking the same arguments as `base_fun`, less the four
        module arguments.
    """
    def wrapper(*args, **kwargs):
        kwargs['backend'] = backend
        kwargs['layers'] = layers
        kwargs['models'] = models
        kwargs['utils'] = utils
        return base_fun(*args, **kwargs)
    wrapper.__name__ = base_fun.__name__
    wrapper.__doc__ = base_fun.__doc__
    wrapper.__module__ = base_fun.__module__
    return wrapper


if not hasattr(keras_applications, 'get_submodules_from_kwargs'):
    raise ImportError('keras.applications needs keras_applications 1.0.7 or '
                      'newer (found %s): pip install "keras_applications>=1.0.8"'
                      % getattr(keras_applications, '__version__', 'unknown'))

from . import densenet  # noqa: E402
from . import inception_resnet_v2  # noqa: E402
from . import inception_v3  # noqa: E402
from . import mobilenet  # noqa: E402
from . import mobilenet_v2  # noqa: E402
from . import mobilenetv2  # noqa: E402
from . import nasnet  # noqa: E402
from . import resnet50  # noqa: E402
from . import vgg16  # noqa: E402
from . import vgg19  # noqa: E402
from . import xception  # noqa: E402

from .densenet import DenseNet121  # noqa: E402
from .densenet import DenseNet169  # noqa: E402
from .densenet import DenseNet201  # noqa: E402
from .inception_resnet_v2 import InceptionResNetV2  # noqa: E402
from .inception_v3 import InceptionV3  # noqa: E402
from .mobilenet import MobileNet  # noqa: E402
from .mobilenet_v2 import MobileNetV2  # noqa: E402
from .nasnet import NASNetLarge  # noqa: E402
from .nasnet import NASNetMobile  # noqa: E402
from .resnet50 import ResNet50  # noqa: E402
from .vgg16 import VGG16  # noqa: E402
from .vgg19 import VGG19  # noqa: E402
from .xception import Xception  # noqa: E402
