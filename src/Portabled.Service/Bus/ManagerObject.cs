// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;
using Portabled.Core;
using Portabled.SdBus;
using Portabled.Service.Hosting;

namespace Portabled.Service.Bus;

/// <summary>
/// <c>/org/freedesktop/portable1</c>, interface <c>org.freedesktop.portable1.Manager</c>: the member
/// table mirrors upstream's vtable (order, argument names, flags: every method UNPRIVILEGED,
/// properties without change signals).
/// </summary>
internal sealed class ManagerObject
{
    public const string Path = "/org/freedesktop/portable1";
    public const string InterfaceName = "org.freedesktop.portable1.Manager";
    private const BusVTableFlags U = BusVTableFlags.Unprivileged;

    private readonly PortableManagerProvider _core;
    private readonly PortableRequests _requests;
    private readonly ManagementRequests _management;

    public ManagerObject(PortableManagerProvider core, PortableRequests requests, ManagementRequests management)
    {
        _core = core;
        _requests = requests;
        _management = management;
    }

    public BusInterface Interface => new(InterfaceName,
        [
            new BusProperty("PoolPath", "s", (_, w) => w.String(_core.Manager.PoolPath)),
            new BusProperty("PoolUsage", "t", (_, w) => w.UInt64(_core.Manager.PoolUsage)),
            new BusProperty("PoolLimit", "t", (_, w) => w.UInt64(_core.Manager.PoolLimit)),
            new BusProperty("Profiles", "as", (_, w) => w.StringArray(_core.Manager.GetProfiles())),
        ],
        [
            new BusMethod("GetImage", [new("s", "image")], [new("o", "object")], GetImage, U),
            new BusMethod("ListImages", [], [new("a(ssbtttso)", "images")], ListImages, U),
            new BusMethod("GetImageOSRelease", [new("s", "image")], [new("a{ss}", "os_release")],
                c => _requests.GetOSRelease(c, c.Arguments.String()), U),
            new BusMethod("GetImageMetadata", [new("s", "image"), new("as", "matches")],
                [new("s", "image"), new("ay", "os_release"), new("a{say}", "units")],
                c => _requests.GetMetadata(c, c.Arguments.String(), withExtensions: false), U),
            new BusMethod("GetImageMetadataWithExtensions", [new("s", "image"), new("as", "extensions"), new("as", "matches"), new("t", "flags")],
                [new("s", "image"), new("ay", "os_release"), new("a{say}", "extensions"), new("a{say}", "units")],
                c => _requests.GetMetadata(c, c.Arguments.String(), withExtensions: true), U),
            new BusMethod("GetImageState", [new("s", "image")], [new("s", "state")],
                c => _requests.GetState(c, c.Arguments.String(), withExtensions: false), U),
            new BusMethod("GetImageStateWithExtensions", [new("s", "image"), new("as", "extensions"), new("t", "flags")], [new("s", "state")],
                c => _requests.GetState(c, c.Arguments.String(), withExtensions: true), U),
            new BusMethod("AttachImage", [new("s", "image"), new("as", "matches"), new("s", "profile"), new("b", "runtime"), new("s", "copy_mode")],
                [new("a(sss)", "changes")], c => _requests.Attach(c, c.Arguments.String(), withExtensions: false), U),
            new BusMethod("AttachImageWithExtensions",
                [new("s", "image"), new("as", "extensions"), new("as", "matches"), new("s", "profile"), new("s", "copy_mode"), new("t", "flags")],
                [new("a(sss)", "changes")], c => _requests.Attach(c, c.Arguments.String(), withExtensions: true), U),
            new BusMethod("DetachImage", [new("s", "image"), new("b", "runtime")], [new("a(sss)", "changes")],
                c => _requests.Detach(c, c.Arguments.String(), withExtensions: false), U),
            new BusMethod("DetachImageWithExtensions", [new("s", "image"), new("as", "extensions"), new("t", "flags")], [new("a(sss)", "changes")],
                c => _requests.Detach(c, c.Arguments.String(), withExtensions: true), U),
            new BusMethod("ReattachImage", [new("s", "image"), new("as", "matches"), new("s", "profile"), new("b", "runtime"), new("s", "copy_mode")],
                [new("a(sss)", "changes_removed"), new("a(sss)", "changes_updated")],
                c => _requests.Reattach(c, c.Arguments.String(), withExtensions: false), U),
            new BusMethod("ReattachImageWithExtensions",
                [new("s", "image"), new("as", "extensions"), new("as", "matches"), new("s", "profile"), new("s", "copy_mode"), new("t", "flags")],
                [new("a(sss)", "changes_removed"), new("a(sss)", "changes_updated")],
                c => _requests.Reattach(c, c.Arguments.String(), withExtensions: true), U),
            new BusMethod("RemoveImage", [new("s", "image")], [], c => _management.Remove(c, c.Arguments.String()), U),
            new BusMethod("MarkImageReadOnly", [new("s", "image"), new("b", "read_only")], [], c => _management.MarkReadOnly(c, c.Arguments.String()), U),
            new BusMethod("SetImageLimit", [new("s", "image"), new("t", "limit")], [], c => _management.SetLimit(c, c.Arguments.String()), U),
            new BusMethod("SetPoolLimit", [new("t", "limit")], [], _management.SetPoolLimit, U),
        ]);

    private void GetImage(BusMethodCall call)
    {
        string name = call.Arguments.String();
        call.ReplyFromWorker(() =>
        {
            PortableImage image = _core.Manager.GetImage(name);
            return w => w.ObjectPath(BusWire.ImageObjectPath(image.Name));
        });
    }

    // On the bus thread, as upstream answers it: listing reads directory entries and the attached
    // units, no image is opened, and the call that activated the daemon (portablectl list) does not
    // wait for a pool thread to start.
    private void ListImages(BusMethodCall call)
    {
        IReadOnlyList<ImageListEntry> images = _core.Manager.ListImages();
        call.Reply(w =>
        {
            w.BeginArray("(ssbtttso)");
            foreach (ImageListEntry e in images)
            {
                BusWire.WriteListEntry(w, e);
            }

            w.End();
        });
    }
}
