// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Metadata;

/// <summary>
/// The character-level machine behind <see cref="EnvFile"/>: bytes in, (key, value, line) assignments
/// out, in the order they end. The rules are systemd's, restated here (docs/image-metadata.md has them
/// with examples):
/// <list type="bullet">
/// <item>Whitespace is space, tab, CR and LF; CR and LF both end a line. Leading whitespace is skipped.</item>
/// <item>A line whose first non-whitespace byte is <c>#</c> or <c>;</c> is a comment. A comment ending in a
/// backslash continues onto the next line only under <see cref="EnvFileRules.BeforeV254"/>.</item>
/// <item>The key is everything up to <c>=</c> (any bytes, inner whitespace included), minus trailing
/// whitespace. A line that ends before a <c>=</c> is dropped. No key syntax is checked.</item>
/// <item>After <c>=</c>: whitespace is skipped; <c>'…'</c> is literal; <c>"…"</c> unescapes <c>\" \\ \` \$</c>,
/// drops backslash-newline and keeps any other backslash pair; quotes may span lines and need not be
/// closed. After a closing quote the machine is back before a value, so <c>"a" 'b' c</c> is <c>abc</c>.</item>
/// <item>An unquoted part runs to the end of the line, where its trailing whitespace is dropped; quotes in
/// it are literal; a backslash makes the next byte literal, and backslash-newline joins lines.</item>
/// </list>
/// The reported line numbers reproduce systemd's count, which advances on the line end of a key, a value
/// or a comment, but not on blank lines or line ends inside quotes.
/// </summary>
internal sealed class EnvFileParser
{
    private readonly List<byte> _key = [];
    private readonly List<byte> _value = [];
    private readonly EnvFileRules _rules;
    private readonly Action<List<byte>, List<byte>, int> _assign;
    private State _state = State.BeforeKey;
    private int _keyWhitespaceStart = -1;
    private int _valueWhitespaceStart = -1;
    private int _line = 1;

    private EnvFileParser(EnvFileRules rules, Action<List<byte>, List<byte>, int> assign)
    {
        _rules = rules;
        _assign = assign;
    }

    private enum State
    {
        BeforeKey,
        Key,
        BeforeValue,
        Unquoted,
        UnquotedEscape,
        SingleQuoted,
        DoubleQuoted,
        DoubleQuotedEscape,
        Comment,
        CommentEscape,
    }

    /// <summary>Feeds <paramref name="data"/> (free of NUL bytes) through the machine, calling <paramref name="assign"/> with each key, value (both trimmed) and line number.</summary>
    public static void Run(ReadOnlySpan<byte> data, EnvFileRules rules, Action<List<byte>, List<byte>, int> assign)
    {
        var parser = new EnvFileParser(rules, assign);
        foreach (byte c in data)
        {
            parser.Step(c);
        }

        parser.Finish();
    }

    private static bool IsWhitespace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static bool IsNewline(byte c) => c is (byte)'\n' or (byte)'\r';

    private static bool IsShellSpecial(byte c) => c is (byte)'"' or (byte)'\\' or (byte)'`' or (byte)'$';

    private void Step(byte c)
    {
        switch (_state)
        {
            case State.BeforeKey:
                StepBeforeKey(c);
                break;
            case State.Key:
                StepKey(c);
                break;
            case State.BeforeValue:
                StepBeforeValue(c);
                break;
            case State.Unquoted:
                StepUnquoted(c);
                break;
            case State.UnquotedEscape:
                // A backslash-newline vanishes; anything else is taken literally.
                _state = State.Unquoted;
                if (!IsNewline(c))
                {
                    _value.Add(c);
                }

                break;
            case State.SingleQuoted:
                if (c == '\'')
                {
                    _state = State.BeforeValue;
                }
                else
                {
                    _value.Add(c);
                }

                break;
            case State.DoubleQuoted:
                StepDoubleQuoted(c);
                break;
            case State.DoubleQuotedEscape:
                StepDoubleQuotedEscape(c);
                break;
            case State.Comment:
                StepComment(c);
                break;
            case State.CommentEscape:
                StepCommentEscape(c);
                break;
        }
    }

