// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>
/// systemd's machine_spec_valid() for -M: [USER@][MACHINE], where USER is a (relaxed) user name
/// and MACHINE a host name or ".host"; either part may be empty, the whole may not.
/// </summary>
internal static class MachineSpec
{
    public static bool IsValid(string spec)
    {
        if (spec.Length == 0)
        {
            return false;
        }

        int at = spec.IndexOf('@');
        string? user = at < 0 ? null : spec[..at];
        string host = at < 0 ? spec : spec[(at + 1)..];
        if (!string.IsNullOrEmpty(user) && !IsValidUser(user))
        {
            return false;
        }

        return host.Length == 0 || host == ".host" || IsValidHostName(host);
    }

    private static bool IsValidUser(string user) =>
        user.Length <= 256 && user[0] != '-' && !user.Any(c => c < ' ' || c is '\x7f' or ':' or '/' or '@' || char.IsWhiteSpace(c)) && user != "." && user != "..";

    // hostname_is_valid(): dot-separated labels of letters, digits and "-", a label neither
    // starting nor ending with "-", no trailing dot, at most 64 characters.
    private static bool IsValidHostName(string host)
    {
        if (host.Length > 64)
        {
            return false;
        }

        bool dot = true, hyphen = false;
        foreach (char c in host)
        {
            if (c == '.')
            {
                if (dot || hyphen)
                {
                    return false;
                }

                dot = true;
                hyphen = false;
            }
            else if (c == '-')
            {
                if (dot)
                {
                    return false;
                }

                hyphen = true;
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                dot = hyphen = false;
            }
            else
            {
                return false;
            }
        }

        return !dot && !hyphen;
    }
}
