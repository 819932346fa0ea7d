using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;

namespace LogicGates;

/// <summary>
/// The sample's pictures, drawn with ScottPlot: the five loss curves on one log-scale chart, and
/// each function's decision boundary over the unit square with its truth table marked.
/// </summary>
public static class Pictures
{
    private const int GridSize = 101;

    /// <summary>Writes loss.png and boundary-NAME.png for every function to <paramref name="directory"/>; returns the paths.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<TrainingResult> results, string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string> { LossCurves(results, Path.Combine(directory, "loss.png")) };
        foreach (TrainingResult result in results.Where(r => r.Predict is not null))
        {
            paths.Add(DecisionBoundary(result, Path.Combine(directory, $"boundary-{result.Name.ToLowerInvariant()}.png")));
        }

        return paths;
    }

    private static string LossCurves(IReadOnlyList<TrainingResult> results, string path)
    {
        var plot = new Plot();
        foreach (TrainingResult result in results)
        {
            // A log-scale axis in ScottPlot is a linear axis of log10 values with ticks labelled as powers of ten.
            double[] logLoss = [.. result.LossHistory.Select(l => Math.Log10(Math.Max(l, 1e-12)))];
            var signal = plot.Add.Signal(logLoss);
            signal.LegendText = $"{result.Name} ({result.Epochs} epochs)";
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => $"1e{y:0}",
        };
        plot.Title("Training loss of the five 2-4-1 networks, one Train() per sample");
        plot.XLabel("epoch");
        plot.YLabel("mean loss 0.5 (o - t)^2 (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 900, 560);
        return path;
    }

    private static string DecisionBoundary(TrainingResult result, string path)
    {
        // Row 0 of a heatmap is drawn at the top: it holds x1 = 1.
        double[,] output = new double[GridSize, GridSize];
        for (int row = 0; row < GridSize; row++)
        {
            for (int column = 0; column < GridSize; column++)
            {
                double x0 = column / (double)(GridSize - 1);
                double x1 = 1 - (row / (double)(GridSize - 1));
                output[row, column] = result.Predict!(x0, x1);
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(output);
        heatmap.Extent = new CoordinateRect(0, 1, 0, 1);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        plot.Add.ColorBar(heatmap).Label = "network output";

        for (int row = 0; row < LogicFunction.Inputs.Length; row++)
        {
            double[] input = LogicFunction.Inputs[row];
            bool one = result.Targets[row] > 0.5;
            var marker = plot.Add.Marker(input[0], input[1], one ? MarkerShape.FilledCircle : MarkerShape.OpenCircle, 18, one ? Colors.Red : Colors.Black);
            marker.MarkerLineWidth = 3;
        }

        plot.Title($"{result.Name}: the 2-4-1 network's output");
        plot.XLabel("x0      (red: target 1, open: target 0)");
        plot.YLabel("x1");
        plot.Axes.SetLimits(-0.05, 1.05, -0.05, 1.05);
        plot.SavePng(path, 640, 560);
        return path;
    }
}
