using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>
/// Expressions the blocked layout writes again and again: element access and SIMD loads and stores
/// through <c>ref</c> locals. The public methods check every length before these run, so the
/// offsets stay inside their arrays and spans without a range check per element.
/// </summary>
internal sealed class BlockedCode
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    private const string VectorClass = "global::System.Numerics.Vector";

    public BlockedCode(NumberType number)
    {
        Number = number;
    }

    public NumberType Number { get; }

    /// <summary><c>Vector&lt;double&gt;</c>: as wide as the hardware's SIMD registers, chosen by the JIT.</summary>
    public string Vector => $"global::System.Numerics.Vector<{Number.Name}>";

    /// <summary>Numbers per vector; a constant to the JIT.</summary>
    public string Count => Vector + ".Count";

    public string VectorZero => Vector + ".Zero";

    public string VectorOne => Vector + ".One";

    /// <summary><c>ref double name = ref array[start]</c>, or ref to element 0 when start is null.</summary>
    public string RefToArray(string name, string array, string? start) =>
        RefTo(name, $"{MemoryMarshal}.GetArrayDataReference({array})", start);

    /// <summary><c>ref double name = ref span[start]</c>, or ref to element 0 when start is null.</summary>
    public string RefToSpan(string name, string span, string? start) =>
        RefTo(name, $"{MemoryMarshal}.GetReference({span})", start);

    /// <summary><c>ref double name = ref reference[offset]</c>.</summary>
    public string RefToElement(string name, string reference, string offset) =>
        $"ref {Number.Name} {name} = ref {At(reference, offset)};";

    /// <summary>The element <paramref name="offset"/> places after <paramref name="reference"/>, readable and assignable.</summary>
    public static string At(string reference, string offset) => $"{Unsafe}.Add(ref {reference}, {offset})";

    /// <summary>The vector of consecutive elements starting <paramref name="offset"/> places after <paramref name="reference"/>.</summary>
    public static string Load(string reference, string offset) => $"{VectorClass}.LoadUnsafe(ref {reference}, {Index(offset)})";

    public static string Store(string value, string reference, string offset) => $"{VectorClass}.StoreUnsafe({value}, ref {reference}, {Index(offset)});";

    public static string Sum(string vector) => $"{VectorClass}.Sum({vector})";

    private string RefTo(string name, string elementZero, string? start) =>
        start is null
            ? $"ref {Number.Name} {name} = ref {elementZero};"
            : $"ref {Number.Name} {name} = ref {At(elementZero, start)};";

    private static string Index(string offset) =>
        System.Linq.Enumerable.All(offset, char.IsLetterOrDigit) ? "(nuint)" + offset : $"(nuint)({offset})";
}
