// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Metadata;

/// <summary>
/// Unit name rules (systemd.unit(5)): at most 255 bytes, <c>prefix[@[instance]].type</c> where the
/// type is a known unit type, the characters are <c>[A-Za-z0-9:_.\-\\@]</c>, and the prefix is not
/// empty. Plain (<c>a.service</c>), instance (<c>a@x.service</c>) and template (<c>a@.service</c>) forms.
/// </summary>
public static class UnitNames
{
    /// <summary>Longest unit name (UNIT_NAME_MAX - 1).</summary>
    public const int MaxLength = 255;

    /// <summary>The unit types portable images may carry, in upstream's order.</summary>
    public static readonly IReadOnlyList<string> PortableSuffixes = [".service", ".socket", ".target", ".timer", ".path"];

    private static readonly HashSet<string> s_unitTypes = new(StringComparer.Ordinal)
    {
        "service", "mount", "swap", "socket", "target", "device", "automount", "timer", "path", "slice", "scope",
    };

    /// <summary>Whether <paramref name="name"/> is a valid unit name of any form.</summary>
    public static bool IsValid(string name)
    {
        if (name.Length == 0 || name.Length > MaxLength)
        {
            return false;
        }

        int dot = name.LastIndexOf('.');
        if (dot <= 0 || !s_unitTypes.Contains(name[(dot + 1)..]))
        {
            return false;
        }

        for (int i = 0; i < dot; i++)
        {
            if (!IsValidChar(name[i]))
            {
                return false;
            }
        }

        // An empty prefix before '@' is invalid; any other '@' position gives an instance or a template.
        return name[0] != '@';
    }

    /// <summary>Whether the name is a template (<c>foo@.service</c>).</summary>
    public static bool IsTemplate(string name)
    {
        int at = name.IndexOf('@');
        int dot = name.LastIndexOf('.');
        return at > 0 && dot == at + 1;
    }

    /// <summary>Whether the name is an instance (<c>foo@bar.service</c>).</summary>
    public static bool IsInstance(string name)
    {
        int at = name.IndexOf('@');
        int dot = name.LastIndexOf('.');
        return at > 0 && dot > at + 1;
    }

    /// <summary>The template of an instance (<c>foo@bar.service</c> → <c>foo@.service</c>), or null for other names.</summary>
    public static string? TryGetTemplate(string name)
    {
        int at = name.IndexOf('@');
        int dot = name.LastIndexOf('.');
        return at > 0 && dot > at + 1 ? name[..(at + 1)] + name[dot..] : null;
    }

    /// <summary>The instance part of an instance name (<c>bar</c> of <c>foo@bar.service</c>), or null for other names.</summary>
    public static string? TryGetInstance(string name)
    {
        int at = name.IndexOf('@');
        int dot = name.LastIndexOf('.');
        return at > 0 && dot > at + 1 ? name[(at + 1)..dot] : null;
    }

    /// <summary>The instance or template name with <paramref name="instance"/> put in (<c>foo@.service</c>, <c>x</c> → <c>foo@x.service</c>).</summary>
    public static string ReplaceInstance(string name, string instance)
    {
        int at = name.IndexOf('@');
        int dot = name.LastIndexOf('.');
        if (at <= 0 || dot <= at)
        {
            throw new ArgumentException($"'{name}' is neither a template nor an instance.", nameof(name));
        }

        return name[..(at + 1)] + instance + name[dot..];
    }

    /// <summary>Whether <paramref name="name"/> ends with one of <see cref="PortableSuffixes"/>.</summary>
    public static bool HasPortableSuffix(string name)
    {
        foreach (string suffix in PortableSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The unit type without the dot (<c>service</c>), as used for profile file names.</summary>
    public static string GetUnitType(string name) => name[(name.LastIndexOf('.') + 1)..];

    /// <summary>
    /// Prefix matching (docs/attach-detach.md, "Prefix matching"): an empty list matches everything; otherwise the name must start with a
    /// prefix followed by <c>-</c>, <c>.</c>, <c>@</c> or the end of the name.
    /// </summary>
    public static bool MatchesPrefixes(string name, IReadOnlyList<string> prefixes)
    {
        if (prefixes.Count == 0)
        {
            return true;
        }

        foreach (string prefix in prefixes)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (name.Length == prefix.Length || name[prefix.Length] is '-' or '.' or '@')
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsValidChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ':' or '-' or '_' or '.' or '\\' or '@';
}
