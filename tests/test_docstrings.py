"""Docstring check: every public function, method and class of the package
has a docstring whose `# Arguments` section lists each of its parameters
(the rule of Keras 2.2.4's documentation check, which walked the public
modules and failed on a missing one).

What is checked (`collect_entries`):

- every public module of `keras` (no component of its dotted name starts
  with `_`), imported;
- in each, every public name bound to a function or class of this package
  (its `__module__` is `keras` or under it). Names that `keras.applications`
  and `keras.preprocessing` re-export from `keras_applications` /
  `keras_preprocessing` are not ours and are skipped; the functions these
  wrappers define themselves are checked. Each object is checked once
  (aliases such as `keras.losses.mse` share the entry of
  `mean_squared_error`), in its home module's test;
- a function: each parameter, except `*args`/`**kwargs`, is listed;
- a class: its constructor's parameters (`__init__`, when defined in this
  package) are listed in the class docstring, and every public method
  defined in the class or in one of its bases from this package (not
  `object`'s or a third party's) lists its own, `self`/`cls` excepted; a
  method without a docstring is checked against the one it inherits;
- the private functions listed in `PRIVATE_CHECKED`.
"""
import collections
import importlib
import inspect
import pkgutil
import re

import pytest

# Private functions checked all the same: (module, name). Keras 2.2.4
# documented these with an `# Arguments` section although their names
# start with `_`; `models._clone_functional_model` is the one issue 8
# names.
PRIVATE_CHECKED = [
    ('keras.models', '_clone_functional_model'),
    ('keras.models', '_clone_sequential_model'),
    ('keras.engine.saving', '_serialize_model'),
    ('keras.engine.saving', '_deserialize_model'),
    ('keras.backend.tensorflow_backend', '_to_tensor'),
    ('keras.backend.tensorflow_backend', '_preprocess_padding'),
    ('keras.layers.recurrent', '_standardize_args'),
    ('keras.layers.recurrent', '_generate_dropout_mask'),
]

PACKAGE = 'keras'

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


# One thing to check: `kind` is 'function' (a function or method: its
# parameters against its docstring, `self`/`cls` left out when
# `skip_first`) or 'class' (its constructor's parameters against the class
# docstring).
Entry = collections.namedtuple('Entry', 'qualname kind obj skip_first')


def check_entry(entry):
    """The problem found with one `Entry`, or None.

    # Arguments
        entry: an `Entry`.

    # Returns
        A string naming the function, method or class and what its
        docstring lacks, or None when it is complete.
    """
    doc = inspect.getdoc(entry.obj)
    if not doc:
        return '%s: no docstring' % entry.qualname
    if entry.kind == 'class':
        init = entry.obj.__init__
        if not inspect.isfunction(init):
            # `object.__init__` (a slot wrapper): nothing to document.
            return None
        missing = _missing(doc, _named_parameters(init, True))
        if missing:
            return ('%s: `# Arguments` does not list constructor arguments %s'
                    % (entry.qualname, ', '.join(missing)))
        return None
    missing = _missing(doc, _named_parameters(entry.obj, entry.skip_first))
    if missing:
        return ('%s: `# Arguments` does not list %s'
                % (entry.qualname, ', '.join(missing)))
    return None


def public_modules(package=PACKAGE):
    """Imports and lists the public modules of a package.

    # Arguments
        package: dotted name of the package.

    # Returns
        The dotted names of the package and of every module and subpackage
        under it none of whose name components starts with `_`, parents
        before children.
    """
    names = [package]

    def walk(parent):
        found = pkgutil.iter_modules(parent.__path__, parent.__name__ + '.')
        for info in sorted(found, key=lambda info: info.name):
            if info.name.rsplit('.', 1)[-1].startswith('_'):
                continue
            names.append(info.name)
            module = importlib.import_module(info.name)
            if info.ispkg:
                walk(module)

    walk(importlib.import_module(package))
    return names


def _owned_by(obj, package):
    module = getattr(obj, '__module__', None) or ''
    return module == package or module.startswith(package + '.')


def _member_name(member, found_as, home):
    """The name to report `member` under: its own `__name__` when its home
    module binds that name to it (so aliases such as `MSE` are reported
    as `mean_squared_error`), else the name it was found under."""
    own = getattr(member, '__name__', found_as)
    if home is not None and getattr(home, own, None) is member:
        return own
    return found_as


