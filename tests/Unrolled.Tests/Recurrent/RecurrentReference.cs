namespace Unrolled.Tests.Recurrent;

/// <summary>The recurrent cells of issue 22, named as the contract's Cell enum names them (test-local: the oracle needs no generator).</summary>
internal enum ReferenceCell
{
    GRU,
    LSTM,
}

/// <summary>
/// The oracle for recurrent networks, in double, written as plain loops: stacked recurrent layers of one
/// hidden size (PyTorch's nn.GRU / nn.LSTM cells), then a dense output layer at every time step. It gives
/// a streaming <see cref="Step"/>, the outputs and mean loss of a sequence from a zero state, and the
/// gradient of that loss by backpropagation through time, in Unrolled's parameter order. Independent of
/// the generator; TorchRecurrentFixtureTests hold it to PyTorch, RecurrentReferenceGradientTests to finite
/// differences.
/// </summary>
/// <remarks>
/// The cells, as PyTorch defines them (σ the logistic sigmoid, ⊙ the elementwise product, x the layer's
/// input, h its previous output, c the LSTM's previous cell state):
/// <code>
/// GRU   r = σ(W_ir x + b_ir + W_hr h + b_hr)            LSTM  i = σ(W_ii x + b_ii + W_hi h + b_hi)
///       z = σ(W_iz x + b_iz + W_hz h + b_hz)                  f = σ(W_if x + b_if + W_hf h + b_hf)
///       n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))         g = tanh(W_ig x + b_ig + W_hg h + b_hg)
///       h' = (1 - z) ⊙ n + z ⊙ h                              o = σ(W_io x + b_io + W_ho h + b_ho)
///                                                             c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
/// </code>
/// Parameter order: per recurrent layer weight_ih [G*H, In], weight_hh [G*H, H] (row-major, gate blocks in
/// the order above: G = 3 for GRU, 4 for LSTM), bias_ih [G*H], bias_hh [G*H]; then the output layer's
/// weight [Out, H] and bias [Out]. Exactly torch's named_parameters().
/// </remarks>
internal sealed class RecurrentReference
{
    private readonly ReferenceCell _cell;
    private readonly int[] _layers;
    private readonly string _output;
    private readonly Loss _loss;
    private readonly double[] _parameters; // read on every pass: a caller that changes the array is seen
    private readonly double[][] _hidden; // the streaming state: h of every recurrent layer
    private readonly double[][] _cellState; // and c of every LSTM layer (unused for a GRU)

    public RecurrentReference(ReferenceCell cell, int[] layers, string output, Loss loss, double[] parameters)
    {
        if (layers.Length < 3 || layers.Skip(1).Take(layers.Length - 2).Any(size => size != layers[1]))
        {
            throw new ArgumentException($"Expected an input width, one or more recurrent layers of one size, an output width; got [{string.Join(", ", layers)}].", nameof(layers));
        }

        if (parameters.Length != ParameterCount(cell, layers))
        {
            throw new ArgumentException($"Expected {ParameterCount(cell, layers)} parameters, got {parameters.Length}.", nameof(parameters));
        }

        _cell = cell;
        _layers = layers;
        _output = output;
        _loss = loss;
        _parameters = parameters;
        _hidden = [.. Enumerable.Range(0, RecurrentLayers).Select(_ => new double[Hidden])];
        _cellState = [.. Enumerable.Range(0, RecurrentLayers).Select(_ => new double[Hidden])];
    }

    public int InputCount => _layers[0];

    public int OutputCount => _layers[^1];

    private int Hidden => _layers[1];

    private int RecurrentLayers => _layers.Length - 2;

    private int Gates => GateCount(_cell);

    /// <summary>The streaming state after the last <see cref="Step"/>: h of every recurrent layer.</summary>
    public double[][] HiddenState => [.. _hidden.Select(h => (double[])h.Clone())];

    /// <summary>The LSTM cell state of every recurrent layer (zeros for a GRU).</summary>
    public double[][] CellState => [.. _cellState.Select(c => (double[])c.Clone())];

