// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;

namespace Portabled.Core.Tests.Attach;

public class PortableChangeTypesTests
{
    [Theory]
    [InlineData(PortableChangeType.Copy, "copy")]
    [InlineData(PortableChangeType.Symlink, "symlink")]
    [InlineData(PortableChangeType.Unlink, "unlink")]
    [InlineData(PortableChangeType.Write, "write")]
    [InlineData(PortableChangeType.Mkdir, "mkdir")]
    public void ToWire_EveryType_RoundTrips(PortableChangeType type, string wire)
    {
        Assert.Equal(wire, PortableChangeTypes.ToWire(type));
        Assert.True(PortableChangeTypes.TryParse(wire, out PortableChangeType parsed));
        Assert.Equal(type, parsed);
    }

    [Fact]
    public void ToWire_AllEnumValues_AreCovered()
    {
        Assert.All(Enum.GetValues<PortableChangeType>(), t => Assert.True(PortableChangeTypes.TryParse(PortableChangeTypes.ToWire(t), out _)));
        Assert.False(PortableChangeTypes.TryParse("Copy", out _));
    }
}
