// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Fuzz;
using Portabled.Fuzz.Targets;

namespace Portabled.Dissect.Tests.FuzzRegressions;

/// <summary>
/// Every input the coverage-guided fuzzer (fuzz/run) found crashing or hanging a reader, kept as a
/// named case in <c>FuzzRegressions/TARGET/NAME</c> and replayed through the same fuzz target: the
/// reader must read it or reject it with one of the image exceptions (<see cref="ExpectedRejections"/>),
/// within a bound, never with another exception. docs/reliability.md lists the cases and their fixes.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromMinutes(2);

    private static string Root => Path.Join(AppContext.BaseDirectory, "FuzzRegressions");

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (string dir in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                cases.Add(Path.GetFileName(dir), Path.GetFileName(file));
            }
        }

        return cases;
    }

    [Fact]
    public void Cases_EachNamesAnExistingTarget()
    {
        Assert.All(Directory.GetDirectories(Root), dir => Assert.NotNull(FuzzTargets.Find(Path.GetFileName(dir))));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replay_Case_ReadOrRejectedCleanly(string target, string name)
    {
        IFuzzTarget fuzzTarget = FuzzTargets.Find(target) ?? throw new InvalidOperationException($"no fuzz target {target}");
        byte[] input = File.ReadAllBytes(Path.Join(Root, target, name));
        string scratch = Path.Join(Path.GetTempPath(), $"portabled-fuzz-regression-{Guid.NewGuid():N}.img");
        try
        {
            // Anything but the expected rejections escapes RunRejectingCleanly and fails the test.
            Task<Exception?> replay = Task.Run(() => ExpectedRejections.RunRejectingCleanly(fuzzTarget, input, scratch));
            Task first = await Task.WhenAny(replay, Task.Delay(s_bound));
            Assert.True(first == replay, $"{target}/{name}: still reading after {s_bound.TotalSeconds} s");
            await replay;
        }
        finally
        {
            File.Delete(scratch);
        }
    }
}
