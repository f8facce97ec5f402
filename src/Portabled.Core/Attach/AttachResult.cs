// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections;
using Portabled.Core.Images;

namespace Portabled.Core.Attach;

/// <summary>
/// What <c>AttachImage*</c> did: the changes, in order (the reply; this is the list), and the image
/// that was attached, as it was resolved for the attach. The host logs that image ("Successfully
/// attached '…'") without looking it up again: a second lookup could fail or find another image
/// after the attach succeeded.
/// </summary>
public sealed class AttachResult : IReadOnlyList<PortableChange>
{
    private readonly IReadOnlyList<PortableChange> _changes;

    /// <summary>Creates the result.</summary>
    public AttachResult(IReadOnlyList<PortableChange> changes, PortableImage image)
    {
        _changes = changes;
        Image = image;
    }

    /// <summary>The image attached (its <see cref="PortableImage.Path"/> is the one the drop-ins name).</summary>
    public PortableImage Image { get; }

    /// <inheritdoc />
    public int Count => _changes.Count;

    /// <inheritdoc />
    public PortableChange this[int index] => _changes[index];

    /// <inheritdoc />
    public IEnumerator<PortableChange> GetEnumerator() => _changes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
