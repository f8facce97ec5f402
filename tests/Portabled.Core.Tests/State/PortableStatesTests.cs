// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.State;

namespace Portabled.Core.Tests.State;

public class PortableStatesTests
{
    [Theory]
    [InlineData(PortableState.Detached, "detached")]
    [InlineData(PortableState.Attached, "attached")]
    [InlineData(PortableState.AttachedRuntime, "attached-runtime")]
    [InlineData(PortableState.Enabled, "enabled")]
    [InlineData(PortableState.EnabledRuntime, "enabled-runtime")]
    [InlineData(PortableState.Running, "running")]
    [InlineData(PortableState.RunningRuntime, "running-runtime")]
    public void ToWire_EveryState_RoundTrips(PortableState state, string wire)
    {
        Assert.Equal(wire, PortableStates.ToWire(state));
        Assert.True(PortableStates.TryParse(wire, out PortableState parsed));
        Assert.Equal(state, parsed);
    }

    [Fact]
    public void ToWire_AllEnumValues_AreCovered()
    {
        Assert.All(Enum.GetValues<PortableState>(), s => Assert.True(PortableStates.TryParse(PortableStates.ToWire(s), out _)));
        Assert.False(PortableStates.TryParse("Attached", out _));
    }
}
