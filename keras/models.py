"""Model classes and functions: ``Model``, ``Sequential``, ``Input``,
``InputLayer``, and saving, loading and cloning (Keras 2.2.4's
``keras.models`` functions)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from . import backend as _K
from .engine.input_layer import Input
from .engine.input_layer import InputLayer
from .engine.safe_mode import safe_mode_scope as _safe_mode_scope
from .engine.saving import load_model
from .engine.saving import model_from_config
from .engine.saving import model_from_json
from .engine.saving import model_from_yaml
from .engine.saving import save_model
from .engine.sequential import Sequential
from .engine.training import Model
from .utils.generic_utils import has_arg as _has_arg
from .utils.generic_utils import to_list as _to_list

__all__ = ['Model', 'Sequential', 'Input', 'InputLayer', 'save_model',
           'load_model', 'model_from_config', 'model_from_json',
           'model_from_yaml', 'clone_model']


def _clone_layer(layer):
    # The config comes from a live layer of this process: rebuilding a
    # Lambda from its bytecode is not loading untrusted code.
    with _safe_mode_scope(False):
        return layer.__class__.from_config(layer.get_config())


def _clone_functional_model(model, input_tensors=None):
    """A new functional model with the same graph of layers as `model` and
    newly created weights, called on new inputs or on `input_tensors`.

    Each layer is rebuilt from its config (`from_config(get_config())`), so
    learning-rate multipliers are kept and weights are not copied.

    # Arguments
        model: a functional `Model` (not a `Sequential` nor a subclassed
            model).
        input_tensors: optional tensor or list of tensors, one per input of
            `model`, to build the clone on; tensors that are not Keras
            tensors are wrapped in an `InputLayer`. By default new `Input`s
            with the shapes, dtypes and names of the model's are created.

    # Returns
        A `Model` with the same name as `model`.

    # Raises
        ValueError: when `model` is not a functional model, or the number
            of `input_tensors` differs from the number of inputs.
    """
    if not isinstance(model, Model):
        raise ValueError('Expected `model` argument to be a `Model` instance, '
                         'got %r.' % (model,))
    if isinstance(model, Sequential):
        raise ValueError('Expected `model` argument to be a functional `Model` '
                         'instance, got a `Sequential` instance instead: %r'
                         % (model,))
    if not getattr(model, '_is_graph_network', True):
        raise ValueError('clone_model: model %r is a subclassed model; only '
                         'Sequential and functional models can be cloned.'
                         % model.name)
    layer_map = {}
    tensor_map = {}  # id(original tensor) -> (new tensor, mask)
    if input_tensors is None:
        input_tensors = []
        for layer in model._input_layers:
            new_input = Input(batch_shape=layer.batch_input_shape,
                              dtype=layer.dtype,
                              sparse=layer.sparse,
                              name=layer.name)
            input_tensors.append(new_input)
            layer_map[layer] = new_input._keras_history[0]
    else:
        input_tensors = _to_list(input_tensors)
        if len(input_tensors) != len(model._input_layers):
            raise ValueError('clone_model: model %r has %d inputs, but %d input '
                             'tensors were given.'
                             % (model.name, len(model._input_layers),
                                len(input_tensors)))
        wrapped = []
        for i, x in enumerate(input_tensors):
            if not _K.is_keras_tensor(x):
                name = model._input_layers[i].name
                x = Input(tensor=x, name='input_wrapper_for_' + name)
                layer_map[model._input_layers[i]] = x._keras_history[0]
            wrapped.append(x)
        input_tensors = wrapped
    for x, y in zip(model.inputs, input_tensors):
        tensor_map[id(x)] = (y, None)

    for depth in sorted(model._nodes_by_depth, reverse=True):
        for node in model._nodes_by_depth[depth]:
            layer = node.outbound_layer
            if layer not in layer_map:
                if isinstance(layer, InputLayer):
                    continue
                layer_map[layer] = _clone_layer(layer)
            new_layer = layer_map[layer]
            if isinstance(new_layer, InputLayer):
                continue
            reference_inputs = _to_list(node.input_tensors)
            if not all(id(x) in tensor_map for x in reference_inputs):
                continue
            computed = [tensor_map[id(x)] for x in reference_inputs]
            kwargs = dict(node.arguments or {})
            tensors = [c[0] for c in computed]
            masks = [c[1] for c in computed]
            if len(computed) == 1:
                tensors, masks = tensors[0], masks[0]
                if masks is not None and _has_arg(new_layer.call, 'mask') \
                        and 'mask' not in kwargs:
                    kwargs['mask'] = masks
            elif any(m is not None for m in masks) and \
                    _has_arg(new_layer.call, 'mask') and 'mask' not in kwargs:
                kwargs['mask'] = masks
            outputs = _to_list(new_layer(tensors, **kwargs))
            output_masks = _to_list(new_layer.compute_mask(tensors,
                                                           kwargs.get('mask')))
            if len(output_masks) != len(outputs):
                output_masks = [None] * len(outputs)
            for x, y, m in zip(_to_list(node.output_tensors), outputs,
                               output_masks):
                tensor_map[id(x)] = (y, m)

    output_tensors = []
    for x in model.outputs:
        if id(x) not in tensor_map:
            raise ValueError('clone_model: could not compute output %s of '
                             'model %r.' % (x, model.name))
        output_tensors.append(tensor_map[id(x)][0])
    return Model(input_tensors, output_tensors, name=model.name)


def _clone_sequential_model(model, input_tensors=None):
    """A new `Sequential` model with clones of `model`'s layers (new
    weights, rebuilt from their configs), optionally on top of
    `input_tensors`.

    # Arguments
        model: a `Sequential` model.
        input_tensors: optional single tensor (or list of one) to build the
            clone on: a Keras tensor coming from an `InputLayer`, or a plain
            tensor, which is wrapped in a new `InputLayer`. By default the
            clone gets an input like the model's (when it has one).

    # Returns
        A `Sequential` model with the same name as `model`.

    # Raises
        ValueError: when `model` is not a `Sequential` model, when more
            than one input tensor is given, or for a Keras tensor that does
            not come from an `InputLayer`.
    """
    if not isinstance(model, Sequential):
        raise ValueError('Expected `model` argument to be a `Sequential` model '
                         'instance, got %r.' % (model,))
    layers = [_clone_layer(layer) for layer in model.layers]
    if input_tensors is None:
        if not model.layers or model.inputs is None or not model.inputs:
            return Sequential(layers=layers, name=model.name)
        input_layer = model._layers[0] if model._layers else None
        if isinstance(input_layer, InputLayer) and layers and \
                'batch_input_shape' not in layers[0].get_config():
            new_input = Input(batch_shape=input_layer.batch_input_shape,
                              dtype=input_layer.dtype,
                              sparse=input_layer.sparse,
                              name=input_layer.name)
            return Sequential(layers=[new_input._keras_history[0]] + layers,
                              name=model.name)
        return Sequential(layers=layers, name=model.name)
    input_tensors = _to_list(input_tensors)
    if len(input_tensors) != 1:
        raise ValueError('To clone a `Sequential` model, pass a single '
                         '`input_tensors` tensor (got %d).' % len(input_tensors))
    x = input_tensors[0]
    if _K.is_keras_tensor(x):
        origin_layer = x._keras_history[0]
        if isinstance(origin_layer, InputLayer):
            return Sequential(layers=[origin_layer] + layers, name=model.name)
        raise ValueError('Cannot clone a `Sequential` model on top of a tensor '
                         'that comes from a Keras layer other than an '
                         '`InputLayer`. Use the functional API instead.')
    input_tensor = Input(tensor=x, name='input_wrapper_for_' +
                         str(x.name).split(':')[0].replace('/', '_'))
    input_layer = input_tensor._keras_history[0]
    return Sequential(layers=[input_layer] + layers, name=model.name)


def clone_model(model, input_tensors=None):
    """Clones a functional or `Sequential` model: same layers and
    configuration (learning-rate multipliers included), new weights (not
    copied from `model`).

    # Arguments
        model: the model to clone.
        input_tensors: optional tensor(s) to build the clone on; by default
            new `Input`s like the model's are created.

    # Returns
        The new model.

    # Raises
        ValueError: for subclassed models or a wrong number of input tensors.
    """
    if isinstance(model, Sequential):
        return _clone_sequential_model(model, input_tensors=input_tensors)
    return _clone_functional_model(model, input_tensors=input_tensors)
