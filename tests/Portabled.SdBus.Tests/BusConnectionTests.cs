// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.SdBus.Tests;

/// <summary>A test service on a private system-type bus, called through busctl and through our own client calls.</summary>
public sealed class BusConnectionTests : IDisposable
{
    private const string Name = "org.example.PortabledTest";
    private const string Iface = "org.example.PortabledTest";
    private static readonly string[] s_items = ["a-b", "c"];

    private readonly PrivateBus _bus = new();
    private readonly ManualResetEventSlim _slowGate = new();
    private readonly SemaphoreSlim _slowStarted = new(0);
    private readonly BusConnection _server;
    private readonly BusConnection _client;

    public BusConnectionTests()
    {
        _server = BusConnection.Open(_bus.Address);
        _server.ExceptionMapper = e => e is FileNotFoundException ? DBusException.FromErrno(-2) : null;
        _server.AddObject("/org/example/PortabledTest", TestInterface());
        _server.AddFallback("/org/example/PortabledTest/item", ItemInterface(), path => ObjectPaths.Decode(path, "/org/example/PortabledTest/item") is { } id && s_items.Contains(id));
        _server.AddNodeEnumerator("/org/example/PortabledTest/item", () => s_items.Select(i => ObjectPaths.Encode("/org/example/PortabledTest/item", i)));
        _server.RequestName(Name);
        _server.Start();
        _client = BusConnection.Open(_bus.Address);
    }

