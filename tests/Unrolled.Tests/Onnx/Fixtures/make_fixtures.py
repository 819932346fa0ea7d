#!/usr/bin/python3
"""Makes the ONNX import fixtures with the real exporter. Run by hand, not in CI:

    apt-get install -y python3-torch python3-onnx python3-numpy
    /usr/bin/python3 tests/Unrolled.Tests/Onnx/Fixtures/make_fixtures.py

Each model is an nn.Sequential of Linear layers and one supported activation, trained briefly on
a fixed task, exported with torch.onnx.export as a user would, and written beside its expected
outputs: <name>.onnx and <name>.json with the model's inputs, PyTorch's outputs on them (repr,
which round-trips) and the training data. matmul_add.onnx is written with onnx.helper in the
MatMul + Add form that Keras exporters (tf2onnx) produce.
"""
import json
import os

import numpy as np
import onnx
import onnx.helper as helper
import onnx.numpy_helper as numpy_helper
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SLOPE = 0.0078125  # 1/128: Unrolled's LeakyReLU slope, exact in float32

# Fixed inputs on which the expected outputs are recorded, and a small task to train on.
torch.manual_seed(16)
INPUTS = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.25, -0.5], [-1.5, 2.0]])
TRAIN_X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TRAIN_Y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])  # XOR
TRAIN_Y_ONEHOT = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])


def model(name):
    """Each fixture: (layers, hidden, output, module). The names match Unrolled's options."""
    if name == "sigmoid_2_4_1":
        return [2, 4, 1], "Sigmoid", "Sigmoid", nn.Sequential(nn.Linear(2, 4), nn.Sigmoid(), nn.Linear(4, 1), nn.Sigmoid())
    if name == "tanh_2_5_3_1":
        return [2, 5, 3, 1], "Tanh", "Sigmoid", nn.Sequential(nn.Linear(2, 5), nn.Tanh(), nn.Linear(5, 3), nn.Tanh(), nn.Linear(3, 1), nn.Sigmoid())
    if name == "relu_linear_2_6_1":
        return [2, 6, 1], "ReLU", "Linear", nn.Sequential(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 1))
    if name == "leakyrelu_identity_2_6_1":
        return [2, 6, 1], "LeakyReLU", "Linear", nn.Sequential(nn.Linear(2, 6), nn.LeakyReLU(SLOPE), nn.Linear(6, 1), nn.Identity())
    if name == "softmax_2_4_2":
        return [2, 4, 2], "Tanh", "Softmax", nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2), nn.Softmax(dim=1))
    if name == "leakyrelu_default_slope_2_4_1":
        # PyTorch's default slope, 0.01, is not Unrolled's: the import must refuse it.
        return [2, 4, 1], "LeakyReLU", "Sigmoid", nn.Sequential(nn.Linear(2, 4), nn.LeakyReLU(), nn.Linear(4, 1), nn.Sigmoid())
    raise KeyError(name)


def train(net, softmax):
    optimizer = torch.optim.Adam(net.parameters(), lr=0.05)
    targets = TRAIN_Y_ONEHOT if softmax else TRAIN_Y
    for _ in range(200):
        optimizer.zero_grad()
        out = net(TRAIN_X.to(next(net.parameters()).dtype))
        loss = ((out - targets.to(out.dtype)) ** 2).sum() * 0.5
        loss.backward()
        optimizer.step()


