// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Runtime.InteropServices;
using Portabled.Core.Errors;
using Portabled.Core.Host;

namespace Portabled.Service.Hosting;

/// <summary>
/// Test-only hooks on the host-write steps (docs/reliability.md, "Test hooks"), read once from the
/// environment; without these variables nothing happens. They exist for the crash and fault
/// tests and do nothing a process that can set the daemon's environment could not do anyway:
/// <list type="bullet">
/// <item><c>PORTABLED_TEST_KILL_AT_STEP=K</c>: SIGKILL ourselves just before host-write step K;</item>
/// <item><c>PORTABLED_TEST_STOP_AT_STEP=K</c>: SIGSTOP ourselves there (the test changes the world, then sends SIGCONT);</item>
/// <item><c>PORTABLED_TEST_FAIL_AT_STEP=K:ERRNO</c>: step K fails with that errno (EIO is 5).</item>
/// </list>
/// </summary>
internal static partial class TestHooks
{
    private const int SigKill = 9;
    private const int SigStop = 19;

    /// <summary>The step counter with the hooks the environment asks for.</summary>
    public static HostWriteSteps FromEnvironment()
    {
        int kill = ReadStep("PORTABLED_TEST_KILL_AT_STEP");
        int stop = ReadStep("PORTABLED_TEST_STOP_AT_STEP");
        (int failStep, int failErrno) = ReadFailure();
        if (kill <= 0 && stop <= 0 && failStep <= 0)
        {
            return new HostWriteSteps();
        }

        return new HostWriteSteps
        {
            BeforeStep = step =>
            {
                // raise(), not kill(getpid()): a signal sent to the process is taken by its main thread,
                // and until that thread has run, this one goes on writing past the step; a signal sent
                // to this thread stops or kills it before it returns.
                if (step == stop)
                {
                    _ = Raise(SigStop);
                }

                if (step == kill)
                {
                    _ = Raise(SigKill);
                }

                if (step == failStep)
                {
                    throw new ErrnoException(failErrno, $"Injected failure at host-write step {step}: {Errno.ToMessage(failErrno)}");
                }
            },
        };
    }

    private static int ReadStep(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int step) ? step : 0;

    private static (int Step, int Errno) ReadFailure()
    {
        string[] parts = (Environment.GetEnvironmentVariable("PORTABLED_TEST_FAIL_AT_STEP") ?? string.Empty).Split(':');
        return parts.Length == 2 &&
            int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int step) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int errno) && errno is > 0 and < 4096
            ? (step, errno)
            : (0, 0);
    }

    [LibraryImport("libc.so.6", EntryPoint = "raise", SetLastError = true)]
    private static partial int Raise(int signal);
}
