// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging.Abstractions;
using Portabled.Core.Host;
using Portabled.Core.Scope;
using Portabled.Core.Versions;
using Portabled.Core;
using Portabled.Testing;

namespace Portabled.Core.Tests;

/// <summary>A temporary root prefix with helpers to build directory images and profiles in it.</summary>
internal sealed class TestHost : IDisposable
{
    public const string DefaultOsRelease = "NAME=\"Minimal Portable\"\nID=minimal\nVERSION_ID=1\nPRETTY_NAME=\"Minimal Portable 1\"\n";

    private readonly TempDirectory _root = new("portabled-core");

    /// <summary>
    /// A fresh root prefix; <paramref name="usesSelinux"/> stands in for the host's SELinux state
    /// (fixed, so that no test depends on the machine it runs on); <paramref name="scope"/> is the
    /// runtime scope's directories (default: the system's).
    /// </summary>
    public TestHost(bool usesSelinux = false, PortableScope? scope = null)
    {
        Layout = new HostLayout(_root.Path, scope) { UsesSelinux = usesSelinux };
    }

    public HostLayout Layout { get; }

    public FakeUnitManager Units { get; } = new();

    public string Root => _root.Path;

    public PortableManager Manager(UpstreamVersion version = UpstreamVersion.V262) =>
        new(Layout, Units, version, NullLogger<PortableManager>.Instance);

    /// <summary>The host path of a logical path.</summary>
    public string Host(string logical) => Layout.ToHost(logical);

    /// <summary>Writes a file (parents created) at a logical path.</summary>
    public string WriteFile(string logical, string contents)
    {
        string host = Host(logical);
        Directory.CreateDirectory(Path.GetDirectoryName(host)!);
        File.WriteAllText(host, contents);
        return logical;
    }

    public void Symlink(string logical, string target)
    {
        string host = Host(logical);
        Directory.CreateDirectory(Path.GetDirectoryName(host)!);
        File.CreateSymbolicLink(host, target);
    }

    /// <summary>Enables a unit the way <c>systemctl enable [--runtime]</c> does: a .wants/ link in /etc/systemd/system (or /run/…).</summary>
    public void Enable(string unit, bool runtime = false) => AddWantsLink(runtime ? "/run/systemd/system" : "/etc/systemd/system", unit);

    /// <summary>A <c>multi-user.target.wants/UNIT</c> link in <paramref name="dir"/>, pointing at the attached unit.</summary>
    public void AddWantsLink(string dir, string unit, bool runtime = false)
    {
        string attached = runtime ? "/run/systemd/system.attached" : "/etc/systemd/system.attached";
        Directory.CreateDirectory(Host($"{dir}/multi-user.target.wants"));
        Symlink($"{dir}/multi-user.target.wants/{unit}", $"{attached}/{unit}");
    }

    public string ReadFile(string logical) => File.ReadAllText(Host(logical));

    public bool Exists(string logical) => File.Exists(Host(logical)) || Directory.Exists(Host(logical)) || new FileInfo(Host(logical)).LinkTarget is not null;

    /// <summary>
    /// A directory image at a logical path: os-release in /usr/lib (and /etc/os-release a relative
    /// symlink to it, like real images), plus one unit /usr/lib/systemd/system/PREFIX.service.
    /// </summary>
    public string CreateImage(string logicalPath, string? unitPrefix = null, string? osRelease = DefaultOsRelease)
    {
        Directory.CreateDirectory(Host(logicalPath));
        if (osRelease is not null)
        {
            WriteFile(logicalPath + "/usr/lib/os-release", osRelease);
            Symlink(logicalPath + "/etc/os-release", "../usr/lib/os-release");
        }

        string prefix = unitPrefix ?? Path.GetFileName(logicalPath).Split('_')[0];
        WriteUnit(logicalPath, "/usr/lib/systemd/system", prefix + ".service");
        return logicalPath;
    }

    public string WriteUnit(string imagePath, string dir, string name, string? contents = null) =>
        WriteFile($"{imagePath}{dir}/{name}", contents ?? $"[Unit]\nDescription={name}\n\n[Service]\nExecStart=/usr/bin/true\n");

    /// <summary>A directory extension with an extension-release file named after it.</summary>
    public string CreateExtension(string logicalPath, string release, string? releaseName = null)
    {
        Directory.CreateDirectory(Host(logicalPath));
        string name = releaseName ?? Path.GetFileName(logicalPath);
        WriteFile($"{logicalPath}/usr/lib/extension-release.d/extension-release.{name}", release);
        return logicalPath;
    }

    /// <summary>The four shipped profiles with a service.conf each, in /usr/lib.</summary>
    public void CreateDefaultProfiles()
    {
        foreach (string name in (string[])["default", "nonetwork", "strict", "trusted"])
        {
            WriteFile($"/usr/lib/systemd/portable/profile/{name}/service.conf", $"# {name}\n[Service]\nDynamicUser=yes\n");
        }
    }

    public void Dispose() => _root.Dispose();
}
