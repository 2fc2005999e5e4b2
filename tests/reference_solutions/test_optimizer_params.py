"""The optimizer_params reference fixes Exercise 11's bugs, and the notebook gives students the same net."""

from __future__ import annotations

from collections import Counter

import pytest
import torch
import torch.nn.functional as F



@pytest.fixture
def net(ref):
    torch.manual_seed(0)
    return ref.MyPredictionNet()


def held(net, optimizer) -> Counter:
    """How often the optimizer holds each named parameter of ``net``."""
    names = {id(param): name for name, param in net.named_parameters()}
    return Counter(names.get(id(param), "<foreign>") for group in optimizer.param_groups for param in group["params"])


def batches(seed: int, count: int = 3, size: int = 4) -> list[dict[str, torch.Tensor]]:
    g = torch.Generator().manual_seed(seed)
    return [{"img": torch.randn(size, 3, 16, 16, generator=g), "labels": torch.randint(0, 3, (size,), generator=g)}
            for _ in range(count)]


def one_step(net, optimizer, batch) -> None:
    optimizer.zero_grad()
    F.cross_entropy(net(batch["img"]), batch["labels"]).backward()
    optimizer.step()


def test_net_classifies_small_images(net):
    assert net(torch.randn(2, 3, 16, 16)).shape == (2, 3)


# ---------------------------------------------------------------------------------- make_optimizer


def test_make_optimizer_holds_every_parameter_once(ref, net):
    optimizer = ref.make_optimizer(net)
    assert held(net, optimizer) == Counter({name: 1 for name, _ in net.named_parameters()})
    assert "fc.weight" in held(net, optimizer)


def test_make_optimizer_is_sgd_with_the_given_settings(ref, net):
    optimizer = ref.make_optimizer(net, lr=0.25, momentum=0.5)
    assert type(optimizer) is torch.optim.SGD
    assert [(g["lr"], g["momentum"]) for g in optimizer.param_groups] == [(0.25, 0.5)]
    assert [(g["lr"], g["momentum"]) for g in ref.make_optimizer(net).param_groups] == [(0.001, 0.9)]


def test_make_optimizer_step_moves_every_parameter(ref, net):
    before = {name: param.detach().clone() for name, param in net.named_parameters()}
    one_step(net, ref.make_optimizer(net, lr=0.1), batches(1)[0])
    assert [name for name, param in net.named_parameters() if torch.equal(param, before[name])] == []


# ------------------------------------------------------------------------- make_finetune_optimizer


@pytest.mark.parametrize("frozen", [("block1", "block2", "block3"), ("block2", "block5"), ()])
def test_finetune_freezes_exactly_the_named_blocks(ref, net, frozen):
    optimizer = ref.make_finetune_optimizer(net, frozen=frozen)
    is_frozen = {name: name.split(".")[0] in frozen for name, _ in net.named_parameters()}
    assert {name: param.requires_grad for name, param in net.named_parameters()} == {
        name: not flag for name, flag in is_frozen.items()}
    assert held(net, optimizer) == Counter({name: 1 for name, flag in is_frozen.items() if not flag})


def test_finetune_defaults_freeze_block1_to_block3_and_keep_fc(ref, net):
    optimizer = ref.make_finetune_optimizer(net)
    counts = held(net, optimizer)
    assert not any(name.startswith(("block1.", "block2.", "block3.")) for name in counts)
    assert counts["fc.weight"] == counts["fc.bias"] == 1
    assert [(g["lr"], g["momentum"]) for g in optimizer.param_groups] == [(0.001, 0.9)]


def test_finetune_steps_leave_frozen_blocks_bit_for_bit(ref, net):
    before = {name: param.detach().clone() for name, param in net.named_parameters()}
    optimizer = ref.make_finetune_optimizer(net, lr=0.1)
    for batch in batches(2):
        one_step(net, optimizer, batch)
    for name, param in net.named_parameters():
        frozen = name.startswith(("block1.", "block2.", "block3."))
        assert torch.equal(param, before[name]) == frozen, name
        assert (param.grad is None) == frozen, name


# ---------------------------------------------------------------------------------- train_one_epoch


def test_train_one_epoch_matches_a_hand_written_loop(ref, net):
    twin = ref.MyPredictionNet()
    twin.load_state_dict(net.state_dict())
    net.eval()
    data = batches(3)
    mean_loss = ref.train_one_epoch(net, torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9), data,
                                    torch.nn.CrossEntropyLoss(), "cpu")
    optimizer = torch.optim.SGD(twin.parameters(), lr=0.1, momentum=0.9)
    losses = []
    for batch in data:
        optimizer.zero_grad()
        loss = F.cross_entropy(twin(batch["img"]), batch["labels"])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert type(mean_loss) is float and mean_loss == pytest.approx(sum(losses) / len(losses), rel=1e-6)
    assert net.training
    for (name, value), twin_value in zip(net.state_dict().items(), twin.state_dict().values()):
        torch.testing.assert_close(value, twin_value, msg=name)


def test_train_one_epoch_does_not_accumulate_gradients(ref, net):
    # With a stale gradient left on every parameter, the first step must ignore it.
    F.cross_entropy(net(torch.randn(4, 3, 16, 16)), torch.tensor([0, 1, 2, 0])).backward()
    twin = ref.MyPredictionNet()
    twin.load_state_dict(net.state_dict())
    data = batches(4, count=1)
    ref.train_one_epoch(net, torch.optim.SGD(net.parameters(), lr=0.1), data, torch.nn.CrossEntropyLoss(), "cpu")
    one_step(twin, torch.optim.SGD(twin.parameters(), lr=0.1), data[0])
    for (name, param), twin_param in zip(net.named_parameters(), twin.parameters()):
        torch.testing.assert_close(param, twin_param, msg=name)


# ----------------------------------------------------------------------------------- the notebook


def test_notebook_gives_the_reference_net(ref, stub_notebook_namespace):
    given = stub_notebook_namespace()
    torch.manual_seed(7)
    reference_net = ref.MyPredictionNet()
    torch.manual_seed(7)
    student_net = given["MyPredictionNet"]()
    reference_state, student_state = reference_net.state_dict(), student_net.state_dict()
    assert list(student_state) == list(reference_state)
    for name, value in reference_state.items():
        assert torch.equal(student_state[name], value), name
    x = torch.randn(2, 3, 16, 16)
    torch.testing.assert_close(student_net(x), reference_net(x), rtol=0, atol=0)


def test_untouched_notebook_stubs_raise_not_implemented(stub_notebook_namespace):
    given = stub_notebook_namespace()
    net = given["MyPredictionNet"]()
    for call in (lambda: given["make_optimizer"](net), lambda: given["make_finetune_optimizer"](net),
                 lambda: given["train_one_epoch"](net, None, [], None, "cpu")):
        with pytest.raises(NotImplementedError):
            call()