def write(name, precision, layers, hidden, output, net, data_x, data_y, activations=None):
    net.eval()
    dtype = torch.float64 if precision == "Double" else torch.float32
    with torch.no_grad():
        outputs = net(INPUTS.to(dtype))
    torch.onnx.export(net, INPUTS[:1].to(dtype), os.path.join(HERE, name + ".onnx"),
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
    expected = {
        "layers": layers,
        "hidden": hidden,
        "output": output,
        "precision": precision,
        "inputs": [[repr(float(v)) for v in row] for row in INPUTS.tolist()],
        "outputs": [[repr(float(v)) if precision == "Double" else repr(float(np.float32(v))) for v in row] for row in outputs.tolist()],
        "trainInputs": [[repr(float(v)) for v in row] for row in data_x.tolist()],
        "trainTargets": [[repr(float(v)) for v in row] for row in data_y.tolist()],
    }
    if activations is not None:
        # One activation per layer after the input, and every parameter in Unrolled's order (per
        # Linear its weight [out, in] row-major, then its bias), each exactly as the model holds it.
        expected["activations"] = activations
        expected["parameters"] = [repr(float(v)) for layer in net if isinstance(layer, nn.Linear)
                                  for tensor in (layer.weight, layer.bias) for v in tensor.detach().flatten().tolist()]
    with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as file:
        json.dump(expected, file, indent=1)
        file.write("\n")
    ops = [node.op_type for node in onnx.load(os.path.join(HERE, name + ".onnx")).graph.node]
    print(f"{name}: {precision}, ops {ops}")


def torch_fixtures():
    for name in ["sigmoid_2_4_1", "tanh_2_5_3_1", "relu_linear_2_6_1", "leakyrelu_identity_2_6_1", "softmax_2_4_2", "leakyrelu_default_slope_2_4_1"]:
        layers, hidden, output, net = model(name)
        train(net, output == "Softmax")
        targets = TRAIN_Y_ONEHOT if output == "Softmax" else TRAIN_Y
        write(name, "Single", layers, hidden, output, net, TRAIN_X, targets)

    # The same kind of model in float64, as model.double() gives.
    layers, hidden, output, net = model("tanh_2_5_3_1")
    net = net.double()
    train(net, False)
    write("tanh_2_5_3_1_double", "Double", layers, hidden, output, net, TRAIN_X, TRAIN_Y)


def matmul_add_fixture():
    """y = sigmoid(relu(x W1 + b1) W2 + b2), W stored [in, out] as Keras does, written with onnx.helper."""
    rng = np.random.default_rng(16)
    w1 = rng.uniform(-1, 1, (2, 3)).astype(np.float32)
    b1 = rng.uniform(-0.5, 0.5, (3,)).astype(np.float32)
    w2 = rng.uniform(-1, 1, (3, 1)).astype(np.float32)
    b2 = rng.uniform(-0.5, 0.5, (1,)).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["input", "W1"], ["xw1"], name="dense/MatMul"),
        helper.make_node("Add", ["xw1", "b1"], ["z1"], name="dense/BiasAdd"),
        helper.make_node("Relu", ["z1"], ["a1"], name="dense/Relu"),
        helper.make_node("MatMul", ["a1", "W2"], ["xw2"], name="dense_1/MatMul"),
        helper.make_node("Add", ["xw2", "b2"], ["z2"], name="dense_1/BiasAdd"),
        helper.make_node("Sigmoid", ["z2"], ["output"], name="dense_1/Sigmoid"),
    ]
    graph = helper.make_graph(
        nodes, "keras_like",
        [helper.make_tensor_value_info("input", onnx.TensorProto.FLOAT, ["N", 2])],
        [helper.make_tensor_value_info("output", onnx.TensorProto.FLOAT, ["N", 1])],
        # Typed fields (float_data) rather than raw_data, as some exporters write them.
        [helper.make_tensor("W1", onnx.TensorProto.FLOAT, [2, 3], w1.flatten().tolist()),
         helper.make_tensor("b1", onnx.TensorProto.FLOAT, [3], b1.tolist()),
         numpy_helper.from_array(w2, "W2"),
         numpy_helper.from_array(b2, "b2")])
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="onnx.helper")
    onnx.checker.check_model(onnx_model)
    onnx.save(onnx_model, os.path.join(HERE, "matmul_add_2_3_1.onnx"))

    x = INPUTS.numpy().astype(np.float32)
    hidden = np.maximum(x @ w1 + b1, np.float32(0))
    out = (np.float32(1) / (np.float32(1) + np.exp(-(hidden @ w2 + b2)))).astype(np.float32)
    expected = {
        "layers": [2, 3, 1], "hidden": "ReLU", "output": "Sigmoid", "precision": "Single",
        "inputs": [[repr(float(v)) for v in row] for row in INPUTS.tolist()],
        "outputs": [[repr(float(v)) for v in row] for row in out.tolist()],
        "trainInputs": [[repr(float(v)) for v in row] for row in TRAIN_X.tolist()],
        "trainTargets": [[repr(float(v)) for v in row] for row in TRAIN_Y.tolist()],
    }
    with open(os.path.join(HERE, "matmul_add_2_3_1.json"), "w", encoding="utf-8") as file:
        json.dump(expected, file, indent=1)
        file.write("\n")
    print("matmul_add_2_3_1: Single, ops", [n.op_type for n in nodes])


