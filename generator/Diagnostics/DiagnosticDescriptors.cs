using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Unrolled.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Ids are stable: never reuse or renumber one, and list
/// each in AnalyzerReleases.*.md and docs/diagnostics.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Unrolled";

    public static readonly DiagnosticDescriptor TypeNotPartial = new(
        id: "UNR001",
        title: "Network type must be partial",
        messageFormat: "The type '{0}' has [Network] but is not partial; add the 'partial' modifier so Unrolled can add the network's members",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = new(
        id: "UNR002",
        title: "Type containing a network must be partial",
        messageFormat: "The type '{0}' contains the network '{1}' but is not partial; add the 'partial' modifier to '{0}'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TooFewLayers = new(
        id: "UNR003",
        title: "Network needs at least two layers",
        messageFormat: "[Network] on '{0}' lists {1}; give at least two layer sizes, inputs first and outputs last, for example [Network(2, 4, 1)]",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LayerSizeTooSmall = new(
        id: "UNR004",
        title: "Layer size must be at least 1",
        messageFormat: "Layer {0} of '{1}' has size {2}; every layer needs at least one neuron",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericType = new(
        id: "UNR005",
        title: "Network type cannot be generic",
        messageFormat: "The type '{0}' is generic; Unrolled generates concrete code whose number type (double, or float with Precision.Single) is fixed at compile time, so remove the type parameters",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TooManyParameters = new(
        id: "UNR006",
        title: "Network too large",
        messageFormat: "The network '{0}' ({1}) has {2} weights and biases, but one .NET array holds at most {3}; make the layers smaller",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OptimizerStateTooLarge = new(
        id: "UNR033",
        title: "Optimizer state too large",
        messageFormat: "The network '{0}' ({1}) trained with {2} keeps {3} numbers of optimizer state, but one .NET array holds at most {4}; make the layers smaller or use an optimizer that keeps less (Momentum keeps one number per weight, SGD none)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedTypeKind = new(
        id: "UNR007",
        title: "Network type must be a plain class or struct",
        messageFormat: "'{0}' is {1}, which cannot receive the generated network; {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MemberNameConflict = new(
        id: "UNR008",
        title: "Member name is reserved for the generated network",
        messageFormat: "'{0}' already has a member named '{1}', which Unrolled generates for the network; rename or remove it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TypeNameConflict = new(
        id: "UNR009",
        title: "Network type name clashes with a generated member",
        messageFormat: "The type '{0}' has the name of a member Unrolled generates, and C# forbids a member named like its type; rename the type",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DerivesFromNetwork = new(
        id: "UNR010",
        title: "Network type cannot derive from another network",
        messageFormat: "The network '{0}' derives from the network '{1}', whose generated members it would hide; hold a '{1}' in a field instead of deriving from it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = new(
        id: "UNR011",
        title: "C# version too old for the generated network",
        messageFormat: "The network '{0}' is generated as C# 8 code, but this project compiles as C# {1}; remove <LangVersion> from the project file or set it to 8.0 or later",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LargeNetworkInStruct = new(
        id: "UNR012",
        title: "Large network must be a class",
        messageFormat: "The network '{0}' ({1}) has {2} weights and biases; above {3} they live in arrays, which a default struct would not have, so declare '{0}' as a partial class or make the layers smaller",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownOptionValue = new(
        id: "UNR013",
        title: "Unknown option value",
        messageFormat: "[Network] on '{0}' sets {1} to {2}, which {3} does not name; use {4}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SoftmaxInHiddenLayer = new(
        id: "UNR014",
        title: "Softmax is for the output layer only",
        messageFormat: "[Network] on '{0}' gives {1} the Softmax activation, which only the output layer can use; choose {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SoftmaxSingleOutput = new(
        id: "UNR015",
        title: "Softmax needs at least two outputs",
        messageFormat: "The network '{0}' has one output, and the softmax of a single value is always 1; use Output = Activation.Sigmoid for one probability, or give the network at least two outputs",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor CrossEntropyNeedsProbabilities = new(
        id: "UNR016",
        title: "Cross-entropy needs probability outputs",
        messageFormat: "The network '{0}' uses Loss.CrossEntropy with a {1} output, whose values are not probabilities; set Output = Activation.Sigmoid or Activation.Softmax, or use Loss.SquaredError",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SoftmaxNeedsCrossEntropy = new(
        id: "UNR017",
        title: "Softmax output needs cross-entropy",
        messageFormat: "The network '{0}' has a Softmax output but trains on the squared error; set Loss = Loss.CrossEntropy, whose gradient through a softmax is simply o - t",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor HyperParameterOutOfRange = new(
        id: "UNR018",
        title: "Hyper-parameter out of range",
        messageFormat: "[Network] on '{0}' sets {1} to {2}; make it {3}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor WeightsFileNotFound = new(
        id: "UNR019",
        title: "Weights file not found",
        messageFormat: "The frozen network '{0}' reads its weights from '{1}', which is not among the project's AdditionalFiles; add <AdditionalFiles Include=\"{1}\" /> to the project file",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor WeightsFileUnreadable = new(
        id: "UNR020",
        title: "Weights file unreadable",
        messageFormat: "The frozen network '{0}' cannot use the weights in '{1}': {2}; {3}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor WeightsFileMismatch = new(
        id: "UNR021",
        title: "Weights file is for another network",
        messageFormat: "The frozen network '{0}' cannot use the weights in '{1}': {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor WeightsPathAmbiguous = new(
        id: "UNR022",
        title: "Weights path matches more than one file",
        messageFormat: "The frozen network '{0}' reads its weights from '{1}', which matches {2} among the project's AdditionalFiles; write a longer path, relative to the project directory, such as Weights = \"{3}\"",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OptionNotReadByOptimizer = new(
        id: "UNR023",
        title: "Option not read by the chosen optimizer",
        messageFormat: "[Network] on '{0}' sets {1}, but it trains with Optimizer.{2}, and {1} is read only by Optimizer.{3}; remove {1} or set Optimizer = Optimizer.{3}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor WeightsFileNotSavedYet = new(
        id: "UNR024",
        title: "Weights file does not exist yet",
        messageFormat: "The frozen network '{0}' reads its weights from '{1}', which is listed among the project's AdditionalFiles but {2}; {3}, then build again",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor WeightsPathEmpty = new(
        id: "UNR025",
        title: "Weights path is empty",
        messageFormat: "[Network] on '{0}' sets Weights to an empty path, which names no file; write the path of the weights file (a network saved with NetworkFile.Save or NetworkFile.SaveAsText, or an ONNX model), such as Weights = \"models/xor.unrolled\", and list that file in the project as <AdditionalFiles Include=\"models/xor.unrolled\" />, or remove Weights for a network that trains",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OptionNotReadByFrozenNetwork = new(
        id: "UNR026",
        title: "Option not read by a frozen network",
        messageFormat: "The frozen network '{0}' sets {1}, which only training reads, and a frozen network never trains; remove {1} (a frozen network needs only the layers, their activations and the Precision of the network in its weights file)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ActivationCountMismatch = new(
        id: "UNR027",
        title: "One activation per layer after the input",
        messageFormat: "[Network] on '{0}' lists {1} in Activations, but the network has {2} after the input ({3}); list one activation per layer, the output layer's last",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ActivationsWithHiddenOrOutput = new(
        id: "UNR028",
        title: "Activations together with Hidden or Output",
        messageFormat: "[Network] on '{0}' sets {1} as well as Activations, which already gives every layer its activation; remove {1}, or remove Activations",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor CellSetsHiddenActivation = new(
        id: "UNR029",
        title: "A recurrent cell has its own activations",
        messageFormat: "[Network] on '{0}' sets {1} with Cell = Cell.{2}, but every hidden layer is then a {2} cell, whose gates apply sigmoid and tanh themselves; remove {1}, and set the output layer's activation with Output",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor CellNeedsHiddenLayer = new(
        id: "UNR030",
        title: "A recurrent network needs a hidden layer",
        messageFormat: "[Network] on '{0}' sets Cell = Cell.{1} but has no hidden layer to make a {1} cell of; add one between the input and the output size, as in [Network(1, 16, 1, Cell = Cell.{1})]",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor RecurrentNetworkInStruct = new(
        id: "UNR032",
        title: "Recurrent network must be a class",
        messageFormat: "The network '{0}' has {1} cells, whose parameters and state live in arrays, which a default struct would not have; declare '{0}' as a partial class",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new[]
    {
        TypeNotPartial,
        ContainingTypeNotPartial,
        TooFewLayers,
        LayerSizeTooSmall,
        GenericType,
        TooManyParameters,
        UnsupportedTypeKind,
        MemberNameConflict,
        TypeNameConflict,
        DerivesFromNetwork,
        LanguageVersionTooOld,
        LargeNetworkInStruct,
        UnknownOptionValue,
        SoftmaxInHiddenLayer,
        SoftmaxSingleOutput,
        CrossEntropyNeedsProbabilities,
        SoftmaxNeedsCrossEntropy,
        HyperParameterOutOfRange,
        WeightsFileNotFound,
        WeightsFileUnreadable,
        WeightsFileMismatch,
        WeightsPathAmbiguous,
        OptionNotReadByOptimizer,
        WeightsFileNotSavedYet,
        WeightsPathEmpty,
        OptionNotReadByFrozenNetwork,
        ActivationCountMismatch,
        ActivationsWithHiddenOrOutput,
        CellSetsHiddenActivation,
        CellNeedsHiddenLayer,
        RecurrentNetworkInStruct,
        OptimizerStateTooLarge,
    }.ToDictionary(d => d.Id);

    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

    public static DiagnosticDescriptor ById(string id) => s_byId[id];
}
