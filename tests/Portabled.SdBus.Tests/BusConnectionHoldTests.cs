// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.SdBus.Tests;

/// <summary>
/// Taking the name before the objects are registered (<see cref="BusConnection.HoldCalls"/>,
/// <see cref="BusConnection.RequestNameAsync"/>): a call that comes in between is answered once they
/// are, not refused.
/// </summary>
public sealed class BusConnectionHoldTests : IDisposable
{
    private const string Name = "org.example.HoldTest";
    private const string Iface = "org.example.Hold";

    private readonly PrivateBus _bus = new();

    public void Dispose() => _bus.Dispose();

    [RequiresFact("dbus-daemon", "busctl")]
    public void CallBeforeRegistration_IsHeld_ThenAnswered()
    {
        using BusConnection server = BusConnection.Connect(_bus.Address);
        var named = new TaskCompletionSource<DBusException?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var callSent = new ManualResetEventSlim();
        server.Start(() =>
        {
            using (server.HoldCalls())
            {
                server.RequestNameAsync(Name, e => named.TrySetResult(e));
                // Round trips to the bus driver keep the connection processed: the name's answer, then
                // the client's call, arrive meanwhile.
                while (!named.Task.IsCompleted || !callSent.IsSet)
                {
                    server.SendBeforeServing("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId", null, r => r.String(), TimeSpan.FromSeconds(10))();
                }

                for (int i = 0; i < 20; i++)
                {
                    server.SendBeforeServing("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId", null, r => r.String(), TimeSpan.FromSeconds(10))();
                }

                server.AddObject("/org/example/Hold", new BusInterface(Iface, [],
                    [new BusMethod("Echo", [new("s", "text")], [new("s", "text")], c => c.Reply(w => w.String(c.Arguments.String())))]));
            }
        });

        Assert.True(named.Task.Wait(TimeSpan.FromSeconds(10)));
        Assert.Null(named.Task.Result);
        using BusConnection client = BusConnection.Open(_bus.Address);
        client.Start();
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Post(() =>
        {
            client.CallAsync(Name, "/org/example/Hold", Iface, "Echo", w => w.String("held"), (r, e) =>
            {
                if (e is null)
                {
                    answer.TrySetResult(r!.String());
                }
                else
                {
                    answer.TrySetException(e);
                }
            }, TimeSpan.FromSeconds(10));
            callSent.Set();
        });

        Assert.True(answer.Task.Wait(TimeSpan.FromSeconds(20)));
        Assert.Equal("held", answer.Task.Result);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void RequestNameAsync_Taken_AnswersFileExists()
    {
        using BusConnection owner = BusConnection.Open(_bus.Address);
        owner.RequestName(Name);
        using BusConnection second = BusConnection.Connect(_bus.Address);
        var answered = new TaskCompletionSource<DBusException?>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.Start(() => second.RequestNameAsync(Name, e => answered.TrySetResult(e)));

        Assert.True(answered.Task.Wait(TimeSpan.FromSeconds(10)));
        DBusException refused = Assert.IsType<DBusException>(answered.Task.Result);
        Assert.Equal("org.freedesktop.DBus.Error.FileExists", refused.ErrorName);
        Assert.Equal("File exists", refused.Message);
    }
}
