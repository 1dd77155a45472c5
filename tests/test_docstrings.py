"""Docstring check: every public function, method and class of a module has
a docstring whose `# Arguments` section lists each of its parameters (the
rule of Keras 2.2.4's documentation check, which walks the public modules).

`undocumented_arguments` is the reusable checker. For now it runs only on
the modules listed in `CHECKED` (those of the layers/backend/initializers/
activations/utils fidelity work); it is meant to be extended to the whole
package once every module passes.
"""
import importlib
import inspect
import re

import pytest

_SECTION = re.compile(r'^\s*# (\w[\w ]*)\s*$')


def argument_section(doc):
    """The text of the `# Arguments` section of a docstring, or None.

    # Arguments
        doc: a docstring (or None).

    # Returns
        The lines between `# Arguments` and the next `# ...` header, joined,
        or None when there is no such section.
    """
    if not doc:
        return None
    lines = doc.splitlines()
    for start, line in enumerate(lines):
        match = _SECTION.match(line)
        if match and match.group(1) == 'Arguments':
            body = []
            for line in lines[start + 1:]:
                if _SECTION.match(line):
                    break
                body.append(line)
            return '\n'.join(body)
    return None


def _named_parameters(function, skip_first):
    """Names of the parameters of `function` a docstring must describe:
    positional and keyword ones, not `*args`/`**kwargs` (forwarded), nor
    `self`/`cls` when `skip_first`."""
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return []
    if skip_first and parameters:
        parameters = parameters[1:]
    return [p.name for p in parameters
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _missing(doc, names):
    """The entries of `names` without an entry `name: description` of their
    own in the `# Arguments` section of `doc` (all of them when the section
    is missing). As in Keras 2.2.4's check, `a, b: ...` documents `b` only.
    """
    if not names:
        return []
    section = argument_section(doc)
    if section is None:
        return list(names)
    described = set(re.findall(r'^\s*\**(\w+)\s*:', section, re.MULTILINE))
    return [name for name in names if name not in described]


def _check_function(qualname, function, skip_first, problems):
    doc = inspect.getdoc(function)
    if not doc:
        problems.append('%s: no docstring' % qualname)
        return
    missing = _missing(doc, _named_parameters(function, skip_first))
    if missing:
        problems.append('%s: `# Arguments` does not list %s'
                        % (qualname, ', '.join(missing)))


def _check_class(qualname, cls, problems):
    doc = inspect.getdoc(cls)
    if not doc:
        problems.append('%s: no docstring' % qualname)
    elif '__init__' in vars(cls):
        missing = _missing(doc, _named_parameters(cls.__init__, True))
        if missing:
            problems.append('%s: `# Arguments` does not list constructor '
                            'arguments %s' % (qualname, ', '.join(missing)))
    for name, member in sorted(vars(cls).items()):
        if name.startswith('_'):
            continue
        # Through getattr, so that a method without a docstring of its own
        # is checked against the one it inherits (inspect.getdoc); a
        # classmethod comes bound (no `cls` in its signature).
        if isinstance(member, (staticmethod, classmethod)):
            skip_first = False
        elif inspect.isfunction(member):
            skip_first = True
        else:
            continue
        function = getattr(cls, name)
        _check_function('%s.%s' % (qualname, name), function, skip_first,
                        problems)


def undocumented_arguments(module, names=None):
    """Lists the docstring problems of the public API of `module`.

    Walks the public functions and classes defined in `module` itself (not
    those it imports from elsewhere) and the public methods defined in
    those classes. Each needs a docstring; a class's `# Arguments` lists
    its constructor's parameters, a function's or method's its own.
    `self`/`cls` and `*args`/`**kwargs` are not required.

    # Arguments
        module: a module object or its dotted name.
        names: optional list of attribute names: only those are checked.

    # Returns
        A list of strings, one per problem (empty when all is documented).
    """
    if isinstance(module, str):
        module = importlib.import_module(module)
    problems = []
    for name in sorted(names or dir(module)):
        if name.startswith('_'):
            continue
        member = getattr(module, name)
        if getattr(member, '__module__', None) != module.__name__:
            continue
        qualname = '%s.%s' % (module.__name__, name)
        if inspect.isclass(member):
            _check_class(qualname, member, problems)
        elif inspect.isfunction(member):
            _check_function(qualname, member, False, problems)
    return problems


# The modules (or parts of modules) checked for now: (module, names or None
# for every public name).
CHECKED = [
    ('keras.initializers', None),
    ('keras.activations', None),
    ('keras.layers.recurrent', None),
    ('keras.layers.wrappers', None),
    ('keras.layers.advanced_activations', None),
    ('keras.layers.convolutional', ['Cropping1D']),
    ('keras.utils.conv_utils', None),
    ('keras.backend.tensorflow_backend', ['arange', 'repeat_elements',
                                          'relu', 'elu', 'softmax', 'softplus',
                                          'softsign', 'sigmoid', 'hard_sigmoid',
                                          'tanh']),
    ('keras.preprocessing', None),
    ('keras.preprocessing.image', None),
    ('keras.preprocessing.sequence', None),
    ('keras.preprocessing.text', None),
    ('keras.applications', None),
    ('keras.applications.densenet', None),
    ('keras.applications.imagenet_utils', None),
    ('keras.applications.inception_resnet_v2', None),
    ('keras.applications.inception_v3', None),
    ('keras.applications.mobilenet', None),
    ('keras.applications.mobilenet_v2', None),
    ('keras.applications.mobilenetv2', None),
    ('keras.applications.nasnet', None),
    ('keras.applications.resnet50', None),
    ('keras.applications.vgg16', None),
    ('keras.applications.vgg19', None),
    ('keras.applications.xception', None),
]


@pytest.mark.parametrize('module,names', CHECKED,
                         ids=[m if n is None else '%s:%s' % (m, ','.join(n))
                              for m, n in CHECKED])
def test_arguments_are_documented(module, names):
    problems = undocumented_arguments(module, names)
    assert not problems, '\n'.join(problems)


def _sample(a, b, *args, **kwargs):
    """Sample.

    # Arguments
        a: first.
        b, c: second and a name that is not a parameter.
    """


class _Sample(object):
    """Sample class.

    # Arguments
        x: a value.
    """

    def __init__(self, x, y=1, **kwargs):
        pass

    def run(self, inputs):
        """Runs.

        # Returns
            Nothing.
        """

    @classmethod
    def make(cls, config):
        """Makes one.

        # Arguments
            config: a dict.
        """


def test_checker_finds_what_is_missing():
    import types
    module = types.ModuleType('sample_module')
    _sample.__module__ = _Sample.__module__ = 'sample_module'
    module.sample = _sample
    module.Sample = _Sample
    problems = undocumented_arguments(module)
    assert problems == [
        'sample_module.Sample: `# Arguments` does not list constructor '
        'arguments y',
        'sample_module.Sample.run: `# Arguments` does not list inputs',
        'sample_module.sample: `# Arguments` does not list b',
    ]
    assert argument_section(_sample.__doc__).split() == [
        'a:', 'first.', 'b,', 'c:', 'second', 'and', 'a', 'name', 'that',
        'is', 'not', 'a', 'parameter.']
    assert argument_section('No sections.') is None
