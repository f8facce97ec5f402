// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems.SquashFs;

namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

/// <summary>The fragment cache's single load per block (--mtree reads neighbouring files, which share fragments, on several threads).</summary>
public class SquashFsBlockCacheTests
{
    [Fact]
    public void GetOrAdd_SecondCall_ReturnsTheCachedBlockWithoutLoading()
    {
        var cache = new SquashFsBlockCache(4);
        int loads = 0;
        SquashFsBlock Load(int _)
        {
            loads++;
            return new SquashFsBlock(new byte[8], 8, 8);
        }

        SquashFsBlock first = cache.GetOrAdd(100, 0, Load);
        SquashFsBlock second = cache.GetOrAdd(100, 0, Load);

        Assert.Equal(1, loads);
        Assert.Same(first.Data, second.Data);
    }

    [Fact]
    public void GetOrAdd_LoadThrows_NothingCachedAndTheNextCallLoadsAndFailsAgain()
    {
        var cache = new SquashFsBlockCache(4);
        int loads = 0;
        SquashFsBlock Fail(int _)
        {
            loads++;
            throw new InvalidImageException("img", "SquashFsFragmentBlock", 100, "corrupt");
        }

        Assert.Throws<InvalidImageException>(() => cache.GetOrAdd(100, 0, Fail));
        Assert.Throws<InvalidImageException>(() => cache.GetOrAdd(100, 0, Fail));

        Assert.Equal(2, loads);
        Assert.False(cache.TryGet(100, out _));
    }

    [Fact]
    public void GetOrAdd_ManyThreadsOneBlock_LoadedOnce()
    {
        var cache = new SquashFsBlockCache(4);
        int loads = 0;
        using var release = new ManualResetEventSlim();
        SquashFsBlock Load(int _)
        {
            Interlocked.Increment(ref loads);
            release.Wait();
            return new SquashFsBlock(new byte[8], 8, 8);
        }

        // However the threads interleave, each either waits for the one load or finds its block cached.
        var results = new SquashFsBlock[4];
        Thread[] readers = [.. Enumerable.Range(0, results.Length).Select(i => new Thread(() => results[i] = cache.GetOrAdd(100, 0, Load)))];
        foreach (Thread reader in readers)
        {
            reader.Start();
        }

        release.Set();
        foreach (Thread reader in readers)
        {
            reader.Join();
        }

        Assert.Equal(1, loads);
        Assert.All(results, r => Assert.Same(results[0].Data, r.Data));
    }
}
