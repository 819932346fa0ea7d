#!/usr/bin/python3
"""Makes the recurrent fixtures (GRU and LSTM cells, issue 22) with PyTorch. Run by hand, not in CI:

    apt-get install -y python3-torch python3-onnx python3-numpy
    /usr/bin/python3 tests/Unrolled.Tests/Fixtures/Torch/make_recurrent_fixtures.py

For each case and precision it writes Recurrent/<case>_<precision>.json and .onnx (a folder of its own, so
that the activation fixtures' loader, which reads every *.json beside this script, never sees them).

A case is PyTorch's nn.GRU or nn.LSTM (batch_first=True, one or more stacked layers of one hidden size)
followed by an nn.Linear applied at every time step and an output activation (Linear, Sigmoid, Softmax).
The JSON holds the parameters in Unrolled's order, which is torch's named_parameters() order: per
recurrent layer weight_ih [G*H, In], weight_hh [G*H, H] (row-major), bias_ih [G*H], bias_hh [G*H], with
torch's gate order (GRU r, z, n: G = 3; LSTM i, f, g, o: G = 4); then the Linear's weight [Out, H] and
bias [Out]. And what PyTorch computed from them:
- stream: the outputs at every step of a 50-step sequence from a zero state (what Step gives);
- sequence: one torch.optim.SGD step on the mean over time steps of the per-step loss of a 12-step
  sequence from a zero state (what TrainSequence does): loss, autograd's gradient, parameters after;
- batch: the same on four 6-step sequences, each from a zero state, the mean of their losses
  (what TrainSequenceBatch does);
- onnx: the module exported by torch.onnx.export, every node with its attributes, the initializers,
  and PyTorch's outputs on three sequences, for the import tests.

Float cases are computed by PyTorch in float32, double cases in float64, from the same parameters and
inputs, all exact in float32. Numbers are JSON numbers written with Python's repr, which round-trips a
double; a float32 value is written as the double it converts to exactly.
"""
import json
import os
import warnings

import onnx
import torch
from onnx import numpy_helper
from torch import nn
from torch.nn import functional

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "Recurrent")
LEARNING_RATE = 0.125  # a power of two: lr * g is exact, so the step rounds once in any precision
STREAM_STEPS = 50
SEQUENCE_STEPS = 12
BATCH_SEQUENCES = 4
BATCH_STEPS = 6
ONNX_SEQUENCES = 3
ONNX_STEPS = 7
WIDEN = 2.0  # PyTorch's U(-1/sqrt(H), 1/sqrt(H)) doubled: gates reach well into their curves

# name, cell (C# Cell names), layers as [Network(...)] takes them (input, hidden..., output), output
# activation (C# Activation name), loss (C# Loss name)
CASES = [
    ("gru_1_16_1", "GRU", [1, 16, 1], "Linear", "SquaredError"),
    ("lstm_1_16_1", "LSTM", [1, 16, 1], "Linear", "SquaredError"),
    ("gru_1_8_1", "GRU", [1, 8, 1], "Linear", "SquaredError"),
    ("lstm_3_8_2", "LSTM", [3, 8, 2], "Linear", "SquaredError"),
    ("gru_3_8_8_2", "GRU", [3, 8, 8, 2], "Linear", "SquaredError"),
    ("lstm_1_16_16_1", "LSTM", [1, 16, 16, 1], "Linear", "SquaredError"),
    ("gru_sigmoid_3_16_2", "GRU", [3, 16, 2], "Sigmoid", "SquaredError"),
    ("lstm_sigmoid_ce_1_8_8_2", "LSTM", [1, 8, 8, 2], "Sigmoid", "CrossEntropy"),
    ("gru_softmax_ce_3_16_16_3", "GRU", [3, 16, 16, 3], "Softmax", "CrossEntropy"),
    ("lstm_softmax_ce_3_8_3", "LSTM", [3, 8, 3], "Softmax", "CrossEntropy"),
]

PRECISIONS = {"Double": torch.float64, "Single": torch.float32}
CELLS = {"GRU": nn.GRU, "LSTM": nn.LSTM}
# ONNX's gate order, written as torch's gate indices: GRU (z, r, h) from torch's (r, z, n); LSTM
# (i, o, f, c) from torch's (i, f, g, o). The script checks the exported initializers against it.
ONNX_GATES = {"GRU": ("zrh", [1, 0, 2]), "LSTM": ("iofc", [0, 3, 1, 2])}


