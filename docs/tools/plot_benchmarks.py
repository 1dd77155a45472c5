"""Draws the plot of the documentation's benchmark page.

The numbers are kept in one place, the "Measured" tables of
``benchmarks/README.md``; this script reads them from there and writes
``docs/assets/benchmarks.png``, which is committed (building the site needs
neither matplotlib nor the benchmarks). Run it after a new measurement:

    .venv/bin/python docs/tools/plot_benchmarks.py

The PNG carries, in a text chunk named ``Source-Numbers-SHA256``, a hash of
the numbers it was drawn from; ``tests/test_docs_site.py`` fails when the
README's numbers no longer match the committed plot.
"""
from __future__ import print_function

import hashlib
import json
import os
import re
import struct
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
README = os.path.join(ROOT, 'benchmarks', 'README.md')
PNG = os.path.join(ROOT, 'docs', 'assets', 'benchmarks.png')
HASH_KEY = 'Source-Numbers-SHA256'
FRAMEWORKS = ('fork', 'fork+mult', 'tf_keras', 'keras3')


def _cells(line):
    return [c.strip() for c in line.strip().strip('|').split('|')]


def _table_rows(lines, header):
    """The data rows (lists of cell strings) of the first Markdown table whose
    header row's cells start with the strings of ``header``, one for one;
    None if there is no such table."""
    for i, line in enumerate(lines):
        cells = _cells(line)
        if (line.lstrip().startswith('|') and len(cells) == len(header)
                and all(c.startswith(h) for c, h in zip(cells, header))):
            rows = []
            for row in lines[i + 2:]:
                if not row.lstrip().startswith('|'):
                    break
                rows.append(_cells(row))
            return rows
    return None


def read_numbers(path=README):
    """The measured numbers of ``benchmarks/README.md``.

    # Returns
        A dict with ``'ratios'``: a list of ``[model, comparison, A, B, A/B,
        target]`` (the ``fit_throughput.py`` table), and ``'frameworks'``: a
        list of ``[model, framework, median, low, high]`` in samples/s (the
        ``compare_frameworks.py`` table).

    # Raises
        ValueError: when a table is missing or a cell is not a number, naming
            the table and the cell.
    """
    with open(path) as f:
        lines = f.read().split('\n')
    ratio_header = ('model', 'comparison', 'A', 'B', 'A/B', 'target')
    framework_header = ('model',) + FRAMEWORKS
    ratios = _table_rows(lines, ratio_header)
    frameworks = _table_rows(lines, framework_header)
    for name, header, rows in (('fit_throughput.py', ratio_header, ratios),
                               ('compare_frameworks.py', framework_header, frameworks)):
        if not rows:
            raise ValueError('%s: no table with the header | %s | (the %s '
                             'measurements); update docs/tools/plot_benchmarks.py '
                             'if the table changed shape.'
                             % (path, ' | '.join(header), name))
    out = {'ratios': [], 'frameworks': []}
    for row in ratios:
        model, comparison, a, b, ratio, target = row
        out['ratios'].append([model, comparison.replace('`', ''), _number(a, row),
                              _number(b, row), _number(ratio, row), target])
    for row in frameworks:
        for framework, cell in zip(FRAMEWORKS, row[1:]):
            match = re.match(r'^(\d+(?:\.\d+)?) \((\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)\)$', cell)
            if not match:
                raise ValueError('%s: cell %r of the compare_frameworks.py table '
                                 '(model %s, %s) is not "median (min-max)".'
                                 % (path, cell, row[0], framework))
            out['frameworks'].append([row[0], framework] + [float(v) for v in match.groups()])
    return out


def _number(cell, row):
    try:
        return float(cell)
    except ValueError:
        raise ValueError('%s: cell %r of the fit_throughput.py table row %r is '
                         'not a number.' % (README, cell, row))


def numbers_hash(numbers):
    """SHA-256 of the numbers, as written into the PNG."""
    text = json.dumps(numbers, sort_keys=True, separators=(',', ':'))
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def png_text(path):
    """{key: value} of the ``tEXt`` chunks of a PNG file."""
    out = {}
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('%s is not a PNG file.' % path)
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'tEXt':
            key, _, value = body.partition(b'\0')
            out[key.decode('latin-1')] = value.decode('latin-1')
        elif kind == b'zTXt':
            key, _, rest = body.partition(b'\0')
            out[key.decode('latin-1')] = zlib.decompress(rest[1:]).decode('latin-1')
        pos += 12 + length
    return out


def plot(numbers, path=PNG):
    """Draws the two panels and writes the PNG (with the numbers' hash)."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2),
                                      gridspec_kw={'width_ratios': [1, 1.25]})
    models = sorted(set(row[0] for row in numbers['frameworks']),
                    key=[row[0] for row in numbers['frameworks']].index)
    width = 0.8 / len(FRAMEWORKS)
    colors = ['#1f77b4', '#6baed6', '#ff7f0e', '#9467bd']
    for j, framework in enumerate(FRAMEWORKS):
        rows = [next(r for r in numbers['frameworks'] if r[0] == m and r[1] == framework)
                for m in models]
        xs = [i + (j - (len(FRAMEWORKS) - 1) / 2.0) * width for i in range(len(models))]
        medians = [r[2] for r in rows]
        errors = [[r[2] - r[3] for r in rows], [r[4] - r[2] for r in rows]]
        left.bar(xs, medians, width, yerr=errors, capsize=3,
                 label='fork (this package)' if framework == 'fork' else framework,
                 color=colors[j])
    left.set_xticks(range(len(models)))
    left.set_xticklabels(models)
    left.set_ylabel('samples/s (median, bars: min-max)')
    left.set_title('fit throughput: compare_frameworks.py')
    left.legend(fontsize=8)

    labels = ['%s: %s' % (r[0], _short(r[1])) for r in numbers['ratios']]
    values = [r[4] for r in numbers['ratios']]
    targets = [float(re.sub(r'[^\d.]', '', r[5])) for r in numbers['ratios']]
    ys = list(range(len(labels)))[::-1]
    right.axvline(1.0, color='0.6', linestyle='--', linewidth=1)
    for y, v, t in zip(ys, values, targets):
        right.plot([t, t], [y - 0.3, y + 0.3], color='black', linewidth=1.5)
        right.plot([v], [y], 'o', markersize=8,
                   color='#2ca02c' if v >= t else '#d62728')
        right.text(v + 0.006, y + 0.15, '%.3f' % v, fontsize=8)
    right.set_yticks(ys)
    right.set_yticklabels(labels, fontsize=8)
    right.set_xlim(min([0.85] + [v - 0.05 for v in values]),
                   max([1.12] + [v + 0.05 for v in values]))
    right.set_ylim(-0.6, len(labels) - 0.4)
    right.set_xlabel('ratio A/B (black bar: target; green: target met)')
    right.set_title('fit_throughput.py: paired ratios')
    fig.tight_layout()
    fig.savefig(path, dpi=100, metadata={HASH_KEY: numbers_hash(numbers)})
    plt.close(fig)


def _short(comparison):
    return {'model.fit / hand-written tf.compat.v1 loop': 'fit / hand-written loop',
            'with multipliers / without': 'multipliers / none',
            'frozen by multiplier 0 / by trainable=False': 'frozen by 0 / trainable=False',
            }.get(comparison, comparison)


def main():
    numbers = read_numbers()
    plot(numbers)
    print('wrote %s (numbers hash %s)' % (os.path.relpath(PNG, ROOT), numbers_hash(numbers)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