    public static int GateCount(ReferenceCell cell) => cell switch
    {
        ReferenceCell.GRU => 3,
        ReferenceCell.LSTM => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown cell."),
    };

    public static int ParameterCount(ReferenceCell cell, int[] layers)
    {
        int gates = GateCount(cell), hidden = layers[1], count = 0;
        for (int l = 1; l < layers.Length - 1; l++)
        {
            count += (gates * hidden * (layers[l - 1] + hidden)) + (2 * gates * hidden);
        }

        return count + (layers[^1] * hidden) + layers[^1];
    }

    /// <summary>Hidden (and cell) state to zero.</summary>
    public void ResetState()
    {
        for (int l = 0; l < RecurrentLayers; l++)
        {
            Array.Clear(_hidden[l]);
            Array.Clear(_cellState[l]);
        }
    }

    /// <summary>One time step from the current state, which advances; returns the output.</summary>
    public double[] Step(double[] input)
    {
        double[] x = input;
        for (int l = 0; l < RecurrentLayers; l++)
        {
            CellTrace trace = CellForward(l, x, _hidden[l], _cellState[l]);
            _hidden[l] = trace.H;
            _cellState[l] = trace.C;
            x = trace.H;
        }

        return Activate(OutputZ(x));
    }

    /// <summary>The output at every step of a sequence fed from a zero state; the streaming state is left as it was.</summary>
    public double[][] Outputs(double[][] inputs) => [.. Forward(inputs).Select(step => step.O)];

    /// <summary>The mean over time steps of the per-step loss, from a zero state: what TrainSequence returns.</summary>
    public double SequenceLoss(double[][] inputs, double[][] targets)
    {
        StepTrace[] steps = Forward(inputs);
        double loss = 0;
        for (int t = 0; t < steps.Length; t++)
        {
            loss += StepLoss(steps[t].Z, steps[t].O, targets[t]);
        }

        return loss / steps.Length;
    }

    /// <summary>The mean of the sequences' losses, each from a zero state: what TrainSequenceBatch returns.</summary>
    public double BatchLoss(double[][][] inputs, double[][][] targets) =>
        inputs.Select((sequence, s) => SequenceLoss(sequence, targets[s])).Sum() / inputs.Length;

    /// <summary>
    /// The sequence's mean loss and its gradient in Unrolled's parameter order, by backpropagation through
    /// time: walk the steps backwards, at each step from the output layer down the stack, carrying each
    /// layer's dLoss/dh (and dLoss/dc) back to the step before.
    /// </summary>
    public (double Loss, double[] Gradient) SequenceGradient(double[][] inputs, double[][] targets)
    {
        StepTrace[] steps = Forward(inputs);
        var gradient = new double[_parameters.Length];
        double loss = 0;
        double[][] hiddenFromLater = [.. Enumerable.Range(0, RecurrentLayers).Select(_ => new double[Hidden])];
        double[][] cellFromLater = [.. Enumerable.Range(0, RecurrentLayers).Select(_ => new double[Hidden])];
        for (int t = steps.Length - 1; t >= 0; t--)
        {
            StepTrace step = steps[t];
            loss += StepLoss(step.Z, step.O, targets[t]);

            // Output layer: dLoss/dz of this step's share of the mean, then its weights, bias and dLoss/dh of the top layer.
            double[] delta = [.. OutputDelta(step.Z, step.O, targets[t]).Select(d => d / steps.Length)];
            double[] top = step.Layers[^1].H;
            double[] fromAbove = new double[Hidden];
            for (int k = 0; k < OutputCount; k++)
            {
                gradient[OutputBiasOffset + k] += delta[k];
                for (int j = 0; j < Hidden; j++)
                {
                    gradient[OutputWeightOffset + (k * Hidden) + j] += delta[k] * top[j];
                    fromAbove[j] += _parameters[OutputWeightOffset + (k * Hidden) + j] * delta[k];
                }
            }

            // Recurrent layers, top down: h of layer l reaches the layer above (now) and itself (one step later).
            for (int l = RecurrentLayers - 1; l >= 0; l--)
            {
                double[] dh = [.. fromAbove.Select((d, j) => d + hiddenFromLater[l][j])];
                (double[] dx, double[] dhBefore, double[] dcBefore) = CellBackward(l, step.Layers[l], dh, cellFromLater[l], gradient);
                hiddenFromLater[l] = dhBefore;
                cellFromLater[l] = dcBefore;
                fromAbove = dx;
            }
        }

        return (loss / steps.Length, gradient);
    }

