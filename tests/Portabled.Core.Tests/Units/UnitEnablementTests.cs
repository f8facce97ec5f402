// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Units;

namespace Portabled.Core.Tests.Units;

/// <summary>
/// The unit file state rule (systemd's install logic) on hosts built in a temporary root: each case is
/// one arrangement of the attached directory, an image and the configuration directories, with the
/// state upstream's unit_file_lookup_state() gives for it (the enabled/attached ones observed with the
/// real 252 and 262 through GetImageState).
/// </summary>
public class UnitEnablementTests
{
    private const string Attached = "/etc/systemd/system.attached";
    private const string RuntimeAttached = "/run/systemd/system.attached";
    private const string Image = "/var/lib/portables/app/usr/lib/systemd/system";
    private const string Plain = "[Unit]\nDescription=x\n\n[Service]\nExecStart=/usr/bin/true\n";
    private const string Wanted = Plain + "\n[Install]\nWantedBy=multi-user.target\n";

    public static TheoryData<string, UnitFileState> States => new()
    {
        { "copy", UnitFileState.Static },
        { "copy-wanted", UnitFileState.Disabled },
        { "copy-also-only", UnitFileState.Indirect },
        { "copy-also-in-dropin", UnitFileState.Indirect },
        { "symlink-same-name", UnitFileState.Disabled },
        { "symlink-same-name-runtime", UnitFileState.LinkedRuntime },
        { "symlink-to-alias", UnitFileState.Alias },
        { "symlink-to-alias-chain", UnitFileState.Alias },
        { "symlink-to-alias-runtime", UnitFileState.Alias },
        { "symlink-instance-to-template", UnitFileState.Static },
        { "symlink-same-name-through-etc", UnitFileState.Disabled },
        { "wanted-in-etc", UnitFileState.Enabled },
        { "wanted-in-run", UnitFileState.EnabledRuntime },
        { "wanted-in-attached", UnitFileState.Disabled },
        { "required-in-etc", UnitFileState.Enabled },
        { "alias-link-in-etc", UnitFileState.Indirect },
        { "install-alias-link-in-etc", UnitFileState.Enabled },
        { "masked-in-etc", UnitFileState.Masked },
        { "masked-in-run-shadowed", UnitFileState.Static },
        { "masked-in-run-runtime", UnitFileState.MaskedRuntime },
        { "symlink-to-empty", UnitFileState.Masked },
        { "instance-wanted-in-attached", UnitFileState.Static },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void GetState_HostArrangement_FollowsInstallLogic(string arrangement, UnitFileState expected)
    {
        using var host = new TestHost();
        string unit = Arrange(host, arrangement);

        Assert.Equal(expected, UnitEnablement.GetState(host.Layout, unit));
    }

    [Theory]
    [InlineData("copy", false)]
    [InlineData("copy-wanted", false)]
    [InlineData("copy-also-only", true)]
    [InlineData("symlink-same-name", false)]
    [InlineData("symlink-same-name-runtime", false)]
    [InlineData("symlink-to-alias", true)]
    [InlineData("symlink-to-alias-runtime", true)]
    [InlineData("symlink-instance-to-template", false)]
    [InlineData("wanted-in-etc", true)]
    [InlineData("wanted-in-attached", false)]
    [InlineData("masked-in-etc", true)]
    public void IsEnabled_HostArrangement_AllButStaticDisabledAndLinked(string arrangement, bool enabled)
    {
        using var host = new TestHost();
        string unit = Arrange(host, arrangement);

        Assert.Equal(enabled, UnitEnablement.IsEnabled(host.Layout, unit));
    }

    // Observed with the real 252 and 262: GetImageState then fails with the errno.
    [Theory]
    [InlineData("dangling", Errno.ENOENT)]
    [InlineData("dangling-dropin", Errno.ENOENT)]
    [InlineData("directory-dropin", Errno.EISDIR)]
    [InlineData("symlink-to-directory", Errno.EISDIR)]
    [InlineData("self-loop", Errno.ELOOP)]
    [InlineData("alias-to-missing-name", Errno.ENOLINK)]
    [InlineData("alias-of-other-type", Errno.EXDEV)]
    public void GetState_BrokenArrangement_ThrowsErrno(string arrangement, int errno)
    {
        using var host = new TestHost();
        string unit = Arrange(host, arrangement);

        var e = Assert.Throws<ErrnoException>(() => UnitEnablement.GetState(host.Layout, unit));

        Assert.Equal(errno, e.Errno);
    }

    [Fact]
    public void GetState_NotFound_ThrowsENOENT()
    {
        using var host = new TestHost();

        Assert.Equal(Errno.ENOENT, Assert.Throws<ErrnoException>(() => UnitEnablement.GetState(host.Layout, "nothing.service")).Errno);
    }

    [Fact]
    public void GetState_InvalidName_ThrowsEINVAL()
    {
        using var host = new TestHost();

        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => UnitEnablement.GetState(host.Layout, "no-suffix")).Errno);
    }

    [Fact]
    public void GetState_AliasLoopBetweenTwoNames_ThrowsELOOP()
    {
        using var host = new TestHost();
        host.Symlink("/etc/systemd/system/a.service", "b.service");
        host.Symlink("/etc/systemd/system/b.service", "a.service");

        Assert.Equal(Errno.ELOOP, Assert.Throws<ErrnoException>(() => UnitEnablement.GetState(host.Layout, "a.service")).Errno);
    }

    // Each arrangement returns the name to look up.
    private static string Arrange(TestHost host, string arrangement)
    {
        switch (arrangement)
        {
            case "copy":
                host.WriteFile($"{Attached}/app.service", Plain);
                return "app.service";
            case "copy-wanted":
                host.WriteFile($"{Attached}/app.service", Wanted);
                return "app.service";
            case "copy-also-only":
                host.WriteFile($"{Attached}/app.service", Plain + "[Install]\nAlso=other.service\n");
                return "app.service";
            case "copy-also-in-dropin":
                host.WriteFile($"{Attached}/app.service", Plain);
                host.WriteFile("/etc/systemd/system/app.service.d/x.conf", "[Install]\nAlso=other.service\n");
                return "app.service";
            case "symlink-same-name":
                host.WriteFile($"{Image}/app.service", Wanted);
                host.Symlink($"{Attached}/app.service", $"{Image}/app.service");
                return "app.service";
            case "symlink-same-name-runtime":
                host.WriteFile($"{Image}/app.service", Wanted);
                host.Symlink($"{RuntimeAttached}/app.service", $"{Image}/app.service");
                return "app.service";
            case "symlink-to-alias":
                host.WriteFile($"{Image}/app.service", Wanted);
                host.Symlink($"{Image}/app-alias.service", "app.service");
                host.Symlink($"{Attached}/app-alias.service", $"{Image}/app-alias.service");
                return "app-alias.service";
            case "symlink-to-alias-chain":
                host.WriteFile($"{Image}/app.service", Wanted);
                host.Symlink($"{Image}/app-alias.service", "app.service");
                host.Symlink($"{Image}/app-alias2.service", "./app-alias.service");
                host.Symlink($"{Attached}/app-alias2.service", $"{Image}/app-alias2.service");
                return "app-alias2.service";
            case "symlink-to-alias-runtime":
                host.WriteFile($"{Image}/app.service", Plain);
                host.Symlink($"{Image}/app-alias.service", "app.service");
                host.Symlink($"{RuntimeAttached}/app-alias.service", $"{Image}/app-alias.service");
                return "app-alias.service";
            case "symlink-instance-to-template":
                host.WriteFile($"{Image}/app@.service", Plain);
                host.Symlink($"{Image}/app@one.service", "app@.service");
                host.Symlink($"{Attached}/app@one.service", $"{Image}/app@one.service");
                return "app@one.service";
            case "symlink-same-name-through-etc":
                host.WriteFile($"{Image}/app.service", Wanted);
                host.Symlink("/var/lib/portables/app/etc/systemd/system/app.service", "../../../usr/lib/systemd/system/app.service");
                host.Symlink($"{Attached}/app.service", "/var/lib/portables/app/etc/systemd/system/app.service");
                return "app.service";
            case "wanted-in-etc":
                host.WriteFile($"{Attached}/app.service", Wanted);
                host.AddWantsLink("/etc/systemd/system", "app.service");
                return "app.service";
            case "wanted-in-run":
                host.WriteFile($"{Attached}/app.service", Wanted);
                host.AddWantsLink("/run/systemd/system", "app.service");
                return "app.service";
            case "wanted-in-attached":
                host.WriteFile($"{Attached}/app.service", Wanted);
                host.AddWantsLink(Attached, "app.service");
                return "app.service";
            case "required-in-etc":
                host.WriteFile($"{Attached}/app.service", Plain);
                host.Symlink("/etc/systemd/system/x.target.requires/app.service", $"{Attached}/app.service");
                return "app.service";
            case "alias-link-in-etc":
                host.WriteFile($"{Attached}/app.service", Wanted);
                host.Symlink("/etc/systemd/system/app-x.service", $"{Attached}/app.service");
                return "app.service";
            case "install-alias-link-in-etc":
                host.WriteFile($"{Attached}/app.service", Plain + "[Install]\nAlias=app-x.service\n");
                host.Symlink("/etc/systemd/system/app-x.service", $"{Attached}/app.service");
                return "app.service";
            case "masked-in-etc":
                host.WriteFile($"{Attached}/app.service", Plain);
                host.WriteFile("/etc/systemd/system/app.service", string.Empty);
                return "app.service";
            case "masked-in-run-shadowed":
                // /etc/systemd/system.attached comes before /run/systemd/system in the search path.
                host.WriteFile($"{Attached}/app.service", Plain);
                host.WriteFile("/run/systemd/system/app.service", string.Empty);
                return "app.service";
            case "masked-in-run-runtime":
                host.WriteFile($"{RuntimeAttached}/app.service", Plain);
                host.WriteFile("/run/systemd/system/app.service", string.Empty);
                return "app.service";
            case "symlink-to-empty":
                host.WriteFile("/srv/empty", string.Empty);
                host.Symlink($"{Attached}/app.service", "/srv/empty");
                return "app.service";
            case "instance-wanted-in-attached":
                host.WriteFile($"{Attached}/app@.service", Plain);
                host.Symlink($"{Attached}/multi-user.target.wants/app@one.service", $"{Attached}/app@.service");
                return "app@one.service";
            case "dangling":
                host.Symlink($"{Attached}/app.service", $"{Image}/app.service");
                return "app.service";
            case "dangling-dropin":
                host.WriteFile($"{Attached}/app.service", Plain);
                host.Symlink($"{Attached}/app.service.d/10-profile.conf", "/usr/lib/systemd/portable/profile/gone/service.conf");
                return "app.service";
            case "directory-dropin":
                host.WriteFile($"{Attached}/app.service", Plain);
                Directory.CreateDirectory(host.Host($"{Attached}/app.service.d/10-profile.conf"));
                return "app.service";
            case "symlink-to-directory":
                Directory.CreateDirectory(host.Host($"{Image}/app-dir.service"));
                host.Symlink($"{Image}/app.service", "app-dir.service");
                host.Symlink($"{Attached}/app.service", $"{Image}/app.service");
                return "app.service";
            case "self-loop":
                host.Symlink($"{Attached}/app.service", "app.service");
                return "app.service";
            case "alias-to-missing-name":
                host.Symlink($"{Attached}/app.service", "/etc/systemd/system/other.service");
                return "app.service";
            case "alias-of-other-type":
                host.WriteFile("/etc/systemd/system/other.socket", Plain);
                host.Symlink($"{Attached}/app.service", "/etc/systemd/system/other.socket");
                return "app.service";
            default:
                throw new ArgumentOutOfRangeException(nameof(arrangement), arrangement, null);
        }
    }
}
