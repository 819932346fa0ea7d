extern alias runtime;

using runtime::Unrolled.Onnx;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// Recurrent models in double, for the exports ONNX Runtime cannot run (it has no double GRU or LSTM
/// kernel): tensors of any rank, and the operators a recurrent export holds, each by its ONNX definition.
/// GRU and LSTM are written from the ONNX operator pages (gate orders z, r, h and i, o, f, c; B = [Wb; Rb]),
/// not from Unrolled's cells or PyTorch's, so a gate put in the wrong place shows.
/// </summary>
internal static partial class OnnxGraphEvaluator
{
    /// <summary>The graph's one output for sequences [N][T][features]: [N][T][outputs].</summary>
    public static double[][][] RunSequences(byte[] model, double[][][] sequences)
    {
        OnnxGraph graph = OnnxGraph.Read(model);
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach ((string name, OnnxTensor tensor) in graph.Initializers)
        {
            double[] numbers = tensor.Unusable is null ? tensor.Values : [.. tensor.Integers.Select(i => (double)i)];
            values[name] = new Tensor([.. tensor.Dims.Select(d => (int)d)], numbers);
        }

        int count = sequences.Length, steps = sequences[0].Length, features = sequences[0][0].Length;
        string input = graph.Inputs.Single(name => !graph.Initializers.ContainsKey(name));
        values[input] = new Tensor([count, steps, features], [.. sequences.SelectMany(s => s.SelectMany(row => row))]);
        foreach (OnnxNode node in graph.Nodes)
        {
            Tensor X(int i) => values[node.Inputs[i]];
            Tensor[] results = node.OpType switch
            {
                "Transpose" => [Transpose(X(0), [.. node.Attributes["perm"].Ints!.Select(p => (int)p)])],
                "Squeeze" => [Squeeze(X(0), [.. X(1).Values.Select(a => (int)a)])],
                "GRU" => Gru(node, X(0), X(1), X(2), X(3)),
                "LSTM" => Lstm(node, X(0), X(1), X(2), X(3)),
                "MatMul" => [MatMul(X(0), X(1))],
                "Add" => [Broadcast(X(0), X(1), (a, b) => a + b)],
                "Mul" => [Broadcast(X(0), X(1), (a, b) => a * b)],
                "Div" => [Broadcast(X(0), X(1), (a, b) => a / b)],
                "Max" => [Broadcast(X(0), X(1), Math.Max)],
                "Erf" => [X(0).Map(ChainReference.Erf)],
                "Sigmoid" => [X(0).Map(Sigmoid)],
                "Tanh" => [X(0).Map(Math.Tanh)],
                "Relu" => [X(0).Map(v => Math.Max(0, v))],
                "LeakyRelu" => [X(0).Map(v => v >= 0 ? v : node.Attributes["alpha"].F!.Value * v)],
                "Softmax" => [LastAxisSoftmax(X(0))],
                _ => throw new NotSupportedException($"The evaluator does not run {node}."),
            };
            for (int o = 0; o < results.Length && o < node.Outputs.Count; o++)
            {
                if (node.Outputs[o].Length > 0)
                {
                    values[node.Outputs[o]] = results[o];
                }
            }
        }

        Tensor output = values[graph.Outputs.Single()];
        Assert.Equal(new[] { count, steps }, output.Shape[..2]);
        int width = output.Shape[2];
        return [.. Enumerable.Range(0, count).Select(n => Enumerable.Range(0, steps)
            .Select(t => output.Values[(((n * steps) + t) * width)..((((n * steps) + t) + 1) * width)]).ToArray())];
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    // X [T, N, in], W [1, 3H, in], R [1, 3H, H], B [1, 6H]; gates z, r, h. Y [T, 1, N, H], Y_h [1, N, H].
    private static Tensor[] Gru(OnnxNode node, Tensor x, Tensor w, Tensor r, Tensor b)
    {
        Assert.Equal(1, node.Attributes["linear_before_reset"].I);
        int hidden = (int)node.Attributes["hidden_size"].I!.Value;
        (int steps, int batch, int inputs) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        double[] y = new double[steps * batch * hidden];
        double[] h = new double[batch * hidden];
        for (int t = 0; t < steps; t++)
        {
            double[] next = new double[h.Length];
            for (int n = 0; n < batch; n++)
            {
                double[] xt = x.Values[(((t * batch) + n) * inputs)..((((t * batch) + n) + 1) * inputs)];
                double[] ht = h[(n * hidden)..((n + 1) * hidden)];
                for (int j = 0; j < hidden; j++)
                {
                    // Gate g's row j: W row g*H + j, Wb at g*H + j, Rb at 3H + g*H + j.
                    double Input(int gate) => Dot(w.Values, ((gate * hidden) + j) * inputs, xt) + b.Values[(gate * hidden) + j];
                    double Recurrent(int gate) => Dot(r.Values, ((gate * hidden) + j) * hidden, ht) + b.Values[(3 * hidden) + (gate * hidden) + j];
                    double z = Sigmoid(Input(0) + Recurrent(0));
                    double reset = Sigmoid(Input(1) + Recurrent(1));
                    double candidate = Math.Tanh(Input(2) + (reset * Recurrent(2)));
                    next[(n * hidden) + j] = ((1 - z) * candidate) + (z * ht[j]);
                }
            }

            h = next;
            h.CopyTo(y, t * batch * hidden);
        }

        return [new Tensor([steps, 1, batch, hidden], y), new Tensor([1, batch, hidden], h)];
    }

    // X [T, N, in], W [1, 4H, in], R [1, 4H, H], B [1, 8H]; gates i, o, f, c. Y [T, 1, N, H], Y_h, Y_c [1, N, H].
    private static Tensor[] Lstm(OnnxNode node, Tensor x, Tensor w, Tensor r, Tensor b)
    {
        int hidden = (int)node.Attributes["hidden_size"].I!.Value;
        (int steps, int batch, int inputs) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        double[] y = new double[steps * batch * hidden];
        double[] h = new double[batch * hidden], c = new double[batch * hidden];
        for (int t = 0; t < steps; t++)
        {
            double[] nextH = new double[h.Length], nextC = new double[c.Length];
            for (int n = 0; n < batch; n++)
            {
                double[] xt = x.Values[(((t * batch) + n) * inputs)..((((t * batch) + n) + 1) * inputs)];
                double[] ht = h[(n * hidden)..((n + 1) * hidden)];
                for (int j = 0; j < hidden; j++)
                {
                    double Sum(int gate) => Dot(w.Values, ((gate * hidden) + j) * inputs, xt) + b.Values[(gate * hidden) + j]
                        + Dot(r.Values, ((gate * hidden) + j) * hidden, ht) + b.Values[(4 * hidden) + (gate * hidden) + j];
                    double i = Sigmoid(Sum(0)), o = Sigmoid(Sum(1)), f = Sigmoid(Sum(2)), candidate = Math.Tanh(Sum(3));
                    int k = (n * hidden) + j;
                    nextC[k] = (f * c[k]) + (i * candidate);
                    nextH[k] = o * Math.Tanh(nextC[k]);
                }
            }

            (h, c) = (nextH, nextC);
            h.CopyTo(y, t * batch * hidden);
        }

        return [new Tensor([steps, 1, batch, hidden], y), new Tensor([1, batch, hidden], h), new Tensor([1, batch, hidden], c)];
    }

    private static double Dot(double[] matrix, int start, double[] vector)
    {
        double sum = 0;
        for (int i = 0; i < vector.Length; i++)
        {
            sum += matrix[start + i] * vector[i];
        }

        return sum;
    }

    private static Tensor Transpose(Tensor x, int[] perm)
    {
        int[] shape = [.. perm.Select(p => x.Shape[p])];
        int[] strides = Strides(x.Shape);
        double[] y = new double[x.Values.Length];
        int[] index = new int[shape.Length];
        for (int flat = 0; flat < y.Length; flat++)
        {
            int rest = flat, source = 0;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }

            for (int d = 0; d < shape.Length; d++)
            {
                source += index[d] * strides[perm[d]];
            }

            y[flat] = x.Values[source];
        }

        return new Tensor(shape, y);
    }

