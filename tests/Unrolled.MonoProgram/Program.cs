using System;
using System.IO;

namespace Unrolled.MonoProgram
{
    /// <summary>
    /// Run on Mono by the Mono test: trains every network on the fixed schedule, prints "name bits" per
    /// network, and saves each to directory/name.unrolled for .NET to load.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 1 || !Directory.Exists(args[0]))
            {
                Console.Error.WriteLine("usage: mono Unrolled.MonoProgram.dll <existing output directory>");
                return 2;
            }

            Console.WriteLine("runtime " + (Type.GetType("Mono.Runtime") is null ? "not-mono" : "mono"));
            Console.WriteLine("vector-count " + System.Numerics.Vector<double>.Count);
            foreach (var pair in FixedTraining.TrainAll())
            {
                NetworkFile.Save(pair.Value, Path.Combine(args[0], pair.Key + ".unrolled"));
                Console.WriteLine(pair.Key + " " + FixedTraining.Bits(pair.Value));
            }

            return 0;
        }
    }
}
