using System;
using System.IO;

namespace Unrolled;

/// <summary>
/// What <see cref="NetworkTraining"/> needs of a network, over either number type. The training
/// loop is written once against this; the structs below let the JIT compile it once per precision,
/// with direct calls and no delegate per row.
/// </summary>
internal interface IEpochNetwork<T>
{
    int InputCount { get; }

    int OutputCount { get; }

    /// <summary>One <c>Train</c> step; its loss widened to double, so epoch sums keep double's precision.</summary>
    double Train(ReadOnlySpan<T> input, ReadOnlySpan<T> target, T learningRate);

    /// <summary>Whether every parameter is finite; reuses one buffer, so it allocates nothing after construction.</summary>
    bool HasFiniteParameters();

    void Save(Stream stream);

    void Load(Stream stream);
}

/// <summary>A double network for the training loop.</summary>
internal readonly struct DoubleEpochNetwork(INetwork network) : IEpochNetwork<double>
{
    private readonly double[] _parameters = new double[network.ParameterCount];

    public int InputCount => network.InputCount;

    public int OutputCount => network.OutputCount;

    public double Train(ReadOnlySpan<double> input, ReadOnlySpan<double> target, double learningRate) => network.Train(input, target, learningRate);

    public bool HasFiniteParameters()
    {
        network.CopyParametersTo(_parameters);
        foreach (double parameter in _parameters)
        {
            if (!double.IsFinite(parameter))
            {
                return false;
            }
        }

        return true;
    }

    public void Save(Stream stream) => network.Save(stream);

    public void Load(Stream stream) => network.Load(stream);
}

/// <summary>A float network for the training loop.</summary>
internal readonly struct SingleEpochNetwork(ISingleNetwork network) : IEpochNetwork<float>
{
    private readonly float[] _parameters = new float[network.ParameterCount];

    public int InputCount => network.InputCount;

    public int OutputCount => network.OutputCount;

    public double Train(ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate) => network.Train(input, target, learningRate);

    public bool HasFiniteParameters()
    {
        network.CopyParametersTo(_parameters);
        foreach (float parameter in _parameters)
        {
            if (!float.IsFinite(parameter))
            {
                return false;
            }
        }

        return true;
    }

    public void Save(Stream stream) => network.Save(stream);

    public void Load(Stream stream) => network.Load(stream);
}