    private void StepBeforeKey(byte c)
    {
        if (c is (byte)'#' or (byte)';')
        {
            _state = State.Comment;
        }
        else if (!IsWhitespace(c))
        {
            _state = State.Key;
            _key.Clear();
            _keyWhitespaceStart = -1;
            _key.Add(c);
        }
    }

    private void StepKey(byte c)
    {
        if (IsNewline(c))
        {
            // A line without '=' is dropped.
            _state = State.BeforeKey;
            _line++;
        }
        else if (c == '=')
        {
            _state = State.BeforeValue;
            _value.Clear();
            _valueWhitespaceStart = -1;
        }
        else
        {
            TrackWhitespace(c, _key.Count, ref _keyWhitespaceStart);
            _key.Add(c);
        }
    }

    private void StepBeforeValue(byte c)
    {
        if (IsNewline(c))
        {
            _state = State.BeforeKey;
            _line++;
            Assign(trimValue: false);
        }
        else if (c == '\'')
        {
            _state = State.SingleQuoted;
        }
        else if (c == '"')
        {
            _state = State.DoubleQuoted;
        }
        else if (c == '\\')
        {
            _state = State.UnquotedEscape;
        }
        else if (!IsWhitespace(c))
        {
            _state = State.Unquoted;
            _value.Add(c);
        }
    }

    private void StepUnquoted(byte c)
    {
        if (IsNewline(c))
        {
            _state = State.BeforeKey;
            _line++;
            Assign(trimValue: true);
        }
        else if (c == '\\')
        {
            _state = State.UnquotedEscape;
            _valueWhitespaceStart = -1;
        }
        else
        {
            TrackWhitespace(c, _value.Count, ref _valueWhitespaceStart);
            _value.Add(c);
        }
    }

    private void StepDoubleQuoted(byte c)
    {
        if (c == '"')
        {
            _state = State.BeforeValue;
        }
        else if (c == '\\')
        {
            _state = State.DoubleQuotedEscape;
        }
        else
        {
            _value.Add(c);
        }
    }

    private void StepDoubleQuotedEscape(byte c)
    {
        // Like the shell: the four special characters lose their backslash, a backslash-newline
        // vanishes, any other pair stays as written.
        _state = State.DoubleQuoted;
        if (IsShellSpecial(c))
        {
            _value.Add(c);
        }
        else if (c != '\n')
        {
            _value.Add((byte)'\\');
            _value.Add(c);
        }
    }

    private void StepComment(byte c)
    {
        if (c == '\\')
        {
            _state = State.CommentEscape;
        }
        else if (IsNewline(c))
        {
            _state = State.BeforeKey;
            _line++;
        }
    }

    private void StepCommentEscape(byte c)
    {
        if (IsNewline(c) && !_rules.CommentBackslashContinuesLine)
        {
            _state = State.BeforeKey;
            _line++;
        }
        else
        {
            _state = State.Comment;
        }
    }

    // At the end of the data, a pending assignment counts whatever state it is in; only an unquoted
    // value loses its trailing whitespace (a quoted or escaped one keeps what it has).
    private void Finish()
    {
        if (_state is State.BeforeValue or State.Unquoted or State.UnquotedEscape or State.SingleQuoted or State.DoubleQuoted or State.DoubleQuotedEscape)
        {
            Assign(trimValue: _state == State.Unquoted);
        }
    }

    private void Assign(bool trimValue)
    {
        if (_keyWhitespaceStart >= 0)
        {
            _key.RemoveRange(_keyWhitespaceStart, _key.Count - _keyWhitespaceStart);
        }

        if (trimValue && _valueWhitespaceStart >= 0)
        {
            _value.RemoveRange(_valueWhitespaceStart, _value.Count - _valueWhitespaceStart);
        }

        _assign(_key, _value, _line);
        _key.Clear();
        _value.Clear();
    }

    // Remembers where a run of trailing whitespace started, forgetting it at the next other byte.
    private static void TrackWhitespace(byte c, int position, ref int whitespaceStart)
    {
        if (!IsWhitespace(c))
        {
            whitespaceStart = -1;
        }
        else if (whitespaceStart < 0)
        {
            whitespaceStart = position;
        }
    }
}
