"""A distributed run resumed from a checkpoint (`hvd.load_model` on every
rank) equals the uninterrupted run: the optimizer state (slots and
`iterations`) is saved and restored, and `BroadcastGlobalVariablesCallback`
replaces a rank's diverging optimizer state with rank 0's at the first step.
"""
import numpy as np

SCENARIOS = ['resume']
TOLERANCE = 1e-6


def test_resumed_run_equals_uninterrupted_run(ranks):
    for rank, result in enumerate(ranks):
        got = result['resume']
        diffs = [float(np.max(np.abs(a - b)))
                 for a, b in zip(got['resumed'], got['uninterrupted'])]
        print('rank %d: max |w_resumed - w_uninterrupted| = %.3g' % (rank, max(diffs)))
        for name, a, b in zip(got['names'], got['resumed'], got['uninterrupted']):
            np.testing.assert_allclose(a, b, rtol=0, atol=TOLERANCE, err_msg=name)
        for a, b in zip(got['resumed_state'], got['uninterrupted_state']):
            np.testing.assert_allclose(a, b, rtol=0, atol=TOLERANCE)


def test_loaded_model_keeps_a_distributed_optimizer_with_its_state(ranks):
    for result in ranks:
        got = result['resume']
        # Horovod's wrapper keeps the class name, so the file loads without it.
        assert got['optimizer_class'] == 'Adam'
        # iterations: 2 epochs of 4 steps; the same variables as the
        # optimizer of the uninterrupted run.
        assert int(got['loaded_state'][0]) == 8
        assert len(got['loaded_state']) == len(got['uninterrupted_state'])
        assert [s.shape for s in got['loaded_state']] == \
            [s.shape for s in got['uninterrupted_state']]


def test_broadcast_callback_replaces_a_diverging_optimizer_state(ranks):
    rank0, rank1 = ranks[0]['resume'], ranks[1]['resume']
    # Before fit, rank 1's state differed from rank 0's ...
    assert int(rank1['state_before_fit'][0]) == 0
    assert not np.allclose(rank1['state_before_fit'][1], rank0['state_before_fit'][1])
    # ... and after it, both are the same.
    for a, b in zip(rank0['resumed_state'], rank1['resumed_state']):
        assert np.array_equal(a, b)
    for a, b in zip(rank0['resumed'], rank1['resumed']):
        assert np.array_equal(a, b)