    /// <summary>The mean of the sequences' losses and the mean of their gradients: one TrainSequenceBatch step's direction.</summary>
    public (double Loss, double[] Gradient) BatchGradient(double[][][] inputs, double[][][] targets)
    {
        double loss = 0;
        var gradient = new double[_parameters.Length];
        for (int s = 0; s < inputs.Length; s++)
        {
            (double sequenceLoss, double[] sequenceGradient) = SequenceGradient(inputs[s], targets[s]);
            loss += sequenceLoss / inputs.Length;
            for (int p = 0; p < gradient.Length; p++)
            {
                gradient[p] += sequenceGradient[p] / inputs.Length;
            }
        }

        return (loss, gradient);
    }

    // ---- the forward pass ----

    /// <summary>What one recurrent layer computed at one step: its input, the state it started from, the gate values, the new state.</summary>
    /// <param name="Gates">Gate activations, [gate][unit], in the cell's gate order (GRU r, z, n; LSTM i, f, g, o).</param>
    /// <param name="HiddenN">GRU only: W_hn h + b_hn, which r multiplies; needed by the backward pass.</param>
    private sealed record CellTrace(double[] X, double[] HBefore, double[] CBefore, double[][] Gates, double[] HiddenN, double[] H, double[] C);

    /// <summary>One time step: every recurrent layer's trace, then the output layer's z and o.</summary>
    private sealed record StepTrace(CellTrace[] Layers, double[] Z, double[] O);

    private StepTrace[] Forward(double[][] inputs)
    {
        double[][] h = [.. Enumerable.Range(0, RecurrentLayers).Select(_ => new double[Hidden])];
        double[][] c = [.. Enumerable.Range(0, RecurrentLayers).Select(_ => new double[Hidden])];
        var steps = new StepTrace[inputs.Length];
        for (int t = 0; t < inputs.Length; t++)
        {
            var layers = new CellTrace[RecurrentLayers];
            double[] x = inputs[t];
            for (int l = 0; l < RecurrentLayers; l++)
            {
                layers[l] = CellForward(l, x, h[l], c[l]);
                h[l] = layers[l].H;
                c[l] = layers[l].C;
                x = layers[l].H;
            }

            double[] z = OutputZ(x);
            steps[t] = new StepTrace(layers, z, Activate(z));
        }

        return steps;
    }

    private CellTrace CellForward(int layer, double[] x, double[] h, double[] c) => _cell switch
    {
        ReferenceCell.GRU => GruForward(layer, x, h, c),
        ReferenceCell.LSTM => LstmForward(layer, x, h, c),
        _ => throw new InvalidOperationException($"Unknown cell {_cell}."),
    };

    private CellTrace GruForward(int layer, double[] x, double[] h, double[] c)
    {
        const int R = 0, Z = 1, N = 2;
        double[][] gates = [new double[Hidden], new double[Hidden], new double[Hidden]];
        var hiddenN = new double[Hidden];
        var next = new double[Hidden];
        for (int j = 0; j < Hidden; j++)
        {
            // r = σ(W_ir x + b_ir + W_hr h + b_hr): how much of the old state the candidate sees
            gates[R][j] = Sigmoid(InputSide(layer, R, j, x) + HiddenSide(layer, R, j, h));
            // z = σ(W_iz x + b_iz + W_hz h + b_hz): how much of the old state is kept
            gates[Z][j] = Sigmoid(InputSide(layer, Z, j, x) + HiddenSide(layer, Z, j, h));
            // n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)): the candidate (r applies after the hidden bias)
            hiddenN[j] = HiddenSide(layer, N, j, h);
            gates[N][j] = Math.Tanh(InputSide(layer, N, j, x) + (gates[R][j] * hiddenN[j]));
            // h' = (1 - z) ⊙ n + z ⊙ h
            next[j] = ((1 - gates[Z][j]) * gates[N][j]) + (gates[Z][j] * h[j]);
        }

        return new CellTrace(x, h, c, gates, hiddenN, next, c);
    }

