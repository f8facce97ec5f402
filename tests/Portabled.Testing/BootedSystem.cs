// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Testing;

/// <summary>
/// A real systemd as PID 1 in systemd-nspawn (scripts/boot), booted on first use and powered off
/// on dispose, for xunit class fixtures. The sample images are at /images (read-only) inside;
/// minimal-app is copied into /var/lib/portables at boot. Derived classes choose the daemon that
/// systemd-portabled.service runs, and may boot another root (<see cref="RootDirectory"/>) with
/// other images (<see cref="ImagesDirectory"/>) and other preparation (<see cref="Prepare"/>).
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

    /// <summary>The root to boot (scripts/boot ROOTDIR=), or null for the host's own.</summary>
    protected virtual string? RootDirectory => null;

    /// <summary>The host directory bound read-only at /images.</summary>
    protected virtual string ImagesDirectory => SampleImages.Directory;

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
        Released();
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

        Prepare();
        return true;
    }

    /// <summary>Runs once after boot, before the first <see cref="Exec"/> returns: copies minimal-app into /var/lib/portables.</summary>
    protected virtual void Prepare()
    {
        ProcessResult copy = ExecBooted("cp", "-a", "/images/minimal-app", "/var/lib/portables/");
        if (copy.ExitCode != 0)
        {
            throw new InvalidOperationException($"copying minimal-app into the container failed: {copy.StandardError}");
        }
    }

    /// <summary>Runs after the container is gone, for what a derived class made (e.g. its images).</summary>
    protected virtual void Released()
    {
    }

    /// <summary>Runs a command inside the booted container, for <see cref="Prepare"/> (which runs before <see cref="Exec"/> may).</summary>
    protected ProcessResult ExecBooted(params string[] command) => Boot(["exec", .. command], TimeSpan.FromMinutes(1));

    private ProcessResult Boot(string[] arguments, TimeSpan timeout)
    {
        var environment = new Dictionary<string, string>
        {
            ["STATE"] = _state.Path,
            ["IMAGES"] = ImagesDirectory,
            ["DAEMON"] = Daemon ?? string.Empty,
            ["ROOTDIR"] = RootDirectory ?? string.Empty,
        };
        return ProcessRunner.Run(PortabledCommands.Boot, arguments, environment: environment, timeout: timeout);
    }
}
