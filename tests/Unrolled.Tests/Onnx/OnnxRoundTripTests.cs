using Unrolled.Tests.Infrastructure;
using Unrolled.Tests.Numerics;

namespace Unrolled.Tests.Onnx;

/// <summary>
/// ExportOnnx then ImportOnnx gives back every parameter bit for bit, for every option
/// configuration and layout (double LeakyReLU goes through Mul and Max), and for float networks;
/// the import resets the optimizer's state as SetParameters does.
/// </summary>
public sealed class OnnxRoundTripTests
{
    public static TheoryData<int, int> Networks() =>
        [.. Enumerable.Range(0, OptionNetworks.Configurations.Count).SelectMany(c => Enumerable.Range(0, OptionNetworks.Topologies.Count).Select(t => (c, t)))];

    [Theory]
    [MemberData(nameof(Networks))]
    public void Export_then_import_is_bit_identical(int configuration, int topology)
    {
        INetwork exported = OptionNetworks.Create(configuration, topology);
        exported.Randomize((ulong)configuration + 1);
        using var model = new MemoryStream();
        exported.ExportOnnx(model);

        INetwork imported = OptionNetworks.Create(configuration, topology);
        imported.Randomize(99);
        model.Position = 0;
        imported.ImportOnnx(model);

        Assert.Equal(NetworkParameters.Of(exported).Select(BitConverter.DoubleToInt64Bits), NetworkParameters.Of(imported).Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void A_float_network_round_trips_bit_for_bit_in_both_layouts()
    {
        AssertRoundTrip(new SingleXorNetwork(), new SingleXorNetwork());
        AssertRoundTrip(new SingleScaleNetwork(), new SingleScaleNetwork());
    }

    [Fact]
    public void Importing_resets_the_optimizer_state_as_SetParameters_does()
    {
        const int Momentum = 5;
        INetwork network = OptionNetworks.Create(Momentum, 0);
        network.Randomize(1);
        using var model = new MemoryStream();
        network.ExportOnnx(model);
        double[] parameters = NetworkParameters.Of(network);
        double[] input = [0.1, 0.5, 0.9];
        network.Train(input, [1, 0], 0.1);

        INetwork reference = OptionNetworks.Create(Momentum, 0);
        reference.SetParameters(parameters);
        model.Position = 0;
        network.ImportOnnx(model);

        // With the velocity left over, the next step would differ from a fresh network's.
        Assert.Equal(reference.Train(input, [1, 0], 0.1), network.Train(input, [1, 0], 0.1));
        Assert.Equal(NetworkParameters.Of(reference), NetworkParameters.Of(network));
    }

    private static void AssertRoundTrip(ISingleNetwork exported, ISingleNetwork imported)
    {
        exported.Randomize(5);
        imported.Randomize(6);
        using var model = new MemoryStream();
        exported.ExportOnnx(model);
        model.Position = 0;
        imported.ImportOnnx(model);
        float[] a = new float[exported.ParameterCount], b = new float[imported.ParameterCount];
        exported.CopyParametersTo(a);
        imported.CopyParametersTo(b);
        Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits));
    }
}
