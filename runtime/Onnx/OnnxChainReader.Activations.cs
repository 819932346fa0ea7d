using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
#if UNROLLED_GENERATOR
using Unrolled.Generator.Model;
#endif

namespace Unrolled.Onnx;

/// <summary>
/// The activations exporters write as several nodes, each reading the layer's z:
/// <list type="bullet">
/// <item>GELU as <c>torch.onnx.export</c> writes <c>nn.GELU()</c>: <c>Div(z, sqrt 2)</c> (or
/// <c>Mul(z, 1/sqrt 2)</c>), <c>Erf</c>, <c>Add(.., 1)</c>, <c>Mul(z, ..)</c>, <c>Mul(.., 0.5)</c>,
/// operands of Add and Mul in either order, sqrt 2 as float32 or float64 rounds it;</item>
/// <item>SiLU as it writes <c>nn.SiLU()</c>: <c>Sigmoid(z)</c>, then <c>Mul(z, Sigmoid(z))</c>;</item>
/// <item>LeakyReLU as <c>OnnxExport</c> writes it for double networks: <c>Mul(z, slope)</c>, then
/// <c>Max(z, z * slope)</c>.</item>
/// </list>
/// Opset 20's single <c>Gelu</c> node is read with the other one-node activations; its tanh
/// approximation is refused, as is torch's export of it, because Unrolled's GELU is the exact one.
/// </summary>
internal static partial class OnnxChainReader
{
    private const string GeluFormula = "Unrolled's GELU is nn.GELU()'s exact 0.5 * z * (1 + erf(z / sqrt 2))";

    private static readonly double s_sqrt2 = Math.Sqrt(2);

    // The activation that begins at node and reads z, or null when node begins none of these
    // (a Sigmoid not followed by its SiLU's Mul is the Sigmoid activation, read by the caller).
    private static SpannedActivation? ActivationOfNodes(OnnxGraph graph, OnnxNode node, string z, OnnxLayer layer)
    {
        switch (node.OpType)
        {
            case "Div":
                return Gelu(graph, node, z, layer);
            case "Mul":
                if (node.Inputs.Count == 2 && node.Inputs[0] == z && node.Inputs[1] == z)
                {
                    throw Unsupported(node, "it multiplies z by itself, as nn.GELU(approximate=\"tanh\") begins, and Unrolled's GELU is the exact one: export nn.GELU()");
                }

                return NextStep(graph, node)?.OpType == "Erf" ? Gelu(graph, node, z, layer) : DoubleLeakyReLU(graph, node, z, layer);
            case "Sigmoid":
                return SiLU(graph, node, z);
            default:
                return null;
        }
    }

