// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.State;
using Portabled.Core.Versions;

namespace Portabled.Core.Tests;

public class PortableManagerStateTests
{
    private const string Marker = "# Drop-in created for image '{0}', do not edit.\n";

    // Observed: 252 says "detached" when asked with an extension the unit was not attached with; 262 "attached".
    [Theory]
    [InlineData(UpstreamVersion.V252, PortableState.Detached)]
    [InlineData(UpstreamVersion.V262, PortableState.Attached)]
    public void GetState_QueriedWithExtraExtension_DependsOnVersion(UpstreamVersion version, PortableState expected)
    {
        using var host = new TestHost();
        AttachFake(host, "/etc/systemd/system.attached", "app.service", "/var/lib/portables/app");

        Assert.Equal(expected, host.Manager(version).GetState("app", ["/srv/ext0"], 0));
    }

    [Fact]
    public void GetState_NothingAttached_IsDetached()
    {
        using var host = new TestHost();

        Assert.Equal(PortableState.Detached, host.Manager().GetState("anything", [], 0));
        Assert.Equal(PortableState.Detached, host.Manager().GetState("relative/path", [], 0));
        Assert.Empty(host.Units.Calls);
    }

    [Theory]
    [InlineData(false, "static", false, PortableState.Attached)]
    [InlineData(true, "static", false, PortableState.AttachedRuntime)]
    [InlineData(false, "enabled", false, PortableState.Enabled)]
    [InlineData(true, "enabled", false, PortableState.EnabledRuntime)]
    [InlineData(false, "masked", false, PortableState.Enabled)]
    [InlineData(false, "wanted-in-attached", false, PortableState.Attached)]
    [InlineData(true, "wanted-in-attached", false, PortableState.EnabledRuntime)]
    [InlineData(false, "static", true, PortableState.Running)]
    [InlineData(true, "enabled", true, PortableState.RunningRuntime)]
    public void GetState_AttachedUnit_ReflectsHostFilesAndUnitManager(bool runtime, string fileState, bool active, PortableState expected)
    {
        using var host = new TestHost();
        string dir = runtime ? "/run/systemd/system.attached" : "/etc/systemd/system.attached";
        AttachFake(host, dir, "app.service", "/var/lib/portables/app");
        if (fileState == "enabled")
        {
            host.Enable("app.service", runtime);
        }
        else if (fileState == "masked")
        {
            // A mask is an empty file or a character device (/dev/null) found first in the search path.
            host.WriteFile("/etc/systemd/system/app.service", string.Empty);
        }
        else if (fileState == "wanted-in-attached")
        {
            // What EnableUnitFiles with the PORTABLE flag creates: "enabled" only under /run (observed, 252 and 262).
            host.AddWantsLink(dir, "app.service", runtime);
        }
        if (active)
        {
            host.Units.Active.Add("app.service");
        }

        Assert.Equal(expected, host.Manager().GetState("app", [], 0));
    }

    // As observed with the real 252 and 262 for a unit attached from an image called app_1.
    [Theory]
    [InlineData(UpstreamVersion.V262, "app", true)]
    [InlineData(UpstreamVersion.V262, "/other/place/app_2.raw", true)]
    [InlineData(UpstreamVersion.V262, "apple", false)]
    [InlineData(UpstreamVersion.V262, "/y/app_1/", true)]
    [InlineData(UpstreamVersion.V252, "app", false)]
    [InlineData(UpstreamVersion.V252, "app_7", true)]
    [InlineData(UpstreamVersion.V252, "apple", false)]
    [InlineData(UpstreamVersion.V252, "/y/app", true)]
    [InlineData(UpstreamVersion.V252, "/y/app.raw", true)]
    [InlineData(UpstreamVersion.V252, "/y/app_1/", false)]
    public void GetState_MarkerMatching_IgnoresVersionAndSuffix(UpstreamVersion version, string query, bool attached)
    {
        using var host = new TestHost();
        AttachFake(host, "/etc/systemd/system.attached", "app.service", "/var/lib/portables/app_1.raw");

        Assert.Equal(attached ? PortableState.Attached : PortableState.Detached, host.Manager(version).GetState(query, [], 0));
    }

    [Fact]
    public void GetState_AttachedWithExtensionQueriedWithout_IsAttached()
    {
        using var host = new TestHost();
        AttachFake(host, "/etc/systemd/system.attached", "app.service", "/var/lib/portables/app:/srv/ext0");

        Assert.Equal(PortableState.Attached, host.Manager().GetState("app", [], 0));
    }

    [Fact]
    public void GetState_NonZeroFlags_ThrowsInvalidArgs()
    {
        using var host = new TestHost();

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().GetState("app", [], 1));

        Assert.Equal("Invalid 'flags' parameter '1'", e.Message);
    }

    [Fact]
    public void GetState_UnitManagerFails_Propagates()
    {
        using var host = new TestHost();
        AttachFake(host, "/etc/systemd/system.attached", "app.service", "/var/lib/portables/app");
        host.Units.Failure = new PortableException("org.freedesktop.DBus.Error.ServiceUnknown", "The name org.freedesktop.systemd1 was not provided by any .service files");

        Assert.Throws<PortableException>(() => host.Manager().GetState("app", [], 0));
    }

    [Fact]
    public void ListImages_StateFails_GivesNullState()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/app");
        AttachFake(host, "/etc/systemd/system.attached", "app.service", "/var/lib/portables/app");
        host.Units.Failure = new PortableException("org.freedesktop.DBus.Error.ServiceUnknown", "no systemd1");

        Assert.Null(Assert.Single(host.Manager().ListImages()).State);
    }

    [Fact]
    public void GetState_DropInIsSymlink_IsNotFollowed()
    {
        using var host = new TestHost();
        host.WriteFile("/srv/fake.conf", string.Format(System.Globalization.CultureInfo.InvariantCulture, Marker, "/var/lib/portables/app"));
        host.WriteFile("/etc/systemd/system.attached/app.service", "[Service]\n");
        host.Symlink("/etc/systemd/system.attached/app.service.d/20-portable.conf", host.Host("/srv/fake.conf"));

        Assert.Equal(PortableState.Detached, host.Manager().GetState("app", [], 0));
    }

    internal static void AttachFake(TestHost host, string dir, string unit, string marker)
    {
        host.WriteFile($"{dir}/{unit}", "[Service]\n");
        host.WriteFile($"{dir}/{unit}.d/20-portable.conf", string.Format(System.Globalization.CultureInfo.InvariantCulture, Marker, marker));
    }
}
