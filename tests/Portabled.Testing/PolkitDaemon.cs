// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics;

namespace Portabled.Testing;

/// <summary>
/// The real polkitd (Debian's <c>polkitd</c>) on a <see cref="PrivateBus"/>, in a private mount
/// namespace where its action directory holds only the repository's
/// <c>systemd/org.freedesktop.portable1.policy</c> and its rule directories only the given rules
/// (JavaScript, polkit(8)); the host's polkit configuration is neither read nor touched. Killed on
/// dispose. Without a login session, no subject is "active", so unless a rule says otherwise every
/// portable1 action ends in <c>auth_admin</c>: not authorized, with a challenge.
/// </summary>
public sealed class PolkitDaemon : IDisposable
{
    /// <summary>Where Debian installs the daemon.</summary>
    public const string Executable = "/usr/lib/polkit-1/polkitd";

    private readonly TempDirectory _dir = new("portabled-polkit");
    private readonly Process _process;

    /// <summary>Starts polkitd with <paramref name="rules"/> (file name → JavaScript) and waits until it owns its name.</summary>
    public PolkitDaemon(PrivateBus bus, IReadOnlyDictionary<string, string> rules)
    {
        // polkitd drops to the polkitd user: the files must be readable by anyone.
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0x1ed);
        foreach (string d in new[] { "actions", "rules", "empty" })
        {
            Directory.CreateDirectory(_dir[d]);
        }

        File.Copy(Path.Join(TestEnvironment.RepositoryRoot, "systemd", "org.freedesktop.portable1.policy"), _dir["actions/org.freedesktop.portable1.policy"]);
        foreach (var (name, script) in rules)
        {
            File.WriteAllText(Path.Join(_dir["rules"], name), script);
        }

        string setup = $"mount --bind {_dir["actions"]} /usr/share/polkit-1/actions && " +
            $"mount --bind {_dir["rules"]} /etc/polkit-1/rules.d && mount --bind {_dir["empty"]} /usr/share/polkit-1/rules.d && exec {Executable} --no-debug";
        var psi = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "--mount", "--propagation", "private", "--", "/bin/sh", "-c", setup })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = bus.Address;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start polkitd");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (int i = 0; i < 500; i++)
        {
            if (bus.Busctl("status", "org.freedesktop.PolicyKit1").ExitCode == 0)
            {
                return;
            }

            if (_process.HasExited)
            {
                break;
            }

            Thread.Sleep(20);
        }

        Dispose();
        throw new InvalidOperationException("polkitd did not take org.freedesktop.PolicyKit1");
    }

    /// <summary>A rule that answers YES for <paramref name="action"/> when the subject is <paramref name="user"/>.</summary>
    public static string AllowRule(string action, string user) =>
        $$"""
        polkit.addRule(function(action, subject) {
            if (action.id == "{{action}}" && subject.user == "{{user}}") {
                return polkit.Result.YES;
            }
        });
        """;

    /// <summary>Stops (SIGSTOP) or resumes (SIGCONT) the daemon, so that queries stay pending (unshare and the shell exec it: same process).</summary>
    public void Pause(bool paused) =>
        ProcessRunner.RunChecked("kill", paused ? "-STOP" : "-CONT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _dir.Dispose();
    }
}
