// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.Core.Metadata;

/// <summary>
/// Parses os-release, extension-release and other environment-like files the way systemd does
/// (os-release(5), and the observed behaviour of systemd's env-file reader):
/// <list type="bullet">
/// <item><c>KEY=value</c> lines; whitespace before the key, around <c>=</c> and after an unquoted value is dropped,
/// whitespace inside a key or an unquoted value is kept (nixpkgs' portableService writes
/// <c>PRETTY_NAME=My Service</c> unquoted: the value is <c>My Service</c>, not <c>My</c>).</item>
/// <item><c>'…'</c> keeps everything literally; <c>"…"</c> unescapes <c>\"</c>, <c>\\</c>, <c>\`</c>, <c>\$</c>, keeps any other
/// backslash pair as is, and drops a backslash-newline. Unquoted, a backslash makes the next character literal
/// and a backslash-newline continues the line. Quoted and unquoted parts concatenate (<c>A="x"'y'z</c> is <c>xyz</c>).</item>
/// <item>A line starting with <c>#</c> or <c>;</c> (after whitespace) is a comment; a line without <c>=</c> is ignored.</item>
/// <item>A repeated key keeps its first position and takes the last value. Parsing stops at a NUL byte.</item>
/// <item>A key or value that is not valid UTF-8 fails the whole file (EINVAL), as upstream does.</item>
/// </list>
/// </summary>
public static class EnvFile
{
    private enum State
    {
        PreKey,
        Key,
        PreValue,
        Value,
        ValueEscape,
        SingleQuoteValue,
        DoubleQuoteValue,
        DoubleQuoteValueEscape,
        Comment,
        CommentEscape,
    }

    /// <summary>Parses <paramref name="data"/>; throws <see cref="InvalidDataException"/> on invalid UTF-8.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(ReadOnlySpan<byte> data)
    {
        int nul = data.IndexOf((byte)0);
        if (nul >= 0)
        {
            data = data[..nul];
        }

        var result = new List<KeyValuePair<string, string>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var key = new List<byte>();
        var value = new List<byte>();
        int keyTrim = -1;   // length of the key without trailing whitespace, -1 when none pending
        int valueTrim = -1; // same for an unquoted value
        State state = State.PreKey;

        foreach (byte c in data)
        {
            switch (state)
            {
                case State.PreKey:
                    if (c is (byte)'#' or (byte)';')
                    {
                        state = State.Comment;
                    }
                    else if (!IsWhitespace(c))
                    {
                        state = State.Key;
                        key.Clear();
                        keyTrim = -1;
                        key.Add(c);
                    }

                    break;

                case State.Key:
                    if (IsNewline(c))
                    {
                        state = State.PreKey;
                    }
                    else if (c == '=')
                    {
                        state = State.PreValue;
                        value.Clear();
                        valueTrim = -1;
                    }
                    else
                    {
                        TrackWhitespace(c, key.Count, ref keyTrim);
                        key.Add(c);
                    }

                    break;

                case State.PreValue:
                    if (IsNewline(c))
                    {
                        state = State.PreKey;
                        Push(result, index, key, keyTrim, value, -1);
                    }
                    else if (c == '\'')
                    {
                        state = State.SingleQuoteValue;
                    }
                    else if (c == '"')
                    {
                        state = State.DoubleQuoteValue;
                    }
                    else if (c == '\\')
                    {
                        state = State.ValueEscape;
                    }
                    else if (!IsWhitespace(c))
                    {
                        state = State.Value;
                        valueTrim = -1;
                        value.Add(c);
                    }

                    break;

                case State.Value:
                    if (IsNewline(c))
                    {
                        state = State.PreKey;
                        Push(result, index, key, keyTrim, value, valueTrim);
                    }
                    else if (c == '\\')
                    {
                        state = State.ValueEscape;
                        valueTrim = -1;
                    }
                    else
                    {
                        TrackWhitespace(c, value.Count, ref valueTrim);
                        value.Add(c);
                    }

                    break;

                case State.ValueEscape:
                    state = State.Value;
                    if (!IsNewline(c))
                    {
                        value.Add(c);
                    }

                    break;

                case State.SingleQuoteValue:
                    if (c == '\'')
                    {
                        state = State.PreValue;
                    }
                    else
                    {
                        value.Add(c);
                    }

                    break;

                case State.DoubleQuoteValue:
                    if (c == '"')
                    {
                        state = State.PreValue;
                    }
                    else if (c == '\\')
                    {
                        state = State.DoubleQuoteValueEscape;
                    }
                    else
                    {
                        value.Add(c);
                    }

                    break;

                case State.DoubleQuoteValueEscape:
                    state = State.DoubleQuoteValue;
                    if (c is (byte)'"' or (byte)'\\' or (byte)'`' or (byte)'$')
                    {
                        value.Add(c);
                    }
                    else if (c != '\n')
                    {
                        value.Add((byte)'\\');
                        value.Add(c);
                    }

                    break;

                case State.Comment:
                    if (c == '\\')
                    {
                        state = State.CommentEscape;
                    }
                    else if (IsNewline(c))
                    {
                        state = State.PreKey;
                    }

                    break;

                case State.CommentEscape:
                    // Since v254 a backslash does not continue a comment onto the next line.
                    state = IsNewline(c) ? State.PreKey : State.Comment;
                    break;
            }
        }

        switch (state)
        {
            case State.Value:
                Push(result, index, key, keyTrim, value, valueTrim);
                break;
            case State.PreValue or State.ValueEscape or State.SingleQuoteValue or State.DoubleQuoteValue or State.DoubleQuoteValueEscape:
                Push(result, index, key, keyTrim, value, -1);
                break;
        }

        return result;
    }

    /// <summary>The value of <paramref name="key"/> in parsed pairs, or null.</summary>
    public static string? Get(IReadOnlyList<KeyValuePair<string, string>> pairs, string key)
    {
        foreach (var pair in pairs)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    private static void TrackWhitespace(byte c, int position, ref int trim)
    {
        if (!IsWhitespace(c))
        {
            trim = -1;
        }
        else if (trim < 0)
        {
            trim = position;
        }
    }

    private static void Push(List<KeyValuePair<string, string>> result, Dictionary<string, int> index, List<byte> key, int keyTrim, List<byte> value, int valueTrim)
    {
        string k = Decode(key, keyTrim);
        string v = Decode(value, valueTrim);
        if (index.TryGetValue(k, out int at))
        {
            result[at] = new KeyValuePair<string, string>(k, v);
        }
        else
        {
            index[k] = result.Count;
            result.Add(new KeyValuePair<string, string>(k, v));
        }

        value.Clear();
    }

    private static string Decode(List<byte> bytes, int trim)
    {
        int length = trim >= 0 ? trim : bytes.Count;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.GetRange(0, length).ToArray());
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("Invalid UTF-8 in environment file.", e);
        }
    }

    private static bool IsWhitespace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static bool IsNewline(byte c) => c is (byte)'\n' or (byte)'\r';
}
