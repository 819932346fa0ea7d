using System.Collections.Generic;
using System.Linq;

namespace Unrolled.Generator;

/// <summary>
/// The names of the members a recurrent network gets beside those every network has, the one place they are
/// written: the emitter writes them and the parser reserves them.
/// </summary>
internal static class RecurrentNames
{
    public const string Step = "Step";
    public const string ResetState = "ResetState";
    public const string TrainSequence = "TrainSequence";
    public const string TrainSequenceBatch = "TrainSequenceBatch";

    public const string Output = "Output";
    public const string OutputLoss = "OutputLoss";
    public const string OutputGradients = "OutputGradients";
    public const string AddSequenceGradients = "AddSequenceGradients";
    public const string EnsureTrace = "EnsureTrace";
    public const string StepIfFinite = "StepIfFinite";
    public const string StepAlongGradient = GeneratedNames.StepAlongGradient;

    public const string LayerSums = "LayerSums";
    public const string GateSums = "GateSums";
    public const string GateExp = "GateExp";

    /// <summary>The fused step of a cell kind's cells: StepGru, StepLstm.</summary>
    public static string StepKernel(string cellName) => "Step" + cellName.Substring(0, 1) + cellName.Substring(1).ToLowerInvariant();
    public const string AddTransposedProduct = "AddTransposedProduct";
    public const string AddOuterProduct = "AddOuterProduct";
    public const string AddTo = "AddTo";
    public const string Sigmoid = "Sigmoid";
    public const string Tanh = "Tanh";
    public const string Transpose = "Transpose";
    public const string PackColumns = "PackColumns";
    public const string PackedColumns = "PackedColumns";
    public const string ColumnsArray = "_columns";

    public const string Spare = "_spare";
    public const string StateArray = "_state";
    public const string TraceArray = "_trace";
    public const string StepScratchArray = "_stepScratch";

    public static string CellForward(int layer) => "Cell" + Number(layer) + "Forward";

    public static string CellBackward(int layer) => "Cell" + Number(layer) + "Backward";

    /// <summary>A straight-line cell's gradient statements, which its backward step calls.</summary>
    public static string CellGradients(int layer) => "Cell" + Number(layer) + "Gradients";

    public static string InputWeights(int layer) => "Wi" + Number(layer) + "Start";

    public static string HiddenWeights(int layer) => "Wh" + Number(layer) + "Start";

    public static string InputBiases(int layer) => "Bi" + Number(layer) + "Start";

    public static string HiddenBiases(int layer) => "Bh" + Number(layer) + "Start";

    public static string InputColumns(int layer) => "Ci" + Number(layer) + "Start";

    public static string HiddenColumns(int layer) => "Ch" + Number(layer) + "Start";

    public static string State(int layer) => "H" + Number(layer) + "Start";

    public static string Trace(int layer) => "T" + Number(layer) + "Start";

    public const string CellStateCount = "CellStateCount";
    public const string TraceStride = "TraceStride";
    public const string OutputDeltasStart = "OutputDeltasStart";
    public const string ScratchCount = "ScratchCount";
    public const string ColumnCount = "ColumnCount";

    /// <summary>Every member name a recurrent network of <paramref name="layerCount"/> layers declares.</summary>
    public static IEnumerable<string> AllMembers(int layerCount)
    {
        int output = layerCount - 1;
        string[] fixedNames =
        [
            GeneratedNames.InputCount, GeneratedNames.OutputCount, GeneratedNames.ParameterCount, GeneratedNames.LayerSizes,
            GeneratedNames.LayerSizesArray, GeneratedNames.Randomize, GeneratedNames.CopyParametersTo, GeneratedNames.SetParameters,
            GeneratedNames.ExportOnnx, GeneratedNames.ImportOnnx,
            Step, ResetState, TrainSequence, TrainSequenceBatch, Output, OutputLoss, AddSequenceGradients, EnsureTrace, StepIfFinite, StepAlongGradient,
            GeneratedNames.ZeroIfFinite, LayerSums, GateSums, GateExp, StepKernel("GRU"), StepKernel("LSTM"), AddTransposedProduct, AddOuterProduct, AddTo, Sigmoid, Tanh, Transpose,
            PackColumns, PackedColumns, ColumnsArray, ColumnCount,
            GeneratedNames.Save, GeneratedNames.Load, GeneratedNames.Description, GeneratedNames.StateCount, GeneratedNames.CopyOptimizerStateTo, GeneratedNames.SetOptimizerState,
            GeneratedNames.ParametersArray, GeneratedNames.GradientsArray, Spare, StateArray, TraceArray, StepScratchArray,
            CellStateCount, TraceStride, OutputDeltasStart, ScratchCount, OutputGradients,
            GeneratedNames.WeightsStart(output), GeneratedNames.BiasesStart(output),
            GeneratedNames.MomentumConstant, GeneratedNames.Beta1Constant, GeneratedNames.Beta2Constant, GeneratedNames.EpsilonConstant,
            GeneratedNames.Beta1Correction, GeneratedNames.Beta2Correction, GeneratedNames.RpropIncreaseConstant,
            GeneratedNames.RpropDecreaseConstant, GeneratedNames.RpropMaxStepConstant,
        ];
        IEnumerable<string> state = new[] { GeneratedNames.FirstState(GeneratedNames.ParametersArray), GeneratedNames.SecondState(GeneratedNames.ParametersArray),
            GeneratedNames.StepSize(GeneratedNames.ParametersArray), GeneratedNames.PreviousGradient(GeneratedNames.ParametersArray) };
        IEnumerable<string> cells = Enumerable.Range(1, output - 1).SelectMany(layer => new[]
        {
            CellForward(layer), CellBackward(layer), CellGradients(layer), InputWeights(layer), HiddenWeights(layer), InputBiases(layer), HiddenBiases(layer), State(layer), Trace(layer),
            InputColumns(layer), HiddenColumns(layer),
        });
        // Every optimizer's constants, saved state and spare state arrays: the parser checks before the optimizer is known to be valid.
        IEnumerable<string> optimizers = System.Enum.GetValues(typeof(Model.Optimizer)).Cast<Model.Optimizer>()
            .SelectMany(optimizer => Emit.Shared.OptimizerCode.For(optimizer).MemberNames([GeneratedNames.ParametersArray], blocked: true));
        return fixedNames.Concat(state).Concat(optimizers).Concat(cells);
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
