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
/// The image is looked up once per call, by sd-bus's object lookup; properties are written from
/// what it found.
/// </summary>
internal sealed class ImageObject
{
    public const string InterfaceName = "org.freedesktop.portable1.Image";
    private const BusVTableFlags U = BusVTableFlags.Unprivileged;

    private readonly PortableManagerProvider _core;
    private readonly PortableRequests _requests;

    // The image sd-bus's object lookup (Exists) found for the call being dispatched; bus thread
    // only. sd-bus looks the object up right before it runs the property getters or the method
    // handler of a call, so those read the image from here instead of searching again.
    private (string Path, PortableImage Image)? _lookedUp;

    public ImageObject(PortableManagerProvider core, PortableRequests requests)
    {
        _core = core;
        _requests = requests;
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
            // State and detach of an image object go by its path, as upstream's (image->path).
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
            .. ReattachWithExtensions(behavior),
            new BusMethod("Remove", [], [], c => _requests.ManageImage(c, NameOf(c), "Remove"), U),
            new BusMethod("MarkReadOnly", [new("b", "read_only")], [], c => _requests.ManageImage(c, NameOf(c), "MarkReadOnly"), U),
            new BusMethod("SetLimit", [new("t", "limit")], [], c => _requests.ManageImage(c, NameOf(c), "SetLimit"), U),
        ]);

    /// <summary>
    /// Whether <paramref name="path"/> is an image object, like upstream's find callback: the rest of
    /// the path (slashes included) is decoded and looked up by name, so a child path that names no
    /// image is that error (e.g. <c>No image 'x' found.</c>, <c>Expected image name, not path in place
    /// of 'a/b'.</c>), and only <c>…/image/_</c> (the empty name) is no object at all.
    /// </summary>
    public bool Exists(string path)
    {
        _lookedUp = null;
        if (ObjectPaths.Decode(path, BusWire.ImagePrefix) is not { Length: > 0 } name)
        {
            return false;
        }

        _lookedUp = (path, _core.Manager.GetImage(name));
        return true;
    }

    /// <summary>Object paths of every image in the search path.</summary>
    public IEnumerable<string> Enumerate() =>
        _core.Manager.DiscoverImages().Select(i => BusWire.ImageObjectPath(i.Name));

    private static string NameOf(BusMethodCall call) => ObjectPaths.Decode(call.Path, BusWire.ImagePrefix) ?? string.Empty;

    private string PathOf(BusMethodCall call) => LookedUp(call.Path).Path;

    // What the lookup of this call found. sd-bus always looks up first; should it ever not have,
    // the image is looked up here, so the answer stays right.
    private PortableImage LookedUp(string path) =>
        _lookedUp is { } found && found.Path == path ? found.Image : _core.Manager.GetImage(ObjectPaths.Decode(path, BusWire.ImagePrefix) ?? string.Empty);

    // 252 published this method as "ReattacheWithExtensions" (a typo); since 254 that name is a
    // hidden alias. We introspect the spelling of the version we reproduce, hide the other, and
    // both work (docs/differences.md: upstream 252 has no correct name, and upstream's typo handler
    // mis-parses its arguments and always fails with ENXIO).
    private BusMethod[] ReattachWithExtensions(UpstreamBehavior behavior) =>
    [
        ReattachWithExtensions("ReattachWithExtensions", behavior.PublishesReattachTypo ? U | BusVTableFlags.Hidden : U),
        ReattachWithExtensions("ReattacheWithExtensions", behavior.PublishesReattachTypo ? U : U | BusVTableFlags.Hidden),
    ];

    private BusMethod ReattachWithExtensions(string name, BusVTableFlags flags) =>
        new(name, [new("as", "extensions"), new("as", "matches"), new("s", "profile"), new("s", "copy_mode"), new("t", "flags")],
            [new("a(sss)", "changes_removed"), new("a(sss)", "changes_updated")], c => _requests.Reattach(c, NameOf(c), withExtensions: true), flags);

    private BusProperty Property(string name, string signature, Action<PortableImage, MessageWriter> write) =>
        new(name, signature, (path, w) => write(LookedUp(path), w));
}
