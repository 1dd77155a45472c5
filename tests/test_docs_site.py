"""The documentation site (mkdocs.yml, docs/): it builds with
`mkdocs build --strict`, its pages and API entries are there, the docstring
extension renders Keras's sections, the benchmark plot matches the numbers of
benchmarks/README.md, and the code blocks marked `<!-- test: run -->` run."""
import glob
import io
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, 'docs')
TOOLS = os.path.join(DOCS, 'tools')

# The MkDocs versions in requirements-dev.txt need Python >= 3.11 (they are
# not installed on older Python, e.g. the TensorFlow 1.15 venv on 3.7).
needs_mkdocs = pytest.mark.skipif(sys.version_info < (3, 11),
                                  reason='the docs toolchain needs Python >= 3.11')

MIGRATING = ['caffe', 'marcbs', 'keras-lr-multiplier', 'keras-adamw',
             'tfa-multioptimizer', 'fastai']
PAGES = (['index.html', 'install/index.html', 'multipliers/index.html',
          'weight_decay/index.html',
          'finetuning/recipes/index.html', 'migrating/index.html',
          'benchmarks/index.html', 'CONVENTIONS/index.html', 'api/index.html']
         + ['migrating/%s/index.html' % name for name in MIGRATING]
         + ['api/%s/index.html' % name for name in
            ('multipliers', 'models', 'layers', 'optimizers', 'callbacks')])


def _tool(name):
    sys.path.insert(0, TOOLS)
    try:
        return __import__(name)
    finally:
        sys.path.remove(TOOLS)


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    """Builds the site once (strict) into a temporary folder."""
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        pytest.fail('mkdocs is not installed: it is in requirements-dev.txt '
                    '(re-run `python3 run.py setup`).')
    out = str(tmp_path_factory.mktemp('site'))
    env = dict(os.environ, NO_MKDOCS_2_WARNING='1')
    proc = subprocess.run(
        [sys.executable, '-m', 'mkdocs', 'build', '--strict',
         '--config-file', os.path.join(ROOT, 'mkdocs.yml'), '--site-dir', out],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True)
    assert proc.returncode == 0, proc.stdout
    return out


def _read(site, page):
    with io.open(os.path.join(site, page), encoding='utf-8') as f:
        return f.read()


@needs_mkdocs
def test_every_page_is_built(site):
    missing = [page for page in PAGES if not os.path.exists(os.path.join(site, page))]
    assert not missing, missing
    assert os.path.exists(os.path.join(site, 'assets', 'benchmarks.png'))
    # The site's tooling is not published as pages or files.
    assert not os.path.exists(os.path.join(site, 'tools'))


@needs_mkdocs
def test_api_reference_has_the_multiplier_api(site):
    expected = {
        'api/multipliers/index.html': [
            'keras.multipliers.geometric_spread', 'keras.multipliers.spread_rules',
            'keras.multipliers.group_rules', 'keras.multipliers.normalize_spec'],
        'api/models/index.html': [
            'keras.models.Model.multipliers',
            'keras.models.Model.set_learning_rate_multipliers',
            'keras.models.Model.fit', 'keras.models.Sequential', 'keras.models.load_model'],
        'api/layers/index.html': [
            'keras.layers.core.Dense', 'keras.layers.convolutional.Conv2D',
            'keras.layers.normalization.BatchNormalization',
            'keras.layers.recurrent.LSTM', 'keras.layers.wrappers.Bidirectional',
            'keras.layers.Layer.multipliers'],
        'api/optimizers/index.html': [
            'keras.optimizers.Optimizer.get_updates', 'keras.optimizers.SGD',
            'keras.optimizers.Adam', 'keras.optimizers.Nadam'],
        'api/callbacks/index.html': [
            'keras.callbacks.ModelCheckpoint', 'keras.callbacks.LearningRateScheduler',
            'keras.callbacks.MultiplierScheduler', 'keras.callbacks.GradualUnfreezing'],
    }
    for page, ids in expected.items():
        html = _read(site, page)
        missing = [i for i in ids if 'id="%s"' % i not in html]
        assert not missing, (page, missing)
    dense = _read(site, 'api/layers/index.html')
    # The article's arguments are in Dense's signature and argument list.
    section = dense[dense.index('id="keras.layers.core.Dense"'):]
    section = section[:section.index('class="doc doc-heading"', 100)]
    assert 'W_learning_rate_multiplier' in section
    assert '<code>b_learning_rate_multiplier</code>' in section


