namespace Unrolled.Generator.Emit.Shared;

/// <summary>How Randomize draws the weights, in every layout: the range of each layer's distribution and one draw from it.</summary>
internal static class InitializerCode
{
    /// <summary>
    /// Declares r{l}, the half-width of layer l's weight distribution: Glorot/Xavier
    /// sqrt(6 / (fanIn + fanOut)) for sigmoid, tanh and linear layers, He sqrt(6 / fanIn) for ReLU
    /// and LeakyReLU, whose outputs are zero for half the inputs and so need twice the variance.
    /// </summary>
    public static void WriteRange(SourceWriter writer, EmitContext context, int layer, string more)
    {
        NetworkShape shape = context.Shape;
        string l = NetworkShape.Number(layer);
        string fanIn = NetworkShape.Number(shape.Size(layer - 1));
        string fanOut = NetworkShape.Number(shape.Size(layer));
        if (shape.ActivationOf(layer) is Model.Activation.ReLU or Model.Activation.LeakyReLU)
        {
            writer.WriteComment($"Layer {l} ({ActivationCode.Name(shape.ActivationOf(layer))}, He): fanIn = {fanIn}, so r = sqrt(6 / {fanIn}){more}.");
            writer.WriteLine($"double r{l} = global::System.Math.Sqrt(6.0 / {fanIn});");
        }
        else
        {
            writer.WriteComment($"Layer {l} (Glorot): fanIn = {fanIn}, fanOut = {fanOut}, so r = sqrt(6 / ({fanIn} + {fanOut})){more}.");
            writer.WriteLine($"double r{l} = global::System.Math.Sqrt(6.0 / ({fanIn} + {fanOut}));");
        }
    }

    /// <summary>One weight from U(-r, r); the draw is a double, rounded once for float networks.</summary>
    public static string Draw(NumberType number, string range) =>
        number == NumberType.Double ? $"random.NextSymmetric({range})" : $"({number.Name})random.NextSymmetric({range})";
}