    private CellTrace LstmForward(int layer, double[] x, double[] h, double[] c)
    {
        const int I = 0, F = 1, G = 2, O = 3;
        double[][] gates = [new double[Hidden], new double[Hidden], new double[Hidden], new double[Hidden]];
        var nextC = new double[Hidden];
        var nextH = new double[Hidden];
        for (int j = 0; j < Hidden; j++)
        {
            // i, f, o = σ(W_i* x + b_i* + W_h* h + b_h*): input, forget and output gates; g = tanh(...): the candidate
            gates[I][j] = Sigmoid(InputSide(layer, I, j, x) + HiddenSide(layer, I, j, h));
            gates[F][j] = Sigmoid(InputSide(layer, F, j, x) + HiddenSide(layer, F, j, h));
            gates[G][j] = Math.Tanh(InputSide(layer, G, j, x) + HiddenSide(layer, G, j, h));
            gates[O][j] = Sigmoid(InputSide(layer, O, j, x) + HiddenSide(layer, O, j, h));
            // c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')
            nextC[j] = (gates[F][j] * c[j]) + (gates[I][j] * gates[G][j]);
            nextH[j] = gates[O][j] * Math.Tanh(nextC[j]);
        }

        return new CellTrace(x, h, c, gates, [], nextH, nextC);
    }

    /// <summary>W_i(gate) x + b_i(gate) for one unit.</summary>
    private double InputSide(int layer, int gate, int unit, double[] x)
    {
        int row = (gate * Hidden) + unit, width = LayerInputWidth(layer);
        double sum = _parameters[BiasIhOffset(layer) + row];
        for (int i = 0; i < width; i++)
        {
            sum += _parameters[WeightIhOffset(layer) + (row * width) + i] * x[i];
        }

        return sum;
    }

    /// <summary>W_h(gate) h + b_h(gate) for one unit.</summary>
    private double HiddenSide(int layer, int gate, int unit, double[] h)
    {
        int row = (gate * Hidden) + unit;
        double sum = _parameters[BiasHhOffset(layer) + row];
        for (int k = 0; k < Hidden; k++)
        {
            sum += _parameters[WeightHhOffset(layer) + (row * Hidden) + k] * h[k];
        }

        return sum;
    }

    private double[] OutputZ(double[] top)
    {
        var z = new double[OutputCount];
        for (int k = 0; k < OutputCount; k++)
        {
            z[k] = _parameters[OutputBiasOffset + k];
            for (int j = 0; j < Hidden; j++)
            {
                z[k] += _parameters[OutputWeightOffset + (k * Hidden) + j] * top[j];
            }
        }

        return z;
    }

    // ---- the backward pass ----

