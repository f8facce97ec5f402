// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.ExceptionServices;
using Portabled.Dissect.FileSystems;

namespace Portabled.DissectTool.Commands;

/// <summary>One file handed to a <see cref="FileHashPipeline"/>: its node, then its hash or the error hashing it gave.</summary>
internal sealed class FileHashJob
{
    public FileHashJob(FileSystemNode file)
    {
        File = file;
    }

    public FileSystemNode File { get; }

    // Written by the worker before Done, read by the waiter after it; both under the pipeline's monitor.
    public string? Hash { get; set; }

    public ExceptionDispatchInfo? Error { get; set; }

    public bool Done { get; set; }
}
