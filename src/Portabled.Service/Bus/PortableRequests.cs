// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Portabled.Core.Attach;
using Portabled.Core.Images;
using Portabled.Core.Metadata;
using Portabled.Core.State;
using Portabled.Core.Versions;
using Portabled.Core;
using Portabled.SdBus;
using Portabled.Service.Authorization;
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
    private readonly CallAuthorizer _authorizer;
    private readonly ILogger<PortableRequests> _logger;

    public PortableRequests(PortableManagerProvider core, CallAuthorizer authorizer, ILogger<PortableRequests> logger)
    {
        _core = core;
        _authorizer = authorizer;
        _logger = logger;
    }

    private PortableManager Core => _core.Manager;

    public void GetOSRelease(BusMethodCall call, string image)
    {
        _authorizer.ReplyWhenAuthorized(call, InspectAction(image, []), () =>
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
        _authorizer.ReplyWhenAuthorized(call, InspectAction(image, extensions), () =>
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
        _authorizer.ReplyWhenAuthorized(call, PolkitActions.AttachImages, () =>
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
        _authorizer.ReplyWhenAuthorized(call, PolkitActions.AttachImages, () =>
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
        _authorizer.ReplyWhenAuthorized(call, PolkitActions.AttachImages, () =>
        {
            (IReadOnlyList<PortableChange> removed, IReadOnlyList<PortableChange> updated) = Core.Reattach(image, extensions, matches, profile, copyMode, flags);
            return w =>
            {
                BusWire.WriteChanges(w, removed);
                BusWire.WriteChanges(w, updated);
            };
        });
    }

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

    // Upstream asks for inspect-images only when the image is a path it will open (an absolute,
    // normalized one; anything else is refused unread). We also ask when any extension is given
    // by path: upstream reads those unchecked (docs/authorization.md).
    private static string? InspectAction(string image, IReadOnlyList<string> extensions) =>
        IsOpenedPath(image) || extensions.Any(e => !ImageNames.IsValid(e)) ? PolkitActions.InspectImages : null;

    private static bool IsOpenedPath(string image) => !ImageNames.IsValid(image) && image.StartsWith('/') && ImageNames.IsNormalizedPath(image);
}
