// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Testing;

/// <summary>What the machine running the tests offers: tools on PATH, root, CI mode.</summary>
public static class TestEnvironment
{
    /// <summary>CI=true: a missing tool or privilege fails the test instead of skipping it.</summary>
    public static bool IsCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Running as uid 0.</summary>
    public static bool IsRoot => Environment.UserName == "root" || GetUid() == 0;

    /// <summary>The release of a systemd tool on PATH (<c>systemd 252 (252.39-1~deb12u2)</c> → 252).</summary>
    public static int SystemdVersion(string tool) =>
        int.Parse(ProcessRunner.RunChecked(tool, "--version").Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The full path of <paramref name="tool"/> on PATH (plus the sbin directories), or null.</summary>
    public static string? FindTool(string tool)
    {
        if (tool.Contains('/'))
        {
            return File.Exists(tool) ? tool : null;
        }

        string path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty) + ":/usr/sbin:/sbin:/usr/bin:/bin";
        foreach (string dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Join(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The directory holding the checkout (where Portabled.sln is).</summary>
    public static string RepositoryRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Join(dir, "Portabled.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("Portabled.sln not found above the test binaries.");
        }
    }

    private static uint GetUid()
    {
        // /proc/self/status "Uid:\treal\teffective…": effective uid decides privilege.
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return uint.MaxValue;
    }
}
