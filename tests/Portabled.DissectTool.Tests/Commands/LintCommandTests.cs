// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.Json;

namespace Portabled.DissectTool.Tests.Commands;

/// <summary>--lint end to end through the tool: text and JSON output, and the exit status (0 clean, 1 errors, 2 warnings with --strict).</summary>
public class LintCommandTests
{
    [Fact]
    public void Lint_CleanDirectory_ExitZeroNoProblems()
    {
        string image = Build("clean");

        ToolRun run = ToolRun.Invoke("--lint", image);

        Assert.Equal((0, string.Empty), (run.ExitCode, run.StandardError));
        Assert.Matches($"^{image}: no problems found \\([0-9]+ checks\\)\\.\n$", run.StandardOutput);
    }

    [Fact]
    public void Lint_WarningOnly_ExitZeroOrTwoWithStrict()
    {
        string image = Build("warn", extraUnit: "other.service");

        ToolRun lenient = ToolRun.Invoke("--lint", image);
        ToolRun strict = ToolRun.Invoke("--lint", "--strict", image);

        Assert.Equal(0, lenient.ExitCode);
        Assert.Equal(2, strict.ExitCode);
        Assert.StartsWith("warning prefix.unit-skipped other.service: Unit file 'other.service' does not match the prefix 'app'", strict.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith($"{image}: 0 error(s), 1 warning(s).\n", strict.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_NoOsReleaseJson_ExitOneWithCheckIds()
    {
        string image = Build("broken", osRelease: false);

        ToolRun run = ToolRun.Invoke("--lint", "--json", image);

        Assert.Equal(1, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.StandardOutput);
        Assert.Equal(image, json.RootElement.GetProperty("image").GetString());
        Assert.Equal(["os-release.missing"], json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("check").GetString()));
        Assert.Equal("error", json.RootElement.GetProperty("findings")[0].GetProperty("severity").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("failures").GetInt32());
    }

    [Fact]
    public void Lint_BadScope_ParseError()
    {
        ToolRun run = ToolRun.Invoke("--lint", "--scope=galaxy", Build("scope"));

        Assert.Equal((1, "Failed to parse command line: Unknown argument to --scope= switch: galaxy\n"), (run.ExitCode, run.StandardError));
    }

    // A directory image named app: os-release, app.service starting a static program (busybox when there).
    private static string Build(string tag, bool osRelease = true, string? extraUnit = null)
    {
        string image = Path.Join(Fixtures.NewPath(tag), "app");
        Directory.CreateDirectory(Path.Join(image, "usr/lib/systemd/system"));
        Directory.CreateDirectory(Path.Join(image, "usr/bin"));
        if (osRelease)
        {
            File.WriteAllText(Path.Join(image, "usr/lib/os-release"), "ID=app\nVERSION_ID=1\n");
        }

        File.WriteAllText(Path.Join(image, "usr/bin/app"), "#!/usr/bin/app-sh\n");
        File.WriteAllText(Path.Join(image, "usr/bin/app-sh"), string.Empty);
        File.WriteAllText(Path.Join(image, "usr/lib/systemd/system/app.service"), "[Service]\nExecStart=/usr/bin/app\n");
        if (extraUnit is not null)
        {
            File.WriteAllText(Path.Join(image, "usr/lib/systemd/system", extraUnit), "[Service]\nExecStart=/usr/bin/app\n");
        }

        return image;
    }
}
