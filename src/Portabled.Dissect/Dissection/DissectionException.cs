// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>
/// The image is readable but does not dissect into something usable: no partition table or file
/// system, no (or more than one) suitable root, inconsistent verity partitions. <see cref="Error"/>
/// says which, so callers can produce upstream's message.
/// </summary>
public sealed class DissectionException : InvalidImageException
{
    /// <summary>Creates the exception.</summary>
    public DissectionException(string image, DissectionError error, string problem)
        : base(image, problem)
    {
        Error = error;
    }

    /// <summary>Which dissection failure this is.</summary>
    public DissectionError Error { get; }
}
