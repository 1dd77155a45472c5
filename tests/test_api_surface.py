"""Every public name of Keras 2.2.4 exists here with a compatible signature
(same parameter names and defaults; extra keyword arguments allowed)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, 'tests', 'data')


def test_keras_224_api_surface_is_complete():
    proc = subprocess.run(
        [sys.executable, os.path.join(DATA, 'tools', 'keras_api_surface.py'),
         'compare-live', os.path.join(DATA, 'keras224_api.json'), '-v'],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        universal_newlines=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL='3'))
    lines = [l for l in proc.stdout.splitlines() if l.startswith('keras')]
    summary = [l for l in proc.stdout.splitlines() if l.startswith('api_surface:')]
    assert summary, proc.stdout
    assert not lines, '\n'.join(lines)
    assert '660/660 names present, 660/660 with compatible' in summary[0], summary[0]
