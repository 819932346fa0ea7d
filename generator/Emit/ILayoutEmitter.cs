using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit;

/// <summary>
/// Writes the members of one layout into the two files of a network, between the header and the
/// type's braces that <see cref="NetworkEmitter"/> writes. A frozen network is a flag of its context
/// (<see cref="EmitContext.IsFrozen"/>): each layout writes its predicting members over constant weights then.
/// </summary>
internal interface ILayoutEmitter
{
    /// <summary>The network and what follows from it, typed as the layout needs it.</summary>
    EmitContext Context { get; }

    /// <summary>The lesson: the parameters, Predict, and unless frozen Train and Randomize.</summary>
    void WriteLesson(SourceWriter writer);

    /// <summary>The machinery: batches, parameter copying, persistence, ONNX and the interface members.</summary>
    void WriteMachinery(SourceWriter writer);
}
