// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.Json;
using Portabled.Testing;

namespace Portabled.Service.Tests.EndToEnd;

/// <summary>
/// Under a real systemd (scripts/boot), the daemon logs natively to that system's journald: read back
/// with <c>journalctl -o json</c>, the attach and detach entries carry upstream's MESSAGE_IDs, the
/// priority, the PORTABLE_ROOT= field and our message properties as fields.
/// </summary>
public sealed class JournalTests(OurPortabled262System system) : IClassFixture<OurPortabled262System>
{
    [RequiresFact("root", "systemd-nspawn", "nsenter", "unshare", "portablectl")]
    public void AttachDetach_UnderJournald_StructuredEntries()
    {
        try
        {
            Assert.Equal(0, system.Exec("portablectl", "attach", "minimal-app").ExitCode);
            Assert.Equal(0, system.Exec("portablectl", "detach", "minimal-app").ExitCode);

            JsonElement attached = SingleEntry("187c62eb1e7f463bb530394f52cb090f");
            Assert.Equal("Successfully attached '/var/lib/portables/minimal-app' using profile 'default'", attached.GetProperty("MESSAGE").GetString());
            Assert.Equal("6", attached.GetProperty("PRIORITY").GetString());
            Assert.Equal("minimal-app", attached.GetProperty("PORTABLE_ROOT").GetString());
            Assert.Equal("/var/lib/portables/minimal-app", attached.GetProperty("IMAGE").GetString());
            Assert.Equal("portabled", attached.GetProperty("SYSLOG_IDENTIFIER").GetString());
            Assert.Equal("systemd-portabled.service", attached.GetProperty("_SYSTEMD_UNIT").GetString());
            // Sent through the native protocol, not read from a stderr stream.
            Assert.Equal("journal", attached.GetProperty("_TRANSPORT").GetString());

            JsonElement detached = SingleEntry("76c5c754d628490d8ecba4c9d042112b");
            Assert.Equal("Successfully detached 'minimal-app'", detached.GetProperty("MESSAGE").GetString());
            Assert.Equal("minimal-app", detached.GetProperty("PORTABLE_ROOT").GetString());
        }
        finally
        {
            system.Shell("portablectl detach minimal-app >/dev/null 2>&1; true");
        }
    }

    private JsonElement SingleEntry(string messageId)
    {
        ProcessResult r = default!;
        for (int attempt = 0; attempt < 50; attempt++)
        {
            // journald may take a moment to write what it received.
            r = system.Exec("journalctl", "-o", "json", "--no-pager", "MESSAGE_ID=" + messageId);
            if (r.ExitCode == 0 && r.StandardOutput.Trim().Length > 0)
            {
                break;
            }

            Thread.Sleep(100);
        }

        string[] lines = r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one entry with MESSAGE_ID={messageId}, got {lines.Length}:\n{r.StandardOutput}{r.StandardError}");
        return JsonDocument.Parse(lines[0]).RootElement.Clone();
    }
}
