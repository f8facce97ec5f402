// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;

namespace Portabled.Core.Tests.Images;

public class PortableImageTypesTests
{
    [Theory]
    [InlineData(PortableImageType.Directory, "directory")]
    [InlineData(PortableImageType.Subvolume, "subvolume")]
    [InlineData(PortableImageType.Raw, "raw")]
    [InlineData(PortableImageType.Block, "block")]
    public void ToWire_EveryType_RoundTrips(PortableImageType type, string wire)
    {
        Assert.Equal(wire, PortableImageTypes.ToWire(type));
        Assert.True(PortableImageTypes.TryParse(wire, out PortableImageType parsed));
        Assert.Equal(type, parsed);
    }

    [Fact]
    public void ToWire_AllEnumValues_AreCovered()
    {
        Assert.All(Enum.GetValues<PortableImageType>(), t => Assert.True(PortableImageTypes.TryParse(PortableImageTypes.ToWire(t), out _)));
        Assert.False(PortableImageTypes.TryParse("mstack", out _));
    }
}
