// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Versions;

namespace Portabled.Core.Tests.Versions;

public class UpstreamBehaviorTests
{
    [Theory]
    [InlineData(UpstreamVersion.V252)]
    [InlineData(UpstreamVersion.V262)]
    public void For_EachRelease_IsThatRelease(UpstreamVersion version)
    {
        Assert.Equal(version, UpstreamBehavior.For(version).Version);
    }

    [Fact]
    public void For_UnknownRelease_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UpstreamBehavior.For((UpstreamVersion)99));
    }

    [Fact]
    public void Instances_DifferInEveryBooleanBehaviour()
    {
        // Each named behaviour exists because 252 and 262 disagree on it; one that does not differ
        // is not a version behaviour and belongs in the code.
        foreach (var property in typeof(UpstreamBehavior).GetProperties().Where(p => p.PropertyType == typeof(bool)))
        {
            Assert.NotEqual(property.GetValue(UpstreamBehavior.V252), property.GetValue(UpstreamBehavior.V262));
        }
    }

    [Fact]
    public void ProfileSearchPath_252_AlsoSearchesSplitUsrLib()
    {
        Assert.Equal([.. UpstreamBehavior.V262.ProfileSearchPath, "/lib/systemd/portable/profile"], UpstreamBehavior.V252.ProfileSearchPath);
    }
}
