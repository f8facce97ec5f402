// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Service.Hosting;

namespace Portabled.Service.Tests.Hosting;

public sealed class MemoryTrimmerTests
{
    private static readonly long s_quiet = (long)MemoryTrimmer.Quiet.TotalMilliseconds;

    [Fact]
    public void OnTick_BeforeTheQuietPeriod_DoesNotTrim()
    {
        int trims = 0;
        long allocated = 0;
        var trimmer = new MemoryTrimmer(() => trims++, () => allocated += MemoryTrimmer.WorthTrimming);

        Assert.False(trimmer.OnTick(lastActivity: 1000, now: 1000 + s_quiet - 1));
        Assert.Equal(0, trims);
    }

    [Fact]
    public void OnTick_QuietAfterActivity_TrimsOncePerQuietPeriod()
    {
        int trims = 0;
        long allocated = 0;
        var trimmer = new MemoryTrimmer(() => trims++, () => allocated += MemoryTrimmer.WorthTrimming);

        Assert.True(trimmer.OnTick(1000, 1000 + s_quiet));
        Assert.False(trimmer.OnTick(1000, 1000 + (5 * s_quiet)));
        Assert.Equal(1, trims);
    }

    [Fact]
    public void OnTick_NewActivity_TrimsAgainAfterItsQuietPeriod()
    {
        int trims = 0;
        long allocated = 0;
        var trimmer = new MemoryTrimmer(() => trims++, () => allocated += MemoryTrimmer.WorthTrimming);
        trimmer.OnTick(1000, 1000 + s_quiet);

        Assert.False(trimmer.OnTick(9000, 9000 + 1));
        Assert.True(trimmer.OnTick(9000, 9000 + s_quiet));
        Assert.Equal(2, trims);
    }

    [Fact]
    public void OnTick_LittleAllocatedSinceTheLastTrim_DoesNotTrim()
    {
        int trims = 0;
        long allocated = 0;
        var trimmer = new MemoryTrimmer(() => trims++, () => allocated);
        allocated = MemoryTrimmer.WorthTrimming;
        Assert.True(trimmer.OnTick(1000, 1000 + s_quiet));

        allocated += MemoryTrimmer.WorthTrimming - 1;
        Assert.False(trimmer.OnTick(9000, 9000 + s_quiet));
        allocated += 1;
        Assert.True(trimmer.OnTick(20000, 20000 + s_quiet));
        Assert.Equal(2, trims);
    }

    [Fact]
    public void OnTick_RealTrim_Runs()
    {
        var trimmer = new MemoryTrimmer();
        GC.KeepAlive(new byte[MemoryTrimmer.WorthTrimming + 1]);

        Assert.True(trimmer.OnTick(0, s_quiet));
    }
}
