// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Service.Hosting;

/// <summary>
/// Whether stderr is connected to journald: systemd sets <c>JOURNAL_STREAM=DEVICE:INODE</c> for a
/// service's stream, and it only counts while stderr is still that socket (a child whose stderr was
/// redirected inherits the variable, which then no longer applies; systemd.exec(5)).
/// </summary>
public static class JournalStream
{
    /// <summary>True when stderr is the stream named by <c>JOURNAL_STREAM</c>.</summary>
    public static bool IsStandardErrorTheJournal() =>
        Matches(Environment.GetEnvironmentVariable("JOURNAL_STREAM"), StandardErrorLinkTarget());

    /// <summary>
    /// <paramref name="journalStream"/> (<c>DEV:INO</c>) against stderr's <c>/proc/self/fd/2</c> link
    /// (<c>socket:[INO]</c>): the inode decides (a socket's device is the socket file system's).
    /// </summary>
    public static bool Matches(string? journalStream, string? stderrLink)
    {
        if (journalStream is null || stderrLink is null)
        {
            return false;
        }

        int colon = journalStream.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !ulong.TryParse(journalStream.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
        {
            return false;
        }

        const string prefix = "socket:[";
        return stderrLink.StartsWith(prefix, StringComparison.Ordinal) && stderrLink.EndsWith(']') &&
            ulong.TryParse(stderrLink.AsSpan(prefix.Length, stderrLink.Length - prefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong linked) &&
            linked == inode;
    }

    private static string? StandardErrorLinkTarget()
    {
        try
        {
            return new FileInfo("/proc/self/fd/2").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
