"""The import structure around the multipliers (issue 10): `keras/multipliers.py`
is a leaf, the fine-tuning callbacks live in `keras/callbacks.py`, there is
no import loop between `keras/layers/convolutional.py` and
`keras/legacy/layers.py`, one `multipliers` property, one import alias, and
no "article" in code names."""
from __future__ import absolute_import

import ast
import collections
import inspect
import io
import os
import re
import subprocess
import sys
import textwrap
import tokenize

import keras
from keras import callbacks
from keras import layers
from keras import multipliers as multipliers_lib
from keras.engine.network import Network
from keras.engine.training import Model
from keras.layers import convolutional
from keras.legacy import layers as legacy_layers

PACKAGE = os.path.dirname(os.path.abspath(keras.__file__))


def _source(relative):
    with io.open(os.path.join(PACKAGE, relative), encoding='utf-8') as f:
        return f.read()


def _resolve(module, level, name):
    """Absolute name of `from <level dots><name> import ...` in `module`."""
    if not level:
        return name
    parts = module.split('.')
    # A module's own package is its name minus the last part.
    base = parts[:len(parts) - level]
    return '.'.join(base + ([name] if name else []))


def module_level_imports(relative):
    """Absolute names of the modules `keras/<relative>` imports when it is
    executed: imports outside functions and classes (a `from X import y`
    counts as X and X.y, since y may be a module)."""
    module = 'keras.' + relative[:-3].replace(os.sep, '.').replace('/', '.')
    if module.endswith('.__init__'):
        module = module[:-len('.__init__')] + '.__init__'
    tree = ast.parse(_source(relative))
    names = set()

    def visit(statements):
        for node in statements:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                continue
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, node.level, node.module)
                names.add(base)
                names.update(base + '.' + alias.name for alias in node.names)
            for field in ('body', 'orelse', 'finalbody', 'handlers'):
                visit(getattr(node, field, []) or [])
    visit(tree.body)
    return names


def test_multipliers_module_is_a_leaf():
    imports = module_level_imports('multipliers.py')
    assert not [name for name in imports if name.startswith('keras')], imports
    # Executed on its own in a fresh interpreter, it loads nothing of keras
    # (importing it as keras.multipliers would run keras/__init__.py first).
    script = textwrap.dedent('''
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location('leaf', sys.argv[1])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert module.normalize_spec({'kernel': 1}, 'd') == {'kernel': 1.0}
        loaded = sorted(m for m in sys.modules
                        if m == 'keras' or m.startswith(('keras.', 'tensorflow')))
        print('LOADED=%r' % loaded)
    ''')
    out = subprocess.check_output(
        [sys.executable, '-c', script, os.path.join(PACKAGE, 'multipliers.py')],
        universal_newlines=True)
    assert 'LOADED=[]' in out, out


def test_callbacks_module_imports_what_it_needs_at_module_level():
    imports = module_level_imports('callbacks.py')
    assert 'keras.backend' in imports
    assert 'keras.multipliers' in imports
    tree = ast.parse(_source('callbacks.py'))
    top_level = set(id(node) for node in tree.body)
    nested = [ast.dump(node) for node in ast.walk(tree)
              if isinstance(node, (ast.Import, ast.ImportFrom))
              and id(node) not in top_level]
    # Only the optional dependency of RemoteMonitor is imported on use.
    assert len(nested) == 1 and "'requests'" in nested[0], nested


def test_fine_tuning_callbacks_live_in_callbacks():
    assert callbacks.MultiplierScheduler.__module__ == 'keras.callbacks'
    assert callbacks.GradualUnfreezing.__module__ == 'keras.callbacks'
    assert issubclass(callbacks.GradualUnfreezing, callbacks.Callback)
    assert multipliers_lib.GradualUnfreezing is callbacks.GradualUnfreezing


def test_no_import_loop_between_convolutional_and_legacy_layers():
    conv = module_level_imports(os.path.join('layers', 'convolutional.py'))
    legacy = module_level_imports(os.path.join('legacy', 'layers.py'))
    assert 'keras.layers.convolutional' in legacy
    assert not [n for n in conv if n.startswith('keras.legacy.layers')], conv
    # The names are still served, by both modules and by keras.layers.
    for name in ('AtrousConvolution1D', 'AtrousConvolution2D'):
        assert getattr(convolutional, name) is getattr(legacy_layers, name)
        assert getattr(layers, name) is getattr(legacy_layers, name)
    assert layers.AtrousConv2D is legacy_layers.AtrousConvolution2D
    from keras.layers.convolutional import AtrousConvolution1D  # noqa: F401
    try:
        convolutional.AtrousConvolution3D
    except AttributeError as error:
        assert 'AtrousConvolution3D' in str(error)
    else:
        raise AssertionError('convolutional.AtrousConvolution3D exists')


def test_atrous_factory_builds_a_dilated_convolution():
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        layer = convolutional.AtrousConvolution2D(4, (3, 3), atrous_rate=(2, 2))
    assert isinstance(layer, convolutional.Conv2D)
    assert layer.dilation_rate == (2, 2)
    assert any('AtrousConvolution2D' in str(w.message) for w in caught)


def test_one_multipliers_property():
    assert 'multipliers' in Network.__dict__
    assert 'multipliers' not in Model.__dict__
    assert Model.multipliers is Network.multipliers


