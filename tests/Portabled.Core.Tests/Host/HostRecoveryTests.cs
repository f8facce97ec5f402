// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging.Abstractions;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Versions;

namespace Portabled.Core.Tests.Host;

/// <summary>
/// When the recovery pass before an operation sweeps the <c>.d</c> directories (docs/reliability.md,
/// "Recovery"): at the first operation of a process and in <see cref="PortableManager.Recover"/>,
/// when a record is found, and after an operation that left one of its own temporaries; never
/// otherwise. What is swept is read from the manager's count of <c>.d</c> directories listed.
/// </summary>
public sealed class HostRecoveryTests
{
    private const string Attached = "/etc/systemd/system.attached";
    private const string Other = "/var/lib/portables/other";

    // A rename after the commit point fails for good (EPERM) and removing its temporary fails too
    // (EIO): the record is gone, the temporary stays in a .d directory until the next operation.
    [Fact]
    public void Attach_RenameAndCleanUpFailed_NextOperationSweepsLeftover()
    {
        using TestHost host = CrashRecoveryTests.NewHost();
        bool renameFailed = false;
        bool cleanUpFailed = false;
        var layout = new HostLayout(host.Root)
        {
            UsesSelinux = false,
            WriteSteps = new HostWriteSteps
            {
                BeforeStep = _ =>
                {
                    // The first step after the commit point renames the first staged file; the
                    // first one after the image link (renamed last) is the clean-up of the failed one.
                    if (!renameFailed && IsCommitted(host))
                    {
                        renameFailed = true;
                        throw new ErrnoException(Errno.EPERM);
                    }

                    if (renameFailed && !cleanUpFailed && host.Exists("/etc/portables/app"))
                    {
                        cleanUpFailed = true;
                        throw new ErrnoException(Errno.EIO);
                    }
                },
            },
        };
        var manager = new PortableManager(layout, host.Units, UpstreamVersion.V262, NullLogger<PortableManager>.Instance);

        PortableException e = Assert.IsAssignableFrom<PortableException>(
            Record.Exception(() => manager.Attach(CrashRecoveryTests.Image, [], [], "default", "copy", 0)));
        Assert.Contains("Operation not permitted", e.Message, StringComparison.Ordinal);
        Assert.True(cleanUpFailed);
        string leftover = Assert.Single(HostSnapshot.Leftovers(host.Root));
        Assert.EndsWith(".d", Path.GetDirectoryName(leftover), StringComparison.Ordinal);
        int swept = manager.SweptDropInDirectories;

        // An operation that touches no .d directory itself: only the sweep can remove the leftover.
        Assert.Throws<NoSuchUnitException>(() => manager.Detach(Other, [], 0));

        Assert.Empty(HostSnapshot.Leftovers(host.Root));
        Assert.Equal(swept + DropInDirectories(host), manager.SweptDropInDirectories);

        // Swept clean: the next operation does not list them again.
        Assert.Throws<NoSuchUnitException>(() => manager.Detach(Other, [], 0));
        Assert.Equal(swept + DropInDirectories(host), manager.SweptDropInDirectories);
    }

    // A record (here of an attach a crash interrupted before its commit point) makes the pass sweep
    // the .d directories of its scope, and the stray temporary next to it goes.
    [Fact]
    public void Operation_RecordPresent_DropInDirectoriesSwept()
    {
        using TestHost host = CrashRecoveryTests.NewHost();
        PortableManager manager = host.Manager();
        manager.Attach(CrashRecoveryTests.Image, [], [], "default", "copy", 0);
        int swept = manager.SweptDropInDirectories;
        var record = new IntentRecord("attach", [new IntentEntry(IntentAction.Mkdir, $"{Attached}/gone.service.d")]);
        File.WriteAllBytes(host.Host("/etc/systemd/.portabled-intent"), record.Serialize());
        host.WriteFile($"{Attached}/app.service.d/.#20-portable.conf0123456789abcdef", "half");

        Assert.Throws<NoSuchUnitException>(() => manager.Detach(Other, [], 0));

        Assert.Empty(HostSnapshot.Leftovers(host.Root));
        Assert.Equal(swept + DropInDirectories(host), manager.SweptDropInDirectories);
    }

    // The first operation of a process sweeps everything; after that, with no record and nothing
    // left by a failure, attach, reattach and detach list no .d directory; Recover() always does.
    [Fact]
    public void Operation_NothingToRecover_DropInDirectoriesNotListed()
    {
        using TestHost host = CrashRecoveryTests.NewHost();
        host.Manager().Attach(CrashRecoveryTests.Image, [], [], "default", "copy", 0);
        int dropIns = DropInDirectories(host);
        Assert.True(dropIns >= 3, $"{dropIns} .d directories");
        PortableManager manager = host.Manager();

        Assert.Throws<NoSuchUnitException>(() => manager.Detach(Other, [], 0));
        Assert.Equal(dropIns, manager.SweptDropInDirectories);

        manager.Reattach(CrashRecoveryTests.Image, [], [], "strict", "copy", 0);
        manager.Detach(CrashRecoveryTests.Image, [], 0);
        manager.Attach(CrashRecoveryTests.Image, [], [], "default", "copy", 0);
        Assert.Throws<NoSuchUnitException>(() => manager.Detach(Other, [], 0));
        Assert.Equal(dropIns, manager.SweptDropInDirectories);

        manager.Recover();
        Assert.Equal(2 * dropIns, manager.SweptDropInDirectories);
    }