    /// <summary>
    /// One recurrent layer at one step backwards: given dLoss/dh' (from the layer above or the output, plus
    /// from the next step) and dLoss/dc' (LSTM, from the next step), adds this step's share to the layer's
    /// weight and bias gradients and returns dLoss/dx (for the layer below), dLoss/dh and dLoss/dc (for the
    /// step before).
    /// </summary>
    private (double[] Dx, double[] DhBefore, double[] DcBefore) CellBackward(int layer, CellTrace trace, double[] dh, double[] dcFromLater, double[] gradient)
    {
        // dLoss/d(pre-activation) of every gate row, on the input side (W_ih x + b_ih) and the hidden side (W_hh h + b_hh)
        var inputSide = new double[Gates * Hidden];
        var hiddenSide = new double[Gates * Hidden];
        var dhBefore = new double[Hidden];
        var dcBefore = new double[Hidden];
        switch (_cell)
        {
            case ReferenceCell.GRU:
                GruGateDeltas(trace, dh, inputSide, hiddenSide, dhBefore);
                break;
            case ReferenceCell.LSTM:
                LstmGateDeltas(trace, dh, dcFromLater, inputSide, hiddenSide, dcBefore);
                break;
            default:
                throw new InvalidOperationException($"Unknown cell {_cell}.");
        }

        int width = LayerInputWidth(layer);
        var dx = new double[width];
        for (int row = 0; row < Gates * Hidden; row++)
        {
            gradient[BiasIhOffset(layer) + row] += inputSide[row];
            gradient[BiasHhOffset(layer) + row] += hiddenSide[row];
            for (int i = 0; i < width; i++)
            {
                gradient[WeightIhOffset(layer) + (row * width) + i] += inputSide[row] * trace.X[i];
                dx[i] += _parameters[WeightIhOffset(layer) + (row * width) + i] * inputSide[row];
            }

            for (int k = 0; k < Hidden; k++)
            {
                gradient[WeightHhOffset(layer) + (row * Hidden) + k] += hiddenSide[row] * trace.HBefore[k];
                dhBefore[k] += _parameters[WeightHhOffset(layer) + (row * Hidden) + k] * hiddenSide[row];
            }
        }

        return (dx, dhBefore, dcBefore);
    }

    private void GruGateDeltas(CellTrace trace, double[] dh, double[] inputSide, double[] hiddenSide, double[] dhBefore)
    {
        const int R = 0, Z = 1, N = 2;
        for (int j = 0; j < Hidden; j++)
        {
            double r = trace.Gates[R][j], z = trace.Gates[Z][j], n = trace.Gates[N][j];
            // h' = (1 - z) n + z h: dn = dh' (1 - z), dz = dh' (h - n), and h reaches h' directly with weight z
            double dn = dh[j] * (1 - z);
            double dz = dh[j] * (trace.HBefore[j] - n);
            dhBefore[j] = dh[j] * z;
            // n = tanh(a_n), a_n = (W_in x + b_in) + r (W_hn h + b_hn)
            double dAn = dn * (1 - (n * n));
            double dr = dAn * trace.HiddenN[j];
            double dAr = dr * r * (1 - r);
            double dAz = dz * z * (1 - z);
            inputSide[(R * Hidden) + j] = dAr;
            inputSide[(Z * Hidden) + j] = dAz;
            inputSide[(N * Hidden) + j] = dAn;
            hiddenSide[(R * Hidden) + j] = dAr;
            hiddenSide[(Z * Hidden) + j] = dAz;
            hiddenSide[(N * Hidden) + j] = dAn * r; // the hidden side of n is multiplied by r
        }
    }

    private void LstmGateDeltas(CellTrace trace, double[] dh, double[] dcFromLater, double[] inputSide, double[] hiddenSide, double[] dcBefore)
    {
        const int I = 0, F = 1, G = 2, O = 3;
        for (int j = 0; j < Hidden; j++)
        {
            double i = trace.Gates[I][j], f = trace.Gates[F][j], g = trace.Gates[G][j], o = trace.Gates[O][j];
            double tanhC = Math.Tanh(trace.C[j]);
            // h' = o tanh(c'): do = dh' tanh(c'); c' reaches the loss through h' and through the next step's c
            double dO = dh[j] * tanhC;
            double dc = dcFromLater[j] + (dh[j] * o * (1 - (tanhC * tanhC)));
            // c' = f c + i g
            double dI = dc * g, dF = dc * trace.CBefore[j], dG = dc * i;
            dcBefore[j] = dc * f;
            double[] byGate = [dI * i * (1 - i), dF * f * (1 - f), dG * (1 - (g * g)), dO * o * (1 - o)];
            for (int gate = 0; gate < 4; gate++)
            {
                // both sides of the pre-activation are plain sums: the same delta
                inputSide[(gate * Hidden) + j] = byGate[gate];
                hiddenSide[(gate * Hidden) + j] = byGate[gate];
            }
        }
    }

