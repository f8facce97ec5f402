// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;
using Portabled.Core.Versions;
using Portabled.Core;
using Portabled.SdBus;
using Portabled.Service.Hosting;

namespace Portabled.Service.Bus;

/// <summary>
/// <c>/org/freedesktop/portable1/image/&lt;escaped name&gt;</c>, interface <c>org.freedesktop.portable1.Image</c>:
/// a fallback vtable; an object exists for every image found in the search path (by name only).
/// </summary>
internal sealed class ImageObject
{
    public const string InterfaceName = "org.freedesktop.portable1.Image";
    private const BusVTableFlags U = BusVTableFlags.Unprivileged;

    private readonly PortableManagerProvider _core;
    private readonly PortableRequests _requests;
    private readonly ManagementRequests _management;

    public ImageObject(PortableManagerProvider core, PortableRequests requests, ManagementRequests management)
    {
        _core = core;
        _requests = requests;
        _management = management;
    }

    /// <summary>The member table; <paramref name="behavior"/> decides which spelling of ReattachWithExtensions is introspected.</summary>
    public BusInterface Interface(UpstreamBehavior behavior) => new(InterfaceName,
        [
            Property("Name", "s", (i, w) => w.String(i.Name)),
            Property("Path", "s", (i, w) => w.String(i.Path)),
            Property("Type", "s", (i, w) => w.String(PortableImageTypes.ToWire(i.Type))),
            Property("ReadOnly", "b", (i, w) => w.Boolean(i.ReadOnly)),
            Property("CreationTimestamp", "t", (i, w) => w.UInt64(i.CreationTimestamp)),
            Property("ModificationTimestamp", "t", (i, w) => w.UInt64(i.ModificationTimestamp)),
            Property("Usage", "t", (i, w) => w.UInt64(i.Usage)),
            Property("Limit", "t", (i, w) => w.UInt64(i.Limit)),
            Property("UsageExclusive", "t", (i, w) => w.UInt64(i.UsageExclusive)),
            Property("LimitExclusive", "t", (i, w) => w.UInt64(i.LimitExclusive)),
        ],
        [
            new BusMethod("GetOSRelease", [], [new("a{ss}", "os_release")], c => _requests.GetOSRelease(c, NameOf(c)), U),
            new BusMethod("GetMetadata", [new("as", "matches")], [new("s", "image"), new("ay", "os_release"), new("a{say}", "units")],
                c => _requests.GetMetadata(c, NameOf(c), withExtensions: false), U),
            new BusMethod("GetMetadataWithExtensions", [new("as", "extensions"), new("as", "matches"), new("t", "flags")],
                [new("s", "image"), new("ay", "os_release"), new("a{say}", "extensions"), new("a{say}", "units")],
                c => _requests.GetMetadata(c, NameOf(c), withExtensions: true), U),
            new BusMethod("GetState", [], [new("s", "state")], c => _requests.GetState(c, PathOf(c), withExtensions: false), U),
            new BusMethod("GetStateWithExtensions", [new("as", "extensions"), new("t", "flags")], [new("s", "state")],
                c => _requests.GetState(c, PathOf(c), withExtensions: true), U),
            new BusMethod("Attach", [new("as", "matches"), new("s", "profile"), new("b", "runtime"), new("s", "copy_mode")], [new("a(sss)", "changes")],
                c => _requests.Attach(c, NameOf(c), withExtensions: false), U),
            new BusMethod("AttachWithExtensions", [new("as", "extensions"), new("as", "matches"), new("s", "profile"), new("s", "copy_mode"), new("t", "flags")],
                [new("a(sss)", "changes")], c => _requests.Attach(c, NameOf(c), withExtensions: true), U),
            new BusMethod("Detach", [new("b", "runtime")], [new("a(sss)", "changes")], c => _requests.Detach(c, PathOf(c), withExtensions: false), U),
            new BusMethod("DetachWithExtensions", [new("as", "extensions"), new("t", "flags")], [new("a(sss)", "changes")],
                c => _requests.Detach(c, PathOf(c), withExtensions: true), U),
            new BusMethod("Reattach", [new("as", "matches"), new("s", "profile"), new("b", "runtime"), new("s", "copy_mode")],
                [new("a(sss)", "changes_removed"), new("a(sss)", "changes_updated")], c => _requests.Reattach(c, NameOf(c), withExtensions: false), U),
            // 252 published this method as "ReattacheWithExtensions" (a typo); since 254 that name is
            // a hidden alias. We introspect the spelling of the version we reproduce and hide the
            // other; both work (upstream's alias mis-parses its arguments).
            ReattachWithExtensions("ReattachWithExtensions", behavior.PublishesReattachTypo ? U | BusVTableFlags.Hidden : U),
            ReattachWithExtensions("ReattacheWithExtensions", behavior.PublishesReattachTypo ? U : U | BusVTableFlags.Hidden),
            new BusMethod("Remove", [], [], c => _management.Remove(c, NameOf(c)), U),
            new BusMethod("MarkReadOnly", [new("b", "read_only")], [], c => _management.MarkReadOnly(c, NameOf(c)), U),
            new BusMethod("SetLimit", [new("t", "limit")], [], c => _management.SetLimit(c, NameOf(c)), U),
        ]);

    /// <summary>
    /// Whether <paramref name="path"/> is an image object. Like upstream's find callback, a child
    /// path that names no image is an error (e.g. <c>No image 'x' found.</c>), not "unknown object".
    /// </summary>
    public bool Exists(string path)
    {
        if (path == BusWire.ImagePrefix || ObjectPaths.Decode(path, BusWire.ImagePrefix) is not { } name)
        {
            return false;
        }

        _core.Manager.GetImage(name);
        return true;
    }

    /// <summary>Object paths of every image in the search path.</summary>
    public IEnumerable<string> Enumerate() =>
        _core.Manager.DiscoverImages().Select(i => BusWire.ImageObjectPath(i.Name));

    private static string NameOf(BusMethodCall call) => ObjectPaths.Decode(call.Path, BusWire.ImagePrefix) ?? string.Empty;

    // Like upstream, state and detach of an image object work on the image's path, not its name.
    private string PathOf(BusMethodCall call) => _core.Manager.GetImage(NameOf(call)).Path;

    private BusMethod ReattachWithExtensions(string name, BusVTableFlags flags) =>
        new(name, [new("as", "extensions"), new("as", "matches"), new("s", "profile"), new("s", "copy_mode"), new("t", "flags")],
            [new("a(sss)", "changes_removed"), new("a(sss)", "changes_updated")], c => _requests.Reattach(c, NameOf(c), withExtensions: true), flags);

    private BusProperty Property(string name, string signature, Action<PortableImage, MessageWriter> write) =>
        new(name, signature, (path, w) => write(_core.Manager.GetImage(ObjectPaths.Decode(path, BusWire.ImagePrefix) ?? string.Empty), w));
}
