// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Testing;

/// <summary>
/// A real systemd as PID 1 in systemd-nspawn (scripts/boot), booted on first use and powered off
/// on dispose, for xunit class fixtures. The sample images are at /images (read-only) inside;
/// minimal-app is copied into /var/lib/portables at boot. Derived classes choose the daemon that
/// systemd-portabled.service runs.
/// </summary>
public abstract class BootedSystem : IDisposable
{
    private readonly TempDirectory _state = new("portabled-boot");
    private readonly Lazy<bool> _started;

    /// <summary>Prepares the fixture; nothing is booted until the first <see cref="Exec"/>.</summary>
    protected BootedSystem()
    {
        _started = new Lazy<bool>(Start);
    }

    /// <summary>The command line systemd-portabled.service runs instead of the real daemon, or null for the real one.</summary>
    protected abstract string? Daemon { get; }

    /// <summary>Runs <paramref name="command"/> inside the container (boots it first if needed).</summary>
    public ProcessResult Exec(params string[] command)
    {
        _ = _started.Value;
        return Boot(["exec", .. command], TimeSpan.FromMinutes(1));
    }

    /// <summary>Runs a bash snippet inside the container.</summary>
    public ProcessResult Shell(string script) => Exec("/bin/bash", "-c", script);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_started.IsValueCreated)
        {
            Boot(["stop"], TimeSpan.FromMinutes(1));
        }

        _state.Dispose();
        GC.SuppressFinalize(this);
    }

    private bool Start()
    {
        ProcessResult r = Boot(["start"], TimeSpan.FromMinutes(2));
        if (r.ExitCode != 0)
        {
            Boot(["stop"], TimeSpan.FromMinutes(1));
            throw new InvalidOperationException($"scripts/boot start failed ({r.ExitCode}): {r.StandardError}{r.StandardOutput}");
        }

        ProcessResult copy = Boot(["exec", "cp", "-a", "/images/minimal-app", "/var/lib/portables/"], TimeSpan.FromMinutes(1));
        if (copy.ExitCode != 0)
        {
            throw new InvalidOperationException($"copying minimal-app into the container failed: {copy.StandardError}");
        }

        return true;
    }

    private ProcessResult Boot(string[] arguments, TimeSpan timeout)
    {
        var environment = new Dictionary<string, string>
        {
            ["STATE"] = _state.Path,
            ["IMAGES"] = SampleImages.Directory,
            ["DAEMON"] = Daemon ?? string.Empty,
        };
        return ProcessRunner.Run(PortabledCommands.Boot, arguments, environment: environment, timeout: timeout);
    }
}
