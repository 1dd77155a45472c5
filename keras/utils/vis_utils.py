"""Drawing a model's graph with pydot (and GraphViz)."""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import os

# pydot_ng and pydotplus are maintained forks of pydot; any one will do.
try:
    import pydot_ng as pydot
except ImportError:
    try:
        import pydotplus as pydot
    except ImportError:
        try:
            import pydot
        except ImportError:
            pydot = None


def _check_pydot():
    """Raises an informative error if pydot or GraphViz is unusable."""
    if pydot is None:
        raise ImportError('Failed to import `pydot`. Please install `pydot` '
                          '(for example with `pip install pydot`) and '
                          'GraphViz to use `plot_model`/`model_to_dot`.')
    try:
        # A trivial render finds out whether the GraphViz programs run.
        pydot.Dot.create(pydot.Dot())
    except OSError:
        raise OSError('`pydot` failed to call GraphViz. Please install '
                      'GraphViz (https://www.graphviz.org/) and ensure that '
                      'its executables are in the $PATH.')


def _layer_label(layer, show_shapes, show_layer_names):
    from ..engine.base_layer import Layer
    layer_name = layer.name
    class_name = layer.__class__.__name__
    # Wrappers (TimeDistributed, Bidirectional, ...) show the wrapped layer.
    wrapped = getattr(layer, 'layer', None)
    if isinstance(wrapped, Layer):
        layer_name = '%s(%s)' % (layer_name, wrapped.name)
        class_name = '%s(%s)' % (class_name, wrapped.__class__.__name__)
    label = '%s: %s' % (layer_name, class_name) if show_layer_names \
        else class_name
    if not show_shapes:
        return label
    try:
        output_label = str(layer.output_shape)
    except AttributeError:
        output_label = 'multiple'
    try:
        input_label = str(layer.input_shape)
    except AttributeError:
        if hasattr(layer, 'input_shapes'):
            input_label = ', '.join(str(s) for s in layer.input_shapes)
        else:
            input_label = 'multiple'
    return '%s\n|{input:|output:}|{{%s}|{%s}}' % (label, input_label,
                                                  output_label)


def model_to_dot(model, show_shapes=False, show_layer_names=True,
                 rankdir='TB'):
    """Converts a Keras model to a pydot graph (one node per layer).

    # Arguments
        model: a Keras model.
        show_shapes: whether to show the input and output shapes.
        show_layer_names: whether to show the layer names.
        rankdir: the GraphViz `rankdir`: `'TB'` (vertical) or `'LR'`
            (horizontal).

    # Returns
        A `pydot.Dot` instance.

    # Raises
        ImportError: if pydot is not installed.
        OSError: if GraphViz cannot be run.
    """
    from ..models import Sequential
    _check_pydot()
    dot = pydot.Dot()
    dot.set('rankdir', rankdir)
    dot.set('concentrate', True)
    dot.set_node_defaults(shape='record')

    if isinstance(model, Sequential) and not model.built:
        model.build()
    layers = model.layers
    for layer in layers:
        label = _layer_label(layer, show_shapes, show_layer_names)
        dot.add_node(pydot.Node(str(id(layer)), label=label))

    network_nodes = getattr(model, '_network_nodes', None)
    for layer in layers:
        for i, node in enumerate(layer._inbound_nodes):
            node_key = layer.name + '_ib-' + str(i)
            if network_nodes is not None and node_key not in network_nodes:
                continue
            for inbound_layer in node.inbound_layers:
                dot.add_edge(pydot.Edge(str(id(inbound_layer)),
                                        str(id(layer))))
    return dot


def plot_model(model, to_file='model.png', show_shapes=False,
               show_layer_names=True, rankdir='TB'):
    """Draws a model's graph to an image file.

    # Arguments
        model: a Keras model.
        to_file: the file name; its extension selects the format
            (default `png`).
        show_shapes: whether to show the input and output shapes.
        show_layer_names: whether to show the layer names.
        rankdir: the GraphViz `rankdir`: `'TB'` (vertical) or `'LR'`
            (horizontal).

    # Raises
        ImportError: if pydot is not installed.
        OSError: if GraphViz cannot be run.
    """
    dot = model_to_dot(model, show_shapes, show_layer_names, rankdir)
    extension = os.path.splitext(to_file)[1]
    extension = extension[1:] if extension else 'png'
    dot.write(to_file, format=extension)
