// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.SdBus.Tests;

/// <summary>
/// A daemon's start-up on a private bus: a connection made with <see cref="BusConnection.Connect"/>
/// (the bus still accepting it), a bus-thread prologue that calls a peer before anything is served,
/// tables prepared on another thread, and the name taken last.
/// </summary>
public sealed class BusConnectionPrologueTests : IDisposable
{
    private const string PeerName = "org.example.ProloguePeer";
    private const string ServedName = "org.example.PrologueServed";
    private const string Iface = "org.example.Prologue";

    private readonly PrivateBus _bus = new();
    private readonly BusConnection _peer;
    private int _peerCalls;

    public BusConnectionPrologueTests()
    {
        _peer = BusConnection.Open(_bus.Address);
        _peer.AddObject("/org/example/Peer", new BusInterface(Iface, [],
        [
            new BusMethod("Version", [], [new("s", "version")], call =>
            {
                Interlocked.Increment(ref _peerCalls);
                call.Reply(w => w.String("262.1"));
            }),
            new BusMethod("Refuse", [], [], _ => throw new DBusException("org.example.Error.Refused", "Not today.")),
        ]));
        _peer.RequestName(PeerName);
        _peer.Start();
    }

    public void Dispose()
    {
        _peer.Dispose();
        _bus.Dispose();
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Prologue_CallsPeer_ThenServesPreparedTable_UnderNameTakenLast()
    {
        using BusConnection server = BusConnection.Connect(_bus.Address);
        var table = new BusInterface(Iface, [], [new BusMethod("Echo", [new("s", "text")], [new("s", "text")], c => c.Reply(w => w.String(c.Arguments.String())))]);
        var prepared = new Thread(table.Prepare);
        prepared.Start();
        prepared.Join();
        string? asked = null;
        var named = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Start(() =>
        {
            asked = server.CallFromAnyThread(PeerName, "/org/example/Peer", Iface, "Version", null, r => r.String(), TimeSpan.FromSeconds(10));
            server.AddObject("/org/example/Served", table);
            server.AddObject("/org/example/Served/again", table);
            server.RequestName(ServedName);
            named.SetResult();
        });

        Assert.True(named.Task.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal("262.1", asked);
        Assert.Equal(1, Volatile.Read(ref _peerCalls));
        using BusConnection client = BusConnection.Open(_bus.Address);
        foreach (string path in (string[])["/org/example/Served", "/org/example/Served/again"])
        {
            Assert.Equal("grüße", client.Call(ServedName, path, Iface, "Echo", w => w.String("grüße"), r => r.String(), TimeSpan.FromSeconds(10)));
        }

        ProcessResult introspected = _bus.Busctl("introspect", "--xml-interface", ServedName, "/org/example/Served");
        Assert.Contains("<method name=\"Echo\">", introspected.StandardOutput, StringComparison.Ordinal);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Prologue_PeerError_ReachesTheCaller_AndTheLoopStillServes()
    {
        using BusConnection server = BusConnection.Connect(_bus.Address);
        DBusException? refused = null;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Start(() =>
        {
            refused = Assert.Throws<DBusException>(() =>
                server.CallFromAnyThread(PeerName, "/org/example/Peer", Iface, "Refuse", null, _ => 0, TimeSpan.FromSeconds(10)));
            done.SetResult();
        });

        Assert.True(done.Task.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal("org.example.Error.Refused", refused!.ErrorName);
        Assert.Equal("Not today.", refused.Message);
        // Once serving, a call from the bus thread is an ordinary one again; from here, handed over.
        Assert.Equal("262.1", server.CallFromAnyThread(PeerName, "/org/example/Peer", Iface, "Version", null, r => r.String(), TimeSpan.FromSeconds(10)));
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Prologue_Throwing_EndsTheThread_WithoutServing()
    {
        using BusConnection server = BusConnection.Connect(_bus.Address);
        server.Start(() => throw new InvalidOperationException("start-up failed"));

        var e = Assert.Throws<AggregateException>(() => server.Stopped.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal("start-up failed", Assert.IsType<InvalidOperationException>(e.InnerException).Message);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Prologue_Stopping_EndsTheThread_Cleanly()
    {
        using BusConnection server = BusConnection.Connect(_bus.Address);
        server.Start(server.Stop);

        Assert.True(server.Stopped.Wait(TimeSpan.FromSeconds(10)));
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Connect_RefusedAddress_FailsAtOnce()
    {
        using var dir = new TempDirectory("portabled-no-bus");
        var e = Assert.Throws<DBusException>(() => BusConnection.Connect("unix:path=" + dir["no-such-socket"]));
        Assert.Equal("org.freedesktop.DBus.Error.FileNotFound", e.ErrorName);
    }
}
