// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Scope;

namespace Portabled.Core.Tests.Scope;

/// <summary>The scope's directories (docs/user-scope.md, "Directories") and a user-scope manager over them.</summary>
public sealed class PortableScopeTests
{
    private const string Home = "/home/u";
    private const string Runtime = "/run/user/1000";
    private const string UserOsRelease = "ID=t\nVERSION_ID=1\nPORTABLE_SCOPE=user\n";

    [Fact]
    public void ForUser_Defaults_UpstreamsDirectories()
    {
        PortableScope s = PortableScope.ForUser(Home, Runtime + "/");

        Assert.Equal(RuntimeScope.User, s.Kind);
        Assert.Equal("user", s.Name);
        Assert.Equal(["/run/user/1000/portables", "/home/u/.local/state/portables", "/home/u/.local/lib/portables"], s.ImageSearchPath);
        Assert.Equal("/home/u/.local/state/portables", s.PoolPath);
        Assert.Equal("/home/u/.config/systemd/user.attached", s.GetAttachedDirectory(false));
        Assert.Equal("/run/user/1000/systemd/user.attached", s.GetAttachedDirectory(true));
        Assert.Equal("/home/u/.config/portables", s.GetLinkDirectory(false));
        Assert.Equal("/run/user/1000/portables", s.GetLinkDirectory(true));
        Assert.Equal("/run/user/1000/systemd/nspawn/locks", s.LockDirectory);
        Assert.Equal("/usr/lib/systemd/user", s.ImageUnitSearchPath[^1]);
        Assert.Contains("/home/u/.config/systemd/user.attached", s.HostUnitSearchPath);
    }

    [Fact]
    public void ForUser_XdgHomes_UsedWhenAbsolute()
    {
        PortableScope s = PortableScope.ForUser(Home, Runtime, "/cfg", "/st");
        PortableScope relative = PortableScope.ForUser(Home, Runtime, "cfg", "st");

        Assert.Equal("/cfg/systemd/user.attached", s.PersistentAttachedDirectory);
        Assert.Equal("/st/portables", s.PoolPath);
        Assert.Equal("/home/u/.config/systemd/user.attached", relative.PersistentAttachedDirectory);
        Assert.Equal("/home/u/.local/state/portables", relative.PoolPath);
    }

    [Fact]
    public void ForUser_RelativeHome_Throws()
    {
        Assert.Throws<ArgumentException>(() => PortableScope.ForUser("home", Runtime));
        Assert.Throws<ArgumentException>(() => PortableScope.ForUser(Home, ""));
    }

    [Theory]
    [InlineData("system", "system", true)]
    [InlineData("system", "user", false)]
    [InlineData("system", "any", true)]
    [InlineData("user", "user", true)]
    [InlineData("user", "system", false)]
    [InlineData("user", "any", true)]
    public void Accepts_Table(string instance, string image, bool accepted)
    {
        PortableScope scope = instance == "user" ? PortableScope.ForUser(Home, Runtime) : PortableScope.System;
        Assert.Equal(accepted, scope.Accepts(image));
    }

    [Fact]
    public void Attach_UserScope_UserUnitsIntoUserAttached()
    {
        using var host = new TestHost(scope: PortableScope.ForUser(Home, Runtime));
        host.WriteFile("/usr/lib/systemd/user/portable/profile/default/service.conf", "[Service]\nPrivateTmp=yes\n");
        const string Image = Home + "/.local/state/portables/app";
        host.CreateImage(Image, null, UserOsRelease);
        host.WriteUnit(Image, "/usr/lib/systemd/user", "app.service");
        host.WriteUnit(Image, "/usr/lib/systemd/system", "app-system.service");

        var changes = host.Manager().Attach("app", [], [], "default", "", 0);

        Assert.Contains(changes, c => c.Path == "/home/u/.config/systemd/user.attached/app.service");
        Assert.DoesNotContain(changes, c => c.Path.Contains("app-system", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.Path == "/home/u/.config/portables/app" && c.Source == Image);
        Assert.True(File.Exists(host.Host("/home/u/.config/systemd/user.attached/app.service.d/20-portable.conf")));
        Assert.Equal("/usr/lib/systemd/user/portable/profile/default/service.conf",
            File.ResolveLinkTarget(host.Host("/home/u/.config/systemd/user.attached/app.service.d/10-profile.conf"), false)?.ToString() ?? "");
        Assert.Equal("/home/u/.local/state/portables", host.Manager().PoolPath);
    }

    [Theory]
    [InlineData("ID=t\n", "system")]
    [InlineData("ID=t\nPORTABLE_SCOPE=system\n", "system")]
    public void Attach_UserScopeSystemImage_Throws(string osRelease, string imageScope)
    {
        using var host = new TestHost(scope: PortableScope.ForUser(Home, Runtime));
        host.WriteFile("/usr/lib/systemd/user/portable/profile/default/service.conf", "[Service]\nPrivateTmp=yes\n");
        host.CreateImage("/srv/app", null, osRelease);
        host.WriteUnit("/srv/app", "/usr/lib/systemd/user", "app.service");

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().Attach("/srv/app", [], [], "default", "", 0));

        Assert.Equal($"Image /srv/app portable scope '{imageScope}' incompatible with portabled runtime scope 'user'.", e.Message);
    }
}
