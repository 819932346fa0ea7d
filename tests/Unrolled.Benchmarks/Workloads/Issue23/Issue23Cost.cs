using Unrolled.Benchmarks.Before;
using Unrolled.Benchmarks.Workloads.BeforeAfter;

namespace Unrolled.Benchmarks.Workloads.Issue23;

// What issue 23 (hot generated methods compiled optimised at their first call, a vector exp written into
// double networks, PredictBatch's block between 257 and 1,024 activations) costs W1-W5: today's generated
// networks against the code commit f309d61 generated (Baselines/AtF309d61), the Before row the baseline.
// Same parameters, same rows, one run; the workloads are those of Workloads/BeforeAfter. Both sides call
// today's runtime: its one change, the 128-bit kernels, runs only without 512- and 256-bit FMA vectors, and
// where those run the dispatch's tests are JIT constants in front of unchanged kernels.
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -- --filter "*Issue23Cost*" --launchCount 3

/// <summary>W1: 2-4-1, Train per sample; per sample-step.</summary>
public class Issue23CostW1() : BeforeAfterW1(nameof(Issue23CostW1), Issue23Cost.Commit, new XorNetworkAtF309d61());

/// <summary>W2: 2-4-5, TrainBatch over the four rows; per epoch.</summary>
public class Issue23CostW2() : BeforeAfterW2(nameof(Issue23CostW2), Issue23Cost.Commit, new LogicNetworkAtF309d61());

/// <summary>W3: 2-4-1, Predict per row; per prediction.</summary>
public class Issue23CostW3() : BeforeAfterW3(nameof(Issue23CostW3), Issue23Cost.Commit, new XorNetworkAtF309d61());

/// <summary>W3's PredictBatch row: 2-4-1 over 256 rows; per prediction.</summary>
public class Issue23CostW3Batch() : BeforeAfterW3Batch(nameof(Issue23CostW3Batch), Issue23Cost.Commit, new XorNetworkAtF309d61());

/// <summary>W4 at 8-16-4: straight-line code.</summary>
public class Issue23CostW4Scale8x16x4() : BeforeAfterTrain(nameof(Issue23CostW4Scale8x16x4), Issue23Cost.Commit, new Scale8Network(), new Scale8NetworkAtF309d61());

/// <summary>W4 at 32-64-10: blocked code.</summary>
public class Issue23CostW4Scale32x64x10() : BeforeAfterTrain(nameof(Issue23CostW4Scale32x64x10), Issue23Cost.Commit, new Scale32Network(), new Scale32NetworkAtF309d61());

/// <summary>W4 at 784-128-10: blocked code.</summary>
public class Issue23CostW4Scale784x128x10() : BeforeAfterTrain(nameof(Issue23CostW4Scale784x128x10), Issue23Cost.Commit, new Scale784Network(), new Scale784NetworkAtF309d61());

/// <summary>W5a: 64-32-10, batches of 32.</summary>
public class Issue23CostW5a64x32x10() : BeforeAfterTrainBatch(nameof(Issue23CostW5a64x32x10), Issue23Cost.Commit, new MinibatchNetwork(), new MinibatchNetworkAtF309d61(), batch: 32);

/// <summary>W5b: 784-128-10, batches of 64.</summary>
public class Issue23CostW5b784x128x10() : BeforeAfterTrainBatch(nameof(Issue23CostW5b784x128x10), Issue23Cost.Commit, new Scale784Network(), new Scale784NetworkAtF309d61(), batch: 64);

/// <summary>W5b's PredictBatch: 784-128-10 in double over 1,024 rows.</summary>
public class Issue23CostW5bPredictBatch() : BeforeAfterW5bPredictBatch(nameof(Issue23CostW5bPredictBatch), Issue23Cost.Commit, new Scale784NetworkAtF309d61());

/// <summary>W5b in float: 784-128-10, TrainBatch over batches of 64.</summary>
public class Issue23CostW5bSingle() : BeforeAfterW5bSingle(nameof(Issue23CostW5bSingle), Issue23Cost.Commit, new SingleScale784NetworkAtF309d61());

/// <summary>The float per-sample Train at 784-128-10.</summary>
public class Issue23CostW5bSingleTrain() : BeforeAfterW5bSingleTrain(nameof(Issue23CostW5bSingleTrain), Issue23Cost.Commit, new SingleScale784NetworkAtF309d61());

/// <summary>The commit whose generated code is the Before side of every Issue23Cost class.</summary>
internal static class Issue23Cost
{
    public const string Commit = "f309d61";
}
