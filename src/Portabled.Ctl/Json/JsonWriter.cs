// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Text;

namespace Portabled.Ctl.Json;

/// <summary>
/// JSON in the layout of systemd's json_variant_dump(), like other systemd tools' --json: "short"
/// without any whitespace, "pretty" indented with tabs and <c>"key" : value</c>. Only <c>"</c>,
/// <c>\</c> and control characters are escaped. No reflection: trim- and AOT-safe.
/// </summary>
internal sealed class JsonWriter
{
    private readonly StringBuilder _out = new();
    private readonly Stack<bool> _first = new();
    private readonly bool _pretty;

    public JsonWriter(bool pretty)
    {
        _pretty = pretty;
    }

    public JsonWriter StartObject(string? name = null) => Open(name, '{');

    public JsonWriter EndObject() => Close('}');

    public JsonWriter StartArray(string? name = null) => Open(name, '[');

    public JsonWriter EndArray() => Close(']');

    public JsonWriter String(string? name, string? value)
    {
        Prefix(name);
        if (value is null)
        {
            _out.Append("null");
        }
        else
        {
            Escape(value);
        }

        return this;
    }

    public JsonWriter Boolean(string name, bool value)
    {
        Prefix(name);
        _out.Append(value ? "true" : "false");
        return this;
    }

    public JsonWriter Number(string name, ulong? value)
    {
        Prefix(name);
        _out.Append(value is ulong v ? v.ToString(CultureInfo.InvariantCulture) : "null");
        return this;
    }

    /// <summary>The document with its final newline.</summary>
    public override string ToString() => _out.ToString() + "\n";

    private JsonWriter Open(string? name, char bracket)
    {
        if (_first.Count > 0)
        {
            Prefix(name);
        }

        _out.Append(bracket);
        _first.Push(true);
        return this;
    }

    private JsonWriter Close(char bracket)
    {
        bool empty = _first.Pop();
        if (_pretty && !empty)
        {
            _out.Append('\n').Append('\t', _first.Count);
        }

        _out.Append(bracket);
        return this;
    }

    private void Prefix(string? name)
    {
        if (!_first.Pop())
        {
            _out.Append(',');
        }

        _first.Push(false);
        if (_pretty)
        {
            _out.Append('\n').Append('\t', _first.Count);
        }

        if (name is not null)
        {
            Escape(name);
            _out.Append(_pretty ? " : " : ":");
        }
    }

    private void Escape(string s)
    {
        _out.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"':
                    _out.Append("\\\"");
                    break;
                case '\\':
                    _out.Append("\\\\");
                    break;
                case '\n':
                    _out.Append("\\n");
                    break;
                case '\t':
                    _out.Append("\\t");
                    break;
                case '\r':
                    _out.Append("\\r");
                    break;
                case '\b':
                    _out.Append("\\b");
                    break;
                case '\f':
                    _out.Append("\\f");
                    break;
                default:
                    if (c < ' ' || c == '\x7f')
                    {
                        _out.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _out.Append(c);
                    }

                    break;
            }
        }

        _out.Append('"');
    }
}
