// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Portabled.Dissect.FileSystems;

/// <summary>
/// Collects one node's extended attributes for a reader and applies <see cref="ExtendedAttributeLimits"/>
/// in one place. A reader calls <see cref="Reserve"/> with the sizes it found on disk before it reads
/// or allocates anything, then <see cref="Add"/> with the bytes; a violation becomes the reader's
/// <see cref="InvalidImageException"/> (through the factory it passed in), naming where it was found.
/// </summary>
internal sealed class ExtendedAttributeList
{
    private readonly Func<long, string, InvalidImageException> _invalid;
    private readonly List<ExtendedAttribute> _attributes = [];
    private long _totalBytes;

    /// <param name="invalid">Makes the reader's exception for a problem at an absolute byte offset.</param>
    public ExtendedAttributeList(Func<long, string, InvalidImageException> invalid)
    {
        _invalid = invalid;
    }

    /// <summary>The attributes collected so far, in on-disk order.</summary>
    public IReadOnlyList<ExtendedAttribute> Attributes => _attributes;

    /// <summary>
    /// Checks one more attribute of <paramref name="nameLength"/> bytes of name (prefix included)
    /// and <paramref name="valueSize"/> bytes of value against the limits, before it is read.
    /// </summary>
    public void Reserve(int nameLength, long valueSize, long offset)
    {
        if (nameLength is < 1 or > ExtendedAttributeLimits.MaxNameLength)
        {
            throw _invalid(offset, $"extended attribute name of {nameLength} bytes is not in 1…{ExtendedAttributeLimits.MaxNameLength}");
        }

        if (valueSize is < 0 or > ExtendedAttributeLimits.MaxValueSize)
        {
            throw _invalid(offset, $"extended attribute value of {valueSize} bytes exceeds {ExtendedAttributeLimits.MaxValueSize}");
        }

        if (_attributes.Count >= ExtendedAttributeLimits.MaxAttributesPerNode)
        {
            throw _invalid(offset, $"more than {ExtendedAttributeLimits.MaxAttributesPerNode} extended attributes on one inode");
        }

        _totalBytes += nameLength + valueSize;
        if (_totalBytes > ExtendedAttributeLimits.MaxTotalBytesPerNode)
        {
            throw _invalid(offset, $"extended attributes of one inode exceed {ExtendedAttributeLimits.MaxTotalBytesPerNode} bytes");
        }
    }

    /// <summary>Adds <paramref name="prefix"/> + <paramref name="name"/> (no NUL allowed) with its value; <see cref="Reserve"/> came first.</summary>
    public void Add(string prefix, ReadOnlySpan<byte> name, byte[] value, long offset)
    {
        if (name.Contains((byte)0))
        {
            throw _invalid(offset, "extended attribute name contains a NUL byte");
        }

        _attributes.Add(new ExtendedAttribute(prefix + Encoding.UTF8.GetString(name), value));
    }

    /// <summary>The first attribute named <paramref name="name"/> in <paramref name="attributes"/> (getxattr returns the first match too).</summary>
    public static bool TryFind(IReadOnlyList<ExtendedAttribute> attributes, string name, [NotNullWhen(true)] out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (ExtendedAttribute attribute in attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.Ordinal))
            {
                value = attribute.Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}