def gemm_identity_fixture():
    """Gemm with transB = 0 (W stored [in, out]) then an explicit Identity node, in float64 typed
    fields (double_data): forms other exporters write, as onnx.helper writes them."""
    rng = np.random.default_rng(61)
    w1 = rng.uniform(-1, 1, (2, 3))
    b1 = rng.uniform(-0.5, 0.5, (3,))
    w2 = rng.uniform(-1, 1, (2, 3))  # [out, in] for transB = 1
    b2 = rng.uniform(-0.5, 0.5, (2,))
    nodes = [
        helper.make_node("Gemm", ["input", "W1", "b1"], ["z1"], name="fc1", transB=0),
        helper.make_node("Tanh", ["z1"], ["a1"], name="act1"),
        helper.make_node("Gemm", ["a1", "W2", "b2"], ["z2"], name="fc2", transB=1, alpha=1.0, beta=1.0),
        helper.make_node("Identity", ["z2"], ["output"], name="out"),
    ]
    graph = helper.make_graph(
        nodes, "gemm_identity",
        [helper.make_tensor_value_info("input", onnx.TensorProto.DOUBLE, ["N", 2])],
        [helper.make_tensor_value_info("output", onnx.TensorProto.DOUBLE, ["N", 2])],
        [helper.make_tensor("W1", onnx.TensorProto.DOUBLE, [2, 3], w1.flatten().tolist()),
         helper.make_tensor("b1", onnx.TensorProto.DOUBLE, [3], b1.tolist()),
         helper.make_tensor("W2", onnx.TensorProto.DOUBLE, [2, 3], w2.flatten().tolist()),
         helper.make_tensor("b2", onnx.TensorProto.DOUBLE, [2], b2.tolist())])
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="onnx.helper")
    onnx.checker.check_model(onnx_model)
    onnx.save(onnx_model, os.path.join(HERE, "gemm_identity_2_3_2_double.onnx"))

    x = INPUTS.numpy().astype(np.float64)
    out = np.tanh(x @ w1 + b1) @ w2.T + b2
    expected = {
        "layers": [2, 3, 2], "hidden": "Tanh", "output": "Linear", "precision": "Double",
        "inputs": [[repr(float(v)) for v in row] for row in INPUTS.tolist()],
        "outputs": [[repr(float(v)) for v in row] for row in out.tolist()],
        "trainInputs": [[repr(float(v)) for v in row] for row in TRAIN_X.tolist()],
        "trainTargets": [[repr(float(v)) for v in row] for row in TRAIN_Y_ONEHOT.tolist()],
    }
    with open(os.path.join(HERE, "gemm_identity_2_3_2_double.json"), "w", encoding="utf-8") as file:
        json.dump(expected, file, indent=1)
        file.write("\n")
    print("gemm_identity_2_3_2_double: Double, ops", [n.op_type for n in nodes])


