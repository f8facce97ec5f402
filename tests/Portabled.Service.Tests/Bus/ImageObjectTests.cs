// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Versions;
using Portabled.SdBus;
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// Image objects: the image is looked up once per call, by sd-bus's object lookup, and the property
/// getters write what that lookup found; they never search the image search path themselves
/// (before, every getter looked the image up again: GetAll was 1 + 10 lookups on the bus thread).
/// </summary>
public sealed class ImageObjectTests : IDisposable
{
    private const string Service = "org.freedesktop.portable1";
    private const string ImagePath = "/org/freedesktop/portable1/image/minimal_2dapp";
    private const string Properties = "org.freedesktop.DBus.Properties";
    private readonly InProcessPortabled _daemon = new(UpstreamVersion.V262);

    public void Dispose() => _daemon.Dispose();

    [RequiresFact("dbus-daemon")]
    public void GetAll_TenProperties_OneLookup()
    {
        int before = _daemon.Lookups.Count;
        List<string> names = _daemon.Client.Call(Service, ImagePath, Properties, "GetAll", w => w.String("org.freedesktop.portable1.Image"), ReadNames, TimeSpan.FromSeconds(20));
        Assert.Equal(["Name", "Path", "Type", "ReadOnly", "CreationTimestamp", "ModificationTimestamp", "Usage", "Limit", "UsageExclusive", "LimitExclusive"], names);
        Assert.Equal(1, _daemon.Lookups.Count - before);
    }

    [RequiresTheory("dbus-daemon")]
    [InlineData("Name", "minimal-app")]
    [InlineData("Type", "directory")]
    public void Get_Property_OneLookupAndTheLookedUpValue(string property, string expected)
    {
        int before = _daemon.Lookups.Count;
        string value = _daemon.Client.Call(Service, ImagePath, Properties, "Get", w => w.String("org.freedesktop.portable1.Image").String(property),
            r => r.Enter('v', "s") ? r.String() : string.Empty, TimeSpan.FromSeconds(20));
        Assert.Equal(expected, value);
        Assert.Equal(1, _daemon.Lookups.Count - before);
    }

    [RequiresFact("dbus-daemon")]
    public void Get_NoSuchImage_IsTheLookupError()
    {
        var e = Assert.Throws<DBusException>(() => _daemon.Client.Call(Service, "/org/freedesktop/portable1/image/nosuch", Properties, "Get",
            w => w.String("org.freedesktop.portable1.Image").String("Name"), r => r.Skip(), TimeSpan.FromSeconds(20)));
        Assert.Equal("org.freedesktop.portable1.NoSuchImage", e.ErrorName);
        Assert.Equal("No image 'nosuch' found.", e.Message);
    }

    private static List<string> ReadNames(MessageReader r)
    {
        var names = new List<string>();
        r.Enter('a', "{sv}");
        while (r.Enter('e', "sv"))
        {
            names.Add(r.String());
            r.Skip("v");
            r.Exit();
        }

        r.Exit();
        return names;
    }
}
