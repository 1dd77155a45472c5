"""The module map of docs/CONVENTIONS.md is true: every module of `keras/`
has exactly one line there, and what each module imports from the package
is among what its line says it may import (module-level imports among the
names outside the "on use" parentheses, function-level ones among all).

The map's grammar, as this test reads it: a line `- <subjects>: <what it
owns>. May import: <names>`; the subjects are the backquoted `.py` paths
before the first `: ` (a path without a folder is in the folder of the
first one); a backquoted name `x` allows the module `keras.x`, `x.*` and
other globs allow the modules they match, `keras.__version__` allows the
package itself; backquoted names in a parenthesis that says "on use" are
allowed only inside functions.
"""
import ast
import fnmatch
import io
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, 'keras')
CONVENTIONS = os.path.join(ROOT, 'docs', 'CONVENTIONS.md')

_TICKED = re.compile(r'`([^`]+)`')


def _modules():
    """{dotted module name: path} of every module of the package."""
    found = {}
    for folder, _, files in os.walk(PACKAGE):
        for name in files:
            if name.endswith('.py'):
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, ROOT)[:-3].split(os.sep)
                if relative[-1] == '__init__':
                    relative = relative[:-1]
                found['.'.join(relative)] = path
    return found


def _is_module(dotted):
    path = os.path.join(ROOT, *dotted.split('.'))
    return os.path.isdir(path) or os.path.exists(path + '.py')


def imports_of(module, path):
    """(module-level, function-level) sets of the package's modules that
    `module` imports (`from x import y` counts as `x.y` when `y` is a
    module, else as `x`)."""
    is_package = path.endswith('__init__.py')
    with io.open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read())
    top, nested = set(), set()

    def resolve(level, name):
        if not level:
            return name
        parts = module.split('.') + (['__init__'] if is_package else [])
        base = parts[:len(parts) - level]
        return '.'.join(base + ([name] if name else []))

    def visit(statements, inside):
        for node in statements:
            target = nested if inside else top
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                visit(node.body, True)
                continue
            if isinstance(node, ast.Import):
                target.update(a.name for a in node.names
                              if a.name.split('.')[0] == 'keras')
            elif isinstance(node, ast.ImportFrom):
                base = resolve(node.level, node.module)
                if base.split('.')[0] == 'keras':
                    for alias in node.names:
                        full = base + '.' + alias.name
                        target.add(full if _is_module(full) else base)
            for field in ('body', 'orelse', 'finalbody', 'handlers'):
                visit(getattr(node, field, None) or [], inside)

    visit(tree.body, False)
    target = set([module])
    return top - target, nested - top - target


def _split_lazy(text):
    """(names allowed at module level, names allowed on use) of the text
    after `May import:`."""
    lazy = []

    def take(match):
        lazy.append(match.group(0))
        return ''
    eager = re.sub(r'\([^()]*\bon use\b[^()]*\)', take, text)
    return (set(_TICKED.findall(eager)),
            set(_TICKED.findall(' '.join(lazy))))


def map_lines():
    """[(subjects, eager names, lazy names, line)] of the module map."""
    with io.open(CONVENTIONS, encoding='utf-8') as f:
        text = f.read()
    section = text.split('## Module map', 1)[1].split('\n## ', 1)[0]
    lines = []
    for line in section.splitlines():
        if not line.startswith('- `'):
            continue
        head, _, rest = line[2:].partition(': ')
        subjects = []
        folder = None
        for name in _TICKED.findall(head):
            if not name.endswith('.py'):
                continue
            if '/' in name:
                folder = name.rsplit('/', 1)[0]
            elif folder is not None:
                name = folder + '/' + name
            subjects.append(name)
        assert 'May import:' in rest, line
        eager, lazy = _split_lazy(rest.split('May import:', 1)[1])
        lines.append((subjects, eager, lazy, line))
    return lines


def _module_of(relative_path):
    parts = ['keras'] + relative_path[:-3].split('/')
    if parts[-1] == '__init__':
        parts = parts[:-1]
    return '.'.join(parts)


def _allows(names, module):
    for name in names:
        if name == 'keras.__version__' and module == 'keras':
            return True
        if fnmatch.fnmatchcase(module, 'keras.' + name):
            return True
        if name.endswith('.*') and module == 'keras.' + name[:-2]:
            return True
    return False


def test_every_module_has_one_line():
    lines = map_lines()
    named = [_module_of(subject) for subjects, _, _, _ in lines
             for subject in subjects]
    assert len(named) == len(set(named)), sorted(
        n for n in set(named) if named.count(n) > 1)
    modules = _modules()
    assert sorted(set(modules) - set(named)) == []
    assert sorted(set(named) - set(modules)) == []


def test_imports_are_what_the_map_allows():
    modules = _modules()
    wrong = []
    for subjects, eager, lazy, line in map_lines():
        for subject in subjects:
            module = _module_of(subject)
            top, nested = imports_of(module, modules[module])
            for name in sorted(top):
                if not _allows(eager, name):
                    wrong.append('%s imports %s at module level' % (module, name))
            for name in sorted(nested):
                if not _allows(eager | lazy, name):
                    wrong.append('%s imports %s on use' % (module, name))
    assert not wrong, '\n'.join(wrong)


def test_the_reader_finds_what_is_wrong(tmp_path):
    # The grammar: eager and lazy names, folders, globs.
    eager, lazy = _split_lazy(' `backend`, `engine.*` (`layers` and '
                              '`keras.__version__` on use).')
    assert eager == set(['backend', 'engine.*'])
    assert lazy == set(['layers', 'keras.__version__'])
    assert _allows(eager, 'keras.engine.network')
    assert _allows(eager, 'keras.engine')
    assert not _allows(eager, 'keras.layers')
    assert _allows(lazy, 'keras')
    # An import the line does not allow is reported.
    source = tmp_path / 'sample.py'
    source.write_text(u'from keras import layers\n'
                      u'def f():\n    from keras.engine import network\n')
    top, nested = imports_of('keras.sample', str(source))
    assert top == set(['keras.layers'])
    assert nested == set(['keras.engine.network'])
