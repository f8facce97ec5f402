// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.DissectTool.Metadata;

/// <summary>
/// Parses os-release style files (os-release(5)) into key/value pairs in file order, following
/// systemd's env-file rules: <c>#</c> and <c>;</c> start comment lines; quotes are special only at the
/// start of a value; inside double quotes a backslash escapes <c>" \ ` $</c> and a newline; single
/// quotes are literal; unquoted values drop trailing whitespace and a backslash escapes the next
/// character. Pairs with invalid keys are skipped.
/// </summary>
internal static class EnvFileParser
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            if (text[i] is '#' or ';')
            {
                SkipLine(text, ref i);
                continue;
            }

            int keyStart = i;
            while (i < text.Length && text[i] is not ('=' or '\n'))
            {
                i++;
            }

            if (i >= text.Length || text[i] == '\n')
            {
                continue;
            }

            string key = text[keyStart..i].Trim();
            i++;
            string value = ReadValue(text, ref i);
            if (IsValidKey(key))
            {
                pairs.Add(new(key, value));
            }
        }

        return pairs;
    }

    private static string ReadValue(string text, ref int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        var value = new StringBuilder();
        int trailingWhitespace = 0;
        while (i < text.Length && text[i] != '\n')
        {
            char c = text[i++];
            if (c is '"' or '\'' && value.Length == 0 && trailingWhitespace == 0)
            {
                ReadQuoted(text, ref i, c, value);
                continue;
            }

            if (c == '\\' && i < text.Length)
            {
                char next = text[i++];
                if (next != '\n')
                {
                    value.Append(next);
                }

                trailingWhitespace = 0;
                continue;
            }

            value.Append(c);
            trailingWhitespace = char.IsWhiteSpace(c) ? trailingWhitespace + 1 : 0;
        }

        return value.ToString(0, value.Length - trailingWhitespace);
    }

    private static void ReadQuoted(string text, ref int i, char quote, StringBuilder value)
    {
        while (i < text.Length && text[i] != quote)
        {
            char c = text[i++];
            if (quote == '"' && c == '\\' && i < text.Length)
            {
                char next = text[i++];
                if (next == '\n')
                {
                    continue;
                }

                if (next is not ('"' or '\\' or '`' or '$'))
                {
                    value.Append('\\');
                }

                value.Append(next);
                continue;
            }

            value.Append(c);
        }

        if (i < text.Length)
        {
            i++;
        }
    }

    private static void SkipLine(string text, ref int i)
    {
        while (i < text.Length && text[i] != '\n')
        {
            i++;
        }
    }

    private static bool IsValidKey(string key) =>
        key.Length > 0 && !char.IsAsciiDigit(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
