using Unrolled.Benchmarks.Before;
using Unrolled.Benchmarks.Workloads.BeforeAfter;

namespace Unrolled.Benchmarks.Workloads.Issue21;

// What issue 21 (a layer model, per-layer activations, concepts that own their code) costs W1-W5: today's
// generated networks against the code commit eaed394 generated (Baselines/AtEaed394), the Before row the
// baseline. Same parameters, same rows, one run; the workloads are those of Workloads/BeforeAfter.
//   dotnet run --project tests/Unrolled.Benchmarks -c Release -- --filter "*Issue21Cost*" --launchCount 3

/// <summary>W1: 2-4-1, Train per sample; per sample-step.</summary>
public class Issue21CostW1() : BeforeAfterW1(nameof(Issue21CostW1), Issue21Cost.Commit, new XorNetworkAtEaed394());

/// <summary>W2: 2-4-5, TrainBatch over the four rows; per epoch.</summary>
public class Issue21CostW2() : BeforeAfterW2(nameof(Issue21CostW2), Issue21Cost.Commit, new LogicNetworkAtEaed394());

/// <summary>W3: 2-4-1, Predict per row; per prediction.</summary>
public class Issue21CostW3() : BeforeAfterW3(nameof(Issue21CostW3), Issue21Cost.Commit, new XorNetworkAtEaed394());

/// <summary>W3's PredictBatch row: 2-4-1 over 256 rows; per prediction.</summary>
public class Issue21CostW3Batch() : BeforeAfterW3Batch(nameof(Issue21CostW3Batch), Issue21Cost.Commit, new XorNetworkAtEaed394());

/// <summary>W4 at 8-16-4: straight-line code.</summary>
public class Issue21CostW4Scale8x16x4() : BeforeAfterTrain(nameof(Issue21CostW4Scale8x16x4), Issue21Cost.Commit, new Scale8Network(), new Scale8NetworkAtEaed394());

/// <summary>W4 at 32-64-10: blocked code.</summary>
public class Issue21CostW4Scale32x64x10() : BeforeAfterTrain(nameof(Issue21CostW4Scale32x64x10), Issue21Cost.Commit, new Scale32Network(), new Scale32NetworkAtEaed394());

/// <summary>W4 at 784-128-10: the blocked per-sample Train the issue names.</summary>
public class Issue21CostW4Scale784x128x10() : BeforeAfterTrain(nameof(Issue21CostW4Scale784x128x10), Issue21Cost.Commit, new Scale784Network(), new Scale784NetworkAtEaed394());

/// <summary>W5a: 64-32-10, batches of 32.</summary>
public class Issue21CostW5a64x32x10() : BeforeAfterTrainBatch(nameof(Issue21CostW5a64x32x10), Issue21Cost.Commit, new MinibatchNetwork(), new MinibatchNetworkAtEaed394(), batch: 32);

/// <summary>W5b: 784-128-10, batches of 64.</summary>
public class Issue21CostW5b784x128x10() : BeforeAfterTrainBatch(nameof(Issue21CostW5b784x128x10), Issue21Cost.Commit, new Scale784Network(), new Scale784NetworkAtEaed394(), batch: 64);

/// <summary>W5b's PredictBatch: 784-128-10 in double over 1,024 rows.</summary>
public class Issue21CostW5bPredictBatch() : BeforeAfterW5bPredictBatch(nameof(Issue21CostW5bPredictBatch), Issue21Cost.Commit, new Scale784NetworkAtEaed394());

/// <summary>W5b in float: 784-128-10, TrainBatch over batches of 64.</summary>
public class Issue21CostW5bSingle() : BeforeAfterW5bSingle(nameof(Issue21CostW5bSingle), Issue21Cost.Commit, new SingleScale784NetworkAtEaed394());

/// <summary>The float per-sample Train at 784-128-10.</summary>
public class Issue21CostW5bSingleTrain() : BeforeAfterW5bSingleTrain(nameof(Issue21CostW5bSingleTrain), Issue21Cost.Commit, new SingleScale784NetworkAtEaed394());

/// <summary>The commit whose generated code is the Before side of every Issue21Cost class.</summary>
internal static class Issue21Cost
{
    public const string Commit = "eaed394";
}
