using Unrolled.Generator.Emit.Shared;

namespace Unrolled.Generator.Emit.Blocked;

/// <summary>
/// Expressions the blocked layout writes again and again: element access and SIMD loads and stores
/// through <c>ref</c> locals. The public methods check every length before these run, so the
/// offsets stay inside their arrays and spans without a range check per element.
/// Where the compilation lacks the APIs of ref access (.NET Standard 2.1, Unity), the same locals
/// are spans instead: the same operations in the same order, with a range check per access.
/// </summary>
internal sealed class BlockedCode
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    private const string NumericsVector = "global::System.Numerics.Vector";
    private const string Vector512Class = "global::System.Runtime.Intrinsics.Vector512";

    private readonly bool _refAccess;
    private readonly string _vectorClass;

    /// <param name="number">The number type of every array and span.</param>
    /// <param name="refAccess">The compilation has every API the ref locals need (<see cref="Model.NetworkSpec.HasRefAccess"/>).</param>
    public BlockedCode(NumberType number, bool refAccess)
        : this(number, refAccess, NumericsVector)
    {
    }

    private BlockedCode(NumberType number, bool refAccess, string vectorClass)
    {
        Number = number;
        _refAccess = refAccess;
        _vectorClass = vectorClass;
    }

    public NumberType Number { get; }

    /// <summary>
    /// The same helpers on <c>Vector512&lt;double&gt;</c>, for the loops that run 512-bit vectors first where the
    /// hardware has them (Vector&lt;T&gt; stays 256 bits wide there). Only with ref access, which every target with
    /// Vector512 has.
    /// </summary>
    public BlockedCode Wide => new(Number, refAccess: true, Vector512Class);

    /// <summary><c>Vector512.IsHardwareAccelerated</c> for <see cref="Wide"/>: a constant to the JIT.</summary>
    public string IsHardwareAccelerated => _vectorClass + ".IsHardwareAccelerated";

    /// <summary><c>Vector&lt;double&gt;</c>: as wide as the hardware's SIMD registers, chosen by the JIT; or <c>Vector512&lt;double&gt;</c> for <see cref="Wide"/>.</summary>
    public string Vector => $"{_vectorClass}<{Number.Name}>";

    /// <summary>Numbers per vector; a constant to the JIT.</summary>
    public string Count => Vector + ".Count";

    public string VectorZero => Vector + ".Zero";

    public string VectorOne => Vector + ".One";

    /// <summary><c>ref double name = ref array[start]</c>, or ref to element 0 when start is null.</summary>
    public string RefToArray(string name, string array, string? start) =>
        _refAccess
            ? RefTo(name, $"{MemoryMarshal}.GetArrayDataReference({array})", start)
            : SpanOf(name, $"new global::System.Span<{Number.Name}>({array})", start);

    /// <summary><c>ref double name = ref span[start]</c>, or ref to element 0 when start is null.</summary>
    public string RefToSpan(string name, string span, string? start) =>
        _refAccess
            ? RefTo(name, $"{MemoryMarshal}.GetReference({span})", start)
            : SpanOf(name, span, start);

    /// <summary><c>ref double name = ref reference[offset]</c>.</summary>
    public string RefToElement(string name, string reference, string offset) =>
        _refAccess
            ? $"ref {Number.Name} {name} = ref {At(reference, offset)};"
            : SpanOf(name, reference, offset);

    /// <summary>The element <paramref name="offset"/> places after <paramref name="reference"/>, readable and assignable.</summary>
    public string At(string reference, string offset) =>
        _refAccess ? $"{Unsafe}.Add(ref {reference}, {offset})" : $"{reference}[{offset}]";

    /// <summary>The vector of consecutive elements starting <paramref name="offset"/> places after <paramref name="reference"/>.</summary>
    public string Load(string reference, string offset) =>
        _refAccess ? $"{_vectorClass}.LoadUnsafe(ref {reference}, {Index(offset)})" : VectorAt(reference, offset);

    public string Store(string value, string reference, string offset) =>
        _refAccess ? $"{_vectorClass}.StoreUnsafe({value}, ref {reference}, {Index(offset)});" : $"{VectorAt(reference, offset)} = {value};";

    /// <summary>The sum of a vector's elements; without Vector.Sum (.NET 6), its dot product with ones.</summary>
    public string Sum(string vector) =>
        _refAccess ? $"{_vectorClass}.Sum({vector})" : $"{_vectorClass}.Dot({vector}, {VectorOne})";

    private string RefTo(string name, string elementZero, string? start) =>
        start is null
            ? $"ref {Number.Name} {name} = ref {elementZero};"
            : $"ref {Number.Name} {name} = ref {At(elementZero, start)};";

    // var keeps a ReadOnlySpan read-only (input, target) and a Span writable (activations, arrays).
    private static string SpanOf(string name, string span, string? start) =>
        start is null ? $"var {name} = {span};" : $"var {name} = {span}.Slice({start});";

    // The vector at an offset, as an assignable element of the span reinterpreted as vectors.
    private string VectorAt(string span, string offset) =>
        $"{MemoryMarshal}.Cast<{Number.Name}, {Vector}>({span}.Slice({offset}))[0]";

    private static string Index(string offset) =>
        System.Linq.Enumerable.All(offset, char.IsLetterOrDigit) ? "(nuint)" + offset : $"(nuint)({offset})";
}
