// SPDX-License-Identifier: LGPL-2.1-or-later
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

    [Theory]
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
}