@needs_mkdocs
def test_api_reference_lists_all_of_keras_multipliers(site):
    """docs/api/multipliers.md lists the module's members by name (to put the
    helpers first): a new public function or class must be added there."""
    import ast
    with io.open(os.path.join(ROOT, 'keras', 'multipliers.py'), encoding='utf-8') as f:
        tree = ast.parse(f.read())
    public = [node.name for node in tree.body
              if isinstance(node, (ast.FunctionDef, ast.ClassDef))
              and not node.name.startswith('_')]
    html = _read(site, 'api/multipliers/index.html')
    missing = [name for name in public if 'id="keras.multipliers.%s"' % name not in html]
    assert not missing, ('add these to the members of docs/api/multipliers.md', missing)


@needs_mkdocs
def test_keras_docstring_sections_are_rendered(site):
    for page in ('api/multipliers/index.html', 'api/layers/index.html',
                 'api/optimizers/index.html', 'api/models/index.html'):
        html = _read(site, page)
        # No Keras section heading is left as text or turned into a heading.
        assert not re.search(r'#\s*(Arguments|Returns|Raises)\b', html), page
        assert not re.search(r'<h\d[^>]*>\s*(Arguments|Returns|Raises)\s*<', html), page
        assert '<strong>Arguments</strong>' in html, page
    html = _read(site, 'api/multipliers/index.html')
    # One bullet per argument (spread_rules); the "a, b:" style of one
    # bullet for several is covered by test_convert_arguments_returns_raises.
    assert re.search(r'<li><code>low</code>: multiplier of the first group', html)
    assert re.search(r'<li><code>high</code>: multiplier of the last group', html)
    assert re.search(r'<li><code>TypeError</code>: for bools', html)


@needs_mkdocs
def test_benchmark_page_shows_the_readme_tables_and_the_plot(site):
    html = _read(site, 'benchmarks/index.html')
    assert 'src="../assets/benchmarks.png"' in html
    numbers = _tool('plot_benchmarks').read_numbers()
    for model, comparison, a, b, ratio, target in numbers['ratios']:
        assert ">%d<" % a in html, (model, comparison)
    assert html.count('<h1') == 1
    assert 'compare_frameworks.py' in html


@needs_mkdocs
def test_migrating_pages_have_side_by_side_snippets(site):
    for name in MIGRATING:
        html = _read(site, 'migrating/%s/index.html' % name)
        assert html.count('class="side-by-side"') >= 1, name
        grid = html[html.index('class="side-by-side"'):]
        assert grid.count('class="highlight') >= 2, name
        assert 'keras 2.2.4.post1' in grid, name


def test_readme_numbers_are_consistent():
    """The A/B column of the fit_throughput.py table is A / B, and every
    framework's median lies within its min-max."""
    numbers = _tool('plot_benchmarks').read_numbers()
    assert len(numbers['ratios']) >= 6
    for model, comparison, a, b, ratio, target in numbers['ratios']:
        assert abs(a / b - ratio) <= 0.0006, (model, comparison, a, b, ratio)
    assert len(numbers['frameworks']) >= 8
    for model, framework, median, low, high in numbers['frameworks']:
        assert low <= median <= high, (model, framework)


def test_benchmark_plot_matches_readme():
    tool = _tool('plot_benchmarks')
    stamp = tool.png_text(tool.PNG).get(tool.HASH_KEY)
    assert stamp == tool.numbers_hash(tool.read_numbers()), (
        'docs/assets/benchmarks.png was not drawn from the numbers now in '
        'benchmarks/README.md: run .venv/bin/python docs/tools/plot_benchmarks.py')


def test_benchmark_table_parser_reports_missing_tables(tmp_path):
    tool = _tool('plot_benchmarks')
    path = str(tmp_path / 'README.md')
    with open(path, 'w') as f:
        f.write('# Benchmarks\n\n| model | fork |\n| --- | --- |\n| cnn | 1 (1-2) |\n')
    with pytest.raises(ValueError, match='fit_throughput.py'):
        tool.read_numbers(path)


