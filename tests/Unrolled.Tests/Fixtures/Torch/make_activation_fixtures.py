#!/usr/bin/python3
"""Makes the per-layer activation fixtures (GELU, SiLU and the others) with PyTorch. Run by hand, not in CI:

    apt-get install -y python3-torch python3-onnx python3-numpy
    /usr/bin/python3 tests/Unrolled.Tests/Fixtures/Torch/make_activation_fixtures.py

For each case and precision it writes <case>_<precision>.json and <case>_<precision>.onnx beside this
script. The JSON holds the network (layers, one activation per layer after the input, loss, precision),
its parameters in Unrolled's order (layer by layer, W[j, i] row-major as torch.nn.Linear.weight stores
it, then the biases), and what PyTorch computed from them: the output and loss before one plain SGD
step, autograd's gradient, and the parameters after torch.optim.SGD's step (w -= lr * g), for one row
and for a batch (mean loss, mean gradient: what TrainBatch does). It also records the operators
torch.onnx.export wrote and PyTorch's outputs on a few rows, for the import tests.

Float cases are computed by PyTorch in float32; double cases in float64. Both precisions of a case start
from the same parameters and rows, all exact in float32. Numbers are JSON numbers written with Python's
repr, which round-trips a double; a float32 value is written as the double it converts to exactly.
"""
import json
import os

import numpy as np
import onnx
import torch
from torch import nn
from torch.nn import functional

HERE = os.path.dirname(os.path.abspath(__file__))
SLOPE = 0.0078125  # 1/128: Unrolled's LeakyReLU slope, exact in float32
LEARNING_RATE = 0.125  # a power of two: lr * g is exact, so the step rounds once in any precision
BATCH_ROWS = 4

# name, layers, one activation per layer after the input (C# enum names), loss (C# enum name)
CASES = [
    ("gelu_linear_3_5_2", [3, 5, 2], ["GELU", "Linear"], "SquaredError"),
    ("silu_sigmoid_3_5_2", [3, 5, 2], ["SiLU", "Sigmoid"], "SquaredError"),
    ("silu_sigmoid_ce_3_5_2", [3, 5, 2], ["SiLU", "Sigmoid"], "CrossEntropy"),
    ("gelu_silu_softmax_4_6_5_3", [4, 6, 5, 3], ["GELU", "SiLU", "Softmax"], "CrossEntropy"),
    ("relu_tanh_softmax_4_16_8_3", [4, 16, 8, 3], ["ReLU", "Tanh", "Softmax"], "CrossEntropy"),
    ("tanh_gelu_linear_2_4_3_1", [2, 4, 3, 1], ["Tanh", "GELU", "Linear"], "SquaredError"),
    ("silu_gelu_2_3_1", [2, 3, 1], ["SiLU", "GELU"], "SquaredError"),
    ("leakyrelu_sigmoid_2_4_1", [2, 4, 1], ["LeakyReLU", "Sigmoid"], "SquaredError"),
]

PRECISIONS = {"Double": torch.float64, "Single": torch.float32}


def activation_module(name):
    """The PyTorch module of each of Unrolled's activations; Linear is no module at all."""
    modules = {
        "Sigmoid": nn.Sigmoid, "Tanh": nn.Tanh, "ReLU": nn.ReLU, "LeakyReLU": lambda: nn.LeakyReLU(SLOPE),
        "Softmax": lambda: nn.Softmax(dim=1), "GELU": nn.GELU, "SiLU": nn.SiLU,
    }
    if name == "Linear":
        return None
    return modules[name]()


def build(layers, activations):
    """nn.Sequential(Linear, activation, Linear, activation, ...), as a user writes it."""
    modules = []
    for l in range(1, len(layers)):
        modules.append(nn.Linear(layers[l - 1], layers[l]))
        module = activation_module(activations[l - 1])
        if module is not None:
            modules.append(module)
    return nn.Sequential(*modules)


def on_grid(tensor, step):
    """Rounds to multiples of step (a power of two): exact in float32 and float64 alike."""
    return torch.round(tensor / step) * step + 0.0  # + 0.0 turns -0.0 into 0.0


def float32_exact(tensor):
    return tensor.to(torch.float32).to(torch.float64)