class RecurrentNet(nn.Module):
    """The recurrent layers, then one Linear at every time step, then the output activation."""

    def __init__(self, cell, layers, output):
        super().__init__()
        self.rnn = CELLS[cell](layers[0], layers[1], num_layers=len(layers) - 2, batch_first=True)
        self.linear = nn.Linear(layers[1], layers[-1])
        self.output = output

    def logits(self, x):
        """z of the output layer at every step: [sequences, steps, outputs]."""
        h, _ = self.rnn(x)
        return self.linear(h)

    def forward(self, x):
        return activate(self.output, self.logits(x))


def activate(output, z):
    if output == "Linear":
        return z
    if output == "Sigmoid":
        return torch.sigmoid(z)
    if output == "Softmax":
        return torch.softmax(z, dim=-1)
    raise ValueError(f"no output activation {output}")


def on_grid(tensor, step):
    """Rounds to multiples of step (a power of two): exact in float32 and float64 alike."""
    return torch.round(tensor / step) * step + 0.0  # + 0.0 turns -0.0 into 0.0


def float32_exact(tensor):
    return tensor.to(torch.float32).to(torch.float64)


def initial_parameters(net, seed):
    """PyTorch's own initialisation, widened, then rounded to float32: both precisions start alike."""
    torch.manual_seed(seed)
    with torch.no_grad():
        net.rnn.reset_parameters()
        net.linear.reset_parameters()
        for p in net.parameters():
            p.copy_(float32_exact(p.double() * WIDEN))


def sequences(seed, count, steps, width):
    """Inputs in [-2, 2] on a 1/64 grid: [count, steps, width]."""
    generator = torch.Generator().manual_seed(seed)
    return on_grid(torch.rand(count, steps, width, generator=generator, dtype=torch.float64) * 4 - 2, 1 / 64)


def targets(seed, count, steps, width, output, loss):
    generator = torch.Generator().manual_seed(seed)
    if output == "Softmax":
        classes = torch.randint(0, width, (count, steps), generator=generator)
        return functional.one_hot(classes, width).to(torch.float64)
    uniform = torch.rand(count, steps, width, generator=generator, dtype=torch.float64)
    if output == "Sigmoid" and loss == "CrossEntropy":
        return (uniform > 0.5).to(torch.float64)
    if output == "Sigmoid":
        return on_grid(uniform, 1 / 64)
    return on_grid(uniform * 2 - 1, 1 / 64)  # Linear: [-1, 1]


def flat_parameters(net):
    """Unrolled's order, which is named_parameters()'s: per layer weight_ih, weight_hh, bias_ih, bias_hh,
    then linear.weight and linear.bias, each row-major."""
    return torch.cat([p.detach().reshape(-1) for _, p in net.named_parameters()])


def flat_gradient(net):
    return torch.cat([p.grad.reshape(-1) for _, p in net.named_parameters()])


def set_flat_parameters(net, flat):
    with torch.no_grad():
        offset = 0
        for _, p in net.named_parameters():
            p.copy_(flat[offset:offset + p.numel()].reshape(p.shape))
            offset += p.numel()


def step_losses(net, output, loss, x, t):
    """The per-step loss Train uses, at every step of every sequence: [sequences, steps]; and the outputs.
    The cross entropies from z, as Unrolled computes them."""
    z = net.logits(x)
    o = activate(output, z)
    if loss == "SquaredError":
        return 0.5 * ((o - t) ** 2).sum(dim=-1), o
    if output == "Softmax":
        return -(t * functional.log_softmax(z, dim=-1)).sum(dim=-1), o
    if output == "Sigmoid":
        return functional.binary_cross_entropy_with_logits(z, t, reduction="none").sum(dim=-1), o
    raise ValueError(f"CrossEntropy needs a Sigmoid or Softmax output, not {output}")


