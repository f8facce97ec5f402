// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus;

namespace Portabled.Ctl.Bus;

/// <summary>
/// Calls on org.freedesktop.portable1.Manager (docs/portable1-api.md), each with upstream's
/// argument layout; the caller builds the variable part. Errors surface as <see cref="DBusException"/>
/// carrying the daemon's error name and message.
/// </summary>
internal sealed class PortableManagerClient
{
    private const string Destination = "org.freedesktop.portable1";
    private const string ObjectPath = "/org/freedesktop/portable1";
    private const string Interface = "org.freedesktop.portable1.Manager";
    private readonly CtlBus _bus;

    public PortableManagerClient(CtlBus bus)
    {
        _bus = bus;
    }

    public T Call<T>(string method, Action<MessageWriter>? arguments, Func<MessageReader, T> read, TimeSpan? timeout = null) =>
        _bus.Connection.Call(Destination, ObjectPath, Interface, method, arguments, read, timeout ?? TimeSpan.Zero);

    public IReadOnlyList<ImageEntry> ListImages() => Call("ListImages", null, r =>
    {
        var list = new List<ImageEntry>();
        r.Enter('a', "(ssbtttso)");
        while (r.Enter('r', "ssbtttso"))
        {
            list.Add(new ImageEntry(r.String(), r.String(), r.Boolean(), r.UInt64(), r.UInt64(), r.UInt64(), r.String(), r.ObjectPath()));
            r.Exit();
        }

        r.Exit();
        return list;
    });

    public IReadOnlyList<string> Profiles() =>
        _bus.Connection.Call(Destination, ObjectPath, "org.freedesktop.DBus.Properties", "Get", w => w.String(Interface).String("Profiles"), r =>
        {
            r.Enter('v', "as");
            IReadOnlyList<string> profiles = r.StringArray();
            r.Exit();
            return profiles;
        }, TimeSpan.Zero);

    public ImageMetadata GetImageMetadata(string method, Action<MessageWriter> arguments, bool withExtensions) => Call(method, arguments, r =>
    {
        string image = r.String();
        byte[] osRelease = r.ByteArray();
        IReadOnlyList<KeyValuePair<string, byte[]>> extensions = withExtensions ? ReadFiles(r) : [];
        return new ImageMetadata(image, osRelease, extensions, ReadFiles(r));
    });

    public IReadOnlyList<KeyValuePair<string, string>> GetImageOSRelease(string image) => Call("GetImageOSRelease", w => w.String(image), r =>
    {
        var pairs = new List<KeyValuePair<string, string>>();
        r.Enter('a', "{ss}");
        while (r.Enter('e', "ss"))
        {
            pairs.Add(new(r.String(), r.String()));
            r.Exit();
        }

        r.Exit();
        return pairs;
    });

    public static IReadOnlyList<PortableChange> ReadChanges(MessageReader r)
    {
        var changes = new List<PortableChange>();
        r.Enter('a', "(sss)");
        while (r.Enter('r', "sss"))
        {
            changes.Add(new PortableChange(r.String(), r.String(), r.String()));
            r.Exit();
        }

        r.Exit();
        return changes;
    }

    private static List<KeyValuePair<string, byte[]>> ReadFiles(MessageReader r)
    {
        var files = new List<KeyValuePair<string, byte[]>>();
        r.Enter('a', "{say}");
        while (r.Enter('e', "say"))
        {
            files.Add(new(r.String(), r.ByteArray()));
            r.Exit();
        }

        r.Exit();
        return files;
    }
}
