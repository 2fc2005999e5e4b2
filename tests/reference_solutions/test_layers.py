"""The layers reference agrees with PyTorch's own layers and reproduces Exercise 13a's three cases."""

from __future__ import annotations

import itertools

import pytest
import torch
import torch.nn.functional as F
from torch import nn

DTYPES = [torch.float32, torch.float64]


def feature_map(seed: int, shape: tuple, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    stats_shape = shape[:2] + (1,) * (len(shape) - 2)
    scale = 0.3 + 3 * torch.rand(stats_shape, generator=g, dtype=torch.float64)
    offset = 4 * torch.randn(stats_shape, generator=g, dtype=torch.float64)
    return (offset + scale * torch.randn(shape, generator=g, dtype=torch.float64)).to(dtype)


# ---- conv1d_as_matrix -------------------------------------------------------------------------

CONV_CONFIGS = [  # (C_out, C_in, K, length, stride, padding), every one with a non-empty output
    c for c in itertools.product([1, 3], [1, 2], [1, 2, 3, 5], [1, 4, 7], [1, 2, 3], [0, 1, 3])
    if (c[3] + 2 * c[5] - c[2]) // c[4] + 1 >= 1
]


def test_conv1d_as_matrix_of_the_hand_made_kernel(ref):
    weight = torch.tensor([[[1.0, 2.0, 3.0]]])
    expected = torch.tensor([[1.0, 2.0, 3.0, 0.0], [0.0, 1.0, 2.0, 3.0]])
    torch.testing.assert_close(ref.conv1d_as_matrix(weight, 4), expected, rtol=0, atol=0)


def test_conv1d_as_matrix_reproduces_f_conv1d(ref):
    assert len(CONV_CONFIGS) > 100
    for i, (c_out, c_in, k, length, stride, padding) in enumerate(CONV_CONFIGS):
        g = torch.Generator().manual_seed(i)
        weight = torch.randn(c_out, c_in, k, generator=g, dtype=torch.float64)
        x = torch.randn(3, c_in, length, generator=g, dtype=torch.float64)
        matrix = ref.conv1d_as_matrix(weight, length, stride=stride, padding=padding)
        expected = F.conv1d(x, weight, stride=stride, padding=padding)
        assert matrix.shape == (c_out * expected.shape[-1], c_in * length)
        got = (x.flatten(1) @ matrix.T).view(3, c_out, -1)
        torch.testing.assert_close(got, expected, msg=f"config {(c_out, c_in, k, length, stride, padding)}")


@pytest.mark.parametrize("dtype", DTYPES)
def test_conv1d_as_matrix_keeps_the_dtype_and_copies_the_weights(ref, dtype):
    weight = torch.randn(2, 3, 3, dtype=dtype)
    before = weight.clone()
    matrix = ref.conv1d_as_matrix(weight, 6, stride=2, padding=1)
    assert matrix.dtype == dtype
    assert torch.equal(weight, before)
    assert matrix.untyped_storage().data_ptr() != weight.untyped_storage().data_ptr()
    # Each output row holds at most the K * C_in weights of its output channel, each exactly once.
    assert int((matrix != 0).sum(dim=1).max()) <= 3 * 3


@pytest.mark.parametrize(("k", "length", "stride", "padding"), [(5, 3, 1, 0), (6, 3, 1, 1), (3, 1, 2, 0), (3, 2, 2, 0)])
def test_conv1d_as_matrix_raises_value_error_where_f_conv1d_has_no_output(ref, k, length, stride, padding):
    weight = torch.randn(2, 1, k)
    with pytest.raises(RuntimeError):
        F.conv1d(torch.randn(1, 1, length), weight, stride=stride, padding=padding)
    with pytest.raises(ValueError, match="no output"):
        ref.conv1d_as_matrix(weight, length, stride=stride, padding=padding)


# ---- batch_norm, instance_norm, adain --------------------------------------------------------------

NORM_SHAPES = [(6, 4), (3, 5, 9), (4, 3, 6, 6), (2, 3, 3, 4, 5)]


@pytest.mark.parametrize("shape", NORM_SHAPES)
@pytest.mark.parametrize("eps", [1e-5, 0.5])
def test_batch_norm_equals_f_batch_norm_in_training_mode(ref, shape, eps):
    x = feature_map(1, shape)
    gamma, beta = torch.randn(shape[1], dtype=torch.float64), torch.randn(shape[1], dtype=torch.float64)
    expected = F.batch_norm(x, None, None, gamma, beta, training=True, eps=eps)
    torch.testing.assert_close(ref.batch_norm(x, gamma, beta, eps=eps), expected)


@pytest.mark.parametrize("dtype", DTYPES)
def test_batch_norm_equals_nn_batchnorm2d_in_training_mode(ref, dtype):
    layer = nn.BatchNorm2d(3, dtype=dtype).train()
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([2.0, -1.0, 0.5]))
        layer.bias.copy_(torch.tensor([0.0, 1.0, -3.0]))
    x = feature_map(2, (4, 3, 5, 5), dtype)
    got = ref.batch_norm(x, layer.weight.detach(), layer.bias.detach())
    assert got.dtype == dtype
    torch.testing.assert_close(got, layer(x).detach())


