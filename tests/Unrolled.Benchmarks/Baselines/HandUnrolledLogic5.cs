namespace Unrolled.Benchmarks.Baselines;

/// <summary>
/// 2-4-5 written by hand the obvious way for W2: each neuron a small struct of named weights, a
/// sigmoid helper, and one row at a time summed into gradient structs of the same shape before one
/// mean step. Scalar and unrolled across neurons: the naive floor TrainBatch is measured against.
/// </summary>
public sealed class HandUnrolledLogic5
{
    private Hidden _h0, _h1, _h2, _h3;
    private Output _o0, _o1, _o2, _o3, _o4;

    public void SetParameters(ReadOnlySpan<double> p)
    {
        _h0 = new Hidden(p[0], p[1], p[8]);
        _h1 = new Hidden(p[2], p[3], p[9]);
        _h2 = new Hidden(p[4], p[5], p[10]);
        _h3 = new Hidden(p[6], p[7], p[11]);
        _o0 = new Output(p[12], p[13], p[14], p[15], p[32]);
        _o1 = new Output(p[16], p[17], p[18], p[19], p[33]);
        _o2 = new Output(p[20], p[21], p[22], p[23], p[34]);
        _o3 = new Output(p[24], p[25], p[26], p[27], p[35]);
        _o4 = new Output(p[28], p[29], p[30], p[31], p[36]);
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>The five outputs for one input row.</summary>
    public void Predict(double x0, double x1, Span<double> output)
    {
        double a0 = Sigmoid(_h0.Z(x0, x1)), a1 = Sigmoid(_h1.Z(x0, x1)), a2 = Sigmoid(_h2.Z(x0, x1)), a3 = Sigmoid(_h3.Z(x0, x1));
        output[0] = Sigmoid(_o0.Z(a0, a1, a2, a3));
        output[1] = Sigmoid(_o1.Z(a0, a1, a2, a3));
        output[2] = Sigmoid(_o2.Z(a0, a1, a2, a3));
        output[3] = Sigmoid(_o3.Z(a0, a1, a2, a3));
        output[4] = Sigmoid(_o4.Z(a0, a1, a2, a3));
    }

    /// <summary>One step along the mean gradient over the rows; returns the mean loss before it.</summary>
    public double TrainBatch(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, double rate)
    {
        int rows = inputs.Length / 2;
        Hidden g0 = default, g1 = default, g2 = default, g3 = default;
        Output q0 = default, q1 = default, q2 = default, q3 = default, q4 = default;
        double loss = 0;
        for (int row = 0; row < rows; row++)
        {
            double x0 = inputs[2 * row], x1 = inputs[(2 * row) + 1];
            ReadOnlySpan<double> t = targets.Slice(5 * row, 5);

            double a0 = Sigmoid(_h0.Z(x0, x1)), a1 = Sigmoid(_h1.Z(x0, x1)), a2 = Sigmoid(_h2.Z(x0, x1)), a3 = Sigmoid(_h3.Z(x0, x1));
            double y0 = Sigmoid(_o0.Z(a0, a1, a2, a3)), y1 = Sigmoid(_o1.Z(a0, a1, a2, a3)), y2 = Sigmoid(_o2.Z(a0, a1, a2, a3));
            double y3 = Sigmoid(_o3.Z(a0, a1, a2, a3)), y4 = Sigmoid(_o4.Z(a0, a1, a2, a3));

            double e0 = y0 - t[0], e1 = y1 - t[1], e2 = y2 - t[2], e3 = y3 - t[3], e4 = y4 - t[4];
            loss += 0.5 * ((e0 * e0) + (e1 * e1) + (e2 * e2) + (e3 * e3) + (e4 * e4));
            double d0 = e0 * y0 * (1 - y0), d1 = e1 * y1 * (1 - y1), d2 = e2 * y2 * (1 - y2), d3 = e3 * y3 * (1 - y3), d4 = e4 * y4 * (1 - y4);

            double c0 = ((_o0.W0 * d0) + (_o1.W0 * d1) + (_o2.W0 * d2) + (_o3.W0 * d3) + (_o4.W0 * d4)) * a0 * (1 - a0);
            double c1 = ((_o0.W1 * d0) + (_o1.W1 * d1) + (_o2.W1 * d2) + (_o3.W1 * d3) + (_o4.W1 * d4)) * a1 * (1 - a1);
            double c2 = ((_o0.W2 * d0) + (_o1.W2 * d1) + (_o2.W2 * d2) + (_o3.W2 * d3) + (_o4.W2 * d4)) * a2 * (1 - a2);
            double c3 = ((_o0.W3 * d0) + (_o1.W3 * d1) + (_o2.W3 * d2) + (_o3.W3 * d3) + (_o4.W3 * d4)) * a3 * (1 - a3);

            q0.Add(d0, a0, a1, a2, a3); q1.Add(d1, a0, a1, a2, a3); q2.Add(d2, a0, a1, a2, a3); q3.Add(d3, a0, a1, a2, a3); q4.Add(d4, a0, a1, a2, a3);
            g0.Add(c0, x0, x1); g1.Add(c1, x0, x1); g2.Add(c2, x0, x1); g3.Add(c3, x0, x1);
        }

        double step = rate / rows;
        _h0.Step(g0, step); _h1.Step(g1, step); _h2.Step(g2, step); _h3.Step(g3, step);
        _o0.Step(q0, step); _o1.Step(q1, step); _o2.Step(q2, step); _o3.Step(q3, step); _o4.Step(q4, step);
        return loss / rows;
    }

    private struct Hidden(double w0, double w1, double b)
    {
        public double W0 = w0, W1 = w1, B = b;

        public readonly double Z(double x0, double x1) => (W0 * x0) + (W1 * x1) + B;

        public void Add(double d, double x0, double x1)
        {
            W0 += d * x0; W1 += d * x1; B += d;
        }

        public void Step(Hidden g, double step)
        {
            W0 -= step * g.W0; W1 -= step * g.W1; B -= step * g.B;
        }
    }

    private struct Output(double w0, double w1, double w2, double w3, double b)
    {
        public double W0 = w0, W1 = w1, W2 = w2, W3 = w3, B = b;

        public readonly double Z(double a0, double a1, double a2, double a3) => (W0 * a0) + (W1 * a1) + (W2 * a2) + (W3 * a3) + B;

        public void Add(double d, double a0, double a1, double a2, double a3)
        {
            W0 += d * a0; W1 += d * a1; W2 += d * a2; W3 += d * a3; B += d;
        }

        public void Step(Output g, double step)
        {
            W0 -= step * g.W0; W1 -= step * g.W1; W2 -= step * g.W2; W3 -= step * g.W3; B -= step * g.B;
        }
    }
}
