using System.Numerics;
using System.Reflection;
using Unrolled.Tests.Infrastructure;

namespace Unrolled.Tests.Recurrent;

/// <summary>
/// A float network's Step takes its gates' exp from GateExp, in float arithmetic over a clamped range, where double
/// networks and training use .NET's exp. Step must still compute the cell's equations: to float's precision for gate
/// sums in and far beyond the clamp, and NaN out for NaN in. Sixteen units, so the vector path runs on every machine.
/// </summary>
public sealed class RecurrentFloatStepTests
{
    [Theory]
    [InlineData("GRU", 1.0)]
    [InlineData("LSTM", 1.0)]
    [InlineData("GRU", 150.0)]
    [InlineData("LSTM", 150.0)]
    public void Step_follows_the_equations_for_small_and_huge_gate_sums(string cell, double inputScale)
    {
        ISingleRecurrentNetwork network = Build(cell);
        float[] parameters = new float[network.ParameterCount];
        network.Randomize(11);
        network.CopyParametersTo(parameters);
        var reference = new RecurrentReference(
            Enum.Parse<ReferenceCell>(cell), [1, 16, 1], "Linear", Loss.SquaredError, [.. parameters.Select(p => (double)p)]);

        // Inputs of +-150 give gate sums of +-100 and more: past exp's float range, where sigmoid and tanh saturate.
        var random = new Random(5);
        float[] output = new float[1];
        for (int t = 0; t < 50; t++)
        {
            float input = (float)(((random.NextDouble() * 2) - 1) * inputScale);
            network.Step([input], output);
            double expected = reference.Step([input])[0];
            Assert.True(
                Math.Abs(output[0] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)),
                $"step {t}: Step gave {output[0]}, the equations {expected}");
        }
    }

    [Theory]
    [InlineData("GRU")]
    [InlineData("LSTM")]
    public void A_NaN_input_gives_a_NaN_output(string cell)
    {
        ISingleRecurrentNetwork network = Build(cell);
        network.Randomize(3);
        float[] output = new float[1];

        network.Step([float.NaN], output);

        Assert.True(float.IsNaN(output[0]), $"Step of NaN gave {output[0]}");
    }

    [Theory]
    [InlineData("GRU", float.PositiveInfinity)]
    [InlineData("GRU", float.NegativeInfinity)]
    [InlineData("LSTM", float.PositiveInfinity)]
    [InlineData("LSTM", float.NegativeInfinity)]
    public void An_infinite_input_saturates_the_gates_as_the_equations_do(string cell, float input)
    {
        ISingleRecurrentNetwork network = Build(cell);
        network.Randomize(3);
        float[] parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        var reference = new RecurrentReference(
            Enum.Parse<ReferenceCell>(cell), [1, 16, 1], "Linear", Loss.SquaredError, [.. parameters.Select(p => (double)p)]);
        float[] output = new float[1];

        network.Step([input], output);
        double expected = reference.Step([input])[0];

        Assert.True(double.IsFinite(expected), "the reference saturates");
        Assert.Equal(expected, output[0], 1e-5);
    }

    // An LSTM-16 whose weights are all 0 and whose biases saturate its gates: with i, f, g at 1 the cell state grows by
    // one a step, past 44 where e^2c leaves float's range; with only g's bias large, e^2sg does. h = o tanh(c) must stay
    // what the equations give (0.5 tanh(c) with o's bias 0), not 0 from an overflowing denominator.
    [Theory]
    [InlineData(30f, 30f, 30f)]
    [InlineData(0f, 0f, 50f)]
    [InlineData(0f, 30f, -50f)]
    public void An_LSTM_with_saturated_gates_and_a_large_cell_state_follows_the_equations(float iBias, float fBias, float gBias)
    {
        ISingleRecurrentNetwork network = Build("LSTM");
        const int h = 16;
        float[] parameters = new float[network.ParameterCount];
        int inputBiases = (4 * h) + (4 * h * h);
        for (int j = 0; j < h; j++)
        {
            parameters[inputBiases + j] = iBias;
            parameters[inputBiases + h + j] = fBias;
            parameters[inputBiases + (2 * h) + j] = gBias;
        }

        int outputWeights = inputBiases + (8 * h);
        for (int j = 0; j < h; j++)
        {
            parameters[outputWeights + j] = 1f / h;
        }

        network.SetParameters(parameters);
        var reference = new RecurrentReference(
            ReferenceCell.LSTM, [1, h, 1], "Linear", Loss.SquaredError, [.. parameters.Select(p => (double)p)]);
        float[] output = new float[1];
        for (int t = 0; t < 100; t++)
        {
            network.Step([0.5f], output);
            double expected = reference.Step([0.5])[0];
            Assert.True(Math.Abs(output[0] - expected) <= 1e-6, $"step {t}: Step gave {output[0]}, the equations {expected}");
        }
    }

    // The double twin: its Step clamps 2c where tanh is 1 to double's precision (+-40), not float's (+-20), so a cell
    // state of 10 to 20 keeps tanh's last digits.
    [Fact]
    public void A_double_LSTM_with_a_cell_state_past_ten_follows_the_equations_to_double_precision()
    {
        IRecurrentNetwork network = RecurrentGradientTests.Build("Cell = Cell.LSTM, Output = Activation.Linear", "1, 16, 1");
        const int h = 16;
        double[] parameters = new double[network.ParameterCount];
        int inputBiases = (4 * h) + (4 * h * h);
        for (int j = 0; j < h; j++)
        {
            parameters[inputBiases + j] = 30;
            parameters[inputBiases + h + j] = 30;
            parameters[inputBiases + (2 * h) + j] = 30;
            parameters[inputBiases + (8 * h) + j] = 1.0 / h;
        }

        network.SetParameters(parameters);
        var reference = new RecurrentReference(ReferenceCell.LSTM, [1, h, 1], "Linear", Loss.SquaredError, parameters);
        double[] output = new double[1];
        for (int t = 0; t < 30; t++)
        {
            network.Step([0.5], output);
            double expected = reference.Step([0.5])[0];
            Assert.True(Math.Abs(output[0] - expected) <= 1e-14, $"step {t}: Step gave {output[0]:R}, the equations {expected:R}");
        }
    }

    // GateExp against Math.Exp at every 1e-6 relative step of its range, eight lanes a call: its polynomial's 1.05e-7
    // relative error and float's roundings stay within 2.7 units in the last place (Taylor's coefficients would not); NaN stays
    // NaN in every lane and does not spill into its neighbours; past the range, exp at the nearer bound.
    [Fact]
    public void GateExp_is_within_2_7_units_in_the_last_place_of_exp_and_keeps_NaN()
    {
        Func<Vector<float>, Vector<float>> gateExp = Build("LSTM").GetType()
            .GetMethod("GateExp", BindingFlags.NonPublic | BindingFlags.Static, [typeof(Vector<float>)])!
            .CreateDelegate<Func<Vector<float>, Vector<float>>>();
        float[] lanes = new float[Vector<float>.Count];
        double worst = 0;
        float worstAt = 0;
        int filled = 0;
        for (double x = -86.6; x <= 88.72; x += Math.Max(1e-6 * Math.Abs(x), 1e-9))
        {
            lanes[filled++] = (float)x;
            if (filled < lanes.Length && x + 1e-6 <= 88.72)
            {
                continue;
            }

            Vector<float> y = gateExp(new Vector<float>(lanes));
            for (int k = 0; k < filled; k++)
            {
                double exact = Math.Exp(lanes[k]);
                float nearest = (float)exact;
                double ulps = Math.Abs(y[k] - exact) / (MathF.BitIncrement(nearest) - nearest);
                if (ulps > worst)
                {
                    worst = ulps;
                    worstAt = lanes[k];
                }
            }

            filled = 0;
        }

        Assert.True(worst <= 2.7, $"GateExp({worstAt:R}) is {worst:F2} units in the last place from exp");
        Array.Fill(lanes, 1f);
        lanes[1] = float.NaN;
        lanes[2] = float.PositiveInfinity;
        lanes[3] = float.NegativeInfinity;
        Vector<float> special = gateExp(new Vector<float>(lanes));
        Assert.True(float.IsNaN(special[1]), $"GateExp(NaN) gave {special[1]}");
        Assert.Equal(MathF.Exp(1f), special[0], MathF.Exp(1f) * 3e-7f);
        Assert.Equal(MathF.Exp(88.72f), special[2], MathF.Exp(88.72f) * 3e-7f);
        Assert.Equal(MathF.Exp(-86.6f), special[3], MathF.Exp(-86.6f) * 3e-7f);
    }

    private static ISingleRecurrentNetwork Build(string cell) =>
        (ISingleRecurrentNetwork)NetworkAssembly.Build($$"""
            using Unrolled;
            [Network(1, 16, 1, Cell = Cell.{{cell}}, Output = Activation.Linear, Precision = Precision.Single)]
            public partial class Net { }
            """).CreateObject("Net");
}
