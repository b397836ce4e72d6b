using System;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// What a piece of code allocates on the calling thread, the least over a few runs. GC.GetAllocatedBytesForCurrentThread
    /// can move across a garbage collection that other threads set off (dotnet/coreclr#10207), and the test run compiles on
    /// other threads all the time: a full suite once saw 6,528 bytes over 1,000 calls that allocate nothing alone. An
    /// allocation in the code itself shows in every run, so the least of them is the code's own.
    /// </summary>
    internal static class AllocationMeter
    {
        public static long LeastBytes(Action run, int attempts = 3)
        {
            ArgumentNullException.ThrowIfNull(run);
            long least = long.MaxValue;
            for (int attempt = 0; attempt < attempts && least > 0; attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                run();
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            return least;
        }
    }
}
