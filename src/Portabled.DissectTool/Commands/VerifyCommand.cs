// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics;
using System.Globalization;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.Verity;

namespace Portabled.DissectTool.Commands;

/// <summary>
/// --verify: checks the root hash signature (if any) and then every block of the verity protected
/// partition against its hash tree, as <c>veritysetup verify</c> does, spread over two cores. On a
/// terminal, progress goes to standard error. A bad block fails the command (exit 1) naming it; an
/// image without a usable hash tree fails too, since nothing could be checked.
/// </summary>
internal static class VerifyCommand
{
    // Redraw the progress line at most this often.
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(200);

    public static void Run(ToolContext context, string imagePath, DissectionOptions options)
    {
        using DissectedImage image = DissectedImage.Open(imagePath, options);
        if (!image.Verity.IsReady || image.Verity.Designator is not PartitionDesignator designator)
        {
            throw new InvalidOperationException(image.Verity.RootHash.IsEmpty
                ? "No verity protected partition found (no root hash)."
                : "No verity protected partition found (no hash tree for the root hash).");
        }

        string name = PartitionDesignatorNames.ToName(designator);
        VerityHashTree tree = image.OpenVerityTree();
        VeritySuperBlock sb = tree.SuperBlock;
        bool showProgress = !Console.IsErrorRedirected;
        var clock = Stopwatch.StartNew();
        long lastDraw = 0;
        object drawLock = new();
        void Progress(long done)
        {
            if (!showProgress || clock.ElapsedTicks - Interlocked.Read(ref lastDraw) < s_progressInterval.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond)
            {
                return;
            }

            lock (drawLock)
            {
                Interlocked.Exchange(ref lastDraw, clock.ElapsedTicks);
                context.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rVerifying {name}: {done * 100 / sb.DataSize,3}%"));
                context.Error.Flush();
            }
        }

        try
        {
            tree.VerifyAll(Progress, parallelism: Math.Min(2, Environment.ProcessorCount));
        }
        finally
        {
            if (showProgress)
            {
                context.Error.Write("\r\u001b[K");
                context.Error.Flush();
            }
        }

        string signed = image.Verity.IsSignatureReady ? ", signature valid" : string.Empty;
        context.Out.Write(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {sb.DataBlocks} data blocks of {sb.DataBlockSize} bytes verified ({sb.Algorithm.Name}, root hash {Convert.ToHexStringLower(tree.RootHash.Span)}{signed}).\n"));
    }
}