    // A daemon recovers before its manager exists (it still asks which version to copy): the pass
    // removes a stray temporary as Recover() does, and a manager that adopts a clean result does not
    // sweep again at its first operation; one that adopts nothing does.
    [Fact]
    public void RecoverHost_BeforeTheManager_IsAdoptedAsItsStartUpPass()
    {
        using TestHost host = CrashRecoveryTests.NewHost();
        host.Manager().Attach(CrashRecoveryTests.Image, [], [], "default", "copy", 0);
        int dropIns = DropInDirectories(host);
        string stray = Path.Join(host.Host(Attached), ".#stray.service0123456789abcdef");
        File.WriteAllText(stray, "left by a crash\n");

        RecoveryResult result = PortableManager.RecoverHost(host.Layout, NullLogger<PortableManager>.Instance);

        Assert.False(File.Exists(stray));
        Assert.True(result.Clean);
        Assert.Equal(dropIns, result.DropInDirectoriesSwept);
        PortableManager adopted = host.Manager();
        adopted.AdoptRecovery(result);
        Assert.Throws<NoSuchUnitException>(() => adopted.Detach(Other, [], 0));
        Assert.Equal(dropIns, adopted.SweptDropInDirectories);

        PortableManager fresh = host.Manager();
        Assert.Throws<NoSuchUnitException>(() => fresh.Detach(Other, [], 0));
        Assert.Equal(dropIns, fresh.SweptDropInDirectories);
    }

    // The remembered manager version is staged beside the runtime record; what a killed daemon
    // left of it goes with the pass, the file itself and anything else in /run/systemd stay.
    [Fact]
    public void RecoverHost_SweepsAStagedManagerVersion()
    {
        using TestHost host = CrashRecoveryTests.NewHost();
        Directory.CreateDirectory(host.Host("/run/systemd"));
        string staged = host.Host("/run/systemd/.#.portabled-version0123456789abcdef");
        string other = host.Host("/run/systemd/.#notours0123456789abcdef");
        File.WriteAllText(staged, "half");
        File.WriteAllText(other, "someone else's");
        Assert.True(new ManagerVersionCache(host.Layout).Remember("0123456789abcdef0123456789abcdef :1.1", "262.1"));

        RecoveryResult result = PortableManager.RecoverHost(host.Layout, NullLogger<PortableManager>.Instance);

        Assert.True(result.Clean);
        Assert.False(File.Exists(staged));
        Assert.True(File.Exists(other));
        Assert.Equal("262.1", new ManagerVersionCache(host.Layout).Find("0123456789abcdef0123456789abcdef :1.1"));
    }

    // The attached directory may be an admin's symlink: the sweep follows it, as opendir() would.
    [Fact]
    public void RecoverHost_AttachedDirectoryIsASymlink_SweepsItsTarget()
    {
        using TestHost host = CrashRecoveryTests.NewHost();
        string target = host.Host("/srv/attached");
        Directory.CreateDirectory(target);
        string stray = Path.Join(target, ".#stray.service0123456789abcdef");
        string unit = Path.Join(target, "kept.service");
        File.WriteAllText(stray, "left by a crash\n");
        File.WriteAllText(unit, "[Service]\n");
        Directory.CreateDirectory(Path.GetDirectoryName(host.Host(Attached))!);
        File.CreateSymbolicLink(host.Host(Attached), target);

        RecoveryResult result = PortableManager.RecoverHost(host.Layout, NullLogger<PortableManager>.Instance);

        Assert.True(result.Clean);
        Assert.False(File.Exists(stray));
        Assert.True(File.Exists(unit));
    }

    // Something that is not a directory where the attached directory goes holds no temporaries:
    // nothing to sweep there, and the pass is clean.
    [Fact]
    public void RecoverHost_AttachedPathIsAFile_CleanAndLeftAlone()
    {
        using TestHost host = CrashRecoveryTests.NewHost();
        Directory.CreateDirectory(Path.GetDirectoryName(host.Host(Attached))!);
        File.WriteAllText(host.Host(Attached), "not a directory\n");

        RecoveryResult result = PortableManager.RecoverHost(host.Layout, NullLogger<PortableManager>.Instance);

        Assert.True(result.Clean);
        Assert.Equal("not a directory\n", File.ReadAllText(host.Host(Attached)));
    }

    private static bool IsCommitted(TestHost host)
    {
        string record = host.Host("/etc/systemd/.portabled-intent");
        return File.Exists(record) && File.ReadAllText(record).EndsWith("commit!\n", StringComparison.Ordinal);
    }

    private static int DropInDirectories(TestHost host) =>
        Directory.EnumerateDirectories(host.Host(Attached), "*.d").Count();
}
