using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Unrolled;

/// <summary>
/// What a saved network must match to be loaded: its layer sizes and the options that change the
/// meaning or the layout of its numbers. Hyper-parameters such as the learning rate or Adam's betas
/// are not part of it; they change how training continues, not what the numbers are.
/// </summary>
public sealed class NetworkDescription : IEquatable<NetworkDescription>
{
    private readonly int[] _layers;

    /// <summary>Describes a network; generated networks create theirs once, from their attribute.</summary>
    public NetworkDescription(int[] layers, Activation hidden, Activation output, Loss loss, Optimizer optimizer, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = (int[])layers.Clone();
        Hidden = hidden;
        Output = output;
        Loss = loss;
        Optimizer = optimizer;
        Precision = precision;
    }

    /// <summary>Neurons per layer, input layer first.</summary>
    public IReadOnlyList<int> Layers => _layers;

    /// <summary>The activation of the hidden layers.</summary>
    public Activation Hidden { get; }

    /// <summary>The activation of the output layer.</summary>
    public Activation Output { get; }

    /// <summary>What training minimises.</summary>
    public Loss Loss { get; }

    /// <summary>The optimizer, whose state a saved file holds after the parameters.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The type of every saved number.</summary>
    public Precision Precision { get; }

    /// <summary>All weights and biases.</summary>
    public long ParameterCount
    {
        get
        {
            long count = 0;
            for (int layer = 1; layer < _layers.Length; layer++)
            {
                count += ((long)_layers[layer - 1] + 1) * _layers[layer];
            }

            return count;
        }
    }

    /// <summary>
    /// The optimizer's numbers, saved after the parameters: none for SGD, one velocity per parameter
    /// for Momentum, and for Adam its two bias corrections then m and v per parameter.
    /// </summary>
    public long StateCount => Optimizer switch
    {
        Optimizer.Momentum => ParameterCount,
        Optimizer.Adam => 2 + (2 * ParameterCount),
        _ => 0,
    };

    /// <summary>"2-4-1 (Sigmoid hidden, Sigmoid output, SquaredError, Sgd, Double)".</summary>
    public override string ToString() =>
        string.Join("-", _layers.Select(l => l.ToString(CultureInfo.InvariantCulture))) +
        $" ({Hidden} hidden, {Output} output, {Loss}, {Optimizer}, {Precision})";

    /// <summary>True when both describe the same layers and options.</summary>
    public bool Equals(NetworkDescription? other) =>
        other is not null && _layers.AsSpan().SequenceEqual(other._layers) && Hidden == other.Hidden && Output == other.Output
        && Loss == other.Loss && Optimizer == other.Optimizer && Precision == other.Precision;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NetworkDescription);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int size in _layers)
        {
            hash.Add(size);
        }

        hash.Add(Hidden);
        hash.Add(Output);
        hash.Add(Loss);
        hash.Add(Optimizer);
        hash.Add(Precision);
        return hash.ToHashCode();
    }
}