def initial_parameters(net, seed):
    """PyTorch's own initialisation, widened by 1.5 so that the hidden z reach about +-2, then rounded
    to float32 so that both precisions start from the same numbers."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for layer in net:
            if isinstance(layer, nn.Linear):
                layer.reset_parameters()
                layer.weight.copy_(float32_exact(layer.weight.double() * 1.5))
                layer.bias.copy_(float32_exact(layer.bias.double() * 1.5))


def rows(seed, count, width):
    """Inputs in [-2.5, 2.5] on a 1/64 grid: negative and positive z for GELU and SiLU."""
    generator = torch.Generator().manual_seed(seed)
    return on_grid(torch.rand(count, width, generator=generator, dtype=torch.float64) * 5 - 2.5, 1 / 64)


def targets(seed, count, width, output, loss):
    generator = torch.Generator().manual_seed(seed)
    if output == "Softmax":
        classes = torch.randint(0, width, (count,), generator=generator)
        return functional.one_hot(classes, width).to(torch.float64)
    uniform = torch.rand(count, width, generator=generator, dtype=torch.float64)
    if output == "Sigmoid" and loss == "CrossEntropy":
        return (uniform > 0.5).to(torch.float64)
    if output == "Sigmoid":
        return on_grid(uniform, 1 / 64)
    # Linear, GELU and the rest: a range both signs of GELU's and SiLU's outputs reach.
    return on_grid(uniform * 2 - 0.5, 1 / 64)


def flat_parameters(net):
    """Unrolled's order: per layer W[j, i] row-major (Linear.weight is [out, in]), then b[j]."""
    parts = []
    for layer in net:
        if isinstance(layer, nn.Linear):
            parts.append(layer.weight.detach().reshape(-1))
            parts.append(layer.bias.detach().reshape(-1))
    return torch.cat(parts)


def flat_gradient(net):
    parts = []
    for layer in net:
        if isinstance(layer, nn.Linear):
            parts.append(layer.weight.grad.reshape(-1))
            parts.append(layer.bias.grad.reshape(-1))
    return torch.cat(parts)


def per_row_loss(net, output, loss, x, t):
    """Each row's loss, as Unrolled defines it; the cross entropies from z, so that they stay finite."""
    if loss == "SquaredError":
        o = net(x)
        return 0.5 * ((o - t) ** 2).sum(dim=1), o
    z = net[:-1](x)  # everything but the output activation
    if output == "Softmax":
        return -(t * functional.log_softmax(z, dim=1)).sum(dim=1), torch.softmax(z, dim=1)
    if output == "Sigmoid":
        return functional.binary_cross_entropy_with_logits(z, t, reduction="none").sum(dim=1), torch.sigmoid(z)
    raise ValueError(f"CrossEntropy needs a Sigmoid or Softmax output, not {output}")


def sgd_step(net, output, loss, x, t):
    """One torch.optim.SGD step on the mean loss over the rows of x: what Train (one row) and TrainBatch do."""
    before = flat_parameters(net).clone()
    optimizer = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE)
    optimizer.zero_grad()
    losses, outputs = per_row_loss(net, output, loss, x, t)
    mean = losses.mean()
    mean.backward()
    gradient = flat_gradient(net).clone()
    optimizer.step()
    after = flat_parameters(net).clone()
    with torch.no_grad():  # back to where the step started, for the next step from the same parameters
        offset = 0
        for layer in net:
            if isinstance(layer, nn.Linear):
                for p in (layer.weight, layer.bias):
                    p.copy_(before[offset:offset + p.numel()].reshape(p.shape))
                    offset += p.numel()
    return {"lossBefore": mean.item(), "outputsBefore": outputs.detach(), "gradient": gradient, "parametersAfter": after}


def z_ranges(net, x):
    """The smallest and largest z of every layer."""
    ranges = []
    h = x
    with torch.no_grad():
        for layer in net:
            h = layer(h)
            if isinstance(layer, nn.Linear):
                ranges.append((h.min().item(), h.max().item()))
    return ranges


