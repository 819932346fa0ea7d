using Mono.Cecil;

namespace Unrolled.IntegrationTests;

/// <summary>
/// Debian builds Mono's class libraries with mcs, which declares <c>ref readonly</c> returns (the
/// indexer of <c>ReadOnlySpan&lt;T&gt;</c>) without the <c>modreq(InAttribute)</c> that csc emits
/// and that every caller compiled against .NET Standard 2.1 names, so Debian's Mono throws
/// MissingMethodException where Unity's and upstream Mono (built with csc) run. In the copies the
/// Mono test runs, this drops that one modifier from the signatures of called methods; no
/// instruction, type or definition changes.
/// </summary>
internal static class MonoSignatures
{
    private const string InAttribute = "System.Runtime.InteropServices.InAttribute";

    /// <summary>Rewrites <paramref name="path"/> in place; returns how many modifiers it dropped.</summary>
    public static int DropInModifiers(string path)
    {
        using var module = ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(path)));
        int dropped = 0;
        // The called methods as the instructions hold them: Cecil writes these, not GetMemberReferences()'s copies.
        foreach (MethodReference called in module.GetTypes()
            .SelectMany(type => type.Methods)
            .Where(method => method.HasBody)
            .SelectMany(method => method.Body.Instructions)
            .Select(instruction => instruction.Operand)
            .OfType<MethodReference>()
            .Select(method => method is GenericInstanceMethod generic ? generic.ElementMethod : method)
            .Where(method => method is not MethodDefinition)
            .Distinct())
        {
            called.ReturnType = Drop(called.ReturnType, ref dropped);
            foreach (ParameterDefinition parameter in called.Parameters)
            {
                parameter.ParameterType = Drop(parameter.ParameterType, ref dropped);
            }
        }

        module.Write(path);
        return dropped;
    }

    private static TypeReference Drop(TypeReference type, ref int dropped)
    {
        switch (type)
        {
            case RequiredModifierType { ModifierType.FullName: InAttribute } modified:
                dropped++;
                return Drop(modified.ElementType, ref dropped);
            case ByReferenceType byReference:
                TypeReference element = Drop(byReference.ElementType, ref dropped);
                return element == byReference.ElementType ? byReference : new ByReferenceType(element);
            default:
                return type;
        }
    }
}
