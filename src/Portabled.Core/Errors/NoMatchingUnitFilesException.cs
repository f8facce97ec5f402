// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Versions;

namespace Portabled.Core.Errors;

/// <summary>
/// No unit file matched: <c>Couldn't find any matching unit files in image '%s%s%s', refusing.</c>
/// 262 uses <c>org.freedesktop.portable1.NoMatchingUnitFiles</c>, 252 <c>InvalidArgs</c>.
/// </summary>
public sealed class NoMatchingUnitFilesException : PortableException
{
    /// <summary>Creates the exception; <paramref name="imageDescription"/> is the image path plus the extension infix.</summary>
    public NoMatchingUnitFilesException(UpstreamBehavior behavior, string imageDescription)
        : base(
            behavior.NoMatchingUnitFilesErrorName,
            $"Couldn't find any matching unit files in image '{imageDescription}', refusing.")
    {
    }
}
