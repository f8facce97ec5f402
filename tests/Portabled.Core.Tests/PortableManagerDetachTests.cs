// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.State;
using Portabled.Core.Versions;
using Portabled.Core;
using static Portabled.Core.Tests.PortableManagerAttachTests;

namespace Portabled.Core.Tests;

public class PortableManagerDetachTests
{
    private const string Attached = "/etc/systemd/system.attached";

    [Theory]
    [InlineData(UpstreamVersion.V252)]
    [InlineData(UpstreamVersion.V262)]
    public void Detach_AfterAttach_RemovesEverythingInUpstreamOrder(UpstreamVersion version)
    {
        using var host = NewHost();
        PortableManager manager = host.Manager(version);
        manager.Attach("minimal-app", [], ["minimal-app"], "default", "", 0);

        var changes = manager.Detach("minimal-app", [], 0);

        Assert.Equal(
            [
                C(PortableChangeType.Unlink, $"{Attached}/minimal-app.service"),
                C(PortableChangeType.Unlink, $"{Attached}/minimal-app.service.d/10-profile.conf"),
                C(PortableChangeType.Unlink, $"{Attached}/minimal-app.service.d/20-portable.conf"),
                C(PortableChangeType.Unlink, $"{Attached}/minimal-app.service.d"),
                C(PortableChangeType.Unlink, "/etc/portables/minimal-app"),
                C(PortableChangeType.Unlink, Attached),
            ],
            changes);
        Assert.False(host.Exists(Attached));
        Assert.True(Directory.Exists(host.Host("/etc/portables")));
        Assert.True(host.Exists("/var/lib/portables/minimal-app/usr/lib/os-release"));
        Assert.Equal(PortableState.Detached, manager.GetState("minimal-app", [], 0));
    }

    // Observed: with the image link already gone, 262 still reports removing it (rm_rf, missing ok); 252 does not.
    [Theory]
    [InlineData(UpstreamVersion.V252, false)]
    [InlineData(UpstreamVersion.V262, true)]
    public void Detach_ImageLinkAlreadyGone_ReportedOnlyBy262(UpstreamVersion version, bool reported)
    {
        using var host = NewHost();
        PortableManager manager = host.Manager(version);
        manager.Attach("minimal-app", [], ["minimal-app"], "default", "", 0);
        File.Delete(host.Host("/etc/portables/minimal-app"));

        var changes = manager.Detach("minimal-app", [], 0);

        Assert.Equal(reported, changes.Contains(C(PortableChangeType.Unlink, "/etc/portables/minimal-app")));
    }

    [Fact]
    public void Detach_NothingAttached_ThrowsNoSuchUnit()
    {
        using var host = NewHost();

        var e = Assert.Throws<NoSuchUnitException>(() => host.Manager().Detach("minimal-app", [], 0));

        Assert.Equal("org.freedesktop.systemd1.NoSuchUnit", e.ErrorName);
        Assert.Equal("No unit files associated with 'minimal-app' found attached to the system. Image not attached?", e.Message);
        var withExtension = Assert.Throws<NoSuchUnitException>(() => host.Manager().Detach("minimal-app", ["app0"], 0));
        Assert.Equal("No unit files associated with 'minimal-app' or any of its extensions 'app0' found attached to the system. Image not attached?", withExtension.Message);
    }

    [Fact]
    public void Detach_ImageGone_StillDetachesByName()
    {
        using var host = NewHost();
        host.CreateImage("/srv/foo_1");
        host.Manager().Attach("/srv/foo_1", [], [], "default", "", 0);
        Directory.Delete(host.Host("/srv/foo_1"), recursive: true);

        var changes = host.Manager().Detach("foo", [], 0);

        Assert.Contains(C(PortableChangeType.Unlink, "/etc/portables/foo_1"), changes);
        Assert.False(host.Exists(Attached));
    }

    [Fact]
    public void Detach_UnitActive_RefusesUnlessForced()
    {
        using var host = NewHost();
        host.Manager().Attach("minimal-app", [], [], "default", "", 0);
        host.Units.Active.Add("minimal-app.service");
        Assert.Equal(PortableState.Running, host.Manager().GetState("minimal-app", [], 0));

        var e = Assert.Throws<UnitExistsException>(() => host.Manager().Detach("minimal-app", [], 0));

        Assert.Equal("Unit file 'minimal-app.service' is active, can't detach.", e.Message);
        Assert.True(host.Exists($"{Attached}/minimal-app.service"));
        Assert.NotEmpty(host.Manager().Detach("minimal-app", [], (ulong)PortableFlags.ForceAttach));
        Assert.False(host.Exists(Attached));
    }

