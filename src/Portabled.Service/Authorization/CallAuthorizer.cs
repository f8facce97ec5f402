// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Versions;
using Portabled.SdBus;
using Portabled.Service.Bus;
using Portabled.Service.Hosting;

namespace Portabled.Service.Authorization;

/// <summary>
/// Decides whether a method call may do what a polkit action guards, the way upstream's
/// bus_verify_polkit_async() does (docs/authorization.md): a privileged caller is allowed at once (252:
/// holding CAP_SYS_ADMIN; 262: our uid, or root when we are not root); anyone else waits for
/// polkit's answer while the bus keeps serving. Denied, or polkit absent, is <c>AccessDenied</c>; a
/// challenge is <c>InteractiveAuthorizationRequired</c>; any other polkit failure is passed on as it
/// came. Concurrent calls of one sender for one action share one query and its answer. Everything here
/// runs on the bus thread.
/// </summary>
internal sealed class CallAuthorizer
{
    private const int EBADMSG = 74;

    private readonly PortableManagerProvider _core;
    private readonly Dictionary<QueryKey, List<Action<PolkitAnswer>>> _pending = [];

    public CallAuthorizer(PortableManagerProvider core)
    {
        _core = core;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a worker and replies with its result once <paramref name="action"/>
    /// is authorized (no action: at once); otherwise replies with the refusal. Call from the handler.
    /// </summary>
    public void ReplyWhenAuthorized(BusMethodCall call, string? action, Func<Action<MessageWriter>?> work)
    {
        if (action is null || IsPrivileged(call))
        {
            call.ReplyFromWorker(work);
            return;
        }

        string sender = call.Sender ?? throw DBusException.FromErrno(EBADMSG);
        DeferredReply reply = call.Defer();
        Ask(call.Connection, new QueryKey(sender, action, call.AllowInteractiveAuthorization), answer =>
        {
            if (ToRefusal(answer, _core.Manager.Behavior) is { } refusal)
            {
                reply.Fail(refusal);
            }
            else
            {
                reply.CompleteFromWorker(work);
            }
        });
    }

    /// <summary>The error a call gets for <paramref name="answer"/>, null when it is authorized.</summary>
    public static DBusException? ToRefusal(PolkitAnswer answer, UpstreamBehavior behavior) => answer switch
    {
        { Authorized: true } => null,
        { Error: { } e } when IsUnknownService(e) => BusErrors.AccessDenied(),
        { Error: { } e } => e,
        { Challenge: true } => new DBusException("org.freedesktop.DBus.Error.InteractiveAuthorizationRequired", behavior.PolkitChallengeMessage),
        _ => BusErrors.AccessDenied(),
    };

    private bool IsPrivileged(BusMethodCall call)
    {
        UpstreamBehavior behavior = _core.Manager.Behavior;
        return call.QuerySenderPrivilege(behavior.PolkitBypassCapability ?? -1);
    }

    private void Ask(BusConnection bus, QueryKey key, Action<PolkitAnswer> onAnswer)
    {
        if (_pending.TryGetValue(key, out List<Action<PolkitAnswer>>? waiting))
        {
            waiting.Add(onAnswer);
            return;
        }

        _pending.Add(key, [onAnswer]);
        try
        {
            PolkitAuthority.CheckAuthorization(bus, key.Sender, key.Action, key.Interactive, answer =>
            {
                _pending.Remove(key, out List<Action<PolkitAnswer>>? all);
                foreach (Action<PolkitAnswer> a in all ?? [])
                {
                    a(answer);
                }
            });
        }
        catch (DBusException e)
        {
            _pending.Remove(key);
            onAnswer(new PolkitAnswer(false, false, e));
        }
    }

    // What upstream counts as "no polkit here" (bus_error_is_unknown_service()).
    private static bool IsUnknownService(DBusException e) => e.ErrorName is
        "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner" or "org.freedesktop.systemd1.NoSuchUnit";

    private readonly record struct QueryKey(string Sender, string Action, bool Interactive);
}
