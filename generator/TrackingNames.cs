namespace Unrolled.Generator;

/// <summary>Names of the pipeline steps, so tests can assert how each step was reused.</summary>
internal static class TrackingNames
{
    public const string Parse = "Unrolled.Parse";
    public const string Diagnostics = "Unrolled.Diagnostics";
    public const string Specs = "Unrolled.Specs";
    public const string AllSpecs = "Unrolled.AllSpecs";
    public const string HintNames = "Unrolled.HintNames";
    public const string SpecsWithHintNames = "Unrolled.SpecsWithHintNames";
    public const string Files = "Unrolled.Files";
    public const string AdditionalFilesWithOptions = "Unrolled.AdditionalFilesWithOptions";
    public const string AdditionalFiles = "Unrolled.AdditionalFiles";
    public const string ProjectDirectory = "Unrolled.ProjectDirectory";
    public const string AdditionalFilesWithProjectDirectory = "Unrolled.AdditionalFilesWithProjectDirectory";
    public const string ProjectFiles = "Unrolled.ProjectFiles";
    public const string AllAdditionalFiles = "Unrolled.AllAdditionalFiles";
    public const string SpecsWithAdditionalFiles = "Unrolled.SpecsWithAdditionalFiles";
    public const string Resolved = "Unrolled.Resolved";
    public const string ResolvedDiagnostics = "Unrolled.ResolvedDiagnostics";
    public const string ResolvedSpecs = "Unrolled.ResolvedSpecs";

    public static readonly string[] All =
    [
        Parse, Diagnostics, Specs, AllSpecs, HintNames, SpecsWithHintNames, Files,
        ProjectDirectory, AdditionalFilesWithOptions, AdditionalFiles, AdditionalFilesWithProjectDirectory, ProjectFiles, AllAdditionalFiles, SpecsWithAdditionalFiles, Resolved, ResolvedDiagnostics, ResolvedSpecs,
    ];
}
