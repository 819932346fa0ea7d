extern alias runtime;

using runtime::Unrolled.Onnx;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// Runs an ONNX model's nodes in double by their ONNX definitions, for the models ONNX Runtime
/// cannot run: it has no double Erf kernel, so a double GELU export is checked here. It knows the
/// operators Unrolled exports, on [N, k] tensors and scalars (broadcast), and throws on any other.
/// </summary>
internal static partial class OnnxGraphEvaluator
{
    /// <summary>The graph's one output for <paramref name="rows"/> rows of the input, row-major.</summary>
    public static double[] Run(byte[] model, double[] inputs, int rows)
    {
        OnnxGraph graph = OnnxGraph.Read(model);
        var values = new Dictionary<string, Matrix>(StringComparer.Ordinal);
        foreach ((string name, OnnxTensor tensor) in graph.Initializers)
        {
            values[name] = new Matrix(tensor.Dims.Length == 2 ? (int)tensor.Dims[0] : 1, tensor.Dims.Length == 0 ? 1 : (int)tensor.Dims[^1], tensor.Values);
        }

        string input = graph.Inputs.Single(name => !graph.Initializers.ContainsKey(name));
        values[input] = new Matrix(rows, inputs.Length / rows, inputs);
        foreach (OnnxNode node in graph.Nodes)
        {
            Matrix[] x = [.. node.Inputs.Select(name => values[name])];
            values[node.Outputs.Single()] = node.OpType switch
            {
                "Gemm" => Gemm(x[0], x[1], x[2], node.Attributes.TryGetValue("transB", out OnnxAttribute? t) && t.I == 1),
                "Add" => Elementwise(x[0], x[1], (a, b) => a + b),
                "Mul" => Elementwise(x[0], x[1], (a, b) => a * b),
                "Div" => Elementwise(x[0], x[1], (a, b) => a / b),
                "Max" => Elementwise(x[0], x[1], Math.Max),
                "Erf" => x[0].Map(ChainReference.Erf),
                "Sigmoid" => x[0].Map(v => 1 / (1 + Math.Exp(-v))),
                "Tanh" => x[0].Map(Math.Tanh),
                "Relu" => x[0].Map(v => Math.Max(0, v)),
                "LeakyRelu" => x[0].Map(v => v >= 0 ? v : node.Attributes["alpha"].F!.Value * v),
                "Softmax" => Softmax(x[0]),
                _ => throw new NotSupportedException($"The evaluator does not run {node}."),
            };
        }

        return values[graph.Outputs.Single()].Values;
    }

    // Y = A B (B [in, out]) or A B^T (transB, B [out, in]), plus the bias row C.
    private static Matrix Gemm(Matrix a, Matrix b, Matrix c, bool transB)
    {
        int inner = a.Columns, outputs = transB ? b.Rows : b.Columns;
        double[] y = new double[a.Rows * outputs];
        for (int n = 0; n < a.Rows; n++)
        {
            for (int j = 0; j < outputs; j++)
            {
                double sum = 0;
                for (int i = 0; i < inner; i++)
                {
                    sum += b.Values[transB ? (j * inner) + i : (i * outputs) + j] * a.Values[(n * inner) + i];
                }

                y[(n * outputs) + j] = sum + c.Values[c.Values.Length == 1 ? 0 : j];
            }
        }

        return new Matrix(a.Rows, outputs, y);
    }

    private static Matrix Elementwise(Matrix a, Matrix b, Func<double, double, double> f)
    {
        Matrix shape = a.Values.Length >= b.Values.Length ? a : b;
        double[] y = new double[shape.Values.Length];
        for (int index = 0; index < y.Length; index++)
        {
            y[index] = f(a.Values[a.Values.Length == 1 ? 0 : index], b.Values[b.Values.Length == 1 ? 0 : index]);
        }

        return new Matrix(shape.Rows, shape.Columns, y);
    }

    private static Matrix Softmax(Matrix z)
    {
        double[] y = new double[z.Values.Length];
        for (int n = 0; n < z.Rows; n++)
        {
            double[] row = ChainReference.Activate(Activation.Softmax, z.Values[(n * z.Columns)..((n + 1) * z.Columns)]);
            row.CopyTo(y, n * z.Columns);
        }

        return new Matrix(z.Rows, z.Columns, y);
    }

    private sealed record Matrix(int Rows, int Columns, double[] Values)
    {
        public Matrix Map(Func<double, double> f) => new(Rows, Columns, [.. Values.Select(f)]);
    }
}