    private static int[] Strides(int[] shape)
    {
        int[] strides = new int[shape.Length];
        int stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        return strides;
    }

    private static Tensor Squeeze(Tensor x, int[] axes)
    {
        int[] removed = [.. axes.Select(a => a < 0 ? a + x.Shape.Length : a)];
        Assert.All(removed, a => Assert.Equal(1, x.Shape[a]));
        return new Tensor([.. x.Shape.Where((_, d) => !removed.Contains(d))], x.Values);
    }

    // [..., k] x [k, m] = [..., m].
    private static Tensor MatMul(Tensor a, Tensor b)
    {
        int inner = a.Shape[^1], outputs = b.Shape[1];
        Assert.Equal(inner, b.Shape[0]);
        int rows = a.Values.Length / inner;
        double[] y = new double[rows * outputs];
        for (int n = 0; n < rows; n++)
        {
            for (int j = 0; j < outputs; j++)
            {
                double sum = 0;
                for (int i = 0; i < inner; i++)
                {
                    sum += a.Values[(n * inner) + i] * b.Values[(i * outputs) + j];
                }

                y[(n * outputs) + j] = sum;
            }
        }

        return new Tensor([.. a.Shape[..^1], outputs], y);
    }

    // Numpy broadcasting where the smaller operand's shape is a suffix of the larger's (a bias, a scalar).
    private static Tensor Broadcast(Tensor a, Tensor b, Func<double, double, double> f)
    {
        bool aLarger = a.Values.Length >= b.Values.Length;
        Tensor large = aLarger ? a : b, small = aLarger ? b : a;
        int[] trailing = [.. small.Shape.SkipWhile(d => d == 1)];
        Assert.Equal(trailing, large.Shape[^trailing.Length..]);
        double[] y = new double[large.Values.Length];
        for (int index = 0; index < y.Length; index++)
        {
            double s = small.Values[index % small.Values.Length];
            y[index] = aLarger ? f(large.Values[index], s) : f(s, large.Values[index]);
        }

        return new Tensor(large.Shape, y);
    }

    private static Tensor LastAxisSoftmax(Tensor z)
    {
        int width = z.Shape[^1];
        double[] y = new double[z.Values.Length];
        for (int start = 0; start < y.Length; start += width)
        {
            ChainReference.Activate(Activation.Softmax, z.Values[start..(start + width)]).CopyTo(y, start);
        }

        return new Tensor(z.Shape, y);
    }

    private sealed record Tensor(int[] Shape, double[] Values)
    {
        public Tensor Map(Func<double, double> f) => new(Shape, [.. Values.Select(f)]);
    }
}
