using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Unrolled.Generator;

/// <summary>
/// The names the generator gives members, fields and locals. The parser checks user code against
/// them and the emitter writes them, so both read from here.
/// </summary>
internal static class GeneratedNames
{
    public const string InputCount = "InputCount";
    public const string OutputCount = "OutputCount";
    public const string ParameterCount = "ParameterCount";
    public const string LayerSizes = "LayerSizes";
    public const string Predict = "Predict";
    public const string PredictBatch = "PredictBatch";
    public const string Train = "Train";
    public const string TrainBatch = "TrainBatch";
    public const string Randomize = "Randomize";
    public const string CopyParametersTo = "CopyParametersTo";
    public const string SetParameters = "SetParameters";
    public const string Save = "Save";
    public const string Load = "Load";
    public const string ExportOnnx = "ExportOnnx";
    public const string ImportOnnx = "ImportOnnx";

    /// <summary>The array LayerSizes is a view of, made once.</summary>
    public const string LayerSizesArray = "s_layerSizes";

    // Persistence's private members.
    public const string Description = "s_description";
    public const string StateCount = "StateCount";
    public const string CopyOptimizerStateTo = "CopyOptimizerStateTo";
    public const string SetOptimizerState = "SetOptimizerState";

    /// <summary>The public members of the contract, in the order they are emitted.</summary>
    public static readonly string[] PublicMembers =
    [
        InputCount, OutputCount, ParameterCount, LayerSizes,
        Predict, PredictBatch, Train, TrainBatch, Randomize, CopyParametersTo, SetParameters, Save, Load, ExportOnnx, ImportOnnx,
    ];

    // The blocked layout's private members.
    public const string ParametersArray = "_parameters";
    public const string GradientsArray = "_gradients";
    public const string ActivationsArray = "_activations";
    public const string DeltasArray = "_deltas";
    public const string ActivationCount = "ActivationCount";
    public const string OutputZStart = "ZStart";

    /// <summary>Where a hidden layer's kept z values start in the activations buffer: Z1Start.</summary>
    public static string HiddenZStart(int layer) => Format("Z{0}Start", layer);
    public const string ForwardPass = "ForwardPass";
    public const string BackwardPass = "BackwardPass";
    public const string StepAlongGradient = "StepAlongGradient";
    public const string AddGradients = "AddGradients";
    public const string ZeroIfFinite = "ZeroIfFinite";
    public const string DotProduct = "DotProduct";
    public const string BackpropagatedSums = "BackpropagatedSums";
    public const string StepRows = "StepRows";
    public const string StepBiases = "StepBiases";
    public const string BatchRows = "BatchRows";
    public const string StackBatchRows = "StackBatchRows";
    public const string BatchActivationsArray = "_batchActivations";
    public const string BatchBorrowed = "_batchBorrowed";
    public const string VectorExp = "VectorExp";
    public const string TrainBatchRows = "TrainBatchRows";
    public const string VectorExpAtExtremes = "VectorExpAtExtremes";
    public const string BatchDeltasArray = "_batchDeltas";
    public const string BatchRowsArray = "_batchRows";
    public const string ForwardBatch = "ForwardBatch";
    public const string BackwardBatch = "BackwardBatch";
    public const string AddBatchGradients = "AddBatchGradients";

    /// <summary>The batch passes' helper that applies an activation to a block in place.</summary>
    public static string ApplyActivation(Model.Activation activation) => "Apply" + activation;

    /// <summary>The blocked batch helper that multiplies hidden deltas by one activation's derivative: TimesTanhDerivative.</summary>
    public static string TimesDerivative(Model.Activation activation) => "Times" + activation + "Derivative";

    // Optimizer state and hyper-parameters.
    public const string MomentumConstant = "Momentum";
    public const string Beta1Constant = "Beta1";
    public const string Beta2Constant = "Beta2";
    public const string EpsilonConstant = "Epsilon";
    public const string Beta1Correction = "_beta1Correction";
    public const string Beta2Correction = "_beta2Correction";

    /// <summary>Momentum's velocity, or Adam's mean of squared gradients, of a parameter field or array.</summary>
    public static string SecondState(string parameter) => "_v" + parameter;

    /// <summary>Adam's mean of the gradients of a parameter field or array.</summary>
    public static string FirstState(string parameter) => "_m" + parameter;

    // Rprop's constants (FANN's defaults) and its state: a step size and the last gradient per parameter.
    public const string RpropIncreaseConstant = "Increase";
    public const string RpropDecreaseConstant = "Decrease";
    public const string RpropMaxStepConstant = "MaxStep";

