"""Griffe extension for the documentation site: renders Keras-style docstrings.

Keras 2.2.4 docstrings (and this package's) mark their sections with Markdown
headings: ``# Arguments``, ``# Returns``, ``# Raises``, ``# Input shape``,
``# Example``... Each section's body is indented, with one item per
argument or exception: ``name: description``, where several names may share
one description (``kernel_initializer, bias_initializer: ...``, wrapped over
several lines). Rendered as they are, the headings become page headings and
the indented bodies become code blocks.

This extension rewrites each docstring before mkdocstrings renders it (with
``docstring_style: null``, the docstring is Markdown), as the Keras 2 site
did:

- a section heading becomes a bold title (``**Arguments**``);
- ``name: description`` items become a bullet list, the names in code
  style (``- `units`: ...``);
- anything else in a section (shapes, examples, prose) is dedented, so that
  Markdown does not take it for a code block.

Only what the site shows changes: the source files are not touched. The
extension is named in ``mkdocs.yml`` (``plugins > mkdocstrings > handlers >
python > options > extensions``).
"""
import re
import textwrap

import griffe

SECTION = re.compile(r'^#\s+(\S.*?)\s*:?\s*$')
FENCE = re.compile(r'^\s*(```|~~~)')
# An identifier in the names part of an item: `units`, `**kwargs`,
# `tf.errors.OpError`.
NAME = re.compile(r'\*{0,2}[A-Za-z_][\w.]*')
# What may separate names: `a, b`, `TypeError / ValueError`, `x or y`.
SEPARATOR = re.compile(r'\s*(?:,|/|\bor\b)\s*')


def _indent(line):
    return len(line) - len(line.lstrip())


def _item_colon(text):
    """Index of the colon that ends the names part of ``text`` (a colon
    followed by a space or the end of the text, outside backticks and
    parentheses), or -1."""
    depth = 0
    in_code = False
    for i, char in enumerate(text):
        if char == '`':
            in_code = not in_code
        elif in_code:
            continue
        elif char == '(':
            depth += 1
        elif char == ')':
            depth = max(0, depth - 1)
        elif char == ':' and depth == 0 and (i + 1 == len(text) or text[i + 1] in ' \t'):
            return i
    return -1


def _render_names(names):
    """``names`` with each identifier in code style, or None when ``names``
    is not a list of identifiers (each optionally followed by a parenthesis,
    as in ``padding (`'valid'` or `'same'`)``)."""
    out = []
    pos = 0
    expect_name = True
    while pos < len(names):
        if names[pos] == '(':
            # A parenthetical remark after a name: copied as it is.
            depth = 0
            end = pos
            while end < len(names):
                depth += {'(': 1, ')': -1}.get(names[end], 0)
                end += 1
                if depth == 0:
                    break
            out.append(names[pos:end])
            pos = end
            continue
        if names[pos].isspace():
            out.append(names[pos])
            pos += 1
            continue
        separator = SEPARATOR.match(names, pos)
        if separator and separator.end() > pos and not expect_name:
            out.append(separator.group(0))
            pos = separator.end()
            expect_name = True
            continue
        name = NAME.match(names, pos)
        if not name or not expect_name:
            return None
        out.append('`%s`' % name.group(0))
        pos = name.end()
        expect_name = False
    if expect_name:
        return None
    return ''.join(out).strip()


def _items(lines):
    """Splits a dedented section body into items: an item starts at a line
    without indentation, and goes on over deeper-indented lines. A first line
    that ends with a comma and has no item colon yet (a list of names wrapped
    over several lines) goes on over the next unindented line too."""
    items = []
    current = None
    header_open = False
    for line in lines:
        if line.strip() and _indent(line) == 0 and not header_open:
            current = [line]
            items.append(current)
        elif current is None:
            if line.strip():
                current = [line]
                items.append(current)
            continue
        else:
            current.append(line)
        if line.strip() and _indent(line) == 0:
            header = ' '.join(l.strip() for l in current if l.strip() and _indent(l) == 0)
            header_open = _item_colon(header) < 0 and line.rstrip().endswith(',')
    return items


def _render_item(item):
    """Markdown for one item: a bullet (``- `name`: description``) when it
    starts with a list of names and a colon, else the text as a paragraph.
    Returns ``(is_bullet, text)``."""
    while item and not item[-1].strip():
        item = item[:-1]
    header_lines = []
    rest = list(item)
    while rest and _indent(rest[0]) == 0 and rest[0].strip():
        header_lines.append(rest.pop(0).strip())
        if _item_colon(' '.join(header_lines)) >= 0:
            break
    header = ' '.join(header_lines)
    colon = _item_colon(header)
    names = _render_names(header[:colon]) if colon > 0 else None
    body = textwrap.dedent('\n'.join(rest)).strip('\n')
    if names is None:
        return False, (header + ('\n' + body if body else '')).strip('\n')
    description = header[colon + 1:].strip()
    text = ('- %s: %s' % (names, description)).rstrip()
    if body:
        text += '\n' + textwrap.indent(body, '    ')
    return True, text.rstrip()


def _render_section(title, body_lines):
    body = textwrap.dedent('\n'.join(body_lines)).strip('\n')
    out = '**%s**\n\n' % title
    if not body:
        return out.rstrip('\n')
    if any(FENCE.match(line) for line in body.split('\n')):
        return out + body
    rendered = [_render_item(item) for item in _items(body.split('\n'))]
    if not any(is_bullet for is_bullet, _ in rendered):
        return out + body
    parts = []
    for i, (is_bullet, text) in enumerate(rendered):
        if parts:
            # Bullets of one list are separated by a newline; anything else
            # by a blank line.
            same_list = is_bullet and rendered[i - 1][0]
            parts.append('\n' if same_list else '\n\n')
        parts.append(text)
    return out + ''.join(parts)


def _body_indented(lines):
    """Whether the first non-blank line of a section body is indented."""
    for line in lines:
        if line.strip():
            return _indent(line) > 0
    return False


def convert(text):
    """Returns the Markdown form of a Keras-style docstring (see the module
    docstring); a docstring without ``# Section`` headings comes back
    unchanged."""
    sections = []   # [title or None, [lines]]
    current = [None, []]
    in_fence = False
    for line in text.split('\n'):
        fence = FENCE.match(line)
        match = None if in_fence else SECTION.match(line)
        if match:
            sections.append(current)
            current = [match.group(1), []]
        elif (current[0] is not None and not in_fence and not fence
              and line.strip() and _indent(line) == 0 and _body_indented(current[1])):
            # Back at the left margin after an indented section body: the
            # docstring's text goes on.
            sections.append(current)
            current = [None, [line]]
        else:
            current[1].append(line)
        if fence:
            in_fence = not in_fence
    sections.append(current)
    if len(sections) == 1:
        return text
    out = []
    for title, body_lines in sections:
        if title is None:
            out.append('\n'.join(body_lines).strip('\n'))
        else:
            out.append(_render_section(title, body_lines))
    return '\n\n'.join(part for part in out if part.strip()) + '\n'


class KerasDocstrings(griffe.Extension):
    """Rewrites each object's Keras-style docstring into Markdown (see
    ``convert``)."""

    def on_object(self, *, obj, loader, **kwargs):
        if obj.is_alias or obj.docstring is None:
            return
        obj.docstring.value = convert(obj.docstring.value)
