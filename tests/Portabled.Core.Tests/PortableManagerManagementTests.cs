// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Versions;
using Portabled.Core;
using Portabled.Testing;
using static Portabled.Core.Tests.PortableManagerAttachTests;

namespace Portabled.Core.Tests;

public class PortableManagerManagementTests
{
    private static readonly string[] s_sidecars = [".nspawn", ".oci-config", ".roothash", ".roothash.p7s", ".usrhash", ".usrhash.p7s", ".verity"];

    [Fact]
    public void RemoveImage_Attached_EBusyAndKept()
    {
        using var host = NewHost();
        PortableManager manager = host.Manager();
        manager.Attach("minimal-app", [], ["minimal-app"], "default", "", 0);

        var e = Assert.Throws<ErrnoException>(() => manager.RemoveImage("minimal-app"));

        Assert.Equal(Errno.EBUSY, e.Errno);
        Assert.Equal("Image '/var/lib/portables/minimal-app' is not detached, refusing.", e.Message);
        Assert.True(host.Exists("/var/lib/portables/minimal-app/usr/lib/os-release"));
    }

    [Theory]
    [InlineData("/usr/lib/portables/vendor")]
    [InlineData("/usr/local/lib/portables/vendor")]
    public void RemoveImage_Vendor_ERofsAndKept(string path)
    {
        using var host = NewHost();
        host.CreateImage(path);

        var e = Assert.Throws<ErrnoException>(() => host.Manager().RemoveImage("vendor"));

        Assert.Equal(Errno.EROFS, e.Errno);
        Assert.True(host.Exists(path + "/usr/lib/os-release"));
    }

    // Observed on the real daemons: 252 deletes NAME.nspawn in /etc and /run and NAME.nspawn/.roothash
    // beside the image; 262 also /usr/lib/systemd/nspawn/NAME.nspawn and every verity/OCI sidecar.
    [Theory]
    [InlineData(UpstreamVersion.V252, "/etc/systemd/nspawn /run/systemd/nspawn", ".nspawn .roothash")]
    [InlineData(UpstreamVersion.V262, "/etc/systemd/nspawn /run/systemd/nspawn /usr/lib/systemd/nspawn", ".nspawn .oci-config .roothash .roothash.p7s .usrhash .usrhash.p7s .verity")]
    public void RemoveImage_Raw_RemovesTheVersionsSidecarsOnly(UpstreamVersion version, string settingsDirectories, string removedSuffixes)
    {
        using var host = NewHost();
        host.WriteFile("/var/lib/portables/app.raw", "not read");
        foreach (string suffix in s_sidecars.Append(".raw.nspawn"))
        {
            host.WriteFile("/var/lib/portables/app" + suffix, "x");
        }

        string[] nspawnDirectories = ["/etc/systemd/nspawn", "/run/systemd/nspawn", "/usr/lib/systemd/nspawn", "/usr/local/lib/systemd/nspawn"];
        foreach (string dir in nspawnDirectories)
        {
            host.WriteFile(dir + "/app.nspawn", "x");
        }

        host.Manager(version).RemoveImage("app");

        Assert.False(host.Exists("/var/lib/portables/app.raw"));
        foreach (string suffix in s_sidecars.Append(".raw.nspawn"))
        {
            Assert.Equal(removedSuffixes.Split(' ').Contains(suffix), !host.Exists("/var/lib/portables/app" + suffix));
        }

        foreach (string dir in nspawnDirectories)
        {
            Assert.Equal(settingsDirectories.Split(' ').Contains(dir), !host.Exists(dir + "/app.nspawn"));
        }
    }