    /// <summary>Rprop's step size of a parameter field or array.</summary>
    public static string StepSize(string parameter) => "_step" + parameter;

    /// <summary>Rprop's last gradient of a parameter field or array (0 after a sign change).</summary>
    public static string PreviousGradient(string parameter) => "_gPrev" + parameter;

    /// <summary>The constant holding where <c>W[layer]</c> starts in the parameter array.</summary>
    public static string WeightsStart(int layer) => Format("W{0}Start", layer);

    /// <summary>The constant holding where <c>b[layer]</c> starts in the parameter array.</summary>
    public static string BiasesStart(int layer) => Format("B{0}Start", layer);

    /// <summary>The constant holding where a layer's activations, and its deltas, start in their arrays.</summary>
    public static string ActivationsStart(int layer) => Format("A{0}Start", layer);

    /// <summary>The field holding <c>W[layer][neuron, input]</c>.</summary>
    public static string Weight(int layer, int neuron, int input) => Format("_w{0}_{1}_{2}", layer, neuron, input);

    /// <summary>The field holding <c>b[layer][neuron]</c>.</summary>
    public static string Bias(int layer, int neuron) => Format("_b{0}_{1}", layer, neuron);

    /// <summary>Every name the network adds to the type: public members first, then private ones.</summary>
    public static IEnumerable<string> AllMembers(IReadOnlyList<int> layers, Model.NetworkOptions options)
    {
        bool blocked = NetworkLimits.LayoutFor(Topology.CountParameters(layers), options.Optimizer) == Model.NetworkLayout.Blocked;
        string[] parameters = blocked ? [ParametersArray] : [.. ParameterFields(layers)];
        IEnumerable<string> optimizer = Emit.Shared.OptimizerCode.For(options.Optimizer).MemberNames(parameters, blocked);
        return PublicMembers.Concat(blocked ? BlockedMembers(layers.Count) : parameters.Append(TrainBatchRows)).Concat(optimizer)
            .Concat([LayerSizesArray, Description, StateCount, CopyOptimizerStateTo, SetOptimizerState, VectorExp, VectorExpAtExtremes]);
    }

    /// <summary>The blocked lesson's helper that multiplies deltas by the derivative of <paramref name="activation"/>: MultiplyBySiluDerivative.</summary>
    public static string DerivativeHelper(Model.Activation activation)
    {
        string name = Emit.Shared.ActivationCode.Name(activation);
        return "MultiplyBy" + char.ToUpperInvariant(name[0]) + name.Substring(1) + "Derivative";
    }

    private static IEnumerable<string> BlockedMembers(int layerCount)
    {
        string[] fixedNames =
        [
            ParametersArray, GradientsArray, ActivationsArray, DeltasArray, ActivationCount, OutputZStart,
            ForwardPass, BackwardPass, StepAlongGradient, AddGradients, ZeroIfFinite, DotProduct, BackpropagatedSums, StepRows, StepBiases,
            BatchRows, StackBatchRows, BatchActivationsArray, BatchBorrowed, BatchDeltasArray, BatchRowsArray,
            ForwardBatch, BackwardBatch, AddBatchGradients,
        ];
        IEnumerable<string> activations = System.Enum.GetValues(typeof(Model.Activation)).Cast<Model.Activation>()
            .SelectMany(a => new[] { ApplyActivation(a), TimesDerivative(a), DerivativeHelper(a) });
        return fixedNames.Concat(activations).Concat(Enumerable.Range(1, layerCount - 1)
            .SelectMany(layer => new[] { WeightsStart(layer), BiasesStart(layer), ActivationsStart(layer), HiddenZStart(layer) }));
    }

    /// <summary>
    /// The parameter fields in the contract's order (CopyParametersTo, SetParameters, Randomize):
    /// layer by layer, the weights W{l}[j, i] row-major, then the biases b{l}[j].
    /// </summary>
    public static IEnumerable<string> ParameterFields(IReadOnlyList<int> layers)
    {
        for (int layer = 1; layer < layers.Count; layer++)
        {
            for (int neuron = 0; neuron < layers[layer]; neuron++)
            {
                for (int input = 0; input < layers[layer - 1]; input++)
                {
                    yield return Weight(layer, neuron, input);
                }
            }

            for (int neuron = 0; neuron < layers[layer]; neuron++)
            {
                yield return Bias(layer, neuron);
            }
        }
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