    [Fact]
    public void Detach_Runtime_OnlyLooksInRun()
    {
        using var host = NewHost();
        host.Manager().Attach("minimal-app", [], [], "default", "", (ulong)PortableFlags.Runtime);

        Assert.Throws<NoSuchUnitException>(() => host.Manager().Detach("minimal-app", [], 0));
        var changes = host.Manager().Detach("minimal-app", [], (ulong)PortableFlags.Runtime);

        Assert.Contains(C(PortableChangeType.Unlink, "/run/portables/minimal-app"), changes);
        Assert.Equal(C(PortableChangeType.Unlink, "/run/systemd/system.attached"), changes[^1]);
    }

    [Fact]
    public void Detach_WithExtensions_262NeedsThemAll252MatchesRootAlone()
    {
        using var host = NewHost();
        CreateApp0(host);
        host.Manager().Attach("/srv/minimal-app", ["/srv/app0"], [], "default", "", 0);

        Assert.Throws<NoSuchUnitException>(() => host.Manager(UpstreamVersion.V262).Detach("/srv/minimal-app", [], 0));
        var changes = host.Manager(UpstreamVersion.V262).Detach("minimal-app", ["app0"], 0);
        Assert.Equal(
            [C(PortableChangeType.Unlink, "/etc/portables/minimal-app"), C(PortableChangeType.Unlink, "/etc/portables/app0"), C(PortableChangeType.Unlink, Attached)],
            changes.Skip(changes.Count - 3));

        host.Manager(UpstreamVersion.V252).Attach("/srv/minimal-app", ["/srv/app0"], [], "default", "", 0);
        Assert.Equal(11, host.Manager(UpstreamVersion.V252).Detach("/srv/minimal-app", [], 0).Count);
    }

    [Fact]
    public void Detach_LeftoverDropInWithoutUnitFile_IsStillRemoved()
    {
        using var host = NewHost();
        host.Manager().Attach("minimal-app", [], [], "default", "symlink", 0);
        File.Delete(host.Host($"{Attached}/minimal-app.service"));

        var changes = host.Manager().Detach("minimal-app", [], 0);

        Assert.Equal(C(PortableChangeType.Unlink, $"{Attached}/minimal-app.service.d/10-profile.conf"), changes[0]);
        Assert.False(host.Exists(Attached));
    }

    [Fact]
    public void Detach_ForeignDropInInUnitDirectory_ReportsErrorAfterRemovingTheRest()
    {
        using var host = NewHost();
        host.Manager().Attach("minimal-app", [], [], "default", "", 0);
        host.WriteFile($"{Attached}/minimal-app.service.d/50-admin.conf", "[Service]\n");

        var e = Assert.Throws<PortableChangesException>(() => host.Manager().Detach("minimal-app", [], 0));

        Assert.Equal("System.Error.ENOTEMPTY", e.ErrorName);
        Assert.Equal("Directory not empty", e.Message);
        Assert.Contains(C(PortableChangeType.Unlink, "/etc/portables/minimal-app"), e.Changes);
        Assert.False(host.Exists($"{Attached}/minimal-app.service"));
        Assert.True(host.Exists($"{Attached}/minimal-app.service.d/50-admin.conf"));
    }

    [Fact]
    public void Detach_SymlinkedUnitAndLinks_AreRemovedNotFollowed()
    {
        using var host = NewHost();
        host.Manager().Attach("minimal-app", [], [], "default", "symlink", 0);

        host.Manager().Detach("minimal-app", [], 0);

        Assert.True(File.Exists(host.Host("/var/lib/portables/minimal-app/usr/lib/systemd/system/minimal-app.service")));
        Assert.True(File.Exists(host.Host("/usr/lib/systemd/portable/profile/default/service.conf")));
    }

    [Fact]
    public void Detach_ImageLivingInEtcPortables_IsNeverDeleted()
    {
        using var host = NewHost();
        host.CreateImage("/etc/portables/inlink", "minimal-app");
        host.Manager().Attach("/etc/portables/inlink", [], [], "default", "", 0);

        host.Manager().Detach("inlink", [], 0);

        Assert.True(host.Exists("/etc/portables/inlink/usr/lib/os-release"));
    }

    [Fact]
    public void Detach_BadFlags_Throws()
    {
        using var host = NewHost();

        Assert.Equal("Invalid 'flags' parameter '16'", Assert.Throws<InvalidArgumentsException>(() => host.Manager().Detach("x", [], 16)).Message);
    }