    [Theory]
    [InlineData(0x1a0, true, 0x120)]   // 0640 → 0440
    [InlineData(0x120, false, 0x1a0)]  // 0440 → 0640
    [InlineData(0x124, false, 0x1a4)]  // 0444 → 0644
    [InlineData(0x1ff, true, 0x124)]   // 0777 → 0444: only read bits stay
    [InlineData(0x180, true, 0x100)]   // 0600 → 0400
    public void MarkImageReadOnly_Raw_KeepsReadBitsAndSetsOwnerWrite(int mode, bool readOnly, int expected)
    {
        using var host = NewHost();
        host.WriteFile("/var/lib/portables/app.raw", "not read");
        File.SetUnixFileMode(host.Host("/var/lib/portables/app.raw"), (UnixFileMode)mode);

        host.Manager().MarkImageReadOnly("app", readOnly);

        Assert.Equal((UnixFileMode)expected, File.GetUnixFileMode(host.Host("/var/lib/portables/app.raw")));
        Assert.Equal(readOnly, host.Manager().GetImage("app").ReadOnly);
    }

    [RequiresFact("root", "lsattr")]
    public void MarkImageReadOnly_Directory_TogglesTheImmutableFlagOfTheTopOnly()
    {
        using var host = NewHost();
        PortableManager manager = host.Manager();
        string top = host.Host("/var/lib/portables/minimal-app");

        manager.MarkImageReadOnly("minimal-app", true);
        try
        {
            Assert.StartsWith("----i", ProcessRunner.RunChecked("lsattr", "-d", top), StringComparison.Ordinal);
            Assert.DoesNotContain("i", ProcessRunner.RunChecked("lsattr", "-d", Path.Join(top, "usr")).Split(' ')[0], StringComparison.Ordinal);
            Assert.True(manager.GetImage("minimal-app").ReadOnly);
        }
        finally
        {
            manager.MarkImageReadOnly("minimal-app", false);
        }

        Assert.False(manager.GetImage("minimal-app").ReadOnly);
    }

    [RequiresFact("root", "chattr")]
    public void RemoveImage_ReadOnlyDirectory_IsRemoved()
    {
        using var host = NewHost();
        PortableManager manager = host.Manager();
        manager.MarkImageReadOnly("minimal-app", true);

        manager.RemoveImage("minimal-app");

        Assert.False(host.Exists("/var/lib/portables/minimal-app"));
    }

    [Theory]
    [InlineData(UpstreamVersion.V252, false)]
    [InlineData(UpstreamVersion.V262, true)]
    public void MarkImageReadOnly_HiddenImage_RefusedBy262(UpstreamVersion version, bool refused)
    {
        using var host = NewHost();
        host.WriteFile("/var/lib/portables/.hidden.raw", "not read");

        Exception? e = Record.Exception(() => host.Manager(version).MarkImageReadOnly(".hidden", true));

        Assert.Equal(refused, e is ErrnoException { Errno: Errno.EROFS });
    }

    [Theory]
    [InlineData(0UL, true)]
    [InlineData(1073741824UL, true)]
    [InlineData(9223372036854775807UL, true)]
    [InlineData(9223372036854775808UL, false)]
    [InlineData(18446744073709551614UL, false)]
    [InlineData(18446744073709551615UL, true)]
    public void ValidateLimit_FileSizeOrInfinity(ulong limit, bool valid)
    {
        Exception? e = Record.Exception(() => PortableManager.ValidateLimit(limit));

        Assert.Equal(valid, e is null);
        Assert.Equal(valid ? null : "New limit out of range", e?.Message);
    }

    [Fact]
    public void SetImageLimit_Directory_NotSupported()
    {
        using var host = NewHost();

        var e = Assert.Throws<ErrnoException>(() => host.Manager().SetImageLimit("minimal-app", 1 << 30));

        Assert.Equal(PortableErrorNames.NotSupported, e.ErrorName);
        Assert.Equal("Operation not supported", e.Message);
    }

    [Fact]
    public void SetPoolLimit_NotOnBtrfs_QuotaIsOnlySupportedOnBtrfs()
    {
        using var host = NewHost();

        var e = Assert.Throws<PortableException>(() => host.Manager().SetPoolLimit(1 << 30));

        Assert.Equal(PortableErrorNames.NotSupported, e.ErrorName);
        Assert.Equal("Quota is only supported on btrfs.", e.Message);
        Assert.Equal(ulong.MaxValue, host.Manager().PoolUsage);
        Assert.Equal(ulong.MaxValue, host.Manager().PoolLimit);
    }
}
