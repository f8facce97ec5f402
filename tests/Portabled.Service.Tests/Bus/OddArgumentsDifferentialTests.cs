// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// Odd arguments to every method (Scenarios/odd-arguments.py: every Manager and Image method with
/// odd names, paths, extensions, matches, profiles, copy modes, flags and object paths, with nothing
/// and with something attached), through python3-dbus so error names are compared, not only
/// messages. 252: the real systemd-portabled of Debian 12 and ours in 252 mode, run side by side,
/// must answer identically. 262: ours in 262 mode must answer what the real 262 answered
/// (Golden/odd-arguments-262.txt, recorded by Scenarios/record-odd-arguments.sh from a real 262,
/// which anyone can rerun; the table changing without a new recording fails this test too).
/// </summary>
public sealed class OddArgumentsDifferentialTests
{
    private const string RealDaemon = "/lib/systemd/systemd-portabled";
    private const string Python = "/usr/bin/python3";

    [RequiresFact("root", "unshare", "dbus-daemon", Python, RealDaemon)]
    public void OddArguments_Ours252_AnswersLikeReal252()
    {
        string real = Run(RealDaemon, "252.39-1~deb12u2");
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252", "252.39-1~deb12u2");
        Assert.Contains("GetImage('..') => org.freedesktop.DBus.Error.InvalidArgs: Expected image name, not path in place of '..'.\n", real, StringComparison.Ordinal);
        AssertSameAnswers(real, ours, "252");
    }

    [RequiresFact("root", "unshare", "dbus-daemon", Python)]
    public void OddArguments_Ours262_AnswersLikeRecorded262()
    {
        string recorded = File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Golden", "odd-arguments-262.txt"));
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=262", "262.1-1");
        AssertSameAnswers(recorded, ours, "262");
    }

    // Equal, or fail naming the first rows that differ (both outputs are kept in the temp dir).
    private static void AssertSameAnswers(string expected, string actual, string version)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return;
        }

        File.WriteAllText(Path.Join(Path.GetTempPath(), $"portabled-odd-arguments-{version}.expected.txt"), expected);
        File.WriteAllText(Path.Join(Path.GetTempPath(), $"portabled-odd-arguments-{version}.actual.txt"), actual);
        string[] want = expected.Split('\n');
        string[] got = actual.Split('\n');
        var rows = want.Zip(got).Where(p => p.First != p.Second).Take(20)
            .Select(p => $"  upstream: {Cut(p.First)}\n  ours:     {Cut(p.Second)}");
        Assert.Fail($"{want.Zip(got).Count(p => p.First != p.Second)} of {want.Length} rows differ ({want.Length} vs {got.Length} rows); first:\n" + string.Join('\n', rows));
    }

    private static string Cut(string row) => row.Length <= 400 ? row : row[..400] + "…";

    private static string Run(string daemon, string systemdVersion)
    {
        string driver = Path.Join(AppContext.BaseDirectory, "Scenarios", "odd-arguments.py");
        var environment = new Dictionary<string, string> { ["STUB_SYSTEMD_VERSION"] = systemdVersion };
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--daemon=" + daemon, "--stub-systemd1=" + PortabledCommands.StubSystemd1, "--", Python, driver, SampleImages.Directory],
            environment: environment, timeout: TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0, $"sandbox failed ({r.ExitCode}): {r.StandardError}");
        return r.StandardOutput;
    }
}
