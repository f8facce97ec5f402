// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.SdBus.Tests;

/// <summary>
/// A service whose handler asks another peer before answering (BusConnection.CallAsync from the bus
/// thread, DeferredReply.CompleteFromWorker): the slow peer does not stall the service, errors of the
/// peer arrive as errors, and the outstanding call counts as pending.
/// </summary>
public sealed class BusConnectionAsyncTests : IDisposable
{
    private const string Relay = "org.example.PortabledRelay";
    private const string Peer = "org.example.PortabledPeer";

    private readonly PrivateBus _bus = new();
    private readonly BusConnection _relay;
    private readonly BusConnection _peer;
    private readonly BusConnection _client;
    private readonly ManualResetEventSlim _release = new();
    private int _pendingSeen;

    public BusConnectionAsyncTests()
    {
        _peer = BusConnection.Open(_bus.Address);
        _peer.AddObject("/peer", new BusInterface(Peer, [],
        [
            new BusMethod("Upper", [new("s", "text")], [new("s", "upper")], c =>
            {
                string s = c.Arguments.String();
                c.ReplyFromWorker(() => { _release.Wait(TimeSpan.FromSeconds(20)); return w => w.String(s.ToUpperInvariant()); });
            }, BusVTableFlags.Unprivileged),
        ]));
        _peer.RequestName(Peer);
        _peer.Start();

        _relay = BusConnection.Open(_bus.Address);
        _relay.AddObject("/relay", new BusInterface(Relay, [],
        [
            new BusMethod("Forward", [new("s", "destination"), new("s", "text")], [new("s", "answer")], Forward, BusVTableFlags.Unprivileged),
            new BusMethod("Pending", [], [new("u", "count")], c => c.Reply(w => w.UInt32((uint)_relay!.PendingOperations)), BusVTableFlags.Unprivileged),
        ]));
        _relay.RequestName(Relay);
        _relay.Start();
        _client = BusConnection.Open(_bus.Address);
    }

    public void Dispose()
    {
        _release.Set();
        _client.Dispose();
        _relay.Dispose();
        _peer.Dispose();
        _bus.Dispose();
        _release.Dispose();
    }

    [RequiresFact("dbus-daemon")]
    public void CallAsync_SlowPeer_RelayKeepsServingAndAnswersWhenThePeerDoes()
    {
        Task<string> forwarded = Task.Run(() => _client.Call(Relay, "/relay", Relay, "Forward", w => w.String(Peer).String("abc"), r => r.String(), TimeSpan.FromSeconds(30)));
        WaitUntil(() => Volatile.Read(ref _pendingSeen) > 0);

        using BusConnection other = BusConnection.Open(_bus.Address);
        int pending = other.Call(Relay, "/relay", Relay, "Pending", null, r => (int)r.UInt32(), TimeSpan.FromSeconds(10));
        Assert.False(forwarded.IsCompleted);
        Assert.Equal(1, pending);

        _release.Set();
        Assert.Equal("ABC", forwarded.Result);
        WaitUntil(() => _relay.PendingOperations == 0);
    }

    [RequiresFact("dbus-daemon")]
    public void CallAsync_NoSuchPeer_HandlerGetsTheBusError()
    {
        var e = Assert.Throws<DBusException>(() =>
            _client.Call(Relay, "/relay", Relay, "Forward", w => w.String("org.example.Nobody").String("x"), r => r.String(), TimeSpan.FromSeconds(30)));

        Assert.Equal("org.freedesktop.DBus.Error.ServiceUnknown", e.ErrorName);
    }

    // Runs on the relay's bus thread: asks the peer, answers from the reply handler.
    private void Forward(BusMethodCall call)
    {
        string destination = call.Arguments.String();
        string text = call.Arguments.String();
        DeferredReply reply = call.Defer();
        call.Connection.CallAsync(destination, "/peer", Peer, "Upper", w => w.String(text), (answer, error) =>
        {
            if (error is not null)
            {
                reply.Fail(error);
                return;
            }

            string upper = answer!.String();
            reply.CompleteFromWorker(() => w => w.String(upper));
        });
        Interlocked.Increment(ref _pendingSeen);
    }

    private static void WaitUntil(Func<bool> condition)
    {
        DateTime end = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < end, "condition not met in time");
            Thread.Sleep(20);
        }
    }
}
