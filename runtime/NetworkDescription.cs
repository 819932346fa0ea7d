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
        : this(layers, activations, Cell.None, loss, optimizer, precision)
    {
    }

    /// <summary>Describes a network whose hidden layers are <paramref name="cell"/> cells, or dense layers for <see cref="Cell.None"/>.</summary>
    /// <param name="layers">Neurons (or a cell's units) per layer, input layer first.</param>
    /// <param name="activations">The activation of each layer after the input, the output layer's last; a cell's is stored but not read.</param>
    /// <param name="cell">What every hidden layer is.</param>
    /// <param name="loss">What training minimises.</param>
    /// <param name="optimizer">The optimizer, whose state a saved file holds after the parameters.</param>
    /// <param name="precision">The type of every saved number.</param>
    /// <exception cref="ArgumentException">There is not exactly one activation per layer after the input.</exception>
    public NetworkDescription(int[] layers, Activation[] activations, Cell cell, Loss loss, Optimizer optimizer, Precision precision)
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
        Cell = cell;
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

    /// <summary>What every hidden layer is: <see cref="Cell.None"/> for a feedforward network, or a recurrent cell.</summary>
    public Cell Cell { get; }

    /// <summary>What training minimises.</summary>
    public Loss Loss { get; }

    /// <summary>The optimizer, whose state a saved file holds after the parameters.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The type of every saved number.</summary>
    public Precision Precision { get; }

    /// <summary>All weights and biases: a cell of h units on n inputs has gates * h * (n + h + 2), gates 3 for a GRU and 4 for an LSTM.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Cell"/> is not a value of the enum.</exception>
    public long ParameterCount
    {
        get
        {
            long count = 0;
            for (int layer = 1; layer < _layers.Length; layer++)
            {
                long inputs = _layers[layer - 1], units = _layers[layer];
                count += layer < _layers.Length - 1 && Cell != Cell.None
                    ? Gates(Cell) * units * (inputs + units + 2)
                    : (inputs + 1) * units;
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
    /// <remarks>A recurrent network's cells have no activation to name: "1-16-1 (GRU cells, Linear output, SquaredError, Adam, Single)".</remarks>
    public override string ToString() =>
        string.Join("-", _layers.Select(l => l.ToString(CultureInfo.InvariantCulture))) +
        (Cell != Cell.None
            ? $" ({Cell} cells, {Output} output, {Loss}, {Optimizer}, {Precision})"
            : HasUniformHidden
            ? $" ({Hidden} hidden, {Output} output, {Loss}, {Optimizer}, {Precision})"
            : $" ({string.Join(", ", _activations)}; {Loss}, {Optimizer}, {Precision})");

    /// <summary>True when both describe the same layers and options.</summary>
    public bool Equals(NetworkDescription? other) =>
        other is not null && _layers.AsSpan().SequenceEqual(other._layers) && Enumerable.SequenceEqual(_activations, other._activations)
        && Cell == other.Cell && Loss == other.Loss && Optimizer == other.Optimizer && Precision == other.Precision;

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

        hash.Add(Cell);
        hash.Add(Loss);
        hash.Add(Optimizer);
        hash.Add(Precision);
        return hash.ToHashCode();
    }

    // The rows of W_ih and W_hh per unit: PyTorch's r, z, n for a GRU and i, f, g, o for an LSTM.
    private static long Gates(Cell cell) => cell switch
    {
        Cell.GRU => 3,
        Cell.LSTM => 4,
        Cell.None => throw new InvalidOperationException("A dense layer has no gates."),
        _ => throw new InvalidOperationException($"No cell has the value {(int)cell}; a description's cell is None, GRU or LSTM."),
    };

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
