// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Portabled.Core.Host;

/// <summary>
/// The intent record <c>.portabled-intent</c> (docs/reliability.md, "The intent record"): written
/// and fsync'd in the parent of the attached directory before an operation's first host change,
/// it lists every change the operation makes, in order. Its last line is the status, <c>pending</c>
/// until the commit point and then overwritten in place (same length, no allocation) by
/// <c>commit!</c>. Text, one entry a line, fields separated by a tab, every byte below 0x21, 0x7f and
/// <c>\</c> written as <c>\xHH</c>:
/// <code>
/// portabled-intent 1	attach
/// mkdir	/etc/systemd/system.attached/a.service.d
/// stage-file	/etc/systemd/system.attached/a.service.d/20-portable.conf	.#20-portable.conf0123456789abcdef	noreplace
/// pending
/// </code>
/// Parsing is strict and bounded: an entry must lie inside the attached or image link directory of
/// its record's scope, and a temporary must be named after its final name.
/// </summary>
internal sealed class IntentRecord
{
    /// <summary>The file name, in the parent directory of the attached directory.</summary>
    public const string FileName = ".portabled-intent";

    /// <summary>Largest record read.</summary>
    public const int MaxSize = 4 * 1024 * 1024;

    /// <summary>Most entries in a record.</summary>
    public const int MaxEntries = 1 << 16;

    /// <summary>Bytes of the status line, newline included.</summary>
    public const int StatusLength = 8;

    private const string Header = "portabled-intent 1";
    private const string PendingLine = "pending";
    private const string CommitLine = "commit!";

    /// <summary>Creates a record.</summary>
    public IntentRecord(string operation, IReadOnlyList<IntentEntry> entries, bool committed = false)
    {
        Operation = operation;
        Entries = entries;
        Committed = committed;
    }

    /// <summary><c>attach</c>, <c>detach</c> or <c>reattach</c> (for the log).</summary>
    public string Operation { get; }

    /// <summary>The changes, in the order they are made.</summary>
    public IReadOnlyList<IntentEntry> Entries { get; }

    /// <summary>Whether the commit point was passed: recovery completes the operation, else undoes it.</summary>
    public bool Committed { get; }

    /// <summary>The status line that marks the commit point.</summary>
    public static ReadOnlySpan<byte> CommitStatus => "commit!\n"u8;

    /// <summary>The record as written; the status line is the last <see cref="StatusLength"/> bytes.</summary>
    public byte[] Serialize()
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\t').Append(Operation).Append('\n');
        foreach (IntentEntry entry in Entries)
        {
            text.Append(ToWire(entry.Action)).Append('\t').Append(Escape(entry.Path));
            if (entry.IsStage)
            {
                text.Append('\t').Append(Escape(entry.Temporary!)).Append('\t').Append(entry.Replace ? "replace" : "noreplace");
            }

            text.Append('\n');
        }

        text.Append(Committed ? CommitLine : PendingLine).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Parses a record; false when it is not one (truncated, unknown, an entry outside
    /// <paramref name="scope"/>: the attached directory and the image link directory it may change).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, IReadOnlyList<string> scope, [NotNullWhen(true)] out IntentRecord? record)
    {
        record = null;
        if (data.Length > MaxSize || data.Length == 0 || data[^1] != (byte)'\n')
        {
            return false;
        }

        string[] lines;
        try
        {
            lines = new UTF8Encoding(false, true).GetString(data[..^1]).Split('\n');
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        string[] header = lines[0].Split('\t');
        if (lines.Length < 2 || lines.Length - 2 > MaxEntries || header.Length != 2 || header[0] != Header ||
            header[1] is not ("attach" or "detach" or "reattach") || lines[^1] is not (PendingLine or CommitLine))
        {
            return false;
        }

        var entries = new List<IntentEntry>(lines.Length - 2);
        for (int i = 1; i < lines.Length - 1; i++)
        {
            if (!TryParseEntry(lines[i], scope, out IntentEntry? entry))
            {
                return false;
            }

            entries.Add(entry);
        }

        record = new IntentRecord(header[1], entries, lines[^1] == CommitLine);
        return true;
    }

    private static bool TryParseEntry(string line, IReadOnlyList<string> scope, [NotNullWhen(true)] out IntentEntry? entry)
    {
        entry = null;
        string[] fields = line.Split('\t');
        if (!TryFromWire(fields[0], out IntentAction action) || fields.Length < 2 || !TryUnescape(fields[1], out string? path) ||
            !IsInScope(path, scope, allowScopeItself: action is IntentAction.Mkdir or IntentAction.RemoveIfEmpty))
        {
            return false;
        }

        bool stage = action is IntentAction.StageFile or IntentAction.StageTree;
        if (!stage)
        {
            entry = fields.Length == 2 ? new IntentEntry(action, path) : null;
            return entry is not null;
        }

        if (fields.Length != 4 || !TryUnescape(fields[2], out string? temporary) || !TemporaryNames.IsTemporaryOf(temporary, Path.GetFileName(path)) ||
            fields[3] is not ("replace" or "noreplace"))
        {
            return false;
        }

        entry = new IntentEntry(action, path, temporary, fields[3] == "replace");
        return true;
    }

    // An absolute, normalized path strictly inside one of the scope directories (or one of them itself).
    private static bool IsInScope(string path, IReadOnlyList<string> scope, bool allowScopeItself)
    {
        if (!path.StartsWith('/') || path.EndsWith('/') || path.Split('/').Skip(1).Any(c => c is "" or "." or ".."))
        {
            return false;
        }

        return scope.Any(s => (allowScopeItself && path == s) || path.StartsWith(s + "/", StringComparison.Ordinal));
    }

    private static string ToWire(IntentAction action) => action switch
    {
        IntentAction.Mkdir => "mkdir",
        IntentAction.StageFile => "stage-file",
        IntentAction.StageTree => "stage-tree",
        IntentAction.Remove => "remove",
        IntentAction.RemoveTree => "remove-tree",
        IntentAction.RemoveEntry => "remove-entry",
        IntentAction.RemoveIfEmpty => "remove-if-empty",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private static bool TryFromWire(string wire, out IntentAction action)
    {
        (bool ok, action) = wire switch
        {
            "mkdir" => (true, IntentAction.Mkdir),
            "stage-file" => (true, IntentAction.StageFile),
            "stage-tree" => (true, IntentAction.StageTree),
            "remove" => (true, IntentAction.Remove),
            "remove-tree" => (true, IntentAction.RemoveTree),
            "remove-entry" => (true, IntentAction.RemoveEntry),
            "remove-if-empty" => (true, IntentAction.RemoveIfEmpty),
            _ => (false, default(IntentAction)),
        };
        return ok;
    }

    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c < 0x21 || c == 0x7f || c == '\\')
            {
                text.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static bool TryUnescape(string value, [NotNullWhen(true)] out string? result)
    {
        result = null;
        var text = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                text.Append(value[i]);
                continue;
            }

            if (i + 3 >= value.Length || value[i + 1] != 'x' ||
                !int.TryParse(value.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
            {
                return false;
            }

            text.Append((char)code);
            i += 3;
        }

        result = text.ToString();
        return result.Length > 0 && !result.Contains('\0');
    }
}
