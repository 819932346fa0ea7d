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
    public const string ProjectDirectory = "Unrolled.ProjectDirectory";
    public const string WeightsNames = "Unrolled.WeightsNames";
    public const string AllWeightsNames = "Unrolled.AllWeightsNames";
    public const string RequestedWeights = "Unrolled.RequestedWeights";
    public const string AdditionalFilesWithOptions = "Unrolled.AdditionalFilesWithOptions";
    public const string AdditionalFilePaths = "Unrolled.AdditionalFilePaths";
    public const string ProjectDirectoryWithRequestedWeights = "Unrolled.ProjectDirectoryWithRequestedWeights";
    public const string AdditionalFilesWithRequestedWeights = "Unrolled.AdditionalFilesWithRequestedWeights";
    public const string WeightsFiles = "Unrolled.WeightsFiles";
    public const string AllWeightsFiles = "Unrolled.AllWeightsFiles";
    public const string SpecsWithAdditionalFiles = "Unrolled.SpecsWithAdditionalFiles";
    public const string Resolved = "Unrolled.Resolved";
    public const string ResolvedDiagnostics = "Unrolled.ResolvedDiagnostics";
    public const string ResolvedSpecs = "Unrolled.ResolvedSpecs";

    public static readonly string[] All =
    [
        Parse, Diagnostics, Specs, AllSpecs, HintNames, SpecsWithHintNames, Files,
        ProjectDirectory, WeightsNames, AllWeightsNames, RequestedWeights, AdditionalFilesWithOptions, AdditionalFilePaths, ProjectDirectoryWithRequestedWeights,
        AdditionalFilesWithRequestedWeights, WeightsFiles, AllWeightsFiles, SpecsWithAdditionalFiles, Resolved, ResolvedDiagnostics, ResolvedSpecs,
    ];
}
