using System;
using System.Diagnostics;
using System.Globalization;
using Sunspots;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var s = ForecastSettings.Default;
if (args.Length == 5)
{
    s = new ForecastSettings(s.FirstTestYear, int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), double.Parse(args[3], CultureInfo.InvariantCulture));
}
ulong seed = args.Length == 5 ? ulong.Parse(args[4], CultureInfo.InvariantCulture) : 1;
var sw = Stopwatch.StartNew();
ForecastResult r = Forecaster.Run(SunspotSeries.Load(), s, seed);
Console.WriteLine($"{s} seed {seed}: GRU RMSE {r.ForecastRmse:F2} MAE {r.ForecastMae:F2}; persistence RMSE {r.PersistenceRmse:F2} MAE {r.PersistenceMae:F2}; loss {r.FinalTrainingLoss:E3}; {sw.ElapsedMilliseconds} ms");
return 0;
