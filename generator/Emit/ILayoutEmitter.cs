using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit;

/// <summary>
/// Writes the members of one layout into the two files of a network, between the header and the
/// type's braces that <see cref="NetworkEmitter"/> writes. A frozen network is a flag of its context
/// (<see cref="EmitContext.IsFrozen"/>): each layout writes its predicting members over constant weights then.
/// The machinery file's parts are written in the order <see cref="MachinerySequence"/> gives, the same for
/// every layout; a layout writes only the parts that are its own.
/// </summary>
internal interface ILayoutEmitter
{
    /// <summary>The network and what follows from it, typed as the layout needs it.</summary>
    EmitContext Context { get; }

    /// <summary>The lesson: the parameters, Predict, and unless frozen Train and Randomize.</summary>
    void WriteLesson(SourceWriter writer);

    /// <summary>The fields the batch methods work in, if the layout keeps any, before PredictBatch.</summary>
    void WriteBatchBuffers(SourceWriter writer);

    /// <summary>PredictBatch.</summary>
    void WritePredictBatch(SourceWriter writer);

    /// <summary>TrainBatch; never asked of a frozen network.</summary>
    void WriteTrainBatch(SourceWriter writer);

    /// <summary>CopyParametersTo.</summary>
    void WriteCopyParametersTo(SourceWriter writer);

    /// <summary>SetParameters; never asked of a frozen network.</summary>
    void WriteSetParameters(SourceWriter writer);

    /// <summary>The private members that copy the optimizer's state out and back in saved order; never asked of a frozen network.</summary>
    void WriteOptimizerState(SourceWriter writer);

    /// <summary>The layout's private helpers that the members above call, if it has any, written after them.</summary>
    void WriteHelpers(SourceWriter writer);
}
