"""`Sequential`: a linear stack of layers."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import copy
import warnings

from .. import backend as K
from .base_layer import Layer
from .input_layer import Input
from .input_layer import InputLayer
from .network import get_source_inputs
from .training import Model


class Sequential(Model):
    """A model made of a linear stack of layers.

    The first layer should get an `input_shape` (or `batch_input_shape`)
    argument, which makes the model create its input at once. Without it the
    model is built later: by `build(input_shape)` or by the first `fit`.

    # Arguments
        layers: list of layers to add to the model.
        name: name of the model.

    # Example

    ```python
        model = Sequential()
        model.add(Dense(32, input_shape=(500,)))
        model.add(Dense(10, activation='softmax'))
        model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
    ```
    """

    def __init__(self, layers=None, name=None):
        super(Sequential, self).__init__(name=name)
        self._build_input_shape = None
        if layers:
            for layer in layers:
                self.add(layer)

    @property
    def layers(self):
        """The layers added to the model (the `InputLayer` the model creates
        for itself is left out, as in Keras 2.2.4)."""
        if self._layers and isinstance(self._layers[0], InputLayer):
            return self._layers[1:]
        return self._layers

    @property
    def model(self):
        """The model itself (kept for old code: `Sequential` used to wrap a
        `Model` in this attribute)."""
        warnings.warn('`Sequential.model` is deprecated. `Sequential` is a '
                      'subclass of `Model`, you can just use your '
                      '`Sequential` instance directly.')
        return self

    def add(self, layer):
        """Adds a layer on top of the stack.

        # Arguments
            layer: a layer instance (a model may be added too).

        # Raises
            TypeError: if `layer` is not a layer, or if a layer returns
                several tensors.
            ValueError: if the first layer is an empty model, or if the layer
                has several outputs.
        """
        if not isinstance(layer, Layer):
            raise TypeError('The added layer must be an instance of class '
                            'Layer. Found: %s' % (layer,))
        self.built = False
        if not self._layers:
            set_inputs = False
            if isinstance(layer, InputLayer):
                set_inputs = True
            else:
                first_layer = layer
                if isinstance(layer, Model):
                    if not layer.layers:
                        raise ValueError('Cannot add an empty model to a '
                                         '`Sequential` model.')
                    # A nested model: its deepest first layer tells the input.
                    first_layer = layer.layers[0]
                    while isinstance(first_layer, Model):
                        first_layer = first_layer.layers[0]
                if hasattr(first_layer, 'batch_input_shape'):
                    x = Input(batch_shape=first_layer.batch_input_shape,
                              dtype=first_layer.dtype,
                              name=layer.name + '_input')
                    layer(x)
                    set_inputs = True
            if set_inputs:
                if len(layer._inbound_nodes[-1].output_tensors) != 1:
                    raise ValueError('All layers in a Sequential model should '
                                     'have a single output tensor. For '
                                     'multi-output layers, use the functional '
                                     'API (layer %s).' % layer.name)
                self.outputs = [layer._inbound_nodes[-1].output_tensors[0]]
                self.inputs = get_source_inputs(self.outputs[0])
        elif self.outputs:
            output_tensor = layer(self.outputs[0])
            if isinstance(output_tensor, list):
                raise TypeError('All layers in a Sequential model should have '
                                'a single output tensor. For multi-output '
                                'layers, use the functional API (layer %s).'
                                % layer.name)
            self.outputs = [output_tensor]

        if self.inputs:
            self.build()
        else:
            self._layers.append(layer)

    def pop(self):
        """Removes the last layer of the model.

        # Raises
            TypeError: if the model has no layers.
        """
        if not self.layers:
            raise TypeError('There are no layers in the model.')
        removed = self.layers[-1]
        self._layers.remove(removed)
        self.built = False
        if not self.layers:
            self.outputs = None
            self.inputs = None
            self._layers = []
        elif self.outputs:
            last = self.layers[-1]
            last._outbound_nodes = []
            self.outputs = [last.get_output_at(-1)]
            self.build()

    def build(self, input_shape=None):
        """Creates the model's graph.

        # Arguments
            input_shape: batch input shape (including the batch axis), used
                when the first layer did not define one.

        # Raises
            ValueError: if the model has no input shape at all.
        """
        if input_shape and not self.inputs:
            x = Input(batch_shape=tuple(input_shape), dtype=K.floatx(),
                      name=self.name + '_input')
            self.inputs = [x]
            for layer in self._layers:
                x = layer(x)
            self.outputs = [x]
            self._build_input_shape = input_shape
        if self.inputs:
            self._init_graph_network(self.inputs, self.outputs, name=self.name)
            self.built = True
        elif input_shape is None and not self._layers:
            raise ValueError('Sequential model %s has no layers to build.'
                             % self.name)

    def predict_proba(self, x, batch_size=32, verbose=0):
        """Class probabilities for the input samples (the output of
        `predict`, with a warning when it is not in [0, 1]).

        # Arguments
            x: input data (Numpy array or list of arrays).
            batch_size: batch size.
            verbose: verbosity mode, 0 or 1.

        # Returns
            A Numpy array of probability predictions.
        """
        preds = self.predict(x, batch_size, verbose)
        if preds.min() < 0. or preds.max() > 1.:
            warnings.warn('Network returning invalid probability values. The '
                          'last layer might not normalize predictions into '
                          'probabilities (like softmax or sigmoid would).')
        return preds

    def predict_classes(self, x, batch_size=32, verbose=0):
        """Class predictions for the input samples: the arg-max of the
        output, or `output > 0.5` for a single output unit.

        # Arguments
            x: input data (Numpy array or list of arrays).
            batch_size: batch size.
            verbose: verbosity mode, 0 or 1.

        # Returns
            A Numpy array of class predictions.
        """
        proba = self.predict(x, batch_size=batch_size, verbose=verbose)
        if proba.shape[-1] > 1:
            return proba.argmax(axis=-1)
        return (proba > 0.5).astype('int32')

    def get_config(self):
        """`{'name': ..., 'layers': [{'class_name': ..., 'config': ...}]}`
        (plus `build_input_shape` for a model built by `build()`)."""
        layer_configs = [{'class_name': layer.__class__.__name__,
                          'config': layer.get_config()}
                         for layer in self.layers]
        config = {'name': self.name, 'layers': copy.deepcopy(layer_configs)}
        first = config['layers'][0]['config'] if config['layers'] else None
        if (first is not None and self._layers and
                isinstance(self._layers[0], InputLayer) and
                'batch_input_shape' not in first):
            # The input shape was given by an explicit InputLayer (which
            # `layers` does not list): keep it, or the config cannot be
            # rebuilt into a model with inputs.
            first['batch_input_shape'] = self._layers[0].batch_input_shape
            first.setdefault('dtype', self._layers[0].dtype)
        if self._build_input_shape:
            config['build_input_shape'] = self._build_input_shape
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds a model from `get_config()`'s output, or from the plain
        list of layer configs that older Keras versions wrote.

        # Arguments
            config: the config (dict or list).
            custom_objects: dict of names to custom classes/functions.

        # Returns
            A `Sequential` model.
        """
        from ..layers import deserialize as deserialize_layer
        if isinstance(config, dict) and 'layers' in config:
            name = config.get('name')
            build_input_shape = config.get('build_input_shape')
            layer_configs = config['layers']
        else:
            name = None
            build_input_shape = None
            layer_configs = config
        model = cls(name=name)
        for conf in layer_configs:
            model.add(deserialize_layer(conf, custom_objects=custom_objects))
        if not model.inputs and build_input_shape:
            model.build(build_input_shape)
        return model