    [Fact]
    public void Reattach_SameImage_RemovedEmptyUpdatedFull()
    {
        using var host = NewHost();
        host.Manager().Attach("minimal-app", [], ["minimal-app"], "default", "", 0);
        host.Units.Active.Add("minimal-app.service");

        var (removed, updated) = host.Manager().Reattach("minimal-app", [], ["minimal-app"], "default", "", 0);

        Assert.Empty(removed);
        Assert.Equal(6, updated.Count);
        Assert.Equal(C(PortableChangeType.Mkdir, Attached), updated[0]);
        Assert.Equal(PortableState.Running, host.Manager().GetState("minimal-app", [], 0));
    }

    [Fact]
    public void Reattach_NewVersion_ReportsRemovedUnits()
    {
        using var host = NewHost();
        host.CreateImage("/srv/foo_1");
        host.WriteUnit("/srv/foo_1", "/usr/lib/systemd/system", "foo-old.service");
        host.CreateImage("/srv/foo_2");
        host.Manager().Attach("/srv/foo_1", [], ["foo"], "default", "", 0);

        var (removed, updated) = host.Manager().Reattach("/srv/foo_2", [], ["foo"], "default", "", 0);

        // Upstream compares file names only, so the drop-ins (named like the new ones) are not listed.
        Assert.Equal(
            [
                C(PortableChangeType.Unlink, $"{Attached}/foo-old.service"),
                C(PortableChangeType.Unlink, $"{Attached}/foo-old.service.d"),
                C(PortableChangeType.Unlink, "/etc/portables/foo_1"),
            ],
            removed);
        Assert.Contains(C(PortableChangeType.Symlink, "/etc/portables/foo_2", "/srv/foo_2"), updated);
        Assert.Contains("RootDirectory=/srv/foo_2\n", host.ReadFile($"{Attached}/foo.service.d/20-portable.conf"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reattach_252ByNameThroughOwnLink_Works()
    {
        using var host = NewHost();
        PortableManager manager = host.Manager(UpstreamVersion.V252);
        manager.Attach("minimal-app", [], ["minimal-app"], "default", "", 0);
        Assert.Equal("/etc/portables/minimal-app", manager.AcquireImage("minimal-app").Path);

        var (removed, updated) = manager.Reattach("minimal-app", [], ["minimal-app"], "default", "", 0);

        Assert.Empty(removed);
        Assert.Contains(C(PortableChangeType.Symlink, "/etc/portables/minimal-app", "/var/lib/portables/minimal-app"), updated);
        Assert.Contains("RootDirectory=/var/lib/portables/minimal-app\n", host.ReadFile($"{Attached}/minimal-app.service.d/20-portable.conf"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reattach_NothingAttached_FailsWithoutWriting()
    {
        using var host = NewHost();

        Assert.Throws<NoSuchUnitException>(() => host.Manager().Reattach("minimal-app", [], [], "default", "", 0));
        Assert.False(host.Exists(Attached));
    }

    [Fact]
    public void Reattach_BadNewImage_KeepsOldAttachment()
    {
        using var host = NewHost();
        host.Manager().Attach("minimal-app", [], [], "default", "", 0);
        host.CreateImage("/srv/minimal-app_2", "minimal-app", osRelease: null);

        Assert.Throws<InvalidArgumentsException>(() => host.Manager().Reattach("/srv/minimal-app_2", [], [], "default", "", 0));
        Assert.Equal(PortableState.Attached, host.Manager().GetState("minimal-app", [], 0));
    }

    [Fact]
    public void State_FullCycle_FollowsAttachEnableRunDetach()
    {
        using var host = NewHost();
        PortableManager manager = host.Manager();
        Assert.Equal(PortableState.Detached, manager.GetState("minimal-app", [], 0));

        manager.Attach("minimal-app", [], [], "default", "", 0);
        Assert.Equal(PortableState.Attached, manager.GetState("minimal-app", [], 0));
        Assert.Equal("attached", Assert.Single(manager.ListImages()).State);

        host.Enable("minimal-app.service");
        Assert.Equal(PortableState.Enabled, manager.GetState("minimal-app", [], 0));

        host.Units.Active.Add("minimal-app.service");
        Assert.Equal(PortableState.Running, manager.GetState("/var/lib/portables/minimal-app", [], 0));

        host.Units.Active.Clear();
        manager.Detach("minimal-app", [], 0);
        Assert.Equal(PortableState.Detached, manager.GetState("minimal-app", [], 0));
    }
}
