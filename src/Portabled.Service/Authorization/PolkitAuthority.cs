// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus;

namespace Portabled.Service.Authorization;

/// <summary>
/// The client side of <c>org.freedesktop.PolicyKit1.Authority.CheckAuthorization</c> as upstream's
/// bus-polkit sends it (docs/authorization.md): subject <c>system-bus-name</c> with the caller's
/// unique name, the action id, no details, flags 1 (AllowUserInteraction) when interactive, no
/// cancellation id; the reply is <c>(bba{ss})</c> = (is_authorized, is_challenge, details).
/// </summary>
internal static class PolkitAuthority
{
    public const string BusName = "org.freedesktop.PolicyKit1";
    public const string ObjectPath = "/org/freedesktop/PolicyKit1/Authority";
    public const string InterfaceName = "org.freedesktop.PolicyKit1.Authority";
    private const uint AllowUserInteraction = 1;

    /// <summary>Asks polkit on the bus thread of <paramref name="bus"/>; <paramref name="done"/> runs there with the answer.</summary>
    public static void CheckAuthorization(BusConnection bus, string sender, string action, bool interactive, Action<PolkitAnswer> done) =>
        bus.CallAsync(BusName, ObjectPath, InterfaceName, "CheckAuthorization",
            w =>
            {
                w.BeginStruct("sa{sv}").String("system-bus-name");
                w.BeginArray("{sv}").BeginDictEntry("sv").String("name").BeginVariant("s").String(sender).End().End().End();
                w.End();
                w.String(action);
                w.BeginArray("{ss}").End();
                w.UInt32(interactive ? AllowUserInteraction : 0).String(string.Empty);
            },
            (reply, error) => done(error is null ? Read(reply!) : new PolkitAnswer(false, false, error)));

    // A reply of another shape fails like upstream's: the errno of the failed read (ENXIO, EBADMSG).
    private static PolkitAnswer Read(MessageReader reply)
    {
        try
        {
            return ReadAnswer(reply);
        }
        catch (DBusException e)
        {
            return new PolkitAnswer(false, false, e);
        }
    }

    private static PolkitAnswer ReadAnswer(MessageReader reply)
    {
        if (!reply.Enter('r', "bba{ss}"))
        {
            throw DBusException.FromErrno(6);
        }

        bool authorized = reply.Boolean();
        bool challenge = reply.Boolean();
        return new PolkitAnswer(authorized, challenge, null);
    }
}
