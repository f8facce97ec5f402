// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging.Abstractions;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Versions;
using Portabled.Testing;

namespace Portabled.Core.Tests.Host;

/// <summary>
/// Crash safety of attach, detach and reattach (docs/reliability.md, "Crash safety"), in-process:
/// the host is copied before every host-write step of an operation — exactly what a SIGKILL at
/// that step leaves — and each copy, after the recovery pass, must be the host before the
/// operation or after it, with no temporary and no intent record; the next operation then works.
/// Faults: a failure injected at every step must leave the host as before (or, past the commit
/// point, completed), with a clear error.
/// </summary>
public sealed class CrashRecoveryTests
{
    internal const string Image = "/var/lib/portables/app";

    // Each operation, each copy mode and scope, both releases; kept short (every step copies the host).
    public static TheoryData<string, string, bool, UpstreamVersion> Operations => new()
    {
        { "attach", "copy", false, UpstreamVersion.V262 },
        { "attach", "symlink", true, UpstreamVersion.V252 },
        { "attach", "mixed", false, UpstreamVersion.V262 },
        { "detach", "mixed", false, UpstreamVersion.V262 },
        { "detach", "symlink", true, UpstreamVersion.V252 },
        { "reattach", "copy", false, UpstreamVersion.V262 },
        { "reattach", "symlink", false, UpstreamVersion.V252 },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Operation_KilledAtEveryStep_RecoveryLeavesHostBeforeOrAfter(string operation, string mode, bool runtime, UpstreamVersion version)
    {
        using var host = NewHost();
        using var snapshots = new TempDirectory("portabled-crash");
        Prepare(host, operation, mode, runtime, version);
        string before = HostSnapshot.List(host.Root);
        int steps = 0;
        var layout = new HostLayout(host.Root)
        {
            UsesSelinux = false,
            WriteSteps = new HostWriteSteps { BeforeStep = step => { steps = step; HostSnapshot.Copy(host.Root, snapshots[step.ToString(System.Globalization.CultureInfo.InvariantCulture)]); } },
        };
        Run(Manager(layout, host, version), operation, mode, runtime);
        string after = HostSnapshot.List(host.Root);
        Assert.NotEqual(before, after);
        Assert.Empty(HostSnapshot.Leftovers(host.Root));
        Assert.True(steps >= 8, $"only {steps} steps");

        int completed = 0;
        for (int step = 1; step <= steps; step++)
        {
            string root = snapshots[step.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            var recovered = Manager(new HostLayout(root) { UsesSelinux = false }, host, version);
            recovered.Recover();
            string state = HostSnapshot.List(root);
            Assert.Empty(HostSnapshot.Leftovers(root));
            Assert.True(state == before || state == after, $"step {step} of {steps}: neither before nor after:\n{state}");
            if (state == after)
            {
                completed++;
                continue;
            }

            // The next operation works and gives the same host as an uninterrupted one.
            Run(recovered, operation, mode, runtime);
            Assert.Equal(after, HostSnapshot.List(root));
        }

        Assert.InRange(completed, 1, steps - 1);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Operation_FailureAtEveryStep_HostBeforeOrCompleted(string operation, string mode, bool runtime, UpstreamVersion version)
    {
        using var host = NewHost();
        using var scratch = new TempDirectory("portabled-fault");
        Prepare(host, operation, mode, runtime, version);
        string before = HostSnapshot.List(host.Root);
        HostSnapshot.Copy(host.Root, scratch["initial"]);
        int total = CountSteps(host, scratch["count"], operation, mode, runtime, version);
        for (int fail = 1; fail <= total; fail++)
        {
            string root = scratch[fail.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            HostSnapshot.Copy(scratch["initial"], root);
            var layout = new HostLayout(root)
            {
                UsesSelinux = false,
                WriteSteps = new HostWriteSteps { BeforeStep = step => { if (step == fail) { throw new ErrnoException(Errno.EIO); } } },
            };
            PortableManager manager = Manager(layout, host, version);
            Exception? error = Record.Exception(() => Run(manager, operation, mode, runtime));
            if (error is not null)
            {
                PortableException portable = Assert.IsAssignableFrom<PortableException>(error);
                Assert.True(portable.Message.Contains("Input/output error", StringComparison.Ordinal), $"failure at step {fail} of {total}: {portable}");
            }

            manager.Recover();
            string state = HostSnapshot.List(root);
            Assert.Empty(HostSnapshot.Leftovers(root));
            if (error is not null && operation != "detach")
            {
                Assert.True(state == before, $"failure at step {fail} of {total} ({error.Message}) changed the host:\n{state}");
            }

            Directory.Delete(root, recursive: true);
        }
    }

    // A temporary a kill left in a .d directory never makes a later detach fail ("Directory not empty").
    [Fact]
    public void Detach_StrayTemporaryInDropInDirectory_RemovedAndDetached()
    {
        using var host = NewHost();
        PortableManager manager = host.Manager();
        manager.Attach(Image, [], [], "default", "copy", 0);
        host.WriteFile("/etc/systemd/system.attached/app.service.d/.#20-portable.conf0123456789abcdef", "half");
        host.WriteFile("/etc/systemd/system.attached/.#app.service0123456789abcdef", "half");

        manager.Detach("app", [], 0);

        Assert.False(host.Exists("/etc/systemd/system.attached"));
        Assert.Empty(HostSnapshot.Leftovers(host.Root));
    }

    // The image goes away while the attach stages its files: refused, undone.
    [Fact]
    public void Attach_ImageVanishedWhileStaging_RefusedAndUndone()
    {
        using var host = NewHost();
        string before = HostSnapshot.List(host.Root);
        var layout = new HostLayout(host.Root)
        {
            UsesSelinux = false,
            WriteSteps = new HostWriteSteps { BeforeStep = step => { if (step == 6) { Directory.Move(host.Host(Image), host.Host("/var/lib/app.moved")); } } },
        };

        ErrnoException e = Assert.Throws<ErrnoException>(() => Manager(layout, host, UpstreamVersion.V252).Attach(Image, [], [], "default", "copy", 0));

        Assert.Equal($"Image '{Image}' disappeared while it was being attached, refusing.", e.Message);
        Assert.Equal(before, HostSnapshot.List(host.Root));
    }

    // An admin's own file in a .d directory is not ours: detach leaves it and fails as upstream does.
    [Fact]
    public void Detach_ForeignFileInDropInDirectory_KeptWithDirectoryNotEmpty()
    {
        using var host = NewHost();
        PortableManager manager = host.Manager();
        manager.Attach(Image, [], [], "default", "copy", 0);
        host.WriteFile("/etc/systemd/system.attached/app.service.d/50-admin.conf", "[Service]\n");

        PortableChangesException e = Assert.Throws<PortableChangesException>(() => manager.Detach("app", [], 0));

        Assert.Equal("Directory not empty", e.Message);
        Assert.True(host.Exists("/etc/systemd/system.attached/app.service.d/50-admin.conf"));
        Assert.False(host.Exists("/etc/systemd/.portabled-intent"));
    }

    // The same .d in a reattach: it stays, and the new (strict) profile drop-in staged in it is still
    // renamed into place, as in the other units (its removal clears stray temporaries only, not the record's own).
    [Fact]
    public void Reattach_ForeignFileInDropInDirectory_NewDropInsInPlace()
    {
        using var host = NewHost();
        PortableManager manager = host.Manager();
        manager.Attach(Image, [], [], "default", "copy", 0);
        host.WriteFile("/etc/systemd/system.attached/app.service.d/50-admin.conf", "[Service]\n");

        Assert.Throws<PortableChangesException>(() => manager.Reattach(Image, [], [], "strict", "copy", 0));

        Assert.True(host.Exists("/etc/systemd/system.attached/app.service.d/50-admin.conf"));
        Assert.Equal(
            host.ReadFile("/etc/systemd/system.attached/app-worker.service.d/10-profile.conf"),
            host.ReadFile("/etc/systemd/system.attached/app.service.d/10-profile.conf"));
        Assert.Empty(HostSnapshot.Leftovers(host.Root));
    }

    // A record that is not one (garbage, an entry outside the attached and link directories) is removed, never followed.
    [Theory]
    [InlineData("garbage\n")]
    [InlineData("portabled-intent 1\tdetach\nremove\t/etc/passwd\ncommit!\n")]
    [InlineData("portabled-intent 1\tdetach\nremove\t/etc/systemd/system.attached/../../passwd\ncommit!\n")]
    [InlineData("portabled-intent 1\tattach\nstage-file\t/etc/systemd/system.attached/a.service\t/etc/passwd\tnoreplace\npending\n")]
    public void Recover_InvalidRecord_RemovedWithoutTouchingAnything(string record)
    {
        using var host = NewHost();
        host.WriteFile("/etc/passwd", "root\n");
        host.WriteFile("/etc/systemd/.portabled-intent", record);

        host.Manager().Recover();

        Assert.False(host.Exists("/etc/systemd/.portabled-intent"));
        Assert.Equal("root\n", host.ReadFile("/etc/passwd"));
    }

    [Fact]
    public void IntentRecord_RoundTrip_KeepsEveryField()
    {
        string[] scope = ["/etc/systemd/system.attached", "/etc/portables"];
        var record = new IntentRecord("reattach",
        [
            new IntentEntry(IntentAction.Mkdir, "/etc/systemd/system.attached"),
            new IntentEntry(IntentAction.StageFile, "/etc/systemd/system.attached/a b\\c.service", ".#a b\\c.service0123456789abcdef", Replace: true),
            new IntentEntry(IntentAction.StageTree, "/etc/portables/app\nx", ".#app\nx0123456789abcdef"),
            new IntentEntry(IntentAction.Remove, "/etc/portables/old"),
            new IntentEntry(IntentAction.RemoveTree, "/etc/portables/tree"),
            new IntentEntry(IntentAction.RemoveEntry, "/etc/systemd/system.attached/a.service.d"),
            new IntentEntry(IntentAction.RemoveIfEmpty, "/etc/systemd/system.attached"),
        ]);

        byte[] data = record.Serialize();
        Assert.True(IntentRecord.TryParse(data, scope, out IntentRecord? parsed));
        Assert.Equal(record.Entries, parsed.Entries);
        Assert.False(parsed.Committed);
        Assert.Equal("pending\n"u8.ToArray(), data[^IntentRecord.StatusLength..]);
        data.AsSpan(data.Length - IntentRecord.StatusLength).Clear();
        IntentRecord.CommitStatus.CopyTo(data.AsSpan(data.Length - IntentRecord.StatusLength));
        Assert.True(IntentRecord.TryParse(data, scope, out parsed));
        Assert.True(parsed.Committed);
        Assert.False(IntentRecord.TryParse(data[..^1], scope, out _));
    }

    internal static TestHost NewHost()
    {
        var host = new TestHost();

        // The system directories above the attached directories exist on every host.
        Directory.CreateDirectory(host.Host("/etc/systemd"));
        Directory.CreateDirectory(host.Host("/run/systemd"));
        host.CreateDefaultProfiles();
        host.CreateImage(Image, "app");
        host.WriteUnit(Image, "/usr/lib/systemd/system", "app.socket", "[Socket]\nListenStream=/run/app.sock\n");
        host.WriteUnit(Image, "/usr/lib/systemd/system", "app-worker.service");
        host.WriteUnit(Image, "/usr/lib/systemd/system", "app.timer", "[Timer]\nOnCalendar=daily\n");
        return host;
    }

    private static PortableManager Manager(HostLayout layout, TestHost host, UpstreamVersion version) =>
        new(layout, host.Units, version, NullLogger<PortableManager>.Instance);

    // Detach and reattach start from an attached host; reattach changes the profile, so that before and after differ.
    private static void Prepare(TestHost host, string operation, string mode, bool runtime, UpstreamVersion version)
    {
        if (operation != "attach")
        {
            host.Manager(version).Attach(Image, [], [], "default", mode, Flags(runtime));
        }
    }

    private static void Run(PortableManager manager, string operation, string mode, bool runtime)
    {
        switch (operation)
        {
            case "attach":
                manager.Attach(Image, [], [], "default", mode, Flags(runtime));
                break;
            case "detach":
                manager.Detach(Image, [], Flags(runtime));
                break;
            default:
                manager.Reattach(Image, [], [], "strict", mode, Flags(runtime));
                break;
        }
    }

    private static int CountSteps(TestHost host, string scratch, string operation, string mode, bool runtime, UpstreamVersion version)
    {
        HostSnapshot.Copy(host.Root, scratch);
        var steps = new HostWriteSteps();
        Run(Manager(new HostLayout(scratch) { UsesSelinux = false, WriteSteps = steps }, host, version), operation, mode, runtime);
        Directory.Delete(scratch, recursive: true);
        return steps.Count;
    }

    private static ulong Flags(bool runtime) => runtime ? (ulong)Portabled.Core.Attach.PortableFlags.Runtime : 0;
}
