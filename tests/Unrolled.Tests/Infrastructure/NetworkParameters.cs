namespace Unrolled.Tests.Infrastructure;

/// <summary>A network's parameters as a new array, for comparing before and after.</summary>
internal static class NetworkParameters
{
    public static double[] Of(INetwork network)
    {
        double[] parameters = new double[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }
}
