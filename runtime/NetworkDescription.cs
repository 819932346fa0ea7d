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
    private readonly Activation[] _activations;

    /// <summary>Describes a network whose hidden layers share one activation.</summary>
    public NetworkDescription(int[] layers, Activation hidden, Activation output, Loss loss, Optimizer optimizer, Precision precision)
        : this(layers, Uniform(layers, hidden, output), loss, optimizer, precision)
    {
    }

    /// <summary>Describes a network; generated networks create theirs once, from their attribute.</summary>
    /// <param name="layers">Neurons per layer, input layer first.</param>
    /// <param name="activations">The activation of each layer after the input, the output layer's last.</param>
    /// <param name="loss">What training minimises.</param>
    /// <param name="optimizer">The optimizer, whose state a saved file holds after the parameters.</param>
    /// <param name="precision">The type of every saved number.</param>
    /// <exception cref="ArgumentException">There is not exactly one activation per layer after the input.</exception>
    public NetworkDescription(int[] layers, Activation[] activations, Loss loss, Optimizer optimizer, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.Length != Math.Max(layers.Length - 1, 0))
        {
            throw new ArgumentException(
                $"A network of {layers.Length} layers has {Math.Max(layers.Length - 1, 0)} layers after the input, so it needs that many activations; {activations.Length} were given.",
                nameof(activations));
        }

        _layers = (int[])layers.Clone();
        _activations = (Activation[])activations.Clone();
        Loss = loss;
        Optimizer = optimizer;
        Precision = precision;
    }

    /// <summary>Neurons per layer, input layer first.</summary>
    public IReadOnlyList<int> Layers => _layers;

    /// <summary>The activation of each layer after the input: <c>Activations[0]</c> is the first hidden layer's, the last the output layer's.</summary>
    public IReadOnlyList<Activation> Activations => _activations;

    /// <summary>
    /// The activation of the first hidden layer (of the output layer when there is none). When the
    /// hidden layers differ, <see cref="Activations"/> has each.
    /// </summary>
    public Activation Hidden => _activations.Length == 0 ? Activation.Sigmoid : _activations[0];

    /// <summary>The activation of the output layer.</summary>
    public Activation Output => _activations.Length == 0 ? Activation.Sigmoid : _activations[_activations.Length - 1];

    /// <summary>True when every hidden layer has the same activation, as <c>Hidden</c> in the attribute gives.</summary>
    internal bool HasUniformHidden
    {
        get
        {
            for (int layer = 1; layer < _activations.Length - 1; layer++)
            {
                if (_activations[layer] != _activations[0])
                {
                    return false;
                }
            }

            return true;
        }
    }

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

    /// <summary>The optimizer's numbers, saved after the parameters (see <see cref="OptimizerState.Count"/>).</summary>
    public long StateCount => OptimizerState.Count(Optimizer, ParameterCount);

    /// <summary>
    /// "2-4-1 (Sigmoid hidden, Sigmoid output, SquaredError, Sgd, Double)", or with hidden layers that
    /// differ, "4-16-8-3 (ReLU, Tanh, Softmax; CrossEntropy, Adam, Double)".
    /// </summary>
    public override string ToString() =>
        string.Join("-", _layers.Select(l => l.ToString(CultureInfo.InvariantCulture))) +
        (HasUniformHidden
            ? $" ({Hidden} hidden, {Output} output, {Loss}, {Optimizer}, {Precision})"
            : $" ({string.Join(", ", _activations)}; {Loss}, {Optimizer}, {Precision})");

    /// <summary>True when both describe the same layers and options.</summary>
    public bool Equals(NetworkDescription? other) =>
        other is not null && _layers.AsSpan().SequenceEqual(other._layers) && Enumerable.SequenceEqual(_activations, other._activations)
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

        foreach (Activation activation in _activations)
        {
            hash.Add(activation);
        }

        hash.Add(Loss);
        hash.Add(Optimizer);
        hash.Add(Precision);
        return hash.ToHashCode();
    }

    // Every hidden layer gets hidden, the output layer output.
    private static Activation[] Uniform(int[] layers, Activation hidden, Activation output)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var activations = new Activation[Math.Max(layers.Length - 1, 0)];
        for (int layer = 0; layer < activations.Length; layer++)
        {
            activations[layer] = layer == activations.Length - 1 ? output : hidden;
        }

        return activations;
    }
}