def sgd_step(net, output, loss, x, t):
    """One torch.optim.SGD step on the mean of the per-step losses over every step of every sequence of x.
    The sequences have equal lengths, so that is the mean over sequences of each sequence's mean over
    time: TrainSequence for one sequence, TrainSequenceBatch for several."""
    before = flat_parameters(net).clone()
    optimizer = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE)
    optimizer.zero_grad()
    losses, outputs = step_losses(net, output, loss, x, t)
    mean = losses.mean()
    mean.backward()
    gradient = flat_gradient(net).clone()
    optimizer.step()
    after = flat_parameters(net).clone()
    set_flat_parameters(net, before)  # back to the start, for the next step from the same parameters
    return {"loss": mean.detach(), "outputs": outputs.detach(), "gradient": gradient, "parametersAfter": after}


def numbers(tensor, dtype):
    """Plain floats (nested lists for rows); in float32 each is the double the float32 value converts to."""
    return tensor.detach().to(dtype).to(torch.float64).tolist()


def attribute_value(attribute):
    """A node attribute as JSON: numbers and strings as they are, a tensor as its dims, type and values."""
    value = onnx.helper.get_attribute_value(attribute)
    if isinstance(value, onnx.TensorProto):
        return {"dims": list(value.dims), "dataType": value.data_type,
                "values": numpy_helper.to_array(value).reshape(-1).tolist()}
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list):
        return [item.decode("utf-8") if isinstance(item, bytes) else item for item in value]
    return value


def export(net, cell, dtype, example, path):
    """torch.onnx.export's defaults (opset 14 in torch 1.13), a dynamic batch and time axis; returns the
    graph as JSON after checking that its recurrent initializers are torch's weights in ONNX's gate order."""
    torch.onnx.export(net, example, path, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "N", 1: "T"}, "output": {0: "N", 1: "T"}})
    model = onnx.load(path)
    onnx.checker.check_model(model)
    initializers = {tensor.name: tensor for tensor in model.graph.initializer}
    recurrent = [node for node in model.graph.node if node.op_type == cell]
    assert len(recurrent) == net.rnn.num_layers, f"{path}: {len(recurrent)} {cell} nodes"
    for layer, node in enumerate(recurrent):
        check_gate_order(net, cell, layer, [numpy_helper.to_array(initializers[name]) for name in node.input[1:4]])
    nodes = [{"op": node.op_type, "inputs": list(node.input), "outputs": list(node.output),
              "attributes": {attribute.name: attribute_value(attribute) for attribute in node.attribute}}
             for node in model.graph.node]
    return {
        "opset": model.opset_import[0].version,
        "ops": [node.op_type for node in model.graph.node],
        "gateOrder": ONNX_GATES[cell][0],
        "nodes": nodes,
        "initializers": [{"name": tensor.name, "dims": list(tensor.dims), "dataType": tensor.data_type}
                         for tensor in model.graph.initializer],
    }


def check_gate_order(net, cell, layer, onnx_weights):
    """ONNX's W [1, G*H, In], R [1, G*H, H] and B [1, 2*G*H] (input biases, then hidden ones) are torch's
    weight_ih, weight_hh, bias_ih ++ bias_hh with the gate blocks in ONNX's order."""
    order = ONNX_GATES[cell][1]

    def reorder(tensor):
        return torch.cat([chunk for chunk in (tensor.chunk(len(order), dim=0)[g] for g in order)], dim=0)

    w, r, b = onnx_weights
    p = {name: value.detach() for name, value in net.rnn.named_parameters()}
    expected_b = torch.cat([reorder(p[f"bias_ih_l{layer}"]), reorder(p[f"bias_hh_l{layer}"])])
    for what, actual, expected in (("W", w[0], reorder(p[f"weight_ih_l{layer}"])),
                                   ("R", r[0], reorder(p[f"weight_hh_l{layer}"])), ("B", b[0], expected_b)):
        assert torch.equal(torch.from_numpy(actual.copy()), expected), f"{cell} layer {layer}: {what} is not in {ONNX_GATES[cell][0]} order"