    // 0.5 * z * (1 + erf(z / sqrt 2)), step by step as torch writes it.
    private static SpannedActivation Gelu(OnnxGraph graph, OnnxNode scale, string z, OnnxLayer layer)
    {
        bool divides = scale.OpType == "Div";
        Expect(scale, divides || !scale.Inputs.Contains(z) ? FirstInput(scale) : z, z);
        double factor = Scalar(graph, scale, Other(scale, z), divides ? "divisor" : "factor", layer);
        float expected = divides ? (float)s_sqrt2 : (float)(1 / s_sqrt2);
        if ((float)factor != expected)
        {
            throw Unsupported(scale, divides
                ? $"it divides z by {Number(factor, layer)}, and a GELU divides it by sqrt 2 ({Number(expected)} in float32); {GeluFormula}"
                : $"it multiplies z by {Number(factor, layer)}, and a GELU multiplies it by 1/sqrt 2 ({Number(expected)} in float32); {GeluFormula}");
        }

        OnnxNode erf = GeluStep(graph, scale, scale, "Erf", "Erf(z / sqrt 2)");
        if (erf.Inputs.Count != 1 || erf.Inputs[0] != scale.Outputs[0])
        {
            throw GeluInputs(erf, scale, $"takes the erf of z / sqrt 2 (\"{scale.Outputs[0]}\")");
        }

        OnnxNode add = GeluStep(graph, erf, scale, "Add", "Add(erf, 1)");
        if (add.Inputs.Count != 2 || !add.Inputs.Contains(erf.Outputs[0]))
        {
            throw GeluInputs(add, scale, $"adds 1 to erf(z / sqrt 2) (\"{erf.Outputs[0]}\")");
        }

        double one = Scalar(graph, add, Other(add, erf.Outputs[0]), "constant", layer);
        if (one != 1)
        {
            throw Unsupported(add, $"it adds {Number(one, layer)} to erf(z / sqrt 2), and a GELU adds 1; {GeluFormula}");
        }

        OnnxNode times = GeluStep(graph, add, scale, "Mul", "Mul(z, 1 + erf)");
        if (times.Inputs.Count != 2 || !times.Inputs.Contains(z) || !times.Inputs.Contains(add.Outputs[0]))
        {
            throw GeluInputs(times, scale, $"multiplies z (\"{z}\") by 1 + erf(z / sqrt 2) (\"{add.Outputs[0]}\")");
        }

        OnnxNode halve = GeluStep(graph, times, scale, "Mul", "Mul(z (1 + erf), 0.5)");
        if (halve.Inputs.Count != 2 || !halve.Inputs.Contains(times.Outputs[0]))
        {
            throw GeluInputs(halve, scale, $"multiplies z (1 + erf(z / sqrt 2)) (\"{times.Outputs[0]}\") by 0.5");
        }

        double half = Scalar(graph, halve, Other(halve, times.Outputs[0]), "constant", layer);
        if (half != 0.5)
        {
            throw Unsupported(halve, $"it multiplies z (1 + erf(z / sqrt 2)) by {Number(half, layer)}, and a GELU multiplies it by 0.5; {GeluFormula}");
        }

        return new SpannedActivation(Activation.GELU, scale, halve, 0);
    }

    // The GELU's next node, which must be op: refused naming it, or the node before it at the graph's end.
    private static OnnxNode GeluStep(OnnxGraph graph, OnnxNode previous, OnnxNode first, string op, string step)
    {
        OnnxNode? next = NextStep(graph, previous);
        if (next is null)
        {
            throw Unsupported(previous, $"it is not followed by {step}, the next step of the GELU that {first} begins; {GeluFormula}");
        }

        if (next.OpType != op)
        {
            throw Unsupported(next, $"it is not {step}, the next step of the GELU that {first} begins; {GeluFormula}");
        }

        return next;
    }

    private static InvalidDataException GeluInputs(OnnxNode node, OnnxNode first, string what) =>
        Unsupported(node, $"it takes {Quoted(node.Inputs)}, and the GELU that {first} begins {what}; {GeluFormula}");

    // Opset 20's Gelu: approximate "none" (the default) is the exact GELU.
    private static Activation GeluOperator(OnnxNode node)
    {
        string approximate = node.Attributes.TryGetValue("approximate", out OnnxAttribute? attribute) && attribute.S is { } text ? text : "none";
        switch (approximate)
        {
            case "none":
                return Activation.GELU;
            case "tanh":
                throw Unsupported(node, "it computes GELU's tanh approximation (approximate = \"tanh\"), and Unrolled's GELU is the exact one: export nn.GELU(), whose approximate is \"none\"");
            default:
                throw Unsupported(node, $"its approximate = \"{approximate}\" is neither of ONNX's (\"none\", \"tanh\")");
        }
    }

    // z * sigmoid(z): null when the Sigmoid is not followed by a Mul of its output, so it is a Sigmoid.
    private static SpannedActivation? SiLU(OnnxGraph graph, OnnxNode sigmoid, string z)
    {
        string sigmoidOutput = sigmoid.Outputs[0];
        if (sigmoid.Inputs.Count != 1 || sigmoid.Inputs[0] != z || NextStep(graph, sigmoid) is not { OpType: "Mul" } mul || !mul.Inputs.Contains(sigmoidOutput))
        {
            return null;
        }

        var others = mul.Inputs.ToList();
        others.Remove(sigmoidOutput);
        if (others.Count != 1 || others[0] != z)
        {
            throw Unsupported(mul, $"it multiplies the Sigmoid's output by {Quoted(others)}, and a SiLU multiplies it by the layer's z (\"{z}\"), as nn.SiLU() exports Mul(z, Sigmoid(z))");
        }

        return new SpannedActivation(Activation.SiLU, sigmoid, mul, 0);
    }

