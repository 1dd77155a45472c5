"""Distributed (Horovod) tests: how they run, and when they are skipped.

Each test module starts `horovodrun -np 2` once on this machine (gloo, over
the loopback interface) with `hvd_worker.py` and the scenarios it needs, then
compares what the ranks wrote with a single-process run computed in the test.

They need Horovod, which `python3 run.py distributed --test` installs in
`.venv-horovod` (see docs/distributed.md). Where Horovod is not installed
(the default `.venv`), they are skipped and the reason is printed at the end
of the run.
"""
import importlib.util
import os
import pickle
import signal
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.join(HERE, 'hvd_worker.py')
HOROVOD_MISSING = importlib.util.find_spec('horovod') is None
SKIP_REASON = ('Horovod is not installed in this environment; run the distributed '
               'tests with `python3 run.py distributed --test` (see docs/distributed.md)')
# A launch runs a few small trainings per rank; this only guards against a
# hang (e.g. ranks that disagree on the collective operations).
TIMEOUT_SECONDS = 1200


def pytest_collection_modifyitems(config, items):
    if not HOROVOD_MISSING:
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if str(item.fspath).startswith(HERE + os.sep):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if HOROVOD_MISSING:
        terminalreporter.write_line('tests/distributed skipped: ' + SKIP_REASON)


def horovodrun_command(processes, command):
    """`horovodrun` of this environment, `processes` ranks on this machine,
    gloo over the loopback interface."""
    launcher = os.path.join(os.path.dirname(sys.executable), 'horovodrun')
    return [launcher, '-np', str(processes), '-H', 'localhost:%d' % processes,
            '--gloo', '--network-interfaces', 'lo', '--start-timeout', '600'] + command


def run_ranks(tmp_dir, scenarios, processes=2):
    """Runs `hvd_worker.py` on `processes` ranks; returns one results dict
    per rank (see hvd_worker.py)."""
    out = str(tmp_dir)
    env = dict(os.environ)
    env.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
    cmd = horovodrun_command(processes, [sys.executable, WORKER, out] + list(scenarios))
    log_path = os.path.join(out, 'horovodrun.log')
    with open(log_path, 'w') as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
        try:
            code = proc.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            code = 'timeout after %d s' % TIMEOUT_SECONDS
    with open(log_path) as log:
        output = log.read()
    if code != 0:
        raise AssertionError('horovodrun %s failed (%s); its output:\n%s'
                             % (' '.join(scenarios), code, output[-8000:]))
    results = []
    for rank in range(processes):
        with open(os.path.join(out, 'rank%d.pkl' % rank), 'rb') as f:
            results.append(pickle.load(f))
    return results


@pytest.fixture(scope='module')
def ranks(request, tmp_path_factory):
    """The per-rank results of the module's `SCENARIOS`, from one launch."""
    scenarios = getattr(request.module, 'SCENARIOS')
    return run_ranks(tmp_path_factory.mktemp('horovod'), scenarios)
