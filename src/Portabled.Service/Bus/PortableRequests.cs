// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Portabled.Core.Attach;
using Portabled.Core.Images;
using Portabled.Core.Metadata;
using Portabled.Core.State;
using Portabled.Core.Versions;
using Portabled.Core;
using Portabled.SdBus;
using Portabled.Service.Hosting;

namespace Portabled.Service.Bus;

/// <summary>
/// The one code path behind each image operation, shared by the Manager's <c>XxxImage(image, …)</c>
/// and the Image object's <c>Xxx(…)</c>: read the remaining arguments, authorize, run Core on a
/// worker thread, write the reply. No business rule lives here.
/// </summary>
internal sealed class PortableRequests
{
    private readonly PortableManagerProvider _core;
    private readonly ILogger<PortableRequests> _logger;

    public PortableRequests(PortableManagerProvider core, ILogger<PortableRequests> logger)
    {
        _core = core;
        _logger = logger;
    }

    private PortableManager Core => _core.Manager;

    public void GetOSRelease(BusMethodCall call, string image)
    {
        AuthorizeInspect(call, image);
        call.ReplyFromWorker(() =>
        {
            IReadOnlyList<KeyValuePair<string, string>> release = Core.GetOSRelease(image);
            return w => BusWire.WriteStringDictionary(w, release);
        });
    }

    public void GetMetadata(BusMethodCall call, string image, bool withExtensions)
    {
        IReadOnlyList<string> extensions = withExtensions ? call.Arguments.StringArray() : [];
        IReadOnlyList<string> matches = call.Arguments.StringArray();
        ulong flags = withExtensions ? call.Arguments.UInt64() : 0;
        AuthorizeInspect(call, image);
        call.ReplyFromWorker(() =>
        {
            ImageMetadata m = Core.GetMetadata(image, extensions, matches, flags);
            return w =>
            {
                w.String(m.ImagePath).ByteArray(m.OsRelease);
                if (withExtensions)
                {
                    BusWire.WriteBlobs(w, m.Extensions.Select(e => (e.Key, e.ExtensionRelease)));
                }

                BusWire.WriteBlobs(w, m.Units.Select(u => (u.Name, u.Contents)));
            };
        });
    }

    public void GetState(BusMethodCall call, string image, bool withExtensions)
    {
        IReadOnlyList<string> extensions = withExtensions ? call.Arguments.StringArray() : [];
        ulong flags = withExtensions ? call.Arguments.UInt64() : 0;
        call.ReplyFromWorker(() =>
        {
            PortableState state = Core.GetState(image, extensions, flags);
            return w => w.String(PortableStates.ToWire(state));
        });
    }

    public void Attach(BusMethodCall call, string image, bool withExtensions)
    {
        (IReadOnlyList<string> extensions, IReadOnlyList<string> matches, string profile, string copyMode, ulong flags) = ReadAttachArguments(call, withExtensions);
        AuthorizeAlways(call);
        call.ReplyFromWorker(() =>
        {
            AttachResult attached = Core.Attach(image, extensions, matches, profile, copyMode, flags);
            LogAttached(attached.Image.Path, extensions, profile, flags);
            return w => BusWire.WriteChanges(w, attached);
        });
    }

    public void Detach(BusMethodCall call, string image, bool withExtensions)
    {
        IReadOnlyList<string> extensions = withExtensions ? call.Arguments.StringArray() : [];
        ulong flags = withExtensions ? call.Arguments.UInt64() : RuntimeFlag(call.Arguments.Boolean());
        AuthorizeAlways(call);
        call.ReplyFromWorker(() =>
        {
            IReadOnlyList<PortableChange> changes = Core.Detach(image, extensions, flags);
            if (Core.Behavior.LogsSuccessfulChanges)
            {
                using (_logger.BeginScope(JournalFields(image, extensions)))
                {
                    Log.SuccessfullyDetached(_logger, Ephemeral(flags), image, ExtensionsText(extensions));
                }
            }

            return w => BusWire.WriteChanges(w, changes);
        });
    }

    public void Reattach(BusMethodCall call, string image, bool withExtensions)
    {
        (IReadOnlyList<string> extensions, IReadOnlyList<string> matches, string profile, string copyMode, ulong flags) = ReadAttachArguments(call, withExtensions);
        AuthorizeAlways(call);
        call.ReplyFromWorker(() =>
        {
            (IReadOnlyList<PortableChange> removed, IReadOnlyList<PortableChange> updated) = Core.Reattach(image, extensions, matches, profile, copyMode, flags);
            return w =>
            {
                BusWire.WriteChanges(w, removed);
                BusWire.WriteChanges(w, updated);
            };
        });
    }

