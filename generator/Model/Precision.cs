namespace Unrolled.Generator.Model;

/// <summary>The floating-point type of every value; mirrors <c>Unrolled.Precision</c> in the runtime.</summary>
internal enum Precision
{
    Double = 0,
    Single = 1,
}