    // ---- the output layer's activation and loss ----

    private double[] Activate(double[] z) => _output switch
    {
        "Linear" => [.. z],
        "Sigmoid" => [.. z.Select(Sigmoid)],
        "Softmax" => [.. z.Select(value => Math.Exp(value - LogSumExp(z)))],
        _ => throw new NotSupportedException($"No output activation {_output} in the recurrent reference: use Linear, Sigmoid or Softmax."),
    };

    /// <summary>The per-step loss Train uses; the cross entropies from z, as Unrolled computes them.</summary>
    private double StepLoss(double[] z, double[] o, double[] t)
    {
        double loss = 0;
        for (int k = 0; k < o.Length; k++)
        {
            loss += _loss switch
            {
                Loss.SquaredError => 0.5 * (o[k] - t[k]) * (o[k] - t[k]),
                Loss.CrossEntropy => _output switch
                {
                    "Softmax" => -t[k] * (z[k] - LogSumExp(z)),
                    // -(t ln o + (1 - t) ln(1 - o)) from z: max(z, 0) - z t + ln(1 + exp(-|z|))
                    "Sigmoid" => Math.Max(z[k], 0) - (z[k] * t[k]) + Math.Log(1 + Math.Exp(-Math.Abs(z[k]))),
                    _ => throw new NotSupportedException($"CrossEntropy needs a Sigmoid or Softmax output, not {_output}."),
                },
                _ => throw new InvalidOperationException($"Unknown loss {_loss}."),
            };
        }

        return loss;
    }

    /// <summary>dLoss/dz of the output layer for one step.</summary>
    private double[] OutputDelta(double[] z, double[] o, double[] t)
    {
        double[] error = [.. o.Select((value, k) => value - t[k])];
        return (_loss, _output) switch
        {
            (Loss.SquaredError, "Linear") => error,
            (Loss.SquaredError, "Sigmoid") => [.. error.Select((e, k) => e * o[k] * (1 - o[k]))],
            // softmax's Jacobian: dz_k = o_k (e_k - sum_j e_j o_j)
            (Loss.SquaredError, "Softmax") => [.. error.Select((e, k) => o[k] * (e - error.Select((ej, j) => ej * o[j]).Sum()))],
            (Loss.CrossEntropy, "Sigmoid") => error,
            // -sum_j t_j ln o_j with o = softmax(z): dz_k = o_k sum_j t_j - t_k (o_k - t_k for a one-hot t)
            (Loss.CrossEntropy, "Softmax") => [.. o.Select((value, k) => (value * t.Sum()) - t[k])],
            _ => throw new NotSupportedException($"No output delta for {_loss} with a {_output} output in the recurrent reference."),
        };
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double LogSumExp(double[] z)
    {
        double max = z.Max();
        return max + Math.Log(z.Sum(value => Math.Exp(value - max)));
    }

    // ---- where each parameter is ----

    private int LayerInputWidth(int layer) => layer == 0 ? InputCount : Hidden;

    private int LayerOffset(int layer)
    {
        int offset = 0;
        for (int l = 0; l < layer; l++)
        {
            offset += (Gates * Hidden * (LayerInputWidth(l) + Hidden)) + (2 * Gates * Hidden);
        }

        return offset;
    }

    private int WeightIhOffset(int layer) => LayerOffset(layer);

    private int WeightHhOffset(int layer) => WeightIhOffset(layer) + (Gates * Hidden * LayerInputWidth(layer));

    private int BiasIhOffset(int layer) => WeightHhOffset(layer) + (Gates * Hidden * Hidden);

    private int BiasHhOffset(int layer) => BiasIhOffset(layer) + (Gates * Hidden);

    private int OutputWeightOffset => LayerOffset(RecurrentLayers);

    private int OutputBiasOffset => OutputWeightOffset + (OutputCount * Hidden);
}