def choose_seed(layers, activations, loss, first):
    """The first seed from `first` on whose rows every GELU and SiLU layer sees z below -1 and above 1:
    both branches of the curve, and the region where the derivative differs most from a ReLU's."""
    for seed in range(first, first + 1000):
        net = build(layers, activations)
        initial_parameters(net, seed)
        ranges = z_ranges(net.double(), rows(seed + 1, BATCH_ROWS + 1, layers[0]))
        if all(low < -1 and high > 1 for (low, high), activation in zip(ranges, activations)
               if activation in ("GELU", "SiLU")):
            return seed
    raise RuntimeError(f"no seed from {first} puts z on both sides of GELU and SiLU for {layers} {activations}")


def numbers(tensor, dtype):
    """Plain floats; in float32 each is the double the float32 value converts to, exactly."""
    values = tensor.detach().to(dtype).to(torch.float64)
    return values.tolist()


def export(net, dtype, example, path):
    torch.onnx.export(net, example, path, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
    model = onnx.load(path)
    onnx.checker.check_model(model)
    return [node.op_type for node in model.graph.node], model.opset_import[0].version


def make(name, layers, activations, loss, precision, seed):
    """Writes the case's JSON and ONNX files in one precision."""
    dtype = PRECISIONS[precision]
    output = activations[-1]
    net = build(layers, activations)
    initial_parameters(net, seed)
    net = net.to(dtype)
    x = rows(seed + 1, BATCH_ROWS + 1, layers[0]).to(dtype)
    t = targets(seed + 2, BATCH_ROWS + 1, layers[-1], output, loss).to(dtype)
    sample_x, sample_t = x[:1], t[:1]
    batch_x, batch_t = x[1:], t[1:]

    sample = sgd_step(net, output, loss, sample_x, sample_t)
    batch = sgd_step(net, output, loss, batch_x, batch_t)
    with torch.no_grad():
        predictions = net(x)

    file_name = f"{name}_{precision.lower()}"
    net.eval()
    ops, opset = export(net, dtype, x[:1], os.path.join(HERE, file_name + ".onnx"))

    fixture = {
        "name": file_name,
        "layers": layers,
        "activations": activations,
        "loss": loss,
        "precision": precision,
        "seed": seed,
        "learningRate": LEARNING_RATE,
        "parametersBefore": numbers(flat_parameters(net), dtype),
        "sample": {
            "input": numbers(sample_x[0], dtype),
            "target": numbers(sample_t[0], dtype),
            "outputBefore": numbers(sample["outputsBefore"][0], dtype),
            "lossBefore": numbers(torch.tensor(sample["lossBefore"], dtype=torch.float64), dtype),
            "gradient": numbers(sample["gradient"], dtype),
            "parametersAfter": numbers(sample["parametersAfter"], dtype),
        },
        "batch": {
            "inputs": [numbers(row, dtype) for row in batch_x],
            "targets": [numbers(row, dtype) for row in batch_t],
            "outputsBefore": [numbers(row, dtype) for row in batch["outputsBefore"]],
            "meanLossBefore": numbers(torch.tensor(batch["lossBefore"], dtype=torch.float64), dtype),
            "meanGradient": numbers(batch["gradient"], dtype),
            "parametersAfter": numbers(batch["parametersAfter"], dtype),
        },
        "onnx": {
            "file": file_name + ".onnx",
            "opset": opset,
            "ops": ops,
            "inputs": [numbers(row, dtype) for row in x],
            "outputs": [numbers(row, dtype) for row in predictions],
        },
    }
    with open(os.path.join(HERE, file_name + ".json"), "w", encoding="utf-8") as file:
        file.write(compact_json(fixture))
    ranges = ", ".join(f"[{low:.2f}, {high:.2f}]" for low, high in z_ranges(net, x))
    print(f"{file_name}: seed {seed}, opset {opset}, ops {ops}; z per layer {ranges}")


def compact_json(value, indent=""):
    """Indented objects, but every list of numbers (or of rows) on one line: small files, readable diffs."""
    if isinstance(value, dict):
        inner = indent + "  "
        items = [f'{inner}{json.dumps(key)}: {compact_json(item, inner)}' for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}" + ("\n" if indent == "" else "")
    return json.dumps(value, separators=(", ", ": "))


if __name__ == "__main__":
    print(f"torch {torch.__version__}, onnx {onnx.__version__}")
    for index, (name, layers, activations, loss) in enumerate(CASES):
        seed = choose_seed(layers, activations, loss, 2100 + 1000 * index)
        for precision in PRECISIONS:
            make(name, layers, activations, loss, precision, seed)
