// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime;
using System.Runtime.InteropServices;

namespace Portabled.Service.Hosting;

/// <summary>
/// Gives memory back once the daemon has gone quiet after work: a dissection of a large or hostile
/// image leaves garbage and freed native heap behind, and a daemon that then idles for up to 30 s
/// (or for ever with --idle-exit=infinity) should not sit on it (docs/benchmarks.md, "Daemon
/// memory"). One compacting collection and malloc_trim per quiet period, never while calls arrive,
/// and only after enough allocation to be worth it: the collection itself brings the GC's compacting
/// code into memory (about 0.8 MB of the binary), more than a start-up or a small call leaves behind.
/// </summary>
public sealed partial class MemoryTrimmer
{
    /// <summary>How long after the last bus activity the memory is given back.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    /// <summary>Managed allocation since the last trim (or the start) below which there is nothing worth giving back.</summary>
    public const long WorthTrimming = 4 << 20;

    private readonly Action _trim;
    private readonly Func<long> _allocated;
    private long _trimmedAfter = long.MinValue;
    private long _allocatedAtTrim;

    /// <summary>Creates a trimmer that collects the managed heap and trims the C heap.</summary>
    public MemoryTrimmer()
        : this(TrimProcess, () => GC.GetTotalAllocatedBytes(precise: false))
    {
    }

    /// <summary>Creates a trimmer running <paramref name="trim"/>, with <paramref name="allocated"/> the bytes allocated so far (tests).</summary>
    internal MemoryTrimmer(Action trim, Func<long> allocated)
    {
        _trim = trim;
        _allocated = allocated;
    }

    /// <summary>
    /// Called now and then with the time (<see cref="Environment.TickCount64"/>) of the last bus
    /// activity: trims once when that activity is at least <see cref="Quiet"/> old and not trimmed yet,
    /// if at least <see cref="WorthTrimming"/> bytes were allocated since the last trim. Returns whether it trimmed.
    /// </summary>
    public bool OnTick(long lastActivity, long now)
    {
        if (lastActivity <= _trimmedAfter || now - lastActivity < (long)Quiet.TotalMilliseconds)
        {
            return false;
        }

        _trimmedAfter = lastActivity;
        long allocated = _allocated();
        if (allocated - _allocatedAtTrim < WorthTrimming)
        {
            return false;
        }

        _trim();
        _allocatedAtTrim = _allocated();
        return true;
    }

    private static void TrimProcess()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _ = MallocTrim(0);
    }

    [LibraryImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