def collect_entries(modules, private=(), package=PACKAGE):
    """Lists what the check looks at, grouped by module.

    # Arguments
        modules: list of modules (objects or dotted names) to walk.
        private: list of `(module, name)` of private functions or classes
            to check as well.
        package: dotted name of the package whose members are checked
            (members of other packages, such as the ones
            `keras.applications` re-exports, are not).

    # Returns
        An ordered dict {module name: list of `Entry`}: each public
        function and class of `package` reachable from `modules`, and each
        public method defined in such a class or in one of its bases from
        `package`, appears once, under its home module when that is in
        `modules` (else under the first module it was found in).
    """
    modules = [importlib.import_module(m) if isinstance(m, str) else m
               for m in modules]
    by_name = dict((m.__name__, m) for m in modules)
    groups = collections.OrderedDict((m.__name__, []) for m in modules)
    seen = set()

    def group_of(obj, found_in):
        home = obj.__module__
        return home if home in groups else found_in

    def add_member(found_in, found_as, member):
        if id(member) in seen:
            return
        seen.add(id(member))
        group = group_of(member, found_in)
        qualname = '%s.%s' % (member.__module__, _member_name(
            member, found_as, by_name.get(member.__module__)))
        if inspect.isfunction(member):
            groups[group].append(Entry(qualname, 'function', member, False))
            return
        groups[group].append(Entry(qualname, 'class', member, False))
        for klass in inspect.getmro(member):
            if not _owned_by(klass, package):
                continue
            for name, attribute in sorted(vars(klass).items()):
                if name.startswith('_') or (klass, name) in seen:
                    continue
                # Through getattr, so that a method without a docstring of
                # its own is checked against the one it inherits
                # (inspect.getdoc); a classmethod comes bound (no `cls` in
                # its signature).
                if isinstance(attribute, (staticmethod, classmethod)):
                    skip_first = False
                elif inspect.isfunction(attribute):
                    skip_first = True
                else:
                    continue
                seen.add((klass, name))
                method_name = (qualname if klass is member else
                               '%s.%s' % (klass.__module__,
                                          klass.__qualname__))
                groups[group_of(klass, group)].append(Entry(
                    '%s.%s' % (method_name, name), 'function',
                    getattr(klass, name), skip_first))

    for module in modules:
        for name in sorted(dir(module)):
            if name.startswith('_'):
                continue
            member = getattr(module, name)
            if ((inspect.isclass(member) or inspect.isfunction(member)) and
                    _owned_by(member, package)):
                add_member(module.__name__, name, member)
    for module_name, name in private:
        member = getattr(importlib.import_module(module_name), name)
        add_member(module_name, name, member)
    return groups


def undocumented_arguments(module):
    """Lists the docstring problems of the public API of one module.

    # Arguments
        module: a module object or its dotted name.

    # Returns
        A list of strings, one per problem (empty when all is documented):
        those of the public functions and classes defined in `module`
        itself and of their public methods.
    """
    if isinstance(module, str):
        module = importlib.import_module(module)
    entries = collect_entries([module], package=module.__name__)
    return [problem for problem in map(check_entry, entries[module.__name__])
            if problem]


MODULES = public_modules()
ENTRIES = collect_entries(MODULES, PRIVATE_CHECKED)


@pytest.mark.parametrize('module', [m for m in MODULES if ENTRIES[m]])
def test_arguments_are_documented(module):
    problems = [problem for problem in map(check_entry, ENTRIES[module])
                if problem]
    assert not problems, '\n'.join(problems)


def test_private_names_exist():
    # A private name that no longer exists would be checked nowhere.
    for module, name in PRIVATE_CHECKED:
        assert callable(getattr(importlib.import_module(module), name))


def _qualnames(module):
    return [entry.qualname for entry in ENTRIES[module]]


def test_walk_covers_the_package():
    every = [entry.qualname for entries in ENTRIES.values()
             for entry in entries]
    assert len(every) == len(set(every))
    # Private functions named in PRIVATE_CHECKED.
    assert 'keras.models._clone_functional_model' in _qualnames('keras.models')
    assert ('keras.engine.saving_model._serialize_model'
            in _qualnames('keras.engine.saving_model'))
    # An alias is checked once, under its own name.
    losses = _qualnames('keras.losses')
    assert 'keras.losses.mean_squared_error' in losses
    assert 'keras.losses.mse' not in losses and 'keras.losses.MSE' not in losses
    # A method of a private base class, reached through a public subclass.
    assert ('keras.layers.pooling._Pooling1D.compute_output_shape'
            in _qualnames('keras.layers.pooling'))
    # The functions a wrapper module defines are checked, the names it
    # re-exports from keras_preprocessing are not.
    image = _qualnames('keras.preprocessing.image')
    assert 'keras.preprocessing.image.array_to_img' in image
    assert not [q for q in every if q.endswith('.random_rotation')]
    # Methods inherited from third-party bases are not ours, overrides are.
    assert 'keras.preprocessing.image.ImageDataGenerator.flow' in image
    assert not [q for q in every if q.endswith('.standardize')]
    # Every module is walked (none is left out as pending any more).
    assert 'keras.optimizers.Optimizer.get_updates' in _qualnames(
        'keras.optimizers')
    assert 'keras.engine.training.Model.fit' in _qualnames(
        'keras.engine.training')
    assert 'keras.multipliers.layer_decay' in _qualnames('keras.multipliers')


def _sample(a, b, *args, **kwargs):
    """Sample.

    # Arguments
        a: first.
        b, c: second and a name that is not a parameter.
    """


class _SampleBase(object):
    """Sample base class."""

    def inherited(self, value):
        """A method inherited by `Sample`.

        # Arguments
            value: anything.
        """

    def undocumented(self, z):
        pass


class _Sample(_SampleBase):
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

    def inherited(self, value):
        # No docstring: the base class's is checked.
        pass

    @classmethod
    def make(cls, config):
        """Makes one.

        # Arguments
            config: a dict.
        """


def test_checker_finds_what_is_missing():
    import types
    module = types.ModuleType('sample_module')
    for item in (_sample, _Sample, _SampleBase):
        item.__module__ = 'sample_module'
    module.sample = _sample
    module.Sample = _Sample
    module.sample_alias = _sample  # an alias: checked once
    assert undocumented_arguments(module) == [
        'sample_module.Sample: `# Arguments` does not list constructor '
        'arguments y',
        'sample_module.Sample.run: `# Arguments` does not list inputs',
        'sample_module._SampleBase.undocumented: no docstring',
        'sample_module.sample: `# Arguments` does not list b',
    ]
    assert argument_section(_sample.__doc__).split() == [
        'a:', 'first.', 'b,', 'c:', 'second', 'and', 'a', 'name', 'that',
        'is', 'not', 'a', 'parameter.']
    assert argument_section('No sections.') is None
    assert undocumented_arguments(module)[0].startswith('sample_module.Sample: ')