def _python_files():
    for root, _, files in os.walk(PACKAGE):
        for name in files:
            if name.endswith('.py'):
                yield os.path.join(root, name)


def test_one_import_alias_for_the_multipliers_module():
    pattern = re.compile(r'^\s*from \.+ import multipliers\b(.*)$|'
                         r'^\s*import keras\.multipliers\b(.*)$|'
                         r'^\s*from keras import multipliers\b(.*)$', re.M)
    seen = {}
    for path in _python_files():
        with io.open(path, encoding='utf-8') as f:
            for match in pattern.finditer(f.read()):
                tail = next(g for g in match.groups() if g is not None).strip()
                seen.setdefault(tail, []).append(os.path.relpath(path, PACKAGE))
    # keras/__init__.py exposes the module as `keras.multipliers`; every
    # other module imports it as `multipliers_lib`.
    assert seen.pop('', None) == ['__init__.py'], seen
    assert list(seen) == ['as multipliers_lib'], seen
    assert len(seen['as multipliers_lib']) >= 6


def test_no_article_in_code_names():
    offenders = []
    for path in _python_files():
        with io.open(path, encoding='utf-8') as f:
            for token in tokenize.generate_tokens(f.readline):
                if token.type == tokenize.NAME and 'article' in token.string.lower():
                    offenders.append('%s: %s' % (os.path.relpath(path, PACKAGE),
                                                 token.string))
    assert offenders == []


# Words of the module docstring between double backquotes that are not
# names of `keras.multipliers`: prose, and other objects' arguments,
# attributes and methods.
_DOCSTRING_PROSE = set([
    'b', 'b_learning_rate_multiplier', 'W_learning_rate_multiplier',
    'W_decay_multiplier', 'b_decay_multiplier', 'get_config', 'lr_mult',
    'lr_t', 'learning_rate_multipliers', 'multipliers_lib', 'decay_mult',
    'decay_multipliers', 'weight_decay', 'Dense', '_Conv', 'TensorBoard',
    'Layer', 'W'])
# Helpers for users' scripts: the package itself does not call them; the API
# reference lists them.
_USER_HELPERS = ('spread_rules', 'layer_decay')


def _docstring_names():
    return set(re.findall(r'``([A-Za-z_][A-Za-z0-9_]*)``', multipliers_lib.__doc__))


def _loaded_names():
    """Every name the package's code reads (`x` and `y.x`, strings and
    definitions excluded), with the number of reads."""
    counts = collections.Counter()
    for path in _python_files():
        with io.open(path, encoding='utf-8') as f:
            tree = ast.parse(f.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                counts[node.id] += 1
            elif (isinstance(node, ast.Attribute) and
                  isinstance(node.ctx, ast.Load)):
                counts[node.attr] += 1
    return counts


def test_module_docstring_names_only_existing_helpers():
    named = _docstring_names()
    helpers = named - _DOCSTRING_PROSE
    assert len(helpers) >= 30, sorted(named)
    used = _loaded_names()
    with io.open(os.path.join(os.path.dirname(PACKAGE), 'docs', 'api',
                              'multipliers.md'), encoding='utf-8') as f:
        reference = f.read()
    for name in sorted(helpers):
        assert hasattr(multipliers_lib, name), name
        if name in _USER_HELPERS:
            assert '        - %s\n' % name in reference, name
            continue
        assert used[name] >= 1, (
            '%s is named in the docstring but the package never uses it' % name)
    for name in ('W_learning_rate_multiplier', 'b_learning_rate_multiplier',
                 'get_updates(loss, params, multipliers)', 'seed/README.md'):
        assert name in multipliers_lib.__doc__


def test_module_docstring_names_every_public_helper():
    # Each public function and class of the module, each kind of multiplier
    # (the decay kind and its defaults included) and the lazily served
    # callbacks are named in the docstring.
    named = _docstring_names()
    public = [name for name, value in vars(multipliers_lib).items()
              if not name.startswith('_') and
              (inspect.isfunction(value) or inspect.isclass(value) or
               isinstance(value, multipliers_lib.MultiplierKind)) and
              getattr(value, '__module__', 'keras.multipliers') ==
              'keras.multipliers']
    missing = sorted(set(public) - named)
    assert not missing, missing
    for name in ('layer_decay', 'effective_learning_rates', 'MultiplierKind',
                 'LEARNING_RATE', 'DECAY', 'KINDS', 'default_decay_multiplier',
                 'NO_DECAY_NAMES', 'decay_values', 'applies_weight_decay',
                 'MultiplierScheduler', 'GradualUnfreezing'):
        assert name in named, name


def _body_without_docstring(function):
    body = function.body
    if ast.get_docstring(function) is not None:
        body = body[1:]
    return ''.join(ast.dump(statement) for statement in body)


def test_no_function_of_the_multipliers_module_is_written_twice():
    # The decay work once added `_is_network` next to `_is_model`, the same
    # nested-model check: one helper per check.
    tree = ast.parse(_source('multipliers.py'))
    bodies = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            bodies.setdefault(_body_without_docstring(node), []).append(node.name)
    twice = [names for names in bodies.values() if len(names) > 1]
    assert not twice, twice
