using System;

namespace Unrolled.Kernels;

/// <summary>
/// The kernels as plain loops: what runs without SIMD hardware or on .NET Standard 2.1, and the
/// reference the vector kernels are tested against. The callers have checked every length.
/// </summary>
internal static class ScalarBatchKernels
{
    public static void WeightedSumsOfRows(ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, int inputs, ReadOnlySpan<double> x, int rows, Span<double> sums, int stride)
    {
        for (int j = 0; j < biases.Length; j++)
        {
            ReadOnlySpan<double> w = weights.Slice(j * inputs, inputs);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<double> row = x.Slice(r * inputs, inputs);
                double z = 0;
                for (int i = 0; i < inputs; i++)
                {
                    z += w[i] * row[i];
                }

                sums[(j * stride) + r] = z + biases[j];
            }

            sums.Slice((j * stride) + rows, stride - rows).Fill(biases[j]);
        }
    }

    public static void WeightedSums(ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, int inputs, ReadOnlySpan<double> a, Span<double> sums, int stride)
    {
        for (int j = 0; j < biases.Length; j++)
        {
            Span<double> z = sums.Slice(j * stride, stride);
            z.Clear();
            for (int i = 0; i < inputs; i++)
            {
                double w = weights[(j * inputs) + i];
                ReadOnlySpan<double> ai = a.Slice(i * stride, stride);
                for (int r = 0; r < stride; r++)
                {
                    z[r] += w * ai[r];
                }
            }

            for (int r = 0; r < stride; r++)
            {
                z[r] += biases[j];
            }
        }
    }

    public static void BackpropagatedSums(ReadOnlySpan<double> weights, int neurons, int inputs, ReadOnlySpan<double> deltas, Span<double> sums, int stride)
    {
        sums.Slice(0, inputs * stride).Clear();
        for (int j = 0; j < neurons; j++)
        {
            ReadOnlySpan<double> d = deltas.Slice(j * stride, stride);
            for (int i = 0; i < inputs; i++)
            {
                double w = weights[(j * inputs) + i];
                Span<double> s = sums.Slice(i * stride, stride);
                for (int r = 0; r < stride; r++)
                {
                    s[r] += w * d[r];
                }
            }
        }
    }

    public static void AddGradients(ReadOnlySpan<double> deltas, int stride, ReadOnlySpan<double> x, int rows, int inputs, Span<double> weightGradients, Span<double> biasGradients, bool add)
    {
        for (int j = 0; j < biasGradients.Length; j++)
        {
            ReadOnlySpan<double> d = deltas.Slice(j * stride, rows);
            Span<double> g = weightGradients.Slice(j * inputs, inputs);
            if (!add)
            {
                // Written, not added to: 0 + the first product is that product exactly.
                g.Clear();
            }

            double bias = 0;
            for (int r = 0; r < rows; r++)
            {
                double dr = d[r];
                bias += dr;
                ReadOnlySpan<double> row = x.Slice(r * inputs, inputs);
                for (int i = 0; i < inputs; i++)
                {
                    g[i] += dr * row[i];
                }
            }

            biasGradients[j] = add ? biasGradients[j] + bias : bias;
        }
    }

    public static void TransposeToRows(ReadOnlySpan<double> transposed, int stride, int rows, int width, Span<double> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < width; i++)
            {
                destination[(r * width) + i] = transposed[(i * stride) + r];
            }
        }
    }

    public static double ZeroIfFinite(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v - v;
        }

        return sum;
    }
    public static void WeightedSumsOfRows(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int inputs, ReadOnlySpan<float> x, int rows, Span<float> sums, int stride)
    {
        for (int j = 0; j < biases.Length; j++)
        {
            ReadOnlySpan<float> w = weights.Slice(j * inputs, inputs);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> row = x.Slice(r * inputs, inputs);
                float z = 0;
                for (int i = 0; i < inputs; i++)
                {
                    z += w[i] * row[i];
                }

                sums[(j * stride) + r] = z + biases[j];
            }

            sums.Slice((j * stride) + rows, stride - rows).Fill(biases[j]);
        }
    }

    public static void WeightedSums(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int inputs, ReadOnlySpan<float> a, Span<float> sums, int stride)
    {
        for (int j = 0; j < biases.Length; j++)
        {
            Span<float> z = sums.Slice(j * stride, stride);
            z.Clear();
            for (int i = 0; i < inputs; i++)
            {
                float w = weights[(j * inputs) + i];
                ReadOnlySpan<float> ai = a.Slice(i * stride, stride);
                for (int r = 0; r < stride; r++)
                {
                    z[r] += w * ai[r];
                }
            }

            for (int r = 0; r < stride; r++)
            {
                z[r] += biases[j];
            }
        }
    }

    public static void BackpropagatedSums(ReadOnlySpan<float> weights, int neurons, int inputs, ReadOnlySpan<float> deltas, Span<float> sums, int stride)
    {
        sums.Slice(0, inputs * stride).Clear();
        for (int j = 0; j < neurons; j++)
        {
            ReadOnlySpan<float> d = deltas.Slice(j * stride, stride);
            for (int i = 0; i < inputs; i++)
            {
                float w = weights[(j * inputs) + i];
                Span<float> s = sums.Slice(i * stride, stride);
                for (int r = 0; r < stride; r++)
                {
                    s[r] += w * d[r];
                }
            }
        }
    }

    public static void AddGradients(ReadOnlySpan<float> deltas, int stride, ReadOnlySpan<float> x, int rows, int inputs, Span<float> weightGradients, Span<float> biasGradients, bool add)
    {
        for (int j = 0; j < biasGradients.Length; j++)
        {
            ReadOnlySpan<float> d = deltas.Slice(j * stride, rows);
            Span<float> g = weightGradients.Slice(j * inputs, inputs);
            if (!add)
            {
                // Written, not added to: 0 + the first product is that product exactly.
                g.Clear();
            }

            float bias = 0;
            for (int r = 0; r < rows; r++)
            {
                float dr = d[r];
                bias += dr;
                ReadOnlySpan<float> row = x.Slice(r * inputs, inputs);
                for (int i = 0; i < inputs; i++)
                {
                    g[i] += dr * row[i];
                }
            }

            biasGradients[j] = add ? biasGradients[j] + bias : bias;
        }
    }

    public static void TransposeToRows(ReadOnlySpan<float> transposed, int stride, int rows, int width, Span<float> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < width; i++)
            {
                destination[(r * width) + i] = transposed[(i * stride) + r];
            }
        }
    }

    public static float ZeroIfFinite(ReadOnlySpan<float> values)
    {
        float sum = 0;
        foreach (float v in values)
        {
            sum += v - v;
        }

        return sum;
    }
}
