#if !NET8_0_OR_GREATER
// .NET Standard 2.1 lacks the attribute; the compiler recognises this internal copy by its name, so
// the argument checks below name the caller's parameter exactly as .NET 8's do.
namespace System.Runtime.CompilerServices;

[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
internal sealed class CallerArgumentExpressionAttribute : Attribute
{
    public CallerArgumentExpressionAttribute(string parameterName) => ParameterName = parameterName;

    public string ParameterName { get; }
}
#endif
