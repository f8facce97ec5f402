// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.RegularExpressions;
using Portabled.Core.Lint;
using Portabled.Testing;

namespace Portabled.Core.Tests.Lint;

/// <summary>The check list, docs/lint.md and the user guide name the same checks, with the same severity and summary, and ids are unique and well formed.</summary>
public partial class LintChecksTests
{
    [Theory]
    [InlineData("lint.md")]
    [InlineData("user-guide.md")]
    public void All_MatchesDocsTable(string page)
    {
        string doc = File.ReadAllText(Path.Join(TestEnvironment.RepositoryRoot, "docs", page));
        var documented = TableRow().Matches(doc).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value.Trim())).ToList();

        var listed = LintChecks.All.Select(c => (c.Id, c.Severity == LintSeverity.Failure ? "error" : "warning", c.Summary)).ToList();

        Assert.Equal(listed, documented);
    }

    [Fact]
    public void All_IdsUniqueAndStable()
    {
        Assert.Equal(LintChecks.All.Count, LintChecks.All.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(LintChecks.All, c => Assert.Matches("^[a-z-]+\\.[a-z-]+$", c.Id));
    }

    [GeneratedRegex(@"^\| `([a-z.-]+)` \| (error|warning) \| (.*) \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
