// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;

namespace Portabled.Core.Errors;

/// <summary>
/// An operation that keeps going after a failure (detach removing many files) finished with an
/// error: the first error's name and message, plus every change that was made. The D-Bus reply is
/// the error, as upstream's; the changes are there for logging.
/// </summary>
public sealed class PortableChangesException : PortableException
{
    /// <summary>Creates the exception from the first error and the changes made.</summary>
    public PortableChangesException(PortableException firstError, IReadOnlyList<PortableChange> changes)
        : base(firstError.ErrorName, firstError.Message, firstError)
    {
        Changes = changes;
    }

    /// <summary>The changes made despite the error.</summary>
    public IReadOnlyList<PortableChange> Changes { get; }
}