    public void Dispose()
    {
        _slowGate.Set();
        _client.Dispose();
        _server.Dispose();
        _bus.Dispose();
        _slowGate.Dispose();
        _slowStarted.Dispose();
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Call_Echo_RoundTripsUtf8()
    {
        string reply = _client.Call(Name, "/org/example/PortabledTest", Iface, "Echo", w => w.String("grüße ✓"), r => r.String(), TimeSpan.FromSeconds(10));
        Assert.Equal("grüße ✓", reply);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Busctl_ArraysAndBytes_AreMarshalled()
    {
        ProcessResult r = _bus.Busctl("call", Name, "/org/example/PortabledTest", Iface, "Count", "asay", "3", "x", "y", "z", "2", "7", "9");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("a{say} 2 \"strings\" 1 3 \"bytes\" 2 7 9\n", r.StandardOutput);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Handler_DBusException_BecomesNamedError()
    {
        var e = Assert.Throws<DBusException>(() => _client.Call(Name, "/org/example/PortabledTest", Iface, "Fail", null, _ => 0, TimeSpan.FromSeconds(10)));
        Assert.Equal("org.example.PortabledTest.Error.NoSuchThing", e.ErrorName);
        Assert.Equal("No thing 'x' found.", e.Message);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Handler_UnexpectedException_BecomesFailedAndServiceSurvives()
    {
        var e = Assert.Throws<DBusException>(() => _client.Call(Name, "/org/example/PortabledTest", Iface, "Crash", null, _ => 0, TimeSpan.FromSeconds(10)));
        Assert.Equal("org.freedesktop.DBus.Error.Failed", e.ErrorName);
        Assert.Equal("ok", _client.Call(Name, "/org/example/PortabledTest", Iface, "Echo", w => w.String("ok"), r => r.String(), TimeSpan.FromSeconds(10)));
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Handler_MappedException_UsesErrnoName()
    {
        var e = Assert.Throws<DBusException>(() => _client.Call(Name, "/org/example/PortabledTest", Iface, "Missing", null, _ => 0, TimeSpan.FromSeconds(10)));
        Assert.Equal("org.freedesktop.DBus.Error.FileNotFound", e.ErrorName);
        Assert.Equal("No such file or directory", e.Message);
    }

    // Eight slow calls are held inside their handlers by a gate that opens only after a fast call was
    // answered: if handlers ran on the bus thread, the first one would block it, the other seven would
    // never start and the fast call would time out. No timing decides the outcome; the timeouts only
    // bound a failing run.
    [RequiresFact("dbus-daemon", "busctl")]
    public void Deferred_ManyConcurrentCalls_AllAnsweredWhileBusStaysResponsive()
    {
        const int SlowCalls = 8;
        Task<string>[] slow;
        try
        {
            slow = Enumerable.Range(0, SlowCalls).Select(i => Task.Factory.StartNew(() =>
            {
                using BusConnection c = BusConnection.Open(_bus.Address);
                return c.Call(Name, "/org/example/PortabledTest", Iface, "Slow", w => w.String("s" + i), r => r.String(), TimeSpan.FromSeconds(60));
            }, TaskCreationOptions.LongRunning)).ToArray();
            for (int i = 0; i < SlowCalls; i++)
            {
                Assert.True(_slowStarted.Wait(TimeSpan.FromSeconds(30)), $"only {i} of {SlowCalls} slow handlers started: the bus thread is blocked");
            }

            Assert.Equal("fast", _client.Call(Name, "/org/example/PortabledTest", Iface, "Echo", w => w.String("fast"), r => r.String(), TimeSpan.FromSeconds(10)));
            Assert.All(slow, t => Assert.False(t.IsCompleted));
        }
        finally
        {
            _slowGate.Set();
        }

        Assert.True(Task.WaitAll(slow, TimeSpan.FromSeconds(60)));
        Assert.Equal(Enumerable.Range(0, SlowCalls).Select(i => "s" + i), slow.Select(t => t.Result));
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Introspection_HasArgumentNamesAndFlags()
    {
        ProcessResult r = _bus.Busctl("--xml-interface", "introspect", Name, "/org/example/PortabledTest");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("<arg type=\"s\" name=\"text\" direction=\"in\"/>", r.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("<arg type=\"s\" name=\"echo\" direction=\"out\"/>", r.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("<annotation name=\"org.freedesktop.DBus.Property.EmitsChangedSignal\" value=\"false\"/>", r.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("<node name=\"item\"/>", r.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Privileged", r.StandardOutput.Split("name=\"Echo\"")[1].Split("</method>")[0], StringComparison.Ordinal);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Fallback_EnumeratedAndFoundObjects_Work()
    {
        ProcessResult tree = _bus.Busctl("tree", Name);
        Assert.Contains("/org/example/PortabledTest/item/a_2db", tree.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("/org/example/PortabledTest/item/c", tree.StandardOutput, StringComparison.Ordinal);
        ProcessResult prop = _bus.Busctl("get-property", Name, "/org/example/PortabledTest/item/a_2db", Iface + ".Item", "Id");
        Assert.Equal("s \"a-b\"\n", prop.StandardOutput);
        ProcessResult missing = _bus.Busctl("get-property", Name, "/org/example/PortabledTest/item/zz", Iface + ".Item", "Id");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Unknown object '/org/example/PortabledTest/item/zz'.", missing.StandardError, StringComparison.Ordinal);
    }

    [RequiresFact("dbus-daemon", "busctl", "setpriv", "root")]
    public void Privilege_MethodWithoutUnprivilegedFlag_RefusedForNobody()
    {
        ProcessResult r = ProcessRunner.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "busctl", "--address=" + _bus.Address,
            "call", Name, "/org/example/PortabledTest", Iface, "Privileged"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Access denied", r.StandardError, StringComparison.Ordinal);
        ProcessResult whoami = ProcessRunner.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "busctl", "--address=" + _bus.Address,
            "call", Name, "/org/example/PortabledTest", Iface, "WhoAmI"]);
        Assert.Equal("u 65534\n", whoami.StandardOutput);
    }

    private BusInterface TestInterface()
    {
        const BusVTableFlags U = BusVTableFlags.Unprivileged;
        return new BusInterface(Iface,
            [new BusProperty("Version", "s", (_, w) => w.String("1.0"))],
            [
                new BusMethod("Echo", [new("s", "text")], [new("s", "echo")], c => { string s = c.Arguments.String(); c.Reply(w => w.String(s)); }, U),
                new BusMethod("Count", [new("as", "strings"), new("ay", "bytes")], [new("a{say}", "counts")], c =>
                {
                    IReadOnlyList<string> strings = c.Arguments.StringArray();
                    byte[] bytes = c.Arguments.ByteArray();
                    c.Reply(w =>
                    {
                        w.BeginArray("{say}");
                        w.BeginDictEntry("say").String("strings").ByteArray([(byte)strings.Count]).End();
                        w.BeginDictEntry("say").String("bytes").ByteArray(bytes).End();
                        w.End();
                    });
                }, U),
                new BusMethod("Fail", [], [], _ => throw new DBusException("org.example.PortabledTest.Error.NoSuchThing", "No thing 'x' found."), U),
                new BusMethod("Crash", [], [], _ => throw new InvalidOperationException("boom"), U),
                new BusMethod("Missing", [], [], _ => throw new FileNotFoundException("gone"), U),
                new BusMethod("Slow", [new("s", "text")], [new("s", "echo")], c =>
                {
                    string s = c.Arguments.String();
                    c.ReplyFromWorker(() =>
                    {
                        _slowStarted.Release();
                        _slowGate.Wait();
                        return w => w.String(s);
                    });
                }, U),
                new BusMethod("WhoAmI", [], [new("u", "uid")], c => { uint uid = c.GetCallerUid(); c.Reply(w => w.UInt32(uid)); }, U),
                new BusMethod("Privileged", [], [], c => c.Reply()),
            ]);
    }

    private static BusInterface ItemInterface() =>
        new(Iface + ".Item",
            [new BusProperty("Id", "s", (path, w) => w.String(ObjectPaths.Decode(path, "/org/example/PortabledTest/item")!))],
            []);
}
