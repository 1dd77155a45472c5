"""N ranks with Horovod's DistributedOptimizer equal one process training on
the concatenated batches (same initial weights, `shuffle=False`), with
learning-rate multipliers 0, 0.1 and 1, for SGD with momentum and Adam.

A weight with multiplier 0 never moves and its gradient is never allreduced:
our optimizers leave it out before calling `get_gradients`, which is the
method Horovod's wrapper overrides to allreduce.
"""
import numpy as np
import pytest

import hvd_scenarios as sc

SCENARIOS = ['equivalence_sgd', 'equivalence_adam']
# float32 arithmetic: one process averages the loss over 8 samples where the
# ranks average two means over 4; 12 steps apart, the weights agree to ~1e-7.
TOLERANCE = 1e-5


def reference(optimizer_name):
    """One process, the concatenated batches, the same code path."""
    x, y, batch = sc.reference_data()
    model = sc.compiled_model(sc.make_optimizer(optimizer_name))
    sc.fit(model, x, y, batch, epochs=3)
    return model.get_weights(), sc.weight_names(model)


@pytest.mark.parametrize('optimizer_name', ['sgd', 'adam'])
def test_ranks_equal_one_process_on_concatenated_batches(ranks, optimizer_name):
    scenario = 'equivalence_' + optimizer_name
    expected, names = reference(optimizer_name)
    assert [r['size'] for r in ranks] == [sc.RANKS] * sc.RANKS
    for rank, result in enumerate(ranks):
        got = result[scenario]
        assert got['names'] == names
        diffs = [float(np.max(np.abs(g - e))) for g, e in zip(got['weights'], expected)]
        print('%s rank %d: max |w - w_single_process| = %.3g'
              % (optimizer_name, rank, max(diffs)))
        for name, g, e in zip(names, got['weights'], expected):
            np.testing.assert_allclose(g, e, rtol=0, atol=TOLERANCE, err_msg=name)
    # The weights that train moved well beyond the tolerance.
    initial = ranks[0][scenario]['initial']
    for name, w, w0 in zip(names, expected, initial):
        if not name.startswith('layer1/'):
            assert np.max(np.abs(w - w0)) > 100 * TOLERANCE, name


@pytest.mark.parametrize('optimizer_name', ['sgd', 'adam'])
def test_ranks_end_bitwise_identical(ranks, optimizer_name):
    scenario = 'equivalence_' + optimizer_name
    first = ranks[0][scenario]
    for other in ranks[1:]:
        for name, a, b in zip(first['names'], first['weights'], other[scenario]['weights']):
            assert np.array_equal(a, b), name
        for a, b in zip(first['optimizer_state'], other[scenario]['optimizer_state']):
            assert np.array_equal(a, b)


@pytest.mark.parametrize('optimizer_name', ['sgd', 'adam'])
def test_multiplier_zero_never_moves_and_is_never_allreduced(ranks, optimizer_name):
    scenario = 'equivalence_' + optimizer_name
    for result in ranks:
        got = result[scenario]
        # Rank 0's initial weights are the ones every rank started from.
        for name, w, w0 in zip(got['names'], got['weights'], ranks[0][scenario]['initial']):
            if name.startswith('layer1/'):
                assert np.array_equal(w, w0), name
        # One train function, one allreduce: the weights of multiplier 0.1 and 1.
        assert got['allreduced'] == [sorted(n for n in got['names']
                                            if not n.startswith('layer1/'))]
