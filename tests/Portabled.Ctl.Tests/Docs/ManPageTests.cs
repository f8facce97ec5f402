// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Ctl.Tests.Docs;

/// <summary>
/// Every page of man/ renders with man-db's <c>man -l</c>, with groff's warnings on: a warning
/// (an unknown macro, a bad escape, a line that cannot be broken) is a failure, as it is a flaw
/// readers see.
/// </summary>
public sealed class ManPageTests
{
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>();
        foreach (string page in PageNames())
        {
            pages.Add(page);
        }

        return pages;
    }

    [RequiresTheory("man", "groff")]
    [MemberData(nameof(Pages))]
    public void ManPage_RendersWithoutWarnings(string page)
    {
        string file = Path.Join(TestEnvironment.RepositoryRoot, "man", page);
        var environment = new Dictionary<string, string> { ["MANWIDTH"] = "80", ["LANG"] = "C.UTF-8" };
        ProcessResult r = ProcessRunner.Run("man", ["--warnings", "-l", file], environment: environment, timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, $"man -l {page} exited {r.ExitCode}: {r.StandardError}");
        Assert.True(r.StandardError.Length == 0, $"man -l {page} warned:\n{r.StandardError}");
        string name = Path.GetFileNameWithoutExtension(page);
        Assert.Contains("NAME", r.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(name, r.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void ManDirectory_HasTheThreePages()
    {
        Assert.Equal(["portablectl.1", "portabled-dissect.1", "portabled.8"], PageNames());
    }

    private static string[] PageNames() =>
        [.. Directory.GetFiles(Path.Join(TestEnvironment.RepositoryRoot, "man")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
}
