// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Text;

namespace Portabled.DissectTool.Output;

/// <summary>
/// Writes JSON the way systemd's json_variant_dump() lays it out, so --json output matches
/// systemd-dissect byte for byte: "short" has no whitespace at all; "pretty" indents with tabs and
/// writes <c>"key" : value</c>. Strings escape <c>" \</c> and control characters only (UTF-8 passes
/// through). No reflection, so it is trim- and AOT-safe.
/// </summary>
internal sealed class JsonOutputWriter(TextWriter output, bool pretty)
{
    private readonly Stack<bool> _first = new();
    private int _depth;

    public void StartObject(string? name = null) => Open(name, '{');

    public void EndObject() => Close('}');

    public void StartArray(string? name = null) => Open(name, '[');

    public void EndArray() => Close(']');

    public void String(string? name, string? value)
    {
        Prefix(name);
        if (value is null)
        {
            output.Write("null");
        }
        else
        {
            WriteString(value);
        }
    }

    public void Boolean(string name, bool value)
    {
        Prefix(name);
        output.Write(value ? "true" : "false");
    }

    public void Number(string name, long? value)
    {
        Prefix(name);
        output.Write(value is long v ? v.ToString(CultureInfo.InvariantCulture) : "null");
    }

    public void Finish()
    {
        output.Write('\n');
    }

    private void Open(string? name, char bracket)
    {
        if (_first.Count > 0)
        {
            Prefix(name);
        }

        output.Write(bracket);
        _first.Push(true);
        _depth++;
    }

    private void Close(char bracket)
    {
        bool empty = _first.Pop();
        _depth--;
        if (pretty && !empty)
        {
            output.Write('\n');
            output.Write(new string('\t', _depth));
        }

        output.Write(bracket);
    }

    private void Prefix(string? name)
    {
        bool first = _first.Pop();
        _first.Push(false);
        if (!first)
        {
            output.Write(',');
        }

        if (pretty)
        {
            output.Write('\n');
            output.Write(new string('\t', _depth));
        }

        if (name is not null)
        {
            WriteString(name);
            output.Write(pretty ? " : " : ":");
        }
    }

    private void WriteString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
        output.Write(sb.ToString());
    }
}
