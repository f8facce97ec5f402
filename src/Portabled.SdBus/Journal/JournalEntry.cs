// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.SdBus.Journal;

/// <summary>
/// One structured journal entry, sent through libsystemd's <c>sd_journal_sendv()</c>. Field names
/// follow systemd.journal-fields(7): upper-case letters, digits and underscores, not starting with an
/// underscore (those are the journal's trusted fields), at most 64 characters. Values are UTF-8 and
/// may contain newlines (the native protocol carries them).
/// </summary>
public sealed class JournalEntry
{
    /// <summary>The longest field name the journal accepts.</summary>
    public const int MaxFieldNameLength = 64;

    /// <summary>The most fields one entry carries (the iovec array lives on the stack).</summary>
    public const int MaxFields = 256;

    private readonly List<(string Name, string Value)> _fields = [];

    /// <summary>The fields in the order they were added.</summary>
    public IReadOnlyList<(string Name, string Value)> Fields => _fields;

    /// <summary>Adds a field; a name the journal would refuse throws.</summary>
    public JournalEntry Add(string name, string value)
    {
        if (!IsValidFieldName(name))
        {
            throw new ArgumentException($"Invalid journal field name '{name}'.", nameof(name));
        }

        if (_fields.Count == MaxFields)
        {
            throw new InvalidOperationException($"A journal entry carries at most {MaxFields} fields.");
        }

        _fields.Add((name, value));
        return this;
    }

    /// <summary>Whether <paramref name="name"/> is a field name a client may send.</summary>
    public static bool IsValidFieldName(string name)
    {
        if (name.Length is 0 or > MaxFieldNameLength || name[0] is '_' || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sends the entry; returns 0 or a negative errno (no journal socket, message too large…).</summary>
    public unsafe int Send()
    {
        var encoded = new byte[_fields.Count][];
        for (int i = 0; i < _fields.Count; i++)
        {
            encoded[i] = Encoding.UTF8.GetBytes(_fields[i].Name + "=" + _fields[i].Value);
        }

        var handles = new System.Runtime.InteropServices.GCHandle[encoded.Length];
        SdJournalNative.IoVec* iov = stackalloc SdJournalNative.IoVec[Math.Max(1, encoded.Length)];
        try
        {
            for (int i = 0; i < encoded.Length; i++)
            {
                handles[i] = System.Runtime.InteropServices.GCHandle.Alloc(encoded[i], System.Runtime.InteropServices.GCHandleType.Pinned);
                iov[i].Base = (byte*)handles[i].AddrOfPinnedObject();
                iov[i].Length = (nuint)encoded[i].Length;
            }

            return SdJournalNative.SendV(iov, encoded.Length);
        }
        finally
        {
            foreach (var handle in handles)
            {
                if (handle.IsAllocated)
                {
                    handle.Free();
                }
            }
        }
    }
}
