// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Profiles;
using Portabled.Core.Versions;

namespace Portabled.Core.Tests.Profiles;

public class ProfileSearchTests
{
    [Fact]
    public void List_ShippedAndCustomProfiles_SortedWithoutMaskedOrFiles()
    {
        using var host = new TestHost();
        host.CreateDefaultProfiles();
        host.WriteFile("/etc/systemd/portable/profile/custom/service.conf", "[Service]\n");
        host.Symlink("/etc/systemd/portable/profile/trusted", "/dev/null");
        host.WriteFile("/run/systemd/portable/profile/not-a-dir", "x");
        host.WriteFile("/run/systemd/portable/profile/strict/service.conf", "[Service]\n");

        Assert.Equal(["custom", "default", "nonetwork", "strict"], host.Manager().GetProfiles());
    }

    [Fact]
    public void List_252_AlsoSearchesSplitUsr()
    {
        using var host = new TestHost();
        host.WriteFile("/lib/systemd/portable/profile/legacy/service.conf", "[Service]\n");

        Assert.Equal(["legacy"], host.Manager(UpstreamVersion.V252).GetProfiles());
        Assert.Empty(host.Manager(UpstreamVersion.V262).GetProfiles());
    }

    [Fact]
    public void FindDropIn_EarlierDirectoryWins()
    {
        using var host = new TestHost();
        host.CreateDefaultProfiles();
        host.WriteFile("/etc/systemd/portable/profile/default/service.conf", "[Service]\n");
        var search = new ProfileSearch(host.Layout, UpstreamBehavior.V262);

        Assert.Equal("/etc/systemd/portable/profile/default/service.conf", search.FindDropIn("default", "service"));
        Assert.Equal("/usr/lib/systemd/portable/profile/strict/service.conf", search.FindDropIn("strict", "service"));
        Assert.Null(search.FindDropIn("default", "socket"));
    }
}