# ---------------------------------------------------------------------------
# The docstring extension
# ---------------------------------------------------------------------------

@pytest.fixture(scope='module')
def convert():
    if sys.version_info < (3, 11):
        pytest.skip('the docs toolchain needs Python >= 3.11')
    return _tool('keras_docstrings').convert


def test_convert_arguments_returns_raises(convert):
    doc = ('Does a thing.\n\n'
           '# Arguments\n'
           '    units: positive integer,\n'
           '        the size.\n'
           '    kernel_initializer, bias_initializer: initializers.\n'
           '    filters, kernel_size, strides,\n'
           '    padding (`\'valid\'` or `\'same\'`): as in `Conv2D`.\n'
           '    **kwargs: passed on.\n\n'
           '# Returns\n'
           '    ``(a, b)``: the pair.\n\n'
           '# Raises\n'
           '    TypeError / ValueError: on bad input.\n')
    assert convert(doc) == (
        'Does a thing.\n\n'
        '**Arguments**\n\n'
        '- `units`: positive integer,\n'
        '    the size.\n'
        '- `kernel_initializer`, `bias_initializer`: initializers.\n'
        '- `filters`, `kernel_size`, `strides`, `padding` (`\'valid\'` or '
        '`\'same\'`): as in `Conv2D`.\n'
        '- `**kwargs`: passed on.\n\n'
        '**Returns**\n\n'
        '``(a, b)``: the pair.\n\n'
        '**Raises**\n\n'
        '- `TypeError` / `ValueError`: on bad input.\n')


def test_convert_prose_shapes_examples_and_trailing_text(convert):
    doc = ('A layer.\n\n'
           '# Arguments\n'
           '    As `_Conv`, with ints\n'
           '    or tuples.\n\n'
           '# Input shape\n'
           '    3D tensor `(batch, steps, channels)`.\n\n'
           '# Example\n'
           '```python\n'
           '# not a section\n'
           'x: int = 1\n'
           '```\n\n'
           '# Properties\n'
           '    model: the model.\n\n'
           'Text after the section.\n')
    assert convert(doc) == (
        'A layer.\n\n'
        '**Arguments**\n\n'
        'As `_Conv`, with ints\nor tuples.\n\n'
        '**Input shape**\n\n'
        '3D tensor `(batch, steps, channels)`.\n\n'
        '**Example**\n\n'
        '```python\n# not a section\nx: int = 1\n```\n\n'
        '**Properties**\n\n'
        '- `model`: the model.\n\n'
        'Text after the section.\n')


def test_convert_leaves_plain_docstrings_alone(convert):
    doc = 'Plain text.\n\n    indented: not a section item.\n'
    assert convert(doc) == doc


# ---------------------------------------------------------------------------
# The code on the pages
# ---------------------------------------------------------------------------

RUN_MARK = re.compile(r'<!-- test: run -->\s*\n```python[^\n]*\n(.*?)\n```', re.S)


def _runnable_pages():
    pages = []
    for path in sorted(glob.glob(os.path.join(DOCS, '**', '*.md'), recursive=True)):
        with io.open(path, encoding='utf-8') as f:
            blocks = RUN_MARK.findall(f.read())
        if blocks:
            pages.append(pytest.param(blocks, id=os.path.relpath(path, DOCS)))
    return pages


def test_every_migrating_page_has_runnable_code():
    ids = [p.id for p in _runnable_pages()]
    for name in MIGRATING:
        assert os.path.join('migrating', name + '.md') in ids, name
    assert os.path.join('finetuning', 'recipes.md') in ids


@pytest.mark.parametrize('blocks', _runnable_pages())
def test_page_code_runs(blocks, monkeypatch, tmp_path):
    """The blocks marked `<!-- test: run -->` of one page, in order, in one
    namespace (later blocks go on from earlier ones)."""
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    np.random.seed(0)
    namespace = {'__name__': '__docs__'}
    for block in blocks:
        exec(compile(block, '<docs>', 'exec'), namespace)
    model = namespace.get('model')
    assert model is not None and model.optimizer is not None
    # Whatever the page did, training went through with finite weights.
    assert all(np.all(np.isfinite(w)) for w in model.get_weights())