def make(index, name, cell, layers, output, loss, precision):
    """Writes the case's JSON and ONNX files in one precision."""
    dtype = PRECISIONS[precision]
    seed = 2200 + 100 * index
    inputs, outputs = layers[0], layers[-1]
    net = RecurrentNet(cell, layers, output)
    initial_parameters(net, seed)
    net = net.to(dtype)

    stream_x = sequences(seed + 1, 1, STREAM_STEPS, inputs).to(dtype)
    sequence_x = sequences(seed + 2, 1, SEQUENCE_STEPS, inputs).to(dtype)
    sequence_t = targets(seed + 3, 1, SEQUENCE_STEPS, outputs, output, loss).to(dtype)
    batch_x = sequences(seed + 4, BATCH_SEQUENCES, BATCH_STEPS, inputs).to(dtype)
    batch_t = targets(seed + 5, BATCH_SEQUENCES, BATCH_STEPS, outputs, output, loss).to(dtype)
    onnx_x = sequences(seed + 6, ONNX_SEQUENCES, ONNX_STEPS, inputs).to(dtype)

    with torch.no_grad():
        h, state = net.rnn(stream_x)
        stream_o = activate(output, net.linear(h))
        final_h, final_c = (state, None) if cell == "GRU" else state
        onnx_o = net(onnx_x)
    sequence = sgd_step(net, output, loss, sequence_x, sequence_t)
    batch = sgd_step(net, output, loss, batch_x, batch_t)

    file_name = f"{name}_{precision.lower()}"
    net.eval()
    graph = export(net, cell, dtype, onnx_x[:1], os.path.join(OUT, file_name + ".onnx"))

    fixture = {
        "name": file_name,
        "cell": cell,
        "layers": layers,
        "output": output,
        "loss": loss,
        "precision": precision,
        "seed": seed,
        "learningRate": LEARNING_RATE,
        "parameters": numbers(flat_parameters(net), dtype),
        "stream": {
            "inputs": numbers(stream_x[0], dtype),
            "outputs": numbers(stream_o[0], dtype),
            "finalHidden": numbers(final_h[:, 0, :], dtype),
            "finalCell": [] if final_c is None else numbers(final_c[:, 0, :], dtype),
        },
        "sequence": {
            "inputs": numbers(sequence_x[0], dtype),
            "targets": numbers(sequence_t[0], dtype),
            "outputs": numbers(sequence["outputs"][0], dtype),
            "loss": numbers(sequence["loss"], dtype),
            "gradient": numbers(sequence["gradient"], dtype),
            "parametersAfter": numbers(sequence["parametersAfter"], dtype),
        },
        "batch": {
            "sequenceLength": BATCH_STEPS,
            "inputs": numbers(batch_x, dtype),
            "targets": numbers(batch_t, dtype),
            "outputs": numbers(batch["outputs"], dtype),
            "meanLoss": numbers(batch["loss"], dtype),
            "meanGradient": numbers(batch["gradient"], dtype),
            "parametersAfter": numbers(batch["parametersAfter"], dtype),
        },
        "onnx": {
            "file": file_name + ".onnx",
            **graph,
            "inputs": numbers(onnx_x, dtype),
            "outputs": numbers(onnx_o, dtype),
        },
    }
    with open(os.path.join(OUT, file_name + ".json"), "w", encoding="utf-8") as file:
        file.write(compact_json(fixture))
    print(f"{file_name}: seed {seed}, {flat_parameters(net).numel()} parameters, sequence loss "
          f"{sequence['loss'].item():.4f}, batch loss {batch['loss'].item():.4f}, opset {graph['opset']}")


def compact_json(value, indent=""):
    """Indented objects, but every list (of numbers, rows, nodes) on one line: small files, readable diffs."""
    if isinstance(value, dict):
        inner = indent + "  "
        items = [f'{inner}{json.dumps(key)}: {compact_json(item, inner)}' for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}" + ("\n" if indent == "" else "")
    if isinstance(value, list) and value and isinstance(value[0], dict):  # the ONNX nodes: one a line
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + json.dumps(item, separators=(", ", ": ")) for item in value) + "\n" + indent + "]"
    return json.dumps(value, separators=(", ", ": "))


if __name__ == "__main__":
    torch.set_num_threads(1)  # one summation order, the same bytes every run
    # torch 1.13's exporter warns about batch sizes other than 1 (the example has 1, and the initial state
    # is built from the input's shape) and about shape inference of constants: neither applies here.
    warnings.filterwarnings("ignore", category=UserWarning, module="torch.onnx")
    print(f"torch {torch.__version__}, onnx {onnx.__version__}")
    os.makedirs(OUT, exist_ok=True)
    for index, (name, cell, layers, output, loss) in enumerate(CASES):
        for precision in PRECISIONS:
            make(index, name, cell, layers, output, loss, precision)
