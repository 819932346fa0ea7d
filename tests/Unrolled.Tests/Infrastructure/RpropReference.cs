namespace Unrolled.Tests.Infrastructure;

/// <summary>What a step does to a parameter whose gradient changed sign (FANN differs from the paper here).</summary>
internal enum RpropSignChange
{
    /// <summary>
    /// FANN's fann_update_weights_irpropm: the step size shrinks, the remembered slope becomes 0, and the
    /// parameter still moves, up by the shrunk step, because FANN moves down only for a negative slope.
    /// A gradient of exactly 0 moves the parameter up too. libfann/fann issue 85 asks about it; open.
    /// </summary>
    FannStepsUp,

    /// <summary>Igel and Hüsken's iRPROP−: the step size shrinks and the parameter does not move this time.</summary>
    NoStep,
}

/// <summary>
/// iRPROP− settings. <see cref="Fann"/> is what libdoublefann computes with: its factors are float fields,
/// so 1.2 and 0.1 enter double arithmetic as the float values 1.2f and 0.1f widened.
/// </summary>
internal sealed record RpropSettings(
    double IncreaseFactor,
    double DecreaseFactor,
    double DeltaMin,
    double DeltaMax,
    double DeltaZero,
    double StepFloor,
    double WeightLimit,
    RpropSignChange SignChange)
{
    /// <summary>FANN 2.2's defaults (fann.c: rprop_increase_factor 1.2f, decrease 0.5, delta min 0, max 50, zero 0.1f).</summary>
    public static RpropSettings Fann { get; } = new(1.2f, 0.5, 0.0, 50.0, 0.1f, 0.0001, 1500, RpropSignChange.FannStepsUp);

    /// <summary>The same numbers written in decimal (1.2 and 0.1 as doubles): easier to check by hand.</summary>
    public static RpropSettings Decimal { get; } = Fann with { IncreaseFactor = 1.2, DeltaZero = 0.1 };
}

/// <summary>
/// A plain iRPROP− (Igel and Hüsken 2000, as FANN trains by default) for parameters in Unrolled's order,
/// written from FANN's fann_update_weights_irpropm (see tests/Unrolled.Benchmarks/Peers/Fann/RPROP.md),
/// but in the gradient's sign: FANN's slope is the negative gradient. Per parameter it keeps a step size
/// and the previous gradient; only the gradient's sign is used, so a mean and a sum give the same step.
/// </summary>
internal sealed class RpropReference
{
    private readonly RpropSettings _settings;

    public RpropReference(int parameterCount, RpropSettings settings)
    {
        _settings = settings;
        StepSizes = new double[parameterCount];
        PreviousGradients = new double[parameterCount];
        Array.Fill(StepSizes, settings.DeltaZero); // fann_clear_train_arrays: every step starts at delta zero
    }

    /// <summary>The step size each parameter moves by next (FANN's prev_steps).</summary>
    public double[] StepSizes { get; }

    /// <summary>The last gradient, or 0 after a sign change (FANN's prev_train_slopes, negated).</summary>
    public double[] PreviousGradients { get; }

    /// <summary>One full-batch step from the gradient of the whole training set (mean or sum).</summary>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient) =>
        Step(parameters, gradient, StepSizes, PreviousGradients, _settings);

    /// <summary>One iRPROP− step on every parameter, updating the step sizes and previous gradients in place.</summary>
    public static void Step(
        Span<double> parameters,
        ReadOnlySpan<double> gradient,
        Span<double> stepSizes,
        Span<double> previousGradients,
        RpropSettings settings)
    {
        if (gradient.Length != parameters.Length || stepSizes.Length != parameters.Length || previousGradients.Length != parameters.Length)
        {
            throw new ArgumentException(
                $"parameters ({parameters.Length}), gradient ({gradient.Length}), step sizes ({stepSizes.Length}) and previous gradients ({previousGradients.Length}) must have one entry per parameter.",
                nameof(gradient));
        }

        for (int p = 0; p < parameters.Length; p++)
        {
            // A step of 0 would stop the parameter for good, so FANN never starts from less than its floor.
            double step = Math.Max(stepSizes[p], settings.StepFloor);
            double g = gradient[p];
            double next;
            if (previousGradients[p] * g >= 0)
            {
                next = Math.Min(step * settings.IncreaseFactor, settings.DeltaMax);
            }
            else
            {
                // The sign changed: the last step jumped over a minimum. Shrink, and forget this gradient,
                // so that the next step only grows again.
                next = Math.Max(step * settings.DecreaseFactor, settings.DeltaMin);
                g = 0;
            }

            parameters[p] = Move(parameters[p], g, next, settings);
            stepSizes[p] = next;
            previousGradients[p] = g;
        }
    }

    // Against the gradient's sign by the step, within +-WeightLimit as FANN clamps.
    private static double Move(double parameter, double g, double step, RpropSettings settings)
    {
        if (g > 0)
        {
            return Math.Max(parameter - step, -settings.WeightLimit);
        }

        if (g < 0)
        {
            return Math.Min(parameter + step, settings.WeightLimit);
        }

        return settings.SignChange switch
        {
            // FANN: "if (slope < 0) w -= step; else w += step" with slope = -g, so g = 0 moves up.
            RpropSignChange.FannStepsUp => Math.Min(parameter + step, settings.WeightLimit),
            RpropSignChange.NoStep => parameter,
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.SignChange, "Unknown sign-change rule."),
        };
    }
}
