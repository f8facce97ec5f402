// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Authorization;

/// <summary>
/// Every method, on the Manager and on an Image object, by name and by path, called by users that
/// polkit's rules allow or not (<see cref="PolkitFixture"/>): a guarded method answers only the user
/// allowed its action; the others get polkit's refusal. Open methods answer everybody.
/// </summary>
public sealed partial class CallAuthorizerTests : IClassFixture<PolkitFixture>
{
    private const string Inspect = "org.freedesktop.portable1.inspect-images";
    private const string Attach = "org.freedesktop.portable1.attach-images";
    private const string Manage = "org.freedesktop.portable1.manage-images";
    private const string Open = "";
    private const string Manager = "/org/freedesktop/portable1";
    private const string Image = "/org/freedesktop/portable1/image/minimal_2dapp";
    private const string Vendor = "/org/freedesktop/portable1/image/vendorapp";
    // 262's text for InteractiveAuthorizationRequired (the fixture's daemon reproduces 262; 252's is
    // "Interactive authentication required.", compared against the real 252 in AuthorizationDifferentialTests).
    private const string Refusal = "Access denied as the requested operation requires interactive authentication. However, interactive authentication has not been enabled by the calling program.";

    private readonly PolkitFixture _fixture;

    public CallAuthorizerTests(PolkitFixture fixture)
    {
        _fixture = fixture;
    }

    // (action, object, method, signature, arguments): allowed calls must not change the tree (vendor
    // images refuse management, attach fails without systemd1, detach finds nothing attached).
    public static TheoryData<string, string, string, string, string, string> Methods()
    {
        (string, string, string, string, string)[] rows =
        [
            (Open, Manager, "ListImages", "", ""),
            (Open, Manager, "GetImage", "s", "minimal-app"),
            (Open, Manager, "GetImageOSRelease", "s", "minimal-app"),
            (Inspect, Manager, "GetImageOSRelease", "s", "/var/lib/portables/minimal-app"),
            (Open, Manager, "GetImageMetadata", "sas", "minimal-app 0"),
            (Inspect, Manager, "GetImageMetadata", "sas", "/var/lib/portables/minimal-app 0"),
            (Open, Manager, "GetImageMetadataWithExtensions", "sasast", "minimal-app 1 app0 0 0"),
            (Inspect, Manager, "GetImageMetadataWithExtensions", "sasast", "/var/lib/portables/minimal-app 0 0 0"),
            (Inspect, Manager, "GetImageMetadataWithExtensions", "sasast", "minimal-app 1 /var/lib/portables/app0 0 0"),
            (Open, Manager, "GetImageState", "s", "/var/lib/portables/minimal-app"),
            (Open, Manager, "GetImageStateWithExtensions", "sast", "minimal-app 1 /var/lib/portables/app0 0"),
            (Attach, Manager, "AttachImage", "sassbs", "minimal-app 0 default false symlink"),
            (Attach, Manager, "AttachImage", "sassbs", "/var/lib/portables/minimal-app 0 default false symlink"),
            (Attach, Manager, "AttachImageWithExtensions", "sasassst", "minimal-app 0 0 default symlink 0"),
            (Attach, Manager, "DetachImage", "sb", "minimal-app false"),
            (Attach, Manager, "DetachImageWithExtensions", "sast", "/var/lib/portables/minimal-app 0 0"),
            (Attach, Manager, "ReattachImage", "sassbs", "minimal-app 0 default false symlink"),
            (Attach, Manager, "ReattachImageWithExtensions", "sasassst", "minimal-app 0 0 default symlink 0"),
            (Manage, Manager, "RemoveImage", "s", "vendorapp"),
            (Manage, Manager, "RemoveImage", "s", "/usr/lib/portables/vendorapp"),
            (Manage, Manager, "MarkImageReadOnly", "sb", "vendorapp true"),
            (Manage, Manager, "SetImageLimit", "st", "vendorapp 1000000"),
            (Manage, Manager, "SetPoolLimit", "t", "1000000"),
            (Open, Image, "GetOSRelease", "", ""),
            (Open, Image, "GetMetadata", "as", "0"),
            (Open, Image, "GetMetadataWithExtensions", "asast", "1 app0 0 0"),
            (Inspect, Image, "GetMetadataWithExtensions", "asast", "1 /var/lib/portables/app0 0 0"),
            (Open, Image, "GetState", "", ""),
            (Open, Image, "GetStateWithExtensions", "ast", "0 0"),
            (Attach, Image, "Attach", "assbs", "0 default false symlink"),
            (Attach, Image, "AttachWithExtensions", "asassst", "0 0 default symlink 0"),
            (Attach, Image, "Detach", "b", "false"),
            (Attach, Image, "DetachWithExtensions", "ast", "0 0"),
            (Attach, Image, "Reattach", "assbs", "0 default false symlink"),
            (Attach, Image, "ReattachWithExtensions", "asassst", "0 0 default symlink 0"),
            (Manage, Vendor, "Remove", "", ""),
            (Manage, Vendor, "MarkReadOnly", "b", "true"),
            (Manage, Vendor, "SetLimit", "t", "1000000"),
        ];
        var data = new TheoryData<string, string, string, string, string, string>();
        foreach ((string action, string path, string method, string signature, string arguments) in rows)
        {
            foreach (string user in PolkitFixture.Users)
            {
                data.Add(user, action, path, method, signature, arguments);
            }
        }

        return data;
    }

