namespace Unrolled.Benchmarks.Workloads.Issue22;

/// <summary>The two cells of issue 22, as PyTorch defines them.</summary>
public enum RecurrentCell
{
    /// <summary>nn.GRU: gates r, z, n, with n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).</summary>
    Gru,

    /// <summary>nn.LSTM: gates i, f, g, o, with separate input and hidden biases.</summary>
    Lstm,
}

internal static class RecurrentCellFacts
{
    /// <summary>How many gate blocks of Hidden rows weight_ih and weight_hh stack.</summary>
    public static int Gates(this RecurrentCell cell) => cell switch
    {
        RecurrentCell.Gru => 3,
        RecurrentCell.Lstm => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Only GRU and LSTM cells exist."),
    };
}