@pytest.mark.parametrize("shape", NORM_SHAPES[1:])
@pytest.mark.parametrize("eps", [1e-5, 0.3])
def test_instance_norm_equals_f_instance_norm(ref, shape, eps):
    x = feature_map(3, shape)
    torch.testing.assert_close(ref.instance_norm(x, eps=eps), F.instance_norm(x, eps=eps))


@pytest.mark.parametrize("dtype", DTYPES)
def test_instance_norm_equals_nn_instancenorm2d(ref, dtype):
    x = feature_map(4, (3, 2, 6, 7), dtype)
    got = ref.instance_norm(x)
    assert got.dtype == dtype
    torch.testing.assert_close(got, nn.InstanceNorm2d(2)(x))


@pytest.mark.parametrize(("content_shape", "style_shape"), [((4, 3, 6, 6), (4, 3, 6, 6)), ((3, 4, 8, 8), (3, 4, 5, 6)),
                                                            ((2, 3, 10), (2, 3, 7))])
@pytest.mark.parametrize("eps", [1e-5, 0.5])
def test_adain_is_the_style_statistics_on_the_instance_normalised_content(ref, content_shape, style_shape, eps):
    content, style = feature_map(5, content_shape), feature_map(6, style_shape)
    dims = tuple(range(2, style.dim()))
    style_mean = style.mean(dim=dims).reshape(*style.shape[:2], *[1] * (content.dim() - 2))
    style_sigma = torch.sqrt(style.var(dim=dims, correction=0) + eps).reshape(style_mean.shape)
    expected = style_sigma * F.instance_norm(content, eps=eps) + style_mean
    torch.testing.assert_close(ref.adain(content, style, eps=eps), expected)


def test_adain_gives_the_content_the_style_mean_and_spread(ref):
    content, style = feature_map(7, (2, 3, 8, 8)), feature_map(8, (2, 3, 5, 6))
    got = ref.adain(content, style, eps=0.0)
    torch.testing.assert_close(got.mean(dim=(2, 3)), style.mean(dim=(2, 3)))
    torch.testing.assert_close(got.std(dim=(2, 3), correction=0), style.std(dim=(2, 3), correction=0))


# ---- cosine_similarity ------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_the_exams_three_cases_give_one_zero_and_minus_one(ref, dtype):
    g = torch.Generator().manual_seed(9)
    w = torch.randn(5, generator=g, dtype=dtype)
    orthogonal = torch.randn(5, generator=g, dtype=dtype)
    orthogonal = orthogonal - (orthogonal @ w) / (w @ w) * w
    for v, expected in [(3.5 * w, 1.0), (orthogonal, 0.0), (-2 * w, -1.0)]:
        got = ref.cosine_similarity(v, w)
        assert got.dtype == dtype and got.shape == ()
        assert got.item() == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(("v_shape", "w_shape"), [((20, 7), (20, 7)), ((4, 1, 6), (5, 6)), ((6,), (3, 6))])
@pytest.mark.parametrize("eps", [1e-8, 0.5])
def test_cosine_similarity_equals_f_cosine_similarity(ref, v_shape, w_shape, eps):
    g = torch.Generator().manual_seed(10)
    v = torch.randn(v_shape, generator=g, dtype=torch.float64) * 0.3
    w = torch.randn(w_shape, generator=g, dtype=torch.float64) * 0.3
    torch.testing.assert_close(ref.cosine_similarity(v, w, eps=eps), F.cosine_similarity(v, w, dim=-1, eps=eps))


def test_a_zero_vector_has_cosine_similarity_zero(ref):
    v = torch.tensor([[0.0, 0.0, 0.0], [1.0, 2.0, 3.0]])
    w = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    torch.testing.assert_close(ref.cosine_similarity(v, w), torch.zeros(2), rtol=0, atol=0)
    torch.testing.assert_close(F.cosine_similarity(v, w, dim=-1), torch.zeros(2), rtol=0, atol=0)


# ---- the notebook ----------------------------------------------------------------------------------


def test_the_reference_leaves_its_inputs_unchanged(ref):
    x, style = feature_map(11, (2, 3, 4, 4)), feature_map(12, (2, 3, 3, 3))
    gamma, beta = torch.ones(3, dtype=torch.float64), torch.zeros(3, dtype=torch.float64)
    before = [t.clone() for t in (x, style, gamma, beta)]
    ref.batch_norm(x, gamma, beta)
    ref.instance_norm(x)
    ref.adain(x, style)
    ref.cosine_similarity(x, x)
    for tensor, copy in zip((x, style, gamma, beta), before):
        assert torch.equal(tensor, copy)


def test_untouched_notebook_stubs_raise_not_implemented(stub_notebook_namespace):
    namespace = stub_notebook_namespace()
    x = torch.randn(2, 3, 4)
    calls = {
        "conv1d_as_matrix": (torch.randn(1, 1, 2), 4),
        "batch_norm": (x, torch.ones(3), torch.zeros(3)),
        "instance_norm": (x,),
        "adain": (x, x),
        "cosine_similarity": (x, x),
    }
    for name, args in calls.items():
        with pytest.raises(NotImplementedError):
            namespace[name](*args)