def refused_fixtures():
    """Real exports that are not a chain of fully connected layers: the import must name the node."""
    # nn.GELU(approximate="tanh") is not Unrolled's (exact) GELU: its first Mul(z, z) is refused.
    for name, net in [("gelu_tanh_2_4_1", nn.Sequential(nn.Linear(2, 4), nn.GELU(approximate="tanh"), nn.Linear(4, 1))),
                      ("batchnorm_2_4_1", nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1)))]:
        net.eval()
        path = os.path.join(HERE, name + ".onnx")
        torch.onnx.export(net, INPUTS[:2], path, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
        print(f"{name}: refused, ops {[node.op_type for node in onnx.load(path).graph.node]}")

    # A model whose weights live in a second file: Unrolled reads one .onnx file and refuses it.
    external = onnx.load(os.path.join(HERE, "sigmoid_2_4_1.onnx"))
    # onnx.save appends to an existing data file: start from none, so that a second run writes the same bytes.
    data = os.path.join(HERE, "external_data_2_4_1.onnx.data")
    if os.path.exists(data):
        os.remove(data)
    onnx.save(external, os.path.join(HERE, "external_data_2_4_1.onnx"), save_as_external_data=True,
              all_tensors_to_one_file=True, location="external_data_2_4_1.onnx.data", size_threshold=0)
    print("external_data_2_4_1: refused, weights in external_data_2_4_1.onnx.data")


def flatten_fixtures():
    """nn.Flatten() on [N, features] input, as MNIST models start, does nothing and must import;
    before a Conv, or on input of more dimensions, it is refused. Seeded on its own, so that adding
    these left the fixtures above as they were."""
    torch.manual_seed(20)
    layers, hidden, output = [2, 4, 1], "Tanh", "Sigmoid"
    # A leading Flatten, and one between layers: both are Flatten(axis=1) on 2-D data.
    net = nn.Sequential(nn.Flatten(), nn.Linear(2, 4), nn.Tanh(), nn.Flatten(), nn.Linear(4, 1), nn.Sigmoid())
    train(net, False)
    write("flatten_tanh_2_4_1", "Single", layers, hidden, output, net, TRAIN_X, TRAIN_Y)

    class Reshape(nn.Module):
        def __init__(self, *shape):
            super().__init__()
            self.shape = shape

        def forward(self, x):
            return x.reshape(*self.shape)

    # Not a chain of fully connected layers: the int64 shape constant must not be blamed, the Conv must.
    for name, net, example in [
            ("conv1d_8_1", nn.Sequential(Reshape(-1, 1, 8), nn.Conv1d(1, 2, 3), nn.Flatten(), nn.Linear(12, 1), nn.Sigmoid()), torch.zeros(1, 8)),
            ("flatten_3d_input_4_1", nn.Sequential(nn.Flatten(), nn.Linear(4, 1), nn.Sigmoid()), torch.zeros(1, 2, 2))]:
        net.eval()
        path = os.path.join(HERE, name + ".onnx")
        torch.onnx.export(net, example, path, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
        print(f"{name}: refused, ops {[node.op_type for node in onnx.load(path).graph.node]}")


def activation_fixtures():
    """GELU and SiLU as torch.onnx.export writes them (GELU: Div, Erf, Add, Mul, Mul; SiLU: Sigmoid,
    Mul), and chains whose layers differ in activation. Each .json also lists the activations and
    the parameters in Unrolled's order. Seeded on their own, so that the fixtures above stay as they were."""
    torch.manual_seed(21)
    for name, activations, net in [
            ("gelu_2_5_1", ["GELU", "Sigmoid"], nn.Sequential(nn.Linear(2, 5), nn.GELU(), nn.Linear(5, 1), nn.Sigmoid())),
            ("silu_2_5_1", ["SiLU", "Linear"], nn.Sequential(nn.Linear(2, 5), nn.SiLU(), nn.Linear(5, 1))),
            ("mixed_relu_tanh_softmax_2_6_4_2", ["ReLU", "Tanh", "Softmax"],
             nn.Sequential(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 4), nn.Tanh(), nn.Linear(4, 2), nn.Softmax(dim=1))),
            ("mixed_gelu_silu_tanh_2_5_4_1", ["GELU", "SiLU", "Tanh"],
             nn.Sequential(nn.Linear(2, 5), nn.GELU(), nn.Linear(5, 4), nn.SiLU(), nn.Linear(4, 1), nn.Tanh()))]:
        softmax = activations[-1] == "Softmax"
        train(net, softmax)
        layers = [2] + [layer.out_features for layer in net if isinstance(layer, nn.Linear)]
        write(name, "Single", layers, activations[0], activations[-1], net, TRAIN_X,
              TRAIN_Y_ONEHOT if softmax else TRAIN_Y, activations)

    # GELU in float64: Div's constant is sqrt(2) as a double.
    net = nn.Sequential(nn.Linear(2, 5), nn.GELU(), nn.Linear(5, 1), nn.Sigmoid()).double()
    train(net, False)
    write("gelu_2_5_1_double", "Double", [2, 5, 1], "GELU", "Sigmoid", net, TRAIN_X, TRAIN_Y, ["GELU", "Sigmoid"])


if __name__ == "__main__":
    torch_fixtures()
    matmul_add_fixture()
    gemm_identity_fixture()
    refused_fixtures()
    flatten_fixtures()
    activation_fixtures()
