// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics;

namespace Portabled.Testing;

/// <summary>
/// A private dbus-daemon with a system-type configuration (so sd-bus treats peers as on the system
/// bus: untrusted, privileged methods checked), listening on a socket in a temp dir. Optionally
/// with a service directory for bus activation. Killed on dispose.
/// </summary>
public sealed class PrivateBus : IDisposable
{
    private readonly TempDirectory _dir = new("portabled-bus");
    private readonly Process _daemon;

    /// <summary>
    /// Starts the daemon; <paramref name="activatable"/> maps service names to Exec= command lines;
    /// <paramref name="policyFile"/>, a system.d policy file, is included after the allow-everything default.
    /// </summary>
    public PrivateBus(IReadOnlyDictionary<string, string>? activatable = null, string? policyFile = null)
    {
        // Unprivileged test callers (setpriv --reuid=65534) must reach the socket.
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0x1ed);
        string socket = _dir["bus.sock"];
        string services = _dir["services"];
        Directory.CreateDirectory(services);
        foreach (var (name, exec) in activatable ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Join(services, name + ".service"), $"[D-BUS Service]\nName={name}\nExec={exec}\n");
        }

        string config = $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>system</type>
              <listen>unix:path={socket}</listen>
              <auth>EXTERNAL</auth>
              <servicedir>{services}</servicedir>
              <policy context="default">
                <allow user="*"/>
                <allow own="*"/>
                <allow send_type="method_call"/>
                <allow send_destination="*"/>
                <allow receive_sender="*"/>
              </policy>
              {(policyFile is null ? string.Empty : $"<include>{policyFile}</include>")}
            </busconfig>
            """;
        File.WriteAllText(_dir["bus.conf"], config);
        // --print-address: dbus-daemon prints it only once it listens; the socket file alone appears
        // at bind() time, when a connect would still be refused.
        var psi = new ProcessStartInfo("dbus-daemon") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "--config-file=" + _dir["bus.conf"], "--nofork", "--nopidfile", "--nosyslog", "--print-address=1" })
        {
            psi.ArgumentList.Add(a);
        }

        _daemon = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dbus-daemon");
        // A test class whose constructor throws is never disposed: the process must not outlive the run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        _daemon.ErrorDataReceived += (_, _) => { };
        _daemon.BeginErrorReadLine();
        Task<string?> address = _daemon.StandardOutput.ReadLineAsync();
        if (!address.Wait(TimeSpan.FromSeconds(10)) || string.IsNullOrEmpty(address.Result))
        {
            Dispose();
            throw new InvalidOperationException("dbus-daemon did not start listening");
        }

        Address = "unix:path=" + socket;
        // The printed address ends in the server's GUID, which it also sends every client while
        // authenticating (sd_bus_get_bus_id()); GetId answers another ID.
        int guid = address.Result.LastIndexOf("guid=", StringComparison.Ordinal);
        ServerGuid = guid < 0 ? string.Empty : address.Result[(guid + "guid=".Length)..].Trim();
    }

    /// <summary>The bus address (for DBUS_SYSTEM_BUS_ADDRESS or <c>--bus=</c>).</summary>
    public string Address { get; }

    /// <summary>The GUID the bus sends in its authentication reply (32 hex digits).</summary>
    public string ServerGuid { get; }

    /// <summary>Runs busctl against this bus and returns its result.</summary>
    public ProcessResult Busctl(params string[] arguments) =>
        ProcessRunner.Run("busctl", ["--address=" + Address, "--no-pager", .. arguments], timeout: TimeSpan.FromSeconds(60));

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_daemon.HasExited)
            {
                _daemon.Kill(entireProcessTree: true);
                _daemon.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _daemon.Dispose();
        _dir.Dispose();
    }
}
