// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core;
using Portabled.SdBus;
using Portabled.Service.Authorization;
using Portabled.Service.Hosting;

namespace Portabled.Service.Bus;

/// <summary>
/// The code path behind image management, shared by the Manager's <c>RemoveImage(image)</c>,
/// <c>MarkImageReadOnly(image, b)</c>, <c>SetImageLimit(image, t)</c>, <c>SetPoolLimit(t)</c> and the
/// Image object's <c>Remove()</c>, <c>MarkReadOnly(b)</c>, <c>SetLimit(t)</c>, in upstream's order:
/// read the arguments (and refuse a limit out of range), authorize <c>manage-images</c>, run Core on a
/// worker, reply (empty). A removal answers when it is done.
/// </summary>
internal sealed class ManagementRequests
{
    private readonly PortableManagerProvider _core;
    private readonly CallAuthorizer _authorizer;

    public ManagementRequests(PortableManagerProvider core, CallAuthorizer authorizer)
    {
        _core = core;
        _authorizer = authorizer;
    }

    private PortableManager Core => _core.Manager;

    public void Remove(BusMethodCall call, string image)
    {
        if (Core.OngoingOperations >= PortableManager.MaxOngoingOperations)
        {
            throw new PortableException(PortableErrorNames.LimitsExceeded, "Too many ongoing operations.");
        }

        Authorized(call, () => Core.RemoveImage(image));
    }

    public void MarkReadOnly(BusMethodCall call, string image)
    {
        bool readOnly = call.Arguments.Boolean();
        Authorized(call, () => Core.MarkImageReadOnly(image, readOnly));
    }

    public void SetLimit(BusMethodCall call, string image)
    {
        ulong limit = ReadLimit(call);
        Authorized(call, () => Core.SetImageLimit(image, limit));
    }

    public void SetPoolLimit(BusMethodCall call)
    {
        ulong limit = ReadLimit(call);
        Authorized(call, () => Core.SetPoolLimit(limit));
    }

    private static ulong ReadLimit(BusMethodCall call)
    {
        ulong limit = call.Arguments.UInt64();
        PortableManager.ValidateLimit(limit);
        return limit;
    }

    private void Authorized(BusMethodCall call, Action work) =>
        _authorizer.ReplyWhenAuthorized(call, PolkitActions.ManageImages, () =>
        {
            work();
            return null;
        });
}