    /// <summary>
    /// Image management (RemoveImage, MarkImageReadOnly, SetImageLimit and the Image object's
    /// Remove, MarkReadOnly, SetLimit) is not built yet: the arguments are checked as upstream checks
    /// them (a limit's range, the image acquired, the host and vendor images EROFS), then the answer
    /// is NotSupported.
    /// </summary>
    public void ManageImage(BusMethodCall call, string image, string what)
    {
        if (what is "SetImageLimit" or "SetLimit")
        {
            PortableManager.ValidateLimit(call.Arguments.UInt64());
        }

        AuthorizeAlways(call);
        call.ReplyFromWorker(() =>
        {
            Core.AcquireManagedImage(image);
            throw NotImplemented(what);
        });
    }

    /// <summary>SetPoolLimit: checked as upstream's (range, then btrfs), then not built yet.</summary>
    public void SetPoolLimit(BusMethodCall call)
    {
        PortableManager.ValidateLimit(call.Arguments.UInt64());
        AuthorizeAlways(call);
        call.ReplyFromWorker(() =>
        {
            Core.PoolSupportsQuota();
            throw NotImplemented("SetPoolLimit");
        });
    }

    private static DBusException NotImplemented(string what) =>
        new("org.freedesktop.DBus.Error.NotSupported",
            $"{what} is not implemented by this portabled yet (image management: removing images, read-only marks and quota limits).");

    private void LogAttached(string imagePath, IReadOnlyList<string> extensions, string profile, ulong flags)
    {
        if (Core.Behavior.LogsSuccessfulChanges)
        {
            using (_logger.BeginScope(JournalFields(imagePath, extensions)))
            {
                Log.SuccessfullyAttached(_logger, Ephemeral(flags), imagePath, ExtensionsText(extensions),
                    profile.Length == 0 ? string.Empty : $" using profile '{profile}'");
            }
        }
    }

    // Upstream logs the same structured metadata it gives units through LogExtraFields=:
    // PORTABLE_ROOT= and one PORTABLE_EXTENSION= per extension, by file name.
    private static Dictionary<string, object> JournalFields(string imagePath, IReadOnlyList<string> extensions) => new()
    {
        ["PortableRoot"] = Path.GetFileName(imagePath.TrimEnd('/')),
        ["PortableExtension"] = extensions.Select(e => Path.GetFileName(e.TrimEnd('/'))).ToArray(),
    };

    private static string Ephemeral(ulong flags) => (flags & (ulong)PortableFlags.Runtime) != 0 ? " ephemeral" : string.Empty;

    private static string ExtensionsText(IReadOnlyList<string> extensions) =>
        extensions.Count == 0 ? string.Empty : $" and its extension(s) '{string.Join(", ", extensions)}'";

    // Attach and Reattach take (matches, profile, runtime, copy_mode), or with extensions
    // (extensions, matches, profile, copy_mode, flags); runtime becomes the RUNTIME flag.
    private static (IReadOnlyList<string> Extensions, IReadOnlyList<string> Matches, string Profile, string CopyMode, ulong Flags) ReadAttachArguments(
        BusMethodCall call, bool withExtensions)
    {
        IReadOnlyList<string> extensions = withExtensions ? call.Arguments.StringArray() : [];
        IReadOnlyList<string> matches = call.Arguments.StringArray();
        string profile = call.Arguments.String();
        ulong flags = withExtensions ? 0 : RuntimeFlag(call.Arguments.Boolean());
        string copyMode = call.Arguments.String();
        flags = withExtensions ? call.Arguments.UInt64() : flags;
        return (extensions, matches, profile, copyMode, flags);
    }

    private static ulong RuntimeFlag(bool runtime) => runtime ? (ulong)PortableFlags.Runtime : 0;

    // Upstream asks polkit for inspect-images only when the image is given by path (docs/portable1-api.md, "Authorization").
    private static void AuthorizeInspect(BusMethodCall call, string image)
    {
        if (!ImageNames.IsValid(image))
        {
            AuthorizeAlways(call);
        }
    }

    // Fail closed until polkit lands: only root may do what upstream guards with polkit.
    private static void AuthorizeAlways(BusMethodCall call)
    {
        if (call.GetCallerUid() != 0)
        {
            throw BusErrors.AccessDenied();
        }
    }
}
