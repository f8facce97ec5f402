// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Scope;
using Portabled.Service.Hosting;

namespace Portabled.Service.Tests.Hosting;

public sealed class DaemonOptionsTests
{
    [Fact]
    public void Parse_NoArguments_UpstreamDefaults()
    {
        DaemonOptions o = DaemonOptions.Parse([]);
        Assert.Equal("system", o.Bus);
        Assert.Equal("/", o.Root);
        Assert.Equal(TimeSpan.FromSeconds(30), o.IdleExit);
        Assert.Equal("auto", o.UpstreamVersion);
    }

    [Fact]
    public void Parse_AllOptions_Taken()
    {
        DaemonOptions o = DaemonOptions.Parse(["--bus=unix:path=/tmp/x", "--root=/srv/root/", "--idle-exit=infinity", "--upstream-version=252"]);
        Assert.Equal("unix:path=/tmp/x", o.Bus);
        Assert.Equal("/srv/root/", o.Root);
        Assert.Null(o.IdleExit);
        Assert.Equal("252", o.UpstreamVersion);
        Assert.Equal(TimeSpan.FromSeconds(2.5), DaemonOptions.Parse(["--idle-exit=2.5"]).IdleExit);
    }

    [Fact]
    public void Parse_User_UserScopeOnTheUserBus()
    {
        DaemonOptions user = DaemonOptions.Parse(["--user"]);
        Assert.Equal(RuntimeScope.User, user.Scope);
        Assert.Equal("user", user.Bus);
        Assert.Equal("unix:path=/tmp/x", DaemonOptions.Parse(["--bus=unix:path=/tmp/x", "--user"]).Bus);
        Assert.Equal(RuntimeScope.System, DaemonOptions.Parse(["--user", "--system"]).Scope);
        Assert.Equal("system", DaemonOptions.Parse(["--user", "--system"]).Bus);
    }

    [Fact]
    public void ScopeFromEnvironment_User_HomeAndRuntimeDirectory()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/home/u", ["XDG_RUNTIME_DIR"] = "/run/user/7", ["XDG_CONFIG_HOME"] = "/cfg" };
        PortableScope s = ScopeFromEnvironment.Create(RuntimeScope.User, k => env.GetValueOrDefault(k));
        Assert.Equal("/cfg/systemd/user.attached", s.PersistentAttachedDirectory);
        Assert.Equal("/run/user/7/systemd/user.attached", s.RuntimeAttachedDirectory);
        Assert.Same(PortableScope.System, ScopeFromEnvironment.Create(RuntimeScope.System, _ => null));
        var e = Assert.Throws<InvalidOperationException>(() => ScopeFromEnvironment.Create(RuntimeScope.User, k => k == "HOME" ? "/home/u" : null));
        Assert.Equal("$XDG_RUNTIME_DIR is not set to an absolute path, cannot run in user scope.", e.Message);
    }

    [Theory]
    [InlineData("--user=yes", "Unknown option '--user=yes'.")]
    [InlineData("--root=relative", "--root= needs an absolute path, not 'relative'.")]
    [InlineData("--idle-exit=soon", "Invalid --idle-exit= value 'soon'.")]
    [InlineData("--upstream-version=255", "Invalid --upstream-version= value '255' (auto, 252 or 262).")]
    [InlineData("--bus", "Option '--bus' needs a value.")]
    [InlineData("--frobnicate", "Unknown option '--frobnicate'.")]
    public void Parse_BadInput_OneLineError(string argument, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => DaemonOptions.Parse([argument]));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Parse_User252_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => DaemonOptions.Parse(["--user", "--upstream-version=252"]));
        Assert.Equal("--user needs systemd 260 or newer behaviour, not --upstream-version=252.", e.Message);
    }
}
