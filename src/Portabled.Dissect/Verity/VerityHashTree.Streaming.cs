// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity;

/// <summary>
/// Sequential reads (file contents streamed by a reader) go through verified windows, and the window
/// after the one being read is read and checked on another thread meanwhile, so checking overlaps
/// with what the caller does with the data (decompressing, hashing) instead of adding to it.
/// </summary>
public sealed partial class VerityHashTree
{
    // Window size: 64 blocks of 4 KiB. Windows kept: the current one, the one being prefetched, two more.
    private const int WindowBytes = 256 << 10;
    private const int MaxWindows = 4;

    // A read this large, or one continuing where the last ended, counts as streaming.
    private const int StreamingReadBytes = 64 << 10;

    private readonly List<Window> _windows = [];
    private Task? _prefetch;
    private int _sequentialReads;

    private bool IsStreaming(long position, int count)
    {
        _sequentialReads = position == _lastReadEnd ? _sequentialReads + 1 : 0;
        return count >= StreamingReadBytes || _sequentialReads >= 4;
    }

    private void ReadStreaming(long position, Span<byte> destination)
    {
        int windowBytes = WindowSize;
        long lastWindow = -1;
        while (!destination.IsEmpty)
        {
            long index = position / windowBytes;
            int within = (int)(position % windowBytes);
            Window window = GetWindow(index);
            int take = Math.Min(destination.Length, window.Length - within);
            if (!window.Covers(within, take, SuperBlock.DataBlockSize))
            {
                // A block in the window failed: the per-block path fails with exactly that block (or reads a good one).
                ReadBlocks(position, destination);
                return;
            }

            window.Buffer.AsSpan(within, take).CopyTo(destination);
            destination = destination[take..];
            position += take;
            lastWindow = index;
        }

        if (lastWindow >= 0)
        {
            StartPrefetch(lastWindow + 1);
        }
    }

    private int WindowSize => Math.Max(WindowBytes, SuperBlock.DataBlockSize);

    private Window GetWindow(long index)
    {
        Window? window = _windows.Find(w => w.Index == index);
        if (window is null)
        {
            window = NewWindow(index);
            Load(window, _hasher);
        }
        else if (window.Pending is { } pending)
        {
            pending.Wait();
            window.Pending = null;
        }

        return window;
    }

    private void StartPrefetch(long index)
    {
        if (index * WindowSize >= SuperBlock.DataSize || _windows.Exists(w => w.Index == index) || _prefetch is { IsCompleted: false })
        {
            return;
        }

        Window window = NewWindow(index);
        window.Pending = _prefetch = Task.Run(() => Load(window, _prefetchHasher));
    }

    private void WaitForPrefetch()
    {
        try
        {
            _prefetch?.Wait();
        }
        catch (AggregateException)
        {
            // Load() records its failures in the window; nothing escapes it.
        }
    }

    /// <summary>A window for <paramref name="index"/>, reusing the buffer of the oldest finished one when the table is full.</summary>
    private Window NewWindow(long index)
    {
        byte[]? buffer = null;
        if (_windows.Count >= MaxWindows)
        {
            int oldest = _windows.FindIndex(w => w.Pending is null or { IsCompleted: true });
            if (oldest >= 0)
            {
                buffer = _windows[oldest].Buffer;
                _windows.RemoveAt(oldest);
            }
        }

        long start = index * WindowSize;
        var window = new Window(index, buffer ?? new byte[WindowSize], (int)Math.Min(WindowSize, SuperBlock.DataSize - start));
        _windows.Add(window);
        return window;
    }

    /// <summary>Reads and checks a window; records how many leading blocks are good instead of throwing.</summary>
    private void Load(Window window, VerityHasher hasher)
    {
        int blockSize = SuperBlock.DataBlockSize;
        long first = window.Index * WindowSize / blockSize;
        Span<byte> bytes = window.Buffer.AsSpan(0, window.Length);
        try
        {
            _data.ReadExactly(first * blockSize, bytes, "verity data");
            CheckDataBlocks(first, bytes, hasher);
            window.GoodBlocks = window.Length / blockSize;
        }
        catch (VerityMismatchException e) when (e.Kind == VerityBlockKind.Data)
        {
            window.GoodBlocks = (int)(e.Block - first);
        }
        catch (Exception e) when (e is InvalidImageException or IOException)
        {
            window.GoodBlocks = 0;
        }
    }

    /// <summary>One verified window of the data: <see cref="GoodBlocks"/> leading blocks passed their check.</summary>
    private sealed class Window(long index, byte[] buffer, int length)
    {
        public long Index { get; } = index;

        public byte[] Buffer { get; } = buffer;

        public int Length { get; } = length;

        public int GoodBlocks { get; set; }

        public Task? Pending { get; set; }

        public bool Covers(int offset, int count, int blockSize) => (offset + count + blockSize - 1) / blockSize <= GoodBlocks;
    }
}