    // max(z, z * slope), which OnnxExport writes for a double LeakyReLU (ONNX Runtime has no double LeakyRelu).
    private static SpannedActivation DoubleLeakyReLU(OnnxGraph graph, OnnxNode mul, string z, OnnxLayer layer)
    {
        Expect(mul, mul.Inputs.Contains(z) ? z : FirstInput(mul), z);
        OnnxTensor slope = Weight(mul, graph, mul.Inputs.FirstOrDefault(i => i != z), "slope");
        if (slope.Values.Length != 1)
        {
            throw Unsupported(mul, $"it multiplies by a tensor of shape {slope.Shape}, not by one slope");
        }

        SameNumberType(mul, slope, "slope", layer);
        OnnxNode? max = NextStep(graph, mul);
        if (max is null || max.OpType != "Max" || max.Inputs.Count != 2 || !max.Inputs.Contains(z) || !max.Inputs.Contains(mul.Outputs[0]))
        {
            throw Unsupported(mul, "it is not followed by Max(z, z * slope), the LeakyReLU Unrolled exports for double networks");
        }

        return new SpannedActivation(Activation.LeakyReLU, max, max, slope.Values[0]);
    }

    // The node after this one that computes something, folding the constants between them; null at the graph's end.
    private static OnnxNode? NextStep(OnnxGraph graph, OnnxNode node)
    {
        for (int index = node.Index + 1; index < graph.Nodes.Count; index++)
        {
            OnnxNode next = graph.Nodes[index];
            if (FoldsIntoWeights(next, graph))
            {
                continue;
            }

            if (next.Outputs.Count != 1)
            {
                throw Unsupported(next, $"it has {Text(next.Outputs.Count)} outputs");
            }

            return next;
        }

        return null;
    }

    // A one-number constant input of a step, finite and of the layer's number type.
    private static double Scalar(OnnxGraph graph, OnnxNode node, string? name, string role, OnnxLayer layer)
    {
        OnnxTensor tensor = Weight(node, graph, name, role);
        if (tensor.Values.Length != 1)
        {
            throw Unsupported(node, $"its {role} {tensor.Name} has shape {tensor.Shape}, not one number");
        }

        SameNumberType(node, tensor, role, layer);
        return tensor.Values[0];
    }

    // The input of a two-input node that is not known (either order); null when it has another count.
    private static string? Other(OnnxNode node, string known) =>
        node.Inputs.Count != 2 ? null : node.Inputs[0] == known ? node.Inputs[1] : node.Inputs[0];

    private static string? FirstInput(OnnxNode node) => node.Inputs.Count > 0 ? node.Inputs[0] : null;

    // "\"a\"", "\"a\" and \"b\"".
    private static string Quoted(List<string> names) => names.Count == 0 ? "nothing"
        : names.Count == 1 ? $"\"{names[0]}\""
        : string.Join(", ", names.Take(names.Count - 1).Select(n => $"\"{n}\"")) + $" and \"{names[names.Count - 1]}\"";

    // As the model holds it: a float32 constant shortest as a float.
    private static string Number(double value, OnnxLayer layer) => layer.IsDouble ? value.ToString("R", CultureInfo.InvariantCulture) : Number((float)value);

    private static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An activation read from several nodes: the node messages name it by, and its last node.</summary>
    private sealed class SpannedActivation(Activation activation, OnnxNode named, OnnxNode last, double slope)
    {
        public Activation Activation { get; } = activation;

        public OnnxNode Named { get; } = named;

        public OnnxNode Last { get; } = last;

        /// <summary>A LeakyReLU's slope; 0 for the others.</summary>
        public double Slope { get; } = slope;
    }
}
