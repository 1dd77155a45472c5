"""Changing multipliers during training (`GradualUnfreezing`, then
`set_learning_rate_multipliers`) on every rank keeps the ranks in sync and
equal to one process: each rebuilt train function allreduces the gradients
of exactly the weights that train.
"""
import numpy as np

import hvd_scenarios as sc

SCENARIOS = ['unfreezing']
TOLERANCE = 1e-5


def reference():
    x, y, batch = sc.reference_data()
    model = sc.compiled_model(sc.make_optimizer('sgd'), multipliers=None)
    sc.train_unfreezing(model, x, y, batch, lambda: [])
    return model.get_weights(), sc.weight_names(model)


def test_unfreezing_ranks_equal_one_process(ranks):
    expected, names = reference()
    for rank, result in enumerate(ranks):
        got = result['unfreezing']
        assert got['names'] == names
        diffs = [float(np.max(np.abs(g - e))) for g, e in zip(got['weights'], expected)]
        print('rank %d: max |w - w_single_process| = %.3g' % (rank, max(diffs)))
        for name, g, e in zip(names, got['weights'], expected):
            np.testing.assert_allclose(g, e, rtol=0, atol=TOLERANCE, err_msg=name)
    for a, b in zip(ranks[0]['unfreezing']['weights'], ranks[1]['unfreezing']['weights']):
        assert np.array_equal(a, b)


def test_each_stage_allreduces_exactly_the_unfrozen_weights(ranks):
    names = ranks[0]['unfreezing']['names']

    def of(*layers):
        return sorted(n for n in names if n.split('/')[0] in layers)

    stages = [of('head'), of('layer2', 'head'), of('layer1', 'layer2', 'head')]
    for result in ranks:
        # One entry per train function built. `fit` builds one before the
        # first epoch begins (no multipliers yet: all weights), then
        # GradualUnfreezing changes the multipliers at the start of epochs
        # 0, 1 and 2, then set_learning_rate_multipliers (all non-zero).
        builds = result['unfreezing']['allreduced']
        assert builds[-4:-1] == stages
        assert builds[-1] == stages[-1]
        assert all(build == stages[-1] for build in builds[:-4])
