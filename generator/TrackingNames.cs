namespace Unrolled.Generator;

/// <summary>Names of the pipeline steps, so tests can assert how each step was reused.</summary>
internal static class TrackingNames
{
    public const string Parse = "Unrolled.Parse";
    public const string Diagnostics = "Unrolled.Diagnostics";
    public const string Specs = "Unrolled.Specs";

    public static readonly string[] All = [Parse, Diagnostics, Specs];
}
