// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.Dissect.Metadata;

/// <summary>
/// UTF-8 as systemd accepts it in environment files: shortest-form sequences of a code point below
/// U+110000 that is not a UTF-16 surrogate and not a non-character (U+FDD0…U+FDEF, and the last two
/// code points of every plane). That is stricter than .NET's decoder, which accepts non-characters.
/// </summary>
internal static class SystemdUtf8
{
    /// <summary>Whether every character of <paramref name="bytes"/> is valid.</summary>
    public static bool IsValid(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length;)
        {
            int length = ValidLength(bytes[i..]);
            if (length < 0)
            {
                return false;
            }

            i += length;
        }

        return true;
    }

    /// <summary>The text with each byte that does not start a valid character replaced by U+FFFD, as systemd shows it in its messages.</summary>
    public static string EscapeInvalid(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        for (int i = 0; i < bytes.Length;)
        {
            int length = ValidLength(bytes[i..]);
            if (length < 0)
            {
                text.Append('\uFFFD');
                i++;
                continue;
            }

            text.Append(Encoding.UTF8.GetString(bytes.Slice(i, length)));
            i += length;
        }

        return text.ToString();
    }

    // The length of the valid character at the start of s, or -1.
    private static int ValidLength(ReadOnlySpan<byte> s)
    {
        byte lead = s[0];
        int length = lead switch
        {
            < 0x80 => 1,
            >= 0xC0 and < 0xE0 => 2,
            >= 0xE0 and < 0xF0 => 3,
            >= 0xF0 and < 0xF8 => 4,
            >= 0xF8 and < 0xFC => 5,
            >= 0xFC and < 0xFE => 6,
            _ => -1,
        };
        if (length <= 1)
        {
            return length;
        }

        if (length > s.Length)
        {
            return -1;
        }

        // Five- and six-byte forms decode to at least U+200000 and fail the range check below.
        int codePoint = lead & (0x7F >> length);
        for (int i = 1; i < length; i++)
        {
            if ((s[i] & 0xC0) != 0x80)
            {
                return -1;
            }

            codePoint = (codePoint << 6) | (s[i] & 0x3F);
        }

        int shortest = codePoint switch { < 0x80 => 1, < 0x800 => 2, < 0x10000 => 3, < 0x200000 => 4, _ => 5 };
        bool isCharacter = codePoint < 0x110000 && (codePoint & 0xFFFFF800) != 0xD800
            && codePoint is not (>= 0xFDD0 and <= 0xFDEF) && (codePoint & 0xFFFE) != 0xFFFE;
        return shortest == length && isCharacter ? length : -1;
    }
}
