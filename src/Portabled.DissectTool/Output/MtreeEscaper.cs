// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.DissectTool.Output;

/// <summary>
/// Escapes a path for an mtree line as systemd-dissect does (xescape() with whitespace, comment and
/// glob characters): every UTF-8 byte below 0x20 or from 0x7F, a backslash, and any of
/// <c>space \t \n \r # ; * ? [</c> becomes <c>\xNN</c> (lower-case hex).
/// </summary>
internal static class MtreeEscaper
{
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (b < 0x20 || b >= 0x7F || b is (byte)'\\' or (byte)' ' or (byte)'#' or (byte)';' or (byte)'*' or (byte)'?' or (byte)'[')
            {
                sb.Append("\\x").Append(Convert.ToHexStringLower([b]));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.ToString();
    }
}
