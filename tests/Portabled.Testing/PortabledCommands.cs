// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Testing;

/// <summary>
/// Command lines of the programs under test: the NativeAOT binaries in <c>artifacts/bin</c> when
/// scripts/build made them (that is what ships, and what CI tests), else the JIT builds.
/// </summary>
public static class PortabledCommands
{
    /// <summary>The daemon.</summary>
    public static string Daemon => Program("portabled", "src/Portabled.Service");

    /// <summary>Our portablectl.</summary>
    public static string Portablectl => Program("portablectl", "src/Portabled.Ctl");

    /// <summary>portabled-dissect.</summary>
    public static string DissectTool => Program("portabled-dissect", "src/Portabled.DissectTool");

    /// <summary>The stand-in org.freedesktop.systemd1.</summary>
    public static string StubSystemd1 => Program("portabled-stub-systemd1", "tests/Portabled.StubSystemd1", aot: false);

    /// <summary>scripts/sandbox.</summary>
    public static string Sandbox => Path.Join(TestEnvironment.RepositoryRoot, "scripts", "sandbox");

    /// <summary>scripts/boot (real systemd as PID 1 in systemd-nspawn).</summary>
    public static string Boot => Path.Join(TestEnvironment.RepositoryRoot, "scripts", "boot");

    /// <summary>
    /// The NativeAOT daemon from scripts/build as a container booted by scripts/boot sees it (the
    /// checkout's artifacts/ is bound at /artifacts there). Unlike <see cref="Daemon"/> there is no
    /// JIT fallback: upstream's unit has MemoryDenyWriteExecute=yes, under which only AOT runs.
    /// </summary>
    public static string NativeDaemonInContainer
    {
        get
        {
            string native = Path.Join(TestEnvironment.RepositoryRoot, "artifacts", "bin", "portabled");
            return File.Exists(native) ? "/artifacts/bin/portabled" : throw new FileNotFoundException($"{native} is missing: run scripts/build first.");
        }
    }

    /// <summary>scripts/make-sample-images.</summary>
    public static string MakeSampleImages => Path.Join(TestEnvironment.RepositoryRoot, "scripts", "make-sample-images");

    private static string Program(string name, string project, bool aot = true)
    {
        string root = TestEnvironment.RepositoryRoot;
        string native = Path.Join(root, "artifacts", "bin", name);
        if (aot && File.Exists(native))
        {
            return native;
        }

        foreach (string configuration in new[] { "Debug", "Release" })
        {
            string dll = Path.Join(root, project, "bin", configuration, "net10.0", name + ".dll");
            if (File.Exists(dll))
            {
                // Absolute: dbus-daemon execs activation commands without a PATH search.
                return (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet") + " " + dll;
            }
        }

        throw new FileNotFoundException($"{name} is not built (run scripts/build or dotnet build).");
    }
}
