"""vis_utils: the pydot error message, and the graph built by model_to_dot
(checked with a stand-in pydot module that records nodes and edges)."""
import pytest

from keras.utils import vis_utils


class _FakeDot(object):
    def __init__(self):
        self.settings = {}
        self.nodes = []
        self.edges = []
        self.written = None

    def set(self, key, value):
        self.settings[key] = value

    def set_node_defaults(self, **kwargs):
        self.settings['node_defaults'] = kwargs

    def add_node(self, node):
        self.nodes.append(node)

    def add_edge(self, edge):
        self.edges.append(edge)

    def create(self):
        return b''

    def write(self, path, format=None):
        self.written = (path, format)


class _FakeNode(object):
    def __init__(self, name, label=None):
        self.name = name
        self.label = label


class _FakeEdge(object):
    def __init__(self, source, target):
        self.source = source
        self.target = target


class _FakePydot(object):
    Dot = _FakeDot
    Node = _FakeNode
    Edge = _FakeEdge


def test_missing_pydot_error(monkeypatch):
    monkeypatch.setattr(vis_utils, 'pydot', None)
    with pytest.raises(ImportError, match='pip install pydot'):
        vis_utils.model_to_dot(None)


def test_model_to_dot_and_plot_model(monkeypatch, tmp_path):
    from keras.layers import Dense, Input, concatenate
    from keras.models import Model
    monkeypatch.setattr(vis_utils, 'pydot', _FakePydot)
    a = Input((3,), name='a')
    b = Input((2,), name='b')
    merged = concatenate([Dense(4, name='da')(a), b], name='cat')
    model = Model([a, b], Dense(1, name='out')(merged))

    dot = vis_utils.model_to_dot(model, show_shapes=True, rankdir='LR')
    assert dot.settings['rankdir'] == 'LR'
    labels = {node.name: node.label for node in dot.nodes}
    ids = {layer.name: str(id(layer)) for layer in model.layers}
    assert labels[ids['da']] == \
        'da: Dense\n|{input:|output:}|{{(None, 3)}|{(None, 4)}}'
    assert labels[ids['cat']].startswith('cat: Concatenate\n|{input:|')
    assert '[(None, 4), (None, 2)]' in labels[ids['cat']]
    edges = {(e.source, e.target) for e in dot.edges}
    assert edges == {(ids['a'], ids['da']), (ids['da'], ids['cat']),
                     (ids['b'], ids['cat']), (ids['cat'], ids['out'])}

    dot = vis_utils.model_to_dot(model, show_layer_names=False)
    assert sorted(node.label for node in dot.nodes) == \
        ['Concatenate', 'Dense', 'Dense', 'InputLayer', 'InputLayer']

    # A wrapper shows the wrapped layer.
    from keras.engine.base_layer import Layer

    class Wrapping(Layer):
        def __init__(self, layer, **kwargs):
            self.layer = layer
            super(Wrapping, self).__init__(**kwargs)

        def call(self, inputs):
            return self.layer(inputs)

        def compute_output_shape(self, input_shape):
            return self.layer.compute_output_shape(input_shape)
    wrapped = Model(a, Wrapping(Dense(2, name='inner'), name='wrap')(a))
    labels = sorted(n.label for n in vis_utils.model_to_dot(wrapped).nodes)
    assert labels == ['a: InputLayer', 'wrap(inner): Wrapping(Dense)']

    written = []
    monkeypatch.setattr(_FakeDot, 'write',
                        lambda self, path, format=None:
                        written.append((path, format)))
    vis_utils.plot_model(model, to_file=str(tmp_path / 'm.svg'))
    vis_utils.plot_model(model, to_file=str(tmp_path / 'm'))
    assert [fmt for _, fmt in written] == ['svg', 'png']
