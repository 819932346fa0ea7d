using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Unrolled;

/// <summary>
/// The argument checks shared by every generated network. Throwing lives here, outside the
/// generated methods, so the hot path stays small enough for the JIT to optimise fully.
/// </summary>
public static class NetworkGuard
{
    // The checks are tiny and inlined, so after one the JIT knows the span's length and drops the
    // bounds checks of the constant indexes that follow; the message is built only when throwing.

    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExactLength(int actual, int expected, string paramName)
    {
        if (actual != expected)
        {
            ThrowLength(paramName, "length", expected, actual);
        }
    }

    /// <summary>Throws unless <paramref name="actual"/> is at least <paramref name="minimum"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="actual"/> is too small.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MinimumLength(int actual, int minimum, string paramName)
    {
        if (actual < minimum)
        {
            ThrowLength(paramName, "length at least", minimum, actual);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a positive finite number.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is zero, negative, NaN or infinite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PositiveFinite(double value, string paramName)
    {
        // NaN fails both comparisons. A branch on the argument alone, taken only to throw, so the
        // step's arithmetic neither waits for it nor carries it.
        if (!(value > 0 && value < double.PositiveInfinity))
        {
            ThrowNotPositiveFinite(paramName, value);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a positive finite number.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is zero, negative, NaN or infinite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PositiveFinite(float value, string paramName)
    {
        if (!(value > 0 && value < float.PositiveInfinity))
        {
            ThrowNotPositiveFinite(paramName, value);
        }
    }

    /// <summary>
    /// Checks that <paramref name="inputsLength"/> and <paramref name="targetsLength"/> describe the
    /// same non-zero number of rows, and returns that number.
    /// </summary>
    /// <exception cref="ArgumentException">The spans are empty, not whole rows, or of different row counts.</exception>
    public static int RowCount(int inputsLength, int inputWidth, int targetsLength, int targetWidth)
    {
        PositiveWidths(inputWidth, targetWidth);
        if (inputsLength == 0 || inputsLength % inputWidth != 0)
        {
            Throw("inputs", string.Format(CultureInfo.InvariantCulture,
                "'inputs' must hold one or more whole rows of {0} values (a non-zero multiple of {0}), but its length is {1}.",
                inputWidth, inputsLength));
        }

        int rows = inputsLength / inputWidth;
        long expectedTargets = (long)rows * targetWidth;
        if (targetsLength != expectedTargets)
        {
            Throw("targets", string.Format(CultureInfo.InvariantCulture,
                "'targets' must have length {0} ({1} rows of {2}, matching 'inputs'), but its length is {3}.",
                expectedTargets, rows, targetWidth, targetsLength));
        }

        return rows;
    }

    /// <summary>
    /// Checks that <paramref name="rows"/> time steps are whole sequences of <paramref name="sequenceLength"/>
    /// steps, and returns how many.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequenceLength"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The rows are not a whole number of sequences.</exception>
    public static int SequenceCount(int rows, int sequenceLength, string paramName)
    {
        if (sequenceLength < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, sequenceLength, string.Format(CultureInfo.InvariantCulture,
                "'{0}' must be at least 1 time step, but it is {1}.", paramName, sequenceLength));
        }

        if (rows % sequenceLength != 0)
        {
            Throw(paramName, string.Format(CultureInfo.InvariantCulture,
                "The {0} rows of 'inputs' and 'targets' must be whole sequences of '{1}' = {2} time steps, but {0} is not a multiple of {2}.",
                rows, paramName, sequenceLength));
        }

        return rows / sequenceLength;
    }

    /// <summary>
    /// Checks that <paramref name="inputsLength"/> is whole rows (possibly none) and that
    /// <paramref name="outputsLength"/> has room for as many output rows, and returns the row count.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs are not whole rows, or the outputs are too short.</exception>
    public static int PredictionRowCount(int inputsLength, int inputWidth, int outputsLength, int outputWidth)
    {
        PositiveWidths(inputWidth, outputWidth);
        if (inputsLength % inputWidth != 0)
        {
            Throw("inputs", string.Format(CultureInfo.InvariantCulture,
                "'inputs' must hold whole rows of {0} values (a multiple of {0}), but its length is {1}.", inputWidth, inputsLength));
        }

        int rows = inputsLength / inputWidth;
        long needed = (long)rows * outputWidth;
        if (outputsLength < needed)
        {
            Throw("outputs", string.Format(CultureInfo.InvariantCulture,
                "'outputs' must have length at least {0} ({1} rows of {2}, matching 'inputs'), but its length is {3}.",
                needed, rows, outputWidth, outputsLength));
        }

        return rows;
    }

    private static void PositiveWidths(int inputWidth, int outputWidth)
    {
        if (inputWidth < 1 || outputWidth < 1)
        {
            throw new ArgumentOutOfRangeException(inputWidth < 1 ? nameof(inputWidth) : nameof(outputWidth), "Row widths are layer sizes and at least 1.");
        }
    }

    // Throws directly (no NoInlining, no further call): the JIT then sees that this never
    // returns, keeps it out of line, and knows the length after a passed check.
    [DoesNotReturn]
    private static void ThrowLength(string paramName, string requirement, int expected, int actual) =>
        throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
            "'{0}' must have {1} {2}, but its length is {3}.", paramName, requirement, expected, actual), paramName);

    // One overload per precision, so that a float prints as the float it is ("-0.1", not "-0.10000000149011612").
    [DoesNotReturn]
    private static void ThrowNotPositiveFinite(string paramName, double value) =>
        throw new ArgumentOutOfRangeException(paramName, NotPositiveFiniteMessage(paramName, value.ToString("R", CultureInfo.InvariantCulture)));

    [DoesNotReturn]
    private static void ThrowNotPositiveFinite(string paramName, float value) =>
        throw new ArgumentOutOfRangeException(paramName, NotPositiveFiniteMessage(paramName, value.ToString("R", CultureInfo.InvariantCulture)));

    private static string NotPositiveFiniteMessage(string paramName, string value) => string.Format(CultureInfo.InvariantCulture,
        "'{0}' must be a positive finite number, but it is {1}.", paramName, value);

    [DoesNotReturn]
    private static void Throw(string paramName, string message) => throw new ArgumentException(message, paramName);
}