    [RequiresTheory("root", "dbus-daemon", "busctl", "setpriv", "unshare", PolkitDaemon.Executable)]
    [MemberData(nameof(Methods))]
    public void Method_AsUser_AnsweredIffPolkitAllowsItsAction(string user, string action, string path, string method, string signature, string arguments)
    {
        string iface = path == Manager ? "org.freedesktop.portable1.Manager" : "org.freedesktop.portable1.Image";
        string[] call = ["call", "org.freedesktop.portable1", path, iface, method];
        if (signature.Length > 0)
        {
            call = [.. call, signature, .. arguments.Split(' ')];
        }

        ProcessResult r = _fixture.BusctlAs(user, call);
        bool allowed = action.Length == 0 || PolkitFixture.UserFor(action) == user;
        if (allowed)
        {
            // Answered: a reply, or an error of the method itself (no systemd1, a vendor image, …).
            Assert.True(r.ExitCode == 0 || r.StandardError.StartsWith("Call failed: ", StringComparison.Ordinal), r.StandardError);
            Assert.DoesNotContain(Refusal, r.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("Access denied", r.StandardError, StringComparison.Ordinal);
        }
        else
        {
            Assert.NotEqual(0, r.ExitCode);
            Assert.Equal("Call failed: " + Refusal + "\n", r.StandardError);
        }
    }

    [RequiresTheory("root", "dbus-daemon", "busctl", "setpriv", "unshare", PolkitDaemon.Executable)]
    [InlineData("GetImageOSRelease", "s", "/secret/hidden-app")]
    [InlineData("GetImageMetadata", "sas", "/secret/hidden-app 0")]
    [InlineData("GetImageMetadataWithExtensions", "sasast", "/secret/hidden-app 0 0 0")]
    [InlineData("GetImageMetadataWithExtensions", "sasast", "minimal-app 1 /secret/hidden-ext 0 0")]
    [InlineData("GetImageMetadataWithExtensions", "sasast", "minimal-app 1 /secret/hidden-ext 1 minimal-app 1")]
    [InlineData("GetImageStateWithExtensions", "sast", "/secret/hidden-app 1 /secret/hidden-ext 0")]
    [InlineData("AttachImageWithExtensions", "sasassst", "minimal-app 1 /secret/hidden-ext 0 default copy 0")]
    [InlineData("GetImage", "s", "/secret/hidden-app")]
    [InlineData("ListImages", "", "")]
    public void RootOnlyTree_AsNobody_NoMethodRevealsItsFiles(string method, string signature, string arguments)
    {
        string[] call = ["call", "org.freedesktop.portable1", Manager, "org.freedesktop.portable1.Manager", method];
        ProcessResult r = _fixture.BusctlAs("nobody", signature.Length == 0 ? call : [.. call, signature, .. arguments.Split(' ')]);
        Assert.False(Reveals(r), r.StandardOutput + r.StandardError);
    }

    [RequiresTheory("root", "dbus-daemon", "busctl", "setpriv", "unshare", PolkitDaemon.Executable)]
    [InlineData("GetMetadataWithExtensions", "asast", "1 /secret/hidden-ext 0 0")]
    [InlineData("GetStateWithExtensions", "ast", "1 /secret/hidden-ext 0")]
    [InlineData("AttachWithExtensions", "asassst", "1 /secret/hidden-ext 0 default copy 0")]
    public void RootOnlyTree_AsNobodyThroughImageObject_NoMethodRevealsItsFiles(string method, string signature, string arguments)
    {
        ProcessResult r = _fixture.BusctlAs("nobody", ["call", "org.freedesktop.portable1", Image, "org.freedesktop.portable1.Image", method, signature, .. arguments.Split(' ')]);
        Assert.False(Reveals(r), r.StandardOutput + r.StandardError);
    }

    [RequiresFact("root", "dbus-daemon", "busctl", "setpriv", "unshare", PolkitDaemon.Executable)]
    public void RootOnlyTree_AsAllowedInspector_IsRead()
    {
        // The same call the tests above refuse is answered for the user polkit allows: the refusal is
        // the authorization, not a broken image.
        ProcessResult r = _fixture.BusctlAs(PolkitFixture.UserFor(Inspect),
            "call", "org.freedesktop.portable1", Manager, "org.freedesktop.portable1.Manager", "GetImageMetadataWithExtensions", "sasast",
            "minimal-app", "1", "/secret/hidden-ext", "0", "0");
        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.True(Reveals(r), r.StandardOutput);
    }

    // busctl prints strings as text and byte arrays as decimal numbers.
    private static bool Reveals(ProcessResult r)
    {
        string bytes = " " + string.Join(' ', System.Text.Encoding.ASCII.GetBytes(PolkitFixture.Secret)) + " ";
        string output = r.StandardOutput + r.StandardError;
        return output.Contains(PolkitFixture.Secret, StringComparison.Ordinal) || output.Contains(bytes, StringComparison.Ordinal);
    }
}
