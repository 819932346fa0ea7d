using System.Reflection;
using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Recurrent;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// A generated recurrent network of a fixture's cell, sizes, output and precision, driven in double whatever its
/// precision (a float network is fed the fixture's float32 values exactly). ExportOnnx and ImportOnnx are
/// called by name: the recurrent interfaces do not list them.
/// </summary>
internal sealed class RecurrentOnnxNetwork
{
    private static readonly Dictionary<string, NetworkAssembly> s_assemblies = [];
    private readonly object _network;

    private RecurrentOnnxNetwork(object network) => _network = network;

    public static RecurrentOnnxNetwork For(RecurrentFixture fixture) => Create(fixture.Cell, fixture.Layers, fixture.Output, fixture.Precision);

    public static RecurrentOnnxNetwork Create(string cell, int[] layers, string output, Precision precision)
    {
        // The loss changes nothing the model holds; a Softmax output needs cross-entropy (UNR017).
        string loss = output == "Softmax" ? "CrossEntropy" : "SquaredError";
        string attribute = $"[Network({string.Join(", ", layers)}, Cell = Cell.{cell}, Output = Activation.{output}, Loss = Loss.{loss}, Precision = Precision.{precision})]";
        NetworkAssembly assembly;
        lock (s_assemblies)
        {
            if (!s_assemblies.TryGetValue(attribute, out assembly!))
            {
                assembly = NetworkAssembly.Build($$"""
                    using Unrolled;
                    {{attribute}}
                    public partial class Net { }
                    """);
                s_assemblies[attribute] = assembly;
            }
        }

        return new RecurrentOnnxNetwork(assembly.CreateObject("Net"));
    }

    public bool IsSingle => _network is ISingleRecurrentNetwork;

    public int OutputCount => _network is ISingleRecurrentNetwork single ? single.OutputCount : ((IRecurrentNetwork)_network).OutputCount;

    public byte[] Export()
    {
        using var stream = new MemoryStream();
        Call("ExportOnnx", stream);
        return stream.ToArray();
    }

    /// <summary>ImportOnnx; a refusal comes out as the exception the member threw.</summary>
    public void Import(byte[] model) => Call("ImportOnnx", new MemoryStream(model));

    public void Randomize(ulong seed)
    {
        if (_network is ISingleRecurrentNetwork single)
        {
            single.Randomize(seed);
        }
        else
        {
            ((IRecurrentNetwork)_network).Randomize(seed);
        }
    }

    public void SetParameters(double[] parameters)
    {
        if (_network is ISingleRecurrentNetwork single)
        {
            single.SetParameters([.. parameters.Select(p => (float)p)]);
        }
        else
        {
            ((IRecurrentNetwork)_network).SetParameters(parameters);
        }
    }

    /// <summary>The parameters' bits: a double's 64, or a float's 32.</summary>
    public long[] ParameterBits()
    {
        if (_network is ISingleRecurrentNetwork single)
        {
            float[] floats = new float[single.ParameterCount];
            single.CopyParametersTo(floats);
            return [.. floats.Select(f => (long)BitConverter.SingleToUInt32Bits(f))];
        }

        var network = (IRecurrentNetwork)_network;
        double[] doubles = new double[network.ParameterCount];
        network.CopyParametersTo(doubles);
        return [.. doubles.Select(BitConverter.DoubleToInt64Bits)];
    }

    /// <summary>Step over every row of <paramref name="inputs"/> from a zero state: the output of each step.</summary>
    public double[][] Steps(double[][] inputs)
    {
        var outputs = new double[inputs.Length][];
        if (_network is ISingleRecurrentNetwork single)
        {
            single.ResetState();
            for (int t = 0; t < inputs.Length; t++)
            {
                float[] output = new float[single.OutputCount];
                single.Step([.. inputs[t].Select(v => (float)v)], output);
                outputs[t] = [.. output.Select(v => (double)v)];
            }

            return outputs;
        }

        var network = (IRecurrentNetwork)_network;
        network.ResetState();
        for (int t = 0; t < inputs.Length; t++)
        {
            outputs[t] = new double[network.OutputCount];
            network.Step(inputs[t], outputs[t]);
        }

        return outputs;
    }

    private void Call(string member, Stream stream)
    {
        MethodInfo method = _network.GetType().GetMethod(member, [typeof(Stream)])
            ?? throw new InvalidOperationException($"The generated network has no {member}(Stream).");
        try
        {
            method.Invoke(_network, [stream]);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
        }
    }
}
