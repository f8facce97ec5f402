// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.Core.Attach;

/// <summary>
/// The marker in the first line of every <c>20-portable.conf</c>
/// (<c># Drop-in created for image '&lt;root&gt;[:&lt;ext&gt;…]', do not edit.</c>), which is how attached
/// units are recognised (docs/attach-detach.md, "Drop-in format", "Markers"). Each path is escaped like systemd's xescape(path, ":"):
/// control characters, bytes ≥ 127, <c>\</c> and <c>:</c> become <c>\xHH</c>.
/// </summary>
internal static class Marker
{
    /// <summary>Text before the marker.</summary>
    public const string Prefix = "# Drop-in created for image '";

    /// <summary>Text after the marker.</summary>
    public const string Suffix = "', do not edit.";

    /// <summary>The marker for a root image and its extensions.</summary>
    public static string Format(string rootPath, IReadOnlyList<string> extensionPaths)
    {
        var sb = new StringBuilder(Escape(rootPath));
        foreach (string extension in extensionPaths)
        {
            sb.Append(':').Append(Escape(extension));
        }

        return sb.ToString();
    }

    /// <summary>The marker of a drop-in's first line, or null when the line is not a marker line.</summary>
    public static string? TryParseLine(string firstLine)
    {
        if (!firstLine.StartsWith(Prefix, StringComparison.Ordinal) || !firstLine.EndsWith(Suffix, StringComparison.Ordinal) ||
            firstLine.Length < Prefix.Length + Suffix.Length)
        {
            return null;
        }

        return firstLine[Prefix.Length..^Suffix.Length];
    }

    /// <summary>Splits a marker at its (unescaped) colons and unescapes each component.</summary>
    public static IReadOnlyList<string> Split(string marker)
    {
        var result = new List<string>();
        foreach (string part in marker.Split(':'))
        {
            if (part.Length > 0)
            {
                result.Add(Unescape(part));
            }
        }

        return result;
    }

    /// <summary>xescape(s, ":").</summary>
    public static string Escape(string path)
    {
        var sb = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(path))
        {
            if (b < ' ' || b >= 127 || b == '\\' || b == ':')
            {
                sb.Append("\\x").Append(((int)b).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/> (<c>\xHH</c> sequences; anything else is kept).</summary>
    public static string Unescape(string escaped)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 3 < escaped.Length && escaped[i + 1] == 'x' &&
                byte.TryParse(escaped.AsSpan(i + 2, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out byte value))
            {
                bytes.Add(value);
                i += 3;
            }
            else if (char.IsHighSurrogate(escaped[i]) && i + 1 < escaped.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(escaped.Substring(i, 2)));
                i++;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(escaped[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
