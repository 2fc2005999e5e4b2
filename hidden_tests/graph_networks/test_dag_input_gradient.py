"""Hidden tests for dag_input_gradient, always called inside torch.inference_mode() and compared with
autograd's gradient of the reference's dag_forward; the weights off the edges are not zero.
"""

import pytest
import torch
from autograder.compare import assert_tensor_close

# Points are per variant: each dtype variant scores on its own; only the device variants share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]
SIZES = [(6, 0.4), (12, 0.3), (25, 0.15)]


def assert_gradient(call_with, expected_with, activation, network, what):
    assert_tensor_close(call_with("dag_input_gradient", activation, *network),
                        expected_with("dag_input_gradient", activation, *network), what=what)


@pytest.mark.points(0.75, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_random_networks_match_autograd(random_dag, random_network, call_with, expected_with, device, dtype):
    for i, (n, p) in enumerate(SIZES):
        network = random_network(random_dag(2400 + i, n, p), 2410 + i, 4, dtype, device)
        assert_gradient(call_with, expected_with, "tanh", network,
                        f"dag_input_gradient of random network #{i} ({n} neurons)")


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("activation", ["sigmoid", "identity"])
def test_other_activations_with_their_derivatives(random_dag, random_network, call_with, expected_with, device,
                                                  activation):
    for i, (n, p) in enumerate(SIZES[1:]):
        network = random_network(random_dag(2500 + i, n, p), 2510 + i, 3, torch.float64, device)
        assert_gradient(call_with, expected_with, activation, network,
                        f"dag_input_gradient of random network #{i} with activation={activation} and its derivative")


@pytest.mark.points(0.5, visibility="hidden")
def test_the_exam_networks(reference, random_network, call_with, expected_with, device):
    for name, adjacency in [("Exercise 8's table", reference.EXAM_TABLE), ("Exercise 7's network", reference.FIGURE_1)]:
        for activation in ("tanh", "sin"):
            network = random_network(adjacency, 2600 + len(adjacency), 5, torch.float64, device)
            assert_gradient(call_with, expected_with, activation, network,
                            f"dag_input_gradient of {name} with activation={activation}")


@pytest.mark.points(0.5, visibility="hidden")
def test_a_neuron_without_edges_has_the_gradient_one(random_dag, random_network, with_isolated_neurons, call_with,
                                                     expected_with, device):
    adjacency = with_isolated_neurons(random_dag(2700, 10, 0.3), [0, 6])
    network = random_network(adjacency, 2701, 4, torch.float32, device)
    assert_gradient(call_with, expected_with, "tanh", network,
                    "dag_input_gradient of a random network with two neurons that have no edges")


@pytest.mark.points(0.5, visibility="hidden")
def test_any_non_zero_entry_is_an_edge(random_dag, random_network, call_with, expected_with, device):
    network = random_network(random_dag(2800, 14, 0.3, torch.float32, (0.5, -2.0, 3.0)), 2801, 3, torch.float64,
                             device)
    assert_gradient(call_with, expected_with, "tanh", network,
                    "dag_input_gradient of a random network whose adjacency has entries other than 0 and 1")


@pytest.mark.points(0.5, visibility="hidden")
def test_a_deep_network_with_too_many_paths_to_list(random_network, call_with, expected_with, device):
    # 12 layers of 6 neurons, each fed by all of the layer below: 6 ** 11 paths from each input.
    adjacency = torch.zeros(72, 72, dtype=torch.int64)
    for layer in range(11):
        adjacency[6 * layer:6 * layer + 6, 6 * layer + 6:6 * layer + 12] = 1
    network = random_network(adjacency, 2900, 2, torch.float64, device)
    assert_gradient(call_with, expected_with, "tanh", network,
                    "dag_input_gradient of a network of 12 layers of 6 neurons")
