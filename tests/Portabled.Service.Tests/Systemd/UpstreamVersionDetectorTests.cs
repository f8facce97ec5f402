// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Versions;
using Portabled.Core;
using Portabled.SdBus;
using Portabled.Service.Systemd;

namespace Portabled.Service.Tests.Systemd;

public sealed class UpstreamVersionDetectorTests
{
    [Theory]
    [InlineData("252.39-1~deb12u2", 252)]
    [InlineData("262.1", 262)]
    [InlineData("257", 257)]
    [InlineData("v252", null)]
    [InlineData("", null)]
    public void ParseMajor_VersionStrings(string version, int? major) => Assert.Equal(major, UpstreamVersionDetector.ParseMajor(version));

    [Theory]
    [InlineData("252.39-1~deb12u2", UpstreamVersion.V252)]
    [InlineData("249.11", UpstreamVersion.V252)]
    [InlineData("262.1", UpstreamVersion.V262)]
    [InlineData("256.7", UpstreamVersion.V262)]
    public void Detect_Auto_FollowsServiceManager(string version, UpstreamVersion expected) =>
        Assert.Equal(expected, UpstreamVersionDetector.Detect("auto", () => version, "/nonexistent"));

    [Fact]
    public void Detect_NoServiceManager_UsesInstalledSharedLibrary()
    {
        string root = Directory.CreateTempSubdirectory("portabled-root.").FullName;
        try
        {
            Directory.CreateDirectory(Path.Join(root, "usr/lib/systemd"));
            File.WriteAllText(Path.Join(root, "usr/lib/systemd/libsystemd-shared-252.so"), string.Empty);
            Assert.Equal(UpstreamVersion.V252, UpstreamVersionDetector.Detect("auto", () => throw new DBusException("org.freedesktop.DBus.Error.ServiceUnknown", "x"), root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Detect_Explicit_WinsWithoutAsking() =>
        Assert.Equal(UpstreamVersion.V252, UpstreamVersionDetector.Detect("252", () => throw new InvalidOperationException(), "/"));
}
