namespace Unrolled.Benchmarks.Workloads;

/// <summary>What the W5 table needs of a W5 class to turn its per-operation times into per-sample figures.</summary>
public interface IW5Figures
{
    /// <summary>Rows one benchmark operation covers (a batch); the table divides by this.</summary>
    int BatchRows { get; }

    /// <summary>Flops per sample counted for GFLOP/s; see <see cref="W5Flops"/>.</summary>
    double FlopsPerSample { get; }

    /// <summary>True for float, whose FMA peak is twice double's.</summary>
    bool IsSingle { get; }
}
