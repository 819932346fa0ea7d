#if PEERS
using TorchSharp;
using static TorchSharp.torch;

namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>Copies parameters in <see cref="RecurrentShape"/>'s order into torch modules and back.</summary>
public static class TorchRecurrentParameters
{
    public static void Load(RecurrentShape shape, ReadOnlySpan<float> parameters, nn.Module cell, nn.Module dense)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(dense);
        using var noGrad = torch.no_grad();
        int offset = 0;
        foreach ((string name, Tensor parameter) in Ordered(cell, dense))
        {
            int count = checked((int)parameter.numel());
            using Tensor values = torch.tensor(parameters.Slice(offset, count).ToArray(), dtype: ScalarType.Float32).reshape(parameter.shape);
            parameter.copy_(values);
            offset += count;
        }

        if (offset != shape.ParameterCount)
        {
            throw new InvalidOperationException($"The torch modules hold {offset} parameters; {shape} has {shape.ParameterCount}.");
        }
    }

    public static float[] Read(nn.Module cell, nn.Module dense)
    {
        var values = new List<float>();
        foreach ((_, Tensor parameter) in Ordered(cell, dense))
        {
            using Tensor flat = parameter.detach().contiguous().reshape(-1);
            values.AddRange(flat.data<float>().ToArray());
        }

        return [.. values];
    }

    // named_parameters of a one-layer GRU or LSTM: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0;
    // of Linear: weight, bias. Checked by name so that a different order in TorchSharp cannot slip by.
    private static IEnumerable<(string Name, Tensor Parameter)> Ordered(nn.Module cell, nn.Module dense)
    {
        var cellParameters = cell.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var denseParameters = dense.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        foreach (string name in new[] { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0" })
        {
            yield return (name, cellParameters[name]);
        }

        foreach (string name in new[] { "weight", "bias" })
        {
            yield return (name, denseParameters[name]);
        }
    }
}
#endif
