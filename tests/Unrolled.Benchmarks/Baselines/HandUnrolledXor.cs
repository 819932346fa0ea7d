namespace Unrolled.Benchmarks.Baselines;

/// <summary>
/// 2-4-1 written out by hand the obvious way, with a sigmoid helper: the latency floor of the
/// naive scalar approach that the generated code is measured against in W1 and W3.
/// </summary>
public sealed class HandUnrolledXor
{
    private double _w00, _w01, _w10, _w11, _w20, _w21, _w30, _w31, _b0, _b1, _b2, _b3;
    private double _v0, _v1, _v2, _v3, _c;

    public void SetParameters(ReadOnlySpan<double> p)
    {
        (_w00, _w01, _w10, _w11, _w20, _w21, _w30, _w31) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
        (_b0, _b1, _b2, _b3) = (p[8], p[9], p[10], p[11]);
        (_v0, _v1, _v2, _v3, _c) = (p[12], p[13], p[14], p[15], p[16]);
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    public double Predict(double x0, double x1)
    {
        double h0 = Sigmoid((_w00 * x0) + (_w01 * x1) + _b0);
        double h1 = Sigmoid((_w10 * x0) + (_w11 * x1) + _b1);
        double h2 = Sigmoid((_w20 * x0) + (_w21 * x1) + _b2);
        double h3 = Sigmoid((_w30 * x0) + (_w31 * x1) + _b3);
        return Sigmoid((_v0 * h0) + (_v1 * h1) + (_v2 * h2) + (_v3 * h3) + _c);
    }

    public double Train(double x0, double x1, double t, double rate)
    {
        double h0 = Sigmoid((_w00 * x0) + (_w01 * x1) + _b0);
        double h1 = Sigmoid((_w10 * x0) + (_w11 * x1) + _b1);
        double h2 = Sigmoid((_w20 * x0) + (_w21 * x1) + _b2);
        double h3 = Sigmoid((_w30 * x0) + (_w31 * x1) + _b3);
        double o = Sigmoid((_v0 * h0) + (_v1 * h1) + (_v2 * h2) + (_v3 * h3) + _c);
        double e = o - t;
        double d = e * o * (1 - o);
        double d0 = _v0 * d * h0 * (1 - h0);
        double d1 = _v1 * d * h1 * (1 - h1);
        double d2 = _v2 * d * h2 * (1 - h2);
        double d3 = _v3 * d * h3 * (1 - h3);
        _v0 -= rate * d * h0; _v1 -= rate * d * h1; _v2 -= rate * d * h2; _v3 -= rate * d * h3; _c -= rate * d;
        _w00 -= rate * d0 * x0; _w01 -= rate * d0 * x1; _b0 -= rate * d0;
        _w10 -= rate * d1 * x0; _w11 -= rate * d1 * x1; _b1 -= rate * d1;
        _w20 -= rate * d2 * x0; _w21 -= rate * d2 * x1; _b2 -= rate * d2;
        _w30 -= rate * d3 * x0; _w31 -= rate * d3 * x1; _b3 -= rate * d3;
        return 0.5 * e * e;
    }
}
