namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>
/// One recurrent layer and a dense output, with the parameters in torch's named_parameters order:
/// weight_ih [G*H, In], weight_hh [G*H, H], bias_ih [G*H], bias_hh [G*H], then the Linear's
/// weight [Out, H] and bias [Out]. Every peer of issue 22 reads its weights from this one array.
/// </summary>
public sealed record RecurrentShape(RecurrentCell Cell, int Inputs, int Hidden, int Outputs)
{
    public int GateRows => Cell.Gates() * Hidden;

    public int WeightIhOffset => 0;

    public int WeightHhOffset => GateRows * Inputs;

    public int BiasIhOffset => WeightHhOffset + (GateRows * Hidden);

    public int BiasHhOffset => BiasIhOffset + GateRows;

    public int DenseWeightOffset => BiasHhOffset + GateRows;

    public int DenseBiasOffset => DenseWeightOffset + (Outputs * Hidden);

    public int ParameterCount => DenseBiasOffset + Outputs;

    /// <summary>
    /// Glorot-uniform matrices, gate block by gate block (fan in the block's columns, fan out its
    /// Hidden rows), and biases uniform in +-1/sqrt(Hidden) as torch starts them, from SplitMix64.
    /// </summary>
    public float[] Parameters(ulong seed)
    {
        var random = new SplitMix64(seed);
        var parameters = new float[ParameterCount];
        FillMatrix(ref random, parameters.AsSpan(WeightIhOffset, GateRows * Inputs), Inputs, Hidden);
        FillMatrix(ref random, parameters.AsSpan(WeightHhOffset, GateRows * Hidden), Hidden, Hidden);
        double biasLimit = 1 / Math.Sqrt(Hidden);
        Fill(ref random, parameters.AsSpan(BiasIhOffset, 2 * GateRows), biasLimit);
        FillMatrix(ref random, parameters.AsSpan(DenseWeightOffset, Outputs * Hidden), Hidden, Outputs);
        Fill(ref random, parameters.AsSpan(DenseBiasOffset, Outputs), biasLimit);
        return parameters;
    }

    /// <summary>A fixed input sequence, uniform in [-1, 1), steps rows of Inputs values.</summary>
    public float[] Sequence(int steps, ulong seed)
    {
        var random = new SplitMix64(seed);
        var values = new float[steps * Inputs];
        Fill(ref random, values, 1.0);
        return values;
    }

    private static void FillMatrix(ref SplitMix64 random, Span<float> values, int fanIn, int fanOut) =>
        Fill(ref random, values, Math.Sqrt(6.0 / (fanIn + fanOut)));

    private static void Fill(ref SplitMix64 random, Span<float> values, double limit)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextSymmetric(limit);
        }
    }
}
